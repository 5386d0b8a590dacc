//! `ingest`, `query`, `stories` and `serve`: the corpus verbs, over `newsgraph-store`.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;

use anyhow::{Context, Result};
use clap::ValueEnum;
use newsgraph::Document;
use newsgraph_store::answer::{Interval, Sort};
use newsgraph_store::export::{Format as ExportFormat, What as ExportWhat};
use newsgraph_store::query::Query;
use newsgraph_store::{BatchReport, Page, Store};

use crate::run;

/// Documents written per transaction.
const WRITE_BATCH: usize = 256;

/// What `query` answers.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum What {
    /// Ranked documents with highlighted snippets.
    Documents,
    /// Quotes (speaker:, about: apply to the quote).
    Quotes,
    /// Events (event:, actor:, target:, place:, date: apply to the event).
    Events,
    /// Entities the query names, with the first one's page data.
    Entities,
    /// Counts over the matching documents.
    Facets,
    /// Matching documents over time, one series per query.
    Timeline,
    /// Stories with matching documents.
    Stories,
}

/// Output of `query`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum OutFormat {
    /// One JSON answer (a page of it for lists).
    Json,
    /// CSV; for documents, quotes and events: every match, streamed.
    Csv,
    /// One JSON object per line; for documents, quotes and events: every match, streamed.
    Ndjson,
}

/// Sort order of documents.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum SortArg {
    /// Best match first.
    Rank,
    /// Newest first.
    Date,
}

/// Timeline bucket.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum IntervalArg {
    /// Per day.
    Day,
    /// Per week.
    Week,
    /// Per month.
    Month,
}

/// Options of `query`.
pub(crate) struct QueryArgs {
    pub(crate) db: PathBuf,
    pub(crate) queries: Vec<String>,
    pub(crate) what: What,
    pub(crate) format: OutFormat,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
    pub(crate) sort: SortArg,
    pub(crate) interval: IntervalArg,
}

/// Counts for the ingest summary.
#[derive(Default)]
struct IngestSummary {
    read: usize,
    written: BatchReport,
    skipped: BTreeMap<String, usize>,
}

/// `newsgraph ingest PATH... --db FILE`: analyse in parallel, write in batches.
pub(crate) fn ingest(
    paths: &[PathBuf],
    db: &Path,
    jobs: Option<usize>,
    records: bool,
    page_size: Option<u32>,
) -> Result<ExitCode> {
    let store = Store::create_with_page_size(db, page_size.unwrap_or(newsgraph_store::PAGE_SIZE))
        .with_context(|| format!("opening {}", db.display()))?;
    let (tx, rx) = mpsc::sync_channel::<Vec<Document>>(2);
    // The writer runs beside the analysis threads: one transaction per batch.
    let writer = std::thread::spawn(move || -> Result<BatchReport> {
        let mut store = store;
        let mut total = BatchReport::default();
        for batch in rx {
            let r = store.put(&batch).context("writing a batch")?;
            total.add(&r);
        }
        // Documents that arrived out of (date, id) order, or a run killed before its
        // end: replay the linker once so the stories are those of one ordered run.
        let t = std::time::Instant::now();
        let s = store.settle_stories().context("linking stories")?;
        if s.relinked {
            eprintln!(
                "newsgraph: stories relinked in {:.1} s ({} rewritten, {} gone, {} stories)",
                t.elapsed().as_secs_f64(),
                s.rewritten,
                s.removed,
                s.stories
            );
        }
        Ok(total)
    });
    let mut sum = IngestSummary::default();
    let mut batch: Vec<Document> = Vec::with_capacity(WRITE_BATCH);
    let send = |d: Document, batch: &mut Vec<Document>| -> Result<()> {
        batch.push(d);
        if batch.len() >= WRITE_BATCH {
            tx.send(std::mem::take(batch)).map_err(|_| anyhow::anyhow!("the writer stopped"))?;
        }
        Ok(())
    };
    let outcome: Result<()> = if records {
        read_records(paths, &mut sum, &mut |d| send(d, &mut batch))
    } else if paths.is_empty() {
        Ok(())
    } else {
        let progress = std::io::stderr().is_terminal();
        run::process(paths, jobs, progress, &mut |d| send(d, &mut batch)).map(|s| {
            sum.read = s.read;
            for (r, n) in s.reasons {
                *sum.skipped.entry(r).or_default() += n;
            }
        })
    };
    if outcome.is_ok() && !batch.is_empty() {
        let _ = tx.send(std::mem::take(&mut batch));
    }
    drop(tx);
    let written = writer.join().map_err(|_| anyhow::anyhow!("the writer panicked"))??;
    outcome?;
    sum.written = written;
    if sum.written.unchanged > 0 {
        sum.skipped.insert("already stored, unchanged".into(), sum.written.unchanged);
    }
    let skipped: usize = sum.skipped.values().sum();
    let mut line = format!(
        "read {} · stored {} · updated {} · skipped {skipped}",
        sum.read, sum.written.stored, sum.written.updated
    );
    if !sum.skipped.is_empty() {
        let rs: Vec<String> = sum.skipped.iter().map(|(r, n)| format!("{n} {r}")).collect();
        line.push_str(&format!(" ({})", rs.join(", ")));
    }
    eprintln!("newsgraph: {line}");
    Ok(ExitCode::SUCCESS)
}

/// Already-analysed document records (the JSONL `analyze` writes).
fn read_records(
    paths: &[PathBuf],
    sum: &mut IngestSummary,
    sink: &mut dyn FnMut(Document) -> Result<()>,
) -> Result<()> {
    for p in paths {
        let f = std::fs::File::open(p).with_context(|| format!("reading {}", p.display()))?;
        let r: Box<dyn BufRead> = if p.extension().is_some_and(|e| e == "gz") {
            Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(f)))
        } else {
            Box::new(std::io::BufReader::new(f))
        };
        for (i, line) in r.lines().enumerate() {
            let line = line.with_context(|| format!("reading {}", p.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            sum.read += 1;
            match serde_json::from_str::<Document>(&line) {
                Ok(d) => sink(d)?,
                Err(e) => {
                    eprintln!("newsgraph: skipped {}#{}: not a document record: {e}", p.display(), i + 1);
                    *sum.skipped.entry("not a document record".into()).or_default() += 1;
                }
            }
        }
    }
    Ok(())
}

fn open(db: &Path) -> Result<Store> {
    Store::open_read_only(db).with_context(|| format!("opening {}", db.display()))
}

fn parse(q: &str) -> Result<Query> {
    Query::parse(q).map_err(|e| with_caret(q, e.into()))
}

/// Show a store error from a query with the query and a caret under the culprit.
fn with_caret(q: &str, e: newsgraph_store::Error) -> anyhow::Error {
    match e {
        newsgraph_store::Error::Query(qe) => {
            let s = qe.start.min(q.len());
            let end = qe.end.min(q.len()).max(s);
            let caret = format!(
                "{}{}",
                " ".repeat(q.get(..s).map_or(0, |x| x.chars().count())),
                "^".repeat(q.get(s..end).map_or(1, |x| x.chars().count().max(1)))
            );
            anyhow::anyhow!("{}\n  {q}\n  {caret}", qe.message)
        }
        other => other.into(),
    }
}

/// `newsgraph query --db FILE Q…`.
pub(crate) fn query(a: QueryArgs) -> Result<ExitCode> {
    let store = open(&a.db)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let queries: Vec<String> = if a.queries.is_empty() { vec![String::new()] } else { a.queries.clone() };
    let first = &queries[0];
    let q = parse(first)?;
    let page = Page { offset: a.offset, limit: a.limit };
    let export = |what: ExportWhat, out: &mut dyn Write| -> Result<ExitCode> {
        let fmt = if a.format == OutFormat::Csv { ExportFormat::Csv } else { ExportFormat::Ndjson };
        let t = std::time::Instant::now();
        let n = store.export(&q, what, fmt, out).map_err(|e| with_caret(first, e))?;
        let s = t.elapsed().as_secs_f64().max(1e-9);
        eprintln!("newsgraph: exported {n} rows in {s:.2} s ({:.0} rows/s)", n as f64 / s);
        Ok(ExitCode::SUCCESS)
    };
    let value: serde_json::Value = match a.what {
        What::Documents | What::Quotes | What::Events if a.format != OutFormat::Json => {
            let w = match a.what {
                What::Documents => ExportWhat::Documents,
                What::Quotes => ExportWhat::Quotes,
                _ => ExportWhat::Events,
            };
            let code = export(w, &mut out)?;
            out.flush()?;
            return Ok(code);
        }
        What::Documents => {
            let sort = if a.sort == SortArg::Date { Sort::Date } else { Sort::Rank };
            serde_json::to_value(store.documents(&q, page, sort).map_err(|e| with_caret(first, e))?)?
        }
        What::Quotes => serde_json::to_value(store.quotes(&q, page).map_err(|e| with_caret(first, e))?)?,
        What::Events => serde_json::to_value(store.events(&q, page).map_err(|e| with_caret(first, e))?)?,
        What::Entities => {
            let ents = store.entities(&q, a.limit)?;
            let page = match ents.entities.first() {
                Some(e) => Some(store.entity_page(e.entity)?),
                None => None,
            };
            serde_json::json!({ "entities": ents.entities, "page": page })
        }
        What::Facets => serde_json::to_value(store.facets(&q, a.limit.min(100))?)?,
        What::Timeline => {
            let qs = queries.iter().map(|s| parse(s)).collect::<Result<Vec<_>>>()?;
            let interval = match a.interval {
                IntervalArg::Day => Interval::Day,
                IntervalArg::Week => Interval::Week,
                IntervalArg::Month => Interval::Month,
            };
            serde_json::to_value(store.timeline(&qs, interval).map_err(|e| with_caret(first, e))?)?
        }
        What::Stories => serde_json::to_value(store.stories(&q, page).map_err(|e| with_caret(first, e))?)?,
    };
    match a.format {
        OutFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &value)?;
            out.write_all(b"\n")?;
        }
        OutFormat::Ndjson | OutFormat::Csv => write_rows(a.what, &value, a.format, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The rows of an answer that is not a plain list (entities, facets, timeline,
/// stories), flattened for CSV or NDJSON.
fn write_rows(what: What, v: &serde_json::Value, format: OutFormat, out: &mut dyn Write) -> Result<()> {
    use serde_json::{json, Value};
    let mut rows: Vec<Value> = Vec::new();
    match what {
        What::Entities => {
            for e in v["entities"].as_array().into_iter().flatten() {
                rows.push(e.clone());
            }
        }
        What::Facets => {
            for (facet, counts) in v["facets"].as_object().into_iter().flatten() {
                for c in counts.as_array().into_iter().flatten() {
                    rows.push(json!({"facet": facet, "value": c["value"], "entity": c.get("entity"), "count": c["count"]}));
                }
            }
        }
        What::Timeline => {
            for s in v["series"].as_array().into_iter().flatten() {
                for p in s["points"].as_array().into_iter().flatten() {
                    rows.push(json!({"q": s["q"], "date": p["date"], "count": p["count"], "total": p["total"], "ratio": p["ratio"]}));
                }
            }
        }
        _ => {
            for s in v["stories"].as_array().into_iter().flatten() {
                rows.push(json!({
                    "story": s["story"], "id": s["id"], "label": s["label"],
                    "documents": s["documents"].as_array().map_or(0, |d| d.len()),
                    "agreements": s["agreements"].as_array().map_or(0, |d| d.len()),
                    "discrepancies": s["discrepancies"].as_array().map_or(0, |d| d.len()),
                }));
            }
        }
    }
    if format == OutFormat::Ndjson {
        for r in rows {
            serde_json::to_writer(&mut *out, &r)?;
            out.write_all(b"\n")?;
        }
        return Ok(());
    }
    let mut w = csv::Writer::from_writer(out);
    let header: Vec<String> =
        rows.first().and_then(|r| r.as_object()).map(|o| o.keys().cloned().collect()).unwrap_or_default();
    if !header.is_empty() {
        w.write_record(&header)?;
    }
    for r in &rows {
        let rec: Vec<String> = header
            .iter()
            .map(|k| match &r[k] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}

/// `newsgraph stories --db FILE`: the corpus record (every story).
pub(crate) fn stories(db: &Path) -> Result<ExitCode> {
    let store = open(db)?;
    let corpus = store.corpus()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    serde_json::to_writer(&mut out, &corpus)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `newsgraph check --db FILE`: exit 0 and the counts when sound, 1 and the problems
/// when not.
pub(crate) fn check(db: &Path) -> Result<ExitCode> {
    if !db.exists() {
        anyhow::bail!("{} does not exist", db.display());
    }
    let store = Store::create(db).with_context(|| format!("opening {}", db.display()))?;
    let problems = store.check()?;
    let counts: Vec<String> = store.counts()?.iter().map(|(t, n)| format!("{t} {n}")).collect();
    println!("{}", counts.join(" · "));
    if problems.is_empty() {
        println!("ok");
        Ok(ExitCode::SUCCESS)
    } else {
        for p in &problems {
            println!("problem: {p}");
        }
        Ok(ExitCode::from(1))
    }
}

/// `newsgraph serve --db FILE`.
pub(crate) fn serve(db: &Path, addr: &str) -> Result<ExitCode> {
    newsgraph_server::serve(db, addr).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(ExitCode::SUCCESS)
}
