//! Training the learned attribution model ([`super::learned`]) from attribution-
//! annotated articles (PolNeAR's format: source, cue and content spans per
//! attribution). Used by `newsgraph train quotes`; deterministic for a given seed.

use super::learned::{
    cue_candidate, cue_features, cue_prev_features, encode, prev_features, source_window, span_features,
    window, CueCtx, Head, Model, TokInfo, I, NT, O,
};
use super::{locate, marks, segments, tok};
use crate::model::Span;
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
}

impl Default for Options {
    fn default() -> Options {
        Options { epochs: 8, seed: 7, cue_bias: 0.0, min_weight: 0.02 }
    }
}

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

fn prepare(doc: &TrainDoc) -> Prepared {
    let text = doc.text.as_str();
    let toks = tok::tokenize(text);
    let regions = marks::regions(text);
    let (in_quote, mark) = locate(&toks, &regions);
    let sentences = crate::segment::segment(text);
    let segs = segments(text, &sentences, &toks, &regions, &in_quote, &mark);
    let info = TokInfo::new(text, &toks, &in_quote);
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

/// Train the three taggers; `progress` gets a line per epoch.
pub fn train(docs: &[TrainDoc], opts: &Options, progress: &mut dyn FnMut(String)) -> Trained {
    let prepared: Vec<Prepared> = docs.iter().map(prepare).collect();
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
            let p = &prepared[d];
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
    let heads =
        [cue.averaged(opts.min_weight), content.averaged(opts.min_weight), source.averaged(opts.min_weight)];
    let bytes = encode([&heads[0], &heads[1], &heads[2]], opts.cue_bias);
    let [c, t, s] = heads;
    Trained {
        model: Model {
            cue: Head::from_pairs(c),
            content: Head::from_pairs(t),
            source: Head::from_pairs(s),
            cue_bias: opts.cue_bias,
        },
        bytes,
    }
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
        let info = TokInfo::new(text, &toks, &inq);
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
