//! Writing documents: one transaction per batch, update in place on re-ingest.

use std::collections::HashMap;
use std::io::{Read, Write};

use newsgraph::model::{Document, Entity};
use rusqlite::{params, OptionalExtension, Transaction};

use crate::key::{content_hash, entity_key, norm, surname};
use crate::{Error, Store};

/// What a batch did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// New documents.
    pub stored: usize,
    /// Documents already in the store (same id or same cleaned text) whose record changed.
    pub updated: usize,
    /// Documents already in the store with the very same record: nothing written.
    pub unchanged: usize,
}

impl BatchReport {
    /// Add another batch's counts.
    pub fn add(&mut self, o: &BatchReport) {
        self.stored += o.stored;
        self.updated += o.updated;
        self.unchanged += o.unchanged;
    }
}

/// Entity numbers by key, so a batch does not look up the same key twice.
#[derive(Default)]
pub(crate) struct Cache {
    keys: HashMap<String, i64>,
}

impl Store {
    /// Write a batch of documents in one transaction (all or nothing).
    pub fn put(&mut self, docs: &[Document]) -> Result<BatchReport, Error> {
        let mut report = BatchReport::default();
        let mut fresh: HashMap<String, i64> = HashMap::new();
        let mut state = self.take_link_state()?;
        let tx = self.conn.transaction()?;
        let mut written = Vec::with_capacity(docs.len());
        for d in docs {
            if let Some((n, new)) = put_one(&tx, &self.cache, &mut fresh, d, &mut report)? {
                written.push(crate::stories::Written { n, new, doc: d });
            }
        }
        // Stories: linked in the same transaction (a failed batch drops the state
        // taken above, so the next one reloads the committed one).
        crate::stories::link_batch(&tx, &mut state, &written)?;
        tx.commit()?;
        self.link = Some(state);
        // Only keys that were committed enter the cache.
        self.cache.keys.extend(fresh);
        Ok(report)
    }
}

/// The record as stored: the document without its text (kept in `doc_text`), deflated.
pub(crate) fn pack_record(d: &Document) -> Result<Vec<u8>, Error> {
    let mut bare = d.clone();
    bare.text = String::new();
    let json = serde_json::to_vec(&bare).map_err(|e| Error::Record(e.to_string()))?;
    let mut enc = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(json.len() / 3),
        flate2::Compression::default(),
    );
    enc.write_all(&json)?;
    Ok(enc.finish()?)
}

/// A stored record with its text put back.
pub(crate) fn unpack_record(blob: &[u8], text: String) -> Result<Document, Error> {
    let mut json = Vec::with_capacity(blob.len() * 4);
    flate2::read::DeflateDecoder::new(blob).read_to_end(&mut json)?;
    let mut d: Document = serde_json::from_slice(&json).map_err(|e| Error::Record(e.to_string()))?;
    d.text = text;
    Ok(d)
}

/// `reuters.com` from `https://www.reuters.com/world/…`.
pub(crate) fn site_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty() && host.contains('.')).then_some(host)
}

/// Days since 1970-01-01 of an ISO date or date-time.
pub(crate) fn day_of(iso: &str) -> Option<i64> {
    let head = iso.get(..10)?;
    let d = chrono::NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?;
    Some(d.signed_duration_since(chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days())
}

/// A confidence as stored: three decimals (an f32 widened shows noise digits).
fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

fn kind_str(e: &Entity) -> &'static str {
    match e.kind {
        newsgraph::model::EntityKind::Person => "PERSON",
        newsgraph::model::EntityKind::Org => "ORG",
        newsgraph::model::EntityKind::Place => "PLACE",
        newsgraph::model::EntityKind::Other => "OTHER",
    }
}

fn put_one(
    tx: &Transaction<'_>,
    cache: &Cache,
    fresh: &mut HashMap<String, i64>,
    d: &Document,
    report: &mut BatchReport,
) -> Result<Option<(i64, bool)>, Error> {
    let hash = content_hash(&d.text);
    let record = pack_record(d)?;
    let by_id: Option<(i64, i64)> = tx
        .prepare_cached("SELECT n, hash FROM doc WHERE id = ?1")?
        .query_row([&d.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let existing = match by_id {
        Some((n, _)) => Some(n),
        None => same_text(tx, hash, &d.text)?,
    };
    let site = d.url.as_deref().and_then(site_of);
    let day = d.published.as_deref().and_then(day_of);
    let n: (i64, bool) = match existing {
        Some(n) => {
            let (old, old_id, old_hash): (Vec<u8>, String, i64) = tx
                .prepare_cached(
                    "SELECT r.record, d.id, d.hash FROM doc d JOIN doc_record r ON r.n = d.n WHERE d.n = ?1",
                )?
                .query_row([n], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            if old == record && old_id == d.id && old_hash == hash {
                report.unchanged += 1;
                return Ok(None);
            }
            delete_children(tx, n)?;
            tx.prepare_cached(
                "UPDATE doc SET id = ?2, hash = ?3, source = ?4, url = ?5, site = ?6, title = ?7,
                 published = ?8, day = ?9, lang = ?10 WHERE n = ?1",
            )?
            .execute(params![
                n,
                d.id,
                hash,
                d.source,
                d.url,
                site,
                d.title,
                d.published,
                day,
                d.language,
            ])?;
            tx.prepare_cached("UPDATE doc_record SET record = ?2 WHERE n = ?1")?
                .execute(params![n, record])?;
            if old_hash != hash {
                tx.prepare_cached("UPDATE doc_text SET title = ?2, text = ?3 WHERE n = ?1")?
                    .execute(params![n, d.title, d.text])?;
            } else {
                tx.prepare_cached("UPDATE doc_text SET title = ?2 WHERE n = ?1 AND title IS NOT ?2")?
                    .execute(params![n, d.title])?;
            }
            report.updated += 1;
            (n, false)
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO doc(id, hash, source, url, site, title, published, day, lang)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                d.id,
                hash,
                d.source,
                d.url,
                site,
                d.title,
                d.published,
                day,
                d.language,
            ])?;
            let n = tx.last_insert_rowid();
            tx.prepare_cached("INSERT INTO doc_record(n, record) VALUES (?1, ?2)")?
                .execute(params![n, record])?;
            tx.prepare_cached("INSERT INTO doc_text(n, title, text) VALUES (?1, ?2, ?3)")?
                .execute(params![n, d.title, d.text])?;
            report.stored += 1;
            (n, true)
        }
    };
    put_children(tx, cache, fresh, n.0, d, day)?;
    Ok(Some(n))
}

/// A stored document with the same cleaned text (hash, then the text itself).
fn same_text(tx: &Transaction<'_>, hash: i64, text: &str) -> Result<Option<i64>, Error> {
    let mut st = tx.prepare_cached(
        "SELECT d.n FROM doc d JOIN doc_text t ON t.n = d.n WHERE d.hash = ?1 AND t.text = ?2 LIMIT 1",
    )?;
    Ok(st.query_row(params![hash, text], |r| r.get(0)).optional()?)
}

fn delete_children(tx: &Transaction<'_>, n: i64) -> Result<(), Error> {
    tx.prepare_cached("DELETE FROM quote_about WHERE quote IN (SELECT n FROM quote WHERE doc = ?1)")?
        .execute([n])?;
    for sql in [
        "DELETE FROM quote WHERE doc = ?1",
        "DELETE FROM mention WHERE doc = ?1",
        "DELETE FROM event WHERE doc = ?1",
        "DELETE FROM focus WHERE doc = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([n])?;
    }
    Ok(())
}

/// The store number of the entity with this key, created when new.
fn entity_number(
    tx: &Transaction<'_>,
    cache: &Cache,
    fresh: &mut HashMap<String, i64>,
    e: &Entity,
) -> Result<i64, Error> {
    let kind = kind_str(e);
    let geo = e.geo.as_ref();
    let key = entity_key(kind, &e.name, geo.and_then(|g| g.geonames_id));
    if let Some(n) = cache.keys.get(&key).or_else(|| fresh.get(&key)) {
        return Ok(*n);
    }
    // A key is an entity's own, or one merged into it earlier (kept in the file, so a
    // resumed ingest decides as an uninterrupted one did).
    let found: Option<i64> = tx
        .prepare_cached(
            "SELECT n FROM entity WHERE key = ?1 UNION ALL SELECT entity FROM merged_key WHERE key = ?1",
        )?
        .query_row([&key], |r| r.get(0))
        .optional()?;
    let n = match found {
        Some(n) => n,
        None => match single_word_person(tx, kind, &e.name)? {
            // `Giuliani` alone joins the one `… Giuliani` already stored.
            Some(n) => {
                tx.prepare_cached("INSERT OR IGNORE INTO merged_key(key, entity) VALUES (?1, ?2)")?
                    .execute(params![key, n])?;
                n
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO entity(key, type, name, lat, lon, country, admin1, geonames_id, feature)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(params![
                    key,
                    kind,
                    e.name,
                    geo.map(|g| g.lat),
                    geo.map(|g| g.lon),
                    geo.and_then(|g| g.country.clone()),
                    geo.and_then(|g| g.admin1.clone()),
                    geo.and_then(|g| g.geonames_id.map(|x| x as i64)),
                    geo.and_then(|g| g.feature.clone()),
                ])?;
                tx.last_insert_rowid()
            }
        },
    };
    fresh.insert(key, n);
    Ok(n)
}

/// For a one-word person name, the single stored person whose surname it is.
fn single_word_person(tx: &Transaction<'_>, kind: &str, name: &str) -> Result<Option<i64>, Error> {
    let normed = norm(name);
    if kind != "PERSON" || normed.is_empty() || normed.contains(' ') {
        return Ok(None);
    }
    let mut st = tx.prepare_cached(
        "SELECT a.entity FROM alias a JOIN entity e ON e.n = a.entity
         WHERE a.norm = ?1 AND e.type = 'PERSON' AND e.key != ?2 LIMIT 2",
    )?;
    let hits: Vec<i64> =
        st.query_map(params![normed, format!("PERSON:{normed}")], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok((hits.len() == 1).then(|| hits[0]))
}

fn put_children(
    tx: &Transaction<'_>,
    cache: &Cache,
    fresh: &mut HashMap<String, i64>,
    n: i64,
    d: &Document,
    day: Option<i64>,
) -> Result<(), Error> {
    // Local id (`e3`) → store number.
    let mut local: HashMap<&str, i64> = HashMap::with_capacity(d.entities.len());
    for e in &d.entities {
        let en = entity_number(tx, cache, fresh, e)?;
        local.insert(e.id.as_str(), en);
        let mut forms: Vec<String> = Vec::with_capacity(e.aliases.len() + 2);
        forms.push(norm(&e.name));
        forms.extend(e.aliases.iter().map(|a| norm(a)));
        if kind_str(e) == "PERSON" {
            if let Some(s) = surname(&forms[0]) {
                forms.push(s.to_string());
            }
        }
        forms.sort();
        forms.dedup();
        let mut st = tx.prepare_cached("INSERT OR IGNORE INTO alias(norm, entity) VALUES (?1, ?2)")?;
        for f in forms.iter().filter(|f| !f.is_empty()) {
            st.execute(params![f, en])?;
        }
        let mut spans = Vec::with_capacity(e.mentions.len() * 8);
        for m in &e.mentions {
            spans.extend_from_slice(&(m.start as u32).to_le_bytes());
            spans.extend_from_slice(&(m.end as u32).to_le_bytes());
        }
        let first = e.mentions.iter().map(|m| m.start).min().unwrap_or(0) as i64;
        // Two local entities can share a key (a person and their surname-only twin):
        // their mentions add up.
        tx.prepare_cached(
            "INSERT INTO mention(entity, doc, local, count, first, spans, day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(entity, doc) DO UPDATE SET count = count + excluded.count,
               first = min(first, excluded.first), spans = spans || excluded.spans",
        )?
        .execute(params![en, n, e.id, e.mentions.len() as i64, first, spans, day])?;
    }
    for q in &d.quotes {
        let speaker =
            q.speaker.as_ref().and_then(|s| s.entity.as_deref()).and_then(|id| local.get(id).copied());
        tx.prepare_cached(
            "INSERT INTO quote(doc, start, end, kind, speaker, speaker_name, cue, confidence, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            n,
            q.start as i64,
            q.end as i64,
            serde_json::to_value(q.kind).ok().and_then(|v| v.as_str().map(str::to_string)),
            speaker,
            q.speaker.as_ref().map(|s| s.name.as_str()),
            q.cue,
            round3(q.confidence),
            q.text,
        ])?;
        let qn = tx.last_insert_rowid();
        let mut about: Vec<i64> = d
            .entities
            .iter()
            .filter(|e| e.mentions.iter().any(|m| m.start >= q.start && m.end <= q.end))
            .filter_map(|e| local.get(e.id.as_str()).copied())
            .filter(|en| Some(*en) != speaker)
            .collect();
        about.sort_unstable();
        about.dedup();
        let mut st = tx.prepare_cached("INSERT OR IGNORE INTO quote_about(entity, quote) VALUES (?1, ?2)")?;
        for en in about {
            st.execute(params![en, qn])?;
        }
    }
    for ev in &d.events {
        let actor = ev.actor.as_ref();
        let target = ev.target.as_ref();
        let ent = |id: Option<&String>| id.and_then(|i| local.get(i.as_str()).copied());
        let eday = ev.date.as_deref().and_then(day_of).or(day);
        tx.prepare_cached(
            "INSERT INTO event(doc, type, quad, mode, actor, actor_name, actor_country, target, target_name,
               target_country, place, place_name, date, day, sentence, start, end, evidence, confidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        )?
        .execute(params![
            n,
            ev.kind,
            ev.quad,
            ev.mode,
            ent(actor.and_then(|a| a.entity.as_ref())),
            actor.map(|a| a.name.as_str()),
            actor.and_then(|a| a.country.as_deref()),
            ent(target.and_then(|a| a.entity.as_ref())),
            target.map(|a| a.name.as_str()),
            target.and_then(|a| a.country.as_deref()),
            ent(ev.place.as_ref().and_then(|p| p.entity.as_ref())),
            ev.place.as_ref().map(|p| p.name.as_str()),
            ev.date,
            eday,
            ev.sentence as i64,
            ev.trigger.as_ref().map(|t| t.start as i64),
            ev.trigger.as_ref().map(|t| t.end as i64),
            ev.evidence,
            round3(ev.confidence),
        ])?;
    }
    for (rank, f) in d.focus.iter().enumerate() {
        // The focus place is one of the document's entities (same GeoNames id, or name).
        let hit = d.entities.iter().find(|e| {
            e.kind == newsgraph::model::EntityKind::Place
                && match (f.geonames_id, e.geo.as_ref().and_then(|g| g.geonames_id)) {
                    (Some(a), Some(b)) => a == b,
                    _ => norm(&e.name) == norm(&f.name),
                }
        });
        let Some(en) = hit.and_then(|e| local.get(e.id.as_str()).copied()) else { continue };
        tx.prepare_cached("INSERT OR IGNORE INTO focus(entity, doc, rank, score) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![en, n, rank as i64, f64::from(f.score)])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_and_days() {
        assert_eq!(site_of("https://www.Reuters.com/world/x?y=1").as_deref(), Some("reuters.com"));
        assert_eq!(site_of("http://user@news.bbc.co.uk:8080/a").as_deref(), Some("news.bbc.co.uk"));
        assert_eq!(site_of("not a url"), None);
        assert_eq!(day_of("1970-01-02"), Some(1));
        assert_eq!(day_of("2019-07-23T10:00:00Z"), Some(18100));
        assert_eq!(day_of("July 2019"), None);
    }
}
