//! From tagger spans to clean name mentions: trim punctuation and possessives,
//! strip titles into `titles` (before the name, inside a PERSON span, or in an
//! appositive after it), add `The` to outlet names, keep `Ashraf 3` whole, find
//! names the tagger missed after a title (`Mayor Legaret`), and resolve demonyms
//! that name an actor (`the British` → United Kingdom).

use std::cell::RefCell;

use crate::model::{EntityKind, Span};
use crate::ner::Tagged;

use super::lexicon::{self, DemonymKind, Lexicons, TitleInfo};
use super::words::{self, capitalised, gap, is_function_word, joins, Gap, Word};

/// The vote weight of evidence that settles a type (`the city of X`).
pub(crate) const DECISIVE: u32 = 10;

/// A title seen with a mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Title {
    /// As written, first letter capitalised (`Sen.`, `Mayor`).
    pub(crate) surface: String,
    /// The role (`Senator`).
    pub(crate) canonical: String,
}

/// Where a mention came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The tagger found it.
    Tagged,
    /// A title rule found it (`Mayor Legaret`).
    Rule,
    /// An acronym defined or paired in the text (`(PMOI)`, `PMOI/MEK`).
    Acronym,
    /// A demonym (`the British`, `Iranian`).
    Demonym,
    /// The second pass found a known name again.
    Found,
}

/// A mention before clustering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cand {
    /// The name itself, titles and possessive excluded.
    pub(crate) span: Span,
    /// The type this mention votes for, if any.
    pub(crate) kind: Option<EntityKind>,
    /// Weight of the vote.
    pub(crate) weight: u32,
    /// Titles seen with it.
    pub(crate) titles: Vec<Title>,
    /// `Mayor Giuliani`: the title directly before the name, with the name.
    pub(crate) titled: Option<Span>,
    /// How it was found.
    pub(crate) origin: Origin,
    /// Matching key (see [`words::key`]); mentions with one key are one entity.
    pub(crate) key: String,
    /// The place from the lexicon it names (`Britain` → United Kingdom).
    pub(crate) place: Option<String>,
}

/// The text, its words and the lexicons.
pub(crate) struct Ctx<'a> {
    pub(crate) text: &'a str,
    pub(crate) ws: Vec<Word<'a>>,
    pub(crate) lex: &'a Lexicons,
    /// Per word: its line has letters of one case only.
    caseless: Vec<bool>,
    /// Per word: its line has no capital letter.
    uncapitalised: Vec<bool>,
    /// Where [`Ctx::with_key`] builds keys of several words.
    key_buf: RefCell<String>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(text: &'a str, lex: &'a Lexicons) -> Self {
        let ws = words::words(text);
        // Each line is looked at once (a line can be the whole of a huge document:
        // per-candidate scans of it were quadratic).
        let mut caseless = Vec::with_capacity(ws.len());
        let mut uncapitalised = Vec::with_capacity(ws.len());
        let mut line = Span::new(0, 0);
        let (mut flag, mut lower) = (false, false);
        for w in &ws {
            if w.start >= line.end || w.start < line.start || line.is_empty() {
                line = words::line_of(text, w.start);
                flag = words::caseless(&text[line.range()]);
                lower = !text[line.range()].chars().any(char::is_uppercase);
            }
            caseless.push(flag);
            uncapitalised.push(lower);
        }
        Ctx { text, ws, lex, caseless, uncapitalised, key_buf: RefCell::default() }
    }

    /// The line of word `i` has letters of one case only.
    pub(crate) fn caseless_at(&self, i: usize) -> bool {
        self.caseless.get(i).copied().unwrap_or(false)
    }

    /// The line of word `i` has no capital letter.
    fn uncapitalised_at(&self, i: usize) -> bool {
        self.uncapitalised.get(i).copied().unwrap_or(false)
    }

    /// `f` of the matching key of words `i..j` (as [`words::key`] of their text),
    /// built without allocating: a single word's key is its folded form, a longer
    /// one is built in a buffer kept for the purpose (`f` must not ask for another).
    fn with_key<R>(&self, i: usize, j: usize, f: impl FnOnce(&str) -> R) -> R {
        let ws = &self.ws[i..j];
        if let [w] = ws {
            return f(&w.folded);
        }
        let mut out = self.key_buf.borrow_mut();
        out.clear();
        if ws.len() > 1 && ws.iter().all(|w| w.folded.chars().count() == 1) {
            ws.iter().for_each(|w| out.push_str(&w.folded));
            return f(&out);
        }
        let skip = usize::from(ws.len() > 1 && ws[0].folded == "the");
        for (n, w) in ws[skip..].iter().enumerate() {
            if n > 0 {
                out.push(' ');
            }
            out.push_str(&w.folded);
        }
        f(&out)
    }

    fn gap(&self, i: usize) -> Gap {
        // gap between word i and word i + 1
        match (self.ws.get(i), self.ws.get(i + 1)) {
            (Some(a), Some(b)) => gap(self.text, a.end, b.start),
            _ => Gap::Break,
        }
    }

    fn word(&self, i: usize) -> &str {
        self.ws.get(i).map_or("", |w| &self.text[w.start..w.end])
    }

    fn folded(&self, i: usize) -> &str {
        self.ws.get(i).map_or("", |w| &*w.folded)
    }

    /// The title made of words `i..j`, when they are joined like one phrase.
    fn title_words(&self, i: usize, j: usize) -> Option<&'a TitleInfo> {
        if i >= j || j > self.ws.len() || (i..j - 1).any(|k| !joins(self.gap(k))) {
            return None;
        }
        if self.ws[i].folded == "the" || !self.lex.may_start_title(&self.ws[i].folded) {
            return None;
        }
        let lex = self.lex;
        self.with_key(i, j, |k| lex.title(k))
    }

    /// The longest title starting at word `i`: (end word, info).
    pub(crate) fn title_at(&self, i: usize) -> Option<(usize, &'a TitleInfo)> {
        // the tests that `title_words` makes for every length, once: the first word,
        // and how many words from `i` on are joined like one phrase
        let w = self.ws.get(i)?;
        if w.folded == "the" || !self.lex.may_start_title(&w.folded) {
            return None;
        }
        let max = self.lex.max_title_words();
        let joined = 1 + (i..i + max.saturating_sub(1)).take_while(|&k| joins(self.gap(k))).count();
        let lex = self.lex;
        (1..=max.min(joined))
            .rev()
            .find_map(|n| self.with_key(i, i + n, |k| lex.title(k)).map(|t| (i + n, t)))
    }

    /// The longest title ending just before word `j`: (start word, info).
    fn title_before(&self, j: usize) -> Option<(usize, &'a TitleInfo)> {
        let max = self.lex.max_title_words();
        (1..=max.min(j)).rev().find_map(|n| self.title_words(j - n, j).map(|t| (j - n, t)))
    }

    /// Byte end of the title spanning words `i..j` (with its dot, for `Sen.`).
    fn title_end(&self, j: usize, t: &TitleInfo) -> usize {
        let end = self.ws[j - 1].end;
        if t.abbreviation && self.text[end..].starts_with('.') {
            end + 1
        } else {
            end
        }
    }

    fn title(&self, i: usize, j: usize, t: &TitleInfo) -> Title {
        let raw = &self.text[self.ws[i].start..self.title_end(j, t)];
        let mut surface = String::with_capacity(raw.len());
        let mut cs = raw.chars();
        if let Some(c) = cs.next() {
            surface.extend(c.to_uppercase());
            surface.push_str(cs.as_str());
        }
        Title { surface, canonical: t.canonical.clone() }
    }

    pub(crate) fn cand(&self, span: Span, kind: Option<EntityKind>, origin: Origin) -> Cand {
        self.cand_keyed(span, words::key(&self.text[span.range()]), kind, origin)
    }

    /// [`Ctx::cand`] of a span whose [`words::key`] the caller has made already.
    fn cand_keyed(&self, span: Span, mut key: String, kind: Option<EntityKind>, origin: Origin) -> Cand {
        // `Iranian`, `Iranians`: one nationality, however the tagger typed it
        if let Some(d) = self.lex.demonym(&key).iter().find(|d| d.kind != DemonymKind::Alias) {
            key = format!("~{}", words::key(&d.place));
        }
        let place = self.lex.place_alias(&key).map(str::to_string);
        let weight = match origin {
            Origin::Rule => 2,
            Origin::Found => 0,
            _ => 1,
        };
        Cand { span, kind, weight, titles: Vec::new(), titled: None, origin, key, place }
    }
}

/// Clean the tagger's spans into mentions (sorted, not overlapping).
pub(crate) fn from_tagged(ctx: &Ctx<'_>, tagged: &[Tagged]) -> Vec<Cand> {
    let mut tagged: Vec<Tagged> = tagged
        .iter()
        .filter(|t| t.span.start < t.span.end && ctx.text.get(t.span.range()).is_some())
        .copied()
        .collect();
    tagged.sort_by_key(|t| (t.span.start, std::cmp::Reverse(t.span.end)));
    let mut out: Vec<Cand> = Vec::new();
    let mut parts = Vec::new();
    for t in tagged {
        let Some(span) = trim(ctx.text, t.span) else { continue };
        parts.clear();
        split_pair(ctx, span, t.kind, &mut parts);
        for &(span, kind) in &parts {
            let Some(c) = clean_one(ctx, span, kind) else { continue };
            if out.last().is_some_and(|p| p.span.overlaps(c.span)) {
                continue;
            }
            out.push(c);
        }
    }
    out
}

/// Cut a span to its first line and its outer letters and digits; drop a
/// possessive `'s`.
pub(crate) fn trim(text: &str, span: Span) -> Option<Span> {
    let s = &text[span.range()];
    let s = s.split('\n').find(|l| l.chars().any(char::is_alphanumeric))?;
    let off = s.as_ptr() as usize - text.as_ptr() as usize;
    let lead = s.len() - s.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
    let body = &s[lead..];
    // currencies `C$`, `US$`
    let currency = body
        .strip_suffix('$')
        .is_some_and(|c| (1..=3).contains(&c.len()) && c.chars().all(|c| c.is_ascii_uppercase()));
    let mut core =
        if currency { body } else { body.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.') };
    // a final dot stays only on abbreviations (`U.S.`, `Corp.`), not at a sentence end
    if let Some(stem) = core.strip_suffix('.') {
        let last = stem.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        const ABBREV: &[&str] =
            &["assn", "bros", "corp", "dept", "gmbh", "govt", "inc", "intl", "ltd", "plc"];
        let abbrev = last.chars().count() <= 3 || ABBREV.contains(&last.to_lowercase().as_str());
        if !abbrev || stem.ends_with('.') {
            core = stem;
        }
    }
    if !currency {
        core = core.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
        // `Mladost ( BJ )`: a closing bracket of an opened one stays
        let rest = &body[core.len()..];
        if core.contains('(') && !core.contains(')') {
            if let Some(close) = rest.find(')').filter(|&c| rest[..c].trim().is_empty()) {
                core = &body[..core.len() + close + 1];
            }
        }
    }
    for suffix in ["'s", "’s", "'S", "’S", "'", "’"] {
        if let Some(stem) = core.strip_suffix(suffix) {
            core = stem;
            break;
        }
    }
    if core.is_empty() {
        return None;
    }
    let start = off + lead;
    Some(Span::new(start, start + core.len()))
}

/// True for an acronym-like word: 2–10 letters or digits, at least two capitals,
/// starting with one (`PMOI`, `MeK`, `G7`).
pub(crate) fn is_acronym(w: &str) -> bool {
    // the first test is the cheap one that most words fail
    w.chars().next().is_some_and(char::is_uppercase)
        && (2..=10).contains(&w.chars().count())
        && w.chars().filter(|c| c.is_uppercase()).count() >= 2
        && w.chars().all(char::is_alphanumeric)
}

/// `PMOI/MEK` or `PMOI  MEK` tagged as one span: two mentions; `Ashraf 3 - Tirana`
/// (a spaced dash): two names. The mentions are pushed onto `out`.
fn split_pair(ctx: &Ctx<'_>, span: Span, kind: EntityKind, out: &mut Vec<(Span, EntityKind)>) {
    // `Mujahedin e-Khalq (MeK`: a name and its acronym in one span
    if let Some(p) = ctx.text[span.range()].find(" (") {
        let inner = trim(ctx.text, Span::new(span.start + p + 2, span.end));
        let outer = trim(ctx.text, Span::new(span.start, span.start + p));
        if let (Some(a), Some(b)) = (outer, inner) {
            if is_acronym(&ctx.text[b.range()]) {
                out.extend([(a, kind), (b, kind)]);
                return;
            }
        }
    }
    let (i, j) = words::inside(&ctx.ws, span);
    for k in i..j.saturating_sub(1) {
        let g = &ctx.text[ctx.ws[k].end..ctx.ws[k + 1].start];
        if g.len() >= 3
            && g.starts_with(' ')
            && g.ends_with(' ')
            && g.trim().chars().all(|c| "-–—".contains(c))
        {
            let (a, b) = (Span::new(span.start, ctx.ws[k].end), Span::new(ctx.ws[k + 1].start, span.end));
            split_pair(ctx, a, kind, out);
            split_pair(ctx, b, kind, out);
            return;
        }
    }
    if j == i + 2 && is_acronym(ctx.word(i)) && is_acronym(ctx.word(i + 1)) {
        let g = &ctx.text[ctx.ws[i].end..ctx.ws[i + 1].start];
        if pair_separator(g) {
            out.extend([(ctx.ws[i].span(), kind), (ctx.ws[i + 1].span(), kind)]);
            return;
        }
    }
    out.push((span, kind));
}

/// The separator of two names for one thing: `/`, or a run of two or more spaces
/// (where a slash was lost).
pub(crate) fn pair_separator(g: &str) -> bool {
    let t = g.trim_matches(' ');
    t == "/" || t == "|" || (t.is_empty() && g.len() >= 2)
}

fn clean_one(ctx: &Ctx<'_>, span: Span, mut kind: EntityKind) -> Option<Cand> {
    let text = ctx.text;
    let (mut i, mut j) = words::inside(&ctx.ws, span);
    let full_j = j;
    if i >= j {
        return None;
    }
    // `(I-CT)`, `(R-Texas)`: party and state of a legislator, not a name
    if j == i + 2 && ctx.gap(i) == Gap::Hyphen && matches!(ctx.word(i), "D" | "R" | "I") {
        return None;
    }
    // `Significantly, …`, `Of course, …`: a sentence adverb or discourse phrase that
    // opens a sentence (or a quotation) is capitalised for that alone
    let opens_quote = text[..ctx.ws[i].start].trim_end_matches(' ').ends_with(['"', '“']);
    if opens_quote || crate::entity::cluster::sentence_start(text, ctx.ws[i].start) {
        for n in (1..=lexicon::max_discourse_words().min(j - i)).rev() {
            let e = i + n;
            if (e == j || text[ctx.ws[e - 1].end..].starts_with(','))
                && ctx.with_key(i, e, lexicon::discourse)
            {
                i = e;
                break;
            }
        }
        if i >= j {
            return None;
        }
    }
    // (the span lies on one line, that of its first word)
    if !ctx.caseless_at(i) {
        // `Conference started on July`, `Trump administration’s`: a name stops at a
        // lowercase word that is no name particle (`of`, `bin`, `e-Khalq`, `People's`)
        if let Some(cut) = (i + 1..j).find(|&k| !name_word(ctx, k)) {
            j = cut;
            // what is left is a bare head noun (`Conference started on July`)
            if j == i + 1 && head_kind(ctx.folded(i)).is_some() {
                return None;
            }
        }
        // `For Ashraf`: leading function words are not part of the name (but `The
        // Oval` keeps its `The` as the tagger saw it, and `A. Smith` its initial)
        const LEAD: &[&str] = &[
            "after", "although", "and", "as", "at", "before", "but", "by", "for", "from", "how", "if", "in",
            "of", "on", "or", "since", "though", "to", "when", "where", "while", "why", "with",
        ];
        while i + 1 < j && LEAD.contains(&ctx.folded(i)) && ctx.gap(i) == Gap::Space {
            i += 1;
        }
        // and neither are trailing lowercase ones (`Organization of`)
        while j > i + 1 && ctx.word(j - 1).chars().all(char::is_lowercase) && name_particle(ctx.folded(j - 1))
        {
            j -= 1;
        }
    }
    if i >= j {
        return None;
    }
    let mut titles = Vec::new();
    let mut titled = None;
    // `Mayor Rudy Giuliani` tagged whole: the name starts after the titles. Spans
    // of other types lose a title too when what follows it looks like a name
    // (`Sen. Joe Lieberman` tagged OTHER, `National Security Advisor John Bolton`).
    let start = i;
    while let Some((e, t)) = ctx.title_at(i) {
        // `Justice Department`: a title word that heads no name
        if e >= j
            || !joins_loosely(ctx, e - 1)
            || head_kind(ctx.folded(j - 1)).is_some_and(|h| h != EntityKind::Other)
        {
            break;
        }
        let letters = (i..e).all(|k| ctx.word(k).chars().count() == 1);
        let strong = t.marks_name || (e - i >= 2 && !letters);
        if kind != EntityKind::Person && !(strong && person_like(ctx, e, j)) {
            break;
        }
        // `Dean Jones`: a weak title that is also a first name starts the name
        if !t.marks_name && ctx.lex.first_name(ctx.folded(i)).is_some() {
            break;
        }
        titles.push(ctx.title(i, e, t));
        titled = Some(Span::new(ctx.ws[i].start, ctx.ws[j - 1].end));
        i = e;
    }
    if i > start {
        kind = EntityKind::Person;
    }
    // the end as trimmed (with an abbreviation's dot, `U.S.`) unless cut shorter
    let end = if j == full_j { span.end } else { ctx.ws[j - 1].end };
    let mut span = Span::new(ctx.ws[i].start, end);
    let (keyed, k) = (span, words::key(&text[span.range()]));
    let surface = &text[span.range()];
    // a bare title is no name, but an acronym that spells one may be (`SPC`)
    let bare_title = ctx.lex.title(&k).is_some()
        && (!is_acronym(surface) || ["CEO", "CFO", "COO", "CTO", "MEP", "MP", "PM", "VP"].contains(&surface));
    if k.is_empty()
        || bare_title
        || (is_function_word(&k)
            && (!surface.chars().any(char::is_uppercase)
                || (crate::entity::cluster::sentence_start(text, span.start)
                    && ctx.lex.first_name(&k).is_none())))
        || is_date(&k)
        || surface.chars().count() < 2
    {
        return None;
    }
    let mut weight = 1;
    // the head noun of a longer name says what it is (`Expediency Council`,
    // `Washington Times`, `Free Iran Gathering`)
    // (the tagger's other calls stand: CoNLL has `West Bank` a place and
    // `American League` MISC)
    let first_name = ctx.lex.first_name(ctx.folded(i)).is_some();
    if j > i + 1 {
        let head = ctx.folded(j - 1);
        let outlet = OUTLETS.contains(&head) && kind == EntityKind::Place;
        if let Some(h) = head_kind(head) {
            if (kind == EntityKind::Person && (!first_name || ctx.lex.title(ctx.folded(i)).is_some()))
                || outlet
            {
                kind = h;
                weight = 2;
            }
        }
    }
    // `NEW YORK 1996-08-30`, `NICE , France 1996-08-30`: a dateline is a place
    if dateline_at(text, span) {
        kind = EntityKind::Place;
        weight = 3;
    }
    // `francois legaret` tagged ORG in an all-lowercase line, where the tagger has no
    // case to go by: a gendered first name and one or two more words (no head
    // noun, no second first name) make a person (in cased text the tagger knows
    // better: the rule cost 0.4 F1 on CoNLL testa there)
    let given = ctx.lex.first_name(ctx.folded(i)).is_some_and(|g| g.is_some());
    let last_given = ctx.lex.first_name(ctx.folded(j - 1)).is_some();
    if matches!(kind, EntityKind::Org | EntityKind::Other)
        && (2..=3).contains(&(j - i))
        && given
        && !last_given
        && (i..j).all(|k| head_kind(ctx.folded(k)).is_none() && ctx.lex.demonym(ctx.folded(k)).is_empty())
        && ctx.uncapitalised_at(i)
    {
        kind = EntityKind::Person;
        weight = 2;
    }
    // `People's Mojahedin Organization of Iran`: a name built on an
    // organisation's head noun settles the type of its entity (its acronym `MEK`
    // may be tagged PLACE a dozen times)
    const ORG_HEADS: &[&str] = &[
        "agency",
        "association",
        "commission",
        "committee",
        "corporation",
        "corps",
        "council",
        "foundation",
        "front",
        "institute",
        "ministry",
        "movement",
        "organisation",
        "organization",
        "party",
    ];
    if kind != EntityKind::Person && j > i + 1 && (i + 1..j).any(|k| ORG_HEADS.contains(&ctx.folded(k))) {
        kind = EntityKind::Org;
        weight = DECISIVE;
    }
    // `the Trump administration`, `the Clinton campaign`: a person's name inside a
    // descriptor, not an organisation named Trump
    if kind != EntityKind::Person && j - i <= 3 && descriptor_after(ctx, i, j) {
        kind = EntityKind::Person;
        weight = 2;
    }
    // `Kent County`, `Orange County` (a first name or not) and `City of Boston` are
    // places, not people
    if kind == EntityKind::Person
        && j > i + 1
        && (PLACE_HEADS.contains(&ctx.folded(j - 1))
            || (PLACE_HEADS.contains(&ctx.folded(i)) && ctx.folded(i + 1) == "of" && j > i + 2))
    {
        kind = EntityKind::Place;
        weight = 2;
    }
    // `the city of Ashraf 3`: the text says it is a place
    if place_word_before(ctx, i) {
        kind = EntityKind::Place;
        weight = DECISIVE;
    }
    if kind == EntityKind::Org && j > i + 1 {
        span = with_the(ctx, span);
    }
    span = with_number(ctx, span);
    let mut c = if span == keyed {
        ctx.cand_keyed(span, k, Some(kind), Origin::Tagged)
    } else {
        ctx.cand(span, Some(kind), Origin::Tagged)
    };
    c.weight = weight;
    c.titles = titles;
    c.titled = titled;
    Some(c)
}

/// Heads of administrative places (`Kent County`, `City of Boston`).
const PLACE_HEADS: &[&str] =
    &["borough", "city", "county", "parish", "province", "township", "town", "village"];

/// Words `i..j`, capitalised names, are followed by a lower-case descriptor noun
/// (`administration`, `campaign`) that makes them a person's name: no head noun,
/// demonym, place alias or acronym among them, and for the weaker descriptors
/// (`campaign`) a known first name or surname.
fn descriptor_after(ctx: &Ctx<'_>, i: usize, j: usize) -> bool {
    let Some(needs_name) = ctx.ws.get(j).and_then(|_| lexicon::person_descriptor(ctx.folded(j))) else {
        return false;
    };
    if ctx.caseless_at(i) || ctx.gap(j - 1) != Gap::Space || !ctx.word(j).chars().all(char::is_lowercase) {
        return false;
    }
    let names = (i..j).all(|k| {
        let w = ctx.word(k);
        let f = ctx.folded(k);
        capitalised(ctx.text, &ctx.ws[k])
            && !is_acronym(w)
            && head_kind(f).is_none()
            && ctx.lex.demonym(f).is_empty()
            && ctx.lex.title(f).is_none()
    });
    if !names || ctx.with_key(i, j, |k| ctx.lex.place_alias(k).is_some()) {
        return false;
    }
    !needs_name || ctx.lex.first_name(ctx.folded(i)).is_some() || known_surname(ctx.folded(j - 1))
}

/// A surname of the tagger's name lists (US Census).
fn known_surname(folded: &str) -> bool {
    let lists =
        crate::ner::Gazetteer::embedded().first(crate::ner::features::lower_hash(folded, &mut String::new()));
    lists.is_some_and(|m| m & 1 << LAST_NAME_LIST != 0)
}

/// Index of the surname list in [`crate::ner::gazetteer::LISTS`].
const LAST_NAME_LIST: u8 = 5;

/// Month and day names: a span of only these and numbers is a date, not a name
/// (abbreviations that are no names: not `Jan`, `Mar`, `Sun`, `Sat`).
const MONTHS_DAYS: &[&str] = &[
    "aug",
    "dec",
    "feb",
    "nov",
    "oct",
    "sep",
    "sept",
    "thurs",
    "tues",
    "april",
    "august",
    "december",
    "february",
    "friday",
    "january",
    "july",
    "june",
    "march",
    "may",
    "monday",
    "november",
    "october",
    "saturday",
    "september",
    "sunday",
    "thursday",
    "tuesday",
    "wednesday",
];

/// `January 5`, `Saturday`, `2019`: numbers with month names, or weekdays (not
/// `May` alone, a surname too).
fn is_date(k: &str) -> bool {
    let digits = |w: &str| w.chars().all(|c| c.is_ascii_digit());
    // months that are no first names
    let weekday = |w: &str| MONTHS_DAYS.contains(&w) && !["april", "august", "june", "may"].contains(&w);
    let ws: Vec<&str> = k.split(' ').collect();
    ws.iter().all(|w| digits(w) || MONTHS_DAYS.contains(w))
        && (ws.iter().any(|w| digits(w)) || ws.iter().all(|w| weekday(w)))
}

/// Lowercase words that belong inside names (`Organization of Iran`, `bin Laden`,
/// `Mujahedin e-Khalq`, `Charles de Gaulle`).
fn name_particle(folded: &str) -> bool {
    const P: &[&str] = &[
        "al", "am", "and", "at", "bin", "d", "da", "de", "del", "della", "der", "des", "di", "du", "e", "el",
        "for", "ibn", "in", "la", "le", "of", "on", "op", "sur", "the", "to", "und", "upon", "van", "von",
        "wa", "y",
    ];
    P.contains(&folded)
}

/// Word `k` may sit inside a name: capitalised, a number, a particle, a possessive
/// `s`, or with a capital inside (`iPhone`).
fn name_word(ctx: &Ctx<'_>, k: usize) -> bool {
    let w = ctx.word(k);
    w.chars().next().is_some_and(|c| !c.is_lowercase())
        || w.chars().any(char::is_uppercase)
        || name_particle(ctx.folded(k))
        || (w == "s" && ctx.text[..ctx.ws[k].start].ends_with(['\'', '’']))
        || (k > 0 && matches!(ctx.gap(k - 1), Gap::Hyphen | Gap::Apostrophe))
}

/// Words `i..j` look like a personal name: one to four capitalised words, none of
/// them a head noun of an organisation or place, nor a country.
fn person_like(ctx: &Ctx<'_>, i: usize, j: usize) -> bool {
    (1..=4).contains(&(j - i))
        && capitalised(ctx.text, &ctx.ws[i])
        && (i..j).all(|k| {
            let f = ctx.folded(k);
            name_word(ctx, k) && head_kind(f).is_none() && ctx.lex.demonym(f).is_empty()
        })
}

/// Last words of news outlets' names (`Washington Times`).
const OUTLETS: &[&str] = &["gazette", "herald", "journal", "news", "post", "telegraph", "times", "tribune"];

/// The type a name's last word gives it, when it is a head noun.
pub(crate) fn head_kind(folded: &str) -> Option<EntityKind> {
    const ORG: &[&str] = &[
        "administration",
        "agency",
        "alliance",
        "army",
        "assembly",
        "association",
        "bank",
        "brigade",
        "brigades",
        "cabinet",
        "coalition",
        "college",
        "commission",
        "committee",
        "co",
        "holdings",
        "llc",
        "company",
        "congress",
        "corporation",
        "corps",
        "council",
        "court",
        "department",
        "foundation",
        "front",
        "gazette",
        "government",
        "group",
        "guard",
        "guards",
        "herald",
        "hospital",
        "inc",
        "institute",
        "journal",
        "league",
        "ltd",
        "magazine",
        "militia",
        "ministry",
        "movement",
        "navy",
        "network",
        "news",
        "office",
        "organisation",
        "organization",
        "parliament",
        "party",
        "police",
        "post",
        "press",
        "school",
        "senate",
        "telegraph",
        "times",
        "tribune",
        "union",
        "university",
    ];
    const PLACE: &[&str] = &[
        "airport",
        "avenue",
        "bay",
        "boulevard",
        "bridge",
        "county",
        "district",
        "island",
        "islands",
        "lake",
        "mountain",
        "mountains",
        "ocean",
        "province",
        "river",
        "road",
        "sea",
        "square",
        "street",
        "valley",
    ];
    const OTHER: &[&str] = &[
        "act",
        "award",
        "championship",
        "conference",
        "cup",
        "festival",
        "gathering",
        "games",
        "olympics",
        "prize",
        "rally",
        "summit",
        "treaty",
        "war",
    ];
    if ORG.contains(&folded) {
        Some(EntityKind::Org)
    } else if PLACE.contains(&folded) {
        Some(EntityKind::Place)
    } else if OTHER.contains(&folded) {
        Some(EntityKind::Other)
    } else {
        None
    }
}

/// The span opens a line that reads like a dateline: the name, perhaps `, Country`,
/// then a date (`1996-08-30`, `July 23`).
fn dateline_at(text: &str, span: Span) -> bool {
    let line_start = text[..span.start].trim_end_matches([' ', '\t']);
    if !(line_start.is_empty() || line_start.ends_with('\n')) {
        return false;
    }
    let mut rest = text[span.end..].trim_start_matches(' ');
    if let Some(r) = rest.strip_prefix(',') {
        let r = r.trim_start_matches(' ');
        let country = r.find(|c: char| !(c.is_alphabetic() || c == ' ' || c == '.')).unwrap_or(r.len());
        rest = r[country..].trim_start_matches(' ');
        if country == 0 {
            return false;
        }
    }
    const MONTHS: &[&str] =
        &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let b = rest.as_bytes();
    let iso = b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-';
    let month = rest.get(..3).is_some_and(|m| MONTHS.contains(&m.to_ascii_lowercase().as_str()));
    iso || month
}

/// `the city of X`, `the town of X`: a place word and `of` right before word `i`.
fn place_word_before(ctx: &Ctx<'_>, i: usize) -> bool {
    const W: &[&str] = &["capital", "city", "province", "region", "town", "village"];
    i >= 2
        && ctx.folded(i - 1) == "of"
        && W.contains(&ctx.folded(i - 2))
        && ctx.gap(i - 2) == Gap::Space
        && ctx.gap(i - 1) == Gap::Space
}

/// A title joins the name after it across spaces or a dot (`Sen. Joe`).
fn joins_loosely(ctx: &Ctx<'_>, i: usize) -> bool {
    match (ctx.ws.get(i), ctx.ws.get(i + 1)) {
        (Some(a), Some(b)) => {
            let g = &ctx.text[a.end..b.start];
            let g = g.strip_prefix('.').unwrap_or(g);
            !g.is_empty() && g.chars().all(|c| c == ' ' || c == '\u{a0}')
        }
        _ => false,
    }
}

/// `wrote The Washington Times`: a capitalised `The` inside a sentence belongs to
/// the name of an outlet or organisation.
fn with_the(ctx: &Ctx<'_>, span: Span) -> Span {
    let text = ctx.text;
    let before = text[..span.start].trim_end_matches(' ');
    if before.len() + 1 != span.start || !before.ends_with("The") {
        return span;
    }
    let the = before.len() - 3;
    if the > 0 && text[..the].chars().next_back().is_some_and(char::is_alphanumeric) {
        return span;
    }
    let prev = text[..the].trim_end_matches([' ', '\t']);
    match prev.chars().next_back() {
        None | Some('.' | '!' | '?' | '\n' | '"' | '“' | '”' | ':' | '(' | '—' | '-') => span,
        Some(_) => Span::new(the, span.end),
    }
}

/// `Ashraf 3`: a name followed by a small number is one name when the text writes
/// the pair at least twice.
fn with_number(ctx: &Ctx<'_>, span: Span) -> Span {
    let text = ctx.text;
    let i = words::first_at(&ctx.ws, span.end);
    let Some(w) = ctx.ws.get(i) else { return span };
    let num = &text[w.start..w.end];
    let g = &text[span.end..w.start];
    if !(g == " " || g == "-") || num.len() > 2 || !num.chars().all(|c| c.is_ascii_digit()) {
        return span;
    }
    // not `Paris 2 days`, `July 13, 2019` or a table row `Stirling 3 0 1 2`: the
    // number ends a phrase or comes before a lowercase word
    let after = &text[w.end..];
    let decimal = after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_digit());
    if after.starts_with(|c: char| c.is_alphanumeric() || c == '%')
        || decimal
        || text[span.range()].ends_with('$')
    {
        return span;
    }
    let next = after.trim_start_matches(' ');
    if next.len() < after.len() && next.starts_with(|c: char| c.is_ascii_digit() || c.is_uppercase()) {
        return span;
    }
    let name = &text[span.range()];
    let count = [" ", "-"]
        .iter()
        .map(|sep| {
            let pat = format!("{name}{sep}{num}");
            text.match_indices(&pat)
                .filter(|(p, _)| !text[p + pat.len()..].starts_with(|c: char| c.is_ascii_digit()))
                .count()
        })
        .sum::<usize>();
    if count >= 2 {
        Span::new(span.start, w.end)
    } else {
        span
    }
}

/// Record titles written before each PERSON mention (`former New York City Mayor
/// Rudy Giuliani`, `Sen. Joe Lieberman`) and in an appositive after it
/// (`Jean-François Legare, the mayor of …`).
pub(crate) fn titles_around(ctx: &Ctx<'_>, cands: &mut [Cand]) {
    for c in cands.iter_mut() {
        if c.kind != Some(EntityKind::Person) {
            continue;
        }
        let (i, j) = words::inside(&ctx.ws, c.span);
        if i >= j {
            continue;
        }
        let mut start = i;
        let mut first = true;
        while start > 0 && joins_loosely(ctx, start - 1) {
            let Some((s, t)) = ctx.title_before(start) else { break };
            // the dot of `Sen.` must be the only thing between title and name
            let end = ctx.title_end(start, t);
            let g = &ctx.text[end..ctx.ws[start].start];
            if !g.chars().all(|c| c == ' ' || c == '\u{a0}') || g.is_empty() {
                break;
            }
            let title = ctx.title(s, start, t);
            if !c.titles.contains(&title) {
                c.titles.push(title);
            }
            if first && c.titled.is_none() {
                c.titled = Some(Span::new(ctx.ws[s].start, c.span.end));
                // a title before a name is good evidence of a person
                c.weight += 1;
            }
            first = false;
            start = s;
        }
        if let Some(t) = appositive(ctx, j) {
            if !c.titles.contains(&t) {
                c.titles.push(t);
            }
        }
    }
}

/// `, the mayor of the 1st arrondissement`, `, Vice President of the Council`,
/// `, the Iranian Regime's President`: the title of an appositive that starts right
/// after word `j - 1`. Not `, the president's lawyer` (a possessive title is
/// someone else's).
fn appositive(ctx: &Ctx<'_>, j: usize) -> Option<Title> {
    let prev = ctx.ws.get(j.checked_sub(1)?)?;
    let next = ctx.ws.get(j)?;
    let g = ctx.text[prev.end..next.start].trim_matches(' ');
    if g != "," {
        return None;
    }
    const LEAD: &[&str] = &["the", "a", "an", "former", "then", "now", "current", "acting"];
    for (step, k) in (j..j + 6).enumerate() {
        if let Some((e, t)) = ctx.title_at(k) {
            let after = ctx.ws.get(e).map(|w| ctx.text[ctx.ws[e - 1].end..w.start].to_string());
            let possessive = after.as_deref().is_some_and(|a| a.starts_with(['\'', '’']));
            if possessive {
                return None;
            }
            return Some(ctx.title(k, e, t));
        }
        let w = ctx.folded(k);
        let ok = (step == 0 && LEAD.contains(&w))
            || (step > 0 && !is_function_word(w))
            || (step > 0 && ctx.gap(k.checked_sub(1)?) == Gap::Apostrophe);
        if !ok || ctx.ws.get(k).is_none() {
            return None;
        }
        // the appositive ends at punctuation
        let g = ctx.gap(k);
        if !matches!(g, Gap::Space | Gap::Apostrophe | Gap::Hyphen) {
            return None;
        }
    }
    None
}

/// Names the tagger missed after a capitalised title that marks a name
/// (`Mayor Legaret`, `Madam Rajavi`): up to four capitalised words that are not
/// function words, titles or demonyms.
pub(crate) fn after_titles(ctx: &Ctx<'_>, cands: &mut Vec<Cand>) {
    let mut added = Vec::new();
    let mut i = 0;
    while i < ctx.ws.len() {
        let Some((e, t)) = ctx.title_at(i) else {
            i += 1;
            continue;
        };
        if !t.marks_name || !capitalised(ctx.text, &ctx.ws[i]) || !joins_loosely(ctx, e - 1) {
            i = e;
            continue;
        }
        let title_span = Span::new(ctx.ws[i].start, ctx.ws[e - 1].end);
        if cands.iter().any(|c| c.span.overlaps(title_span)) {
            i = e;
            continue;
        }
        let mut k = e;
        while k < ctx.ws.len() && k < e + 4 {
            let w = &ctx.ws[k];
            let word = &ctx.text[w.start..w.end];
            if !capitalised(ctx.text, w)
                || !word.chars().all(char::is_alphabetic)
                || is_function_word(&w.folded)
                || ctx.title_at(k).is_some()
                || ctx.lex.demonym(&w.folded).iter().any(|d| d.kind != DemonymKind::Alias)
            {
                break;
            }
            if HEADS.contains(&&*w.folded) {
                // `Justice Department`, `Queen City`: not a person at all
                k = e;
                break;
            }
            k += 1;
            // `O'Rourke`, `D'Souza`: an apostrophe after a one- or two-letter prefix
            let prefix = ctx.gap(k - 1) == Gap::Apostrophe
                && word.chars().count() <= 2
                && ctx.ws.get(k).is_some_and(|w| capitalised(ctx.text, w));
            if !(matches!(ctx.gap(k - 1), Gap::Space | Gap::Hyphen | Gap::Dot) || prefix) {
                break;
            }
        }
        if k > e {
            let span = Span::new(ctx.ws[e].start, ctx.ws[k - 1].end);
            match cands.iter_mut().find(|c| c.span.overlaps(span)) {
                Some(c) if c.span == span => {
                    if c.kind != Some(EntityKind::Person) {
                        c.kind = Some(EntityKind::Person);
                        c.weight = 2;
                    }
                }
                Some(_) => {}
                None => added.push(ctx.cand(span, Some(EntityKind::Person), Origin::Rule)),
            }
        }
        i = k.max(e);
    }
    cands.extend(added);
    cands.sort_by_key(|c| c.span);
}

/// Head nouns of organisations, places and things: a title before them starts no
/// personal name (`Justice Department`, `President Obama Speech`).
const HEADS: &[&str] = &[
    "act",
    "administration",
    "agency",
    "airport",
    "army",
    "association",
    "avenue",
    "award",
    "bank",
    "bill",
    "bridge",
    "campaign",
    "center",
    "centre",
    "church",
    "city",
    "club",
    "college",
    "commission",
    "committee",
    "company",
    "corporation",
    "corps",
    "council",
    "county",
    "court",
    "cup",
    "day",
    "department",
    "district",
    "foundation",
    "government",
    "group",
    "hall",
    "hospital",
    "hotel",
    "house",
    "institute",
    "journal",
    "law",
    "league",
    "ministry",
    "museum",
    "navy",
    "news",
    "office",
    "park",
    "party",
    "police",
    "post",
    "prize",
    "program",
    "programme",
    "report",
    "road",
    "school",
    "speech",
    "square",
    "state",
    "station",
    "street",
    "times",
    "tribune",
    "union",
    "university",
];

/// Words after a demonym that show it is used as a noun (`the British might …`).
const FOLLOW: &[&str] = &[
    "are",
    "can",
    "cannot",
    "could",
    "did",
    "do",
    "does",
    "had",
    "has",
    "have",
    "is",
    "may",
    "might",
    "must",
    "said",
    "say",
    "says",
    "should",
    "that",
    "themselves",
    "to",
    "was",
    "were",
    "which",
    "who",
    "will",
    "would",
];

/// Demonyms: a noun use that names an actor (`the British might`, `the Iranians
/// said`) becomes a mention of the place; other uses (`Iranian opposition`, `the
/// Iranian regime`, `a British tanker`) an OTHER mention of the nationality, as
/// CoNLL tags them (the events stage maps those with [`Lexicons::demonym`]).
/// A tagger span of another type over the word stands.
pub(crate) fn demonyms(ctx: &Ctx<'_>, cands: &mut Vec<Cand>) {
    let max = ctx.lex.max_demonym_words().max(1);
    let mut found: Vec<Cand> = Vec::new();
    let mut i = 0;
    while i < ctx.ws.len() {
        if !capitalised(ctx.text, &ctx.ws[i])
            || ctx.caseless_at(i)
            || !ctx.lex.may_start_demonym(&ctx.ws[i].folded)
        {
            i += 1;
            continue;
        }
        let hit = (1..=max).rev().find_map(|n| {
            let j = i + n;
            if j > ctx.ws.len() || (i..j - 1).any(|k| !joins(ctx.gap(k))) {
                return None;
            }
            let lex = ctx.lex;
            let d = ctx.with_key(i, j, |k| lex.demonym(k).iter().find(|d| d.kind != DemonymKind::Alias))?;
            Some((j, d))
        });
        let Some((j, d)) = hit else {
            i += 1;
            continue;
        };
        // `African-American`, `Iranian-backed`: part of a compound word
        if (i > 0 && ctx.gap(i - 1) == Gap::Hyphen) || ctx.gap(j - 1) == Gap::Hyphen {
            i = j;
            continue;
        }
        let span = Span::new(ctx.ws[i].start, ctx.ws[j - 1].end);
        let the = i > 0 && ctx.folded(i - 1) == "the" && ctx.gap(i - 1) == Gap::Space;
        let next_joined = j < ctx.ws.len() && ctx.gap(j - 1) == Gap::Space;
        let next = if next_joined { ctx.folded(j) } else { "" };
        let next_lower = next_joined && !capitalised(ctx.text, &ctx.ws[j]);
        let verb =
            next_joined && (FOLLOW.contains(&next) || (next_lower && next.len() > 4 && next.ends_with("ed")));
        let end = !next_joined && ctx.text[span.end..].starts_with(['.', ';', '!', '?']);
        // `the British`, `the French`, `the Chinese` name the nation; `the German`
        // is one German, and `the Iranians` a group unless they act
        let collective = d.kind == DemonymKind::Adjective
            && ["sh", "ch", "ese", "ss"].iter().any(|s| ctx.folded(j - 1).ends_with(s));
        let actor = the && ((collective && (verb || end)) || (d.kind == DemonymKind::People && verb));
        let mut c = ctx.cand(span, None, Origin::Demonym);
        if actor {
            c.kind = Some(EntityKind::Place);
            c.key = words::key(&d.place);
            c.place = Some(d.place.clone());
        } else {
            c.kind = Some(EntityKind::Other);
            c.key = format!("~{}", words::key(&d.place));
            c.place = None;
        }
        found.push(c);
        i = j;
    }
    for c in found {
        // the tagger's word stands unless it tagged just this demonym as OTHER
        let blocked = cands
            .iter()
            .any(|t| t.span.overlaps(c.span) && !(t.span == c.span && t.kind == Some(EntityKind::Other)));
        if blocked {
            continue;
        }
        cands.retain(|t| t.span != c.span);
        cands.push(c);
    }
    cands.sort_by_key(|c| c.span);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityKind::*;

    fn tag(text: &str, spans: &[(&str, EntityKind)]) -> Vec<Tagged> {
        // each string is tagged wherever it occurs
        spans
            .iter()
            .flat_map(|(s, k)| {
                assert!(text.contains(s), "{s} not in text");
                text.match_indices(s).map(|(i, _)| Tagged { span: Span::new(i, i + s.len()), kind: *k })
            })
            .collect()
    }

    /// `name[titles]` per mention, after cleaning, title scanning and rules.
    #[track_caller]
    fn check(text: &str, tagged: &[(&str, EntityKind)], expect: &[&str]) {
        let lex = Lexicons::embedded();
        let ctx = Ctx::new(text, lex);
        let mut cands = from_tagged(&ctx, &tag(text, tagged));
        after_titles(&ctx, &mut cands);
        titles_around(&ctx, &mut cands);
        demonyms(&ctx, &mut cands);
        let got: Vec<String> = cands
            .iter()
            .map(|c| {
                let ts: Vec<&str> = c.titles.iter().map(|t| t.surface.as_str()).collect();
                let mut s = text[c.span.range()].to_string();
                if !ts.is_empty() {
                    s += &format!("[{}]", ts.join(","));
                }
                if let Some(t) = c.titled {
                    s += &format!("<{}>", &text[t.range()]);
                }
                if let Some(p) = &c.place {
                    s += &format!("={p}");
                }
                s
            })
            .collect();
        assert_eq!(got, expect, "{text}");
    }

    #[test]
    fn titles_before_names() {
        check(
            "Mayor Rudy Giuliani spoke.",
            &[("Rudy Giuliani", Person)],
            &["Rudy Giuliani[Mayor]<Mayor Rudy Giuliani>"],
        );
        check(
            "Mayor Rudy Giuliani spoke.",
            &[("Mayor Rudy Giuliani", Person)],
            &["Rudy Giuliani[Mayor]<Mayor Rudy Giuliani>"],
        );
        check(
            "and Sen. Joe Lieberman (I-CT) and former New York City Mayor Rudy Giuliani.",
            &[("Joe Lieberman", Person), ("I-CT", Org), ("New York City", Place), ("Rudy Giuliani", Person)],
            &[
                "Joe Lieberman[Sen.]<Sen. Joe Lieberman>",
                "New York City",
                "Rudy Giuliani[Mayor]<Mayor Rudy Giuliani>",
            ],
        );
        check(
            "joining Iranian opposition President Maryam Rajavi at a conference",
            &[("Iranian", Other), ("Maryam Rajavi", Person)],
            &["Iranian", "Maryam Rajavi[President]<President Maryam Rajavi>"],
        );
        check(
            "Supreme Leader Ayatollah Ali Khamenei said",
            &[("Ali Khamenei", Person)],
            &["Ali Khamenei[Ayatollah,Supreme Leader]<Ayatollah Ali Khamenei>"],
        );
        check(
            "Former Revolutionary Guards (IRGC) chief Mohsen Rezaie, now",
            &[("Revolutionary Guards", Org), ("IRGC", Org), ("Mohsen Rezaie", Person)],
            &["Revolutionary Guards", "IRGC", "Mohsen Rezaie[Chief]<chief Mohsen Rezaie>"],
        );
    }

    #[test]
    fn names_after_titles_without_tagger() {
        check(
            "Mayor Giuliani described the PMOI, led by Madam Rajavi, as free.",
            &[],
            &["Giuliani[Mayor]<Mayor Giuliani>", "Rajavi[Madam]<Madam Rajavi>"],
        );
        check(
            "In another event Mullah Rouhani, the Iranian Regime’s President in a weekly",
            &[],
            &["Rouhani[Mullah,President]<Mullah Rouhani>", "Iranian"],
        );
        check(
            "Representative Beto O'Rourke said",
            &[],
            &["Beto O'Rourke[Representative]<Representative Beto O'Rourke>"],
        );
        // not names: a title before a lowercase word, a title before a function word
        check("The Mayor of Paris and the President said.", &[], &[]);
        check("Vice President of the Council", &[], &[]);
        // a title inside an organisation's name is left alone
        check(
            "King Abdullah University opened.",
            &[("King Abdullah University", Org)],
            &["King Abdullah University"],
        );
    }

    #[test]
    fn tagger_slips() {
        // a title inside a span of another type, when a name follows it
        check(
            "and Sen. Joe Lieberman (I-CT) and",
            &[("Sen. Joe Lieberman", Other)],
            &["Joe Lieberman[Sen.]<Sen. Joe Lieberman>"],
        );
        check(
            "such as National Security Advisor John Bolton and",
            &[("National Security Advisor John Bolton", Org)],
            &["John Bolton[National Security Advisor]<National Security Advisor John Bolton>"],
        );
        check("Mayor Legaret said", &[("Mayor Legaret", Other)], &["Legaret[Mayor]<Mayor Legaret>"]);
        // a name stops at a lowercase word; leading function words go
        check("The 5-Day Conference started on July 13.", &[("Conference started on July", Org)], &[]);
        check("The Trump administration said", &[("Trump administration", Org)], &["Trump"]);
        check(
            "the Trump administration’s 'maximum pressure'",
            &[("Trump administration’s 'maximum", Org)],
            &["Trump"],
        );
        check("Praise For Ashraf 3\n\nin Ashraf 3.", &[("For Ashraf", Org)], &["Ashraf 3"]);
        check("Making Sense of The MeK", &[("The MeK", Other)], &["The MeK"]);
        check(
            "A. Smith and Peter Such and El Al and Cofinec S.A. fell C$ 0.28",
            &[
                ("A. Smith", Person),
                ("Peter Such", Person),
                ("El Al", Org),
                ("Cofinec S.A.", Org),
                ("C$", Other),
            ],
            &["A. Smith", "Peter Such", "El Al", "Cofinec S.A.", "C$"],
        );
        check("Queen 's Park 1 Forfar 4 and Bergamo-based Atalanta and the Organisation for Security and Cooperation in Europe", &[("Queen 's Park", Org), ("Bergamo-based", Other), ("Organisation for Security and Cooperation in Europe", Org)], &["Queen 's Park", "Bergamo-based", "Organisation for Security and Cooperation in Europe"]);
        check("and Norwest Corp. said", &[("Norwest Corp.", Org)], &["Norwest Corp."]);
        check(
            "the Mujahedin e-Khalq and bin Laden",
            &[("Mujahedin e-Khalq", Org), ("bin Laden", Person)],
            &["Mujahedin e-Khalq", "bin Laden"],
        );
        // head nouns and `city of` say what a name is
        check("wrote The Washington Times.", &[("Washington Times", Place)], &["The Washington Times"]);
        check("the city of Ashraf 3. In Ashraf 3", &[("Ashraf 3", Org)], &["Ashraf 3", "Ashraf 3"]);
    }

    #[test]
    fn dates_function_words_and_parens() {
        check("“Of course,” he said. How Ashraf 3 won.", &[("Of", Place), ("How Ashraf", Org)], &["Ashraf"]);
        check(
            "May said no. In July 2019, on Monday, Saturday, January 5, 2019 and May God",
            &[
                ("May", Person),
                ("July", Place),
                ("Monday", Person),
                ("January 5", Person),
                ("May God", Person),
            ],
            &["May", "May God"],
        );
        check(
            "the Mujahedin e-Khalq (MeK) is",
            &[("Mujahedin e-Khalq (MeK", Other)],
            &["Mujahedin e-Khalq", "MeK"],
        );
    }

    #[test]
    fn head_kinds() {
        let lex = Lexicons::embedded();
        let text = "Expediency Council met Emily Post and the city of Gdansk.";
        let ctx = Ctx::new(text, lex);
        let tagged = tag(text, &[("Expediency Council", Person), ("Emily Post", Person), ("Gdansk", Org)]);
        let kinds: Vec<_> = from_tagged(&ctx, &tagged).iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [Some(Org), Some(Person), Some(Place)]);
        let text = "francois legaret twin city, morgan stanley and tiffany co said";
        let ctx = Ctx::new(text, lex);
        let tagged = tag(text, &[("francois legaret", Org), ("morgan stanley", Org), ("tiffany co", Org)]);
        let kinds: Vec<_> = from_tagged(&ctx, &tagged).iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [Some(Person), Some(Org), Some(Org)]);
        let text = "NEW YORK 1996-08-30\nResults of NEW YORK 3 BOSTON 2";
        let ctx = Ctx::new(text, lex);
        let kinds: Vec<_> =
            from_tagged(&ctx, &tag(text, &[("NEW YORK", Org)])).iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [Some(Place), Some(Org)]);
    }

    #[test]
    fn appositive_titles() {
        check(
            "said Jean-François Legare, the mayor of the 1st arrondissement of Paris.",
            &[("Jean-François Legare", Person), ("Paris", Place)],
            &["Jean-François Legare[Mayor]", "Paris"],
        );
        check(
            "Ilan Berman, Vice President of the Council of Foreign Relations, explained",
            &[("Ilan Berman", Person), ("Council of Foreign Relations", Org)],
            &["Ilan Berman[Vice President]", "Council of Foreign Relations"],
        );
        check(
            "John Bolton and Rudy Giuliani, the president’s personal lawyer, have",
            &[("John Bolton", Person), ("Rudy Giuliani", Person)],
            &["John Bolton", "Rudy Giuliani"],
        );
    }

    #[test]
    fn trimming_possessives_the_and_numbers() {
        check(
            "If Britain does not release Iran's tanker",
            &[("Iran's", Place), ("Britain", Place)],
            &["Britain=United Kingdom", "Iran"],
        );
        check(
            "wrote The Washington Times. The Washington Times said",
            &[("Washington Times", Org)],
            &["The Washington Times", "Washington Times"],
        );
        check(
            "home of Ashraf 3. In Ashraf 3, and Ashraf-3 is new. Paris 2 days",
            &[("Ashraf", Place), ("Ashraf 3,", Place), ("Paris", Place)],
            &["Ashraf 3", "Ashraf 3", "Ashraf-3", "Paris"],
        );
        check("“Ashraf 3,” home", &[("“Ashraf 3,”", Place)], &["Ashraf 3"]);
        check("in the U.S. and the U.S.", &[("U.S.", Place)], &["U.S.=United States", "U.S.=United States"]);
        check("PMOI/MEK members", &[("PMOI/MEK", Org)], &["PMOI", "MEK"]);
        check(
            "in Ashraf 3 - Tirana, Albania",
            &[("Ashraf 3 - Tirana", Place), ("Albania", Place)],
            &["Ashraf 3", "Tirana", "Albania"],
        );
    }

    #[test]
    fn demonyms_as_actors() {
        check(
            "I warn the British that you are. Of course, the British might have done so",
            &[("British", Other)],
            &["British=United Kingdom", "British=United Kingdom"],
        );
        check("to seize a British tanker", &[("British", Other)], &["British"]);
        check("the Iranian regime is doing all it can", &[], &["Iranian"]);
        check("the Iranian opposition and the Iranian people", &[], &["Iranian", "Iranian"]);
        check("the Americans seized it", &[], &["Americans=United States"]);
        check("when the German , hampered, and the Americans , who", &[], &["German", "Americans"]);
        check("by the Mexican and U.S. agencies", &[("U.S.", Place)], &["Mexican", "U.S.=United States"]);
        check("fell C$ 0.28 to C$ 0.45", &[("C$", Other)], &["C$", "C$"]);
        check(
            "Saturday, January 5, 2019 and May God",
            &[("January 5", Person), ("Saturday", Other), ("May God", Person)],
            &["May God"],
        );
        check(
            "NEW YORK 1996-08-30\nNICE , France 1996-08-30\nIn NICE 2",
            &[("NEW YORK", Org), ("NICE", Org)],
            &["NEW YORK", "NICE", "NICE"],
        );
        check(
            "Swiss investors pulled out and SPC decided",
            &[("Swiss", Other), ("SPC", Org)],
            &["Swiss", "SPC"],
        );
        check("the Syrians arriving in Europe", &[("Europe", Place)], &["Syrians", "Europe"]);
        check("the African-American vote and Iranian-backed militias", &[], &[]);
        check("a Russian state-financed outlet", &[], &["Russian"]);
        check("NFL AMERICAN FOOTBALL", &[], &[]);
        check("The Iraqis claimed it", &[("Iraqis", Place)], &["Iraqis"]);
        check("the Iranian Resistance met", &[("Iranian Resistance", Org)], &["Iranian Resistance"]);
        check("the Iranian Regime’s final phase", &[("Iranian Regime", Org)], &["Iranian Regime"]);
    }
}
