//! When an event happened: the date expression of its sentence nearest the trigger
//! (`July 18`, `2019-07-13`, `on Wednesday, July 10`, `yesterday`, `last weekend`),
//! resolved against the publication date (or the dateline's). A date that cannot be
//! resolved stays `None`, never invented; a weekday with a month and day but no
//! reference date takes the one year mentioned in the article that makes the weekday
//! right, if exactly one does.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;

use crate::date::{month_number, MONTH_RE};

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:(mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?|(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_RE})(?:,?\s+(\d{{4}})\b)?)|\b(\d{{4}})-(\d{{2}})-(\d{{2}})\b|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(today|tonight|yesterday|last night|this morning|last weekend)\b"
    ))
    .expect("date regex")
});

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(19[5-9]\d|20\d\d)\b").expect("year regex"));

fn weekday(prefix: &str) -> Option<Weekday> {
    Some(match prefix.to_ascii_lowercase().as_str() {
        "mon" => Weekday::Mon,
        "tues" => Weekday::Tue,
        "wednes" => Weekday::Wed,
        "thurs" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "satur" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// What a document's dates are resolved against.
#[derive(Clone, Debug, Default)]
pub(crate) struct DateCtx {
    /// The publication date, else the dateline's.
    pub reference: Option<NaiveDate>,
    /// Distinct years the article mentions, in order.
    pub years: Vec<i32>,
}

impl DateCtx {
    pub(crate) fn new(text: &str, reference: Option<NaiveDate>) -> DateCtx {
        let mut years: Vec<i32> = Vec::new();
        if reference.is_none() {
            for m in YEAR.find_iter(text) {
                if let Ok(y) = m.as_str().parse() {
                    if !years.contains(&y) {
                        years.push(y);
                    }
                }
            }
        }
        DateCtx { reference, years }
    }
}

/// The latest `day` on or before `r`.
fn last_weekday(r: NaiveDate, day: Weekday) -> NaiveDate {
    let back = (7 + r.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    r - Duration::days(i64::from(back))
}

fn resolve(c: &regex::Captures<'_>, ctx: &DateCtx) -> Option<NaiveDate> {
    let r = ctx.reference;
    if let (Some(y), Some(m), Some(d)) = (c.get(8), c.get(9), c.get(10)) {
        return NaiveDate::from_ymd_opt(
            y.as_str().parse().ok()?,
            m.as_str().parse().ok()?,
            d.as_str().parse().ok()?,
        );
    }
    let md = match (c.get(2), c.get(3), c.get(5), c.get(6)) {
        (Some(m), Some(d), _, _) => {
            Some((month_number(m.as_str())?, d.as_str().parse::<u32>().ok()?, c.get(4)))
        }
        (_, _, Some(d), Some(m)) => {
            Some((month_number(m.as_str())?, d.as_str().parse::<u32>().ok()?, c.get(7)))
        }
        _ => None,
    };
    if let Some((m, d, year)) = md {
        if let Some(y) = year {
            return NaiveDate::from_ymd_opt(y.as_str().parse().ok()?, m, d);
        }
        let wd = c.get(1).and_then(|w| weekday(w.as_str()));
        if let Some(r) = r {
            let this = NaiveDate::from_ymd_opt(r.year(), m, d)?;
            return if this <= r + Duration::days(7) {
                Some(this)
            } else {
                NaiveDate::from_ymd_opt(r.year() - 1, m, d)
            };
        }
        // no reference: a weekday picks the year among those the article names
        let wd = wd?;
        let fits: Vec<NaiveDate> = ctx
            .years
            .iter()
            .filter_map(|&y| NaiveDate::from_ymd_opt(y, m, d))
            .filter(|x| x.weekday() == wd)
            .collect();
        return (fits.len() == 1).then(|| fits[0]);
    }
    let r = r?;
    if let Some(w) = c.get(11) {
        return Some(last_weekday(r, weekday(w.as_str())?));
    }
    match c.get(12)?.as_str().to_ascii_lowercase().as_str() {
        "today" | "tonight" | "this morning" => Some(r),
        "yesterday" | "last night" => Some(r - Duration::days(1)),
        // the Saturday of the weekend before the reference
        "last weekend" => Some(last_weekday(r - Duration::days(1), Weekday::Sat)),
        _ => None,
    }
}

/// The date of an event whose trigger is at byte `at` of `sentence` (an ISO date), or
/// `None`.
pub(crate) fn date_near(sentence: &str, at: usize, ctx: &DateCtx) -> Option<String> {
    let mut best: Option<(usize, NaiveDate)> = None;
    // find the matches with the fast matcher; capture groups only inside each match
    for m in DATE.find_iter(sentence) {
        let dist = if m.start() >= at { m.start() - at } else { at.saturating_sub(m.end()) };
        if best.is_some_and(|(b, _)| b <= dist) {
            continue;
        }
        let Some(c) = DATE.captures(m.as_str()) else { continue };
        if let Some(d) = resolve(&c, ctx) {
            best = Some((dist, d));
        }
    }
    best.map(|(_, d)| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(r: &str) -> DateCtx {
        DateCtx { reference: NaiveDate::parse_from_str(r, "%Y-%m-%d").ok(), years: Vec::new() }
    }

    #[test]
    fn dates_resolve_against_the_reference() {
        let c = ctx("2019-07-23");
        let cases = [
            ("on Wednesday, July 10, he threatened", "2019-07-10"),
            ("CNN reported on Thursday, July 18 that", "2019-07-18"),
            ("the conference started on 2019-07-13", "2019-07-13"),
            ("they met yesterday", "2019-07-22"),
            ("the rebels attacked on Sunday", "2019-07-21"),
            ("travelled to Albania last weekend", "2019-07-20"),
            ("on 13 July 2018 they met", "2018-07-13"),
        ];
        for (s, want) in cases {
            assert_eq!(date_near(s, 0, &c).as_deref(), Some(want), "{s}");
        }
        assert_eq!(date_near("they met last week", 0, &c), None);
    }

    #[test]
    fn no_reference_no_invented_date() {
        let none = DateCtx::default();
        assert_eq!(date_near("they met yesterday", 0, &none), None);
        assert_eq!(date_near("on July 10 they met", 0, &none), None);
        // the weekday picks the one year of the article that fits
        let c = DateCtx::new("The 2019 Free Iran rally. In 2018 too.", None);
        assert_eq!(date_near("on Wednesday, July 10, he", 0, &c).as_deref(), Some("2019-07-10"));
    }
}
