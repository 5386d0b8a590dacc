#!/usr/bin/env bash
# Reproduce the shipped part-of-speech weights crates/newsgraph/data/models/pos.bin
# from the POS column of CoNLL-2003 eng.train only (deterministic: same input, same
# bytes), then score them on eng.testa (reporting only; eng.testb is never used).
#   scripts/train-pos.sh [path/to/conll2003]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/ner/conll2003}
cargo build --release -p newsgraph-cli
./target/release/newsgraph train pos --train "$DATA/eng.train" --out crates/newsgraph/data/models/pos.bin
sha256sum crates/newsgraph/data/models/pos.bin
# The binary embeds the weights: rebuild before scoring the shipped model.
cargo build --release -p newsgraph-cli
./target/release/newsgraph eval pos --data "$DATA/eng.testa" --train "$DATA/eng.train"
