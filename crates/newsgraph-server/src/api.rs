//! The JSON routes under `/api/…` (docs/api.md lists them with examples).
//!
//! Every handler reads its parameters itself (unknown or malformed ones are a 400 that
//! names them), runs the store call on the blocking pool and answers JSON. User errors
//! are 400 (`{"error": {"message", "start", "end"}}`) or 404; nothing a client sends
//! can make a 500.

use std::io::Write;

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query as UrlQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use bytes::Bytes;
use newsgraph_store::answer::{Interval, Sort, MAX_LIMIT, MAX_OFFSET};
use newsgraph_store::export::{Format, What};
use newsgraph_store::query::Query;
use newsgraph_store::Page;
use serde_json::{json, Value};

use crate::AppState;

/// Queries overlaid in one timeline, at most.
pub const MAX_SERIES: usize = 8;

/// The API routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/parse", get(parse))
        .route("/api/documents", get(documents))
        .route("/api/document", get(document))
        .route("/api/quotes", get(quotes))
        .route("/api/events", get(events))
        .route("/api/entities", get(entities))
        .route("/api/entity", get(entity))
        .route("/api/facets", get(facets))
        .route("/api/timeline", get(timeline))
        .route("/api/stories", get(stories))
        .route("/api/story", get(story))
        .route("/api/export", get(export))
        .fallback(not_found)
}

/// What a request can fail with.
#[derive(Debug)]
pub enum AppError {
    /// 400: the client's fault, with where in `q` when known.
    BadRequest {
        /// What is wrong.
        message: String,
        /// Byte span in `q`.
        at: Option<(usize, usize)>,
    },
    /// 404.
    NotFound(String),
    /// 503: shutting down.
    Busy,
    /// 500: our fault (logged, not shown).
    Internal(String),
}

fn bad(message: impl Into<String>) -> AppError {
    AppError::BadRequest { message: message.into(), at: None }
}

impl From<newsgraph_store::Error> for AppError {
    fn from(e: newsgraph_store::Error) -> Self {
        match e {
            newsgraph_store::Error::Query(q) => {
                AppError::BadRequest { message: q.message, at: Some((q.start, q.end)) }
            }
            newsgraph_store::Error::NotFound(m) => AppError::NotFound(m),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            AppError::BadRequest { message, at } => {
                let mut e = json!({ "message": message });
                if let Some((s, end)) = at {
                    e["start"] = json!(s);
                    e["end"] = json!(end);
                }
                (StatusCode::BAD_REQUEST, json!({ "error": e }))
            }
            AppError::NotFound(m) => (StatusCode::NOT_FOUND, json!({ "error": { "message": m } })),
            AppError::Busy => {
                (StatusCode::SERVICE_UNAVAILABLE, json!({ "error": { "message": "shutting down" } }))
            }
            AppError::Internal(m) => {
                eprintln!("newsgraph serve: internal error: {m}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({ "error": { "message": "internal error (logged)" } }),
                )
            }
        };
        (status, Json(body)).into_response()
    }
}

type Raw = Result<UrlQuery<Vec<(String, String)>>, QueryRejection>;

/// A request's parameters, checked against what the route takes.
struct Params(Vec<(String, String)>);

impl Params {
    fn new(raw: Raw, known: &[&str]) -> Result<Params, AppError> {
        Self::with_repeats(raw, known, &[])
    }

    /// Parameters where those in `repeat` may come more than once.
    fn with_repeats(raw: Raw, known: &[&str], repeat: &[&str]) -> Result<Params, AppError> {
        let UrlQuery(pairs) = raw.map_err(|e| bad(format!("bad query string: {e}")))?;
        for (i, (k, _)) in pairs.iter().enumerate() {
            if !known.contains(&k.as_str()) {
                let takes = if known.is_empty() { "no parameters".to_string() } else { known.join(", ") };
                return Err(bad(format!("unknown parameter `{k}`; this route takes {takes}")));
            }
            if !repeat.contains(&k.as_str()) && pairs[..i].iter().any(|(p, _)| p == k) {
                return Err(bad(format!("`{k}` is given twice")));
            }
        }
        Ok(Params(pairs))
    }

    fn get(&self, k: &str) -> Option<&str> {
        self.0.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str())
    }

    fn all(&self, k: &str) -> Vec<&str> {
        self.0.iter().filter(|(key, _)| key == k).map(|(_, v)| v.as_str()).collect()
    }

    fn num(&self, k: &str, default: usize, min: usize, max: usize) -> Result<usize, AppError> {
        match self.get(k) {
            None => Ok(default),
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(bad(format!("`{k}` must be a whole number from {min} to {max}, not `{v}`"))),
            },
        }
    }

    fn query(&self) -> Result<Query, AppError> {
        let q = self.get("q").unwrap_or("");
        Query::parse(q).map_err(|e| AppError::BadRequest { message: e.message, at: Some((e.start, e.end)) })
    }

    fn page(&self) -> Result<Page, AppError> {
        Ok(Page {
            limit: self.num("limit", 20, 1, MAX_LIMIT)?,
            offset: self.num("offset", 0, 0, MAX_OFFSET)?,
        })
    }

    fn required(&self, k: &str) -> Result<&str, AppError> {
        self.get(k).filter(|v| !v.is_empty()).ok_or_else(|| bad(format!("`{k}` is required")))
    }

    fn choice<T: Copy>(&self, k: &str, default: T, options: &[(&str, T)]) -> Result<T, AppError> {
        match self.get(k) {
            None => Ok(default),
            Some(v) => options.iter().find(|(name, _)| *name == v).map(|(_, t)| *t).ok_or_else(|| {
                let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
                bad(format!("`{k}` must be one of {}, not `{v}`", names.join(", ")))
            }),
        }
    }
}

fn to_json<T: serde::Serialize>(v: T) -> Result<Json<Value>, AppError> {
    serde_json::to_value(v).map(Json).map_err(|e| AppError::Internal(e.to_string()))
}

async fn not_found() -> AppError {
    AppError::NotFound("no such route; see docs/api.md".into())
}

async fn health(State(s): State<AppState>, raw: Raw) -> Result<Json<Value>, AppError> {
    Params::new(raw, &[])?;
    let n = s.with_store(|st| st.count_documents()).await?;
    Ok(Json(json!({ "ok": true, "documents": n, "schema": newsgraph_store::schema::VERSION })))
}

async fn parse(State(s): State<AppState>, raw: Raw) -> Result<Json<Value>, AppError> {
    let p = Params::new(raw, &["q"])?;
    let q = p.query()?;
    Ok(Json(s.with_store(move |st| st.explain(&q)).await?))
}

async fn documents(State(s): State<AppState>, raw: Raw) -> Result<Json<Value>, AppError> {
    let p = Params::new(raw, &["q", "limit", "offset", "sort"])?;
    let (q, page) = (p.query()?, p.page()?);
    let sort = p.choice("sort", Sort::Rank, &[("rank", Sort::Rank), ("date", Sort::Date)])?;
    to_json(s.with_store(move |st| st.documents(&q, page, sort)).await?)
}

async fn document(State(s): State<AppState>, raw: Raw) -> Result<Json<Value>, AppError> {
    let p = Params::new(raw, &["id"])?;
    let id = p.required("id")?.to_string();
    to_json(s.with_store(move |st| st.document(&id)).await?)
}

async fn quotes(State(s): State<AppState>, raw: Raw) -> Result<Json<Value>, AppError> {
    let p = Params::new(raw, &["q", "limit", "offset"])?;
    let (q, page) = (p.query()?, p.page()?);
    to_json(s.with_store(move |st| st.quotes(&q, page)).await?)
}

async fn events(State(s): State<AppState>, raw: Raw) -> Result<Json<Value>, AppError> {
    let p = Params::new(raw, &["q", "limit", "offset"])?;
    let (q, page) = (p.query()?, p.page()?);
    to_json(s.with_store(move |st| st.events(&q, page)).await?)
}

async fn entities(State(s): State<AppState>, raw: Raw) -> Result<Json<Value>, AppError> {
    let p = Params::new(raw, &["q", "limit"])?;
    let q = p.query()?;
    let limit = p.num("limit", 20, 1, MAX_LIMIT)?;
    to_json(s.with_store(move |st| st.entities(&q, limit)).await?)
}

fn number_id(p: &Params) -> Result<i64, AppError> {
    let v = p.required("id")?;
    v.trim_start_matches(['#', 's'])
        .parse::<i64>()
        .map_err(|_| bad(format!("`id` must be a number, not `{v}`")))
}

async fn entity(State(s): State<AppState>, raw: Raw) -> Result<Json<Value>, AppError> {
    let p = Params::new(raw, &["id"])?;
    let n = number_id(&p)?;
    to_json(s.with_store(move |st| st.entity_page(n)).await?)
}

async fn facets(State(s): State<AppState>, raw: Raw) -> Result<Json<Value>, AppError> {
    let p = Params::new(raw, &["q", "size"])?;
    let q = p.query()?;
    let size = p.num("size", 10, 1, 100)?;
    to_json(s.with_store(move |st| st.facets(&q, size)).await?)
}

async fn timeline(State(s): State<AppState>, raw: Raw) -> Result<Json<Value>, AppError> {
    let p = Params::with_repeats(raw, &["q", "interval"], &["q"])?;
    let interval = p.choice(
        "interval",
        Interval::Month,
        &[("day", Interval::Day), ("week", Interval::Week), ("month", Interval::Month)],
    )?;
    let mut qs = p.all("q");
    if qs.is_empty() {
        qs.push("");
    }
    if qs.len() > MAX_SERIES {
        return Err(bad(format!("at most {MAX_SERIES} `q` series per timeline, not {}", qs.len())));
    }
    let mut queries = Vec::new();
    for (i, q) in qs.iter().enumerate() {
        queries.push(Query::parse(q).map_err(|e| AppError::BadRequest {
            message: format!("q #{}: {}", i + 1, e.message),
            at: Some((e.start, e.end)),
        })?);
    }
    to_json(s.with_store(move |st| st.timeline(&queries, interval)).await?)
}

async fn stories(State(s): State<AppState>, raw: Raw) -> Result<Json<Value>, AppError> {
    let p = Params::new(raw, &["q", "limit", "offset"])?;
    let (q, page) = (p.query()?, p.page()?);
    to_json(s.with_store(move |st| st.stories(&q, page)).await?)
}

async fn story(State(s): State<AppState>, raw: Raw) -> Result<Json<Value>, AppError> {
    let p = Params::new(raw, &["id"])?;
    let n = number_id(&p)?;
    let v = s
        .with_store(move |st| {
            let story = st.story(n)?;
            let docs = st.document_titles(&story.record.documents)?;
            Ok(json!({ "story": story, "documents": docs }))
        })
        .await?;
    Ok(Json(v))
}

/// Bytes written by the export thread, sent to the response in 64 KiB chunks.
struct ChanWriter {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl Write for ChanWriter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= 64 * 1024 {
            self.flush()?;
        }
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buf));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client went away"))
    }
}

async fn export(State(s): State<AppState>, raw: Raw) -> Result<Response, AppError> {
    let p = Params::new(raw, &["q", "what", "format"])?;
    let q = p.query()?;
    let what = p.choice(
        "what",
        What::Documents,
        &[("documents", What::Documents), ("quotes", What::Quotes), ("events", What::Events)],
    )?;
    let format = p.choice("format", Format::Ndjson, &[("csv", Format::Csv), ("ndjson", Format::Ndjson)])?;
    // Bad full-text syntax is a 400 before any byte is sent.
    let check = q.clone();
    s.with_store(move |st| st.explain(&check).map(|_| ())).await?;
    let permit = s.inner.permits.clone().acquire_owned().await.map_err(|_| AppError::Busy)?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let state = s.clone();
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let store = match state.take_store() {
            Ok(st) => st,
            Err(e) => {
                let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
                return;
            }
        };
        let mut w = ChanWriter { tx: tx.clone(), buf: Vec::with_capacity(64 * 1024) };
        let r = store.export(&q, what, format, &mut w).and_then(|_| w.flush().map_err(Into::into));
        if let Err(e) = r {
            let io = std::io::Error::other(e.to_string());
            let _ = tx.blocking_send(Err(io));
        }
        state.give_back(store);
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|x| (x, rx)) });
    let (ctype, ext) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Ndjson => ("application/x-ndjson", "ndjson"),
    };
    let name = match what {
        What::Documents => "documents",
        What::Quotes => "quotes",
        What::Events => "events",
    };
    Response::builder()
        .header(header::CONTENT_TYPE, ctype)
        .header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.{ext}\""))
        .body(Body::from_stream(stream))
        .map_err(|e| AppError::Internal(e.to_string()))
}
