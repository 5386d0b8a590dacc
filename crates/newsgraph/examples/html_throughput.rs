//! Throughput of decode + extraction + cleaning over a boilerplate eval set, for CPU-time
//! comparisons that a loaded machine does not skew as much as wall time:
//! `/usr/bin/time -f "%U s user" target/release/examples/html_throughput DIR [--load-only]`.
//! `--load-only` reads and gunzips the pages and stops (subtract its user time).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: html_throughput DIR [--load-only]")?;
    let load_only = std::env::args().any(|a| a == "--load-only");
    let gold = std::fs::read_to_string(format!("{dir}/gold.jsonl"))?;
    let mut pages = Vec::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let path = v["html_path"].as_str().ok_or("html_path")?;
        let url = v["url"].as_str().map(str::to_string);
        let bytes = newsgraph::ingest::maybe_gunzip(path, std::fs::read(format!("{dir}/{path}"))?)?;
        pages.push((bytes, url));
    }
    let total: usize = pages.iter().map(|(b, _)| b.len()).sum();
    if load_only {
        eprintln!("{} pages, {total} bytes loaded", pages.len());
        return Ok(());
    }
    let t = std::time::Instant::now();
    let mut chars = 0usize;
    for (bytes, url) in &pages {
        let (html, _) = newsgraph::ingest::decode(bytes, true);
        let ex = newsgraph::html::extract(&html, url.as_deref());
        chars += newsgraph::clean::clean_blocks(&ex.blocks, None).text.len();
    }
    let secs = t.elapsed().as_secs_f64();
    eprintln!("{} pages, {total} bytes, {chars} bytes of text, wall {secs:.2} s", pages.len());
    Ok(())
}
