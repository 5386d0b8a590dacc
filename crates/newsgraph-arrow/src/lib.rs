//! newsgraph document records as Arrow tables, and Parquet files of them.
//!
//! One table per kind of annotation — `documents`, `entities`, `mentions`, `quotes`,
//! `events`, `places`, `removed` — keyed by `doc_id` (and `entity_id` within a
//! document), with the column names and types of `docs/parquet.md`. Those names and
//! types are a public contract like `SCHEMA.md`: add columns, never rename or retype.
//!
//! [`tables`] turns a batch of [`Document`]s into the seven record batches;
//! [`nested`] gives one row per document with every child table as a
//! `list<struct>` column (what a Spark `mapInArrow` stage returns, to be exploded
//! into the same seven tables); [`ParquetDir`] writes the tables as
//! `DIR/<table>.parquet`.
//!
//! Byte offsets are named `*_byte` on purpose: they index the UTF-8 bytes of the
//! document's `text`, not the code points a Python `str` indexes.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Float32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::{Array, ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use newsgraph::model::{Actor, Document, EntityKind, QuoteKind, RemovalReason, Span};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

pub use arrow_array;
pub use arrow_schema;

/// The table names, in the order [`tables`] returns them.
pub const TABLES: [&str; 7] = ["documents", "entities", "mentions", "quotes", "events", "places", "removed"];

/// A column's type.
#[derive(Clone, Copy, Debug)]
enum Ty {
    Str,
    Int,
    F32,
    F64,
    Bool,
    /// `list<utf8>`.
    StrList,
    /// `list<struct<…>>` of the given columns.
    Structs(&'static [Col]),
}

/// A column: name, type, nullable.
#[derive(Clone, Copy, Debug)]
struct Col(&'static str, Ty, bool);

const SPAN: &[Col] = &[Col("start_byte", Ty::Int, false), Col("end_byte", Ty::Int, false)];
const FOCUS: &[Col] = &[
    Col("name", Ty::Str, false),
    Col("geonames_id", Ty::Int, true),
    Col("country", Ty::Str, true),
    Col("score", Ty::F32, false),
];

const DOCUMENTS: &[Col] = &[
    Col("doc_id", Ty::Str, false),
    Col("schema_version", Ty::Int, false),
    Col("source", Ty::Str, false),
    Col("url", Ty::Str, true),
    Col("title", Ty::Str, true),
    Col("published", Ty::Str, true),
    Col("language", Ty::Str, true),
    Col("dateline_place", Ty::Str, true),
    Col("dateline_date", Ty::Str, true),
    Col("dateline_start_byte", Ty::Int, true),
    Col("dateline_end_byte", Ty::Int, true),
    Col("byline", Ty::Str, true),
    Col("byline_bio", Ty::Str, true),
    Col("text", Ty::Str, false),
    Col("sentences", Ty::Structs(SPAN), false),
    Col("focus", Ty::Structs(FOCUS), false),
    Col("warnings", Ty::StrList, false),
];

const ENTITIES: &[Col] = &[
    Col("doc_id", Ty::Str, false),
    Col("entity_id", Ty::Str, false),
    Col("type", Ty::Str, false),
    Col("name", Ty::Str, false),
    Col("aliases", Ty::StrList, false),
    Col("titles", Ty::StrList, false),
    Col("mention_count", Ty::Int, false),
];

const MENTIONS: &[Col] = &[
    Col("doc_id", Ty::Str, false),
    Col("entity_id", Ty::Str, false),
    Col("start_byte", Ty::Int, false),
    Col("end_byte", Ty::Int, false),
    Col("text", Ty::Str, false),
    Col("embedded_in", Ty::Str, true),
];

const QUOTES: &[Col] = &[
    Col("doc_id", Ty::Str, false),
    Col("quote_index", Ty::Int, false),
    Col("kind", Ty::Str, false),
    Col("text", Ty::Str, false),
    Col("start_byte", Ty::Int, false),
    Col("end_byte", Ty::Int, false),
    Col("speaker_entity", Ty::Str, true),
    Col("speaker_name", Ty::Str, true),
    Col("speaker_start_byte", Ty::Int, true),
    Col("speaker_end_byte", Ty::Int, true),
    Col("cue", Ty::Str, true),
    Col("cue_start_byte", Ty::Int, true),
    Col("cue_end_byte", Ty::Int, true),
    Col("confidence", Ty::F32, false),
    Col("parts", Ty::Structs(SPAN), false),
];

const EVENTS: &[Col] = &[
    Col("doc_id", Ty::Str, false),
    Col("event_index", Ty::Int, false),
    Col("type", Ty::Str, false),
    Col("quad", Ty::Str, true),
    Col("mode", Ty::Str, true),
    Col("actor_entity", Ty::Str, true),
    Col("actor_name", Ty::Str, true),
    Col("actor_start_byte", Ty::Int, true),
    Col("actor_end_byte", Ty::Int, true),
    Col("actor_country", Ty::Str, true),
    Col("actor_sector", Ty::Str, true),
    Col("target_entity", Ty::Str, true),
    Col("target_name", Ty::Str, true),
    Col("target_start_byte", Ty::Int, true),
    Col("target_end_byte", Ty::Int, true),
    Col("target_country", Ty::Str, true),
    Col("target_sector", Ty::Str, true),
    Col("date", Ty::Str, true),
    Col("place_entity", Ty::Str, true),
    Col("place_name", Ty::Str, true),
    Col("sentence", Ty::Int, false),
    Col("evidence", Ty::Str, false),
    Col("confidence", Ty::F32, false),
    Col("trigger_text", Ty::Str, true),
    Col("trigger_start_byte", Ty::Int, true),
    Col("trigger_end_byte", Ty::Int, true),
];

const PLACES: &[Col] = &[
    Col("doc_id", Ty::Str, false),
    Col("entity_id", Ty::Str, false),
    Col("name", Ty::Str, false),
    Col("lat", Ty::F64, true),
    Col("lon", Ty::F64, true),
    Col("country", Ty::Str, true),
    Col("geonames_id", Ty::Int, true),
    Col("feature", Ty::Str, true),
    Col("admin1", Ty::Str, true),
    Col("confidence", Ty::F32, true),
    Col("how", Ty::Str, true),
    Col("inherited", Ty::Bool, true),
];

const REMOVED: &[Col] = &[
    Col("doc_id", Ty::Str, false),
    Col("removal_index", Ty::Int, false),
    Col("reason", Ty::Str, false),
    Col("text", Ty::Str, false),
];

fn columns(table: &str) -> Option<&'static [Col]> {
    Some(match table {
        "documents" => DOCUMENTS,
        "entities" => ENTITIES,
        "mentions" => MENTIONS,
        "quotes" => QUOTES,
        "events" => EVENTS,
        "places" => PLACES,
        "removed" => REMOVED,
        _ => return None,
    })
}

fn item_field(dt: DataType) -> Arc<Field> {
    Arc::new(Field::new_list_field(dt, true))
}

fn data_type(ty: Ty) -> DataType {
    match ty {
        Ty::Str => DataType::Utf8,
        Ty::Int => DataType::Int64,
        Ty::F32 => DataType::Float32,
        Ty::F64 => DataType::Float64,
        Ty::Bool => DataType::Boolean,
        Ty::StrList => DataType::List(item_field(DataType::Utf8)),
        Ty::Structs(cols) => DataType::List(item_field(DataType::Struct(fields(cols)))),
    }
}

fn fields(cols: &[Col]) -> Fields {
    cols.iter().map(|Col(n, t, null)| Field::new(*n, data_type(*t), *null)).collect()
}

/// The Arrow schema of a table (one of [`TABLES`]); `None` for another name.
pub fn schema(table: &str) -> Option<SchemaRef> {
    columns(table).map(|c| Arc::new(Schema::new(fields(c))))
}

/// The schema of [`nested`]: the `documents` columns, then one `list<struct>` column
/// per child table (`entities`, `mentions`, `quotes`, `events`, `places`, `removed`)
/// whose struct fields are that table's columns.
pub fn nested_schema() -> SchemaRef {
    let mut fs: Vec<Field> = fields(DOCUMENTS).iter().map(|f| f.as_ref().clone()).collect();
    for t in &TABLES[1..] {
        let cols = columns(t).unwrap_or_default();
        fs.push(Field::new(*t, DataType::List(item_field(DataType::Struct(fields(cols)))), false));
    }
    Arc::new(Schema::new(fs))
}

/// One column's builder.
enum Builder {
    Arrow(Box<dyn ArrayBuilder>),
    Structs { inner: Box<Table>, offsets: Vec<usize> },
}

/// Rows appended column by column, in the order of the table's columns.
struct Table {
    cols: &'static [Col],
    builders: Vec<Builder>,
    /// The next column of the current row.
    at: usize,
    rows: usize,
}

impl Table {
    fn new(cols: &'static [Col]) -> Table {
        let builders = cols
            .iter()
            .map(|Col(_, t, _)| match *t {
                Ty::Str => Builder::Arrow(Box::new(StringBuilder::new())),
                Ty::Int => Builder::Arrow(Box::new(Int64Builder::new())),
                Ty::F32 => Builder::Arrow(Box::new(Float32Builder::new())),
                Ty::F64 => Builder::Arrow(Box::new(Float64Builder::new())),
                Ty::Bool => Builder::Arrow(Box::new(BooleanBuilder::new())),
                Ty::StrList => Builder::Arrow(Box::new(ListBuilder::new(StringBuilder::new()))),
                Ty::Structs(inner) => {
                    Builder::Structs { inner: Box::new(Table::new(inner)), offsets: vec![0] }
                }
            })
            .collect();
        Table { cols, builders, at: 0, rows: 0 }
    }

    /// The builder of the next column, which must be of type `B`.
    fn next<B: ArrayBuilder>(&mut self) -> &mut B {
        let col = self.at;
        self.at += 1;
        let name = self.cols.get(col).map_or("?", |c| c.0);
        match self.builders.get_mut(col) {
            Some(Builder::Arrow(b)) => match b.as_any_mut().downcast_mut::<B>() {
                Some(b) => b,
                None => panic!("column {name}: wrong type"),
            },
            _ => panic!("column {name}: wrong type or too many values"),
        }
    }

    fn str(&mut self, v: Option<&str>) -> &mut Self {
        self.next::<StringBuilder>().append_option(v);
        self
    }
    fn int(&mut self, v: Option<usize>) -> &mut Self {
        self.next::<Int64Builder>().append_option(v.map(|x| x as i64));
        self
    }
    fn f32(&mut self, v: Option<f32>) -> &mut Self {
        self.next::<Float32Builder>().append_option(v);
        self
    }
    fn f64(&mut self, v: Option<f64>) -> &mut Self {
        self.next::<Float64Builder>().append_option(v);
        self
    }
    fn bool(&mut self, v: Option<bool>) -> &mut Self {
        self.next::<BooleanBuilder>().append_option(v);
        self
    }
    fn strs(&mut self, v: &[String]) -> &mut Self {
        let b = self.next::<ListBuilder<StringBuilder>>();
        for s in v {
            b.values().append_value(s);
        }
        b.append(true);
        self
    }
    /// A `list<struct>` value: `row` appends one item's columns (and ends its row).
    fn items<T>(&mut self, xs: &[T], row: impl Fn(&mut Table, &T)) -> &mut Self {
        let col = self.at;
        self.at += 1;
        match self.builders.get_mut(col) {
            Some(Builder::Structs { inner, offsets }) => {
                for x in xs {
                    row(inner, x);
                }
                offsets.push(inner.rows);
            }
            _ => panic!("column {}: not a list of structs", self.cols.get(col).map_or("?", |c| c.0)),
        }
        self
    }
    fn spans(&mut self, xs: &[Span]) -> &mut Self {
        self.items(xs, |t, s| t.int(Some(s.start)).int(Some(s.end)).end())
    }
    /// Close the current row; every column must have had its value.
    fn end(&mut self) {
        assert_eq!(self.at, self.cols.len(), "row of {} columns got {} values", self.cols.len(), self.at);
        self.at = 0;
        self.rows += 1;
    }

    fn arrays(&mut self) -> Vec<ArrayRef> {
        let cols = self.cols;
        self.builders
            .iter_mut()
            .zip(cols)
            .map(|(b, Col(_, ty, _))| match b {
                Builder::Arrow(b) => b.finish(),
                Builder::Structs { inner, offsets } => {
                    let Ty::Structs(item_cols) = ty else { unreachable!("builder made from its type") };
                    let values = StructArray::new(fields(item_cols), inner.arrays(), None);
                    let lens = offsets.windows(2).map(|w| w[1] - w[0]);
                    let list = ListArray::new(
                        item_field(DataType::Struct(fields(item_cols))),
                        OffsetBuffer::from_lengths(lens),
                        Arc::new(values),
                        None,
                    );
                    Arc::new(list) as ArrayRef
                }
            })
            .collect()
    }

    fn finish(mut self) -> RecordBatch {
        let schema = Arc::new(Schema::new(fields(self.cols)));
        let arrays = self.arrays();
        // The builders follow the schema by construction; a mismatch is a bug here.
        RecordBatch::try_new(schema, arrays).expect("arrays match their schema")
    }
}

fn kind_name(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "PERSON",
        EntityKind::Org => "ORG",
        EntityKind::Place => "PLACE",
        EntityKind::Other => "OTHER",
    }
}

fn quote_kind(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Mixed => "mixed",
    }
}

fn reason(r: RemovalReason) -> &'static str {
    match r {
        RemovalReason::Ad => "ad",
        RemovalReason::Caption => "caption",
        RemovalReason::Duplicate => "duplicate",
        RemovalReason::Byline => "byline",
        RemovalReason::Navigation => "navigation",
        RemovalReason::Other => "other",
    }
}

fn actor(t: &mut Table, a: Option<&Actor>) {
    t.str(a.and_then(|a| a.entity.as_deref()))
        .str(a.map(|a| a.name.as_str()))
        .int(a.and_then(|a| a.span).map(|s| s.start))
        .int(a.and_then(|a| a.span).map(|s| s.end))
        .str(a.and_then(|a| a.country.as_deref()))
        .str(a.and_then(|a| a.sector.as_deref()));
}

/// The seven tables of a batch of documents, in the order of [`TABLES`].
pub fn tables(docs: &[Document]) -> Vec<(&'static str, RecordBatch)> {
    let mut b = Builders::new();
    for d in docs {
        b.push(d);
    }
    b.finish()
}

/// One row per document: the `documents` columns plus each child table's rows of
/// that document as a `list<struct>` column ([`nested_schema`]). Exploding a child
/// column gives exactly the rows [`tables`] gives for it.
pub fn nested(docs: &[Document]) -> RecordBatch {
    let mut b = Builders::new();
    let mut counts: Vec<[usize; 6]> = Vec::with_capacity(docs.len());
    for d in docs {
        let before = b.child_rows();
        b.push(d);
        let after = b.child_rows();
        counts.push(std::array::from_fn(|i| after[i] - before[i]));
    }
    let mut tables = b.finish().into_iter();
    let Some((_, documents)) = tables.next() else { unreachable!("seven tables") };
    let mut arrays: Vec<ArrayRef> = documents.columns().to_vec();
    for (i, (_, child)) in tables.enumerate() {
        let values = StructArray::from(child);
        let item = item_field(values.data_type().clone());
        let offsets = OffsetBuffer::from_lengths(counts.iter().map(|c| c[i]));
        arrays.push(Arc::new(ListArray::new(item, offsets, Arc::new(values), None)));
    }
    RecordBatch::try_new(nested_schema(), arrays).expect("arrays match the nested schema")
}

/// The seven tables under construction.
struct Builders([Table; 7]);

impl Builders {
    fn new() -> Builders {
        Builders([DOCUMENTS, ENTITIES, MENTIONS, QUOTES, EVENTS, PLACES, REMOVED].map(Table::new))
    }

    fn child_rows(&self) -> [usize; 6] {
        std::array::from_fn(|i| self.0[i + 1].rows)
    }

    fn push(&mut self, d: &Document) {
        let [docs, ents, ments, quotes, events, places, removed] = &mut self.0;
        let id = Some(d.id.as_str());
        let dl = d.dateline.as_ref();
        let by = d.byline.as_ref();
        docs.str(id)
            .int(Some(d.schema as usize))
            .str(Some(&d.source))
            .str(d.url.as_deref())
            .str(d.title.as_deref())
            .str(d.published.as_deref())
            .str(d.language.as_deref())
            .str(dl.and_then(|x| x.place.as_deref()))
            .str(dl.and_then(|x| x.date.as_deref()))
            .int(dl.map(|x| x.start))
            .int(dl.map(|x| x.end))
            .str(by.map(|b| b.name.as_str()))
            .str(by.and_then(|b| b.bio.as_deref()))
            .str(Some(&d.text))
            .spans(&d.sentences)
            .items(&d.focus, |t, f| {
                t.str(Some(&f.name))
                    .int(f.geonames_id.map(|g| g as usize))
                    .str(f.country.as_deref())
                    .f32(Some(f.score))
                    .end()
            })
            .strs(&d.warnings)
            .end();
        for e in &d.entities {
            let eid = Some(e.id.as_str());
            ents.str(id)
                .str(eid)
                .str(Some(kind_name(e.kind)))
                .str(Some(&e.name))
                .strs(&e.aliases)
                .strs(&e.titles)
                .int(Some(e.mentions.len()))
                .end();
            for m in &e.mentions {
                ments
                    .str(id)
                    .str(eid)
                    .int(Some(m.start))
                    .int(Some(m.end))
                    .str(Some(&m.text))
                    .str(m.embedded_in.as_deref())
                    .end();
            }
            if e.kind == EntityKind::Place || e.geo.is_some() {
                let g = e.geo.as_ref();
                places
                    .str(id)
                    .str(eid)
                    .str(Some(&e.name))
                    .f64(g.map(|g| g.lat))
                    .f64(g.map(|g| g.lon))
                    .str(g.and_then(|g| g.country.as_deref()))
                    .int(g.and_then(|g| g.geonames_id).map(|x| x as usize))
                    .str(g.and_then(|g| g.feature.as_deref()))
                    .str(g.and_then(|g| g.admin1.as_deref()))
                    .f32(g.and_then(|g| g.confidence))
                    .str(g.and_then(|g| g.how.as_deref()))
                    .bool(g.map(|g| g.inherited))
                    .end();
            }
        }
        for (i, q) in d.quotes.iter().enumerate() {
            let sp = q.speaker.as_ref();
            quotes
                .str(id)
                .int(Some(i))
                .str(Some(quote_kind(q.kind)))
                .str(Some(&q.text))
                .int(Some(q.start))
                .int(Some(q.end))
                .str(sp.and_then(|s| s.entity.as_deref()))
                .str(sp.map(|s| s.name.as_str()))
                .int(q.speaker_span.map(|s| s.start))
                .int(q.speaker_span.map(|s| s.end))
                .str(q.cue.as_deref())
                .int(q.cue_span.map(|s| s.start))
                .int(q.cue_span.map(|s| s.end))
                .f32(Some(q.confidence))
                .spans(&q.parts)
                .end();
        }
        for (i, ev) in d.events.iter().enumerate() {
            events.str(id).int(Some(i)).str(Some(&ev.kind)).str(ev.quad.as_deref()).str(ev.mode.as_deref());
            actor(events, ev.actor.as_ref());
            actor(events, ev.target.as_ref());
            let tr = ev.trigger.as_ref();
            events
                .str(ev.date.as_deref())
                .str(ev.place.as_ref().and_then(|p| p.entity.as_deref()))
                .str(ev.place.as_ref().map(|p| p.name.as_str()))
                .int(Some(ev.sentence))
                .str(Some(&ev.evidence))
                .f32(Some(ev.confidence))
                .str(tr.map(|t| t.text.as_str()))
                .int(tr.map(|t| t.start))
                .int(tr.map(|t| t.end))
                .end();
        }
        for (i, r) in d.removed.iter().enumerate() {
            removed.str(id).int(Some(i)).str(Some(reason(r.reason))).str(Some(&r.text)).end();
        }
    }

    fn finish(self) -> Vec<(&'static str, RecordBatch)> {
        TABLES.into_iter().zip(self.0.map(Table::finish)).collect()
    }
}

/// Counts of what a [`ParquetDir`] wrote.
#[derive(Debug, Default, Clone)]
pub struct Written {
    /// Rows per table, in the order of [`TABLES`].
    pub rows: [u64; 7],
    /// Bytes of each file once closed, in the order of [`TABLES`].
    pub bytes: [u64; 7],
}

/// The seven tables as `DIR/<table>.parquet`, written a batch of documents at a time
/// (Snappy-compressed; row groups flushed at 64 MiB of buffered data so a corpus of
/// long articles does not pile up in memory).
pub struct ParquetDir {
    dir: std::path::PathBuf,
    writers: Vec<ArrowWriter<File>>,
    rows: [u64; 7],
}

/// Buffered bytes at which a table's row group is flushed.
const ROW_GROUP_BYTES: usize = 64 << 20;

impl ParquetDir {
    /// Create `dir` (and its parents) and the seven files in it, replacing old ones.
    pub fn create(dir: &Path) -> parquet::errors::Result<ParquetDir> {
        std::fs::create_dir_all(dir)?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(128 * 1024))
            .set_created_by(format!("newsgraph {}", env!("CARGO_PKG_VERSION")))
            .build();
        let mut writers = Vec::new();
        for t in TABLES {
            let file = File::create(dir.join(format!("{t}.parquet")))?;
            let schema = schema(t).unwrap_or_else(|| unreachable!("a table of TABLES"));
            writers.push(ArrowWriter::try_new(file, schema, Some(props.clone()))?);
        }
        Ok(ParquetDir { dir: dir.to_path_buf(), writers, rows: [0; 7] })
    }

    /// Append a batch of documents to every table.
    pub fn write(&mut self, docs: &[Document]) -> parquet::errors::Result<()> {
        for (i, (w, (_, batch))) in self.writers.iter_mut().zip(tables(docs)).enumerate() {
            self.rows[i] += batch.num_rows() as u64;
            w.write(&batch)?;
            if w.in_progress_size() > ROW_GROUP_BYTES {
                w.flush()?;
            }
        }
        Ok(())
    }

    /// Finish the files (footers); returns rows and bytes per table.
    pub fn close(self) -> parquet::errors::Result<Written> {
        let mut out = Written { rows: self.rows, ..Written::default() };
        for (i, w) in self.writers.into_iter().enumerate() {
            w.close()?;
            out.bytes[i] = std::fs::metadata(self.dir.join(format!("{}.parquet", TABLES[i])))?.len();
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::types::Int64Type;
    use newsgraph::{ingest::RawDoc, pipeline::analyze, Resources};

    fn docs() -> Vec<Document> {
        let texts = [
            "Mayor Rudy Giuliani spoke in Paris.\n\n“We will win,” Giuliani said on Tuesday. \
             The Paris Police Department said the march was peaceful.",
            "Nothing here.",
        ];
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| analyze(RawDoc::text(&format!("d{i}"), t), Resources::embedded()))
            .collect()
    }

    #[test]
    fn every_table_matches_its_schema_and_documents() {
        let docs = docs();
        let ts = tables(&docs);
        assert_eq!(ts.iter().map(|t| t.0).collect::<Vec<_>>(), TABLES);
        for (name, batch) in &ts {
            assert_eq!(batch.schema(), schema(name).unwrap(), "{name}");
        }
        let rows = |n: &str| ts.iter().find(|t| t.0 == n).unwrap().1.num_rows();
        assert_eq!(rows("documents"), 2);
        assert_eq!(rows("entities"), docs.iter().map(|d| d.entities.len()).sum::<usize>());
        let mentions: usize = docs.iter().flat_map(|d| &d.entities).map(|e| e.mentions.len()).sum();
        assert_eq!(rows("mentions"), mentions);
        assert_eq!(rows("quotes"), docs.iter().map(|d| d.quotes.len()).sum::<usize>());
        assert!(rows("quotes") >= 1 && rows("places") >= 1, "{docs:#?}");
        // Each mention's offsets slice its text out of the document text.
        let m = &ts[2].1;
        let (starts, ends) =
            (m.column(2).as_primitive::<Int64Type>(), m.column(3).as_primitive::<Int64Type>());
        let texts = m.column(4).as_string::<i32>();
        for i in 0..m.num_rows() {
            let span = starts.value(i) as usize..ends.value(i) as usize;
            assert_eq!(&docs[0].text[span], texts.value(i));
        }
        // Sentences are list<struct<start_byte, end_byte>> per document.
        let sents = ts[0].1.column_by_name("sentences").unwrap().as_list::<i32>();
        assert_eq!(sents.value(0).len(), docs[0].sentences.len());
    }

    #[test]
    fn nested_rows_explode_to_the_tables() {
        let docs = docs();
        let n = nested(&docs);
        assert_eq!(n.schema(), nested_schema());
        assert_eq!(n.num_rows(), 2);
        for (name, batch) in tables(&docs).into_iter().skip(1) {
            let list = n.column_by_name(name).unwrap().as_list::<i32>();
            let exploded = RecordBatch::from(list.values().as_struct().clone());
            assert_eq!(exploded.columns(), batch.columns(), "{name}");
            assert_eq!(list.value_offsets().last().copied().unwrap_or(0) as usize, batch.num_rows());
        }
    }

    #[test]
    fn parquet_files_round_trip() {
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        let dir = tempfile::tempdir().unwrap();
        let docs = docs();
        let mut w = ParquetDir::create(dir.path()).unwrap();
        w.write(&docs[..1]).unwrap();
        w.write(&docs[1..]).unwrap();
        let written = w.close().unwrap();
        assert_eq!(written.rows[0], 2);
        for (i, (name, batch)) in tables(&docs).into_iter().enumerate() {
            let f = File::open(dir.path().join(format!("{name}.parquet"))).unwrap();
            let reader = ParquetRecordBatchReaderBuilder::try_new(f).unwrap().build().unwrap();
            let back: Vec<RecordBatch> = reader.map(|b| b.unwrap()).collect();
            let rows: usize = back.iter().map(|b| b.num_rows()).sum();
            assert_eq!(rows as u64, written.rows[i], "{name}");
            assert_eq!(rows, batch.num_rows(), "{name}");
            if let Some(b) = back.first() {
                assert_eq!(b.schema().fields(), batch.schema().fields(), "{name}");
            }
            assert!(written.bytes[i] > 0);
        }
    }
}
