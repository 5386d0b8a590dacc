//! Attribution frames: a reporting cue, the noun phrase of its source, and the span of
//! the reported content, found syntactically inside one segment (a sentence, widened
//! so that no quote is cut). Nothing here knows about entities.

use super::lexicon::{Class, CueMatch, Lexicon};
use super::tok::{Kind, Tok};
use crate::model::Span;

/// What a source noun phrase is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SrcKind {
    /// Capitalised name (`Jean-François Legare`, `The Washington Times`).
    Name,
    /// `he`, `she`, `they`, `it`, `we`, `I`.
    Pronoun,
    /// `the minister`, `a source`, `officials`.
    Description,
}

/// A source noun phrase: tokens `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Source {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// What it is.
    pub kind: SrcKind,
}

/// How a frame attributes its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum How {
    /// `X said (that) …`, `X warned …`: source, cue, content in order.
    Forward,
    /// `“…,” X said`: content, source, cue.
    Backward,
    /// `“…,” said X`: content, cue, source.
    Inverted,
    /// `according to X, …` / `…, according to X`.
    According,
    /// `…, adding that …`: a participle cue sharing the main clause's source.
    Participle,
    /// A cue with a source but no content of its own (`he added.`, `X said:`).
    Bare,
}

/// One attribution found in a segment.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    /// Token range of the cue (auxiliaries like `has`, `also` included).
    pub cue: (usize, usize),
    /// The source noun phrase, if any.
    pub source: Option<Source>,
    /// Byte spans of the content (one, or two for `“A,” X said, “B”`).
    pub content: Vec<Span>,
    /// The pattern.
    pub how: How,
    /// The cue's lexicon class.
    pub class: Class,
    /// The lexicon prior of the cue form.
    pub prior: f32,
    /// Index of the segment.
    pub segment: usize,
    /// True when the cue ends its segment with a colon (`he said:`).
    pub colon: bool,
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];
const OBJ_PRONOUNS: &[&str] = &["him", "her", "them", "me", "us", "you", "it"];
const AUX: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "would",
    "will",
    "could",
    "did",
    "does",
    "do",
    "is",
    "was",
    "were",
    "are",
    "been",
    "be",
    "never",
    "not",
    "just",
    "often",
    "later",
    "previously",
    "repeatedly",
    "once",
    "again",
    "then",
    "recently",
    "reportedly",
    "publicly",
    "privately",
    "further",
    "first",
    "initially",
    "quickly",
    "immediately",
    "openly",
    "still",
    "already",
    "simply",
    "flatly",
    "frequently",
    "explicitly",
    "specifically",
    "even",
    "has",
    "may",
    "might",
    "can",
    "should",
    "must",
    "all",
    "both",
    "only",
    "now",
    "long",
    "earlier",
    "separately",
];
const DETS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "these", "those", "some",
    "many", "several", "two", "three", "four", "five", "most", "other", "another", "each", "every", "both",
    "one", "few", "numerous", "more", "top", "senior",
];
/// Words that open a clause (the boundary before a subject).
const CLAUSE_OPEN: &[&str] = &[
    "and",
    "but",
    "or",
    "while",
    "as",
    "because",
    "since",
    "though",
    "although",
    "when",
    "after",
    "before",
    "that",
    "if",
    "where",
    "so",
    "yet",
    "nor",
    "than",
    "whereas",
    "until",
    "meanwhile",
    "however",
    "also",
    "now",
    "then",
    "still",
    "instead",
    "indeed",
    "but",
];
/// Capitalised words that start a sentence but are not names.
const NOT_NAME: &[&str] = &[
    "but",
    "and",
    "or",
    "meanwhile",
    "however",
    "in",
    "on",
    "at",
    "when",
    "while",
    "after",
    "before",
    "still",
    "yet",
    "also",
    "so",
    "then",
    "now",
    "later",
    "earlier",
    "last",
    "this",
    "that",
    "asked",
    "speaking",
    "instead",
    "indeed",
    "moreover",
    "separately",
    "yesterday",
    "today",
    "as",
    "if",
    "because",
    "since",
    "though",
    "although",
    "for",
    "with",
    "by",
    "from",
    "to",
    "of",
    "during",
    "under",
    "over",
    "here",
    "there",
    "what",
    "why",
    "how",
    "who",
    "where",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "a",
    "an",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "in",
    "even",
    "just",
    "only",
    "not",
    "no",
    "yes",
    "well",
    "first",
    "finally",
    "again",
    "thus",
    "therefore",
    "like",
    "unlike",
    "despite",
    "among",
    "about",
    "above",
    "according",
    "hey",
    "oh",
    "mr",
    "and",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "sept.",
    "jan.",
    "feb.",
    "aug.",
    "oct.",
    "nov.",
    "dec.",
    "speaking",
    "rattling",
    "writing",
    "these",
    "those",
];
/// Lower-case words that cannot end a descriptive subject.
const NOT_HEAD: &[&str] = &[
    "that", "this", "which", "who", "what", "it", "there", "here", "not", "to", "of", "in", "on", "at",
    "for", "with", "by", "from", "and", "but", "or", "as", "than", "then", "also", "so", "very", "too",
    "more", "most", "all", "some", "be", "been", "being", "is", "was", "are", "were", "has", "have", "had",
    "do", "does", "did", "will", "would", "can", "could", "may", "might", "must", "should", "if", "when",
    "while", "because", "about", "into", "over", "after", "before", "since", "up", "out", "no", "now",
    "just", "only", "even", "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "him",
    "them", "us", "me", "one", "ever", "never", "again", "later", "yet", "how", "why", "where", "whether",
    "time", "way", "year", "years", "day", "week", "month", "night", "morning",
];
/// Name connectors inside a capitalised run (`Department of State`, `Al Qaeda`).
const CONNECT: &[&str] =
    &["of", "the", "for", "de", "del", "van", "von", "al", "bin", "&", "and", "la", "le", "du", "da"];
/// Words that end a noun phrase after its head (`a spokesman who …`).
const NP_END: &[&str] =
    &["who", "that", "which", "in", "on", "at", "during", "after", "before", "as", "when", "while", "to"];
/// Words that open an adjunct after a cue (`said as he left`, `said on Tuesday`).
const ADJUNCT: &[&str] = &[
    "as",
    "when",
    "while",
    "after",
    "before",
    "during",
    "at",
    "in",
    "on",
    "because",
    "since",
    "following",
    "outside",
    "inside",
    "amid",
    "despite",
    "with",
    "without",
    "upon",
    "until",
    "from",
    "to",
    "of",
    "about",
    "in",
    "for",
    "and",
    "but",
    "adding",
    "noting",
    "referring",
    "then",
    "later",
    "earlier",
    "last",
    "this",
    "yesterday",
    "today",
    "tonight",
];
/// Prior of `Name: …` at a segment start being an attribution (PolNeAR train).
const COLON_PRIOR: f32 = 0.5;
/// Words of a `Label:` lead-in that is no speaker (`The Latest:`, `Editor’s Note:`).
const NOT_COLON_SPEAKER: &[&str] = &[
    "latest",
    "note",
    "note:",
    "editor’s",
    "editor's",
    "answer",
    "question",
    "update",
    "correction",
    "exclusive",
    "watch",
    "video",
    "breaking",
    "analysis",
    "opinion",
    "photos",
    "live",
    "read",
    "related",
    "source",
    "q",
    "a",
    "warning",
    "poll",
    "review",
    "circle",
    "transcript",
    "full",
    "text",
    "timeline",
    "explainer",
];
/// Quantity words that head a subject (`half of voters`).
const QUANT: &[&str] = &[
    "half",
    "most",
    "many",
    "some",
    "all",
    "none",
    "majority",
    "minority",
    "third",
    "thirds",
    "quarter",
    "quarters",
    "percent",
    "plurality",
    "few",
    "several",
    "each",
    "both",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "share",
    "number",
    "more",
    "less",
    "fewer",
];
/// Words before a noun (so the cue word after them is a noun: `in charge`).
const NOUN_BEFORE: &[&str] = &["in", "of", "for", "with", "on", "at", "by", "from", "under", "without"];
/// Nouns in -ly (not adverbs before a cue).
const LY_NOUNS: &[&str] = &[
    "family",
    "rally",
    "ally",
    "assembly",
    "supply",
    "monopoly",
    "anomaly",
    "butterfly",
    "jelly",
    "belly",
    "bully",
    "folly",
    "tally",
    "lily",
];
/// Days.
const DAYS: &[&str] =
    &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today"];
/// Words of a short time expression.
const TIME: &[&str] = &[
    "on",
    "last",
    "this",
    "earlier",
    "later",
    "late",
    "early",
    "in",
    "week",
    "month",
    "year",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "night",
    "morning",
    "afternoon",
    "evening",
    "weekend",
];
/// Cues that may follow their content and precede their source (`“…,” said X`).
const INVERTIBLE: &[&str] = &[
    "say",
    "add",
    "write",
    "ask",
    "explain",
    "note",
    "continue",
    "reply",
    "respond",
    "recall",
    "argue",
    "insist",
    "declare",
    "state",
    "conclude",
    "observe",
    "remark",
    "answer",
    "tweet",
    "report",
    "announce",
    "comment",
    "joke",
    "quip",
    "exclaim",
    "complain",
    "concede",
    "counter",
    "retort",
    "agree",
    "acknowledge",
    "admit",
    "warn",
    "claim",
    "predict",
    "suggest",
    "muse",
    "boast",
    "shout",
    "whisper",
    "yell",
    "repeat",
    "reiterate",
    "emphasize",
    "stress",
    "point out",
    "confirm",
    "allege",
    "contend",
    "maintain",
    "assert",
    "caution",
    "lament",
    "sigh",
    "chant",
    "post",
    "go on",
    "wonder",
    "query",
    "demand",
    "fume",
    "bark",
    "scoff",
    "gush",
    "marvel",
    "riff",
    "bemoan",
];
/// Cues that take an addressee object before the content (`told Reuters that …`).
const OBJECT_CUES: &[&str] = &[
    "tell",
    "ask",
    "urge",
    "warn",
    "assure",
    "remind",
    "inform",
    "notify",
    "advise",
    "caution",
    "reassure",
    "promise",
    "thank",
    "call on",
    "invite",
    "encourage",
    "press",
];

/// Text, tokens, and where the quotes are: what frame finding needs.
pub(crate) struct Ctx<'a> {
    /// The cleaned text.
    pub text: &'a str,
    /// Its tokens.
    pub toks: &'a [Tok],
    /// For each token, the quoted region it lies in (words inside the marks), if any.
    pub in_quote: &'a [Option<usize>],
    /// Token is an opening (1) or closing (2) quote mark of a region, else 0.
    pub mark: &'a [u8],
}

impl<'a> Ctx<'a> {
    fn word(&self, i: usize) -> &'a str {
        self.toks[i].text(self.text)
    }
    fn is_word(&self, i: usize) -> bool {
        self.toks[i].kind == Kind::Word
    }
    fn lower_is(&self, i: usize, set: &[&str]) -> bool {
        if !self.is_word(i) {
            return false;
        }
        let w = self.word(i);
        set.iter().any(|s| s.eq_ignore_ascii_case(w))
    }
    fn is_cap(&self, i: usize) -> bool {
        self.is_word(i) && self.word(i).chars().next().is_some_and(|c| c.is_uppercase())
    }
    fn is_lower_word(&self, i: usize) -> bool {
        self.is_word(i) && self.word(i).chars().next().is_some_and(|c| c.is_lowercase())
    }
    fn is_dash(&self, i: usize) -> bool {
        self.toks[i].kind == Kind::Punct && matches!(self.word(i), "—" | "–" | "--")
    }
    fn is_punct(&self, i: usize, p: &str) -> bool {
        self.toks[i].kind == Kind::Punct && self.word(i) == p
    }
    /// A token that ends a clause on its left: punctuation or a clause opener.
    fn is_boundary(&self, i: usize) -> bool {
        self.toks[i].kind == Kind::Punct || self.lower_is(i, CLAUSE_OPEN)
    }
    fn is_name_word(&self, i: usize) -> bool {
        self.is_cap(i) && !self.lower_is(i, NOT_NAME)
    }
}

/// An all-capitals word of six letters or more (`WASHINGTON`), not an acronym.
fn is_shouting(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 6 && !w.chars().any(|c| c.is_lowercase())
}

/// The capitalised name run ending at token `e - 1` (within `[lo, e)`), start index.
fn name_run_left(cx: &Ctx, lo: usize, e: usize) -> Option<usize> {
    if e == 0 || e <= lo || !cx.is_cap(e - 1) {
        return None;
    }
    let mut k = e - 1;
    let mut n = 1;
    while k > lo && n < 8 {
        if cx.is_cap(k - 1) && cx.in_quote[k - 1] == cx.in_quote[e - 1] {
            k -= 1;
        } else if k >= lo + 2 && cx.lower_is(k - 1, CONNECT) && cx.is_cap(k - 2) {
            k -= 2;
        } else if k >= lo + 3
            && cx.lower_is(k - 1, &["the"])
            && cx.lower_is(k - 2, &["of", "for", "at"])
            && cx.is_cap(k - 3)
        {
            // `Jeffrey Lewis of the James Martin Center`
            k -= 3;
        } else {
            break;
        }
        n += 1;
    }
    // drop sentence-initial non-names (`But`, `Meanwhile`)
    while k < e && cx.lower_is(k, NOT_NAME) && !cx.word(k).eq_ignore_ascii_case("the") {
        k += 1;
    }
    if k >= e || !cx.is_name_word(e - 1) {
        return None;
    }
    // `WASHINGTON —`: a dateline, not a speaker
    if (k..e).all(|t| is_shouting(cx.word(t))) {
        return None;
    }
    // `The` alone before a lower-case head is a description, not a name
    if k + 1 == e && cx.word(k).eq_ignore_ascii_case("the") {
        return None;
    }
    Some(k)
}

/// True when the cue tokens `[a, b)` hold a word that can report: not only
/// auxiliaries, adverbs and function words (`has`, `also`, `is`, `of the`).
pub(crate) fn cue_has_head(cx: &Ctx, a: usize, b: usize) -> bool {
    const FUNCTION: &[&str] = &[
        "the", "a", "an", "of", "to", "in", "on", "for", "with", "and", "but", "or", "that", "this", "as",
        "by", "at", "from", "there", "it", "its", "their", "his", "her",
    ];
    (a..b).any(|k| cx.is_word(k) && !cx.lower_is(k, AUX) && !cx.lower_is(k, FUNCTION))
        || (a..b).any(|k| cx.is_punct(k, ":"))
}

/// True when the tokens `[a, b)` can name a source: a pronoun, or a phrase with a
/// word that is not a determiner, auxiliary or adverb (`The`, `another`, `has` alone
/// name nobody).
pub(crate) fn is_source_phrase(cx: &Ctx, a: usize, b: usize) -> bool {
    (b == a + 1 && cx.lower_is(a, PRONOUNS))
        || (a..b).any(|k| {
            let empty = cx.lower_is(k, DETS)
                || cx.lower_is(k, AUX)
                || cx.lower_is(k, OBJ_PRONOUNS)
                || (cx.is_lower_word(k) && cx.word(k).ends_with("ly"));
            cx.is_word(k) && !empty
        })
}

/// What kind of source the tokens `[a, b)` are: a pronoun, a name (starts with a
/// capitalised word that is not a determiner), else a description.
pub(crate) fn src_kind(cx: &Ctx, a: usize, b: usize) -> SrcKind {
    if b == a + 1 && (cx.lower_is(a, PRONOUNS) || cx.lower_is(a, &["who", "which"])) {
        SrcKind::Pronoun
    } else if cx.is_cap(a) && !cx.lower_is(a, DETS) {
        SrcKind::Name
    } else {
        SrcKind::Description
    }
}

/// The subject noun phrase ending just before token `e` (within `[lo, e)`).
pub(crate) fn np_left(cx: &Ctx, lo: usize, e: usize) -> Option<Source> {
    let s = np_left_core(cx, lo, e)?;
    if s.kind != SrcKind::Description {
        return Some(s);
    }
    // `People briefed on the move said`, `a spokesman for the campaign said`: the head
    // of a description stands before its prepositional phrase
    let mut start = s.start;
    for _ in 0..2 {
        if start < lo + 2 || !cx.lower_is(start - 1, POSTMOD_PREPS) || cx.in_quote[start - 2].is_some() {
            break;
        }
        match np_left_core(cx, lo, start - 1) {
            Some(o) if o.kind == SrcKind::Description => start = o.start,
            _ => break,
        }
    }
    Some(Source { start, ..s })
}

/// Prepositions that open a post-modifier of a source description.
const POSTMOD_PREPS: &[&str] =
    &["on", "in", "of", "at", "from", "with", "for", "inside", "near", "within", "among"];

/// [`np_left`] without post-modifiers.
fn np_left_core(cx: &Ctx, lo: usize, e: usize) -> Option<Source> {
    if e <= lo {
        return None;
    }
    let j = e - 1;
    if cx.in_quote[j].is_some() {
        return None;
    }
    if cx.lower_is(j, PRONOUNS) {
        return Some(Source { start: j, end: e, kind: SrcKind::Pronoun });
    }
    // `Sen. Chuck Grassley (R-Iowa) said`
    if cx.is_punct(j, ")") {
        let open = (lo..j).rev().take(8).find(|&k| cx.is_punct(k, "("))?;
        return np_left(cx, lo, open);
    }
    if cx.lower_is(j, &["who"]) && j > lo && cx.is_punct(j - 1, ",") {
        // `X, who …, said` → X
        return np_left(cx, lo, j - 1);
    }
    if cx.lower_is(j, &["who"]) && j > lo {
        // `voters who say …` → voters
        return np_left(cx, lo, j).or(Some(Source { start: j, end: e, kind: SrcKind::Pronoun }));
    }
    // appositive: `X, the mayor of Y, said` / `Lance Beebe, 49, a Navy veteran, said` /
    // `Jason Sims — a teacher from Mount Pleasant — says`
    if cx.is_punct(j, ",") || cx.is_dash(j) {
        let dash = cx.is_dash(j);
        // `Gov. John Kasich (R-OH), said`
        if j > lo && cx.is_punct(j - 1, ")") {
            if let Some(s) = np_left(cx, lo, j).filter(|s| s.kind == SrcKind::Name) {
                return Some(s);
            }
        }
        let mut k = j;
        let mut commas = 0;
        // `Clinton's campaign chairman, John Podesta, said`: the name between, unless a
        // name stands further left (`X, the editor of the paper, L'Osservatore, said`)
        let mut between = None;
        let stop = j.saturating_sub(40).max(lo);
        // `Sandy Phillips, who lost her daughter in Aurora, Colorado, in 2012, said`:
        // the commas inside the relative clause are not the appositive's
        if !dash {
            let who = (stop + 1..j)
                .rev()
                .take_while(|&w| cx.in_quote[w].is_none() && cx.mark[w] == 0)
                .find(|&w| cx.lower_is(w, &["who", "which"]) && cx.is_punct(w - 1, ","));
            if let Some(s) = who.and_then(|w| np_left(cx, lo, w - 1)) {
                return Some(s);
            }
        }
        while k > stop {
            k -= 1;
            if (!dash && cx.is_punct(k, ",")) || (dash && cx.is_dash(k)) {
                let left = np_left(cx, lo, k);
                if let Some(s) = left {
                    if s.kind == SrcKind::Name {
                        return Some(s);
                    }
                }
                if commas == 0
                    && left.is_some_and(|s| s.kind == SrcKind::Description)
                    && name_run_left(cx, k + 1, j) == Some(k + 1)
                {
                    between = Some(Source { start: k + 1, end: j, kind: SrcKind::Name });
                }
                commas += 1;
                if commas >= 3 || dash {
                    return between;
                }
                continue;
            }
            if cx.in_quote[k].is_some()
                || cx.mark[k] != 0
                || (cx.toks[k].kind == Kind::Punct
                    && !matches!(cx.word(k), "(" | ")" | "." | "-" | "'" | ","))
            {
                return between;
            }
        }
        return between;
    }
    if let Some(k) = name_run_left(cx, lo, e) {
        return Some(Source { start: k, end: e, kind: SrcKind::Name });
    }
    // description: `the minister`, `a campaign spokesman`, `China’s foreign ministry`, `sources`
    let ing_ok = !cx.word(j).ends_with("ing") || (j > lo && (cx.lower_is(j - 1, DETS) || cx.is_cap(j - 1)));
    if cx.is_lower_word(j) && !cx.lower_is(j, NOT_HEAD) && !cx.word(j).ends_with("ly") && ing_ok {
        let mut k = j;
        let mut n = 0;
        loop {
            if k == lo || n >= 5 {
                break;
            }
            let p = k - 1;
            if cx.lower_is(p, DETS) {
                return Some(Source { start: p, end: e, kind: SrcKind::Description });
            }
            // `47 percent`, `Seventy-four percent of voters`, `Six in 10 voters`
            if cx.is_word(p) && cx.word(p).starts_with(|c: char| c.is_ascii_digit()) {
                let mut st = p;
                while st >= lo + 2 && cx.lower_is(st - 1, &["in", "of"]) && cx.is_word(st - 2) {
                    st -= 2;
                }
                return Some(Source { start: st, end: e, kind: SrcKind::Description });
            }
            // `half of voters`, `most of the candidates`, `a majority of Republicans`
            if cx.lower_is(p, &["of"]) && p > lo && cx.lower_is(p - 1, QUANT) {
                let mut st = p - 1;
                while st > lo
                    && (cx.lower_is(st - 1, QUANT)
                        || cx.lower_is(st - 1, DETS)
                        || cx.lower_is(
                            st - 1,
                            &["about", "almost", "nearly", "at", "least", "than", "only", "just"],
                        ))
                {
                    st -= 1;
                }
                return Some(Source { start: st, end: e, kind: SrcKind::Description });
            }
            // `Sanders’ aides`
            if (cx.is_punct(p, "’") || cx.is_punct(p, "'"))
                && p > lo
                && cx.is_cap(p - 1)
                && cx.word(p - 1).ends_with('s')
                && cx.in_quote[p - 1].is_none()
            {
                let s = name_run_left(cx, lo, p).unwrap_or(p - 1);
                return Some(Source { start: s, end: e, kind: SrcKind::Description });
            }
            if cx.is_boundary(p) {
                break;
            }
            if cx.is_cap(p) {
                // `The Cruz campaign`, `Clinton’s team`
                let s = name_run_left(cx, lo, p + 1).unwrap_or(p);
                let s = if s > lo && cx.lower_is(s - 1, DETS) { s - 1 } else { s };
                return Some(Source { start: s, end: e, kind: SrcKind::Description });
            }
            if !cx.is_lower_word(p)
                || cx.lower_is(p, NOT_HEAD)
                || Lexicon::get().at(cx.text, cx.toks, p).is_some()
            {
                return None;
            }
            k = p;
            n += 1;
        }
        // bare plural head at a clause boundary: `sources said`, `officials say`
        if k == j
            && (cx.word(j).ends_with('s') || cx.lower_is(j, QUANT))
            && (k == lo || cx.is_boundary(k - 1))
        {
            return Some(Source { start: j, end: e, kind: SrcKind::Description });
        }
        return None;
    }
    None
}

/// A word that may stand before the head of a source noun phrase: a determiner, a
/// capitalised word, or a lower-case noun or adjective (`Huckabee spokeswoman`,
/// `the Trump campaign’s top strategist`), not a verb, adverb or function word.
fn is_premodifier(cx: &Ctx, k: usize) -> bool {
    if !cx.is_word(k) || cx.in_quote[k].is_some() || cx.mark[k] != 0 {
        return false;
    }
    if cx.lower_is(k, DETS) || cx.word(k).starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    if cx.is_cap(k) {
        return !cx.lower_is(k, NOT_NAME) || cx.lower_is(k, &["mr", "mrs", "ms", "dr"]);
    }
    let w = cx.word(k);
    cx.is_lower_word(k)
        && !cx.lower_is(k, NOT_HEAD)
        && !cx.lower_is(k, CLAUSE_OPEN)
        && !cx.lower_is(k, AUX)
        && !cx.lower_is(k, NP_END)
        && !cx.lower_is(k, PRONOUNS)
        && !cx.lower_is(k, OBJ_PRONOUNS)
        && (!w.ends_with("ly") || cx.lower_is(k, LY_NOUNS))
        && !w.ends_with("ed")
        && Lexicon::get().at(cx.text, cx.toks, k).is_none()
}

/// `of` inside a role between two lower-case words (`secretary of state`).
fn role_of(cx: &Ctx, k: usize, hi: usize) -> bool {
    k > 0
        && k + 1 < hi
        && cx.lower_is(k, &["of"])
        && cx.is_lower_word(k - 1)
        && cx.lower_is(
            k - 1,
            &[
                "secretary",
                "master",
                "director",
                "president",
                "chairman",
                "chairwoman",
                "chair",
                "head",
                "member",
                "members",
                "leader",
                "minister",
                "governor",
                "mayor",
                "professor",
                "chief",
                "editor",
                "founder",
                "co-founder",
                "executive",
                "spokesman",
                "spokeswoman",
                "spokesperson",
                "attorney",
                "commissioner",
            ],
        )
        && cx.is_lower_word(k + 1)
        && !cx.lower_is(k + 1, NOT_HEAD)
}

/// Where the noun phrase of source `s` really starts when premodifiers stand before
/// the name (`“…,” Huckabee spokeswoman Alice Stewart said`): the first premodifier,
/// if the run reaches the segment start or a closing quote mark (and its comma); else
/// `s.start`.
fn np_lead(cx: &Ctx, lo: usize, s: Source) -> usize {
    if s.kind == SrcKind::Pronoun {
        return s.start;
    }
    let after_quote = |j: usize| cx.mark[j] == 2 || (j > lo && cx.is_punct(j, ",") && cx.mark[j - 1] == 2);
    // `“…,” the presumptive nominee, Donald Trump, tweeted`
    if s.kind == SrcKind::Name && s.start > lo + 1 && cx.is_punct(s.start - 1, ",") {
        if let Some(d) = np_left(cx, lo, s.start - 1).filter(|d| d.kind == SrcKind::Description) {
            let l = np_lead(cx, lo, d);
            if l > lo && after_quote(l - 1) {
                return l;
            }
        }
    }
    let mut k = s.start;
    while k > lo && s.start - k < 6 && is_premodifier(cx, k - 1) {
        k -= 1;
    }
    if k < s.start && (k == lo || after_quote(k - 1)) {
        k
    } else {
        s.start
    }
}

/// A noun phrase starting at token `s` (after an inverted cue or `according to`), and
/// the index after it.
pub(crate) fn np_right(cx: &Ctx, s: usize, hi: usize) -> Option<Source> {
    if s >= hi || cx.in_quote[s].is_some() {
        return None;
    }
    if cx.lower_is(s, PRONOUNS) {
        return Some(Source { start: s, end: s + 1, kind: SrcKind::Pronoun });
    }
    let cap_run = |k0: usize| {
        let mut k = k0;
        while k < hi && k - k0 < 10 {
            if cx.is_cap(k) {
                k += 1;
            } else if k + 1 < hi && k > k0 && cx.lower_is(k, CONNECT) && cx.is_cap(k + 1) {
                k += 2;
            } else {
                break;
            }
        }
        k
    };
    // `The first incident` is a description, `The Washington Times` a name
    let cap_det = cx.lower_is(s, DETS) && !(s + 1 < hi && cx.is_cap(s + 1));
    if (cx.is_name_word(s) && !cap_det) || (cx.word(s) == "The" && s + 1 < hi && cx.is_cap(s + 1)) {
        let e = cap_run(s);
        // `Democratic pollster Stan Greenberg`, `Virginia delegate Beau Correll`: the
        // name after the role nouns
        let mut k = e;
        while k < hi
            && k - e < 4
            && (cx.is_lower_word(k) || cx.word(k).starts_with(|c: char| c.is_ascii_digit()))
            && (is_premodifier(cx, k) || role_of(cx, k, hi) || role_of(cx, k - 1, hi))
        {
            k += 1;
        }
        if k > e && k < hi && cx.is_name_word(k) && cx.in_quote[k].is_none() {
            return Some(Source { start: k, end: cap_run(k), kind: SrcKind::Name });
        }
        return Some(Source { start: s, end: e, kind: SrcKind::Name });
    }
    // `campaign spokesman Jason Miller`, `a spokesman for the State Department`, `officials`
    let det = cx.lower_is(s, DETS);
    // `said on Capital Download`: a preposition opens no source
    if !det && cx.lower_is(s, NOT_HEAD) {
        return None;
    }
    let mut k = if det { s + 1 } else { s };
    while k < hi && k - s < 6 && cx.is_word(k) && !cx.is_cap(k) {
        if k > s
            && (cx.lower_is(k, NP_END) || cx.lower_is(k, NOT_HEAD) || cx.lower_is(k, AUX))
            && !role_of(cx, k, hi)
        {
            break;
        }
        k += 1;
    }
    // `an Iowa Democrat`, `the Republican nominee`, `a Wednesday editorial`
    if det && k == s + 1 && k < hi && cx.is_cap(k) {
        let e = cap_run(k);
        let mut h = e;
        while h < hi && h - e < 3 && cx.is_lower_word(h) && is_premodifier(cx, h) {
            h += 1;
        }
        if h > e || !cx.lower_is(s, &["the"]) {
            return Some(Source { start: s, end: h, kind: SrcKind::Description });
        }
    }
    // `one district GOP leader`, `a 2008 Clinton veteran`
    if det {
        let mut r = s + 1;
        while r < hi && r - s < 7 && is_premodifier(cx, r) {
            r += 1;
        }
        let named = (s + 1..r).any(|t| cx.is_cap(t) || cx.word(t).starts_with(|c: char| c.is_ascii_digit()));
        if r > s + 2 && named && !cx.lower_is(r - 1, DETS) {
            return Some(Source { start: s, end: r, kind: SrcKind::Description });
        }
    }
    if k < hi && cx.is_name_word(k) && (k - s <= 4 && !det || k == s + 1 && cx.lower_is(s, &["the"])) {
        let e = cap_run(k);
        return Some(Source { start: k, end: e, kind: SrcKind::Name });
    }
    if k > s && (det || cx.word(k - 1).ends_with('s')) && !cx.lower_is(k - 1, NOT_HEAD) {
        // `a spokesman for the State Department`
        let mut e = k;
        if e + 1 < hi && cx.lower_is(e, &["for", "of", "at"]) {
            let r = cap_run(e + 1);
            if r > e + 1 {
                e = r;
            } else if cx.lower_is(e + 1, &["the"]) && cap_run(e + 2) > e + 2 {
                e = cap_run(e + 2);
            }
        }
        return Some(Source { start: s, end: e, kind: SrcKind::Description });
    }
    None
}

/// Byte span from the start of token `a` to the end of token `b - 1`, trimmed of
/// trailing sentence punctuation (commas, stops); quote marks are kept.
pub(crate) fn content_span(cx: &Ctx, a: usize, b: usize) -> Option<Span> {
    let mut b = b;
    while b > a
        && cx.toks[b - 1].kind == Kind::Punct
        && matches!(cx.word(b - 1), "." | "," | ";" | ":" | "!" | "?" | "—" | "–" | "--" | "-" | "(" | ")")
    {
        b -= 1;
    }
    let mut a = a;
    while a < b
        && cx.toks[a].kind == Kind::Punct
        && matches!(cx.word(a), "," | ":" | ";" | "—" | "–" | "--" | "-")
    {
        a += 1;
    }
    let words = (a..b).filter(|&i| cx.is_word(i)).count();
    if words == 0 {
        return None;
    }
    Some(Span::new(cx.toks[a].start, cx.toks[b - 1].end))
}

/// Where the right-hand content of a cue ending at `k` stops: the segment end or a
/// following `, adding …` / `, according to …` clause.
fn right_stop(cx: &Ctx, k: usize, hi: usize) -> usize {
    let lx = Lexicon::get();
    let mut i = k;
    while i + 1 < hi {
        if cx.is_punct(i, ",") && cx.in_quote[i].is_none() {
            if let Some(m) = lx.at(cx.text, cx.toks, i + 1) {
                if m.participle && m.prior >= 0.3 || m.lemma.lemma == "according to" {
                    return i;
                }
            }
        }
        // a semicolon ends the clause
        if cx.is_punct(i, ";") && cx.in_quote[i].is_none() {
            return i;
        }
        // a coordinated cue: `… and said …`, `… but added …`
        if cx.lower_is(i, &["and", "but"]) && cx.in_quote[i].is_none() {
            let mut j = i + 1;
            while j < hi && cx.lower_is(j, AUX) {
                j += 1;
            }
            if let Some(m) = lx.at(cx.text, cx.toks, j) {
                if !m.participle && m.prior >= 0.3 && matches!(m.lemma.class, Class::Speech | Class::Write) {
                    return i;
                }
            }
        }
        i += 1;
    }
    hi
}

/// Skip what sits between a cue and its content: `in a statement`, `on Twitter`,
/// `Tuesday`, an addressee (`told Reuters`, `told reporters`), a colon, `that`.
fn skip_to_content(cx: &Ctx, m: &CueMatch, k: usize, hi: usize) -> usize {
    let mut k = k;
    // addressee object
    if OBJECT_CUES.contains(&m.lemma.lemma) && k < hi {
        if cx.lower_is(k, OBJ_PRONOUNS) {
            k += 1;
        } else if let Some(np) = np_right(cx, k, hi) {
            if np.kind != SrcKind::Pronoun
                && np.end < hi
                && (cx.lower_is(np.end, &["that", "on", "in", "he", "she", "they", "it", "the"])
                    || cx.toks[np.end].kind == Kind::Punct)
            {
                k = np.end;
            }
        }
    }
    // prepositional phrases and dates: `in a statement`, `on Twitter`, `on Tuesday`
    for _ in 0..3 {
        if k + 1 < hi && cx.lower_is(k, &["in", "on", "at", "during", "via", "to", "through", "over"]) {
            let mut e = k + 1;
            while e < hi
                && e - k <= 4
                && cx.is_word(e)
                && !cx.lower_is(e, &["that", "he", "she", "they", "it", "we", "i"])
                && (e == k + 1
                    || cx.lower_is(e, DETS)
                    || cx.is_cap(e)
                    || cx.lower_is(
                        e,
                        &[
                            "statement",
                            "interview",
                            "tweet",
                            "post",
                            "letter",
                            "speech",
                            "email",
                            "release",
                            "news",
                            "conference",
                            "call",
                            "press",
                            "radio",
                            "television",
                            "tv",
                            "phone",
                            "telephone",
                            "recent",
                            "written",
                            "brief",
                            "an",
                            "a",
                            "the",
                            "his",
                            "her",
                            "their",
                            "its",
                            "reporters",
                        ],
                    ))
            {
                e += 1;
            }
            let ends = e < hi && (cx.toks[e].kind == Kind::Punct || cx.lower_is(e, &["that"]))
                || e < hi && cx.is_lower_word(e) && !cx.lower_is(e, &["of"]);
            if ends && e > k + 1 {
                k = e;
                continue;
            }
        }
        if k < hi
            && cx.lower_is(
                k,
                &[
                    "monday",
                    "tuesday",
                    "wednesday",
                    "thursday",
                    "friday",
                    "saturday",
                    "sunday",
                    "yesterday",
                    "today",
                    "tonight",
                    "recently",
                    "publicly",
                    "privately",
                    "repeatedly",
                    "also",
                    "again",
                    "later",
                    "earlier",
                    "flatly",
                    "bluntly",
                    "simply",
                ],
            )
        {
            k += 1;
            continue;
        }
        break;
    }
    while k < hi && cx.is_punct(k, ",") {
        k += 1;
    }
    k
}

/// Find the frames of one segment `[lo, hi)` of tokens.
pub(crate) fn frames_in(cx: &Ctx, seg: usize, lo: usize, hi: usize, out: &mut Vec<Frame>) {
    let lx = Lexicon::get();
    let first_out = out.len();
    colon_labels(cx, seg, lo, hi, out);
    let mut i = lo;
    while i < hi {
        if cx.in_quote[i].is_some() {
            i += 1;
            continue;
        }
        let Some(m) = lx.at(cx.text, cx.toks, i) else {
            i += 1;
            continue;
        };
        let cue_end = (i + m.len).min(hi);
        // auxiliaries before the cue belong to it: `has said`, `also told`
        let mut c0 = i;
        while c0 > lo
            && (cx.lower_is(c0 - 1, AUX)
                || (cx.is_lower_word(c0 - 1)
                    && cx.word(c0 - 1).ends_with("ly")
                    && cx.word(c0 - 1).len() > 4
                    && !cx.lower_is(c0 - 1, LY_NOUNS)))
            && cx.in_quote[c0 - 1].is_none()
        {
            c0 -= 1;
        }
        let mut cue = (c0, cue_end);
        // `said in a statement`
        let mut after = cue_end;
        if let Some(p) = lx.at(cx.text, cx.toks, after) {
            if p.lemma.class == Class::Phrase && p.lemma.lemma != "according to" {
                after += p.len;
                cue.1 = after;
            }
        }
        let class = m.lemma.class;
        let base = Frame {
            cue,
            source: None,
            content: Vec::new(),
            how: How::Bare,
            class,
            prior: m.prior,
            segment: seg,
            colon: false,
        };
        // a noun, not a verb: `in charge of`, `the call`, `a statement`, `a Facebook post`
        if c0 == i
            && c0 > lo
            && (cx.lower_is(c0 - 1, DETS) || cx.lower_is(c0 - 1, NOUN_BEFORE) || noun_before(cx, lo, c0))
            && m.lemma.class != Class::Phrase
        {
            i = cue_end.max(i + 1);
            continue;
        }
        let prev_comma_or_quote = c0 > lo && (cx.is_punct(c0 - 1, ",") || cx.mark[c0 - 1] == 2);
        let quoting = if m.lemma.lemma == "quote" { quoting(cx, hi, after, &base) } else { None };
        let frame = if quoting.is_some() {
            quoting
        } else if m.lemma.lemma == "according to" {
            according(cx, lo, hi, c0, after, base)
        } else if (m.participle && c0 > lo && cx.is_punct(c0 - 1, ","))
            || (c0 > lo
                && cx.lower_is(c0 - 1, &["and", "but"])
                && out[first_out..].iter().any(|f| f.source.is_some()))
        {
            // `…, adding that …`: source = the last frame's source in this segment, not
            // a noun read as a cue (`his home state of Texas`) unless nothing else fits
            let last =
                |min: f32| out[first_out..].iter().rev().filter(|f| f.prior >= min).find_map(|f| f.source);
            let src = last(0.1).or_else(|| main_subject(cx, lo, c0)).or_else(|| last(0.0));
            let k = skip_to_content(cx, &m, after, hi);
            let k = skip_colon(cx, k, hi);
            let stop = right_stop(cx, k, hi);
            content_span(cx, k, stop).map(|c| Frame {
                source: src,
                content: vec![c],
                how: How::Participle,
                ..base
            })
        } else if prev_comma_or_quote
            && matches!(class, Class::Speech | Class::Write)
            && !m.participle
            && INVERTIBLE.contains(&m.lemma.lemma)
        {
            inverted(cx, lo, hi, c0, after, base.clone())
                .or_else(|| forward_or_backward(cx, lo, hi, c0, after, &m, base.clone()))
        } else {
            forward_or_backward(cx, lo, hi, c0, after, &m, base)
        };
        if let Some(f) = frame {
            out.push(f);
        }
        i = cue_end.max(i + 1);
    }
    colon_clause(cx, seg, lo, hi, first_out, out);
}

/// `Mitch McConnell delivered a blunt message to Trump: “It's time to quit …”`: a quote
/// after a colon that no cue of the segment introduces belongs to the subject of the
/// clause before the colon.
fn colon_clause(cx: &Ctx, seg: usize, lo: usize, hi: usize, first_out: usize, out: &mut Vec<Frame>) {
    let Some(c) = (lo + 2..hi.saturating_sub(1))
        .find(|&k| cx.is_punct(k, ":") && cx.in_quote[k].is_none() && cx.mark[k + 1] == 1)
    else {
        return;
    };
    let Some(content) = content_span(cx, c + 1, hi) else { return };
    if out[first_out..].iter().any(|f| f.content.iter().any(|x| x.overlaps(content))) {
        return;
    }
    let Some(src) = main_subject(cx, lo, c) else { return };
    if src.end >= c {
        return;
    }
    out.push(colon_frame(src, c, content, seg));
}

/// A frame whose cue is a colon after its speaker (`TAPPER: …`, `he said: …`).
fn colon_frame(src: Source, c: usize, content: Span, seg: usize) -> Frame {
    Frame {
        cue: (c, c + 1),
        source: Some(src),
        content: vec![content],
        how: How::Forward,
        class: Class::Phrase,
        prior: COLON_PRIOR,
        segment: seg,
        colon: true,
    }
}

/// Speaker labels before a colon: `Graham: Trump’s Rhetoric Destroying GOP’s Chance`
/// (headlines, lead-ins), transcripts (`TAPPER: Do you think …`: the turn runs to the
/// end of the paragraph), `Rep. Trey Gowdy (R-S.C.): “…”`, and a name after a dash
/// before a quote (`IOWA POLLS TOO EARLY - Mark Blumenthal and Jon Cohen: “…”`).
fn colon_labels(cx: &Ctx, seg: usize, lo: usize, hi: usize, out: &mut Vec<Frame>) {
    let label_ok = |s: &Source| {
        s.kind == SrcKind::Name
            && s.end - s.start <= 5
            && !(s.start..s.end).any(|t| cx.lower_is(t, NOT_COLON_SPEAKER))
    };
    let push = |out: &mut Vec<Frame>, src: Source, c: usize, content: Span| {
        out.push(colon_frame(src, c, content, seg))
    };
    let gap_has_newline = |a: usize| a == 0 || cx.text[cx.toks[a - 1].end..cx.toks[a].start].contains('\n');
    if let Some(src) = np_right(cx, lo, hi).filter(label_ok) {
        let mut c = src.end;
        // `Rep. Trey Gowdy (R-S.C.):`
        if c < hi && cx.is_punct(c, "(") {
            if let Some(close) = (c + 1..hi.min(c + 8)).find(|&k| cx.is_punct(k, ")")) {
                c = close + 1;
            }
        }
        if c + 3 < hi && cx.is_punct(c, ":") && cx.in_quote[c].is_none() {
            // a label opening its paragraph: the turn is the whole paragraph
            let mut end = hi;
            if gap_has_newline(lo) {
                while end < cx.toks.len() && !gap_has_newline(end) {
                    end += 1;
                }
            }
            if let Some(content) = content_span(cx, c + 1, end) {
                push(out, src, c, content);
            }
            return;
        }
    }
    // `… - Philip Bump: “…”`, `More from Jones: “…”`
    for c in lo + 1..hi.saturating_sub(1) {
        if !(cx.is_punct(c, ":") && cx.in_quote[c].is_none() && cx.mark[c + 1] == 1) {
            continue;
        }
        let Some(k) = name_run_left(cx, lo, c) else { continue };
        let src = Source { start: k, end: c, kind: SrcKind::Name };
        let after_dash = k > lo
            && (cx.is_dash(k - 1)
                || cx.is_punct(k - 1, "-")
                || (k > lo + 1 && cx.lower_is(k - 1, &["from"]) && cx.lower_is(k - 2, &["more"])));
        if label_ok(&src) && after_dash {
            if let Some(content) = content_span(cx, c + 1, hi) {
                push(out, src, c, content);
            }
        }
        return;
    }
}

/// The cue word at `c` is a noun after `a` + a name (`a Facebook post`, `a CNN report`).
fn noun_before(cx: &Ctx, lo: usize, c: usize) -> bool {
    let p = c - 1;
    if !cx.is_cap(p) {
        return false;
    }
    p > lo
        && cx.lower_is(p - 1, &["a", "an"])
        && cx.lower_is(
            c,
            &[
                "post",
                "posts",
                "tweet",
                "tweets",
                "report",
                "reports",
                "email",
                "emails",
                "release",
                "call",
                "calls",
                "comment",
                "comments",
                "claim",
                "claims",
                "attack",
                "attacks",
                "question",
                "questions",
                "answer",
                "plan",
                "offer",
                "list",
                "label",
            ],
        )
}

/// The subject of the main clause of a segment, a name or a pronoun, looked for before
/// token `hi`: at the segment start, or after an introductory phrase that ends with a
/// comma (`Hours later, Trump returned …`, `On Tuesday, she …`).
fn main_subject(cx: &Ctx, lo: usize, hi: usize) -> Option<Source> {
    let ok = |s: &Source| s.kind != SrcKind::Description;
    let first = np_right(cx, lo, hi).filter(ok);
    let intro = match first {
        Some(s) => {
            s.end < hi && s.end - s.start <= 2 && (cx.is_punct(s.end, ",") || cx.lower_is(s.end, TIME))
        }
        None => true,
    };
    if intro {
        // the subject after the introduction is followed by its verb, not a comma
        let commas = (lo..hi.min(lo + 14)).filter(|&k| cx.is_punct(k, ",") && cx.in_quote[k].is_none());
        for c in commas.take(3) {
            if let Some(s) = np_right(cx, c + 1, hi).filter(ok) {
                if s.end < hi && cx.is_lower_word(s.end) && !cx.lower_is(s.end, NOT_HEAD) {
                    return Some(s);
                }
            }
        }
    }
    first
}

/// `quoting from Berman's article, "…"`, `Frank quotes Alfred Kahn: “…”`: the one
/// quoted is the source of the quote that follows.
fn quoting(cx: &Ctx, hi: usize, after: usize, base: &Frame) -> Option<Frame> {
    let k = if after < hi && cx.lower_is(after, &["from"]) { after + 1 } else { after };
    let src = np_right(cx, k, hi).filter(|s| s.kind == SrcKind::Name)?;
    let open = (src.end..hi.min(src.end + 8)).find(|&j| cx.mark[j] == 1)?;
    if !(open > 0 && (cx.is_punct(open - 1, ",") || cx.is_punct(open - 1, ":"))) {
        return None;
    }
    let c = content_span(cx, open, hi)?;
    Some(Frame { source: Some(src), content: vec![c], how: How::Forward, ..base.clone() })
}

fn skip_colon(cx: &Ctx, k: usize, hi: usize) -> usize {
    let mut k = k;
    while k < hi && cx.is_punct(k, ":") {
        k += 1;
    }
    k
}

fn according(cx: &Ctx, lo: usize, hi: usize, c0: usize, after: usize, base: Frame) -> Option<Frame> {
    np_right(cx, after, hi)?;
    // the source runs to the comma or the end: `according to early results of exit
    // polls conducted for The Associated Press`
    let mut k = after;
    while k < hi && !cx.is_punct(k, ",") && cx.mark[k] == 0 && k - after < 16 {
        k += 1;
    }
    let mut e = k;
    while e > after && cx.toks[e - 1].kind == Kind::Punct {
        e -= 1;
    }
    if e <= after {
        return None;
    }
    let kind = if cx.lower_is(after, PRONOUNS) || cx.lower_is(after, OBJ_PRONOUNS) {
        SrcKind::Pronoun
    } else if (after..e).any(|t| cx.is_name_word(t)) && !cx.lower_is(after, DETS) {
        SrcKind::Name
    } else {
        SrcKind::Description
    };
    // `the Federal Reserve` is a name
    let (start, kind) = if cx.lower_is(after, &["the"])
        && after + 1 < e
        && (after + 1..e).all(|t| cx.is_cap(t) || cx.lower_is(t, CONNECT))
    {
        (after + 1, SrcKind::Name)
    } else {
        (after, kind)
    };
    let src = Source { start, end: e, kind };
    // `…, according to X.`
    if c0 > lo && cx.is_punct(c0 - 1, ",") {
        let c = content_span(cx, lo, c0 - 1)?;
        return Some(Frame { source: Some(src), content: vec![c], how: How::According, ..base });
    }
    // `According to X, …`
    let stop = right_stop(cx, k + 1, hi);
    let c = content_span(cx, k + 1, stop)?;
    Some(Frame { source: Some(src), content: vec![c], how: How::According, ..base })
}

fn inverted(cx: &Ctx, lo: usize, hi: usize, c0: usize, after: usize, base: Frame) -> Option<Frame> {
    let mut src = np_right(cx, after, hi)?;
    // `said the company's chief executive, John J. Ferriola.`
    if src.kind == SrcKind::Description && src.end + 1 < hi && cx.is_punct(src.end, ",") {
        let n = src.end + 1;
        if cx.is_name_word(n) {
            let mut e = n;
            while e < hi && cx.is_cap(e) {
                e += 1;
            }
            if e >= hi || cx.toks[e].kind == Kind::Punct {
                src = Source { start: n, end: e, kind: SrcKind::Name };
            }
        }
    }
    // after the source: the end, punctuation (`said X, the mayor of …`), or an adjunct
    // (`said X as he presented`), not a verb (`said the group had …`)
    let e = src.end;
    if !(e >= hi || cx.toks[e].kind == Kind::Punct || cx.lower_is(e, ADJUNCT) || cx.lower_is(e, &["who"])) {
        return None;
    }
    let left_end = if cx.mark[c0 - 1] == 2 { c0 } else { c0 - 1 };
    let c = content_span(cx, left_start(cx, lo, left_end), left_end)?;
    let mut content = vec![c];
    // `“A,” said X, “B.”`
    if let Some(b) = second_part(cx, src.end, hi) {
        content.push(b);
    }
    Some(Frame { source: Some(src), content, how: How::Inverted, ..base })
}

/// Where content ending at token `e` starts: the opening mark of the quote it closes
/// (`… threatened the UK; “I warn …,” he said`), else the segment start.
fn left_start(cx: &Ctx, lo: usize, e: usize) -> usize {
    let mut k = e;
    while k > lo && cx.toks[k - 1].kind == Kind::Punct && cx.mark[k - 1] != 2 && k + 2 > e {
        k -= 1;
    }
    if k > lo && cx.mark[k - 1] == 2 {
        if let Some(open) = (lo..k - 1).rev().find(|&j| cx.mark[j] == 1) {
            return open;
        }
    }
    lo
}

/// `“A,” X said, “B.”`: a quote starting right after `, ` that follows the cue
/// (and the source, for inverted cues).
fn second_part(cx: &Ctx, k: usize, hi: usize) -> Option<Span> {
    let mut k = k;
    let mut steps = 0;
    while k < hi && steps < 14 {
        if cx.is_punct(k, ",") || cx.is_punct(k, ":") {
            if k + 1 < hi && cx.mark[k + 1] == 1 {
                return content_span(cx, k + 1, hi);
            }
            return None;
        }
        if cx.mark[k] != 0 || cx.in_quote[k].is_some() {
            return None;
        }
        k += 1;
        steps += 1;
    }
    None
}

/// A subject widened over a coordinated noun phrase before it: `Sanders and his
/// supporters`, `Neither Mr. Comey nor other officials` (the first one, a name, gives
/// the kind).
fn coordinated(cx: &Ctx, lo: usize, s: Source) -> Source {
    if s.kind == SrcKind::Pronoun || s.start < lo + 2 || !cx.lower_is(s.start - 1, &["and", "nor", "or"]) {
        return s;
    }
    let Some(x) = np_left(cx, lo, s.start - 1) else { return s };
    if x.kind == SrcKind::Pronoun {
        return s;
    }
    let start = if x.start > lo && cx.lower_is(x.start - 1, &["neither", "both", "either"]) {
        x.start - 1
    } else {
        x.start
    };
    if start == lo || cx.is_boundary(start - 1) || cx.mark[start - 1] == 2 {
        let kind = if x.kind == SrcKind::Name || s.kind == SrcKind::Name { SrcKind::Name } else { s.kind };
        Source { start, end: s.end, kind }
    } else {
        s
    }
}

/// Where the subject ends before a cue at `c0`, skipping a time expression between
/// them (`Trump on Tuesday said`, `a poll last week showed`).
fn subject_end(cx: &Ctx, lo: usize, c0: usize) -> usize {
    let mut k = c0;
    while k > lo && k + 4 > c0 && cx.lower_is(k - 1, TIME) {
        k -= 1;
    }
    let opens = cx.lower_is(k, &["on", "last", "this", "earlier", "later", "late", "early", "in"]) && k > lo;
    if k < c0 && (opens || cx.lower_is(k, DAYS)) {
        k
    } else {
        c0
    }
}

fn forward_or_backward(
    cx: &Ctx,
    lo: usize,
    hi: usize,
    c0: usize,
    after: usize,
    m: &CueMatch,
    base: Frame,
) -> Option<Frame> {
    let src = np_left(cx, lo, subject_end(cx, lo, c0)).map(|s| coordinated(cx, lo, s));
    let k = skip_to_content(cx, m, after, hi);
    let colon = k > 0 && k <= hi && k > after && cx.is_punct(k - 1, ":") || k < hi && cx.is_punct(k, ":");
    let k = skip_colon(cx, k, hi);
    let stop = right_stop(cx, k, hi);
    let right = if k < stop { content_span(cx, k, stop) } else { None };
    // content on the right needs at least two words or a quote
    let right = right.filter(|sp| {
        let n = cx.text[sp.range()].split_whitespace().count();
        n >= 2 || cx.text[sp.range()].contains(['“', '"', '«'])
    });
    // `“…,” X said as he presented …`: the words after the cue are an adjunct, the
    // content is on the left
    let lead = src.map(|s| np_lead(cx, lo, s)).unwrap_or(lo);
    // `The chairman, John Smith, spoke`: the comma before the name is the appositive's,
    // not the end of content on the left
    let appositive = lead > lo + 1
        && src.is_some_and(|s| s.end < c0 && cx.is_punct(s.end, ","))
        && cx.is_punct(lead - 1, ",")
        && np_left(cx, lo, lead - 1).is_some_and(|d| {
            d.kind == SrcKind::Description && (d.start == lo || cx.is_boundary(d.start - 1))
        });
    let content_left = lead > lo && ((cx.is_punct(lead - 1, ",") && !appositive) || cx.mark[lead - 1] == 2);
    let backward_possible = src.is_some() && content_left;
    // `“…,” X said at a rally`: after a quote that opens the sentence and closes with a
    // comma, `?` or `!`, the words after the cue are content only when `that`, a colon
    // or a quote opens them (not after a title: `on “Sunday Morning Futures,” X said`)
    let quote_before = src.is_some()
        && lead > lo
        && cx.mark[lead - 1] == 2
        && cx.text[..cx.toks[lead - 1].start].trim_end().ends_with([',', '?', '!'])
        && {
            let open = left_start(cx, lo, lead);
            cx.mark[open] == 1
                && (open == lo
                    || (cx.toks[open - 1].kind == Kind::Punct
                        && matches!(cx.word(open - 1), "." | ":" | "!" | "?" | ";" | "—" | "–")))
        };
    let right_is_content = k < hi
        && (cx.lower_is(k, &["that"])
            || cx.mark[k] == 1
            || colon
            || (!quote_before && !cx.lower_is(k, ADJUNCT)));
    let right = right.filter(|_| !backward_possible || right_is_content);
    if let (Some(s), Some(r)) = (src, right) {
        // a source needs a clause boundary before it, or to open the segment
        let clean = s.start == lo || cx.is_boundary(s.start - 1) || cx.mark[s.start - 1] == 2;
        if clean || s.kind == SrcKind::Name {
            return Some(Frame { source: Some(s), content: vec![r], how: How::Forward, ..base });
        }
    }
    // `“…,” X said.` / `…, X said, “B”.`
    if let Some(s) = src {
        if content_left {
            let left_end = if cx.mark[lead - 1] == 2 { lead } else { lead - 1 };
            if let Some(c) = content_span(cx, left_start(cx, lo, left_end), left_end) {
                let mut content = vec![c];
                if let Some(b) = second_part(cx, after, hi) {
                    content.push(b);
                }
                return Some(Frame { source: Some(s), content, how: How::Backward, ..base });
            }
        }
        // `He added.` / `Rouhani said:`
        if right.is_none() && (k >= hi || colon) && (lead == lo || cx.is_boundary(lead - 1)) {
            return Some(Frame { source: Some(s), colon, ..base });
        }
    }
    None
}
