//! Political events, PLOVER-coded: who did what to whom, where and when, each with
//! its trigger words and its sentence as evidence.
//!
//! [`code_events`] reads every sentence (not one per paragraph, as PETRARCH did):
//!
//! 1. **Triggers** (`lexicon.rs`): words of the trigger lexicon
//!    (`data/events/plover.tsv`: verbs with their inflections and particles, nouns,
//!    phrases with gaps such as `declare * sister city`) are matched on the sentence's
//!    tokens; a sentence with no trigger word is skipped before tagging. Matches must
//!    agree with the part-of-speech tagger (`attack` the verb, `attack` the noun); a
//!    noun counts only under a light verb (`staged a strike`) or `in` (`in protest`);
//!    where matches overlap the longest wins (`lift * curfew` over `lift`). The
//!    ontology (types, quad classes, the rules below) is data too: a CAMEO pair of
//!    files loads through [`Ontology::parse`] without code changes.
//! 2. **Not every trigger is an event** (this module): a trigger under another
//!    (`threatened to cut off`, `agreed to lift`, `began a hunger strike … to
//!    protest`) belongs to it; participial adjuncts (`…, killing one person`) and
//!    purpose clauses belong to the main event; negated (`did not attack`),
//!    hypothetical (`could impose`), conditional (`if Britain does not release`),
//!    denied (`denied attacking`) acts and questions are dropped; an intended or
//!    announced act (`will visit`, `is prepared to impose martial law`, `duty to
//!    seize`) is coded as the type file's `@intent_coop` (AGREE) or
//!    `@intent_conflict` (THREATEN), a refused cooperative one as `@refuse` (REJECT);
//!    `X said Y must …` is a DEMAND of X on Y.
//! 3. **Roles** (`clause.rs`): the actor is the subject of the verb group (past
//!    time adverbials, appositions and participial phrases), the target its object or
//!    the first named entity after it in the clause; passives swap them (`was
//!    attacked by`); coordinated subjects give one event each; `I`/`we` inside a
//!    quote is the quote's speaker, `it`/`they` after `X said` is X. Each is an
//!    entity when the phrase's head is one, else free text (`a British tanker`), with
//!    a country (ISO alpha-3, from names, capitals and demonyms) and a sector (from
//!    words such as `army`, `police`, `rebels`, and the titles of a person) when the
//!    text shows them.
//! 4. **Where and when** (`when.rs`): the place named after `in`/`at`/`near` in the
//!    sentence (or its only place), else the dateline's; the date expression nearest
//!    the trigger resolved against the publication date, else none.
//! 5. **One event per occurrence**: the same type with the same actor and target in
//!    one document is one event (its first sentence is the evidence).
//!
//! `confidence` comes from how the event was found (trigger kind, whether the actor is
//! a named entity, whether the type was inferred from modality) — see [`confidence`].

mod clause;
mod lexicon;
mod when;

pub use lexicon::{Ontology, Pattern, Quad, TriggerKind, TypeInfo};

use crate::entity::{self, Lexicons};
use crate::model::{Actor, Dateline, Entity, EntityKind, EntityRef, Event, Quote, Span, Trigger};
use crate::pos::Pos;
use crate::Resources;

use clause::{Np, Sent, W};
use lexicon::{frame, Slot, GAP};

/// Code the events of a cleaned text with the embedded PLOVER ontology.
pub fn code_events(
    text: &str,
    sentences: &[Span],
    entities: &[Entity],
    quotes: &[Quote],
    published: Option<&str>,
    dateline: Option<&Dateline>,
    res: &Resources,
) -> Vec<Event> {
    code_events_with(text, sentences, entities, quotes, published, dateline, res, Ontology::embedded())
}

/// [`code_events`] with another ontology.
#[allow(clippy::too_many_arguments)]
pub fn code_events_with(
    text: &str,
    sentences: &[Span],
    entities: &[Entity],
    quotes: &[Quote],
    published: Option<&str>,
    dateline: Option<&Dateline>,
    res: &Resources,
    ont: &Ontology,
) -> Vec<Event> {
    code_events_tagged(text, sentences, entities, quotes, published, dateline, res, ont, None)
}

/// [`code_events_with`], reusing the part-of-speech tags the quote stage gave the
/// same sentences (`tags`, from [`crate::quote::attribute_tagged`]): the same events.
#[allow(clippy::too_many_arguments)]
pub fn code_events_tagged(
    text: &str,
    sentences: &[Span],
    entities: &[Entity],
    quotes: &[Quote],
    published: Option<&str>,
    dateline: Option<&Dateline>,
    res: &Resources,
    ont: &Ontology,
    tagged: Option<&crate::quote::SegmentTags>,
) -> Vec<Event> {
    let reference = published
        .and_then(crate::date::parse_date)
        .or_else(|| dateline.and_then(|d| d.date.as_deref()).and_then(crate::date::parse_date));
    let doc = Doc {
        text,
        entities,
        quotes,
        ont,
        lex: Lexicons::embedded(),
        dates: when::DateCtx::new(text, reference),
        dateline_place: dateline.and_then(|d| d.place.as_deref()).map(|p| place_ref(entities, p)),
    };
    let mut out: Vec<Event> = Vec::new();
    let mut tags = Vec::new();
    let mut buf = String::new();
    // reused from sentence to sentence: the words (their lower-case strings) and spans
    let mut w: Vec<W> = Vec::new();
    let mut spare: Vec<String> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (si, &sspan) in sentences.iter().enumerate() {
        if sspan.end > text.len() || !text.is_char_boundary(sspan.start) || !text.is_char_boundary(sspan.end)
        {
            continue;
        }
        // a quick no: is any token a trigger's first word?
        let piece = &text[sspan.range()];
        let toks = crate::quote::tok::tokenize(piece);
        let any = toks.iter().any(|t| {
            clause::lower_into(t.text(piece), &mut buf);
            !ont.starting_with(&buf).is_empty()
        });
        if !any {
            continue;
        }
        clause::words_into(text, sspan, &toks, &mut w, &mut spare);
        // tag only sentences where some trigger matches whole (not just its first word)
        let whole = (0..w.len()).any(|i| {
            ont.starting_with(&w[i].low).iter().any(|&p| {
                let pat = &ont.patterns[p as usize];
                ont.types[pat.ty].quad != Quad::None && match_at(&w, i, &pat.slots).is_some()
            })
        });
        if !whole {
            continue;
        }
        spans.clear();
        spans.extend(w.iter().map(|x| (x.start, x.end)));
        match tagged.and_then(|t| t.of(&spans)) {
            Some(t) => {
                tags.clear();
                tags.extend_from_slice(t);
            }
            None => res.pos.tag_iter(w.iter().map(|x| &text[x.start..x.end]), &mut tags),
        }
        for (x, &p) in w.iter_mut().zip(&tags) {
            x.pos = p;
        }
        let s = Sent { w: std::mem::take(&mut w) };
        for ev in doc.sentence(si, sspan, &s) {
            merge(&mut out, ev);
        }
        w = s.w;
    }
    out
}

/// One trigger match: pattern, its first and last token, and the token that carries
/// its part of speech (the verb, the noun).
#[derive(Clone, Copy, Debug)]
struct Hit {
    pat: usize,
    first: usize,
    last: usize,
    anchor: usize,
}

/// What the stage knows of the document.
struct Doc<'a> {
    text: &'a str,
    entities: &'a [Entity],
    quotes: &'a [Quote],
    ont: &'a Ontology,
    lex: &'a Lexicons,
    dates: when::DateCtx,
    dateline_place: Option<EntityRef>,
}

/// An event being coded, before dedup.
struct Draft {
    ty: usize,
    hit: Hit,
    /// The verb whose clause gives the roles: the trigger's own, or the light verb
    /// of a noun trigger (`staged` of `a hunger strike`).
    head: usize,
    /// How the type was reached: inferred from modality (`will`, `ready to`).
    inferred: bool,
    in_quote: bool,
}

fn barrier(w: &W) -> bool {
    w.punct && matches!(w.low.as_str(), "," | ";" | ":" | "." | "?" | "!" | "(" | ")" | "“" | "”" | "\"")
}

impl Doc<'_> {
    fn title_like(&self, low: &str) -> bool {
        self.lex.title(low).is_some() || self.ont.sector(low).is_some()
    }

    /// All matches of the lexicon in a sentence, part of speech checked, overlaps
    /// resolved (more words first, contiguous before gapped, then earlier).
    fn hits(&self, s: &Sent) -> Vec<Hit> {
        let w = &s.w;
        let mut hits = Vec::new();
        for i in 0..w.len() {
            if w[i].punct {
                continue;
            }
            for &p in self.ont.starting_with(&w[i].low) {
                let pat = &self.ont.patterns[p as usize];
                let Some(last) = match_at(w, i, &pat.slots) else { continue };
                let anchor = match pat.kind {
                    TriggerKind::Noun | TriggerKind::StandaloneNoun => last,
                    _ => i,
                };
                let a = &w[anchor];
                let ok = match pat.kind {
                    TriggerKind::Verb if pat.words == 1 => a.pos.is_verb(),
                    TriggerKind::Verb => {
                        a.pos.is_verb() || matches!(a.pos, Pos::Noun | Pos::Nouns | Pos::Adj)
                    }
                    TriggerKind::Noun | TriggerKind::StandaloneNoun => {
                        a.pos.is_noun() || (a.pos == Pos::Adj && pat.words > 1)
                    }
                    TriggerKind::Phrase => true,
                    TriggerKind::Modal => a.pos == Pos::Md,
                };
                if ok {
                    hits.push(Hit { pat: p as usize, first: i, last, anchor });
                }
            }
        }
        // more words first; of as many, a contiguous phrase (`hunger strike`) before one
        // with a gap (`stage * strike`)
        hits.sort_by_key(|h| {
            let p = &self.ont.patterns[h.pat];
            (std::cmp::Reverse(p.words), p.slots.contains(&Slot::Gap), h.first, h.pat)
        });
        let mut kept: Vec<Hit> = Vec::new();
        for h in hits {
            if kept.iter().all(|k| h.last < k.first || h.first > k.last) {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| h.first);
        kept
    }

    /// The light verb that licenses a noun trigger starting at token `first`, or `in`.
    fn licensor(&self, s: &Sent, first: usize) -> Option<usize> {
        let w = &s.w;
        let mut k = first;
        for _ in 0..5 {
            k = k.checked_sub(1)?;
            if barrier(&w[k]) {
                return None;
            }
            if w[k].low == "in" && k + 1 == first && !w[first].cap {
                return Some(k);
            }
            if w[k].pos.is_verb() && self.ont.frame(&w[k].low) & frame::LIGHT != 0 {
                return Some(k);
            }
            if w[k].pos.is_verb() {
                return None;
            }
        }
        None
    }

    fn sentence(&self, si: usize, sspan: Span, s: &Sent) -> Vec<Event> {
        let w = &s.w;
        let mut out = Vec::new();
        if w.iter()
            .rev()
            .find(|x| !matches!(x.low.as_str(), "”" | "\"" | "'" | ")"))
            .is_some_and(|x| x.low == "?")
        {
            return out; // a question
        }
        let hits = self.hits(s);
        let mut drafts: Vec<Draft> = Vec::new();
        // token ranges of triggers dropped as another's complement, with their objects:
        // what is inside belongs to the same event (`to demand the return of property`)
        let mut covered: Vec<(usize, usize)> = Vec::new();
        for h in hits {
            let pat = &self.ont.patterns[h.pat];
            let quad = self.ont.types[pat.ty].quad;
            if covered.iter().any(|&(a, b)| a <= h.first && h.first <= b) || quad == Quad::None {
                continue;
            }
            // a noun before another noun only modifies it (`riot police`)
            if matches!(pat.kind, TriggerKind::Noun | TriggerKind::StandaloneNoun)
                && w.get(h.last + 1).is_some_and(|x| matches!(x.pos, Pos::Noun | Pos::Nouns) && !x.cap)
            {
                continue;
            }
            // what a statement says is its content, not an act (`demanded that Israel
            // ease restrictions`, `accused them of violating`)
            let content = drafts.iter().any(|d| {
                let q = self.ont.types[d.ty].quad;
                matches!(q, Quad::VerbalConflict | Quad::VerbalCoop)
                    && w[d.hit.last + 1..h.first].iter().any(|x| x.low == "that")
            });
            if content {
                covered.push((h.first, h.last + 5));
                continue;
            }
            let in_quote = self.quote_at(w[h.first].start).is_some();
            // a noun needs its light verb, and is no event of its own as another
            // trigger's object (`demanded the withdrawal`)
            let mut head = h.first;
            if matches!(pat.kind, TriggerKind::Noun | TriggerKind::StandaloneNoun) {
                let l = self.licensor(s, h.first);
                if l.is_none() && pat.kind == TriggerKind::Noun {
                    continue;
                }
                if let Some(l) = l {
                    if drafts.iter().any(|d| d.hit.first <= l && l <= d.hit.last + 4) {
                        continue;
                    }
                    if w[l].low != "in" {
                        head = l;
                    }
                }
            }
            if (matches!(pat.kind, TriggerKind::Noun | TriggerKind::StandaloneNoun)
                || w[h.anchor].pos.is_noun())
                && drafts.iter().any(|d| d.hit.last < h.first && h.first <= d.hit.last + 5)
            {
                continue;
            }
            if pat.kind == TriggerKind::Verb
                && w[h.anchor].pos.is_noun()
                && h.anchor > 0
                && w[h.anchor - 1].pos == Pos::Det
            {
                continue;
            }
            if pat.kind == TriggerKind::Modal {
                if let Some(ev) = self.demand(si, sspan, s, h) {
                    out.push(ev);
                }
                continue;
            }
            let vg = clause::verb_group_start(s, head);
            let group = &w[vg..head];
            let mut neg =
                group.iter().any(|x| self.ont.frame(&x.low) & frame::NEG != 0 || x.low.ends_with("n't"));
            let mut future = group.iter().any(|x| self.ont.frame(&x.low) & frame::FUTURE != 0);
            let mut hypo =
                group.iter().any(|x| x.pos == Pos::Md && self.ont.frame(&x.low) & frame::HYPO != 0);
            let infinitive = group.iter().any(|x| x.low == "to");
            let mut intent = false;
            // `to` ties the trigger to what governs it
            if infinitive && vg > 0 {
                let g = vg - 1;
                if drafts.iter().any(|d| d.hit.first <= g && g <= d.hit.last + 6)
                    || self.governed_by_earlier(&drafts, g)
                {
                    self.complement(&mut drafts, g, quad);
                    covered.push((h.first, h.last + 5));
                    continue;
                }
                let f = self.ont.frame(&w[g].low);
                if f & frame::INTENT != 0 {
                    intent = true;
                    let vg2 = clause::verb_group_start(s, g);
                    let g2 = &w[vg2..g];
                    neg |=
                        g2.iter().any(|x| self.ont.frame(&x.low) & frame::NEG != 0 || x.low.ends_with("n't"));
                    future |= g2.iter().any(|x| self.ont.frame(&x.low) & frame::FUTURE != 0);
                    hypo |= g2.iter().any(|x| x.pos == Pos::Md && self.ont.frame(&x.low) & frame::HYPO != 0);
                } else if f & frame::ATTEMPT == 0 && !w[g].pos.is_verb() && !drafts.is_empty() {
                    // a purpose clause of the event before (`… on Monday to protest`)
                    covered.push((h.first, h.last + 5));
                    continue;
                }
            }
            // a participial adjunct (`…, killing one person`, `demonstrated … calling
            // for independence`) or a gerund after a preposition (`accused … of
            // violating`) belongs to the event before it
            if w[h.anchor].pos == Pos::Vbg && h.anchor == head && head > 0 && w[head - 1].pos == Pos::Adp {
                continue;
            }
            if w[h.anchor].pos == Pos::Vbg && !drafts.is_empty() {
                let aux = vg < head
                    && w[vg..head]
                        .iter()
                        .any(|x| matches!(x.low.as_str(), "is" | "are" | "was" | "were" | "been" | "be"));
                if !aux {
                    continue;
                }
            }
            // `the banned Movement …`: a participle used as an adjective
            if matches!(w[h.anchor].pos, Pos::Vbn | Pos::Vbd)
                && pat.kind == TriggerKind::Verb
                && h.anchor > 0
                && matches!(w[h.anchor - 1].pos, Pos::Det | Pos::Adj)
            {
                continue;
            }
            // a relative clause (`whom they had taken hostage`) after the main event
            // is background to it
            let clause_start = (0..vg).rev().find(|&k| barrier(&w[k])).map_or(0, |k| k + 1);
            if !drafts.is_empty()
                && w[clause_start..vg]
                    .iter()
                    .any(|x| matches!(x.low.as_str(), "who" | "whom" | "which" | "whose"))
            {
                continue;
            }
            // a reduced relative (`property seized by government forces`) after the
            // main event is background to it; without an agent it is no event at all
            // (`a statement released after the attack`)
            let object_follows = w.get(h.last + 1).is_some_and(|x| {
                clause::np_word(x) && !clause::is_time(x) || matches!(x.pos, Pos::Det | Pos::Num)
            });
            let by_follows = w.get(h.last + 1).is_some_and(|x| x.low == "by")
                || w.get(h.last + 2).is_some_and(|x| x.low == "by" && w[h.last + 1].pos == Pos::Adv);
            if w[h.anchor].pos == Pos::Vbn
                && h.anchor == head
                && head > 0
                && w[head - 1].pos.is_noun()
                && (!drafts.is_empty() || !by_follows && !object_follows)
            {
                continue;
            }
            // `denied attacking`
            if vg > 0 && self.ont.frame(&w[vg - 1].low) & frame::DENY != 0 {
                continue;
            }
            // `if Britain does not release …`
            if w[clause_start..vg].iter().any(|x| matches!(x.low.as_str(), "if" | "unless" | "whether")) {
                continue;
            }
            if hypo {
                continue;
            }
            let mut ty = pat.ty;
            let mut inferred = false;
            if neg {
                match (future || intent, quad.cooperative(), self.ont.refuse) {
                    (true, true, Some(r)) => {
                        ty = r;
                        inferred = true;
                    }
                    _ => continue,
                }
            } else if future || intent {
                let to = match quad {
                    Quad::VerbalCoop | Quad::MaterialCoop => self.ont.intent_coop,
                    Quad::MaterialConflict => self.ont.intent_conflict,
                    Quad::VerbalConflict | Quad::None => None,
                };
                if let Some(t) = to {
                    inferred |= t != ty;
                    ty = t;
                }
            }
            drafts.push(Draft { ty, hit: h, head, inferred, in_quote });
        }
        for d in &drafts {
            out.extend(self.roles(si, sspan, s, d));
        }
        out
    }

    /// Is token `g` inside the object window of an earlier draft (`efforts … to
    /// overthrow`)?
    fn governed_by_earlier(&self, drafts: &[Draft], g: usize) -> bool {
        drafts.last().is_some_and(|d| d.hit.last < g && g <= d.hit.last + 3)
    }

    /// A trigger under the draft that governs token `g`: an intended conflictual act
    /// under a promise (`vowed to retaliate`) makes it a threat.
    fn complement(&self, drafts: &mut [Draft], g: usize, quad: Quad) {
        let Some(d) = drafts.iter_mut().rev().find(|d| d.hit.first <= g) else { return };
        if quad == Quad::MaterialConflict && Some(d.ty) == self.ont.intent_coop {
            if let Some(t) = self.ont.intent_conflict {
                d.ty = t;
                d.inferred = true;
            }
        }
    }

    /// The quote whose content holds byte `at`.
    fn quote_at(&self, at: usize) -> Option<&Quote> {
        self.quotes.iter().find(|q| {
            if q.parts.is_empty() {
                q.start <= at && at < q.end
            } else {
                q.parts.iter().any(|p| p.start <= at && at < p.end)
            }
        })
    }

    /// `X said Y must …`: a DEMAND of the speaker (or the reporting subject) on Y.
    fn demand(&self, si: usize, sspan: Span, s: &Sent, h: Hit) -> Option<Event> {
        let w = &s.w;
        let title = |x: &str| self.title_like(x);
        let target_np = clause::subject(s, clause::verb_group_start(s, h.first), &title)?;
        if target_np.a == target_np.b && clause::is_pronoun(&w[target_np.a]) {
            return None; // `we must …` is no demand on anyone named
        }
        let actor = if let Some(q) = self.quote_at(w[h.first].start) {
            q.speaker.as_ref().map(|sp| self.actor_from_speaker(sp))
        } else {
            let r = (0..target_np.a)
                .rev()
                .find(|&k| w[k].pos.is_verb() && self.ont.frame(&w[k].low) & frame::REPORT != 0)?;
            let np = clause::subject(s, clause::verb_group_start(s, r), &title)?;
            self.actors(s, &np, r).into_iter().next()
        }?;
        let target = self.actors(s, &target_np, h.first).into_iter().next();
        let verb = (h.first + 1..w.len().min(h.first + 4)).find(|&k| w[k].pos.is_verb()).unwrap_or(h.first);
        let trig = Span::new(w[h.first].start, w[verb].end);
        let ty = self.ont.patterns[h.pat].ty;
        Some(self.event(si, sspan, s, ty, None, trig, Some(actor), target, 0.5, h.first))
    }

    fn actor_from_speaker(&self, sp: &EntityRef) -> Actor {
        let ent = sp.entity.as_deref().and_then(|id| self.entities.iter().find(|e| e.id == id));
        let mut a = Actor {
            entity: sp.entity.clone(),
            name: sp.name.clone(),
            span: None,
            country: None,
            sector: None,
        };
        if let Some(e) = ent {
            a.country = self.entity_country(e);
            a.sector = self.entity_sector(e);
        }
        a
    }

    /// The events of one draft: roles, place, date, confidence.
    fn roles(&self, si: usize, sspan: Span, s: &Sent, d: &Draft) -> Vec<Event> {
        let w = &s.w;
        let title = |x: &str| self.title_like(x);
        let h = d.hit;
        let pat = &self.ont.patterns[h.pat];
        let vg = clause::verb_group_start(s, d.head);
        let end = clause::clause_end(s, h.last);
        // the subject of the governing verb when the trigger is its complement
        let mut subj_vg = vg;
        if vg > 0 && w[vg..d.head].iter().any(|x| x.low == "to") {
            // the governing word, or for a purpose clause (`gathered in Ashraf 3 to
            // support`) the nearest verb before it in the clause
            let g = (0..vg).rev().take_while(|&k| !barrier(&w[k])).find(|&k| {
                w[k].pos.is_verb() || k + 1 == vg && self.ont.frame(&w[k].low) & frame::INTENT != 0
            });
            subj_vg = clause::verb_group_start(s, g.unwrap_or(vg - 1));
        }
        let passive = clause::passive(s, vg, h.anchor);
        // a gapped trigger's object is often inside the gap (`described the PMOI as
        // freedom fighters`)
        let gapped = pat.slots.contains(&Slot::Gap) && pat.kind == TriggerKind::Verb;
        let obj_from = if gapped { h.first } else { h.last };
        let (actor_np, target_np) = if passive {
            (clause::by_agent(s, h.last, end), clause::subject(s, subj_vg, &title))
        } else {
            (clause::subject(s, subj_vg, &title), clause::object(s, obj_from, end))
        };
        let mut actors = match &actor_np {
            Some(np) => self.actors(s, np, h.first),
            None => Vec::new(),
        };
        // in a quote, an actor that names no one (`it is the authorities' duty to
        // seize …`) gives way to the speaker
        let direct =
            self.quote_at(w[h.first].start).is_some_and(|q| q.kind == crate::model::QuoteKind::Direct);
        if direct && actors.iter().all(|a| a.entity.is_none() && a.country.is_none()) {
            actors.clear();
        }
        if actors.is_empty() && d.in_quote {
            if let Some(sp) = self.quote_at(w[h.first].start).and_then(|q| q.speaker.as_ref()) {
                actors.push(self.actor_from_speaker(sp));
            }
        }
        // `demanded that the United States …`: the subject of the `that` clause
        let target_np = target_np.or_else(|| {
            if passive {
                return None;
            }
            let k = (obj_from + 1..end.min(w.len())).find(|&k| !clause::is_time(&w[k]))?;
            (k < w.len() && w[k].low == "that").then(|| clause::subject_after(s, k + 1, &title)).flatten()
        });
        // `against X` names the target (`rallies in Gaza against Mahmoud Abbas`)
        let against = (h.last + 1..end)
            .find(|&k| w[k].low == "against")
            .and_then(|k| clause::np_starting_at(s, k + 1).or_else(|| clause::object(s, k, end)));
        let conflict = self.ont.types[d.ty].quad == Quad::MaterialConflict;
        let target_np = if passive || !conflict { target_np } else { against.or(target_np) };
        let mut target = target_np.as_ref().and_then(|np| {
            let t = self.actors(s, np, h.last).into_iter().next()?;
            // an object that names no one and nothing (`electricity`, `military aid`)
            // gives way to the first entity of the clause
            let head_low = np.heads.first().map_or("", |&k| w[k].low.as_str());
            let named = t.entity.is_some() || t.country.is_some() || self.ont.sector(head_low).is_some();
            Some((t, named))
        });
        if !target.as_ref().is_some_and(|(_, named)| *named) {
            if let Some(t) = self.first_entity(s, h.last + 1, end, &actors) {
                target = Some((t, true));
            }
        }
        let mut target = target.map(|(t, _)| t);
        if let (Some(t), Some(a)) = (&target, actors.first()) {
            if t.entity.is_some() && t.entity == a.entity || t.name == a.name {
                target = None;
            }
        }
        let trig = Span::new(w[h.first].start, w[h.last].end);
        let conf = confidence(
            pat,
            !actors.is_empty(),
            actors.first().is_some_and(|a| a.entity.is_some()),
            target.is_some(),
            d.inferred,
            d.in_quote,
        );
        if actors.is_empty() && (target.is_none() || !passive) {
            // no one does anything to anyone; an active verb whose subject was not
            // found is more often a misreading than an event with an unknown actor
            return Vec::new();
        }
        // `a fire killed five girls`: no political event
        if let Some(np) = &actor_np {
            if np.heads.iter().any(|&k| self.ont.frame(&w[k].low) & frame::CAUSE != 0) {
                return Vec::new();
            }
        }
        // `Trump attacked the ideology`: a person without an armed sector attacking
        // no place and no armed group attacks in words
        let mut ty = d.ty;
        if self.ont.frame(&w[h.anchor].low) & frame::VERBAL != 0
            || self.ont.frame(&stem(&w[h.anchor].low)) & frame::VERBAL != 0
        {
            let armed = |a: &Actor| matches!(a.sector.as_deref(), Some("MIL" | "REB" | "COP" | "SPY"));
            let person = actors.first().is_some_and(|a| {
                !armed(a)
                    && a.entity.as_deref().is_some_and(|id| {
                        self.entities.iter().any(|e| e.id == id && e.kind == EntityKind::Person)
                    })
            });
            let physical = target.as_ref().is_some_and(|t| {
                armed(t)
                    || t.entity.as_deref().is_some_and(|id| {
                        self.entities.iter().any(|e| e.id == id && e.kind == EntityKind::Place)
                    })
            });
            if person && !physical {
                if let Some(v) = self.ont.verbal {
                    ty = v;
                }
            }
        }
        let mode = if ty == d.ty { pat.mode.clone() } else { None };
        if actors.is_empty() {
            return vec![self.event(si, sspan, s, ty, mode, trig, None, target, conf, h.first)];
        }
        actors
            .into_iter()
            .take(3)
            .map(|a| self.event(si, sspan, s, ty, mode.clone(), trig, Some(a), target.clone(), conf, h.first))
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &self,
        si: usize,
        sspan: Span,
        s: &Sent,
        ty: usize,
        mode: Option<String>,
        trig: Span,
        actor: Option<Actor>,
        target: Option<Actor>,
        confidence: f32,
        at_tok: usize,
    ) -> Event {
        let sentence = &self.text[sspan.range()];
        let exclude: Vec<Span> = actor.iter().chain(target.iter()).filter_map(|a| a.span).collect();
        let place = self.place(s, at_tok, &exclude).or_else(|| self.dateline_place.clone());
        Event {
            kind: self.ont.types[ty].name.clone(),
            actor,
            target,
            date: when::date_near(sentence, trig.start - sspan.start, &self.dates),
            place,
            sentence: si,
            evidence: sentence.to_string(),
            confidence,
            quad: Some(self.ont.types[ty].quad.name().to_string()),
            mode,
            trigger: Some(Trigger {
                start: trig.start,
                end: trig.end,
                text: self.text[trig.range()].to_string(),
            }),
        }
    }

    /// Actors named by a noun phrase: one per coordinated part, resolved to entities.
    /// A pronoun is resolved (`I`/`we` in a quote → its speaker; `it`/`they` after
    /// `X said` → X; else the nearest fitting entity before).
    fn actors(&self, s: &Sent, np: &Np, at_tok: usize) -> Vec<Actor> {
        let w = &s.w;
        if np.a == np.b && clause::is_pronoun(&w[np.a]) {
            return self.pronoun(s, np.a, at_tok).into_iter().collect();
        }
        let mut out = Vec::new();
        for (&(a, b), &head) in np.parts.iter().zip(&np.heads) {
            if let Some(x) = self.actor_of(s, a, b, head) {
                out.push(x);
            }
        }
        out
    }

    fn pronoun(&self, s: &Sent, i: usize, at_tok: usize) -> Option<Actor> {
        let w = &s.w;
        let low = w[i].low.as_str();
        let q = self.quote_at(w[at_tok].start);
        if matches!(low, "i" | "we") {
            return q.and_then(|q| q.speaker.as_ref()).map(|sp| self.actor_from_speaker(sp));
        }
        if low == "you" {
            return None;
        }
        // `Hungary has said it will …`
        let title = |x: &str| self.title_like(x);
        if let Some(r) =
            (0..i).rev().find(|&k| w[k].pos.is_verb() && self.ont.frame(&w[k].low) & frame::REPORT != 0)
        {
            if let Some(np) = clause::subject(s, clause::verb_group_start(s, r), &title) {
                if !(np.a == np.b && clause::is_pronoun(&w[np.a])) {
                    if let Some(a) = self.actors(s, &np, r).into_iter().next() {
                        return Some(a);
                    }
                }
            }
        }
        if let Some(sp) = q.and_then(|q| q.speaker.as_ref()) {
            if matches!(low, "he" | "she") {
                return Some(self.actor_from_speaker(sp));
            }
        }
        // the nearest fitting entity mentioned before, within a few hundred bytes
        let at = w[i].start;
        let person = matches!(low, "he" | "she");
        let mut best: Option<(usize, &Entity)> = None;
        for e in self.entities {
            let fits = if person {
                e.kind == EntityKind::Person
            } else {
                e.kind != EntityKind::Person && e.kind != EntityKind::Other
            };
            if !fits {
                continue;
            }
            for m in e.mentions.iter().filter(|m| m.end <= at && at - m.end < 400) {
                if best.is_none_or(|(b, _)| m.end > b) {
                    best = Some((m.end, e));
                }
            }
        }
        best.map(|(_, e)| Actor {
            entity: Some(e.id.clone()),
            name: e.name.clone(),
            span: None,
            country: self.entity_country(e),
            sector: self.entity_sector(e),
        })
    }

    /// The actor named by tokens `a..=b`: the entity whose mention holds the phrase's
    /// last word (its head), else the phrase as free text.
    fn actor_of(&self, s: &Sent, a: usize, b: usize, head_tok: usize) -> Option<Actor> {
        let w = &s.w;
        let mut a = a;
        while a < b && (w[a].pos == Pos::Det || w[a].punct) {
            a += 1;
        }
        let span = Span::new(w[a].start, w[b].end);
        let head = Span::new(w[head_tok].start, w[head_tok].end);
        let words: Vec<&str> = w[a..=b].iter().map(|x| x.low.as_str()).collect();
        let country = self.words_country(&words);
        let sector = self.words_sector(&words);
        if let Some(e) = entity::entity_at(self.entities, head)
            .filter(|e| e.mentions.iter().any(|m| m.start <= head.start && head.end <= m.end))
        {
            // a nationality or place that only modifies a common noun is no actor of
            // its own: `Egyptian police`, `the Iranian regime`
            return Some(Actor {
                entity: Some(e.id.clone()),
                name: e.name.clone(),
                span: Some(span),
                country: self.entity_country(e).or(country),
                sector: self.entity_sector(e).or(sector),
            });
        }
        // `IRGC forces`, `Hezbollah guerrillas`: a group noun after an organisation
        // or person is that organisation acting
        if sector.is_some() {
            let named = self
                .entities
                .iter()
                .filter(|e| matches!(e.kind, EntityKind::Org | EntityKind::Person))
                .find(|e| e.mentions.iter().any(|m| span.start <= m.start && m.end <= head.start));
            if let Some(e) = named {
                return Some(Actor {
                    entity: Some(e.id.clone()),
                    name: e.name.clone(),
                    span: Some(span),
                    country: self.entity_country(e).or(country),
                    sector: self.entity_sector(e).or(sector),
                });
            }
        }
        // a long phrase is named by its head part (`the Turkish and Greek sides of
        // the divided island of Cyprus` → `Turkish and Greek sides`)
        let b = if b - a >= 8 { head_tok.max(a) } else { b };
        let span = Span::new(w[a].start, w[b].end);
        let name = self.text[span.range()].trim_matches(|c: char| !c.is_alphanumeric()).to_string();
        if name.is_empty() || b - a > 12 {
            return None;
        }
        // a phrase of common words with no name, country or sector in it is rarely an
        // actor (`the move`, `electricity`) but may be a target (`an oil tanker`)
        Some(Actor { entity: None, name, span: Some(span), country, sector })
    }

    /// The first named entity between tokens `from` and `end`, as a target.
    fn first_entity(&self, s: &Sent, from: usize, end: usize, actors: &[Actor]) -> Option<Actor> {
        let w = &s.w;
        if from >= end {
            return None;
        }
        let (lo, hi) = (w[from].start, w[end - 1].end);
        let mut best: Option<(usize, usize, &Entity)> = None;
        for e in self.entities {
            if actors.iter().any(|a| a.entity.as_deref() == Some(e.id.as_str())) {
                continue;
            }
            for m in e.mentions.iter().filter(|m| lo <= m.start && m.end <= hi) {
                if best.is_none_or(|(b, _, _)| m.start < b) {
                    best = Some((m.start, m.end, e));
                }
            }
        }
        let (ms, me, e) = best?;
        // the phrase the name stands in: `Iraqi towns`, `Palestinian detainees`
        let k0 = (from..end).find(|&k| w[k].start >= ms)?;
        let mut k1 = (k0..end).take_while(|&k| w[k].end <= me).last().unwrap_or(k0);
        let modifier = e.kind == EntityKind::Other || e.kind == EntityKind::Place;
        if modifier {
            while k1 + 1 < end && matches!(w[k1 + 1].pos, Pos::Noun | Pos::Nouns) && !w[k1 + 1].cap {
                k1 += 1;
            }
        }
        if k1 > k0 && w[k1].end > me {
            return self.actor_of(s, k0, k1, clause::head_of(s, k0, k1));
        }
        Some(Actor {
            entity: Some(e.id.clone()),
            name: e.name.clone(),
            span: Some(Span::new(ms, me)),
            country: self.entity_country(e),
            sector: self.entity_sector(e),
        })
    }

    fn entity_country(&self, e: &Entity) -> Option<String> {
        let by_name = |n: &str| -> Option<String> {
            if let Some(c) = self.ont.country(n) {
                return Some(c.to_string());
            }
            let k = n.to_lowercase();
            let d = self.lex.demonym(&k).first()?;
            self.ont.country(&d.place).map(str::to_string)
        };
        match e.kind {
            EntityKind::Place | EntityKind::Other => {
                std::iter::once(&e.name).chain(&e.aliases).find_map(|n| by_name(n))
            }
            _ => None,
        }
    }

    fn entity_sector(&self, e: &Entity) -> Option<String> {
        for t in &e.titles {
            if let Some(s) = self.ont.sector(&t.to_lowercase()) {
                return Some(s.to_string());
            }
        }
        if e.kind == EntityKind::Org {
            let words: Vec<String> = e.name.split_whitespace().map(str::to_lowercase).collect();
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            return self.words_sector(&refs);
        }
        None
    }

    /// The country the words of a phrase show: a country name or capital, a demonym
    /// (`Iranian`), a possessive (`Iran's`); two-word forms first (`South Korean`).
    fn words_country(&self, words: &[&str]) -> Option<String> {
        for n in [3, 2, 1] {
            for win in words.windows(n) {
                let mut k = win.join(" ");
                if let Some(x) = k.strip_suffix("'s") {
                    k = x.to_string();
                }
                if let Some(c) = self.ont.country(&k) {
                    return Some(c.to_string());
                }
                if let Some(d) = self.lex.demonym(&k).first() {
                    if let Some(c) = self.ont.country(&d.place) {
                        return Some(c.to_string());
                    }
                }
            }
        }
        None
    }

    /// The sector the words of a phrase show, the word nearest its end first.
    fn words_sector(&self, words: &[&str]) -> Option<String> {
        for i in (0..words.len()).rev() {
            if i > 0 {
                if let Some(s) = self.ont.sector(&format!("{} {}", words[i - 1], words[i])) {
                    return Some(s.to_string());
                }
            }
            if let Some(s) = self.ont.sector(words[i]) {
                return Some(s.to_string());
            }
        }
        None
    }

    /// The place of an event at token `at`: a PLACE named after `in`/`at`/`near` in
    /// the trigger's clause (nearest the trigger), else the clause's only place that
    /// is not an actor or target.
    fn place(&self, s: &Sent, at: usize, exclude: &[Span]) -> Option<EntityRef> {
        let w = &s.w;
        // the trigger's clause: from the barrier before it to the clause's end
        let from = (0..at).rev().find(|&k| barrier(&w[k])).map_or(0, |k| k + 1);
        let to = clause::clause_end(s, at);
        let (lo, hi) = (w.get(from)?.start, w.get(to.checked_sub(1)?)?.end);
        let trig = w[at].start;
        let mut after_prep: Option<(usize, &Entity)> = None;
        let mut others: Vec<&Entity> = Vec::new();
        for e in self.entities.iter().filter(|e| e.kind == EntityKind::Place) {
            for m in e.mentions.iter().filter(|m| lo <= m.start && m.end <= hi) {
                let ms = Span::new(m.start, m.end);
                if exclude.iter().any(|x| x.overlaps(ms)) {
                    continue;
                }
                let k = w.iter().position(|x| x.start >= m.start).unwrap_or(0);
                let prep = (k.saturating_sub(4)..k).rev().take_while(|&j| !barrier(&w[j])).any(|j| {
                    matches!(
                        w[j].low.as_str(),
                        "in" | "at" | "near" | "outside" | "inside" | "across" | "into"
                    )
                });
                if prep {
                    let dist = m.start.abs_diff(trig);
                    if after_prep.is_none_or(|(d, _)| dist < d) {
                        after_prep = Some((dist, e));
                    }
                } else if !others.iter().any(|o| o.id == e.id) {
                    others.push(e);
                }
            }
        }
        let e = after_prep.map(|(_, e)| e).or_else(|| (others.len() == 1).then(|| others[0]))?;
        Some(EntityRef { entity: Some(e.id.clone()), name: e.name.clone() })
    }
}

/// The entity a dateline's place names, or the place as free text.
fn place_ref(entities: &[Entity], place: &str) -> EntityRef {
    let first = place.split(',').next().unwrap_or(place).trim();
    let e = entities.iter().find(|e| {
        e.kind == EntityKind::Place
            && (e.name.eq_ignore_ascii_case(first) || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(first)))
    });
    match e {
        Some(e) => EntityRef { entity: Some(e.id.clone()), name: e.name.clone() },
        None => EntityRef { entity: None, name: first.to_string() },
    }
}

/// A verb form's lemma guess for the frame look-up (`attacked` → `attack`).
fn stem(w: &str) -> String {
    for suf in ["ing", "ed", "s"] {
        if let Some(x) = w.strip_suffix(suf) {
            if x.len() >= 3 {
                return x.to_string();
            }
        }
    }
    w.to_string()
}

/// Match a pattern's slots at token `i` (its first word already matched): the index
/// of the last matched token.
fn match_at(w: &[W], i: usize, slots: &[Slot]) -> Option<usize> {
    let mut j = i;
    let mut gap = false;
    for slot in &slots[1..] {
        match slot {
            Slot::Gap => gap = true,
            Slot::Word(forms) => {
                let reach = if gap { GAP + 1 } else { 1 };
                let mut found = None;
                for (k, x) in w.iter().enumerate().take((j + 1 + reach).min(w.len())).skip(j + 1) {
                    if barrier(x)
                        || gap && matches!(x.low.as_str(), "that" | "which" | "who" | "because" | "but")
                    {
                        break;
                    }
                    if forms.contains(&x.low) {
                        found = Some(k);
                        break;
                    }
                }
                j = found?;
                gap = false;
            }
        }
    }
    Some(j)
}

/// How sure an event is, from how it was found: the trigger's kind and length, a
/// named actor, a target, a type inferred from modality, a quote. The weights are
/// set so that, on the PLOVER development records, each band's share of
/// right types is close to its value (see the data README for the table).
pub fn confidence(
    pat: &Pattern,
    actor: bool,
    named_actor: bool,
    target: bool,
    inferred: bool,
    in_quote: bool,
) -> f32 {
    let mut c: f32 = match pat.kind {
        TriggerKind::Verb if pat.words > 1 => 0.75,
        TriggerKind::Verb => 0.6,
        TriggerKind::Phrase => 0.7,
        TriggerKind::StandaloneNoun => 0.6,
        TriggerKind::Noun => 0.55,
        TriggerKind::Modal => 0.5,
    };
    if named_actor {
        c += 0.1;
    } else if !actor {
        c -= 0.15;
    }
    if target {
        c += 0.05;
    }
    if inferred {
        c -= 0.1;
    }
    if in_quote {
        c -= 0.05;
    }
    c.clamp(0.05, 0.95)
}

/// Add an event unless the document already has it (same type, actor and target):
/// one event per occurrence, not per mention.
fn merge(out: &mut Vec<Event>, ev: Event) {
    let key = |a: &Option<Actor>| -> String {
        match a {
            Some(Actor { entity: Some(id), .. }) => id.clone(),
            Some(a) => a.name.to_lowercase(),
            None => String::new(),
        }
    };
    let (ka, kt) = (key(&ev.actor), key(&ev.target));
    let trig = ev.trigger.as_ref().map(|t| t.text.to_lowercase());
    if let Some(old) = out.iter_mut().find(|o| {
        o.kind == ev.kind
            && key(&o.actor) == ka
            && key(&o.target) == kt
            && (!ka.is_empty() || o.trigger.as_ref().map(|t| t.text.to_lowercase()) == trig)
    }) {
        old.confidence = old.confidence.max(ev.confidence);
        if old.date.is_none() {
            old.date = ev.date;
        }
        return;
    }
    out.push(ev);
}

#[cfg(test)]
mod tests;
