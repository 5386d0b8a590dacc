//! Dates as news writes them → `chrono::NaiveDate`.
//!
//! `parse_date` reads absolute dates (`2019-07-23`, `July 23, 2019`, `23 July 2019`,
//! `Tue, 23 Jul 2019 10:00:00 GMT`, `23.07.2019`, `2019/07/23`). A date without a year
//! (`Wednesday, July 10`) is resolved against a reference date (the publication date):
//! the latest such date not more than a few days after the reference.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Month number (1–12) of an English month name or abbreviation (`Sept.` too).
pub fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    if n.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if n == "sept" {
        return Some(9);
    }
    MONTHS.iter().zip(full.iter()).position(|(abbr, f)| n == *abbr || n == *f).map(|i| i as u32 + 1)
}

/// The regex fragment matching an English month name or abbreviation.
pub const MONTH_RE: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";

static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])").expect("ISO"));
static SLASH_YMD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b").expect("YMD"));
static DOT_DMY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b").expect("DMY"));
static MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")).expect("MDY")
});
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?({MONTH_RE}),?\s+(\d{{4}})\b"))
        .expect("DMY")
});
static MD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b")).expect("MD")
});

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Parse an absolute date written anywhere in `s` (ISO forms must start it).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(c) = ISO.captures(s) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    if let Some(c) = SLASH_YMD.captures(s) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    if let Some(c) = DOT_DMY.captures(s) {
        return ymd(&c[3], &c[2], &c[1]);
    }
    if let Some(c) = MDY.captures(s) {
        return NaiveDate::from_ymd_opt(c[3].parse().ok()?, month_number(&c[1])?, c[2].parse().ok()?);
    }
    if let Some(c) = DMY.captures(s) {
        return NaiveDate::from_ymd_opt(c[3].parse().ok()?, month_number(&c[2])?, c[1].parse().ok()?);
    }
    chrono::DateTime::parse_from_rfc2822(s).ok().map(|d| d.date_naive())
}

/// Parse a date that may lack its year (`July 10`), resolving it against `reference`:
/// the year that puts it closest before (or at most 7 days after) the reference.
pub fn parse_date_near(s: &str, reference: Option<NaiveDate>) -> Option<NaiveDate> {
    if let Some(d) = parse_date(s) {
        return Some(d);
    }
    let r = reference?;
    let c = MD.captures(s)?;
    let (m, d) = (month_number(&c[1])?, c[2].parse().ok()?);
    let this = NaiveDate::from_ymd_opt(r.year(), m, d)?;
    if this <= r + chrono::Duration::days(7) {
        Some(this)
    } else {
        NaiveDate::from_ymd_opt(r.year() - 1, m, d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_dates() {
        let d = NaiveDate::from_ymd_opt(2019, 7, 23);
        for s in [
            "2019-07-23",
            "2019-07-23T10:00:00Z",
            "July 23, 2019",
            "Jul. 23 2019",
            "23 July 2019",
            "23rd of July, 2019",
            "Tuesday, July 23, 2019",
            "Tue, 23 Jul 2019 10:00:00 GMT",
            "23.07.2019",
            "2019/07/23",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        assert_eq!(parse_date("2019-02-30"), None);
        assert_eq!(parse_date("no date here"), None);
    }

    #[test]
    fn dates_without_year() {
        let r = NaiveDate::from_ymd_opt(2019, 7, 23);
        assert_eq!(parse_date_near("Wednesday, July 10", r), NaiveDate::from_ymd_opt(2019, 7, 10));
        assert_eq!(
            parse_date_near("Dec. 30", NaiveDate::from_ymd_opt(2020, 1, 2)),
            NaiveDate::from_ymd_opt(2019, 12, 30)
        );
        assert_eq!(parse_date_near("July 10", None), None);
    }
}
