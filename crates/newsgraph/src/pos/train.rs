//! Training the part-of-speech tagger on the POS column of CoNLL-format data, and
//! scoring it (token accuracy, overall and on words unseen in training).
//!
//! The CoNLL tokens are first brought to the quote stage's tokenisation
//! ([`read_conll`]), so the tagger is trained on what it sees at run time. Training is
//! an averaged perceptron with greedy decoding that conditions on its own previous
//! predictions, over sentences in a fixed-seed shuffled order, with a share of them
//! upper-, lower- or Title-cased each epoch (headlines). Words of the tag dictionary
//! are not scored, as at run time. Everything is deterministic: the same data and
//! options give byte-identical weights.

use std::collections::HashSet;
use std::time::Instant;

use super::features::{dict_key, is_headline, pair_keys, tag_keys, tag_word_key, WordKeys, NO_TAG, WINDOW};
use super::lexicon::{Lexicon, LexiconOptions};
use super::{best, Model, Pos, Weights, HEADER, NP, START};
use crate::ner::features::HashKeyMap;
use crate::perceptron::{self, title_case, Perceptron, Rng};
use crate::quote::tok;

/// One sentence: run-time tokens and their gold tags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The tokens.
    pub words: Vec<String>,
    /// One tag per token.
    pub tags: Vec<Pos>,
}

/// CoNLL clitic tokens that the run-time tokenizer keeps in the word before them.
const CLITICS: [&str; 7] = ["'s", "n't", "'re", "'ve", "'ll", "'d", "'m"];

/// A CoNLL sentence (token, Penn Treebank tag) in run-time tokenisation: a clitic
/// (`'s`, `n't`, `'re`, …) is glued to the word before it, which keeps its tag
/// (`Legare 's` → `Legare's` PROPN, `do n't` → `don't` VB, `it 's` → `it's` PRON);
/// then every token is split as `quote/tok.rs` would split it in running text
/// (`1,000` → `1` `,` `000`), the word pieces keeping the token's tag and the
/// punctuation pieces tagged [`Pos::Punct`].
pub fn run_time_tokens(tokens: &[(&str, &str)]) -> Sentence {
    let mut merged: Vec<(String, Pos)> = Vec::with_capacity(tokens.len());
    for &(word, ptb) in tokens {
        let clitic = CLITICS.iter().any(|c| c.eq_ignore_ascii_case(word));
        match merged.last_mut() {
            Some((prev, _)) if clitic && prev.chars().last().is_some_and(char::is_alphanumeric) => {
                prev.push_str(word);
            }
            _ => merged.push((word.to_string(), Pos::from_ptb(ptb))),
        }
    }
    let mut s = Sentence::default();
    for (word, tag) in merged {
        let pieces = tok::tokenize(&word);
        if let [one] = pieces[..] {
            if one.text(&word).len() == word.len() {
                s.words.push(word);
                s.tags.push(tag);
                continue;
            }
        }
        for p in pieces {
            s.words.push(p.text(&word).to_string());
            s.tags.push(if p.kind == tok::Kind::Word { tag } else { Pos::Punct });
        }
    }
    s
}

/// Read a CoNLL-2003 file (word, POS tag, … per line; blank lines end sentences;
/// `-DOCSTART-` lines are skipped) into sentences in run-time tokenisation
/// ([`run_time_tokens`]).
pub fn read_conll(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut cur: Vec<(&str, &str)> = Vec::new();
    for line in text.lines() {
        let mut fields = line.split_whitespace();
        match fields.next() {
            Some("-DOCSTART-") | None => {
                if !cur.is_empty() {
                    out.push(run_time_tokens(&cur));
                    cur.clear();
                }
            }
            Some(word) => cur.push((word, fields.next().unwrap_or(""))),
        }
    }
    if !cur.is_empty() {
        out.push(run_time_tokens(&cur));
    }
    out
}

/// Training options.
#[derive(Clone, Debug)]
pub struct Options {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the shuffling and case augmentation.
    pub seed: u64,
    /// Weights with a smaller magnitude are dropped from the saved model.
    pub min_weight: f32,
    /// Share of sentences upper-cased in each epoch.
    pub upper_rate: f64,
    /// Share of sentences lower-cased in each epoch.
    pub lower_rate: f64,
    /// Share of sentences put in Title Case (words of 4+ letters capitalised).
    pub title_rate: f64,
    /// A word enters the tag dictionary when seen at least this often …
    pub dict_min_count: u32,
    /// … with one tag at least this share of the time.
    pub dict_min_share: f64,
    /// A word has an ambiguity class when seen at least this often …
    pub class_min_count: u32,
    /// … made of the tags with at least this share of its occurrences.
    pub class_min_share: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 8,
            seed: 2003,
            min_weight: 1.0,
            upper_rate: 0.0,
            lower_rate: 0.0,
            title_rate: 0.08,
            dict_min_count: 20,
            dict_min_share: 0.99,
            class_min_count: 5,
            class_min_share: 0.1,
        }
    }
}

/// The tag dictionary and ambiguity classes of the training sentences.
fn lexicon(sents: &[Sentence], opts: &Options) -> Lexicon {
    let mut counts: HashKeyMap<[u32; NP]> = HashKeyMap::default();
    let mut buf = String::new();
    for s in sents {
        for (w, &t) in s.words.iter().zip(&s.tags) {
            counts.entry(dict_key(w, &mut buf)).or_insert([0; NP])[t as usize] += 1;
        }
    }
    let lo = LexiconOptions {
        dict_min_count: opts.dict_min_count,
        dict_min_share: opts.dict_min_share,
        class_min_count: opts.class_min_count,
        class_min_share: opts.class_min_share,
    };
    Lexicon::build(&counts, &lo)
}

/// The words of `s` as training sees them this epoch (case augmentation).
fn augmented<'a>(s: &'a Sentence, rng: &mut Rng, opts: &Options) -> std::borrow::Cow<'a, [String]> {
    let r = rng.unit();
    let change: fn(&String) -> String = if r < opts.upper_rate {
        |w| w.to_uppercase()
    } else if r < opts.upper_rate + opts.lower_rate {
        |w| w.to_lowercase()
    } else if r < opts.upper_rate + opts.lower_rate + opts.title_rate {
        |w| title_case(w)
    } else {
        return std::borrow::Cow::Borrowed(&s.words);
    };
    std::borrow::Cow::Owned(s.words.iter().map(change).collect())
}

/// Train a model; `dev`, when given, is scored after every epoch (for reporting and
/// choosing the number of epochs). Returns the model's bytes and its row count.
pub fn train(
    sents: &[Sentence],
    dev: Option<&[Sentence]>,
    opts: &Options,
    log: &mut dyn FnMut(&str),
) -> (Vec<u8>, usize) {
    let lex = lexicon(sents, opts);
    log(&format!("tag dictionary: {} words", lex.dict_len()));
    let mut p = Perceptron::<NP>::default();
    let mut rng = Rng(opts.seed.max(1));
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut buf = String::new();
    let (start, end) = (WordKeys::pad(false), WordKeys::pad(true));
    let mut keys: Vec<WordKeys> = Vec::new();
    let mut feats: Vec<u64> = Vec::new();
    for epoch in 1..=opts.epochs {
        let t0 = Instant::now();
        rng.shuffle(&mut order);
        let (mut errors, mut scored, mut tokens) = (0usize, 0usize, 0usize);
        for &si in &order {
            let s = &sents[si];
            let words = augmented(s, &mut rng, opts);
            keys.clear();
            let headline = is_headline(words.iter().map(String::as_str));
            keys.extend(words.iter().map(|w| WordKeys::of(w, headline, &lex, &mut buf)));
            let (mut p1, mut p2) = (START, START);
            for (i, &gold) in s.tags.iter().enumerate() {
                p.now += 1;
                tokens += 1;
                let guess = match keys[i].dict {
                    t if t != NO_TAG => t,
                    _ => {
                        feats.clear();
                        feats.extend(tag_keys(p1, p2));
                        let at = |j: isize| if j < 0 { &start } else { keys.get(j as usize).unwrap_or(&end) };
                        for o in 0..WINDOW {
                            feats.extend(at(i as isize + o as isize - 2).keys[o].iter().filter(|&&k| k != 0));
                        }
                        let lw = keys[i].lw;
                        feats.extend(pair_keys(at(i as isize - 1).lw, lw, at(i as isize + 1).lw));
                        feats.push(tag_word_key(p1, lw));
                        let mut sc = [0f32; NP];
                        feats.iter().for_each(|&f| p.add(f, &mut sc));
                        let guess = best(&sc);
                        scored += 1;
                        if guess != gold as u8 {
                            errors += 1;
                            feats.iter().for_each(|&f| p.update(f, gold as u8, guess));
                        }
                        guess
                    }
                };
                p2 = p1;
                p1 = guess;
            }
        }
        let mut msg = format!(
            "epoch {epoch}: {:.2}% errors on the {:.0}% of tokens scored, {} features, {:.1}s",
            100.0 * errors as f64 / scored.max(1) as f64,
            100.0 * scored as f64 / tokens.max(1) as f64,
            p.len(),
            t0.elapsed().as_secs_f64()
        );
        if let Some(dev) = dev {
            let m = Model::new(Weights::from_rows(&p.averaged()), lex.clone());
            let r = evaluate(&m, dev, Some(&vocabulary(sents)), 1);
            msg.push_str(&format!(
                "; dev accuracy {:.4} (unknown words {:.4})",
                r.accuracy(),
                r.unknown_accuracy()
            ));
        }
        log(&msg);
    }
    perceptron::encode(&HEADER, &p.averaged(), &lex.table(), opts.min_weight)
}

/// The words of the training sentences (what "unknown word" is measured against).
pub fn vocabulary(sents: &[Sentence]) -> HashSet<String> {
    sents.iter().flat_map(|s| s.words.iter().cloned()).collect()
}

/// Accuracy of a model on sentences, and its speed.
#[derive(Clone, Debug)]
pub struct Report {
    /// Tokens tagged.
    pub tokens: usize,
    /// Tokens tagged right.
    pub correct: usize,
    /// Tokens whose word is not in the training vocabulary (0 when none was given).
    pub unknown: usize,
    /// Of those, tagged right.
    pub unknown_correct: usize,
    /// `confusion[gold][predicted]` token counts.
    pub confusion: [[usize; NP]; NP],
    /// Seconds in [`Model::tag`] for each pass over the data (the first with a cold
    /// word cache).
    pub pass_secs: Vec<f64>,
}

impl Report {
    /// Share of tokens tagged right.
    pub fn accuracy(&self) -> f64 {
        self.correct as f64 / self.tokens.max(1) as f64
    }

    /// Share of unknown-word tokens tagged right.
    pub fn unknown_accuracy(&self) -> f64 {
        self.unknown_correct as f64 / self.unknown.max(1) as f64
    }

    /// Tokens per second of tagging in the fastest pass.
    pub fn best_tokens_per_sec(&self) -> f64 {
        let best = self.pass_secs.iter().copied().fold(f64::INFINITY, f64::min);
        self.tokens as f64 / best.max(1e-9)
    }

    /// The most frequent confusions, `gold → predicted: count`, one a line.
    pub fn top_confusions(&self, n: usize) -> String {
        let mut all: Vec<(usize, Pos, Pos)> = Vec::new();
        for (g, row) in self.confusion.iter().enumerate() {
            for (p, &c) in row.iter().enumerate() {
                if g != p && c > 0 {
                    all.push((c, Pos::ALL[g], Pos::ALL[p]));
                }
            }
        }
        all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        all.iter().take(n).map(|(c, g, p)| format!("{:>6} → {:<6} {c}\n", g.name(), p.name())).collect()
    }
}

/// Tag every sentence `passes` times (timing [`Model::tag`] alone) and score the
/// first pass; `known`, when given, is the training vocabulary.
pub fn evaluate(model: &Model, sents: &[Sentence], known: Option<&HashSet<String>>, passes: usize) -> Report {
    let words: Vec<Vec<&str>> = sents.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect();
    let mut rep = Report {
        tokens: 0,
        correct: 0,
        unknown: 0,
        unknown_correct: 0,
        confusion: [[0; NP]; NP],
        pass_secs: Vec::new(),
    };
    let mut preds: Vec<Vec<Pos>> = vec![Vec::new(); sents.len()];
    for _ in 0..passes.max(1) {
        let t = Instant::now();
        for (w, out) in words.iter().zip(&mut preds) {
            model.tag(w, out);
        }
        rep.pass_secs.push(t.elapsed().as_secs_f64());
    }
    for (s, pred) in sents.iter().zip(&preds) {
        for ((w, &g), &p) in s.words.iter().zip(&s.tags).zip(pred) {
            rep.tokens += 1;
            rep.correct += usize::from(g == p);
            rep.confusion[g as usize][p as usize] += 1;
            if known.is_some_and(|k| !k.contains(w)) {
                rep.unknown += 1;
                rep.unknown_correct += usize::from(g == p);
            }
        }
    }
    rep
}

#[cfg(test)]
mod tests {
    use super::*;

    /// True when `sents` has a tag for every token (the dictionary and training assume
    /// it).
    fn well_formed(sents: &[Sentence]) -> bool {
        sents.iter().all(|s| s.words.len() == s.tags.len())
    }

    fn tokens(conll: &[(&str, &str)]) -> Vec<(String, Pos)> {
        let s = run_time_tokens(conll);
        assert!(well_formed(std::slice::from_ref(&s)));
        s.words.into_iter().zip(s.tags).collect()
    }

    #[test]
    fn clitics_merge_into_the_word_before() {
        let got = tokens(&[("Legare", "NNP"), ("'s", "POS"), ("plan", "NN")]);
        assert_eq!(got, vec![("Legare's".into(), Pos::Propn), ("plan".into(), Pos::Noun)]);
        let got = tokens(&[("They", "PRP"), ("do", "VBP"), ("n't", "RB"), ("know", "VB")]);
        assert_eq!(got[1], ("don't".into(), Pos::Vbpz));
        let got = tokens(&[
            ("it", "PRP"),
            ("'s", "VBZ"),
            ("IT", "PRP"),
            ("'S", "VBZ"),
            ("ca", "MD"),
            ("n't", "RB"),
        ]);
        assert_eq!(
            got,
            vec![("it's".into(), Pos::Pron), ("IT'S".into(), Pos::Pron), ("can't".into(), Pos::Md)]
        );
        // A lone quote mark (plural possessive) stays a token, as tok.rs leaves it.
        let got = tokens(&[("mullahs", "NNS"), ("'", "POS"), ("regime", "NN")]);
        assert_eq!(got[1], ("'".into(), Pos::Punct));
        // A sentence-initial clitic has nothing to merge into.
        assert_eq!(tokens(&[("'s", "POS")]).len(), 2);
    }

    #[test]
    fn tokens_split_like_the_run_time_tokenizer() {
        let got = tokens(&[("1,000", "CD"), ("U.S.", "NNP"), ("Jean-François", "NNP"), ("--", ":")]);
        let want: Vec<(String, Pos)> = [
            ("1", Pos::Num),
            (",", Pos::Punct),
            ("000", Pos::Num),
            ("U.S.", Pos::Propn),
            ("Jean-François", Pos::Propn),
            ("--", Pos::Punct),
        ]
        .iter()
        .map(|&(w, t)| (w.to_string(), t))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn reads_conll_pos_column() {
        let text = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\ncall NN I-NP O\n. . O O\n\n\
                    Peter NNP I-NP I-PER\n";
        let s = read_conll(text);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tags, vec![Pos::Propn, Pos::Vbpz, Pos::Noun, Pos::Punct]);
        assert_eq!(s[1].words, vec!["Peter"]);
    }

    #[test]
    fn training_learns_a_toy_language_deterministically() {
        let mut text = String::new();
        for i in 0..60 {
            let name = ["Smith", "Jones", "Brown", "Wilson"][i % 4];
            let (verb, obj) =
                [("said", "plans"), ("reports", "losses"), ("made", "report"), ("sees", "gains")][i % 4];
            let vt = if verb.ends_with('s') { "VBZ" } else { "VBD" };
            let ot = if obj.ends_with('s') { "NNS" } else { "NN" };
            text.push_str(&format!(
                "{name} NNP O O\n{verb} {vt} O O\nthe DT O O\n{obj} {ot} O O\n. . O O\n\n"
            ));
        }
        let sents = read_conll(&text);
        let opts = Options { epochs: 4, min_weight: 0.0, dict_min_count: 1000, ..Options::default() };
        let (a, rows) = train(&sents, None, &opts, &mut |_| {});
        let (b, _) = train(&sents, None, &opts, &mut |_| {});
        assert_eq!(a, b, "training is deterministic");
        assert!(rows > 0);
        let m = Model::from_bytes(&a).expect("loads");
        let r = evaluate(&m, &sents, Some(&vocabulary(&sents)), 2);
        assert!(r.accuracy() > 0.99, "{}", r.top_confusions(5));
        assert_eq!((r.unknown, r.pass_secs.len()), (0, 2));
        // With a dictionary: frequent unambiguous words are tagged without scoring.
        let opts = Options { dict_min_count: 5, ..opts };
        let (c, _) = train(&sents, None, &opts, &mut |_| {});
        let m = Model::from_bytes(&c).expect("loads");
        assert!(m.dict_len() >= 5, "{}", m.dict_len());
        assert!(evaluate(&m, &sents, None, 1).accuracy() > 0.99);
    }
}
