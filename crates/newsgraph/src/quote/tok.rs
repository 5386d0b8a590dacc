//! A minimal word/punctuation tokenisation private to the quote stage: byte spans,
//! with the few distinctions attribution needs (word, capitalised word, punctuation,
//! quote mark). It keeps abbreviations (`Mr.`, `U.S.`) and names with inner
//! apostrophes or hyphens (`O'Rourke`, `Jean-François`) in one token.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters/digits (with inner `'`, `’`, `-`, `.`, `&`).
    Word,
    /// One punctuation character (or `''`, `--`).
    Punct,
}

/// One token: a byte span and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Word or punctuation.
    pub kind: Kind,
}

impl Tok {
    /// The token's text.
    pub(crate) fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Abbreviations that keep their full stop (lower-cased, without the stop).
const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "st", "jr", "sr", "prof", "rev", "sgt",
    "capt", "cmdr", "adm", "maj", "pres", "sec", "atty", "supt", "insp", "no", "vs", "mt", "ft", "inc",
    "corp", "co", "ltd", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// True for the characters that may join two word parts (`don't`, `Jean-François`, `U.S`).
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | '&')
}

/// The character starting at byte `at` (ASCII read straight from the byte).
#[inline]
fn char_at(text: &str, at: usize) -> Option<char> {
    let b = *text.as_bytes().get(at)?;
    if b.is_ascii() {
        Some(char::from(b))
    } else {
        text[at..].chars().next()
    }
}

/// Tokenise `text` into words and punctuation; whitespace separates, nothing is lost
/// but whitespace.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let mut end = i + c.len_utf8();
        if is_word_char(c) {
            loop {
                match char_at(text, end) {
                    Some(a) if is_word_char(a) => end += a.len_utf8(),
                    Some(j) if is_joiner(j) => match char_at(text, end + j.len_utf8()) {
                        Some(b) if is_word_char(b) => end += j.len_utf8() + b.len_utf8(),
                        _ => break,
                    },
                    _ => break,
                }
            }
            // keep the stop of an abbreviation or an initial (`Mr.`, `J.`, `U.S.`)
            if text.as_bytes().get(end) == Some(&b'.') {
                let w = &text[i..end];
                let initial = w.chars().count() == 1 && w.chars().all(|c| c.is_uppercase());
                if initial
                    || ABBREV.iter().any(|a| a.eq_ignore_ascii_case(w))
                    || (w.contains('.') && w.len() <= 6)
                {
                    end += 1;
                }
            }
            out.push(Tok { start: i, end, kind: Kind::Word });
        } else {
            // `''` (a quote mark in some archives) and `--` are one token
            if (c == '\'' || c == '-') && text[end..].starts_with(c) {
                end += 1;
            }
            out.push(Tok { start: i, end, kind: Kind::Punct });
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<&str> {
        tokenize(t).iter().map(|k| k.text(t)).collect()
    }

    #[test]
    fn tokens_keep_names_and_abbreviations() {
        let cases: &[(&str, &[&str])] = &[
            ("Mr. Trump said.", &["Mr.", "Trump", "said", "."]),
            ("“We win,” he said.", &["“", "We", "win", ",", "”", "he", "said", "."]),
            ("Jean-François Legare’s U.S. visit", &["Jean-François", "Legare’s", "U.S.", "visit"]),
            ("''Not only,'' Mr. Merrill said", &["''", "Not", "only", ",", "''", "Mr.", "Merrill", "said"]),
            ("the mullahs’ regime", &["the", "mullahs", "’", "regime"]),
            ("J. Smith", &["J.", "Smith"]),
            ("", &[]),
        ];
        for (t, want) in cases {
            assert_eq!(&words(t), want, "{t}");
        }
    }
}
