//! The web UI in a real browser: headless Chromium (Debian's `chromium` and
//! `chromium-driver`, which `.ci/run` installs) driven over WebDriver by fantoccini.
//!
//! The test starts the real binary the way a newcomer does — `newsgraph serve
//! samples/ tests/ui --addr 127.0.0.1:0`, which analyses the sample corpus and the
//! hostile documents of `tests/ui/` into a cached corpus file first — then walks
//! search → article → person → map → timeline → story, checks what is on screen, the
//! Content-Security-Policy header and that no injected script ever runs, and saves a
//! screenshot of each page under `target/ui-screenshots/` (or
//! `$NEWSGRAPH_SCREENSHOTS`). Without chromedriver or chromium it prints that it was
//! skipped and passes; the rest of the suite never needs a browser.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// chromedriver and chromium, when both are installed.
fn browser_tools() -> Option<(PathBuf, PathBuf)> {
    let find = |names: &[&str]| {
        let path = std::env::var_os("PATH")?;
        names.iter().find_map(|n| std::env::split_paths(&path).map(|d| d.join(n)).find(|p| p.is_file()))
    };
    Some((find(&["chromedriver"])?, find(&["chromium", "chromium-browser"])?))
}

macro_rules! require_browser {
    () => {
        match browser_tools() {
            Some(t) => t,
            None => {
                eprintln!(
                    "SKIPPED {}: chromium and chromedriver are not installed \
                     (apt-get install chromium chromium-driver; .ci/run does)",
                    module_path!()
                );
                return;
            }
        }
    };
}

/// A chromedriver process and a WebDriver session on headless Chromium; both end when
/// dropped (the session should be closed with `close()` first).
struct Browser {
    driver: Child,
    client: Client,
}

impl Browser {
    async fn start(tools: &(PathBuf, PathBuf)) -> Browser {
        let port = free_port();
        let driver = Command::new(&tools.0)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": tools.1,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1366,900", "--hide-scrollbars", "--no-first-run",
                         "--disable-extensions", "--disable-background-networking"],
            }
        });
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.as_object().unwrap().clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("open a WebDriver session on chromium");
        Browser { driver, client }
    }

    async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }

    /// Opens `url` and waits until the page's module has built it (`body[data-ready]`).
    async fn open(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
        self.ready().await;
    }

    async fn ready(&self) {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("body[data-ready]"))
            .await
            .unwrap_or_else(|e| panic!("page never got ready: {e}"));
    }

    async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .text()
            .await
            .unwrap()
    }

    async fn count(&self, css: &str) -> usize {
        self.client.find_all(Locator::Css(css)).await.unwrap().len()
    }

    async fn eval(&self, js: &str) -> serde_json::Value {
        self.client.execute(js, vec![]).await.expect("execute script")
    }

    /// Script errors and CSP violations the page recorded (see common.js).
    async fn problems(&self) -> serde_json::Value {
        self.eval("return window.newsgraphProblems || {missing: true};").await
    }

    /// No script error, no CSP violation, no error box on the page.
    async fn assert_no_problems(&self, page: &str) {
        let p = self.problems().await;
        assert_eq!(p, json!({"errors": [], "violations": []}), "{page}: errors or CSP violations");
        let boxes =
            self.eval("return [...document.querySelectorAll('.error')].map(e => e.textContent);").await;
        assert_eq!(boxes, json!([]), "{page}: an error is shown");
    }

    async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        eprintln!("screenshot: {}", path.display());
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

fn screenshot_dir() -> PathBuf {
    std::env::var_os("NEWSGRAPH_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/ui-screenshots"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `newsgraph serve PATHS --addr 127.0.0.1:0` with its own cache folder; ends when
/// dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    _cache: tempfile::TempDir,
}

impl Server {
    fn start(paths: &[PathBuf]) -> Server {
        let cache = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
            .arg("serve")
            .args(paths)
            .args(["--addr", "127.0.0.1:0"])
            .env("XDG_CACHE_HOME", cache.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start newsgraph serve");
        // The address is on the line `… serving FILE on http://ADDR/ …`; the rest of
        // stderr is passed through for the test log.
        let (tx, rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("[serve] {line}");
                if let Some(rest) = line.split(" on http://").nth(1) {
                    let _ = tx.send(rest.split('/').next().unwrap_or_default().to_string());
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(300))
            .expect("newsgraph serve never said where it listens")
            .parse()
            .expect("an address");
        Server { child, addr, _cache: cache }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.0 GET: (status line and headers, lower-cased; body).
fn http_get(addr: SocketAddr, path: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    (head.to_ascii_lowercase(), body.to_string())
}

impl Browser {
    /// Clicks the first element matching `css` and waits for the next page.
    async fn follow(&self, css: &str) {
        let before = self.client.current_url().await.unwrap();
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.client.current_url().await.unwrap() == before {
            assert!(Instant::now() < deadline, "clicking {css} went nowhere");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.ready().await;
    }

    async fn url_now(&self) -> String {
        self.client.current_url().await.unwrap().to_string()
    }

    /// Nothing injected ran: no script set the marker the hostile documents aim for,
    /// and every <script> on the page is one of ours.
    async fn assert_nothing_injected(&self, page: &str) {
        let v = self
            .eval(
                "return {pwned: window.__pwned === undefined ? null : String(window.__pwned), \
                 scripts: [...document.scripts].map(s => s.getAttribute('src') || 'INLINE'), \
                 jsLinks: [...document.querySelectorAll('a[href]')].filter(a => !/^(https?:|\\/|#|\\?)/.test(a.getAttribute('href'))).length, \
                 handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => /^on/i.test(a.name))).length};",
            )
            .await;
        assert_eq!(v["pwned"], Value::Null, "{page}: an injected script ran");
        for src in v["scripts"].as_array().unwrap() {
            assert!(src.as_str().unwrap().starts_with("/ui/"), "{page}: foreign script {src}");
        }
        assert_eq!(v["jsLinks"], json!(0), "{page}: a link that is neither http(s) nor this site");
        assert_eq!(v["handlers"], json!(0), "{page}: an inline event handler in the DOM");
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_ui_walkthrough_in_chromium() {
    let tools = require_browser!();
    let t0 = Instant::now();
    let step = |what: &str| eprintln!("[{:6.1}s] {what}", t0.elapsed().as_secs_f64());
    let server =
        Server::start(&[repo().join("samples"), Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui")]);

    // The headers: a strict CSP on pages and API alike.
    for path in ["/", "/api/health"] {
        let (head, _) = http_get(server.addr, path);
        assert!(head.starts_with("http/1.0 200") || head.starts_with("http/1.1 200"), "{path}: {head}");
        let csp = head
            .lines()
            .find_map(|l| l.strip_prefix("content-security-policy: "))
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        for must in [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "frame-ancestors 'none'",
            "require-trusted-types-for 'script'",
        ] {
            assert!(csp.contains(must), "{path}: CSP lacks {must}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{csp}");
        assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    }

    step("serving");
    let b = Browser::start(&tools).await;
    step("browser started");

    // 1. Search: the start page says what is in the corpus; a query gives ranked
    // results with the matches highlighted, facets, the attention chart, exports.
    b.open(&server.url("/")).await;
    assert!(b.text("main").await.contains("In this corpus"), "the start page shows the corpus");
    b.screenshot("0-start").await;
    let q = b.client.find(Locator::Css("#q")).await.unwrap();
    q.send_keys("Soleimani\u{E007}").await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !b.url_now().await.ends_with("/?q=Soleimani") {
        assert!(Instant::now() < deadline, "the query box did not search");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    b.ready().await;
    assert!(b.count("ol.results > li").await >= 3, "results for Soleimani");
    let hits =
        b.eval("return [...document.querySelectorAll('ol.results mark.hit')].map(m => m.textContent);").await;
    assert!(hits.as_array().unwrap().iter().any(|h| h == "Soleimani"), "highlighted matches: {hits}");
    assert!(b.count(".facets .facet-item").await >= 3, "facets over the matches");
    assert!(b.count("svg.chart rect.bar").await >= 1, "attention chart");
    let export = b
        .client
        .find(Locator::Css(".exports a[href*='format=csv']"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(export, "/api/export?q=Soleimani&what=documents&format=csv");
    let (head, csv) = http_get(server.addr, &export);
    assert!(head.contains("200"), "{head}");
    assert!(csv.lines().count() >= 4, "the export has every match:\n{csv}");
    b.assert_no_problems("search").await;
    b.assert_nothing_injected("search").await;
    b.screenshot("1-search").await;

    step("search checked");
    // A facet filters on click: its term joins the query.
    let facet = b.text(".facets .facet:first-of-type .facet-item .name").await;
    b.follow(".facets .facet:first-of-type .facet-item").await;
    let url = b.url_now().await;
    assert!(url.contains("entity%3A") || url.contains("entity:"), "{url}");
    assert!(b
        .client
        .find(Locator::Css("#q"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap()
        .contains(&facet));
    b.client.back().await.unwrap();
    b.ready().await;

    step("facet checked");
    // 2. Article: entities, quotes with speaker and cue, from their spans.
    b.follow("ol.results a.title[href='/article/2020-01-05-united-states-military-kills-qasem-soleimani']")
        .await;
    assert!(b.text("main h1").await.contains("Soleimani"));
    assert!(b.count(".doc-text a.ent.t-person").await >= 2, "people marked in the text");
    assert!(b.count(".doc-text a.ent.t-place").await >= 2, "places marked in the text");
    assert!(b.count(".doc-text mark.quote").await >= 1, "quotes marked");
    assert!(
        b.count(".doc-text mark.speaker").await >= 1 && b.count(".doc-text mark.cue").await >= 1,
        "speaker and cue marked"
    );
    assert!(b.count(".quote-list > li").await >= 1, "quotes listed with their speakers");
    let removed = b.text("details.removed summary").await;
    assert!(removed.starts_with("Removed by the cleaner: ") && removed.contains("navigation"), "{removed}");
    b.assert_no_problems("article").await;
    b.assert_nothing_injected("article").await;
    b.screenshot("2-article").await;

    step("article checked");
    // 3. Person: the page of a person marked in the text.
    b.follow("aside a.chip.t-person").await;
    let name = b.text("main h1").await;
    assert!(name.to_lowercase().starts_with("person") && name.contains("Soleimani"), "{name}");
    assert!(b.text("main").await.contains("Quotes by them"));
    b.assert_no_problems("person").await;
    b.screenshot("3-person").await;

    step("person checked");
    // 4. Map: country outlines drawn offline, a circle per located place.
    b.open(&server.url("/map")).await;
    b.client.wait().for_element(Locator::Css(".map[data-ready]")).await.unwrap();
    assert!(b.count("svg.worldmap path.country").await > 150, "country outlines");
    let places = b.eval("return fetch('/api/map').then(r => r.ok ? r.json() : {places: []}).then(d => (d.places || []).filter(p => Number.isFinite(p.lat)).length);").await;
    assert_eq!(
        json!(b.count("svg.worldmap circle.point.k-place").await),
        places,
        "one circle per located place"
    );
    assert!(b.count("svg.worldmap circle.point").await >= 1, "points drawn on the map");
    b.assert_no_problems("map").await;
    b.screenshot("4-map").await;

    step("map checked");
    // 5. Timeline of a query.
    b.open(&server.url("/timeline?q=Soleimani")).await;
    assert!(b.text("main").await.contains("Timeline"));
    b.assert_no_problems("timeline").await;
    b.screenshot("5-timeline").await;

    step("timeline checked");
    // 6. Stories: the list, and a story's reports side by side with the evidence of
    // each discrepancy highlighted on both sides.
    b.open(&server.url("/stories")).await;
    b.assert_no_problems("stories").await;
    b.screenshot("6-stories").await;
    assert!(b.count("table.stories-table a").await >= 4, "the ECB+ samples' stories are listed");
    // The story to open: the one with the most discrepancies (then agreements), as
    // the API lists them.
    let (_, body) = http_get(server.addr, "/api/stories?limit=200");
    let list: serde_json::Value = serde_json::from_str(&body).expect("the stories answer is JSON");
    let stories = list["stories"].as_array().expect("stories");
    let len = |s: &serde_json::Value, k: &str| s[k].as_array().map_or(0, |a| a.len());
    let pick = stories
        .iter()
        .filter(|s| len(s, "documents") >= 2)
        .max_by_key(|s| {
            (len(s, "discrepancies"), len(s, "agreements"), std::cmp::Reverse(s["story"].as_i64()))
        })
        .expect("a story of several reports");
    b.open(&server.url(&format!("/story/{}", pick["story"]))).await;
    b.ready().await;
    assert!(b.count(".story-doc").await >= 2, "reports side by side");
    // Each listed claim's evidence is highlighted in the texts of at least two reports
    // (a discrepancy: both sides; an agreement: the reports that agree).
    let sides_of = |sel: &str| {
        format!(
            "const c = document.querySelector('{sel}'); if (!c) return 0; const k = c.dataset.key; \
             return new Set([...document.querySelectorAll(`.story-doc mark.ev[data-key='${{k}}']`)].map(m => m.closest('.story-doc').dataset.doc)).size;"
        )
    };
    if len(pick, "discrepancies") > 0 {
        let sides = b.eval(&sides_of(".discrepancies li.claim")).await;
        assert!(
            sides.as_u64().unwrap() >= 2,
            "a discrepancy's evidence is highlighted in both reports: {sides}"
        );
        assert!(b.count(".discrepancies li.claim:first-child .side").await >= 2, "both values listed");
        assert!(
            b.count(".discrepancies li.claim:first-child .side q.evidence").await >= 2,
            "both sides quoted"
        );
    } else {
        eprintln!(
            "NOTE: no story of the samples has a discrepancy; checking an agreement's evidence instead"
        );
    }
    if len(pick, "agreements") > 0 {
        let sides = b.eval(&sides_of(".agreements li.claim")).await;
        assert!(
            sides.as_u64().unwrap() >= 2,
            "an agreement's evidence is highlighted in two reports: {sides}"
        );
    }
    b.assert_no_problems("story").await;
    b.screenshot("7-story").await;

    step("stories checked");
    // 7. Hostile documents: markup in titles, text and quotes is shown as text, a
    // javascript: URL is not a link, a 120,000-character line does not widen the page.
    b.open(&server.url("/?q=Springfield")).await;
    let titles =
        b.eval("return [...document.querySelectorAll('ol.results a.title')].map(a => a.textContent);").await;
    assert!(
        titles
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str().unwrap().starts_with("<script>window.__pwned='title'</script>Breaking <img")),
        "the hostile title shown as text: {titles}"
    );
    b.assert_nothing_injected("hostile search").await;
    b.follow("ol.results a.title[href='/article/hostile-script']").await;
    step("hostile article open");
    let shown = b.eval("return document.querySelector('.doc-text').textContent.includes(\"<script>window.__pwned='text'</script>\");").await;
    assert_eq!(shown, json!(true), "the script tag shown as text");
    step("hostile text checked");
    assert!(
        b.text(".meta-table .unsafe-url").await.is_empty() || b.count(".meta-table .unsafe-url").await == 1
    );
    let wide = b.eval("return document.documentElement.scrollWidth - window.innerWidth;").await;
    assert!(wide.as_i64().unwrap() <= 1, "the page is wider than the window by {wide}px");
    b.assert_nothing_injected("hostile article").await;
    b.assert_no_problems("hostile article").await;
    b.screenshot("8-hostile-article").await;
    step("hostile article checked");
    // An id with markup and ../ goes through links and the API intact.
    b.open(&server.url("/?q=%22path%20tricks%22")).await;
    b.follow("ol.results a.title").await;
    assert_eq!(b.text("main h1").await, "An id with markup and path tricks");
    b.assert_no_problems("hostile id").await;

    b.close().await;
}

/// The README's first command without a browser: `serve samples/` analyses the samples
/// into a cached corpus file and answers pages, assets and the API (runs everywhere).
#[test]
fn serve_samples_in_one_step() {
    let server = Server::start(&[repo().join("samples")]);
    let (head, html) = http_get(server.addr, "/");
    assert!(head.contains(" 200 ") && head.contains("content-security-policy: default-src 'none'"), "{head}");
    assert!(html.contains("<script type=\"module\" src=\"/ui/js/search.js\"></script>"), "{html}");
    let (_, health) = http_get(server.addr, "/api/health");
    let health: Value = serde_json::from_str(&health).unwrap();
    // 32 Wikinews articles and 52 ECB+ reports; the samples' README is not an article.
    assert_eq!(health["documents"], json!(84), "{health}");
    let (head, map) = http_get(server.addr, "/api/map?q=Soleimani");
    assert!(head.contains(" 200 "), "{head}");
    let map: Value = serde_json::from_str(&map).unwrap();
    assert!(map["places"].is_array() && map["events"].is_array(), "{map}");
    let (head, _) = http_get(server.addr, "/api/map?q=%22unclosed");
    assert!(head.contains(" 400 "), "a bad query is a 400: {head}");
    let (head, _) = http_get(server.addr, "/ui/vendor/countries-110m.json");
    assert!(head.contains(" 200 ") && head.contains("application/json"), "{head}");
}

/// Benchmark, not a check (ignored): time to first meaningful paint of each page —
/// from navigation start to the page's content in the DOM (`newsgraphReadyAt`, set by
/// common.js when a page mounts its content) — on a corpus file:
///
/// `NEWSGRAPH_UI_BENCH_DB=corpus.db cargo test --release -p newsgraph-cli --test browser -- --ignored --nocapture first_paint`
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn first_paint_timings() {
    let tools = require_browser!();
    let Some(db) = std::env::var_os("NEWSGRAPH_UI_BENCH_DB") else {
        eprintln!("SKIPPED: set NEWSGRAPH_UI_BENCH_DB to a corpus file");
        return;
    };
    let server = Server::start(&[PathBuf::from(db)]);
    let get = |path: &str| -> Value { serde_json::from_str(&http_get(server.addr, path).1).unwrap() };
    let doc = get("/api/documents?q=&limit=1&sort=date")["documents"][0]["id"].as_str().unwrap().to_string();
    let person = get("/api/facets?q=&size=1")["facets"]["person"][0]["entity"].clone();
    let pages = [
        ("start", "/".to_string()),
        ("search", "/?q=government".to_string()),
        ("article", format!("/article/{doc}")),
        ("entity", format!("/entity/{person}")),
        ("map", "/map".to_string()),
        ("timeline", "/timeline?q=government".to_string()),
        ("stories", "/stories".to_string()),
    ];
    let b = Browser::start(&tools).await;
    for (name, path) in pages {
        let mut ms = Vec::new();
        for _ in 0..8 {
            b.open(&server.url(&path)).await;
            let t = b.eval("return window.newsgraphReadyAt;").await;
            ms.push(t.as_f64().unwrap());
        }
        ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
        eprintln!(
            "{name:10} first meaningful paint: median {:6.0} ms, max {:6.0} ms ({} loads)",
            ms[ms.len() / 2],
            ms[ms.len() - 1],
            ms.len()
        );
    }
    b.close().await;
}
