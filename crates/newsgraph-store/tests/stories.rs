//! Stories linked at ingest, on real text: the 52 ECB+ reports of `samples/ecbplus`
//! (several real events, each reported by several outlets).
//!
//! - the stored stories are those `newsgraph analyze --stories` finds (`story::link`);
//! - ingesting in two runs (any split, in link order or not) gives the same stories,
//!   ids included, as one run;
//! - re-ingesting an updated article keeps it once, in its story.

use std::path::Path;
use std::sync::LazyLock;

use newsgraph::ingest::read_path;
use newsgraph::model::Corpus;
use newsgraph::{pipeline::analyze, Document, Resources};
use newsgraph_store::query::Query;
use newsgraph_store::{Page, Store};

static ECB: LazyLock<Vec<Document>> = LazyLock::new(|| {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/ecbplus/stories.jsonl");
    let mut out = Vec::new();
    read_path(&path, &mut |r| {
        if let Ok(raw) = r {
            out.push(analyze(raw, Resources::embedded()));
        }
    });
    assert_eq!(out.len(), 52);
    out
});

/// Put documents in batches of `batch` (in the order given), then settle.
fn ingest(store: &mut Store, docs: &[Document], batch: usize) {
    for b in docs.chunks(batch) {
        store.put(b).unwrap();
    }
    store.settle_stories().unwrap();
}

fn fresh(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::create(&dir.path().join(name)).unwrap()
}

/// Stories as their documents' ids (the grouping), in order.
fn groups(c: &Corpus) -> Vec<Vec<String>> {
    c.stories.iter().map(|s| s.documents.clone()).collect()
}

#[test]
fn stories_at_ingest_are_those_of_analyze() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fresh(&dir, "a.db");
    ingest(&mut store, &ECB, 16);
    let got = store.corpus().unwrap();
    let want = newsgraph::story::link(&ECB);
    assert_eq!(groups(&got), groups(&want));
    let multi = want.stories.iter().filter(|s| s.documents.len() >= 2).count();
    for s in &want.stories {
        eprintln!(
            "{} {} reports, {} agreements, {} discrepancies: {}",
            s.id,
            s.documents.len(),
            s.agreements.len(),
            s.discrepancies.len(),
            s.label
        );
    }
    // The sample holds reports of four events (samples/README.md).
    assert!(multi >= 4, "ECB+ holds four multi-report stories, found {multi}");
    // The records match too (labels, entities, agreements, discrepancies, why); only
    // the ids differ where stories merged (a merged story's number is not reused).
    for (g, w) in got.stories.iter().zip(&want.stories) {
        let mut g = g.clone();
        g.id = w.id.clone();
        assert_eq!(&g, w);
    }
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}

#[test]
fn two_runs_give_the_stories_of_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut one = fresh(&dir, "one.db");
    ingest(&mut one, &ECB, 256);
    let want = one.corpus().unwrap();
    assert!(!one.relink_due().unwrap());

    // In link order (later news arriving later): linked incrementally, no relink due.
    let mut sorted: Vec<Document> = ECB.clone();
    sorted.sort_by_cached_key(|d| newsgraph::story::link_order(&newsgraph::story::features(d)));
    let (a, b) = sorted.split_at(sorted.len() / 2);
    {
        let mut s = fresh(&dir, "inorder.db");
        ingest(&mut s, a, 8);
    }
    let mut s = Store::create(&dir.path().join("inorder.db")).unwrap();
    for chunk in b.chunks(8) {
        s.put(chunk).unwrap();
        assert!(!s.relink_due().unwrap(), "documents in link order need no relink");
    }
    assert_eq!(s.corpus().unwrap(), want);
    assert!(!s.settle_stories().unwrap().relinked);

    // Halves in input order (out of link order): the second run relinks, same result.
    let (a, b) = ECB.split_at(ECB.len() / 2);
    {
        let mut s = fresh(&dir, "halves.db");
        ingest(&mut s, b, 10);
    }
    let mut s = Store::create(&dir.path().join("halves.db")).unwrap();
    for chunk in a.chunks(10) {
        s.put(chunk).unwrap();
    }
    assert!(s.relink_due().unwrap());
    let settled = s.settle_stories().unwrap();
    assert!(settled.relinked);
    assert_eq!(s.corpus().unwrap(), want);
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
}

#[test]
fn an_updated_article_stays_once_in_its_story() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fresh(&dir, "u.db");
    ingest(&mut store, &ECB, 64);
    let before = store.corpus().unwrap();
    let story = before.stories.iter().find(|s| s.documents.len() >= 3).expect("a story of 3 reports");
    let id = story.documents[1].clone();
    let mut doc = ECB.iter().find(|d| d.id == id).unwrap().clone();
    doc.title = Some(format!("{} (updated)", doc.title.clone().unwrap_or_default()));
    let r = store.put(&[doc]).unwrap();
    assert_eq!(r.updated, 1);
    store.settle_stories().unwrap();
    let after = store.corpus().unwrap();
    assert_eq!(groups(&after), groups(&before), "same stories after the update");
    let n = after.stories.iter().flat_map(|s| &s.documents).filter(|d| **d == id).count();
    assert_eq!(n, 1);
    // The story's answer shows it once, with its documents.
    let q = Query::parse(&format!("story:{}", story.id)).unwrap();
    let docs = store.documents(&q, Page::default(), newsgraph_store::answer::Sort::Date).unwrap();
    assert_eq!(docs.total, story.documents.len());
    let stories = store.stories(&Query::all(), Page::default()).unwrap();
    assert_eq!(stories.total, after.stories.len());
    assert!(stories.stories[0].record.documents.len() >= 3, "largest first");
}
