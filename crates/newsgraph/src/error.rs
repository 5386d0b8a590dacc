//! Errors at the fallible edges of the library: reading inputs and loading resources.
//! Analysis itself never fails; it records warnings on the document instead.

use std::path::PathBuf;

/// What went wrong, naming the file it went wrong with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The input was read but is not something newsgraph can analyse.
    #[error("{path}: {reason}")]
    Input {
        /// The file (or `file#line`).
        path: String,
        /// Why it was skipped, in a few words.
        reason: String,
    },
    /// A bundled resource (model, gazetteer) is corrupt.
    #[error("resource {name}: {reason}")]
    Resource {
        /// The resource.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
}
