#!/usr/bin/env bash
# Throughput of two revisions side by side, in alternated runs on the same corpus, so
# that a noisy machine's drifts hit both alike. Prints each round's documents/s and
# the ratio NEW/BASE, then the medians and the median of the per-round ratios.
#
#   scripts/bench-ab.sh [-n ROUNDS] [-c CORPUS] [-j JOBS] BASE_REV [NEW_REV]
#
# NEW_REV defaults to the working tree as it is (uncommitted changes included).
# CORPUS defaults to the plain-text articles of scripts/make_bench_corpus.py
# (bench-out/corpus/text/articles.jsonl; built from ../shared/data when missing).
# Revisions are built once each with cargo into target/bench-ab (binaries are kept
# there by commit hash, so re-runs start at once).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=5 corpus=bench-out/corpus/text/articles.jsonl jobs=1
while getopts "n:c:j:" o; do
  case $o in
    n) rounds=$OPTARG ;;
    c) corpus=$OPTARG ;;
    j) jobs=$OPTARG ;;
    *) echo "usage: $0 [-n ROUNDS] [-c CORPUS] [-j JOBS] BASE_REV [NEW_REV]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-n ROUNDS] [-c CORPUS] [-j JOBS] BASE_REV [NEW_REV]" >&2; exit 2; }
if [ ! -e "$corpus" ]; then
  python3 scripts/make_bench_corpus.py --out bench-out/corpus
fi
out=target/bench-ab
mkdir -p "$out"

# build REV → path of its binary (REV "" = the working tree)
build() {
  local rev=$1 sha bin tree
  if [ -z "$rev" ]; then
    cargo build --release --quiet -p newsgraph-cli >&2
    cp target/release/newsgraph "$out/newsgraph-worktree"
    echo "$out/newsgraph-worktree"
    return
  fi
  sha=$(git rev-parse --verify "$rev^{commit}")
  bin=$out/newsgraph-$sha
  if [ ! -x "$bin" ]; then
    tree=$(mktemp -d)
    git worktree add --detach --quiet "$tree" "$sha"
    CARGO_TARGET_DIR=$PWD/$out/target cargo build --release --quiet -p newsgraph-cli \
      --manifest-path "$tree/Cargo.toml" >&2
    cp "$out/target/release/newsgraph" "$bin"
    git worktree remove --force "$tree"
  fi
  echo "$bin"
}

docs_per_s() {
  "$1" bench "$corpus" --jobs "$jobs" 2>&1 | awk '/^throughput/ { print $2 }'
}

base=$(build "$1")
new=$(build "${2:-}")
echo "base $1 ($base) · new ${2:-working tree} ($new) · $corpus · --jobs $jobs · $rounds rounds"
a=() b=() r=()
for i in $(seq "$rounds"); do
  x=$(docs_per_s "$base")
  y=$(docs_per_s "$new")
  q=$(awk -v x="$x" -v y="$y" 'BEGIN { printf "%.3f", y / x }')
  a+=("$x") b+=("$y") r+=("$q")
  echo "round $i: base $x · new $y docs/s · ratio $q"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "median: base $(median "${a[@]}") · new $(median "${b[@]}") docs/s · ratio of medians $(awk -v x="$(median "${a[@]}")" -v y="$(median "${b[@]}")" 'BEGIN { printf "%.3f", y / x }') · median ratio $(median "${r[@]}")"
