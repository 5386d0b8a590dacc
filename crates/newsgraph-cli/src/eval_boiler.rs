//! `newsgraph eval boiler`: trafilatura's own benchmark metric on its evaluation set.
//!
//! Per page, each `with` snippet found in the extracted body is a true positive
//! (missing: false negative) and each `without` snippet found is a false positive
//! (absent: true negative), after whitespace normalisation; counts are summed over
//! all pages (trafilatura `tests/eval_common.py`: `count_item`, `ConfusionMatrix`).
//! The body is what newsgraph's pipeline puts after the headline: `html::extract`
//! then `clean::clean`, without the title, as trafilatura's `extract()` output
//! has no metadata header. Title/date/author are exact matches (whitespace
//! normalised, case-insensitive) on the pages whose `meta` gives them.
//!
//! Peers' outputs (JSON lines with `id`, `text`, `title`, `author`, `date`,
//! `seconds`, `bytes`, from `bench/`) are scored by the same code with `--peer`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use serde::Deserialize;

#[derive(Deserialize)]
struct GoldMeta {
    #[serde(default)]
    title: Option<String>,
    /// A name, or a list of names (joined with `; ` as trafilatura's eval does).
    #[serde(default, deserialize_with = "names")]
    author: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

fn names<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Array(a) => {
            Some(a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join("; "))
        }
        _ => None,
    })
}

#[derive(Deserialize)]
struct Gold {
    id: String,
    #[serde(default)]
    url: Option<String>,
    html_path: String,
    with: Vec<String>,
    without: Vec<String>,
    #[serde(default)]
    meta: Option<GoldMeta>,
}

/// One tool's output for one page.
#[derive(Deserialize, Default, Clone)]
struct Pred {
    id: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    seconds: f64,
    #[serde(default)]
    bytes: usize,
}

/// Accumulated scores of one tool.
#[derive(Default)]
struct Score {
    name: String,
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
    title: (usize, usize),
    date: (usize, usize),
    author: (usize, usize),
    /// Author given where the page has none.
    author_spurious: (usize, usize),
    pages: usize,
    bytes: usize,
    seconds: f64,
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn norm_meta(s: &str) -> String {
    norm(s).to_lowercase()
}

impl Score {
    fn add(&mut self, g: &Gold, p: &Pred) {
        let text = norm(p.text.as_deref().unwrap_or(""));
        for w in &g.with {
            if text.contains(&norm(w)) {
                self.tp += 1;
            } else {
                self.fn_ += 1;
            }
        }
        for w in &g.without {
            if text.contains(&norm(w)) {
                self.fp += 1;
            } else {
                self.tn += 1;
            }
        }
        if let Some(m) = &g.meta {
            let hit = |gold: &Option<String>, pred: &Option<String>, acc: &mut (usize, usize)| {
                if let Some(gv) = gold.as_deref().filter(|v| !v.trim().is_empty()) {
                    acc.1 += 1;
                    if pred.as_deref().is_some_and(|pv| norm_meta(pv) == norm_meta(gv)) {
                        acc.0 += 1;
                    }
                }
            };
            hit(&m.title, &p.title, &mut self.title);
            hit(&m.date, &p.date, &mut self.date);
            hit(&m.author, &p.author, &mut self.author);
            if m.author.as_deref().is_some_and(|a| a.trim().is_empty()) {
                self.author_spurious.1 += 1;
                if p.author.as_deref().is_some_and(|a| !a.trim().is_empty()) {
                    self.author_spurious.0 += 1;
                }
            }
        }
        self.pages += 1;
        self.bytes += p.bytes;
        self.seconds += p.seconds;
    }

    fn prf(&self) -> (f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let f = 2.0 * self.tp as f64 / (2 * self.tp + self.fp + self.fn_).max(1) as f64;
        (p, r, f)
    }
}

fn pct(a: (usize, usize)) -> String {
    if a.1 == 0 {
        "–".to_string()
    } else {
        format!("{:.3}", a.0 as f64 / a.1 as f64)
    }
}

fn read_gold(dir: &Path) -> Result<Vec<Gold>> {
    let path = dir.join("gold.jsonl");
    let s = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).with_context(|| format!("{}:{}", path.display(), i + 1)))
        .collect()
}

fn read_page(dir: &Path, g: &Gold) -> Result<Vec<u8>> {
    let path = dir.join(&g.html_path);
    let gz = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&gz[..])
        .read_to_end(&mut out)
        .with_context(|| format!("gunzip {}", path.display()))?;
    Ok(out)
}

/// Run newsgraph on every page, single-threaded, timing decode + extraction + cleaning.
fn run_newsgraph(gold: &[Gold], pages: &[Vec<u8>], dump: Option<&Path>) -> Result<Vec<Pred>> {
    // Warm up (lazy regexes, allocator).
    let _ = newsgraph::html::extract("<html><body><p>warm up, text.</p></body></html>", None);
    let mut preds = Vec::with_capacity(gold.len());
    let mut removed = Vec::new();
    for (g, bytes) in gold.iter().zip(pages) {
        let t = Instant::now();
        let (html, _) = newsgraph::ingest::decode(bytes, true);
        let ex = newsgraph::html::extract(&html, g.url.as_deref());
        let cleaned = newsgraph::clean::clean_blocks(&ex.blocks, None);
        let seconds = t.elapsed().as_secs_f64();
        if dump.is_some() {
            removed.push(ex.removed);
        }
        preds.push(Pred {
            id: g.id.clone(),
            text: Some(cleaned.text),
            title: ex.hints.title,
            author: ex.hints.author,
            date: ex.hints.published,
            seconds,
            bytes: bytes.len(),
        });
    }
    if let Some(path) = dump {
        let mut s = String::new();
        for (p, r) in preds.iter().zip(&removed) {
            let v = serde_json::json!({"id": p.id, "text": p.text, "title": p.title, "author": p.author,
                "date": p.date, "seconds": p.seconds, "bytes": p.bytes, "removed": r});
            s.push_str(&v.to_string());
            s.push('\n');
        }
        std::fs::write(path, s).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(preds)
}

/// The floor for speed: decoding and a bare html5ever parse of every page, nothing else.
fn parse_only(gold: &[Gold], pages: &[Vec<u8>]) -> Score {
    let mut s = Score { name: "(decode + html5ever parse only)".to_string(), ..Score::default() };
    for (_, bytes) in gold.iter().zip(pages) {
        let t = Instant::now();
        let (html, _) = newsgraph::ingest::decode(bytes, true);
        let doc = scraper::Html::parse_document(&html);
        std::hint::black_box(&doc);
        s.seconds += t.elapsed().as_secs_f64();
        s.pages += 1;
        s.bytes += bytes.len();
    }
    s
}

fn read_preds(path: &Path) -> Result<Vec<Pred>> {
    let s = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).with_context(|| format!("{}:{}", path.display(), i + 1)))
        .collect()
}

fn score(name: &str, gold: &[Gold], preds: &[Pred]) -> Score {
    let by_id: std::collections::BTreeMap<&str, &Pred> = preds.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut s = Score { name: name.to_string(), ..Score::default() };
    let empty = Pred::default();
    for g in gold {
        // A page a tool did not answer counts as a full miss.
        s.add(g, by_id.get(g.id.as_str()).copied().unwrap_or(&empty));
    }
    s
}

/// `newsgraph eval boiler`.
pub(crate) fn run(dir: &Path, peers: &[String], dump: Option<&PathBuf>) -> Result<()> {
    let gold = read_gold(dir)?;
    let pages: Vec<Vec<u8>> = gold.iter().map(|g| read_page(dir, g)).collect::<Result<_>>()?;
    let ours = run_newsgraph(&gold, &pages, dump.map(PathBuf::as_path))?;
    let parse = parse_only(&gold, &pages);
    let mut scores = vec![score("newsgraph", &gold, &ours)];
    for peer in peers {
        let (name, path) = peer.split_once('=').unwrap_or((peer.as_str(), peer.as_str()));
        let preds = read_preds(Path::new(path))?;
        scores.push(score(name, &gold, &preds));
    }
    scores.push(parse);
    let with: usize = gold.iter().map(|g| g.with.len()).sum();
    let without: usize = gold.iter().map(|g| g.without.len()).sum();
    let meta = gold.iter().filter(|g| g.meta.is_some()).count();
    println!(
        "{} pages, {with} text & {without} boilerplate snippets; {meta} pages with meta; single thread\n",
        gold.len()
    );
    println!("| tool | precision | recall | F1 | title acc | date acc | author acc | author on authorless pages | pages/s | MB/s/core |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for s in &scores {
        let (p, r, f) = s.prf();
        if s.name.starts_with('(') {
            println!(
                "| {} | | | | | | | | {:.1} | {:.2} |",
                s.name,
                s.pages as f64 / s.seconds.max(1e-9),
                s.bytes as f64 / 1e6 / s.seconds.max(1e-9)
            );
            continue;
        }
        let secs = s.seconds.max(1e-9);
        println!(
            "| {} | {p:.3} | {r:.3} | {f:.3} | {} ({}) | {} ({}) | {} ({}) | {} ({}) | {:.1} | {:.2} |",
            s.name,
            pct(s.title),
            s.title.1,
            pct(s.date),
            s.date.1,
            pct(s.author),
            s.author.1,
            pct(s.author_spurious),
            s.author_spurious.1,
            s.pages as f64 / secs,
            s.bytes as f64 / 1e6 / secs,
        );
    }
    Ok(())
}
