//! `newsgraph eval geo DATA`: the geoparsing metrics, on TR-News / GeoVirus-format gold
//! (`text`, `toponyms[]` with code-point `start`/`end`, `lat`, `lon`, optional
//! `geonameid`).
//!
//! - **End to end** (what `score.py geo` prints, same matching and alignment, so both
//!   agree): recognition P/R/F1 of PLACE mentions against gold toponyms (one-to-one by
//!   largest overlap), accuracy@161 km over the matched toponyms, and end-to-end
//!   acc@161 = resolved within 161 km / all gold toponyms with coordinates (a missed
//!   toponym is wrong); mean and median error, and the AUC of the log-error curve
//!   (Gritta et al. 2018: area under ln(1 + error) of the sorted errors, over ln 20039;
//!   lower is better). A second line counts demonyms too (OTHER entities with a `geo`,
//!   which TR-News annotates as toponyms).
//! - **Resolution only**: every gold span is given to the resolver as a place
//!   ([`newsgraph::geo::resolve_spans`]): acc@161, exact GeoNames id (when the gold has
//!   ids), mean error, AUC.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use newsgraph::geo::distance_km;
use newsgraph::ingest::{self, RawDoc};
use newsgraph::model::EntityKind;
use newsgraph::{pipeline, Document, Resources};
use rayon::prelude::*;
use serde::Deserialize;

use crate::eval_quotes::Aligner;

/// Arguments of `eval geo`.
#[derive(Args, Debug)]
pub(crate) struct GeoArgs {
    /// Gold JSONL (`../shared/data/geo/trnews.jsonl`); its `*.input.jsonl` beside it is
    /// analysed when present (else the gold texts).
    data: PathBuf,
    /// Score this `analyze` output instead of running the pipeline (end to end only).
    #[arg(long)]
    pred: Option<PathBuf>,
    /// Print up to N wrong resolutions and N missed toponyms.
    #[arg(long, default_value_t = 0)]
    errors: usize,
}

#[derive(Deserialize)]
struct Toponym {
    start: i64,
    end: i64,
    text: String,
    lat: Option<f64>,
    lon: Option<f64>,
    #[serde(default)]
    geonameid: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct GoldDoc {
    id: String,
    text: String,
    toponyms: Vec<Toponym>,
}

fn load_gold(path: &Path) -> Result<Vec<GoldDoc>> {
    let f = fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = Vec::new();
    for line in BufReader::new(f).lines() {
        let line = line?;
        if !line.trim().is_empty() {
            out.push(
                serde_json::from_str(&line)
                    .with_context(|| format!("bad gold line in {}", path.display()))?,
            );
        }
    }
    Ok(out)
}

/// The documents, analysed as `analyze` would analyse the input file.
fn analyse(data: &Path, gold: &[GoldDoc]) -> Result<Vec<Document>> {
    let input = data.with_extension("input.jsonl");
    let mut raws = Vec::new();
    if input.exists() {
        let f = fs::File::open(&input).with_context(|| format!("cannot open {}", input.display()))?;
        ingest::read_jsonl(&input.display().to_string(), &mut BufReader::new(f), &mut |r| {
            if let Ok(r) = r {
                raws.push(r)
            }
        });
    } else {
        for g in gold {
            let line = serde_json::json!({"id": g.id, "text": g.text}).to_string();
            ingest::read_jsonl("gold", &mut line.as_bytes(), &mut |r: Result<RawDoc, _>| {
                if let Ok(r) = r {
                    raws.push(r)
                }
            });
        }
    }
    let res = Resources::embedded();
    Ok(raws.into_par_iter().map(|r| pipeline::analyze(r, res)).collect())
}

fn load_pred(path: &Path) -> Result<Vec<Document>> {
    let f = fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(BufReader::new(f)
        .lines()
        .map_while(|l| l.ok())
        .filter_map(|l| serde_json::from_str(&l).ok())
        .collect())
}

/// Area under the log-error curve (Gritta et al. 2018), 0 (perfect) .. 1.
fn auc(errors: &[f64]) -> f64 {
    let mut e: Vec<f64> = errors.iter().map(|x| (1.0 + x).ln()).collect();
    e.sort_by(f64::total_cmp);
    if e.len() < 2 {
        return e.first().map_or(f64::NAN, |x| x / 20039f64.ln());
    }
    let area: f64 = e.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum();
    area / (e.len() - 1) as f64 / 20039f64.ln()
}

fn stats(errors: &[f64]) -> (f64, f64) {
    if errors.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let mut s = errors.to_vec();
    s.sort_by(f64::total_cmp);
    (s.iter().sum::<f64>() / s.len() as f64, s[s.len() / 2])
}

/// A predicted mention: its span in the gold text, its coordinates, its entity's name.
type Pred = (Option<(usize, usize)>, Option<(f64, f64)>, String);

/// Resolution-only counts of one document: toponyms, within 161 km, exact ids, gold
/// ids, errors, problems.
type DocRes = (usize, usize, usize, usize, Vec<f64>, Vec<String>);

#[derive(Default)]
struct EndToEnd {
    tp: usize,
    fp: usize,
    fn_: usize,
    n_coord: usize,
    matched_coord: usize,
    within: usize,
    no_geo: usize,
    errors: Vec<f64>,
}

/// score.py's `cmd_geo` for one document; `kinds` are the entity types whose mentions
/// count as predicted toponyms.
fn score_doc(
    g: &GoldDoc,
    d: Option<&Document>,
    kinds: &[EntityKind],
    out: &mut EndToEnd,
    wrong: &mut Vec<String>,
) {
    let n_chars = g.text.chars().count() as i64;
    let gts: Vec<&Toponym> =
        g.toponyms.iter().filter(|t| 0 <= t.start && t.start < t.end && t.end <= n_chars).collect();
    out.n_coord += gts.iter().filter(|t| t.lat.is_some()).count();
    let mut preds: Vec<Pred> = Vec::new();
    if let Some(d) = d {
        let al = Aligner::new(&d.text, &g.text);
        for e in d.entities.iter().filter(|e| kinds.contains(&e.kind)) {
            if e.kind != EntityKind::Place && e.geo.is_none() {
                continue;
            }
            let ll = e.geo.as_ref().map(|g| (g.lat, g.lon));
            for m in &e.mentions {
                preds.push((al.short_span(m.start, m.end), ll, e.name.clone()));
            }
        }
    }
    let ov = |a: (usize, usize), t: &Toponym| {
        (a.1 as i64).min(t.end).saturating_sub((a.0 as i64).max(t.start)).max(0)
    };
    let mut cands = Vec::new();
    for (i, t) in gts.iter().enumerate() {
        for (j, (sp, _, _)) in preds.iter().enumerate() {
            if let Some(sp) = sp {
                let o = ov(*sp, t);
                if o > 0 {
                    cands.push((-o, i, j));
                }
            }
        }
    }
    cands.sort();
    let mut g_used = vec![None; gts.len()];
    let mut p_used = vec![false; preds.len()];
    for (_, i, j) in cands {
        if g_used[i].is_none() && !p_used[j] {
            g_used[i] = Some(j);
            p_used[j] = true;
        }
    }
    out.fp += p_used.iter().filter(|u| !**u).count();
    for (i, t) in gts.iter().enumerate() {
        let Some(j) = g_used[i] else {
            out.fn_ += 1;
            if t.lat.is_some() {
                wrong.push(format!("{}: missed {:?}", g.id, t.text));
            }
            continue;
        };
        out.tp += 1;
        let (Some(lat), Some(lon)) = (t.lat, t.lon) else { continue };
        out.matched_coord += 1;
        let Some((plat, plon)) = preds[j].1 else {
            out.no_geo += 1;
            wrong.push(format!("{}: {:?} has no coordinates", g.id, t.text));
            continue;
        };
        let err = distance_km(lat, lon, plat, plon);
        out.errors.push(err);
        if err <= 161.0 {
            out.within += 1;
        } else {
            wrong.push(format!("{}: {:?} ({}) off by {err:.0} km", g.id, t.text, preds[j].2));
        }
    }
}

fn print_e2e(label: &str, s: &EndToEnd) {
    let p = if s.tp + s.fp > 0 { s.tp as f64 / (s.tp + s.fp) as f64 } else { 0.0 };
    let r = if s.tp + s.fn_ > 0 { s.tp as f64 / (s.tp + s.fn_) as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    let acc = if s.matched_coord > 0 { s.within as f64 / s.matched_coord as f64 } else { 0.0 };
    let rec = if s.n_coord > 0 { s.matched_coord as f64 / s.n_coord as f64 } else { 0.0 };
    let e2e = if s.n_coord > 0 { s.within as f64 / s.n_coord as f64 } else { 0.0 };
    let (mean, median) = stats(&s.errors);
    println!("{label}");
    println!(
        "  toponym recognition          P {p:.3}  R {r:.3}  F1 {f:.3}   (tp {} fp {} fn {})",
        s.tp, s.fp, s.fn_
    );
    println!(
        "  geocoding over matched toponyms with coordinates: {} (recall {rec:.3}); no predicted coordinates: {}",
        s.matched_coord, s.no_geo
    );
    println!(
        "  accuracy@161km {acc:.3}   mean error {mean:.1} km   median error {median:.1} km   AUC {:.3}",
        auc(&s.errors)
    );
    println!("  end-to-end acc@161 = recall x accuracy = {rec:.3} x {acc:.3} = {e2e:.3}");
}

/// Code-point offsets of `text` → byte offsets.
fn cp_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

/// Run `eval geo`.
pub(crate) fn run(a: GeoArgs) -> Result<ExitCode> {
    let gold = load_gold(&a.data)?;
    let docs = match &a.pred {
        Some(p) => load_pred(p)?,
        None => analyse(&a.data, &gold)?,
    };
    let by_id: std::collections::BTreeMap<&str, &Document> =
        docs.iter().map(|d| (d.id.as_str(), d)).collect();
    let (mut strict, mut with_dem) = (EndToEnd::default(), EndToEnd::default());
    let mut wrong = Vec::new();
    for g in &gold {
        let d = by_id.get(g.id.as_str()).copied();
        score_doc(g, d, &[EntityKind::Place], &mut strict, &mut wrong);
        score_doc(g, d, &[EntityKind::Place, EntityKind::Other], &mut with_dem, &mut Vec::new());
    }
    let ntop: usize = gold.iter().map(|g| g.toponyms.len()).sum();
    println!("documents: {} gold, {} analysed; gold toponyms: {ntop}", gold.len(), by_id.len());
    print_e2e("end to end (PLACE entities; score.py geo):", &strict);
    print_e2e("end to end, demonyms counted (PLACE + OTHER entities with a geo):", &with_dem);

    // resolution only, on the gold spans
    let gaz = &Resources::embedded().geo;
    let per_doc: Vec<DocRes> = gold
        .par_iter()
        .map(|g| {
            let (mut n, mut within, mut ids, mut with_id) = (0, 0, 0, 0);
            let mut errs = Vec::new();
            let mut bad = Vec::new();
            let Some(d) = by_id.get(g.id.as_str()) else {
                let n = g.toponyms.iter().filter(|t| t.lat.is_some()).count();
                return (n, 0, 0, 0, errs, bad);
            };
            let c2b = cp_to_byte(&g.text);
            let same = d.text == g.text;
            let mut spans = Vec::new();
            let mut which = Vec::new();
            for (k, t) in g.toponyms.iter().enumerate() {
                if t.lat.is_none() || t.start < 0 || t.end as usize >= c2b.len() || t.start >= t.end {
                    continue;
                }
                let (s, e) = (c2b[t.start as usize], c2b[t.end as usize]);
                let span = if same {
                    Some((s, e))
                } else {
                    // the nearest occurrence of the toponym in the cleaned text
                    let guess = s * d.text.len() / g.text.len().max(1);
                    d.text
                        .match_indices(t.text.as_str())
                        .map(|(i, _)| i)
                        .min_by_key(|i| i.abs_diff(guess))
                        .map(|i| (i, i + t.text.len()))
                };
                if let Some(sp) = span {
                    spans.push(sp);
                    which.push(k);
                }
            }
            let geos = newsgraph::geo::resolve_spans(d, &spans, gaz);
            for t in g.toponyms.iter().filter(|t| t.lat.is_some()) {
                n += 1;
                if t.geonameid.is_some() {
                    with_id += 1;
                }
                let _ = t;
            }
            for (k, geo) in which.iter().zip(geos) {
                let t = &g.toponyms[*k];
                let Some(geo) = geo else {
                    bad.push(format!("{}: {:?} not resolved", g.id, t.text));
                    continue;
                };
                let err = distance_km(t.lat.unwrap_or(0.0), t.lon.unwrap_or(0.0), geo.lat, geo.lon);
                errs.push(err);
                if err <= 161.0 {
                    within += 1;
                } else {
                    bad.push(format!(
                        "{}: {:?} → {} {} {} ({:?}) off by {err:.0} km",
                        g.id,
                        t.text,
                        geo.feature.as_deref().unwrap_or("?"),
                        geo.country.as_deref().unwrap_or("?"),
                        geo.admin1.as_deref().unwrap_or(""),
                        geo.how.as_deref().unwrap_or("")
                    ));
                }
                let gid = t.geonameid.as_ref().and_then(|v| match v {
                    serde_json::Value::String(s) => s.parse::<u64>().ok(),
                    serde_json::Value::Number(n) => n.as_u64(),
                    _ => None,
                });
                if gid.is_some() && gid == geo.geonames_id {
                    ids += 1;
                }
            }
            (n, within, ids, with_id, errs, bad)
        })
        .collect();
    let (mut n, mut within, mut ids, mut with_id) = (0, 0, 0, 0);
    let mut errs = Vec::new();
    let mut bad = Vec::new();
    for (a1, b, c, d, e, f) in per_doc {
        n += a1;
        within += b;
        ids += c;
        with_id += d;
        errs.extend(e);
        bad.extend(f);
    }
    let (mean, median) = stats(&errs);
    println!("resolution only (gold spans given): {n} toponyms with coordinates");
    print!("  accuracy@161km {:.3}", if n > 0 { within as f64 / n as f64 } else { 0.0 });
    if with_id > 0 {
        print!("   exact GeoNames id {:.3} ({ids}/{with_id})", ids as f64 / with_id as f64);
    }
    println!("   mean error {mean:.1} km   median error {median:.1} km   AUC {:.3}", auc(&errs));
    if a.errors > 0 {
        println!("end to end, first {} problems:", a.errors);
        for w in wrong.iter().take(a.errors) {
            println!("  {w}");
        }
        println!("resolution only, first {} problems:", a.errors);
        for w in bad.iter().take(a.errors) {
            println!("  {w}");
        }
    }
    println!(
        "score: {:.4}",
        if strict.n_coord > 0 { strict.within as f64 / strict.n_coord as f64 } else { 0.0 }
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_is_zero_for_perfect_and_one_for_antipodes() {
        assert!(auc(&[0.0, 0.0, 0.0]).abs() < 1e-12);
        assert!((auc(&[20038.0, 20038.0]) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn one_to_one_matching_counts_misses_and_false_places() {
        let gold: GoldDoc = serde_json::from_str(
            r#"{"id":"d","text":"Rain fell in Paris and in Lyon.","toponyms":[
                {"start":13,"end":18,"text":"Paris","lat":48.85,"lon":2.35},
                {"start":26,"end":30,"text":"Lyon","lat":45.75,"lon":4.85}]}"#,
        )
        .unwrap();
        let doc = pipeline::analyze(RawDoc::text("d", &gold.text), Resources::embedded());
        let mut s = EndToEnd::default();
        score_doc(&gold, Some(&doc), &[EntityKind::Place], &mut s, &mut Vec::new());
        assert_eq!(s.n_coord, 2);
        assert_eq!(s.tp + s.fn_, 2);
        assert!(s.within <= s.matched_coord);
        let mut none = EndToEnd::default();
        score_doc(&gold, None, &[EntityKind::Place], &mut none, &mut Vec::new());
        assert_eq!((none.tp, none.fn_, none.within), (0, 2, 0));
    }
}
