#!/usr/bin/env bash
# Reproduce the shipped NER weights crates/newsgraph/data/models/ner.bin from
# CoNLL-2003 eng.train only (deterministic: same input, same bytes), then score
# them on eng.testa (reporting only; eng.testb is never used).
#   scripts/train-ner.sh [path/to/conll2003]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/ner/conll2003}
cargo build --release -p newsgraph-cli
./target/release/newsgraph train ner --train "$DATA/eng.train" --out crates/newsgraph/data/models/ner.bin
sha256sum crates/newsgraph/data/models/ner.bin
# The binary embeds the weights: rebuild before scoring the shipped model.
cargo build --release -p newsgraph-cli
./target/release/newsgraph eval ner "$DATA/eng.testa"
