//! `newsgraph eval quotes`: content-span P/R/F1 at token overlap ≥ 0.3 and ≥ 0.8 (the
//! Gender Gap Tracker protocol), for quoted and unquoted attributions, and speaker
//! accuracy where the gold source is a name, on PolNeAR-format gold. It reproduces
//! `score.py quotes` (same matching, same alignment of re-flowed text), so both print
//! the same figures.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use newsgraph::ingest::{self, RawDoc};
use newsgraph::{pipeline, Document, Resources};
use rayon::prelude::*;
use serde::Deserialize;

/// Arguments of `eval quotes`.
#[derive(Args, Debug)]
pub(crate) struct QuotesArgs {
    /// PolNeAR-format gold JSONL (`attributions` with source/cue/content spans).
    #[arg(long, default_value = "../shared/data/quotes/polnear_dev.jsonl")]
    data: PathBuf,
    /// Score this `analyze` output instead of running the pipeline.
    #[arg(long)]
    pred: Option<PathBuf>,
    /// Print up to N missed gold attributions and N spurious predictions.
    #[arg(long, default_value_t = 0)]
    errors: usize,
    /// Use this attribution model file instead of the embedded one.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Score only every Nth article (those `train quotes --holdout N` left out).
    #[arg(long, default_value_t = 0)]
    only_every: usize,
    /// With `--only-every N`: the articles whose index modulo N is this
    /// (`train quotes --holdout-offset`).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Also write the analysed articles (one JSON record a line) to this file.
    #[arg(long)]
    dump: Option<PathBuf>,
    /// Override the judge's threshold of the model (for tuning on held-out articles).
    #[arg(long)]
    judge_threshold: Option<f32>,
}

#[derive(Deserialize)]
struct GoldSpan {
    start: usize,
    end: usize,
    text: String,
}

#[derive(Deserialize)]
struct GoldAtt {
    #[serde(default)]
    source: Vec<GoldSpan>,
    #[serde(default)]
    content: Vec<GoldSpan>,
    #[serde(default)]
    cue: Vec<GoldSpan>,
    #[serde(default)]
    has_quote_marks: bool,
}

#[derive(Deserialize)]
struct GoldDoc {
    id: String,
    text: String,
    #[serde(default)]
    publication_date: Option<String>,
    #[serde(default)]
    attributions: Vec<GoldAtt>,
}

const PRONOUNS: &str = "i me my mine we us our ours you your yours he him his she her hers it its they \
them their theirs this that these those who which one someone somebody anyone everyone \
himself herself itself themselves ourselves myself yourself";
const DETS: &str = "the a an some many most several all both another other";
const QUOTE_CHARS: &[char] = &['"', '“', '”', '«', '»', '„', '‟'];

fn is_w(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `\w+` runs as (start, end) code-point indices.
fn w_tokens(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_w(chars[i]) {
            let s = i;
            while i < chars.len() && is_w(chars[i]) {
                i += 1;
            }
            out.push((s, i));
        } else {
            i += 1;
        }
    }
    out
}

/// Capitalised non-pronoun words (`\w[\w'’.-]*`), as score.py's `cap_tokens`.
fn cap_tokens(s: &str, not_name: &BTreeSet<String>) -> BTreeSet<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = BTreeSet::new();
    let mut i = 0;
    while i < chars.len() {
        if is_w(chars[i]) {
            let st = i;
            i += 1;
            while i < chars.len() && (is_w(chars[i]) || matches!(chars[i], '\'' | '’' | '.' | '-')) {
                i += 1;
            }
            let w: String = chars[st..i].iter().collect();
            if chars[st].is_uppercase() && !not_name.contains(&w.to_lowercase()) {
                out.insert(w);
            }
        } else {
            i += 1;
        }
    }
    out
}

fn fold(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{ab}' | '\u{bb}' => '"',
        '\u{2010}'..='\u{2014}' | '\u{2212}' => '-',
        c => c,
    }
}

/// Carries predicted byte spans to gold code-point spans (score.py's `Aligner`).
pub(crate) struct Aligner {
    same: bool,
    b2c: Vec<isize>,
    pred: Vec<char>,
    gold: Vec<char>,
    cmap: Vec<Option<usize>>,
    anchor: Vec<usize>,
}

fn ws_tokens(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_whitespace() {
            let s = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            out.push((s, i));
        } else {
            i += 1;
        }
    }
    out
}

/// difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
fn matching_blocks(a: &[String], b: &[String]) -> Vec<(usize, usize, usize)> {
    let mut b2j: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, x) in b.iter().enumerate() {
        b2j.entry(x.as_str()).or_default().push(j);
    }
    let longest = |alo: usize, ahi: usize, blo: usize, bhi: usize| {
        let (mut besti, mut bestj, mut bestsize) = (alo, blo, 0usize);
        let mut j2len: HashMap<usize, usize> = HashMap::new();
        for (i, ai) in a.iter().enumerate().take(ahi).skip(alo) {
            let mut new: HashMap<usize, usize> = HashMap::new();
            if let Some(js) = b2j.get(ai.as_str()) {
                for &j in js {
                    if j < blo {
                        continue;
                    }
                    if j >= bhi {
                        break;
                    }
                    let k = j.checked_sub(1).and_then(|p| j2len.get(&p)).copied().unwrap_or(0) + 1;
                    new.insert(j, k);
                    if k > bestsize {
                        besti = i + 1 - k;
                        bestj = j + 1 - k;
                        bestsize = k;
                    }
                }
            }
            j2len = new;
        }
        (besti, bestj, bestsize)
    };
    let mut queue = vec![(0, a.len(), 0, b.len())];
    let mut out = Vec::new();
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (i, j, k) = longest(alo, ahi, blo, bhi);
        if k > 0 {
            out.push((i, j, k));
            if alo < i && blo < j {
                queue.push((alo, i, blo, j));
            }
            if i + k < ahi && j + k < bhi {
                queue.push((i + k, ahi, j + k, bhi));
            }
        }
    }
    out.sort();
    out
}

impl Aligner {
    pub(crate) fn new(pred_text: &str, gold_text: &str) -> Aligner {
        let mut b2c = Vec::with_capacity(pred_text.len() + 1);
        for (i, ch) in pred_text.chars().enumerate() {
            b2c.push(i as isize);
            for _ in 1..ch.len_utf8() {
                b2c.push(-1);
            }
        }
        let pred: Vec<char> = pred_text.chars().collect();
        let gold: Vec<char> = gold_text.chars().collect();
        b2c.push(pred.len() as isize);
        let same = pred_text == gold_text;
        let mut al = Aligner { same, b2c, pred, gold, cmap: Vec::new(), anchor: Vec::new() };
        if same {
            return al;
        }
        let pf: Vec<char> = al.pred.iter().map(|&c| fold(c)).collect();
        let gf: Vec<char> = al.gold.iter().map(|&c| fold(c)).collect();
        let pt = ws_tokens(&pf);
        let gt = ws_tokens(&gf);
        let ps: Vec<String> = pt.iter().map(|&(a, b)| pf[a..b].iter().collect()).collect();
        let gs: Vec<String> = gt.iter().map(|&(a, b)| gf[a..b].iter().collect()).collect();
        let mut cmap = vec![None; al.pred.len() + 1];
        for (a, b, n) in matching_blocks(&ps, &gs) {
            for k in 0..n {
                let (p0, p1) = pt[a + k];
                let (g0, _) = gt[b + k];
                for j in 0..(p1 - p0) {
                    cmap[p0 + j] = Some(g0 + j);
                }
            }
        }
        let mut anchor = vec![0; al.pred.len() + 1];
        let mut last = 0;
        for i in 0..=al.pred.len() {
            if let Some(c) = cmap[i] {
                last = c;
            }
            anchor[i] = last;
        }
        al.cmap = cmap;
        al.anchor = anchor;
        al
    }

    fn cps(&self, s: usize, e: usize) -> Option<(usize, usize)> {
        if s > e || e >= self.b2c.len() {
            return None;
        }
        let (cs, ce) = (self.b2c[s], self.b2c[e]);
        if cs < 0 || ce < 0 {
            return None;
        }
        Some((cs as usize, ce as usize))
    }

    /// A long span: first..last paired character inside it.
    fn long_span(&self, s: usize, e: usize) -> Option<(usize, usize)> {
        let (s, e) = self.cps(s, e)?;
        if self.same {
            return Some((s, e));
        }
        if e <= s {
            return None;
        }
        let first = (s..e).find_map(|i| self.cmap[i])?;
        let last = (s..e).rev().find_map(|i| self.cmap[i])?;
        Some((first, last + 1))
    }

    /// A short span (a mention): mapped character for character when the text there
    /// is the same, else searched for nearby.
    pub(crate) fn short_span(&self, s: usize, e: usize) -> Option<(usize, usize)> {
        let (s, e) = self.cps(s, e)?;
        if self.same {
            return Some((s, e));
        }
        if e <= s {
            return None;
        }
        let norm = |cs: &[char]| {
            cs.iter().map(|&c| fold(c)).collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let want = norm(&self.pred[s..e]);
        if let (Some(gs), Some(ge)) = (self.cmap[s], self.cmap[e - 1]) {
            if ge >= gs && norm(&self.gold[gs..=ge]) == want {
                return Some((gs, ge + 1));
            }
        }
        if want.is_empty() {
            return None;
        }
        let est = self.anchor[s] + usize::from(self.cmap[s].is_none());
        let lo = est.saturating_sub(200);
        let hi = (est + 200 + want.chars().count()).min(self.gold.len());
        let words: Vec<Vec<char>> = want.split(' ').map(|w| w.chars().collect()).collect();
        let gf: Vec<char> = self.gold.iter().map(|&c| fold(c)).collect();
        let mut best: Option<(usize, usize)> = None;
        let mut i = lo;
        while i < hi {
            if let Some(end) = match_words(&gf, i, hi, &words) {
                if best.is_none_or(|(b, _)| i.abs_diff(est) < b.abs_diff(est)) {
                    best = Some((i, end));
                }
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
        best
    }
}

/// `w1\s+w2\s+…` matched at `i`, ending before `hi`: the end index.
fn match_words(g: &[char], i: usize, hi: usize, words: &[Vec<char>]) -> Option<usize> {
    let mut k = i;
    for (n, w) in words.iter().enumerate() {
        if n > 0 {
            let s = k;
            while k < hi && g[k].is_whitespace() {
                k += 1;
            }
            if k == s {
                return None;
            }
        }
        if k + w.len() > hi || g[k..k + w.len()] != w[..] {
            return None;
        }
        k += w.len();
    }
    Some(k)
}

struct Pred {
    toks: BTreeSet<usize>,
    quoted: bool,
    q: usize,
}

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

fn prf(c: &Counts) -> (f64, f64, f64) {
    let p = if c.tp + c.fp > 0 { c.tp as f64 / (c.tp + c.fp) as f64 } else { 0.0 };
    let r = if c.tp + c.fn_ > 0 { c.tp as f64 / (c.tp + c.fn_) as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

fn load_gold(path: &PathBuf) -> Result<Vec<GoldDoc>> {
    let f = fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = Vec::new();
    for line in BufReader::new(f).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(&line).with_context(|| format!("bad gold line in {}", path.display()))?,
        );
    }
    Ok(out)
}

/// Run the pipeline on the gold texts, exactly as `analyze` runs on `*.input.jsonl`
/// (with `model` as the attribution model when given).
fn analyse(gold: &[GoldDoc], model: Option<newsgraph::quote::Model>) -> Vec<Document> {
    let own = model.map(Resources::with_quotes);
    let res = own.as_ref().unwrap_or_else(|| Resources::embedded());
    gold.par_iter()
        .filter_map(|g| {
            let line =
                serde_json::json!({"id": g.id, "text": g.text, "published": g.publication_date}).to_string();
            let mut raw: Option<RawDoc> = None;
            ingest::read_jsonl("eval", &mut line.as_bytes(), &mut |r| raw = r.ok());
            raw.map(|r| pipeline::analyze(r, res))
        })
        .collect()
}

fn load_pred(path: &PathBuf) -> Result<Vec<Document>> {
    let f = fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = Vec::new();
    for line in BufReader::new(f).lines() {
        let line = line?;
        if let Ok(d) = serde_json::from_str::<Document>(&line) {
            out.push(d);
        }
    }
    Ok(out)
}

/// Run `eval quotes`.
pub(crate) fn run(a: QuotesArgs) -> Result<ExitCode> {
    // `../shared` is beside the repository, or beside the worktrees folder
    let data = match a.data.strip_prefix("..") {
        Ok(rest) if !a.data.exists() && PathBuf::from("../..").join(rest).exists() => {
            PathBuf::from("../..").join(rest)
        }
        _ => a.data.clone(),
    };
    let mut gold = load_gold(&data)?;
    if a.only_every > 1 {
        gold = gold
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % a.only_every == a.offset % a.only_every)
            .map(|x| x.1)
            .collect();
    }
    let model = match &a.model {
        Some(p) => {
            let bytes = fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            Some(newsgraph::quote::Model::from_bytes(&bytes)?)
        }
        None => a.judge_threshold.map(|_| Resources::embedded().quotes.clone()),
    };
    let model = model.map(|mut m| {
        if let Some(t) = a.judge_threshold {
            m.set_judge_threshold(t);
        }
        m
    });
    let docs = match &a.pred {
        Some(p) => load_pred(p)?,
        None => analyse(&gold, model),
    };
    if let Some(path) = &a.dump {
        let mut out = String::new();
        for d in &docs {
            out.push_str(&serde_json::to_string(d)?);
            out.push('\n');
        }
        fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    }
    let by_id: HashMap<&str, &Document> = docs.iter().map(|d| (d.id.as_str(), d)).collect();
    let pronouns: BTreeSet<String> = PRONOUNS.split_whitespace().map(String::from).collect();
    let not_name: BTreeSet<String> =
        pronouns.iter().cloned().chain(DETS.split_whitespace().map(String::from)).collect();
    let ths = [0.3f64, 0.8];
    let groups = ["quoted", "unquoted", "all"];
    let mut counts: Vec<Vec<Counts>> =
        ths.iter().map(|_| groups.iter().map(|_| Counts::default()).collect()).collect();
    let mut spk = [(0usize, 0usize); 2];
    // confidence calibration at 0.3: bucket → (tp, predicted)
    let mut calib: Vec<(usize, usize)> = vec![(0, 0); 10];
    let (mut missing, mut npred, mut changed) = (0usize, 0usize, 0usize);
    let mut shown_fn = 0;
    let mut shown_fp = 0;
    for g in &gold {
        let gchars: Vec<char> = g.text.chars().collect();
        let toks = w_tokens(&gchars);
        let starts: Vec<usize> = toks.iter().map(|t| t.0).collect();
        let tokset = |s: usize, e: usize| {
            let mut i = starts.partition_point(|&x| x <= s).saturating_sub(1);
            let mut out = BTreeSet::new();
            while i < toks.len() && toks[i].0 < e {
                if toks[i].1 > s {
                    out.insert(i);
                }
                i += 1;
            }
            out
        };
        let golds: Vec<(BTreeSet<usize>, bool, &GoldAtt)> = g
            .attributions
            .iter()
            .filter_map(|att| {
                let ts: BTreeSet<usize> =
                    att.content.iter().flat_map(|sp| tokset(sp.start, sp.end)).collect();
                (!ts.is_empty()).then_some((ts, att.has_quote_marks, att))
            })
            .collect();
        let Some(d) = by_id.get(g.id.as_str()).copied() else {
            missing += 1;
            for per_th in counts.iter_mut() {
                for (_, quoted, _) in &golds {
                    per_th[if *quoted { 0 } else { 1 }].fn_ += 1;
                    per_th[2].fn_ += 1;
                }
            }
            continue;
        };
        let al = Aligner::new(&d.text, &g.text);
        if !al.same {
            changed += 1;
        }
        let mut preds = Vec::new();
        for (qi, q) in d.quotes.iter().enumerate() {
            npred += 1;
            match al.long_span(q.start, q.end) {
                None => preds.push(Pred { toks: BTreeSet::new(), quoted: false, q: qi }),
                Some((s, e)) => {
                    let lo = s.saturating_sub(2);
                    let hi = (e + 2).min(gchars.len());
                    let quoted = lo < hi && gchars[lo..hi].iter().any(|c| QUOTE_CHARS.contains(c));
                    preds.push(Pred { toks: tokset(s, e), quoted, q: qi });
                }
            }
        }
        for (ti, &th) in ths.iter().enumerate() {
            let mut used = vec![false; preds.len()];
            for (gt, quoted, att) in &golds {
                let mut best: Option<usize> = None;
                let mut bscore = 0.0;
                for (j, p) in preds.iter().enumerate() {
                    if used[j] || p.toks.is_empty() {
                        continue;
                    }
                    let sc = gt.intersection(&p.toks).count() as f64 / gt.len() as f64;
                    if sc >= th && sc > bscore {
                        best = Some(j);
                        bscore = sc;
                    }
                }
                let grp = if *quoted { 0 } else { 1 };
                let Some(j) = best else {
                    counts[ti][grp].fn_ += 1;
                    counts[ti][2].fn_ += 1;
                    if ti == 0 && shown_fn < a.errors {
                        shown_fn += 1;
                        let c: Vec<&str> = att.content.iter().map(|c| c.text.as_str()).collect();
                        let s: Vec<&str> = att.source.iter().map(|c| c.text.as_str()).collect();
                        let cue: Vec<&str> = att.cue.iter().map(|c| c.text.as_str()).collect();
                        eprintln!("MISS [{}] q={} cue={:?} src={:?} content={:?}", g.id, quoted, cue, s, c);
                    }
                    continue;
                };
                used[j] = true;
                counts[ti][grp].tp += 1;
                counts[ti][2].tp += 1;
                let bucket = ((d.quotes[preds[j].q].confidence * 10.0) as usize).min(9);
                let mut right = true;
                let src_text: Vec<&str> = att.source.iter().map(|s| s.text.as_str()).collect();
                let joined = src_text.join(" ");
                let t = joined.trim();
                if !att.source.is_empty()
                    && !t.is_empty()
                    && !pronouns.contains(&t.to_lowercase())
                    && !cap_tokens(t, &not_name).is_empty()
                {
                    spk[ti].1 += 1;
                    let ok = speaker_ok(d, &d.quotes[preds[j].q], att, &al, &not_name);
                    right = ok;
                    if ok {
                        spk[ti].0 += 1;
                    } else if ti == 0 && shown_fn < a.errors {
                        shown_fn += 1;
                        let q = &d.quotes[preds[j].q];
                        eprintln!(
                            "SPEAKER [{}] gold={:?} pred={:?} cue={:?} text={:?}",
                            g.id,
                            t,
                            q.speaker.as_ref().map(|s| &s.name),
                            q.cue,
                            q.text
                        );
                    }
                }
                if ti == 0 && right {
                    calib[bucket].0 += 1;
                }
            }
            for (j, p) in preds.iter().enumerate() {
                if !used[j] {
                    let grp = if p.quoted { 0 } else { 1 };
                    counts[ti][grp].fp += 1;
                    counts[ti][2].fp += 1;
                    if ti == 0 && shown_fp < a.errors {
                        shown_fp += 1;
                        let q = &d.quotes[p.q];
                        eprintln!(
                            "SPURIOUS [{}] {:?} speaker={:?} cue={:?} conf={} text={:?}",
                            g.id,
                            q.kind,
                            q.speaker.as_ref().map(|s| &s.name),
                            q.cue,
                            q.confidence,
                            q.text
                        );
                    }
                }
            }
        }
        for q in &d.quotes {
            let b = ((q.confidence * 10.0) as usize).min(9);
            calib[b].1 += 1;
        }
    }
    let ngold: usize = gold.iter().map(|g| g.attributions.len()).sum();
    println!(
        "documents: {} gold, {missing} missing; attributions: {ngold} gold, {npred} predicted quotes",
        gold.len()
    );
    println!("alignment: {changed}/{} docs with text != gold text", gold.len() - missing);
    for (ti, th) in ths.iter().enumerate() {
        for (gi, lab) in ["with quote marks", "without quote marks", "all attributions"].iter().enumerate() {
            let c = &counts[ti][gi];
            let (p, r, f) = prf(c);
            println!(
                "{:<28} P {p:.3}  R {r:.3}  F1 {f:.3}   (tp {} fp {} fn {})",
                format!("@{th} {lab}"),
                c.tp,
                c.fp,
                c.fn_
            );
        }
        let (c, n) = spk[ti];
        println!(
            "@{th} speaker accuracy (named gold source) {:.3}   ({c}/{n})",
            if n > 0 { c as f64 / n as f64 } else { 0.0 }
        );
    }
    println!("confidence calibration: share of quotes in each confidence bucket whose content matches @0.3 and whose speaker is right (where the gold source is a name):");
    for (b, (tp, n)) in calib.iter().enumerate() {
        if *n > 0 {
            println!(
                "  {:.1}-{:.1}: {:.3} of {n}",
                b as f64 / 10.0,
                (b + 1) as f64 / 10.0,
                *tp as f64 / *n as f64
            );
        }
    }
    println!("score: {:.4}", prf(&counts[0][2]).2);
    Ok(ExitCode::SUCCESS)
}

/// score.py's `speaker_ok`: an entity mention overlapping the gold source, or a shared
/// capitalised word between the speaker's names and the gold source.
fn speaker_ok(
    d: &Document,
    q: &newsgraph::model::Quote,
    att: &GoldAtt,
    al: &Aligner,
    not_name: &BTreeSet<String>,
) -> bool {
    let Some(sp) = &q.speaker else { return false };
    let ent = sp.entity.as_ref().and_then(|id| d.entities.iter().find(|e| &e.id == id));
    if let Some(e) = ent {
        for m in &e.mentions {
            if let Some((ms, me)) = al.short_span(m.start, m.end) {
                if att.source.iter().any(|g| ms.max(g.start) < me.min(g.end)) {
                    return true;
                }
            }
        }
    }
    let mut gcaps = BTreeSet::new();
    for s in &att.source {
        gcaps.extend(cap_tokens(&s.text, not_name));
    }
    let mut names: Vec<&str> = vec![sp.name.as_str()];
    if let Some(e) = ent {
        names.push(&e.name);
        names.extend(e.aliases.iter().map(String::as_str));
        names.extend(e.mentions.iter().map(|m| m.text.as_str()));
    }
    names.iter().any(|n| !cap_tokens(n, not_name).is_disjoint(&gcaps))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_blocks_agree_with_difflib() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        // difflib.SequenceMatcher(None, "a b c d".split(), "a x c d".split(), autojunk=False)
        assert_eq!(
            matching_blocks(&s(&["a", "b", "c", "d"]), &s(&["a", "x", "c", "d"])),
            vec![(0, 0, 1), (2, 2, 2)]
        );
        assert_eq!(matching_blocks(&s(&["x"]), &s(&["y"])), vec![]);
    }

    #[test]
    fn aligner_maps_reflowed_text() {
        let al = Aligner::new("Title\n\nHe said “we win” today.", "Title\nHe said \"we win\" today.");
        let p = "Title\n\nHe said “we win” today.";
        let s = p.find("we win").unwrap_or(0);
        assert_eq!(al.long_span(s, s + 6), Some((15, 21)));
        assert_eq!(al.short_span(s, s + 6), Some((15, 21)));
    }

    #[test]
    fn cap_tokens_skip_pronouns() {
        let nn: BTreeSet<String> =
            PRONOUNS.split_whitespace().chain(DETS.split_whitespace()).map(String::from).collect();
        let c = cap_tokens("The Washington Times and He", &nn);
        assert_eq!(c.into_iter().collect::<Vec<_>>(), vec!["Times".to_string(), "Washington".to_string()]);
    }
}
