//! `newsgraph bench-stories PATH… --sizes 10000,100000,1000000`: linking time and
//! peak memory on synthetic streams made from real articles.
//!
//! The real articles under PATH are analysed once (timed: the per-article analysis
//! cost). Then, for each size N, a stream of N articles is generated and linked with
//! [`newsgraph::story::Linker`]: article `i` is a varied copy of real article
//! `i mod R` — its publication date shifted so the stream runs at `--per-day`
//! articles a day, its named entities swapped for others (each pass over the real
//! articles gets its own people, organisations and places, so copies from different
//! passes are different stories), a tenth of its words dropped and its weights
//! jittered. Features are generated on the fly and dropped after linking, so memory
//! is the linker's (bounded by its window), not the stream's.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use newsgraph::ingest;
use newsgraph::story::{self, DocFeatures, LinkConfig, Linker};
use newsgraph::{pipeline, Resources};

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The `i`-th article of the stream.
fn variant(base: &[DocFeatures], i: usize, per_day: usize) -> DocFeatures {
    let r = base.len();
    let b = &base[i % r];
    let pass = i / r;
    let day = i / per_day.max(1);
    let date = civil(10_957 + day as i64); // 2000-01-01 + day
    let mut terms: Vec<(String, f32)> = Vec::with_capacity(b.terms.len());
    for (k, (t, w)) in b.terms.iter().enumerate() {
        let h = splitmix((i as u64) << 8 | k as u64);
        let named = t.len() > 2 && t.as_bytes()[1] == b':';
        if !named && h.is_multiple_of(10) {
            continue; // a tenth of the words dropped
        }
        let jitter = 0.9 + (h >> 40) as f32 / (1u64 << 24) as f32 * 0.2;
        let t = if named && pass > 0 { format!("{t}~{pass}") } else { t.clone() };
        terms.push((t, w * jitter));
    }
    let norm = terms.iter().map(|(_, w)| w * w).sum::<f32>().sqrt().max(1e-9);
    for (_, w) in &mut terms {
        *w /= norm;
    }
    DocFeatures {
        id: format!("{}~{pass}", b.id),
        published: Some(date),
        terms,
        entities: Vec::new(),
        events: Vec::new(),
    }
}

/// ISO date of a day count since 1970-01-01 (Hinnant's civil_from_days).
fn civil(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn rss_kb(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Run the benchmark.
pub(crate) fn run(paths: &[PathBuf], sizes: &[usize], per_day: usize) -> Result<ExitCode> {
    let res = Resources::embedded();
    let (files, _) = ingest::expand_paths(paths);
    let mut raws = Vec::new();
    for f in &files {
        ingest::read_path(f, &mut |r| {
            if let Ok(r) = r {
                raws.push(r);
            }
        });
    }
    let n = raws.len();
    let t = Instant::now();
    let docs: Vec<newsgraph::Document> = raws.into_iter().map(|r| pipeline::analyze(r, res)).collect();
    let analyse = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let base: Vec<DocFeatures> = docs.iter().map(story::features).collect();
    let feat = t.elapsed().as_secs_f64();
    drop(docs);
    anyhow::ensure!(!base.is_empty(), "no articles under the given paths");
    println!(
        "real articles  {n}: analysis {:.3} ms/article (one thread), story features {:.3} ms/article",
        1e3 * analyse / n as f64,
        1e3 * feat / n as f64
    );
    println!("stream         {per_day} articles a day, window {} days", LinkConfig::default().window_days);
    println!(
        "{:>10} {:>10} {:>12} {:>10} {:>12} {:>14}",
        "articles", "seconds", "µs/article", "stories", "open at end", "peak RSS MB"
    );
    for &size in sizes {
        let before = rss_kb("VmRSS:").unwrap_or(0);
        let mut linker = Linker::new(LinkConfig::default());
        let mut stories = 0u64;
        let t = Instant::now();
        for i in 0..size {
            let f = variant(&base, i, per_day);
            let a = linker.add(&f);
            if a.new {
                stories += 1;
            }
        }
        let secs = t.elapsed().as_secs_f64();
        let peak = rss_kb("VmHWM:").unwrap_or(0);
        println!(
            "{size:>10} {secs:>10.2} {:>12.1} {stories:>10} {:>12} {:>14.1}",
            1e6 * secs / size as f64,
            linker.open_stories(),
            peak as f64 / 1024.0
        );
        let _ = before;
    }
    println!(
        "(peak RSS is the process's high-water mark, cumulative over the sizes above; linking per article vs analysis per article: see the two µs/ms figures)"
    );
    Ok(ExitCode::SUCCESS)
}
