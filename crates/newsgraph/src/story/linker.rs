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
}

impl Default for LinkConfig {
    fn default() -> Self {
        LinkConfig {
            threshold: 0.3,
            window_days: 10,
            max_posting: 400,
            centroid_size: 256,
            participant_penalty: 0.1,
            merge_threshold: 0.4,
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
}

impl Default for Active {
    fn default() -> Self {
        Active {
            founder: String::new(),
            centroid: FxHashMap::default(),
            norm: 0.0,
            size: 0,
            last_day: None,
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
            let mut sim = cosine(f, s);
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
                let shared = shared(f, s);
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
            if story_cosine(x, y) < self.cfg.merge_threshold || people_differ(x, y) {
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

fn cosine(f: &DocFeatures, s: &Active) -> f32 {
    if s.norm <= 0.0 {
        return 0.0;
    }
    let dot: f32 = f.terms.iter().filter_map(|(t, w)| s.centroid.get(t).map(|c| c * w)).sum();
    dot / s.norm
}

fn shared(f: &DocFeatures, s: &Active) -> Vec<String> {
    let mut v: Vec<(f32, &str)> =
        f.terms.iter().filter_map(|(t, w)| s.centroid.get(t).map(|c| (c * w, t.as_str()))).collect();
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

/// Cosine similarity of two story centroids.
fn story_cosine(a: &Active, b: &Active) -> f32 {
    let (small, large) = if a.centroid.len() <= b.centroid.len() { (a, b) } else { (b, a) };
    let mut terms: Vec<(&String, &f32)> = small.centroid.iter().collect();
    terms.sort_by(|x, y| x.0.cmp(y.0));
    let dot: f32 = terms.iter().filter_map(|(t, w)| large.centroid.get(*t).map(|c| c * *w)).sum();
    dot / (a.norm * b.norm).max(1e-9)
}

/// True when each story has people most of its documents name and the two share
/// no person at all.
fn people_differ(a: &Active, b: &Active) -> bool {
    let dominant = |s: &Active| s.people.values().any(|&n| 2 * n >= s.size);
    dominant(a) && dominant(b) && !a.people.keys().any(|p| b.people.contains_key(p))
}
