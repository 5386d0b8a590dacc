//! `newsgraph eval plants`: recall of planted number and date changes, and how often
//! planted paraphrases are flagged.
//!
//! For every claim that two documents of a real story agree on (ECB+ dev gold
//! stories, the seeds), one document is changed in two ways and the story compared
//! again:
//! - **change**: the value is rewritten (a number `n` → `n + max(1, n/3)`, a date two
//!   days later); counted as found when a discrepancy shows the new value from that
//!   document;
//! - **paraphrase**: the sentence is reworded without changing the value (`Reportedly,`
//!   before it, a small number written in words or in digits); counted as flagged when
//!   a discrepancy appears that the unchanged story did not have.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use newsgraph::ingest::{self, RawDoc};
use newsgraph::model::Discrepancy;
use newsgraph::story::claim::{self, ClaimKind, Value};
use newsgraph::{pipeline, story, Document, Resources};
use rayon::prelude::*;

const WORDS: [&str; 11] =
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

fn reanalyze(doc: &Document, text: String) -> Document {
    let mut raw = RawDoc::text(&doc.id, &text);
    raw.published = doc.published.clone();
    pipeline::analyze(raw, Resources::embedded())
}

fn signature(ds: &[Discrepancy]) -> BTreeSet<String> {
    ds.iter()
        .map(|d| {
            let mut vs: Vec<String> = d.values.iter().map(|v| v.value.to_string()).collect();
            vs.sort();
            vs.dedup();
            format!("{}={}", d.what, vs.join(","))
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    planted: usize,
    found: usize,
    paraphrased: usize,
    flagged: usize,
    misses: Vec<String>,
    flags: Vec<String>,
}

/// Plant into one story; returns the tally.
fn plant_story(docs: &[Document]) -> Tally {
    let mut t = Tally::default();
    let refs: Vec<&Document> = docs.iter().collect();
    let (agreements, discrepancies) = story::compare(&refs);
    let before = signature(&discrepancies);
    let mut done: BTreeSet<(String, usize)> = BTreeSet::new();
    for a in &agreements {
        let Some(ev) = a.evidence.first() else { continue };
        let Some(di) = docs.iter().position(|d| d.id == ev.document) else { continue };
        let doc = &docs[di];
        let claims = claim::extract(doc);
        let Some(c) = claims.iter().find(|c| {
            c.span.start == ev.start && c.span.end == ev.end && c.kind != ClaimKind::Said && {
                let v = match &c.value {
                    Value::Number(n) => serde_json::json!(if n.fract() == 0.0 {
                        serde_json::json!(*n as i64)
                    } else {
                        serde_json::json!(n)
                    }),
                    Value::Date { month, day, .. } => serde_json::json!(format!("{month:02}-{day:02}")),
                    Value::Speaker(_) => serde_json::json!(null),
                };
                v == a.value || a.value.as_str().is_some_and(|s| v.as_str().is_some_and(|x| s.ends_with(x)))
            }
        }) else {
            continue;
        };
        if !done.insert((doc.id.clone(), c.value_span.start)) {
            continue;
        }
        let vs = c.value_span;
        let vtext = &doc.text[vs.range()];
        // The change.
        let (changed, new_value) = match &c.value {
            Value::Number(_) => {
                // Rewrite the number as written (`1.6 billion` → `2.6 billion`, `350` → `466`).
                let Some((s, e)) = number_in(vtext) else { continue };
                let written = vtext[s..e].replace(',', "");
                let shown = match written.parse::<f64>() {
                    Ok(w) if w.fract() == 0.0 => format!("{}", w as i64 + ((w as i64) / 3).max(1)),
                    Ok(w) => format!("{}", w + 1.0),
                    Err(_) => match WORDS.iter().position(|x| written.eq_ignore_ascii_case(x)) {
                        Some(n) => format!("{}", n + (n / 3).max(1)),
                        None => continue,
                    },
                };
                (format!("{}{}{}", &vtext[..s], shown, &vtext[e..]), serde_json::Value::Null)
            }
            Value::Date { day, .. } => {
                let Some((s, e)) = digits(vtext) else { continue };
                let nd = if *day <= 26 { day + 2 } else { day - 2 };
                (format!("{}{}{}", &vtext[..s], nd, &vtext[e..]), serde_json::Value::Null)
            }
            Value::Speaker(_) => continue,
        };
        let mut text = doc.text.clone();
        text.replace_range(vs.range(), &changed);
        let mut docs2 = docs.to_vec();
        docs2[di] = reanalyze(doc, text);
        let refs2: Vec<&Document> = docs2.iter().collect();
        let (_, ds2) = story::compare(&refs2);
        t.planted += 1;
        // Found: a discrepancy shows a value of this document other than the old one.
        let old = match &c.value {
            Value::Number(n) => serde_json::json!(n),
            _ => serde_json::Value::Null,
        };
        let _ = &new_value;
        let hit = ds2.iter().any(|d| {
            d.values.iter().any(|v| {
                v.document == doc.id
                    && match (&c.value, v.value.as_f64(), v.value.as_str()) {
                        (Value::Number(n), Some(x), _) => (x - n).abs() > 1e-9 && old.is_number(),
                        (Value::Date { month, day, .. }, _, Some(s)) => {
                            !s.ends_with(&format!("{month:02}-{day:02}"))
                        }
                        _ => false,
                    }
            })
        });
        if hit {
            t.found += 1;
        } else {
            t.misses.push(format!("{}: {} → {}", doc.id, vtext, changed));
        }
        // The paraphrase.
        let sent_start = doc
            .sentences
            .iter()
            .find(|s| s.start <= vs.start && vs.start < s.end)
            .map_or(vs.start, |s| s.start);
        let mut text = doc.text.clone();
        let reworded = match number_in(vtext) {
            Some((s, e)) if vtext[s..e].parse::<usize>().is_ok_and(|n| n <= 10) => {
                let n: usize = vtext[s..e].parse().unwrap_or(0);
                Some(format!("{}{}{}", &vtext[..s], WORDS[n], &vtext[e..]))
            }
            Some((s, e)) => WORDS
                .iter()
                .position(|w| vtext[s..e].eq_ignore_ascii_case(w))
                .map(|n| format!("{}{}{}", &vtext[..s], n, &vtext[e..])),
            None => None,
        };
        if let Some(r) = reworded {
            text.replace_range(vs.range(), &r);
        }
        text.insert_str(sent_start, "Reportedly, ");
        let mut docs3 = docs.to_vec();
        docs3[di] = reanalyze(doc, text);
        let refs3: Vec<&Document> = docs3.iter().collect();
        let (_, ds3) = story::compare(&refs3);
        t.paraphrased += 1;
        let new: Vec<String> = signature(&ds3).difference(&before).cloned().collect();
        if !new.is_empty() {
            t.flagged += 1;
            t.flags.push(format!("{}: {}", doc.id, new.join("; ")));
        }
    }
    t
}

/// Byte range of the first number (digits, or a number word) in `s`.
fn number_in(s: &str) -> Option<(usize, usize)> {
    if let Some(r) = digits(s) {
        return Some(r);
    }
    for (i, w) in s.split_whitespace().enumerate() {
        let _ = i;
        if WORDS.iter().any(|x| w.eq_ignore_ascii_case(x)) {
            let at = s.find(w)?;
            return Some((at, at + w.len()));
        }
    }
    None
}

fn digits(s: &str) -> Option<(usize, usize)> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let len =
        s[start..].find(|c: char| !c.is_ascii_digit() && c != ',' && c != '.').unwrap_or(s.len() - start);
    let len = s[start..start + len].trim_end_matches([',', '.']).len();
    Some((start, start + len))
}

/// Run the planting evaluation.
pub(crate) fn run(gold: &Path, extra: &[PathBuf], link: &[PathBuf], verbose: bool) -> Result<ExitCode> {
    let res = Resources::embedded();
    let text = std::fs::read_to_string(gold).with_context(|| format!("reading {}", gold.display()))?;
    let mut stories: BTreeMap<String, Vec<RawDoc>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let (Some(id), Some(t), Some(s)) = (v["id"].as_str(), v["text"].as_str(), v["story"].as_str()) else {
            continue;
        };
        stories.entry(s.to_string()).or_default().push(RawDoc::text(id, t));
    }
    if !extra.is_empty() {
        let (files, _) = ingest::expand_paths(extra);
        let mut raws = Vec::new();
        for f in &files {
            ingest::read_path(f, &mut |r| {
                if let Ok(r) = r {
                    raws.push(r);
                }
            });
        }
        stories.insert("extra".to_string(), raws);
    }
    if !link.is_empty() {
        // Stories found by the linker in other real articles (two documents or more).
        let (files, _) = ingest::expand_paths(link);
        let mut raws = Vec::new();
        for f in &files {
            ingest::read_path(f, &mut |r| {
                if let Ok(r) = r {
                    raws.push(r);
                }
            });
        }
        let docs: Vec<Document> = raws.into_par_iter().map(|r| pipeline::analyze(r, res)).collect();
        let c = story::link(&docs);
        let by_id: BTreeMap<&str, &Document> = docs.iter().map(|d| (d.id.as_str(), d)).collect();
        for s in c.stories.iter().filter(|s| s.documents.len() >= 2) {
            let raws: Vec<RawDoc> = s
                .documents
                .iter()
                .filter_map(|id| by_id.get(id.as_str()))
                .map(|d| {
                    let mut r = RawDoc::text(&d.id, &d.text);
                    r.published = d.published.clone();
                    r
                })
                .collect();
            stories.insert(format!("linked:{}", s.id), raws);
        }
    }
    let tallies: Vec<(String, Tally)> = stories
        .into_par_iter()
        .map(|(name, raws)| {
            let docs: Vec<Document> = raws.into_iter().map(|r| pipeline::analyze(r, res)).collect();
            (name, plant_story(&docs))
        })
        .collect();
    let mut all = Tally::default();
    for (name, t) in tallies {
        all.planted += t.planted;
        all.found += t.found;
        all.paraphrased += t.paraphrased;
        all.flagged += t.flagged;
        all.misses.extend(t.misses.into_iter().map(|m| format!("{name} {m}")));
        all.flags.extend(t.flags.into_iter().map(|m| format!("{name} {m}")));
    }
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!(
        "planted changes     {} · found as discrepancies {} · recall {:.3}",
        all.planted,
        all.found,
        pct(all.found, all.planted)
    );
    println!(
        "planted paraphrases {} · flagged {} · false-flag rate {:.3}",
        all.paraphrased,
        all.flagged,
        pct(all.flagged, all.paraphrased)
    );
    if verbose {
        for m in &all.misses {
            println!("missed   {m}");
        }
        for f in &all.flags {
            println!("flagged  {f}");
        }
    }
    println!("score: {:.4}", pct(all.found, all.planted));
    Ok(ExitCode::SUCCESS)
}
