//! Feature templates of the part-of-speech tagger. Every feature is a 64-bit hash of
//! a template, an offset and a value, as in [`crate::ner::features`].
//!
//! The templates are chosen so that the model is a sum of per-word parts: each
//! feature of token `i` reads either one word of the window `i-2..=i+2` (its
//! [`WordKeys`] at that offset) or the two previous predicted tags (see
//! [`tag_keys`]), but for three (below). The tagger can therefore sum, once per distinct word, the rows that
//! word adds at each of the five offsets, and score a token with five row additions
//! and one tag-history row.
//!
//! Word features (offset 0): the normal form (case kept), the lower-cased normal form,
//! prefixes of 1–3 and suffixes of 1–4 characters of the lower-cased form (so a Title
//! Case or ALL-CAPS headline word still shows its verb or plural ending), and the short
//! shape (`Xx`, `d,d`, `X.X.`). Neighbours ±1: lower-cased form, 3-character suffix,
//! shape, normal form, 2-character suffix. Neighbours ±2: lower-cased form, shape.
//! Beyond the sentence, a start or end marker stands in for the word.
//!
//! Three features read two things at once and are looked up in the weight table for
//! each scored token ([`pair_keys`], [`tag_word_key`]): the lower-cased form with the
//! one before it, with the one after it, and with the previous tag. They are worth
//! about 0.3 points of accuracy.

use super::lexicon::Lexicon;
use crate::ner::features::{hash_str, mix, normalise, short_shape};

/// Offsets `-2..=2` of the window, as indices `0..WINDOW` (index 2 is the token).
pub(crate) const WINDOW: usize = 5;
/// Most keys one word contributes at one offset.
pub(crate) const MAX_KEYS: usize = 11;

// Template ids (the offset index is mixed in too).
const T_W: u64 = 1;
const T_LW: u64 = 2;
const T_PRE: u64 = 3; // + length - 1 (3 values)
const T_SUF: u64 = 6; // + length - 1 (4 values)
const T_SHAPE: u64 = 10;
const T_PAD: u64 = 11;
const T_W_HEADLINE: u64 = 12;
const T_SHAPE_HEADLINE: u64 = 13;
const T_CLASS: u64 = 14;
const T_BIAS: u64 = 20;
const T_P1: u64 = 21;
const T_P2: u64 = 22;
const T_P12: u64 = 23;
const T_BI_LEFT: u64 = 24;
const T_BI_RIGHT: u64 = 25;
const T_P1_LW: u64 = 26;

/// Key of template `t` at offset index `o` with value hash `v`.
#[inline]
fn key(t: u64, o: usize, v: u64) -> u64 {
    mix(t * 8 + o as u64, v)
}

/// The keys one word contributes at each offset of the window (0: absent), and
/// what the pair features and the tag dictionary say of it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WordKeys {
    /// `keys[o]`: the features the word fires for the token at offset `o - 2` from it.
    pub(crate) keys: [[u64; MAX_KEYS]; WINDOW],
    /// Hash of the lower-cased normal form (read by the pair features).
    pub(crate) lw: u64,
    /// Tag index from the tag dictionary, or [`NO_TAG`].
    pub(crate) dict: u8,
}

/// [`WordKeys::dict`] of a word the dictionary does not settle.
pub(crate) const NO_TAG: u8 = u8::MAX;

impl WordKeys {
    /// The keys of `word` in a sentence that is a headline ([`is_headline`]) or
    /// not, with what `lex` knows of it (`buf` is scratch space).
    pub(crate) fn of(word: &str, headline: bool, lex: &Lexicon, buf: &mut String) -> WordKeys {
        // In a headline, the case of a word says little: its cased features are
        // learnt apart.
        let (t_w, t_shape) = if headline { (T_W_HEADLINE, T_SHAPE_HEADLINE) } else { (T_W, T_SHAPE) };
        let mut keys = [[0u64; MAX_KEYS]; WINDOW];
        normalise(word, false, buf);
        let w = hash_str(buf);
        short_shape(word, buf);
        let shape = hash_str(buf);
        normalise(word, true, buf);
        let lw = hash_str(buf);
        let lower = buf.as_str();
        // Proper prefixes of 1..=3 and suffixes of 1..=4 characters.
        let mut affixes = [0u64; 7];
        let mut heads = lower.char_indices().skip(1).map(|(i, _)| i);
        for (k, slot) in affixes[..3].iter_mut().enumerate() {
            match heads.next() {
                Some(h) => *slot = key(T_PRE + k as u64, 2, hash_str(&lower[..h])),
                None => break,
            }
        }
        let mut tails = lower.char_indices().rev().map(|(i, _)| i).filter(|&i| i > 0);
        for (k, slot) in affixes[3..].iter_mut().enumerate() {
            match tails.next() {
                Some(t) => *slot = key(T_SUF + k as u64, 2, hash_str(&lower[t..])),
                None => break,
            }
        }
        // The 3-character suffix a neighbour shows (the whole word when shorter).
        let suf3 = lower.char_indices().rev().nth(2).map_or(lower, |(i, _)| &lower[i..]);
        let suf3 = hash_str(suf3);

        let own = &mut keys[2];
        own[0] = key(t_w, 2, w);
        own[1] = key(T_LW, 2, lw);
        own[2] = key(t_shape, 2, shape);
        own[3..10].copy_from_slice(&affixes);
        let suf2 = lower.char_indices().rev().nth(1).map_or(lower, |(i, _)| &lower[i..]);
        let suf2 = hash_str(suf2);
        for o in [1, 3] {
            keys[o][..5].copy_from_slice(&[
                key(T_LW, o, lw),
                key(T_SUF + 2, o, suf3),
                key(t_shape, o, shape),
                key(t_w, o, w),
                key(T_SUF + 1, o, suf2),
            ]);
        }
        for o in [0, 4] {
            keys[o][..2].copy_from_slice(&[key(T_LW, o, lw), key(t_shape, o, shape)]);
        }
        // The ambiguity class, seen from the token itself and the tokens before.
        let class = u64::from(lex.class(w));
        for (o, slot) in [(1, 5), (2, 10), (3, 5), (4, 2)] {
            keys[o][slot] = key(T_CLASS, o, class);
        }
        WordKeys { keys, lw, dict: lex.tag(w).unwrap_or(NO_TAG) }
    }

    /// The keys of the marker that stands for the words before the sentence
    /// (`end == false`) or after it.
    pub(crate) fn pad(end: bool) -> WordKeys {
        let mut keys = [[0u64; MAX_KEYS]; WINDOW];
        for (o, k) in keys.iter_mut().enumerate() {
            // Before the sentence a marker is seen by later tokens only (offsets < 0).
            if (o < 2 && !end) || (o > 2 && end) {
                k[0] = key(T_PAD, o, u64::from(end));
            }
        }
        WordKeys { keys, lw: u64::from(end) + 1, dict: NO_TAG }
    }
}

/// The keys of the features that read the previous two predicted tags (`p1` the
/// previous one; a tag value of `NP` stands for before the sentence), and the bias.
#[inline]
pub(crate) fn tag_keys(p1: u8, p2: u8) -> [u64; 4] {
    [
        T_BIAS,
        mix(T_P1, u64::from(p1)),
        mix(T_P2, u64::from(p2)),
        mix(T_P12, u64::from(p1) << 8 | u64::from(p2)),
    ]
}

/// True when the sentence is cased like a headline: Title Case (every word of four
/// letters or more capitalised, at least three such words) or ALL CAPS (at least two
/// words with letters, four in five of them without a lower-case letter).
pub(crate) fn is_headline<'w>(words: impl IntoIterator<Item = &'w str>) -> bool {
    let (mut long, mut long_cap, mut cased, mut upper) = (0usize, 0usize, 0usize, 0usize);
    for w in words {
        let (letters, has_lower, has_upper) = if w.is_ascii() {
            let (mut lower, mut upper) = (0usize, 0usize);
            for c in w.bytes() {
                lower += usize::from(c.is_ascii_lowercase());
                upper += usize::from(c.is_ascii_uppercase());
            }
            (lower + upper, lower > 0, upper > 0)
        } else {
            (
                w.chars().filter(|c| c.is_alphabetic()).count(),
                w.chars().any(char::is_lowercase),
                w.chars().any(char::is_uppercase),
            )
        };
        if letters >= 4 {
            long += 1;
            long_cap += usize::from(w.chars().next().is_some_and(char::is_uppercase));
        }
        if has_lower || has_upper {
            cased += 1;
            upper += usize::from(!has_lower);
        }
    }
    (long >= 3 && long_cap == long) || (cased >= 2 && upper * 5 >= cased * 4)
}

/// The keys of the features that read two words: the token's lower-cased form
/// with the one before (`left`) and with the one after (`right`).
#[inline]
pub(crate) fn pair_keys(left: u64, lw: u64, right: u64) -> [u64; 2] {
    [mix(mix(T_BI_LEFT, left), lw), mix(mix(T_BI_RIGHT, lw), right)]
}

/// The key of the feature that reads the previous tag with the token's word.
#[inline]
pub(crate) fn tag_word_key(p1: u8, lw: u64) -> u64 {
    mix(mix(T_P1_LW, u64::from(p1)), lw)
}

/// Hash of a word's normal form with case kept: the tag dictionary's key.
pub(crate) fn dict_key(word: &str, buf: &mut String) -> u64 {
    normalise(word, false, buf);
    hash_str(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own(w: &str) -> Vec<u64> {
        WordKeys::of(w, false, &Lexicon::default(), &mut String::new()).keys[2].to_vec()
    }

    #[test]
    fn case_and_typography_fold_where_they_should() {
        let mut buf = String::new();
        // Curly and straight apostrophes are the same word.
        assert_eq!(own("Legare’s"), own("Legare's"));
        // A headline's `Slams` shares the lower-cased form and suffixes with `slams`.
        let (a, b) = (own("Slams"), own("slams"));
        assert_ne!(a[0], b[0], "the cased form differs");
        assert_eq!(a[1], b[1], "the lower-cased form does not");
        assert_eq!(a[3..], b[3..], "nor the affixes");
        assert_eq!(dict_key("don’t", &mut buf), dict_key("don't", &mut buf));
        assert_ne!(dict_key("May", &mut buf), dict_key("may", &mut buf));
    }

    #[test]
    fn headlines_are_title_case_or_all_caps() {
        let h = |s: &str| is_headline(s.split(' '));
        assert!(h("Trump Slams Media Over Russia Probe"));
        assert!(h("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT ."));
        assert!(!h("The jobs report gives investors little comfort ."));
        assert!(!h("BRUSSELS 1996-08-22"));
        assert!(!h("Peter Blackburn"));
        // A headline's words fire their own cased features, and share the others.
        let (a, b) = (
            WordKeys::of("Slams", true, &Lexicon::default(), &mut String::new()),
            WordKeys::of("Slams", false, &Lexicon::default(), &mut String::new()),
        );
        assert_ne!(a.keys[2][0], b.keys[2][0]);
        assert_eq!(a.keys[2][1], b.keys[2][1]);
    }

    #[test]
    fn affixes_are_proper_and_offsets_distinct() {
        let k = WordKeys::of("a", false, &Lexicon::default(), &mut String::new());
        assert!(k.keys[2][3..10].iter().all(|&x| x == 0), "no affix of a 1-letter word");
        let k = WordKeys::of("reports", false, &Lexicon::default(), &mut String::new());
        assert!(k.keys[2].iter().all(|&x| x != 0));
        // The same word at different offsets fires different features.
        let all: Vec<u64> = k.keys.iter().flatten().copied().filter(|&x| x != 0).collect();
        let mut dedup = all.clone();
        dedup.sort_unstable();
        dedup.dedup();
        assert_eq!(all.len(), dedup.len());
        let (s, e) = (WordKeys::pad(false), WordKeys::pad(true));
        assert!(s.keys[3][0] == 0 && s.keys[1][0] != 0 && e.keys[3][0] != 0 && e.keys[1][0] == 0);
    }
}
