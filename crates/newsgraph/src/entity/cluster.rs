//! Which mentions are one entity. Merging needs evidence from the text:
//! the same name; a surname or first name of exactly one full name (an ambiguous
//! surname goes to the nearest full name before it, or stays apart); an acronym
//! link; a spelling variant one edit apart that shares a title or a first name
//! (`Legare` / `Legaret`, both Mayor); the same place in the demonym lexicon.
//! Then a second pass finds the known names again where the tagger did not.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::model::{EntityKind, Span};

use super::mention::{is_acronym, Cand, Ctx, Origin, DECISIVE};
use super::words::{self, is_function_word, joins, strip_accents, Gap};
use super::{first_name_gender, Gender};

/// Disjoint sets over `0..n` whose root is the smallest member (the earlier mention).
pub(crate) struct UnionFind(Vec<usize>);

impl UnionFind {
    pub(crate) fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }
    pub(crate) fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // the earlier mention stays the root
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.0[hi] = lo;
        }
    }
}

fn n_words(key: &str) -> usize {
    key.split(' ').filter(|w| !w.is_empty()).count()
}

/// `key` is the last words of `full` (`giuliani` of `rudy giuliani`).
fn is_suffix(key: &str, full: &str) -> bool {
    full.len() > key.len() && full.ends_with(key) && full.as_bytes()[full.len() - key.len() - 1] == b' '
}

fn is_prefix(key: &str, full: &str) -> bool {
    full.len() > key.len() && full.starts_with(key) && full.as_bytes()[key.len()] == b' '
}

/// The weighted type vote of some mentions; ties go to the type voted first; a
/// mention with decisive evidence decides.
pub(crate) fn vote(cands: &[&Cand]) -> Option<EntityKind> {
    // evidence that settles the type wins outright (`the city of …`)
    if let Some(c) = cands.iter().find(|c| c.weight >= DECISIVE && c.kind.is_some()) {
        return c.kind;
    }
    // per kind (by its index in `ALL_KINDS`): the summed weight and the first voter
    let mut w: [Option<(u32, usize)>; ALL_KINDS.len()] = [None; ALL_KINDS.len()];
    for (i, c) in cands.iter().enumerate() {
        if let Some(k) = c.kind {
            let e = w[k as usize].get_or_insert((0, i));
            e.0 += c.weight.max(1);
        }
    }
    // (no two kinds have one first voter, so the maximum is unique)
    ALL_KINDS
        .into_iter()
        .zip(w)
        .filter_map(|(k, e)| e.map(|(n, first)| (k, (n, std::cmp::Reverse(first)))))
        .max_by_key(|&(_, v)| v)
        .map(|(k, _)| k)
}

/// Every entity kind, each at the index of its discriminant.
const ALL_KINDS: [EntityKind; 4] =
    [EntityKind::Person, EntityKind::Org, EntityKind::Place, EntityKind::Other];

/// Group mentions into entities. `links` are pairs of mention spans known to be one
/// entity (acronyms). Returns groups of indices into `cands` (sorted by span), each
/// group in text order, groups in order of first mention.
pub(crate) fn cluster(ctx: &Ctx<'_>, cands: &[Cand], links: &[(Span, Span)]) -> Vec<Vec<usize>> {
    let n = cands.len();
    let genders: Vec<Option<Gender>> = cands.iter().map(|c| cand_gender(ctx, c)).collect();
    // the gender a group of mentions shows, if one and only one
    let group_gender = |g: &[usize]| -> Option<Gender> {
        let mut it = g.iter().filter_map(|&i| genders[i]);
        let first = it.next()?;
        it.all(|x| x == first).then_some(first)
    };
    let compatible = |a: &[usize], b: &[usize]| match (group_gender(a), group_gender(b)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    let mut uf = UnionFind::new(n);
    let by_span: HashMap<Span, usize> = cands.iter().enumerate().map(|(i, c)| (c.span, i)).collect();
    // the place a mention names, when the lexicon knows it, is its key
    let keys: Vec<Cow<'_, str>> = cands
        .iter()
        .map(|c| c.place.as_deref().map_or(Cow::Borrowed(c.key.as_str()), |p| Cow::Owned(words::key(p))))
        .collect();
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        groups.entry(k).or_default().push(i);
    }
    let group_vote = |g: &[usize]| vote(&g.iter().map(|&i| &cands[i]).collect::<Vec<_>>());
    let is_person = |g: &[usize]| g.iter().any(|&i| cands[i].kind == Some(EntityKind::Person));
    let no_place =
        |g: &[usize]| g.iter().all(|&i| cands[i].kind != Some(EntityKind::Place) && cands[i].place.is_none());
    // full personal names: two words or more, voted PERSON
    let full: Vec<&str> = groups
        .iter()
        .filter(|(k, g)| n_words(k) >= 2 && group_vote(g) == Some(EntityKind::Person))
        .map(|(k, _)| *k)
        .collect();
    // 1. one name, one entity (except an ambiguous surname, handled below)
    let mut ambiguous: Vec<(&str, Vec<&str>)> = Vec::new();
    for (k, g) in &groups {
        let fulls: Vec<&str> = full.iter().copied().filter(|f| is_suffix(k, f)).collect();
        let eligible = is_person(g) || no_place(g);
        if eligible && fulls.len() > 1 {
            ambiguous.push((k, fulls));
            continue;
        }
        for w in g.windows(2) {
            uf.union(w[0], w[1]);
        }
    }
    // 2. acronyms
    for (a, b) in links {
        if let (Some(&i), Some(&j)) = (by_span.get(a), by_span.get(b)) {
            uf.union(i, j);
        }
    }
    // 3. surname or first name → the one full name that has it
    for (k, g) in &groups {
        if n_words(k) >= 2 && !is_person(g) || !(is_person(g) || no_place(g)) {
            continue;
        }
        let fulls: Vec<&str> = full.iter().copied().filter(|f| is_suffix(k, f)).collect();
        let roots: BTreeSet<usize> = fulls.iter().map(|f| uf.find(groups[f][0])).collect();
        if roots.len() == 1 {
            // `Mrs. Clinton` is not `Bill Clinton`
            if fulls.iter().all(|f| compatible(g, &groups[f])) {
                uf.union(g[0], groups[fulls[0]][0]);
            }
            continue;
        }
        if fulls.is_empty() && is_person(g) && n_words(k) == 1 {
            let firsts: Vec<&str> = full.iter().copied().filter(|f| is_prefix(k, f)).collect();
            let roots: BTreeSet<usize> = firsts.iter().map(|f| uf.find(groups[f][0])).collect();
            if roots.len() == 1 && firsts.iter().all(|f| compatible(g, &groups[f])) {
                uf.union(g[0], groups[firsts[0]][0]);
            }
        }
    }
    // an ambiguous surname: to the nearest full name before it, or apart
    for (k, fulls) in &ambiguous {
        let mut apart: Option<usize> = None;
        for &i in &groups[k] {
            let before =
                (0..i).rev().find(|&j| fulls.contains(&&*keys[j]) && compatible(&[i], &groups[&*keys[j]]));
            match before {
                Some(j) => uf.union(i, j),
                None => match apart {
                    Some(a) => uf.union(i, a),
                    None => apart = Some(i),
                },
            }
        }
    }
    // 4. spelling variants the text connects
    spelling_variants(cands, &keys, &genders, &mut uf);
    let mut out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        out.entry(uf.find(i)).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = out.into_values().flat_map(|g| split_by_type(cands, g)).collect();
    out.sort_by_key(|g| cands[g[0]].span);
    out
}

/// One name can name two things (`Washington` the city and the player, `NEW YORK`
/// the city and the team). A bare homonym — every mention the same name — whose
/// type vote is close (the leader has less than twice the runner-up's weight),
/// with no mention settling it (`the city of …`), splits by type, each unvoted
/// mention going with the nearest voted one before it (or after it, at the start).
/// A clear majority types the whole entity (three PERSON votes to one ORG: PERSON).
fn split_by_type(cands: &[Cand], g: Vec<usize>) -> Vec<Vec<usize>> {
    // one type voted, the usual case, splits nothing
    let first_kind = g.iter().find_map(|&i| cands[i].kind);
    if g.iter().all(|&i| cands[i].kind.is_none() || cands[i].kind == first_kind) {
        return vec![g];
    }
    let mut w: BTreeMap<EntityKind, (u32, u32)> = BTreeMap::new();
    for &i in &g {
        if let Some(k) = cands[i].kind {
            let e = w.entry(k).or_default();
            e.0 += cands[i].weight.max(1);
            e.1 += 1;
        }
    }
    let mut ws: Vec<(u32, u32, EntityKind)> = w.into_iter().map(|(k, (a, b))| (a, b, k)).collect();
    ws.sort_unstable_by(|a, b| b.cmp(a));
    let settled = g.iter().any(|&i| cands[i].weight >= DECISIVE);
    // only a bare homonym splits: names merged on evidence (an acronym, a
    // surname, a spelling variant) are one thing
    let one_name = g.iter().all(|&i| cands[i].key == cands[g[0]].key);
    if ws.len() < 2 || settled || !one_name {
        return vec![g];
    }
    let (lead, next) = (ws[0], ws[1]);
    if lead.0 >= 2 * next.0 {
        return vec![g];
    }
    let mut parts: BTreeMap<EntityKind, Vec<usize>> = BTreeMap::new();
    let mut last = first_kind;
    for &i in &g {
        if cands[i].kind.is_some() {
            last = cands[i].kind;
        }
        if let Some(k) = last {
            parts.entry(k).or_default().push(i);
        }
    }
    parts.into_values().collect()
}

/// What a mention says of a person's gender: a gendered title, or the first name
/// of a full name.
fn cand_gender(ctx: &Ctx<'_>, c: &Cand) -> Option<Gender> {
    if c.kind != Some(EntityKind::Person) {
        return None;
    }
    let by_title =
        c.titles.iter().find_map(|t| ctx.lex.title(&words::key(&t.surface)).and_then(|t| t.gender));
    by_title.or_else(|| first_name_gender(&ctx.text[c.span.range()], ctx.lex))
}

/// One edit apart (Levenshtein distance exactly 1).
fn one_edit(a: &str, b: &str) -> bool {
    let (na, nb) = (a.chars().count(), b.chars().count());
    if na.abs_diff(nb) > 1 || a == b {
        return false;
    }
    let (s, l) = if na <= nb { (a, b) } else { (b, a) };
    // the byte length of the common prefix (the same in both)
    let p = s.char_indices().zip(l.chars()).find(|((_, x), y)| x != y).map_or(s.len(), |((i, _), _)| i);
    /// What follows the first character from byte `p` on.
    fn after(t: &str, p: usize) -> &str {
        let mut cs = t[p..].chars();
        cs.next();
        cs.as_str()
    }
    if na == nb {
        after(s, p) == after(l, p)
    } else {
        &s[p..] == after(l, p)
    }
}

/// What one entity's person mentions say about its names.
#[derive(Default)]
struct Names<'a> {
    surnames: BTreeSet<&'a str>,
    firsts: BTreeSet<&'a str>,
    titles: BTreeSet<&'a str>,
    genders: BTreeSet<Gender>,
    members: Vec<usize>,
}

/// `Legare` / `Legaret`: two PERSON entities whose surnames are one edit apart
/// (five letters or more) merge when they share a title or a first name, and have
/// no conflicting first names.
fn spelling_variants(cands: &[Cand], keys: &[Cow<'_, str>], genders: &[Option<Gender>], uf: &mut UnionFind) {
    // variants need two surnames one edit apart among all persons' (the usual case
    // has none): without them nothing merges, and no entity need be described
    let surnames: BTreeSet<&str> = cands
        .iter()
        .zip(keys)
        .filter(|(c, _)| c.kind == Some(EntityKind::Person))
        .filter_map(|(_, k)| k.rsplit(' ').next())
        .filter(|s| s.chars().count() >= 5)
        .collect();
    if !surnames.iter().enumerate().any(|(x, s)| surnames.iter().skip(x + 1).any(|t| one_edit(s, t))) {
        return;
    }
    loop {
        let mut info: BTreeMap<usize, Names<'_>> = BTreeMap::new();
        for (i, c) in cands.iter().enumerate() {
            let e = info.entry(uf.find(i)).or_default();
            e.members.push(i);
            e.genders.extend(genders[i]);
            if c.kind != Some(EntityKind::Person) {
                continue;
            }
            let ws: Vec<&str> = keys[i].split(' ').collect();
            if let Some((last, first)) = ws.split_last() {
                e.surnames.insert(last);
                e.firsts.extend(first.iter().copied());
            }
            e.titles.extend(c.titles.iter().map(|t| t.canonical.as_str()));
        }
        let persons: Vec<(&usize, &Names<'_>)> = info
            .iter()
            .filter(|(_, e)| {
                let g: Vec<&Cand> = e.members.iter().map(|&i| &cands[i]).collect();
                vote(&g) == Some(EntityKind::Person)
            })
            .collect();
        let mut merge = None;
        'outer: for (x, (ra, a)) in persons.iter().enumerate() {
            for (rb, b) in &persons[x + 1..] {
                let close = a.surnames.iter().any(|s| {
                    b.surnames.iter().any(|t| s.chars().count().min(t.chars().count()) >= 5 && one_edit(s, t))
                });
                if !close {
                    continue;
                }
                let shared_first = a.firsts.intersection(&b.firsts).next().is_some();
                let conflict = !a.firsts.is_empty() && !b.firsts.is_empty() && !shared_first
                    || a.genders.union(&b.genders).count() > 1;
                let shared_title = a.titles.intersection(&b.titles).next().is_some();
                if !conflict && (shared_title || shared_first) {
                    merge = Some((**ra, **rb));
                    break 'outer;
                }
            }
        }
        match merge {
            Some((a, b)) => uf.union(a, b),
            None => break,
        }
    }
}

/// A name to look for again: its folded words, and its words as written (accents
/// stripped) for the case check.
struct Alias {
    folded: Vec<String>,
    written: Vec<String>,
    person: bool,
    group: usize,
    /// Written with a final dot (`U.S.`).
    dot: bool,
}

/// Second pass: find known names again where the tagger did not, word-bounded,
/// not overlapping a mention. Same case as a known form anywhere; any case in a
/// line of one case (`mayor rudy giuliani in ashraf 3`); any case for a person's
/// full name. `kinds` are the groups' voted types. Returns (mention, group index)
/// pairs; a found mention may cover shorter mentions of its own entity, which it
/// replaces.
pub(crate) fn find_more(
    ctx: &Ctx<'_>,
    cands: &[Cand],
    groups: &[Vec<usize>],
    kinds: &[Option<EntityKind>],
) -> Vec<(Cand, usize)> {
    let text = ctx.text;
    let mut aliases: Vec<Alias> = Vec::new();
    let mut seen: BTreeSet<(Vec<String>, usize)> = BTreeSet::new();
    // a name written again in its entity adds nothing
    let mut surfaces: rustc_hash::FxHashSet<(&str, usize)> = Default::default();
    // surnames of full names, to look for when only one person has them
    let mut surnames: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (gi, g) in groups.iter().enumerate() {
        for &i in g {
            let c = &cands[i];
            if c.origin == Origin::Demonym || c.key.starts_with('~') {
                continue;
            }
            let surface = &text[c.span.range()];
            if !surfaces.insert((surface, gi)) {
                continue;
            }
            let ws = words::words(surface);
            let folded: Vec<String> = ws.iter().map(|w| w.folded.to_string()).collect();
            let written: Vec<String> =
                ws.iter().map(|w| strip_accents(&surface[w.start..w.end]).into_owned()).collect();
            let person = kinds[gi] == Some(EntityKind::Person);
            if person && ws.len() >= 2 {
                if let (Some(f), Some(w)) = (folded.last(), written.last()) {
                    surnames.entry(f.clone()).or_default().insert(gi);
                    if seen.insert((vec![w.clone()], gi)) {
                        aliases.push(Alias {
                            folded: vec![f.clone()],
                            written: vec![w.clone()],
                            person,
                            group: gi,
                            dot: false,
                        });
                    }
                }
            }
            if !folded.is_empty() && seen.insert((written.clone(), gi)) {
                let dot = surface.ends_with('.');
                aliases.push(Alias { folded, written, person, group: gi, dot });
            }
        }
    }
    // a surname two people share is not looked for
    aliases.retain(|a| a.folded.len() > 1 || surnames.get(&a.folded[0]).is_none_or(|g| g.len() == 1));
    // the same words for two entities: looked for in neither
    let mut owners: BTreeMap<&[String], BTreeSet<usize>> = BTreeMap::new();
    for a in &aliases {
        owners.entry(&a.folded).or_default().insert(a.group);
    }
    let ambiguous: BTreeSet<Vec<String>> =
        owners.iter().filter(|(_, g)| g.len() > 1).map(|(k, _)| k.to_vec()).collect();
    aliases.retain(|a| !ambiguous.contains(&a.folded));
    aliases.sort_by_key(|a| std::cmp::Reverse(a.folded.len()));
    let mut by_first: HashMap<&str, Vec<&Alias>> = HashMap::default();
    for a in &aliases {
        by_first.entry(a.folded[0].as_str()).or_default().push(a);
    }
    let mut taken: Vec<Span> = cands.iter().map(|c| c.span).collect();
    taken.sort();
    let mut owner: HashMap<Span, usize> = HashMap::default();
    for (gi, g) in groups.iter().enumerate() {
        for &i in g {
            owner.insert(cands[i].span, gi);
        }
    }
    // free, or holding only shorter mentions of the same entity (`rudy` tagged in
    // `rudy giuliani`), which the longer match replaces
    let free = |taken: &[Span], s: Span, group: usize| {
        let p = taken.partition_point(|t| t.end <= s.start);
        taken[p..]
            .iter()
            .take_while(|t| t.start < s.end)
            .all(|t| !t.overlaps(s) || (s.contains(*t) && s != *t && owner.get(t) == Some(&group)))
    };
    let mut out = Vec::new();
    let ws = &ctx.ws;
    let mut i = 0;
    while i < ws.len() {
        let Some(cands_here) = by_first.get(&*ws[i].folded) else {
            i += 1;
            continue;
        };
        let mut next = i + 1;
        for a in cands_here {
            let n = a.folded.len();
            if i + n > ws.len()
                || (0..n).any(|k| ws[i + k].folded != a.folded[k])
                || (i..i + n - 1).any(|k| !joins(words::gap(text, ws[k].end, ws[k + 1].start)))
            {
                continue;
            }
            let mut span = Span::new(ws[i].start, ws[i + n - 1].end);
            if a.dot && text[span.end..].starts_with('.') {
                span.end += 1;
            }
            if !free(&taken, span, a.group) || attached(text, span) {
                continue;
            }
            let exact = (0..n).all(|k| strip_accents(&text[ws[i + k].start..ws[i + k].end]) == a.written[k]);
            let spaced = (i..i + n - 1)
                .all(|k| matches!(words::gap(text, ws[k].end, ws[k + 1].start), Gap::Space | Gap::Hyphen));
            let single_ok = n >= 2
                || is_acronym(&a.written[0])
                || (!is_function_word(&a.folded[0]) && !sentence_start(text, span.start));
            let ok = if exact {
                single_ok
                    && a.written[0].chars().next().is_some_and(|c| c.is_uppercase())
                    && !inside_unknown_name(ctx, i, i + n)
            } else if ctx.caseless_at(i) {
                n >= 2 && spaced
            } else {
                a.person && n >= 2 && spaced
            };
            if !ok {
                continue;
            }
            let mut c = ctx.cand(span, None, Origin::Found);
            c.key = a.folded.join(" ");
            out.push((c, a.group));
            let p = taken.partition_point(|t| *t < span);
            taken.insert(p, span);
            next = i + n;
            break;
        }
        i = next;
    }
    out
}

/// Joined to the text around it: `ex-England`, `Tripoli-based`, an e-mail address.
fn attached(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let mut after = text[span.end..].chars();
    let (a1, a2) = (after.next(), after.next());
    matches!(before, Some('-' | '@' | '.' | '_' | '/'))
        || matches!(a1, Some('-' | '@' | '_' | '/'))
        || (a1 == Some('.') && a2.is_some_and(char::is_alphanumeric))
}

/// True when byte `pos` starts a sentence or a line (where every word is capitalised).
pub(crate) fn sentence_start(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end_matches([' ', '\t', '"', '“', '‘', '\'', '(', '[']);
    before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':', '—'])
}

/// A single known word inside a longer capitalised name the tagger did not mark
/// (`Rudy` in `Rudy Smith`) is not a mention of the known entity.
fn inside_unknown_name(ctx: &Ctx<'_>, i: usize, j: usize) -> bool {
    if j != i + 1 {
        return false;
    }
    let neighbour = |k: usize| {
        let w = &ctx.ws[k];
        words::capitalised(ctx.text, w) && !is_function_word(&w.folded) && ctx.title_at(k).is_none()
    };
    let before = i > 0
        && words::gap(ctx.text, ctx.ws[i - 1].end, ctx.ws[i].start) == words::Gap::Space
        && neighbour(i - 1);
    let after = j < ctx.ws.len()
        && words::gap(ctx.text, ctx.ws[j - 1].end, ctx.ws[j].start) == words::Gap::Space
        && neighbour(j);
    before || after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits() {
        for (a, b, want) in [
            ("legare", "legaret", true),
            ("legaret", "legare", true),
            ("smith", "smyth", true),
            ("smith", "smith", false),
            ("smith", "smithers", false),
            ("rouhani", "rohani", true),
            ("abc", "xbcd", false),
            ("légaré", "legaré", true),
            ("légaré", "légarét", true),
            ("é", "", true),
            ("éa", "aé", false),
        ] {
            assert_eq!(one_edit(a, b), want, "{a} {b}");
        }
        assert!(ALL_KINDS.iter().enumerate().all(|(i, &k)| k as usize == i));
        assert!(is_suffix("giuliani", "rudy giuliani"));
        assert!(!is_suffix("iuliani", "rudy giuliani"));
        assert!(is_prefix("rudy", "rudy giuliani"));
    }
}
