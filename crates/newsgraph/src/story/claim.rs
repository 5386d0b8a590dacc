//! Comparable statements extracted from one document: quantities with what they
//! count and the event they count for (`killing 3 people`, `350 dignitaries`,
//! `falling 150 metres`, `sentenced to 25 years`, `a 6.1-magnitude quake`), ages of
//! named people (`Eric Allen Kirkpatrick, 61`, `36-year-old Duncan Rait`), dates of
//! events (`the conference started on July 13`, `on Monday` — resolved against the
//! publication date), and who said what (quotes with a named speaker).
//!
//! Each claim has a *slot* — what it is about, normalised so that two documents'
//! claims about the same thing meet (`count|people|killed`, `age|<person>`,
//! `date|conference`) —, a normalised value, how exact the text says it is (`about`,
//! `at least`, `more than`), the words of scope around it (local places, `total`,
//! `nationwide`), and its evidence span (the clause or sentence).
//!
//! Precision over recall: a number without a counted noun or an event word, a date
//! without an event noun, a word number that counts neither people nor casualties,
//! are left out.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};
use regex::Regex;

use crate::model::{Document, EntityKind, Span};

use super::features::stem;

/// A claim's normalised value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A quantity (counts, ages, magnitudes; lengths in metres, money in its unit).
    Number(f64),
    /// A calendar date; the year may be unknown until the story supplies a reference.
    Date {
        /// Year, when the text or the publication date gives it.
        year: Option<i32>,
        /// Month, 1–12.
        month: u32,
        /// Day of the month.
        day: u32,
    },
    /// Who said a statement: the speaker's entity index in the document.
    Speaker(usize),
}

/// How exact the text says a quantity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Approx {
    /// As written.
    Exact,
    /// `about`, `around`, `nearly`, `some`, `roughly`, `approximately`.
    About,
    /// `at least`, `more than`, `over`, `upwards of`.
    AtLeast,
    /// `at most`, `up to`, `less than`, `fewer than`, `under`.
    AtMost,
}

/// What kind of statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClaimKind {
    /// A count of people or things.
    Count,
    /// A measured quantity with a unit (length, money, magnitude, duration).
    Measure,
    /// A named person's age.
    Age,
    /// The date of an event.
    Date,
    /// Who said a statement.
    Said,
}

/// One comparable statement of a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// What kind of statement.
    pub kind: ClaimKind,
    /// The normalised key claims of two documents must share to be compared.
    pub slot: String,
    /// A readable description of the slot (`number of people killed`).
    pub what: String,
    /// The value.
    pub value: Value,
    /// How exact.
    pub approx: Approx,
    /// For ages: the person's entity index in the document.
    pub subject: Option<usize>,
    /// For statements: the content words of the quote (sorted, deduplicated).
    pub words: Vec<String>,
    /// Local places and scope words (`total`, `nationwide`) in the clause.
    pub scope: Vec<String>,
    /// The evidence: the clause or sentence that says it.
    pub span: Span,
    /// Where the value itself is written.
    pub value_span: Span,
}

const PEOPLE: &[&str] = &[
    "people",
    "person",
    "man",
    "men",
    "woman",
    "women",
    "child",
    "children",
    "kid",
    "figure",
    "dignitary",
    "dignitaries",
    "lawmaker",
    "official",
    "participant",
    "delegate",
    "guest",
    "member",
    "resident",
    "worker",
    "employee",
    "student",
    "soldier",
    "troop",
    "civilian",
    "passenger",
    "victim",
    "protester",
    "protestor",
    "supporter",
    "fan",
    "visitor",
    "attendee",
    "individual",
    "adult",
    "crew",
    "climber",
    "pirate",
    "suspect",
    "migrant",
    "refugee",
    "hostage",
    "player",
    "officer",
    "firefighter",
    "miner",
    "patient",
    "teenager",
    "boy",
    "girl",
    "journalist",
    "politician",
    "leader",
    "personality",
    "dead",
    "casualty",
    "fatality",
    "inmate",
    "prisoner",
    "militant",
    "fighter",
    "rebel",
    "sailor",
    "tourist",
    "villager",
    "voter",
    "partner",
    "colleague",
    "coworker",
    "receptionist",
    "boss",
    "executive",
    "manager",
    "staff",
    "staffer",
    "crewmember",
    "diplomat",
    "minister",
    "senator",
    "mayor",
    "others",
];

/// Event words a count is for, each mapped to its canonical predicate.
const PREDICATES: &[(&str, &str)] = &[
    ("kill", "killed"),
    ("dead", "killed"),
    ("die", "killed"),
    ("death", "killed"),
    ("fatal", "killed"),
    ("perish", "killed"),
    ("injur", "injured"),
    ("wound", "injured"),
    ("hurt", "injured"),
    ("miss", "missing"),
    ("arrest", "arrested"),
    ("detain", "arrested"),
    ("rescu", "rescued"),
    ("apprehend", "arrested"),
    ("nab", "arrested"),
    ("evacu", "evacuated"),
    ("displac", "displaced"),
    ("shot", "shot"),
    ("shoot", "shot"),
    ("attend", "attending"),
    ("gather", "attending"),
    ("particip", "attending"),
    ("sentenc", "sentenced"),
    ("fell", "fell"),
    ("fall", "fell"),
    ("plung", "fell"),
    ("plummet", "fell"),
    ("hijack", "hijacked"),
    ("captur", "captured"),
    ("seiz", "seized"),
    ("destroy", "destroyed"),
    ("damag", "damaged"),
];

const EVENT_NOUNS: &[&str] = &[
    "conference",
    "summit",
    "meeting",
    "rally",
    "gathering",
    "convention",
    "congress",
    "election",
    "vote",
    "referendum",
    "earthquake",
    "quake",
    "tsunami",
    "storm",
    "hurricane",
    "typhoon",
    "cyclone",
    "flood",
    "fire",
    "blaze",
    "wildfire",
    "explosion",
    "blast",
    "attack",
    "bombing",
    "shooting",
    "crash",
    "collision",
    "accident",
    "arrest",
    "trial",
    "hearing",
    "verdict",
    "sentencing",
    "ceremony",
    "awards",
    "match",
    "game",
    "final",
    "concert",
    "festival",
    "protest",
    "demonstration",
    "strike",
    "launch",
    "visit",
    "speech",
    "announcement",
    "funeral",
    "wedding",
    "resignation",
    "inauguration",
    "parade",
    "raid",
    "ambush",
    "hijacking",
    "kidnapping",
    "murder",
    "killing",
    "riot",
    "eruption",
    "landslide",
    "outbreak",
    "derailment",
    "sinking",
    "coup",
    "ceasefire",
    "talks",
    "debate",
    "rescue",
    "fall",
    "death",
    "opening",
    "premiere",
    "race",
];

const SCOPE_WORDS: &[&str] = &[
    "total",
    "overall",
    "nationwide",
    "worldwide",
    "global",
    "globally",
    "statewide",
    "province",
    "provincial",
    "county",
    "district",
    "region",
    "regional",
    "alone",
    "combined",
    "cumulative",
    "daily",
    "weekly",
    "annual",
    "monthly",
    "each",
    "per",
];

const WORD_NUMBERS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
    ("dozens", 24.0),
    ("hundreds", 200.0),
];

/// Units of measure: surface form → (class, factor to the class's base unit).
const UNITS: &[(&str, &str, f64)] = &[
    ("metres", "length", 1.0),
    ("meters", "length", 1.0),
    ("metre", "length", 1.0),
    ("meter", "length", 1.0),
    ("m", "length", 1.0),
    ("km", "length", 1000.0),
    ("kilometres", "length", 1000.0),
    ("kilometers", "length", 1000.0),
    ("kilometre", "length", 1000.0),
    ("kilometer", "length", 1000.0),
    ("feet", "length", 0.3048),
    ("foot", "length", 0.3048),
    ("ft", "length", 0.3048),
    ("miles", "length", 1609.344),
    ("mile", "length", 1609.344),
    ("yards", "length", 0.9144),
    ("percent", "percent", 1.0),
    ("per cent", "percent", 1.0),
    ("years", "years", 1.0),
    ("year", "years", 1.0),
    ("months", "months", 1.0),
    ("days", "days", 1.0),
    ("hours", "hours", 1.0),
    ("tons", "mass", 1000.0),
    ("tonnes", "mass", 1000.0),
    ("kg", "mass", 1.0),
    ("kilograms", "mass", 1.0),
    ("liters", "volume", 1.0),
    ("litres", "volume", 1.0),
    ("gallons", "volume", 3.785),
    ("barrels", "volume", 159.0),
];

const STOP_AFTER: &[&str] = &[
    "of", "in", "at", "on", "from", "to", "and", "or", "who", "that", "which", "were", "was", "are", "is",
    "had", "have", "has", "be", "been", "by", "for", "with", "as", "after", "before", "into", "the", "a",
    "an", "than", "while", "when", "where", "but", "said", "say", "says",
];

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(\$|€|£|US\$)?\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(million|billion|thousand|bn)\b)?",
    )
    .expect("NUMBER")
});
static AGE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,3})\s?[- ]\s?year\s?[- ]\s?old\b").expect("AGE"));
/// What may not follow a count: a unit glued to it (`200m`, `2.30am`, `10News`), a
/// time (`1 : 30`), thousands written apart (`2 , 000`), `-year-old`.
static NOT_COUNT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Za-z]|\s*:\s*\d|\s*,\s*\d{3}\b|\s*-\s*year|\s*[ap]\.?\s?m\b)").expect("NCA")
});
static AGE_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*,\s*(\d{1,3})\s*,").expect("AGE2"));
static MAGNITUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(\d(?:\.\d)?)[- ]magnitude|magnitude(?:[- ]|\s+of\s+)(\d(?:\.\d)?))\b")
        .expect("MAG")
});
static DATE_ABS: LazyLock<Regex> = LazyLock::new(|| {
    let m = crate::date::MONTH_RE;
    Regex::new(&format!(
        r"(?i)\b(?:({m})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s+(\d{{4}}))?|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({m})(?:\s*,?\s+(\d{{4}}))?)\b"
    ))
    .expect("DATE")
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:on |last |this )?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
        .expect("WD")
});

fn clause_bounds(text: &str, sent: Span, at: usize) -> Span {
    let s = &text[sent.range()];
    let rel = at.saturating_sub(sent.start).min(s.len());
    let is_b = |c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–' | '"' | '“' | '”');
    let start = s[..rel].rfind(is_b).map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
    let end = s[rel..].find(is_b).map_or(s.len(), |i| rel + i);
    Span::new(sent.start + start, sent.start + end.max(start))
}

fn evidence(text: &str, sent: Span, clause: Span) -> Span {
    if sent.len() <= 300 {
        return sent;
    }
    let _ = text;
    clause
}

fn predicate_of(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    PREDICATES.iter().find(|(p, _)| w.starts_with(p)).map(|(_, c)| *c)
}

/// Words of a span as (start, end, lower-case word).
fn words_in(text: &str, span: Span) -> Vec<(usize, usize, String)> {
    super::features::words(&text[span.range()])
        .map(|(s, e)| (span.start + s, span.start + e, text[span.start + s..span.start + e].to_lowercase()))
        .collect()
}

fn approx_before(text: &str, at: usize) -> Approx {
    let head = &text[..at];
    let tail: String = head.chars().rev().take(24).collect::<Vec<_>>().into_iter().rev().collect();
    let t = tail.to_lowercase();
    let t = t.trim_end();
    for (w, a) in [
        ("at least", Approx::AtLeast),
        ("more than", Approx::AtLeast),
        ("over", Approx::AtLeast),
        ("upwards of", Approx::AtLeast),
        ("at most", Approx::AtMost),
        ("up to", Approx::AtMost),
        ("less than", Approx::AtMost),
        ("fewer than", Approx::AtMost),
        ("under", Approx::AtMost),
        ("almost", Approx::AtMost),
        ("nearly", Approx::AtMost),
        ("about", Approx::About),
        ("around", Approx::About),
        ("some", Approx::About),
        ("roughly", Approx::About),
        ("approximately", Approx::About),
        ("an estimated", Approx::About),
        ("estimated", Approx::About),
    ] {
        if t.ends_with(w) && t[..t.len() - w.len()].chars().last().is_none_or(|c| !c.is_alphanumeric()) {
            return a;
        }
    }
    Approx::Exact
}

fn scope_of(doc: &Document, clause: Span, sent: Span) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for (_, _, w) in words_in(&doc.text, clause) {
        if SCOPE_WORDS.contains(&w.as_str()) {
            v.push(w);
        }
    }
    for e in &doc.entities {
        if e.kind == EntityKind::Place
            && super::features::is_local_place(e)
            && e.mentions.iter().any(|m| sent.contains(Span::new(m.start, m.end)))
        {
            v.push(super::features::entity_key(&e.name));
        }
    }
    v.sort();
    v.dedup();
    v
}

/// The claims of one document, in text order.
pub fn extract(doc: &Document) -> Vec<Claim> {
    let mut out = Vec::new();
    let published = doc.published.as_deref().and_then(crate::date::parse_date);
    for &sent in &doc.sentences {
        if sent.end > doc.text.len()
            || !doc.text.is_char_boundary(sent.start)
            || !doc.text.is_char_boundary(sent.end)
        {
            continue;
        }
        quantities(doc, sent, &mut out);
        ages(doc, sent, &mut out);
        dates(doc, sent, published, &mut out);
    }
    statements(doc, &mut out);
    out.sort_by_key(|c| (c.value_span.start, c.kind));
    out
}

fn quantities(doc: &Document, sent: Span, out: &mut Vec<Claim>) {
    let text = &doc.text;
    let s = &text[sent.range()];
    let ws = words_in(text, sent);
    // Magnitudes first (`6.1-magnitude`).
    for c in MAGNITUDE.captures_iter(s) {
        let m = c.get(0).expect("match");
        let Some(v) = c.get(1).or(c.get(2)).and_then(|x| x.as_str().parse::<f64>().ok()) else { continue };
        let vs = Span::new(sent.start + m.start(), sent.start + m.end());
        let clause = clause_bounds(text, sent, vs.start);
        out.push(Claim {
            kind: ClaimKind::Measure,
            slot: "magnitude".into(),
            what: "magnitude".into(),
            value: Value::Number(v),
            approx: approx_before(text, vs.start),
            subject: person_in(doc, clause),
            words: Vec::new(),
            scope: scope_of(doc, clause, sent),
            span: evidence(text, sent, clause),
            value_span: vs,
        });
    }
    let mut candidates: Vec<(usize, usize, f64)> = Vec::new();
    for c in NUMBER.captures_iter(s) {
        let m = c.get(0).expect("match");
        let num = c.get(2).expect("digits");
        let (a, b) = (sent.start + m.start(), sent.start + m.end());
        let before = text[..sent.start + num.start()].chars().next_back();
        let after = text[sent.start + num.end()..].chars().next();
        // Parts of dates, times, scores, ids, hyphenated words and magnitudes are no counts.
        if matches!(before, Some(':' | '/' | '#' | '-' | '.')) || matches!(after, Some(':' | '/' | '-')) {
            continue;
        }
        let rest = &text[sent.start + num.end()..sent.end];
        let glued: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let glued_unit = !glued.is_empty() && UNITS.iter().any(|(u, _, _)| *u == glued.to_lowercase());
        if c.get(3).is_none() && !glued_unit && NOT_COUNT_AFTER.is_match(rest) {
            continue;
        }
        if num.as_str().starts_with('0') && num.as_str().len() > 1 && !num.as_str().starts_with("0.") {
            continue;
        }
        let before_text = text[sent.start..sent.start + num.start()].trim_end();
        if before_text.ends_with(',')
            && before_text[..before_text.len() - 1].trim_end().ends_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let raw = num.as_str().replace(',', "");
        let Ok(mut v) = raw.parse::<f64>() else { continue };
        if raw.len() == 4 && (1900.0..=2100.0).contains(&v) && c.get(3).is_none() && c.get(1).is_none() {
            continue; // a year
        }
        if is_in_date(s, m.start()) {
            continue;
        }
        if let Some(mult) = c.get(3) {
            v *= match mult.as_str().to_lowercase().as_str() {
                "million" | "m" => 1e6,
                "billion" | "bn" => 1e9,
                _ => 1e3,
            };
        }
        let money = c.get(1).map(|x| x.as_str().to_string());
        if let Some(cur) = money {
            let vs = Span::new(a, b);
            let clause = clause_bounds(text, sent, a);
            let pred = nearest_predicate(&ws, clause, a, b);
            let unit = if cur.contains('€') {
                "EUR"
            } else if cur.contains('£') {
                "GBP"
            } else {
                "USD"
            };
            out.push(Claim {
                kind: ClaimKind::Measure,
                slot: format!("money|{unit}|{}", pred.unwrap_or("")),
                what: format!("amount ({unit}){}", pred.map(|p| format!(" {p}")).unwrap_or_default()),
                value: Value::Number(v),
                approx: approx_before(text, a),
                subject: person_in(doc, clause),
                words: Vec::new(),
                scope: scope_of(doc, clause, sent),
                span: evidence(text, sent, clause),
                value_span: vs,
            });
            continue;
        }
        if glued_unit {
            let ub = sent.start + num.end() + glued.len();
            let clause = clause_bounds(text, sent, a);
            let Some(&(_, class, factor)) = UNITS.iter().find(|(u, _, _)| *u == glued.to_lowercase()) else {
                continue;
            };
            if let Some(pred) = nearest_predicate(&ws, clause, a, ub).filter(|_| class == "length") {
                out.push(Claim {
                    kind: ClaimKind::Measure,
                    slot: format!("measure|{class}|{pred}"),
                    what: format!("distance {pred} (metres)"),
                    value: Value::Number(round(v * factor)),
                    approx: approx_before(text, a),
                    subject: person_in(doc, clause),
                    words: Vec::new(),
                    scope: scope_of(doc, clause, sent),
                    span: evidence(text, sent, clause),
                    value_span: Span::new(a, ub),
                });
            }
            continue;
        }
        candidates.push((a, b, v));
    }
    for (i, (a, b, w)) in ws.iter().enumerate() {
        if let Some(&(_, v)) = WORD_NUMBERS.iter().find(|(n, _)| n == w) {
            // `one of`, `the one`, `one-year`: no counts.
            let next = ws.get(i + 1).map(|x| x.2.as_str());
            if next == Some("of") || text[*b..].starts_with('-') {
                continue;
            }
            candidates.push((*a, *b, v));
        }
    }
    for (a, b, v) in candidates {
        if in_name(doc, sent, a) {
            continue;
        }
        let clause = clause_bounds(text, sent, a);
        // The words right after the number, up to a function word or the clause end.
        let after: Vec<&(usize, usize, String)> =
            ws.iter().filter(|(s0, e0, _)| *s0 >= b && *e0 <= clause.end).take(4).collect();
        let gap_ok = |x: &(usize, usize, String), prev: usize| text[prev..x.0].trim().is_empty();
        let mut run: Vec<&(usize, usize, String)> = Vec::new();
        let mut prev = b;
        for x in after {
            if !gap_ok(x, prev)
                || STOP_AFTER.contains(&x.2.as_str())
                || x.2.chars().any(|c| c.is_ascii_digit())
            {
                break;
            }
            run.push(x);
            prev = x.1;
            if run.len() == 3 {
                break;
            }
        }
        let is_word_number = !text[a..b].chars().any(|c| c.is_ascii_digit());
        // A unit right after the number makes a measure.
        if let Some(first) = run.first() {
            if let Some(&(_, class, factor)) = UNITS.iter().find(|(u, _, _)| *u == first.2) {
                let pred = nearest_predicate(&ws, clause, a, first.1);
                if class == "years" && pred != Some("sentenced") || is_word_number {
                    continue;
                }
                if matches!(class, "months" | "days" | "hours") {
                    continue;
                }
                let slot = format!("measure|{class}|{}", pred.unwrap_or(""));
                let what = match (class, pred) {
                    ("years", Some(_)) => "length of sentence (years)".to_string(),
                    ("length", Some(p)) => format!("distance {p} (metres)"),
                    (c, Some(p)) => format!("{c} {p}"),
                    (c, None) => c.to_string(),
                };
                if pred.is_none() {
                    continue;
                }
                out.push(Claim {
                    kind: ClaimKind::Measure,
                    slot,
                    what,
                    value: Value::Number(round(v * factor)),
                    approx: approx_before(text, a),
                    subject: person_in(doc, clause),
                    words: Vec::new(),
                    scope: scope_of(doc, clause, sent),
                    span: evidence(text, sent, clause),
                    value_span: Span::new(a, first.1),
                });
                continue;
            }
        }
        // The counted noun: a people word among the next words, else the last word
        // of the run when it looks like a noun (lower case, not a predicate).
        let head = run
            .iter()
            .find(|x| is_people(&x.2))
            .or_else(|| run.last().filter(|x| predicate_of(&x.2).is_none()))
            .copied();
        let head_is_people = head.is_some_and(|h| is_people(&h.2));
        let pred = nearest_predicate(&ws, clause, a, head.map_or(b, |h| h.1));
        if head.is_none() && pred.is_none() {
            continue;
        }
        if head.is_some_and(|h| h.2.chars().next().is_some_and(|c| !c.is_alphabetic())) {
            continue;
        }
        if is_word_number
            && !(head_is_people
                || head.is_none() && matches!(pred, Some("killed" | "injured" | "missing" | "shot")))
        {
            continue;
        }
        // `mother of two died`: the number counts something else.
        let prev_word = ws.iter().rev().find(|x| x.1 <= a).map(|x| x.2.as_str());
        if head.is_none() && prev_word == Some("of") {
            continue;
        }
        // `Terence Crutcher, 40 ― a father … was shot`: an age in apposition to a
        // name, not a count of the people shot.
        if !head_is_people && apposed_to_name(&text[..a]) {
            continue;
        }
        // A capitalised word right after (a name: `3 Doors Down`) or a head that is
        // a time word: no count.
        if head.is_some_and(|h| {
            text[h.0..h.1].chars().next().is_some_and(char::is_uppercase)
                || matches!(
                    h.2.as_str(),
                    "years"
                        | "year"
                        | "days"
                        | "day"
                        | "months"
                        | "month"
                        | "weeks"
                        | "week"
                        | "hours"
                        | "hour"
                        | "minutes"
                        | "minute"
                        | "seconds"
                        | "times"
                        | "time"
                        | "percent"
                        | "%"
                        | "am"
                        | "pm"
                        | "a"
                        | "p"
                )
        }) {
            continue;
        }
        let class = match head {
            Some(_) if head_is_people => "people".to_string(),
            Some(h) => stem(&h.2),
            None => "people".to_string(),
        };
        if head.is_none()
            && !matches!(pred, Some("killed" | "injured" | "missing" | "shot" | "arrested" | "rescued"))
        {
            continue;
        }
        let noun = head.map_or("people".to_string(), |h| text[h.0..h.1].to_string());
        let what = match pred {
            Some(p) => format!("number of {noun} {p}"),
            None => format!("number of {noun}"),
        };
        out.push(Claim {
            kind: ClaimKind::Count,
            slot: format!("count|{class}|{}", pred.unwrap_or("")),
            what,
            value: Value::Number(v),
            approx: approx_before(text, a),
            subject: person_in(doc, clause),
            words: Vec::new(),
            scope: scope_of(doc, clause, sent),
            span: evidence(text, sent, clause),
            value_span: Span::new(a, head.map_or(b, |h| h.1)),
        });
    }
}

/// A people noun, singular or plural (`figures`, `dignitaries`, `men`).
fn is_people(w: &str) -> bool {
    PEOPLE.contains(&w)
        || w.strip_suffix("ies").is_some_and(|b| PEOPLE.contains(&format!("{b}y").as_str()))
        || w.strip_suffix('s').is_some_and(|b| PEOPLE.contains(&b))
}

/// True when the number at `a` belongs to a name (`Ashraf 3`, `Route 94`): inside
/// an entity mention or right after a capitalised word that does not start the
/// sentence.
fn in_name(doc: &Document, sent: Span, a: usize) -> bool {
    if doc.entities.iter().any(|e| e.mentions.iter().any(|m| m.start <= a && a < m.end)) {
        return true;
    }
    let before = doc.text[sent.start..a].trim_end_matches(' ');
    if before.len() + 1 != a - sent.start && before.len() + 2 != a - sent.start {
        return false;
    }
    let last = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    let starts_sentence = before.len() == last.len();
    !starts_sentence && last.chars().next().is_some_and(char::is_uppercase)
}

/// A person named in the clause (the subject of a count or a measure), if exactly one.
fn person_in(doc: &Document, clause: Span) -> Option<usize> {
    let ps: Vec<usize> = doc
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.kind == EntityKind::Person
                && e.mentions.iter().any(|m| clause.contains(Span::new(m.start, m.end)))
        })
        .map(|(i, _)| i)
        .collect();
    (ps.len() == 1).then(|| ps[0])
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn is_in_date(s: &str, at: usize) -> bool {
    DATE_ABS.find_iter(s).any(|m| m.start() <= at && at < m.end())
}

/// The predicate nearest to `a..b` inside the clause: a word right after the number
/// or its noun (`1 dead`), else right before (`killing 3`), else the nearest.
fn nearest_predicate(
    ws: &[(usize, usize, String)],
    clause: Span,
    a: usize,
    b: usize,
) -> Option<&'static str> {
    let inside: Vec<&(usize, usize, String)> =
        ws.iter().filter(|(s, e, _)| *s >= clause.start && *e <= clause.end).collect();
    if let Some(p) = inside.iter().find(|x| x.0 >= b).and_then(|x| predicate_of(&x.2)) {
        return Some(p);
    }
    let before = inside.iter().rev().find(|x| x.1 <= a);
    if let Some(p) = before.and_then(|x| predicate_of(&x.2)) {
        return Some(p);
    }
    inside
        .iter()
        .filter_map(|x| {
            let p = predicate_of(&x.2)?;
            let d = if x.0 >= b { x.0 - b } else { a.saturating_sub(x.1) };
            Some((d, p))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, p)| p)
}

fn ages(doc: &Document, sent: Span, out: &mut Vec<Claim>) {
    let text = &doc.text;
    let s = &text[sent.range()];
    let persons: Vec<(usize, Span)> = doc
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntityKind::Person)
        .flat_map(|(i, e)| e.mentions.iter().map(move |m| (i, Span::new(m.start, m.end))))
        .filter(|(_, m)| sent.contains(*m))
        .collect();
    // `36-year-old Duncan Rait`
    for c in AGE_BEFORE.captures_iter(s) {
        let m = c.get(0).expect("match");
        let Ok(v) = c[1].parse::<f64>() else { continue };
        let end = sent.start + m.end();
        let Some(&(who, ms)) =
            persons.iter().find(|(_, ms)| ms.start >= end && text[end..ms.start].trim().len() <= 24)
        else {
            continue;
        };
        // Only words of description between: `36-year-old Australian climber Duncan Rait`;
        // not `61-year-old Vancouver man` (the name is a modifier there).
        let between = &text[end..ms.start];
        if between.contains([',', '.', ';'])
            || between.split_whitespace().any(|w| STOP_AFTER.contains(&w.to_lowercase().as_str()))
        {
            continue;
        }
        let next = text[ms.end..sent.end].split_whitespace().next().unwrap_or("").to_lowercase();
        if is_people(&next) {
            continue;
        }
        push_age(doc, sent, who, v, Span::new(sent.start + m.start(), ms.end), out);
    }
    // `Eric Allen Kirkpatrick, 61,` / `Williams, 32,`
    for &(who, ms) in &persons {
        if let Some(c) = AGE_AFTER.captures(&text[ms.end..sent.end]) {
            let Ok(v) = c[1].parse::<f64>() else { continue };
            let g = c.get(0).expect("match");
            push_age(doc, sent, who, v, Span::new(ms.start, ms.end + g.end()), out);
        }
    }
}

/// True when `before` ends with a capitalised word and a comma (`Crutcher,`).
fn apposed_to_name(before: &str) -> bool {
    let Some(b) = before.trim_end().strip_suffix(',') else { return false };
    b.trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase)
}

fn push_age(doc: &Document, sent: Span, who: usize, v: f64, vs: Span, out: &mut Vec<Claim>) {
    if !(1.0..=115.0).contains(&v) {
        return;
    }
    let clause = clause_bounds(&doc.text, sent, vs.start);
    out.push(Claim {
        kind: ClaimKind::Age,
        slot: "age".into(),
        what: format!("age of {}", doc.entities[who].name),
        value: Value::Number(v),
        approx: Approx::Exact,
        subject: Some(who),
        words: Vec::new(),
        scope: Vec::new(),
        span: evidence(&doc.text, sent, clause),
        value_span: vs,
    });
}

/// The event noun a date in this sentence is the date of: the nearest one.
fn anchor(ws: &[(usize, usize, String)], at: usize) -> Option<(String, &(usize, usize, String))> {
    ws.iter()
        .filter_map(|x| {
            let w = x.2.as_str();
            let base = w.strip_suffix('s').filter(|b| EVENT_NOUNS.contains(b)).unwrap_or(w);
            EVENT_NOUNS.contains(&base).then(|| (base.to_string(), x))
        })
        .min_by_key(|(_, x)| if x.0 >= at { x.0 - at } else { at - x.1 })
}

fn dates(doc: &Document, sent: Span, published: Option<NaiveDate>, out: &mut Vec<Claim>) {
    let text = &doc.text;
    let s = &text[sent.range()];
    let ws = words_in(text, sent);
    let mut found: Vec<(Span, Option<i32>, u32, u32)> = Vec::new();
    for c in DATE_ABS.captures_iter(s) {
        let m = c.get(0).expect("match");
        let (mon, day, year) = if let Some(mo) = c.get(1) {
            (mo.as_str(), c.get(2).map(|x| x.as_str()), c.get(3).map(|x| x.as_str()))
        } else {
            (c.get(5).map_or("", |x| x.as_str()), c.get(4).map(|x| x.as_str()), c.get(6).map(|x| x.as_str()))
        };
        // `May` and `march` are also words: only a capitalised month with a day.
        if !mon.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let (Some(month), Some(day)) =
            (crate::date::month_number(mon), day.and_then(|d| d.parse::<u32>().ok()))
        else {
            continue;
        };
        let mut year: Option<i32> = year.and_then(|y| y.parse().ok());
        if year.is_none() {
            if let Some(p) = published {
                year = crate::date::parse_date_near(&format!("{mon} {day}"), Some(p)).map(|d| d.year());
            }
        }
        if year.is_some_and(|y| NaiveDate::from_ymd_opt(y, month, day).is_none()) || day == 0 || day > 31 {
            continue;
        }
        found.push((Span::new(sent.start + m.start(), sent.start + m.end()), year, month, day));
    }
    if let Some(p) = published {
        for c in WEEKDAY.captures_iter(s) {
            let m = c.get(0).expect("match");
            let wd: Weekday = match c[1].parse() {
                Ok(w) => w,
                Err(_) => continue,
            };
            // The latest such weekday on or before the publication date.
            let back = (p.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
            let d = p - chrono::Duration::days(back as i64);
            found.push((
                Span::new(sent.start + m.start(), sent.start + m.end()),
                Some(d.year()),
                d.month(),
                d.day(),
            ));
        }
    }
    let dateline = doc.dateline.as_ref().map(|d| Span::new(d.start, d.end));
    for (vs, year, month, day) in found {
        // The dateline's date is the publication date, not an event's.
        if dateline.is_some_and(|d| d.overlaps(vs)) {
            continue;
        }
        let Some((noun, _)) = anchor(&ws, vs.start) else { continue };
        let clause = clause_bounds(text, sent, vs.start);
        out.push(Claim {
            kind: ClaimKind::Date,
            slot: format!("date|{noun}"),
            what: format!("date of the {noun}"),
            value: Value::Date { year, month, day },
            approx: Approx::Exact,
            subject: None,
            words: Vec::new(),
            scope: Vec::new(),
            span: sent,
            value_span: vs,
        });
        let _ = clause;
    }
}

fn statements(doc: &Document, out: &mut Vec<Claim>) {
    for q in &doc.quotes {
        let Some(sp) = q.speaker.as_ref().and_then(|s| s.entity.as_deref()) else { continue };
        let Some(who) = doc.entities.iter().position(|e| e.id == sp) else { continue };
        // Only words between quote marks: a paraphrase's words are the reporter's, and
        // two reporters' paraphrases are no evidence of who said what.
        if q.kind != crate::model::QuoteKind::Direct {
            continue;
        }
        if !matches!(doc.entities[who].kind, EntityKind::Person | EntityKind::Org) || q.confidence < 0.5 {
            continue;
        }
        if q.end > doc.text.len() || !doc.text.is_char_boundary(q.start) || !doc.text.is_char_boundary(q.end)
        {
            continue;
        }
        let mut words: Vec<String> = super::features::words(&doc.text[q.start..q.end])
            .map(|(s, e)| doc.text[q.start + s..q.start + e].to_lowercase())
            .filter(|w| !super::features::is_stop(w))
            .collect();
        if words.len() < 5 {
            continue;
        }
        words.sort();
        words.dedup();
        out.push(Claim {
            kind: ClaimKind::Said,
            slot: "said".into(),
            what: "who said it".into(),
            value: Value::Speaker(who),
            approx: Approx::Exact,
            subject: Some(who),
            words,
            scope: Vec::new(),
            span: Span::new(q.start, q.end),
            value_span: q.speaker_span.unwrap_or(Span::new(q.start, q.end)),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::RawDoc;
    use crate::pipeline::analyze;
    use crate::Resources;

    fn render(text: &str, published: Option<&str>) -> Vec<String> {
        let mut raw = RawDoc::text("t", text);
        raw.published = published.map(str::to_string);
        let doc = analyze(raw, Resources::embedded());
        extract(&doc)
            .iter()
            .map(|c| {
                let v = match &c.value {
                    Value::Number(n) => format!("{n}"),
                    Value::Date { year, month, day } => format!("{year:?}-{month}-{day}"),
                    Value::Speaker(i) => doc.entities[*i].name.clone(),
                };
                format!("{} = {v} [{}]", c.slot, &doc.text[c.value_span.range()])
            })
            .collect()
    }

    #[test]
    fn counts_with_their_nouns_and_events() {
        let got = render(
            "A gunman killed 3 people and wounded two others on Monday.\n\nAbout 350 dignitaries attended the rally. Police said 1 dead, 2 hurt.",
            Some("2019-07-23"),
        );
        assert_eq!(
            got,
            vec![
                "count|people|killed = 3 [3 people]",
                "count|people|injured = 2 [two others]",
                "count|people|attending = 350 [350 dignitaries]",
                "count|people|killed = 1 [1 dead]",
                "count|people|injured = 2 [2]",
            ]
        );
    }

    #[test]
    fn an_age_beside_a_name_is_no_count() {
        let got = render(
            "Terence Crutcher, 40 \u{2015} a father \u{2015} was shot and killed by an officer. In Tulsa, 40 people were shot.",
            Some("2016-09-20"),
        );
        assert!(
            !got.iter().any(|c| c.contains("[40 \u{2015}") || c == "count|people|shot = 40 [40]"),
            "{got:?}"
        );
        assert!(got.iter().any(|c| c.starts_with("count|people|shot = 40")), "{got:?}");
    }

    #[test]
    fn ages_dates_and_measures() {
        let got = render(
            "Eric Allen Kirkpatrick, 61, opened fire. The climber Duncan Rait fell about 150 metres.\n\nThe conference started on July 13. Police said 36-year-old John Smith died.",
            Some("2019-07-23"),
        );
        assert_eq!(
            got,
            vec![
                "age = 61 [Eric Allen Kirkpatrick, 61,]",
                "measure|length|fell = 150 [150 metres]",
                "date|conference = Some(2019)-7-13 [July 13]",
                "age = 36 [36-year-old John Smith]",
            ]
        );
    }
}
