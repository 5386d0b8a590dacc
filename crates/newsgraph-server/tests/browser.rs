//! The web UI in a real browser: headless Chromium (Debian's `chromium` and
//! `chromium-driver`, which `.ci/run` installs) driven over WebDriver by fantoccini.
//! Each test serves the app on a free loopback port, walks the pages, checks what is on
//! screen and saves a screenshot per page under `target/ui-screenshots/` (or
//! `$NEWSGRAPH_SCREENSHOTS`). Without chromedriver or chromium the tests print that
//! they were skipped and pass; the rest of the suite never needs a browser.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use newsgraph_server::ui;

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

    async fn assert_no_problems(&self, page: &str) {
        let p = self.problems().await;
        assert_eq!(
            p,
            serde_json::json!({"errors": [], "violations": []}),
            "{page}: errors or CSP violations"
        );
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

/// Serves `app` on a free loopback port for the rest of the test.
async fn serve(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_page_renders_in_chromium_under_the_csp() {
    let tools = require_browser!();
    let addr = serve(ui::secure(ui::routes())).await;
    let (head, _) = http_get(addr, "/help");
    assert!(head.contains("content-security-policy: default-src 'none'; script-src 'self';"), "{head}");

    let b = Browser::start(&tools).await;
    b.open(&format!("http://{addr}/help")).await;
    assert_eq!(b.text("main h1").await, "How to use newsgraph");
    assert!(b.count("table.fields tbody tr").await >= 10, "query fields listed");
    assert_eq!(b.text("header nav a[aria-current=page]").await, "Help");
    b.assert_no_problems("help").await;
    b.screenshot("help").await;
    b.close().await;
}
