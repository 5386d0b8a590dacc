//! Answers: a parsed [`Query`] turned into SQL over the store.
//!
//! Every answer is bounded so it stays fast on a large corpus:
//! - ranked documents: exact BM25 order when the full-text part matches at most
//!   [`RANK_WINDOW`] documents; beyond that, the [`RANK_WINDOW`] most recently stored
//!   matches are scored and ranked (`ranked_among` says so) — an FTS5 BM25 over every
//!   match of a common word grows with the corpus;
//! - totals are counted exactly up to [`COUNT_CAP`] (`total_is_exact` says when not);
//! - lists sort by date when at most [`COUNT_CAP`] rows match, else by store order
//!   (newest stored first; `order` says which);
//! - facets and co-mentions count over a sample of at most [`SAMPLE`] matching documents
//!   (the newest stored; `sampled` says so);
//! - exports ([`crate::export`]) have no cap: they stream.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::key::norm;
use crate::query::{Field, Query, EVENT_TYPES};
use crate::{Error, Store};

/// Matches scored for ranking at most.
pub const RANK_WINDOW: usize = 2000;
/// Totals and date-sorted lists are exact up to this many rows.
pub const COUNT_CAP: usize = 10_000;
/// Documents facets are counted over at most.
pub const SAMPLE: usize = 1000;
/// Documents an entity page counts co-mentions over (its newest stored).
pub const PAGE_SAMPLE: usize = 500;
/// Largest page.
pub const MAX_LIMIT: usize = 200;
/// Deepest page start.
pub const MAX_OFFSET: usize = 10_000;

/// Which slice of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    /// Rows to skip.
    pub offset: usize,
    /// Rows to return.
    pub limit: usize,
}

impl Default for Page {
    fn default() -> Self {
        Page { offset: 0, limit: 20 }
    }
}

/// How documents are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best BM25 first (newest first without a full-text part).
    #[default]
    Rank,
    /// Newest publication date first.
    Date,
}

/// Bucket size of a timeline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// Per day.
    Day,
    /// Per ISO week (dated by its Monday).
    Week,
    /// Per month.
    #[default]
    Month,
}

/// A document in a list.
#[derive(Clone, Debug, Serialize)]
pub struct DocHit {
    /// Record id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// URL host.
    pub site: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// ISO publication date.
    pub published: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// BM25 (higher is better), with a full-text part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// HTML-escaped text around the matches, matches in `<b>…</b>`.
    pub snippet: String,
}

/// Ranked documents.
#[derive(Clone, Debug, Serialize)]
pub struct Documents {
    /// Matching documents (exact up to [`COUNT_CAP`]).
    pub total: usize,
    /// False when `total` is a floor.
    pub total_is_exact: bool,
    /// How many matches were scored to rank this page.
    pub ranked_among: usize,
    /// First row's position.
    pub offset: usize,
    /// The page.
    pub documents: Vec<DocHit>,
    /// Things the user should know (an entity name that matched nothing …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// An entity reference in an answer.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EntityName {
    /// Store number (null for free text).
    pub entity: Option<i64>,
    /// Name.
    pub name: String,
}

/// A quote in a list.
#[derive(Clone, Debug, Serialize)]
pub struct QuoteHit {
    /// Document record id.
    pub document: String,
    /// Its headline.
    pub title: Option<String>,
    /// Its date.
    pub published: Option<String>,
    /// direct, indirect, mixed.
    pub kind: String,
    /// The quoted words.
    pub text: String,
    /// Byte span in the document text.
    pub start: i64,
    /// End of the span.
    pub end: i64,
    /// Who said it.
    pub speaker: Option<EntityName>,
    /// The cue verb.
    pub cue: Option<String>,
    /// Attribution confidence.
    pub confidence: f64,
}

/// Quotes.
#[derive(Clone, Debug, Serialize)]
pub struct Quotes {
    /// Matching quotes (exact up to [`COUNT_CAP`]).
    pub total: usize,
    /// False when `total` is a floor.
    pub total_is_exact: bool,
    /// `date` (newest first) or `stored` (newest stored first, for huge matches).
    pub order: &'static str,
    /// First row's position.
    pub offset: usize,
    /// The page.
    pub quotes: Vec<QuoteHit>,
    /// Notes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// An event in a list.
#[derive(Clone, Debug, Serialize)]
pub struct EventHit {
    /// Document record id.
    pub document: String,
    /// Its headline.
    pub title: Option<String>,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Quad class.
    pub quad: Option<String>,
    /// Mode.
    pub mode: Option<String>,
    /// Who acts.
    pub actor: Option<EntityName>,
    /// Upon whom.
    pub target: Option<EntityName>,
    /// Where.
    pub place: Option<EntityName>,
    /// When (ISO).
    pub date: Option<String>,
    /// The sentence.
    pub evidence: String,
    /// Confidence.
    pub confidence: f64,
}

/// Events.
#[derive(Clone, Debug, Serialize)]
pub struct Events {
    /// Matching events (exact up to [`COUNT_CAP`]).
    pub total: usize,
    /// False when `total` is a floor.
    pub total_is_exact: bool,
    /// `date` or `stored`.
    pub order: &'static str,
    /// First row's position.
    pub offset: usize,
    /// The page.
    pub events: Vec<EventHit>,
    /// Notes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// An entity in a list.
#[derive(Clone, Debug, Serialize)]
pub struct EntityHit {
    /// Store number.
    pub entity: i64,
    /// PERSON, ORG, PLACE, OTHER.
    #[serde(rename = "type")]
    pub kind: String,
    /// Canonical name.
    pub name: String,
    /// Documents mentioning it.
    pub documents: i64,
    /// Quotes it said.
    pub quotes: i64,
}

/// Entities.
#[derive(Clone, Debug, Serialize)]
pub struct Entities {
    /// Most documents first.
    pub entities: Vec<EntityHit>,
}

/// Where a place entity is.
#[derive(Clone, Debug, Serialize)]
pub struct PlaceGeo {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// ISO country.
    pub country: Option<String>,
    /// Region.
    pub admin1: Option<String>,
    /// GeoNames id.
    pub geonames_id: Option<i64>,
    /// GeoNames feature.
    pub feature: Option<String>,
}

/// An entity's own data.
#[derive(Clone, Debug, Serialize)]
pub struct EntityInfo {
    /// Store number.
    pub entity: i64,
    /// Type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Canonical name.
    pub name: String,
    /// Normalised aliases.
    pub aliases: Vec<String>,
    /// Documents mentioning it.
    pub documents: i64,
    /// Location, for places.
    pub geo: Option<PlaceGeo>,
}

/// A counted thing.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Count {
    /// Entity number, for entities.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<i64>,
    /// The name or value.
    pub value: String,
    /// How many.
    pub count: i64,
}

/// A point of a timeline.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Point {
    /// Bucket start (`2019-07-22`, `2019-07`).
    pub date: String,
    /// Matching documents.
    pub count: i64,
    /// All documents.
    pub total: i64,
    /// count / total.
    pub ratio: f64,
}

/// A story in a list.
#[derive(Clone, Debug, Serialize)]
pub struct StoryHit {
    /// Store number.
    pub story: i64,
    /// Publication date of its first dated report (ISO), when any is dated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Publication date of its last dated report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The story record (documents, label, agreements, discrepancies …).
    #[serde(flatten)]
    pub record: newsgraph::model::Story,
}

/// Entity page data.
#[derive(Clone, Debug, Serialize)]
pub struct EntityPage {
    /// The entity.
    pub entity: EntityInfo,
    /// Newest documents mentioning it.
    pub documents: Vec<DocHit>,
    /// Newest quotes by it.
    pub quotes_by: Vec<QuoteHit>,
    /// Newest quotes naming it.
    pub quotes_about: Vec<QuoteHit>,
    /// Entities in the same documents (over its newest [`SAMPLE`] documents).
    pub co_mentioned: Vec<Count>,
    /// Places in the same documents.
    pub places: Vec<Count>,
    /// Stories it is in.
    pub stories: Vec<Count>,
    /// Documents per month.
    pub timeline: Vec<Point>,
}

/// Facets over the matches.
#[derive(Clone, Debug, Serialize)]
pub struct Facets {
    /// Matching documents (exact up to [`COUNT_CAP`]).
    pub total: usize,
    /// False when `total` is a floor.
    pub total_is_exact: bool,
    /// True when counted over a sample.
    pub sampled: bool,
    /// Documents counted.
    pub sample: usize,
    /// person, org, place, other, site, event, language.
    pub facets: BTreeMap<&'static str, Vec<Count>>,
    /// Notes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// One query's attention over time.
#[derive(Clone, Debug, Serialize)]
pub struct Series {
    /// The query.
    pub q: String,
    /// Matching documents with a date.
    pub matched: i64,
    /// Per bucket.
    pub points: Vec<Point>,
    /// Notes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Attention over time, one series per query.
#[derive(Clone, Debug, Serialize)]
pub struct Timeline {
    /// Bucket size.
    pub interval: Interval,
    /// One per query.
    pub series: Vec<Series>,
}

/// Stories.
#[derive(Clone, Debug, Serialize)]
pub struct Stories {
    /// Matching stories.
    pub total: usize,
    /// First row's position.
    pub offset: usize,
    /// The page.
    pub stories: Vec<StoryHit>,
    /// Notes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// A stored document record with its entities' store numbers.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentRecord {
    /// The analyze record.
    pub document: newsgraph::Document,
    /// Local entity id → store number.
    pub entities: BTreeMap<String, i64>,
    /// Stories it belongs to.
    pub stories: Vec<i64>,
}

/// A query compiled to SQL conditions over `doc d` (and, per answer, `quote q` or
/// `event e`).
pub(crate) struct Plan {
    /// Conditions on the document (`d.n`, `d.day` …), ANDed, each with the field it
    /// comes from (None: the full-text part).
    pub(crate) doc: Vec<(Option<Field>, String)>,
    /// Conditions on a quote `q`.
    pub(crate) quote: Vec<String>,
    /// Conditions on an event `e`.
    pub(crate) event: Vec<String>,
    /// Named parameters of the conditions (strings); numbers are inlined.
    pub(crate) params: Vec<(String, Value)>,
    /// The FTS5 expression.
    pub(crate) fts: Option<String>,
    /// Notes for the user.
    pub(crate) warnings: Vec<String>,
}

/// The parameters `sql` uses, for binding by name.
pub(crate) fn named<'a>(sql: &str, params: &'a [(String, Value)]) -> Vec<(&'a str, &'a dyn rusqlite::ToSql)> {
    params
        .iter()
        .filter(|(n, _)| sql.contains(n.as_str()))
        .map(|(n, v)| (n.as_str(), v as &dyn rusqlite::ToSql))
        .collect()
}

fn list(ids: &[i64]) -> String {
    if ids.is_empty() {
        return "NULL".into();
    }
    ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")
}

/// `'…'` SQL string literal.
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl Plan {
    fn param(&mut self, v: Value) -> String {
        let name = format!(":p{}x", self.params.len());
        self.params.push((name.clone(), v));
        name
    }
}

/// Days since 1970 → `2019-07-23`.
fn iso_day(day: i64) -> String {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
    (epoch + chrono::Duration::days(day)).format("%Y-%m-%d").to_string()
}

fn bucket(day: i64, interval: Interval) -> i64 {
    use chrono::Datelike;
    match interval {
        Interval::Day => day,
        // 1970-01-01 was a Thursday: Monday-based weeks.
        Interval::Week => day - (day + 3).rem_euclid(7),
        Interval::Month => {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
            let d = epoch + chrono::Duration::days(day);
            (d.year() as i64) * 12 + d.month0() as i64
        }
    }
}

fn bucket_label(b: i64, interval: Interval) -> String {
    match interval {
        Interval::Month => format!("{:04}-{:02}", b.div_euclid(12), b.rem_euclid(12) + 1),
        _ => iso_day(b),
    }
}

/// HTML-escape a snippet whose matches are marked by U+E000 … U+E001.
fn snippet_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\u{E000}' => out.push_str("<b>"),
            '\u{E001}' => out.push_str("</b>"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The first words of a text, cut on a char boundary.
fn lead(text: &str, title: Option<&str>, n: usize) -> String {
    let body = title.and_then(|t| text.strip_prefix(t)).unwrap_or(text).trim_start();
    let mut end = body.len().min(n);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let mut s = body[..end].to_string();
    if end < body.len() {
        s.push('…');
    }
    snippet_html(&s)
}

impl Store {
    /// Entities a field value names: `#17`, or every entity with that normalised alias
    /// (of the given types, when some).
    fn resolve(&self, value: &str, types: &[&str]) -> Result<Vec<i64>, Error> {
        if let Some(num) = value.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
            return Ok(vec![num]);
        }
        let nv = norm(value);
        let sql = if types.is_empty() {
            "SELECT a.entity FROM alias a WHERE a.norm = ?1 ORDER BY a.entity".to_string()
        } else {
            let ts: Vec<String> = types.iter().map(|t| lit(t)).collect();
            format!(
                "SELECT a.entity FROM alias a JOIN entity e ON e.n = a.entity WHERE a.norm = ?1 AND e.type IN ({}) ORDER BY a.entity",
                ts.join(",")
            )
        };
        let mut st = self.conn.prepare_cached(&sql)?;
        let ids = st.query_map([nv], |r| r.get(0))?.collect::<Result<Vec<i64>, _>>()?;
        Ok(ids)
    }

    /// A place and every stored place inside it (same country for a country, same
    /// country and region for a region).
    fn resolve_place(&self, value: &str) -> Result<Vec<i64>, Error> {
        let base = self.resolve(value, &["PLACE"])?;
        let mut out = base.clone();
        for n in base {
            let row: Option<(Option<String>, Option<String>, Option<String>)> = self
                .conn
                .prepare_cached("SELECT country, admin1, feature FROM entity WHERE n = ?1")?
                .query_row([n], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            let Some((Some(cc), admin1, Some(feature))) = row else { continue };
            let inside: Vec<i64> = if feature.starts_with("A.PCL") {
                let mut st = self.conn.prepare_cached("SELECT n FROM entity WHERE country = ?1")?;
                let v = st.query_map([&cc], |r| r.get(0))?.collect::<Result<_, _>>()?;
                v
            } else if feature == "A.ADM1" {
                let mut st =
                    self.conn.prepare_cached("SELECT n FROM entity WHERE country = ?1 AND admin1 = ?2")?;
                let v = st
                    .query_map([&cc, &admin1.unwrap_or_default()], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                v
            } else {
                Vec::new()
            };
            out.extend(inside);
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// Compile a query.
    pub(crate) fn plan(&self, q: &Query) -> Result<Plan, Error> {
        let mut p = Plan {
            doc: Vec::new(),
            quote: Vec::new(),
            event: Vec::new(),
            params: Vec::new(),
            fts: q.text.clone(),
            warnings: Vec::new(),
        };
        if let Some(t) = &q.text {
            let name = p.param(Value::Text(t.clone()));
            p.doc.push((None, format!("d.n IN (SELECT rowid FROM doc_fts WHERE doc_fts MATCH {name})")));
        }
        for t in &q.fields {
            let none = |p: &mut Plan, what: &str| {
                p.warnings.push(format!("no {what} named `{}` in this corpus", t.value));
            };
            match t.field {
                Field::Entity | Field::Speaker | Field::About | Field::Actor | Field::Target => {
                    let ids = self.resolve(&t.value, &[])?;
                    if ids.is_empty()
                        && !(matches!(t.field, Field::Actor | Field::Target) && is_country_code(&t.value))
                    {
                        none(&mut p, "entity");
                    }
                    let l = list(&ids);
                    match t.field {
                        Field::Entity => p.doc.push((
                            Some(t.field),
                            format!("d.n IN (SELECT doc FROM mention WHERE entity IN ({l}))"),
                        )),
                        Field::Speaker => {
                            p.doc.push((
                                Some(t.field),
                                format!("d.n IN (SELECT doc FROM quote WHERE speaker IN ({l}))"),
                            ));
                            p.quote.push(format!("q.speaker IN ({l})"));
                        }
                        Field::About => {
                            p.doc.push((Some(t.field), format!(
                                "d.n IN (SELECT doc FROM mention WHERE entity IN ({l}) AND (count >= 2 OR first < 400)
                                 UNION SELECT doc FROM focus WHERE entity IN ({l}))"
                            )));
                            p.quote.push(format!(
                                "q.n IN (SELECT quote FROM quote_about WHERE entity IN ({l}))"
                            ));
                        }
                        Field::Actor | Field::Target => {
                            let col = if t.field == Field::Actor { "actor" } else { "target" };
                            let cc = if is_country_code(&t.value) {
                                format!(" OR {col}_country = {}", lit(&t.value.to_ascii_uppercase()))
                            } else {
                                String::new()
                            };
                            p.doc.push((
                                Some(t.field),
                                format!("d.n IN (SELECT doc FROM event WHERE {col} IN ({l}){cc})"),
                            ));
                            p.event.push(format!("(e.{col} IN ({l}){cc})"));
                        }
                        _ => unreachable!("entity fields only"),
                    }
                }
                Field::Place => {
                    let ids = self.resolve_place(&t.value)?;
                    if ids.is_empty() {
                        none(&mut p, "place");
                    }
                    let l = list(&ids);
                    p.doc.push((Some(t.field), format!(
                        "d.n IN (SELECT doc FROM mention WHERE entity IN ({l}) UNION SELECT doc FROM focus WHERE entity IN ({l}))"
                    )));
                    p.event.push(format!("e.place IN ({l})"));
                }
                Field::Event => {
                    let up = t.value.to_ascii_uppercase();
                    let cond = if EVENT_TYPES.contains(&up.as_str()) {
                        format!("type = {}", lit(&up))
                    } else {
                        format!("quad = {}", lit(&t.value.to_ascii_lowercase()))
                    };
                    p.doc.push((Some(t.field), format!("d.n IN (SELECT doc FROM event WHERE {cond})")));
                    p.event.push(format!("e.{cond}"));
                }
                Field::Story => {
                    let v = t.value.trim_start_matches(['s', 'S']);
                    let by_id: Option<i64> = self
                        .conn
                        .prepare_cached("SELECT n FROM story WHERE id = ?1")?
                        .query_row([format!("s{v}")], |r| r.get(0))
                        .optional()?;
                    let n = by_id.unwrap_or_else(|| v.parse().unwrap_or(-1));
                    p.doc.push((
                        Some(t.field),
                        format!("d.n IN (SELECT doc FROM story_doc WHERE story = {n})"),
                    ));
                }
                Field::Site => {
                    let v = t.value.to_ascii_lowercase();
                    let v = v.strip_prefix("www.").unwrap_or(&v).to_string();
                    let a = p.param(Value::Text(v.clone()));
                    let b = p.param(Value::Text(format!("%.{v}")));
                    p.doc.push((Some(t.field), format!("(d.site = {a} OR d.site LIKE {b})")));
                }
                Field::Lang => {
                    let a = p.param(Value::Text(t.value.to_ascii_lowercase()));
                    p.doc.push((Some(t.field), format!("d.lang = {a}")));
                }
                Field::Date => {}
            }
        }
        if let Some((lo, hi)) = q.days {
            let c = match (lo, hi) {
                (Some(l), Some(h)) => format!("BETWEEN {l} AND {h}"),
                (Some(l), None) => format!(">= {l}"),
                (None, Some(h)) => format!("<= {h}"),
                (None, None) => "IS NOT NULL".into(),
            };
            p.doc.push((Some(Field::Date), format!("d.day {c}")));
            p.event.push(format!("e.day {c}"));
        }
        Ok(p)
    }

    fn run_ids(&self, sql: &str, params: &[(String, Value)]) -> rusqlite::Result<Vec<i64>> {
        let mut st = self.conn.prepare_cached(sql)?;
        let bound = named(sql, params);
        let rows = st.query_map(bound.as_slice(), |r| r.get(0))?;
        rows.collect::<Result<Vec<i64>, _>>()
    }

    /// Run a query, turning FTS5 errors into query errors that point at the words.
    fn ids(&self, q: &Query, sql: &str, params: &[(String, Value)]) -> Result<Vec<i64>, Error> {
        self.run_ids(sql, params).map_err(|e| fts_err(q, e))
    }

    fn where_doc(p: &Plan) -> String {
        conds(p, |_| true)
    }

    /// Matching document numbers, newest stored first, at most `cap`.
    pub(crate) fn matching_docs(&self, q: &Query, p: &Plan, cap: usize) -> Result<Vec<i64>, Error> {
        let sql = format!("SELECT d.n FROM doc d WHERE {} ORDER BY d.n DESC LIMIT {cap}", Self::where_doc(p));
        self.ids(q, &sql, &p.params)
    }

    /// Ranked documents with snippets.
    pub fn documents(&self, q: &Query, page: Page, sort: Sort) -> Result<Documents, Error> {
        let page = clamp(page);
        let p = self.plan(q)?;
        let want = page.offset + page.limit;
        let (ordered, total, exact, ranked_among): (Vec<(i64, Option<f64>)>, usize, bool, usize) =
            if let Some(fts) = &p.fts {
                // The window: newest stored matches, each scored.
                let filter = if p.doc.iter().all(|(f, _)| f.is_none()) {
                    String::new()
                } else {
                    // `+`: the other filters become one set checked per match, so FTS5
                    // walks its doclists once instead of being probed per document.
                    format!(" AND +f.rowid IN (SELECT d.n FROM doc d WHERE {})", conds(&p, |f| f.is_some()))
                };
                let sql = format!(
                    "SELECT f.rowid, -bm25(doc_fts, 2.0, 1.0), (SELECT d.day FROM doc d WHERE d.n = f.rowid)
                     FROM doc_fts f WHERE doc_fts MATCH :fts{filter} ORDER BY f.rowid DESC LIMIT {RANK_WINDOW}"
                );
                let mut params: Vec<(String, Value)> = p.params.clone();
                params.push((":fts".into(), Value::Text(fts.clone())));
                let mut st = self.conn.prepare_cached(&sql)?;
                let bound = named(&sql, &params);
                let mut rows: Vec<(i64, f64, i64)> = st
                    .query_map(bound.as_slice(), |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get::<_, Option<i64>>(2)?.unwrap_or(i64::MIN)))
                    })
                    .and_then(|it| it.collect::<Result<Vec<_>, _>>())
                    .map_err(|e| fts_err(q, e))?;
                let among = rows.len();
                let (total, exact) = if among < RANK_WINDOW {
                    (among, true)
                } else {
                    let n = self.count(q, &p, "SELECT 1 FROM doc d WHERE {w}")?;
                    (n, n < COUNT_CAP)
                };
                match sort {
                    Sort::Rank => rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0))),
                    Sort::Date => rows.sort_by(|a, b| b.2.cmp(&a.2).then(b.0.cmp(&a.0))),
                }
                (rows.into_iter().map(|(n, s, _)| (n, Some(s))).collect(), total, exact, among)
            } else {
                let n = self.count(q, &p, "SELECT 1 FROM doc d WHERE {w}")?;
                let order = if n < COUNT_CAP { "d.day DESC, d.n DESC" } else { "d.n DESC" };
                let sql = format!(
                    "SELECT d.n FROM doc d WHERE {} ORDER BY {order} LIMIT {want}",
                    Self::where_doc(&p)
                );
                let ids = self.ids(q, &sql, &p.params)?;
                (ids.into_iter().map(|n| (n, None)).collect(), n, n < COUNT_CAP, 0)
            };
        let mut documents = Vec::new();
        for (n, score) in ordered.into_iter().skip(page.offset).take(page.limit) {
            documents.push(self.doc_hit(n, score, p.fts.as_deref())?);
        }
        Ok(Documents {
            total,
            total_is_exact: exact,
            ranked_among,
            offset: page.offset,
            documents,
            warnings: p.warnings,
        })
    }

    /// Count rows of `sql` (with `{w}` the document conditions) up to [`COUNT_CAP`].
    fn count(&self, q: &Query, p: &Plan, sql: &str) -> Result<usize, Error> {
        let inner = sql.replace("{w}", &Self::where_doc(p));
        let sql = format!("SELECT count(*) FROM ({inner} LIMIT {COUNT_CAP})");
        let mut st = self.conn.prepare_cached(&sql)?;
        let bound = named(&sql, &p.params);
        let n: i64 = st.query_row(bound.as_slice(), |r| r.get(0)).map_err(|e| fts_err(q, e))?;
        Ok(n as usize)
    }

    fn doc_hit(&self, n: i64, score: Option<f64>, fts: Option<&str>) -> Result<DocHit, Error> {
        let mut st = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.site, d.url, d.published, d.lang FROM doc d WHERE d.n = ?1",
        )?;
        let mut hit = st.query_row([n], |r| {
            Ok(DocHit {
                id: r.get(0)?,
                title: r.get(1)?,
                site: r.get(2)?,
                url: r.get(3)?,
                published: r.get(4)?,
                language: r.get(5)?,
                score,
                snippet: String::new(),
            })
        })?;
        let snip: Option<String> = match fts {
            Some(f) => self
                .conn
                .prepare_cached(
                    "SELECT snippet(doc_fts, 1, char(57344), char(57345), '…', 32) FROM doc_fts
                     WHERE doc_fts MATCH ?1 AND rowid = ?2",
                )?
                .query_row(rusqlite::params![f, n], |r| r.get(0))
                .optional()?,
            None => None,
        };
        hit.snippet = match snip {
            Some(s) if s.contains('\u{E000}') => snippet_html(&s),
            _ => {
                let text: String = self
                    .conn
                    .prepare_cached("SELECT substr(text, 1, 400) FROM doc_text WHERE n = ?1")?
                    .query_row([n], |r| r.get(0))?;
                lead(&text, hit.title.as_deref(), 240)
            }
        };
        Ok(hit)
    }

    /// Quotes matching: `speaker:` and `about:` apply to the quote, the rest to its document.
    pub fn quotes(&self, q: &Query, page: Page) -> Result<Quotes, Error> {
        let page = clamp(page);
        let p = self.plan(q)?;
        let (qw, dw) = quote_conditions(&p);
        let base = format!("SELECT q.n FROM quote q JOIN doc d ON d.n = q.doc WHERE {qw} AND {dw}");
        let total = self.count(q, &p, &base)?;
        let (order, by) =
            if total < COUNT_CAP { ("date", "d.day DESC, q.n DESC") } else { ("stored", "q.n DESC") };
        let sql = format!("{base} ORDER BY {by} LIMIT {} OFFSET {}", page.limit, page.offset);
        let ids = self.ids(q, &sql, &p.params)?;
        let quotes = ids.into_iter().map(|n| self.quote_hit(n)).collect::<Result<Vec<_>, _>>()?;
        Ok(Quotes {
            total,
            total_is_exact: total < COUNT_CAP,
            order,
            offset: page.offset,
            quotes,
            warnings: p.warnings,
        })
    }

    pub(crate) fn quote_hit(&self, n: i64) -> Result<QuoteHit, Error> {
        let mut st = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.published, q.kind, q.text, q.start, q.end, q.speaker, q.speaker_name, q.cue, q.confidence
             FROM quote q JOIN doc d ON d.n = q.doc WHERE q.n = ?1",
        )?;
        Ok(st.query_row([n], |r| {
            let speaker_name: Option<String> = r.get(8)?;
            Ok(QuoteHit {
                document: r.get(0)?,
                title: r.get(1)?,
                published: r.get(2)?,
                kind: r.get(3)?,
                text: r.get(4)?,
                start: r.get(5)?,
                end: r.get(6)?,
                speaker: speaker_name.map(|name| EntityName { entity: r.get(7).ok().flatten(), name }),
                cue: r.get(9)?,
                confidence: r.get(10)?,
            })
        })?)
    }

    /// Events matching: `event:`, `actor:`, `target:`, `place:` and `date:` apply to
    /// the event, the rest to its document.
    pub fn events(&self, q: &Query, page: Page) -> Result<Events, Error> {
        let page = clamp(page);
        let p = self.plan(q)?;
        let (ew, dw) = event_conditions(&p);
        let base = format!("SELECT e.n FROM event e JOIN doc d ON d.n = e.doc WHERE {ew} AND {dw}");
        let total = self.count(q, &p, &base)?;
        let (order, by) =
            if total < COUNT_CAP { ("date", "e.day DESC, e.n DESC") } else { ("stored", "e.n DESC") };
        let sql = format!("{base} ORDER BY {by} LIMIT {} OFFSET {}", page.limit, page.offset);
        let ids = self.ids(q, &sql, &p.params)?;
        let events = ids.into_iter().map(|n| self.event_hit(n)).collect::<Result<Vec<_>, _>>()?;
        Ok(Events {
            total,
            total_is_exact: total < COUNT_CAP,
            order,
            offset: page.offset,
            events,
            warnings: p.warnings,
        })
    }

    pub(crate) fn event_hit(&self, n: i64) -> Result<EventHit, Error> {
        let mut st = self.conn.prepare_cached(
            "SELECT d.id, d.title, e.type, e.quad, e.mode, e.actor, e.actor_name, e.target, e.target_name,
                    e.place, e.place_name, e.date, e.evidence, e.confidence
             FROM event e JOIN doc d ON d.n = e.doc WHERE e.n = ?1",
        )?;
        Ok(st.query_row([n], |r| {
            let name = |i: usize| -> rusqlite::Result<Option<EntityName>> {
                let nm: Option<String> = r.get(i + 1)?;
                Ok(nm.map(|name| EntityName { entity: r.get(i).ok().flatten(), name }))
            };
            Ok(EventHit {
                document: r.get(0)?,
                title: r.get(1)?,
                kind: r.get(2)?,
                quad: r.get(3)?,
                mode: r.get(4)?,
                actor: name(5)?,
                target: name(7)?,
                place: name(9)?,
                date: r.get(11)?,
                evidence: r.get(12)?,
                confidence: r.get(13)?,
            })
        })?)
    }

    /// Entities the query names (its entity fields), or whose names start with its
    /// words; most documents first.
    pub fn entities(&self, q: &Query, limit: usize) -> Result<Entities, Error> {
        let limit = limit.clamp(1, MAX_LIMIT);
        let mut ids: Vec<i64> = Vec::new();
        for t in &q.fields {
            match t.field {
                Field::Place => ids.extend(self.resolve(&t.value, &["PLACE"])?),
                Field::Entity | Field::Speaker | Field::About | Field::Actor | Field::Target => {
                    ids.extend(self.resolve(&t.value, &[])?)
                }
                _ => {}
            }
        }
        if let Some(words) =
            q.source.split_whitespace().filter(|w| !w.contains(':')).map(norm).reduce(|a, b| a + " " + &b)
        {
            if !words.is_empty() {
                let mut st = self.conn.prepare_cached(
                    "SELECT DISTINCT entity FROM alias WHERE norm >= ?1 AND norm < ?1 || char(1114111) LIMIT 500",
                )?;
                let more: Vec<i64> = st.query_map([&words], |r| r.get(0))?.collect::<Result<_, _>>()?;
                ids.extend(more);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::new();
        for n in ids {
            if let Some(h) = self.entity_hit(n)? {
                out.push(h);
            }
        }
        out.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.entity.cmp(&b.entity)));
        out.truncate(limit);
        Ok(Entities { entities: out })
    }

    fn entity_hit(&self, n: i64) -> Result<Option<EntityHit>, Error> {
        let mut st = self.conn.prepare_cached(
            "SELECT e.type, e.name, (SELECT count(*) FROM mention WHERE entity = e.n),
                    (SELECT count(*) FROM quote WHERE speaker = e.n)
             FROM entity e WHERE e.n = ?1",
        )?;
        Ok(st
            .query_row([n], |r| {
                Ok(EntityHit {
                    entity: n,
                    kind: r.get(0)?,
                    name: r.get(1)?,
                    documents: r.get(2)?,
                    quotes: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// Everything an entity page shows.
    pub fn entity_page(&self, n: i64) -> Result<EntityPage, Error> {
        let info = self
            .conn
            .prepare_cached(
                "SELECT type, name, lat, lon, country, admin1, geonames_id, feature,
                        (SELECT count(*) FROM mention WHERE entity = e.n) FROM entity e WHERE n = ?1",
            )?
            .query_row([n], |r| {
                let lat: Option<f64> = r.get(2)?;
                let lon: Option<f64> = r.get(3)?;
                Ok(EntityInfo {
                    entity: n,
                    kind: r.get(0)?,
                    name: r.get(1)?,
                    aliases: Vec::new(),
                    documents: r.get(8)?,
                    geo: match (lat, lon) {
                        (Some(lat), Some(lon)) => Some(PlaceGeo {
                            lat,
                            lon,
                            country: r.get(4)?,
                            admin1: r.get(5)?,
                            geonames_id: r.get(6)?,
                            feature: r.get(7)?,
                        }),
                        _ => None,
                    },
                })
            })
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("no entity #{n}")))?;
        let mut info = info;
        info.aliases = self
            .conn
            .prepare_cached("SELECT norm FROM alias WHERE entity = ?1 ORDER BY norm LIMIT 100")?
            .query_map([n], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        // Its newest documents (by store order, then date).
        let recent: Vec<i64> = self
            .conn
            .prepare_cached("SELECT doc FROM mention WHERE entity = ?1 ORDER BY doc DESC LIMIT ?2")?
            .query_map(rusqlite::params![n, PAGE_SAMPLE as i64], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut dated: Vec<(i64, i64)> = Vec::with_capacity(recent.len());
        {
            let mut st = self.conn.prepare_cached("SELECT coalesce(day, -1000000) FROM doc WHERE n = ?1")?;
            for &d in &recent {
                dated.push((st.query_row([d], |r| r.get(0))?, d));
            }
        }
        dated.sort_by(|a, b| b.cmp(a));
        let documents = dated
            .iter()
            .take(10)
            .map(|&(_, d)| self.doc_hit(d, None, None))
            .collect::<Result<Vec<_>, _>>()?;
        let quote_ids = |sql: &str| -> Result<Vec<QuoteHit>, Error> {
            let ids: Vec<i64> =
                self.conn.prepare_cached(sql)?.query_map([n], |r| r.get(0))?.collect::<Result<_, _>>()?;
            ids.into_iter().map(|q| self.quote_hit(q)).collect()
        };
        let quotes_by =
            quote_ids("SELECT n FROM quote WHERE speaker = ?1 ORDER BY doc DESC, n DESC LIMIT 10")?;
        let quotes_about =
            quote_ids("SELECT quote FROM quote_about WHERE entity = ?1 ORDER BY quote DESC LIMIT 10")?;
        let arr: Rc<Vec<Value>> = Rc::new(recent.iter().map(|&d| Value::Integer(d)).collect());
        let co = self.entity_counts(&arr, Some(n))?;
        let mut co_mentioned = Vec::new();
        let mut places = Vec::new();
        for (kind, c) in co {
            if kind == "PLACE" {
                if places.len() < 10 {
                    places.push(c);
                }
            } else if co_mentioned.len() < 10 {
                co_mentioned.push(c);
            }
        }
        // Stories of its newest documents (the same sample as the co-mentions: an
        // entity in 30,000 documents would otherwise look up 30,000 story rows).
        let stories = self
            .conn
            .prepare_cached(
                "SELECT s.n, s.label, count(*) FROM story_doc sd JOIN story s ON s.n = sd.story
                 WHERE sd.doc IN rarray(?1) AND s.docs >= 2
                 GROUP BY s.n ORDER BY 3 DESC, s.n LIMIT 10",
            )?
            .query_map([&arr], |r| Ok(Count { entity: Some(r.get(0)?), value: r.get(1)?, count: r.get(2)? }))?
            .collect::<Result<_, _>>()?;
        let days: Vec<i64> = self
            .conn
            .prepare_cached("SELECT day FROM mention WHERE entity = ?1 AND day IS NOT NULL")?
            .query_map([n], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let timeline = self.points(days.into_iter(), Interval::Month)?;
        Ok(EntityPage {
            entity: info,
            documents,
            quotes_by,
            quotes_about,
            co_mentioned,
            places,
            stories,
            timeline,
        })
    }

    /// (type, count) of the entities mentioned in `docs`, most first, without `skip`.
    fn entity_counts(&self, docs: &Rc<Vec<Value>>, skip: Option<i64>) -> Result<Vec<(String, Count)>, Error> {
        rusqlite::vtab::array::load_module(&self.conn)?;
        let mut st = self.conn.prepare_cached(
            "SELECT e.n, e.type, e.name, c.k FROM
               (SELECT entity, count(*) AS k FROM mention WHERE doc IN rarray(?1) GROUP BY entity) c
             JOIN entity e ON e.n = c.entity WHERE e.n IS NOT ?2 ORDER BY c.k DESC, e.n LIMIT 400",
        )?;
        let rows = st.query_map(rusqlite::params![docs, skip], |r| {
            Ok((
                r.get::<_, String>(1)?,
                Count { entity: Some(r.get(0)?), value: r.get(2)?, count: r.get(3)? },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Per-bucket totals of all dated documents (cached per connection).
    fn day_totals(&self) -> Result<&BTreeMap<i64, i64>, Error> {
        if let Some(t) = self.totals.get() {
            return Ok(t);
        }
        let mut st =
            self.conn.prepare_cached("SELECT day, count(*) FROM doc WHERE day IS NOT NULL GROUP BY day")?;
        let m: BTreeMap<i64, i64> =
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        Ok(self.totals.get_or_init(|| m))
    }

    fn points(&self, days: impl Iterator<Item = i64>, interval: Interval) -> Result<Vec<Point>, Error> {
        let mut counts: BTreeMap<i64, i64> = BTreeMap::new();
        for d in days {
            *counts.entry(bucket(d, interval)).or_default() += 1;
        }
        let mut totals: HashMap<i64, i64> = HashMap::new();
        for (d, n) in self.day_totals()? {
            *totals.entry(bucket(*d, interval)).or_default() += n;
        }
        Ok(counts
            .into_iter()
            .map(|(b, count)| {
                let total = totals.get(&b).copied().unwrap_or(count).max(count);
                Point {
                    date: bucket_label(b, interval),
                    count,
                    total,
                    ratio: count as f64 / total.max(1) as f64,
                }
            })
            .collect())
    }

    /// Facets counted over the matching documents (a sample of the newest stored
    /// [`SAMPLE`] when more match).
    pub fn facets(&self, q: &Query, size: usize) -> Result<Facets, Error> {
        let size = size.clamp(1, 100);
        let p = self.plan(q)?;
        let docs = self.matching_docs(q, &p, SAMPLE + 1)?;
        let sampled = docs.len() > SAMPLE;
        let docs: Vec<i64> = docs.into_iter().take(SAMPLE).collect();
        let (total, exact) = if sampled {
            let n = self.count(q, &p, "SELECT 1 FROM doc d WHERE {w}")?;
            (n, n < COUNT_CAP)
        } else {
            (docs.len(), true)
        };
        let arr: Rc<Vec<Value>> = Rc::new(docs.iter().map(|&d| Value::Integer(d)).collect());
        let mut facets: BTreeMap<&'static str, Vec<Count>> = BTreeMap::new();
        for (kind, c) in self.entity_counts(&arr, None)? {
            let key = match kind.as_str() {
                "PERSON" => "person",
                "ORG" => "org",
                "PLACE" => "place",
                _ => "other",
            };
            let v = facets.entry(key).or_default();
            if v.len() < size {
                v.push(c);
            }
        }
        for (key, sql) in [
            (
                "site",
                "SELECT site, count(*) FROM doc WHERE n IN rarray(?1) AND site IS NOT NULL GROUP BY site",
            ),
            (
                "language",
                "SELECT lang, count(*) FROM doc WHERE n IN rarray(?1) AND lang IS NOT NULL GROUP BY lang",
            ),
            ("event", "SELECT type, count(*) FROM event WHERE doc IN rarray(?1) GROUP BY type"),
        ] {
            let mut st = self.conn.prepare_cached(sql)?;
            let mut v: Vec<Count> = st
                .query_map([&arr], |r| Ok(Count { entity: None, value: r.get(0)?, count: r.get(1)? }))?
                .collect::<Result<_, _>>()?;
            v.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
            v.truncate(size);
            facets.insert(key, v);
        }
        for k in ["person", "org", "place", "other"] {
            facets.entry(k).or_default();
        }
        Ok(Facets { total, total_is_exact: exact, sampled, sample: docs.len(), facets, warnings: p.warnings })
    }

    /// Matching documents per period and their share of all documents, per query.
    pub fn timeline(&self, queries: &[Query], interval: Interval) -> Result<Timeline, Error> {
        let mut series = Vec::new();
        for q in queries {
            let p = self.plan(q)?;
            let sql = format!("SELECT d.day FROM doc d WHERE {} AND d.day IS NOT NULL", Self::where_doc(&p));
            let days = self.ids(q, &sql, &p.params)?;
            let matched = days.len() as i64;
            let points = self.points(days.into_iter(), interval)?;
            series.push(Series { q: q.source.clone(), matched, points, warnings: p.warnings });
        }
        Ok(Timeline { interval, series })
    }

    /// Stories with matching documents, largest first.
    pub fn stories(&self, q: &Query, page: Page) -> Result<Stories, Error> {
        let page = clamp(page);
        let p = self.plan(q)?;
        let ids: Vec<i64> = if q.is_empty() {
            self.run_ids("SELECT n FROM story ORDER BY docs DESC, n", &[])?
        } else {
            let docs = self.matching_docs(q, &p, COUNT_CAP)?;
            rusqlite::vtab::array::load_module(&self.conn)?;
            let arr: Rc<Vec<Value>> = Rc::new(docs.iter().map(|&d| Value::Integer(d)).collect());
            let mut st = self.conn.prepare_cached(
                "SELECT s.n FROM story s WHERE s.n IN (SELECT story FROM story_doc WHERE doc IN rarray(?1))
                 ORDER BY s.docs DESC, s.n",
            )?;
            let v = st.query_map([&arr], |r| r.get(0))?.collect::<Result<_, _>>()?;
            v
        };
        let total = ids.len();
        let stories = ids
            .into_iter()
            .skip(page.offset)
            .take(page.limit)
            .map(|n| self.story(n))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Stories { total, offset: page.offset, stories, warnings: p.warnings })
    }

    /// One story.
    pub fn story(&self, n: i64) -> Result<StoryHit, Error> {
        let (blob, first, last): (Vec<u8>, Option<i64>, Option<i64>) = self
            .conn
            .prepare_cached("SELECT record, first_day, last_day FROM story WHERE n = ?1")?
            .query_row([n], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("no story #{n}")))?;
        let record: newsgraph::model::Story =
            serde_json::from_slice(&blob).map_err(|e| Error::Record(e.to_string()))?;
        let iso = |d: Option<i64>| {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
            Some(epoch.checked_add_signed(chrono::Duration::days(d?))?.format("%Y-%m-%d").to_string())
        };
        Ok(StoryHit { story: n, from: iso(first), to: iso(last), record })
    }

    /// Id, title, date and site of documents, in the order given (unknown ids left out).
    pub fn document_titles(&self, ids: &[String]) -> Result<Vec<serde_json::Value>, Error> {
        let mut st = self.conn.prepare_cached("SELECT title, published, site FROM doc WHERE id = ?1")?;
        let mut out = Vec::new();
        for id in ids {
            let row: Option<(Option<String>, Option<String>, Option<String>)> =
                st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
            if let Some((title, published, site)) = row {
                out.push(
                    serde_json::json!({ "id": id, "title": title, "published": published, "site": site }),
                );
            }
        }
        Ok(out)
    }

    /// Names of the `n` entities of `kind` mentioned in the most documents (benches).
    pub fn top_entities(&self, kind: &str, n: usize) -> Result<Vec<String>, Error> {
        let mut st = self.conn.prepare(
            "SELECT e.name FROM entity e JOIN (SELECT entity, count(*) AS k FROM mention GROUP BY entity) c
             ON c.entity = e.n WHERE e.type = ?1 ORDER BY c.k DESC, e.n LIMIT ?2",
        )?;
        let v = st.query_map(rusqlite::params![kind, n as i64], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(v)
    }

    /// Every story, as the corpus record.
    pub fn corpus(&self) -> Result<newsgraph::model::Corpus, Error> {
        let ids = self.run_ids("SELECT n FROM story ORDER BY n", &[])?;
        let stories =
            ids.into_iter().map(|n| self.story(n).map(|s| s.record)).collect::<Result<Vec<_>, _>>()?;
        Ok(newsgraph::model::Corpus { schema: newsgraph::model::SCHEMA_VERSION, corpus: true, stories })
    }

    /// One document record by id.
    pub fn document(&self, id: &str) -> Result<DocumentRecord, Error> {
        let row: Option<(i64, Vec<u8>, String)> = self
            .conn
            .prepare_cached(
                "SELECT d.n, r.record, t.text FROM doc d JOIN doc_text t ON t.n = d.n JOIN doc_record r ON r.n = d.n WHERE d.id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let (n, blob, text) = row.ok_or_else(|| Error::NotFound(format!("no document with id `{id}`")))?;
        let document = crate::write::unpack_record(&blob, text)?;
        let entities = self
            .conn
            .prepare_cached("SELECT local, entity FROM mention WHERE doc = ?1")?
            .query_map([n], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let stories =
            self.run_ids(&format!("SELECT story FROM story_doc WHERE doc = {n} ORDER BY story"), &[])?;
        Ok(DocumentRecord { document, entities, stories })
    }

    /// How a query was understood.
    pub fn explain(&self, q: &Query) -> Result<serde_json::Value, Error> {
        let p = self.plan(q)?;
        // Run the full-text part once so its syntax errors surface here too.
        if let Some(t) = &p.fts {
            self.run_ids(
                "SELECT rowid FROM doc_fts WHERE doc_fts MATCH :t LIMIT 1",
                &[(":t".into(), Value::Text(t.clone()))],
            )
            .map_err(|e| fts_err(q, e))?;
        }
        Ok(serde_json::json!({ "text": q.text, "fields": q.fields, "warnings": p.warnings }))
    }
}

fn is_country_code(v: &str) -> bool {
    v.len() == 3 && v.chars().all(|c| c.is_ascii_uppercase())
}

fn clamp(p: Page) -> Page {
    Page { offset: p.offset.min(MAX_OFFSET), limit: p.limit.clamp(1, MAX_LIMIT) }
}

/// The document conditions whose field passes `keep`, ANDed (`1` when none).
fn conds(p: &Plan, keep: impl Fn(Option<Field>) -> bool) -> String {
    let v: Vec<&str> = p.doc.iter().filter(|(f, _)| keep(*f)).map(|(_, s)| s.as_str()).collect();
    if v.is_empty() {
        "1".into()
    } else {
        v.join(" AND ")
    }
}

/// Quote-level conditions, and the document-level ones without speaker/about (which
/// the quote conditions replace).
pub(crate) fn quote_conditions(p: &Plan) -> (String, String) {
    let qw = if p.quote.is_empty() { "1".to_string() } else { p.quote.join(" AND ") };
    (qw, conds(p, |f| !matches!(f, Some(Field::Speaker | Field::About))))
}

/// Event-level conditions, and the document-level rest.
pub(crate) fn event_conditions(p: &Plan) -> (String, String) {
    let ew = if p.event.is_empty() { "1".to_string() } else { p.event.join(" AND ") };
    (
        ew,
        conds(p, |f| {
            !matches!(f, Some(Field::Event | Field::Actor | Field::Target | Field::Place | Field::Date))
        }),
    )
}

/// An SQLite error from the full-text part as a query error.
pub(crate) fn fts_err(q: &Query, e: rusqlite::Error) -> Error {
    let msg = e.to_string();
    // With a full-text part, a plain SQL error is FTS5 refusing the expression
    // (`fts5: syntax error near …`, `expected integer, got …` in NEAR).
    let plain = matches!(&e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::Unknown);
    if q.text.is_some() && (plain || msg.contains("fts5")) {
        Error::Query(q.fts_error(&msg))
    } else {
        Error::Sql(e)
    }
}

/// Keep `OnceCell` in scope for the cache type.
pub(crate) type TotalsCell = OnceCell<BTreeMap<i64, i64>>;
