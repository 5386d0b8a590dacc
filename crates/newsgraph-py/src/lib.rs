//! `newsgraph._native`: the newsgraph pipeline for Python (PyO3), re-exported by the
//! `newsgraph` package (`python/newsgraph/__init__.py`).
//!
//! Every function releases the GIL while it analyses, on a rayon pool of the number
//! of threads it is given (one pool per size, kept for the process); the models are
//! the ones compiled into the library, loaded once per process on first use. Arrow
//! input is read in place through the Arrow C data interface: each article's text is
//! copied once, into the document the pipeline owns.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, RecordBatch};
use arrow_pyarrow::{FromPyArrow, ToPyArrow};
use newsgraph::ingest::{self, Payload, RawDoc};
use newsgraph::{pipeline, Document, Resources};
use newsgraph_arrow::arrow_schema::DataType;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;

/// A rayon pool of `threads` threads, made once per size.
fn pool(threads: Option<usize>) -> PyResult<Arc<rayon::ThreadPool>> {
    static POOLS: OnceLock<Mutex<BTreeMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let n = threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let mut pools =
        POOLS.get_or_init(Default::default).lock().map_err(|_| PyValueError::new_err("pool lock"))?;
    if let Some(p) = pools.get(&n) {
        return Ok(p.clone());
    }
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("newsgraph-{i}"))
        .build()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let p = Arc::new(p);
    pools.insert(n, p.clone());
    Ok(p)
}

/// Analyse documents in parallel, in order; a panic inside a stage (a bug) costs that
/// document only: it comes back empty with a warning.
fn run(raws: Vec<RawDoc>, threads: Option<usize>) -> PyResult<Vec<Document>> {
    let pool = pool(threads)?;
    let res = Resources::embedded();
    Ok(pool.install(|| raws.into_par_iter().map(|r| guarded(r, res)).collect()))
}

fn guarded(r: RawDoc, res: &Resources) -> Document {
    let (id, source, url) = (r.id.clone(), r.source.clone(), r.url.clone());
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline::analyze(r, res))).unwrap_or_else(
        |_| {
            let mut d = pipeline::analyze(RawDoc::text(&id, ""), res);
            d.source = source;
            d.url = url;
            d.warnings.push("internal error (a bug, please report): analysis failed".to_string());
            d
        },
    )
}

/// A column of strings (utf8, large_utf8 or utf8_view), read in place.
enum Strings<'a> {
    Small(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
    Absent,
}

impl<'a> Strings<'a> {
    fn of(batch: &'a RecordBatch, name: &str) -> PyResult<Strings<'a>> {
        let Some(col) = batch.column_by_name(name) else { return Ok(Strings::Absent) };
        Ok(match col.data_type() {
            DataType::Utf8 => Strings::Small(col.as_string::<i32>()),
            DataType::LargeUtf8 => Strings::Large(col.as_string::<i64>()),
            DataType::Utf8View => Strings::View(col.as_string_view()),
            DataType::Null => Strings::Absent,
            other => {
                return Err(PyTypeError::new_err(format!("column \"{name}\" must hold strings, not {other}")))
            }
        })
    }

    fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Strings::Small(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::View(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Absent => None,
        }
    }
}

/// Row ids: a string column, an integer column (printed as the CLI prints a JSONL
/// number id) or, without an `id` column, `row-N`.
fn ids_of(batch: &RecordBatch) -> PyResult<Vec<String>> {
    let row = |i: usize| format!("row-{i}");
    let Some(col) = batch.column_by_name("id") else { return Ok((0..batch.num_rows()).map(row).collect()) };
    if let Some(ints) = col.as_primitive_opt::<Int64Type>() {
        return Ok((0..ints.len())
            .map(|i| if ints.is_valid(i) { ints.value(i).to_string() } else { row(i) })
            .collect());
    }
    let strs = Strings::of(batch, "id")?;
    Ok((0..batch.num_rows()).map(|i| strs.get(i).map_or_else(|| row(i), str::to_string)).collect())
}

/// The raw documents of a record batch with `id`, `text` or `html`, and optional
/// `url`, `published`, `title` (each article's text is copied once, here).
fn raws_of(batch: &RecordBatch) -> PyResult<Vec<RawDoc>> {
    let text = Strings::of(batch, "text")?;
    let html = Strings::of(batch, "html")?;
    if matches!((&text, &html), (Strings::Absent, Strings::Absent)) {
        return Err(PyValueError::new_err("the batch needs a \"text\" or an \"html\" column"));
    }
    let (url, published, title) =
        (Strings::of(batch, "url")?, Strings::of(batch, "published")?, Strings::of(batch, "title")?);
    let mut out = Vec::with_capacity(batch.num_rows());
    for (i, id) in ids_of(batch)?.into_iter().enumerate() {
        let mut warnings = Vec::new();
        let mut payload = match (text.get(i), html.get(i)) {
            (Some(t), _) => Payload::Text(ingest::nfc(t.to_string())),
            (None, Some(h)) => Payload::Html(ingest::nfc(h.to_string())),
            (None, None) => {
                warnings.push("no \"text\" or \"html\" value".to_string());
                Payload::Text(String::new())
            }
        };
        let (Payload::Text(t) | Payload::Html(t)) = &mut payload;
        warnings.extend(ingest::strip_nul(t));
        out.push(RawDoc {
            source: id.clone(),
            id,
            url: url.get(i).map(str::to_string),
            published: published.get(i).map(str::to_string),
            title: title.get(i).map(str::to_string),
            payload,
            warnings,
        });
    }
    Ok(out)
}

/// The seven tables as a dict of `pyarrow.RecordBatch`, or the nested batch.
fn to_python<'py>(py: Python<'py>, docs: &[Document], nested: bool) -> PyResult<Bound<'py, PyAny>> {
    if nested {
        let batch = py.detach(|| newsgraph_arrow::nested(docs));
        return batch.to_pyarrow(py);
    }
    let tables = py.detach(|| newsgraph_arrow::tables(docs));
    let out = PyDict::new(py);
    for (name, batch) in tables {
        out.set_item(name, batch.to_pyarrow(py)?)?;
    }
    Ok(out.into_any())
}

/// Analyse a `pyarrow.RecordBatch` with columns `id`, `text` or `html` (strings;
/// `html` is used where `text` is null) and optional `url`, `published`, `title`.
/// Returns a dict of the seven tables (`documents`, `entities`, `mentions`, `quotes`,
/// `events`, `places`, `removed`) as `pyarrow.RecordBatch`es, or with `nested=True`
/// one batch of one row per input row (`nested_schema()`). A row with neither text
/// nor html gives an empty document with a warning, so rows in equal rows out.
#[pyfunction]
#[pyo3(signature = (batch, *, threads=None, nested=false))]
fn analyze_batch<'py>(
    py: Python<'py>,
    batch: &Bound<'py, PyAny>,
    threads: Option<usize>,
    nested: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let batch = RecordBatch::from_pyarrow_bound(batch)?;
    let raws = raws_of(&batch)?;
    drop(batch);
    let docs = py.detach(|| run(raws, threads))?;
    to_python(py, &docs, nested)
}

/// Analyse texts (or HTML pages with `html=True`); returns one record (a dict of the
/// JSON document record of SCHEMA.md) per input, in order. `ids` default to
/// `0`, `1`, ….
#[pyfunction]
#[pyo3(signature = (texts, *, ids=None, html=false, threads=None))]
fn analyze<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    ids: Option<Vec<String>>,
    html: bool,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyList>> {
    if ids.as_ref().is_some_and(|ids| ids.len() != texts.len()) {
        return Err(PyValueError::new_err("ids and texts differ in length"));
    }
    let raws: Vec<RawDoc> = texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let id = ids.as_ref().map_or_else(|| i.to_string(), |ids| ids[i].clone());
            let mut r = if html { RawDoc::html(&id, &t) } else { RawDoc::text(&id, &t) };
            let (Payload::Text(t) | Payload::Html(t)) = &mut r.payload;
            r.warnings.extend(ingest::strip_nul(t));
            r
        })
        .collect();
    let json: Vec<String> = py.detach(|| -> PyResult<Vec<String>> {
        let docs = run(raws, threads)?;
        docs.iter()
            .map(|d| serde_json::to_string(d).map_err(|e| PyValueError::new_err(e.to_string())))
            .collect()
    })?;
    let loads = py.import("json")?.getattr("loads")?;
    let out = PyList::empty(py);
    for j in json {
        out.append(loads.call1((j,))?)?;
    }
    Ok(out)
}

/// Read files the way `newsgraph analyze` does (text, HTML, JSONL, WARC, gzipped or
/// not; directories recursively) and analyse them. Returns `(tables, errors)`: the
/// tables as [`analyze_batch`] gives them (dict, or the nested batch), and one
/// message per input that could not be read.
#[pyfunction]
#[pyo3(signature = (paths, *, threads=None, nested=false))]
fn analyze_paths<'py>(
    py: Python<'py>,
    paths: Vec<String>,
    threads: Option<usize>,
    nested: bool,
) -> PyResult<(Bound<'py, PyAny>, Vec<String>)> {
    let (docs, errors) = py.detach(|| -> PyResult<(Vec<Document>, Vec<String>)> {
        let paths: Vec<std::path::PathBuf> = paths.iter().map(Into::into).collect();
        let (files, errs) = ingest::expand_paths(&paths);
        let mut errors: Vec<String> = errs.iter().map(ToString::to_string).collect();
        let mut raws = Vec::new();
        for f in &files {
            ingest::read_path(f, &mut |r| match r {
                Ok(d) => raws.push(d),
                Err(e) => errors.push(e.to_string()),
            });
        }
        Ok((run(raws, threads)?, errors))
    })?;
    Ok((to_python(py, &docs, nested)?, errors))
}

/// Documents read from files by a background thread, analysed a batch at a time:
/// `for tables in iter_paths(paths, batch_size=256): …`. Memory stays bounded
/// however large the files (a Common Crawl WARC holds tens of thousands of pages).
/// `errors` lists the inputs that could not be read so far.
#[pyclass]
struct PathBatches {
    rx: Mutex<std::sync::mpsc::Receiver<Result<RawDoc, newsgraph::Error>>>,
    threads: Option<usize>,
    nested: bool,
    batch_size: usize,
    #[pyo3(get)]
    errors: Vec<String>,
}

#[pymethods]
impl PathBatches {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let (size, threads) = (self.batch_size, self.threads);
        let rx = &self.rx;
        let (docs, errors) = py.detach(|| -> PyResult<(Vec<Document>, Vec<String>)> {
            let rx = rx.lock().map_err(|_| PyValueError::new_err("reader lock"))?;
            let (mut raws, mut errors) = (Vec::with_capacity(size), Vec::new());
            while raws.len() < size {
                match rx.recv() {
                    Ok(Ok(d)) => raws.push(d),
                    Ok(Err(e)) => errors.push(e.to_string()),
                    Err(_) => break,
                }
            }
            Ok((run(raws, threads)?, errors))
        })?;
        self.errors.extend(errors);
        if docs.is_empty() {
            return Ok(None);
        }
        to_python(py, &docs, self.nested).map(Some)
    }
}

/// Read files as `newsgraph analyze` does, in order, and analyse them `batch_size`
/// documents at a time: an iterator of table dicts (or nested batches).
#[pyfunction]
#[pyo3(signature = (paths, *, threads=None, nested=false, batch_size=256))]
fn iter_paths(paths: Vec<String>, threads: Option<usize>, nested: bool, batch_size: usize) -> PathBatches {
    let (tx, rx) = std::sync::mpsc::sync_channel(batch_size.max(1));
    std::thread::spawn(move || {
        let paths: Vec<std::path::PathBuf> = paths.iter().map(Into::into).collect();
        let (files, errs) = ingest::expand_paths(&paths);
        for e in errs {
            if tx.send(Err(e)).is_err() {
                return;
            }
        }
        for f in &files {
            let mut gone = false;
            ingest::read_path(f, &mut |r| {
                if !gone && tx.send(r).is_err() {
                    gone = true;
                }
            });
            if gone {
                return;
            }
        }
    });
    PathBatches { rx: Mutex::new(rx), threads, nested, batch_size: batch_size.max(1), errors: Vec::new() }
}

/// The Arrow schema of a table (`pyarrow.Schema`).
#[pyfunction]
fn schema<'py>(py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
    let s = newsgraph_arrow::schema(table).ok_or_else(|| {
        PyValueError::new_err(format!("no table {table:?}; tables: {:?}", newsgraph_arrow::TABLES))
    })?;
    s.as_ref().to_pyarrow(py)
}

/// The schema of `nested=True` output: the documents columns plus one
/// `list<struct>` column per child table.
#[pyfunction]
fn nested_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    newsgraph_arrow::nested_schema().as_ref().to_pyarrow(py)
}

/// Load the models now (they load on first use otherwise): call once per worker
/// process to keep the load out of the first batch's time.
#[pyfunction]
fn warm_up(py: Python<'_>) {
    py.detach(|| {
        Resources::embedded();
    });
}

#[pymodule]
#[pyo3(name = "_native")]
fn newsgraph_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_batch, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_paths, m)?)?;
    m.add_function(wrap_pyfunction!(iter_paths, m)?)?;
    m.add_class::<PathBatches>()?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_function(wrap_pyfunction!(nested_schema, m)?)?;
    m.add_function(wrap_pyfunction!(warm_up, m)?)?;
    m.add("TABLES", newsgraph_arrow::TABLES.to_vec())?;
    m.add("SCHEMA_VERSION", newsgraph::model::SCHEMA_VERSION)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
