//! Training the learned attribution model ([`super::learned`]) from attribution-
//! annotated articles (PolNeAR's format: source, cue and content spans per
//! attribution). Used by `newsgraph train quotes`; deterministic for a given seed.

use super::judge::{self, Example};
use super::learned::JudgeRows;
use super::learned::{
    cue_candidate, cue_features, cue_prev_features, encode, prev_features, source_window, span_features,
    window, CueCtx, Head, Model, TokInfo, I, NT, O,
};
use super::{frame, locate, marks, segments, tok};
use crate::model::{Entity, Span};
use crate::ner::features::HashKeyMap;

/// One annotated attribution, as byte spans into its article's text.
#[derive(Clone, Debug, Default)]
pub struct GoldAttribution {
    /// The source (speaker) spans.
    pub source: Vec<Span>,
    /// The cue spans.
    pub cue: Vec<Span>,
    /// The content spans.
    pub content: Vec<Span>,
}

/// One annotated article.
#[derive(Clone, Debug, Default)]
pub struct TrainDoc {
    /// The article text.
    pub text: String,
    /// Its attributions.
    pub attributions: Vec<GoldAttribution>,
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct Options {
    /// Passes over the data.
    pub epochs: usize,
    /// Shuffling seed.
    pub seed: u64,
    /// Saved in the model: added to the cue tagger's O score at run time.
    pub cue_bias: f32,
    /// Weights whose averaged magnitude is below this are not saved.
    pub min_weight: f32,
    /// Folds for training the judge on drafts of unseen articles (< 2: no judge).
    pub judge_folds: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { epochs: 8, seed: 7, cue_bias: 0.0, min_weight: 0.02, judge_folds: 5 }
    }
}

/// Passes of the judge's logistic regression.
const JUDGE_EPOCHS: usize = 5;

/// Perceptron weights with lazy averaging.
#[derive(Default)]
struct Perceptron {
    index: HashKeyMap<u32>,
    keys: Vec<u64>,
    w: Vec<[f32; NT]>,
    total: Vec<[f64; NT]>,
    stamp: Vec<[u32; NT]>,
    now: u32,
}

impl Perceptron {
    fn scores(&self, keys: &[u64]) -> [f32; NT] {
        let mut s = [0f32; NT];
        for k in keys {
            if let Some(&r) = self.index.get(k) {
                for (a, b) in s.iter_mut().zip(&self.w[r as usize]) {
                    *a += b;
                }
            }
        }
        s
    }

    fn update(&mut self, keys: &[u64], gold: u8, guess: u8) {
        for &key in keys {
            let n = self.keys.len() as u32;
            let r = *self.index.entry(key).or_insert(n) as usize;
            if r == self.keys.len() {
                self.keys.push(key);
                self.w.push([0.0; NT]);
                self.total.push([0.0; NT]);
                self.stamp.push([0; NT]);
            }
            for (t, d) in [(gold, 1.0f32), (guess, -1.0)] {
                let t = usize::from(t);
                self.total[r][t] += f64::from(self.now - self.stamp[r][t]) * f64::from(self.w[r][t]);
                self.stamp[r][t] = self.now;
                self.w[r][t] += d;
            }
        }
    }

    /// Averaged weights as `(key, weight of I − weight of O)`; a tag weight smaller
    /// than `min_weight` counts as zero, rows left at zero are dropped.
    fn averaged(&self, min_weight: f32) -> Vec<(u64, f32)> {
        let now = f64::from(self.now.max(1));
        self.keys
            .iter()
            .enumerate()
            .map(|(r, &k)| {
                let avg = |t: usize| {
                    let tot =
                        self.total[r][t] + f64::from(self.now - self.stamp[r][t]) * f64::from(self.w[r][t]);
                    let v = (tot / now) as f32;
                    if v.abs() < min_weight {
                        0.0
                    } else {
                        v
                    }
                };
                (k, avg(usize::from(I)) - avg(usize::from(O)))
            })
            .filter(|&(_, d)| d != 0.0)
            .collect()
    }
}

/// A document prepared for training: tokens, their facts, segments and gold tags.
struct Prepared {
    info: TokInfo,
    cand: Vec<bool>,
    segs: Vec<(usize, usize)>,
    /// Gold cue tags per token.
    cue: Vec<u8>,
    /// Per attribution: segment, cue range, content and source token flags.
    atts: Vec<PreparedAtt>,
}

struct PreparedAtt {
    seg: usize,
    c0: usize,
    c1: usize,
    content: Vec<(usize, usize)>,
    source: Vec<(usize, usize)>,
}

fn token_ranges(toks: &[tok::Tok], spans: &[Span]) -> Vec<(usize, usize)> {
    spans
        .iter()
        .filter_map(|s| {
            let a = toks.iter().position(|t| t.end > s.start && t.start < s.end)?;
            let b = toks[a..].iter().position(|t| t.start >= s.end).map_or(toks.len(), |k| a + k);
            Some((a, b))
        })
        .collect()
}

fn prepare(doc: &TrainDoc, tagger: &crate::pos::Model) -> Prepared {
    let text = doc.text.as_str();
    let toks = tok::tokenize(text);
    let regions = marks::regions(text);
    let (in_quote, mark) = locate(&toks, &regions);
    let sentences = crate::segment::segment(text);
    let segs = segments(text, &sentences, &toks, &regions, &in_quote, &mark);
    let pos = super::learned::pos_tags(tagger, text, &toks, &segs);
    let info = TokInfo::new(&frame::Ctx::new(text, &toks, &in_quote, &mark, &pos));
    let cand: Vec<bool> = (0..toks.len()).map(|i| cue_candidate(&info, text, &toks, i)).collect();
    let mut cue = vec![O; toks.len()];
    let seg_of = |t: usize| segs.iter().position(|&(lo, hi)| lo <= t && t < hi);
    let mut atts = Vec::new();
    for a in &doc.attributions {
        let cr = token_ranges(&toks, &a.cue);
        // cue tokens the tagger never looks at stay O
        for &(x, y) in &cr {
            for k in x..y {
                if cand[k] {
                    cue[k] = I;
                }
            }
        }
        let Some(&(c0, c1)) = cr.first() else { continue };
        let Some(seg) = seg_of(c0) else { continue };
        let c1 = c1.min(segs[seg].1);
        atts.push(PreparedAtt {
            seg,
            c0,
            c1,
            content: token_ranges(&toks, &a.content),
            source: token_ranges(&toks, &a.source),
        });
    }
    Prepared { info, cand, segs, cue, atts }
}

fn gold_tags(lo: usize, hi: usize, c0: usize, c1: usize, ranges: &[(usize, usize)]) -> Vec<u8> {
    let mut tags = vec![O; hi - lo];
    for &(a, b) in ranges {
        for k in a.max(lo)..b.min(hi) {
            if k >= c0 && k < c1 {
                continue;
            }
            tags[k - lo] = I;
        }
    }
    tags
}

/// Train one span head on one attribution's window.
fn train_span(
    p: &mut Perceptron,
    info: &TokInfo,
    lo: usize,
    hi: usize,
    c: &CueCtx,
    gold: &[u8],
    keys: &mut Vec<u64>,
) {
    let mut prev = O;
    for j in lo..hi {
        if j >= c.c0 && j < c.c1 {
            prev = O;
            continue;
        }
        let side = span_features(info, lo, hi, c, j, keys);
        prev_features(info, j, prev, side, keys);
        let g = gold[j - lo];
        let guess = super::learned::best(&p.scores(keys));
        if guess != g {
            p.update(keys, g, guess);
        }
        p.now += 1;
        prev = guess;
    }
}

/// Train the three taggers on some prepared articles: averaged `(key, weight)` rows of
/// the cue, content and source heads.
fn fit_taggers(
    prepared: &[&Prepared],
    opts: &Options,
    progress: &mut dyn FnMut(String),
) -> [Vec<(u64, f32)>; 3] {
    let (mut cue, mut content, mut source) =
        (Perceptron::default(), Perceptron::default(), Perceptron::default());
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut rng = opts.seed.max(1);
    let mut keys = Vec::with_capacity(32);
    for epoch in 0..opts.epochs {
        // Fisher-Yates with xorshift
        for k in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(k, (rng % (k as u64 + 1)) as usize);
        }
        let (mut errs, mut n) = (0usize, 0usize);
        for &d in &order {
            let p = prepared[d];
            for &(lo, hi) in &p.segs {
                let mut prev = O;
                for i in lo..hi {
                    if !p.cand[i] {
                        prev = O;
                        continue;
                    }
                    cue_features(&p.info, lo, hi, i, &mut keys);
                    cue_prev_features(&p.info, i, prev, &mut keys);
                    let g = p.cue[i];
                    let guess = super::learned::best(&cue.scores(&keys));
                    if guess != g {
                        cue.update(&keys, g, guess);
                        errs += 1;
                    }
                    n += 1;
                    cue.now += 1;
                    prev = guess;
                }
            }
            for a in &p.atts {
                let (lo, hi) = p.segs[a.seg];
                let c = CueCtx::new(&p.info, a.c0, a.c1);
                let (wa, wb) = window(lo, hi, a.c0, a.c1);
                let g = gold_tags(wa, wb, a.c0, a.c1, &a.content);
                train_span(&mut content, &p.info, wa, wb, &c, &g, &mut keys);
                let (sa, sb) = source_window(lo, hi, a.c0, a.c1);
                let g = gold_tags(sa, sb, a.c0, a.c1, &a.source);
                train_span(&mut source, &p.info, sa, sb, &c, &g, &mut keys);
            }
        }
        progress(format!(
            "epoch {}: cue token errors {:.4} ({errs}/{n}); rows cue {} content {} source {}",
            epoch + 1,
            errs as f64 / n.max(1) as f64,
            cue.keys.len(),
            content.keys.len(),
            source.keys.len()
        ));
    }
    [cue.averaged(opts.min_weight), content.averaged(opts.min_weight), source.averaged(opts.min_weight)]
}

/// Word tokens (`\w+`, as the PolNeAR scorer counts them) as byte ranges.
fn word_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric() || c == '_';
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Which predicted content spans match a gold attribution: for each gold content in
/// turn, the unused prediction covering the largest share (≥ 0.3) of its word tokens
/// (the Gender Gap Tracker's protocol, as `eval quotes` scores).
fn match_gold(text: &str, gold: &[GoldAttribution], pred: &[Span]) -> (Vec<bool>, usize) {
    let toks = word_tokens(text);
    let set = |spans: &[Span]| -> Vec<usize> {
        (0..toks.len()).filter(|&k| spans.iter().any(|s| toks[k].1 > s.start && toks[k].0 < s.end)).collect()
    };
    let preds: Vec<Vec<usize>> = pred.iter().map(|s| set(std::slice::from_ref(s))).collect();
    let mut used = vec![false; pred.len()];
    let mut n = 0;
    for g in gold {
        let gt = set(&g.content);
        if gt.is_empty() {
            continue;
        }
        n += 1;
        let mut best: Option<(usize, f64)> = None;
        for (j, pt) in preds.iter().enumerate() {
            if used[j] || pt.is_empty() {
                continue;
            }
            let hit = gt.iter().filter(|k| pt.binary_search(k).is_ok()).count();
            let sc = hit as f64 / gt.len() as f64;
            if sc >= 0.3 && best.is_none_or(|(_, b)| sc > b) {
                best = Some((j, sc));
            }
        }
        if let Some((j, _)) = best {
            used[j] = true;
        }
    }
    (used, n)
}

/// Train the judge: k-fold, taggers trained on the other folds draft the attributions
/// of each fold's articles, labelled by whether they match a gold attribution. The
/// threshold is the one that maximises F1 over out-of-fold judge probabilities.
fn fit_judge(
    docs: &[TrainDoc],
    prepared: &[Prepared],
    opts: &Options,
    progress: &mut dyn FnMut(String),
) -> (Vec<(u64, f32)>, f32, f32) {
    let k = opts.judge_folds;
    let res = crate::Resources::embedded();
    let analysed: Vec<(Vec<Span>, Vec<Entity>)> = docs
        .iter()
        .map(|d| {
            let s = crate::segment::segment(&d.text);
            let e = crate::entity::recognise(&d.text, &s, res);
            (s, e)
        })
        .collect();
    // (fold, example) for every draft; gold attributions in all folds
    let mut examples: Vec<(usize, Example)> = Vec::new();
    let mut gold = 0usize;
    for fold in 0..k {
        let train_set: Vec<&Prepared> =
            prepared.iter().enumerate().filter(|(i, _)| i % k != fold).map(|(_, p)| p).collect();
        let heads = fit_taggers(&train_set, opts, &mut |_| {});
        let bytes = encode([&heads[0], &heads[1], &heads[2]], opts.cue_bias, None);
        let Ok(model) = Model::from_bytes(&bytes) else { continue };
        let (mut n, mut pos) = (0usize, 0usize);
        for (i, d) in docs.iter().enumerate().filter(|(i, _)| i % k == fold) {
            let (s, e) = &analysed[i];
            let traced = super::attribute_traced(&d.text, s, e, &model, &res.pos);
            let spans: Vec<Span> = traced.iter().map(|(q, _)| Span::new(q.start, q.end)).collect();
            let (hit, g) = match_gold(&d.text, &d.attributions, &spans);
            gold += g;
            for ((_, keys), label) in traced.into_iter().zip(hit) {
                n += 1;
                pos += usize::from(label);
                examples.push((fold, Example { keys, label }));
            }
        }
        progress(format!("judge fold {}: {n} drafts, {pos} match a gold attribution", fold + 1));
    }
    // out-of-fold judge probabilities choose the threshold
    let mut scored = Vec::with_capacity(examples.len());
    // the shipped judge is the average of the fold judges (bagging: steadier than one
    // fit on all drafts when the drafts change a little)
    let mut sum: crate::ner::features::HashKeyMap<f32> = Default::default();
    let mut bias_sum = 0f32;
    for fold in 0..k {
        let train_ex: Vec<&Example> = examples.iter().filter(|(f, _)| *f != fold).map(|(_, e)| e).collect();
        let (rows, bias) = judge::fit(&train_ex, JUDGE_EPOCHS, opts.seed);
        for &(key, w) in &rows {
            *sum.entry(key).or_default() += w / k as f32;
        }
        bias_sum += bias / k as f32;
        let j = judge::Judge { weights: Head::from_pairs(rows), bias, threshold: 0.0 };
        scored.extend(
            examples.iter().filter(|(f, _)| *f == fold).map(|(_, e)| (j.probability(&e.keys), e.label)),
        );
    }
    let (threshold, f1) = judge::best_threshold(&scored, gold);
    let keep_all = judge::f1_at(&scored, gold, f32::MIN);
    progress(format!(
        "judge out-of-fold: AUC {:.3}, F1 keeping every draft {keep_all:.3}",
        judge::auc(&scored)
    ));
    let rows = judge::rows_of(sum.into_iter());

    progress(format!(
        "judge: {} drafts, {} feature rows, threshold {threshold:.2} (out-of-fold F1 {f1:.3})",
        examples.len(),
        rows.len()
    ));
    (rows, bias_sum, threshold)
}

/// Train the three taggers and the judge; `progress` gets a line per epoch and fold.
///
/// The taggers' part-of-speech features come from the embedded tagger, so a model
/// trained here expects it at run time.
pub fn train(docs: &[TrainDoc], opts: &Options, progress: &mut dyn FnMut(String)) -> Trained {
    let tagger = &crate::Resources::embedded().pos;
    let prepared: Vec<Prepared> = docs.iter().map(|d| prepare(d, tagger)).collect();
    let all: Vec<&Prepared> = prepared.iter().collect();
    let heads = fit_taggers(&all, opts, progress);
    let judge =
        (opts.judge_folds >= 2 && opts.epochs > 0).then(|| fit_judge(docs, &prepared, opts, progress));
    let bytes = encode(
        [&heads[0], &heads[1], &heads[2]],
        opts.cue_bias,
        judge.as_ref().map(|(rows, bias, threshold)| JudgeRows { rows, bias: *bias, threshold: *threshold }),
    );
    // the model as it will be loaded (quantised, pruned)
    let model = Model::from_bytes(&bytes).unwrap_or_default();
    Trained { model, bytes }
}

/// A trained model and its file bytes.
pub struct Trained {
    /// The model, ready to use.
    pub model: Model,
    /// What `data/models/quotes.bin` holds.
    pub bytes: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, atts: &[(&str, &str, &str)]) -> TrainDoc {
        let span = |w: &str| {
            let s = text.find(w).expect("in text");
            vec![Span::new(s, s + w.len())]
        };
        TrainDoc {
            text: text.to_string(),
            attributions: atts
                .iter()
                .map(|&(s, c, t)| GoldAttribution { source: span(s), cue: span(c), content: span(t) })
                .collect(),
        }
    }

    #[test]
    fn learns_a_toy_attribution_pattern() {
        let docs: Vec<TrainDoc> = (0..30)
            .map(|k| {
                let t = format!(
                    "Officials in town {k} insisted that the bridge was safe. The river rose {k} feet overnight."
                );
                let t: &'static str = Box::leak(t.into_boxed_str());
                doc(t, &[("Officials", "insisted", "the bridge was safe")])
            })
            .collect();
        let m = train(&docs, &Options { epochs: 5, ..Options::default() }, &mut |_| {}).model;
        let text = "Officials in town 99 insisted that the road was safe. The river rose 3 feet overnight.";
        let toks = tok::tokenize(text);
        let regions = marks::regions(text);
        let (inq, mk) = locate(&toks, &regions);
        let segs = segments(text, &crate::segment::segment(text), &toks, &regions, &inq, &mk);
        let pos = super::super::learned::pos_tags(&crate::Resources::embedded().pos, text, &toks, &segs);
        let info = TokInfo::new(&frame::Ctx::new(text, &toks, &inq, &mk, &pos));
        let found = super::super::learned::find(&m, text, &toks, &info, &segs, &|_, _| false, &|_| false);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert_eq!(toks[f.cue.0].text(text), "insisted");
        let (a, b) = f.content[0];
        assert!(text[toks[a].start..toks[b - 1].end].ends_with("the road was safe"));
        let (a, b) = f.source.expect("source");
        assert_eq!(&text[toks[a].start..toks[b - 1].end], "Officials");
    }
}
