//! Word classes learnt from unlabelled news text (`data/lexicon/word_clusters.tsv`,
//! built by `scripts/build_word_clusters.py`): each known word has a bit path in a
//! binary tree of classes, and the tagger reads prefixes of that path as features
//! (as Brown-cluster prefixes in Ratinov & Roth 2009), so a word it never saw in
//! training shares weights with the words used like it.

use std::sync::LazyLock;

use super::features::{lower_hash, HashKeyMap};

const EMBEDDED_TSV: &str = include_str!("../../data/lexicon/word_clusters.tsv");

/// Lengths of the path prefixes used as features (the last, 0, stands for the
/// whole path).
pub(crate) const PREFIXES: [u32; 4] = [4, 8, 12, 0];

/// A word's class: its bit path from the root (at most 32 bits kept).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Class {
    bits: u32,
    len: u8,
}

impl Class {
    /// The path prefix of `n` bits (0: the whole path) as one value, distinct for
    /// every (length, bits) pair; `None` when the path is shorter than `n`.
    #[inline]
    pub(crate) fn prefix(self, n: u32) -> Option<u64> {
        let len = u32::from(self.len);
        let n = if n == 0 { len } else { n };
        (n <= len).then(|| u64::from(n) << 32 | u64::from(self.bits >> (len - n)))
    }
}

/// Lower-cased word hash ([`lower_hash`]) → class.
#[derive(Default)]
pub(crate) struct Clusters {
    map: HashKeyMap<Class>,
}

static EMBEDDED: LazyLock<Clusters> = LazyLock::new(|| Clusters::parse(EMBEDDED_TSV));

impl Clusters {
    /// The table compiled into this build.
    pub(crate) fn embedded() -> &'static Clusters {
        &EMBEDDED
    }

    /// Parse `word<TAB>bits` lines (bits a string of `0`/`1`); bad lines are skipped.
    pub(crate) fn parse(tsv: &str) -> Clusters {
        let mut map = HashKeyMap::default();
        let mut buf = String::new();
        for line in tsv.lines() {
            let Some((word, path)) = line.split_once('\t') else { continue };
            let path = path.trim();
            if word.is_empty() || path.is_empty() || !path.bytes().all(|b| b == b'0' || b == b'1') {
                continue;
            }
            let path = &path[..path.len().min(32)];
            let bits = path.bytes().fold(0u32, |acc, b| acc << 1 | u32::from(b - b'0'));
            map.insert(lower_hash(word, &mut buf), Class { bits, len: path.len() as u8 });
        }
        Clusters { map }
    }

    /// The class of a lower-cased word hash.
    #[inline]
    pub(crate) fn get(&self, lw: u64) -> Option<Class> {
        self.map.get(&lw).copied()
    }

    /// Number of words.
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_lookup() {
        let c = Clusters::parse("paris\t0110101\nlondon\t0110100\nsaid\t10\nbad\tx1\n\tempty\n");
        assert_eq!(c.len(), 3);
        let mut b = String::new();
        let paris = c.get(lower_hash("Paris", &mut b)).expect("paris");
        let london = c.get(lower_hash("LONDON", &mut b)).expect("london");
        let said = c.get(lower_hash("said", &mut b)).expect("said");
        assert_eq!(paris.prefix(4), london.prefix(4));
        assert_ne!(paris.prefix(0), london.prefix(0));
        assert_ne!(paris.prefix(4), said.prefix(0));
        assert_eq!(said.prefix(4), None);
        assert_eq!(said.prefix(0), Some(2 << 32 | 2));
        assert!(c.get(lower_hash("bad", &mut b)).is_none());
    }

    #[test]
    fn embedded_table_knows_common_words() {
        let c = Clusters::embedded();
        assert!(c.len() > 1000, "{}", c.len());
        let mut b = String::new();
        for w in ["said", "the", "government", "monday"] {
            assert!(c.get(lower_hash(w, &mut b)).is_some(), "{w}");
        }
    }
}
