#!/usr/bin/env bash
# Throughput of the whole pipeline on >= 10,000 real articles, and trafilatura on the
# same HTML pages in the same run (issue 3). Needs ../shared/data and `pip install trafilatura`.
# Usage: scripts/bench.sh [DOCS]   (report in bench-out/bench.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-10000}
python3 scripts/make_bench_corpus.py --docs "$docs" --out bench-out/corpus
cargo build --release --quiet --bin newsgraph
nb=target/release/newsgraph
{
  echo "== newsgraph, whole corpus (HTML + JSONL), 1 thread"; $nb bench bench-out/corpus --jobs 1
  echo; echo "== newsgraph, whole corpus, 2 threads"; $nb bench bench-out/corpus --jobs 2
  echo; echo "== newsgraph, HTML pages only, 1 thread"; $nb bench bench-out/corpus/html --jobs 1
  echo; echo "== trafilatura, HTML pages only, 1 core"; python3 bench/trafilatura_throughput.py bench-out/corpus/html "${TRAF_PAGES:-2000}"
} 2>&1 | tee bench-out/bench.txt
