//! Places the entity stage missed or typed otherwise (see the module docs, step 1).

use super::gazetteer::{key, key_into, Gazetteer, Kind};
use super::words::{capitalised, locative, not_a_place, region_abbreviation, words};
use crate::entity::Lexicons;
use crate::model::{Dateline, Entity, EntityKind, Mention, Span};

/// How strongly the gazetteer says a name is a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Strength {
    /// Not a name of the gazetteer.
    None,
    /// An alternate name of a town, or a small town.
    WeakTown,
    /// The main name of a town of this many people or more: [`TOWN`].
    Town,
    /// A second-level region (`Orange County`).
    County,
    /// A first-level region (`Ohio`, `British Columbia`).
    Region,
    /// A country or continent, by any of its names (`U.S.`, `Britain`).
    Country,
}

/// Population from which a town's main name counts as [`Strength::Town`].
const TOWN: u64 = 5_000;

thread_local! {
    /// Verdicts on names and word prefixes already looked up by this thread (the same
    /// capitalised words recur from article to article; a lookup is a binary search
    /// over 450,000 keys).
    static SEEN: std::cell::RefCell<rustc_hash::FxHashMap<String, u8>> = Default::default();
}

/// `f()`, remembered per thread under `(tag, k)` (the table is emptied when it grows
/// past 200,000 entries). Only for the embedded gazetteer's answers.
fn remembered(tag: char, k: &str, f: impl FnOnce() -> u8) -> u8 {
    thread_local! {
        /// The key being looked up (no allocation for an answer already known).
        static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let known = KEY.with_borrow_mut(|key| {
        key.clear();
        key.push(tag);
        key.push_str(k);
        SEEN.with(|m| m.borrow().get(key.as_str()).copied())
    });
    if let Some(v) = known {
        return v;
    }
    let v = f();
    let mut key = String::with_capacity(k.len() + 1);
    key.push(tag);
    key.push_str(k);
    SEEN.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() > 200_000 {
            m.clear();
        }
        m.insert(key, v);
    });
    v
}

/// Whether a gazetteer name begins with the words of key `k` (remembered).
fn has_prefix(gaz: &Gazetteer, k: &str) -> bool {
    if !gaz.is_embedded() {
        return gaz.has_prefix(k);
    }
    remembered('p', k, || u8::from(gaz.has_prefix(k))) == 1
}

/// The gazetteer's verdict on a name (remembered per thread).
pub(crate) fn strength(gaz: &Gazetteer, name: &str) -> Strength {
    if !gaz.is_embedded() {
        return strength_uncached(gaz, name);
    }
    let v = remembered('s', name, || strength_uncached(gaz, name) as u8);
    [
        Strength::None,
        Strength::WeakTown,
        Strength::Town,
        Strength::County,
        Strength::Region,
        Strength::Country,
    ]
    .get(v as usize)
    .copied()
    .unwrap_or(Strength::None)
}

fn strength_uncached(gaz: &Gazetteer, name: &str) -> Strength {
    let name = trim_name(name);
    let k = key(name);
    if k.is_empty() || not_a_place(&k) {
        return Strength::None;
    }
    if let Some((cc, full)) = region_abbreviation(name).filter(|_| name.len() > 2 || name.contains('.')) {
        if gaz.lookup(full).iter().any(|c| c.place.kind == Kind::Admin1 && c.place.country == cc) {
            return Strength::Region;
        }
    }
    let mut best = Strength::None;
    let mut any = false;
    for (i, alt) in gaz.postings(&k) {
        any = true;
        let (kind, pop) = gaz.kind_population(i);
        best = best.max(strength_of(kind, pop, alt, name));
        if best == Strength::Country {
            break;
        }
    }
    if !any {
        if let Some(p) = Lexicons::embedded().place_alias(&k) {
            for (i, alt) in gaz.postings(&key(p)) {
                let (kind, pop) = gaz.kind_population(i);
                best = best.max(strength_of(kind, pop, alt, name));
            }
        }
    }
    best
}

fn strength_of(kind: Kind, pop: u64, alternate: bool, name: &str) -> Strength {
    match kind {
        Kind::Country | Kind::Continent | Kind::Dependency => Strength::Country,
        Kind::Admin1 if !alternate || name.len() > 3 => Strength::Region,
        Kind::Admin2 if !alternate && region_pattern(name) => Strength::County,
        Kind::City | Kind::Capital if !alternate && pop >= TOWN => Strength::Town,
        _ => Strength::WeakTown,
    }
}

/// A name without a leading `the` and a trailing possessive.
pub(crate) fn trim_name(name: &str) -> &str {
    let mut n = name.trim();
    for p in ["the ", "The ", "THE "] {
        if let Some(r) = n.strip_prefix(p) {
            n = r;
        }
    }
    for s in ["'s", "’s", "'", "’"] {
        if let Some(r) = n.strip_suffix(s) {
            n = r;
        }
    }
    n
}

/// The lower-cased word before byte `at` (skipping spaces and an opening quote).
pub(crate) fn word_before(text: &str, at: usize) -> String {
    let head = text[..at].trim_end_matches(|c: char| c.is_whitespace() || "\"“‘'(".contains(c));
    let start = head
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8));
    head[start..].to_lowercase()
}

/// The place named after `City,` at byte `at` (`, Maine`, `, Calif.`, `, Albania`):
/// the byte span of the qualifier (an abbreviation's dot included) and its strength.
pub(crate) fn qualifier_after(text: &str, at: usize, gaz: &Gazetteer) -> Option<(usize, usize)> {
    let rest = text.get(at..)?;
    let after = rest.strip_prefix(", ").or_else(|| rest.strip_prefix(","))?;
    let start = at + (rest.len() - after.len());
    let ws = words(super::words::window(text, start, 60));
    let mut best = None;
    for n in 1..=ws.len().min(3) {
        let (s0, _) = ws[0];
        let (_, e) = ws[n - 1];
        if s0 != 0 || !ws[..n].iter().all(|&(a, b)| capitalised(&text[start + a..start + b])) {
            break;
        }
        if n > 1 && text[start + ws[n - 2].1..start + ws[n - 1].0] != *" " {
            break;
        }
        let mut end = start + e;
        let name = &text[start..end];
        let abbr = region_abbreviation(name).is_some() && (name.contains('.') || name.len() <= 4);
        if abbr
            && text[end..].starts_with('.')
            && ((name.len() > 2 && name != name.to_uppercase()) || name.contains('.'))
        {
            end += 1;
        }
        let s = strength(gaz, &text[start..end]);
        if abbr || s >= Strength::Region {
            best = Some((start, end));
        }
    }
    best
}

/// Add a mention of a place to the PLACE entity of that name, or to a new one.
/// Returns the entity's index.
fn add_place(
    text: &str,
    entities: &mut Vec<Entity>,
    start: usize,
    end: usize,
    embedded_in: Option<String>,
) -> usize {
    let k = key(trim_name(&text[start..end]));
    let found = entities.iter().position(|e| {
        e.kind == EntityKind::Place
            && (key(trim_name(&e.name)) == k || e.aliases.iter().any(|a| key(trim_name(a)) == k))
    });
    let mut m = Mention::new(text, start, end);
    m.embedded_in = embedded_in;
    match found {
        Some(i) => {
            let e = &mut entities[i];
            if !e.mentions.iter().any(|x| x.start == start && x.end == end) {
                let at = e.mentions.partition_point(|x| x.start < start);
                e.mentions.insert(at, m);
                if !e.aliases.iter().any(|a| a == &text[start..end]) {
                    e.aliases.push(text[start..end].to_string());
                    e.aliases.sort();
                }
            }
            i
        }
        None => {
            entities.push(Entity {
                id: format!("g{}", entities.len() + 1),
                kind: EntityKind::Place,
                name: text[start..end].to_string(),
                aliases: vec![text[start..end].to_string()],
                titles: Vec::new(),
                mentions: vec![m],
                geo: None,
            });
            entities.len() - 1
        }
    }
}

/// Is `pos` inside any mention (sorted spans)?
fn covered(spans: &[(usize, usize)], s: usize, e: usize) -> bool {
    let i = spans.partition_point(|x| x.1 <= s);
    spans.get(i).is_some_and(|x| x.0 < e)
}

fn mention_spans(entities: &[Entity]) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize)> =
        entities.iter().flat_map(|e| e.mentions.iter().map(|m| (m.start, m.end))).collect();
    v.sort_unstable();
    v
}

/// Words that make `X County`, `City of X` a place whatever the tagger said.
fn region_pattern(name: &str) -> bool {
    let n = name.trim();
    [" County", " Parish", " Province", " Township", " Borough", " Governorate", " Prefecture", " Oblast"]
        .iter()
        .any(|s| n.ends_with(s) && n.len() > s.len())
        || n.starts_with("City of ")
        || n.starts_with("Town of ")
}

/// Step 1 of the module docs. Returns (place entity, organisation entity) index pairs
/// for places found inside organisation names.
pub(crate) fn recognise(
    text: &str,
    sentences: &[Span],
    entities: &mut Vec<Entity>,
    dateline: Option<&Dateline>,
    gaz: &Gazetteer,
) -> Vec<(usize, usize)> {
    retype(text, entities, gaz);
    let mut spans = mention_spans(entities);
    // the dateline's place
    if let Some(d) = dateline {
        if let Some(p) = d.place.as_deref() {
            let first = p.split(',').next().unwrap_or(p).trim();
            if let Some(dl) = text.get(d.start..d.end).filter(|_| !first.is_empty()) {
                if let Some(off) = dl.find(first) {
                    let (s, e) = (d.start + off, d.start + off + first.len());
                    if !covered(&spans, s, e) && strength(gaz, first) >= Strength::Town {
                        add_place(text, entities, s, e, None);
                        spans = mention_spans(entities);
                    }
                }
            }
        }
    }
    scan(text, sentences, entities, &mut spans, gaz);
    embedded(text, entities, gaz)
}

/// ORG and PERSON entities that are places: `X County`, `City of X`, a country or
/// state by name, a town after `in`/`near`/… or before `, ST`.
fn retype(text: &str, entities: &mut [Entity], gaz: &Gazetteer) {
    // organisations named like towns or regions (sports teams when there are several)
    let teams = entities
        .iter()
        .filter(|e| {
            e.kind == EntityKind::Org && e.titles.is_empty() && strength(gaz, &e.name) >= Strength::Town
        })
        .count();
    for e in entities.iter_mut() {
        if !matches!(e.kind, EntityKind::Org | EntityKind::Person) || !e.titles.is_empty() {
            continue;
        }
        let place = if region_pattern(&e.name) {
            let n = e.name.trim();
            let inner = n.strip_prefix("City of ").or_else(|| n.strip_prefix("Town of ")).unwrap_or(n);
            gaz.has_key(&key(n)) || gaz.has_key(&key(inner))
        } else {
            let s = strength(gaz, &e.name);
            let one_word = !e.name.trim().contains(' ');
            let locative_use = e.mentions.iter().any(|m| {
                locative(&word_before(text, m.start)) || qualifier_after(text, m.end, gaz).is_some()
            });
            match (e.kind, s) {
                (EntityKind::Org, Strength::Country) => true,
                // states or provinces the tagger calls organisations beside other
                // place-named organisations are teams (`Minnesota beat Texas 5-3`)
                // unless written as places (`in Ohio`, `Washington, D.C.`); alone,
                // a state is a place (`the South Carolina senator`)
                (EntityKind::Org, Strength::Region) => {
                    teams < 2
                        || locative_use
                        || e.mentions.iter().any(|m| {
                            text[..m.start]
                                .strip_suffix(", ")
                                .is_some_and(|b| b.ends_with(char::is_alphabetic))
                        })
                }
                (EntityKind::Person, Strength::Country | Strength::Region) => one_word && locative_use,
                (_, Strength::Town | Strength::County) => {
                    locative_use && (e.kind == EntityKind::Org || e.name.split_whitespace().count() <= 2)
                }
                // not in the gazetteer, but written `in X` and `X, Albania` (`Ashraf 3`)
                (_, Strength::None) => {
                    e.mentions.iter().any(|m| locative(&word_before(text, m.start)))
                        && e.mentions.iter().any(|m| qualifier_after(text, m.end, gaz).is_some())
                }
                _ => false,
            }
        };
        if place {
            e.kind = EntityKind::Place;
        }
    }
}

/// Capitalised names of the gazetteer that no entity covers.
fn scan(
    text: &str,
    sentences: &[Span],
    entities: &mut Vec<Entity>,
    spans: &mut Vec<(usize, usize)>,
    gaz: &Gazetteer,
) {
    let ws = words(text);
    let sentence_starts: Vec<usize> = sentences.iter().map(|s| s.start).collect();
    let first_of_sentence = |at: usize| {
        sentence_starts.binary_search(&at).is_ok()
            || text[..at].trim_end_matches([' ', '"', '“', '‘', '(']).ends_with(['\n', '.', '!', '?', ':'])
            || text[..at].trim().is_empty()
    };
    let mut caps = CapsLines::default();
    let mut kbuf = String::new();
    let mut i = 0;
    while i < ws.len() {
        let (s, e) = ws[i];
        let w = &text[s..e];
        if !capitalised(w) || w == "The" || covered(spans, s, e) || caps.is_caps(text, s) {
            i += 1;
            continue;
        }
        // the capitalised run from i (single spaces between words), at most 5 words
        let mut j = i + 1;
        while j < ws.len()
            && j - i < 5
            && &text[ws[j - 1].1..ws[j].0] == " "
            && capitalised(&text[ws[j].0..ws[j].1])
        {
            j += 1;
        }
        // only as many words as some gazetteer name begins with
        let mut upto = i;
        while upto < j && {
            key_into(&text[s..ws[upto].1], &mut kbuf);
            has_prefix(gaz, &kbuf)
        } {
            upto += 1;
        }
        let j = upto;
        let mut found = None;
        for end in (i + 1..=j).rev() {
            let (ms, me) = (s, ws[end - 1].1);
            if covered(spans, ms, me) {
                continue;
            }
            let name = &text[ms..me];
            let st = strength(gaz, name);
            if st == Strength::None || st == Strength::WeakTown {
                continue;
            }
            let multi = end - i > 1;
            let locative_use = locative(&word_before(text, ms));
            let qualified = qualifier_after(text, me, gaz).is_some();
            let ok = match st {
                Strength::Country | Strength::Region => {
                    !first_of_sentence(ms) || multi || qualified || locative_use
                }
                Strength::County => multi,
                Strength::Town => locative_use || qualified,
                _ => false,
            };
            if ok {
                found = Some((ms, me, end));
                break;
            }
        }
        match found {
            Some((ms, me, end)) => {
                add_place(text, entities, ms, me, None);
                *spans = mention_spans(entities);
                // a region abbreviation after it: `Erie, Pa.`
                if let Some((qs, qe)) = qualifier_after(text, me, gaz) {
                    if !covered(spans, qs, qe) {
                        add_place(text, entities, qs, qe, None);
                        *spans = mention_spans(entities);
                    }
                }
                i = end;
            }
            None => i += 1,
        }
    }
    // qualifiers after places the tagger found: `Bangor, Maine`, `Kamloops, B.C.`
    let places: Vec<(usize, usize)> = entities
        .iter()
        .filter(|e| e.kind == EntityKind::Place)
        .flat_map(|e| e.mentions.iter().map(|m| (m.start, m.end)))
        .collect();
    for (_, me) in places {
        if let Some((qs, qe)) = qualifier_after(text, me, gaz) {
            if !covered(spans, qs, qe) {
                add_place(text, entities, qs, qe, None);
                *spans = mention_spans(entities);
            }
        }
    }
}

/// Lines written all in capitals tell nothing by case (the last line's verdict is kept,
/// as words are visited in text order).
#[derive(Default)]
struct CapsLines {
    line: (usize, usize),
    caps: bool,
}

impl CapsLines {
    fn is_caps(&mut self, text: &str, at: usize) -> bool {
        if at < self.line.0 || at >= self.line.1 {
            let ls = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let le = text[at..].find('\n').map_or(text.len(), |i| at + i);
            let line = &text[ls..le];
            let letters = line.chars().filter(|c| c.is_alphabetic()).count();
            self.caps = letters > 12 && !line.chars().any(|c| c.is_lowercase());
            self.line = (ls, le.max(ls + 1));
        }
        self.caps
    }
}

/// Places named inside organisation names (`University of Tehran`, `Paris Police
/// Department`): a PLACE mention of their own, `embedded_in` the organisation.
fn embedded(text: &str, entities: &mut Vec<Entity>, gaz: &Gazetteer) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let orgs: Vec<usize> = (0..entities.len()).filter(|&i| entities[i].kind == EntityKind::Org).collect();
    for oi in orgs {
        let mentions: Vec<(usize, usize)> = entities[oi].mentions.iter().map(|m| (m.start, m.end)).collect();
        let oid = entities[oi].id.clone();
        for (ms, me) in mentions {
            let ws: Vec<(usize, usize)> =
                words(&text[ms..me]).into_iter().map(|(a, b)| (ms + a, ms + b)).collect();
            if ws.len() < 2 {
                continue;
            }
            let mut i = 0;
            while i < ws.len() {
                if matches!(&text[ws[i].0..ws[i].1], "The" | "the" | "THE") {
                    i += 1;
                    continue;
                }
                let mut hit = None;
                for end in (i + 1..=ws.len()).rev() {
                    if end - i == ws.len() {
                        continue;
                    }
                    let (s, e) = (ws[i].0, ws[end - 1].1);
                    if !ws[i..end].iter().all(|&(a, b)| capitalised(&text[a..b])) {
                        continue;
                    }
                    let st = strength(gaz, &text[s..e]);
                    if st >= Strength::Region
                        || (st == Strength::Town && city_pop(gaz, &text[s..e]) >= 50_000)
                    {
                        hit = Some((s, e, end));
                        break;
                    }
                }
                match hit {
                    Some((s, e, end)) => {
                        let pi = add_place(text, entities, s, e, Some(oid.clone()));
                        if !out.contains(&(pi, oi)) {
                            out.push((pi, oi));
                        }
                        i = end;
                    }
                    None => i += 1,
                }
            }
        }
    }
    out
}

fn city_pop(gaz: &Gazetteer, name: &str) -> u64 {
    gaz.lookup(name)
        .iter()
        .filter(|c| !c.alternate && c.place.kind.is_city())
        .map(|c| c.place.population)
        .max()
        .unwrap_or(0)
}

/// An organisation takes the location of the place in its name.
pub(crate) fn locate_orgs(entities: &mut [Entity], embedded: &[(usize, usize)]) {
    for &(pi, oi) in embedded {
        if entities[oi].geo.is_none() {
            if let Some(mut g) = entities.get(pi).and_then(|p| p.geo.clone()) {
                g.how = Some("embedded".into());
                g.inherited = false;
                entities[oi].geo = Some(g);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(text: &str, name: &str) -> Entity {
        let mentions = text.match_indices(name).map(|(s, _)| Mention::new(text, s, s + name.len())).collect();
        Entity {
            id: String::new(),
            kind: EntityKind::Org,
            name: name.to_string(),
            aliases: vec![name.to_string()],
            titles: Vec::new(),
            mentions,
            geo: None,
        }
    }

    #[test]
    fn a_state_typed_org_stays_one_unless_written_as_a_place() {
        let gaz = &Gazetteer::embedded();
        let kinds = |text: &str, names: &[&str]| -> Vec<EntityKind> {
            let mut es: Vec<Entity> = names.iter().map(|n| org(text, n)).collect();
            retype(text, &mut es, gaz);
            es.iter().map(|e| e.kind).collect()
        };
        // teams: the tagger's ORG stands
        let teams = kinds("Minnesota beat Texas 5-3 on Sunday.", &["Minnesota", "Texas"]);
        assert_eq!(teams, [EntityKind::Org, EntityKind::Org]);
        // written as a place, or alone
        let text = "Minnesota beat Texas 5-3 after storms hit farms in Ohio.";
        assert_eq!(
            kinds(text, &["Minnesota", "Texas", "Ohio"]),
            [EntityKind::Org, EntityKind::Org, EntityKind::Place]
        );
        assert_eq!(kinds("The South Carolina senator spoke.", &["South Carolina"]), [EntityKind::Place]);
        // a country is a place however the tagger typed it
        assert_eq!(kinds("France said on Monday it would not.", &["France"]), [EntityKind::Place]);
    }
}
