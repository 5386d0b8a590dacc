//! `analyze` and `bench`: read inputs in order, analyse in parallel batches,
//! write records in input order, report a summary.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph::ingest::{self, RawDoc};
use newsgraph::{pipeline, Document, Resources};
use rayon::prelude::*;

use crate::Format;

/// Documents analysed together; bounded so memory stays flat on huge inputs.
const BATCH: usize = 256;

/// Counts for the final summary.
#[derive(Default, Debug)]
pub(crate) struct Summary {
    pub(crate) read: usize,
    pub(crate) analysed: usize,
    pub(crate) skipped: usize,
    pub(crate) bytes: u64,
    pub(crate) reasons: BTreeMap<String, usize>,
    pub(crate) timings: pipeline::Timings,
}

impl Summary {
    fn skip(&mut self, e: &newsgraph::Error) {
        self.skipped += 1;
        let reason = match e {
            newsgraph::Error::Io { source, .. } => format!("cannot read ({})", source.kind()),
            newsgraph::Error::Input { reason, .. } => reason.split(':').next().unwrap_or(reason).to_string(),
            other => other.to_string(),
        };
        *self.reasons.entry(reason).or_default() += 1;
    }

    fn report(&self) -> String {
        let mut s = format!("read {} · analysed {} · skipped {}", self.read, self.analysed, self.skipped);
        if !self.reasons.is_empty() {
            let rs: Vec<String> = self.reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
            s.push_str(&format!(" ({})", rs.join(", ")));
        }
        s
    }
}

fn pool(jobs: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(j) = jobs {
        b = b.num_threads(j.max(1));
    }
    Ok(b.build()?)
}

fn raw_len(r: &RawDoc) -> u64 {
    match &r.payload {
        ingest::Payload::Text(t) | ingest::Payload::Html(t) => t.len() as u64,
    }
}

/// Stream every input through the pipeline, calling `sink` on each record in input order.
pub(crate) fn process(
    paths: &[PathBuf],
    jobs: Option<usize>,
    progress: bool,
    sink: &mut dyn FnMut(Document) -> Result<()>,
) -> Result<Summary> {
    let pool = pool(jobs)?;
    let res = Resources::embedded();
    let (files, errors) = ingest::expand_paths(paths);
    let mut sum = Summary::default();
    for e in &errors {
        eprintln!("newsgraph: skipped {e}");
        sum.read += 1;
        sum.skip(e);
    }
    let bar = if progress {
        let b = ProgressBar::new(files.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files · {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let mut batch: Vec<RawDoc> = Vec::with_capacity(BATCH);
    let mut failed: Option<anyhow::Error> = None;
    let mut flush = |batch: &mut Vec<RawDoc>, sum: &mut Summary| -> Result<()> {
        let docs: Vec<(Result<Document, newsgraph::Error>, pipeline::Timings)> =
            pool.install(|| std::mem::take(batch).into_par_iter().map(|r| analyze_guarded(r, res)).collect());
        for (d, t) in docs {
            sum.timings.add(&t);
            match d {
                Ok(d) => {
                    sum.analysed += 1;
                    sink(d)?;
                }
                Err(e) => {
                    eprintln!("newsgraph: skipped {e}");
                    sum.skip(&e);
                }
            }
        }
        Ok(())
    };
    for f in &files {
        ingest::read_path(f, &mut |r| {
            if failed.is_some() {
                return;
            }
            sum.read += 1;
            match r {
                Ok(doc) => {
                    sum.bytes += raw_len(&doc);
                    batch.push(doc);
                    if batch.len() >= BATCH {
                        if let Err(e) = flush(&mut batch, &mut sum) {
                            failed = Some(e);
                        }
                    }
                }
                Err(e) => {
                    bar.suspend(|| eprintln!("newsgraph: skipped {e}"));
                    sum.skip(&e);
                }
            }
        });
        if let Some(e) = failed.take() {
            return Err(e);
        }
        bar.inc(1);
        bar.set_message(format!("{} docs", sum.read));
    }
    flush(&mut batch, &mut sum)?;
    bar.finish_and_clear();
    Ok(sum)
}

/// Analyse one document; a bug that panics inside a stage costs that document
/// (reported, counted as skipped), never the run.
fn analyze_guarded(r: RawDoc, res: &Resources) -> (Result<Document, newsgraph::Error>, pipeline::Timings) {
    let source = r.source.clone();
    let mut t = pipeline::Timings::default();
    let out =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline::analyze_timed(r, res, &mut t)));
    let out = out.map_err(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        newsgraph::Error::Input {
            path: source,
            reason: format!("internal error (a bug, please report): {msg}"),
        }
    });
    (out, t)
}

/// `newsgraph analyze`.
pub(crate) fn analyze(
    paths: &[PathBuf],
    format: Format,
    jobs: Option<usize>,
    stories: bool,
    dir: Option<&Path>,
) -> Result<ExitCode> {
    if format == Format::Parquet {
        let Some(dir) = dir else {
            eprintln!("newsgraph: error: --format parquet needs --out DIR");
            return Ok(ExitCode::from(2));
        };
        if stories {
            eprintln!("newsgraph: error: --stories is for the JSON formats");
            return Ok(ExitCode::from(2));
        }
        return analyze_parquet(paths, jobs, dir);
    }
    if dir.is_some() {
        eprintln!("newsgraph: error: --out DIR is for --format parquet");
        return Ok(ExitCode::from(2));
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut first = true;
    if format == Format::Json {
        out.write_all(b"[")?;
    }
    let progress = std::io::stderr().is_terminal();
    // With --stories the documents are kept for linking (the corpus record comes last).
    let mut kept: Vec<Document> = Vec::new();
    let sum = process(paths, jobs, progress, &mut |d| {
        write_record(&mut out, format, &d, first)?;
        if stories {
            kept.push(d);
        }
        first = false;
        Ok(())
    })?;
    if stories {
        let corpus = newsgraph::story::link(&kept);
        write_record(&mut out, format, &corpus, first)?;
    }
    if format == Format::Json {
        out.write_all(b"]\n")?;
    }
    out.flush()?;
    eprintln!("newsgraph: {}", sum.report());
    Ok(if sum.skipped > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Write one record (a document or the corpus record) in the chosen format.
fn write_record<T: serde::Serialize>(out: &mut impl Write, format: Format, d: &T, first: bool) -> Result<()> {
    match format {
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, d)?;
            out.write_all(b"\n")?;
        }
        Format::Json => {
            if !first {
                out.write_all(b",\n")?;
            }
            serde_json::to_writer(&mut *out, d)?;
        }
        Format::Pretty => {
            if !first {
                out.write_all(b"\n")?;
            }
            serde_json::to_writer_pretty(&mut *out, d)?;
            out.write_all(b"\n")?;
        }
        Format::Parquet => anyhow::bail!("parquet output is written by analyze_parquet"),
    }
    Ok(())
}

/// `newsgraph analyze --format parquet --out DIR`: the seven tables of
/// `newsgraph_arrow`, written a batch of documents at a time.
fn analyze_parquet(paths: &[PathBuf], jobs: Option<usize>, dir: &Path) -> Result<ExitCode> {
    let mut out = newsgraph_arrow::ParquetDir::create(dir).with_context(|| format!("{}", dir.display()))?;
    let mut pending: Vec<Document> = Vec::with_capacity(BATCH);
    let mut writing = std::time::Duration::ZERO;
    let progress = std::io::stderr().is_terminal();
    let mut write = |pending: &mut Vec<Document>, out: &mut newsgraph_arrow::ParquetDir| -> Result<()> {
        let t = Instant::now();
        out.write(pending)?;
        pending.clear();
        writing += t.elapsed();
        Ok(())
    };
    let sum = process(paths, jobs, progress, &mut |d| {
        pending.push(d);
        if pending.len() >= BATCH {
            write(&mut pending, &mut out)?;
        }
        Ok(())
    })?;
    write(&mut pending, &mut out)?;
    let t = Instant::now();
    let written = out.close()?;
    let secs = (writing + t.elapsed()).as_secs_f64().max(1e-9);
    let rows: u64 = written.rows.iter().sum();
    let bytes: u64 = written.bytes.iter().sum();
    let tables: Vec<String> =
        newsgraph_arrow::TABLES.iter().zip(&written.rows).map(|(t, n)| format!("{n} {t}")).collect();
    eprintln!(
        "newsgraph: wrote {} to {} ({} bytes; {rows} rows in {secs:.2} s of writing, {:.0} rows/s)",
        tables.join(", "),
        dir.display(),
        bytes,
        rows as f64 / secs
    );
    eprintln!("newsgraph: {}", sum.report());
    Ok(if sum.skipped > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `newsgraph bench`.
pub(crate) fn bench(paths: &[PathBuf], jobs: Option<usize>) -> Result<ExitCode> {
    let t0 = Instant::now();
    Resources::embedded();
    let load = t0.elapsed();
    let t = Instant::now();
    let mut checksum = 0usize;
    let sum = process(paths, jobs, std::io::stderr().is_terminal(), &mut |d| {
        checksum += d.sentences.len() + d.entities.len() + d.quotes.len();
        Ok(())
    })?;
    let secs = t.elapsed().as_secs_f64().max(1e-9);
    let threads = jobs.unwrap_or_else(rayon::current_num_threads);
    let mb = sum.bytes as f64 / 1e6;
    println!("documents      {} analysed ({} read, {} skipped)", sum.analysed, sum.read, sum.skipped);
    println!("input          {mb:.1} MB");
    println!("resources load {:.3} s", load.as_secs_f64());
    println!("wall time      {secs:.3} s on {threads} threads");
    println!("throughput     {:.1} docs/s, {:.2} MB/s", sum.analysed as f64 / secs, mb / secs);
    println!(
        "per core       {:.1} docs/s, {:.2} MB/s",
        sum.analysed as f64 / secs / threads as f64,
        mb / secs / threads as f64
    );
    println!(
        "peak RSS       {}",
        peak_rss().map_or("unknown".to_string(), |kb| format!("{:.1} MB", kb as f64 / 1024.0))
    );
    println!("annotations    {checksum}");
    let total: f64 = sum.timings.stages().iter().map(|(_, d)| d.as_secs_f64()).sum::<f64>().max(1e-9);
    let shares: Vec<String> = sum
        .timings
        .stages()
        .iter()
        .map(|(n, d)| format!("{n} {:.1}s ({:.0}%)", d.as_secs_f64(), 100.0 * d.as_secs_f64() / total))
        .collect();
    println!("stage share    {}", shares.join(" · "));
    Ok(ExitCode::SUCCESS)
}

/// Peak resident set size in KiB (Linux `VmHWM`).
fn peak_rss() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
