//! The learned attribution model: three averaged-perceptron taggers over the quote
//! stage's tokens, trained on PolNeAR train (`newsgraph train quotes`, weights in
//! `data/models/quotes.bin`).
//!
//! 1. **cue**: B/I/O over the tokens of a segment — which words report (`said`,
//!    `according to`, `called for`, `is supported by`, `:` after a speaker label).
//! 2. **content**: for one cue, B/I/O over the tokens of its segment — the reported
//!    words, by their side of and distance to the cue, the words around them and the
//!    punctuation between.
//! 3. **source**: the same for the source noun phrase.
//!
//! Every feature is a 64-bit hash of a template id and its values; decoding is greedy
//! left to right with the previous tag as a feature. The rule frames ([`super::frame`])
//! stay in charge of quoted speech; this model finds the long tail of indirect
//! attributions no lexicon lists.

use std::io::{Read, Write};

mod fast;

use super::frame::Ctx;
use super::lexicon::{FormId, Lexicon};
use super::tok::{Kind, Tok};
use crate::ner::features::{hash_str, mix, normalise};
use crate::pos::Pos;

/// Tags: outside, begin, inside.
pub(crate) const O: u8 = 0;
/// Begin tag.
pub(crate) const B: u8 = 1;
/// Inside tag.
pub(crate) const I: u8 = 2;
/// Number of tags.
pub(crate) const NT: usize = 3;

/// Widest stretch of tokens looked at on each side of a cue.
pub(crate) const WINDOW: usize = 60;

const MAGIC: &[u8; 5] = b"NGQTE";
const FORMAT: u8 = 3;
/// Bump when feature templates change: old weight files are then refused.
pub(crate) const FEATURE_VERSION: u32 = 5;

/// One tagger's weights at run time. Tags are in (`I`) or out (`O`), so a feature
/// needs one number only: its weight for `I` minus its weight for `O`. Open addressing
/// (linear probing) over 4-byte slots — 16 bits of the key as a fingerprint and the
/// weight quantised to 16 bits — so the tables stay small enough for the cache (the
/// taggers' cost is memory latency). A 16-bit fingerprint lets about one look-up of an
/// unknown feature in 40,000 pick up a stray weight: noise far below the model's.
#[derive(Default, Clone)]
pub(crate) struct Head {
    slots: Vec<(u16, i16)>,
    scale: f32,
    len: usize,
}

#[inline]
fn fingerprint(key: u64) -> u16 {
    ((key >> 48) as u16).max(1)
}

impl Head {
    /// Quantised weight of a feature (0 when unknown). On x86-64 four slots are
    /// compared at once (the first that holds the fingerprint or is empty ends the
    /// probe, as in the one-slot loop, which finishes a probe that wraps around).
    #[inline]
    fn get(&self, key: u64) -> i32 {
        let mask = self.slots.len() - 1;
        let fp = fingerprint(key);
        let mut i = (key as usize) & mask;
        #[cfg(target_arch = "x86_64")]
        while i + 4 <= self.slots.len() {
            use std::arch::x86_64::{
                _mm_and_si128, _mm_castsi128_ps, _mm_cmpeq_epi32, _mm_loadu_si128, _mm_movemask_ps,
                _mm_or_si128, _mm_set1_epi32, _mm_setzero_si128,
            };
            // A slot is 4 bytes, fingerprint first: the low half of a little-endian u32.
            const _: () =
                assert!(std::mem::size_of::<(u16, i16)>() == 4 && std::mem::offset_of!((u16, i16), 0) == 0);
            // SAFETY: slots i..i + 4 are in bounds (checked above); SSE2 is part of x86-64.
            #[allow(unused_unsafe)]
            let hits = unsafe {
                let v = _mm_loadu_si128(self.slots.as_ptr().add(i).cast());
                let f = _mm_and_si128(v, _mm_set1_epi32(0xffff));
                let hit = _mm_or_si128(
                    _mm_cmpeq_epi32(f, _mm_set1_epi32(i32::from(fp))),
                    _mm_cmpeq_epi32(f, _mm_setzero_si128()),
                );
                _mm_movemask_ps(_mm_castsi128_ps(hit))
            };
            if hits != 0 {
                let (f, w) = self.slots[i + hits.trailing_zeros() as usize];
                return if f == fp { i32::from(w) } else { 0 };
            }
            i = (i + 4) & mask;
        }
        loop {
            let (f, w) = self.slots[i];
            if f == fp {
                return i32::from(w);
            }
            if f == 0 {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }

    /// Ask the CPU to bring the slot of `key` into cache.
    #[inline]
    fn prefetch(&self, key: u64) {
        #[cfg(target_arch = "x86_64")]
        {
            if self.slots.is_empty() {
                return;
            }
            let slot: *const (u16, i16) = &self.slots[(key as usize) & (self.slots.len() - 1)];
            // SAFETY: prefetching has no architectural effect; the address is valid.
            #[allow(unused_unsafe)]
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(slot.cast::<i8>());
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = key;
    }

    /// Sum of the quantised weights of `keys`.
    #[inline]
    fn sum(&self, keys: &[u64]) -> i32 {
        if self.slots.is_empty() {
            return 0;
        }
        keys.iter().map(|&k| self.get(k)).sum()
    }

    /// A sum of quantised weights as a score (what [`Head::score`] returns for them).
    #[inline]
    fn scaled(&self, sum: i32) -> f32 {
        sum as f32 * self.scale
    }

    /// Score of `I` over `O` for a feature set. The slots of all keys are requested
    /// from memory first, so their cache misses overlap instead of queueing.
    /// (Run-time decoding sums batches in [`fast`]; this is the one-token form.)
    #[cfg_attr(not(test), allow(dead_code))]
    #[inline]
    pub(crate) fn score(&self, keys: &[u64]) -> f32 {
        if self.slots.is_empty() {
            return 0.0;
        }
        #[cfg(target_arch = "x86_64")]
        {
            let mask = self.slots.len() - 1;
            for &k in keys {
                let slot: *const (u16, i16) = &self.slots[(k as usize) & mask];
                // SAFETY: prefetching has no architectural effect; the address is valid.
                #[allow(unused_unsafe)]
                unsafe {
                    std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(slot.cast::<i8>());
                }
            }
        }
        keys.iter().map(|&k| self.get(k)).sum::<i32>() as f32 * self.scale
    }

    /// Build from `(key, weight)` pairs (a key whose slot and fingerprint collide
    /// with an earlier one is dropped: a handful at most).
    pub(crate) fn from_pairs(rows: Vec<(u64, f32)>) -> Head {
        let max = rows.iter().fold(0f32, |m, r| m.max(r.1.abs()));
        let scale = (max / 32767.0).max(f32::MIN_POSITIVE);
        let cap = (rows.len() * 3 / 2).next_power_of_two().max(16);
        let mut slots = vec![(0u16, 0i16); cap];
        let mut len = 0;
        for (key, d) in rows {
            let fp = fingerprint(key);
            let mut i = (key as usize) & (cap - 1);
            while slots[i].0 != 0 && slots[i].0 != fp {
                i = (i + 1) & (cap - 1);
            }
            if slots[i].0 == fp {
                continue;
            }
            slots[i] = (fp, (d / scale).round().clamp(-32767.0, 32767.0) as i16);
            len += 1;
        }
        Head { slots, scale, len }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

/// The attribution model: cue, content and source taggers.
#[derive(Default, Clone)]
pub struct Model {
    pub(crate) cue: Head,
    pub(crate) content: Head,
    pub(crate) source: Head,
    /// Added to the O score of the cue tagger: positive = fewer, surer cues.
    pub(crate) cue_bias: f32,
    /// The judge over whole drafts (absent: every draft is kept).
    pub(crate) judge: Option<super::judge::Judge>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("quote::Model")
            .field("cue", &self.cue.len())
            .field("content", &self.content.len())
            .field("source", &self.source.len())
            .field("cue_bias", &self.cue_bias)
            .field("judge", &self.judge.as_ref().map(|j| (j.weights.len(), j.threshold)))
            .finish()
    }
}

/// The weights shipped with the crate.
pub const EMBEDDED_MODEL: &[u8] = include_bytes!("../../data/models/quotes.bin");

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn get_varint(b: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let x = *b.get(*at)?;
        *at += 1;
        v |= u64::from(x & 0x7f) << shift;
        if x & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// Quantisation step of the saved weights.
const STEP: f32 = 1.0 / 64.0;

/// The judge as saved: weights, bias, threshold.
pub(crate) struct JudgeRows<'a> {
    pub rows: &'a [(u64, f32)],
    pub bias: f32,
    pub threshold: f32,
}

fn put_rows(out: &mut Vec<u8>, h: &[(u64, f32)]) {
    let mut rows: Vec<(u64, i64)> =
        h.iter().map(|&(k, w)| (k, (w / STEP).round() as i64)).filter(|&(_, q)| q != 0).collect();
    rows.sort_unstable_by_key(|r| r.0);
    put_varint(out, rows.len() as u64);
    let mut prev = 0u64;
    for (k, q) in rows {
        put_varint(out, k.wrapping_sub(prev));
        prev = k;
        put_varint(out, ((q << 1) ^ (q >> 63)) as u64);
    }
}

fn get_rows(raw: &[u8], at: &mut usize) -> Option<Vec<(u64, f32)>> {
    let n = get_varint(raw, at)? as usize;
    let mut rows = Vec::with_capacity(n.min(raw.len()));
    let mut key = 0u64;
    for _ in 0..n {
        key = key.wrapping_add(get_varint(raw, at)?);
        let z = get_varint(raw, at)?;
        let q = ((z >> 1) as i64) ^ -((z & 1) as i64);
        rows.push((key, q as f32 * STEP));
    }
    Some(rows)
}

fn get_f32(raw: &[u8], at: &mut usize) -> Option<f32> {
    let b = raw.get(*at..*at + 4)?;
    *at += 4;
    Some(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Compact bytes of three taggers' `(key, weight)` rows and the judge: sorted by key,
/// delta-coded keys, weights quantised to [`STEP`] (rows that round to zero dropped),
/// zlib on top.
pub(crate) fn encode(heads: [&[(u64, f32)]; 3], cue_bias: f32, judge: Option<JudgeRows>) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.push(FORMAT);
    out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
    out.extend_from_slice(&cue_bias.to_le_bytes());
    for h in heads {
        put_rows(&mut out, h);
    }
    match judge {
        None => out.push(0),
        Some(j) => {
            out.push(1);
            out.extend_from_slice(&super::judge::JUDGE_VERSION.to_le_bytes());
            out.extend_from_slice(&j.bias.to_le_bytes());
            out.extend_from_slice(&j.threshold.to_le_bytes());
            put_rows(&mut out, j.rows);
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    // writing into a Vec cannot fail
    let _ = z.write_all(&out);
    z.finish().unwrap_or_default()
}

impl Model {
    /// Load weights written by `newsgraph train quotes`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, crate::Error> {
        let bad = |m: &str| crate::Error::Resource { name: "quote model".into(), reason: m.to_string() };
        let mut raw = Vec::new();
        flate2::read::ZlibDecoder::new(bytes).read_to_end(&mut raw).map_err(|e| bad(&e.to_string()))?;
        if raw.len() < 14 || &raw[..5] != MAGIC || raw[5] != FORMAT {
            return Err(bad("not a newsgraph quote model"));
        }
        let fv = u32::from_le_bytes([raw[6], raw[7], raw[8], raw[9]]);
        if fv != FEATURE_VERSION {
            return Err(bad(&format!("feature version {fv}, this build needs {FEATURE_VERSION}")));
        }
        let cue_bias = f32::from_le_bytes([raw[10], raw[11], raw[12], raw[13]]);
        let mut at = 14;
        let mut heads = Vec::with_capacity(3);
        for _ in 0..3 {
            heads.push(Head::from_pairs(get_rows(&raw, &mut at).ok_or_else(|| bad("truncated"))?));
        }
        let source = heads.pop().unwrap_or_default();
        let content = heads.pop().unwrap_or_default();
        let cue = heads.pop().unwrap_or_default();
        let judge = match raw.get(at) {
            Some(1) => {
                at += 1;
                let v = raw.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
                if v != Some(super::judge::JUDGE_VERSION) {
                    return Err(bad(&format!(
                        "judge version {v:?}, this build needs {}",
                        super::judge::JUDGE_VERSION
                    )));
                }
                at += 4;
                let bias = get_f32(&raw, &mut at).ok_or_else(|| bad("truncated"))?;
                let threshold = get_f32(&raw, &mut at).ok_or_else(|| bad("truncated"))?;
                let rows = get_rows(&raw, &mut at).ok_or_else(|| bad("truncated"))?;
                Some(super::judge::Judge { weights: Head::from_pairs(rows), bias, threshold })
            }
            Some(0) => None,
            _ => return Err(bad("truncated")),
        };
        Ok(Model { cue, content, source, cue_bias, judge })
    }

    /// Number of feature rows in the three taggers.
    pub fn num_features(&self) -> usize {
        self.cue.len() + self.content.len() + self.source.len()
    }

    /// True when no weights are loaded (the stage then runs on rules alone).
    pub fn is_empty(&self) -> bool {
        self.cue.len() == 0
    }

    /// The judge's threshold, if the model has a judge.
    pub fn judge_threshold(&self) -> Option<f32> {
        self.judge.as_ref().map(|j| j.threshold)
    }

    /// Set the judge's threshold (for tuning on held-out articles); no-op without one.
    pub fn set_judge_threshold(&mut self, threshold: f32) {
        if let Some(j) = self.judge.as_mut() {
            j.threshold = threshold;
        }
    }
}

/// Per-token facts computed once per document.
pub(crate) struct TokInfo {
    /// Hash of the lower-cased normal form.
    pub wh: Vec<u64>,
    /// Hash of the last three characters.
    pub suf: Vec<u64>,
    /// Hash of a crude stem (`-ing`, `-ed`, `-es`, `-s` cut).
    pub stem: Vec<u64>,
    /// Shape code.
    pub shape: Vec<u8>,
    /// The lexicon's cue form starting at each token (0 = none; see [`TokInfo::lex`]):
    /// two bytes a token where the lemma hash and prior bucket took sixteen.
    pub cues: Vec<FormId>,
    /// Inside quote marks.
    pub inq: Vec<bool>,
    /// Running count of commas before each token.
    pub commas: Vec<u32>,
    /// Running count of clause punctuation (`;`, `:`, `—`, `(`, `)`) before each token.
    pub strong: Vec<u32>,
    /// Part of speech (index of [`Pos`]).
    pub pos: Vec<u8>,
}

/// Parts of speech of every token, tagged segment by segment (tokens outside every
/// segment are [`Pos::Punct`]).
pub(crate) fn pos_tags(
    tagger: &crate::pos::Model,
    text: &str,
    toks: &[Tok],
    segs: &[(usize, usize)],
) -> Vec<Pos> {
    let mut out = vec![Pos::Punct; toks.len()];
    let mut words: Vec<&str> = Vec::with_capacity(64);
    let mut tags = Vec::with_capacity(64);
    for &(lo, hi) in segs {
        words.clear();
        words.extend(toks[lo..hi].iter().map(|t| t.text(text)));
        tagger.tag(&words, &mut tags);
        out[lo..hi].copy_from_slice(&tags);
    }
    out
}

const SH_LOWER: u8 = 0;
const SH_CAP: u8 = 1;
const SH_UPPER: u8 = 2;
const SH_DIGIT: u8 = 3;
const SH_PUNCT: u8 = 4;
const SH_QUOTE: u8 = 5;
const SH_OTHER: u8 = 6;

const BOS: u64 = 0x0b05;
const EOS: u64 = 0x0e05;

fn shape(w: &str, kind: Kind) -> u8 {
    let Some(c) = w.chars().next() else { return SH_OTHER };
    if kind == Kind::Punct {
        return if matches!(c, '"' | '“' | '”' | '‘' | '’' | '\'' | '«' | '»' | '„') {
            SH_QUOTE
        } else {
            SH_PUNCT
        };
    }
    if c.is_ascii_digit() {
        SH_DIGIT
    } else if c.is_uppercase() {
        if w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) && w.chars().count() > 1 {
            SH_UPPER
        } else {
            SH_CAP
        }
    } else if c.is_lowercase() {
        SH_LOWER
    } else {
        SH_OTHER
    }
}

/// End of the text's first line when it is a Title Case headline (three or more words,
/// three quarters of them capitalised), else 0.
fn title_case_headline(text: &str, toks: &[Tok]) -> usize {
    let Some(end) = text.find('\n') else { return 0 };
    let (mut words, mut caps) = (0usize, 0usize);
    for t in toks.iter().take_while(|t| t.end <= end).filter(|t| t.kind == Kind::Word) {
        let Some(c) = t.text(text).chars().next() else { continue };
        if c.is_alphabetic() {
            words += 1;
            caps += usize::from(c.is_uppercase());
        }
    }
    if words >= 3 && caps * 4 >= words * 3 {
        end
    } else {
        0
    }
}

/// A crude stem: `saying`/`says`/`said` stay apart, but `criticizes`/`criticized`/
/// `criticizing` meet at `criticiz`.
fn stem(w: &str) -> &str {
    for suf in ["ing", "ed", "es", "s", "e"] {
        if let Some(s) = w.strip_suffix(suf) {
            if s.len() >= 3 {
                return s;
            }
        }
    }
    w
}

impl TokInfo {
    pub(crate) fn new(cx: &Ctx) -> TokInfo {
        let (text, toks, in_quote, pos) = (cx.text, cx.toks, cx.in_quote, cx.pos);
        let n = toks.len();
        let mut buf = String::new();
        let mut info = TokInfo {
            wh: Vec::with_capacity(n),
            suf: Vec::with_capacity(n),
            stem: Vec::with_capacity(n),
            shape: Vec::with_capacity(n),
            cues: cx.cues.clone(),
            inq: in_quote.iter().map(Option::is_some).collect(),
            commas: Vec::with_capacity(n + 1),
            strong: Vec::with_capacity(n + 1),
            pos: pos.iter().map(|&p| p as u8).collect(),
        };
        let (mut commas, mut strong) = (0u32, 0u32);
        let headline = title_case_headline(text, toks);
        for t in toks {
            let w = t.text(text);
            normalise(w, true, &mut buf);
            info.wh.push(hash_str(&buf));
            let cut = buf.char_indices().rev().nth(2).map_or(0, |(k, _)| k);
            info.suf.push(hash_str(&buf[cut..]));
            info.stem.push(hash_str(stem(&buf)));
            // a Title Case headline's words are read as if lower case (`Ben Carson
            // Slams Hillary`: its cue is a verb like any other)
            let sh = shape(w, t.kind);
            info.shape.push(if sh == SH_CAP && t.end <= headline { SH_LOWER } else { sh });
            info.commas.push(commas);
            info.strong.push(strong);
            if t.kind == Kind::Punct {
                match w {
                    "," => commas += 1,
                    ";" | ":" | "—" | "–" | "--" | "(" | ")" => strong += 1,
                    _ => {}
                }
            }
        }
        info.commas.push(commas);
        info.strong.push(strong);
        info
    }

    /// Lexicon lemma hash and prior bucket (1–11) of the cue form starting at token
    /// `i`; (0, 0) when none does.
    #[inline]
    fn lex(&self, i: usize) -> (u64, u8) {
        match Lexicon::get().cue(self.cues[i]) {
            Some(m) => (hash_str(m.lemma.lemma), 1 + (m.prior * 10.0).round().clamp(0.0, 10.0) as u8),
            None => (0, 0),
        }
    }

    /// Part of speech of token `i` as a feature value (30 before the text, 31 after).
    #[inline]
    fn pos_at(&self, i: isize) -> u64 {
        if i < 0 {
            30
        } else {
            self.pos.get(i as usize).map_or(31, |&x| u64::from(x))
        }
    }

    #[inline]
    fn w(&self, i: isize) -> u64 {
        if i < 0 {
            BOS
        } else {
            self.wh.get(i as usize).copied().unwrap_or(EOS)
        }
    }

    #[inline]
    fn sh(&self, i: isize) -> u64 {
        if i < 0 {
            9
        } else {
            self.shape.get(i as usize).map_or(10, |&s| u64::from(s))
        }
    }
}

#[inline]
fn f(t: u64, a: u64) -> u64 {
    mix(t, a)
}

#[inline]
fn f2(t: u64, a: u64, b: u64) -> u64 {
    mix(mix(t, a), b)
}

#[inline]
fn f3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(mix(mix(t, a), b), c)
}

/// True when the cue tagger looks at token `i` at all: lower-case words, lexicon
/// forms (`According`), colons and dashes. Names, numbers and most punctuation are
/// never cues, and skipping them keeps the tagger cheap. (Skipping function words
/// too cost 0.01 F1 on held-out PolNeAR train.)
#[inline]
pub(crate) fn cue_candidate(info: &TokInfo, text: &str, toks: &[Tok], i: usize) -> bool {
    match info.shape[i] {
        SH_LOWER => true,
        SH_PUNCT => matches!(toks[i].text(text), ":" | "—" | "–" | "--"),
        _ => info.cues[i] != 0,
    }
}

/// Number of static features of the cue tagger.
const CUE_KEYS: usize = 19;

/// Static features of the cue tagger at token `i` of segment `[lo, hi)`.
pub(crate) fn cue_features(info: &TokInfo, lo: usize, hi: usize, i: usize, out: &mut Vec<u64>) {
    out.clear();
    out.extend_from_slice(&cue_keys(info, lo, hi, i));
}

/// [`cue_features`] as an array (filled without a length check per key).
#[inline]
pub(crate) fn cue_keys(info: &TokInfo, lo: usize, hi: usize, i: usize) -> [u64; CUE_KEYS] {
    let ii = i as isize;
    let w = info.w(ii);
    let (lemma, prior) = info.lex(i);
    let pos = (i - lo).min(4) as u64;
    let to_end = (hi - i).min(4) as u64;
    [
        f(1, 0),
        f(2, w),
        f(3, info.w(ii - 1)),
        f(4, info.w(ii + 1)),
        f2(7, info.w(ii - 1), w),
        f2(8, w, info.w(ii + 1)),
        f(9, info.suf[i]),
        f(11, lemma),
        f(12, u64::from(prior)),
        f2(14, u64::from(info.inq[i]), w),
        f2(15, pos, to_end),
        f2(16, w, info.sh(ii + 1)),
        f(21, info.stem[i]),
        f2(22, info.stem[i], info.w(ii + 1)),
        f(23, info.pos_at(ii)),
        f2(24, info.pos_at(ii - 1), info.pos_at(ii)),
        f2(25, info.pos_at(ii), info.pos_at(ii + 1)),
        f3(26, info.pos_at(ii - 1), info.pos_at(ii), info.pos_at(ii + 1)),
        f2(27, info.pos_at(ii), info.stem[i]),
    ]
}

/// The dynamic features of the cue tagger: the previous tag, alone and with the word.
#[inline]
pub(crate) fn cue_prev_features(info: &TokInfo, i: usize, prev: u8, out: &mut Vec<u64>) {
    let p = u64::from(prev);
    out.push(f(100, p));
    out.push(f2(101, p, info.wh[i]));
}

/// The dynamic features of a span tagger: the cue tagger's, plus the previous tag
/// with the side of the cue, alone and with the word's shape.
#[inline]
pub(crate) fn prev_features(info: &TokInfo, i: usize, prev: u8, side: u64, out: &mut Vec<u64>) {
    cue_prev_features(info, i, prev, out);
    let p = u64::from(prev);
    out.push(f2(102, p, side));
    out.push(f3(103, p, side, u64::from(info.shape[i])));
}

fn dist_bucket(d: usize) -> u64 {
    match d {
        0..=5 => d as u64,
        6..=8 => 6,
        9..=13 => 7,
        14..=20 => 8,
        21..=30 => 9,
        _ => 10,
    }
}

/// What a span tagger (content or source) knows about one cue.
pub(crate) struct CueCtx {
    /// Cue token range.
    pub c0: usize,
    /// One past the cue's last token.
    pub c1: usize,
    /// Hash of the cue's head: its lexicon lemma, else its first word.
    pub head: u64,
    /// The cue's last word.
    pub last: u64,
}

impl CueCtx {
    pub(crate) fn new(info: &TokInfo, c0: usize, c1: usize) -> CueCtx {
        let head = (c0..c1).find_map(|k| (info.cues[k] != 0).then(|| info.lex(k).0)).unwrap_or(info.wh[c0]);
        CueCtx { c0, c1, head, last: info.wh[c1 - 1] }
    }
}

/// Number of static features of a span tagger.
const SPAN_KEYS: usize = 24;

/// Static features of a span tagger at token `j` for the cue `c` (template ids are
/// shared by the content and source taggers; their weights differ); returns the side
/// of the cue `j` is on.
pub(crate) fn span_features(
    info: &TokInfo,
    lo: usize,
    hi: usize,
    c: &CueCtx,
    j: usize,
    out: &mut Vec<u64>,
) -> u64 {
    let (keys, side) = span_keys(info, lo, hi, c, j);
    out.clear();
    out.extend_from_slice(&keys);
    side
}

/// [`span_features`] as an array (filled without a length check per key), and the side.
#[inline]
pub(crate) fn span_keys(
    info: &TokInfo,
    lo: usize,
    hi: usize,
    c: &CueCtx,
    j: usize,
) -> ([u64; SPAN_KEYS], u64) {
    let jj = j as isize;
    let (side, d) = if j < c.c0 {
        (0u64, c.c0 - j)
    } else if j < c.c1 {
        (1, 0)
    } else {
        (2, j + 1 - c.c1)
    };
    let db = dist_bucket(d);
    let (a, b) = if j < c.c0 { (j, c.c0) } else { (c.c1.min(j), j) };
    let commas = u64::from((info.commas[b] - info.commas[a]).min(3));
    let strong = u64::from((info.strong[b] - info.strong[a]).min(2));
    let w = info.wh[j];
    let sh = u64::from(info.shape[j]);
    let keys = [
        f(200, side),
        f2(201, side, db),
        f2(202, side, w),
        f2(203, side, sh),
        f2(204, side, c.head),
        f3(205, side, db, c.head),
        f2(206, side, info.w(jj - 1)),
        f2(207, side, info.w(jj + 1)),
        f3(208, side, commas, strong),
        f3(209, side, commas, c.head),
        f3(210, side, u64::from(info.inq[j]), u64::from(info.inq[c.c0])),
        f2(211, side, info.w(c.c1 as isize)),
        f2(212, side, info.w(c.c0 as isize - 1)),
        f3(213, side, sh, db),
        f3(214, side, w, db.min(3)),
        f3(215, side, u64::from(j == lo), u64::from(j + 1 == hi)),
        f3(216, side, c.last, db.min(4)),
        f3(217, side, strong, db.min(5)),
        f3(218, side, info.w(c.c1 as isize), db.min(4)),
        f3(219, side, info.suf[j], commas),
        f2(220, side, info.pos_at(jj)),
        f3(221, side, info.pos_at(jj - 1), info.pos_at(jj)),
        f3(222, side, info.pos_at(jj), info.pos_at(jj + 1)),
        f3(223, side, info.pos_at(jj), db.min(4)),
    ];
    (keys, side)
}

/// Greedy decoding of one tag: in (`I`) or out (`O`). Spans are runs of `I`; a
/// begin tag was tried and lost to this simpler scheme on held-out PolNeAR train.
#[inline]
pub(crate) fn best(s: &[f32; NT]) -> u8 {
    if s[2] > s[0] {
        I
    } else {
        O
    }
}

/// One attribution the model found, in token indices.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    /// Cue tokens `[start, end)`.
    pub cue: (usize, usize),
    /// Content runs.
    pub content: Vec<(usize, usize)>,
    /// Source run.
    pub source: Option<(usize, usize)>,
    /// Margin of the cue decision (sum over its tokens of best tag − O).
    pub margin: f32,
    /// Segment index.
    pub segment: usize,
}

/// Runs of B/I tags as `[start, end)` token ranges.
pub(crate) fn runs(tags: &[u8], offset: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (k, &t) in tags.iter().enumerate() {
        match t {
            B => {
                if let Some(s) = start {
                    out.push((offset + s, offset + k));
                }
                start = Some(k);
            }
            I => {
                if start.is_none() {
                    start = Some(k);
                }
            }
            _ => {
                if let Some(s) = start.take() {
                    out.push((offset + s, offset + k));
                }
            }
        }
    }
    if let Some(s) = start {
        out.push((offset + s, offset + tags.len()));
    }
    out
}

/// Tag one cue's span (content or source) inside `[lo, hi)`.
#[cfg(test)]
pub(crate) fn tag_span(
    head: &Head,
    info: &TokInfo,
    lo: usize,
    hi: usize,
    c: &CueCtx,
    keys: &mut Vec<u64>,
) -> Vec<u8> {
    let mut tags = Vec::with_capacity(hi - lo);
    let mut prev = O;
    for j in lo..hi {
        if j >= c.c0 && j < c.c1 {
            tags.push(O);
            prev = O;
            continue;
        }
        let side = span_features(info, lo, hi, c, j, keys);
        prev_features(info, j, prev, side, keys);
        let t = if head.score(keys) > 0.0 { I } else { O };
        tags.push(t);
        prev = t;
    }
    tags
}

/// The window of a segment a cue's spans are looked for in.
pub(crate) fn window(lo: usize, hi: usize, c0: usize, c1: usize) -> (usize, usize) {
    (lo.max(c0.saturating_sub(WINDOW)), hi.min(c1 + WINDOW))
}

/// Tokens after the cue the source tagger looks at (`said X`, `according to the
/// Pentagon's top spokesman`): sources sit left of their cue nine times in ten.
pub(crate) const SOURCE_RIGHT: usize = 12;

/// The window of the source tagger: the span window, cut `SOURCE_RIGHT` tokens after
/// the cue.
pub(crate) fn source_window(lo: usize, hi: usize, c0: usize, c1: usize) -> (usize, usize) {
    let (a, b) = window(lo, hi, c0, c1);
    (a, b.min(c1 + SOURCE_RIGHT))
}

/// Find the attributions of every segment but those `skip_segment` names (captions).
/// `skip(c0, c1)` says a cue is already accounted for (a rule frame has it): its
/// spans are not tagged. (Batched for speed in [`fast`]; `find_reference` is the
/// plain token-by-token version it must agree with.)
pub(crate) fn find(
    model: &Model,
    text: &str,
    toks: &[Tok],
    info: &TokInfo,
    segs: &[(usize, usize)],
    skip: &dyn Fn(usize, usize) -> bool,
    skip_segment: &dyn Fn(usize) -> bool,
) -> Vec<Found> {
    fast::find(model, text, toks, info, segs, skip, skip_segment)
}

/// [`find`] token by token, as training decodes.
#[cfg(test)]
pub(crate) fn find_reference(
    model: &Model,
    text: &str,
    toks: &[Tok],
    info: &TokInfo,
    segs: &[(usize, usize)],
    skip: &dyn Fn(usize, usize) -> bool,
    skip_segment: &dyn Fn(usize) -> bool,
) -> Vec<Found> {
    let mut out = Vec::new();
    if model.is_empty() {
        return out;
    }
    let mut keys = Vec::with_capacity(32);
    for (si, &(lo, hi)) in segs.iter().enumerate() {
        if skip_segment(si) {
            continue;
        }
        let mut prev = O;
        let mut cues: Vec<(usize, usize, f32)> = Vec::new();
        let mut open: Option<(usize, f32)> = None;
        for i in lo..hi {
            let t = if cue_candidate(info, text, toks, i) {
                cue_features(info, lo, hi, i, &mut keys);
                cue_prev_features(info, i, prev, &mut keys);
                let m = model.cue.score(&keys) - model.cue_bias;
                let t = if m > 0.0 { I } else { O };
                if t != O {
                    match (&mut open, t) {
                        (Some((_, acc)), I) => *acc += m,
                        _ => {
                            if let Some((st, acc)) = open.take() {
                                cues.push((st, i, acc));
                            }
                            open = Some((i, m));
                        }
                    }
                }
                t
            } else {
                O
            };
            if t == O {
                if let Some((st, acc)) = open.take() {
                    cues.push((st, i, acc));
                }
            }
            prev = t;
        }
        if let Some((st, acc)) = open.take() {
            cues.push((st, hi, acc));
        }
        for (c0, c1, margin) in cues {
            if skip(c0, c1) {
                continue;
            }
            let c = CueCtx::new(info, c0, c1);
            let (a, b) = window(lo, hi, c0, c1);
            let ct = tag_span(&model.content, info, a, b, &c, &mut keys);
            let content = runs(&ct, a);
            if content.is_empty() {
                continue;
            }
            let st = tag_span(&model.source, info, a, b, &c, &mut keys);
            // the source run nearest the cue
            let source =
                runs(&st, a)
                    .into_iter()
                    .min_by_key(|&(s, e)| if e <= c0 { c0 - e } else { s.saturating_sub(c1) });
            out.push(Found { cue: (c0, c1), content, source, margin, segment: si });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_on_b_and_o() {
        assert_eq!(runs(&[O, B, I, O, I, I, B, B], 10), vec![(11, 13), (14, 16), (16, 17), (17, 18)]);
        assert!(runs(&[O, O], 0).is_empty());
    }

    #[test]
    fn title_case_headlines_are_read_in_lower_case() {
        for (text, headline) in [
            ("Ben Carson Slams Hillary And The Media\n\nBen Carson said on Monday.", true),
            ("Ben Carson slams Hillary and the media\n\nBody.", false),
            ("Ben Carson Slams Hillary And The Media", false),
            ("Trump Wins\n\nBody.", false),
        ] {
            let toks = super::super::tok::tokenize(text);
            let (none, marks, pos) =
                (vec![None; toks.len()], vec![0; toks.len()], vec![Pos::Punct; toks.len()]);
            let info = TokInfo::new(&Ctx::new(text, &toks, &none, &marks, &pos));
            let slams = toks.iter().position(|t| t.text(text).eq_ignore_ascii_case("slams"));
            let lower = slams.is_some_and(|i| info.shape[i] == SH_LOWER);
            assert_eq!(lower, headline || text.contains(" slams "), "{text}");
            // the body keeps its case
            if let Some(i) = toks.iter().rposition(|t| t.text(text) == "Ben") {
                assert!(info.shape[i] == SH_CAP, "{text}");
            }
        }
    }

    #[test]
    fn model_bytes_round_trip() {
        let judge = JudgeRows { rows: &[(3, 1.5)], bias: -0.5, threshold: 0.25 };
        let bytes = encode([&[(5, 0.5), (1 << 40, -1.0)], &[(7, 2.0)], &[]], 0.25, Some(judge));
        let back = Model::from_bytes(&bytes).expect("round trip");
        let near = |a: f32, b: f32| (a - b).abs() < 1e-3;
        let j = back.judge.as_ref().expect("judge");
        assert!(near(j.weights.score(&[3]), 1.5) && j.bias == -0.5 && j.threshold == 0.25);
        let plain = Model::from_bytes(&encode([&[(5, 0.5)], &[], &[]], 0.0, None)).expect("no judge");
        assert!(plain.judge.is_none());
        assert!(near(back.cue.score(&[5, 1 << 40]), -0.5));
        assert!(near(back.cue.score(&[5, 9]), 0.5));
        assert!(near(back.content.score(&[7]), 2.0));
        assert!(back.source.score(&[7]) == 0.0);
        assert_eq!(back.cue_bias, 0.25);
        assert!(Model::from_bytes(b"junk").is_err());
    }

    #[test]
    fn shipped_model_loads() {
        let m = Model::from_bytes(EMBEDDED_MODEL).expect("shipped quote model");
        assert!(!m.is_empty(), "shipped quote model has no weights");
    }
}
