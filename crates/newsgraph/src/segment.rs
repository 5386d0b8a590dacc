//! Cleaned text → sentence spans.

use crate::model::{paragraph_spans, Span};

/// Split a cleaned text into sentences (never across paragraphs).
pub fn segment(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for p in paragraph_spans(text) {
        let s = &text[p.range()];
        let mut start = 0;
        for (i, _) in s.match_indices(". ") {
            out.push(Span::new(p.start + start, p.start + i + 1));
            start = i + 2;
        }
        if start < s.len() {
            out.push(Span::new(p.start + start, p.end));
        }
    }
    out
}
