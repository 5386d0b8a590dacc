//! Words of the text for matching names: maximal runs of letters and digits, each
//! with its byte span and a folded form (lowercase, accents stripped), so that
//! `Jean-François`, `jean francois` and `JEAN-FRANCOIS` compare equal word by word.

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::model::Span;

/// One word: a maximal run of alphanumeric characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Lowercase, accents stripped (the text itself when it is so already, as most
    /// words are: no copy of them is made).
    pub(crate) folded: Cow<'a, str>,
}

impl Word<'_> {
    pub(crate) fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// The words of `text`, in order.
pub(crate) fn words(text: &str) -> Vec<Word<'_>> {
    // room for words of five bytes on average with the space after them (news runs
    // longer), so that the list is rarely copied while it grows
    let mut out = Vec::with_capacity(text.len() / 5);
    out.extend(runs(text).map(|(start, end)| Word { start, end, folded: fold(&text[start..end]) }));
    out
}

/// The byte ranges of the words of `text` (maximal runs of alphanumeric
/// characters), in order.
pub(crate) fn runs(text: &str) -> Runs<'_> {
    Runs { text, at: 0 }
}

/// The iterator of [`runs`].
pub(crate) struct Runs<'a> {
    text: &'a str,
    /// Where the search for the next run starts.
    at: usize,
}

/// Whether the non-ASCII character at byte `i` of `text` is alphanumeric, and
/// where the next one starts.
#[inline(never)]
fn wide_char_at(text: &str, i: usize) -> (bool, usize) {
    let c = text[i..].chars().next().unwrap_or_default();
    (c.is_alphanumeric(), i + c.len_utf8())
}

impl Iterator for Runs<'_> {
    type Item = (usize, usize);

    #[inline]
    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        // ASCII, most of the text, is told from its byte
        let start = loop {
            let Some(&b) = bytes.get(i) else {
                self.at = i;
                return None;
            };
            let (alnum, next) =
                if b.is_ascii() { (b.is_ascii_alphanumeric(), i + 1) } else { wide_char_at(self.text, i) };
            if alnum {
                break i;
            }
            i = next;
        };
        while let Some(&b) = bytes.get(i) {
            let (alnum, next) =
                if b.is_ascii() { (b.is_ascii_alphanumeric(), i + 1) } else { wide_char_at(self.text, i) };
            if !alnum {
                break;
            }
            i = next;
        }
        self.at = i;
        Some((start, i))
    }
}

/// Lowercase with diacritics removed (`François` → `francois`); `s` itself when it
/// is lowercase ASCII.
pub(crate) fn fold(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Owned(s.to_ascii_lowercase());
        }
        return Cow::Borrowed(s);
    }
    Cow::Owned(strip_accents(s).to_lowercase())
}

/// Diacritics removed, case kept (`François` → `Francois`); `s` itself when ASCII.
pub(crate) fn strip_accents(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect())
}

/// The matching key of a name: its folded words joined by single spaces; a name made
/// of single letters only (`U.S.`, `U S`) joins them (`us`); a possessive `s` after
/// an apostrophe is kept, so `People's` → `people s`; a leading `the` goes.
pub(crate) fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    key_into(text, &mut out);
    out
}

/// [`key`] written into `out` (cleared first), so that a caller comparing many keys
/// reuses one buffer; returns it.
pub(crate) fn key_into<'b>(text: &str, out: &'b mut String) -> &'b str {
    // the folded words are written straight into the key, space-separated (folded
    // words hold no space)
    out.clear();
    let (mut n, mut singles, mut the) = (0usize, true, false);
    let mut add = |w: &str| {
        if n > 0 {
            out.push(' ');
        }
        let at = out.len();
        let one_char = if w.is_ascii() {
            out.push_str(w);
            out[at..].make_ascii_lowercase();
            w.len() == 1
        } else {
            out.push_str(&fold(w));
            out[at..].chars().count() == 1
        };
        singles &= one_char;
        the |= n == 0 && &out[at..] == "the";
        n += 1;
    };
    for (s, e) in runs(text) {
        add(&text[s..e]);
    }
    if n > 1 && singles {
        out.retain(|c| c != ' ');
    } else if n > 1 && the {
        // `The Washington Times` is `Washington Times`
        out.drain(.."the ".len());
    }
    out
}

/// [`key`] as first written, for the test that the fast one agrees.
#[cfg(test)]
fn key_reference(text: &str) -> String {
    let ws = words(text);
    if ws.len() > 1 && ws.iter().all(|w| w.folded.chars().count() == 1) {
        return ws.iter().map(|w| &*w.folded).collect();
    }
    let mut parts: Vec<&str> = ws.iter().map(|w| &*w.folded).collect();
    if parts.len() > 1 && parts[0] == "the" {
        parts.remove(0);
    }
    parts.join(" ")
}

/// What lies between two words of one name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gap {
    /// Spaces or tabs (no line break).
    Space,
    /// A hyphen or dash with no spaces (`Jean-François`, `Ashraf-3`).
    Hyphen,
    /// An apostrophe (`People's`, `O'Brien`).
    Apostrophe,
    /// A dot with no space (`U.S`), or a dot then one space after an initial.
    Dot,
    /// Anything else: punctuation, a line break. Names do not cross it.
    Break,
}

/// Classify `text[a..b]`, the stretch between two words.
pub(crate) fn gap(text: &str, a: usize, b: usize) -> Gap {
    let g = text.get(a..b).unwrap_or("");
    if g.is_empty() {
        return Gap::Break;
    }
    if g.chars().all(|c| c == ' ' || c == '\t' || c == '\u{a0}') {
        return Gap::Space;
    }
    match g {
        "-" | "‐" | "‑" => Gap::Hyphen,
        "'" | "’" | "‘" => Gap::Apostrophe,
        "." => Gap::Dot,
        // `John F. Kennedy`: a dot and a space join only after a one-letter initial.
        ". " if single_letter_before(text, a) => Gap::Dot,
        _ => Gap::Break,
    }
}

fn single_letter_before(text: &str, a: usize) -> bool {
    let mut it = text[..a].chars().rev();
    matches!((it.next(), it.next()), (Some(c), prev) if c.is_alphabetic() && !prev.is_some_and(char::is_alphanumeric))
}

/// True when the gap can sit inside a name.
pub(crate) fn joins(g: Gap) -> bool {
    !matches!(g, Gap::Break)
}

/// Index of the first word starting at or after byte `pos`.
pub(crate) fn first_at(ws: &[Word<'_>], pos: usize) -> usize {
    ws.partition_point(|w| w.start < pos)
}

/// Indices `i..j` of the words lying inside `span`.
pub(crate) fn inside(ws: &[Word<'_>], span: Span) -> (usize, usize) {
    let i = ws.partition_point(|w| w.start < span.start);
    let j = ws.partition_point(|w| w.end <= span.end);
    (i, j.max(i))
}

/// True when the word starts with an uppercase letter.
pub(crate) fn capitalised(text: &str, w: &Word<'_>) -> bool {
    text[w.start..w.end].chars().next().is_some_and(char::is_uppercase)
}

/// The span of the line holding byte `pos`.
pub(crate) fn line_of(text: &str, pos: usize) -> Span {
    let pos = pos.min(text.len());
    let start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    Span::new(start, end)
}

/// True when a line has letters of one case only (`mayor rudy giuliani in ashraf 3`,
/// `BREAKING NEWS`): its capitalisation says nothing about names.
pub(crate) fn caseless(line: &str) -> bool {
    let upper = line.chars().any(char::is_uppercase);
    let lower = line.chars().any(char::is_lowercase);
    !(upper && lower)
}

/// Function words, pronouns, months and days (folded): never a name on their own,
/// and never part of a name found after a title.
pub(crate) fn is_function_word(folded: &str) -> bool {
    const W: &[&str] = &[
        "a",
        "about",
        "according",
        "after",
        "again",
        "against",
        "all",
        "also",
        "although",
        "an",
        "and",
        "any",
        "april",
        "are",
        "as",
        "at",
        "august",
        "be",
        "because",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "december",
        "did",
        "do",
        "does",
        "during",
        "each",
        "either",
        "even",
        "every",
        "february",
        "few",
        "for",
        "friday",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "january",
        "july",
        "june",
        "just",
        "many",
        "march",
        "may",
        "me",
        "might",
        "monday",
        "more",
        "most",
        "much",
        "must",
        "my",
        "neither",
        "no",
        "nor",
        "not",
        "november",
        "now",
        "october",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "per",
        "said",
        "same",
        "saturday",
        "says",
        "september",
        "shall",
        "she",
        "should",
        "since",
        "so",
        "some",
        "such",
        "sunday",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "thursday",
        "to",
        "today",
        "tomorrow",
        "too",
        "tuesday",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "very",
        "via",
        "was",
        "we",
        "wednesday",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yes",
        "yesterday",
        "yet",
        "you",
        "your",
    ];
    W.binary_search(&folded).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_folding() {
        let t = "Jean-François Legare's (PMOI) U.S.";
        let ws: Vec<&str> = words(t).iter().map(|w| &t[w.start..w.end]).collect();
        assert_eq!(ws, ["Jean", "François", "Legare", "s", "PMOI", "U", "S"]);
        assert_eq!(fold("JEAN-François"), "jean-francois");
        assert_eq!(fold("ÉTÉ"), "ete");
        assert!(matches!(fold("jean-francois"), Cow::Borrowed(_)));
        assert_eq!(strip_accents("François Legaré"), "Francois Legare");
        let ws = words("Élysée palace");
        assert_eq!((&*ws[0].folded, &*ws[1].folded), ("elysee", "palace"));
        let t = " Zürich—1st, ǅx «Ωμέγα» 42";
        let want: Vec<(usize, usize)> = {
            // the runs as told char by char
            let (mut out, mut start) = (Vec::new(), None);
            for (i, c) in t.char_indices() {
                match (c.is_alphanumeric(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        out.push((s, i));
                        start = None;
                    }
                    _ => {}
                }
            }
            out.extend(start.map(|s| (s, t.len())));
            out
        };
        assert_eq!(runs(t).collect::<Vec<_>>(), want);
        assert_eq!(want.len(), 5);
    }

    #[test]
    fn keys() {
        for (a, b) in [
            ("Jean-François Legare", "jean francois legare"),
            ("U.S.", "us"),
            ("US", "us"),
            ("People's Mujahedin", "people s mujahedin"),
            ("Ashraf-3", "ashraf 3"),
            ("The Washington Times", "washington times"),
            ("The", "the"),
            ("  Ashraf   3 ", "ashraf 3"),
        ] {
            assert_eq!(key(a), b, "{a}");
        }
    }

    #[test]
    fn fast_key_matches_reference() {
        let mut cases: Vec<String> = [
            "",
            "the",
            "The",
            "THE U S",
            "the U.S.",
            "The U.S. Senate",
            "İstanbul Ö",
            "É",
            "É Ü",
            "Jean-François",
            "The Café",
            "ß",
            "a b",
            "The a",
            "x 1 y",
            "The The",
            "ǅ Ǆ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds/000_310dde132b2bd5a2.txt");
        if let Ok(t) = std::fs::read_to_string(seed) {
            let ws = words(&t);
            for n in 1..5 {
                for w in ws.windows(n).step_by(3) {
                    cases.push(t[w[0].start..w[n - 1].end].to_string());
                }
            }
        }
        let mut reused = String::from("stale");
        for c in &cases {
            let want = key_reference(c);
            assert_eq!(key(c), want, "{c:?}");
            key_into(c, &mut reused);
            assert_eq!(reused, want, "{c:?}");
        }
    }

    #[test]
    fn gaps() {
        let t = "Jean-François O'Brien U.S. Sen. Joe, x\ny John F. Kennedy";
        let ws = words(t);
        let g: Vec<Gap> = ws.windows(2).map(|p| gap(t, p[0].end, p[1].start)).collect();
        use Gap::*;
        assert_eq!(g, [Hyphen, Space, Apostrophe, Space, Dot, Dot, Break, Break, Break, Space, Space, Dot]);
    }

    #[test]
    fn function_words_sorted() {
        assert!(is_function_word("the") && is_function_word("july") && is_function_word("yet"));
        assert!(!is_function_word("giuliani"));
    }

    #[test]
    fn caseless_lines() {
        assert!(caseless("mayor rudy giuliani in ashraf 3"));
        assert!(caseless("MAYOR RUDY GIULIANI"));
        assert!(!caseless("Mayor Rudy Giuliani"));
        assert_eq!(line_of("ab\ncd\nef", 4), Span::new(3, 5));
    }
}
