//! newsgraph-store: the corpus as one SQLite file.
//!
//! A [`Store`] holds analysed documents ([`newsgraph::Document`]) with their entities
//! (one identity across documents, see [`key`]), mentions, quotes, events, places and
//! stories, in tables whose indexes serve the query kinds of [`query`]. It is the only
//! crate that opens the `.db` file.
//!
//! - [`Store::create`] opens (or creates) a file for writing: WAL journal, the page size
//!   of [`PAGE_SIZE`], migrations applied ([`schema`]).
//! - [`Store::put`] writes a batch of documents in one transaction: a document is either
//!   all there or not at all, so a killed ingest loses at most the batch in flight.
//!   Re-putting a document (same id or same cleaned text) updates it in place.
//! - [`Store::open_read_only`] is what the server and `query` use.
//! - [`query::Query::parse`] reads the query language (FTS5 syntax plus fields);
//!   the `Store` methods in [`answer`] turn it into SQL and answers.
//!
//! ```
//! use newsgraph::{ingest::RawDoc, pipeline::analyze, Resources};
//! use newsgraph_store::{query::Query, Store};
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("corpus.db");
//! let mut store = Store::create(&path).unwrap();
//! let doc = analyze(RawDoc::text("a1", "Mayor Rudy Giuliani spoke.\n\n“We win,” Giuliani said."), Resources::embedded());
//! let report = store.put(&[doc]).unwrap();
//! assert_eq!(report.stored, 1);
//! let q = Query::parse("speaker:Giuliani").unwrap();
//! let quotes = store.quotes(&q, Default::default()).unwrap();
//! assert_eq!(quotes.total, 1);
//! ```

#![warn(missing_docs)]

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

pub mod answer;
pub mod export;
pub mod key;
pub mod map;
pub mod query;
pub mod schema;
pub mod stories;
mod write;

pub use answer::Page;
pub use write::BatchReport;

/// Page size of new files. Measured on 10,000 bench records (README, "Corpus store"):
/// 4 KiB 215.0 MB, 32 KiB 212.0 MB, about 9 % of pages unused either way — large
/// values (text, deflated records) live in their own tables, so no page size wastes
/// much; 4 KiB keeps point lookups (one document, one entity) to the fewest bytes read.
pub const PAGE_SIZE: u32 = 4096;

/// What can go wrong with a corpus file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite said no.
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    /// The file was written by a newer newsgraph.
    #[error(
        "the corpus file has schema {found}, newer than this newsgraph knows ({known}); upgrade newsgraph"
    )]
    TooNew {
        /// The file's version.
        found: i64,
        /// Ours.
        known: i64,
    },
    /// The file is not a corpus (or not there, when opening read-only).
    #[error("{0}")]
    NotACorpus(String),
    /// A bad query: what is wrong and where.
    #[error("{0}")]
    Query(#[from] query::QueryError),
    /// A stored record could not be read back.
    #[error("stored record: {0}")]
    Record(String),
    /// Writing an export failed.
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    /// Nothing with that id.
    #[error("{0}")]
    NotFound(String),
}

/// One corpus file, open for reading or for writing.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) cache: write::Cache,
    pub(crate) totals: answer::TotalsCell,
    /// The story linker between batches ([`stories`]); `None` until the first batch
    /// (loaded from the file) and after a failed one.
    pub(crate) link: Option<stories::LinkState>,
}

impl Store {
    /// Open `path` for writing, creating it (with [`PAGE_SIZE`] pages) when missing,
    /// and migrate it to the current schema.
    pub fn create(path: &Path) -> Result<Store, Error> {
        Self::create_with_page_size(path, PAGE_SIZE)
    }

    /// [`Store::create`] with another page size for a new file (the bench measures
    /// several); an existing file keeps its own.
    pub fn create_with_page_size(path: &Path, page_size: u32) -> Result<Store, Error> {
        let mut conn = Connection::open(path)?;
        let fresh: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if fresh == 0 {
            conn.pragma_update(None, "page_size", page_size)?;
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // WAL + NORMAL: a committed batch survives a killed process (it is in the WAL
        // file); only a power cut can lose the last batches, never corrupt the file.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", false)?;
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        check_is_corpus(&conn, fresh == 0)?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn, cache: write::Cache::default(), totals: Default::default(), link: None })
    }

    /// Open an existing corpus read-only (the server, `query`). An older file is
    /// refused with a message to re-open it once with `ingest` (which migrates it).
    pub fn open_read_only(path: &Path) -> Result<Store, Error> {
        if !path.exists() {
            return Err(Error::NotACorpus(format!("{} does not exist", path.display())));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        check_is_corpus(&conn, false)?;
        let v = schema::version(&conn)?;
        if v > schema::VERSION {
            return Err(Error::TooNew { found: v, known: schema::VERSION });
        }
        if v < schema::VERSION {
            return Err(Error::NotACorpus(format!(
                "{} has schema {v}; run `newsgraph ingest --db {}` once (with no input) to upgrade it",
                path.display(),
                path.display()
            )));
        }
        Ok(Store { conn, cache: write::Cache::default(), totals: Default::default(), link: None })
    }

    /// The underlying connection, for checks (`PRAGMA integrity_check`) and benches.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Number of stored documents.
    pub fn count_documents(&self) -> Result<u64, Error> {
        Ok(self.conn.query_row("SELECT count(*) FROM doc", [], |r| r.get::<_, i64>(0))? as u64)
    }

    /// `PRAGMA integrity_check`: `ok`, or what is broken.
    pub fn integrity_check(&self) -> Result<String, Error> {
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(rows.join("; "))
    }

    /// Every check a killed ingest must pass: SQLite's `integrity_check`, FTS5's own
    /// (the index matches the text), and no half-written document (each `doc` has its
    /// text, and no row points at a missing document). Empty when all is well.
    pub fn check(&self) -> Result<Vec<String>, Error> {
        let mut problems = Vec::new();
        let ic = self.integrity_check()?;
        if ic != "ok" {
            problems.push(format!("integrity_check: {ic}"));
        }
        if let Err(e) =
            self.conn.execute("INSERT INTO doc_fts(doc_fts, rank) VALUES ('integrity-check', 1)", [])
        {
            problems.push(format!("full-text index: {e}"));
        }
        for (what, sql) in [
            ("documents without text", "SELECT count(*) FROM doc WHERE n NOT IN (SELECT n FROM doc_text)"),
            (
                "documents without record",
                "SELECT count(*) FROM doc WHERE n NOT IN (SELECT n FROM doc_record)",
            ),
            ("texts without document", "SELECT count(*) FROM doc_text WHERE n NOT IN (SELECT n FROM doc)"),
            (
                "mentions of missing documents",
                "SELECT count(*) FROM mention WHERE doc NOT IN (SELECT n FROM doc)",
            ),
            (
                "mentions of missing entities",
                "SELECT count(*) FROM mention WHERE entity NOT IN (SELECT n FROM entity)",
            ),
            (
                "quotes of missing documents",
                "SELECT count(*) FROM quote WHERE doc NOT IN (SELECT n FROM doc)",
            ),
            (
                "events of missing documents",
                "SELECT count(*) FROM event WHERE doc NOT IN (SELECT n FROM doc)",
            ),
        ] {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0))?;
            if n > 0 {
                problems.push(format!("{n} {what}"));
            }
        }
        // Stories: every linked document in one story that exists; when no relink is
        // due, every document linked.
        let mut story_checks = vec![
            (
                "story rows of missing documents",
                "SELECT count(*) FROM story_doc WHERE doc NOT IN (SELECT n FROM doc)",
            ),
            (
                "story rows of missing stories",
                "SELECT count(*) FROM story_doc WHERE story NOT IN (SELECT n FROM story)",
            ),
            (
                "stories without documents",
                "SELECT count(*) FROM story WHERE n NOT IN (SELECT story FROM story_doc)",
            ),
            (
                "documents in two stories",
                "SELECT count(*) FROM (SELECT doc FROM story_doc GROUP BY doc HAVING count(*) > 1)",
            ),
            (
                "stories whose document count is stale",
                "SELECT count(*) FROM story s WHERE docs != (SELECT count(*) FROM story_doc WHERE story = s.n)",
            ),
        ];
        if !self.relink_due()? {
            story_checks.push((
                "documents in no story",
                "SELECT count(*) FROM doc WHERE n NOT IN (SELECT doc FROM story_doc)",
            ));
        }
        for (what, sql) in story_checks {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0))?;
            if n > 0 {
                problems.push(format!("{n} {what}"));
            }
        }
        Ok(problems)
    }

    /// Row counts of the main tables, in a fixed order (crash tests compare them).
    pub fn counts(&self) -> Result<Vec<(&'static str, u64)>, Error> {
        let mut out = Vec::new();
        for t in [
            "doc",
            "doc_text",
            "entity",
            "alias",
            "mention",
            "quote",
            "quote_about",
            "event",
            "focus",
            "story",
            "story_doc",
        ] {
            let n: i64 = self.conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?;
            out.push((t, n as u64));
        }
        Ok(out)
    }
}

/// Refuse a file that holds other tables than ours (a wrong `--db`).
fn check_is_corpus(conn: &Connection, fresh: bool) -> Result<(), Error> {
    if fresh {
        return Ok(());
    }
    let has_doc: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'doc'",
        [],
        |r| r.get(0),
    )?;
    if has_doc == 0 {
        return Err(Error::NotACorpus("not a newsgraph corpus (no `doc` table)".to_string()));
    }
    Ok(())
}
