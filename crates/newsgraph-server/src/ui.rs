//! The web UI's pages and assets (owned by the UI work; this stub serves none yet).

use axum::Router;

use crate::AppState;

/// The UI's routes, merged into [`crate::app`] beside the API.
pub fn routes() -> Router<AppState> {
    Router::new()
}
