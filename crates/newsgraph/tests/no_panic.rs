//! Property tests: the text stages never panic and keep their span invariants,
//! whatever bytes come in.

use newsgraph::ingest::RawDoc;
use newsgraph::{clean, meta, pipeline, segment, Resources};
use proptest::prelude::*;

fn check_spans(text: &str, spans: &[newsgraph::model::Span]) {
    let mut last = 0;
    for s in spans {
        assert!(s.start <= s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(s.start >= last, "overlap");
        last = s.end;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn cleaner_and_segmenter_never_panic(s in "(?s)[ -~\u{a0}-\u{17f}“”‘’«»…。\n\r\t]{0,400}") {
        let c = clean::clean(&s, None);
        check_spans(&c.text, &segment::segment(&c.text));
        let m = meta::extract(&c.text, &meta::Hints::default(), c.byline);
        if let Some(d) = m.dateline {
            prop_assert!(c.text.is_char_boundary(d.start) && c.text.is_char_boundary(d.end) && d.end <= c.text.len());
        }
    }

    #[test]
    fn news_like_lines_never_panic(lines in proptest::collection::vec(
        prop_oneof![
            Just("728 x 90".to_string()),
            Just("Share this article".to_string()),
            Just("mayor rudy giuliani in ashraf 3".to_string()),
            Just("Mayor Rudy Giuliani speaks in Ashraf 3".to_string()),
            Just("“We are all citizens,” said Sen. Joe Lieberman (I-CT).".to_string()),
            Just("Iran, July 23, 2019 - The U.S. said.".to_string()),
            Just(String::new()),
            "[A-Za-zé .,“”]{0,60}",
        ], 0..20)) {
        let text = lines.join("\n");
        let d = pipeline::analyze(RawDoc::text("p", &text), Resources::embedded());
        check_spans(&d.text, &d.sentences);
    }

    #[test]
    fn html_path_never_panics(s in "(?s)(<[a-z/!][a-z =\"'-]{0,12}>|[^<]{0,20}){0,40}") {
        let d = pipeline::analyze(RawDoc::html("h", &s), Resources::embedded());
        check_spans(&d.text, &d.sentences);
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(b in proptest::collection::vec(any::<u8>(), 0..600)) {
        let mut n = 0;
        newsgraph::ingest::read_bytes("x.html", &b, &mut |r| { n += 1; if let Ok(raw) = r { pipeline::analyze(raw, Resources::embedded()); } });
        newsgraph::ingest::read_bytes("x.warc", &b, &mut |_| {});
        newsgraph::ingest::read_bytes("x.jsonl", &b, &mut |_| {});
        prop_assert!(n <= 1);
    }
}
