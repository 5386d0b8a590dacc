//! Quote marks → quoted regions. Handles typographic (“…”, „…“, «…», ‘…’) and
//! straight (`"…"`, `''…''`) marks, nested single quotes inside double ones, quotes
//! that run over several paragraphs (an opening mark per paragraph, the closing mark
//! only at the end), and unbalanced straight quotes left by scrapers.

use crate::model::Span;

/// One quoted region of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Region {
    /// The quoted words, without the marks (trimmed; may span paragraphs).
    pub inner: Span,
    /// From the opening mark to one past the closing mark (or the end of the words).
    pub outer: Span,
    /// False when the text never closes the quote.
    pub closed: bool,
    /// Byte spans of every part: one per paragraph for a multi-paragraph quote.
    pub parts: Vec<Span>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    /// “ „ ‟ «
    Open,
    /// ” »
    Close,
    /// " or ''
    Straight,
    /// ‘ at a word start
    SingleOpen,
    /// ’ or ' that can close a single quote
    SingleClose,
}

/// Whether a byte can start a quote mark: `"`, `'`, or the first byte of `«`/`»`
/// (U+00AB/BB) or of the typographic quotes (U+2018–201F). The scan for marks jumps
/// from one such byte to the next instead of decoding every character.
#[inline]
fn can_start_mark(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | 0xC2 | 0xE2)
}

fn mark_at(p: &str, i: usize, c: char) -> Option<(Mark, usize)> {
    if !matches!(c, '“' | '„' | '‟' | '«' | '”' | '»' | '"' | '\'' | '‘' | '’') {
        return None;
    }
    let prev = p[..i].chars().next_back();
    let next = p[i + c.len_utf8()..].chars().next();
    let word_before = prev.is_some_and(|c| c.is_alphanumeric());
    let word_after = next.is_some_and(|c| c.is_alphanumeric());
    // a typographic mark the scraper or writer got the wrong way round, read by its
    // place: `here,“ said X` closes, `”Yes` after a space opens
    let space_before = prev.is_none_or(char::is_whitespace);
    let space_after = next.is_none_or(char::is_whitespace);
    Some(match c {
        '“' if !space_before && space_after && !prev.is_some_and(|p| matches!(p, '(' | '[' | '—' | '–')) => {
            (Mark::Close, c.len_utf8())
        }
        '”' if space_before && word_after => (Mark::Open, c.len_utf8()),
        '“' | '„' | '‟' | '«' => (Mark::Open, c.len_utf8()),
        '”' | '»' => (Mark::Close, c.len_utf8()),
        '"' => (Mark::Straight, 1),
        '\'' if next == Some('\'') => (Mark::Straight, 2),
        '‘' if !word_before => (Mark::SingleOpen, c.len_utf8()),
        '’' | '\'' if !word_after => (Mark::SingleClose, c.len_utf8()),
        _ => return None,
    })
}

struct Open {
    mark_start: usize,
    inner_start: usize,
    single: bool,
    german: bool,
    parts: Vec<Span>,
    /// Curly quotes open inside a straight one (`"… “civil disobedience” …"`).
    nested: u8,
}

/// The lines of a text (paragraphs: cleaned text separates them by a blank line, some
/// inputs by a single newline), trimmed, empty ones dropped.
pub(crate) fn lines(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n').chain(std::iter::once((text.len(), ""))) {
        let sp = trimmed(text, start, i);
        if !sp.is_empty() {
            out.push(sp);
        }
        start = (i + 1).min(text.len());
    }
    out
}

fn trimmed(text: &str, s: usize, e: usize) -> Span {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail >= piece.len() {
        return Span::new(s, s);
    }
    Span::new(s + lead, e - trail)
}

/// Find the quoted regions of a text, in order.
pub(crate) fn regions(text: &str) -> Vec<Region> {
    let paras = lines(text);
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    for (pi, para) in paras.iter().enumerate() {
        let p = &text[para.range()];
        let mut skip_to = 0usize;
        // a quote still open from the previous paragraph: this paragraph continues it
        // (its opening mark is skipped)
        if let Some(o) = open.as_mut() {
            let first = p.chars().next();
            let skip = match first {
                Some(c @ ('“' | '„' | '«' | '"')) => c.len_utf8(),
                Some('\'') if p.starts_with("''") => 2,
                _ => 0,
            };
            o.inner_start = para.start + skip;
            skip_to = skip;
        }
        let mut next = skip_to;
        while let Some(k) = p.as_bytes()[next..].iter().position(|&b| can_start_mark(b)) {
            let i = next + k;
            let Some(c) = p[i..].chars().next() else { break };
            next = i + c.len_utf8();
            let Some((mark, len)) = mark_at(p, i, c) else { continue };
            // past the mark (`''` is two characters)
            next = i + len;
            let at = para.start + i;
            match (&mut open, mark) {
                (None, Mark::Open | Mark::Straight) => {
                    open = Some(Open {
                        mark_start: at,
                        inner_start: at + len,
                        single: false,
                        german: c == '„',
                        parts: Vec::new(),
                        nested: 0,
                    });
                }
                (None, Mark::SingleOpen) => {
                    open = Some(Open {
                        mark_start: at,
                        inner_start: at + len,
                        single: true,
                        german: false,
                        parts: Vec::new(),
                        nested: 0,
                    });
                }
                (Some(o), Mark::Close) if o.nested > 0 => o.nested -= 1,
                (Some(o), Mark::Close | Mark::Straight) if !o.single => {
                    finish(text, o, at, at + len, true, &mut out);
                    open = None;
                }
                (Some(o), Mark::Open) if !o.single && o.german && c == '“' => {
                    finish(text, o, at, at + len, true, &mut out);
                    open = None;
                }
                (Some(o), Mark::SingleClose) if o.single => {
                    // a plural possessive (`the mullahs’ regime`) does not close
                    let prev_s = text[..at].ends_with('s');
                    let next_space = text[at + len..].starts_with(' ');
                    if !(prev_s && next_space) {
                        finish(text, o, at, at + len, true, &mut out);
                        open = None;
                    }
                }
                (Some(o), Mark::Open | Mark::Straight) if o.single => {
                    // a double quote inside an unclosed single one: the single one was
                    // an apostrophe after all
                    open = Some(Open {
                        mark_start: at,
                        inner_start: at + len,
                        single: false,
                        german: c == '„',
                        parts: Vec::new(),
                        nested: 0,
                    });
                }
                (Some(o), Mark::Open) => {
                    // a curly quote inside a straight one that closes later in the
                    // paragraph is nested; a straight one that never closes, in a
                    // paragraph of curly ones, was no quote at all (scraper debris)
                    let straight = text[o.mark_start..].starts_with('"');
                    if straight && p[i + len..].contains('"') {
                        o.nested += 1;
                        continue;
                    }
                    // else a new opening mark while one is open: the first was never closed
                    if !straight {
                        finish(text, o, at, at, false, &mut out);
                    }
                    open = Some(Open {
                        mark_start: at,
                        inner_start: at + len,
                        single: false,
                        german: c == '„',
                        parts: Vec::new(),
                        nested: 0,
                    });
                }
                _ => {}
            }
        }
        // end of paragraph with a quote open
        if let Some(mut o) = open.take() {
            if o.single {
                continue; // an apostrophe, not a quote
            }
            let next_opens = paras.get(pi + 1).is_some_and(|n| {
                let np = &text[n.range()];
                (np.starts_with(['“', '„', '«', '"']) || np.starts_with("''")) && !attributed_on_its_own(np)
            });
            let part = trimmed(text, o.inner_start, para.end);
            if next_opens {
                o.parts.push(part);
                open = Some(o);
            } else {
                finish(text, &mut o, para.end, para.end, false, &mut out);
            }
        }
    }
    out
}

/// A paragraph opening with a quote mark whose first quote closes with a comma
/// (`“…,” Sexton said.`): a new quote with its own attribution, not the continuation
/// of a quote left open in the paragraph before.
fn attributed_on_its_own(p: &str) -> bool {
    let mut cs = p.char_indices();
    let Some((_, first)) = cs.next() else { return false };
    let close = cs.find(|&(_, c)| c == '”' || (first == '"' && c == '"') || c == '»').map(|(i, _)| i);
    close.is_some_and(|i| p[..i].trim_end().ends_with(','))
}

fn finish(text: &str, o: &mut Open, inner_end: usize, outer_end: usize, closed: bool, out: &mut Vec<Region>) {
    let last = trimmed(text, o.inner_start.min(inner_end), inner_end);
    let mut parts = std::mem::take(&mut o.parts);
    if !last.is_empty() {
        parts.push(last);
    }
    let (Some(first), Some(end)) = (parts.first().copied(), parts.last().copied()) else { return };
    out.push(Region {
        inner: Span::new(first.start, end.end),
        outer: Span::new(o.mark_start, outer_end.max(end.end)),
        closed,
        parts,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(t: &str) -> Vec<(&str, bool)> {
        regions(t).iter().map(|r| (&t[r.inner.range()], r.closed)).collect()
    }

    #[test]
    fn quote_styles() {
        let cases: &[(&str, &[(&str, bool)])] = &[
            ("“We win,” he said.", &[("We win,", true)]),
            ("\"We win,\" he said.", &[("We win,", true)]),
            ("He said: „Wir schaffen das“ and left.", &[("Wir schaffen das", true)]),
            ("Il a dit « non » hier.", &[("non", true)]),
            (
                "“He called it ‘a wrong measure’ today,” he added.",
                &[("He called it ‘a wrong measure’ today,", true)],
            ),
            ("‘I warn the British,’ he said.", &[("I warn the British,", true)]),
            ("''As she said,'' Mr. Merrill said.", &[("As she said,", true)]),
            (
                "''It's preseason, for heaven's sake,'' he said. ''The gun starts.''",
                &[("It's preseason, for heaven's sake,", true), ("The gun starts.", true)],
            ),
            ("the mullahs’ regime and you’ve won", &[]),
            ("the mullahs’ regime “is lying”", &[("is lying", true)]),
            // a scraper dropped the closing mark: the quote ends with the paragraph
            (
                "“We promise to keep a dialogue.\n\nNext paragraph.",
                &[("We promise to keep a dialogue.", false)],
            ),
            // the wrong curly mark closing, a stray straight mark before curly quotes
            ("“We win,“ said Jo Smith, a voter.", &[("We win,", true)]),
            (
                "\"Tara Setmayer called it “a syndrome” and said, “He felt the need.”",
                &[("a syndrome", true), ("He felt the need.", true)],
            ),
            (
                "He wrote, \"While many activists advocate “civil disobedience” to do it, the MeK is sure.\"",
                &[("While many activists advocate “civil disobedience” to do it, the MeK is sure.", true)],
            ),
            // stray straight mark before the real quote
            ("in Iran.\" Even by the standards,\" he wrote.", &[("Even by the standards,", true)]),
        ];
        for (t, want) in cases {
            assert_eq!(&inner(t), want, "{t}");
        }
    }

    #[test]
    fn multi_paragraph_quote_is_one_region() {
        let t = "He said:\n\n“First paragraph.\n\n“Second paragraph.\n\n“Third one.”\n\nAfter.";
        let rs = regions(t);
        assert_eq!(rs.len(), 1);
        assert_eq!(rs[0].parts.len(), 3);
        assert_eq!(&t[rs[0].parts[1].range()], "Second paragraph.");
        assert!(
            t[rs[0].inner.range()].starts_with("First") && t[rs[0].inner.range()].ends_with("Third one.")
        );
        assert!(rs[0].closed);
    }

    #[test]
    fn a_paragraph_with_its_own_attribution_does_not_continue_an_open_quote() {
        // the closing mark of the first paragraph was lost; the next quote has its cue
        let t = "“One I would describe as a casual country club-like hate,” Sexton said. “Trump events are outlets for people.\n\n“There’s another side that’s kind of nihilistic,” Sexton said.";
        let got = inner(t);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[1], ("Trump events are outlets for people.", false));
        assert_eq!(got[2], ("There’s another side that’s kind of nihilistic,", true));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in ["\"", "“", "”", "''", "‘", "’", "\"\n\n\"", "“a\n\n“", "«»", "„“"] {
            let _ = regions(t);
        }
    }
}
