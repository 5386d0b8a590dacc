//! `analyze`: runs the stages in order on one raw document. No logic of its own.

use std::time::{Duration, Instant};

use crate::ingest::{Payload, RawDoc};
use crate::model::{Document, SCHEMA_VERSION};
use crate::{clean, entity, event, geo, html, meta, quote, segment, Resources};

/// Time spent in each stage, summed over documents (for `newsgraph bench`).
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    /// HTML extraction.
    pub html: Duration,
    /// Text cleaning.
    pub clean: Duration,
    /// Metadata and language.
    pub meta: Duration,
    /// Sentence segmentation.
    pub segment: Duration,
    /// Entity recognition and assembly.
    pub entity: Duration,
    /// Geocoding (missed places, resolution, focus).
    pub geo: Duration,
    /// Quote attribution.
    pub quote: Duration,
    /// Event coding.
    pub event: Duration,
}

impl Timings {
    /// Add another document's timings.
    pub fn add(&mut self, o: &Timings) {
        self.html += o.html;
        self.clean += o.clean;
        self.meta += o.meta;
        self.segment += o.segment;
        self.entity += o.entity;
        self.geo += o.geo;
        self.quote += o.quote;
        self.event += o.event;
    }
    /// `(stage, time)` pairs in pipeline order.
    pub fn stages(&self) -> [(&'static str, Duration); 8] {
        [
            ("html", self.html),
            ("clean", self.clean),
            ("meta", self.meta),
            ("segment", self.segment),
            ("entity", self.entity),
            ("geo", self.geo),
            ("quote", self.quote),
            ("event", self.event),
        ]
    }
}

/// Stopwatch that charges the time since the last lap to a stage.
struct Lap(Instant);

impl Lap {
    fn charge(&mut self, to: &mut Duration) {
        let now = Instant::now();
        *to += now - self.0;
        self.0 = now;
    }
}

/// Analyse one document: clean, find metadata, segment, recognise, attribute.
pub fn analyze(raw: RawDoc, res: &Resources) -> Document {
    analyze_timed(raw, res, &mut Timings::default())
}

/// [`analyze`], adding the time spent in each stage to `t`.
pub fn analyze_timed(raw: RawDoc, res: &Resources, t: &mut Timings) -> Document {
    let mut lap = Lap(Instant::now());
    let mut warnings = raw.warnings;
    let (cleaned, mut removed, hints) = match raw.payload {
        Payload::Text(t) => {
            let hints = meta::Hints { title: raw.title, published: raw.published, ..meta::Hints::default() };
            (clean::clean(&t, hints.title.as_deref()), Vec::new(), hints)
        }
        Payload::Html(h) => {
            let ex = html::extract(&h, raw.url.as_deref());
            lap.charge(&mut t.html);
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
    lap.charge(&mut t.clean);
    let m = meta::extract(&text, &hints, cleaned.byline);
    lap.charge(&mut t.meta);
    let sentences = segment::segment(&text);
    lap.charge(&mut t.segment);
    let mut entities = entity::recognise(&text, &sentences, res);
    lap.charge(&mut t.entity);
    let focus =
        geo::locate(&text, &sentences, &mut entities, m.title.as_deref(), m.dateline.as_ref(), &res.geo);
    lap.charge(&mut t.geo);
    let mut tags = quote::SegmentTags::default();
    let quotes = quote::attribute_tagged(&text, &sentences, &entities, res, Some(&mut tags));
    lap.charge(&mut t.quote);
    let events = event::code_events_tagged(
        &text,
        &sentences,
        &entities,
        &quotes,
        m.published.as_deref(),
        m.dateline.as_ref(),
        res,
        event::Ontology::embedded(),
        Some(&tags),
    );
    lap.charge(&mut t.event);
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
        events,
        focus,
        warnings,
    }
}
