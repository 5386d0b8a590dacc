//! Named entities: PERSON, ORG, PLACE, OTHER, each with all its mentions.
//!
//! [`recognise`] runs the statistical tagger ([`crate::ner`]) and hands its spans to
//! [`assemble`], which turns tagged spans into document entities:
//!
//! 1. **Mentions** (`mention.rs`): spans are trimmed (punctuation, possessive
//!    `Iran's` → `Iran`); titles are stripped into `titles` whether the tagger
//!    included them (`Mayor Rudy Giuliani`) or not (`former New York City Mayor Rudy
//!    Giuliani`, `Sen. Joe Lieberman`), and read from appositives (`Jean-François
//!    Legare, the mayor of …`); a capitalised title that marks a name finds names the
//!    tagger missed (`Mayor Legaret`, `Madam Rajavi`); `The` joins outlet names
//!    inside a sentence (`The Washington Times`); `Ashraf 3` stays whole when the
//!    text writes it so twice; demonyms used as nouns that name an actor become
//!    the place (`the British might …` → United Kingdom), others stay OTHER
//!    nationality entities as CoNLL tags them (`Iranian opposition`, `the Iranian
//!    regime`; [`nationality_place`] gives their country).
//! 2. **Acronyms** (`acronym.rs`): `Name (ACR)`, `(PMOI  MEK)`, `PMOI/MEK`, and
//!    acronyms equal to the initials of an organisation named in the text.
//! 3. **Merging** (`cluster.rs`), with evidence only: same name (case and accents
//!    folded); surname or first name of exactly one full name (an ambiguous surname
//!    goes to the nearest full name before it, or stays apart: two Smiths stay
//!    two); acronym links; spelling variants one edit apart that share a title or a
//!    first name (`Legare`/`Legaret`); place aliases from the lexicon (`Britain`,
//!    `UK` → United Kingdom). Types are voted over mentions, weighted (a title
//!    before a name is a strong PERSON vote); when the vote is close, the name
//!    names two things (`Washington` the city and the player) and splits by type.
//! 4. **Second pass**: known names are found again, word-bounded, where the tagger
//!    did not mark them — same case anywhere, any case in lowercase or all-caps
//!    lines (`mayor rudy giuliani in ashraf 3`), any case for full personal names.
//!
//! Entities come out with ids `e1`, `e2`, … in order of first mention; `name` is the
//! fullest well-cased form (for places from the lexicon, the place's name);
//! `aliases` are the distinct surface forms, titled forms included (`Mayor
//! Giuliani`), sorted; `mentions` cover the name only, never its title.
//!
//! For later stages:
//! - [`entity_at`]: which entity a byte span falls in.
//! - [`resolve_description`]: which entity a speaker phrase names (`the mayor` → the
//!   one entity titled Mayor; `Giuliani` → Rudy Giuliani), or `None` if unsure.
//! - [`nationality_place`]: the country behind a nationality entity (`Iranian` →
//!   Iran), for `the Iranian regime` as an actor.
//! - [`gender`]: an entity's gender from its titles (`Mr.`, `Madam`, `King`) or first
//!   name (US SSA name list), for `he`/`she` resolution.
//!
//! Word lists are in `crates/newsgraph/data/lexicon/` ([`Lexicons`]).

mod acronym;
mod cluster;
pub(crate) use cluster::UnionFind;
mod lexicon;
mod mention;
mod words;

pub use lexicon::{Demonym, DemonymKind, Lexicons, TitleInfo};

use std::borrow::Cow;

use crate::model::{Entity, EntityKind, Mention, Span};
use crate::ner::Tagged;
use crate::Resources;

use mention::{Cand, Ctx, Origin};

/// `word` (any case) is a noun that makes a preceding name a person inside a
/// descriptor (`administration` in `the Trump administration`): such a name is a
/// modifier, not a pronoun's antecedent.
pub(crate) fn is_person_descriptor(word: &str) -> bool {
    lexicon::person_descriptor(&word.to_lowercase()).is_some()
}

/// A person's gender, as far as titles and first names tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gender {
    /// Male.
    Male,
    /// Female.
    Female,
}

/// Find the entities of a cleaned text.
pub fn recognise(text: &str, sentences: &[Span], res: &Resources) -> Vec<Entity> {
    let tagged = crate::ner::tag(text, sentences, &res.ner);
    assemble(text, &tagged, Lexicons::embedded())
}

/// Turn tagged spans into entities (see the module docs for the steps).
pub fn assemble(text: &str, tagged: &[Tagged], lex: &Lexicons) -> Vec<Entity> {
    let ctx = Ctx::new(text, lex);
    let mut cands = mention::from_tagged(&ctx, tagged);
    mention::after_titles(&ctx, &mut cands);
    mention::demonyms(&ctx, &mut cands);
    let links = acronym::links(&ctx, &mut cands);
    mention::titles_around(&ctx, &mut cands);
    let mut groups = cluster::cluster(&ctx, &cands, &links);
    // the second pass adds mentions to known entities
    let kinds: Vec<Option<EntityKind>> =
        groups.iter().map(|g| cluster::vote(&g.iter().map(|&i| &cands[i]).collect::<Vec<_>>())).collect();
    let found = cluster::find_more(&ctx, &cands, &groups, &kinds);
    let (mut more, owners): (Vec<Cand>, Vec<usize>) = found.into_iter().unzip();
    for (c, &g) in more.iter_mut().zip(&owners) {
        // found mentions do not vote; a person's still gets the titles before it
        c.kind = kinds.get(g).copied().flatten().filter(|k| *k == EntityKind::Person);
    }
    mention::titles_around(&ctx, &mut more);
    let base = cands.len();
    for (k, (c, g)) in more.into_iter().zip(owners).enumerate() {
        let span = c.span;
        cands.push(c);
        if let Some(grp) = groups.get_mut(g) {
            grp.retain(|&i| !(span.contains(cands[i].span) && span != cands[i].span));
            grp.push(base + k);
        }
    }
    let mut entities: Vec<Entity> = groups.iter().filter_map(|g| build(text, &cands, g)).collect();
    entities.sort_by_key(|e| e.mentions.first().map(|m| (m.start, m.end)));
    for (i, e) in entities.iter_mut().enumerate() {
        e.id = format!("e{}", i + 1);
    }
    entities
}

fn build(text: &str, cands: &[Cand], group: &[usize]) -> Option<Entity> {
    let mut ms: Vec<&Cand> = group.iter().filter_map(|&i| cands.get(i)).collect();
    ms.sort_by_key(|c| c.span);
    ms.dedup_by_key(|c| c.span);
    let voters: Vec<&Cand> = ms.iter().copied().filter(|c| c.origin != Origin::Found).collect();
    let kind = cluster::vote(&voters).unwrap_or_else(|| {
        if ms.iter().any(|c| c.origin == Origin::Acronym) {
            EntityKind::Org
        } else {
            EntityKind::Other
        }
    });
    let name = canonical(text, &ms, kind)?;
    // (forms borrowed from the text until the distinct ones are known)
    let mut aliases: Vec<Cow<'_, str>> = Vec::new();
    for c in &ms {
        aliases.push(squash(&text[c.span.range()]));
        if let Some(t) = c.titled {
            aliases.push(squash(&text[t.range()]));
        }
    }
    aliases.sort();
    aliases.dedup();
    // an all-lowercase form adds nothing when a capitalised one with the same letters exists
    let cased = |a: &str| a.chars().any(char::is_uppercase);
    if !aliases.iter().all(|a| cased(a)) {
        let cased_folded: Vec<String> =
            aliases.iter().filter(|a| cased(a)).map(|a| words::fold(a).into_owned()).collect();
        aliases.retain(|a| {
            cased(a) || {
                let folded = words::fold(a);
                !cased_folded.iter().any(|c| *c == folded)
            }
        });
    }
    let aliases: Vec<String> = aliases.into_iter().map(Cow::into_owned).collect();
    let mut titles: Vec<String> = Vec::new();
    for c in &ms {
        for t in &c.titles {
            if !titles.iter().any(|x| x.eq_ignore_ascii_case(&t.surface)) {
                titles.push(t.surface.clone());
            }
        }
    }
    let mentions = ms.iter().map(|c| Mention::new(text, c.span.start, c.span.end)).collect();
    Some(Entity { id: String::new(), kind, name, aliases, titles, mentions, geo: None })
}

/// Whitespace runs to one space, none at the ends (`s` itself when so already, as
/// names mostly are).
fn squash(s: &str) -> Cow<'_, str> {
    let mut after_space = true;
    let squashed = s.chars().all(|c| {
        let space = c.is_whitespace();
        let ok = !space || (c == ' ' && !after_space);
        after_space = space;
        ok
    });
    if (squashed && !after_space) || s.is_empty() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    Cow::Owned(out)
}

/// The entity's name: for a place the lexicon knows, its name there; else the
/// fullest well-cased surface form (acronyms last), then the most frequent, then the
/// first.
fn canonical(text: &str, ms: &[&Cand], kind: EntityKind) -> Option<String> {
    if kind == EntityKind::Place {
        if let Some(p) = ms.iter().find_map(|c| c.place.clone()) {
            return Some(p);
        }
    }
    let mut forms: Vec<Cow<'_, str>> = ms.iter().map(|c| squash(&text[c.span.range()])).collect();
    let named: Vec<usize> =
        (0..ms.len()).filter(|&i| ms[i].origin != Origin::Demonym || kind != EntityKind::Place).collect();
    let pool = if named.is_empty() { (0..ms.len()).collect() } else { named };
    // the keys are distinct (they end with the index)
    let (.., std::cmp::Reverse(best)) = pool
        .iter()
        .map(|&i| {
            let f = &forms[i];
            let well_cased = f.chars().any(char::is_uppercase) && f.chars().any(char::is_lowercase);
            let acronym = f.split_whitespace().count() == 1 && mention::is_acronym(f);
            let n_words = words::runs(f).count();
            let freq = forms.iter().filter(|g| *g == f).count();
            (well_cased || acronym, !acronym, n_words, freq, std::cmp::Reverse(i))
        })
        .max()?;
    Some(forms.swap_remove(best).into_owned())
}

/// The entity one of whose mentions contains `span` (or, failing that, overlaps it
/// most).
pub fn entity_at(entities: &[Entity], span: Span) -> Option<&Entity> {
    let mut best: Option<(usize, &Entity)> = None;
    for e in entities {
        for m in &e.mentions {
            let ms = Span::new(m.start, m.end);
            if ms.contains(span) {
                return Some(e);
            }
            if ms.overlaps(span) {
                let ov = ms.end.min(span.end) - ms.start.max(span.start);
                if best.is_none_or(|(b, _)| ov > b) {
                    best = Some((ov, e));
                }
            }
        }
    }
    best.map(|(_, e)| e)
}

/// Which entity a speaker phrase names, as an index into `entities`: a name or alias
/// (`Giuliani`, `the PMOI`), a surname of one person, or a title description (`the mayor`, `the French
/// mayor`, `the senator`) when exactly one entity has that title. `None` when no
/// entity or more than one fits. (For many phrases of one document, build a
/// [`Descriptions`] once.)
pub fn resolve_description(entities: &[Entity], text: &str) -> Option<usize> {
    Descriptions::new(entities, Lexicons::embedded()).resolve(text)
}

/// What [`resolve_description`] compares a phrase with, computed once for a
/// document's entities: the matching keys of their names and aliases and the roles
/// of their titles (each phrase used to fold every name again).
pub struct Descriptions<'a> {
    /// Per entity: the key of its name.
    names: Vec<String>,
    /// Per entity: the keys of its aliases.
    aliases: Vec<Vec<String>>,
    /// Per entity: for a PERSON, the titles' roles as the lexicon knows them (others:
    /// none).
    roles: Vec<Vec<Option<&'a TitleInfo>>>,
    kinds: Vec<EntityKind>,
    lex: &'a Lexicons,
}

impl<'a> Descriptions<'a> {
    /// The keys and roles of `entities`' names, aliases and titles.
    pub fn new(entities: &[Entity], lex: &'a Lexicons) -> Descriptions<'a> {
        Descriptions {
            names: entities.iter().map(|e| words::key(&e.name)).collect(),
            aliases: entities.iter().map(|e| e.aliases.iter().map(|a| words::key(a)).collect()).collect(),
            roles: entities
                .iter()
                .map(|e| match e.kind {
                    EntityKind::Person => e.titles.iter().map(|t| lex.title(&words::key(t))).collect(),
                    _ => Vec::new(),
                })
                .collect(),
            kinds: entities.iter().map(|e| e.kind).collect(),
            lex,
        }
    }

    /// [`resolve_description`] of `text` over the entities this was built from.
    pub fn resolve(&self, text: &str) -> Option<usize> {
        let k = words::key(text);
        let k = k.strip_prefix("the ").unwrap_or(&k);
        let n = self.names.len();
        let by_name: Vec<usize> =
            (0..n).filter(|&i| self.names[i] == k || self.aliases[i].iter().any(|a| a == k)).collect();
        if !by_name.is_empty() {
            return (by_name.len() == 1).then(|| by_name[0]);
        }
        // a surname of one person
        let surname = format!(" {k}");
        let by_surname: Vec<usize> = (0..n)
            .filter(|&i| {
                self.kinds[i] == EntityKind::Person && {
                    let name = &self.names[i];
                    name.len() > k.len() && name.ends_with(&surname)
                }
            })
            .collect();
        if !by_surname.is_empty() {
            return (by_surname.len() == 1).then(|| by_surname[0]);
        }
        // the head of the phrase: the longest title at its end
        let ws: Vec<&str> = k.split(' ').filter(|w| !w.is_empty()).collect();
        let role = (0..ws.len()).find_map(|s| self.lex.title(&ws[s..].join(" ")))?;
        let with_role: Vec<usize> = (0..n)
            .filter(|&i| self.roles[i].iter().any(|t| t.is_some_and(|x| x.canonical == role.canonical)))
            .collect();
        (with_role.len() == 1).then(|| with_role[0])
    }
}

/// The country or region a nationality entity stands for (`Iranian` → `Iran`,
/// `British` → `United Kingdom`), for stages that need the actor behind `the
/// Iranian regime`. `None` for names that are no demonym.
pub fn nationality_place(entity: &Entity) -> Option<&'static str> {
    let lex = Lexicons::embedded();
    lex.demonym(&words::key(&entity.name))
        .iter()
        .find(|d| d.kind != DemonymKind::Alias)
        .map(|d| d.place.as_str())
}

/// A PERSON entity's gender: from a gendered title (`Mr.`, `Mrs.`, `Madam`, `King`,
/// `Ayatollah`), else from the first name of a name of two words or more (for
/// `Jean-François`, the whole, then its last part, then its first). `None` for
/// other types, unisex or unknown names, and conflicting evidence.
pub fn gender(entity: &Entity) -> Option<Gender> {
    gender_with(entity, Lexicons::embedded())
}

/// [`gender`] with given lexicons.
pub fn gender_with(entity: &Entity, lex: &Lexicons) -> Option<Gender> {
    if entity.kind != EntityKind::Person {
        return None;
    }
    let mut key = String::new();
    let mut from_titles =
        entity.titles.iter().filter_map(|t| lex.title(words::key_into(t, &mut key)).and_then(|t| t.gender));
    if let Some(g) = from_titles.next() {
        return from_titles.all(|x| x == g).then_some(g);
    }
    first_name_gender(&entity.name, lex)
}

/// The gender of the first name of a name of two words or more: for
/// `Jean-François`, the whole, then its last part, then its first.
pub(crate) fn first_name_gender(name: &str, lex: &Lexicons) -> Option<Gender> {
    let mut names = name.split_whitespace();
    let first = names.next()?;
    names.next()?;
    let mut parts = words::runs(first).map(|(s, e)| words::fold(&first[s..e]));
    let head = parts.next()?;
    // a first name of one part, the usual, allocates nothing here
    let rest: Vec<std::borrow::Cow<'_, str>> = parts.collect();
    let known = match rest.last() {
        // the whole, its last part and its first are one word
        None => lex.first_name(&head),
        Some(last) => {
            let whole: String = std::iter::once(&head).chain(&rest).map(|w| &**w).collect();
            lex.first_name(&whole).or_else(|| lex.first_name(last)).or_else(|| lex.first_name(&head))
        }
    };
    known.flatten()
}

#[cfg(test)]
mod tests;
