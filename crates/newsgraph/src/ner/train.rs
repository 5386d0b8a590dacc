//! Training the tagger on CoNLL-format data, and scoring it the CoNLL way (exact
//! span and type, `conlleval`'s precision, recall and F1).
//!
//! Training is an averaged perceptron with greedy decoding that conditions on its own
//! previous predictions, in a fixed-seed shuffled document order, with a share of the
//! sentences upper- or lower-cased each epoch (so ALL-CAPS headlines and lower-case
//! lines keep working). Everything is deterministic: the same data and options give
//! byte-identical weights.

use std::fmt::Write as _;
use std::time::Instant;

use super::features::{
    line_mode, normalise, Context, HashKeyMap, SeqFeats, CASE_CAP, CASE_LOWER, MODE_NORMAL, START,
};
use super::gazetteer::Gazetteer;
use super::weights::{self, Weights};
use super::{best_tag, tag, tag_of, DocState, Model, KINDS, NT};
use crate::model::{EntityKind, Span};
use crate::perceptron::{title_case, Perceptron, Rng};

/// One sentence of a CoNLL file: its words and its entities as token ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The tokens.
    pub words: Vec<String>,
    /// Entities: first token, one past the last token, kind.
    pub entities: Vec<(usize, usize, EntityKind)>,
}

/// One article (`-DOCSTART-` to the next).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConllDoc {
    /// Its sentences.
    pub sentences: Vec<Sentence>,
}

fn kind_of(label: &str) -> Option<EntityKind> {
    match label {
        "PER" => Some(EntityKind::Person),
        "ORG" => Some(EntityKind::Org),
        "LOC" => Some(EntityKind::Place),
        "MISC" => Some(EntityKind::Other),
        _ => None,
    }
}

/// Read a CoNLL-2003 file (word … NE-tag per line, IOB1 or IOB2; blank lines end
/// sentences; `-DOCSTART-` starts an article). Chunks follow `conlleval`.
pub fn read_conll(text: &str) -> Vec<ConllDoc> {
    let mut docs = vec![ConllDoc::default()];
    let mut words: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let flush = |docs: &mut Vec<ConllDoc>, words: &mut Vec<String>, tags: &mut Vec<String>| {
        if words.is_empty() {
            return;
        }
        let mut entities = Vec::new();
        let mut open: Option<(usize, &str)> = None;
        for (i, t) in tags.iter().enumerate() {
            let (prefix, label) = t.split_once('-').unwrap_or(("O", ""));
            let starts = match open {
                None => prefix != "O",
                Some((_, l)) => prefix == "B" || (prefix == "I" && l != label),
            };
            let ends_open = prefix == "O" || starts;
            if ends_open {
                if let Some((s, l)) = open.take() {
                    if let Some(k) = kind_of(l) {
                        entities.push((s, i, k));
                    }
                }
            }
            if starts {
                open = Some((i, label));
            }
        }
        if let Some((s, l)) = open {
            if let Some(k) = kind_of(l) {
                entities.push((s, tags.len(), k));
            }
        }
        if let Some(d) = docs.last_mut() {
            d.sentences.push(Sentence { words: std::mem::take(words), entities });
        }
        tags.clear();
    };
    for line in text.lines() {
        let mut fields = line.split_whitespace();
        let Some(word) = fields.next() else {
            flush(&mut docs, &mut words, &mut tags);
            continue;
        };
        if word == "-DOCSTART-" {
            flush(&mut docs, &mut words, &mut tags);
            if docs.last().is_some_and(|d| !d.sentences.is_empty()) {
                docs.push(ConllDoc::default());
            }
            continue;
        }
        let tag = fields.next_back().unwrap_or("O");
        words.push(word.to_string());
        tags.push(tag.to_string());
    }
    flush(&mut docs, &mut words, &mut tags);
    docs.retain(|d| !d.sentences.is_empty());
    docs
}

/// BILOU tags of a sentence.
fn gold_tags(s: &Sentence) -> Vec<u8> {
    let mut t = vec![0u8; s.words.len()];
    for &(a, b, k) in &s.entities {
        let k = KINDS.iter().position(|&x| x == k).unwrap_or(0);
        if b == a + 1 {
            t[a] = tag_of(k, 3);
        } else if b > a + 1 && b <= t.len() {
            t[a] = tag_of(k, 0);
            for x in &mut t[a + 1..b - 1] {
                *x = tag_of(k, 1);
            }
            t[b - 1] = tag_of(k, 2);
        }
    }
    t
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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 10,
            seed: 2003,
            min_weight: 0.5,
            upper_rate: 0.08,
            lower_rate: 0.08,
            title_rate: 0.05,
        }
    }
}

/// How each lower-cased word is usually written mid-sentence in normal-case lines.
fn case_prior(docs: &[ConllDoc]) -> HashKeyMap<u8> {
    let mut counts: HashKeyMap<(u32, u32)> = HashKeyMap::default();
    let mut buf = String::new();
    for s in docs.iter().flat_map(|d| &d.sentences) {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        if line_mode(&words, &HashKeyMap::default()) != MODE_NORMAL {
            continue;
        }
        for w in words.iter().skip(1) {
            let Some(c) = w.chars().next() else { continue };
            if !c.is_alphabetic() {
                continue;
            }
            normalise(w, true, &mut buf);
            let e = counts.entry(super::features::hash_str(&buf)).or_default();
            if c.is_uppercase() {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, (c, l))| c + l >= 2)
        .map(|(k, (c, l))| (k, if c >= l { CASE_CAP } else { CASE_LOWER }))
        .collect()
}

/// Train a model; `dev`, when given, is scored after every epoch (for reporting and
/// choosing the number of epochs). Returns the model's bytes and its row count.
pub fn train(
    docs: &[ConllDoc],
    dev: Option<&[ConllDoc]>,
    opts: &Options,
    log: &mut dyn FnMut(&str),
) -> (Vec<u8>, usize) {
    let gaz = Gazetteer::embedded();
    let prior = case_prior(docs);
    let mut cp: Vec<(u64, u8)> = prior.iter().map(|(&k, &v)| (k, v)).collect();
    cp.sort_unstable();
    let mut p = Perceptron::<NT>::default();
    let mut rng = Rng(opts.seed.max(1));
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut sf = SeqFeats::default();
    let gold: Vec<Vec<Vec<u8>>> = docs.iter().map(|d| d.sentences.iter().map(gold_tags).collect()).collect();
    for epoch in 1..=opts.epochs {
        let t0 = Instant::now();
        rng.shuffle(&mut order);
        let (mut errors, mut tokens) = (0usize, 0usize);
        for &d in &order {
            let mut state = DocState::default();
            // Case augmentation first, then normal-case lines before the others (as `tag`).
            let mut cased: Vec<Option<Vec<String>>> = Vec::with_capacity(docs[d].sentences.len());
            for s in &docs[d].sentences {
                let r = rng.unit();
                cased.push(if r < opts.upper_rate {
                    Some(s.words.iter().map(|w| w.to_uppercase()).collect())
                } else if r < opts.upper_rate + opts.lower_rate {
                    Some(s.words.iter().map(|w| w.to_lowercase()).collect())
                } else if r < opts.upper_rate + opts.lower_rate + opts.title_rate {
                    Some(s.words.iter().map(|w| title_case(w)).collect())
                } else {
                    None
                });
            }
            let mut seq: Vec<(Vec<&str>, &Vec<u8>, bool)> = docs[d]
                .sentences
                .iter()
                .zip(&cased)
                .zip(&gold[d])
                .map(|((s, c), g)| {
                    let words: Vec<&str> =
                        c.as_ref().unwrap_or(&s.words).iter().map(String::as_str).collect();
                    let normal = line_mode(&words, &prior) == MODE_NORMAL;
                    (words, g, normal)
                })
                .collect();
            seq.sort_by_key(|x| !x.2);
            for (words, g, _) in &seq {
                let ctx = Context { gaz, case_prior: &prior, hist: &state.hist };
                sf.extract(words, &ctx);
                let mut tags = Vec::with_capacity(sf.n);
                let (mut p1, mut p2, mut prev) = (START, START, 0u8);
                for (i, &gi) in g.iter().enumerate().take(sf.n) {
                    p.now += 1;
                    let mut sc = [0f32; NT];
                    for &f in sf.stat(i) {
                        if f != 0 {
                            p.add(f, &mut sc);
                        }
                    }
                    let dynf = sf.dynamic(i, p1, p2);
                    for &f in &dynf {
                        p.add(f, &mut sc);
                    }
                    let guess = best_tag(&sc, prev, i + 1 == sf.n);
                    if guess != gi {
                        errors += 1;
                        for &f in sf.stat(i).iter().chain(&dynf) {
                            if f != 0 {
                                p.update(f, gi, guess);
                            }
                        }
                    }
                    tokens += 1;
                    tags.push(guess);
                    prev = guess;
                    p2 = p1;
                    p1 = u64::from(guess);
                }
                state.record(&sf, &tags);
            }
        }
        let mut msg = format!(
            "epoch {epoch}: {:.2}% token errors, {} features, {:.1}s",
            100.0 * errors as f64 / tokens.max(1) as f64,
            p.len(),
            t0.elapsed().as_secs_f64()
        );
        if let Some(dev) = dev {
            let m = Model::new(Weights::from_rows(&p.averaged()), prior.clone(), gaz);
            let r = evaluate(&m, dev);
            let _ = write!(msg, "; dev F1 {:.4} (PER {:.4})", r.counts.overall().2, r.counts.kind(0).2);
        }
        log(&msg);
    }
    weights::encode(&p.averaged(), &cp, opts.min_weight)
}

/// True/false positives and false negatives per kind (CoNLL order PER ORG LOC MISC).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Correct spans per kind.
    pub tp: [usize; 4],
    /// Predicted spans that are not gold, per kind.
    pub fp: [usize; 4],
    /// Gold spans not predicted, per kind.
    pub fn_: [usize; 4],
}

fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp > 0 { tp as f64 / (tp + fp) as f64 } else { 0.0 };
    let r = if tp + fn_ > 0 { tp as f64 / (tp + fn_) as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

impl Counts {
    /// Add one sentence's or document's gold and predicted spans.
    pub fn add(&mut self, gold: &[(Span, EntityKind)], pred: &[(Span, EntityKind)]) {
        let idx = |k: EntityKind| KINDS.iter().position(|&x| x == k).unwrap_or(0);
        let mut g: Vec<(Span, EntityKind)> = gold.to_vec();
        let mut p: Vec<(Span, EntityKind)> = pred.to_vec();
        g.sort();
        g.dedup();
        p.sort();
        p.dedup();
        for x in &p {
            if g.binary_search(x).is_ok() {
                self.tp[idx(x.1)] += 1;
            } else {
                self.fp[idx(x.1)] += 1;
            }
        }
        for x in &g {
            if p.binary_search(x).is_err() {
                self.fn_[idx(x.1)] += 1;
            }
        }
    }

    /// Precision, recall, F1 of kind index `k`.
    pub fn kind(&self, k: usize) -> (f64, f64, f64) {
        prf(self.tp[k], self.fp[k], self.fn_[k])
    }

    /// Overall precision, recall, F1 (micro-averaged, as conlleval).
    pub fn overall(&self) -> (f64, f64, f64) {
        prf(self.tp.iter().sum(), self.fp.iter().sum(), self.fn_.iter().sum())
    }

    /// A conlleval-style table.
    pub fn table(&self) -> String {
        let mut s = format!(
            "{:<8} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}\n",
            "type", "precision", "recall", "F1", "gold", "pred", "tp"
        );
        let names = ["PER", "ORG", "LOC", "MISC"];
        let mut row = |name: &str, (p, r, f): (f64, f64, f64), g: usize, pr: usize, tp: usize| {
            let _ = writeln!(s, "{name:<8} {p:>9.4} {r:>9.4} {f:>9.4} {g:>7} {pr:>7} {tp:>7}");
        };
        for (k, n) in names.iter().enumerate() {
            row(n, self.kind(k), self.tp[k] + self.fn_[k], self.tp[k] + self.fp[k], self.tp[k]);
        }
        let (tp, fp, fn_): (usize, usize, usize) =
            (self.tp.iter().sum(), self.fp.iter().sum(), self.fn_.iter().sum());
        row("overall", self.overall(), tp + fn_, tp + fp, tp);
        s
    }
}

/// A CoNLL document as newsgraph input: words joined by spaces, one sentence a line;
/// returns the text, sentence spans and gold entity spans.
pub fn conll_text(doc: &ConllDoc) -> (String, Vec<Span>, Vec<(Span, EntityKind)>) {
    let mut text = String::new();
    let mut sents = Vec::new();
    let mut gold = Vec::new();
    for s in &doc.sentences {
        if !text.is_empty() {
            text.push('\n');
        }
        let start = text.len();
        let mut offs = Vec::with_capacity(s.words.len());
        for (i, w) in s.words.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            offs.push((text.len(), text.len() + w.len()));
            text.push_str(w);
        }
        sents.push(Span::new(start, text.len()));
        for &(a, b, k) in &s.entities {
            if a < b && b <= offs.len() {
                gold.push((Span::new(offs[a].0, offs[b - 1].1), k));
            }
        }
    }
    (text, sents, gold)
}

/// Scores of a model on CoNLL documents, and its speed.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Span counts.
    pub counts: Counts,
    /// Words (CoNLL tokens) tagged.
    pub words: usize,
    /// Seconds spent in [`tag`] (tokenising included).
    pub secs: f64,
    /// CPU seconds of this thread over the whole evaluation, where the OS tells
    /// (Linux); steadier than wall time on a busy machine.
    pub cpu_secs: Option<f64>,
}

/// CPU time of the calling thread in seconds (Linux `schedstat`), if known.
pub fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Tag every document through [`tag`] (the run-time path, tokenizer included) and
/// score exact spans and types against the gold.
pub fn evaluate(model: &Model, docs: &[ConllDoc]) -> Report {
    let mut rep = Report::default();
    let cpu0 = thread_cpu_secs();
    for d in docs {
        let (text, sents, gold) = conll_text(d);
        rep.words += d.sentences.iter().map(|s| s.words.len()).sum::<usize>();
        let t = Instant::now();
        let pred = tag(&text, &sents, model);
        rep.secs += t.elapsed().as_secs_f64();
        let pred: Vec<(Span, EntityKind)> = pred.iter().map(|t| (t.span, t.kind)).collect();
        rep.counts.add(&gold, &pred);
    }
    rep.cpu_secs = cpu0.zip(thread_cpu_secs()).map(|(a, b)| b - a);
    rep
}

#[cfg(test)]
mod tests {
    use super::super::{chunks, split_tag};
    use super::*;

    const SAMPLE: &str = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\ncall NN I-NP O\n.\n\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\nB-Smith NNP I-NP B-PER\n\n-DOCSTART- -X- O O\n\nBRUSSELS NNP I-NP I-LOC\n1996-08-22 CD I-NP O\n";

    #[test]
    fn reads_iob1_like_conlleval() {
        let docs = read_conll(SAMPLE);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        let s = &docs[0].sentences[0];
        assert_eq!(s.words, vec!["EU", "rejects", "German", "call", "."]);
        assert_eq!(s.entities, vec![(0, 1, EntityKind::Org), (2, 3, EntityKind::Other)]);
        // I-PER I-PER B-PER: two persons.
        assert_eq!(
            docs[0].sentences[1].entities,
            vec![(0, 2, EntityKind::Person), (2, 3, EntityKind::Person)]
        );
        assert_eq!(docs[1].sentences[0].entities, vec![(0, 1, EntityKind::Place)]);
    }

    #[test]
    fn gold_tags_round_trip_through_chunks() {
        let docs = read_conll(SAMPLE);
        for s in docs.iter().flat_map(|d| &d.sentences) {
            let t = gold_tags(s);
            let back: Vec<(usize, usize, EntityKind)> =
                chunks(&t).into_iter().map(|(a, b, k)| (a, b, KINDS[k])).collect();
            assert_eq!(back, s.entities);
            assert!(t.iter().all(|&x| split_tag(x).is_none_or(|(k, _)| k < 4)));
        }
    }

    #[test]
    fn conll_text_spans_match_words() {
        let docs = read_conll(SAMPLE);
        let (text, sents, gold) = conll_text(&docs[0]);
        assert_eq!(&text[sents[1].range()], "Peter Blackburn B-Smith");
        let names: Vec<&str> = gold.iter().map(|(s, _)| &text[s.range()]).collect();
        assert_eq!(names, vec!["EU", "German", "Peter Blackburn", "B-Smith"]);
    }

    #[test]
    fn counts_match_hand_computed_f1() {
        let mut c = Counts::default();
        let sp = |a, b| Span::new(a, b);
        let gold =
            [(sp(0, 2), EntityKind::Person), (sp(5, 9), EntityKind::Org), (sp(10, 12), EntityKind::Place)];
        let pred =
            [(sp(0, 2), EntityKind::Person), (sp(5, 9), EntityKind::Place), (sp(10, 12), EntityKind::Place)];
        c.add(&gold, &pred);
        assert_eq!((c.tp, c.fp, c.fn_), ([1, 0, 1, 0], [0, 0, 1, 0], [0, 1, 0, 0]));
        let (p, r, f) = c.overall();
        assert!((p - 2.0 / 3.0).abs() < 1e-9 && (r - 2.0 / 3.0).abs() < 1e-9 && (f - 2.0 / 3.0).abs() < 1e-9);
        assert!(c.table().contains("overall"));
    }

    #[test]
    fn training_learns_a_toy_language_deterministically() {
        let mut text = String::new();
        for i in 0..40 {
            let name = ["Smith", "Jones", "Brown", "Wilson"][i % 4];
            let city = ["Paris", "Berlin", "Madrid", "Rome"][i % 4];
            text.push_str(&format!(
                "Mr NNP I-NP O\n{name} NNP I-NP I-PER\nwent VBD I-VP O\nto TO I-PP O\n{city} NNP I-NP I-LOC\n. . O O\n\n"
            ));
        }
        let docs = read_conll(&text);
        let opts = Options { epochs: 3, min_weight: 0.0, ..Options::default() };
        let (a, rows) = train(&docs, None, &opts, &mut |_| {});
        let (b, _) = train(&docs, None, &opts, &mut |_| {});
        assert_eq!(a, b, "training is deterministic");
        assert!(rows > 0);
        let m = Model::from_bytes(&a).expect("loads");
        let r = evaluate(&m, &docs);
        assert!(r.counts.overall().2 > 0.95, "{}", r.counts.table());
    }
}
