//! The foundation stages on real article text: cleaning, metadata, sentences.

use newsgraph::ingest::RawDoc;
use newsgraph::model::{RemovalReason, Span};
use newsgraph::pipeline::analyze;
use newsgraph::Resources;

fn seed(name: &str) -> newsgraph::Document {
    let path = format!("{}/tests/fixtures/seeds/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("seed fixture");
    analyze(RawDoc::text(name, &text), Resources::embedded())
}

fn removed(doc: &newsgraph::Document) -> Vec<(RemovalReason, &str)> {
    doc.removed.iter().map(|r| (r.reason, r.text.as_str())).collect()
}

fn sentence_texts(doc: &newsgraph::Document) -> Vec<&str> {
    doc.sentences.iter().map(|s| doc.text_of(*s)).collect()
}

#[test]
fn seed_000_is_cleaned_with_reasons() {
    let d = seed("000_310dde132b2bd5a2");
    assert!(d.text.starts_with(
        "Ashraf 3 Has a Twin City Award in a European City Now\n\nIn Tirana, Albania, is the newly built city of Ashraf 3."
    ));
    assert_eq!(d.title.as_deref(), Some("Ashraf 3 Has a Twin City Award in a European City Now"));
    assert_eq!(
        removed(&d),
        vec![
            (RemovalReason::Caption, "mayor rudy giuliani in ashraf 3"),
            (RemovalReason::Caption, "Mayor Rudy Giuliani speaks on stage in Ashraf 3"),
            (RemovalReason::Caption, "francois legaret twin city to ashraf 3"),
            (RemovalReason::Caption, "Francois Legaret twin city to Ashraf 3"),
            (
                RemovalReason::Byline,
                "Hassan Mahmoudi is a human rights advocate and Social Media journalist seeking democracy for Iran and peace for the region."
            ),
        ]
    );
    let b = d.byline.as_ref().expect("byline from the bio");
    assert_eq!(b.name, "Hassan Mahmoudi");
    assert!(!d.text.contains("human rights advocate"));
    // The captions' neighbours survive, paragraph structure too.
    assert!(d.text.contains("\n\nFrench Mayor Jean-François Legare\n\n“We are all citizens of Ashraf."));
    assert_eq!(d.language.as_deref(), Some("en"));
}

#[test]
fn seed_000_sentences() {
    let d = seed("000_310dde132b2bd5a2");
    let s = sentence_texts(&d);
    assert!(s.contains(&"Among the participants were former U.S. Vice Presidential candidate and Sen. Joe Lieberman (I-CT) and former New York City Mayor Rudy Giuliani."));
    assert!(s.contains(&"The 5-Day Conference started on July 13."));
    assert!(s.contains(&"“We are all citizens of Ashraf."));
    assert!(s.contains(
        &"This is magnificent,” said Jean-François Legare, the mayor of the 1st arrondissement of Paris."
    ));
    assert!(s.contains(&"I’m happy with all my colleagues to give you this declaration.”"));
    for w in d.sentences.windows(2) {
        assert!(w[0].end <= w[1].start);
    }
}

#[test]
fn seed_002_ad_duplicates_dateline_byline() {
    let d = seed("002_2515b4472a72e914");
    assert_eq!(d.title.as_deref(), Some("Ashraf 3: The symbol of change in Iran"));
    assert!(d.text.starts_with("Ashraf 3: The symbol of change in Iran\n\nAshraf 3 is home to members"));
    let r = removed(&d);
    assert_eq!(r[0], (RemovalReason::Ad, "728 x 90"));
    assert_eq!(r[1].0, RemovalReason::Duplicate);
    assert_eq!(r[2], (RemovalReason::Byline, "Analysis by PMOI/MEK"));
    assert_eq!(r[3], (RemovalReason::Duplicate, "Free Iran Gathering, Ashraf 3, Albania, July 2019"));
    // The first copy of a repeated caption stays.
    assert_eq!(d.text.matches("Free Iran Gathering, Ashraf 3, Albania, July 2019").count(), 1);
    let dl = d.dateline.as_ref().expect("dateline");
    assert_eq!(dl.place.as_deref(), Some("Iran"));
    assert_eq!(dl.date.as_deref(), Some("2019-07-23"));
    assert_eq!(&d.text[dl.start..dl.end], "Iran, July 23, 2019 -");
    assert_eq!(d.published.as_deref(), Some("2019-07-23"));
    assert_eq!(d.byline.as_ref().map(|b| b.name.as_str()), Some("PMOI/MEK"));
}

#[test]
fn every_span_is_on_char_boundaries() {
    for name in ["000_310dde132b2bd5a2", "002_2515b4472a72e914"] {
        let d = seed(name);
        let mut spans: Vec<Span> = d.sentences.clone();
        for e in &d.entities {
            spans.extend(e.mentions.iter().map(|m| Span::new(m.start, m.end)));
        }
        spans.extend(d.quotes.iter().map(|q| Span::new(q.start, q.end)));
        for s in spans {
            assert!(
                s.end <= d.text.len() && d.text.is_char_boundary(s.start) && d.text.is_char_boundary(s.end)
            );
        }
    }
}

#[test]
fn html_and_jsonl_title_goes_first() {
    let mut raw = RawDoc::text("j", "The minister resigned on Monday.");
    raw.title = Some("Minister resigns".into());
    let d = analyze(raw, Resources::embedded());
    assert_eq!(d.text, "Minister resigns\n\nThe minister resigned on Monday.");
    let mut raw = RawDoc::text("j", "Minister resigns\n\nThe minister resigned on Monday.");
    raw.title = Some("Minister resigns".into());
    assert_eq!(
        analyze(raw, Resources::embedded()).text,
        "Minister resigns\n\nThe minister resigned on Monday."
    );
}

#[test]
fn sample_html_page_is_extracted_with_reasons() {
    let path = format!(
        "{}/../../samples/wikinews/2020-01-05-united-states-military-kills-qasem-soleimani.html",
        env!("CARGO_MANIFEST_DIR")
    );
    let html = std::fs::read_to_string(&path).expect("sample page");
    let d = analyze(RawDoc::html("soleimani", &html), Resources::embedded());
    assert_eq!(d.title.as_deref(), Some("United States military kills Qasem Soleimani"));
    assert_eq!(d.published.as_deref(), Some("2020-01-05"));
    assert!(d.text.starts_with(
        "United States military kills Qasem Soleimani\n\nThursday, United States military forces killed Qasem Soleimani, head of Iran's Quds Force, in an airstrike."
    ));
    let r = removed(&d);
    assert!(r.contains(&(RemovalReason::Caption, "A map showing the location of Iraq.")), "{r:?}");
    assert!(
        r.iter().any(|(why, t)| *why == RemovalReason::Navigation && t.starts_with("Share this")),
        "{r:?}"
    );
    assert!(!d.text.contains("Privacy policy") && !d.text.contains("Related news"));
    assert_eq!(d.language.as_deref(), Some("en"));
}
