//! The web UI: page shells and static assets compiled into the binary, and the
//! security headers every response carries.
//!
//! Pages are one HTML shell each (`ui/shell.html`: header, navigation, an empty
//! `<main>`) that loads its ES module from `ui/js/`; the module fetches the JSON API
//! (`/api/…`) and builds the page through the DOM, writing scraped text only as text
//! nodes. No page embeds data, so the shells are static and the Content-Security-Policy
//! can forbid inline scripts, inline styles and `eval` outright
//! ([`CONTENT_SECURITY_POLICY`]); Chromium's Trusted Types (`require-trusted-types-for
//! 'script'`) also make any HTML sink (`innerHTML`, …) throw instead of parsing.
//!
//! Routes ([`routes`]): `/` search, `/article/{id}`, `/entity/{id}`, `/map`,
//! `/timeline`, `/stories`, `/story/{id}`, `/help`, and `/ui/{file}` for the assets
//! (ETag + revalidation, so a new binary never serves stale scripts); plus
//! `/api/map`, the one JSON route only the map needs (the rest is `api`'s).
//!
//! Vendored libraries and map data live in `ui/vendor/` (see its README; refreshed by
//! `scripts/vendor-ui.sh`).

use std::sync::LazyLock;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query as UrlQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use newsgraph_store::query::Query;
use serde::Deserialize;

use crate::api::AppError;
use crate::AppState;

/// Sent with every response (pages, assets and the API). Scripts, styles, images and
/// fetches come from this server only; nothing inline, no `eval`, no plugins, no
/// framing, no `<base>`; forms submit here only; DOM HTML sinks are closed (Trusted
/// Types with no policy allowed).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; \
     manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; \
     object-src 'none'; require-trusted-types-for 'script'; trusted-types 'none'";

/// One static file of the UI.
struct Asset {
    path: &'static str,
    mime: &'static str,
    bytes: &'static [u8],
}

macro_rules! assets {
    ($($path:literal => $mime:expr),* $(,)?) => {
        &[$(Asset {
            path: $path,
            mime: $mime,
            bytes: include_bytes!(concat!("../ui/", $path)),
        }),*]
    };
}

const JS: &str = "text/javascript; charset=utf-8";
const JSON: &str = "application/json";
const TEXT: &str = "text/plain; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const SVG: &str = "image/svg+xml";

/// Every file under `ui/` but the shell (a test checks the list is complete).
static ASSETS: &[Asset] = assets! {
    "app.css" => CSS,
    "favicon.svg" => SVG,
    "js/article.js" => JS,
    "js/chart.js" => JS,
    "js/common.js" => JS,
    "js/entity.js" => JS,
    "js/help.js" => JS,
    "js/map.js" => JS,
    "js/search.js" => JS,
    "js/story.js" => JS,
    "js/timeline.js" => JS,
    "vendor/README.md" => TEXT,
    "vendor/VERSIONS" => TEXT,
    "vendor/LICENSE.d3-array" => TEXT,
    "vendor/LICENSE.d3-geo" => TEXT,
    "vendor/LICENSE.topojson-client" => TEXT,
    "vendor/LICENSE.world-atlas" => TEXT,
    "vendor/countries-110m.json" => JSON,
    "vendor/countries-50m.json" => JSON,
    "vendor/d3-array.min.js" => JS,
    "vendor/d3-geo.min.js" => JS,
    "vendor/topojson-client.min.js" => JS,
};

const SHELL: &str = include_str!("../ui/shell.html");

/// The pages: route name, title, module, whether it draws maps (then the vendored
/// d3-geo and topojson-client bundles load first, as classic deferred scripts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Page {
    Search,
    Article,
    Entity,
    Map,
    Timeline,
    Stories,
    Story,
    Help,
}

impl Page {
    const ALL: [Page; 8] = [
        Page::Search,
        Page::Article,
        Page::Entity,
        Page::Map,
        Page::Timeline,
        Page::Stories,
        Page::Story,
        Page::Help,
    ];

    /// (data-page name, title, module file, draws maps)
    fn parts(self) -> (&'static str, &'static str, &'static str, bool) {
        match self {
            Page::Search => ("search", "Search", "search", false),
            Page::Article => ("article", "Article", "article", true),
            Page::Entity => ("entity", "Entity", "entity", true),
            Page::Map => ("map", "Map", "map", true),
            Page::Timeline => ("timeline", "Timeline", "timeline", false),
            Page::Stories => ("stories", "Stories", "story", false),
            Page::Story => ("stories", "Story", "story", false),
            Page::Help => ("help", "Help", "help", false),
        }
    }

    fn html(self) -> &'static str {
        static SHELLS: LazyLock<Vec<String>> =
            LazyLock::new(|| Page::ALL.iter().map(|p| p.render()).collect());
        let i = Page::ALL.iter().position(|p| *p == self).expect("every page is in ALL");
        &SHELLS[i]
    }

    fn render(self) -> String {
        let (name, title, module, maps) = self.parts();
        let mut scripts = String::new();
        if maps {
            for lib in ["d3-array", "d3-geo", "topojson-client"] {
                scripts.push_str(&format!("<script src=\"/ui/vendor/{lib}.min.js\" defer></script>\n"));
            }
        }
        scripts.push_str("<link rel=\"modulepreload\" href=\"/ui/js/common.js\">\n");
        scripts.push_str(&format!("<script type=\"module\" src=\"/ui/js/{module}.js\"></script>"));
        SHELL.replace("{{title}}", title).replace("{{page}}", name).replace("{{scripts}}", &scripts)
    }
}

/// The UI's routes: its pages and assets, and the one JSON route only the UI uses
/// (`/api/map`).
pub fn routes() -> Router<AppState> {
    pages().route("/api/map", get(map_points))
}

/// `GET /api/map?q=Q&limit=N`: the located places and events of the documents `q`
/// matches (`{"documents", "sampled", "places": [{"entity", "name", "lat", "lon",
/// "country", "count"}], "events": [{"entity", "name", "lat", "lon", "type",
/// "count"}]}`), for the map page.
async fn map_points(
    State(state): State<AppState>,
    params: Result<UrlQuery<MapParams>, QueryRejection>,
) -> Response {
    let answer = async move {
        let UrlQuery(p) =
            params.map_err(|e| AppError::BadRequest { message: format!("bad parameters: {e}"), at: None })?;
        let q = Query::parse(p.q.as_deref().unwrap_or(""))
            .map_err(|e| AppError::BadRequest { message: e.message, at: Some((e.start, e.end)) })?;
        let limit = p.limit.unwrap_or(500);
        if !(1..=2000).contains(&limit) {
            return Err(AppError::BadRequest {
                message: format!("`limit` must be from 1 to 2000, not {limit}"),
                at: None,
            });
        }
        state.with_store(move |s| s.map_points(&q, limit)).await
    };
    match answer.await {
        Ok(points) => Json(points).into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MapParams {
    q: Option<String>,
    limit: Option<usize>,
}

/// The pages and assets (any state: they read none).
pub fn pages<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(|| page(Page::Search)))
        .route("/article/{id}", get(|| page(Page::Article)))
        .route("/entity/{id}", get(|| page(Page::Entity)))
        .route("/map", get(|| page(Page::Map)))
        .route("/timeline", get(|| page(Page::Timeline)))
        .route("/stories", get(|| page(Page::Stories)))
        .route("/story/{id}", get(|| page(Page::Story)))
        .route("/help", get(|| page(Page::Help)))
        .route(
            "/favicon.ico",
            get(|headers: HeaderMap| async move { asset_response("favicon.svg", &headers) }),
        )
        .route(
            "/ui/{*path}",
            get(
                |Path(path): Path<String>, headers: HeaderMap| async move { asset_response(&path, &headers) },
            ),
        )
}

/// Adds the security headers to every response of `router` (pages, assets, API):
/// call it on the whole app.
pub fn secure<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router.layer(axum::middleware::map_response(security_headers))
}

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    let set = |h: &mut HeaderMap, k: header::HeaderName, v: &'static str| {
        h.entry(k).or_insert(HeaderValue::from_static(v));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(h, header::HeaderName::from_static("cross-origin-resource-policy"), "same-origin");
    set(
        h,
        header::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    );
    res
}

async fn page(p: Page) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], p.html())
        .into_response()
}

/// An asset with an ETag of its content; `If-None-Match` gets 304.
fn asset_response(path: &str, headers: &HeaderMap) -> Response {
    let Some(a) = ASSETS.iter().find(|a| a.path == path) else {
        return (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, TEXT)], "no such file").into_response();
    };
    let etag = etag(a.bytes);
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    (
        [
            (header::CONTENT_TYPE, a.mime.to_string()),
            (header::CACHE_CONTROL, "no-cache".to_string()),
            (header::ETAG, etag),
        ],
        a.bytes,
    )
        .into_response()
}

/// A strong validator: FNV-1a of the bytes (stable across builds and platforms).
fn etag(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("\"{h:016x}-{}\"", bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{to_bytes, Body};
    use axum::http::Request;
    use tower::ServiceExt;

    async fn get(app: &Router, uri: &str) -> Response {
        app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap()
    }

    async fn body(res: Response) -> String {
        String::from_utf8(to_bytes(res.into_body(), 1 << 24).await.unwrap().to_vec()).unwrap()
    }

    fn app() -> Router {
        secure(pages())
    }

    #[tokio::test]
    async fn every_page_is_a_shell_with_its_module_and_the_csp() {
        let app = app();
        for (uri, module) in [
            ("/", "search"),
            ("/article/abc", "article"),
            ("/entity/e1", "entity"),
            ("/map?q=x", "map"),
            ("/timeline", "timeline"),
            ("/stories", "story"),
            ("/story/s1", "story"),
            ("/help", "help"),
        ] {
            let res = get(&app, uri).await;
            assert_eq!(res.status(), StatusCode::OK, "{uri}");
            let csp = res.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
            assert!(csp.contains("script-src 'self';") && !csp.contains("unsafe"), "{csp}");
            assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
            let html = body(res).await;
            assert!(html.contains(&format!("src=\"/ui/js/{module}.js\"")), "{uri}");
            assert!(!html.contains("{{"), "{uri}: unfilled placeholder");
            // No inline script or style, no inline handler: the CSP would block them.
            for bad in ["<script>", "style=", " onload=", " onclick=", "javascript:"] {
                assert!(!html.contains(bad), "{uri}: {bad}");
            }
        }
    }

    #[tokio::test]
    async fn assets_are_served_with_their_type_and_revalidated() {
        let app = app();
        let res = get(&app, "/ui/js/common.js").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CONTENT_TYPE], JS);
        let tag = res.headers()[header::ETAG].clone();
        let again = app
            .clone()
            .oneshot(
                Request::get("/ui/js/common.js")
                    .header(header::IF_NONE_MATCH, tag)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        let atlas = get(&app, "/ui/vendor/countries-110m.json").await;
        assert_eq!(atlas.headers()[header::CONTENT_TYPE], JSON);
        assert!(body(atlas).await.starts_with("{\"type\":\"Topology\""));
        for missing in ["/ui/nope.js", "/ui/../Cargo.toml", "/ui/%2e%2e/src/ui.rs", "/ui/js/"] {
            assert_eq!(get(&app, missing).await.status(), StatusCode::NOT_FOUND, "{missing}");
        }
    }

    /// Every file under `ui/` is served (a new module not listed in ASSETS would be a
    /// 404 in the browser), and none of the UI's own code uses an HTML sink or eval.
    #[test]
    fn asset_list_is_complete_and_the_code_has_no_html_sinks() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
        let mut files = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    files.push(p.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"));
                }
            }
        }
        files.sort();
        let mut listed: Vec<String> = ASSETS.iter().map(|a| a.path.to_string()).collect();
        listed.push("shell.html".into());
        listed.sort();
        assert_eq!(files, listed);
        for a in ASSETS.iter().filter(|a| a.path.starts_with("js/")) {
            let src = std::str::from_utf8(a.bytes).unwrap();
            for sink in [
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "document.write",
                "eval(",
                "new Function",
                ".srcdoc",
                "createContextualFragment",
                "DOMParser",
                "setHTML",
            ] {
                assert!(!src.contains(sink), "{}: uses {sink}", a.path);
            }
        }
    }

    #[test]
    fn etag_is_stable() {
        assert_eq!(etag(b""), "\"cbf29ce484222325-0\"");
        assert_ne!(etag(b"a"), etag(b"b"));
    }
}
