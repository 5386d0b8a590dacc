//! `newsgraph eval stories GOLD`: link the gold file's documents into stories and
//! score them against the gold stories (ECB+ sub-topics) with B-cubed and pairwise
//! precision, recall and F1 — the metrics of `../shared/eval/score.py stories`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use newsgraph::ingest::RawDoc;
use newsgraph::story::{self, LinkConfig};
use newsgraph::{pipeline, Resources};
use rayon::prelude::*;

/// B-cubed precision, recall and F1 of `pred` against `gold` (item → cluster label).
pub(crate) fn bcubed(pred: &BTreeMap<String, String>, gold: &BTreeMap<String, String>) -> (f64, f64, f64) {
    let mut pc: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut gc: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (k, v) in pred {
        pc.entry(v).or_default().push(k);
    }
    for (k, v) in gold {
        gc.entry(v).or_default().push(k);
    }
    let (mut p, mut r) = (0.0, 0.0);
    for (k, g) in gold {
        let ps = &pc[pred[k].as_str()];
        let gs = &gc[g.as_str()];
        let inter = ps.iter().filter(|x| gold.get(**x) == Some(g)).count() as f64;
        p += inter / ps.len() as f64;
        r += inter / gs.len() as f64;
    }
    let n = gold.len().max(1) as f64;
    let (p, r) = (p / n, r / n);
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

/// Pairwise precision, recall and F1.
pub(crate) fn pairwise(pred: &BTreeMap<String, String>, gold: &BTreeMap<String, String>) -> (f64, f64, f64) {
    let items: Vec<&String> = gold.keys().collect();
    let (mut tp, mut fp, mut fun) = (0usize, 0usize, 0usize);
    for i in 0..items.len() {
        for j in i + 1..items.len() {
            let sp = pred[items[i]] == pred[items[j]];
            let sg = gold[items[i]] == gold[items[j]];
            tp += (sp && sg) as usize;
            fp += (sp && !sg) as usize;
            fun += (sg && !sp) as usize;
        }
    }
    let p = if tp + fp > 0 { tp as f64 / (tp + fp) as f64 } else { 0.0 };
    let r = if tp + fun > 0 { tp as f64 / (tp + fun) as f64 } else { 0.0 };
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

/// Score linking on a gold file of `{id, text, story}` lines.
pub(crate) fn run(gold_path: &Path, cfg: LinkConfig, errors: bool, shuffles: usize) -> Result<ExitCode> {
    let text =
        std::fs::read_to_string(gold_path).with_context(|| format!("reading {}", gold_path.display()))?;
    let mut raws = Vec::new();
    let mut gold: BTreeMap<String, String> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("{}:{}", gold_path.display(), n + 1))?;
        let (Some(id), Some(t), Some(s)) = (v["id"].as_str(), v["text"].as_str(), v["story"].as_str()) else {
            continue;
        };
        gold.insert(id.to_string(), s.to_string());
        raws.push(RawDoc::text(id, t));
    }
    let res = Resources::embedded();
    let docs: Vec<newsgraph::Document> = raws.into_par_iter().map(|r| pipeline::analyze(r, res)).collect();
    let corpus = story::link_with(&docs, cfg);
    let mut pred: BTreeMap<String, String> = BTreeMap::new();
    for s in &corpus.stories {
        for d in &s.documents {
            pred.entry(d.clone()).or_insert_with(|| s.id.clone());
        }
    }
    for d in gold.keys() {
        pred.entry(d.clone()).or_insert_with(|| format!("single:{d}"));
    }
    let multi = corpus.stories.iter().filter(|s| s.documents.len() >= 2).count();
    println!(
        "documents: {} gold in {} stories; {} predicted stories ({multi} of two documents or more)",
        gold.len(),
        gold.values().collect::<std::collections::BTreeSet<_>>().len(),
        corpus.stories.len()
    );
    let (p, r, f) = bcubed(&pred, &gold);
    let (pp, pr, pf) = pairwise(&pred, &gold);
    println!("B-cubed   P {p:.3}  R {r:.3}  F1 {f:.3}");
    println!("pairwise  P {pp:.3}  R {pr:.3}  F1 {pf:.3}");
    if errors {
        for s in &corpus.stories {
            let golds: Vec<&str> =
                s.documents.iter().map(|d| gold.get(d).map_or("?", |g| g.as_str())).collect();
            println!(
                "{} [{}] {}",
                s.id,
                s.label,
                s.documents.iter().zip(&golds).map(|(d, g)| format!("{d}={g}")).collect::<Vec<_>>().join(" ")
            );
        }
    }
    if shuffles > 0 {
        // Order sensitivity: link the same documents in pseudo-random orders.
        let feats: Vec<story::DocFeatures> = docs.iter().map(story::features).collect();
        let mut f1s = Vec::new();
        for seed in 1..=shuffles as u64 {
            let mut order: Vec<usize> = (0..docs.len()).collect();
            order.sort_by_cached_key(|&i| {
                let mut h = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
                for b in docs[i].id.bytes() {
                    h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
                }
                h
            });
            let mut pm: BTreeMap<String, String> = BTreeMap::new();
            for (k, (members, _)) in story::cluster_in_order(&feats, &order, cfg).iter().enumerate() {
                for &i in members {
                    pm.insert(docs[i].id.clone(), format!("s{k}"));
                }
            }
            f1s.push(bcubed(&pm, &gold).2);
        }
        let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
        let (lo, hi) = f1s.iter().fold((1.0f64, 0.0f64), |(l, h), &x| (l.min(x), h.max(x)));
        println!(
            "shuffled  B-cubed F1 over {shuffles} random orders: mean {mean:.3}, min {lo:.3}, max {hi:.3}"
        );
    }
    println!("score: {f:.4}");
    Ok(ExitCode::SUCCESS)
}
