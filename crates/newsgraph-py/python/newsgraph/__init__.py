"""newsgraph: who said what, about whom, where and when, in scraped news.

The pipeline is the Rust one of the `newsgraph` command (models compiled in, loaded
once per process); every call releases the GIL and analyses on ``threads`` threads
(default: the cores this process may use).

- ``analyze(texts, ids=None, html=False, threads=None)`` -> list of record dicts
  (the JSON document record of SCHEMA.md).
- ``analyze_batch(batch, threads=None, nested=False)``: a ``pyarrow.RecordBatch``
  with ``id``, ``text`` or ``html``, optional ``url``, ``published``, ``title`` ->
  dict of the seven tables (``TABLES``) as ``pyarrow.RecordBatch``, or one nested
  batch (``nested_schema()``), one row per input row.
- ``analyze_paths(paths, threads=None, nested=False)`` -> ``(tables, errors)``,
  reading text, HTML, JSONL and WARC files as the CLI does;
  ``iter_paths(paths, threads=None, nested=False, batch_size=256)`` the same a
  batch at a time (bounded memory), its ``errors`` the inputs it could not read.
- ``schema(table)``, ``nested_schema()``: the ``pyarrow.Schema`` of the output.

Engines: ``map_in_arrow(threads)`` is a function for PySpark's ``mapInArrow``
(``spark_schema()`` its output schema), ``explode_tables(df)`` splits its output into
the seven tables; ``ray_udf`` is a class for Ray Data's ``map_batches``.
See docs/parquet.md for the columns and examples/spark/ for a whole job.
"""

from ._native import (  # noqa: F401
    SCHEMA_VERSION,
    TABLES,
    __version__,
    analyze,
    analyze_batch,
    analyze_paths,
    iter_paths,
    nested_schema,
    schema,
    warm_up,
)

CHILD_TABLES = [t for t in TABLES if t != "documents"]


def map_in_arrow(threads=1, paths=False):
    """A function for ``DataFrame.mapInArrow(fn, spark_schema())``.

    Its input batches hold articles (``id``, ``text`` or ``html``, …) or, with
    ``paths=True``, one input file per row in a ``path`` column (WARC, JSONL, …,
    read by newsgraph itself: the cc-pyspark way of handing WARC files to tasks).
    It yields nested batches, one row per document. ``threads`` is the cores one
    Spark task may use (``spark.task.cpus``).
    """

    def fn(batches):
        warm_up()
        for batch in batches:
            if paths:
                col = batch.column(batch.schema.get_field_index("path")).to_pylist()
                it = iter_paths([p for p in col if p], threads=threads, nested=True)
                yield from it
                for e in it.errors:
                    # Spark shows a worker's stderr in the executor log.
                    import sys

                    print(f"newsgraph: skipped {e}", file=sys.stderr)
            else:
                out = analyze_batch(batch, threads=threads, nested=True)
                if out.num_rows:
                    yield out

    return fn


def spark_schema():
    """The Spark ``StructType`` of ``map_in_arrow``'s output (needs pyspark)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(nested_schema())


def explode_tables(nested_df):
    """The seven tables of a DataFrame of nested rows, as ``{name: DataFrame}`` with
    the columns of ``schema(name)``, in that order."""
    from pyspark.sql import functions as F

    doc_cols = [f.name for f in schema("documents")]
    out = {"documents": nested_df.select(*doc_cols)}
    for t in CHILD_TABLES:
        out[t] = nested_df.select(F.inline(F.col(t)))
    return out


class ray_udf:
    """For Ray Data: ``ds.map_batches(newsgraph.ray_udf, fn_constructor_kwargs=
    {"threads": 1}, batch_format="pyarrow", concurrency=N)``. Loads the models once
    per actor; returns the nested table (one row per document)."""

    def __init__(self, threads=1):
        self.threads = threads
        warm_up()

    def __call__(self, table):
        import pyarrow as pa

        batches = [analyze_batch(b, threads=self.threads, nested=True) for b in table.to_batches()]
        return pa.Table.from_batches(batches, schema=nested_schema())
