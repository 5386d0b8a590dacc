//! What the tagger knows of word forms besides its weights, both read from the
//! training data and saved in the byte table of the weight file:
//!
//! - the tag dictionary: frequent words that (almost) always have the same tag are
//!   tagged without scoring (`the`, `said`, `,`);
//! - ambiguity classes: for every word seen often enough, the set of tags it was seen
//!   with (`NOUN|VB`, `VBD|VBN`) as a small id, a feature that shares what is learnt
//!   about one ambiguous word with all words of its class (the memory-based tagger
//!   that produced CoNLL's POS column works on such classes). Rare and unknown words
//!   have class 0, in training as at run time.
//!
//! In the file both live in one key → byte table: dictionary entries under the
//! word's key with a tag index (< [`CLASS_BASE`]), class entries under a salted key
//! with [`CLASS_BASE`] + the class id.

use super::{best, NP};
use crate::ner::features::{mix, HashKeyMap};

/// Values of class entries in the file start here (tag indices are below).
const CLASS_BASE: u8 = 32;
/// Mixed into a word's key to make the key of its class entry.
const CLASS_SALT: u64 = 0xC1A55;
/// Most classes kept (the most common ones; words of other classes get class 0).
const MAX_CLASSES: usize = (u8::MAX - CLASS_BASE) as usize;

/// The tag dictionary and the ambiguity classes, by word key
/// ([`super::features::dict_key`]).
#[derive(Default, Clone)]
pub(crate) struct Lexicon {
    dict: HashKeyMap<u8>,
    /// Salted word key → class id (1…).
    classes: HashKeyMap<u8>,
}

/// How [`Lexicon::build`] chooses entries.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LexiconOptions {
    /// Dictionary: seen at least this often …
    pub(crate) dict_min_count: u32,
    /// … with one tag at least this share of the time.
    pub(crate) dict_min_share: f64,
    /// Classes: words seen at least this often; a tag counts in the class when it
    /// has at least `class_min_share` of the word's occurrences.
    pub(crate) class_min_count: u32,
    pub(crate) class_min_share: f64,
}

impl Lexicon {
    /// The dictionary tag of the word with key `key`.
    #[inline]
    pub(crate) fn tag(&self, key: u64) -> Option<u8> {
        self.dict.get(&key).copied()
    }

    /// The ambiguity class of the word with key `key` (0: rare or unknown).
    #[inline]
    pub(crate) fn class(&self, key: u64) -> u8 {
        self.classes.get(&mix(key, CLASS_SALT)).copied().unwrap_or(0)
    }

    /// Number of dictionary words.
    pub(crate) fn dict_len(&self) -> usize {
        self.dict.len()
    }

    /// Build from tag counts per word key.
    pub(crate) fn build(counts: &HashKeyMap<[u32; NP]>, opts: &LexiconOptions) -> Lexicon {
        let mut lex = Lexicon::default();
        let mut words: Vec<(u64, &[u32; NP])> = counts.iter().map(|(&k, c)| (k, c)).collect();
        words.sort_unstable_by_key(|w| w.0);
        let mut masks: Vec<(u64, u32)> = Vec::new();
        for (k, c) in words {
            let total: u32 = c.iter().sum();
            let t = best(c);
            if total >= opts.dict_min_count
                && f64::from(c[usize::from(t)]) >= opts.dict_min_share * f64::from(total)
            {
                lex.dict.insert(k, t);
            }
            if total >= opts.class_min_count {
                let min = opts.class_min_share * f64::from(total);
                let mask =
                    (0..NP).filter(|&t| c[t] > 0 && f64::from(c[t]) >= min).fold(0u32, |m, t| m | 1 << t);
                masks.push((k, mask));
            }
        }
        // Class ids by number of words, most common first (ties by mask).
        let mut freq: HashKeyMap<usize> = HashKeyMap::default();
        masks.iter().for_each(|&(_, m)| *freq.entry(u64::from(m)).or_default() += 1);
        let mut ranked: Vec<(usize, u64)> = freq.into_iter().map(|(m, n)| (n, m)).collect();
        ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let id: HashKeyMap<u8> =
            ranked.iter().take(MAX_CLASSES).enumerate().map(|(i, &(_, m))| (m, i as u8 + 1)).collect();
        for (k, m) in masks {
            if let Some(&c) = id.get(&u64::from(m)) {
                lex.classes.insert(mix(k, CLASS_SALT), c);
            }
        }
        lex
    }

    /// The file's byte table, sorted by key.
    pub(crate) fn table(&self) -> Vec<(u64, u8)> {
        let dict = self.dict.iter().map(|(&k, &t)| (k, t));
        let classes = self.classes.iter().map(|(&k, &c)| (k, CLASS_BASE + c));
        let mut t: Vec<(u64, u8)> = dict.chain(classes).collect();
        t.sort_unstable();
        t
    }

    /// Read the file's byte table.
    pub(crate) fn from_table(table: HashKeyMap<u8>) -> Lexicon {
        let (dict, classes): (HashKeyMap<u8>, HashKeyMap<u8>) =
            table.into_iter().partition(|&(_, v)| v < CLASS_BASE);
        let classes = classes.into_iter().map(|(k, v)| (k, v - CLASS_BASE)).collect();
        Lexicon { dict, classes }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_dictionary_and_classes_and_round_trips() {
        let mut counts: HashKeyMap<[u32; NP]> = HashKeyMap::default();
        let mut c = [0u32; NP];
        c[11] = 100; // `the`: always DET
        counts.insert(1, c);
        let mut c = [0u32; NP];
        (c[4], c[6]) = (30, 20); // VBD|VBN
        counts.insert(2, c);
        counts.insert(3, c);
        let mut c = [0u32; NP];
        c[0] = 1; // seen once: no class
        counts.insert(4, c);
        let opts = LexiconOptions {
            dict_min_count: 20,
            dict_min_share: 0.99,
            class_min_count: 3,
            class_min_share: 0.05,
        };
        let lex = Lexicon::build(&counts, &opts);
        assert_eq!((lex.tag(1), lex.tag(2), lex.dict_len()), (Some(11), None, 1));
        assert_eq!(lex.class(2), 1, "the most common class is 1");
        assert_eq!(lex.class(2), lex.class(3));
        assert_ne!(lex.class(1), lex.class(2));
        assert_eq!(lex.class(4), 0);
        let back = Lexicon::from_table(lex.table().into_iter().collect());
        assert_eq!(back.table(), lex.table());
        assert_eq!((back.tag(1), back.class(3), back.class(4)), (Some(11), 1, 0));
    }
}
