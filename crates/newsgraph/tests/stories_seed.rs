//! Stories of the two seed articles (tests/fixtures/seeds/), through the whole
//! pipeline: one story of both, the entities they share, the 350 agreement and the
//! July 12 / July 13 conference date discrepancy, each value with its evidence.

use newsgraph::ingest::RawDoc;
use newsgraph::pipeline::analyze;
use newsgraph::story;
use newsgraph::{Document, Resources};

fn seed(name: &str) -> Document {
    let path = format!("{}/tests/fixtures/seeds/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    analyze(RawDoc::text(name, &text), Resources::embedded())
}

fn seeds() -> Vec<Document> {
    vec![seed("000_310dde132b2bd5a2"), seed("002_2515b4472a72e914")]
}

#[test]
fn both_seeds_make_one_story() {
    let docs = seeds();
    let c = story::link(&docs);
    assert!(c.corpus);
    assert_eq!(c.stories.len(), 1, "{:#?}", c.stories.iter().map(|s| &s.documents).collect::<Vec<_>>());
    let s = &c.stories[0];
    assert_eq!(s.id, "s1");
    assert_eq!(s.documents.len(), 2);
    assert!(!s.why.is_empty());
    // Same record whatever the input order.
    let rev: Vec<Document> = docs.iter().rev().cloned().collect();
    assert_eq!(story::link(&rev), c);
}

#[test]
fn shared_entities_with_aliases() {
    let docs = seeds();
    let s = &story::link(&docs).stories[0];
    for name in ["Ashraf 3", "NCRI", "Albania"] {
        assert!(s.shared_entities.iter().any(|n| n == name), "{name} not in {:?}", s.shared_entities);
    }
    let has = |frag: &str| s.shared_entities.iter().find(|n| n.contains(frag)).cloned();
    assert!(has("Giuliani").is_some(), "{:?}", s.shared_entities);
    assert!(has("Rajavi").is_some(), "{:?}", s.shared_entities);
    let pmoi = has("Organization of Iran").expect("PMOI shared");
    let e = s.entities.iter().find(|e| e.name == pmoi).expect("PMOI entity");
    for a in ["PMOI", "MEK"] {
        assert!(e.aliases.iter().any(|x| x == a), "{a} not in {:?}", e.aliases);
    }
}

#[test]
fn the_350_agreement_and_the_conference_date_discrepancy() {
    let docs = seeds();
    let s = &story::link(&docs).stories[0];
    let text_of = |doc: &str, start: usize, end: usize| -> String {
        let d = docs.iter().find(|d| d.id == doc).expect("document");
        d.text[start..end].to_string()
    };
    let a = s.agreements.iter().find(|a| a.value == 350).unwrap_or_else(|| panic!("{:#?}", s.agreements));
    assert_eq!(a.evidence.len(), 2);
    for e in &a.evidence {
        assert!(text_of(&e.document, e.start, e.end).contains("350"));
    }
    let d = s
        .discrepancies
        .iter()
        .find(|d| d.what.contains("conference"))
        .unwrap_or_else(|| panic!("{:#?}", s.discrepancies));
    assert_eq!(d.kind.as_deref(), Some("conflict"));
    let mut values: Vec<String> =
        d.values.iter().map(|v| v.value.as_str().unwrap_or("").to_string()).collect();
    values.sort();
    values.dedup();
    assert_eq!(values, vec!["2019-07-12", "2019-07-13"]);
    for v in &d.values {
        let ev = text_of(&v.document, v.start, v.end);
        assert!(ev.contains("July 1"), "{ev}");
    }
}
