"""The Python package end to end: records, Arrow tables, Parquet read by DuckDB, the
same output as the CLI, the GIL released, and the Spark job in local[2] mode.

Run from the repository root after `pip install ./crates/newsgraph-py` (or
`maturin develop`): `pytest crates/newsgraph-py/tests`. The CLI binary is
target/release/newsgraph (or $NEWSGRAPH_BIN); tests that need it, DuckDB, PySpark
or Java skip with the reason when they are missing.
"""

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import newsgraph

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "samples" / "wikinews"
CLI = Path(os.environ.get("NEWSGRAPH_BIN", ROOT / "target" / "release" / "newsgraph"))

TEXT = (
    "Mayor Rudy Giuliani spoke in Paris on Tuesday.\n\n"
    "“We will not give up,” Giuliani said. The Paris Police Department said the march "
    "was peaceful, according to Reuters."
)


def sample_files():
    return sorted(str(p) for p in SAMPLES.iterdir() if not p.name.startswith("."))


def need_cli():
    if not CLI.exists():
        pytest.skip(f"no CLI binary at {CLI} (cargo build --release, or set NEWSGRAPH_BIN)")


def cli_parquet(paths, out):
    need_cli()
    r = subprocess.run(
        [str(CLI), "analyze", *paths, "--format", "parquet", "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    return {t: pq.read_table(out / f"{t}.parquet") for t in newsgraph.TABLES}


def rows(table, drop=()):
    """A table's rows as sorted JSON strings (order-free comparison)."""
    cols = [c for c in table.column_names if c not in drop]
    recs = table.select(cols).to_pylist()
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in recs)


def test_records_from_texts():
    recs = newsgraph.analyze([TEXT, "Nothing."], ids=["a", "b"], threads=2)
    assert [r["id"] for r in recs] == ["a", "b"]
    names = {e["name"] for e in recs[0]["entities"]}
    assert "Rudy Giuliani" in names, names
    q = recs[0]["quotes"][0]
    assert q["text"] == "We will not give up" and q["speaker"]["name"] == "Rudy Giuliani"
    # Offsets are bytes into the UTF-8 text.
    b = recs[0]["text"].encode()
    assert b[q["start"] : q["end"]].decode() == q["text"]


def test_batch_in_tables_out():
    batch = pa.RecordBatch.from_pydict(
        {
            "id": ["t1", "h1", "none"],
            "text": [TEXT, None, None],
            "html": [None, "<html><body><article><p>Angela Merkel met Emmanuel Macron in Berlin.</p>"
                     "<p>“It was useful,” Merkel said.</p></article></body></html>", None],
            "url": ["http://example.org/t1", None, None],
            "published": ["2019-07-23", None, None],
        }
    )
    tables = newsgraph.analyze_batch(batch, threads=1)
    assert list(tables) == newsgraph.TABLES
    for name, t in tables.items():
        assert t.schema.equals(newsgraph.schema(name)), name
    docs = tables["documents"].to_pylist()
    assert [d["doc_id"] for d in docs] == ["t1", "h1", "none"]
    assert docs[0]["url"] == "http://example.org/t1" and docs[0]["published"] == "2019-07-23"
    assert docs[2]["warnings"] == ['no "text" or "html" value']
    ents = tables["entities"].to_pylist()
    assert {"Angela Merkel", "Emmanuel Macron"} <= {e["name"] for e in ents if e["doc_id"] == "h1"}
    # The nested form explodes to the same rows.
    nested = newsgraph.analyze_batch(batch, threads=1, nested=True)
    assert nested.schema.equals(newsgraph.nested_schema())
    assert nested.num_rows == 3
    exploded = pa.Table.from_pylist(
        [m for ms in nested.column("mentions").to_pylist() for m in ms], schema=newsgraph.schema("mentions")
    )
    assert rows(exploded) == rows(pa.Table.from_batches([tables["mentions"]]))
    # Wrong column types are named.
    with pytest.raises(TypeError, match='column "text" must hold strings'):
        newsgraph.analyze_batch(pa.RecordBatch.from_pydict({"id": ["x"], "text": [1]}))


def test_gil_is_released():
    big = pa.RecordBatch.from_pydict({"id": [str(i) for i in range(300)], "text": [TEXT * 4] * 300})
    done = threading.Event()
    ticks = 0

    def work():
        newsgraph.analyze_batch(big, threads=1)
        done.set()

    t = threading.Thread(target=work)
    t.start()
    start = time.time()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    took = time.time() - start
    # With the GIL held for the whole call the loop could not tick at all.
    assert took < 0.05 or ticks > 10, (ticks, took)


def test_same_tables_as_the_cli(tmp_path):
    files = sample_files()
    cli = cli_parquet(files, tmp_path / "cli")
    tables, errors = newsgraph.analyze_paths(files, threads=2)
    assert errors == []
    for t in newsgraph.TABLES:
        assert cli[t].schema.equals(newsgraph.schema(t), check_metadata=False), t
        assert rows(cli[t]) == rows(pa.Table.from_batches([tables[t]])), t
    # Streaming in small batches gives the same documents.
    ids = [d for b in newsgraph.iter_paths(files, batch_size=5) for d in b["documents"].column("doc_id").to_pylist()]
    assert ids == cli["documents"].column("doc_id").to_pylist()


def test_duckdb_query_over_cli_parquet(tmp_path):
    duckdb = pytest.importorskip("duckdb", reason="pip install duckdb")
    out = tmp_path / "pq"
    cli_parquet([str(SAMPLES)], out)
    con = duckdb.connect()
    n_docs = con.execute(f"SELECT count(*) FROM '{out}/documents.parquet'").fetchone()[0]
    assert n_docs == len(newsgraph.analyze_paths([str(SAMPLES)])[0]["documents"])
    # Every mention's byte offsets cut its text out of its document's text.
    bad = con.execute(
        f"""SELECT count(*) FROM '{out}/mentions.parquet' m JOIN '{out}/documents.parquet' d USING (doc_id)
            WHERE decode(encode(d.text)[m.start_byte + 1 : m.end_byte]) <> m.text"""
    ).fetchone()[0]
    assert bad == 0
    top = con.execute(
        f"""SELECT speaker_name, count(*) n FROM '{out}/quotes.parquet'
            WHERE speaker_name IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3"""
    ).fetchall()
    assert top and top[0][1] >= 2, top
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM '{out}/quotes.parquet'").fetchall()}
    assert types["start_byte"] == "BIGINT" and types["confidence"] == "FLOAT", types


def write_warc(path, pages):
    """A WARC file of HTML response records (as Common Crawl writes them)."""
    with open(path, "wb") as f:
        for i, (url, html) in enumerate(pages):
            body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
            head = (
                "WARC/1.0\r\nWARC-Type: response\r\n"
                f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{i:012d}>\r\n"
                f"WARC-Target-URI: {url}\r\nWARC-Date: 2019-07-23T10:00:00Z\r\n"
                "Content-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
            f.write(head + body + b"\r\n\r\n")


def spark_or_skip():
    pytest.importorskip("pyspark", reason="pip install pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java (PySpark needs Java 17)")
    sys.path.insert(0, str(ROOT / "examples" / "spark"))
    import newsgraph_job
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("newsgraph-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark, newsgraph_job


def test_spark_job_equals_cli(tmp_path):
    spark, job = spark_or_skip()
    htmls = sorted(p for p in SAMPLES.iterdir() if p.suffix == ".html")
    warc = tmp_path / "sample.warc"
    write_warc(warc, [(f"https://en.wikinews.org/wiki/{p.stem}", p.read_bytes()) for p in htmls])
    inputs = [str(warc)] + [f for f in sample_files() if not f.endswith(".html")]
    listing = tmp_path / "input.paths"
    listing.write_text("\n".join(inputs) + "\n")
    out = tmp_path / "spark"
    args = job.parse_args([str(listing), str(out), "--num_input_partitions", "2", "--num_output_partitions", "1"])
    counts = job.run(spark, args)
    cli = cli_parquet(inputs, tmp_path / "cli")
    assert counts["documents"] == cli["documents"].num_rows >= 20
    for t in newsgraph.TABLES:
        got = pq.read_table(out / t)
        assert got.column_names == cli[t].column_names, t
        assert rows(got) == rows(cli[t]), t
    # JSONL articles split by Spark itself: same documents (source is the id there).
    arts = tmp_path / "articles.jsonl"
    recs = newsgraph.analyze([TEXT, "Second article. Angela Merkel said so."], ids=["x1", "x2"])
    arts.write_text("\n".join(json.dumps({"id": r["id"], "text": t}) for r, t in zip(recs, [TEXT, "Second article. Angela Merkel said so."])) + "\n")
    args = job.parse_args([str(arts), str(tmp_path / "arts"), "--input_format", "articles", "--num_input_partitions", "2"])
    counts = job.run(spark, args)
    assert counts["documents"] == 2
    ents = pq.read_table(tmp_path / "arts" / "entities").to_pylist()
    assert sorted(e["name"] for e in ents if e["doc_id"] == "x1") == sorted(e["name"] for e in recs[0]["entities"])
