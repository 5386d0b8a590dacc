//! newsgraph: who said what, about whom, where and when, in scraped news.
//!
//! The pipeline is a sequence of plain functions, one module per stage, called in
//! order by [`pipeline::analyze`]:
//!
//! 1. [`ingest`]: files, directories, JSONL, WARC, stdin → [`ingest::RawDoc`]s
//!    (encoding detection, NFC normalisation).
//! 2. [`html`]: raw HTML → main-body blocks + metadata + what was thrown away.
//! 3. [`clean`]: blocks of text → cleaned `text` + `removed` + byline.
//! 4. [`meta`]: title, dateline, publication date, language.
//! 5. [`segment`]: sentence spans.
//! 6. [`entity`]: PERSON / ORG / PLACE / OTHER entities with mentions.
//! 7. [`geo`]: places found, geocoded from context; the document's focus.
//! 8. [`quote`]: direct, indirect and mixed quotes with speakers.
//! 9. [`event`]: PLOVER-coded events with actor, target, place, date and trigger.
//!
//! ```
//! use newsgraph::{ingest::RawDoc, pipeline::analyze, Resources};
//! let raw = RawDoc::text("demo", "Mayor Rudy Giuliani spoke.\n\n“We win,” he said.");
//! let doc = analyze(raw, Resources::embedded());
//! assert_eq!(doc.title.as_deref(), Some("Mayor Rudy Giuliani spoke."));
//! assert!(!doc.sentences.is_empty());
//! ```

#![warn(missing_docs)]

pub mod clean;
pub mod date;
pub mod entity;
pub mod error;
pub mod event;
pub mod geo;
pub mod html;
pub mod ingest;
pub mod meta;
pub mod model;
pub mod ner;
mod perceptron;
pub mod pipeline;
pub mod pos;
pub mod quote;
pub mod resources;
pub mod segment;
pub mod story;
pub mod token;

pub use error::Error;
pub use model::Document;
pub use resources::Resources;
