//! `analyze`: runs the stages in order on one raw document. No logic of its own.

use crate::ingest::{Payload, RawDoc};
use crate::model::{Document, SCHEMA_VERSION};
use crate::{clean, entity, html, meta, quote, segment, Resources};

/// Analyse one document: clean, find metadata, segment, recognise, attribute.
pub fn analyze(raw: RawDoc, res: &Resources) -> Document {
    let mut warnings = raw.warnings;
    let (cleaned, mut removed, hints) = match raw.payload {
        Payload::Text(t) => {
            let hints = meta::Hints { title: raw.title, published: raw.published, ..meta::Hints::default() };
            (clean::clean(&t, hints.title.as_deref()), Vec::new(), hints)
        }
        Payload::Html(h) => {
            let ex = html::extract(&h, raw.url.as_deref());
            if ex.blocks.is_empty() {
                warnings.push("no article body found in HTML".to_string());
            }
            let hints = meta::Hints {
                title: raw.title.or(ex.hints.title),
                published: raw.published.or(ex.hints.published),
                ..ex.hints
            };
            (clean::clean_blocks(&ex.blocks, hints.title.as_deref()), ex.removed, hints)
        }
    };
    removed.extend(cleaned.removed);
    let text = cleaned.text;
    let m = meta::extract(&text, &hints, cleaned.byline);
    let sentences = segment::segment(&text);
    let entities = entity::recognise(&text, &sentences, res);
    let quotes = quote::attribute(&text, &sentences, &entities);
    Document {
        schema: SCHEMA_VERSION,
        id: raw.id,
        source: raw.source,
        url: raw.url,
        title: m.title,
        published: m.published,
        dateline: m.dateline,
        byline: m.byline,
        language: m.language,
        text,
        removed,
        sentences,
        entities,
        quotes,
        events: Vec::new(),
        warnings,
    }
}
