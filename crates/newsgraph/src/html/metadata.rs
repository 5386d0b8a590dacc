//! Title, publication date, author, site name and language of a page, in the
//! order the best tools trust them: JSON-LD, then OpenGraph/Twitter/Dublin Core
//! `<meta>`, then `<time>`, the URL, and finally the visible text. A date never
//! comes from a script and never lies after the crawl (today); an author is a
//! name, not a menu word.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::dom::Collected;

/// JSON-LD `@type`s that describe the article itself.
const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "blogposting",
    "reportagenews",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "livebloglosting",
    "liveblogposting",
    "techarticle",
    "scholarlyarticle",
    "report",
    "socialmediaposting",
    "discussionforumposting",
    "recipe",
    "review",
    "howto",
    "creativework",
    "webpage",
    "itempage",
    "aboutpage",
    "event",
    "product",
];

/// What JSON-LD said.
#[derive(Debug, Default)]
pub(super) struct LdMeta {
    pub headline: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub language: Option<String>,
    /// `datePublished`/`uploadDate` of any other object (a `VideoObject` on a video page).
    pub other_date: Option<String>,
    /// The object's type rank (0 = NewsArticle … larger = weaker).
    rank: usize,
}

fn type_rank(v: &Value) -> Option<usize> {
    let t = v.get("@type")?;
    let rank = |s: &str| {
        let s = s.to_ascii_lowercase();
        let s = s.rsplit('/').next().unwrap_or(&s).to_string();
        ARTICLE_TYPES.iter().position(|a| *a == s)
    };
    match t {
        Value::String(s) => rank(s),
        Value::Array(a) => a.iter().filter_map(|x| x.as_str()).filter_map(rank).min(),
        _ => None,
    }
}

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(str_of),
        Value::Object(o) => o.get("name").or_else(|| o.get("@value")).and_then(str_of),
        _ => None,
    }
}

fn authors_of(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let s = s.trim();
            if !s.is_empty() && !s.starts_with("http") {
                out.push(s.to_string());
            }
        }
        Value::Array(a) => a.iter().take(10).for_each(|x| authors_of(x, out)),
        Value::Object(o) => {
            if let Some(n) = o.get("name") {
                authors_of(n, out);
            } else if let (Some(g), Some(f)) = (o.get("givenName"), o.get("familyName")) {
                if let (Some(g), Some(f)) = (str_of(g), str_of(f)) {
                    out.push(format!("{g} {f}"));
                }
            }
        }
        _ => {}
    }
}

fn visit_ld(
    v: &Value,
    depth: usize,
    best: &mut Option<LdMeta>,
    publisher: &mut Option<String>,
    other_date: &mut Option<String>,
) {
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| visit_ld(x, depth + 1, best, publisher, other_date)),
        Value::Object(o) => {
            if let Some(g) = o.get("@graph") {
                visit_ld(g, depth + 1, best, publisher, other_date);
            }
            if publisher.is_none() {
                if let Some(p) = o.get("publisher").and_then(str_of) {
                    *publisher = Some(p);
                }
            }
            if type_rank(v).is_some_and(|t| ARTICLE_TYPES[t] == "webpage") {
                // A WebPage often nests the article in `mainEntity`.
                if let Some(m) = o.get("mainEntity").or_else(|| o.get("mainEntityOfPage")) {
                    visit_ld(m, depth + 1, best, publisher, other_date);
                }
            }
            let Some(rank) = type_rank(v) else {
                if let Some(d) = o.get("datePublished").or_else(|| o.get("uploadDate")).and_then(str_of) {
                    other_date.get_or_insert(d);
                }
                return;
            };
            if best.as_ref().is_some_and(|b| b.rank <= rank) {
                return;
            }
            let mut m = LdMeta { rank, ..LdMeta::default() };
            let is_page = ARTICLE_TYPES[rank].ends_with("page");
            m.headline = o.get("headline").and_then(str_of).or_else(|| {
                if is_page {
                    None
                } else {
                    o.get("name").and_then(str_of)
                }
            });
            m.published = o.get("datePublished").or_else(|| o.get("dateCreated")).and_then(str_of);
            m.modified = o.get("dateModified").and_then(str_of);
            if let Some(a) = o.get("author").or_else(|| o.get("creator")) {
                authors_of(a, &mut m.authors);
            }
            m.publisher = o.get("publisher").and_then(str_of);
            m.language = o.get("inLanguage").and_then(str_of);
            *best = Some(m);
        }
        _ => {}
    }
}

/// Parse the page's JSON-LD blocks and keep the most article-like object.
pub(super) fn json_ld(blocks: &[String]) -> LdMeta {
    let mut best: Option<LdMeta> = None;
    let mut publisher = None;
    let mut other_date = None;
    for b in blocks {
        let t = b.trim().trim_start_matches("<!--").trim_end_matches("-->");
        let t = t.trim().trim_start_matches("//<![CDATA[").trim_end_matches("//]]>");
        let v: Value = match serde_json::from_str(t) {
            Ok(v) => v,
            Err(_) => {
                // Raw control characters inside strings are a common breakage.
                let fixed: String = t.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
                match serde_json::from_str(&fixed) {
                    Ok(v) => v,
                    Err(_) => continue,
                }
            }
        };
        visit_ld(&v, 0, &mut best, &mut publisher, &mut other_date);
    }
    let mut m = best.unwrap_or_default();
    m.other_date = other_date;
    if m.publisher.is_none() {
        m.publisher = publisher;
    }
    m
}

/// First `<meta>` content among `keys` (in the order of `keys`).
pub(super) fn meta<'c>(col: &'c Collected, keys: &[&str]) -> Option<&'c str> {
    keys.iter().find_map(|k| {
        col.metas.iter().find(|(key, v)| key == k && !v.trim().is_empty()).map(|(_, v)| v.trim())
    })
}

/// Whitespace-normalise and decode the few entities meta values still carry.
pub(super) fn norm(s: &str) -> String {
    let s = s.replace("&amp;", "&").replace("&quot;", "\"").replace("&#039;", "'").replace("&#39;", "'");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

const TITLE_SEPS: &[&str] = &[" | ", " - ", " – ", " — ", " · ", " :: ", " » ", " « ", " // ", " ‹ ", " › "];

fn letters(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Strip a site-name segment (`Headline | Site`) when one segment names the site.
pub(super) fn strip_site(title: &str, site: Option<&str>, host: Option<&str>) -> String {
    for sep in TITLE_SEPS {
        if !title.contains(sep) {
            continue;
        }
        let parts: Vec<&str> = title.split(sep).collect();
        let is_site = |p: &str| {
            let l = letters(p);
            !l.is_empty()
                && (site.is_some_and(|s| {
                    let s = letters(s);
                    !s.is_empty() && (l == s || (s.contains(&l) && l.len() >= 4) || l.contains(&s))
                }) || host.is_some_and(|h| {
                    let h = letters(h.trim_start_matches("www."));
                    l.len() >= 3 && h.contains(&l)
                }))
        };
        if let (Some(first), Some(last)) = (parts.first(), parts.last()) {
            if parts.len() >= 2 && is_site(last) {
                return parts[..parts.len() - 1].join(sep).trim().to_string();
            }
            if parts.len() >= 2 && is_site(first) {
                return parts[1..].join(sep).trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

/// The longest segment of a `<title>` made of separated parts.
pub(super) fn longest_segment(title: &str) -> String {
    for sep in TITLE_SEPS {
        if title.contains(sep) {
            if let Some(p) = title.split(sep).max_by_key(|p| p.chars().count()) {
                return p.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

// ---------------------------------------------------------------- dates

static RE_ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])((?:19|20)\d\d)[-/.](0?[1-9]|1[0-2])[-/.](0?[1-9]|[12]\d|3[01])(?:[^0-9]|$)")
        .expect("regex")
});
static RE_COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[^0-9]|$)").expect("regex")
});
static RE_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])(0?[1-9]|[12]\d|3[01])[./](0?[1-9]|1[0-2])[./]((?:19|20)\d\d)(?:[^0-9]|$)")
        .expect("regex")
});
static RE_CJK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日").expect("regex"));
static RE_D_MONTH_Y: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\p{L}0-9])(\d{1,2})(?:\.|er|st|nd|rd|th|º)?\s*(?:de\s+)?(\p{L}{3,12})\.?,?\s*(?:de\s+)?((?:19|20)\d\d)(?:[^0-9]|$)")
        .expect("regex")
});
static RE_MONTH_D_Y: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^\p{L}])(\p{L}{3,12})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)(?:[^0-9]|$)",
    )
    .expect("regex")
});
static RE_URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|_|\.|$)")
        .expect("regex")
});
static RE_URL_COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[/_-]((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)").expect("regex")
});

/// Month number of a month name or abbreviation in the languages of the news we see.
fn month(name: &str) -> Option<u32> {
    let n = name.to_lowercase();
    let n = n.trim_end_matches('.');
    const MONTHS: &[(&str, u32)] = &[
        ("januar", 1),
        ("jänner", 1),
        ("january", 1),
        ("janvier", 1),
        ("enero", 1),
        ("gennaio", 1),
        ("janeiro", 1),
        ("januari", 1),
        ("stycznia", 1),
        ("styczeń", 1),
        ("jan", 1),
        ("ene", 1),
        ("janv", 1),
        ("februar", 2),
        ("february", 2),
        ("février", 2),
        ("fevrier", 2),
        ("febrero", 2),
        ("febbraio", 2),
        ("fevereiro", 2),
        ("februari", 2),
        ("lutego", 2),
        ("luty", 2),
        ("feb", 2),
        ("févr", 2),
        ("fév", 2),
        ("märz", 3),
        ("maerz", 3),
        ("march", 3),
        ("mars", 3),
        ("marzo", 3),
        ("março", 3),
        ("maart", 3),
        ("marca", 3),
        ("marzec", 3),
        ("mar", 3),
        ("mär", 3),
        ("mrz", 3),
        ("april", 4),
        ("avril", 4),
        ("abril", 4),
        ("aprile", 4),
        ("kwietnia", 4),
        ("kwiecień", 4),
        ("apr", 4),
        ("avr", 4),
        ("abr", 4),
        ("mai", 5),
        ("may", 5),
        ("mayo", 5),
        ("maggio", 5),
        ("maio", 5),
        ("mei", 5),
        ("maja", 5),
        ("maj", 5),
        ("juni", 6),
        ("june", 6),
        ("juin", 6),
        ("junio", 6),
        ("giugno", 6),
        ("junho", 6),
        ("czerwca", 6),
        ("czerwiec", 6),
        ("jun", 6),
        ("juli", 7),
        ("july", 7),
        ("juillet", 7),
        ("julio", 7),
        ("luglio", 7),
        ("julho", 7),
        ("lipca", 7),
        ("lipiec", 7),
        ("jul", 7),
        ("juil", 7),
        ("august", 8),
        ("août", 8),
        ("aout", 8),
        ("agosto", 8),
        ("augustus", 8),
        ("sierpnia", 8),
        ("sierpień", 8),
        ("aug", 8),
        ("ago", 8),
        ("september", 9),
        ("septembre", 9),
        ("septiembre", 9),
        ("settembre", 9),
        ("setembro", 9),
        ("września", 9),
        ("wrzesień", 9),
        ("sep", 9),
        ("sept", 9),
        ("set", 9),
        ("oktober", 10),
        ("october", 10),
        ("octobre", 10),
        ("octubre", 10),
        ("ottobre", 10),
        ("outubro", 10),
        ("października", 10),
        ("październik", 10),
        ("oct", 10),
        ("okt", 10),
        ("out", 10),
        ("ott", 10),
        ("november", 11),
        ("novembre", 11),
        ("noviembre", 11),
        ("novembro", 11),
        ("listopada", 11),
        ("listopad", 11),
        ("nov", 11),
        ("dezember", 12),
        ("december", 12),
        ("décembre", 12),
        ("decembre", 12),
        ("diciembre", 12),
        ("dicembre", 12),
        ("dezembro", 12),
        ("grudnia", 12),
        ("grudzień", 12),
        ("dec", 12),
        ("dez", 12),
        ("déc", 12),
        ("dic", 12),
    ];
    MONTHS.iter().find(|(m, _)| *m == n).map(|(_, v)| *v)
}

/// A valid calendar date between 1995 and `today` (inclusive) as `YYYY-MM-DD`.
fn valid(y: i32, m: u32, d: u32, today: chrono::NaiveDate) -> Option<String> {
    let date = chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    let min = chrono::NaiveDate::from_ymd_opt(1995, 1, 1)?;
    (date >= min && date <= today).then(|| date.format("%Y-%m-%d").to_string())
}

fn num<T: std::str::FromStr>(c: &regex::Captures<'_>, i: usize) -> Option<T> {
    c.get(i)?.as_str().parse().ok()
}

/// A machine-readable date (`2019-10-19T08:00:00+02:00`, `2019/10/19`, `20191019`).
pub(super) fn parse_machine_date(s: &str, today: chrono::NaiveDate) -> Option<String> {
    let s = s.trim();
    if let Some(c) = RE_ISO.captures(s) {
        return valid(num(&c, 1)?, num(&c, 2)?, num(&c, 3)?, today);
    }
    if let Some(c) = RE_COMPACT.captures(s) {
        return valid(num(&c, 1)?, num(&c, 2)?, num(&c, 3)?, today);
    }
    parse_text_date(s, today)
}

/// A date written for people: `31.05.2012`, `31. Mai 2012`, `May 31, 2012`,
/// `31 de mayo de 2012`, `2012年5月31日`.
pub(super) fn parse_text_date(s: &str, today: chrono::NaiveDate) -> Option<String> {
    if let Some(c) = RE_CJK.captures(s) {
        if let Some(d) = valid(num(&c, 1)?, num(&c, 2)?, num(&c, 3)?, today) {
            return Some(d);
        }
    }
    if let Some(c) = RE_DMY.captures(s) {
        if let Some(d) = valid(num(&c, 3)?, num(&c, 2)?, num(&c, 1)?, today) {
            return Some(d);
        }
    }
    for c in RE_D_MONTH_Y.captures_iter(s) {
        if let Some(m) = c.get(2).and_then(|m| month(m.as_str())) {
            if let Some(d) = valid(num(&c, 3)?, m, num(&c, 1)?, today) {
                return Some(d);
            }
        }
    }
    for c in RE_MONTH_D_Y.captures_iter(s) {
        if let Some(m) = c.get(1).and_then(|m| month(m.as_str())) {
            if let Some(d) = valid(num(&c, 3)?, m, num(&c, 2)?, today) {
                return Some(d);
            }
        }
    }
    if let Some(c) = RE_ISO.captures(s) {
        return valid(num(&c, 1)?, num(&c, 2)?, num(&c, 3)?, today);
    }
    None
}

/// A date in the URL path (`/2019/10/19/`, `/20191019-`).
pub(super) fn url_date(url: &str, today: chrono::NaiveDate) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = path.find('/').map_or("", |i| &path[i..]);
    if let Some(c) = RE_URL_DATE.captures(path) {
        return valid(num(&c, 1)?, num(&c, 2)?, num(&c, 3)?, today);
    }
    if let Some(c) = RE_URL_COMPACT.captures(path) {
        return valid(num(&c, 1)?, num(&c, 2)?, num(&c, 3)?, today);
    }
    None
}

/// True when a short line is only a date (with words like `Published`, a time).
pub(super) fn is_date_line(s: &str) -> bool {
    if s.chars().count() > 80 {
        return false;
    }
    let today = chrono::NaiveDate::from_ymd_opt(2100, 1, 1).unwrap_or_default();
    if parse_text_date(s, today).is_none() {
        return false;
    }
    let words = s.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count();
    words <= 5
}

// ---------------------------------------------------------------- authors

static RE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(?:view|see)\s+all\s+(?:posts|articles|stories)\s+by|(?:zeige\s+)?alle\s+(?:beiträge|artikel)\s+von|post\s+author(?:\s+by)?|(?:veröffentlicht|publiziert|geschrieben|erstellt|verfasst|eingestellt)\s+von|publié\s+par|publicado\s+por|(?:show|view)\s+all\s+articles\s+of|(?:written|posted|published|submitted)\s+by|ein\s+beitrag\s+von|vom|von|by|par|por|door|di|da|od|autor(?:in)?|author|auteur|texte?|redakteur(?:in)?)(?:\s*:\s*|\s+)",
    )
    .expect("regex")
});

/// Words that are menu items, roles or site chrome, never an author.
/// A prefix glued to the name by missing markup spacing: `AuthorJana Petersen`.
static RE_GLUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Author|Autor|author|autor|Veröffentlicht von|Posted by|Von|von|By|by)(\p{Lu}\p{Ll})")
        .expect("regex")
});

/// A name written like a person's (`Jana Petersen`), not a handle (`jpetersen`, `JanaP_84`).
pub(super) fn looks_like_full_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.len() >= 2
        && words.len() <= 5
        && words.iter().all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()) || w.len() <= 3)
        && !s.contains('_')
}

const NOT_AUTHOR: &[&str] = &[
    "publiziert",
    "veröffentlicht",
    "published",
    "posted",
    "wordpressadmin",
    "wpadmin",
    "root",
    "design",
    "admin",
    "administrator",
    "home",
    "news",
    "menu",
    "login",
    "startseite",
    "kontakt",
    "contact",
    "impressum",
    "imprint",
    "search",
    "suche",
    "about",
    "facebook",
    "twitter",
    "instagram",
    "linkedin",
    "share",
    "teilen",
    "anonymous",
    "follow",
    "weiter",
    "weiterlesen",
    "no author",
    "super user",
    "anonym",
    "guest",
    "gast",
    "editor",
    "webmaster",
    "user",
    "unknown",
    "null",
    "none",
    "undefined",
    "posted",
    "by",
    "von",
    "more",
    "mehr",
    "blog",
    "post",
    "posts",
    "artikel",
    "article",
    "comments",
    "kommentare",
    "staff",
    "team",
    "redaktion",
    "online",
    "print",
    "foto",
    "photo",
    "bild",
    "dpa",
    "afp",
    "reuters",
    "ap",
];

/// Clean a byline into a name: strip `By`/`Von`, dates, roles after `|`/`,`.
pub(super) fn clean_author(raw: &str) -> Option<String> {
    let s = norm(raw);
    let s = RE_GLUED.replace(&s, "$1").to_string();
    let s = RE_BY.replace(&s, "").to_string();
    let s = s.split(['|', '\n', '•', '·']).next().unwrap_or("").trim();
    // `Name, Role` / `Name - date`: keep the name.
    let s = s.split(" - ").next().unwrap_or(s).trim();
    let s = s.trim_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '.').trim();
    let s = s.trim_end_matches(" am").trim_end_matches(" on").trim();
    if s.chars().count() < 2 || s.chars().count() > 80 {
        return None;
    }
    if s.contains("://")
        || s.contains('@')
        || s.contains("[at]")
        || s.contains("www.")
        || s.starts_with('#')
        || s.contains(':')
    {
        return None;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() > 7 {
        return None;
    }
    if s.chars().filter(|c| c.is_ascii_digit()).count() > 0 {
        return None;
    }
    let lower = s.to_lowercase();
    if NOT_AUTHOR.contains(&lower.as_str()) {
        return None;
    }
    if words.iter().all(|w| NOT_AUTHOR.contains(&w.to_lowercase().as_str())) {
        return None;
    }
    if !s.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(s.to_string())
}

/// True when an author candidate names the site (its name, publisher or domain) or
/// a company rather than a person.
pub(super) fn is_site_or_company(
    author: &str,
    site: Option<&str>,
    publisher: Option<&str>,
    host: Option<&str>,
) -> bool {
    static RE_ORG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:\b(?:gmbh|ag|eg|e\.\s?v\.|ltd|inc|llc|s\.\s?a\.|verlag|kg|sarl|sas|plc)\.?$|-redaktion$|^redaktion\b)")
            .expect("regex")
    });
    let first = author.split(';').next().unwrap_or(author).trim();
    let key = letters(first);
    if key.is_empty() {
        return false;
    }
    if RE_ORG.is_match(first) {
        return true;
    }
    // A domain (`lecker.de`, `freiheit.org`).
    if !first.contains(' ')
        && first.contains('.')
        && first.rsplit('.').next().is_some_and(|tld| (2..=4).contains(&tld.len()))
    {
        return true;
    }
    let same = |s: &str| {
        let l = letters(s);
        !l.is_empty() && l == key
    };
    if site.is_some_and(same) || publisher.is_some_and(same) {
        return true;
    }
    host.is_some_and(|h| {
        let h = h.trim_start_matches("www.");
        let name = h.rsplit_once('.').map_or(h, |(n, _)| n);
        letters(name) == key
    })
}

/// Join distinct cleaned author names with `; ` (trafilatura's convention).
pub(super) fn join_authors<I: IntoIterator<Item = String>>(names: I) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        for part in n.split([';']) {
            if let Some(c) = clean_author(part) {
                if !out.iter().any(|o| o.eq_ignore_ascii_case(&c)) && out.len() < 6 {
                    out.push(c);
                }
            }
        }
    }
    (!out.is_empty()).then(|| out.join("; "))
}

/// Language code from `de-DE`, `de_DE`, `German`.
pub(super) fn lang_code(s: &str) -> Option<String> {
    let s = s.trim().to_ascii_lowercase();
    let code: String = s.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    (code.len() == 2 || code.len() == 3).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date")
    }

    #[test]
    fn dates() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2019-10-19T08:00:00+02:00", Some("2019-10-19")),
            ("20191019", Some("2019-10-19")),
            ("31.05.2012", Some("2012-05-31")),
            ("Veröffentlicht am 31. Mai 2012", Some("2012-05-31")),
            ("May 31, 2012", Some("2012-05-31")),
            ("le 3 février 2020", Some("2020-02-03")),
            ("4 de mayo de 2022", Some("2022-05-04")),
            ("12 listopada 2021", Some("2021-11-12")),
            ("2021年11月3日", Some("2021-11-03")),
            ("2030-01-01", None),
            ("1990-05-05", None),
            ("2019-02-30", None),
            ("no date", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_machine_date(s, today()).as_deref(), *want, "{s}");
        }
    }

    #[test]
    fn url_dates() {
        assert_eq!(url_date("https://x.de/2012/05/31/slug/", today()).as_deref(), Some("2012-05-31"));
        assert_eq!(url_date("https://x.de/news/20191019-slug.html", today()).as_deref(), Some("2019-10-19"));
        assert_eq!(url_date("https://x.de/2019/slug", today()), None);
        assert_eq!(url_date("https://x.de/home/2017/7/12/slug", today()).as_deref(), Some("2017-07-12"));
        assert_eq!(url_date("https://x.de/2017/123/slug", today()), None);
        assert_eq!(url_date("https://2019-10-19.de/", today()), None);
    }

    #[test]
    fn authors() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Von Simon Braasch", Some("Simon Braasch")),
            ("By Evan Symon | August 14, 2020", Some("Evan Symon")),
            ("Design", None),
            ("admin", None),
            ("https://www.facebook.com/x", None),
            ("Marie Merlet", Some("Marie Merlet")),
            ("Posted on 12.03.2020", None),
            ("View all posts by Daniel Lemire", Some("Daniel Lemire")),
            ("AuthorAndreas Kalt", Some("Andreas Kalt")),
            ("Veröffentlicht vonChris Jung", Some("Chris Jung")),
            ("Interview: Jens Bergmann Foto: Michael Hudler", None),
            ("cipha[at]cipha.net", None),
            ("Eingestellt von Weinlachgummi", Some("Weinlachgummi")),
            ("Publié par Unknown", None),
            ("Super User", None),
        ];
        for (s, want) in cases {
            assert_eq!(clean_author(s).as_deref(), *want, "{s}");
        }
        assert_eq!(
            join_authors(vec!["A. Muster".into(), "Eva Lang".into()]).as_deref(),
            Some("A. Muster; Eva Lang")
        );
    }

    #[test]
    fn site_and_company_authors() {
        let site = Some("Deutsches Rotes Kreuz");
        for (a, want) in [
            ("Deutsches Rotes Kreuz", true),
            ("lecker.de", true),
            ("ZooRoyal Petcare GmbH", true),
            ("TVT-Redaktion", true),
            ("antary", true),
            ("Anna Muster", false),
            ("Dr. A. Kurz", false),
        ] {
            assert_eq!(is_site_or_company(a, site, None, Some("www.antary.de")), want, "{a}");
        }
    }

    #[test]
    fn titles() {
        assert_eq!(
            strip_site("Skoda: Der lange Weg | autohaus.de", None, Some("www.autohaus.de")),
            "Skoda: Der lange Weg"
        );
        assert_eq!(strip_site("Spiegel - Krieg und Frieden", Some("Spiegel"), None), "Krieg und Frieden");
        assert_eq!(strip_site("Krieg - und Frieden", Some("Zeit"), None), "Krieg - und Frieden");
        assert_eq!(longest_segment("Home | A longer headline here"), "A longer headline here");
    }

    #[test]
    fn json_ld_article() {
        let ld = r#"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
            {"@type":"NewsArticle","headline":"Big news","datePublished":"2020-08-14T10:00:00Z",
             "author":[{"@type":"Person","name":"Evan Symon"}],"publisher":{"@type":"Organization","name":"Globe"}}]}"#;
        let m = json_ld(&[ld.to_string()]);
        assert_eq!(m.headline.as_deref(), Some("Big news"));
        assert_eq!(m.published.as_deref(), Some("2020-08-14T10:00:00Z"));
        assert_eq!(m.authors, vec!["Evan Symon".to_string()]);
        assert_eq!(m.publisher.as_deref(), Some("Globe"));
    }
}
