//! Run rs-trafilatura over `gold.jsonl` of the boilerplate eval set and print one
//! JSON line per page: `id`, `text`, `title`, `author`, `date`, `seconds` (extraction
//! time of that page, single thread). Usage: `rs-trafilatura-bench DIR > preds.jsonl`.
use std::io::{BufRead, Read, Write};
use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "../shared/data/boilerplate/trafilatura_eval".into());
    let gold = std::fs::File::open(format!("{dir}/gold.jsonl")).expect("gold.jsonl");
    let opts = rs_trafilatura::Options {
        include_tables: true,
        include_comments: false,
        ..rs_trafilatura::Options::default()
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    for line in std::io::BufReader::new(gold).lines() {
        let line = line.expect("line");
        let v: serde_json::Value = serde_json::from_str(&line).expect("json");
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let path = format!("{dir}/{}", v["html_path"].as_str().unwrap_or_default());
        let gz = std::fs::read(&path).expect("page");
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(&gz[..]).read_to_end(&mut bytes).expect("gzip");
        let t = Instant::now();
        let r = std::panic::catch_unwind(|| rs_trafilatura::extract_bytes_with_options(&bytes, &opts));
        let secs = t.elapsed().as_secs_f64();
        let rec = match r {
            Ok(Ok(r)) => serde_json::json!({
                "id": id, "bytes": bytes.len(), "seconds": secs,
                "text": r.content_text,
                "title": r.metadata.title,
                "author": r.metadata.author,
                "date": r.metadata.date.map(|d| d.format("%Y-%m-%d").to_string()),
            }),
            Ok(Err(e)) => serde_json::json!({"id": id, "bytes": bytes.len(), "seconds": secs, "error": e.to_string()}),
            Err(_) => serde_json::json!({"id": id, "bytes": bytes.len(), "seconds": secs, "error": "panic"}),
        };
        writeln!(out, "{rec}").expect("write");
    }
}
