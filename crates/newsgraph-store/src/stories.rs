//! Stories linked at ingest: the story crate's streaming [`Linker`] run inside the
//! write transaction of each batch.
//!
//! - Each stored or updated document's [`DocFeatures`] go to `doc_features`.
//! - A batch's new documents are added to the linker in link order ((publication
//!   date, id), [`newsgraph::story::link_order`]); their assignments (`story_doc`), the
//!   merges they cause, the records of the stories that changed (label, entities,
//!   agreements and discrepancies, recomputed from their documents only) and the
//!   linker state (`story_state`) are written in the batch's own transaction: a killed
//!   ingest leaves whole batches and the story state that goes with them.
//! - Story `n` is the linker's story number + 1, its id `s<n>`: a story keeps its id
//!   while documents join it (a merged story's id goes away; the older one stays).
//! - When documents arrive in link order (each batch newer than everything before —
//!   news arriving later), the stories are exactly those of one run over all
//!   documents (`newsgraph analyze --stories`). When a document arrives out of that
//!   order (an older one, or an update whose features changed), it is linked where it
//!   fits now and the file is marked for a relink: [`Store::settle_stories`] (run by
//!   `ingest` at its end, and by the next `ingest` when a run was killed first)
//!   replays the stored features in link order and rewrites only the stories whose
//!   documents changed. Either way the stories, ids included, depend only on the set
//!   of documents stored, never on how they were split into runs or batches.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};

use newsgraph::model::Document;
use newsgraph::story::{self, DocFeatures, LinkConfig, Linker};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::{Error, Store};

/// The link-order key of a document: (undated, published, id).
type LinkKey = (bool, String, String);

/// The linker and where it stands, as kept in `story_state`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct LinkState {
    linker: Linker,
    /// The largest link key added so far.
    last: Option<LinkKey>,
    /// True when documents were linked out of link order: a relink is due.
    relink: bool,
}

fn deflate(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let mut enc =
        flate2::write::DeflateEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::fast());
    enc.write_all(bytes)?;
    Ok(enc.finish()?)
}

fn inflate(blob: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(blob.len() * 4);
    flate2::read::DeflateDecoder::new(blob).read_to_end(&mut out)?;
    Ok(out)
}

fn pack<T: Serialize>(v: &T) -> Result<Vec<u8>, Error> {
    deflate(&serde_json::to_vec(v).map_err(|e| Error::Record(e.to_string()))?)
}

fn unpack<T: for<'de> Deserialize<'de>>(blob: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(&inflate(blob)?).map_err(|e| Error::Record(e.to_string()))
}

/// The linker state stored in the file (a fresh one when none is).
pub(crate) fn load_state(tx: &rusqlite::Connection) -> Result<LinkState, Error> {
    let blob: Option<Vec<u8>> =
        tx.query_row("SELECT state FROM story_state WHERE k = 0", [], |r| r.get(0)).optional()?;
    match blob {
        Some(b) => unpack(&b),
        None => Ok(LinkState { linker: Linker::new(LinkConfig::default()), last: None, relink: false }),
    }
}

fn save_state(tx: &Transaction<'_>, s: &LinkState) -> Result<(), Error> {
    tx.prepare_cached(
        "INSERT INTO story_state(k, relink, state) VALUES (0, ?1, ?2)
         ON CONFLICT(k) DO UPDATE SET relink = excluded.relink, state = excluded.state",
    )?
    .execute(params![s.relink, pack(s)?])?;
    Ok(())
}

/// A document the batch wrote: its store number and whether it was new.
pub(crate) struct Written<'a> {
    pub(crate) n: i64,
    pub(crate) new: bool,
    pub(crate) doc: &'a Document,
}

/// Story `n` of linker story `s`.
fn story_n(s: u64) -> i64 {
    s as i64 + 1
}

/// Link a batch's written documents (inside the batch's transaction).
pub(crate) fn link_batch(
    tx: &Transaction<'_>,
    state: &mut LinkState,
    written: &[Written<'_>],
) -> Result<(), Error> {
    if written.is_empty() {
        return Ok(());
    }
    let mut dirty: BTreeSet<i64> = BTreeSet::new();
    let mut whys: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    let mut fresh: Vec<(LinkKey, i64, DocFeatures)> = Vec::new();
    for w in written {
        let f = story::features(w.doc);
        let packed = pack(&f)?;
        if w.new {
            fresh.push((story::link_order(&f), w.n, f));
        } else {
            // An update: its story is described again; when what linking sees of it
            // changed, where it belongs may have changed too — relink.
            let old: Option<Vec<u8>> = tx
                .prepare_cached("SELECT features FROM doc_features WHERE doc = ?1")?
                .query_row([w.n], |r| r.get(0))
                .optional()?;
            let same = match old {
                Some(b) => unpack::<DocFeatures>(&b).is_ok_and(|o| o == f),
                None => false,
            };
            if !same {
                state.relink = true;
            }
            let mut st = tx.prepare_cached("SELECT story FROM story_doc WHERE doc = ?1")?;
            let stories: Vec<i64> = st.query_map([w.n], |r| r.get(0))?.collect::<Result<_, _>>()?;
            if stories.is_empty() {
                // Stored before stories were linked (an upgraded file): link it now.
                state.relink = true;
                fresh.push((story::link_order(&f), w.n, f));
            }
            dirty.extend(stories);
        }
        tx.prepare_cached("INSERT OR REPLACE INTO doc_features(doc, features) VALUES (?1, ?2)")?
            .execute(params![w.n, packed])?;
    }
    fresh.sort_by(|a, b| a.0.cmp(&b.0));
    for (key, n, f) in fresh {
        if state.last.as_ref().is_some_and(|l| &key <= l) {
            state.relink = true;
        }
        let a = state.linker.add(&f);
        let into = story_n(a.story);
        for &gone in &a.merged {
            let g = story_n(gone);
            let moved = take_why(tx, &mut whys, g)?;
            tx.prepare_cached("UPDATE story_doc SET story = ?1 WHERE story = ?2")?.execute([into, g])?;
            tx.prepare_cached("DELETE FROM story WHERE n = ?1")?.execute([g])?;
            dirty.remove(&g);
            why_of(tx, &mut whys, into)?.extend(moved);
        }
        tx.prepare_cached("INSERT OR IGNORE INTO story_doc(story, doc) VALUES (?1, ?2)")?
            .execute([into, n])?;
        if !a.new || !a.merged.is_empty() {
            let line = story::explain(&f.id, &a);
            why_of(tx, &mut whys, into)?.push(line);
        }
        dirty.insert(into);
        if state.last.as_ref().is_none_or(|l| &key > l) {
            state.last = Some(key);
        }
    }
    for s in dirty {
        let why = match whys.remove(&s) {
            Some(w) => w,
            None => stored_why(tx, s)?,
        };
        describe_story(tx, s, why)?;
    }
    save_state(tx, state)
}

/// The `why` lines of story `s` being built in this batch (loaded when first needed).
fn why_of<'m>(
    tx: &Transaction<'_>,
    whys: &'m mut BTreeMap<i64, Vec<String>>,
    s: i64,
) -> Result<&'m mut Vec<String>, Error> {
    Ok(match whys.entry(s) {
        std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::btree_map::Entry::Vacant(e) => e.insert(stored_why(tx, s)?),
    })
}

fn take_why(
    tx: &Transaction<'_>,
    whys: &mut BTreeMap<i64, Vec<String>>,
    s: i64,
) -> Result<Vec<String>, Error> {
    match whys.remove(&s) {
        Some(w) => Ok(w),
        None => stored_why(tx, s),
    }
}

fn stored_why(tx: &Transaction<'_>, s: i64) -> Result<Vec<String>, Error> {
    let blob: Option<Vec<u8>> = tx
        .prepare_cached("SELECT record FROM story WHERE n = ?1")?
        .query_row([s], |r| r.get(0))
        .optional()?;
    Ok(match blob {
        Some(b) => {
            serde_json::from_slice::<newsgraph::model::Story>(&b)
                .map_err(|e| Error::Record(e.to_string()))?
                .why
        }
        None => Vec::new(),
    })
}

/// A story is described (label, entities, claims) from at most this many of its
/// documents, the first in link order: a story that chains thousands of reports (seen
/// on the replicated bench corpus: one of 13,429) would otherwise be reloaded whole
/// and compared pairwise each time a report joins it. Its `documents` list stays
/// complete.
pub const DESCRIBE_MAX: usize = 64;

/// Describe story `s` from its stored documents (in link order) and write its row;
/// a story left without documents is deleted.
fn describe_story(tx: &Transaction<'_>, s: i64, why: Vec<String>) -> Result<(), Error> {
    let mut st = tx.prepare_cached(
        "SELECT d.n, d.id, d.published, d.day FROM story_doc sd JOIN doc d ON d.n = sd.doc WHERE sd.story = ?1",
    )?;
    type Row = (i64, String, Option<String>, Option<i64>);
    let mut rows: Vec<Row> =
        st.query_map([s], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?;
    if rows.is_empty() {
        tx.prepare_cached("DELETE FROM story WHERE n = ?1")?.execute([s])?;
        return Ok(());
    }
    // Link order: dated by date, then undated; ties by id (as `story::link_order`).
    rows.sort_by(|a, b| {
        (a.2.is_none(), a.2.as_deref().unwrap_or(""), a.1.as_str()).cmp(&(
            b.2.is_none(),
            b.2.as_deref().unwrap_or(""),
            b.1.as_str(),
        ))
    });
    let mut days: Vec<i64> = rows.iter().filter_map(|r| r.3).collect();
    days.sort_unstable();
    let mut load = tx.prepare_cached(
        "SELECT r.record, t.text FROM doc_record r JOIN doc_text t ON t.n = r.n WHERE r.n = ?1",
    )?;
    let mut docs: Vec<Document> = Vec::with_capacity(rows.len().min(DESCRIBE_MAX));
    for r in rows.iter().take(DESCRIBE_MAX) {
        let (blob, text): (Vec<u8>, String) = load.query_row([r.0], |x| Ok((x.get(0)?, x.get(1)?)))?;
        docs.push(crate::write::unpack_record(&blob, text)?);
    }
    let refs: Vec<&Document> = docs.iter().collect();
    let mut record = story::describe(&format!("s{s}"), &refs, why);
    record.documents = rows.into_iter().map(|r| r.1).collect();
    let json = serde_json::to_vec(&record).map_err(|e| Error::Record(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO story(n, id, label, docs, first_day, last_day, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(n) DO UPDATE SET label = excluded.label, docs = excluded.docs,
           first_day = excluded.first_day, last_day = excluded.last_day, record = excluded.record",
    )?
    .execute(params![
        s,
        record.id,
        record.label,
        record.documents.len() as i64,
        days.first(),
        days.last(),
        json
    ])?;
    Ok(())
}

/// What [`Store::settle_stories`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settled {
    /// False when nothing was due (every document was linked in link order).
    pub relinked: bool,
    /// Stories whose documents changed (described again).
    pub rewritten: usize,
    /// Stories that went away.
    pub removed: usize,
    /// Stories in the file.
    pub stories: usize,
}

impl Store {
    /// The linker state for the next batch (kept between batches; reloaded after a
    /// failed one).
    pub(crate) fn take_link_state(&mut self) -> Result<LinkState, Error> {
        match self.link.take() {
            Some(s) => Ok(s),
            None => load_state(&self.conn),
        }
    }

    /// True when documents were linked out of order and a relink is due.
    pub fn relink_due(&self) -> Result<bool, Error> {
        let due: Option<bool> =
            self.conn.query_row("SELECT relink FROM story_state WHERE k = 0", [], |r| r.get(0)).optional()?;
        let unfeatured: i64 = self.conn.query_row(
            "SELECT count(*) FROM (SELECT n FROM doc WHERE n NOT IN (SELECT doc FROM doc_features) LIMIT 1)",
            [],
            |r| r.get(0),
        )?;
        Ok(due.unwrap_or(false) || unfeatured > 0)
    }

    /// When a relink is due: replay every stored document's features in link order
    /// (one transaction) and rewrite the stories whose documents changed, so the
    /// stories are those of one run over all documents. Nothing when none is due.
    pub fn settle_stories(&mut self) -> Result<Settled, Error> {
        if !self.relink_due()? {
            return Ok(Settled { stories: self.table_rows("story")?, ..Settled::default() });
        }
        self.link = None;
        let tx = self.conn.transaction()?;
        // Documents stored before stories were linked (an upgraded file) get features.
        let missing: Vec<i64> = {
            let mut st = tx.prepare("SELECT n FROM doc WHERE n NOT IN (SELECT doc FROM doc_features)")?;
            let v = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
            v
        };
        for n in missing {
            let (blob, text): (Vec<u8>, String) = tx.query_row(
                "SELECT r.record, t.text FROM doc_record r JOIN doc_text t ON t.n = r.n WHERE r.n = ?1",
                [n],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let d = crate::write::unpack_record(&blob, text)?;
            tx.execute(
                "INSERT INTO doc_features(doc, features) VALUES (?1, ?2)",
                params![n, pack(&story::features(&d))?],
            )?;
        }
        let mut feats: Vec<(LinkKey, i64, DocFeatures)> = {
            let mut st = tx.prepare("SELECT doc, features FROM doc_features")?;
            let rows: Vec<(i64, Vec<u8>)> =
                st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
            rows.into_iter()
                .map(|(n, b)| unpack::<DocFeatures>(&b).map(|f| (story::link_order(&f), n, f)))
                .collect::<Result<_, _>>()?
        };
        feats.sort_by(|a, b| a.0.cmp(&b.0));
        let mut state = LinkState { linker: Linker::new(LinkConfig::default()), last: None, relink: false };
        let mut groups: BTreeMap<i64, (Vec<i64>, Vec<String>)> = BTreeMap::new();
        for (key, n, f) in &feats {
            let a = state.linker.add(f);
            let into = story_n(a.story);
            for &gone in &a.merged {
                if let Some((ms, why)) = groups.remove(&story_n(gone)) {
                    let g = groups.entry(into).or_default();
                    g.0.extend(ms);
                    g.1.extend(why);
                }
            }
            let g = groups.entry(into).or_default();
            g.0.push(*n);
            if !a.new || !a.merged.is_empty() {
                g.1.push(story::explain(&f.id, &a));
            }
            state.last = Some(key.clone());
        }
        // What the file holds now.
        let mut stored: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
        {
            let mut st = tx.prepare("SELECT story, doc FROM story_doc")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
            for r in rows {
                let (s, d) = r?;
                stored.entry(s).or_default().insert(d);
            }
        }
        let all_stories: BTreeSet<i64> = {
            let mut st = tx.prepare("SELECT n FROM story")?;
            let v = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
            v
        };
        let mut out = Settled { relinked: true, stories: groups.len(), ..Settled::default() };
        for s in all_stories.iter().chain(stored.keys()).collect::<BTreeSet<_>>() {
            if !groups.contains_key(s) {
                tx.execute("DELETE FROM story_doc WHERE story = ?1", [s])?;
                tx.execute("DELETE FROM story WHERE n = ?1", [s])?;
                out.removed += 1;
            }
        }
        let mut changed: Vec<(i64, Vec<String>)> = Vec::new();
        for (s, (members, why)) in &groups {
            let now: BTreeSet<i64> = members.iter().copied().collect();
            if stored.get(s) == Some(&now) && all_stories.contains(s) {
                if stored_why(&tx, *s)? != *why {
                    patch_why(&tx, *s, why)?;
                }
                continue;
            }
            tx.execute("DELETE FROM story_doc WHERE story = ?1", [s])?;
            changed.push((*s, why.clone()));
        }
        {
            let mut ins = tx.prepare("INSERT INTO story_doc(story, doc) VALUES (?1, ?2)")?;
            for (s, _) in &changed {
                // A document is in one story: the rows of every story it could have
                // been in before (changed or removed) are gone by now.
                for d in &groups[s].0 {
                    ins.execute([*s, *d])?;
                }
            }
        }
        for (s, why) in changed {
            describe_story(&tx, s, why)?;
            out.rewritten += 1;
        }
        save_state(&tx, &state)?;
        tx.commit()?;
        self.link = Some(state);
        Ok(out)
    }

    fn table_rows(&self, table: &str) -> Result<usize, Error> {
        Ok(self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0))?
            as usize)
    }
}

fn patch_why(tx: &Transaction<'_>, s: i64, why: &[String]) -> Result<(), Error> {
    let blob: Vec<u8> = tx.query_row("SELECT record FROM story WHERE n = ?1", [s], |r| r.get(0))?;
    let mut rec: newsgraph::model::Story =
        serde_json::from_slice(&blob).map_err(|e| Error::Record(e.to_string()))?;
    rec.why = why.to_vec();
    let json = serde_json::to_vec(&rec).map_err(|e| Error::Record(e.to_string()))?;
    tx.execute("UPDATE story SET record = ?2 WHERE n = ?1", params![s, json])?;
    Ok(())
}
