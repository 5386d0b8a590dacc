//! What linking needs of one document, computed once per article: [`DocFeatures`].
//!
//! A document becomes a sparse vector of weighted features (L2-normalised, at most
//! [`MAX_FEATURES`] of them, heaviest first):
//! - content words, lower-cased and lightly stemmed, weighted `(1 + ln tf) · idf`
//!   against a fixed background (`data/lexicon/doc_freq.tsv`, document frequencies in
//!   CoNLL-2003 `eng.train`), so a document's features never depend on which other
//!   documents came before it; headline words count twice;
//! - `e:<key>` for each named entity (canonical key, see [`entity_key`]), weighted by
//!   mentions and the rarity of its words;
//! - `p:<key>` for places at city level or finer (countries, continents and
//!   first-level regions are left out: two reports in one country share nothing);
//! - numbers (`61`, `2009`) as words of fixed weight: ages, years and counts tell
//!   two similar events apart.
//!
//! **Invariant:** a pure function of the document (and the compiled-in background),
//! deterministic, no hash-map order in the result.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::model::{Document, Entity, EntityKind};

/// At most this many features are kept per document.
pub const MAX_FEATURES: usize = 64;

/// Words in more than this share of background documents are function words.
const STOP_SHARE: f32 = 0.12;

/// One named entity of a document, as linking and cross-document identity need it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityFeature {
    /// Canonical key ([`entity_key`] of the canonical name).
    pub key: String,
    /// The canonical name as written.
    pub name: String,
    /// PERSON, ORG, PLACE or OTHER.
    pub kind: EntityKind,
    /// Keys of every alias (sorted, deduplicated; the key itself included).
    pub aliases: Vec<String>,
    /// How many mentions.
    pub mentions: u32,
    /// True for a place at city level or finer.
    pub local_place: bool,
    /// Its index in the document's `entities`.
    #[serde(default)]
    pub index: usize,
}

/// What linking needs of one document: compact, serialisable, stored once per article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocFeatures {
    /// The document id.
    pub id: String,
    /// ISO publication date, when known.
    pub published: Option<String>,
    /// Weighted features, heaviest first (ties by name), L2-normalised.
    pub terms: Vec<(String, f32)>,
    /// Named entities, in the document's order.
    pub entities: Vec<EntityFeature>,
    /// Event types coded in the document (sorted, deduplicated).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
}

impl DocFeatures {
    /// Days since 0001-01-01 of the publication date, when known.
    pub fn day(&self) -> Option<i32> {
        use chrono::Datelike;
        self.published.as_deref().and_then(crate::date::parse_date).map(|d| d.num_days_from_ce())
    }
}

/// Background document frequencies.
struct Background {
    docs: f32,
    df: FxHashMap<&'static str, u32>,
}

static BACKGROUND: LazyLock<Background> = LazyLock::new(|| {
    let src = include_str!("../../data/lexicon/doc_freq.tsv");
    let mut docs = 1.0;
    let mut df = FxHashMap::default();
    for line in src.lines() {
        let mut it = line.split('\t');
        let (Some(w), Some(n)) = (it.next(), it.next()) else { continue };
        let Ok(n) = n.trim().parse::<u32>() else { continue };
        if w == "# documents" {
            docs = n as f32;
        } else {
            df.insert(w, n);
        }
    }
    Background { docs, df }
});

static COARSE_PLACES: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    let mut s = FxHashSet::default();
    for src in
        [include_str!("../../data/gazetteer/country.txt"), include_str!("../../data/gazetteer/continent.txt")]
    {
        for l in src.lines().filter(|l| !l.starts_with('#')) {
            s.insert(entity_key(l));
        }
    }
    for w in ["us", "usa", "uk", "america", "the west", "middle east", "europe", "world"] {
        s.insert(w.to_string());
    }
    s
});

/// Inverse document frequency of a lower-cased word against the background.
pub fn idf(word: &str) -> f32 {
    let b = &*BACKGROUND;
    let df = b.df.get(word).copied().unwrap_or(0) as f32;
    ((b.docs + 1.0) / (df + 1.0)).ln()
}

/// True for a word so common in news that it says nothing about a story.
pub fn is_stop(word: &str) -> bool {
    let b = &*BACKGROUND;
    b.df.get(word).is_some_and(|&n| n as f32 > STOP_SHARE * b.docs) || word.len() < 3
}

/// The canonical key of a name: lower case, typographic apostrophes folded, dots and
/// a leading `the` dropped, spaces collapsed (`The U.S.` → `us`, `People’s` →
/// `people's`).
pub fn entity_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars() {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            '\u{2010}'..='\u{2015}' => '-',
            c => c,
        };
        if c == '.' {
            continue;
        }
        if c.is_whitespace() || c == '-' && out.is_empty() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    match out.strip_prefix("the ") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => out,
    }
}

static STEMMER: LazyLock<rust_stemmers::Stemmer> =
    LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));

/// A word as a feature: lower case, possessive stripped, Porter2 stem
/// (`accountant`, `accounting` → `account`).
pub fn stem(word: &str) -> String {
    let w = word.to_lowercase().replace('\u{2019}', "'");
    let w = w.strip_suffix("'s").unwrap_or(&w);
    STEMMER.stem(w).into_owned()
}

/// Words of a text as `(start, end)` byte ranges: runs of letters, digits, `'` and
/// inner `-`.
pub fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut it = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = it.peek() {
            if c.is_alphanumeric() {
                break;
            }
            it.next();
        }
        let &(start, _) = it.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = it.peek() {
            if c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '-' {
                end = i + c.len_utf8();
                it.next();
            } else {
                break;
            }
        }
        let w = &text[start..end];
        let trimmed = w.trim_end_matches(['\'', '\u{2019}', '-']);
        Some((start, start + trimmed.len()))
    })
}

/// True for a place entity at city level or finer (not a country, continent or
/// first-level region; when the geocoder has run, by its feature code).
pub fn is_local_place(e: &Entity) -> bool {
    if e.kind != EntityKind::Place {
        return false;
    }
    if let Some(f) = e.geo.as_ref().and_then(|g| g.feature.as_deref()) {
        return !(f.starts_with("A.PCL")
            || f == "A.ADM1"
            || f.starts_with("L.CONT")
            || f.starts_with("L.RGN"));
    }
    let lex = crate::entity::Lexicons::embedded();
    let k = entity_key(&e.name);
    !COARSE_PLACES.contains(&k)
        && lex.place_alias(&k).is_none()
        && crate::entity::nationality_place(e).is_none()
}

/// Weight of a person against other entities (1.5): the people of an event tell it
/// from a similar event more than anything else.
const PERSON_BOOST: f32 = 2.5;

/// The feature keys of an entity: `p:<key>` for a local place; `e:<surname>` for a
/// person (`Mo Cheeks`, `Maurice Cheeks` and `Cheeks` meet); `e:<key>` and its
/// acronyms (`e:pmoi`, `e:mek`) for anything else, so an organisation meets its
/// other names.
pub fn entity_feature_keys(e: &Entity, key: &str, local_place: bool) -> Vec<String> {
    if local_place {
        return vec![format!("p:{key}")];
    }
    if e.kind == EntityKind::Person {
        let last = key.rsplit(' ').next().unwrap_or(key);
        return vec![format!("n:{last}")];
    }
    let mut v = vec![format!("e:{key}")];
    for a in &e.aliases {
        let upper = a.chars().filter(|c| c.is_uppercase()).count();
        if a.len() >= 2 && a.len() <= 6 && upper >= 2 && a.chars().all(|c| c.is_alphanumeric()) {
            v.push(format!("e:{}", entity_key(a)));
        }
    }
    v
}

/// The features of one document.
pub fn features(doc: &Document) -> DocFeatures {
    let mut tf: FxHashMap<String, (f32, f32)> = FxHashMap::default();
    let body_start =
        doc.title.as_ref().and_then(|t| doc.text.find(t.as_str()).map(|i| i + t.len())).unwrap_or(0);
    for (s, e) in words(&doc.text) {
        let w = &doc.text[s..e];
        let boost = if s < body_start { 2.0 } else { 1.0 };
        if w.bytes().all(|b| b.is_ascii_digit()) {
            if (1..=5).contains(&w.len()) && w != "0" {
                tf.entry(w.to_string()).or_insert((0.0, 4.0)).0 += boost;
            }
            continue;
        }
        let lower = w.to_lowercase();
        if is_stop(&lower) || lower.chars().all(|c| !c.is_alphabetic()) {
            continue;
        }
        let e = tf.entry(stem(&lower)).or_insert((0.0, 0.0));
        e.0 += boost;
        e.1 = f32::max(e.1, idf(&lower));
    }
    let mut weights: Vec<(String, f32)> =
        tf.into_iter().map(|(w, (n, idf))| (w, (1.0 + n.ln()) * idf)).collect();
    let mut entities = Vec::with_capacity(doc.entities.len());
    for (index, e) in doc.entities.iter().enumerate() {
        let key = entity_key(&e.name);
        if key.is_empty() {
            continue;
        }
        let mut aliases: Vec<String> = e.aliases.iter().map(|a| entity_key(a)).collect();
        aliases.push(key.clone());
        aliases.sort();
        aliases.dedup();
        let local_place = is_local_place(e);
        let coarse = e.kind == EntityKind::Place && !local_place
            || e.kind == EntityKind::Other && crate::entity::nationality_place(e).is_some();
        let mentions = e.mentions.len().max(1) as u32;
        if !coarse {
            let rarity = key.split(' ').map(idf).fold(0.0f32, f32::max);
            let boost = if e.kind == EntityKind::Person { PERSON_BOOST } else { 1.5 };
            let wt = boost * (1.0 + (mentions as f32).ln()) * rarity;
            for k in entity_feature_keys(e, &key, local_place) {
                weights.push((k, wt));
            }
        }
        entities.push(EntityFeature {
            key,
            name: e.name.clone(),
            kind: e.kind,
            aliases,
            mentions,
            local_place,
            index,
        });
    }
    let mut seen = FxHashSet::default();
    weights.retain(|(w, _)| seen.insert(w.clone()));
    weights.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    weights.truncate(MAX_FEATURES);
    let norm = weights.iter().map(|(_, w)| w * w).sum::<f32>().sqrt().max(1e-9);
    for (_, w) in &mut weights {
        *w /= norm;
    }
    let mut events: Vec<String> = doc.events.iter().map(|e| e.kind.clone()).collect();
    events.sort();
    events.dedup();
    DocFeatures { id: doc.id.clone(), published: doc.published.clone(), terms: weights, entities, events }
}

/// Blocking keys of a document: the features a story must share with it to be a
/// candidate at all (its heaviest rare words, its named entities and local places).
/// The linker's inverted index is keyed by exactly these, so a distributed group-by
/// on them brings every document together with every story it could join.
pub fn blocking_keys(f: &DocFeatures) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for (t, _) in f.terms.iter().take(BLOCKING_TERMS) {
        keys.push(t.clone());
    }
    keys.sort();
    keys.dedup();
    keys
}

/// How many of a document's heaviest features are its blocking keys.
pub const BLOCKING_TERMS: usize = 12;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_dots_and_apostrophes() {
        assert_eq!(entity_key("The U.S."), "us");
        assert_eq!(entity_key("People’s Mujahedin  Organization"), "people's mujahedin organization");
        assert_eq!(entity_key("Ashraf-3"), "ashraf-3");
    }

    #[test]
    fn stems_plural_and_possessive() {
        assert_eq!(stem("Dignitaries"), stem("dignitary"));
        assert_eq!(stem("accountant"), stem("accounting"));
        assert_eq!(stem("Jackman's"), "jackman");
    }

    #[test]
    fn words_are_spans() {
        let t = "A 61-year-old man, O’Brien’s team.";
        let ws: Vec<&str> = words(t).map(|(s, e)| &t[s..e]).collect();
        assert_eq!(ws, vec!["A", "61-year-old", "man", "O’Brien’s", "team"]);
    }

    #[test]
    fn background_marks_function_words() {
        assert!(is_stop("the") && is_stop("said"));
        assert!(!is_stop("earthquake"));
        assert!(idf("earthquake") > idf("police"));
    }
}
