//! Every route through the router itself (`tower::ServiceExt::oneshot`, no socket), on
//! a corpus of the bundled Wikinews samples: answers, 400s with messages, 404s, exports.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use newsgraph::ingest::read_path;
use newsgraph::{pipeline::analyze, Resources};
use newsgraph_server::{app, AppState};
use newsgraph_store::Store;
use serde_json::Value;
use tower::ServiceExt;

/// One corpus file for all tests (built once).
fn db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/wikinews");
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(&samples).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        let mut docs = Vec::new();
        for f in files {
            read_path(&f, &mut |r| {
                if let Ok(raw) = r {
                    docs.push(analyze(raw, Resources::embedded()));
                }
            });
        }
        let mut store = Store::create(&path).unwrap();
        store.put(&docs).unwrap();
        (dir, path)
    })
    .1
}

async fn get(uri: &str) -> (StatusCode, Vec<u8>, String) {
    let state = AppState::open(db()).unwrap();
    let res = app(state).oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let ctype =
        res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, body, ctype)
}

async fn json(uri: &str) -> (StatusCode, Value) {
    let (s, b, ctype) = get(uri).await;
    assert!(ctype.starts_with("application/json"), "{uri}: {ctype}");
    (s, serde_json::from_slice(&b).unwrap_or_else(|e| panic!("{uri}: {e}: {}", String::from_utf8_lossy(&b))))
}

#[tokio::test]
async fn health_and_parse() {
    let (s, v) = json("/api/health").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["documents"].as_u64().unwrap() >= 20);
    let (s, v) = json("/api/parse?q=speaker:Trump%20date:2019-01%20wall").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["text"], "wall");
    assert_eq!(v["fields"][0]["field"], "speaker");
}

#[tokio::test]
async fn lists_answer() {
    let (s, v) = json("/api/documents?q=said&limit=3").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["documents"].as_array().unwrap().len(), 3);
    assert!(v["documents"][0]["snippet"].as_str().unwrap().contains("<b>"));
    let id = v["documents"][0]["id"].as_str().unwrap().to_string();
    let (s, d) = json(&format!("/api/document?id={id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(d["document"]["id"], id.as_str());
    let (s, v) = json("/api/quotes?q=speaker:Trump").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["total"].as_u64().unwrap() > 0);
    assert_eq!(v["quotes"][0]["speaker"]["name"], "Donald Trump");
    let (s, v) = json("/api/events?q=event:THREATEN").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["events"].is_array());
    let (s, v) = json("/api/entities?q=Trump").await;
    assert_eq!(s, StatusCode::OK);
    let n = v["entities"][0]["entity"].as_i64().unwrap();
    let (s, page) = json(&format!("/api/entity?id={n}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(page["entity"]["name"], "Donald Trump");
    assert!(!page["quotes_by"].as_array().unwrap().is_empty());
    let (s, v) = json("/api/facets?q=said&size=3").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["facets"]["person"].as_array().unwrap().len() <= 3);
    let (s, v) = json("/api/timeline?q=said&q=police&interval=week").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["series"].as_array().unwrap().len(), 2);
    let (s, v) = json("/api/stories").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["stories"].is_array());
}

#[tokio::test]
async fn bad_requests_are_400_with_a_message() {
    for (uri, expect) in [
        ("/api/documents?q=spekaer:Trump", "unknown field"),
        ("/api/documents?q=NEAR(said%20police,%20x)", "full-text"),
        ("/api/documents?limit=abc", "`limit` must be a whole number"),
        ("/api/documents?limit=100000", "`limit` must be a whole number"),
        ("/api/documents?offset=999999999", "`offset`"),
        ("/api/documents?sort=best", "`sort` must be one of rank, date"),
        ("/api/documents?qq=x", "unknown parameter `qq`"),
        ("/api/quotes?q=%22unclosed", "not closed"),
        ("/api/entity", "`id` is required"),
        ("/api/entity?id=abc", "`id` must be a number"),
        ("/api/timeline?interval=year", "`interval` must be one of"),
        ("/api/export?what=people", "`what` must be one of"),
        ("/api/export?q=date:2019-99", "`date:` takes"),
        ("/api/documents?q=a&q=b", "`q` is given twice"),
        ("/api/health?x=1", "unknown parameter `x`"),
    ] {
        let (s, v) = json(uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {v}");
        let m = v["error"]["message"].as_str().unwrap();
        assert!(m.contains(expect), "{uri}: {m}");
    }
    let (_, v) = json("/api/documents?q=Iran%20spekaer:X").await;
    assert_eq!((v["error"]["start"].as_u64(), v["error"]["end"].as_u64()), (Some(5), Some(13)));
}

#[tokio::test]
async fn unknown_things_are_404() {
    for uri in ["/api/nothing", "/api/entity?id=999999", "/api/story?id=999999", "/api/document?id=nope"] {
        let (s, v) = json(uri).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{uri}");
        assert!(v["error"]["message"].is_string());
    }
    // Stories are linked at ingest: the first document founded story 1.
    let (s, v) = json("/api/story?id=1").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(!v["story"]["documents"].as_array().unwrap().is_empty(), "{v}");
}

#[tokio::test]
async fn exports_stream_everything() {
    let (s, body, ctype) = get("/api/export?what=quotes&format=csv").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("text/csv"));
    let store = Store::open_read_only(db()).unwrap();
    let total: i64 = store.connection().query_row("SELECT count(*) FROM quote", [], |r| r.get(0)).unwrap();
    let rows = csv::Reader::from_reader(body.as_slice()).records().count();
    assert_eq!(rows as i64, total);
    let (s, body, ctype) = get("/api/export?q=said&what=documents&format=ndjson").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ctype, "application/x-ndjson");
    let lines: Vec<Value> = body
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    let (_, v) = json("/api/documents?q=said").await;
    assert_eq!(lines.len() as u64, v["total"].as_u64().unwrap());
    assert!(lines[0]["text"].as_str().unwrap().len() > 100);
}
