//! Attribution frames: a reporting cue, the noun phrase of its source, and the span of
//! the reported content, found syntactically inside one segment (a sentence, widened
//! so that no quote is cut). Nothing here knows about entities.

use std::cell::Cell;
use std::sync::LazyLock;

use super::lexicon::{Class, CueMatch, FormId, Lexicon};
use super::tok::{Kind, Tok};
use crate::model::Span;
use crate::pos::Pos;
use rustc_hash::FxHashMap;

mod np;
mod words;

use np::*;
pub(crate) use np::{cue_has_head, is_source_phrase, np_left, np_right, relative_antecedent, src_kind};
use words::*;

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
    /// `X was criticized by Y`: the subject is the content, the agent the source.
    Passive,
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
    /// Per token, its part of speech.
    pub pos: &'a [Pos],
    /// Per token, the [`WordSet`]s its word is in (one bit each), once asked.
    sets: Vec<Cell<u32>>,
    /// Per token, the lexicon's cue form starting there (looked up once: frames,
    /// their stops and the learned taggers all ask).
    pub cues: Vec<FormId>,
}

/// A word list [`Ctx::lower_is`] tests: a [`WordSet`], or a plain list of words.
pub(super) trait Words {
    /// Is token `i` a word of the list, ignoring ASCII case?
    fn has(&self, cx: &Ctx, i: usize) -> bool;
}

impl Words for [&str] {
    fn has(&self, cx: &Ctx, i: usize) -> bool {
        let w = cx.word(i);
        self.iter().any(|s| s.eq_ignore_ascii_case(w))
    }
}

impl<const N: usize> Words for [&str; N] {
    fn has(&self, cx: &Ctx, i: usize) -> bool {
        self[..].has(cx, i)
    }
}

impl Words for WordSet {
    #[inline]
    fn has(&self, cx: &Ctx, i: usize) -> bool {
        cx.sets_of(i) & 1 << self.0 != 0
    }
}

/// Not computed yet (no word is in all sets).
const SETS_UNKNOWN: u32 = u32::MAX;

/// ASCII-lower-cased word → the bits of the [`ALL_SETS`] that hold it.
static SET_BITS: LazyLock<FxHashMap<String, u32>> = LazyLock::new(|| {
    let mut m: FxHashMap<String, u32> = FxHashMap::default();
    for (k, set) in ALL_SETS.iter().enumerate() {
        for w in set.1 {
            *m.entry(w.to_ascii_lowercase()).or_default() |= 1 << k;
        }
    }
    m
});

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        text: &'a str,
        toks: &'a [Tok],
        in_quote: &'a [Option<usize>],
        mark: &'a [u8],
        pos: &'a [Pos],
    ) -> Self {
        let cues = Lexicon::get().forms_of(text, toks);
        Ctx { text, toks, in_quote, mark, pos, sets: vec![Cell::new(SETS_UNKNOWN); toks.len()], cues }
    }

    /// The longest cue form starting at token `i` ([`Lexicon::at`]).
    pub(crate) fn cue_at(&self, i: usize) -> Option<CueMatch<'static>> {
        Lexicon::get().cue(self.cues.get(i).copied().unwrap_or(0))
    }

    /// The bits of the [`WordSet`]s token `i` is in (0 for a token that is no word).
    fn sets_of(&self, i: usize) -> u32 {
        let known = self.sets[i].get();
        if known != SETS_UNKNOWN {
            return known;
        }
        let bits = if self.is_word(i) {
            let w = self.word(i);
            let found = if w.bytes().any(|b| b.is_ascii_uppercase()) {
                SET_BITS.get(&w.to_ascii_lowercase())
            } else {
                SET_BITS.get(w)
            };
            found.copied().unwrap_or(0)
        } else {
            0
        };
        self.sets[i].set(bits);
        bits
    }

    fn word(&self, i: usize) -> &'a str {
        self.toks[i].text(self.text)
    }
    fn is_word(&self, i: usize) -> bool {
        self.toks[i].kind == Kind::Word
    }
    fn lower_is<S: Words + ?Sized>(&self, i: usize, set: &S) -> bool {
        self.is_word(i) && set.has(self, i)
    }
    fn is_cap(&self, i: usize) -> bool {
        self.is_word(i) && self.word(i).chars().next().is_some_and(|c| c.is_uppercase())
    }
    fn is_lower_word(&self, i: usize) -> bool {
        self.is_word(i) && self.word(i).chars().next().is_some_and(|c| c.is_lowercase())
    }
    fn is_dash(&self, i: usize) -> bool {
        self.toks[i].kind == Kind::Punct && matches!(self.word(i), "—" | "–" | "―" | "--")
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

/// Most words of what may follow a signature's name on its line (`, a teacher in Ohio`).
const MAX_SIGNATURE_TAIL: usize = 12;
/// Most words of a signature's name.
const MAX_SIGNATURE_NAME: usize = 6;

/// A signature after a quotation, on the same line: a dash, then a name that runs to
/// the end of the line or to a comma before a short description (`“…” ― Sonya
/// Herridge`, `“…” — Jane Doe, a nurse in Ohio`), the convention of vox pops, pull
/// quotes and epigraphs. `end` is the byte after the closing quote mark; returns the
/// dash token and the name.
pub(crate) fn signature(cx: &Ctx, end: usize) -> Option<(usize, Source)> {
    let d = cx.toks.partition_point(|t| t.start < end);
    if d >= cx.toks.len() || !cx.is_dash(d) || cx.text[end..cx.toks[d].start].contains('\n') {
        return None;
    }
    let after = cx.toks[d].end;
    let line_end = cx.text[after..].find('\n').map_or(cx.text.len(), |k| after + k);
    let on_line = |k: usize| k < cx.toks.len() && cx.toks[k].start < line_end;
    let a = d + 1;
    let mut b = a;
    while on_line(b) && cx.is_name_word(b) {
        b += 1;
    }
    if b == a || b - a > MAX_SIGNATURE_NAME {
        return None;
    }
    let tail_words = (b..).take_while(|&k| on_line(k)).filter(|&k| cx.is_word(k)).count();
    let tail_ok = !on_line(b) || matches!(cx.word(b), "," | "." | "(");
    (tail_ok && tail_words <= MAX_SIGNATURE_TAIL)
        .then_some((d, Source { start: a, end: b, kind: SrcKind::Name }))
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
    let mut i = k;
    while i + 1 < hi {
        if cx.is_punct(i, ",") && cx.in_quote[i].is_none() {
            if let Some(m) = cx.cue_at(i + 1) {
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
            if let Some(m) = cx.cue_at(j) {
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
        if k < hi && (cx.lower_is(k, DAYS) || cx.lower_is(k, ADVERBS_BEFORE_CONTENT)) {
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
    let first_out = out.len();
    colon_labels(cx, seg, lo, hi, out);
    let mut i = lo;
    while i < hi {
        if cx.in_quote[i].is_some() {
            i += 1;
            continue;
        }
        let Some(m) = cx.cue_at(i) else {
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
        if let Some(p) = cx.cue_at(after) {
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
        // tagged a noun and followed by the clause's verb: `the jobs report gives`
        let tagged_noun = matches!(cx.pos[i], Pos::Noun | Pos::Nouns)
            && m.len == 1
            && cx.pos.get(i + 1).is_some_and(|p| matches!(p, Pos::Vbpz | Pos::Vbd | Pos::Md));
        if m.lemma.class != Class::Phrase
            && (tagged_noun
                || c0 == i
                    && c0 > lo
                    && (cx.lower_is(c0 - 1, DETS)
                        || cx.lower_is(c0 - 1, NOUN_BEFORE)
                        || noun_before(cx, lo, c0)))
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
                && (out[first_out..].iter().any(|f| f.source.is_some())
                    || main_subject(cx, lo, c0).is_some()))
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
        // past a phrase read with the cue (`said in an interview`): no second cue in it
        i = cue.1.max(cue_end).max(i + 1);
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
pub(crate) fn main_subject(cx: &Ctx, lo: usize, hi: usize) -> Option<Source> {
    // not a description, nor a capitalised function word (`Will they …?`, `It's …`)
    let ok = |s: &Source| {
        let w = cx.word(s.start);
        let pronoun = PRONOUNS.1.iter().any(|p| {
            w.len() > p.len() + 1
                && w.is_char_boundary(p.len())
                && w[..p.len()].eq_ignore_ascii_case(p)
                && w[p.len()..].starts_with(['\'', '’'])
        });
        s.kind != SrcKind::Description
            && !pronoun
            && !(s.kind == SrcKind::Name && (cx.lower_is(s.start, AUX) || cx.lower_is(s.start, NOT_NAME)))
    };
    let first = np_right(cx, lo, hi).filter(ok);
    // a dateline: `WASHINGTON —`, `Washington (AFP) –`; the subject follows it
    if let Some(s) = first.filter(|s| s.end - s.start <= 3) {
        let mut k = s.end;
        if k < hi && cx.is_punct(k, "(") {
            k = (k + 1..hi.min(k + 6)).find(|&j| cx.is_punct(j, ")")).map_or(hi, |j| j + 1);
        }
        if k < hi && cx.is_dash(k) {
            if let Some(s) = np_right(cx, k + 1, hi).filter(ok) {
                return Some(s);
            }
        }
    }
    let intro = match first {
        Some(s) => {
            let w = cx.word(s.start);
            // `Looking to correct …, X has …`, `Asked about it, X said`: a participle
            let participle = s.end == s.start + 1 && (w.ends_with("ing") || w.ends_with("ed"));
            s.end < hi
                && s.end - s.start <= 2
                && (cx.is_punct(s.end, ",")
                    || cx.lower_is(s.end, TIME)
                    || (participle && cx.is_lower_word(s.end)))
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

/// `Trump has been criticized by some of his rivals`, `The move was first reported by
/// MSNBC`: a cue in the passive (a form of `be` and a participle) with a `by` agent
/// attributes its subject to the agent.
fn passive(
    cx: &Ctx,
    lo: usize,
    hi: usize,
    c0: usize,
    after: usize,
    subject: Source,
    base: &Frame,
) -> Option<Frame> {
    let head = after.checked_sub(1)?;
    let be = (c0..head).any(|j| cx.lower_is(j, &["was", "were", "is", "are", "been", "be", "being"]));
    // `by` right after the cue, or after an adverb or a short place phrase (`endorsed
    // in New Hampshire by`)
    let by = (after..hi.min(after + 5))
        .find(|&j| cx.lower_is(j, &["by"]) && !cx.in_quote[after..j].iter().any(Option::is_some))
        .map(|j| j + 1)?;
    if !be
        || !matches!(cx.pos[head], Pos::Vbn | Pos::Vbd)
        || subject.kind == SrcKind::Pronoun && cx.lower_is(subject.start, &["who", "that", "which"])
    {
        return None;
    }
    // the agent: a noun phrase, else the words up to the next punctuation
    let agent = np_right(cx, by, hi).or_else(|| {
        let end =
            (by..hi.min(by + 12)).find(|&j| cx.toks[j].kind == Kind::Punct || cx.in_quote[j].is_some())?;
        (end > by).then(|| Source { start: by, end, kind: src_kind(cx, by, end) })
    })?;
    let lead = np_lead(cx, lo, subject);
    let content = Span::new(cx.toks[lead].start, cx.toks[subject.end - 1].end);
    Some(Frame { source: Some(agent), content: vec![content], how: How::Passive, ..base.clone() })
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
    if let Some(f) = src.and_then(|s| passive(cx, lo, hi, c0, after, s, &base)) {
        return Some(f);
    }
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
    // `“A,” X said, “B.”`: one split quote, both halves (the backward frame below)
    let split = quote_before && k < hi && cx.mark[k] == 1;
    let right = right.filter(|_| (!backward_possible || right_is_content) && !split);
    if let (Some(s), Some(r)) = (src, right) {
        // `the deal, which officials said would cost $5 billion, was signed`: the
        // relative pronoun and the rest of its clause are the content
        if s.start > lo + 1
            && cx.lower_is(s.start - 1, &["which", "who"])
            && cx.in_quote[s.start - 1].is_none()
            && matches!(base.class, Class::Speech | Class::Write)
        {
            let rel = Span::new(cx.toks[s.start - 1].start, cx.toks[s.start - 1].end);
            let end = if cx.is_punct(s.start - 2, ",") {
                (k..hi).find(|&j| cx.is_punct(j, ",") && cx.in_quote[j].is_none()).unwrap_or(hi)
            } else {
                hi
            };
            let r = content_span(cx, k, end).unwrap_or(r);
            return Some(Frame { source: Some(s), content: vec![rel, r], how: How::Forward, ..base });
        }
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
