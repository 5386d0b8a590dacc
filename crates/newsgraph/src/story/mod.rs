//! Stories across documents: link the reports of one real-world event, resolve their
//! entities into one identity each, and compare what they claim.
//!
//! Pure functions over documents; no I/O. The API other crates build on (the store
//! calls it incrementally, the scale-out job per block) — kept stable:
//!
//! - [`features`]`(&Document) -> `[`DocFeatures`]: what linking needs of one article
//!   (weighted words, entity keys with aliases, local places, numbers, publication
//!   date, event types), compact and `Serialize + Deserialize`: compute it once per
//!   article and store it.
//! - [`blocking_keys`]`(&DocFeatures) -> Vec<String>`: the keys the linker's inverted
//!   index uses to find candidate stories (a document's heaviest rare words,
//!   `e:<entity>` and `p:<place>` keys). A distributed group-by on them brings every
//!   document together with every story it could join.
//! - [`Linker`]: `Linker::new(`[`LinkConfig`]`)`, `add(&DocFeatures) -> `[`Assignment`]
//!   (the story number, its founding document id — a stable name —, the similarity
//!   and the shared features that explain it). Streaming: no all-pairs, stories retire
//!   after a time window. The state is serialisable, and rebuildable by replaying
//!   stored features in (publication date, id) order, the order [`link`] uses: one run
//!   and several give the same stories.
//! - [`describe`]`(id, &[&Document], why) -> `[`Story`]: label, shared and
//!   cross-document entities, agreements and discrepancies of one story's documents.
//! - [`compare`]`(&[&Document]) -> (Vec<Agreement>, Vec<Discrepancy>)`, [`label`],
//!   [`shared_entities`]: the parts of `describe`.
//! - [`link`]`(&[Document]) -> `[`Corpus`]: all of it, for `analyze --stories`.
//!
//! Order: documents by (publication date, id), undated ones after dated ones; a
//! story's documents in that order; stories by their first document; ids `s1`, `s2`…
//! in that order. Input order never matters.

pub mod claim;
pub mod compare;
pub mod entities;
pub mod features;
pub mod linker;

use std::collections::BTreeMap;

use crate::model::{Agreement, Corpus, Discrepancy, Document, Story, SCHEMA_VERSION};

pub use compare::compare;
pub use entities::CrossEntity;
pub use features::{blocking_keys, features, DocFeatures};
pub use linker::{Assignment, LinkConfig, Linker};

/// The order documents are linked in: dated ones by date, then undated; ties by id.
pub fn link_order(f: &DocFeatures) -> (bool, String, String) {
    (f.published.is_none(), f.published.clone().unwrap_or_default(), f.id.clone())
}

/// Link documents into stories and describe each (the corpus record).
pub fn link(docs: &[Document]) -> Corpus {
    link_with(docs, LinkConfig::default())
}

/// [`link`] with given parameters.
pub fn link_with(docs: &[Document], cfg: LinkConfig) -> Corpus {
    let feats: Vec<DocFeatures> = docs.iter().map(features).collect();
    let groups = cluster(&feats, cfg);
    let stories = groups
        .into_iter()
        .enumerate()
        .map(|(k, (members, why))| {
            let ds: Vec<&Document> = members.iter().map(|&i| &docs[i]).collect();
            describe(&format!("s{}", k + 1), &ds, why)
        })
        .collect();
    Corpus { schema: SCHEMA_VERSION, corpus: true, stories }
}

/// Cluster features into stories: each story's member indices (in link order) and
/// why each later member joined. Stories in order of their first member.
pub fn cluster(feats: &[DocFeatures], cfg: LinkConfig) -> Vec<(Vec<usize>, Vec<String>)> {
    let mut order: Vec<usize> = (0..feats.len()).collect();
    order.sort_by_cached_key(|&i| link_order(&feats[i]));
    cluster_in_order(feats, &order, cfg)
}

/// [`cluster`] with the documents linked in the order given (to measure how much the
/// order matters; [`cluster`] always uses [`link_order`]).
pub fn cluster_in_order(
    feats: &[DocFeatures],
    order: &[usize],
    cfg: LinkConfig,
) -> Vec<(Vec<usize>, Vec<String>)> {
    let mut rank = vec![0usize; feats.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let mut linker = Linker::new(cfg);
    let mut groups: BTreeMap<u64, (Vec<usize>, Vec<String>)> = BTreeMap::new();
    for &i in order {
        let a = linker.add(&feats[i]);
        for gone in &a.merged {
            if let Some((ms, why)) = groups.remove(gone) {
                let g = groups.entry(a.story).or_default();
                g.0.extend(ms);
                g.1.extend(why);
            }
        }
        let g = groups.entry(a.story).or_default();
        g.0.push(i);
        if !a.new || !a.merged.is_empty() {
            g.1.push(explain(&feats[i].id, &a));
        }
    }
    let mut out: Vec<(Vec<usize>, Vec<String>)> = groups.into_values().collect();
    for g in &mut out {
        g.0.sort_by_key(|&i| rank[i]);
    }
    out.sort_by_key(|g| g.0.first().map(|&i| rank[i]));
    out
}

/// `doc joined (similarity 0.41): shared Hugh Jackman, Oscar, host`.
pub fn explain(id: &str, a: &Assignment) -> String {
    let shared: Vec<&str> = a
        .shared
        .iter()
        .map(|s| s.get(2..).filter(|_| s.as_bytes().get(1) == Some(&b':')).unwrap_or(s))
        .collect();
    format!("{id} joined {} (similarity {:.2}): shared {}", a.founder, a.score, shared.join(", "))
}

/// The record of one story from its documents (in the order given).
pub fn describe(id: &str, docs: &[&Document], why: Vec<String>) -> Story {
    let feats: Vec<DocFeatures> = docs.iter().map(|d| features(d)).collect();
    let frefs: Vec<&DocFeatures> = feats.iter().collect();
    let ents = entities::with_surface_aliases(entities::resolve(&frefs), docs);
    let (agreements, discrepancies) = compare::compare_with(docs, &ents);
    Story {
        id: id.to_string(),
        documents: docs.iter().map(|d| d.id.clone()).collect(),
        label: label_of(&frefs, &ents),
        shared_entities: shared_of(&ents),
        why,
        entities: ents.iter().filter(|e| e.entity.documents.len() >= 2).map(|e| e.entity.clone()).collect(),
        agreements,
        discrepancies,
    }
}

/// Canonical names of the entities two or more of the documents share, most shared
/// first (nationality words left out).
pub fn shared_entities(docs: &[&Document]) -> Vec<String> {
    let feats: Vec<DocFeatures> = docs.iter().map(|d| features(d)).collect();
    let frefs: Vec<&DocFeatures> = feats.iter().collect();
    shared_of(&entities::resolve(&frefs))
}

fn shared_of(ents: &[CrossEntity]) -> Vec<String> {
    ents.iter()
        .filter(|e| e.entity.documents.len() >= 2 && !is_demonym(&e.entity))
        .map(|e| e.entity.name.clone())
        .collect()
}

fn is_demonym(e: &crate::model::StoryEntity) -> bool {
    e.kind == "OTHER"
        && crate::entity::Lexicons::embedded()
            .demonym(&e.name.to_lowercase())
            .iter()
            .any(|d| d.kind != crate::entity::DemonymKind::Alias)
}

/// A short label for a story: its central words, entities and place.
pub fn label(docs: &[&Document]) -> String {
    let feats: Vec<DocFeatures> = docs.iter().map(|d| features(d)).collect();
    let frefs: Vec<&DocFeatures> = feats.iter().collect();
    label_of(&frefs, &entities::resolve(&frefs))
}

fn label_of(feats: &[&DocFeatures], ents: &[CrossEntity]) -> String {
    // Central words: summed weights of plain words over the documents.
    let mut words: BTreeMap<&str, f32> = BTreeMap::new();
    for f in feats {
        for (t, w) in &f.terms {
            if !t.contains(':') && t.chars().all(|c| c.is_alphabetic() || c == '-') {
                *words.entry(t.as_str()).or_default() += w;
            }
        }
    }
    let names: Vec<String> = ents.iter().take(12).map(|e| e.entity.name.to_lowercase()).collect();
    let mut ws: Vec<(&str, f32)> =
        words.into_iter().filter(|(w, _)| !names.iter().any(|n| n.split(' ').any(|x| x == *w))).collect();
    ws.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let topic: Vec<&str> = ws.iter().take(2).map(|(w, _)| *w).collect();
    let who: Vec<&str> = ents
        .iter()
        .filter(|e| e.entity.kind != "PLACE" && !is_demonym(&e.entity))
        .take(2)
        .map(|e| e.entity.name.as_str())
        .collect();
    let place = ents.iter().find(|e| e.entity.kind == "PLACE").map(|e| e.entity.name.as_str());
    let mut label = topic.join(", ");
    if !who.is_empty() {
        if !label.is_empty() {
            label.push_str(": ");
        }
        label.push_str(&who.join(", "));
    }
    if let Some(p) = place {
        if label.is_empty() {
            label.push_str(p);
        } else {
            label.push_str(" in ");
            label.push_str(p);
        }
    }
    label
}

/// Re-exported for the store: the claims of one story's documents, compared.
pub type Comparison = (Vec<Agreement>, Vec<Discrepancy>);
