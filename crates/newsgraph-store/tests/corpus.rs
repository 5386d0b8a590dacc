//! The store over the bundled Wikinews samples (real articles): ingest, re-ingest,
//! each answer kind, exports and query errors.

use std::path::{Path, PathBuf};

use newsgraph::ingest::read_path;
use newsgraph::{pipeline::analyze, Document, Resources};
use newsgraph_store::answer::{Interval, Sort};
use newsgraph_store::export::{Format, What};
use newsgraph_store::query::Query;
use newsgraph_store::{Error, Page, Store};

fn samples() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/wikinews");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        read_path(&f, &mut |r| {
            if let Ok(raw) = r {
                out.push(analyze(raw, Resources::embedded()));
            }
        });
    }
    assert!(out.len() >= 20, "samples: {}", out.len());
    out
}

fn corpus() -> (tempfile::TempDir, Store, Vec<Document>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("c.db")).unwrap();
    let docs = samples();
    let r = store.put(&docs).unwrap();
    assert_eq!(r.stored, docs.len());
    (dir, store, docs)
}

fn q(s: &str) -> Query {
    Query::parse(s).unwrap()
}

#[test]
fn reingest_updates_instead_of_duplicating() {
    let (_dir, mut store, docs) = corpus();
    let counts = store.counts().unwrap();
    // Same records again: nothing written.
    let r = store.put(&docs).unwrap();
    assert_eq!((r.stored, r.updated, r.unchanged), (0, 0, docs.len()));
    assert_eq!(store.counts().unwrap(), counts);
    // A changed record under the same id: updated in place.
    let mut changed = docs[0].clone();
    changed.title = Some("A corrected headline".into());
    let r = store.put(&[changed]).unwrap();
    assert_eq!((r.stored, r.updated), (0, 1));
    assert_eq!(store.counts().unwrap(), counts);
    assert_eq!(store.document(&docs[0].id).unwrap().document.title.as_deref(), Some("A corrected headline"));
    let hits = store.documents(&q("title:corrected"), Page::default(), Sort::Rank).unwrap();
    assert_eq!(hits.documents.len(), 1, "the full-text index follows the update");
    // The same text under another id (a syndicated copy): still one document.
    let mut copy = docs[1].clone();
    copy.id = "syndicated-copy".into();
    let r = store.put(&[copy]).unwrap();
    assert_eq!((r.stored, r.updated), (0, 1));
    assert_eq!(store.count_documents().unwrap(), docs.len() as u64);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn speakers_are_found_through_aliases() {
    let (_dir, store, docs) = corpus();
    let by_quote: usize = docs
        .iter()
        .flat_map(|d| &d.quotes)
        .filter(|qt| qt.speaker.as_ref().is_some_and(|s| s.name == "Donald Trump"))
        .count();
    assert!(by_quote > 0);
    let full = store.quotes(&q("speaker:\"Donald Trump\""), Page { offset: 0, limit: 200 }).unwrap();
    let surname = store.quotes(&q("speaker:trump"), Page { offset: 0, limit: 200 }).unwrap();
    assert_eq!(full.total, by_quote);
    assert_eq!(surname.total, full.total);
    assert!(full.quotes.iter().all(|qt| qt.speaker.as_ref().unwrap().name == "Donald Trump"));
    // Documents with a quote by him, and quotes restricted by the words of their document.
    let docs_by = store.documents(&q("speaker:Trump"), Page::default(), Sort::Rank).unwrap();
    assert!(docs_by.total >= 1 && docs_by.total <= full.total);
    let entity = store.entities(&q("Donald"), 5).unwrap();
    assert!(entity.entities.iter().any(|e| e.name == "Donald Trump"));
}

#[test]
fn full_text_keeps_fts5_syntax_and_ranks_with_snippets() {
    let (_dir, store, _) = corpus();
    let said = store.documents(&q("said"), Page::default(), Sort::Rank).unwrap();
    assert!(said.total > 10);
    assert!(said.documents[0].snippet.contains("<b>said</b>"), "{}", said.documents[0].snippet);
    let scores: Vec<f64> = said.documents.iter().map(|d| d.score.unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let not = store.documents(&q("said NOT police"), Page { offset: 0, limit: 200 }, Sort::Rank).unwrap();
    let police = store.documents(&q("said police"), Page { offset: 0, limit: 200 }, Sort::Rank).unwrap();
    assert_eq!(not.total + police.total, said.total);
    let prefix = store.documents(&q("polic*"), Page::default(), Sort::Rank).unwrap();
    assert!(prefix.total >= police.total);
    let phrase = store.documents(&q("\"United States\""), Page::default(), Sort::Date).unwrap();
    assert!(phrase.total > 0);
    let dates: Vec<&str> = phrase.documents.iter().filter_map(|d| d.published.as_deref()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[test]
fn bad_queries_are_errors_not_empty_answers() {
    let (_dir, store, _) = corpus();
    let e = store.documents(&q("NEAR(said police, x)"), Page::default(), Sort::Rank);
    match e {
        Err(Error::Query(qe)) => {
            assert!(qe.message.contains("full-text"), "{}", qe.message);
            assert_eq!((qe.start, qe.end), (18, 19), "{}", qe.message);
        }
        other => panic!("expected a query error, got {:?}", other.map(|d| d.total)),
    }
    let unknown = store.quotes(&q("speaker:Nobodyatall"), Page::default()).unwrap();
    assert_eq!(unknown.total, 0);
    assert!(unknown.warnings[0].contains("no entity named `Nobodyatall`"), "{:?}", unknown.warnings);
}

#[test]
fn facets_timeline_and_fields() {
    let (_dir, store, _) = corpus();
    let f = store.facets(&q("said"), 5).unwrap();
    assert!(!f.sampled);
    assert!(!f.facets["person"].is_empty() && !f.facets["place"].is_empty());
    assert_eq!(f.facets["language"][0].value, "en");
    let t = store.timeline(&[q("said"), q("")], Interval::Month).unwrap();
    assert_eq!(t.series.len(), 2);
    for p in &t.series[1].points {
        assert_eq!(p.count, p.total, "the whole corpus is all of every month");
    }
    assert!(t.series[0].points.iter().all(|p| p.ratio > 0.0 && p.ratio <= 1.0));
    let july = store.documents(&q("date:2019-01"), Page { offset: 0, limit: 200 }, Sort::Date).unwrap();
    assert!(july.total > 0);
    assert!(july.documents.iter().all(|d| d.published.as_deref().unwrap().starts_with("2019-01")));
    let en = store.documents(&q("lang:en"), Page::default(), Sort::Rank).unwrap();
    assert_eq!(en.total, store.count_documents().unwrap() as usize);
    let page = store.entity_page(store.entities(&q("entity:Trump"), 1).unwrap().entities[0].entity).unwrap();
    assert!(!page.quotes_by.is_empty() && !page.co_mentioned.is_empty() && !page.timeline.is_empty());
}

#[test]
fn exports_stream_every_match() {
    let (_dir, store, docs) = corpus();
    let all_quotes: usize = docs.iter().map(|d| d.quotes.len()).sum();
    let mut csv = Vec::new();
    let n = store.export(&Query::all(), What::Quotes, Format::Csv, &mut csv).unwrap();
    assert_eq!(n as usize, all_quotes);
    let mut rdr = csv::Reader::from_reader(csv.as_slice());
    assert_eq!(rdr.records().count(), all_quotes);
    let mut nd = Vec::new();
    let n = store.export(&q("said"), What::Documents, Format::Ndjson, &mut nd).unwrap();
    let back: Vec<Document> = nd
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(back.len() as u64, n);
    let orig = docs.iter().find(|d| d.id == back[0].id).unwrap();
    assert_eq!(&back[0], orig, "the stored record comes back whole");
}

#[test]
fn read_only_store_refuses_writes() {
    let (dir, store, docs) = corpus();
    drop(store);
    let mut ro = Store::open_read_only(&dir.path().join("c.db")).unwrap();
    let mut changed = docs[0].clone();
    changed.title = Some("changed".into());
    assert!(ro.put(&[changed]).is_err());
    assert!(Store::open_read_only(&dir.path().join("missing.db")).is_err());
}

/// Places (geo, focus) and events, as the geo and event stages will fill them: a real
/// article with its place entities resolved and one event added by hand.
#[test]
fn places_contain_places_and_events_are_fields() {
    use newsgraph::model::{Actor, EntityKind, EntityRef, Event, Focus, Geo};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("c.db")).unwrap();
    let mut d =
        samples().into_iter().find(|d| d.entities.iter().any(|e| e.kind == EntityKind::Place)).unwrap();
    let place = d.entities.iter().position(|e| e.kind == EntityKind::Place).unwrap();
    let person = d.entities.iter().position(|e| e.kind == EntityKind::Person).unwrap();
    let geo = |id: u64, feature: &str| Geo {
        lat: 41.3,
        lon: 19.8,
        country: Some("AL".into()),
        geonames_id: Some(id),
        feature: Some(feature.into()),
        admin1: None,
        confidence: None,
        how: None,
        inherited: false,
    };
    // The document's place is a city in Albania; another document names Albania itself.
    d.entities[place].geo = Some(geo(3183875, "P.PPLC"));
    d.focus = vec![Focus {
        name: d.entities[place].name.clone(),
        geonames_id: Some(3183875),
        country: Some("AL".into()),
        score: 0.9,
    }];
    let actor = &d.entities[person];
    d.events = vec![Event {
        kind: "THREATEN".into(),
        actor: Some(Actor {
            entity: Some(actor.id.clone()),
            name: actor.name.clone(),
            span: None,
            country: Some("ALB".into()),
            sector: None,
        }),
        target: None,
        date: Some("2019-07-20".into()),
        place: Some(EntityRef {
            entity: Some(d.entities[place].id.clone()),
            name: d.entities[place].name.clone(),
        }),
        sentence: 0,
        evidence: d.text_of(d.sentences[0]).to_string(),
        confidence: 0.8,
        quad: Some("verbal_conflict".into()),
        mode: None,
        trigger: None,
    }];
    let mut country = samples().into_iter().find(|x| x.id != d.id).unwrap();
    // The event stage codes the samples too; only the hand-made event may count here.
    country.events.clear();
    country.entities.push(newsgraph::model::Entity {
        id: "e999".into(),
        kind: EntityKind::Place,
        name: "Albania".into(),
        aliases: vec!["Albania".into()],
        titles: vec![],
        mentions: vec![],
        geo: Some(geo(783754, "A.PCLI")),
    });
    store.put(&[d.clone(), country]).unwrap();
    let inside = store.documents(&q("place:Albania"), Page::default(), Sort::Rank).unwrap();
    let ids: Vec<&str> = inside.documents.iter().map(|h| h.id.as_str()).collect();
    assert!(ids.contains(&d.id.as_str()), "a city in Albania is in Albania: {ids:?}");
    let ev = store.events(&q("event:THREATEN place:Albania"), Page::default()).unwrap();
    assert_eq!(ev.total, 1);
    assert_eq!(ev.events[0].actor.as_ref().unwrap().name, actor_name(&d, person));
    let by_actor = store
        .events(&q(&format!("actor:\"{}\" date:2019-07", actor_name(&d, person))), Page::default())
        .unwrap();
    assert_eq!(by_actor.total, 1);
    assert_eq!(store.events(&q("actor:ALB"), Page::default()).unwrap().total, 1);
    assert_eq!(store.events(&q("event:verbal_conflict date:2020"), Page::default()).unwrap().total, 0);
    assert_eq!(store.documents(&q("event:threaten"), Page::default(), Sort::Rank).unwrap().total, 1);
    let f = store.facets(&Query::all(), 10).unwrap();
    assert_eq!(f.facets["event"][0].value, "THREATEN");
}

fn actor_name(d: &Document, i: usize) -> String {
    d.entities[i].name.clone()
}
