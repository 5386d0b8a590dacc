//! The `newsgraph` binary end to end: formats, order, bad input, snapshots.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run newsgraph")
}

fn records(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each stdout line is one JSON record"))
        .collect()
}

#[test]
fn bad_inputs_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    std::fs::write(p("a_good.txt"), "Minister resigns\n\nThe minister resigned on Monday, officials said.")
        .unwrap();
    std::fs::write(p("b_empty.txt"), "").unwrap();
    std::fs::write(p("c_junk.bin"), (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect::<Vec<u8>>())
        .unwrap();
    // Windows-1252 text: é is 0xE9, ’ is 0x92.
    std::fs::write(
        p("d_cp1252.txt"),
        b"Caf\xe9 owner speaks\n\nThe caf\xe9\x92s owner said it would reopen.",
    )
    .unwrap();
    std::fs::write(
        p("e_broken.html"),
        "<html><body><article><p>Talks collapsed, the envoy said. <b>Unclosed bold <p>Second <i>paragraph",
    )
    .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"<html><body><p>This page will be cut off in the middle of its gzip stream</p>").unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(p("f_truncated.html.gz"), &gz[..gz.len() / 2]).unwrap();
    let big = std::fs::File::create(p("g_huge.txt")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    std::fs::write(p("h_lines.jsonl"), "{\"id\": \"one\", \"text\": \"First.\"}\nnot json\n{\"id\": \"two\", \"html\": \"<p>Second.</p>\"}\n{\"id\": 3}\n").unwrap();
    let missing = p("z_missing.txt");

    let out = run(&["analyze", dir.path().to_str().unwrap(), missing.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "non-zero when anything was skipped\n{stderr}");
    let recs = records(&out);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["a_good", "d_cp1252", "e_broken", "one", "two"]);
    assert!(recs[1]["text"].as_str().unwrap().contains("The café’s owner said"));
    assert!(recs[2]["text"].as_str().unwrap().contains("Talks collapsed, the envoy said."));
    for (file, why) in [
        ("b_empty.txt", "empty input"),
        ("c_junk.bin", "binary data"),
        ("f_truncated.html.gz", "broken gzip"),
        ("g_huge.txt", "file too large"),
        ("h_lines.jsonl#2", "invalid JSON"),
        ("h_lines.jsonl#4", "no \"text\" or \"html\" field"),
        ("z_missing.txt", "cannot read"),
    ] {
        assert!(stderr.lines().any(|l| l.contains(file) && l.contains(why)), "{file}: {why}\n{stderr}");
    }
    assert!(stderr.contains("read 12 · analysed 5 · skipped 7"), "{stderr}");
}

#[test]
fn stdin_and_formats() {
    let mut child = bin()
        .args(["analyze", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"Headline\n\nBody sentence one. Body two.").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["id"], "stdin");
    assert_eq!(v[0]["sentences"], serde_json::json!([[0, 8], [10, 28], [29, 38]]));
}

#[test]
fn unknown_flag_is_a_clear_error() {
    let out = run(&["analyze", "--frobnicate", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--frobnicate"));
}

#[test]
fn output_order_is_stable_across_thread_counts() {
    let samples = repo().join("samples/wikinews");
    let one = run(&["analyze", samples.to_str().unwrap(), "--jobs", "1"]);
    let four = run(&["analyze", samples.to_str().unwrap(), "--jobs", "4"]);
    assert!(one.status.success(), "{}", String::from_utf8_lossy(&one.stderr));
    assert_eq!(one.stdout, four.stdout);
    assert!(records(&one).len() >= 30);
}

#[test]
fn seed_records_snapshot() {
    let seeds = repo().join("crates/newsgraph/tests/fixtures/seeds");
    let out = run(&["analyze", seeds.to_str().unwrap()]);
    assert!(out.status.success());
    for mut r in records(&out) {
        let name = r["id"].as_str().unwrap().to_string();
        r["source"] = serde_json::Value::String(format!("seeds/{name}.txt"));
        insta::assert_json_snapshot!(name, r);
    }
}

#[test]
fn warc_gz_archive_of_real_pages() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo().join("samples/wikinews");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&samples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    pages.sort();
    let mut warc = Vec::new();
    for (i, p) in pages.iter().take(3).enumerate() {
        let body = std::fs::read(p).unwrap();
        let mut http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        http.extend_from_slice(&body);
        let head = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:0000000{i}-0000-0000-0000-000000000000>\r\nWARC-Date: 2020-02-20T00:00:00Z\r\nWARC-Target-URI: https://en.wikinews.org/wiki/page{i}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            http.len()
        );
        warc.extend_from_slice(head.as_bytes());
        warc.extend_from_slice(&http);
        warc.extend_from_slice(b"\r\n\r\n");
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&warc).unwrap();
    let path = dir.path().join("crawl.warc.gz");
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    let out = run(&["analyze", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let recs = records(&out);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[1]["id"], "00000001-0000-0000-0000-000000000000");
    assert_eq!(recs[1]["url"], "https://en.wikinews.org/wiki/page1");
    assert!(recs.iter().all(|r| r["text"].as_str().unwrap().len() > 500 && r["title"].is_string()));
}

#[test]
fn parquet_tables_hold_what_the_records_hold() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let dir = tempfile::tempdir().unwrap();
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples/wikinews");
    let out = run(&["analyze", samples, "--format", "parquet", "--out", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("rows/s"), "{stderr}");
    let recs = records(&run(&["analyze", samples]));
    let rows = |t: &str| {
        let f = std::fs::File::open(dir.path().join(format!("{t}.parquet"))).unwrap();
        SerializedFileReader::new(f).unwrap().metadata().file_metadata().num_rows() as usize
    };
    let count = |key: &str| recs.iter().map(|r| r[key].as_array().unwrap().len()).sum::<usize>();
    assert_eq!(rows("documents"), recs.len());
    assert_eq!(rows("entities"), count("entities"));
    assert_eq!(rows("quotes"), count("quotes"));
    assert_eq!(rows("removed"), count("removed"));
    assert_eq!(rows("events"), count("events"));
    let mentions: usize = recs
        .iter()
        .flat_map(|r| r["entities"].as_array().unwrap())
        .map(|e| e["mentions"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows("mentions"), mentions);
    // --out without parquet, and parquet without --out, are usage errors.
    assert_eq!(run(&["analyze", samples, "--format", "parquet"]).status.code(), Some(2));
    assert_eq!(run(&["analyze", samples, "--out", "x"]).status.code(), Some(2));
}
