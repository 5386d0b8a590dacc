//! Entities of the two seed articles (tests/fixtures/seeds/), through the whole
//! pipeline: the key people, organisations and places, their titles and aliases.

use newsgraph::entity::{assemble, gender, resolve_description, Gender, Lexicons};
use newsgraph::ingest::RawDoc;
use newsgraph::model::{Entity, EntityKind};
use newsgraph::pipeline::analyze;
use newsgraph::{Document, Resources};

fn seed(name: &str) -> Document {
    let path = format!("{}/tests/fixtures/seeds/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    analyze(RawDoc::text(name, &text), Resources::embedded())
}

/// The one entity whose name is `name`, failing with the full list otherwise.
#[track_caller]
fn entity<'d>(doc: &'d Document, name: &str) -> &'d Entity {
    let hits: Vec<&Entity> = doc.entities.iter().filter(|e| e.name == name).collect();
    assert_eq!(hits.len(), 1, "{name}: {}", listing(doc));
    hits[0]
}

fn listing(doc: &Document) -> String {
    doc.entities
        .iter()
        .map(|e| format!("\n  {:?} {} {:?} {:?}", e.kind, e.name, e.titles, e.aliases))
        .collect()
}

#[track_caller]
fn has(e: &Entity, kind: EntityKind, titles: &[&str], aliases: &[&str]) {
    assert_eq!(e.kind, kind, "{}", e.name);
    for t in titles {
        assert!(e.titles.iter().any(|x| x == t), "{}: title {t} not in {:?}", e.name, e.titles);
    }
    for a in aliases {
        assert!(e.aliases.iter().any(|x| x == a), "{}: alias {a} not in {:?}", e.name, e.aliases);
    }
}

/// Spans are exact, titles never inside a mention, ids in order of first mention.
fn invariants(doc: &Document) {
    for (i, e) in doc.entities.iter().enumerate() {
        assert_eq!(e.id, format!("e{}", i + 1));
        for m in &e.mentions {
            assert_eq!(doc.text.get(m.start..m.end), Some(m.text.as_str()));
            for t in ["Mayor ", "Sen. ", "Madam ", "Mullah ", "President "] {
                assert!(!m.text.starts_with(t), "{} mention {:?}", e.name, m.text);
            }
        }
        let mut sorted = e.aliases.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, e.aliases);
    }
    // a place named inside an organisation's name may start where the organisation does
    let firsts: Vec<usize> = doc.entities.iter().map(|e| e.mentions[0].start).collect();
    assert!(firsts.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn seed_000_people_titles_and_demonyms() {
    let doc = seed("000_310dde132b2bd5a2");
    invariants(&doc);
    use EntityKind::*;
    let rudy = entity(&doc, "Rudy Giuliani");
    has(rudy, Person, &["Mayor"], &["Giuliani", "Mayor Giuliani", "Rudy Giuliani"]);
    assert_eq!(gender(rudy), Some(Gender::Male));
    has(entity(&doc, "Joe Lieberman"), Person, &["Sen."], &["Joe Lieberman"]);
    let legare = entity(&doc, "Jean-François Legare");
    has(legare, Person, &["Mayor"], &["Jean-François Legare", "Legare", "Legaret", "Mayor Legaret"]);
    assert_eq!(gender(legare), Some(Gender::Male));
    let rajavi = entity(&doc, "Rajavi");
    has(rajavi, Person, &["Madam"], &["Madam Rajavi"]);
    assert_eq!(gender(rajavi), Some(Gender::Female));
    has(entity(&doc, "Rouhani"), Person, &["Mullah"], &["Mullah Rouhani"]);
    // `the British` twice is the United Kingdom; `a British tanker` is not
    let uk = entity(&doc, "United Kingdom");
    let british = uk.mentions.iter().filter(|m| m.text == "British").count();
    assert_eq!((uk.kind, british), (Place, 2), "{uk:?}");
    // two people are titled mayor: `the mayor` is ambiguous
    assert_eq!(resolve_description(&doc.entities, "the mayor"), None);
    let sen = resolve_description(&doc.entities, "the senator").map(|i| doc.entities[i].name.as_str());
    assert_eq!(sen, Some("Joe Lieberman"));
}

#[test]
fn seed_000_tagged_names() {
    let doc = seed("000_310dde132b2bd5a2");
    use EntityKind::*;
    let pmoi = entity(&doc, "People’s Mujahedin Organization of Iran");
    has(pmoi, Org, &[], &["PMOI", "MEK"]);
    has(entity(&doc, "Albania"), Place, &[], &[]);
    has(entity(&doc, "Tirana"), Place, &[], &[]);
    has(entity(&doc, "Iran"), Place, &[], &["Iran"]);
    has(entity(&doc, "Mohsen Rezaie"), Person, &[], &[]);
    let irgc = doc.entities.iter().filter(|e| e.aliases.iter().any(|a| a == "IRGC")).count();
    assert_eq!(irgc, 1, "{}", listing(&doc));
}

/// The raw seed text, captions included (the cleaner removes them from `text`):
/// the lowercase caption line and `Francois Legaret` still find their entities.
#[test]
fn seed_000_raw_text_with_captions() {
    let path = format!("{}/tests/fixtures/seeds/000_310dde132b2bd5a2.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let sentences = newsgraph::segment::segment(&text);
    let tagged = newsgraph::ner::tag(&text, &sentences, &Resources::embedded().ner);
    let es = assemble(&text, &tagged, Lexicons::embedded());
    let doc = Document { text: text.clone(), entities: es, ..seed("000_310dde132b2bd5a2") };
    let rudy = entity(&doc, "Rudy Giuliani");
    // `mayor rudy giuliani in ashraf 3`, a caption line in lowercase
    let lower = rudy.mentions.iter().any(|m| m.text == "rudy giuliani");
    assert!(lower, "{:?}", rudy.mentions);
    let legare = entity(&doc, "Jean-François Legare");
    has(legare, EntityKind::Person, &["Mayor"], &["Francois Legaret", "Legaret", "Legare"]);
    let ashraf =
        doc.entities.iter().find(|e| e.name == "Ashraf 3").unwrap_or_else(|| panic!("{}", listing(&doc)));
    assert!(ashraf.mentions.iter().any(|m| m.text == "ashraf 3"), "{:?}", ashraf.mentions);
}

#[test]
fn seed_002_rules() {
    let doc = seed("002_2515b4472a72e914");
    invariants(&doc);
    let rajavi = entity(&doc, "Maryam Rajavi");
    has(rajavi, EntityKind::Person, &["President"], &["Maryam Rajavi", "President Maryam Rajavi"]);
    assert_eq!(gender(rajavi), Some(Gender::Female));
}

#[test]
fn seed_002_tagged_names() {
    let doc = seed("002_2515b4472a72e914");
    use EntityKind::*;
    let pmoi = entity(&doc, "People's Mojahedin Organization of Iran");
    has(pmoi, Org, &[], &["PMOI", "MEK", "MeK"]);
    has(entity(&doc, "The Washington Times"), Org, &[], &[]);
    let rudy = entity(&doc, "Rudy Giuliani");
    has(rudy, Person, &[], &[]);
    // `the president's personal lawyer` is not a president
    assert!(rudy.titles.is_empty(), "{:?}", rudy.titles);
    has(entity(&doc, "Ilan Berman"), Person, &["Vice President"], &["Berman"]);
    has(entity(&doc, "John Bolton"), Person, &[], &[]);
    has(entity(&doc, "Albania"), Place, &[], &[]);
    has(entity(&doc, "Tirana"), Place, &[], &[]);
}
