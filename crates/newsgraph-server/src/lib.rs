//! newsgraph-server: the JSON HTTP API over a corpus file (and the web UI's pages).
//!
//! [`app`] builds the whole [`axum::Router`]: the JSON routes of [`api::routes`]
//! (documented in `docs/api.md`) merged with the web UI's [`ui::routes`]. The store is
//! opened read-only; its calls are synchronous, so handlers run them on the blocking
//! pool ([`tokio::task::spawn_blocking`]) with at most [`MAX_CONCURRENT`] at a time.
//! Only this crate knows HTTP and the wire shapes of errors.
//!
//! ```no_run
//! let state = newsgraph_server::AppState::open(std::path::Path::new("corpus.db")).unwrap();
//! let router = newsgraph_server::app(state);
//! # drop(router);
//! ```

#![warn(missing_docs)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use newsgraph_store::Store;

pub mod api;
pub mod ui;

/// Store calls running at once, at most (more requests wait their turn).
pub const MAX_CONCURRENT: usize = 8;

/// Shared by every handler: a pool of read-only connections to one corpus file.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Open `path` read-only (one connection now, to fail early on a bad file).
    pub fn open(path: &Path) -> Result<AppState, newsgraph_store::Error> {
        let first = Store::open_read_only(path)?;
        Ok(AppState {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                idle: Mutex::new(vec![first]),
                permits: Arc::new(tokio::sync::Semaphore::new(MAX_CONCURRENT)),
            }),
        })
    }

    /// Run `f` with a connection on the blocking pool.
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, api::AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, newsgraph_store::Error> + Send + 'static,
    {
        let _permit = self.inner.permits.acquire().await.map_err(|_| api::AppError::Busy)?;
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let store = inner.idle.lock().ok().and_then(|mut v| v.pop());
            let store = match store {
                Some(s) => s,
                None => Store::open_read_only(&inner.path)?,
            };
            let out = f(&store);
            if let Ok(mut v) = inner.idle.lock() {
                v.push(store);
            }
            out
        })
        .await
        .map_err(|e| api::AppError::Internal(format!("store task failed: {e}")))?
        .map_err(api::AppError::from)
    }

    /// A connection for a long job (an export stream) that keeps it to the end.
    pub(crate) fn take_store(&self) -> Result<Store, newsgraph_store::Error> {
        let s = self.inner.idle.lock().ok().and_then(|mut v| v.pop());
        match s {
            Some(s) => Ok(s),
            None => Store::open_read_only(&self.inner.path),
        }
    }

    pub(crate) fn give_back(&self, s: Store) {
        if let Ok(mut v) = self.inner.idle.lock() {
            v.push(s);
        }
    }
}

/// The whole router: the JSON API and the web UI, with the request bounds.
pub fn app(state: AppState) -> Router {
    use tower_http::limit::RequestBodyLimitLayer;
    use tower_http::timeout::TimeoutLayer;
    let router = Router::new().merge(api::routes()).merge(ui::routes());
    // Content-Security-Policy and the other security headers on every response.
    ui::secure(router)
        .layer(RequestBodyLimitLayer::new(8 * 1024))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .with_state(state)
}

/// Serve `db` on `addr` until interrupted (Ctrl-C).
pub fn serve(db: &Path, addr: &str) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let state = AppState::open(db)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        eprintln!("newsgraph: serving {} on http://{}/ (API: /api/…)", db.display(), listener.local_addr()?);
        axum::serve(listener, app(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}
