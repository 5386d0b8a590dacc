//! Export: everything a query matches, streamed as CSV or NDJSON, with no cap.

use std::io::Write;

use serde::Serialize;

use crate::answer::{event_conditions, fts_err, named, quote_conditions};
use crate::query::Query;
use crate::{Error, Store};

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum What {
    /// Documents: metadata and text (NDJSON: the whole analyze record).
    Documents,
    /// Quotes with speaker and document.
    Quotes,
    /// Events with actors and document.
    Events,
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Comma-separated, one header row.
    Csv,
    /// One JSON object per line.
    Ndjson,
}

#[derive(Serialize)]
struct DocRow {
    id: String,
    title: Option<String>,
    site: Option<String>,
    url: Option<String>,
    published: Option<String>,
    language: Option<String>,
    source: String,
    text: String,
}

#[derive(Serialize)]
struct QuoteRow {
    document: String,
    published: Option<String>,
    kind: String,
    speaker: Option<String>,
    speaker_entity: Option<i64>,
    cue: Option<String>,
    confidence: f64,
    start: i64,
    end: i64,
    text: String,
}

#[derive(Serialize)]
struct EventRow {
    document: String,
    published: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    quad: Option<String>,
    actor: Option<String>,
    actor_entity: Option<i64>,
    target: Option<String>,
    target_entity: Option<i64>,
    place: Option<String>,
    place_entity: Option<i64>,
    date: Option<String>,
    confidence: f64,
    evidence: String,
}

enum Out<'w> {
    Csv(Box<csv::Writer<&'w mut dyn Write>>),
    Nd(&'w mut dyn Write),
}

impl Out<'_> {
    fn row<T: Serialize>(&mut self, r: &T) -> Result<(), Error> {
        match self {
            Out::Csv(w) => w.serialize(r).map_err(csv_err),
            Out::Nd(w) => {
                serde_json::to_writer(&mut *w, r).map_err(|e| Error::Io(e.into()))?;
                w.write_all(b"\n")?;
                Ok(())
            }
        }
    }
    fn finish(self) -> Result<(), Error> {
        match self {
            Out::Csv(mut w) => w.flush().map_err(Error::Io),
            Out::Nd(w) => w.flush().map_err(Error::Io),
        }
    }
}

fn csv_err(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::Io(io),
        other => Error::Record(format!("{other:?}")),
    }
}

impl Store {
    /// Write every row the query matches to `w`; returns the number of rows.
    pub fn export(&self, q: &Query, what: What, format: Format, w: &mut dyn Write) -> Result<u64, Error> {
        let p = self.plan(q)?;
        let mut out = match format {
            Format::Csv => Out::Csv(Box::new(csv::Writer::from_writer(w))),
            Format::Ndjson => Out::Nd(w),
        };
        let mut n = 0u64;
        match what {
            What::Documents => {
                let full = format == Format::Ndjson;
                let sql = format!(
                    "SELECT d.id, d.title, d.site, d.url, d.published, d.lang, d.source, t.text, {} FROM doc d
                     JOIN doc_text t ON t.n = d.n WHERE {} ORDER BY d.n",
                    if full { "(SELECT record FROM doc_record r WHERE r.n = d.n)" } else { "NULL" },
                    where_all(&p)
                );
                let mut st = self.conn.prepare(&sql)?;
                let bound = named(&sql, &p.params);
                let mut rows = st.query(bound.as_slice()).map_err(|e| fts_err(q, e))?;
                while let Some(r) = rows.next().map_err(|e| fts_err(q, e))? {
                    if full {
                        let blob: Vec<u8> = r.get(8)?;
                        let d = crate::write::unpack_record(&blob, r.get(7)?)?;
                        out.row(&d)?;
                    } else {
                        out.row(&DocRow {
                            id: r.get(0)?,
                            title: r.get(1)?,
                            site: r.get(2)?,
                            url: r.get(3)?,
                            published: r.get(4)?,
                            language: r.get(5)?,
                            source: r.get(6)?,
                            text: r.get(7)?,
                        })?;
                    }
                    n += 1;
                }
            }
            What::Quotes => {
                let (qw, dw) = quote_conditions(&p);
                let sql = format!(
                    "SELECT d.id, d.published, q.kind, q.speaker_name, q.speaker, q.cue, q.confidence, q.start, q.end, q.text
                     FROM quote q JOIN doc d ON d.n = q.doc WHERE {qw} AND {dw} ORDER BY q.doc, q.start"
                );
                let mut st = self.conn.prepare(&sql)?;
                let bound = named(&sql, &p.params);
                let mut rows = st.query(bound.as_slice()).map_err(|e| fts_err(q, e))?;
                while let Some(r) = rows.next().map_err(|e| fts_err(q, e))? {
                    out.row(&QuoteRow {
                        document: r.get(0)?,
                        published: r.get(1)?,
                        kind: r.get(2)?,
                        speaker: r.get(3)?,
                        speaker_entity: r.get(4)?,
                        cue: r.get(5)?,
                        confidence: r.get(6)?,
                        start: r.get(7)?,
                        end: r.get(8)?,
                        text: r.get(9)?,
                    })?;
                    n += 1;
                }
            }
            What::Events => {
                let (ew, dw) = event_conditions(&p);
                let sql = format!(
                    "SELECT d.id, d.published, e.type, e.quad, e.actor_name, e.actor, e.target_name, e.target,
                            e.place_name, e.place, e.date, e.confidence, e.evidence
                     FROM event e JOIN doc d ON d.n = e.doc WHERE {ew} AND {dw} ORDER BY e.doc, e.n"
                );
                let mut st = self.conn.prepare(&sql)?;
                let bound = named(&sql, &p.params);
                let mut rows = st.query(bound.as_slice()).map_err(|e| fts_err(q, e))?;
                while let Some(r) = rows.next().map_err(|e| fts_err(q, e))? {
                    out.row(&EventRow {
                        document: r.get(0)?,
                        published: r.get(1)?,
                        kind: r.get(2)?,
                        quad: r.get(3)?,
                        actor: r.get(4)?,
                        actor_entity: r.get(5)?,
                        target: r.get(6)?,
                        target_entity: r.get(7)?,
                        place: r.get(8)?,
                        place_entity: r.get(9)?,
                        date: r.get(10)?,
                        confidence: r.get(11)?,
                        evidence: r.get(12)?,
                    })?;
                    n += 1;
                }
            }
        }
        out.finish()?;
        Ok(n)
    }
}

fn where_all(p: &crate::answer::Plan) -> String {
    if p.doc.is_empty() {
        "1".into()
    } else {
        p.doc.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>().join(" AND ")
    }
}
