//! Quotes of the two seed articles (tests/fixtures/seeds/), through the whole
//! pipeline: the split Legare quote, Rouhani's warning behind `he said`, an outlet as
//! speaker (`wrote The Washington Times`) and Giuliani's indirect quote. Speakers are
//! checked by name, and, where the entity stage found the speaker, by entity id.

use newsgraph::ingest::RawDoc;
use newsgraph::model::{Quote, QuoteKind};
use newsgraph::pipeline::analyze;
use newsgraph::{Document, Resources};

fn seed(name: &str) -> Document {
    let path = format!("{}/tests/fixtures/seeds/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    analyze(RawDoc::text(name, &text), Resources::embedded())
}

fn listing(doc: &Document) -> String {
    doc.quotes
        .iter()
        .map(|q| {
            format!("\n  {:?} {:?} {:?} cue={:?}", q.kind, &q.text[..q.text.len().min(60)], q.speaker, q.cue)
        })
        .collect()
}

/// The one quote whose text starts with `start`.
#[track_caller]
fn quote<'d>(doc: &'d Document, start: &str) -> &'d Quote {
    let hits: Vec<&Quote> = doc.quotes.iter().filter(|q| q.text.starts_with(start)).collect();
    assert_eq!(hits.len(), 1, "{start}: {}", listing(doc));
    hits[0]
}

/// The speaker is called `surname`; when an entity mentioned under that name exists,
/// the speaker is that entity.
#[track_caller]
fn said_by(doc: &Document, q: &Quote, surname: &str) {
    let sp = q.speaker.as_ref().unwrap_or_else(|| panic!("no speaker: {q:?}"));
    let ent = sp.entity.as_ref().and_then(|id| doc.entities.iter().find(|e| &e.id == id));
    let names: Vec<&str> = std::iter::once(sp.name.as_str())
        .chain(ent.into_iter().flat_map(|e| e.aliases.iter().map(String::as_str)))
        .collect();
    assert!(names.iter().any(|n| n.contains(surname)), "{surname} not in {names:?}");
    let known = doc.entities.iter().find(|e| e.mentions.iter().any(|m| m.text.contains(surname)));
    if let Some(e) = known {
        assert_eq!(sp.entity.as_deref(), Some(e.id.as_str()), "{surname} should link to {}", e.name);
    }
    for s in [q.start, q.end] {
        assert!(doc.text.is_char_boundary(s));
    }
    assert_eq!(&doc.text[q.start..q.end], q.text);
}

#[test]
fn legare_split_quote_is_one_quote_in_two_parts() {
    let doc = seed("000_310dde132b2bd5a2");
    let q = quote(&doc, "We have decided to declare Ashraf 3");
    assert_eq!(q.kind, QuoteKind::Direct);
    said_by(&doc, q, "Legare");
    assert_eq!(q.parts.len(), 2, "{q:?}");
    assert!(doc.text[q.parts[1].range()].starts_with("We promise to keep a dialogue"));
    assert!(doc.text[q.parts[1].range()].ends_with("give you this declaration."));
    assert_eq!(q.cue.as_deref(), Some("said"));
    // the first Legare quote, with its appositive
    let first = quote(&doc, "We are all citizens of Ashraf.");
    said_by(&doc, first, "Legare");
    assert!(first.confidence > 0.85);
}

#[test]
fn rouhani_warning_is_resolved_through_he_said() {
    let doc = seed("000_310dde132b2bd5a2");
    let q = quote(&doc, "I warn the British that you are the initiator of insecurity");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(q.cue.as_deref(), Some("said"));
    said_by(&doc, q, "Rouhani");
    let ss = q.speaker_span.unwrap_or_else(|| panic!("no speaker span: {q:?}"));
    assert_eq!(&doc.text[ss.range()], "he");
    let added = quote(&doc, "Of course, the British might have done so");
    said_by(&doc, added, "Rouhani");
    assert!(added.text.contains("‘B’ group"), "nested single quotes stay inside");
    // a pronoun attribution is less sure than a named one
    let named = quote(&doc, "We are all citizens of Ashraf.");
    assert!(q.confidence < named.confidence);
}

#[test]
fn outlets_are_speakers() {
    let doc = seed("002_2515b4472a72e914");
    let q = quote(&doc, "Regime change will now happen not if, but when");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(q.cue.as_deref(), Some("wrote"));
    said_by(&doc, q, "Washington Times");
    let b = quote(&doc, "Significantly, Trump administration insiders");
    said_by(&doc, b, "Berman");
}

#[test]
fn giuliani_indirect_quote() {
    let doc = seed("000_310dde132b2bd5a2");
    let q = quote(&doc, "the PMOI as freedom fighters");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.cue.as_deref(), Some("described"));
    said_by(&doc, q, "Giuliani");
    let e = quote(&doc, "that the NCRI, led by Madam Rajavi, is the democratic alternative");
    assert_eq!(e.kind, QuoteKind::Indirect);
    said_by(&doc, e, "Giuliani");
}

#[test]
fn captions_headlines_and_scare_quotes_are_not_quotes() {
    let doc = seed("000_310dde132b2bd5a2");
    for q in &doc.quotes {
        assert!(!q.text.starts_with("Ashraf 3,"), "scare quote: {q:?}");
        assert!(!q.text.starts_with("Free Iran"), "scare quote: {q:?}");
        assert!(!q.text.contains("speaks on stage"), "caption: {q:?}");
        assert!(
            q.speaker.as_ref().is_none_or(|s| !s.name.contains("Mahmoudi")),
            "the author is nobody's speaker: {q:?}"
        );
    }
}
