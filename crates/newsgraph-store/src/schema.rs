//! The tables of a corpus file and the migrations that build them.
//!
//! The schema version is SQLite's `user_version`. [`migrate`] applies every migration
//! above the file's version, each in its own transaction, so an old file opens as a
//! new one; a file newer than this code is refused rather than misread.
//!
//! Layout (one row per thing, small rows first so index scans stay in cache):
//! - `doc`: small metadata rows (`n` is the store number, also the full-text rowid);
//!   `doc_record`: the analyze record without its text, deflated (kept apart so scans of
//!   `doc` stay in few pages).
//! - `doc_text` + `doc_fts`: the cleaned text and its FTS5 index (external content,
//!   kept in step by triggers).
//! - `entity` (one row per cross-document identity, `key` = type + normalised name, or
//!   the GeoNames id for resolved places), `alias` (normalised surface forms → entity),
//!   `merged_key` (v2: a surname-only key merged into a full name),
//!   `mention` (entity × document, with the mention spans packed).
//! - `quote`, `quote_about` (entities named inside a quote).
//! - `event`, `focus` (places a document is about), `story`, `story_doc`, `doc_features`
//!   (the story linker's per-document features) — version 2.
//! - `story_state`: the story linker between ingest runs (deflated JSON) and whether a
//!   relink is due (see [`crate::stories`]) — version 3.

use rusqlite::Connection;

use crate::Error;

/// The newest schema this code writes and reads.
pub const VERSION: i64 = 3;

/// Migration `i` brings a file from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 0 → 1: documents, text, entities, mentions, quotes.
    r#"
CREATE TABLE doc(
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  hash INTEGER NOT NULL,
  source TEXT NOT NULL,
  url TEXT,
  site TEXT,
  title TEXT,
  published TEXT,
  day INTEGER,
  lang TEXT
);
CREATE TABLE doc_record(n INTEGER PRIMARY KEY, record BLOB NOT NULL);
CREATE INDEX doc_hash ON doc(hash);
CREATE INDEX doc_day ON doc(day);
CREATE INDEX doc_site ON doc(site);
CREATE TABLE doc_text(n INTEGER PRIMARY KEY, title TEXT, text TEXT NOT NULL);
CREATE VIRTUAL TABLE doc_fts USING fts5(
  title, text, content='doc_text', content_rowid='n',
  tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER doc_text_ai AFTER INSERT ON doc_text BEGIN
  INSERT INTO doc_fts(rowid, title, text) VALUES (new.n, new.title, new.text);
END;
CREATE TRIGGER doc_text_ad AFTER DELETE ON doc_text BEGIN
  INSERT INTO doc_fts(doc_fts, rowid, title, text) VALUES ('delete', old.n, old.title, old.text);
END;
CREATE TRIGGER doc_text_au AFTER UPDATE ON doc_text BEGIN
  INSERT INTO doc_fts(doc_fts, rowid, title, text) VALUES ('delete', old.n, old.title, old.text);
  INSERT INTO doc_fts(rowid, title, text) VALUES (new.n, new.title, new.text);
END;
CREATE TABLE entity(
  n INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  name TEXT NOT NULL
);
CREATE TABLE alias(
  norm TEXT NOT NULL,
  entity INTEGER NOT NULL,
  PRIMARY KEY(norm, entity)
) WITHOUT ROWID;
CREATE TABLE mention(
  entity INTEGER NOT NULL,
  doc INTEGER NOT NULL,
  local TEXT NOT NULL,
  count INTEGER NOT NULL,
  first INTEGER NOT NULL,
  spans BLOB NOT NULL,
  PRIMARY KEY(entity, doc)
) WITHOUT ROWID;
CREATE INDEX mention_doc ON mention(doc);
CREATE TABLE quote(
  n INTEGER PRIMARY KEY,
  doc INTEGER NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  kind TEXT NOT NULL,
  speaker INTEGER,
  speaker_name TEXT,
  cue TEXT,
  confidence REAL NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX quote_doc ON quote(doc);
CREATE INDEX quote_speaker ON quote(speaker, doc);
CREATE TABLE quote_about(
  entity INTEGER NOT NULL,
  quote INTEGER NOT NULL,
  PRIMARY KEY(entity, quote)
) WITHOUT ROWID;
CREATE INDEX quote_about_quote ON quote_about(quote);
"#,
    // 1 → 2: places (geo on entities, document focus), events, stories.
    r#"
ALTER TABLE entity ADD COLUMN lat REAL;
ALTER TABLE entity ADD COLUMN lon REAL;
ALTER TABLE entity ADD COLUMN country TEXT;
ALTER TABLE entity ADD COLUMN admin1 TEXT;
ALTER TABLE entity ADD COLUMN geonames_id INTEGER;
ALTER TABLE entity ADD COLUMN feature TEXT;
CREATE INDEX entity_country ON entity(country, admin1) WHERE country IS NOT NULL;
CREATE TABLE focus(
  entity INTEGER NOT NULL,
  doc INTEGER NOT NULL,
  rank INTEGER NOT NULL,
  score REAL NOT NULL,
  PRIMARY KEY(entity, doc)
) WITHOUT ROWID;
CREATE INDEX focus_doc ON focus(doc);
CREATE TABLE event(
  n INTEGER PRIMARY KEY,
  doc INTEGER NOT NULL,
  type TEXT NOT NULL,
  quad TEXT,
  mode TEXT,
  actor INTEGER,
  actor_name TEXT,
  actor_country TEXT,
  target INTEGER,
  target_name TEXT,
  target_country TEXT,
  place INTEGER,
  place_name TEXT,
  date TEXT,
  day INTEGER,
  sentence INTEGER NOT NULL,
  start INTEGER,
  end INTEGER,
  evidence TEXT NOT NULL,
  confidence REAL NOT NULL
);
CREATE INDEX event_doc ON event(doc);
CREATE INDEX event_type ON event(type, day);
CREATE INDEX event_quad ON event(quad);
CREATE INDEX event_actor ON event(actor) WHERE actor IS NOT NULL;
CREATE INDEX event_target ON event(target) WHERE target IS NOT NULL;
CREATE INDEX event_place ON event(place) WHERE place IS NOT NULL;
CREATE TABLE story(
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  docs INTEGER NOT NULL,
  first_day INTEGER,
  last_day INTEGER,
  record BLOB NOT NULL
);
CREATE TABLE story_doc(
  story INTEGER NOT NULL,
  doc INTEGER NOT NULL,
  PRIMARY KEY(story, doc)
) WITHOUT ROWID;
CREATE INDEX story_doc_doc ON story_doc(doc);
CREATE TABLE doc_features(doc INTEGER PRIMARY KEY, features BLOB NOT NULL);
CREATE TABLE merged_key(key TEXT PRIMARY KEY, entity INTEGER NOT NULL) WITHOUT ROWID;
"#,
    // 2 → 3: the story linker's state (stories linked at ingest); documents stored
    // before have no features yet, so the next `ingest` links them (a relink).
    // The full-text index gains prefix indexes of 2, 3 and 4 characters: a prefix
    // query (`pres*`) reads one precomputed doclist instead of merging those of every
    // term it matches (measured on 5,946 bench documents: `po*` 22.4 → 3.8 ms, the
    // index 17 → 37 MB with `2 3`; README "Corpus store"). The triggers on `doc_text`
    // name the table, so they keep feeding the new one.
    // Mentions carry their document's day: an entity's timeline reads its own
    // mention rows (contiguous by entity) instead of one document lookup per mention.
    r#"
CREATE TABLE story_state(
  k INTEGER PRIMARY KEY CHECK (k = 0),
  relink INTEGER NOT NULL,
  state BLOB NOT NULL
);
DROP TABLE doc_fts;
CREATE VIRTUAL TABLE doc_fts USING fts5(
  title, text, content='doc_text', content_rowid='n',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3 4'
);
INSERT INTO doc_fts(doc_fts) VALUES ('rebuild');
ALTER TABLE mention ADD COLUMN day INTEGER;
UPDATE mention SET day = (SELECT day FROM doc WHERE doc.n = mention.doc);
"#,
];

/// The file's schema version.
pub fn version(conn: &Connection) -> Result<i64, Error> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Bring the file up to [`VERSION`], one transaction per step.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), Error> {
    migrate_to(conn, VERSION)
}

/// Apply migrations up to `target` (tests build old files with it).
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), Error> {
    let mut v = version(conn)?;
    if v > VERSION {
        return Err(Error::TooNew { found: v, known: VERSION });
    }
    while v < target {
        let tx = conn.transaction()?;
        tx.execute_batch(MIGRATIONS[v as usize])?;
        tx.pragma_update(None, "user_version", v + 1)?;
        tx.commit()?;
        v += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Query;
    use crate::{Page, Store};

    /// A file written by schema 1 (documents, entities, quotes; no events, places or
    /// stories) opens as a current corpus, with its rows intact and queryable.
    #[test]
    fn an_old_file_is_upgraded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate_to(&mut conn, 1).unwrap();
            let doc = newsgraph::pipeline::analyze(
                newsgraph::ingest::RawDoc::text(
                    "old1",
                    "Giuliani speaks\n\n“We will win,” Rudy Giuliani said on Monday.",
                ),
                newsgraph::Resources::embedded(),
            );
            let record = crate::write::pack_record(&doc).unwrap();
            conn.execute("INSERT INTO doc(id, hash, source) VALUES ('old1', 1, 'old.txt')", []).unwrap();
            conn.execute("INSERT INTO doc_record(n, record) VALUES (1, ?1)", [record]).unwrap();
            conn.execute(
                "INSERT INTO doc_text(n, title, text) VALUES (1, 'Giuliani speaks', ?1)",
                [&doc.text],
            )
            .unwrap();
            conn.execute("INSERT INTO entity(n, key, type, name) VALUES (1, 'PERSON:rudy giuliani', 'PERSON', 'Rudy Giuliani')", [])
                .unwrap();
            conn.execute("INSERT INTO alias(norm, entity) VALUES ('giuliani', 1)", []).unwrap();
            conn.execute(
                "INSERT INTO quote(doc, start, end, kind, speaker, speaker_name, confidence, text)
                 VALUES (1, 18, 30, 'direct', 1, 'Rudy Giuliani', 0.9, 'We will win')",
                [],
            )
            .unwrap();
            assert_eq!(version(&conn).unwrap(), 1);
        }
        assert!(Store::open_read_only(&path).is_err(), "a reader asks for the upgrade");
        let mut store = Store::create(&path).unwrap();
        assert_eq!(version(&store.conn).unwrap(), VERSION);
        assert_eq!(store.check().unwrap(), Vec::<String>::new());
        // Its documents had no story features: the next ingest links them.
        assert!(store.relink_due().unwrap());
        assert_eq!(store.settle_stories().unwrap().stories, 1);
        assert_eq!(store.document("old1").unwrap().stories, vec![1]);
        assert_eq!(store.check().unwrap(), Vec::<String>::new());
        assert_eq!(store.document("old1").unwrap().document.id, "old1");
        let quotes = store.quotes(&Query::parse("speaker:Giuliani").unwrap(), Page::default()).unwrap();
        assert_eq!(quotes.total, 1);
        // The rebuilt full-text index (with prefix indexes) holds the old text.
        let hits = store
            .documents(&Query::parse("Giul* speak*").unwrap(), Page::default(), crate::answer::Sort::Rank)
            .unwrap();
        assert_eq!(hits.total, 1);
        let sql: String = store
            .conn
            .query_row("SELECT sql FROM sqlite_master WHERE name = 'doc_fts'", [], |r| r.get(0))
            .unwrap();
        assert!(sql.contains("prefix='2 3 4'"), "{sql}");
        let events = store.events(&Query::all(), Page::default()).unwrap();
        assert_eq!(events.total, 0, "the new tables exist and are empty");
        drop(store);
        Store::open_read_only(&path).unwrap();
    }

    #[test]
    fn a_newer_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate(&mut conn).unwrap();
            conn.pragma_update(None, "user_version", VERSION + 1).unwrap();
        }
        assert!(matches!(Store::create(&path), Err(Error::TooNew { .. })));
    }
}
