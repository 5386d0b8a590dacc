//! Cleaned text → sentence spans.
//!
//! A line break always ends a sentence (headlines, captions and one-sentence-per-line
//! corpora stay whole). Inside a line, `.`, `!`, `?`, `…` (and CJK `。！？`) end a
//! sentence when what follows starts a new one — not after news abbreviations
//! (`Sen.`, `Mr.`, `Gen.`, `No. 10`, `Jan. 5`), initials (`George W. Bush`), or when
//! the next word is lowercase (`“Is it?” she asked`). Closing quotes and brackets
//! after the mark belong to the sentence they close. Dotted acronyms that can end a
//! sentence (`U.S.`, `a.m.`, `Inc.`) end one only before a typical sentence opener.
//!
//! Invariant: spans are in order, do not overlap, never cross a line break, and
//! start and end on non-whitespace.

use crate::model::{push_trimmed, Span};

/// Abbreviations after which a period never ends a sentence (lowercased, no dot).
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "mme", "mlle", "dr", "prof", "sen", "sens", "rep", "reps", "gov", "govs",
    "gen", "lt", "col", "maj", "capt", "cpt", "cmdr", "cdr", "adm", "sgt", "cpl", "pvt", "brig", "lieut",
    "rev", "fr", "hon", "pres", "supt", "insp", "det", "atty", "amb", "sec", "st", "ste", "mt", "ft", "no",
    "nos", "vol", "vols", "art", "fig", "figs", "ch", "sec", "vs", "v", "cf", "approx", "ca", "dept", "univ",
    "assn", "ave", "blvd", "rd", "mx", "esq", "gens", "sr", "jr", "op", "pp", "p", "ed", "eds", "gov't",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ala", "ariz",
    "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky", "la", "md", "mass",
    "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt",
    "wash", "wis", "wyo",
];

/// Abbreviations that may also end a sentence: a boundary only before an opener.
const MAY_END: &[&str] = &["inc", "corp", "ltd", "co", "bros", "etc", "plc", "llc", "al", "am", "pm"];

/// Words that typically open a sentence, used after `U.S.` / `Inc.` / `a.m.`.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "In",
    "On",
    "At",
    "For",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "There",
    "Here",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Meanwhile",
    "However",
    "Still",
    "Now",
    "Then",
    "Last",
    "Earlier",
    "Later",
    "According",
    "As",
    "Some",
    "Many",
    "Most",
    "No",
    "Other",
    "Officials",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
];

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '›' | '」' | '』')
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

fn is_cjk_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

/// Split a cleaned text into sentences (never across lines).
pub fn segment(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut chars = Vec::new();
    let mut off = 0;
    for line in text.split('\n') {
        segment_line(text, line, off, &mut chars, &mut out);
        off += line.len() + 1;
    }
    out
}

/// Sentences of one line; `chars` is a buffer reused from line to line (a new one per
/// line, grown by doubling, cost more cache misses than the segmentation).
fn segment_line(text: &str, line: &str, base: usize, chars: &mut Vec<(usize, char)>, out: &mut Vec<Span>) {
    chars.clear();
    chars.extend(line.char_indices());
    let chars = &chars[..];
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if !is_terminal(c) {
            i += 1;
            continue;
        }
        // Extend over further marks and closing quotes/brackets.
        let mut j = i + 1;
        while j < chars.len() && (is_terminal(chars[j].1) || is_closer(chars[j].1)) {
            j += 1;
        }
        let end = chars.get(j).map_or(line.len(), |&(p, _)| p);
        if j >= chars.len() {
            break; // the line's end closes the sentence anyway
        }
        let cjk = is_cjk_terminal(c);
        if !cjk && !chars[j].1.is_whitespace() {
            i = j;
            continue; // `3.5`, `U.S.-led`, `e.g.,`
        }
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k >= chars.len() {
            break;
        }
        let next_word = next_word(line, chars[k].0);
        if is_boundary(line, pos, c, &line[end..], next_word) {
            push_trimmed(text, base + start, base + end, out);
            start = end;
        }
        i = j;
    }
    push_trimmed(text, base + start, base + line.len(), out);
}

fn next_word(line: &str, at: usize) -> &str {
    let rest = &line[at..];
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    &rest[..end]
}

/// The word that ends at `dot` (exclusive), without the dot.
fn word_before(line: &str, dot: usize) -> &str {
    let head = &line[..dot];
    let start = head
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .map_or(0, |p| p + head[p..].chars().next().map_or(1, char::len_utf8));
    &head[start..]
}

fn is_boundary(line: &str, pos: usize, mark: char, _after: &str, next: &str) -> bool {
    let first =
        next.chars().find(|c| !matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '„' | '¿' | '¡'));
    let Some(first) = first else { return true };
    if first.is_lowercase() {
        return false; // `“Is it?” she asked`, `… the U.S. and its allies`
    }
    if mark != '.' {
        return true;
    }
    let word = word_before(line, pos);
    let lower = word.to_lowercase();
    let bare = lower.trim_start_matches(['(', '[', '"', '“', '‘']);
    // Initials: `George W. Bush`, `J. K. Rowling`.
    let mut wc = word.chars();
    if let (Some(w0), None) = (wc.next(), wc.next()) {
        if w0.is_uppercase() {
            return false;
        }
    }
    if TITLES.contains(&bare) {
        return false;
    }
    let opener = OPENERS.contains(&next.trim_start_matches(['"', '“', '‘', '\'']));
    if MAY_END.contains(&bare) {
        return opener;
    }
    // Dotted acronyms: `U.S.`, `U.N.`, `a.m.`, `D.C.`
    if bare.contains('.') && bare.chars().filter(|c| c.is_alphabetic()).count() <= 4 {
        return opener;
    }
    // `No. 10`, `Jan. 5`: handled by TITLES; a number after a lowercase abbreviation
    // such as `approx.` too.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<&str> {
        segment(t).into_iter().map(|s| &t[s.range()]).collect()
    }

    #[test]
    fn news_abbreviations_and_names() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Among them was Sen. Joe Lieberman (I-CT) and Mr. Smith. They spoke.",
                &["Among them was Sen. Joe Lieberman (I-CT) and Mr. Smith.", "They spoke."],
            ),
            (
                "The U.S. and Iran talked. Then they stopped.",
                &["The U.S. and Iran talked.", "Then they stopped."],
            ),
            ("Troops left the U.S. The war ended.", &["Troops left the U.S.", "The war ended."]),
            ("He lives at No. 10 Downing St. in London.", &["He lives at No. 10 Downing St. in London."]),
            ("George W. Bush and J. K. Rowling met.", &["George W. Bush and J. K. Rowling met."]),
            ("It rose 3.5 per cent. Shares fell.", &["It rose 3.5 per cent.", "Shares fell."]),
            ("On Jan. 5 Gen. Smith left.", &["On Jan. 5 Gen. Smith left."]),
            (
                "“This is magnificent,” said Legare. “We promise.” He left.",
                &["“This is magnificent,” said Legare.", "“We promise.”", "He left."],
            ),
            ("“Is it over?” she asked. Nobody knew.", &["“Is it over?” she asked.", "Nobody knew."]),
            ("Apple Inc. said profits rose.", &["Apple Inc. said profits rose."]),
            ("He joined Apple Inc. The firm grew.", &["He joined Apple Inc.", "The firm grew."]),
            ("Wait... What happened?! Nobody knows.", &["Wait...", "What happened?!", "Nobody knows."]),
            ("中国经济增长。外资流入。", &["中国经济增长。", "外资流入。"]),
        ];
        for (text, want) in cases {
            assert_eq!(sents(text), *want, "{text}");
        }
    }

    #[test]
    fn lines_and_paragraphs_end_sentences() {
        let t = "Headline without stop\n\nFirst line\nSecond line. Third.";
        assert_eq!(sents(t), vec!["Headline without stop", "First line", "Second line.", "Third."]);
    }

    #[test]
    fn spans_are_ordered_and_trimmed() {
        let t = "  A b.  C d!   \n\n E f?  ";
        let s = segment(t);
        for w in s.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
        assert_eq!(sents(t), vec!["A b.", "C d!", "E f?"]);
    }
}
