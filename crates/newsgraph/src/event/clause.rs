//! Clause roles around a trigger, read off the part-of-speech tags of one sentence:
//! the subject noun phrase before the verb group (skipping time adverbials,
//! appositives and participial phrases between commas, and prepositional phrases),
//! the object after the trigger, the `by` phrase of a passive, coordinated heads.
//! No parser: a few shapes of English news sentences, each a rule that says why.

use crate::model::Span;
use crate::pos::Pos;
use crate::quote::tok::{self, Kind};

/// One word or punctuation token of a sentence.
#[derive(Clone, Debug)]
pub(crate) struct W {
    pub start: usize,
    pub end: usize,
    /// Lower case, typographic apostrophes as `'`.
    pub low: String,
    pub pos: Pos,
    pub punct: bool,
    /// Starts with an upper-case letter.
    pub cap: bool,
}

/// A sentence's tokens with their tags.
pub(crate) struct Sent {
    pub w: Vec<W>,
}

/// A noun phrase: tokens `a..=b`; `heads` are the last tokens of its coordinated
/// parts (`Israel and the Palestinians` → `Israel`, `Palestinians`), each with the
/// first token of its part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Np {
    pub a: usize,
    pub b: usize,
    pub parts: Vec<(usize, usize)>,
    /// The head word of each part (`sides` of `the Turkish and Greek sides of …
    /// Cyprus`, `parties` of `opposition parties in Nepal`).
    pub heads: Vec<usize>,
}

/// Words before `of` that are no head: `One third of …`, `thousands of …`.
const PARTITIVES: &[&str] = &[
    "one",
    "two",
    "three",
    "third",
    "half",
    "quarter",
    "part",
    "some",
    "most",
    "many",
    "all",
    "each",
    "none",
    "members",
    "member",
    "thousands",
    "hundreds",
    "dozens",
    "millions",
    "tens",
    "scores",
    "group",
    "number",
    "majority",
    "rest",
    "remnants",
    "supporters",
    "units",
    "unit",
    "deployment",
];

/// The head of tokens `a..=b`: the word before the first `of` (unless a partitive),
/// else the last word.
pub(crate) fn head_of(s: &Sent, a: usize, b: usize) -> usize {
    let w = &s.w;
    match (a + 1..=b).find(|&k| w[k].low == "of") {
        Some(k) if !PARTITIVES.contains(&w[k - 1].low.as_str()) && w[k - 1].pos != Pos::Num => k - 1,
        _ => b,
    }
}

impl Np {
    fn new(s: &Sent, a: usize, b: usize, parts: Vec<(usize, usize)>) -> Np {
        let heads = parts.iter().map(|&(x, y)| head_of(s, x, y)).collect();
        Np { a, b, parts, heads }
    }
}

/// Lower-case a token into `out`, reading `’` as `'`.
pub(crate) fn lower_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
    for c in s.chars() {
        match c {
            '’' | '‘' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// The words of `text[span]`, untagged, from its tokens `toks` (offsets into the piece), written
/// over `out`'s words so that their lower-case strings are reused: `spare` keeps the
/// strings of words a shorter sentence did not need.
pub(crate) fn words_into(
    text: &str,
    span: Span,
    toks: &[tok::Tok],
    out: &mut Vec<W>,
    spare: &mut Vec<String>,
) {
    let piece = &text[span.range()];
    while out.len() > toks.len() {
        if let Some(x) = out.pop() {
            spare.push(x.low);
        }
    }
    for (i, t) in toks.iter().enumerate() {
        let s = t.text(piece);
        let (start, end) = (span.start + t.start, span.start + t.end);
        let punct = t.kind == Kind::Punct;
        let cap = s.chars().next().is_some_and(char::is_uppercase);
        if let Some(x) = out.get_mut(i) {
            lower_into(s, &mut x.low);
            x.start = start;
            x.end = end;
            x.pos = Pos::Punct;
            x.punct = punct;
            x.cap = cap;
        } else {
            let mut low = spare.pop().unwrap_or_default();
            lower_into(s, &mut low);
            out.push(W { start, end, low, pos: Pos::Punct, punct, cap });
        }
    }
}

const TIME_WORDS: &[&str] = &[
    "today",
    "yesterday",
    "tonight",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "weekend",
    "morning",
    "evening",
    "afternoon",
    "night",
    "overnight",
    "now",
    "again",
    "also",
    "finally",
    "recently",
    "earlier",
    "later",
    "late",
    "early",
    "week",
    "month",
    "year",
    "last",
    "this",
    "here",
    "there",
];

/// A word of a time adverbial (`today`, `on Thursday`, `late Sunday`) or an adverb.
pub(crate) fn is_time(w: &W) -> bool {
    !w.punct
        && (w.pos == Pos::Adv
            || TIME_WORDS.contains(&w.low.as_str())
            || crate::date::month_number(&w.low).is_some() && w.cap)
}

const POSSESSIVES: &[&str] = &["its", "their", "his", "her", "our", "my", "your"];
const PRONOUNS: &[&str] = &["he", "she", "it", "they", "we", "i", "you"];

/// A word that can be part of a noun phrase.
pub(crate) fn np_word(w: &W) -> bool {
    if w.punct {
        return false;
    }
    match w.pos {
        Pos::Noun | Pos::Nouns | Pos::Propn | Pos::Adj | Pos::Num | Pos::Det => true,
        Pos::Pron => POSSESSIVES.contains(&w.low.as_str()),
        // a capitalised word the tagger read as a verb inside a name (`United`)
        Pos::Vbn | Pos::Vbg | Pos::Vbd => w.cap && w.low != "i",
        _ => false,
    }
}

/// A subject pronoun.
pub(crate) fn is_pronoun(w: &W) -> bool {
    !w.punct && PRONOUNS.contains(&w.low.as_str())
}

fn det_like(w: &W) -> bool {
    w.pos == Pos::Det || (w.pos == Pos::Pron && POSSESSIVES.contains(&w.low.as_str()))
}

/// A finite verb or modal: a comma segment holding one is a clause, not an apposition.
fn finite(w: &W) -> bool {
    matches!(w.pos, Pos::Vbd | Pos::Vbpz | Pos::Md)
}

/// Is the common noun `w` a title or a sector word (`minister`, `forces`), which may
/// stand before a name in one phrase (`foreign minister Dubem Oniya`)?
pub(crate) type TitleTest<'a> = &'a dyn Fn(&str) -> bool;

/// The noun phrase ending at token `j`.
pub(crate) fn np_ending_at(s: &Sent, j: usize, title: TitleTest<'_>) -> Option<Np> {
    let w = &s.w;
    if j >= w.len() || !np_word(&w[j]) || det_like(&w[j]) {
        return None;
    }
    let part = |end: usize| -> usize {
        let mut a = end;
        while a > 0 && !det_like(&w[a]) {
            let mut p = a - 1;
            // a parenthesised acronym inside the phrase: `Guard Corps (IRGC) forces`
            if w[p].low == ")" {
                match (p.saturating_sub(6)..p).rev().find(|&k| w[k].low == "(") {
                    Some(k) if k >= 1 && np_word(&w[k - 1]) => p = k - 1,
                    _ => break,
                }
            }
            // `the divided island`: a participle between a determiner and a noun
            let participle = matches!(w[p].pos, Pos::Vbn | Pos::Vbg) && p > 0 && det_like(&w[p - 1]);
            if participle || np_word(&w[p]) && (w[p].cap || !is_time(&w[p])) {
                // `another event Mullah Rouhani`: a common noun before a name ends the
                // phrase, unless it is a title (`foreign minister Dubem Oniya`)
                if w[a].pos == Pos::Propn
                    && matches!(w[p].pos, Pos::Noun | Pos::Nouns)
                    && !w[p].cap
                    && !title(&w[p].low)
                {
                    break;
                }
                a = p;
                continue;
            }
            if w[p].low == "of" && p >= 1 && np_word(&w[p - 1]) && !det_like(&w[p - 1]) {
                a = p - 1;
                continue;
            }
            break;
        }
        a
    };
    let mut a = part(j);
    let mut parts = vec![(a, j)];
    // coordination: `Israel and the Palestinians`, `Bosnia and Slovenia`
    while a >= 2 && matches!(w[a - 1].low.as_str(), "and" | "&") && np_word(&w[a - 2]) && !det_like(&w[a - 2])
    {
        let a2 = part(a - 2);
        parts.insert(0, (a2, a - 2));
        a = a2;
    }
    Some(Np::new(s, a, j, parts))
}

/// The noun phrase starting at token `i` (determiners, adjectives, nouns, an `of`
/// complement, coordination of names).
pub(crate) fn np_starting_at(s: &Sent, i: usize) -> Option<Np> {
    let w = &s.w;
    if i >= w.len() || !np_word(&w[i]) {
        return None;
    }
    let mut b = i;
    while b + 1 < w.len()
        && np_word(&w[b + 1])
        && !det_like(&w[b + 1])
        && !is_time_noun(&w[b + 1])
        && (w[b + 1].cap || !TIME_WORDS.contains(&w[b + 1].low.as_str()))
    {
        b += 1;
    }
    if det_like(&w[b]) {
        return None;
    }
    let mut parts = vec![(i, b)];
    // `of` complement: `the republic of Nakhichevan`, `the offices of the Palestinian
    // administrators`
    if b + 2 < w.len() && w[b + 1].low == "of" {
        if let Some(more) = np_starting_at(s, b + 2) {
            parts = vec![(i, more.b)];
            b = more.b;
        }
    }
    // coordination: `Congo and Costa Rica`
    while b + 2 < w.len() && w[b + 1].low == "and" && np_word(&w[b + 2]) {
        let Some(more) = np_starting_at(s, b + 2) else { break };
        parts.push((b + 2, more.b));
        b = more.b;
    }
    Some(Np::new(s, i, b, parts))
}

/// The day or year number of a date (`July 10`, `June 2019`).
fn is_date_number(s: &Sent, j: usize) -> bool {
    s.w[j].pos == Pos::Num && j > 0 && s.w[j - 1].cap && crate::date::month_number(&s.w[j - 1].low).is_some()
}

fn is_time_noun(w: &W) -> bool {
    matches!(
        w.low.as_str(),
        "today"
            | "yesterday"
            | "tonight"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
    )
}

/// The subject of the verb group that starts at token `vg`: the nearest noun phrase
/// before it, skipping time adverbials (`today`, `on Thursday`), comma-delimited
/// appositions and participial phrases (`Rouhani, the regime's president …,
/// fearing …, threatened`), and a prepositional phrase after the head (`Security
/// forces in Guinea` → the whole phrase). `None` when a clause boundary comes first.
pub(crate) fn subject(s: &Sent, vg: usize, title: TitleTest<'_>) -> Option<Np> {
    let w = &s.w;
    let mut j = vg.checked_sub(1)?;
    for _ in 0..12 {
        let t = &w[j];
        if is_time(t) || is_date_number(s, j) {
            j = j.checked_sub(1)?;
            continue;
        }
        // `The dignitaries who visited …`: the subject is before the relative pronoun
        if matches!(t.low.as_str(), "who" | "which" | "that")
            && j + 1 == vg
            && j > 0
            && w[j - 1].pos.is_noun()
        {
            j = j.checked_sub(1)?;
            continue;
        }
        // `on Thursday`, `in June`: a preposition before a time word
        if t.pos == Pos::Adp && j + 1 < vg && is_time(&w[j + 1]) {
            j = j.checked_sub(1)?;
            continue;
        }
        if t.punct {
            match t.low.as_str() {
                "," => {
                    let k = (0..j).rev().find(|&k| matches!(w[k].low.as_str(), "," | ";" | ":"));
                    let seg = k.map_or(0, |k| k + 1)..j;
                    let clause = w[seg.clone()].iter().any(finite);
                    match k {
                        // an apposition or participial phrase between commas
                        Some(k) if !clause && w[k].low == "," => {
                            j = k.checked_sub(1)?;
                            continue;
                        }
                        _ => {
                            // the phrase before the first comma is the subject when it
                            // holds no verb (`Salaheddine Sidhoum, …`)
                            if clause || seg.is_empty() {
                                return None;
                            }
                            j = j.checked_sub(1)?;
                            continue;
                        }
                    }
                }
                "\"" | "“" | "”" | "'" | "''" | "(" | ")" => {
                    j = j.checked_sub(1)?;
                    continue;
                }
                _ => return None,
            }
        }
        if is_pronoun(t) {
            return Some(Np::new(s, j, j, vec![(j, j)]));
        }
        let np = np_ending_at(s, j, title)?;
        // a prepositional phrase after the head: `Security forces in Guinea`,
        // `Rebels in the Ivory Coast`
        if np.a >= 2 && matches!(w[np.a - 1].pos, Pos::Adp | Pos::To) && w[np.a - 1].low != "of" {
            let prep = &w[np.a - 1].low;
            // `insiders such as John Bolton and Rudy Giuliani`: the named examples act
            if prep == "as" && w[np.a - 2].low == "such" || prep == "including" {
                return Some(np);
            }
            if matches!(prep.as_str(), "in" | "from" | "of" | "at" | "throughout" | "within") {
                if let Some(head) = np_ending_at(s, np.a - 2, title) {
                    let mut out = head.clone();
                    if let Some(last) = out.parts.last_mut() {
                        last.1 = np.b;
                    }
                    out.b = np.b;
                    return Some(out);
                }
            }
            // a subordinator before a clause: the phrase is that clause's subject
            // (`after many European countries agreed`)
            if matches!(
                prep.as_str(),
                "after"
                    | "before"
                    | "since"
                    | "as"
                    | "because"
                    | "while"
                    | "when"
                    | "although"
                    | "though"
                    | "until"
                    | "if"
                    | "unless"
                    | "whether"
                    | "that"
            ) {
                return Some(np);
            }
            // any other preposition: the phrase is an adjunct; the subject is before it
            j = np.a.checked_sub(2)?;
            continue;
        }
        return Some(np);
    }
    None
}

/// Where the verb group of a trigger at token `i` starts: auxiliaries, modals,
/// negation, adverbs and `to` before it (`has not yet been`, `will`, `to`).
pub(crate) fn verb_group_start(s: &Sent, i: usize) -> usize {
    let mut k = i;
    while k > 0 {
        let p = &s.w[k - 1];
        let aux = matches!(
            p.low.as_str(),
            "is" | "are"
                | "was"
                | "were"
                | "be"
                | "been"
                | "being"
                | "has"
                | "have"
                | "had"
                | "do"
                | "does"
                | "did"
                | "to"
                | "not"
                | "n't"
                | "never"
        ) || p.low.ends_with("n't")
            || p.pos == Pos::Md
            || (p.pos == Pos::Adv && !p.punct);
        if !aux {
            break;
        }
        k -= 1;
    }
    k
}

/// Is the trigger at token `i` (a past participle) passive: a form of `be` in its
/// verb group?
pub(crate) fn passive(s: &Sent, vg: usize, i: usize) -> bool {
    let by_next = (i + 1..(i + 3).min(s.w.len())).any(|k| s.w[k].low == "by");
    s.w[i].pos == Pos::Vbn
        && (s.w[vg..i]
            .iter()
            .any(|w| matches!(w.low.as_str(), "is" | "are" | "was" | "were" | "be" | "been" | "being"))
            || by_next && i > 0 && s.w[i - 1].pos != Pos::Vbpz)
}

/// Token index of the first clause boundary after `i` (or the sentence end).
pub(crate) fn clause_end(s: &Sent, i: usize) -> usize {
    (i + 1..s.w.len())
        .find(|&k| {
            let w = &s.w[k];
            (w.punct && matches!(w.low.as_str(), "," | ";" | ":" | "." | "?" | "!" | "“" | "”" | "\""))
                || matches!(
                    w.low.as_str(),
                    "that"
                        | "which"
                        | "who"
                        | "whom"
                        | "while"
                        | "whereas"
                        | "because"
                        | "although"
                        | "but"
                        | "as"
                        | "after"
                        | "before"
                        | "when"
                        | "unless"
                        | "if"
                )
        })
        .unwrap_or(s.w.len())
}

/// The object of a trigger that ends at token `last`: the noun phrase after it,
/// past adverbs, a `to`-complement's verb and particles, and one preposition
/// (`clash with X`, `protest against X`).
pub(crate) fn object(s: &Sent, last: usize, end: usize) -> Option<Np> {
    let w = &s.w;
    let mut i = last + 1;
    let mut preps = 0;
    while i < end {
        let t = &w[i];
        if t.punct && t.low != "(" {
            return None;
        }
        if np_word(t) && !is_time_noun(t) {
            return np_starting_at(s, i).filter(|np| np.b < end);
        }
        let skip = is_time(t)
            || t.low == "to" && i + 1 < end && w[i + 1].pos.is_verb()
            || t.pos.is_verb()
            || t.pos == Pos::Adp && {
                preps += 1;
                preps <= 2
            }
            || t.pos == Pos::To;
        if !skip {
            return None;
        }
        i += 1;
    }
    None
}

/// The agent of a passive: the noun phrase after `by` within the clause.
pub(crate) fn by_agent(s: &Sent, last: usize, end: usize) -> Option<Np> {
    let k = (last + 1..end).find(|&k| s.w[k].low == "by")?;
    np_starting_at(s, k + 1)
}

/// The subject of a clause that starts at token `k` (`that the United States …`).
pub(crate) fn subject_after(s: &Sent, k: usize, _title: TitleTest<'_>) -> Option<Np> {
    let k = (k..s.w.len()).take(2).find(|&i| np_word(&s.w[i]))?;
    np_starting_at(s, k)
}
