//! The run-time decoders of [`super::find`], batched for speed; the same decisions as
//! a token-by-token loop (`find_reference` in the tests checks it on real text).
//!
//! A tagger's score at a token is the sum of the quantised weights of its static
//! features (which do not depend on earlier tags) and of its dynamic ones (which depend
//! on the previous tag, `O` or `I`). All keys of a stretch of tokens are computed first,
//! with the dynamic keys for both previous tags, and the static weights are then
//! summed with the table slots of a few tokens ahead already requested from memory, so
//! the cache misses of neighbouring tokens overlap instead of queueing; the greedy
//! left-to-right pass adds the dynamic keys of the one previous tag it has (their
//! slots were requested too). The content and source taggers share their static keys (the
//! same templates over the same window). Sums are integers, so the order of the
//! additions changes nothing: the scores are bit for bit those of
//! [`super::Head::score`].

use super::super::tok::Tok;
use super::{
    cue_candidate, cue_keys, cue_prev_features, prev_features, runs, window, CueCtx, Found, Head, Model,
    TokInfo, I, O,
};

/// Tokens ahead whose table slots are requested while one token is summed.
const AHEAD: usize = 2;

/// Feature keys of a stretch of tokens: per token three groups — static keys, dynamic
/// keys after `O`, dynamic keys after `I` — and the sums of the static groups under
/// one head.
#[derive(Default)]
struct Batch {
    keys: Vec<u64>,
    /// Start of each group in `keys`, and one past the last.
    bounds: Vec<usize>,
    /// Per token: the sum of its static group's weights under the head last summed.
    sums: Vec<i32>,
}

impl Batch {
    fn clear(&mut self) {
        self.keys.clear();
        self.bounds.clear();
        self.bounds.push(0);
    }

    /// Close the group of keys pushed since the last call.
    fn close(&mut self) {
        self.bounds.push(self.keys.len());
    }

    fn group(&self, g: usize) -> &[u64] {
        &self.keys[self.bounds[g]..self.bounds[g + 1]]
    }

    /// Sum the static group of every token under `head`, requesting the slots of
    /// all groups of the next `AHEAD` tokens first (the dynamic groups are summed by
    /// [`Batch::total`], for the one previous tag the greedy pass meets).
    fn sum(&mut self, head: &Head) {
        self.sums.clear();
        let groups = self.bounds.len() - 1;
        let ahead = 3 * AHEAD;
        for g in 0..ahead.min(groups) {
            self.group(g).iter().for_each(|&k| head.prefetch(k));
        }
        for g in (0..groups).step_by(3) {
            for a in g + ahead..(g + ahead + 3).min(groups) {
                self.group(a).iter().for_each(|&k| head.prefetch(k));
            }
            self.sums.push(head.sum(self.group(g)));
        }
    }

    /// Sum of token `t`'s static group and its dynamic group after `prev`.
    #[inline]
    fn total(&self, head: &Head, t: usize, prev: u8) -> i32 {
        self.sums[t] + head.sum(self.group(3 * t + if prev == O { 1 } else { 2 }))
    }
}

/// [`super::find`], batched.
pub(super) fn find(
    model: &Model,
    text: &str,
    toks: &[Tok],
    info: &TokInfo,
    segs: &[(usize, usize)],
    skip: &dyn Fn(usize, usize) -> bool,
    skip_segment: &dyn Fn(usize) -> bool,
) -> Vec<Found> {
    let mut out = Vec::new();
    if model.is_empty() {
        return out;
    }
    let mut batch = Batch::default();
    let mut cands: Vec<usize> = Vec::new();
    let mut ct: Vec<u8> = Vec::new();
    let mut st: Vec<u8> = Vec::new();
    for (si, &(lo, hi)) in segs.iter().enumerate() {
        if skip_segment(si) {
            continue;
        }
        // 1. cue tags over the segment's candidate tokens
        cands.clear();
        cands.extend((lo..hi).filter(|&i| cue_candidate(info, text, toks, i)));
        if cands.is_empty() {
            continue;
        }
        batch.clear();
        for &i in &cands {
            batch.keys.extend_from_slice(&cue_keys(info, lo, hi, i));
            batch.close();
            for prev in [O, I] {
                cue_prev_features(info, i, prev, &mut batch.keys);
                batch.close();
            }
        }
        batch.sum(&model.cue);
        let mut prev = O;
        let mut next_cand = 0;
        let mut cues: Vec<(usize, usize, f32)> = Vec::new();
        let mut open: Option<(usize, f32)> = None;
        for i in lo..hi {
            let t = if cands.get(next_cand) == Some(&i) {
                let m = model.cue.scaled(batch.total(&model.cue, next_cand, prev)) - model.cue_bias;
                next_cand += 1;
                let t = if m > 0.0 { I } else { O };
                if t != O {
                    match (&mut open, t) {
                        (Some((_, acc)), I) => *acc += m,
                        _ => {
                            if let Some((st, acc)) = open.take() {
                                cues.push((st, i, acc));
                            }
                            open = Some((i, m));
                        }
                    }
                }
                t
            } else {
                O
            };
            if t == O {
                if let Some((st, acc)) = open.take() {
                    cues.push((st, i, acc));
                }
            }
            prev = t;
        }
        if let Some((st, acc)) = open.take() {
            cues.push((st, hi, acc));
        }
        // 2. content and source spans of each cue no rule frame has
        for (c0, c1, margin) in cues {
            if skip(c0, c1) {
                continue;
            }
            let c = CueCtx::new(info, c0, c1);
            let (a, b) = window(lo, hi, c0, c1);
            span_keys(info, a, b, &c, &mut batch);
            batch.sum(&model.content);
            decode_span(&model.content, &batch, a, b, &c, &mut ct);
            let content = runs(&ct, a);
            if content.is_empty() {
                continue;
            }
            batch.sum(&model.source);
            decode_span(&model.source, &batch, a, b, &c, &mut st);
            // the source run nearest the cue
            let source =
                runs(&st, a)
                    .into_iter()
                    .min_by_key(|&(s, e)| if e <= c0 { c0 - e } else { s.saturating_sub(c1) });
            out.push(Found { cue: (c0, c1), content, source, margin, segment: si });
        }
    }
    out
}

/// Keys of the span taggers over `[a, b)` outside the cue.
fn span_keys(info: &TokInfo, a: usize, b: usize, c: &CueCtx, batch: &mut Batch) {
    batch.clear();
    for j in (a..b).filter(|&j| j < c.c0 || j >= c.c1) {
        let (keys, side) = super::span_keys(info, a, b, c, j);
        batch.keys.extend_from_slice(&keys);
        batch.close();
        for prev in [O, I] {
            prev_features(info, j, prev, side, &mut batch.keys);
            batch.close();
        }
    }
}

/// Greedy tags of `[a, b)` from the sums in `batch` (cue tokens are `O`).
fn decode_span(head: &Head, batch: &Batch, a: usize, b: usize, c: &CueCtx, tags: &mut Vec<u8>) {
    tags.clear();
    let mut prev = O;
    let mut t = 0;
    for j in a..b {
        if j >= c.c0 && j < c.c1 {
            tags.push(O);
            prev = O;
            continue;
        }
        let tag = if head.scaled(batch.total(head, t, prev)) > 0.0 { I } else { O };
        t += 1;
        tags.push(tag);
        prev = tag;
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::{locate, marks, segments, tok};
    use super::super::{find_reference, EMBEDDED_MODEL};
    use super::*;

    /// The seed articles, and the first PolNeAR train articles when `../shared` is there.
    fn texts() -> Vec<String> {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut out = Vec::new();
        for f in ["000_310dde132b2bd5a2.txt", "002_2515b4472a72e914.txt"] {
            if let Ok(t) = std::fs::read_to_string(format!("{root}/tests/fixtures/seeds/{f}")) {
                out.push(t);
            }
        }
        for shared in ["../../../shared", "../../../../shared"] {
            let p = format!("{root}/{shared}/data/quotes/polnear_train.jsonl");
            if let Ok(s) = std::fs::read_to_string(&p) {
                for line in s.lines().take(40) {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
                    if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                        out.push(t.to_string());
                    }
                }
                break;
            }
        }
        out.push(
            "Officials insisted that the bridge was safe, a claim critics questioned. “We will \
             rebuild,” the mayor said, adding that money was no object. According to the \
             Pentagon's top spokesman, the talks failed."
                .to_string(),
        );
        out
    }

    #[test]
    fn batched_decoding_matches_token_by_token() {
        let m = Model::from_bytes(EMBEDDED_MODEL).expect("shipped quote model");
        let mut found = 0;
        for text in texts() {
            let toks = tok::tokenize(&text);
            let regions = marks::regions(&text);
            let (inq, mk) = locate(&toks, &regions);
            let segs = segments(&text, &crate::segment::segment(&text), &toks, &regions, &inq, &mk);
            let pos = super::super::pos_tags(&crate::Resources::embedded().pos, &text, &toks, &segs);
            let info = TokInfo::new(&super::super::super::frame::Ctx::new(&text, &toks, &inq, &mk, &pos));
            let skips: [&dyn Fn(usize, usize) -> bool; 2] = [&|_, _| false, &|c0, _| c0 % 3 == 0];
            for skip in skips {
                let caption = |si: usize| si % 7 == 6;
                let fast = find(&m, &text, &toks, &info, &segs, skip, &caption);
                let slow = find_reference(&m, &text, &toks, &info, &segs, skip, &caption);
                assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
                found += fast.len();
            }
        }
        assert!(found > 0, "nothing found: the comparison says nothing");
    }
}

#[cfg(test)]
mod probe_tests {
    use super::super::{fingerprint, Head};

    /// The one-slot probe `Head::get` must agree with.
    fn get_reference(h: &Head, key: u64) -> i32 {
        let mask = h.slots.len() - 1;
        let fp = fingerprint(key);
        let mut i = (key as usize) & mask;
        loop {
            let (f, w) = h.slots[i];
            if f == fp {
                return i32::from(w);
            }
            if f == 0 {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }

    #[test]
    fn wide_probe_matches_one_slot_probe() {
        // a full-ish table (long runs, wrap-around at the end) of 16-bit-fingerprint keys
        let mut rng = crate::perceptron::Rng(0x9E37_79B9_7F4A_7C15);
        let mut next = || rng.next();
        let rows: Vec<(u64, f32)> = (0..600).map(|k| (next(), (k % 50) as f32 - 25.0)).collect();
        let h = Head::from_pairs(rows.clone());
        let mut hits = 0;
        for &(k, _) in &rows {
            assert_eq!(h.get(k), get_reference(&h, k));
            hits += usize::from(h.get(k) != 0);
        }
        // unknown keys, some sharing a known key's slot or fingerprint, some landing last
        for n in 0..20_000u64 {
            let (k, _) = rows[n as usize % rows.len()];
            for q in [
                next(),
                k ^ 1 << 20,
                (k & !0xffff) | (h.slots.len() as u64 - 1 - n % 4),
                next() | 0xffff << 48,
            ] {
                assert_eq!(h.get(q), get_reference(&h, q), "{q:x}");
            }
        }
        assert!(hits > 500);
    }
}
