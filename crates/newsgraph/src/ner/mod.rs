//! Statistical named-entity tagger: an averaged perceptron over word, shape, affix,
//! context, line-case, gazetteer and document-history features, with BILOU tags and
//! greedy left-to-right decoding under BILOU constraints. Trained by
//! `newsgraph train ner` on CoNLL-2003 `eng.train` ([`train`]); the shipped weights
//! are `data/models/ner.bin` (see its README).
//!
//! Input is cleaned text plus sentence spans; every sentence is split into lines
//! (a headline or caption in ALL CAPS or lower case is tagged with the case features
//! of its own line) and tokenised with [`crate::token`].

pub(crate) mod features;
pub mod gazetteer;
pub mod train;
pub(crate) mod weights;

use std::cell::RefCell;
use std::sync::LazyLock;

use crate::model::{EntityKind, Span};
use crate::perceptron::{next_model_id, WordCache};
use crate::token;
use features::{Context, HashKeyMap, SeqFeats, WordCase, WordForms, MODE_NORMAL, START, WORD_SLOTS};
pub use gazetteer::Gazetteer;
use weights::Weights;

/// The shipped weights, trained by `scripts/train-ner.sh`.
pub const EMBEDDED_MODEL: &[u8] = include_bytes!("../../data/models/ner.bin");
/// Size of the shipped weights in bytes.
pub const EMBEDDED_MODEL_BYTES: usize = EMBEDDED_MODEL.len();

/// One name the tagger found: a span of the cleaned text and its type, before
/// titles are stripped and aliases merged (that is `entity`'s work).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tagged {
    /// Where the name is.
    pub span: Span,
    /// PERSON, ORG, PLACE or OTHER (CoNLL MISC).
    pub kind: EntityKind,
}

/// Entity kinds in tag order.
pub(crate) const KINDS: [EntityKind; 4] =
    [EntityKind::Person, EntityKind::Org, EntityKind::Place, EntityKind::Other];
/// Number of tags: O + {B, I, L, U} × 4 kinds.
pub(crate) const NT: usize = 17;
const POS_B: u8 = 0;
const POS_I: u8 = 1;
const POS_L: u8 = 2;
const POS_U: u8 = 3;

/// Tag of `kind` index `k` at BILOU position `pos`.
#[inline]
pub(crate) fn tag_of(k: usize, pos: u8) -> u8 {
    1 + 4 * k as u8 + pos
}

/// Kind index and BILOU position of a non-O tag.
#[inline]
pub(crate) fn split_tag(t: u8) -> Option<(usize, u8)> {
    (t > 0).then(|| (usize::from((t - 1) / 4), (t - 1) % 4))
}

/// May `cur` follow `prev` (0 = O or start)? `last`: `cur` ends the sequence.
#[inline]
pub(crate) fn allowed(prev: u8, cur: u8, last: bool) -> bool {
    let open = split_tag(prev).filter(|&(_, p)| p == POS_B || p == POS_I);
    match (open, split_tag(cur)) {
        (Some((k, _)), Some((k2, p))) => k == k2 && (p == POS_L || p == POS_I && !last),
        (Some(_), None) => false,
        (None, None) => true,
        (None, Some((_, p))) => p == POS_U || p == POS_B && !last,
    }
}

/// The best allowed tag for these scores (the first of equals; O is always allowed
/// when no entity is open, and an open entity can always be closed).
#[inline]
pub(crate) fn best_tag<S: Copy + PartialOrd>(scores: &[S; NT], prev: u8, last: bool) -> u8 {
    let mut best: Option<(u8, S)> = None;
    for (t, &s) in scores.iter().enumerate() {
        let t = t as u8;
        if best.is_none_or(|(_, b)| s > b) && allowed(prev, t, last) {
            best = Some((t, s));
        }
    }
    best.map_or(0, |(t, _)| t)
}

/// Entity token ranges `(start, end_exclusive, kind index)` of a BILOU tag sequence.
pub(crate) fn chunks(tags: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match split_tag(t) {
            None => open = None,
            Some((k, POS_U)) => {
                out.push((i, i + 1, k));
                open = None;
            }
            Some((k, POS_B)) => open = Some((i, k)),
            Some((k, POS_I)) => {
                if open.is_none_or(|(_, ok)| ok != k) {
                    open = Some((i, k));
                }
            }
            Some((k, _)) => {
                let start = match open {
                    Some((s, ok)) if ok == k => s,
                    _ => i,
                };
                out.push((start, i + 1, k));
                open = None;
            }
        }
    }
    out
}

/// The trained tagger: feature weights, the case prior learnt from the training
/// text, and the gazetteers.
pub struct Model {
    weights: Weights,
    case_prior: HashKeyMap<u8>,
    gaz: &'static Gazetteer,
    /// Unique among the models of this process (it names the model in the word cache).
    id: u64,
}

static EMPTY_GAZ: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::default);

impl Default for Model {
    /// A model that tags nothing.
    fn default() -> Self {
        Model::new(Weights::default(), HashKeyMap::default(), &EMPTY_GAZ)
    }
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("features", &self.weights.len())
            .field("case_prior", &self.case_prior.len())
            .field("gazetteer", &self.gaz)
            .finish()
    }
}

impl Model {
    /// Load weights written by `newsgraph train ner`, with the embedded gazetteers.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, crate::Error> {
        Self::with_gazetteer(bytes, Gazetteer::embedded())
    }

    /// Load weights with the given gazetteers (they must be the ones it was trained with).
    pub fn with_gazetteer(bytes: &[u8], gaz: &'static Gazetteer) -> Result<Model, crate::Error> {
        let (weights, case_prior) = weights::decode(bytes)
            .map_err(|reason| crate::Error::Resource { name: "ner model".into(), reason })?;
        Ok(Model::new(weights, case_prior, gaz))
    }

    pub(crate) fn new(weights: Weights, case_prior: HashKeyMap<u8>, gaz: &'static Gazetteer) -> Model {
        Model { weights, case_prior, gaz, id: next_model_id() }
    }

    /// Number of feature rows.
    pub fn num_features(&self) -> usize {
        self.weights.len()
    }

    /// True when the model has no weight (it tags nothing).
    pub fn is_empty(&self) -> bool {
        self.weights.len() == 0
    }
}

/// Per-document state: what each capitalised word was tagged earlier.
#[derive(Default)]
pub(crate) struct DocState {
    pub(crate) hist: HashKeyMap<u8>,
}

impl DocState {
    /// Record the tags of a decoded sequence.
    pub(crate) fn record(&mut self, sf: &SeqFeats, tags: &[u8]) {
        if sf.mode != MODE_NORMAL {
            return;
        }
        for (i, &t) in tags.iter().enumerate() {
            if sf.cap[i] && i > 0 {
                let v = split_tag(t).map_or(5, |(k, _)| 1 + k as u8);
                self.hist.insert(sf.lw[i], v);
            }
        }
    }
}

/// What the tagger knows of a word out of context under one model: the hashes its
/// context features read, its case, and the summed weights of its word features
/// (static slots `0..WORD_SLOTS`).
#[derive(Clone, Copy)]
struct WordInfo {
    lw: u64,
    ss: u64,
    case: WordCase,
    /// The model's case prior of the lower-cased word (0: none).
    casep: u8,
    /// The model's gazetteer entry of the word alone ([`Gazetteer::first`]).
    gaz_first: Option<u8>,
    sum: [i32; NT],
}

impl WordInfo {
    fn new(word: &str, model: &Model, buf: &mut String) -> WordInfo {
        let f = WordForms::of(word, buf);
        let mut sum = [0i32; NT];
        for k in f.keys() {
            if k != 0 {
                model.weights.add(k, &mut sum);
            }
        }
        let casep = model.case_prior.get(&f.lw).copied().unwrap_or(0);
        WordInfo {
            lw: f.lw,
            ss: f.ss,
            case: WordCase::of(word),
            casep,
            gaz_first: model.gaz.first(f.lw),
            sum,
        }
    }
}

/// Words kept at most in the per-thread [`WordCache`] of [`WordInfo`]s.
const WORD_CACHE_MAX: usize = 1 << 15;

thread_local! {
    static WORD_CACHE: RefCell<WordCache<WordInfo>> = RefCell::new(WordCache::new(WORD_CACHE_MAX));
    /// The per-document buffers of [`tag`], kept between documents so that their memory
    /// is reused while still in the CPU's caches (a fresh, growing buffer of word infos
    /// per document cost more cache misses than tagging it).
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Words of a document above which [`tag`]'s buffers are not kept for the next one.
const SCRATCH_KEEP_MAX: usize = 1 << 16;

/// Buffers of [`tag`]: the tokens of every line, what is known of their words, each
/// line's token range and case, and the decoder's state.
#[derive(Default)]
struct Scratch {
    toks: Vec<Span>,
    infos: Vec<WordInfo>,
    lines: Vec<(usize, usize, u8)>,
    sf: SeqFeats,
    tags: Vec<u8>,
    stat: Vec<[i32; NT]>,
}

/// Greedy decoding of one sequence whose context features are in `sf` and whose word
/// features are summed in `words`. The static scores of all tokens are summed first
/// (independent look-ups the CPU can overlap), then the left-to-right pass adds the
/// few features that depend on previous tags.
fn decode(w: &Weights, sf: &SeqFeats, words: &[WordInfo], stat: &mut Vec<[i32; NT]>, tags: &mut Vec<u8>) {
    tags.clear();
    stat.clear();
    const AHEAD: usize = 2;
    let ctx_keys = |i: usize| &sf.stat(i)[WORD_SLOTS..];
    for i in 0..AHEAD.min(sf.n) {
        ctx_keys(i).iter().for_each(|&f| w.prefetch(f));
    }
    for (i, word) in words.iter().enumerate().take(sf.n) {
        if i + AHEAD < sf.n {
            ctx_keys(i + AHEAD).iter().for_each(|&f| w.prefetch(f));
        }
        let mut s = word.sum;
        for &f in ctx_keys(i) {
            if f != 0 {
                w.add(f, &mut s);
            }
        }
        stat.push(s);
    }
    let (mut p1, mut p2) = (START, START);
    let mut prev = 0u8;
    for (i, s) in stat.iter_mut().enumerate() {
        for f in sf.dynamic(i, p1, p2) {
            w.add(f, s);
        }
        let t = best_tag(s, prev, i + 1 == sf.n);
        tags.push(t);
        prev = t;
        p2 = p1;
        p1 = u64::from(t);
    }
}

/// Tag the names in `text`, sentence by sentence (each sentence is split into its
/// lines). With no sentences, the whole text is tagged. Lines in normal case are
/// tagged first, in order, then ALL-CAPS and lower-case lines (headlines, captions),
/// so those see what the article's body called the same words. Spans are in text
/// order.
pub fn tag(text: &str, sentences: &[Span], model: &Model) -> Vec<Tagged> {
    let mut out = Vec::new();
    if model.is_empty() {
        return out;
    }
    let whole = [Span::new(0, text.len())];
    let sentences = if sentences.is_empty() { &whole[..] } else { sentences };
    let mut scratch = SCRATCH.take();
    let Scratch { toks, infos, lines, sf, tags, stat } = &mut scratch;
    toks.clear();
    infos.clear();
    lines.clear();
    WORD_CACHE.with_borrow_mut(|cache| {
        for s in sentences {
            let Some(stext) = text.get(s.range()) else { continue };
            let mut line_start = s.start;
            for line in stext.split('\n') {
                let line_span = Span::new(line_start, line_start + line.len());
                line_start = line_span.end + 1;
                let first = toks.len();
                token::tokenize_span(text, line_span, toks);
                if toks.len() > first {
                    infos.extend(toks[first..].iter().map(|t| {
                        cache.get(&text[t.range()], model.id, |w, buf| WordInfo::new(w, model, buf))
                    }));
                    let mode = features::line_mode_of(infos[first..].iter().map(|w| (w.case, w.casep)));
                    lines.push((first, toks.len(), mode));
                }
            }
        }
    });
    let mut doc = DocState::default();
    for normal_pass in [true, false] {
        for &(a, b, mode) in lines.iter() {
            if (mode == MODE_NORMAL) != normal_pass {
                continue;
            }
            let toks = &toks[a..b];
            let words = &infos[a..b];
            sf.begin(mode);
            for w in words {
                sf.push_known(w.lw, w.ss, w.case.cap, w.casep, w.gaz_first);
            }
            let ctx = Context { gaz: model.gaz, case_prior: &model.case_prior, hist: &doc.hist };
            sf.fill_context(&ctx);
            decode(&model.weights, sf, words, stat, tags);
            for (a, b, k) in chunks(tags) {
                out.push(Tagged { span: Span::new(toks[a].start, toks[b - 1].end), kind: KINDS[k] });
            }
            doc.record(sf, tags);
        }
    }
    if scratch.toks.len() <= SCRATCH_KEEP_MAX {
        SCRATCH.set(scratch);
    }
    out.sort_by_key(|t| (t.span.start, t.span.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilou_constraints() {
        let b_per = tag_of(0, POS_B);
        let i_per = tag_of(0, POS_I);
        let l_per = tag_of(0, POS_L);
        let u_org = tag_of(1, POS_U);
        let l_org = tag_of(1, POS_L);
        let cases = [
            (0, b_per, false, true),
            (0, b_per, true, false),
            (0, i_per, false, false),
            (0, u_org, true, true),
            (b_per, i_per, false, true),
            (b_per, i_per, true, false),
            (b_per, l_per, true, true),
            (b_per, l_org, false, false),
            (b_per, 0, false, false),
            (i_per, u_org, false, false),
            (l_per, 0, false, true),
            (l_per, b_per, false, true),
            (u_org, l_org, false, false),
        ];
        for (p, c, last, want) in cases {
            assert_eq!(allowed(p, c, last), want, "{p} -> {c} last={last}");
        }
    }

    #[test]
    fn best_tag_respects_constraints() {
        let mut s = [0f32; NT];
        s[usize::from(tag_of(2, POS_I))] = 5.0;
        s[usize::from(tag_of(2, POS_U))] = 1.0;
        assert_eq!(best_tag(&s, 0, false), tag_of(2, POS_U));
        assert_eq!(best_tag(&s, tag_of(2, POS_B), false), tag_of(2, POS_I));
        assert_eq!(best_tag(&s, tag_of(2, POS_B), true), tag_of(2, POS_L));
    }

    #[test]
    fn chunks_table() {
        let (b, i, l, u) = (tag_of(0, POS_B), tag_of(0, POS_I), tag_of(0, POS_L), tag_of(0, POS_U));
        let u2 = tag_of(2, POS_U);
        assert_eq!(chunks(&[0, b, l, 0, u2]), vec![(1, 3, 0), (4, 5, 2)]);
        assert_eq!(chunks(&[b, i, i, l]), vec![(0, 4, 0)]);
        assert_eq!(chunks(&[u, u]), vec![(0, 1, 0), (1, 2, 0)]);
        // Ill-formed sequences still give spans, never panic.
        assert_eq!(chunks(&[l]), vec![(0, 1, 0)]);
        assert_eq!(chunks(&[b, 0]), vec![]);
    }

    /// `tag` without the word cache: every static feature looked up, token by token.
    fn tag_reference(text: &str, sentences: &[Span], model: &Model) -> Vec<Tagged> {
        let mut lines = Vec::new();
        for s in sentences {
            let mut line_start = s.start;
            for line in text[s.range()].split('\n') {
                let span = Span::new(line_start, line_start + line.len());
                line_start = span.end + 1;
                let mut toks = Vec::new();
                token::tokenize_span(text, span, &mut toks);
                let words: Vec<&str> = toks.iter().map(|t| &text[t.range()]).collect();
                if !toks.is_empty() {
                    let mode = features::line_mode(&words, &model.case_prior);
                    lines.push((toks, mode));
                }
            }
        }
        let mut doc = DocState::default();
        let mut sf = SeqFeats::default();
        let mut out = Vec::new();
        for normal_pass in [true, false] {
            for (toks, mode) in &lines {
                if (*mode == MODE_NORMAL) != normal_pass {
                    continue;
                }
                let words: Vec<&str> = toks.iter().map(|t| &text[t.range()]).collect();
                let ctx = Context { gaz: model.gaz, case_prior: &model.case_prior, hist: &doc.hist };
                sf.extract_in_mode(&words, &ctx, *mode);
                let (mut p1, mut p2, mut prev, mut tags) = (START, START, 0u8, Vec::new());
                for i in 0..sf.n {
                    let mut s = [0i32; NT];
                    for &f in sf.stat(i).iter().filter(|&&f| f != 0).chain(&sf.dynamic(i, p1, p2)) {
                        model.weights.add(f, &mut s);
                    }
                    prev = best_tag(&s, prev, i + 1 == sf.n);
                    tags.push(prev);
                    (p2, p1) = (p1, u64::from(prev));
                }
                for (a, b, k) in chunks(&tags) {
                    out.push(Tagged { span: Span::new(toks[a].start, toks[b - 1].end), kind: KINDS[k] });
                }
                doc.record(&sf, &tags);
            }
        }
        out.sort_by_key(|t| (t.span.start, t.span.end));
        out
    }

    #[test]
    fn cached_word_sums_tag_like_the_reference() {
        let m = Model::from_bytes(EMBEDDED_MODEL).expect("shipped model");
        let root = env!("CARGO_MANIFEST_DIR");
        let mut texts =
            vec!["NEW YORK (Reuters) - Rudy Giuliani met Hillary Clinton in Albania.\nTRUMP SLAMS CNN OVER \
             RUSSIA PROBE\nThe mayor of Tirana, Erion Veliaj, said so on Monday."
                .to_string()];
        for f in ["000_310dde132b2bd5a2.txt", "002_2515b4472a72e914.txt"] {
            if let Ok(t) = std::fs::read_to_string(format!("{root}/tests/fixtures/seeds/{f}")) {
                texts.push(t);
            }
        }
        let mut found = 0;
        for text in &texts {
            let sents = crate::segment::segment(text);
            let want = tag_reference(text, &sents, &m);
            // twice: the second time every word is in the cache
            assert_eq!(tag(text, &sents, &m), want);
            assert_eq!(tag(text, &sents, &m), want);
            found += want.len();
        }
        assert!(found > 5, "{found} names: the comparison says nothing");
        // Another model (one that knows one word): the cache must not answer with the
        // first model's sums.
        let mut row = [0f32; NT];
        row[usize::from(tag_of(3, POS_U))] = 1.0;
        let key = WordForms::of("Albania", &mut String::new()).keys()[2];
        let other = Model::new(Weights::from_rows(&[(key, row)]), HashKeyMap::default(), &EMPTY_GAZ);
        let got = tag(&texts[0], &[], &other);
        assert_eq!(got, tag_reference(&texts[0], &[Span::new(0, texts[0].len())], &other));
        assert_eq!(got.len(), 1);
        assert_eq!(&texts[0][got[0].span.range()], "Albania");
    }

    #[test]
    fn empty_model_tags_nothing() {
        let m = Model::default();
        assert!(tag("Rudy Giuliani went to Albania.", &[], &m).is_empty());
        assert!(Model::from_bytes(b"junk").is_err());
    }
}
