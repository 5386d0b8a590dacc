//! Streaming story linking: [`Linker`] places one document at a time into the story
//! it belongs to, or starts a new one.
//!
//! The recipe is Event Registry's, with features that tell two similar events apart:
//! - every story keeps a centroid (sum of its documents' normalised feature
//!   vectors, pruned to its heaviest features) and the last publication day seen;
//! - candidates come from an inverted index keyed by [`blocking_keys`] (a document's
//!   heaviest rare words, entities and local places): a story is scored only if it
//!   shares a key with the document, so nothing is ever all-pairs;
//! - a document joins the candidate of highest cosine similarity at or above
//!   [`LinkConfig::threshold`] (ties go to the older story), else it founds a story;
//! - features most of the stream shares (`Trump` in a campaign's coverage) weigh less
//!   in both the document and the centroids ([`LinkConfig::common_share`], counted
//!   over the recent documents), and a story accepts documents for at most
//!   [`LinkConfig::max_span_days`] after its first one: without both, a stream about
//!   one topic chains its daily stories into one (PolNeAR's 924 campaign articles
//!   made a 599-document "story");
//! - a story whose last document is more than [`LinkConfig::window_days`] older
//!   than the newest document seen is retired: it leaves the index and memory, so
//!   memory is bounded by the window, not the corpus. Documents without a date are
//!   never retired nor kept out by the window.
//!
//! The state is serialisable, and rebuildable by replaying the stored features in
//! the same order: [`super::link`] orders documents by publication date, then id,
//! so one run and several (the store adds documents as they arrive, in that order)
//! give the same stories.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::features::{blocking_keys, DocFeatures};

/// Linking parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkConfig {
    /// Lowest cosine similarity between a document and a story centroid to join it.
    pub threshold: f32,
    /// Days after its last document that a story stays open.
    pub window_days: i32,
    /// Keys whose posting list holds more active stories than this are too common
    /// to propose candidates.
    pub max_posting: usize,
    /// Features a centroid keeps (the heaviest).
    pub centroid_size: usize,
    /// Subtracted from the similarity when the document names people and none of
    /// them is in the story, while the story has people most of its documents name
    /// (two arrests of two players of one team are two stories).
    pub participant_penalty: f32,
    /// Lowest cosine similarity between two story centroids for the stories to
    /// merge (checked when a document joins one of them and is near the other).
    pub merge_threshold: f32,
    /// Features in more than this share of the documents seen so far are the
    /// stream's topic, not a story's: their weight in the similarity is scaled by
    /// `sqrt(common_share / share)` (`Trump` in a campaign's coverage; a fixed
    /// background frequency cannot know what a given stream is about). 1 disables.
    #[serde(default = "default_common_share")]
    pub common_share: f32,
    /// Days after a story's first document that it still accepts documents: a story
    /// is one event or development, and a topic's daily coverage must not chain into
    /// one story for months. 0 disables.
    #[serde(default = "default_max_span")]
    pub max_span_days: i32,
}

fn default_common_share() -> f32 {
    LinkConfig::default().common_share
}

fn default_max_span() -> i32 {
    LinkConfig::default().max_span_days
}

/// Documents seen before the stream's own frequencies are trusted.
const MIN_DOCS_FOR_SHARE: u32 = 20;
/// The stream's feature counts are halved every this many documents (recent
/// frequencies count, and the table stays bounded: halved-to-zero features leave).
const SHARE_HALF_LIFE: u32 = 20_000;

impl Default for LinkConfig {
    fn default() -> Self {
        LinkConfig {
            threshold: 0.3,
            window_days: 10,
            max_posting: 400,
            centroid_size: 256,
            participant_penalty: 0.1,
            merge_threshold: 0.4,
            common_share: 0.1,
            max_span_days: 14,
        }
    }
}

/// Where [`Linker::add`] put a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// The story's number (in order of creation within this linker).
    pub story: u64,
    /// The id of the document that founded the story: a stable name for it.
    pub founder: String,
    /// True when the document founded the story.
    pub new: bool,
    /// Similarity to the story it joined (1 for a founder).
    pub score: f32,
    /// The features that contributed most to the similarity (for `why`).
    pub shared: Vec<String>,
    /// Stories merged into `story` by this document (their documents now belong
    /// to `story`), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<u64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Active {
    founder: String,
    centroid: FxHashMap<String, f32>,
    norm: f32,
    size: u32,
    last_day: Option<i32>,
    /// The first publication day of its documents.
    #[serde(default)]
    first_day: Option<i32>,
    keys: FxHashSet<String>,
    /// Person keys (`n:…`) and in how many of the story's documents each is.
    people: FxHashMap<String, u32>,
}

/// The online story linker (see the module header).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Linker {
    cfg: LinkConfig,
    active: FxHashMap<u64, Active>,
    index: FxHashMap<String, Vec<u64>>,
    next: u64,
    newest_day: Option<i32>,
    since_sweep: u32,
    /// How many of the recent documents have each feature (see `common_share`).
    #[serde(default)]
    df: FxHashMap<String, u32>,
    /// Documents counted in `df`.
    #[serde(default)]
    seen: u32,
}

impl Default for Active {
    fn default() -> Self {
        Active {
            founder: String::new(),
            centroid: FxHashMap::default(),
            norm: 0.0,
            size: 0,
            last_day: None,
            first_day: None,
            keys: FxHashSet::default(),
            people: FxHashMap::default(),
        }
    }
}

impl Linker {
    /// An empty linker.
    pub fn new(cfg: LinkConfig) -> Linker {
        Linker { cfg, ..Linker::default() }
    }

    /// Stories currently open (not retired).
    pub fn open_stories(&self) -> usize {
        self.active.len()
    }

    /// Place one document; returns the story it joined or founded.
    pub fn add(&mut self, f: &DocFeatures) -> Assignment {
        let day = f.day();
        if let Some(d) = day {
            self.newest_day = Some(self.newest_day.map_or(d, |n| n.max(d)));
        }
        self.since_sweep += 1;
        if self.since_sweep >= 256 {
            self.retire();
        }
        self.count(f);
        let fw = self.reweigh(f);
        let keys = blocking_keys(f);
        let mut cands: Vec<u64> = Vec::new();
        for k in &keys {
            if let Some(p) = self.index.get(k) {
                if p.len() <= self.cfg.max_posting {
                    cands.extend(p.iter().copied());
                }
            }
        }
        cands.sort_unstable();
        cands.dedup();
        let mut best: Option<(f32, u64)> = None;
        let mut near: Vec<u64> = Vec::new();
        for id in cands {
            let Some(s) = self.active.get(&id) else { continue };
            if let (Some(d), Some(l)) = (day, s.last_day) {
                if (d - l).abs() > self.cfg.window_days {
                    continue;
                }
            }
            if let (Some(d), Some(first), true) = (day, s.first_day, self.cfg.max_span_days > 0) {
                if d - first > self.cfg.max_span_days {
                    continue;
                }
            }
            let mut sim = if fw.1 { self.cosine_reweighed(&fw.0, s) } else { cosine(&fw.0, s) };
            if participants_differ(f, s) {
                sim -= self.cfg.participant_penalty;
            }
            if sim >= 0.5 * self.cfg.threshold {
                near.push(id);
            }
            if best.is_none_or(|(b, _)| sim > b) {
                best = Some((sim, id));
            }
        }
        let (id, mut a) = match best {
            Some((sim, id)) if sim >= self.cfg.threshold => {
                let s = self.active.get_mut(&id).expect("candidate is active");
                let shared = shared(&fw.0, s);
                absorb(s, f, day, self.cfg.centroid_size);
                for k in keys {
                    if s.keys.insert(k.clone()) {
                        self.index.entry(k).or_default().push(id);
                    }
                }
                let a = Assignment {
                    story: id,
                    founder: s.founder.clone(),
                    new: false,
                    score: sim,
                    shared,
                    merged: Vec::new(),
                };
                (id, a)
            }
            _ => {
                let id = self.next;
                self.next += 1;
                let mut s = Active { founder: f.id.clone(), ..Active::default() };
                absorb(&mut s, f, day, self.cfg.centroid_size);
                for k in keys {
                    s.keys.insert(k.clone());
                    self.index.entry(k).or_default().push(id);
                }
                self.active.insert(id, s);
                let a = Assignment {
                    story: id,
                    founder: f.id.clone(),
                    new: true,
                    score: 1.0,
                    shared: Vec::new(),
                    merged: Vec::new(),
                };
                (id, a)
            }
        };
        // The story the document went to may now be one with a near story.
        let mut into = id;
        for other in near {
            if other == into || !self.active.contains_key(&other) {
                continue;
            }
            let (x, y) = (&self.active[&into], &self.active[&other]);
            let span = match (x.first_day.min(y.first_day), x.last_day.max(y.last_day)) {
                (Some(first), Some(last)) if self.cfg.max_span_days > 0 => last - first,
                _ => 0,
            };
            if story_cosine(x, y, |t| self.topic_factor(t)) < self.cfg.merge_threshold
                || people_differ(x, y)
                || span > self.cfg.max_span_days
            {
                continue;
            }
            let (keep, gone) = if other < into { (other, into) } else { (into, other) };
            self.merge(keep, gone);
            a.merged.push(gone);
            into = keep;
        }
        if into != id {
            a.story = into;
            a.founder = self.active[&into].founder.clone();
        }
        a.merged.sort_unstable();
        a
    }

    /// Count the document's features in the stream's frequencies.
    fn count(&mut self, f: &DocFeatures) {
        for (t, _) in &f.terms {
            *self.df.entry(t.clone()).or_default() += 1;
        }
        self.seen += 1;
        if self.seen >= SHARE_HALF_LIFE {
            self.seen /= 2;
            self.df.retain(|_, n| {
                *n /= 2;
                *n > 0
            });
        }
    }

    /// The document's features with the stream's topic features weighed down
    /// (`common_share`), L2-normalised again.
    /// Also says whether any weight changed (then centroids must be reweighed too).
    fn reweigh(&self, f: &DocFeatures) -> (Vec<(String, f32)>, bool) {
        let mut v: Vec<(String, f32)> = f.terms.clone();
        let mut changed = false;
        for (t, w) in &mut v {
            let g = self.topic_factor(t);
            if g < 1.0 {
                *w *= g;
                changed = true;
            }
        }
        if changed {
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt().max(1e-9);
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        (v, changed)
    }

    /// How much a feature counts: 1, or less for the stream's topic features.
    fn topic_factor(&self, t: &str) -> f32 {
        let cs = self.cfg.common_share;
        if cs >= 1.0 || self.seen < MIN_DOCS_FOR_SHARE {
            return 1.0;
        }
        let share = self.df.get(t).copied().unwrap_or(0) as f32 / self.seen as f32;
        if share > cs {
            (cs / share).sqrt()
        } else {
            1.0
        }
    }

    /// Cosine of reweighed document features and the story centroid reweighed alike.
    fn cosine_reweighed(&self, terms: &[(String, f32)], s: &Active) -> f32 {
        let mut norm = 0.0f32;
        let mut ws: Vec<f32> = s.centroid.iter().map(|(t, c)| c * self.topic_factor(t)).collect();
        ws.sort_by(f32::total_cmp);
        for w in ws {
            norm += w * w;
        }
        let norm = norm.sqrt();
        if norm <= 0.0 {
            return 0.0;
        }
        let dot: f32 =
            terms.iter().filter_map(|(t, w)| s.centroid.get(t).map(|c| c * self.topic_factor(t) * w)).sum();
        dot / norm
    }

    /// Merge story `gone` into story `keep`.
    fn merge(&mut self, keep: u64, gone: u64) {
        let Some(g) = self.active.remove(&gone) else { return };
        let cap = self.cfg.centroid_size;
        let k = self.active.get_mut(&keep).expect("merge target is active");
        // Each key is added once, so the order of the additions does not matter.
        let mut terms: Vec<(String, f32)> = g.centroid.into_iter().collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        for (t, w) in terms {
            *k.centroid.entry(t).or_default() += w;
        }
        let mut people: Vec<(String, u32)> = g.people.into_iter().collect();
        people.sort();
        for (p, n) in people {
            *k.people.entry(p).or_default() += n;
        }
        k.size += g.size;
        k.last_day = match (k.last_day, g.last_day) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        k.first_day = match (k.first_day, g.first_day) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        prune(k, cap);
        let mut keys: Vec<String> = g.keys.into_iter().collect();
        keys.sort();
        for key in keys {
            if k.keys.insert(key.clone()) {
                self.index.entry(key).or_default().push(keep);
            }
        }
    }

    /// Drop the stories whose last document is older than the window.
    fn retire(&mut self) {
        self.since_sweep = 0;
        let Some(newest) = self.newest_day else { return };
        let w = self.cfg.window_days;
        let before = self.active.len();
        self.active.retain(|_, s| s.last_day.is_none_or(|l| newest - l <= w));
        if self.active.len() == before {
            return;
        }
        let active = &self.active;
        self.index.retain(|_, p| {
            p.retain(|id| active.contains_key(id));
            !p.is_empty()
        });
    }
}

/// True when the document names people, none of them is in the story, and the
/// story has people that at least half of its documents name.
fn participants_differ(f: &DocFeatures, s: &Active) -> bool {
    let mut any = false;
    for (t, _) in f.terms.iter().filter(|(t, _)| t.starts_with("n:")) {
        if s.people.contains_key(t) {
            return false;
        }
        any = true;
    }
    any && s.people.values().any(|&n| 2 * n >= s.size)
}

fn cosine(terms: &[(String, f32)], s: &Active) -> f32 {
    if s.norm <= 0.0 {
        return 0.0;
    }
    let dot: f32 = terms.iter().filter_map(|(t, w)| s.centroid.get(t).map(|c| c * w)).sum();
    dot / s.norm
}

fn shared(terms: &[(String, f32)], s: &Active) -> Vec<String> {
    let mut v: Vec<(f32, &str)> =
        terms.iter().filter_map(|(t, w)| s.centroid.get(t).map(|c| (c * w, t.as_str()))).collect();
    v.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    v.into_iter().take(6).map(|(_, t)| t.to_string()).collect()
}

fn absorb(s: &mut Active, f: &DocFeatures, day: Option<i32>, cap: usize) {
    for (t, w) in &f.terms {
        *s.centroid.entry(t.clone()).or_default() += w;
    }
    s.size += 1;
    for (t, _) in f.terms.iter().filter(|(t, _)| t.starts_with("n:")) {
        *s.people.entry(t.clone()).or_default() += 1;
    }
    if let Some(d) = day {
        s.last_day = Some(s.last_day.map_or(d, |l| l.max(d)));
        s.first_day = Some(s.first_day.map_or(d, |l| l.min(d)));
    }
    prune(s, cap);
}

/// Keep the centroid's heaviest features when it has grown past twice the cap, and
/// refresh its norm.
fn prune(s: &mut Active, cap: usize) {
    if s.centroid.len() > 2 * cap {
        let mut v: Vec<(String, f32)> = s.centroid.drain().collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.truncate(cap);
        s.centroid = v.into_iter().collect();
    }
    let mut ws: Vec<f32> = s.centroid.values().copied().collect();
    ws.sort_by(f32::total_cmp);
    s.norm = ws.iter().map(|w| w * w).sum::<f32>().sqrt();
}

/// Cosine similarity of two story centroids, each feature weighed by `factor`
/// (the stream's topic features count less, see [`LinkConfig::common_share`]).
fn story_cosine(a: &Active, b: &Active, factor: impl Fn(&str) -> f32) -> f32 {
    let (small, large) = if a.centroid.len() <= b.centroid.len() { (a, b) } else { (b, a) };
    let mut terms: Vec<(&String, &f32)> = small.centroid.iter().collect();
    terms.sort_by(|x, y| x.0.cmp(y.0));
    let dot: f32 =
        terms.iter().filter_map(|(t, w)| large.centroid.get(*t).map(|c| c * *w * factor(t).powi(2))).sum();
    let norm = |s: &Active| {
        let mut ws: Vec<f32> = s.centroid.iter().map(|(t, c)| c * factor(t)).collect();
        ws.sort_by(f32::total_cmp);
        ws.iter().map(|w| w * w).sum::<f32>().sqrt()
    };
    dot / (norm(a) * norm(b)).max(1e-9)
}

/// True when each story has people most of its documents name and the two share
/// no person at all.
fn people_differ(a: &Active, b: &Active) -> bool {
    let dominant = |s: &Active| s.people.values().any(|&n| 2 * n >= s.size);
    dominant(a) && dominant(b) && !a.people.keys().any(|p| b.people.contains_key(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: usize, day: u32, terms: &[(&str, f32)]) -> DocFeatures {
        let norm = terms.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        let mut terms: Vec<(String, f32)> = terms.iter().map(|(t, w)| (t.to_string(), w / norm)).collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let date = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap() + chrono::Duration::days(day as i64);
        DocFeatures {
            id: format!("d{id:03}"),
            published: Some(date.format("%Y-%m-%d").to_string()),
            terms,
            ..DocFeatures::default()
        }
    }

    /// Two reports a day on one campaign: every one names the same two people, and
    /// each day's pair shares its own event words.
    fn campaign() -> Vec<DocFeatures> {
        (0..120)
            .map(|i| {
                let day = (i / 2) as u32;
                let (a, b) = (format!("event{day}"), format!("place{day}"));
                doc(i, day, &[("n:trump", 0.7), ("n:clinton", 0.5), (&a, 0.35), (&b, 0.3)])
            })
            .collect()
    }

    fn sizes(cfg: LinkConfig, docs: &[DocFeatures]) -> Vec<usize> {
        let mut l = Linker::new(cfg);
        let mut n: BTreeMap<u64, usize> = BTreeMap::new();
        for d in docs {
            let a = l.add(d);
            let moved: usize = a.merged.iter().filter_map(|g| n.remove(g)).sum();
            *n.entry(a.story).or_default() += 1 + moved;
        }
        let mut v: Vec<usize> = n.into_values().collect();
        v.sort_unstable_by(|a, b| b.cmp(a));
        v
    }

    use std::collections::BTreeMap;

    #[test]
    fn a_streams_topic_does_not_chain_its_days_into_one_story() {
        let docs = campaign();
        let off = LinkConfig { common_share: 1.0, max_span_days: 0, ..LinkConfig::default() };
        assert!(sizes(off, &docs)[0] > 20, "without the stream's frequencies the campaign chains");
        let on = sizes(LinkConfig::default(), &docs);
        // Until the stream's frequencies are known (the first documents) and for the
        // span of that first story, the campaign still chains; after it, one day's
        // reports are one story.
        let chained: usize = on.iter().filter(|&&n| n > 4).sum();
        assert!(chained <= 32, "one day's reports are one story, not the campaign: {on:?}");
        assert!(on.len() >= 40, "{on:?}");
    }

    #[test]
    fn a_story_stops_accepting_documents_after_its_span() {
        let docs: Vec<DocFeatures> =
            (0..40).map(|i| doc(i, i as u32, &[("trial", 0.6), ("n:smith", 0.6), ("court", 0.5)])).collect();
        let open = LinkConfig { max_span_days: 0, common_share: 1.0, ..LinkConfig::default() };
        assert_eq!(sizes(open, &docs), vec![40]);
        let capped = LinkConfig { common_share: 1.0, ..LinkConfig::default() };
        let s = sizes(capped, &docs);
        assert!(s.len() >= 3 && s[0] <= 15, "{s:?}");
    }

    #[test]
    fn a_saved_linker_goes_on_as_if_never_stopped() {
        let docs = campaign();
        let mut one = Linker::new(LinkConfig::default());
        let whole: Vec<Assignment> = docs.iter().map(|d| one.add(d)).collect();
        let mut first = Linker::new(LinkConfig::default());
        let mut halves: Vec<Assignment> = docs[..70].iter().map(|d| first.add(d)).collect();
        let saved = serde_json::to_string(&first).unwrap();
        let mut second: Linker = serde_json::from_str(&saved).unwrap();
        halves.extend(docs[70..].iter().map(|d| second.add(d)));
        assert_eq!(whole, halves);
    }
}
