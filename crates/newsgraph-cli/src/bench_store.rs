//! `newsgraph bench-store --db FILE`: latency of every query kind, warm and cold, and
//! export rows/s. Queries are drawn from the corpus itself (its most mentioned people,
//! common and rare words), so the same command measures any corpus.
//!
//! Warm: one connection, each query run once to warm up, then `rounds` times.
//! Cold: each query on a fresh connection after asking the kernel to drop the file's
//! cached pages (`posix_fadvise(DONTNEED)` on the file and its WAL), so SQLite reads
//! from disk (or whatever the kernel keeps regardless).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use newsgraph_store::answer::{Interval, Sort};
use newsgraph_store::export::{Format, What};
use newsgraph_store::query::Query;
use newsgraph_store::{Page, Store};

type Job = Box<dyn Fn(&Store) -> Result<(), newsgraph_store::Error>>;

fn evict(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let p = format!("{}{suffix}", db.display());
        if let Ok(f) = std::fs::File::open(&p) {
            use std::os::fd::AsRawFd;
            // SAFETY: a valid open descriptor; advice only, no memory is touched.
            unsafe {
                libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED);
            }
        }
    }
}

/// CPU time of this thread, ms (the machine may be shared: wall time then includes
/// waiting for a core).
fn cpu_ms() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: a valid pointer to a timespec on the stack.
    unsafe {
        libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts);
    }
    ts.tv_sec as f64 * 1e3 + ts.tv_nsec as f64 / 1e6
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return 0.0;
    }
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn q(s: &str) -> Query {
    Query::parse(s).expect("bench queries parse")
}

/// `newsgraph bench-store`.
pub(crate) fn run(db: &Path, rounds: usize) -> Result<ExitCode> {
    let store = Store::open_read_only(db).with_context(|| format!("opening {}", db.display()))?;
    let docs = store.count_documents()?;
    let top = |kind: &str, n: usize| store.top_entities(kind, n);
    let people = top("PERSON", 10)?;
    let places = top("PLACE", 5)?;
    let p = |i: usize| people.get(i).cloned().unwrap_or_else(|| "Trump".into());
    let pl = |i: usize| places.get(i).cloned().unwrap_or_else(|| "London".into());
    let text_queries: Vec<String> = vec![
        "said".into(),
        "die".into(),
        "police".into(),
        "\"United States\"".into(),
        "elect*".into(),
        "said NOT police".into(),
        "NEAR(prime minister, 3)".into(),
        "earthquake".into(),
        format!("\"{}\"", p(3)),
        format!("said entity:\"{}\"", p(0)),
        format!("speaker:\"{}\"", p(1)),
        format!("entity:\"{}\" date:2019", p(2)),
        format!("place:\"{}\"", pl(0)),
        "lang:de".into(),
        "site:news07.example.org".into(),
        "date:2020-03".into(),
        String::new(),
    ];
    let mut kinds: Vec<(&str, Vec<(String, Job)>)> = Vec::new();
    let docs_jobs: Vec<(String, Job)> = text_queries
        .iter()
        .map(|s| {
            let qq = q(s);
            let j: Job =
                Box::new(move |st: &Store| st.documents(&qq, Page::default(), Sort::Rank).map(|_| ()));
            (s.clone(), j)
        })
        .collect();
    kinds.push(("documents", docs_jobs));
    let mut quote_q: Vec<String> = (0..6).map(|i| format!("speaker:\"{}\"", p(i))).collect();
    quote_q.extend([
        format!("about:\"{}\"", p(0)),
        "police".into(),
        String::new(),
        format!("speaker:\"{}\" date:2020", p(0)),
    ]);
    kinds.push((
        "quotes",
        quote_q
            .iter()
            .map(|s| {
                let qq = q(s);
                let j: Job = Box::new(move |st: &Store| st.quotes(&qq, Page::default()).map(|_| ()));
                (s.clone(), j)
            })
            .collect(),
    ));
    let ev_q = [
        "event:THREATEN".to_string(),
        format!("actor:\"{}\"", p(0)),
        "event:material_conflict date:2019".into(),
        String::new(),
    ];
    kinds.push((
        "events",
        ev_q.iter()
            .map(|s| {
                let qq = q(s);
                let j: Job = Box::new(move |st: &Store| st.events(&qq, Page::default()).map(|_| ()));
                (s.clone(), j)
            })
            .collect(),
    ));
    let mut ent_jobs: Vec<(String, Job)> = Vec::new();
    for name in people.iter().take(6).chain(places.iter().take(2)) {
        let qq = q(&format!("entity:\"{name}\""));
        ent_jobs.push((
            format!("page of {name}"),
            Box::new(move |st: &Store| {
                let e = st.entities(&qq, 1)?;
                if let Some(first) = e.entities.first() {
                    st.entity_page(first.entity)?;
                }
                Ok(())
            }),
        ));
    }
    let qq = q("Tru");
    ent_jobs
        .push(("names starting Tru".into(), Box::new(move |st: &Store| st.entities(&qq, 20).map(|_| ()))));
    kinds.push(("entities", ent_jobs));
    let facet_q = [
        "said".to_string(),
        "police".into(),
        format!("speaker:\"{}\"", p(0)),
        String::new(),
        "lang:en".into(),
    ];
    kinds.push((
        "facets",
        facet_q
            .iter()
            .map(|s| {
                let qq = q(s);
                let j: Job = Box::new(move |st: &Store| st.facets(&qq, 10).map(|_| ()));
                (s.clone(), j)
            })
            .collect(),
    ));
    let tl_q: Vec<Vec<String>> = vec![
        vec!["said".into()],
        vec!["police".into()],
        vec![format!("entity:\"{}\"", p(0))],
        vec!["police".into(), "earthquake".into(), format!("entity:\"{}\"", p(1))],
        vec![String::new()],
    ];
    kinds.push((
        "timeline",
        tl_q.iter()
            .map(|v| {
                let qs: Vec<Query> = v.iter().map(|s| q(s)).collect();
                let j: Job = Box::new(move |st: &Store| st.timeline(&qs, Interval::Week).map(|_| ()));
                (v.join(" | "), j)
            })
            .collect(),
    ));
    let st_q = [String::new(), "said".to_string(), format!("entity:\"{}\"", p(0))];
    kinds.push((
        "stories",
        st_q.iter()
            .map(|s| {
                let qq = q(s);
                let j: Job = Box::new(move |st: &Store| st.stories(&qq, Page::default()).map(|_| ()));
                (s.clone(), j)
            })
            .collect(),
    ));
    println!("corpus         {} documents, {:.1} MB", docs, file_mb(db));
    println!(
        "{:<10} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}  slowest (warm p99 wall)",
        "kind", "queries", "warm p50", "warm p99", "cpu p50", "cpu p99", "cold p50", "cold p99"
    );
    for (kind, jobs) in &kinds {
        let mut warm = Vec::new();
        let mut cpu = Vec::new();
        let mut slowest = (0.0f64, String::new());
        for (name, job) in jobs {
            job(&store).with_context(|| format!("{kind}: {name}"))?;
            let mut mine = Vec::new();
            for _ in 0..rounds {
                let (t, c) = (Instant::now(), cpu_ms());
                job(&store)?;
                mine.push(t.elapsed().as_secs_f64() * 1e3);
                cpu.push(cpu_ms() - c);
            }
            let p99 = pct(&mut mine.clone(), 0.99);
            if p99 > slowest.0 {
                slowest = (p99, name.clone());
            }
            warm.extend(mine);
        }
        let mut cold = Vec::new();
        for _ in 0..3 {
            for (_, job) in jobs {
                evict(db);
                let t = Instant::now();
                let s = Store::open_read_only(db)?;
                job(&s)?;
                cold.push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
        println!(
            "{kind:<10} {:>7} {:>7.2}ms {:>7.2}ms {:>7.2}ms {:>7.2}ms {:>7.2}ms {:>7.2}ms  {} ({:.1} ms)",
            jobs.len(),
            pct(&mut warm, 0.5),
            pct(&mut warm, 0.99),
            pct(&mut cpu, 0.5),
            pct(&mut cpu, 0.99),
            pct(&mut cold, 0.5),
            pct(&mut cold, 0.99),
            slowest.1,
            slowest.0
        );
    }
    for (what, format, qs) in [
        (What::Quotes, Format::Csv, ""),
        (What::Documents, Format::Ndjson, "police"),
        (What::Documents, Format::Csv, ""),
    ] {
        let t = Instant::now();
        let mut sink = std::io::sink();
        let n = store.export(&q(qs), what, format, &mut sink)?;
        let s = t.elapsed().as_secs_f64().max(1e-9);
        println!("export {what:?} {format:?} q={qs:?}: {n} rows in {s:.2} s, {:.0} rows/s", n as f64 / s);
    }
    Ok(ExitCode::SUCCESS)
}

fn file_mb(db: &Path) -> f64 {
    std::fs::metadata(db).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0)
}
