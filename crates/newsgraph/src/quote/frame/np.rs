//! Noun phrases of the attribution frames: the source before a cue (`np_left`, with
//! appositives, relative clauses, role words and post-modifiers), after an inverted cue
//! (`np_right`), and what kind of source a phrase is.

use super::words::*;
use super::{Ctx, Source, SrcKind};
use crate::quote::tok::Kind;

/// An all-capitals word of six letters or more (`WASHINGTON`), not an acronym.
pub(super) fn is_shouting(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 6 && !w.chars().any(|c| c.is_lowercase())
}

/// The capitalised name run ending at token `e - 1` (within `[lo, e)`), start index.
pub(super) fn name_run_left(cx: &Ctx, lo: usize, e: usize) -> Option<usize> {
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

/// For a relative pronoun at token `k` (`who`, `which`, `that`): the noun phrase it
/// stands for (`X, who …` → X), or `Some(None)` when none stands before it; `None`
/// when the token is no relative pronoun.
pub(crate) fn relative_antecedent(cx: &Ctx, lo: usize, k: usize) -> Option<Option<Source>> {
    if !cx.lower_is(k, &["who", "which", "that"]) {
        return None;
    }
    let e = if k > lo && cx.is_punct(k - 1, ",") { k - 1 } else { k };
    Some(np_left(cx, lo, e))
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

/// Prepositions whose object is no subject (`in Columbus, Ohio,`).
const GOVERNING_PREPS: &[&str] = &[
    "in",
    "at",
    "on",
    "of",
    "from",
    "during",
    "near",
    "outside",
    "inside",
    "to",
    "with",
    "by",
    "after",
    "before",
    "about",
    "across",
    "throughout",
];

/// Prepositions that open a post-modifier of a source description.
const POSTMOD_PREPS_WORDS: &[&str] =
    &["on", "in", "of", "at", "from", "with", "for", "inside", "near", "within", "among"];
pub(super) const POSTMOD_PREPS: &WordSet = &WordSet(17, POSTMOD_PREPS_WORDS);

/// [`np_left`] without post-modifiers.
pub(super) fn np_left_core(cx: &Ctx, lo: usize, e: usize) -> Option<Source> {
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
                let mut left = np_left(cx, lo, k);
                if let Some(s) = left {
                    // `Clinton, during a town hall in Columbus, Ohio, said`: a name after a
                    // preposition is inside the parenthetical, not the subject; `members of
                    // Congress from Florida, X and Y, said`: it ends a description
                    let governed = |x: Source| x.start > lo + 1 && cx.lower_is(x.start - 1, GOVERNING_PREPS);
                    if s.kind == SrcKind::Name && !governed(s) {
                        return Some(s);
                    }
                    let mut at = s;
                    for _ in 0..3 {
                        if !governed(at) {
                            break;
                        }
                        left = np_left(cx, lo, at.start - 1);
                        match left {
                            Some(l) if l.kind == SrcKind::Name => at = l,
                            _ => break,
                        }
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
            if cx.is_boundary(p) || cx.lower_is(p, &["which", "who"]) {
                break;
            }
            if cx.is_cap(p) {
                // `The Cruz campaign`, `Clinton’s team`
                let s = name_run_left(cx, lo, p + 1).unwrap_or(p);
                let s = if s > lo && cx.lower_is(s - 1, DETS) { s - 1 } else { s };
                return Some(Source { start: s, end: e, kind: SrcKind::Description });
            }
            if !cx.is_lower_word(p) || cx.lower_is(p, NOT_HEAD) || cx.cue_at(p).is_some() {
                return None;
            }
            k = p;
            n += 1;
        }
        // bare plural head at a clause boundary: `sources said`, `officials say`
        if k == j
            && (cx.word(j).ends_with('s') || cx.lower_is(j, QUANT))
            && (k == lo || cx.is_boundary(k - 1) || cx.lower_is(k - 1, &["which", "who"]))
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
pub(super) fn is_premodifier(cx: &Ctx, k: usize) -> bool {
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
        && cx.cue_at(k).is_none()
}

/// `of` inside a role between two lower-case words (`secretary of state`).
pub(super) fn role_of(cx: &Ctx, k: usize, hi: usize) -> bool {
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
pub(super) fn np_lead(cx: &Ctx, lo: usize, s: Source) -> usize {
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
    } else if s.start > lo + 1 && cx.lower_is(s.start - 1, &["the"]) && cx.is_punct(s.start - 2, ",") {
        // `…, the University of Michigan reported`: the article belongs to the name
        s.start - 1
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
