#!/usr/bin/env python3
"""newsgraph on Spark: WARC (or JSONL, text, HTML) files in, the seven Parquet tables out.

Follows cc-pyspark's conventions (Common Crawl's PySpark jobs): the input is a text
file listing one input file per line (WARC paths, as in Common Crawl's
`warc.paths.gz`, optionally under --input_base_url), split over
--num_input_partitions tasks; each task reads its WARC files itself (newsgraph's
own WARC reader, HTML response records) and streams them through the pipeline in
batches; the output is written with --output_format / --output_compression and
--num_output_partitions. Tables land in OUTPUT/<table>/ (documents, entities,
mentions, quotes, events, places, removed; columns in docs/parquet.md).

    spark-submit --master 'local[2]' examples/spark/newsgraph_job.py \
        warc.paths out/ --num_input_partitions 2

With --input_format articles the listing is instead a JSON Lines file of articles
(`id`, `text` or `html`, `url`, `published`, `title`) that Spark splits itself, and
each task analyses Arrow batches of rows (no file reading in the task).
"""

import argparse
import os
import sys
import time


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("input", help="file listing input paths, one per line (or JSONL articles, --input_format articles)")
    p.add_argument("output", help="output directory: one sub-directory per table")
    p.add_argument("--input_base_url", default="", help="prefix of every listed path")
    p.add_argument("--input_format", choices=["paths", "articles"], default="paths")
    p.add_argument("--num_input_partitions", type=int, default=400)
    p.add_argument("--num_output_partitions", type=int, default=10)
    p.add_argument("--output_format", default="parquet")
    p.add_argument("--output_compression", default="snappy")
    p.add_argument("--threads_per_task", type=int, default=1, help="cores one task uses (spark.task.cpus)")
    p.add_argument("--batch_size", type=int, default=1000, help="Arrow batch size (articles) per task")
    p.add_argument("--log_level", default="WARN")
    return p.parse_args(argv)


def run(spark, args):
    import newsgraph
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    schema = newsgraph.spark_schema()
    if args.input_format == "paths":
        listing = spark.read.text(args.input).where(F.length(F.trim("value")) > 0)
        paths = listing.select(F.concat(F.lit(args.input_base_url), F.trim("value")).alias("path"))
        paths = paths.repartition(args.num_input_partitions)
        nested = paths.mapInArrow(newsgraph.map_in_arrow(args.threads_per_task, paths=True), schema)
    else:
        articles = spark.read.schema(
            "id string, text string, html string, url string, published string, title string"
        ).json(args.input)
        articles = articles.repartition(args.num_input_partitions)
        nested = articles.mapInArrow(newsgraph.map_in_arrow(args.threads_per_task), schema)
    # Analysed once, written seven times: keep the analysed rows.
    nested = nested.persist(StorageLevel.MEMORY_AND_DISK)
    counts = {}
    for table, df in newsgraph.explode_tables(nested).items():
        (
            df.coalesce(args.num_output_partitions)
            .write.mode("overwrite")
            .format(args.output_format)
            .option("compression", args.output_compression)
            .save(os.path.join(args.output, table))
        )
        counts[table] = spark.read.format(args.output_format).load(os.path.join(args.output, table)).count()
    nested.unpersist()
    return counts


def main(argv=None):
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.appName("newsgraph")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_size))
        .config("spark.task.cpus", str(args.threads_per_task))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel(args.log_level)
    t = time.time()
    counts = run(spark, args)
    secs = time.time() - t
    docs = counts.get("documents", 0)
    print(
        f"newsgraph job: {docs} documents in {secs:.1f} s ({docs / max(secs, 1e-9):.1f} docs/s); "
        + ", ".join(f"{n} {t}" for t, n in counts.items()),
        file=sys.stderr,
    )
    spark.stop()


if __name__ == "__main__":
    main()
