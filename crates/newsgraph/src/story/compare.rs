//! Compare the claims of a story's documents: **agreements** (one value from two or
//! more documents) and **discrepancies** (different values for one slot), each value
//! with its document and evidence span.
//!
//! Claims meet when their slots are equal ([`super::claim`]): same kind of quantity
//! for the same event word, the age of one cross-document person, the date of one
//! kind of event, the same statement. Precision over recall:
//! - a discrepancy needs one document that gives a single value for the slot and
//!   another that gives a different one; counts need an event word (`killed`,
//!   `attending`) — two numbers of people are not a contradiction by themselves;
//! - values the text marks as approximate or bounded (`about 150`, `at least 3`) are
//!   compatible with what they allow (within 10 % for `about`);
//! - dates more than a month apart are taken for two events of one kind, not a
//!   discrepancy; a year-less date takes its year from its publication date or,
//!   failing that, from the story's;
//! - kind: `scope` when the two sides name different places or scope words
//!   (`total`, `nationwide`); `update` when they were published on different days
//!   (the later one revises the figure); else `conflict`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde_json::json;

use crate::model::{Agreement, ClaimValue, Discrepancy, Document, Evidence};

use super::claim::{self, Approx, Claim, ClaimKind, Value};
use super::entities::CrossEntity;

/// Agreements and discrepancies among the documents of one story.
pub fn compare(docs: &[&Document]) -> (Vec<Agreement>, Vec<Discrepancy>) {
    let feats: Vec<super::DocFeatures> = docs.iter().map(|d| super::features(d)).collect();
    let frefs: Vec<&super::DocFeatures> = feats.iter().collect();
    compare_with(docs, &super::entities::resolve(&frefs))
}

/// A claim with its document and its value made comparable.
struct Item<'a> {
    doc: usize,
    claim: &'a Claim,
    value: Norm,
}

#[derive(Clone, Debug, PartialEq, PartialOrd)]
enum Norm {
    Number(f64),
    Date(NaiveDate),
    Who(usize),
}

impl Norm {
    fn json(&self, ents: &[CrossEntity]) -> serde_json::Value {
        match self {
            Norm::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => json!(*n as i64),
            Norm::Number(n) => json!(n),
            Norm::Date(d) => json!(d.format("%Y-%m-%d").to_string()),
            Norm::Who(i) => json!(ents.get(*i).map_or("", |e| e.entity.name.as_str())),
        }
    }
}

/// Dates of one kind of event further apart than this are two events (two rallies,
/// two debates of one campaign), not two accounts of one.
const MAX_DATE_GAP: i64 = 7;

/// True when two values of one slot can both be right.
fn compatible(a: &Item<'_>, b: &Item<'_>) -> bool {
    match (&a.value, &b.value) {
        (Norm::Number(x), Norm::Number(y)) => {
            let within = |tol: f64| (x - y).abs() <= tol * x.abs().max(y.abs());
            if x == y || within(0.05) && a.claim.kind == ClaimKind::Measure {
                return true;
            }
            let allows = |c: &Claim, v: f64, w: f64| match c.approx {
                Approx::Exact => false,
                Approx::About => (v - w).abs() <= 0.1 * v.abs().max(w.abs()),
                Approx::AtLeast => w >= v,
                Approx::AtMost => w <= v,
            };
            allows(a.claim, *x, *y) || allows(b.claim, *y, *x)
        }
        (Norm::Date(x), Norm::Date(y)) => x == y || (*x - *y).num_days().abs() > MAX_DATE_GAP,
        (Norm::Who(x), Norm::Who(y)) => x == y,
        _ => true,
    }
}

/// [`compare`] with the story's cross-document entities already resolved.
pub fn compare_with(docs: &[&Document], ents: &[CrossEntity]) -> (Vec<Agreement>, Vec<Discrepancy>) {
    let claims: Vec<Vec<Claim>> = docs.iter().map(|d| claim::extract(d)).collect();
    let mut who: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (k, e) in ents.iter().enumerate() {
        for &m in &e.members {
            who.insert(m, k);
        }
    }
    let published: Vec<Option<NaiveDate>> =
        docs.iter().map(|d| d.published.as_deref().and_then(crate::date::parse_date)).collect();
    let story_ref = published.iter().flatten().min().copied();
    let mut slots: BTreeMap<String, Vec<Item<'_>>> = BTreeMap::new();
    let mut said: Vec<Item<'_>> = Vec::new();
    for (d, cs) in claims.iter().enumerate() {
        for c in cs {
            let value = match &c.value {
                Value::Number(n) => Norm::Number(*n),
                Value::Date { year, month, day } => {
                    let y = year.or_else(|| {
                        let r = published[d].or(story_ref)?;
                        let this = NaiveDate::from_ymd_opt(r.year(), *month, *day)?;
                        Some(if this <= r + chrono::Duration::days(7) { r.year() } else { r.year() - 1 })
                    });
                    match y.and_then(|y| NaiveDate::from_ymd_opt(y, *month, *day)) {
                        Some(date) => Norm::Date(date),
                        None => continue,
                    }
                }
                Value::Speaker(i) => match who.get(&(d, *i)) {
                    Some(&k) => Norm::Who(k),
                    None => continue,
                },
            };
            let item = Item { doc: d, claim: c, value };
            match c.kind {
                ClaimKind::Said => said.push(item),
                ClaimKind::Age => {
                    let Some(&k) = c.subject.and_then(|s| who.get(&(d, s))) else { continue };
                    slots.entry(format!("age|{k}")).or_default().push(item);
                }
                ClaimKind::Count | ClaimKind::Measure => {
                    // About one person (`Rait fell 60 metres`) or about none named.
                    let key = match c.subject {
                        Some(s) => match who.get(&(d, s)) {
                            Some(&k) => format!("{}|{k}", c.slot),
                            None => continue,
                        },
                        None => c.slot.clone(),
                    };
                    slots.entry(key).or_default().push(item);
                }
                _ => slots.entry(c.slot.clone()).or_default().push(item),
            }
        }
    }
    let mut agreements = Vec::new();
    let mut discrepancies = Vec::new();
    for items in slots.values() {
        compare_slot(items, docs, &published, ents, &mut agreements, &mut discrepancies);
    }
    compare_statements(&said, docs, ents, &mut agreements);
    agreements
        .sort_by(|a, b| a.what.cmp(&b.what).then_with(|| a.value.to_string().cmp(&b.value.to_string())));
    discrepancies.sort_by(|a, b| a.what.cmp(&b.what));
    (agreements, discrepancies)
}

fn evidence(docs: &[&Document], it: &Item<'_>) -> Evidence {
    Evidence { document: docs[it.doc].id.clone(), start: it.claim.span.start, end: it.claim.span.end }
}

/// One side of a discrepancy: the value, its document, evidence span and date.
fn claim_value(docs: &[&Document], it: &Item<'_>, ents: &[CrossEntity]) -> ClaimValue {
    ClaimValue {
        value: it.value.json(ents),
        document: docs[it.doc].id.clone(),
        start: it.claim.span.start,
        end: it.claim.span.end,
        published: docs[it.doc].published.clone(),
    }
}

fn what_of(items: &[&Item<'_>]) -> String {
    // The most common description, then the shortest.
    let mut n: BTreeMap<&str, usize> = BTreeMap::new();
    for it in items {
        *n.entry(it.claim.what.as_str()).or_default() += 1;
    }
    n.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.len().cmp(&a.0.len())))
        .map_or(String::new(), |(w, _)| w.to_string())
}

fn compare_slot(
    items: &[Item<'_>],
    docs: &[&Document],
    published: &[Option<NaiveDate>],
    ents: &[CrossEntity],
    agreements: &mut Vec<Agreement>,
    discrepancies: &mut Vec<Discrepancy>,
) {
    let ndocs: BTreeSet<usize> = items.iter().map(|i| i.doc).collect();
    if ndocs.len() < 2 {
        return;
    }
    // Agreements: one value, two documents or more (first evidence of each).
    let mut by_value: Vec<(Norm, Vec<&Item<'_>>)> = Vec::new();
    for it in items {
        match by_value.iter_mut().find(|(v, _)| *v == it.value) {
            Some((_, v)) => v.push(it),
            None => by_value.push((it.value.clone(), vec![it])),
        }
    }
    for (v, its) in &by_value {
        let mut seen = BTreeSet::new();
        let firsts: Vec<&Item<'_>> = its.iter().copied().filter(|i| seen.insert(i.doc)).collect();
        if firsts.len() >= 2 {
            agreements.push(Agreement {
                what: what_of(&firsts),
                value: v.json(ents),
                evidence: firsts.iter().map(|i| evidence(docs, i)).collect(),
            });
        }
    }
    // Discrepancies.
    let first = &items[0].claim;
    if matches!(first.kind, ClaimKind::Count | ClaimKind::Measure) && !has_event_word(&first.slot) {
        return; // a quantity with no event word
    }
    let mut per_doc: BTreeMap<usize, Vec<&Item<'_>>> = BTreeMap::new();
    for it in items {
        per_doc.entry(it.doc).or_default().push(it);
    }
    // Dates of one kind of event spread over more than a week are several events (a
    // campaign's rallies, each state's primary), not accounts of one.
    let dates: Vec<NaiveDate> =
        by_value.iter().filter_map(|(v, _)| if let Norm::Date(d) = v { Some(*d) } else { None }).collect();
    if let (Some(lo), Some(hi)) = (dates.iter().min(), dates.iter().max()) {
        if (*hi - *lo).num_days() > MAX_DATE_GAP {
            return;
        }
    }
    // A date contradiction needs dates written as dates on both sides (`July 13`):
    // a weekday (`on Tuesday`) resolved against the publication date is too weak to
    // contradict anyone.
    let written = |it: &Item<'_>| {
        it.claim.kind != ClaimKind::Date
            || docs[it.doc]
                .text
                .get(it.claim.value_span.range())
                .is_some_and(|t| t.bytes().any(|b| b.is_ascii_digit()))
    };
    let mut sides: Vec<&Item<'_>> = Vec::new();
    let mut kinds: BTreeSet<&'static str> = BTreeSet::new();
    for (&da, ia) in &per_doc {
        // A document with one value (however often it says it).
        if ia.iter().any(|x| !compatible(x, ia[0]) || x.value != ia[0].value) {
            continue;
        }
        let a = ia[0];
        if !written(a) {
            continue;
        }
        for (&db, ib) in &per_doc {
            if db == da {
                continue;
            }
            for b in ib {
                if !written(b)
                    || compatible(a, b)
                    || ib.iter().any(|x| x.value == a.value) && a.claim.kind != ClaimKind::Date
                {
                    continue;
                }
                kinds.insert(kind_of(a, b, published));
                // Each value with at most two of the documents that give it.
                for x in [a, *b] {
                    let same = sides.iter().filter(|s| s.value == x.value).count();
                    if same < 2 && !sides.iter().any(|s| s.doc == x.doc && s.value == x.value) {
                        sides.push(x);
                    }
                }
            }
        }
    }
    if sides.len() < 2 {
        return;
    }
    sides.sort_by(|a, b| a.doc.cmp(&b.doc).then(a.claim.span.start.cmp(&b.claim.span.start)));
    // Several kinds across pairs: the weakest claim wins (scope, then update).
    let kind = ["scope", "update", "conflict"].into_iter().find(|k| kinds.contains(k)).unwrap_or("conflict");
    discrepancies.push(Discrepancy {
        what: what_of(&sides),
        kind: Some(kind.to_string()),
        values: sides.iter().map(|s| claim_value(docs, s, ents)).collect(),
    });
}

/// True when a quantity's slot names its event (`count|people|killed`, with or
/// without a subject after it).
fn has_event_word(slot: &str) -> bool {
    let mut parts = slot.split('|');
    let _ = (parts.next(), parts.next());
    parts.next().is_some_and(|p| !p.is_empty())
}

fn kind_of(a: &Item<'_>, b: &Item<'_>, published: &[Option<NaiveDate>]) -> &'static str {
    // Different scope words (`total`, `in the province`) on the two sides: they count
    // different things. (Place names are no evidence: one place has many names.)
    let words = |c: &Claim| -> Vec<String> { c.scope.iter().filter(|w| is_scope_word(w)).cloned().collect() };
    if words(a.claim) != words(b.claim) {
        return "scope";
    }
    if matches!(a.claim.kind, ClaimKind::Count | ClaimKind::Measure) {
        if let (Some(x), Some(y)) = (published[a.doc], published[b.doc]) {
            if x != y {
                return "update";
            }
        }
    }
    "conflict"
}

fn is_scope_word(w: &str) -> bool {
    !w.contains(' ') && w.chars().all(|c| c.is_ascii_lowercase()) && !w.is_empty() && w.len() < 12 && {
        matches!(
            w,
            "total"
                | "overall"
                | "nationwide"
                | "worldwide"
                | "global"
                | "globally"
                | "statewide"
                | "province"
                | "provincial"
                | "county"
                | "district"
                | "region"
                | "regional"
                | "alone"
                | "combined"
                | "cumulative"
                | "daily"
                | "weekly"
                | "annual"
                | "monthly"
                | "each"
                | "per"
        )
    }
}

/// Statements: the same direct quote (most content words shared) in two documents
/// with one speaker is an agreement.
fn compare_statements(
    said: &[Item<'_>],
    docs: &[&Document],
    ents: &[CrossEntity],
    agreements: &mut Vec<Agreement>,
) {
    let mut used = vec![false; said.len()];
    for i in 0..said.len() {
        if used[i] {
            continue;
        }
        let mut group = vec![i];
        for j in i + 1..said.len() {
            if !used[j]
                && said[j].doc != said[i].doc
                && overlap(&said[i].claim.words, &said[j].claim.words) >= 0.6
            {
                group.push(j);
            }
        }
        if group.iter().map(|&k| said[k].doc).collect::<BTreeSet<_>>().len() < 2 {
            continue;
        }
        for &k in &group {
            used[k] = true;
        }
        let its: Vec<&Item<'_>> = group.iter().map(|&k| &said[k]).collect();
        let quote = {
            let c = its[0].claim;
            let t = &docs[its[0].doc].text[c.span.range()];
            let short: String = t.split_whitespace().take(8).collect::<Vec<_>>().join(" ");
            if t.split_whitespace().count() > 8 {
                format!("“{short} …”")
            } else {
                format!("“{short}”")
            }
        };
        let speakers: BTreeSet<usize> =
            its.iter().filter_map(|i| if let Norm::Who(k) = i.value { Some(k) } else { None }).collect();
        if speakers.len() == 1 {
            agreements.push(Agreement {
                what: format!("who said {quote}"),
                value: its[0].value.json(ents),
                evidence: its.iter().map(|i| evidence(docs, i)).collect(),
            });
        }
        // Two speakers for one quote are not shown as a contradiction: on PolNeAR's
        // campaign stories every such pair hand-checked was an attribution error of
        // ours (a pronoun resolved to the wrong Clinton, `Look` taken for a name), and
        // a false contradiction costs a fact-checker more than a missed one.
    }
}

/// Shared words over the smaller set.
fn overlap(a: &[String], b: &[String]) -> f64 {
    let n = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    n as f64 / a.len().min(b.len()).max(1) as f64
}
