//! The judge: a logistic model over whole draft attributions that says how likely each
//! one is a real attribution, from how it was found (rule pattern or learned tagger),
//! its cue, its source and speaker, its content and where it sits. Drafts below the
//! model's threshold are dropped.
//!
//! The judge is trained on drafts the pipeline produces for articles the taggers did
//! not see (k-fold cross-fitting on PolNeAR train, [`super::train`]), so it learns
//! how far to trust the stage on new text, not on its own training data.

use super::frame::{How, SrcKind};
use super::learned::Head;
use super::lexicon::Class;
use crate::model::{QuoteKind, Span};
use crate::ner::features::{hash_bytes, hash_str, mix, HashKeyMap};

/// Bump when the judge's feature templates change meaning: old model files are then
/// refused (new templates alone need no bump: an old model has no weight for them).
pub(crate) const JUDGE_VERSION: u32 = 1;

/// How a draft attribution was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A rule frame in the quote's own sentence.
    Rule(How),
    /// The learned taggers (content after or before the cue).
    Learned(How),
    /// A cue in the sentence before or after a quoted region.
    Adjacent,
    /// No cue: the last named speaker before.
    Fallback,
    /// No cue and no speaker.
    Uncued,
}

impl Origin {
    fn code(self) -> u64 {
        let how = |h: How| h as u64;
        match self {
            Origin::Rule(h) => 10 + how(h),
            Origin::Learned(h) => 20 + how(h),
            Origin::Adjacent => 1,
            Origin::Fallback => 2,
            Origin::Uncued => 3,
        }
    }

    fn learned(self) -> u64 {
        u64::from(matches!(self, Origin::Learned(_)))
    }

    /// The frame pattern of a rule or learned draft.
    pub(crate) fn how(self) -> Option<How> {
        match self {
            Origin::Rule(h) | Origin::Learned(h) => Some(h),
            Origin::Adjacent | Origin::Fallback | Origin::Uncued => None,
        }
    }
}

/// What the judge knows of one draft beyond the quote record itself.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Facts {
    /// How it was found.
    pub origin: Origin,
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// The content span (trimmed, as reported).
    pub content: Span,
    /// The cue, when the attribution has its own.
    pub cue: Option<Span>,
    /// The source phrase at the cue, when there is one.
    pub source: Option<Span>,
    /// What the source phrase is.
    pub src: Option<SrcKind>,
    /// What the speaker resolved to: 0 nothing, 1 free text, 2 person, 3 organisation,
    /// 4 place, 5 other entity.
    pub speaker: u8,
    /// The cue form's prior (rules) or the tagger's squashed margin (learned).
    pub prior: f32,
    /// The lexicon class of a rule cue.
    pub class: Option<Class>,
    /// Index of the paragraph (line) the content starts in.
    pub para: usize,
    /// Whether the cue stands inside another draft's content.
    pub nested: bool,
    /// Whether the content holds another draft's cue.
    pub holds: bool,
    /// Parts of speech (indices of [`crate::pos::Pos`]): the cue's first and last
    /// token, the content's first and last token, the token before the content, and
    /// whether the content holds a finite verb (1) or not (0).
    pub pos: [u8; 6],
}

/// Lower-case words of a piece of text (letters, digits and inner apostrophes).
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-')).filter(|w| !w.is_empty())
}

fn word_key(w: &str) -> u64 {
    // `char::to_lowercase` of an ASCII letter is its ASCII lower case: no copy needed
    if w.is_ascii() {
        return hash_bytes(w.bytes().map(|b| b.to_ascii_lowercase()));
    }
    let mut b = String::with_capacity(w.len());
    for c in w.chars() {
        b.extend(c.to_lowercase());
    }
    hash_str(&b)
}

/// The first and last of [`words`] of `s` and how many there are, in one pass.
fn word_span(s: &str) -> (Option<&str>, Option<&str>, usize) {
    let (mut first, mut last, mut n) = (None, None, 0);
    for w in words(s) {
        first.get_or_insert(w);
        last = Some(w);
        n += 1;
    }
    (first, last, n)
}

fn bucket(n: usize) -> u64 {
    match n {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 3,
        4..=5 => 4,
        6..=9 => 5,
        10..=19 => 6,
        20..=39 => 7,
        _ => 8,
    }
}

/// Shape of a phrase's first word: 0 lower, 1 capitalised, 2 all capitals, 3 other.
fn first_shape(s: &str) -> u64 {
    let Some(w) = words(s).next() else { return 3 };
    let mut letters = w.chars().filter(|c| c.is_alphabetic()).peekable();
    match letters.next() {
        Some(c) if c.is_lowercase() => 0,
        // all capitals takes two letters or more
        Some(c) if c.is_uppercase() && letters.peek().is_some() && letters.all(char::is_uppercase) => 2,
        Some(_) => 1,
        None => 3,
    }
}

/// The word just before `at` and just after `end`, lower-cased, with a marker for a
/// clause boundary in between.
fn word_before(text: &str, at: usize) -> u64 {
    let head = text[..at].trim_end();
    match head.chars().last() {
        None => hash_str("^"),
        Some(c) if !(c.is_alphanumeric() || c == '\'' || c == '’') => hash_str(c.encode_utf8(&mut [0; 4])),
        // the last of `words(head)`, found from the end (not by splitting the whole
        // text before `at`, once per draft)
        Some(_) => {
            let start = head
                .char_indices()
                .rev()
                .find(|&(_, c)| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            word_key(&head[start..])
        }
    }
}

fn word_after(text: &str, end: usize) -> u64 {
    let tail = text[end..].trim_start();
    match tail.chars().next() {
        None => hash_str("$"),
        Some(c) if !(c.is_alphanumeric() || c == '\'' || c == '’') => hash_str(c.encode_utf8(&mut [0; 4])),
        Some(_) => words(tail).next().map_or(0, word_key),
    }
}

/// The judge's feature keys for one draft.
pub(crate) fn features(text: &str, f: &Facts, out: &mut Vec<u64>) {
    out.clear();
    let t = |id: u64, v: u64| mix(mix(0x4a55_4447_4500_0000 | id, v), JUDGE_VERSION.into());
    let o = f.origin.code();
    let l = f.origin.learned();
    let kind = f.kind as u64;
    let src = f.src.map_or(0, |s| s as u64 + 1);
    out.push(t(1, o));
    out.push(t(2, mix(o, kind)));
    out.push(t(3, mix(o, src)));
    out.push(t(4, mix(u64::from(f.speaker), src)));
    out.push(t(5, mix(l, (f.prior.clamp(0.0, 1.0) * 10.0) as u64)));
    out.push(t(6, f.class.map_or(0, |c| c as u64 + 1)));
    // content
    let content = &text[f.content.range()];
    let (first_word, last_word, n) = word_span(content);
    out.push(t(7, mix(kind, bucket(n))));
    out.push(t(8, mix(l, bucket(n))));
    out.push(t(9, first_word.map_or(0, word_key)));
    out.push(t(10, last_word.map_or(0, word_key)));
    out.push(t(11, word_after(text, f.content.end)));
    out.push(t(12, mix(l, u64::from(f.para == 0))));
    out.push(t(13, mix(o, bucket(f.para))));
    out.push(t(14, mix(kind, u64::from(content.contains('?') || text[f.content.end..].starts_with('?')))));
    out.push(t(15, mix(o, u64::from(f.nested))));
    out.push(t(16, mix(mix(o, kind), u64::from(f.holds))));
    // parts of speech
    let [cue_a, cue_b, first, last, before, finite] = f.pos.map(u64::from);
    out.push(t(50, mix(o, mix(cue_a, cue_b))));
    out.push(t(51, mix(kind, mix(first, last))));
    out.push(t(52, mix(before, first)));
    out.push(t(53, mix(mix(kind, finite), bucket(n))));
    out.push(t(54, mix(l, mix(cue_b, first))));
    // cue
    if let Some(c) = f.cue {
        let cue = &text[c.range()];
        let ws: Vec<u64> = words(cue).map(word_key).collect();
        let whole = ws.iter().fold(0u64, |h, &w| mix(h, w));
        out.push(t(20, whole));
        out.push(t(21, mix(l, whole)));
        out.push(t(22, mix(whole, src)));
        out.push(t(23, ws.first().copied().unwrap_or(0)));
        out.push(t(24, ws.last().copied().unwrap_or(0)));
        out.push(t(25, mix(l, bucket(ws.len()))));
        let before = word_before(text, c.start);
        out.push(t(26, before));
        out.push(t(27, mix(before, whole)));
        out.push(t(28, word_after(text, c.end)));
        out.push(t(29, mix(whole, u64::from(f.content.start >= c.end))));
        let gap = if f.content.start >= c.end {
            f.content.start - c.end
        } else {
            c.start.saturating_sub(f.content.end)
        };
        out.push(t(30, mix(o, bucket(gap / 4))));
        out.push(t(31, mix(first_shape(cue), u64::from(f.para == 0))));
        out.push(t(32, mix(whole, u64::from(f.nested))));
    } else {
        out.push(t(20, 0));
    }
    // source
    if let Some(s) = f.source {
        let phrase = &text[s.range()];
        let (first_word, last_word, n) = word_span(phrase);
        out.push(t(40, mix(first_shape(phrase), src)));
        out.push(t(41, mix(l, bucket(n))));
        out.push(t(42, first_word.map_or(0, word_key)));
        out.push(t(43, mix(last_word.map_or(0, word_key), src)));
    } else {
        out.push(t(40, 9));
    }
}

/// The judge: weights, bias and the probability below which a draft is dropped.
#[derive(Clone, Default)]
pub(crate) struct Judge {
    pub weights: Head,
    pub bias: f32,
    pub threshold: f32,
}

impl Judge {
    /// Probability that a draft with these features is a real attribution.
    pub(crate) fn probability(&self, keys: &[u64]) -> f32 {
        sigmoid(self.bias + self.weights.score(keys))
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// One training example: features and whether the draft matched a gold attribution.
pub(crate) struct Example {
    pub keys: Vec<u64>,
    pub label: bool,
}

/// Logistic regression by AdaGrad with L2, over shuffled examples (deterministic).
pub(crate) fn fit(examples: &[&Example], epochs: usize, seed: u64) -> (Vec<(u64, f32)>, f32) {
    const RATE: f32 = 0.2;
    const L2: f32 = 1e-5;
    let mut w: HashKeyMap<(f32, f32)> = HashKeyMap::default();
    let (mut bias, mut bias_g) = (0f32, 0f32);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = seed.max(1);
    for _ in 0..epochs {
        for k in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(k, (rng % (k as u64 + 1)) as usize);
        }
        for &i in &order {
            let ex = examples[i];
            let z = bias + ex.keys.iter().map(|k| w.get(k).map_or(0.0, |x| x.0)).sum::<f32>();
            let g = sigmoid(z) - if ex.label { 1.0 } else { 0.0 };
            bias_g += g * g;
            bias -= RATE * g / (bias_g.sqrt() + 1e-6);
            for &k in &ex.keys {
                let e = w.entry(k).or_insert((0.0, 0.0));
                let grad = g + L2 * e.0;
                e.1 += grad * grad;
                e.0 -= RATE * grad / (e.1.sqrt() + 1e-6);
            }
        }
    }
    (rows_of(w.into_iter().map(|(k, (x, _))| (k, x))), bias)
}

/// Weights as rows sorted by key, those of magnitude 0.001 or less dropped.
pub(crate) fn rows_of(weights: impl Iterator<Item = (u64, f32)>) -> Vec<(u64, f32)> {
    let mut rows: Vec<(u64, f32)> = weights.filter(|r| r.1.abs() > 1e-3).collect();
    rows.sort_unstable_by_key(|r| r.0);
    rows
}

/// Area under the ROC curve of scored examples: the chance that a random matching
/// draft scores above a random spurious one.
pub(crate) fn auc(scored: &[(f32, bool)]) -> f64 {
    let mut v: Vec<(f32, bool)> = scored.to_vec();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut neg, mut sum) = (0usize, 0usize);
    for &(_, y) in &v {
        if y {
            sum += neg;
        } else {
            neg += 1;
        }
    }
    let pos = v.len() - neg;
    if pos == 0 || neg == 0 {
        return 0.5;
    }
    sum as f64 / (pos * neg) as f64
}

/// F1 of keeping the scored examples at or above `th`, given how many gold
/// attributions there are in their articles.
pub(crate) fn f1_at(scored: &[(f32, bool)], gold: usize, th: f32) -> f64 {
    let (mut tp, mut fp) = (0usize, 0usize);
    for &(p, y) in scored {
        if p >= th {
            if y {
                tp += 1;
            } else {
                fp += 1;
            }
        }
    }
    let fnn = gold.saturating_sub(tp);
    2.0 * tp as f64 / (2 * tp + fp + fnn).max(1) as f64
}

/// The threshold that maximises F1 ([`f1_at`]) over scored examples. F1 is flat near
/// its top, so each threshold is judged by its mean F1 over ±0.05 around it (a choice
/// that does not jump with a few drafts), and reported with its own F1.
pub(crate) fn best_threshold(scored: &[(f32, bool)], gold: usize) -> (f32, f64) {
    let f1: Vec<f64> = (1..95).map(|step| f1_at(scored, gold, step as f32 / 100.0)).collect();
    let mut best = (0usize, f64::MIN);
    for i in 0..f1.len() {
        let window = &f1[i.saturating_sub(5)..(i + 6).min(f1.len())];
        let mean = window.iter().sum::<f64>() / window.len() as f64;
        if mean > best.1 {
            best = (i, mean);
        }
    }
    ((best.0 + 1) as f32 / 100.0, f1[best.0])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str, content: &str, cue: &str, origin: Origin) -> Facts {
        let at = |w: &str| {
            let s = text.find(w).expect("in text");
            Span::new(s, s + w.len())
        };
        Facts {
            origin,
            kind: QuoteKind::Indirect,
            content: at(content),
            cue: Some(at(cue)),
            source: None,
            src: None,
            speaker: 0,
            prior: 0.5,
            class: None,
            para: 1,
            nested: false,
            holds: false,
            pos: [0; 6],
        }
    }

    #[test]
    fn learns_to_separate_good_and_bad_cues() {
        let text = "Officials said the bridge was safe. Officials plans the bridge was safe.";
        let good = facts(text, "the bridge was safe", "said", Origin::Learned(How::Forward));
        let mut bad = good;
        bad.cue = Some(Span::new(text.rfind("plans").expect("in text"), text.rfind("plans").expect("") + 5));
        let mut examples = Vec::new();
        for k in 0..50 {
            let (f, label) = if k % 2 == 0 { (&good, true) } else { (&bad, false) };
            let mut keys = Vec::new();
            features(text, f, &mut keys);
            examples.push(Example { keys, label });
        }
        let (rows, bias) = fit(&examples.iter().collect::<Vec<_>>(), 5, 7);
        let j = Judge { weights: Head::from_pairs(rows), bias, threshold: 0.5 };
        let mut keys = Vec::new();
        features(text, &good, &mut keys);
        let pg = j.probability(&keys);
        features(text, &bad, &mut keys);
        let pb = j.probability(&keys);
        assert!(pg > 0.8 && pb < 0.2, "{pg} {pb}");
    }

    #[test]
    fn threshold_trades_precision_for_recall() {
        let scored = [(0.9, true), (0.8, true), (0.7, false), (0.6, true), (0.2, false), (0.1, false)];
        let (th, f1) = best_threshold(&scored, 4);
        // F1 0.75 from 0.21 to 0.60; the middle of that plateau wins
        assert!(th > 0.25 && th <= 0.55, "{th}");
        assert!((f1 - 0.75).abs() < 1e-9, "{f1}");
    }

    #[test]
    fn auc_orders_examples() {
        assert_eq!(auc(&[(0.9, true), (0.1, false)]), 1.0);
        assert_eq!(auc(&[(0.1, true), (0.9, false)]), 0.0);
        assert_eq!(auc(&[(0.9, true), (0.5, false), (0.4, true), (0.1, false)]), 0.75);
    }

    #[test]
    fn words_and_shapes() {
        assert_eq!(words("don’t say “no”, Mr. X").collect::<Vec<_>>(), ["don’t", "say", "no", "Mr", "X"]);
        assert_eq!(first_shape("LOOK"), 2);
        assert_eq!(first_shape("Revealed"), 1);
        assert_eq!(first_shape("the mayor"), 0);
        assert_eq!(first_shape("A big one"), 1);
        assert_eq!(first_shape("U.S. troops"), 1);
        assert_eq!(first_shape("NATO troops"), 2);
        assert_eq!(first_shape("NATO-led"), 1);
        assert_eq!(first_shape("1,000"), 3);
        assert_eq!(word_before("He said that", 3), word_key("he"));
        assert_eq!(word_key("He"), hash_str("he"));
        assert_eq!(word_key("Über"), hash_str("über"));
        assert_eq!(word_span("“A, b c.”"), (Some("A"), Some("c"), 3));
        assert_eq!(word_span(" , "), (None, None, 0));
        assert_eq!(word_before("Yes: said", 5), hash_str(":"));
        // the last word as `words` splits it
        for (t, at) in [("a-b’c d-e's  x", 12), ("x—don’t", 10), ("é-Ü", 5), ("one two", 3), ("  a", 3)]
        {
            let head = t[..at].trim_end();
            let want = words(head).last().map_or(0, word_key);
            assert_eq!(word_before(t, at), want, "{t:?} {at}");
        }
    }
}
