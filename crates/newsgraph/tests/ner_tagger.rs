//! The shipped tagger on real article text: the seed articles and a CoNLL sample.

use newsgraph::model::EntityKind;
use newsgraph::ner::{self, Tagged};
use newsgraph::{segment, Resources};

fn seed(name: &str) -> String {
    let p = format!("{}/tests/fixtures/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn tagged(text: &str) -> Vec<(String, EntityKind)> {
    let model = &Resources::embedded().ner;
    assert!(!model.is_empty(), "the shipped model must load");
    let sents = segment::segment(text);
    ner::tag(text, &sents, model)
        .into_iter()
        .map(|Tagged { span, kind }| (text[span.range()].to_string(), kind))
        .collect()
}

fn has(tags: &[(String, EntityKind)], name: &str, kind: EntityKind) -> bool {
    tags.iter().any(|(n, k)| n == name && *k == kind)
}

#[test]
fn seed_article_names_and_places() {
    let text = seed("000_310dde132b2bd5a2.txt");
    let tags = tagged(&text);
    for (name, kind) in [
        ("Rudy Giuliani", EntityKind::Person),
        ("Joe Lieberman", EntityKind::Person),
        ("Jean-François Legare", EntityKind::Person),
        ("Albania", EntityKind::Place),
        ("Tirana", EntityKind::Place),
        ("France", EntityKind::Place),
        ("Paris", EntityKind::Place),
    ] {
        assert!(has(&tags, name, kind), "{name} as {kind:?} missing from {tags:?}");
    }
    // Spans never cut a word and never hold a line break.
    for (n, _) in &tags {
        assert!(!n.contains('\n') && n.trim() == n, "{n:?}");
    }
}

#[test]
fn all_caps_and_lower_case_lines() {
    let tags = tagged("MAYOR RUDY GIULIANI VISITS ALBANIA\n\nOfficials said the talks went well.");
    assert!(has(&tags, "RUDY GIULIANI", EntityKind::Person), "{tags:?}");
    assert!(has(&tags, "ALBANIA", EntityKind::Place), "{tags:?}");
    let tags = tagged("Officials met in Paris on Monday.\nmayor rudy giuliani spoke in paris");
    assert!(tags.iter().any(|(n, k)| n.contains("giuliani") && *k == EntityKind::Person), "{tags:?}");
}

#[test]
fn every_span_is_on_char_boundaries() {
    let text = seed("002_2515b4472a72e914.txt");
    let model = &Resources::embedded().ner;
    let sents = segment::segment(&text);
    let tags = ner::tag(&text, &sents, model);
    assert!(!tags.is_empty());
    let mut last = 0;
    for t in tags {
        assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        assert!(t.span.start >= last, "spans in text order");
        last = t.span.end;
    }
}

#[test]
fn conll_dev_file_scores_sensibly_when_present() {
    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/ner/conll2003/eng.testa");
    let Ok(text) = std::fs::read_to_string(p) else {
        eprintln!("skipped: {p} not found");
        return;
    };
    let docs = ner::train::read_conll(&text);
    let rep = ner::train::evaluate(&Resources::embedded().ner, &docs[..40.min(docs.len())]);
    let (_, _, f) = rep.counts.overall();
    assert!(f > 0.8, "{}", rep.counts.table());
}
