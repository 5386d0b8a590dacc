//! Article text → the cleaned `text`, with every removal recorded and its reason.
//!
//! Input is the article as lines (plain-text files, or HTML blocks joined by blank
//! lines). Cleaning removes whole lines only, and keeps every other line
//! byte-for-byte, so a text with no debris comes out as it went in (trimmed, with
//! runs of blank lines collapsed to one). What it removes:
//!
//! | rule | reason | example |
//! |---|---|---|
//! | ad-slot sizes and ad labels | `ad` | `728 x 90`, `Advertisement` |
//! | share / subscribe / navigation lines | `navigation` | `Share this article`, `Read more:` |
//! | a lowercase keyword line echoing the next line (image alt text), and the caption it echoes | `caption` | `mayor rudy giuliani in ashraf 3` |
//! | a line repeated verbatim (the first copy stays) | `duplicate` | a caption printed twice |
//! | a `By …` / `Analysis by …` line near the top, a trailing author bio | `byline` | `X is a human rights advocate and …` |
//!
//! The rules are conservative: a line that ends a sentence is never taken for a
//! caption, and nothing is removed from a paragraph of running prose.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Byline, Removal, RemovalReason};

/// The result of cleaning.
#[derive(Debug, Default)]
pub struct Cleaned {
    /// Paragraphs separated by a blank line; lines inside a paragraph kept.
    pub text: String,
    /// What was cut, and why, in text order.
    pub removed: Vec<Removal>,
    /// An author line or trailing bio, turned into a byline.
    pub byline: Option<Byline>,
}

/// Ad slot sizes (`728 x 90`, `300×250`) and ad labels, alone on a line.
static AD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            \d{2,4}\s*[x×]\s*\d{2,4}
          | advertisement | advertisements | advertising | anzeige | publicité | publicidad | reklama
          | sponsored(?:\s+content)? | paid\s+content | ad | ads
          | (?:story|article)\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:ad|advertisement))?
          | scroll\s+to\s+continue(?:\s+with\s+content)?
        )[\s.:]*$",
    )
    .expect("AD regex")
});

/// Share bars, subscription prompts and site navigation, alone on a short line.
static NAV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            (?:share|tweet|email|e-mail|print|pin|save|copy\s+link|whatsapp|facebook|twitter|linkedin|pinterest|reddit|telegram|messenger)
              (?:\s*[|/·•,]?\s*(?:share|tweet|email|e-mail|print|pin|save|copy\s+link|whatsapp|facebook|twitter|linkedin|pinterest|reddit|telegram|messenger))*
          | share\s+(?:this|on|via|the)\b.{0,40}
          | (?:click|tap)\s+(?:here|to)\b.{0,60}
          | follow\s+(?:us|me)\b.{0,60}
          | (?:subscribe|sign\s+up|register)\b.{0,80}(?:newsletter|updates|inbox|free|today|now|here|email)s?
          | (?:get|receive)\s+(?:our|the)\b.{0,40}newsletter.{0,40}
          | (?:read|see)\s+(?:more|also|next|the\s+full\s+(?:story|article))\b.{0,80}
          | related(?:\s+(?:articles?|stories|posts|news|content|coverage|topics))?\s*:?.{0,80}
          | (?:recommended|more\s+from|more\s+on\s+this|trending|most\s+(?:read|popular|viewed))\b.{0,40}
          | (?:leave\s+a\s+(?:comment|reply)|comments?(?:\s*\(\d+\))?|\d+\s+comments?|show\s+comments|add\s+a\s+comment)
          | (?:back\s+to\s+top|skip\s+to\s+(?:main\s+)?content|toggle\s+navigation|main\s+menu|menu|home|search|log\s*in|sign\s*in|log\s*out)
          | (?:image|photo|picture|video|graphic)\s*(?:credit|source|courtesy)?\s*:.{0,80}
          | (?:all\s+rights\s+reserved|©|copyright\s+(?:©\s*)?\d{4}).{0,80}
          | tags?\s*:.{0,120}
          | (?:posted|filed)\s+(?:in|under)\s*:?.{0,80}
        )[\s.:!»›→>]*$",
    )
    .expect("NAV regex")
});

/// `By Jane Doe`, `Analysis by PMOI/MEK`, `Written by …`, `Von …` near the top.
static BYLINE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:(?:[A-Z][a-z]+\s+)?(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or)|[Ww]ritten\s+by|[Rr]eported\s+by|[Aa]uthor:)\s+
           (?P<name>[\p{Lu}][\p{L}.'’/-]*(?:\s+(?:[\p{Lu}][\p{L}.'’/-]*|and|&|de|van|von|al|bin))*)
           (?:\s*[,|]\s*.{0,60})?$",
    )
    .expect("BYLINE regex")
});

/// `Hassan Mahmoudi is a human rights advocate and …`: a trailing author bio.
static BIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?P<name>[\p{Lu}][\p{L}'’.-]+(?:\s+[\p{Lu}][\p{L}'’.-]+){1,3})\s+(?:is|was|has\s+been)\s+(?:a|an|the)\s+
           (?P<rest>.*\b(?:journalist|writer|author|advocate|activist|analyst|correspondent|reporter|editor|
             contributor|columnist|commentator|researcher|professor|fellow|expert|blogger|freelancer|
             photographer|producer|consultant|scholar|lawyer|director|founder)s?\b.*)$",
    )
    .expect("BIO regex")
});

/// One line of the input, with where it sits.
#[derive(Debug)]
struct Line<'a> {
    text: &'a str,
    /// Index of the paragraph (run of non-blank lines) it belongs to.
    para: usize,
    removed: Option<RemovalReason>,
}

/// Clean article text. `title`, when given and not already the first line, is put
/// first as its own paragraph.
pub fn clean(raw: &str, title: Option<&str>) -> Cleaned {
    let mut lines = split_lines(raw);
    if let Some(t) = title.map(str::trim).filter(|t| !t.is_empty()) {
        let first = lines.iter().find(|l| !l.text.trim().is_empty()).map(|l| normalise(l.text));
        if first.as_deref() != Some(&normalise(t)) {
            lines.insert(0, Line { text: t, para: 0, removed: None });
            for l in lines.iter_mut().skip(1) {
                l.para += 1;
            }
        }
    }
    let mut byline = None;
    mark_ads_and_navigation(&mut lines);
    mark_caption_echoes(&mut lines);
    mark_duplicates(&mut lines);
    mark_byline_line(&mut lines, &mut byline);
    mark_trailing_bio(&mut lines, &mut byline);
    assemble(&lines, byline)
}

/// Clean HTML body blocks: each block is a paragraph.
pub fn clean_blocks(blocks: &[String], title: Option<&str>) -> Cleaned {
    let joined = blocks.iter().map(|b| b.trim()).filter(|b| !b.is_empty()).collect::<Vec<_>>().join("\n\n");
    clean(&joined, title)
}

fn split_lines(raw: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut para = 0;
    let mut blank = true;
    for l in raw.split('\n') {
        let l = l.strip_suffix('\r').unwrap_or(l);
        if l.trim().is_empty() {
            if !blank {
                para += 1;
            }
            blank = true;
        } else {
            blank = false;
        }
        out.push(Line { text: l, para, removed: None });
    }
    out
}

/// Lowercased words, whitespace-normalised: the key for comparing lines.
fn normalise(s: &str) -> String {
    if s.is_ascii() {
        // byte by byte: the same words (ASCII whitespace is what `split_whitespace`
        // splits at in ASCII text), lowercased as they are copied
        let mut out = Vec::with_capacity(s.len());
        let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
        for w in s.as_bytes().split(ws).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(b' ');
            }
            out.extend(w.iter().map(u8::to_ascii_lowercase));
        }
        return String::from_utf8(out).unwrap_or_default();
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        // Word by word is the same as the whole line at once: words are separated
        // by spaces, which end a final sigma's context as the line's end does.
        if w.is_ascii() {
            let start = out.len();
            out.push_str(w);
            out[start..].make_ascii_lowercase();
        } else {
            out.push_str(&w.to_lowercase());
        }
    }
    out
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// True when the line ends as a sentence does (so it is prose, not a caption).
fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end();
    let t = t.trim_end_matches(['”', '"', '’', '\'', ')', '»']);
    t.ends_with(['.', '!', '?', ':', ';', '…'])
}

/// Six words or more ending as a sentence ends: running prose, never a menu item.
fn is_prose(s: &str) -> bool {
    ends_sentence(s) && s.split_whitespace().count() >= 6
}

fn live<'a, 'b>(lines: &'b [Line<'a>]) -> impl Iterator<Item = (usize, &'b Line<'a>)> {
    lines.iter().enumerate().filter(|(_, l)| l.removed.is_none() && !l.text.trim().is_empty())
}

fn mark_ads_and_navigation(lines: &mut [Line<'_>]) {
    for l in lines.iter_mut() {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        if AD.is_match(t) {
            l.removed = Some(RemovalReason::Ad);
        } else if t.len() <= 160 && !is_prose(t) && NAV.is_match(t) {
            l.removed = Some(RemovalReason::Navigation);
        }
    }
}

/// A line with no capital letter and no sentence end whose words all reappear in a
/// neighbouring line is image alt text; the neighbour, if it is not prose, is the caption.
fn mark_caption_echoes(lines: &mut [Line<'_>]) {
    let idx: Vec<usize> = live(lines).map(|(i, _)| i).collect();
    for (k, &i) in idx.iter().enumerate() {
        let t = lines[i].text.trim();
        if t.chars().any(char::is_uppercase) || !t.chars().any(char::is_alphabetic) || ends_sentence(t) {
            continue;
        }
        let ws = words(t);
        if ws.len() < 2 || ws.len() > 20 {
            continue;
        }
        let neighbours = [k.checked_sub(1).map(|p| idx[p]), idx.get(k + 1).copied()];
        for j in neighbours.into_iter().flatten() {
            let other = lines[j].text.trim();
            let ow: HashSet<String> = words(other).into_iter().collect();
            let shared = ws.iter().filter(|w| ow.contains(*w)).count();
            if shared * 10 >= ws.len() * 8 {
                lines[i].removed = Some(RemovalReason::Caption);
                if !ends_sentence(other) && ow.len() <= 30 && lines[j].removed.is_none() {
                    lines[j].removed = Some(RemovalReason::Caption);
                }
                break;
            }
        }
    }
}

/// A line equal (case and spacing aside) to an earlier line is a duplicate.
fn mark_duplicates(lines: &mut [Line<'_>]) {
    let mut seen: HashSet<String> = HashSet::new();
    for l in lines.iter_mut() {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        let key = normalise(t);
        if key.len() < 16 || key.split(' ').count() < 3 {
            continue;
        }
        if !seen.insert(key) && l.removed.is_none() {
            l.removed = Some(RemovalReason::Duplicate);
        }
    }
}

/// A `By …` line among the first paragraphs becomes the byline.
fn mark_byline_line(lines: &mut [Line<'_>], byline: &mut Option<Byline>) {
    let idx: Vec<usize> = live(lines).map(|(i, _)| i).take(8).collect();
    for i in idx {
        let t = lines[i].text.trim();
        if t.split_whitespace().count() > 12 {
            continue;
        }
        if let Some(c) = BYLINE_LINE.captures(t) {
            let name = c["name"].trim().to_string();
            lines[i].removed = Some(RemovalReason::Byline);
            *byline = Some(Byline { name, bio: None });
            return;
        }
    }
}

/// `X is a journalist and …` as the last paragraph becomes the byline's bio.
fn mark_trailing_bio(lines: &mut [Line<'_>], byline: &mut Option<Byline>) {
    let Some((i, l)) = live(lines).last() else { return };
    let t = l.text.trim();
    if t.split_whitespace().count() > 70 || live(lines).count() < 3 {
        return;
    }
    if let Some(c) = BIO.captures(t) {
        let name = c["name"].to_string();
        // The bio names the author more surely than a `By …` line does.
        *byline = Some(Byline { name, bio: Some(t.to_string()) });
        lines[i].removed = Some(RemovalReason::Byline);
    }
}

fn assemble(lines: &[Line<'_>], byline: Option<Byline>) -> Cleaned {
    let mut text = String::new();
    let mut removed = Vec::new();
    let mut last_para = None;
    for l in lines {
        let t = l.text.trim_end();
        if t.trim().is_empty() {
            continue;
        }
        if let Some(reason) = l.removed {
            removed.push(Removal { text: t.split_whitespace().collect::<Vec<_>>().join(" "), reason });
            continue;
        }
        match last_para {
            None => {}
            Some(p) if p == l.para => text.push('\n'),
            Some(_) => text.push_str("\n\n"),
        }
        text.push_str(if last_para.is_none() { t.trim_start() } else { t });
        last_para = Some(l.para);
    }
    Cleaned { text, removed, byline }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons(raw: &str) -> Vec<(String, RemovalReason)> {
        clean(raw, None).removed.into_iter().map(|r| (r.text, r.reason)).collect()
    }

    #[test]
    fn normalise_matches_join_then_lowercase() {
        for s in [
            "  The   Mayor\tSAID  ",
            "ΟΔΟΣ ΣΤΑΣΙΣ Σ",
            "Ärger   über  İstanbul",
            "",
            "\u{a0}Non-breaking\u{a0}spaces and\u{2009}thin ones",
            "ASCII\x0bvertical\x0ctab  and\r\nCRLF ",
            " \t ",
        ] {
            let reference = s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            assert_eq!(normalise(s), reference, "{s:?}");
        }
    }

    #[test]
    fn ads() {
        for t in
            ["728 x 90", "300×250", "Advertisement", "ADVERTISEMENT", "Story continues below advertisement"]
        {
            assert_eq!(
                reasons(&format!("Head\n\n{t}\n\nBody text here.")),
                vec![(t.to_string(), RemovalReason::Ad)],
                "{t}"
            );
        }
    }

    #[test]
    fn navigation() {
        for t in [
            "Share this article",
            "Share on Facebook",
            "Facebook Twitter Email",
            "Tweet",
            "Click here to subscribe",
            "Sign up for our daily newsletter",
            "Read more: Iran seizes tanker",
            "Related Articles",
            "Leave a comment",
            "12 Comments",
            "Photo: Reuters",
            "Tags: Iran, Albania",
        ] {
            assert_eq!(
                reasons(&format!("Head\n\n{t}\n\nBody.")),
                vec![(t.to_string(), RemovalReason::Navigation)],
                "{t}"
            );
        }
    }

    #[test]
    fn prose_is_never_navigation() {
        for t in [
            "Share prices fell sharply on Monday after the announcement.",
            "Read more about it, the minister told reporters.",
            "Follow the money, he said.",
            "Home prices rose 3 per cent in July.",
        ] {
            assert!(reasons(&format!("Head\n\n{t}")).is_empty(), "{t}");
        }
    }

    #[test]
    fn caption_echo_and_its_caption() {
        let raw = "Head\n\nmayor rudy giuliani in ashraf 3\nMayor Rudy Giuliani speaks on stage in Ashraf 3\n\nBody.";
        let c = clean(raw, None);
        assert_eq!(c.text, "Head\n\nBody.");
        assert_eq!(
            c.removed.iter().map(|r| r.reason).collect::<Vec<_>>(),
            vec![RemovalReason::Caption, RemovalReason::Caption]
        );
    }

    #[test]
    fn lowercase_prose_stays() {
        let raw = "Head\n\nthe talks went on late into the night.\nThe talks went on late.";
        assert!(clean(raw, None).removed.is_empty());
    }

    #[test]
    fn duplicates_keep_the_first() {
        let raw = "Head\n\nFree Iran Gathering, Ashraf 3, Albania\n\nFree  Iran Gathering, Ashraf 3, Albania\n\nBody.";
        let c = clean(raw, None);
        assert_eq!(c.text, "Head\n\nFree Iran Gathering, Ashraf 3, Albania\n\nBody.");
        assert_eq!(c.removed[0].reason, RemovalReason::Duplicate);
    }

    #[test]
    fn byline_line_and_bio() {
        let raw = "Head\n\nAnalysis by PMOI/MEK\n\nBody one.\n\nBody two.\n\nHassan Mahmoudi is a human rights advocate and Social Media journalist seeking democracy for Iran.";
        let c = clean(raw, None);
        assert_eq!(c.text, "Head\n\nBody one.\n\nBody two.");
        let b = c.byline.expect("byline");
        assert_eq!(b.name, "Hassan Mahmoudi");
        assert!(b.bio.unwrap().starts_with("Hassan Mahmoudi is a human rights advocate"));
    }

    #[test]
    fn untouched_text_is_unchanged() {
        let raw = "CRICKET - LEICESTERSHIRE TAKE OVER AT TOP .\nLONDON 1996-08-30\nWest Indian all-rounder Phil Simmons took four for 38 .";
        let c = clean(raw, None);
        assert_eq!(c.text, raw);
        assert!(c.removed.is_empty());
    }

    #[test]
    fn title_goes_first_once() {
        assert_eq!(clean("Body.", Some("Head")).text, "Head\n\nBody.");
        assert_eq!(clean("Head\n\nBody.", Some("Head")).text, "Head\n\nBody.");
    }
}
