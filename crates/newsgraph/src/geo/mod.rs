//! Places on the map: offline geocoding of the PLACE entities, and the document's focus.
//!
//! [`locate`] runs after the entity stage. It
//! 1. **finds places the tagger missed or mistyped** (`recognise.rs`): an ORG or PERSON
//!    entity named `X County`, `City of X`, or a country, state or (after `in`, `near`
//!    …, or before `, ST`) a town of the gazetteer becomes a PLACE; capitalised names of
//!    the gazetteer no entity covers become PLACEs under the same rules (and the
//!    dateline's place, and a region abbreviation after `City,`: `Erie, Pa.`); a place
//!    named inside an organisation's name (`University of Tehran`, `Ohio Department of
//!    Health`) becomes a PLACE entity whose mention carries `embedded_in`, and the
//!    organisation takes its location. Demonyms stay OTHER entities (`Iranian`) and get
//!    their country's `geo`.
//! 2. **resolves each place from context** (`resolve.rs`): candidates from the gazetteer
//!    (main and alternate names, `the` and `'s` trimmed, region abbreviations), scored by
//!    kind (a country or state name means the country or state), population, `City, ST`
//!    / `City, Country` qualifiers, feature words (`X province`, `the city of X`), the
//!    countries and regions of the other places of the article, the dateline, and
//!    distance to the other places; two rounds, the second with the first's places as
//!    context. `confidence` is the margin over the runner-up; `how` says what decided.
//! 3. **inherits** for a place the gazetteer lacks (`Ashraf 3`) the nearest resolved
//!    town (else region, country) named in its sentences (`In Tirana, Albania, is …
//!    Ashraf 3`), flagged `inherited`.
//! 4. ranks the document's **focus**: countries and towns by weighted mentions (title,
//!    dateline and first lines count more; a town counts for its country too).
//!
//! # API for other stages
//! - [`Gazetteer`] (`Resources::geo`): [`Gazetteer::lookup`] (name → [`Candidate`]s, most
//!   important first), [`Gazetteer::get`] (GeoNames id → [`Place`] `{name, lat, lon,
//!   country, admin1, admin2, kind, feature, population}`), [`Gazetteer::country`],
//!   [`Gazetteer::admin1`].
//! - [`contains`] (`Place` in `Place`) and [`contains_geo`] (`Geo` in `Geo`, by country
//!   and admin1 codes: Albania contains Tirana; Texas contains Austin).
//! - [`distance_km`] (haversine).

mod gazetteer;
mod recognise;
mod resolve;
mod words;

pub use gazetteer::{contains, distance_km, key, Candidate, Gazetteer, Kind, Place, EMBEDDED};

use crate::model::{Dateline, Entity, Focus, Geo, Span};

/// Whether the place `outer` contains the place `inner` (or is it), by their codes:
/// a country (`A.PCLI`) contains every other place of its country, a first-level region
/// (`A.ADM1`) every place with its country and admin1 code; anything else only itself
/// (same GeoNames id, or the same point).
pub fn contains_geo(outer: &Geo, inner: &Geo) -> bool {
    if outer.geonames_id.is_some() && outer.geonames_id == inner.geonames_id {
        return true;
    }
    if outer.geonames_id.is_none() && outer.lat == inner.lat && outer.lon == inner.lon {
        return true;
    }
    let (Some(oc), Some(ic)) = (&outer.country, &inner.country) else { return false };
    if oc != ic {
        return false;
    }
    match outer.feature.as_deref() {
        Some("A.PCLI") | Some("A.PCLD") => inner.feature.as_deref() != Some("A.PCLI"),
        Some("A.ADM1") => {
            inner.feature.as_deref() != Some("A.ADM1")
                && outer.admin1.is_some()
                && outer.admin1 == inner.admin1
        }
        _ => false,
    }
}

/// The geo record of a gazetteer place.
pub fn place_geo(p: &Place, confidence: f32, how: &str) -> Geo {
    Geo {
        lat: p.lat,
        lon: p.lon,
        country: (!p.country.is_empty()).then(|| p.country.to_string()),
        geonames_id: Some(p.geonames_id),
        feature: Some(p.feature.to_string()),
        admin1: (!p.admin1.is_empty()).then(|| p.admin1.to_string()),
        confidence: Some((confidence * 1000.0).round() / 1000.0),
        how: Some(how.to_string()),
        inherited: false,
    }
}

/// The geocoding stage: finds missed places, gives every PLACE entity (and demonym,
/// and organisation with a place in its name) its `geo`, renumbers the entities in
/// order of first mention, and returns the document's focus.
pub fn locate(
    text: &str,
    sentences: &[Span],
    entities: &mut Vec<Entity>,
    title: Option<&str>,
    dateline: Option<&Dateline>,
    gaz: &Gazetteer,
) -> Vec<Focus> {
    if gaz.is_empty() {
        return Vec::new();
    }
    let embedded = recognise::recognise(text, sentences, entities, dateline, gaz);
    let chosen = resolve::resolve(text, sentences, entities, dateline, gaz);
    recognise::locate_orgs(entities, &embedded);
    let focus = resolve::focus(entities, &chosen, title, dateline, gaz);
    renumber(entities);
    focus
}

/// Resolution only (for evaluation on gold toponym spans): the `geo` the resolver gives
/// each byte span of `doc.text` when those spans are the document's places. Each span
/// becomes a PLACE mention (a mention of the same span moves to it; other PLACE
/// mentions that overlap a span are dropped), then the document is resolved as
/// [`locate`] does, without the recognition step.
pub fn resolve_spans(doc: &crate::Document, spans: &[(usize, usize)], gaz: &Gazetteer) -> Vec<Option<Geo>> {
    use crate::model::{EntityKind, Mention};
    let text = &doc.text;
    let mut entities: Vec<Entity> = doc.entities.clone();
    for e in &mut entities {
        e.geo = None;
        e.mentions.retain(|m| !spans.iter().any(|&(s, t)| m.start < t && s < m.end));
    }
    entities.retain(|e| !e.mentions.is_empty());
    let mut owner = Vec::with_capacity(spans.len());
    for &(s, t) in spans {
        if s >= t || t > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(t) {
            owner.push(None);
            continue;
        }
        let k = key(recognise::trim_name(&text[s..t]));
        let found = entities
            .iter()
            .position(|e| e.kind == EntityKind::Place && key(recognise::trim_name(&e.name)) == k);
        let i = match found {
            Some(i) => i,
            None => {
                entities.push(Entity {
                    id: format!("s{}", entities.len() + 1),
                    kind: EntityKind::Place,
                    name: text[s..t].to_string(),
                    aliases: vec![text[s..t].to_string()],
                    titles: Vec::new(),
                    mentions: Vec::new(),
                    geo: None,
                });
                entities.len() - 1
            }
        };
        let e = &mut entities[i];
        let at = e.mentions.partition_point(|m| m.start < s);
        e.mentions.insert(at, Mention::new(text, s, t));
        owner.push(Some(i));
    }
    resolve::resolve(text, &doc.sentences, &mut entities, doc.dateline.as_ref(), gaz);
    owner.into_iter().map(|o| o.and_then(|i| entities[i].geo.clone())).collect()
}

/// Ids `e1`, `e2` … in order of first mention again, `embedded_in` following.
fn renumber(entities: &mut [Entity]) {
    entities.sort_by_key(|e| e.mentions.first().map_or(usize::MAX, |m| m.start));
    let map: Vec<(String, String)> =
        entities.iter().enumerate().map(|(i, e)| (e.id.clone(), format!("e{}", i + 1))).collect();
    let new_id = |old: &str| map.iter().find(|(o, _)| o == old).map(|(_, n)| n.clone());
    for (i, e) in entities.iter_mut().enumerate() {
        e.id = format!("e{}", i + 1);
        for m in &mut e.mentions {
            if let Some(old) = m.embedded_in.take() {
                m.embedded_in = new_id(&old);
            }
        }
    }
}

#[cfg(test)]
mod tests;
