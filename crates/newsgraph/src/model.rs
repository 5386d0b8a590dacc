//! The vocabulary of newsgraph: a [`Document`] is cleaned `text` plus typed
//! annotations, each of which points into `text` with a [`Span`] of byte offsets.
//!
//! This module depends on nothing else in the crate. Its serde shape *is* the
//! document record of `SCHEMA.md` (schema 1): field names and order here are the
//! public contract.
//!
//! **Invariant:** every `Span` held by a `Document` satisfies
//! `start <= end <= text.len()` and both ends lie on UTF-8 char boundaries, so
//! `&doc.text[span.range()]` never panics. `text` is frozen once cleaning is done.

use serde::{Deserialize, Serialize};

/// Version of the document record; bump it only with a changelog entry.
pub const SCHEMA_VERSION: u32 = 1;

/// A byte range into [`Document::text`]. Invariant: `start <= end`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span; panics in debug builds if `start > end`.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end}");
        Span { start, end }
    }
    /// `start..end`, for slicing.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }
    /// True when the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
    /// True when the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// True when `other` lies inside `self`.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Anything that has a span in the document text.
pub trait Spanned {
    /// Where it is in [`Document::text`].
    fn span(&self) -> Span;
}

/// Why a piece of the source did not make it into the cleaned text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RemovalReason {
    /// Ad slots and their sizes (`728 x 90`), sponsored blocks.
    Ad,
    /// Image captions, alt text and keyword lines echoing a caption.
    Caption,
    /// A line or caption repeated verbatim (the first copy is kept).
    Duplicate,
    /// An author line or bio (it becomes [`Document::byline`]).
    Byline,
    /// Menus, share/subscribe buttons, "read more", related lists, comments.
    Navigation,
    /// Anything else that was cut, with the text as evidence.
    Other,
}

/// One piece of removed source text, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// The text that was removed (whitespace-normalised).
    pub text: String,
    /// Why.
    pub reason: RemovalReason,
}

/// `Iran, July 23, 2019 - ` at the head of an article: place and date, with its span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The place as written (`Iran`, `AL-AIN , United Arab Emirates`).
    pub place: Option<String>,
    /// ISO date, when the dateline carries one.
    pub date: Option<String>,
    /// First byte of the dateline in `text`.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

/// Who wrote the article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Byline {
    /// The author's name.
    pub name: String,
    /// A trailing author bio, when the article had one.
    pub bio: Option<String>,
}

/// The kind of a named entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation: company, party, agency, armed group, outlet.
    Org,
    /// A place: country, city, region, landmark.
    Place,
    /// A named thing that is none of the three: event, law, product, nationality.
    Other,
}

/// One occurrence of an entity in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// `&text[start..end]`, for readers of the JSON.
    pub text: String,
    /// For a place named inside an organisation's name (`Paris Police Department`):
    /// the id of that organisation entity (extension of schema 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedded_in: Option<String>,
}

impl Mention {
    /// A mention of `text[start..end]`.
    pub fn new(text: &str, start: usize, end: usize) -> Self {
        Mention { start, end, text: text[start..end].to_string(), embedded_in: None }
    }
}

impl Spanned for Mention {
    fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Where a place is on Earth.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Geo {
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// GeoNames id.
    pub geonames_id: Option<u64>,
    /// GeoNames feature class and code (`P.PPLC`, `A.PCLI`, `A.ADM1` …).
    pub feature: Option<String>,
    /// First-level region (state, province) name or code (extension of schema 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    /// How sure the resolution is, 0..1 (extension of schema 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// How it was resolved: `context`, `population`, `pattern`, `inherited` …
    /// (extension of schema 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how: Option<String>,
    /// True when a place missing from the gazetteer took the place that contains it
    /// (`Ashraf 3` → Tirana) (extension of schema 1).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inherited: bool,
}

/// One place a document is about (`Document::focus`), most central first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Focus {
    /// The place's name.
    pub name: String,
    /// GeoNames id.
    pub geonames_id: Option<u64>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Centrality, 0..1.
    pub score: f32,
}

/// A person, organisation, place or other named thing, with all its mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Document-local id, `e1`, `e2`, … in order of first mention.
    pub id: String,
    /// What it is.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Canonical name, titles stripped.
    pub name: String,
    /// Every distinct surface form seen (sorted).
    pub aliases: Vec<String>,
    /// Titles and roles seen with the name (`Mayor`, `Sen.`).
    pub titles: Vec<String>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
    /// For places: the resolved location.
    pub geo: Option<Geo>,
}

/// How a quote reports speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words between quote marks.
    Direct,
    /// Reported speech without quote marks (`X said that …`).
    Indirect,
    /// Reported speech that quotes some words (`X called the deal “a disaster”`).
    Mixed,
}

/// A reference from an annotation to an entity, with a readable name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRef {
    /// The entity id (`e7`), or null for free text ("a British tanker").
    pub entity: Option<String>,
    /// The entity's canonical name or the free text.
    pub name: String,
}

/// Who said what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// The quoted or reported words, `&text[start..end]`.
    pub text: String,
    /// First byte of the quoted words.
    pub start: usize,
    /// One past their last byte.
    pub end: usize,
    /// Who said it, when known.
    pub speaker: Option<EntityRef>,
    /// The attribution verb or phrase (`said`, `according to`).
    pub cue: Option<String>,
    /// How sure the attribution is, 0..1.
    pub confidence: f32,
    /// Where the speaker is named at this attribution, if it is (extension of schema 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_span: Option<Span>,
    /// Where the cue is (extension of schema 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue_span: Option<Span>,
    /// The quoted pieces of a split quote (`“A,” X said. “B.”`), when there are several;
    /// `start..end` then covers them all (extension of schema 1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Span>,
}

impl Spanned for Quote {
    fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// A participant of an event: an entity or free text, with what the text says of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The entity id (`e7`), or null for free text ("a British tanker").
    pub entity: Option<String>,
    /// The entity's canonical name or the free text.
    pub name: String,
    /// Where the text names it (extension of schema 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// ISO 3166-1 alpha-3 country code the actor belongs to (`IRN`), when shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Sector (`GOV`, `MIL`, `REB`, `CVL`, …), when shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
}

/// Where the words that name an event are (`{start, end, text}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// `&text[start..end]`.
    pub text: String,
}

/// A PLOVER-coded event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// PLOVER event type (`THREATEN`, `ASSAULT` …).
    #[serde(rename = "type")]
    pub kind: String,
    /// Who acts.
    pub actor: Option<Actor>,
    /// Who is acted upon.
    pub target: Option<Actor>,
    /// ISO date, resolved against the publication date.
    pub date: Option<String>,
    /// Where.
    pub place: Option<EntityRef>,
    /// Index into [`Document::sentences`].
    pub sentence: usize,
    /// The sentence text that carries the event.
    pub evidence: String,
    /// How sure, 0..1.
    pub confidence: f32,
    /// Quad class: `verbal_coop`, `material_coop`, `verbal_conflict`,
    /// `material_conflict` (extension of schema 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quad: Option<String>,
    /// PLOVER mode, when the text gives one (extension of schema 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// The trigger words (extension of schema 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
}

/// One analysed article: the document record of `SCHEMA.md`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always [`SCHEMA_VERSION`].
    pub schema: u32,
    /// File stem, JSONL id or WARC record id.
    pub id: String,
    /// Where it came from (path, `path#line`, `path#record`).
    pub source: String,
    /// The URL, when the input named one (extension of schema 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// ISO publication date.
    pub published: Option<String>,
    /// Place and date at the head of the article.
    pub dateline: Option<Dateline>,
    /// The author.
    pub byline: Option<Byline>,
    /// ISO 639-1 language code.
    pub language: Option<String>,
    /// The cleaned article: headline first, paragraphs separated by a blank line.
    pub text: String,
    /// What cleaning removed, and why.
    pub removed: Vec<Removal>,
    /// Sentence spans, in order, as `[start, end]` pairs.
    #[serde(with = "span_pairs")]
    pub sentences: Vec<Span>,
    /// Named entities.
    pub entities: Vec<Entity>,
    /// Quotes and their speakers.
    pub quotes: Vec<Quote>,
    /// Coded events.
    pub events: Vec<Event>,
    /// The places the document is about, most central first (extension of schema 1;
    /// omitted when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focus: Vec<Focus>,
    /// Problems met while analysing this document that did not stop it
    /// (extension of schema 1; omitted when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// The corpus record (`analyze --stories`, `newsgraph stories`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Corpus {
    /// Always [`SCHEMA_VERSION`].
    pub schema: u32,
    /// Always true: tells a corpus record from a document record.
    pub corpus: bool,
    /// The stories, in a stable order.
    pub stories: Vec<Story>,
}

/// The reports of one real-world event or development.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Stable id (`s1`, …).
    pub id: String,
    /// Document ids, in a stable order.
    pub documents: Vec<String>,
    /// Short label from the central entities, event and place.
    pub label: String,
    /// Canonical names of the entities two or more documents share.
    pub shared_entities: Vec<String>,
    /// What linked the documents (extension of schema 1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub why: Vec<String>,
    /// Cross-document entities (extension of schema 1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<StoryEntity>,
    /// Facts two or more documents agree on.
    pub agreements: Vec<Agreement>,
    /// Facts the documents report differently.
    pub discrepancies: Vec<Discrepancy>,
}

/// One identity across the documents of a story.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryEntity {
    /// Canonical name.
    pub name: String,
    /// PERSON, ORG, PLACE or OTHER.
    #[serde(rename = "type")]
    pub kind: String,
    /// Every surface form across the documents (sorted).
    pub aliases: Vec<String>,
    /// Ids of the documents that mention it.
    pub documents: Vec<String>,
}

/// A span of evidence in one document of a story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Document id.
    pub document: String,
    /// First byte in that document's text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A fact reported alike by two or more documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// What the fact is about (`number of dignitaries`).
    pub what: String,
    /// The shared value (a number, an ISO date, a name).
    pub value: serde_json::Value,
    /// Where each document says it.
    pub evidence: Vec<Evidence>,
}

/// One document's value in a discrepancy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimValue {
    /// The value as normalised (a number, an ISO date, a name).
    pub value: serde_json::Value,
    /// Document id.
    pub document: String,
    /// First byte of the evidence in that document's text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The document's publication date, when known (extension of schema 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

/// A fact the documents of a story report differently.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Discrepancy {
    /// What the fact is about (`conference start date`).
    pub what: String,
    /// `conflict`, `update` or `scope` (extension of schema 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Each side, with its evidence.
    pub values: Vec<ClaimValue>,
}

impl Document {
    /// The text under a span.
    pub fn text_of(&self, span: Span) -> &str {
        &self.text[span.range()]
    }
    /// Paragraph spans of `text` (paragraphs are separated by blank lines).
    pub fn paragraphs(&self) -> Vec<Span> {
        paragraph_spans(&self.text)
    }
}

/// Spans of the paragraphs of a cleaned text (separated by `\n\n`), trimmed.
pub fn paragraph_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices("\n\n") {
        push_trimmed(text, start, i, &mut out);
        start = i + 2;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// Push `start..end` with surrounding whitespace trimmed off, unless nothing is left.
pub(crate) fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    if start >= end {
        return;
    }
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(Span::new(start + lead, end - trail));
    }
}

mod span_pairs {
    use super::Span;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<S: Serializer>(spans: &[Span], s: S) -> Result<S::Ok, S::Error> {
        let pairs: Vec<[usize; 2]> = spans.iter().map(|sp| [sp.start, sp.end]).collect();
        pairs.serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Span>, D::Error> {
        let pairs: Vec<[usize; 2]> = Vec::deserialize(d)?;
        Ok(pairs.into_iter().map(|[a, b]| Span { start: a, end: b }).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_trimmed_spans() {
        let t = "Title\n\n  Body one.\n\nBody two.\n\n\n";
        let ps = paragraph_spans(t);
        let got: Vec<&str> = ps.iter().map(|s| &t[s.range()]).collect();
        assert_eq!(got, vec!["Title", "Body one.", "Body two."]);
    }

    #[test]
    fn sentences_serialise_as_pairs() {
        let v = serde_json::to_value(RemovalReason::Caption).unwrap();
        assert_eq!(v, "caption");
        let k = serde_json::to_value(EntityKind::Person).unwrap();
        assert_eq!(k, "PERSON");
    }
}
