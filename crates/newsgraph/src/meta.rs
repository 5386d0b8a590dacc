//! Metadata of a cleaned article: title, dateline, publication date, byline, language.
//!
//! Markup and input fields ([`Hints`]) win over what the text suggests; the text is
//! the fallback: its first line is the headline, a dateline at the head of the
//! body (`Iran, July 23, 2019 - `, `LONDON 1996-08-30`, `WASHINGTON (Reuters) -`)
//! gives place and date, and `whatlang` gives the language.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::date::{parse_date, parse_date_near, MONTH_RE};
use crate::model::{paragraph_spans, Byline, Dateline};

/// Metadata found outside the text (HTML markup, JSONL fields), preferred over
/// what the text itself suggests.
#[derive(Debug, Default, Clone)]
pub struct Hints {
    /// Headline.
    pub title: Option<String>,
    /// Publication date (ISO `YYYY-MM-DD`, or any form [`parse_date`] reads).
    pub published: Option<String>,
    /// Author name.
    pub author: Option<String>,
    /// Site or outlet name.
    pub sitename: Option<String>,
    /// Declared language (`<html lang>`), ISO 639-1.
    pub language: Option<String>,
}

/// What [`extract`] found.
#[derive(Debug, Default)]
pub struct Meta {
    /// Headline.
    pub title: Option<String>,
    /// ISO publication date.
    pub published: Option<String>,
    /// Dateline at the head of the body.
    pub dateline: Option<Dateline>,
    /// Author.
    pub byline: Option<Byline>,
    /// ISO 639-1 code.
    pub language: Option<String>,
}

/// Longest line taken for a headline when the input names none.
const MAX_TITLE_BYTES: usize = 300;

/// Find the metadata of a cleaned text, preferring `hints`.
pub fn extract(text: &str, hints: &Hints, byline: Option<Byline>) -> Meta {
    let title = hints.title.clone().or_else(|| {
        let first = text.lines().next()?.trim();
        (!first.is_empty() && first.len() <= MAX_TITLE_BYTES).then(|| first.to_string())
    });
    let hinted = hints.published.as_deref().and_then(parse_date);
    let dateline = find_dateline(text, hinted);
    let published = hinted
        .or_else(|| dateline.as_ref().and_then(|d| d.date.as_deref()).and_then(parse_date))
        .map(|d| d.to_string());
    let byline =
        byline.or_else(|| hints.author.as_ref().map(|a| Byline { name: a.trim().to_string(), bio: None }));
    let language = hints.language.as_deref().map(primary_subtag).or_else(|| detect_language(text));
    Meta { title, published, dateline, byline, language }
}

/// `en-GB` → `en`.
fn primary_subtag(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or(tag).trim().to_ascii_lowercase()
}

/// Bytes of the text's start that language detection reads. Trigram detection has
/// settled long before this (whatlang gave the same answer with 700 bytes as with
/// 2,000 on all 4,828 English texts of the bench corpus), and its cost grows with the length:
/// at 2,000 bytes it was most of the metadata stage.
const LANGUAGE_SAMPLE: usize = 1000;

/// ISO 639-1 code of the text's language, when detection is reliable.
pub fn detect_language(text: &str) -> Option<String> {
    let mut end = text.len().min(LANGUAGE_SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if clearly_english(sample) {
        return Some("en".to_string());
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    iso639_1(info.lang()).map(str::to_string)
}

/// Words that make up a large share of any English prose and are no common word of
/// another language written in Latin letters (`to`, `in`, `a`, `of`, `is`, `on` are
/// left out: they are words of Czech, Polish, Dutch, Italian, Finnish…).
const ENGLISH_MARKERS: [&str; 14] = [
    "and", "from", "has", "have", "said", "that", "the", "their", "this", "was", "were", "which", "with",
    "would",
];

/// At least this share of a sample's words (in thousandths) being [`ENGLISH_MARKERS`]
/// makes it English without asking the detector. English news has a median of 12.5 %
/// in its first 1,000 bytes (96 % of the 4,828 bench texts reach 8 %); other languages
/// stay near 0 (`was` is Dutch and German too, but far from this share).
const ENGLISH_MARKER_SHARE: usize = 80;

/// Words in a sample below this count are never judged by the markers alone.
const ENGLISH_MIN_WORDS: usize = 40;

/// A fast path in front of the trigram detector, whose cost does not shrink with the
/// sample (it scores every language profile of the script): most news in a corpus is
/// plainly English, and a fifth of English text is a handful of function words.
fn clearly_english(sample: &str) -> bool {
    let (mut words, mut markers) = (0usize, 0usize);
    for w in sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        words += 1;
        markers += usize::from(w.len() <= 5 && ENGLISH_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(w)));
    }
    words >= ENGLISH_MIN_WORDS && markers * 1000 >= words * ENGLISH_MARKER_SHARE
}

fn iso639_1(l: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match l {
        Eng => "en",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Nld => "nl",
        Pol => "pl",
        Rus => "ru",
        Ukr => "uk",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Ara => "ar",
        Pes => "fa",
        Tur => "tr",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Ces => "cs",
        Slk => "sk",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Bul => "bg",
        Ron => "ro",
        Hun => "hu",
        Ell => "el",
        Heb => "he",
        Hin => "hi",
        Ben => "bn",
        Urd => "ur",
        Ind => "id",
        Vie => "vi",
        Tha => "th",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Cat => "ca",
        Afr => "af",
        Bel => "be",
        Epo => "eo",
        Tgl => "tl",
        Mar => "mr",
        Tam => "ta",
        Tel => "te",
        Kan => "kn",
        Mal => "ml",
        Guj => "gu",
        Pan => "pa",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Mya => "my",
        Amh => "am",
        Kat => "ka",
        Hye => "hy",
        Aze => "az",
        Uzb => "uz",
        Yid => "yi",
        Zul => "zu",
        Sna => "sn",
        Aka => "ak",
        Jav => "jv",
        Lat => "la",
        Tuk => "tk",
        Ori => "or",
        _ => return None,
    })
}

/// A capitalised place name: `Iran`, `AL-AIN , United Arab Emirates`, `NEW YORK`.
const PLACE_RE: &str = r"\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|del|la|of|am|an|el|al))*(?:\s*,\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*)*)?";

static DATELINES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let dash = r"\s*(?:-{1,2}|–|—|:)\s+";
    [
        // Iran, July 23, 2019 - …   /   Tirana, 23 July 2019 — …
        format!(r"^(?P<place>{PLACE_RE})\s*,\s*(?P<date>(?:\p{{L}}+day,\s+)?{MONTH_RE}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{MONTH_RE}(?:\s+\d{{4}})?){dash}"),
        // LONDON 1996-08-30   /   AL-AIN , United Arab Emirates 1996-12-06
        format!(r"^(?P<place>{PLACE_RE})\s+(?P<date>\d{{4}}-\d{{2}}-\d{{2}})\b\s*"),
        // WASHINGTON (Reuters) -   /   PARIS, July 3 (AFP) -
        format!(r"^(?P<place>{PLACE_RE})(?:\s*,\s*(?P<date>{MONTH_RE}\s+\d{{1,2}}))?\s*\((?:AP|AFP|Reuters|UPI|dpa|DPA|IANS|PTI|Xinhua|CNN|BBC|Bloomberg|TASS|EFE|ANSA)\){dash}"),
        // TEHRAN -   (an upper-case place alone)
        format!(r"^(?P<place>\p{{Lu}}[\p{{Lu}}.'’-]+(?:\s+\p{{Lu}}[\p{{Lu}}.'’-]+)*(?:\s*,\s*\p{{Lu}}[\p{{L}}.'’-]*(?:\s+\p{{Lu}}[\p{{L}}.'’-]*)*)?){dash}"),
        // Monday, March 2, 2009 (a Wikinews date line)
        format!(r"^(?P<date>(?:\p{{L}}+day,\s+)?{MONTH_RE}\s+\d{{1,2}},\s*\d{{4}})\s*$"),
    ]
    .iter()
    .map(|r| Regex::new(r).expect("dateline regex"))
    .collect()
});

/// Find a dateline at the start of one of the first paragraphs after the headline.
pub fn find_dateline(text: &str, reference: Option<NaiveDate>) -> Option<Dateline> {
    let paras = paragraph_spans(text);
    // The headline is paragraph 0; a dateline opens the body. CoNLL-style texts put
    // one line per sentence, so look at the first few lines too.
    let mut starts: Vec<usize> = paras.iter().skip(1).take(3).map(|p| p.start).collect();
    let mut off = 0;
    for (i, line) in text.split('\n').enumerate().take(4) {
        if i > 0 && !starts.contains(&off) && !line.trim().is_empty() {
            starts.push(off);
        }
        off += line.len() + 1;
    }
    starts.sort_unstable();
    for s in starts {
        let rest = &text[s..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let line = &rest[..line_end];
        for re in DATELINES.iter() {
            // `is_match` first: most lines match no pattern, and it needs no capture
            // slots (a capture search clears a table as big as the line times the pattern)
            if !re.is_match(line) {
                continue;
            }
            let Some(c) = re.captures(line) else { continue };
            let m = c.get(0)?;
            let place = c.name("place").map(|p| p.as_str().trim().to_string());
            if place.as_deref().is_some_and(|p| !plausible_place(p)) {
                continue;
            }
            let date =
                c.name("date").and_then(|d| parse_date_near(d.as_str(), reference)).map(|d| d.to_string());
            if place.is_none() && date.is_none() {
                continue;
            }
            let matched = m.as_str();
            let keep = matched.trim_end().len();
            return Some(Dateline { place, date, start: s, end: s + keep });
        }
    }
    None
}

/// Words that start sentences or headlines but are not places.
fn plausible_place(p: &str) -> bool {
    const NOT: &[&str] = &[
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "But",
        "And",
        "Update",
        "Updated",
        "Breaking",
        "Exclusive",
        "Analysis",
        "Opinion",
        "Editorial",
        "Note",
        "Photo",
        "Video",
        "Watch",
        "Listen",
        "Live",
        "Comment",
        "Read",
        "Summary",
        "Q",
        "UPDATE",
        "BREAKING",
        "EXCLUSIVE",
        "ANALYSIS",
        "OPINION",
        "NOTE",
        "WATCH",
        "LIVE",
    ];
    let first = p.split([' ', ',']).next().unwrap_or(p);
    !NOT.contains(&first) && p.chars().count() <= 60
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dl(text: &str) -> Option<(Option<String>, Option<String>, String)> {
        find_dateline(text, NaiveDate::from_ymd_opt(2019, 7, 23))
            .map(|d| (d.place.clone(), d.date.clone(), text[d.start..d.end].to_string()))
    }

    #[test]
    fn datelines() {
        let cases = [
            (
                "Head\n\nIran, July 23, 2019 - The series of events",
                Some("Iran"),
                Some("2019-07-23"),
                "Iran, July 23, 2019 -",
            ),
            (
                "HEAD .\nLONDON 1996-08-30\nWest Indian all-rounder",
                Some("LONDON"),
                Some("1996-08-30"),
                "LONDON 1996-08-30",
            ),
            (
                "HEAD .\nAL-AIN , United Arab Emirates 1996-12-06\nText",
                Some("AL-AIN , United Arab Emirates"),
                Some("1996-12-06"),
                "AL-AIN , United Arab Emirates 1996-12-06",
            ),
            (
                "Head\n\nWASHINGTON (Reuters) - The U.S. Senate",
                Some("WASHINGTON"),
                None,
                "WASHINGTON (Reuters) -",
            ),
            ("Head\n\nTEHRAN — Iran said", Some("TEHRAN"), None, "TEHRAN —"),
            ("Head\n\nMonday, March 2, 2009\n\nText", None, Some("2009-03-02"), "Monday, March 2, 2009"),
        ];
        for (text, place, date, span) in cases {
            let got = dl(text).unwrap_or_else(|| panic!("no dateline in {text:?}"));
            assert_eq!(got.0.as_deref(), place, "{text}");
            assert_eq!(got.1.as_deref(), date, "{text}");
            assert_eq!(got.2, span, "{text}");
        }
    }

    #[test]
    fn no_false_datelines() {
        for text in [
            "Head\n\nThe regime said - nothing.",
            "Head\n\nIn Tirana, Albania, is the newly built city of Ashraf 3.",
            "Head\n\nPresident Trump, speaking on July 4, said",
        ] {
            assert_eq!(dl(text), None, "{text}");
        }
    }

    #[test]
    fn hints_win_and_dates_normalise() {
        let hints = Hints { published: Some("2019-07-23T10:00:00+02:00".into()), ..Hints::default() };
        let m = extract("Head\n\nThe minister said on Monday that the government would not change its policy on the border, whatever the neighbours think of it.", &hints, None);
        assert_eq!(m.published.as_deref(), Some("2019-07-23"));
        assert_eq!(m.title.as_deref(), Some("Head"));
        assert_eq!(m.language.as_deref(), Some("en"));
    }

    #[test]
    fn language_of_long_texts_from_their_start() {
        // Each text is longer than the sample: only its start is read.
        for (code, para) in [
            ("de", "Die Bundesregierung hat am Mittwoch angekündigt, dass die Grenzkontrollen bis zum Ende des Monats verlängert werden. Der Innenminister sagte, die Lage sei weiterhin angespannt. "),
            ("fr", "Le gouvernement a annoncé mercredi que les contrôles aux frontières seraient prolongés jusqu'à la fin du mois. Le ministre de l'Intérieur a déclaré que la situation restait tendue. "),
            ("es", "El Gobierno anunció el miércoles que los controles fronterizos se prolongarán hasta finales de mes. El ministro del Interior dijo que la situación sigue siendo tensa. "),
            ("en", "The government announced on Wednesday that border checks would be extended until the end of the month. The interior minister said the situation remained tense. "),
        ] {
            let text = para.repeat(LANGUAGE_SAMPLE / para.len() + 3);
            assert!(text.len() > LANGUAGE_SAMPLE + para.len());
            assert_eq!(detect_language(&text).as_deref(), Some(code), "{para}");
        }
        // a cut inside a multi-byte character is moved back to a boundary
        let text = "€".repeat(LANGUAGE_SAMPLE);
        let _ = detect_language(&text);
    }

    #[test]
    fn english_fast_path_only_for_plain_english() {
        let en = "The minister said that the talks, which were held in Geneva with the help of the UN, \
                  had failed. Their aim was to end the war, and the two sides would have met again. "
            .repeat(3);
        assert!(clearly_english(&en));
        // too few words to judge by markers: the detector decides
        assert!(!clearly_english("The minister said that the talks had failed."));
        for other in [
            "De minister zei dat het overleg, dat in Genève werd gehouden, was mislukt. Het doel was een einde aan de oorlog, en beide partijen zouden elkaar opnieuw ontmoeten. ",
            "Der Minister sagte, die Gespräche, die in Genf stattfanden, seien gescheitert. Was das Ziel war, blieb unklar, und beide Seiten wollen sich wieder treffen. ",
            "Le ministre a dit que les pourparlers, qui ont eu lieu à Genève avec l'aide de l'ONU, avaient échoué. Leur but était de mettre fin à la guerre. ",
            "Minister powiedział, że rozmowy w Genewie zakończyły się fiaskiem. To nie jest koniec, a obie strony mają się spotkać ponownie w przyszłym tygodniu. ",
        ] {
            assert!(!clearly_english(&other.repeat(3)), "{other}");
        }
        // English the markers miss (a list of names) still goes to the detector
        let names = "Barack Obama, Hillary Clinton, Joe Biden, Bernie Sanders, Elizabeth Warren, \
                     Kamala Harris, Pete Buttigieg, Amy Klobuchar, Cory Booker, Julian Castro. "
            .repeat(4);
        assert!(!clearly_english(&names));
    }
}
