#!/usr/bin/env bash
# The corpus store bench (issue 18): build a corpus of DOCS articles and measure it.
#  1. the bench corpus of real pages (scripts/make_bench_corpus.py, 10,000 documents),
#     analysed once with `analyze` (its records are the store's input);
#  2. ingest throughput against analyze on the same input (CPU and wall time);
#  3. those records grown to DOCS (scripts/replicate_records.py: distinct ids, texts,
#     dates and sites) and ingested with --records: build time, peak RSS, file size;
#  4. `newsgraph bench-store`: p50/p99 of every query kind, warm and cold, export rows/s.
# Usage: scripts/bench-store.sh [DOCS]   (report in bench-out/store.txt; needs ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-100000}
cargo build --release --quiet --bin newsgraph
nb=target/release/newsgraph
mkdir -p bench-out
[ -d bench-out/corpus ] || python3 scripts/make_bench_corpus.py --docs 10000 --out bench-out/corpus
t() { /usr/bin/time -f "  %e s wall, %U s user, %S s sys, peak RSS %M KB" "$@"; }
{
  echo "== analyze, bench corpus, 2 threads"
  t $nb analyze bench-out/corpus --jobs 2 > bench-out/records-10k.jsonl
  echo "== ingest, same input, 2 threads"
  rm -f bench-out/ingest-10k.db*
  t $nb ingest bench-out/corpus --db bench-out/ingest-10k.db --jobs 2
  python3 scripts/replicate_records.py bench-out/records-10k.jsonl --docs "$docs" > bench-out/records-big.jsonl
  echo "== ingest --records, $docs documents"
  rm -f bench-out/store.db*
  t $nb ingest --records bench-out/records-big.jsonl --db bench-out/store.db
  ls -l bench-out/store.db
  echo "== queries"
  $nb bench-store --db bench-out/store.db --rounds 20
} 2>&1 | tee bench-out/store.txt
