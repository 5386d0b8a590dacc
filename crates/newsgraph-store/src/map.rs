//! The web UI's map: the located places of the documents a query matches, and the
//! located events, each with how many matching documents mention it (counted over the
//! same sample of the newest [`SAMPLE`] matches as the facets).
//!
//! (Added by the web UI work, beside `answer`: it only reads, through the same query
//! plan.)

use std::rc::Rc;

use rusqlite::types::Value;
use serde::Serialize;

use crate::answer::SAMPLE;
use crate::query::Query;
use crate::{Error, Store};

/// Points shown on a map, most mentioned first.
#[derive(Debug, Serialize)]
pub struct MapPoints {
    /// Matching documents (counted up to the sample).
    pub documents: usize,
    /// Whether only the newest [`SAMPLE`] matches were looked at.
    pub sampled: bool,
    /// Located places mentioned in the matching documents.
    pub places: Vec<MapPlace>,
    /// Located events of the matching documents, per place and type.
    pub events: Vec<MapEvent>,
}

/// A place with coordinates.
#[derive(Debug, Serialize)]
pub struct MapPlace {
    /// Entity number.
    pub entity: i64,
    /// Canonical name.
    pub name: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// ISO country code, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Matching documents that mention it.
    pub count: i64,
}

/// Events of one type at one place.
#[derive(Debug, Serialize)]
pub struct MapEvent {
    /// The place's entity number.
    pub entity: i64,
    /// The place's name.
    pub name: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// PLOVER event type.
    #[serde(rename = "type")]
    pub kind: String,
    /// How many such events.
    pub count: i64,
}

impl Store {
    /// Located places and events of the documents `q` matches, at most `limit` of each.
    pub fn map_points(&self, q: &Query, limit: usize) -> Result<MapPoints, Error> {
        let limit = limit.clamp(1, 2000) as i64;
        let p = self.plan(q)?;
        let docs = self.matching_docs(q, &p, SAMPLE + 1)?;
        let sampled = docs.len() > SAMPLE;
        let arr: Rc<Vec<Value>> = Rc::new(docs.iter().take(SAMPLE).map(|&d| Value::Integer(d)).collect());
        rusqlite::vtab::array::load_module(&self.conn)?;
        let mut st = self.conn.prepare_cached(
            "SELECT e.n, e.name, e.lat, e.lon, e.country, c.k FROM
               (SELECT entity, count(*) AS k FROM mention WHERE doc IN rarray(?1) GROUP BY entity) c
             JOIN entity e ON e.n = c.entity
             WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL
             ORDER BY c.k DESC, e.n LIMIT ?2",
        )?;
        let places = st
            .query_map(rusqlite::params![arr, limit], |r| {
                Ok(MapPlace {
                    entity: r.get(0)?,
                    name: r.get(1)?,
                    lat: r.get(2)?,
                    lon: r.get(3)?,
                    country: r.get(4)?,
                    count: r.get(5)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut st = self.conn.prepare_cached(
            "SELECT e.n, e.name, e.lat, e.lon, v.type, count(*) AS k FROM event v
             JOIN entity e ON e.n = v.place
             WHERE v.doc IN rarray(?1) AND e.lat IS NOT NULL AND e.lon IS NOT NULL
             GROUP BY e.n, v.type ORDER BY k DESC, e.n, v.type LIMIT ?2",
        )?;
        let events = st
            .query_map(rusqlite::params![arr, limit], |r| {
                Ok(MapEvent {
                    entity: r.get(0)?,
                    name: r.get(1)?,
                    lat: r.get(2)?,
                    lon: r.get(3)?,
                    kind: r.get(4)?,
                    count: r.get(5)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(MapPoints { documents: docs.len().min(SAMPLE), sampled, places, events })
    }
}
