//! Part-of-speech tagger: a greedy averaged perceptron over a coarse tag set
//! ([`Pos`]), trained by `newsgraph train pos` on the POS column of CoNLL-2003
//! `eng.train` ([`train`]); the shipped weights are `data/models/pos.bin` (see its
//! README).
//!
//! Input is one sentence (or any segment) as token strings, tokenised the way the
//! quote stage does (`quote/tok.rs`: `don't`, `Legare’s`, `U.S.` one token each,
//! punctuation one character per token); training data is brought to that
//! tokenisation ([`train::read_conll`]).
//!
//! Speed: frequent words that the training data always tags the same way (`the`,
//! `said`, `,`) take their tag from a dictionary; every other token is scored with
//! five additions of precomputed rows (see [`features`]): what each distinct word
//! contributes at each position of the window is summed once per thread and cached.
//!
//! ```
//! use newsgraph::pos::Pos;
//! let model = &newsgraph::Resources::embedded().pos;
//! let mut tags = Vec::new();
//! model.tag(&["The", "jobs", "report", "gives", "hope", "."], &mut tags);
//! assert_eq!(tags[2], Pos::Noun);
//! assert_eq!(tags[3], Pos::Vbpz);
//! ```

pub(crate) mod features;
mod lexicon;
pub mod train;

use std::cell::RefCell;

use crate::perceptron::{self, next_model_id, Header, WordCache};
use features::{is_headline, pair_keys, tag_keys, tag_word_key, WordKeys, NO_TAG, WINDOW};
use lexicon::Lexicon;

/// The shipped weights, trained by `scripts/train-pos.sh`.
pub const EMBEDDED_MODEL: &[u8] = include_bytes!("../../data/models/pos.bin");

/// The tagger's file header.
const HEADER: Header = Header { magic: b"NGPOS", feature_version: 1 };

/// Number of tags.
pub const NP: usize = 18;

/// A coarse part of speech, mapped from the Penn Treebank tags of the training data
/// ([`Pos::from_ptb`]): nouns and verbs keep the distinctions attribution needs
/// (singular/plural, past/participle/present), the closed classes are grouped.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pos {
    /// Singular or mass common noun (NN).
    Noun,
    /// Plural common noun (NNS).
    Nouns,
    /// Proper noun, singular or plural (NNP, NNPS).
    Propn,
    /// Verb, base form (VB).
    Vb,
    /// Verb, past tense (VBD).
    Vbd,
    /// Verb, gerund or present participle (VBG).
    Vbg,
    /// Verb, past participle (VBN).
    Vbn,
    /// Verb, present tense (VBP, VBZ).
    Vbpz,
    /// Modal (MD).
    Md,
    /// Adjective (JJ, JJR, JJS).
    Adj,
    /// Adverb (RB, RBR, RBS, WRB).
    Adv,
    /// Determiner (DT, PDT, WDT).
    Det,
    /// Pronoun (PRP, PRP$, WP, WP$, EX).
    Pron,
    /// Preposition or particle (IN, RP).
    Adp,
    /// `to` (TO).
    To,
    /// Number (CD).
    Num,
    /// Coordinating conjunction (CC).
    Conj,
    /// Punctuation and everything else (POS, SYM, `$`, quotes, brackets, FW, UH, LS).
    Punct,
}

impl Pos {
    /// Every tag, in index order.
    pub const ALL: [Pos; NP] = [
        Pos::Noun,
        Pos::Nouns,
        Pos::Propn,
        Pos::Vb,
        Pos::Vbd,
        Pos::Vbg,
        Pos::Vbn,
        Pos::Vbpz,
        Pos::Md,
        Pos::Adj,
        Pos::Adv,
        Pos::Det,
        Pos::Pron,
        Pos::Adp,
        Pos::To,
        Pos::Num,
        Pos::Conj,
        Pos::Punct,
    ];

    /// The coarse tag of a Penn Treebank tag (anything unknown is [`Pos::Punct`]).
    pub fn from_ptb(tag: &str) -> Pos {
        match tag {
            "NN" => Pos::Noun,
            "NNS" => Pos::Nouns,
            "NNP" | "NNPS" => Pos::Propn,
            "VB" => Pos::Vb,
            "VBD" => Pos::Vbd,
            "VBG" => Pos::Vbg,
            "VBN" => Pos::Vbn,
            "VBP" | "VBZ" => Pos::Vbpz,
            "MD" => Pos::Md,
            "JJ" | "JJR" | "JJS" => Pos::Adj,
            "RB" | "RBR" | "RBS" | "WRB" => Pos::Adv,
            "DT" | "PDT" | "WDT" => Pos::Det,
            "PRP" | "PRP$" | "WP" | "WP$" | "EX" => Pos::Pron,
            "IN" | "RP" => Pos::Adp,
            "TO" => Pos::To,
            "CD" => Pos::Num,
            "CC" => Pos::Conj,
            _ => Pos::Punct,
        }
    }

    /// The tag of index `i` (`i < NP`; larger values give [`Pos::Punct`]).
    #[inline]
    pub fn from_index(i: u8) -> Pos {
        Pos::ALL.get(usize::from(i)).copied().unwrap_or(Pos::Punct)
    }

    /// A short upper-case name (`NOUN`, `VBD`, …).
    pub fn name(self) -> &'static str {
        const NAMES: [&str; NP] = [
            "NOUN", "NOUNS", "PROPN", "VB", "VBD", "VBG", "VBN", "VBPZ", "MD", "ADJ", "ADV", "DET", "PRON",
            "ADP", "TO", "NUM", "CONJ", "PUNCT",
        ];
        NAMES[self as usize]
    }

    /// A common or proper noun, singular or plural.
    pub fn is_noun(self) -> bool {
        matches!(self, Pos::Noun | Pos::Nouns | Pos::Propn)
    }

    /// A verb form (modals excluded).
    pub fn is_verb(self) -> bool {
        matches!(self, Pos::Vb | Pos::Vbd | Pos::Vbg | Pos::Vbn | Pos::Vbpz)
    }
}

/// Weights of the tagger.
type Weights = perceptron::Weights<NP>;
/// Scores of the tags.
type Scores = [i32; NP];
/// The tag-history value before the first token.
const START: u8 = NP as u8;

/// What the tagger knows of a word out of context: the summed weights it adds to the
/// token at each offset of the window, and its dictionary tag.
#[derive(Clone, Copy)]
struct WordInfo {
    rows: [Scores; WINDOW],
    /// Tag index from the tag dictionary, or [`NO_TAG`].
    dict: u8,
    /// Hash of the lower-cased form (the pair features read it).
    lw: u64,
}

impl WordInfo {
    fn of_keys(keys: &WordKeys, weights: &Weights) -> WordInfo {
        // All slots requested first: their cache misses overlap.
        keys.keys.iter().flatten().filter(|&&k| k != 0).for_each(|&k| weights.prefetch(k));
        let mut rows = [[0; NP]; WINDOW];
        for (row, ks) in rows.iter_mut().zip(&keys.keys) {
            for &k in ks.iter().filter(|&&k| k != 0) {
                weights.add(k, row);
            }
        }
        WordInfo { rows, dict: keys.dict, lw: keys.lw }
    }
}

/// The trained tagger: feature weights, the tag dictionary, and what is derived from
/// them once at load time (the tag-history rows, the sentence-boundary markers).
pub struct Model {
    weights: Weights,
    /// The tag dictionary and ambiguity classes.
    lex: Lexicon,
    /// Row `p1 * (NP + 1) + p2`: summed weights of the bias and tag-history features.
    history: Vec<Scores>,
    /// The markers before and after the sentence.
    start: WordInfo,
    end: WordInfo,
    /// Unique among the models of this process (it names the model in the word cache).
    id: u64,
}

impl Default for Model {
    /// A model with no weight (it tags everything [`Pos::Noun`]).
    fn default() -> Self {
        Model::new(Weights::default(), Lexicon::default())
    }
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("features", &self.weights.len())
            .field("dict", &self.lex.dict_len())
            .finish()
    }
}

/// Words kept at most in the per-thread cache.
const WORD_CACHE_MAX: usize = 1 << 14;

/// Per-thread state of [`Model::tag`]: the word caches (of words in normal
/// sentences and in headlines) and the cache indices of the sentence's words
/// (reused, so tagging allocates nothing once warm but for new words).
struct Scratch {
    caches: [WordCache<WordInfo>; 2],
    infos: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch {
        caches: [WordCache::new(WORD_CACHE_MAX), WordCache::new(WORD_CACHE_MAX / 4)],
        infos: Vec::new(),
    });
}

impl Model {
    /// Load weights written by `newsgraph train pos`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, crate::Error> {
        let (weights, table) = perceptron::decode(&HEADER, bytes)
            .map_err(|reason| crate::Error::Resource { name: "pos model".into(), reason })?;
        Ok(Model::new(weights, Lexicon::from_table(table)))
    }

    fn new(weights: Weights, lex: Lexicon) -> Model {
        let mut history = vec![[0; NP]; (NP + 1) * (NP + 1)];
        for p1 in 0..=START {
            for p2 in 0..=START {
                let row = &mut history[usize::from(p1) * (NP + 1) + usize::from(p2)];
                tag_keys(p1, p2).iter().for_each(|&k| weights.add(k, row));
            }
        }
        let start = WordInfo::of_keys(&WordKeys::pad(false), &weights);
        let end = WordInfo::of_keys(&WordKeys::pad(true), &weights);
        Model { weights, lex, history, start, end, id: next_model_id() }
    }

    /// Number of feature rows.
    pub fn num_features(&self) -> usize {
        self.weights.len()
    }

    /// Number of words in the tag dictionary.
    pub fn dict_len(&self) -> usize {
        self.lex.dict_len()
    }

    /// True when the model has no weight.
    pub fn is_empty(&self) -> bool {
        self.weights.len() == 0
    }

    /// What the model knows of `word` out of context (in a headline or not).
    fn word_info(&self, word: &str, headline: bool, buf: &mut String) -> WordInfo {
        WordInfo::of_keys(&WordKeys::of(word, headline, &self.lex, buf), &self.weights)
    }

    /// Tag one sentence (or segment): `out` is cleared and receives one tag per
    /// word. Words are token strings as the quote stage's tokenizer makes them;
    /// typographic quotes and apostrophes are read as ASCII ones. A sentence in
    /// Title Case or ALL CAPS is read as a headline (its words' case says little). Decoding is greedy,
    /// left to right; allocation-free once the thread's buffers are warm.
    pub fn tag(&self, words: &[&str], out: &mut Vec<Pos>) {
        self.tag_iter(words.iter().copied(), out);
    }

    /// [`Model::tag`] for words given by an iterator that can be walked twice (it is
    /// cloned), e.g. `toks.iter().map(|t| &text[t.start..t.end])`, so the caller
    /// needs no vector of words.
    pub fn tag_iter<'w, I>(&self, words: I, out: &mut Vec<Pos>)
    where
        I: IntoIterator<Item = &'w str>,
        I::IntoIter: Clone,
    {
        out.clear();
        let words = words.into_iter();
        SCRATCH.with_borrow_mut(|s| {
            let Scratch { caches, infos } = s;
            let headline = is_headline(words.clone());
            let cache = &mut caches[usize::from(headline)];
            cache.begin(self.id, words.clone().count());
            infos.clear();
            infos.extend(words.map(|w| cache.index(w, |w, buf| self.word_info(w, headline, buf))));
            self.decode(cache.values(), infos, out);
        });
    }

    /// Greedy decoding of a sentence whose words' infos are `values[index[i]]`.
    /// The pair features of the token two ahead are requested from memory early, so
    /// their look-ups seldom wait.
    fn decode(&self, values: &[WordInfo], index: &[u32], out: &mut Vec<Pos>) {
        const AHEAD: usize = 2;
        let at = |j: isize| -> &WordInfo {
            if j < 0 {
                &self.start
            } else {
                index.get(j as usize).map_or(&self.end, |&x| &values[x as usize])
            }
        };
        let pairs = |i: usize| pair_keys(at(i as isize - 1).lw, at(i as isize).lw, at(i as isize + 1).lw);
        let prefetch = |i: usize| {
            if i < index.len() && at(i as isize).dict == NO_TAG {
                pairs(i).iter().for_each(|&k| self.weights.prefetch(k));
            }
        };
        (0..AHEAD).for_each(prefetch);
        let (mut p1, mut p2) = (START, START);
        for i in 0..index.len() {
            let info = at(i as isize);
            prefetch(i + AHEAD);
            let t = if info.dict != NO_TAG {
                info.dict
            } else {
                let mut s = self.history[usize::from(p1) * (NP + 1) + usize::from(p2)];
                for o in 0..WINDOW {
                    let row = &at(i as isize + o as isize - 2).rows[o];
                    for (a, b) in s.iter_mut().zip(row) {
                        *a += b;
                    }
                }
                for k in pairs(i) {
                    self.weights.add(k, &mut s);
                }
                self.weights.add(tag_word_key(p1, info.lw), &mut s);
                best(&s)
            };
            out.push(Pos::from_index(t));
            p2 = p1;
            p1 = t;
        }
    }
}

/// Index of the highest score (the first of equals).
#[inline]
fn best<S: Copy + PartialOrd>(s: &[S; NP]) -> u8 {
    let mut bi = 0;
    for (i, &x) in s.iter().enumerate().skip(1) {
        if x > s[bi] {
            bi = i;
        }
    }
    bi as u8
}

#[cfg(test)]
mod tests;
