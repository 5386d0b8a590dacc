//! Feature extraction for the tagger: every feature is a 64-bit hash of a template
//! id and its values, so no feature string is ever built at run time.
//!
//! Static features (per token, computed once per sequence): word, lower-cased word,
//! short shape, prefixes and suffixes, words ±2 and shapes ±1, bigrams, position in the
//! sentence, the case of the whole line (normal, ALL-CAPS, lower), how the word is
//! usually cased, gazetteer membership (B/I/L/U of the longest match) and what the
//! same word was tagged earlier in the document. Dynamic features depend on the two
//! previous predicted tags.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::gazetteer::{Gazetteer, NGAZ};

/// Hasher for keys that are already good 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by feature hashes.
pub(crate) type HashKeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Mix two 64-bit values into one (order matters). splitmix64 finaliser.
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let mut z = a
        .wrapping_add(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(b.wrapping_mul(0xBF58_476D_1CE4_E5B9).rotate_left(27));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a over bytes, finalised.
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    hash_bytes(s.bytes())
}

/// [`hash_str`] of the string these bytes would spell (for callers that transform a
/// word's bytes on the fly instead of writing a copy).
#[inline]
pub(crate) fn hash_bytes(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h, 0x5bd1_e995)
}

/// Fold a word the way the tagger compares words: typographic quotes and apostrophes
/// to ASCII, digits to `0`; lower-cased when `lower`.
pub(crate) fn normalise(word: &str, lower: bool, buf: &mut String) {
    buf.clear();
    // most words are ASCII with no digit or backtick: a copy, lower-cased in place
    if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_digit() && b != b'`') {
        buf.push_str(word);
        if lower {
            buf.make_ascii_lowercase();
        }
        return;
    }
    normalise_chars(word, lower, buf);
}

/// [`normalise`] character by character (`buf` cleared by the caller).
fn normalise_chars(word: &str, lower: bool, buf: &mut String) {
    for c in word.chars() {
        match c {
            '0'..='9' => buf.push('0'),
            '’' | '‘' | '`' | '´' => buf.push('\''),
            '“' | '”' | '„' | '«' | '»' => buf.push('"'),
            '—' | '–' => buf.push('-'),
            c if lower && c.is_ascii() => buf.push(c.to_ascii_lowercase()),
            c if lower => buf.extend(c.to_lowercase()),
            c => buf.push(c),
        }
    }
}

/// Hash of a word's lower-cased normal form (also the gazetteer's key unit).
pub(crate) fn lower_hash(word: &str, buf: &mut String) -> u64 {
    normalise(word, true, buf);
    hash_str(buf)
}

/// Case of a whole line.
pub(crate) const MODE_NORMAL: u8 = 0;
/// Every cased word in upper case (headlines).
pub(crate) const MODE_UPPER: u8 = 1;
/// No upper-case letter at all.
pub(crate) const MODE_LOWER: u8 = 2;
/// Title Case: every word of four letters or more capitalised (at least three such).
pub(crate) const MODE_TITLE: u8 = 3;

/// The case of a sequence of words. Title Case needs, besides every word of four
/// letters or more capitalised, a capitalised word that `case_prior` says is usually
/// lower-case (`Has`, `For`), so lists of names stay normal text.
pub(crate) fn line_mode(words: &[&str], case_prior: &HashKeyMap<u8>) -> u8 {
    let mut buf = String::new();
    line_mode_of(words.iter().map(|w| {
        let case = WordCase::of(w);
        let casep = if case.cap { case_prior.get(&lower_hash(w, &mut buf)).copied().unwrap_or(0) } else { 0 };
        (case, casep)
    }))
}

/// What [`line_mode`] reads of one word.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordCase {
    /// First letter upper-case.
    pub(crate) cap: bool,
    /// Four letters or more.
    long: bool,
    has_lower: bool,
    has_upper: bool,
}

impl WordCase {
    pub(crate) fn of(w: &str) -> WordCase {
        let mut has_lower = false;
        let mut has_upper = false;
        for c in w.chars() {
            has_lower |= c.is_lowercase();
            has_upper |= c.is_uppercase();
        }
        WordCase {
            cap: w.chars().next().is_some_and(char::is_uppercase),
            long: w.chars().filter(|c| c.is_alphabetic()).count() >= 4,
            has_lower,
            has_upper,
        }
    }
}

/// [`line_mode`] of words given by their case and their case prior (0 when the
/// prior has no entry; it is only read for capitalised words).
pub(crate) fn line_mode_of(words: impl Iterator<Item = (WordCase, u8)>) -> u8 {
    let mut usually_lower = false;
    let (mut n, mut cased, mut upper_words, mut any_upper) = (0usize, 0usize, 0usize, false);
    let (mut long, mut long_cap) = (0usize, 0usize);
    for (c, casep) in words {
        if c.long {
            long += 1;
            long_cap += usize::from(c.cap);
        }
        if c.cap && n > 0 && casep == CASE_LOWER {
            usually_lower = true;
        }
        n += 1;
        if c.has_lower || c.has_upper {
            cased += 1;
            any_upper |= c.has_upper;
            if c.has_upper && !c.has_lower {
                upper_words += 1;
            }
        }
    }
    if cased == 0 {
        MODE_NORMAL
    } else if !any_upper {
        MODE_LOWER
    } else if upper_words * 10 >= cased * 8 && (cased >= 2 || n <= 2) {
        MODE_UPPER
    } else if long >= 3 && long_cap == long && usually_lower {
        MODE_TITLE
    } else {
        MODE_NORMAL
    }
}

/// Usually written capitalised mid-sentence.
pub(crate) const CASE_CAP: u8 = 1;
/// Usually written lower-case.
pub(crate) const CASE_LOWER: u8 = 2;

// Template ids.
const T_BIAS: u64 = 1;
const T_W: u64 = 2;
const T_LW: u64 = 3;
const T_SSHAPE: u64 = 5;
const T_PRE: u64 = 6; // +k
const T_SUF: u64 = 10; // +k
const T_LW_M1: u64 = 14;
const T_LW_M2: u64 = 15;
const T_LW_P1: u64 = 16;
const T_LW_P2: u64 = 17;
const T_SS_M1: u64 = 18;
const T_SS_P1: u64 = 19;
const T_BI_M1: u64 = 20;
const T_BI_P1: u64 = 21;
const T_POS_SS: u64 = 23;
const T_MODE_SS: u64 = 24;
const T_CASEP: u64 = 25;
const T_HIST: u64 = 26;
const T_HIST_MODE: u64 = 27;
const T_GAZ: u64 = 30;
const T_GAZ_CAP: u64 = 31;
const T_MODE_LW: u64 = 32;
const T_PT1: u64 = 40;
const T_PT2: u64 = 41;
const T_PT1_LW: u64 = 42;
const T_PT1_SS: u64 = 43;

/// Static features per token (a 0 slot is absent).
pub(crate) const NS: usize = 30 + 2 * NGAZ;
/// Dynamic features per token.
pub(crate) const ND: usize = 4;

/// Previous-tag value before the first token.
pub(crate) const START: u64 = 99;

/// Features of one sequence (a sentence or line), reused across calls.
#[derive(Default)]
pub(crate) struct SeqFeats {
    /// Number of tokens.
    pub(crate) n: usize,
    /// `n * NS` static feature hashes.
    pub(crate) stat: Vec<u64>,
    /// Lower-cased word hashes.
    pub(crate) lw: Vec<u64>,
    /// Short-shape hashes.
    pub(crate) sshape: Vec<u64>,
    /// First letter upper-case.
    pub(crate) cap: Vec<bool>,
    /// Case prior of each lower-cased word (0: none).
    casep: Vec<u8>,
    /// [`Gazetteer::first`] of each word, when the caller knows it.
    gaz_first: Vec<Option<u8>>,
    /// Line case.
    pub(crate) mode: u8,
    buf: String,
    gaz_code: Vec<[u8; NGAZ]>,
    word_keys: Vec<[u64; WORD_SLOTS]>,
}

/// The static feature slots `0..WORD_SLOTS` of a token depend on the word alone
/// (bias, word, lower-cased word, shape, affixes); the others on its context.
pub(crate) const WORD_SLOTS: usize = 13;

/// A word's forms as the features see them, out of context.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WordForms {
    /// Hash of the normal form, case kept.
    w: u64,
    /// Hash of the lower-cased normal form.
    pub(crate) lw: u64,
    /// Hash of the short shape.
    pub(crate) ss: u64,
    /// First letter upper-case.
    pub(crate) cap: bool,
    /// Hashes of the lower-cased prefixes (then suffixes) of 1..=4 chars (0: none).
    affix: [u64; 8],
}

impl WordForms {
    /// The forms of `w` (`buf` is scratch space).
    pub(crate) fn of(w: &str, buf: &mut String) -> WordForms {
        normalise(w, false, buf);
        let wh = hash_str(buf);
        normalise(w, true, buf);
        let lw = &*buf;
        let lwh = hash_str(lw);
        // Prefixes and suffixes of 1..=4 chars (shorter than the word).
        let mut affix = [0u64; 8];
        let mut heads = lw.char_indices().skip(1).map(|(i, _)| i);
        let mut tails = lw.char_indices().rev().map(|(i, _)| i);
        for k in 0..4 {
            match (heads.next(), tails.next()) {
                (Some(h), Some(t)) if t > 0 => {
                    affix[k] = hash_str(&lw[..h]);
                    affix[4 + k] = hash_str(&lw[t..]);
                }
                _ => break,
            }
        }
        short_shape(w, buf);
        let ss = hash_str(buf);
        WordForms { w: wh, lw: lwh, ss, cap: w.chars().next().is_some_and(char::is_uppercase), affix }
    }

    /// The keys of static slots `0..WORD_SLOTS` (0: absent).
    pub(crate) fn keys(&self) -> [u64; WORD_SLOTS] {
        let mut f = [0u64; WORD_SLOTS];
        f[0] = T_BIAS;
        f[1] = mix(T_W, self.w);
        f[2] = mix(T_LW, self.lw);
        f[4] = mix(T_SSHAPE, self.ss);
        for k in 0..4 {
            if self.affix[k] != 0 {
                f[5 + k] = mix(T_PRE + k as u64, self.affix[k]);
            }
            if self.affix[4 + k] != 0 {
                f[9 + k] = mix(T_SUF + k as u64, self.affix[4 + k]);
            }
        }
        f
    }
}

/// What the tagger needs besides the words.
pub(crate) struct Context<'a> {
    pub(crate) gaz: &'a Gazetteer,
    pub(crate) case_prior: &'a HashKeyMap<u8>,
    /// Lower-cased word hash → what it was tagged earlier in this document
    /// (1 + kind index, or 5 for O).
    pub(crate) hist: &'a HashKeyMap<u8>,
}

/// Short word shape: `X` upper, `x` lower, `d` digit, `a` other letter, other
/// characters kept (typographic quotes and dashes folded), runs collapsed.
pub(crate) fn short_shape(word: &str, short: &mut String) {
    short.clear();
    let mut last = '\0';
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            match c {
                '’' | '‘' => '\'',
                '“' | '”' => '"',
                '—' | '–' => '-',
                c => c,
            }
        };
        if s != last {
            short.push(s);
            last = s;
        }
    }
}

impl SeqFeats {
    /// Compute the static features of `words`.
    pub(crate) fn extract(&mut self, words: &[&str], ctx: &Context<'_>) {
        self.extract_in_mode(words, ctx, line_mode(words, ctx.case_prior));
    }

    /// [`SeqFeats::extract`] for a line whose case is known: `mode` must be
    /// `line_mode(words, ctx.case_prior)`.
    pub(crate) fn extract_in_mode(&mut self, words: &[&str], ctx: &Context<'_>, mode: u8) {
        self.begin(mode);
        self.word_keys.clear();
        let mut buf = std::mem::take(&mut self.buf);
        for w in words {
            let f = WordForms::of(w, &mut buf);
            self.word_keys.push(f.keys());
            self.push(f.lw, f.ss, f.cap, ctx.case_prior.get(&f.lw).copied().unwrap_or(0));
        }
        self.buf = buf;
        self.fill_context(ctx);
        for (i, k) in self.word_keys.iter().enumerate() {
            self.stat[i * NS..i * NS + WORD_SLOTS].copy_from_slice(k);
        }
    }

    /// Start a sequence of lines case `mode`; then [`SeqFeats::push`] every token and
    /// call [`SeqFeats::fill_context`].
    pub(crate) fn begin(&mut self, mode: u8) {
        self.n = 0;
        self.mode = mode;
        self.lw.clear();
        self.sshape.clear();
        self.cap.clear();
        self.casep.clear();
        self.gaz_first.clear();
    }

    /// [`SeqFeats::push`] with the word's [`Gazetteer::first`] (the caller gives it
    /// for all tokens of a sequence or for none).
    #[inline]
    pub(crate) fn push_known(&mut self, lw: u64, ss: u64, cap: bool, casep: u8, gaz_first: Option<u8>) {
        self.push(lw, ss, cap, casep);
        self.gaz_first.push(gaz_first);
    }

    /// Add a token: the hashes of its lower-cased word and shape, whether it is
    /// capitalised, and its case prior.
    #[inline]
    pub(crate) fn push(&mut self, lw: u64, ss: u64, cap: bool, casep: u8) {
        self.n += 1;
        self.lw.push(lw);
        self.sshape.push(ss);
        self.cap.push(cap);
        self.casep.push(casep);
    }

    /// Compute the static features that depend on context (slots from `WORD_SLOTS`
    /// on). The word slots are not written: the caller fills them
    /// ([`SeqFeats::extract_in_mode`]) or never reads them (`ner::tag`, which has
    /// their sums cached per word).
    pub(crate) fn fill_context(&mut self, ctx: &Context<'_>) {
        let n = self.n;
        // every context slot of every row is written below, so the table is only
        // grown, never cleared (zeroing it cost as much as filling it)
        if self.stat.len() < n * NS {
            self.stat.resize(n * NS, 0);
        }
        // Gazetteer codes: 1 B, 2 I, 3 L, 4 U of the longest match, per list.
        self.gaz_code.clear();
        self.gaz_code.resize(n, [0; NGAZ]);
        let first = (self.gaz_first.len() == n).then_some(&self.gaz_first[..]);
        ctx.gaz.mark_known(&self.lw, first, &mut self.gaz_code);

        const BOS: u64 = 0x0b05;
        const EOS: u64 = 0x0e05;
        let lw_at = |j: isize| -> u64 {
            if j < 0 {
                BOS
            } else if j as usize >= n {
                EOS
            } else {
                self.lw[j as usize]
            }
        };
        let ss_at = |j: isize| -> u64 {
            if j < 0 {
                BOS
            } else if j as usize >= n {
                EOS
            } else {
                self.sshape[j as usize]
            }
        };
        let mode = u64::from(self.mode);
        for i in 0..n {
            let ii = i as isize;
            let f = &mut self.stat[i * NS..(i + 1) * NS];
            let lw = self.lw[i];
            let ss = self.sshape[i];
            let cap = u64::from(self.cap[i]);
            f[13] = mix(T_LW_M1, lw_at(ii - 1));
            f[14] = mix(T_LW_M2, lw_at(ii - 2));
            f[15] = mix(T_LW_P1, lw_at(ii + 1));
            f[16] = mix(T_LW_P2, lw_at(ii + 2));
            f[17] = mix(T_SS_M1, ss_at(ii - 1));
            f[18] = mix(T_SS_P1, ss_at(ii + 1));
            f[19] = mix(mix(T_BI_M1, lw_at(ii - 1)), lw);
            f[20] = mix(mix(T_BI_P1, lw), lw_at(ii + 1));
            f[22] = mix(mix(T_POS_SS, i.min(2) as u64), ss);
            f[23] = mix(mix(T_MODE_SS, mode), ss);
            let casep = u64::from(self.casep[i]);
            f[24] = mix(T_CASEP, casep | mode << 2 | cap << 4 | (i.min(1) as u64) << 5);
            (f[25], f[26]) = match ctx.hist.get(&lw) {
                Some(&h) => {
                    (mix(T_HIST, u64::from(h) | cap << 3), mix(T_HIST_MODE, u64::from(h) | mode << 3))
                }
                None => (0, 0),
            };
            // slots 21, 27 and 28 hold no feature
            (f[21], f[27], f[28]) = (0, 0, 0);
            f[29] = if self.mode != MODE_NORMAL { mix(mix(T_MODE_LW, mode), lw) } else { 0 };
            for (k, &code) in self.gaz_code[i].iter().enumerate() {
                (f[30 + 2 * k], f[31 + 2 * k]) = if code != 0 {
                    let v = (k as u64) << 3 | u64::from(code);
                    (mix(T_GAZ, v), mix(T_GAZ_CAP, v | cap << 8 | mode << 9))
                } else {
                    (0, 0)
                };
            }
        }
    }

    /// Static features of token `i`.
    #[inline]
    pub(crate) fn stat(&self, i: usize) -> &[u64] {
        &self.stat[i * NS..(i + 1) * NS]
    }

    /// Dynamic features of token `i` given the two previous tags.
    #[inline]
    pub(crate) fn dynamic(&self, i: usize, p1: u64, p2: u64) -> [u64; ND] {
        [
            mix(T_PT1, p1),
            mix(T_PT2, p2 << 8 | p1),
            mix(mix(T_PT1_LW, p1), self.lw[i]),
            mix(mix(T_PT1_SS, p1), self.sshape[i]),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_words_normalise_as_character_by_character() {
        for w in
            ["Said", "U.S.", "don't", "1990s", "`Tis", "McCAIN", "", "—", "Legare’s", "Über", "--", "a&b"]
        {
            for lower in [false, true] {
                let (mut fast, mut slow) = (String::new(), String::new());
                normalise(w, lower, &mut fast);
                normalise_chars(w, lower, &mut slow);
                assert_eq!(fast, slow, "{w:?} {lower}");
            }
        }
    }

    #[test]
    fn modes() {
        let cases: &[(&[&str], u8)] = &[
            (&["Mayor", "Rudy", "Giuliani", "spoke", "."], MODE_NORMAL),
            (&["CRICKET", "-", "LEICESTERSHIRE", "TAKE", "OVER"], MODE_UPPER),
            (&["mayor", "rudy", "giuliani", "in", "ashraf", "3"], MODE_LOWER),
            (&["LONDON", "1996-08-30"], MODE_UPPER),
            (&["The", "EU", "and", "NATO", "met"], MODE_NORMAL),
            (&["1996", "."], MODE_NORMAL),
            (
                &["Ashraf", "3", "Has", "a", "Twin", "City", "Award", "in", "a", "European", "City"],
                MODE_TITLE,
            ),
            (&["Praise", "For", "Ashraf", "3"], MODE_NORMAL),
            (&["Sen.", "Joe", "Lieberman", "and", "former", "Mayor", "Rudy", "Giuliani"], MODE_NORMAL),
            (&["Leicestershire", "22", "points", ",", "Somerset", "4"], MODE_NORMAL),
            (&["Leicestershire", "22", "Points", ",", "Somerset", "4", "Essex"], MODE_NORMAL),
        ];
        let mut prior = HashKeyMap::default();
        let mut b = String::new();
        for w in ["has", "in", "for", "award"] {
            prior.insert(lower_hash(w, &mut b), CASE_LOWER);
        }
        for (words, want) in cases {
            assert_eq!(line_mode(words, &prior), *want, "{words:?}");
        }
    }

    #[test]
    fn shapes_table() {
        let mut s = String::new();
        for (w, short) in [
            ("Giuliani", "Xx"),
            ("U.S.", "X.X."),
            ("1,000.5", "d,d.d"),
            ("Jean-François", "Xx-Xx"),
            ("I-CT", "X-X"),
            ("“Iran’s”", "\"Xx'x\""),
        ] {
            short_shape(w, &mut s);
            assert_eq!(s, short, "{w}");
        }
    }

    #[test]
    fn normal_forms_fold_case_quotes_and_digits() {
        let mut b = String::new();
        assert_eq!(lower_hash("Iran’s", &mut b), lower_hash("iran's", &mut b));
        assert_eq!(lower_hash("1996", &mut b), lower_hash("2001", &mut b));
        assert_ne!(lower_hash("Iran", &mut b), lower_hash("Iraq", &mut b));
        assert_ne!(mix(1, 2), mix(2, 1));
    }

    #[test]
    fn affixes_are_proper_prefixes_and_suffixes() {
        let gaz = Gazetteer::default();
        let map = HashKeyMap::default();
        let ctx = Context { gaz: &gaz, case_prior: &map, hist: &map };
        let mut a = SeqFeats::default();
        a.extract(&["Zürich", "ab", "x"], &ctx);
        let mut b = String::new();
        let f: Vec<[u64; 8]> = ["Zürich", "ab", "x"].iter().map(|w| WordForms::of(w, &mut b).affix).collect();
        assert_eq!(f[0][0], hash_str("z"));
        assert_eq!(f[0][3], hash_str("züri"));
        assert_eq!(f[0][4], hash_str("h"));
        assert_eq!(f[0][7], hash_str("rich"));
        assert_eq!(f[1], [hash_str("a"), 0, 0, 0, hash_str("b"), 0, 0, 0]);
        assert_eq!(f[2], [0; 8]);
        for (i, w) in ["Zürich", "ab", "x"].iter().enumerate() {
            assert_eq!(a.stat(i)[..WORD_SLOTS], WordForms::of(w, &mut b).keys(), "{w}");
            assert_eq!(a.stat(i)[5], if i < 2 { mix(T_PRE, f[i][0]) } else { 0 });
        }
    }

    #[test]
    fn reused_tables_hold_no_stale_features() {
        let gaz = Gazetteer::from_lists(&["new york\n", "", "", "", "rudy\n"]);
        let mut hist = HashKeyMap::default();
        hist.insert(lower_hash("Giuliani", &mut String::new()), 1);
        let map = HashKeyMap::default();
        let ctx = Context { gaz: &gaz, case_prior: &map, hist: &hist };
        let long = ["Rudy", "Giuliani", "went", "to", "New", "York", "."];
        let short = ["SHE", "SAID"];
        let mut reused = SeqFeats::default();
        reused.extract(&long, &ctx);
        for words in [&short[..], &long[..4]] {
            reused.extract(words, &ctx);
            let mut fresh = SeqFeats::default();
            fresh.extract(words, &ctx);
            for i in 0..words.len() {
                assert_eq!(reused.stat(i), fresh.stat(i), "{words:?} {i}");
            }
        }
    }

    #[test]
    fn features_are_case_sensitive_where_they_should_be() {
        let gaz = Gazetteer::default();
        let map = HashKeyMap::default();
        let ctx = Context { gaz: &gaz, case_prior: &map, hist: &map };
        let mut a = SeqFeats::default();
        let mut b = SeqFeats::default();
        a.extract(&["Rudy", "Giuliani", "spoke"], &ctx);
        b.extract(&["rudy", "giuliani", "spoke"], &ctx);
        assert_eq!(a.n, 3);
        assert_eq!(a.stat(1)[2], b.stat(1)[2], "lower-cased word feature is shared");
        assert_ne!(a.stat(1)[1], b.stat(1)[1], "cased word feature differs");
        assert_ne!(a.stat(1)[23], b.stat(1)[23], "mode|shape differs");
        assert_ne!(a.dynamic(1, START, START), a.dynamic(1, 0, START));
    }
}
