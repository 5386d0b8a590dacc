//! Word tokens of a cleaned text, as byte spans.
//!
//! Rules for real news text (not only CoNLL's space-separated tokens), in the Penn
//! Treebank / CoNLL convention the tagger was trained on:
//! - whitespace always separates tokens;
//! - URLs and e-mail addresses stay whole (trailing punctuation is split off);
//! - leading and trailing punctuation, brackets and quote marks (`“ ” ‘ ’ " '`) are
//!   tokens of their own, except the full stop of an abbreviation (`U.S.`, `Sen.`,
//!   `Mr.`, initials such as `J.`) and an ellipsis (`...`), which stay one token;
//! - clitics are split: possessive `'s` / `’s`, `n't`, `'re`, `'ve`, `'ll`, `'d`, `'m`;
//! - dashes (`—`, `–`, `--`), `…` and a slash between two words (`PMOI/MEK`) split;
//! - hyphenated and accented words (`Jean-François`), numbers (`1,000.5`, `1996-08-30`)
//!   and times (`10:30`) stay whole.
//!
//! Every span starts and ends on a char boundary of the text and covers no whitespace.

use crate::model::Span;

/// Tokens of the whole text.
pub fn tokenize(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    tokenize_span(text, Span::new(0, text.len()), &mut out);
    out
}

/// Append the tokens of `&text[span]` to `out` (spans are offsets into `text`).
/// A span that is out of range or not on char boundaries yields no token.
pub fn tokenize_span(text: &str, span: Span, out: &mut Vec<Span>) {
    let Some(piece) = text.get(span.range()) else {
        return;
    };
    let mut start: Option<usize> = None;
    for (i, c) in piece.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                split_chunk(text, span.start + s, span.start + i, out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        split_chunk(text, span.start + s, span.end, out);
    }
}

/// Characters split off the front of a word.
fn is_lead_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '„'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '('
            | '['
            | '{'
            | '<'
            | '¿'
            | '¡'
            | '$'
            | '£'
            | '€'
            | '¥'
            | '#'
            | '*'
            | '|'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '—'
            | '–'
            | '…'
            | '•'
            | '·'
            | '/'
            | '\\'
            | '>'
            | '}'
            | ']'
            | ')'
            | '~'
            | '='
    )
}

/// Characters split off the end of a word (the full stop is handled separately).
fn is_trail_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '‹'
            | '›'
            | ')'
            | ']'
            | '}'
            | '>'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '%'
            | '—'
            | '–'
            | '…'
            | '*'
            | '|'
            | '('
            | '['
            | '{'
            | '/'
            | '\\'
            | '~'
            | '='
    )
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Words whose full stop belongs to them.
const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "assn", "atty", "aug", "ave", "blvd", "bros", "capt", "cmdr", "co", "col", "corp", "cpl",
    "dec", "dept", "dr", "esq", "etc", "feb", "fig", "ft", "gen", "gov", "hon", "inc", "jan", "jr", "jul",
    "jun", "lt", "ltd", "maj", "mar", "messrs", "mr", "mrs", "ms", "msgr", "mt", "no", "nos", "nov", "oct",
    "pres", "prof", "rep", "reps", "rev", "rd", "sen", "sens", "sep", "sept", "sgt", "sr", "st", "supt",
    "univ", "vs", "gens",
];

/// True when `core` (a word without its final full stop) is an abbreviation.
fn is_abbreviation(core: &str) -> bool {
    if core.is_empty() {
        return false;
    }
    let mut chars = core.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // An initial: `J.`, `F.`
        return c.is_alphabetic();
    }
    if core.contains('.') {
        // `U.S`, `a.m`, `e.g`, `U.K`: every piece one or two letters.
        return core
            .split('.')
            .all(|p| !p.is_empty() && p.chars().count() <= 2 && p.chars().all(char::is_alphabetic));
    }
    if core.len() <= 6 && core.chars().all(|c| c.is_ascii_alphabetic()) {
        let lower = core.to_ascii_lowercase();
        return ABBREVIATIONS.contains(&lower.as_str());
    }
    false
}

fn is_url_or_email(s: &str) -> bool {
    let l = s.trim_start_matches(|c: char| is_lead_punct(c));
    let lower_starts =
        |p: &str| l.len() >= p.len() && l.is_char_boundary(p.len()) && l[..p.len()].eq_ignore_ascii_case(p);
    if lower_starts("http://") || lower_starts("https://") || lower_starts("www.") {
        return true;
    }
    if let Some(at) = l.find('@') {
        let (user, dom) = (&l[..at], &l[at + 1..]);
        let dom = dom.trim_end_matches(|c: char| !c.is_alphanumeric());
        return !user.is_empty()
            && dom.contains('.')
            && !dom.starts_with('.')
            && dom.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    }
    false
}

/// Split one whitespace-free chunk `text[a..b]`.
fn split_chunk(text: &str, a: usize, b: usize, out: &mut Vec<Span>) {
    let chunk = &text[a..b];
    // Most chunks are plain words: letters and digits only, nothing to split (no URL,
    // separator, punctuation, apostrophe or full stop). `plain_chunks_are_one_token`
    // checks that the rules below agree.
    if chunk.bytes().all(|c| c.is_ascii_alphanumeric()) {
        out.push(Span::new(a, b));
        return;
    }
    if is_url_or_email(chunk) {
        let mut s = a;
        // Leading punctuation.
        while let Some(c) = text[s..b].chars().next() {
            if !is_lead_punct(c) {
                break;
            }
            out.push(Span::new(s, s + c.len_utf8()));
            s += c.len_utf8();
        }
        let mut e = b;
        let mut tail = Vec::new();
        while let Some(c) = text[s..e].chars().next_back() {
            if is_trail_punct(c) && c != '/' || c == '.' {
                tail.push(Span::new(e - c.len_utf8(), e));
                e -= c.len_utf8();
            } else {
                break;
            }
        }
        if s < e {
            out.push(Span::new(s, e));
        }
        out.extend(tail.into_iter().rev());
        return;
    }
    // Internal separators: dashes, ellipsis, `--`, and `/` between two letters.
    let mut piece_start = a;
    let mut prev: Option<char> = None;
    let mut iter = chunk.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let pos = a + i;
        let next = iter.peek().map(|&(_, n)| n);
        let sep_len = match c {
            '—' | '–' | '…' if pos > piece_start => c.len_utf8(),
            '-' if next == Some('-') && pos > piece_start => {
                // a run of hyphens
                text[pos..b].chars().take_while(|&h| h == '-').count()
            }
            '/' if prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic) => 1,
            _ => 0,
        };
        if sep_len > 0 {
            split_word(text, piece_start, pos, out);
            out.push(Span::new(pos, pos + sep_len));
            piece_start = pos + sep_len;
            // skip the rest of a hyphen run
            for _ in 1..sep_len {
                iter.next();
            }
            prev = None;
            continue;
        }
        prev = Some(c);
    }
    if piece_start < b {
        split_word(text, piece_start, b, out);
    }
}

/// Split leading/trailing punctuation and clitics off `text[a..b]`.
fn split_word(text: &str, a: usize, b: usize, out: &mut Vec<Span>) {
    let mut s = a;
    let mut e = b;
    // Leading punctuation, one mark at a time (a run of dots or hyphens is one token).
    while s < e {
        let rest = &text[s..e];
        let Some(c) = rest.chars().next() else { break };
        if c == '.' || c == '-' {
            let run = rest.chars().take_while(|&d| d == c).count();
            let after = rest[run..].chars().next();
            if run == rest.len() || run > 1 || c == '.' && !after.is_some_and(|d| d.is_ascii_digit()) {
                if run == rest.len() {
                    break; // the whole word is dots/hyphens: one token
                }
                out.push(Span::new(s, s + run));
                s += run;
                continue;
            }
            break;
        }
        if !is_lead_punct(c) {
            break;
        }
        // `[W]hile`: an editor's bracket inside a word stays in it.
        if c == '['
            && rest.find(']').is_some_and(|j| rest[j + 1..].chars().next().is_some_and(char::is_alphabetic))
        {
            break;
        }
        // `'90s`: an apostrophe before digits belongs to the word.
        if is_apostrophe(c) && rest[c.len_utf8()..].chars().next().is_some_and(|d| d.is_ascii_digit()) {
            break;
        }
        if rest.len() == c.len_utf8() {
            break;
        }
        // A clitic standing alone (`England 's`, CoNLL style) is one token.
        if is_apostrophe(c)
            && matches!(rest[c.len_utf8()..].to_lowercase().as_str(), "s" | "d" | "m" | "re" | "ve" | "ll")
        {
            break;
        }
        out.push(Span::new(s, s + c.len_utf8()));
        s += c.len_utf8();
    }
    // Trailing punctuation and clitics, collected in reverse.
    let mut tail: Vec<Span> = Vec::new();
    while s < e {
        let rest = &text[s..e];
        let Some(c) = rest.chars().next_back() else { break };
        if rest.len() == c.len_utf8() {
            break;
        }
        if c == '.' {
            let run = rest.chars().rev().take_while(|&d| d == '.').count();
            if run == rest.len() {
                break;
            }
            if run >= 2 {
                tail.push(Span::new(e - run, e));
                e -= run;
                continue;
            }
            let core = &rest[..rest.len() - 1];
            if is_abbreviation(core) {
                break;
            }
            tail.push(Span::new(e - 1, e));
            e -= 1;
            continue;
        }
        if is_trail_punct(c) {
            // `players'` keeps nothing; `rock 'n'` is rare — split the mark.
            tail.push(Span::new(e - c.len_utf8(), e));
            e -= c.len_utf8();
            continue;
        }
        if let Some(len) = clitic_len(rest) {
            tail.push(Span::new(e - len, e));
            e -= len;
            continue;
        }
        break;
    }
    if s < e {
        out.push(Span::new(s, e));
    }
    out.extend(tail.into_iter().rev());
}

/// Byte length of a clitic at the end of `w` (`'s`, `n't`, `'re`…), if `w` has one
/// and something word-like stands before it.
fn clitic_len(w: &str) -> Option<usize> {
    // The last five chars (offset, char), last first; no allocation.
    let mut last = [(0usize, '\0'); 5];
    let mut n = 0;
    for (i, c) in w.char_indices().rev().take(5) {
        last[n] = (i, c);
        n += 1;
    }
    if n < 3 {
        return None;
    }
    let c = |k: usize| last[k].1.to_ascii_lowercase();
    // n't
    if n >= 4 && c(0) == 't' && is_apostrophe(c(1)) && c(2) == 'n' && last[3].1.is_alphabetic() {
        return Some(w.len() - last[2].0);
    }
    // 's 'd 'm
    if is_apostrophe(c(1)) && matches!(c(0), 's' | 'd' | 'm') && last[2].1.is_alphanumeric() {
        return Some(w.len() - last[1].0);
    }
    // 're 've 'll
    if n >= 4
        && is_apostrophe(c(2))
        && last[3].1.is_alphabetic()
        && matches!((c(1), c(0)), ('r', 'e') | ('v', 'e') | ('l', 'l'))
    {
        return Some(w.len() - last[2].0);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|sp| &s[sp.range()]).collect()
    }

    #[test]
    fn plain_chunks_are_one_token() {
        // the general rules on chunks the fast path of `split_chunk` takes
        let mut rng = crate::perceptron::Rng(0x2545_F491_4F6C_DD1D);
        let alphabet = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for n in 0..5_000u64 {
            let len = 1 + (n % 9) as usize;
            let w: String = (0..len).map(|_| char::from(alphabet[(rng.next() % 62) as usize])).collect();
            for w in [w.as_str(), "Mr", "U", "cannot", "gonna", "http", "www", "St", "No", "1996"] {
                let mut general = Vec::new();
                split_word(w, 0, w.len(), &mut general);
                assert!(!is_url_or_email(w));
                assert_eq!(general, vec![Span::new(0, w.len())], "{w}");
                let mut fast = Vec::new();
                split_chunk(w, 0, w.len(), &mut fast);
                assert_eq!(fast, general, "{w}");
            }
        }
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("Hello world.", &["Hello", "world", "."]),
            ("Mayor Rudy Giuliani spoke.", &["Mayor", "Rudy", "Giuliani", "spoke", "."]),
            ("Sen. Joe Lieberman (I-CT) and", &["Sen.", "Joe", "Lieberman", "(", "I-CT", ")", "and"]),
            ("the U.S. and U.K. said", &["the", "U.S.", "and", "U.K.", "said"]),
            ("Mr. and Mrs. Smith", &["Mr.", "and", "Mrs.", "Smith"]),
            ("John F. Kennedy", &["John", "F.", "Kennedy"]),
            ("Iran's regime", &["Iran", "'s", "regime"]),
            ("Iran’s regime", &["Iran", "’s", "regime"]),
            ("mullahs’ regime", &["mullahs", "’", "regime"]),
            ("we don't know", &["we", "do", "n't", "know"]),
            ("they can’t", &["they", "ca", "n’t"]),
            ("we're here, you've been", &["we", "'re", "here", ",", "you", "'ve", "been"]),
            ("Jean-François Legare", &["Jean-François", "Legare"]),
            ("Zoë Ångström-Müller", &["Zoë", "Ångström-Müller"]),
            ("paid 1,000.5 dollars", &["paid", "1,000.5", "dollars"]),
            ("up 3.5% in 1996-08-30", &["up", "3.5", "%", "in", "1996-08-30"]),
            ("costs $1,000.", &["costs", "$", "1,000", "."]),
            ("at 10:30 a.m. today", &["at", "10:30", "a.m.", "today"]),
            ("“Ashraf 3,” home", &["“", "Ashraf", "3", ",", "”", "home"]),
            ("\"Free Iran\" rally", &["\"", "Free", "Iran", "\"", "rally"]),
            ("‘quoted’ word", &["‘", "quoted", "’", "word"]),
            ("'90s music", &["'90s", "music"]),
            ("PMOI/MEK members", &["PMOI", "/", "MEK", "members"]),
            ("1/2 cup", &["1/2", "cup"]),
            ("see https://example.com/a?b=1. Then", &["see", "https://example.com/a?b=1", ".", "Then"]),
            ("mail jo.doe@example.org, now", &["mail", "jo.doe@example.org", ",", "now"]),
            ("(www.example.com)", &["(", "www.example.com", ")"]),
            ("wait... what?!", &["wait", "...", "what", "?", "!"]),
            ("yes—no", &["yes", "—", "no"]),
            ("yes -- no--maybe", &["yes", "--", "no", "--", "maybe"]),
            ("O'Brien said", &["O'Brien", "said"]),
            ("“[W]hile we", &["“", "[W]hile", "we"]),
            ("[sic] here", &["[", "sic", "]", "here"]),
            ("Smith Inc. rose", &["Smith", "Inc.", "rose"]),
            ("CRICKET - LEICESTERSHIRE TAKE", &["CRICKET", "-", "LEICESTERSHIRE", "TAKE"]),
            ("England 's one-day", &["England", "'s", "one-day"]),
            ("-5 degrees", &["-5", "degrees"]),
            ("", &[]),
            ("  \n ", &[]),
            ("a", &["a"]),
            ("?", &["?"]),
            ("...", &["..."]),
        ];
        for (input, want) in cases {
            assert_eq!(toks(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn spans_are_in_order_and_whitespace_free() {
        let s = "Mayor Giuliani (R-NY) said: “We’re winning—really.” See www.x.org/a.";
        let spans = tokenize(s);
        let mut last = 0;
        for sp in &spans {
            assert!(sp.start >= last && sp.start < sp.end, "{sp:?}");
            assert!(!s[sp.range()].contains(char::is_whitespace));
            last = sp.end;
        }
    }

    #[test]
    fn tokenize_span_offsets_are_absolute() {
        let s = "One two. Three four.";
        let mut out = Vec::new();
        tokenize_span(s, Span::new(9, s.len()), &mut out);
        let got: Vec<&str> = out.iter().map(|sp| &s[sp.range()]).collect();
        assert_eq!(got, vec!["Three", "four", "."]);
        out.clear();
        tokenize_span(s, Span::new(1, 100), &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "'", "’’", "-", "--", "a'", "'s", "n't", "@", "a@b", "x@.y", "http://", "é.", "“”", "/a/", "—",
            "a—", "ÉÉ'S",
        ] {
            let spans = tokenize(s);
            for sp in spans {
                assert!(s.is_char_boundary(sp.start) && s.is_char_boundary(sp.end));
            }
        }
    }
}
