//! Cross-document entities: one identity per person, organisation and place across
//! the documents of a story.
//!
//! Two document entities are one identity when
//! - their keys are equal (`Rudy Giuliani` = `Rudy Giuliani`), or one's key is an
//!   alias of the other (`PMOI` in one document meets `People’s Mojahedin
//!   Organization of Iran` whose aliases hold `PMOI`) — for persons only full names
//!   count here, never a bare surname;
//! - both are persons with one surname and compatible first names (equal, an initial,
//!   or one edit apart: `Jean-François Legare` / `Jean-François Legaret`);
//! - a person named by surname alone (`Rajavi`, `Mayor Giuliani`) and exactly one
//!   full-named person of the story with that surname: with two (`Maryam Rajavi`,
//!   `Massoud Rajavi`) the bare surname stays apart, and the two stay two.
//!
//! The canonical name is the full name most documents use (then the longest, then
//! the first in order); every surface form becomes an alias.

use crate::entity::UnionFind;
use std::collections::{BTreeMap, BTreeSet};

use crate::model::{EntityKind, StoryEntity};

use super::features::{entity_key, DocFeatures, EntityFeature};

/// One identity across documents, with its members as (document index, entity index).
#[derive(Clone, Debug, PartialEq)]
pub struct CrossEntity {
    /// The record form.
    pub entity: StoryEntity,
    /// (document index in the story, entity index in that document's `entities`).
    pub members: Vec<(usize, usize)>,
    /// Total mentions.
    pub mentions: u32,
}

fn is_person(e: &EntityFeature) -> bool {
    e.kind == EntityKind::Person
}

/// (first names, surname) of a person key of two words or more.
fn split_name(key: &str) -> Option<(&str, &str)> {
    let i = key.rfind(' ')?;
    let (first, last) = (&key[..i], &key[i + 1..]);
    (!first.is_empty() && last.chars().count() >= 2).then_some((first, last))
}

fn one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 || a.len().min(b.len()) < 4 {
        return false;
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        match a.len().cmp(&b.len()) {
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Less => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    edits + (a.len() - i) + (b.len() - j) <= 1
}

fn first_names_compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (fa, fb) = (a.split(' ').next().unwrap_or(a), b.split(' ').next().unwrap_or(b));
    let fold = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                'à'..='å' => 'a',
                'è'..='ë' => 'e',
                'ì'..='ï' => 'i',
                'ò'..='ö' => 'o',
                'ù'..='ü' => 'u',
                'ç' => 'c',
                c => c,
            })
            .collect()
    };
    let (fa, fb) = (fold(fa), fold(fb));
    fa == fb
        || (fa.len() <= 2 || fb.len() <= 2) && fa.chars().next() == fb.chars().next()
        || fa.starts_with(&fb) && fb.len() >= 3
        || fb.starts_with(&fa) && fa.len() >= 3
}

/// Resolve the entities of a story's documents into cross-document identities,
/// most documents first (then most mentions, then name).
pub fn resolve(docs: &[&DocFeatures]) -> Vec<CrossEntity> {
    let mut items: Vec<(usize, usize, &EntityFeature)> = Vec::new();
    for (d, f) in docs.iter().enumerate() {
        for e in &f.entities {
            items.push((d, e.index, e));
        }
    }
    let n = items.len();
    let mut dsu = UnionFind::new(n);
    // Exact keys and full-name aliases.
    let mut by_key: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, (_, _, e)) in items.iter().enumerate() {
        if let Some(&o) = by_key.get(e.key.as_str()) {
            dsu.union(o, k);
        } else {
            by_key.insert(e.key.as_str(), k);
        }
    }
    for (k, (_, _, e)) in items.iter().enumerate() {
        for a in &e.aliases {
            if a == &e.key || a.chars().count() < 2 {
                continue;
            }
            // A person's one-word alias is a surname: handled below.
            if is_person(e) && !a.contains(' ') {
                continue;
            }
            if let Some(&o) = by_key.get(a.as_str()) {
                if is_person(items[o].2) == is_person(e) {
                    dsu.union(o, k);
                }
            }
        }
    }
    // Acronym aliases shared by two organisations (`PMOI` in both alias lists).
    let mut by_alias: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, (_, _, e)) in items.iter().enumerate() {
        if is_person(e) {
            continue;
        }
        for a in &e.aliases {
            if a != &e.key && a.len() >= 2 && a.chars().all(|c| c.is_alphanumeric()) && !a.contains(' ') {
                let upperish = e.name.len() > a.len();
                if !upperish {
                    continue;
                }
                if let Some(&o) = by_alias.get(a.as_str()) {
                    dsu.union(o, k);
                } else {
                    by_alias.insert(a.as_str(), k);
                }
            }
        }
    }
    // Persons: full names by surname and compatible first names.
    let mut full: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (k, (_, _, e)) in items.iter().enumerate() {
        if is_person(e) {
            if let Some((_, last)) = split_name(&e.key) {
                full.entry(last.to_string()).or_default().push(k);
            }
        }
    }
    let surnames: Vec<String> = full.keys().cloned().collect();
    for (i, a) in surnames.iter().enumerate() {
        for b in &surnames[i + 1..] {
            if one_edit(a, b) {
                // Merge only persons whose first names agree too.
                let (xa, xb) = (full[a].clone(), full[b].clone());
                for &p in &xa {
                    for &q in &xb {
                        let (fa, fb) = (split_name(&items[p].2.key), split_name(&items[q].2.key));
                        if let (Some((f1, _)), Some((f2, _))) = (fa, fb) {
                            if f1 == f2 {
                                dsu.union(p, q);
                            }
                        }
                    }
                }
            }
        }
    }
    for ks in full.values() {
        for (i, &p) in ks.iter().enumerate() {
            for &q in &ks[i + 1..] {
                let (f1, _) = split_name(&items[p].2.key).expect("full name");
                let (f2, _) = split_name(&items[q].2.key).expect("full name");
                if first_names_compatible(f1, f2) {
                    dsu.union(p, q);
                }
            }
        }
    }
    // Bare surnames (and one-word persons): join the one identity with that surname.
    for (k, (_, _, e)) in items.iter().enumerate() {
        if !is_person(e) || split_name(&e.key).is_some() {
            continue;
        }
        let Some(ks) = full.get(&e.key) else { continue };
        let roots: BTreeSet<usize> = ks.iter().map(|&p| dsu.find(p)).collect();
        if roots.len() == 1 {
            dsu.union(ks[0], k);
        }
    }
    // Assemble.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for k in 0..n {
        let r = dsu.find(k);
        groups.entry(r).or_default().push(k);
    }
    let mut out: Vec<CrossEntity> = groups.into_values().map(|ks| assemble(&ks, &items, docs)).collect();
    out.sort_by(|a, b| {
        b.entity
            .documents
            .len()
            .cmp(&a.entity.documents.len())
            .then(b.mentions.cmp(&a.mentions))
            .then_with(|| a.entity.name.cmp(&b.entity.name))
    });
    out
}

/// One identity from its members: the name most documents use (then the most words,
/// the most mentions, the first seen), the kind most mentions have.
fn assemble(ks: &[usize], items: &[(usize, usize, &EntityFeature)], docs: &[&DocFeatures]) -> CrossEntity {
    let mut names: BTreeMap<&str, (BTreeSet<usize>, usize, u32)> = BTreeMap::new();
    let mut kinds: BTreeMap<EntityKind, u32> = BTreeMap::new();
    let mut aliases: BTreeSet<String> = BTreeSet::new();
    let mut documents: BTreeSet<usize> = BTreeSet::new();
    let mut mentions = 0;
    for &k in ks {
        let (d, _, e) = items[k];
        let slot = names.entry(e.name.as_str()).or_insert((BTreeSet::new(), k, 0));
        slot.0.insert(d);
        slot.2 += e.mentions;
        *kinds.entry(e.kind).or_default() += e.mentions;
        aliases.insert(e.name.clone());
        documents.insert(d);
        mentions += e.mentions;
    }
    let name = names
        .iter()
        .max_by_key(|(n, (ds, first, m))| (ds.len(), n.split(' ').count(), *m, std::cmp::Reverse(*first)))
        .map(|(n, _)| n.to_string())
        .unwrap_or_default();
    let kind =
        kinds.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map_or(EntityKind::Other, |(k, _)| *k);
    CrossEntity {
        entity: StoryEntity {
            name,
            kind: kind_name(kind).to_string(),
            aliases: aliases.into_iter().collect(),
            documents: documents.iter().map(|&d| docs[d].id.clone()).collect(),
        },
        members: ks.iter().map(|&k| (items[k].0, items[k].1)).collect(),
        mentions,
    }
}

/// Add each entity's full surface forms to its aliases (the features hold keys only).
pub fn with_surface_aliases(
    mut ents: Vec<CrossEntity>,
    docs: &[&crate::model::Document],
) -> Vec<CrossEntity> {
    for ce in &mut ents {
        let mut set: BTreeSet<String> = ce.entity.aliases.iter().cloned().collect();
        for &(d, i) in &ce.members {
            if let Some(e) = docs.get(d).and_then(|doc| doc.entities.get(i)) {
                set.extend(e.aliases.iter().cloned());
            }
        }
        ce.entity.aliases = set.into_iter().collect();
    }
    ents
}

/// `PERSON`, `ORG`, `PLACE` or `OTHER`.
pub fn kind_name(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "PERSON",
        EntityKind::Org => "ORG",
        EntityKind::Place => "PLACE",
        EntityKind::Other => "OTHER",
    }
}

/// The key under which two names are one (exported for callers that match names).
pub fn key(name: &str) -> String {
    entity_key(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(name: &str, kind: EntityKind, aliases: &[&str]) -> EntityFeature {
        let mut a: Vec<String> = aliases.iter().map(|x| entity_key(x)).collect();
        a.push(entity_key(name));
        a.sort();
        a.dedup();
        EntityFeature {
            key: entity_key(name),
            name: name.into(),
            kind,
            aliases: a,
            mentions: 1,
            local_place: false,
            index: 0,
        }
    }

    fn doc(id: &str, ents: Vec<EntityFeature>) -> DocFeatures {
        DocFeatures { id: id.into(), entities: ents, ..DocFeatures::default() }
    }

    fn render(docs: &[DocFeatures]) -> Vec<String> {
        let refs: Vec<&DocFeatures> = docs.iter().collect();
        let mut v: Vec<String> = resolve(&refs)
            .into_iter()
            .map(|c| {
                format!("{} [{}] {}", c.entity.name, c.entity.aliases.join("|"), c.entity.documents.join(","))
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn aliases_surnames_and_spelling_variants_meet() {
        use EntityKind::*;
        let a = doc(
            "a",
            vec![
                ent("Rudy Giuliani", Person, &["Giuliani", "Mayor Giuliani"]),
                ent("People’s Mujahedin Organization of Iran", Org, &["PMOI", "MEK"]),
                ent("Rajavi", Person, &["Madam Rajavi"]),
                ent("Jean-François Legare", Person, &[]),
            ],
        );
        let b = doc(
            "b",
            vec![
                ent("Giuliani", Person, &[]),
                ent("People's Mojahedin Organization of Iran", Org, &["PMOI", "MeK"]),
                ent("Maryam Rajavi", Person, &[]),
                ent("Jean-François Legaret", Person, &[]),
            ],
        );
        let got = render(&[a, b]);
        assert_eq!(
            got,
            vec![
                "Jean-François Legare [Jean-François Legare|Jean-François Legaret] a,b",
                "Maryam Rajavi [Maryam Rajavi|Rajavi] a,b",
                "People’s Mujahedin Organization of Iran [People's Mojahedin Organization of Iran|People’s Mujahedin Organization of Iran] a,b",
                "Rudy Giuliani [Giuliani|Rudy Giuliani] a,b",
            ]
        );
    }

    #[test]
    fn two_people_with_one_surname_stay_two() {
        use EntityKind::*;
        let a = doc("a", vec![ent("Maryam Rajavi", Person, &[]), ent("Rajavi", Person, &[])]);
        let b = doc("b", vec![ent("Massoud Rajavi", Person, &[])]);
        let got = render(&[a, b]);
        assert_eq!(
            got,
            vec!["Maryam Rajavi [Maryam Rajavi] a", "Massoud Rajavi [Massoud Rajavi] b", "Rajavi [Rajavi] a"]
        );
    }
}
