#!/usr/bin/env bash
# kill -9 during `newsgraph ingest`, N times at random moments: every file must pass
# `newsgraph check` (SQLite integrity_check, FTS5 integrity-check, no half-written
# document) and, after a second ingest, reach the same row counts as an uninterrupted run.
# Usage: scripts/crash-trials.sh N RECORDS.jsonl   (records: `newsgraph analyze` output)
# The kill comes after a random 0-CRASH_MAX_S seconds (default 12).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}; recs=${2:?records file}
cargo build --release --quiet --bin newsgraph
nb=target/release/newsgraph
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
$nb ingest --records "$recs" --db "$work/ref.db" 2>/dev/null
want=$($nb check --db "$work/ref.db" | sed -n 1p)
pass=0; mid=0
for i in $(seq 1 "$n"); do
  db="$work/t$i.db"
  $nb ingest --records "$recs" --db "$db" 2>/dev/null & pid=$!
  sleep "$(( RANDOM % ${CRASH_MAX_S:-12} )).$(( RANDOM % 10 ))"
  kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  got=$($nb check --db "$db") || { echo "trial $i: check failed: $got"; continue; }
  docs=$(echo "$got" | sed -n 1p | sed 's/^doc \([0-9]*\).*/\1/')
  total=$(echo "$want" | sed 's/^doc \([0-9]*\).*/\1/')
  [ "$docs" -lt "$total" ] && mid=$((mid + 1))
  $nb ingest --records "$recs" --db "$db" 2>/dev/null
  after=$($nb check --db "$db" | sed -n 1p)
  if [ "$after" = "$want" ]; then pass=$((pass + 1)); else echo "trial $i: resumed to '$after', want '$want'"; fi
  echo "trial $i: killed at $docs/$total documents, check ok, resumed ok"
done
echo "$pass/$n trials passed ($mid killed mid-ingest)"
