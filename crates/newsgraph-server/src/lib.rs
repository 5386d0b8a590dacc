//! The newsgraph HTTP server: the JSON API over a corpus file and the web UI.

pub mod ui;
