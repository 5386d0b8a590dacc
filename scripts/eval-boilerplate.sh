#!/usr/bin/env bash
# Boilerplate evaluation, all tools in one run on the same machine, one thread each:
# newsgraph vs trafilatura (PyPI) vs rs-trafilatura (crates.io, bench-only harness).
# Usage: scripts/eval-boilerplate.sh [DIR]   (default ../shared/data/boilerplate/trafilatura_eval)
# Prints the markdown table of eval/boilerplate.md; per-page outputs go to bench-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-../shared/data/boilerplate/trafilatura_eval}
OUT=bench-out
mkdir -p "$OUT"
# trafilatura 2.3 imports lxml.html.clean, a separate package since lxml 5.2.
python3 -m pip install -q "trafilatura==2.3.1" lxml_html_clean >&2
cargo build -q --release -p newsgraph-cli >&2
(cd bench/rs-trafilatura && CARGO_TARGET_DIR=../../target/bench-rs cargo build -q --release >&2)
python3 bench/trafilatura_run.py "$DIR" > "$OUT/trafilatura.jsonl"
target/bench-rs/release/rs-trafilatura-bench "$DIR" > "$OUT/rs-trafilatura.jsonl"
target/release/newsgraph eval boiler "$DIR" --dump "$OUT/newsgraph.jsonl" \
    --peer trafilatura="$OUT/trafilatura.jsonl" --peer rs-trafilatura="$OUT/rs-trafilatura.jsonl"
