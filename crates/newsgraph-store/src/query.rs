//! The query language: FTS5's own full-text syntax, left intact, plus fields.
//!
//! ```text
//! "trade war" Ukraine OR Crimea  NEAR(tanker seized, 5)  sanction*   ← FTS5, as written
//! speaker:Giuliani  speaker:"Rudy Giuliani"  about:Biden  entity:#17  ← entities, via aliases
//! place:Albania (and what lies in it)  event:THREATEN  event:material_conflict
//! actor:Iran  target:"United Kingdom"  story:s3  site:reuters.com  source:reuters.com
//! lang:en  date:2019-07-01..2019-07-31  date:2019-07  date:..2019  title:Iran
//! ```
//!
//! Fields are taken out of the query and always combine with AND (with each other and
//! with the full-text part); the rest is handed to FTS5 unchanged, except that a word
//! FTS5 would reject as bare (`al-Qaeda`, `U.S.`, `9/11`) is quoted for it and commas
//! outside `NEAR(…)` are dropped. `title:`/`text:` are FTS5 column filters and pass
//! through. Anything that cannot be understood is a [`QueryError`] that says what and
//! where (byte offsets into the query), never an empty answer.

use std::fmt;

/// A field of the query language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// Quotes by an entity (documents: with a quote by it).
    Speaker,
    /// Quotes naming an entity; documents centred on it.
    About,
    /// Documents (quotes, events: in documents) mentioning an entity.
    Entity,
    /// A place and every place inside it.
    Place,
    /// A PLOVER event type or quad class.
    Event,
    /// An event's actor (entity, or ISO-3 country code).
    Actor,
    /// An event's target (entity, or ISO-3 country code).
    Target,
    /// A story (`s3` or `3`).
    Story,
    /// The site (URL host), `source:` is the same field.
    Site,
    /// ISO 639-1 language.
    Lang,
    /// Publication date or range.
    Date,
}

impl Field {
    fn from_name(s: &str) -> Option<Field> {
        Some(match s {
            "speaker" => Field::Speaker,
            "about" => Field::About,
            "entity" => Field::Entity,
            "place" => Field::Place,
            "event" => Field::Event,
            "actor" => Field::Actor,
            "target" => Field::Target,
            "story" => Field::Story,
            "site" | "source" => Field::Site,
            "lang" | "language" => Field::Lang,
            "date" => Field::Date,
            _ => return None,
        })
    }
}

/// Every field name, for messages.
pub const FIELD_NAMES: &str =
    "speaker:, about:, entity:, place:, event:, actor:, target:, story:, site:/source:, lang:, date: (and FTS5's title:, text:)";

/// PLOVER event types.
pub const EVENT_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// PLOVER quad classes.
pub const QUADS: [&str; 4] = ["verbal_coop", "material_coop", "verbal_conflict", "material_conflict"];

/// One `field:value` of a query.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    /// Which field.
    pub field: Field,
    /// The value, unquoted.
    pub value: String,
    /// First byte of `field:value` in the query.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Query {
    /// The query as typed.
    #[serde(skip)]
    pub source: String,
    /// The FTS5 expression (None when the query has no full-text part).
    pub text: Option<String>,
    /// The fields, in query order.
    pub fields: Vec<Term>,
    /// Days since 1970 of the first and last day of `date:` (inclusive), when given.
    #[serde(skip)]
    pub days: Option<(Option<i64>, Option<i64>)>,
    /// Full-text words and their places in `source` (to point at FTS5 errors).
    #[serde(skip)]
    words: Vec<(String, usize, usize)>,
}

/// What is wrong with a query and where.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct QueryError {
    /// What is wrong, in words.
    pub message: String,
    /// First byte of the offending part of the query.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad query at {}..{}: {}", self.start, self.end, self.message)
    }
}

impl std::error::Error for QueryError {}

fn err(message: impl Into<String>, start: usize, end: usize) -> QueryError {
    QueryError { message: message.into(), start, end }
}

/// A piece of the full-text part while parsing.
enum Tok {
    /// Text for FTS5, with its place in the query.
    Fts(String, usize, usize),
    /// Where a field was taken out.
    Field,
}

fn is_bare(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || !c.is_ascii() || c == '\u{1a}'
}

fn is_operator(w: &str) -> bool {
    matches!(w, "AND" | "OR" | "NOT")
}

impl Query {
    /// The whole corpus.
    pub fn all() -> Query {
        Query::default()
    }

    /// Parse a query.
    pub fn parse(q: &str) -> Result<Query, QueryError> {
        if q.len() > 4096 {
            return Err(err("the query is longer than 4096 bytes", 4096, q.len()));
        }
        let b = q.as_bytes();
        let mut toks: Vec<Tok> = Vec::new();
        let mut fields: Vec<Term> = Vec::new();
        let mut depth = 0usize;
        let mut near_depth: Option<usize> = None;
        let mut i = 0;
        while i < b.len() {
            let c = q[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            match c {
                '"' => {
                    let end = quoted_end(q, i)?;
                    toks.push(Tok::Fts(q[i..end].to_string(), i, end));
                    i = end;
                    // A prefix star right after a phrase belongs to it.
                    if q[i..].starts_with('*') {
                        if let Some(Tok::Fts(s, _, e)) = toks.last_mut() {
                            s.push('*');
                            *e += 1;
                        }
                        i += 1;
                    }
                }
                '(' => {
                    depth += 1;
                    if matches!(toks.last(), Some(Tok::Fts(w, _, _)) if w == "NEAR") {
                        near_depth = Some(depth);
                    }
                    toks.push(Tok::Fts("(".into(), i, i + 1));
                    i += 1;
                }
                ')' => {
                    if depth == 0 {
                        return Err(err("`)` without a matching `(`", i, i + 1));
                    }
                    if near_depth == Some(depth) {
                        near_depth = None;
                    }
                    depth -= 1;
                    toks.push(Tok::Fts(")".into(), i, i + 1));
                    i += 1;
                }
                ',' => {
                    if near_depth.is_some() {
                        toks.push(Tok::Fts(",".into(), i, i + 1));
                    }
                    i += 1;
                }
                _ => {
                    let end = q[i..]
                        .find(|c: char| c.is_whitespace() || "()\",".contains(c))
                        .map_or(q.len(), |k| i + k);
                    let word = &q[i..end];
                    if let Some(colon) = word.find(':').filter(|&k| k > 0) {
                        let name = &word[..colon];
                        if name.chars().all(|c| c.is_ascii_alphabetic() || c == '_') {
                            let lname = name.to_ascii_lowercase();
                            let vstart = i + colon + 1;
                            if let Some(field) = Field::from_name(&lname) {
                                let (value, vend) = if q[vstart..].starts_with('"') {
                                    let e = quoted_end(q, vstart)?;
                                    (q[vstart + 1..e - 1].replace("\"\"", "\""), e)
                                } else {
                                    let e =
                                        q[vstart..].find(char::is_whitespace).map_or(q.len(), |k| vstart + k);
                                    (q[vstart..e].to_string(), e)
                                };
                                if value.trim().is_empty() {
                                    return Err(err(
                                        format!("`{name}:` needs a value, e.g. {name}:Giuliani or {name}:\"Rudy Giuliani\""),
                                        i,
                                        vend,
                                    ));
                                }
                                fields.push(Term {
                                    field,
                                    value: value.trim().to_string(),
                                    start: i,
                                    end: vend,
                                });
                                toks.push(Tok::Field);
                                i = vend;
                                continue;
                            }
                            if lname == "title" || lname == "text" {
                                // An FTS5 column filter: `title:` then a word or a phrase.
                                let (vend, value) = if q[vstart..].starts_with('"') {
                                    let e = quoted_end(q, vstart)?;
                                    (e, q[vstart..e].to_string())
                                } else {
                                    let e = q[vstart..]
                                        .find(|c: char| c.is_whitespace() || "()\",".contains(c))
                                        .map_or(q.len(), |k| vstart + k);
                                    (e, fts_word(&q[vstart..e]))
                                };
                                if value.is_empty() {
                                    return Err(err(
                                        format!("`{name}:` needs a word or a \"phrase\""),
                                        i,
                                        vend,
                                    ));
                                }
                                toks.push(Tok::Fts(format!("{lname}:{value}"), i, vend));
                                i = vend;
                                continue;
                            }
                            return Err(err(
                                format!(
                                    "unknown field `{name}:`; fields are {FIELD_NAMES} — put a word with a colon in \"quotes\""
                                ),
                                i,
                                i + colon + 1,
                            ));
                        }
                    }
                    toks.push(Tok::Fts(fts_word(word), i, end));
                    i = end;
                }
            }
        }
        if depth > 0 {
            return Err(err("`(` without a matching `)`", q.len(), q.len()));
        }
        // Operators next to a field: AND is what fields do anyway; OR/NOT cannot apply.
        let mut words: Vec<(String, usize, usize)> = Vec::new();
        for (k, t) in toks.iter().enumerate() {
            let Tok::Fts(w, s, e) = t else { continue };
            if is_operator(w) {
                let prev_field = k == 0 || matches!(toks[k - 1], Tok::Field);
                let next_field = k + 1 >= toks.len() || matches!(toks[k + 1], Tok::Field);
                let prev_op = matches!(words.last(), Some((p, _, _)) if is_operator(p) || p == "(");
                if prev_field || next_field || prev_op {
                    if w == "AND" {
                        continue;
                    }
                    let why = if prev_op && !prev_field && !next_field {
                        "(FTS5 writes `a NOT b`, `a OR b`)"
                    } else {
                        "; fields always combine with AND"
                    };
                    return Err(err(format!("`{w}` must stand between two words or phrases {why}"), *s, *e));
                }
            }
            words.push((w.clone(), *s, *e));
        }
        while matches!(words.last(), Some((w, _, _)) if w == "AND") {
            words.pop();
        }
        let text = (!words.is_empty())
            .then(|| words.iter().map(|(w, _, _)| w.as_str()).collect::<Vec<_>>().join(" "));
        let mut query = Query { source: q.to_string(), text, fields, days: None, words };
        query.check_fields()?;
        Ok(query)
    }

    /// Values of one field, in query order.
    pub fn values(&self, f: Field) -> impl Iterator<Item = &Term> {
        self.fields.iter().filter(move |t| t.field == f)
    }

    /// True when the query restricts nothing.
    pub fn is_empty(&self) -> bool {
        self.text.is_none() && self.fields.is_empty()
    }

    /// Where in the query an FTS5 error points (`fts5: syntax error near "x"`).
    pub(crate) fn fts_error(&self, sqlite_message: &str) -> QueryError {
        // The last "quoted" token of the message: `near "x"`, `got "x"`.
        let near =
            sqlite_message.rsplit_once('"').and_then(|(head, _)| head.rsplit_once('"')).map(|(_, n)| n);
        let (start, end) = match near {
            Some("") => (self.source.len(), self.source.len()),
            Some(n) => self
                .words
                .iter()
                .find(|(w, _, _)| w == n || w.contains(n))
                .map_or((0, self.source.len()), |(_, s, e)| (*s, *e)),
            None => (0, self.source.len()),
        };
        let what = sqlite_message.trim_start_matches("fts5: ");
        err(
            format!(
                "full-text part: {what} (FTS5 syntax: words, \"phrases\", AND/OR/NOT, prefix*, NEAR(a b, 5))"
            ),
            start,
            end,
        )
    }

    fn check_fields(&mut self) -> Result<(), QueryError> {
        for t in &self.fields {
            match t.field {
                Field::Event => {
                    let up = t.value.to_ascii_uppercase();
                    let low = t.value.to_ascii_lowercase();
                    if !EVENT_TYPES.contains(&up.as_str()) && !QUADS.contains(&low.as_str()) {
                        return Err(err(
                            format!(
                                "unknown event type `{}`; PLOVER types are {} and quad classes {}",
                                t.value,
                                EVENT_TYPES.join(", "),
                                QUADS.join(", ")
                            ),
                            t.start,
                            t.end,
                        ));
                    }
                }
                Field::Lang => {
                    if t.value.len() != 2 || !t.value.chars().all(|c| c.is_ascii_alphabetic()) {
                        return Err(err(
                            format!(
                                "`lang:` takes a two-letter ISO 639-1 code (en, fr, de …), not `{}`",
                                t.value
                            ),
                            t.start,
                            t.end,
                        ));
                    }
                }
                Field::Story => {
                    let v = t.value.trim_start_matches(['s', 'S']);
                    if v.is_empty() || !v.chars().all(|c| c.is_ascii_digit()) {
                        return Err(err(
                            format!("`story:` takes a story number (s3 or 3), not `{}`", t.value),
                            t.start,
                            t.end,
                        ));
                    }
                }
                Field::Date => {
                    if self.days.is_some() {
                        return Err(err("only one `date:` per query (use a range A..B)", t.start, t.end));
                    }
                    self.days = Some(parse_dates(&t.value).map_err(|m| err(m, t.start, t.end))?);
                }
                _ => {
                    if t.value.starts_with('#') && t.value[1..].parse::<i64>().is_err() {
                        return Err(err(
                            format!("`#` names an entity by its number (entity:#17), not `{}`", t.value),
                            t.start,
                            t.end,
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

/// One past the closing quote of the FTS5 string starting at `start` (`""` escapes).
fn quoted_end(q: &str, start: usize) -> Result<usize, QueryError> {
    let b = q.as_bytes();
    let mut k = start + 1;
    while k < b.len() {
        if b[k] == b'"' {
            if b.get(k + 1) == Some(&b'"') {
                k += 2;
                continue;
            }
            return Ok(k + 1);
        }
        k += 1;
    }
    Err(err("a \" quote is not closed", start, q.len()))
}

/// A word as FTS5 wants it: operators, barewords, `^bare` and `bare*` as they are;
/// anything else quoted (`al-Qaeda` → `"al-Qaeda"`).
fn fts_word(w: &str) -> String {
    if is_operator(w) || w == "NEAR" || w == "+" || w == "*" {
        return w.to_string();
    }
    let core = w.strip_prefix('^').unwrap_or(w);
    let core = core.strip_suffix('*').unwrap_or(core);
    if !core.is_empty() && core.chars().all(is_bare) {
        return w.to_string();
    }
    let star = w.len() > 1 && w.ends_with('*');
    let inner = if star { &w[..w.len() - 1] } else { w };
    format!("\"{}\"{}", inner.replace('"', "\"\""), if star { "*" } else { "" })
}

/// `2019-07-01..2019-07-31`, `2019-07`, `2019`, `2019-07-01..`, `..2019-07-31`.
fn parse_dates(v: &str) -> Result<(Option<i64>, Option<i64>), String> {
    let bad = || {
        format!("`date:` takes YYYY-MM-DD, YYYY-MM or YYYY, or a range A..B (either side may be left open), not `{v}`")
    };
    let (a, b) = match v.split_once("..") {
        Some((a, b)) => (a, b),
        None => (v, v),
    };
    let lo = if a.is_empty() { None } else { Some(bound(a, false).ok_or_else(bad)?) };
    let hi = if b.is_empty() { None } else { Some(bound(b, true).ok_or_else(bad)?) };
    if lo.is_none() && hi.is_none() {
        return Err(bad());
    }
    if let (Some(l), Some(h)) = (lo, hi) {
        if l > h {
            return Err(format!("`date:` range `{v}` ends before it starts"));
        }
    }
    Ok((lo, hi))
}

/// First (or last, when `end`) day of a year, month or day, as days since 1970.
fn bound(s: &str, end: bool) -> Option<i64> {
    use chrono::NaiveDate;
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str| p.parse::<u32>().ok();
    let date = match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = num(y)? as i32;
            if end {
                NaiveDate::from_ymd_opt(y, 12, 31)
            } else {
                NaiveDate::from_ymd_opt(y, 1, 1)
            }
        }
        [y, m] if y.len() == 4 => {
            let (y, m) = (num(y)? as i32, num(m)?);
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            if end {
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)?
                };
                next.pred_opt()
            } else {
                Some(first)
            }
        }
        [y, m, d] if y.len() == 4 => NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?),
        _ => None,
    }?;
    Some(date.signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(q: &str) -> Option<String> {
        Query::parse(q).unwrap().text
    }

    #[track_caller]
    fn bad(q: &str, expect: &str, at: (usize, usize)) {
        let e = Query::parse(q).unwrap_err();
        assert!(e.message.contains(expect), "{q}: {}", e.message);
        assert_eq!((e.start, e.end), at, "{q}: {}", e.message);
    }

    #[test]
    fn fts5_syntax_is_left_intact() {
        assert_eq!(
            text("\"trade war\" Ukraine OR Crimea").as_deref(),
            Some("\"trade war\" Ukraine OR Crimea")
        );
        assert_eq!(
            text("NEAR(tanker seized, 5) sanction*").as_deref(),
            Some("NEAR ( tanker seized , 5 ) sanction*")
        );
        assert_eq!(text("Iran NOT (tanker OR ship)").as_deref(), Some("Iran NOT ( tanker OR ship )"));
        assert_eq!(text("title:Iran ^Tehran").as_deref(), Some("title:Iran ^Tehran"));
        assert_eq!(text("title:\"oil tanker\"").as_deref(), Some("title:\"oil tanker\""));
        assert_eq!(text("\"oil tank\"*").as_deref(), Some("\"oil tank\"*"));
    }

    #[test]
    fn words_fts5_would_reject_are_quoted() {
        assert_eq!(text("al-Qaeda U.S. 9/11").as_deref(), Some("\"al-Qaeda\" \"U.S.\" \"9/11\""));
        assert_eq!(text("Trump, Biden").as_deref(), Some("Trump Biden"));
    }

    #[test]
    fn fields_are_taken_out() {
        let q = Query::parse("speaker:\"Rudy Giuliani\" AND Ukraine date:2019-07 lang:en").unwrap();
        assert_eq!(q.text.as_deref(), Some("Ukraine"));
        let got: Vec<(Field, &str, usize, usize)> =
            q.fields.iter().map(|t| (t.field, t.value.as_str(), t.start, t.end)).collect();
        assert_eq!(
            got,
            vec![
                (Field::Speaker, "Rudy Giuliani", 0, 23),
                (Field::Date, "2019-07", 36, 48),
                (Field::Lang, "en", 49, 56)
            ]
        );
        assert_eq!(q.days, Some((Some(18078), Some(18108))));
        let q = Query::parse("SOURCE:reuters.com entity:#17").unwrap();
        assert_eq!(q.fields[0].field, Field::Site);
        assert!(q.text.is_none());
        assert_eq!(Query::parse("date:..2019").unwrap().days, Some((None, Some(18261))));
    }

    #[test]
    fn bad_queries_say_what_and_where() {
        bad("Iran spekaer:Giuliani", "unknown field `spekaer:`", (5, 13));
        bad("speaker: Iran", "needs a value", (0, 8));
        bad("event:THREATENS", "unknown event type", (0, 15));
        bad("date:2019-13", "`date:` takes", (0, 12));
        bad("date:2019-08..2019-07", "ends before it starts", (0, 21));
        bad("lang:english", "two-letter", (0, 12));
        bad("\"trade war", "not closed", (0, 10));
        bad("(Iran", "without a matching `)`", (5, 5));
        bad("Iran)", "without a matching `(`", (4, 5));
        bad("speaker:X OR Iran", "fields always combine with AND", (10, 12));
        bad("story:x1", "story number", (0, 8));
        bad("date:2019 date:2020", "only one", (10, 19));
    }

    #[test]
    fn fts_errors_point_at_the_word() {
        let q = Query::parse("Iran AND AND tanker").unwrap();
        let e = q.fts_error("fts5: syntax error near \"AND\"");
        assert_eq!((e.start, e.end), (5, 8));
    }
}
