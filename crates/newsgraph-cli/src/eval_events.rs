//! `newsgraph eval events`: PLOVER gold-standard records (one sentence each, with its
//! event type, source and target actors). It reproduces `score.py events` — type
//! recall (sentences with a predicted event of the gold type), type+actor+target,
//! type precision (predicted events whose type is the gold type), top-1 type
//! accuracy — and adds the quad-class accuracy of predicted events and a confidence
//! calibration table. `--types`/`--triggers` score another ontology's files.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use newsgraph::event::{self, Ontology};
use newsgraph::ingest::{self, RawDoc};
use newsgraph::model::{Actor, Event};
use newsgraph::{pipeline, Document, Resources};
use rayon::prelude::*;
use serde::Deserialize;

/// Arguments of `eval events`.
#[derive(Args, Debug)]
pub(crate) struct EventsArgs {
    /// PLOVER gold records (JSONL with `text`, `event`, `source`, `target`).
    #[arg(default_value = "../shared/data/events/plover_dev.jsonl")]
    data: PathBuf,
    /// Score this `analyze` output instead of running the pipeline.
    #[arg(long)]
    pred: Option<PathBuf>,
    /// Event types file of another ontology (format of `plover.types.tsv`).
    #[arg(long, requires = "triggers")]
    types: Option<PathBuf>,
    /// Trigger lexicon of another ontology (format of `plover.tsv`).
    #[arg(long, requires = "types")]
    triggers: Option<PathBuf>,
    /// Print the records whose type was missed or whose actor/target did not match.
    #[arg(long)]
    errors: bool,
}

#[derive(Deserialize)]
struct GoldActor {
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
struct Gold {
    id: String,
    text: String,
    event: String,
    #[serde(default)]
    source: Vec<GoldActor>,
    #[serde(default)]
    target: Vec<GoldActor>,
}

const STOP: &str = "the a an of and in on at to for by with from its his her their new";

fn words(s: &str) -> Vec<String> {
    let stop: Vec<&str> = STOP.split(' ').collect();
    s.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.chars().count() > 1 && !stop.contains(w))
        .map(str::to_string)
        .collect()
}

/// `score.py`'s `text_match`: a predicted name shares a content word with, contains or
/// is contained in a gold actor text; a name longer than max(8, gold words + 3) words
/// does not count.
fn text_match(pred: &[String], gold: &[GoldActor]) -> bool {
    gold.iter().any(|g| {
        let gt = g.text.as_deref().unwrap_or("").to_lowercase();
        let gw = words(&gt);
        pred.iter().any(|n| {
            let nl = n.to_lowercase();
            let nl = nl.trim();
            if nl.is_empty() || nl.split_whitespace().count() > 8.max(gt.split_whitespace().count() + 3) {
                return false;
            }
            nl.contains(gt.as_str()) && !gt.is_empty()
                || gt.contains(nl)
                || words(nl).iter().any(|w| gw.contains(w))
        })
    })
}

/// `score.py`'s `ref_names`: the actor's name, its entity's name, aliases and mentions.
fn names(doc: &Document, a: Option<&Actor>) -> Vec<String> {
    let Some(a) = a else { return Vec::new() };
    let mut out = vec![a.name.clone()];
    if let Some(e) = a.entity.as_deref().and_then(|id| doc.entities.iter().find(|e| e.id == id)) {
        out.push(e.name.clone());
        out.extend(e.aliases.iter().cloned());
        out.extend(e.mentions.iter().map(|m| m.text.clone()));
    }
    out.retain(|n| !n.trim().is_empty());
    out
}

fn load_gold(path: &PathBuf) -> Result<Vec<Gold>> {
    let text = fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out: Vec<Gold> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut g: Gold =
            serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), i + 1))?;
        // a repeated id becomes `<id>#k`, as score.py does
        let n = seen.entry(g.id.clone()).or_default();
        *n += 1;
        if *n > 1 {
            g.id = format!("{}#{}", g.id, n);
        }
        out.push(g);
    }
    Ok(out)
}

fn load_pred(path: &PathBuf) -> Result<Vec<Document>> {
    let f = fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = Vec::new();
    for line in BufReader::new(f).lines() {
        if let Ok(d) = serde_json::from_str::<Document>(&line?) {
            out.push(d);
        }
    }
    Ok(out)
}

/// Run the pipeline on the gold texts as `analyze` runs on the `*.input.jsonl` (a
/// repeated id is analysed once, like `score.py` keeps the first record of an id).
fn analyse(gold: &[Gold], ont: Option<&Ontology>) -> Vec<Document> {
    let res = Resources::embedded();
    gold.par_iter()
        .filter(|g| !g.id.contains('#'))
        .filter_map(|g| {
            let line = serde_json::json!({"id": g.id, "text": g.text}).to_string();
            let mut raw: Option<RawDoc> = None;
            ingest::read_jsonl("eval", &mut line.as_bytes(), &mut |r| raw = r.ok());
            let mut doc = pipeline::analyze(raw?, res);
            if let Some(o) = ont {
                doc.events = event::code_events_with(
                    &doc.text,
                    &doc.sentences,
                    &doc.entities,
                    &doc.quotes,
                    doc.published.as_deref(),
                    doc.dateline.as_ref(),
                    res,
                    o,
                );
            }
            Some(doc)
        })
        .collect()
}

/// Run `eval events`.
pub(crate) fn run(a: EventsArgs) -> Result<ExitCode> {
    let data = match a.data.strip_prefix("..") {
        Ok(rest) if !a.data.exists() && PathBuf::from("../..").join(rest).exists() => {
            PathBuf::from("../..").join(rest)
        }
        _ => a.data.clone(),
    };
    let gold = load_gold(&data)?;
    let ont = match (&a.types, &a.triggers) {
        (Some(t), Some(g)) => {
            let types = fs::read_to_string(t).with_context(|| format!("cannot read {}", t.display()))?;
            let trig = fs::read_to_string(g).with_context(|| format!("cannot read {}", g.display()))?;
            Some(Ontology::parse(&types, &trig))
        }
        _ => None,
    };
    let quads = ont.as_ref().unwrap_or_else(|| Ontology::embedded());
    let docs = match &a.pred {
        Some(p) => load_pred(p)?,
        None => analyse(&gold, ont.as_ref()),
    };
    let mut by_id: HashMap<&str, &Document> = HashMap::new();
    for d in &docs {
        by_id.entry(d.id.as_str()).or_insert(d);
    }
    let (mut hit, mut full, mut missing, mut npred, mut ptype, mut top_ok, mut quad_ok) =
        (0, 0, 0, 0, 0, 0, 0);
    let mut per_type: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    // confidence band → (type right, predicted)
    let mut calib = [(0usize, 0usize); 10];
    for g in &gold {
        let doc = by_id.get(g.id.as_str()).copied();
        if doc.is_none() {
            missing += 1;
        }
        let evs: &[Event] = doc.map_or(&[], |d| &d.events);
        npred += evs.len();
        let gold_quad = quads.type_named(&g.event).map(|t| quads.types[t].quad.name());
        let same: Vec<&Event> = evs.iter().filter(|e| e.kind.eq_ignore_ascii_case(&g.event)).collect();
        ptype += same.len();
        for e in evs {
            quad_ok += usize::from(gold_quad.is_some() && e.quad.as_deref() == gold_quad);
            let band = ((e.confidence.clamp(0.0, 0.999)) * 10.0) as usize;
            calib[band].1 += 1;
            calib[band].0 += usize::from(e.kind.eq_ignore_ascii_case(&g.event));
        }
        if let Some(top) =
            evs.iter().max_by(|x, y| x.confidence.total_cmp(&y.confidence).then(std::cmp::Ordering::Greater))
        {
            top_ok += usize::from(top.kind.eq_ignore_ascii_case(&g.event));
        }
        let ok_full = doc.is_some_and(|d| {
            same.iter().any(|e| {
                (g.source.is_empty() || text_match(&names(d, e.actor.as_ref()), &g.source))
                    && (g.target.is_empty() || text_match(&names(d, e.target.as_ref()), &g.target))
            })
        });
        hit += usize::from(!same.is_empty());
        full += usize::from(ok_full);
        let c = per_type.entry(g.event.as_str()).or_default();
        c.0 += usize::from(!same.is_empty());
        c.1 += 1;
        if a.errors && !ok_full {
            let shown: Vec<String> = evs
                .iter()
                .map(|e| {
                    let n = |x: &Option<Actor>| x.as_ref().map_or("-".to_string(), |x| x.name.clone());
                    format!("{} {} -> {}", e.kind, n(&e.actor), n(&e.target))
                })
                .collect();
            println!(
                "{} {} | {}\n    predicted: {}",
                if same.is_empty() { "MISS" } else { "ROLE" },
                g.event,
                g.text.trim(),
                shown.join("; ")
            );
        }
    }
    let n = gold.len().max(1);
    let r = |x: usize, d: usize| if d == 0 { 0.0 } else { x as f64 / d as f64 };
    println!(
        "sentences: {} gold, {missing} missing; predicted events: {npred} ({:.2} per sentence)",
        gold.len(),
        r(npred, n)
    );
    println!(
        "type recall: sentences with a predicted event of the gold type   {:.3}  ({hit}/{})",
        r(hit, n),
        gold.len()
    );
    println!(
        "type+actor+target: same, with actor and target text matching     {:.3}  ({full}/{})",
        r(full, n),
        gold.len()
    );
    println!("type precision: predicted events whose type is the gold type      {:.3}", r(ptype, npred));
    println!("top-1 type accuracy (highest-confidence event, none = wrong)      {:.3}", r(top_ok, n));
    println!(
        "quad accuracy: predicted events whose quad class is the gold's    {:.3}  ({quad_ok}/{npred})",
        r(quad_ok, npred)
    );
    let per: Vec<String> = per_type.iter().map(|(t, (h, n))| format!("{t} {h}/{n}")).collect();
    println!("per type recall: {}", per.join(", "));
    let bands: Vec<String> = calib
        .iter()
        .enumerate()
        .filter(|(_, c)| c.1 > 0)
        .map(|(i, c)| {
            format!("{:.1}-{:.1}: {:.2} of {}", i as f64 / 10.0, (i + 1) as f64 / 10.0, r(c.0, c.1), c.1)
        })
        .collect();
    println!("confidence calibration (band: share of right types): {}", bands.join(", "));
    println!("score: {:.4}", r(hit, n));
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_text_matching_follows_score_py() {
        let g = |t: &str| vec![GoldActor { text: Some(t.to_string()) }];
        assert!(text_match(&["Iraqi Kurds".into()], &g("Iraqi Kurds")));
        assert!(text_match(&["Turkey's efforts".into()], &g("Turkey")));
        assert!(!text_match(&["the army".into()], &g("Israel")));
        // a whole clause is no name
        assert!(!text_match(&["a b c d e f g h i j israel".into()], &g("Israel")));
    }
}
