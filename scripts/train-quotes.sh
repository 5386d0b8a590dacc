#!/usr/bin/env bash
# Reproduce the shipped attribution model crates/newsgraph/data/models/quotes.bin from
# PolNeAR TRAIN only (deterministic: same input, same bytes), then score it on the
# development part (reporting only; PolNeAR's test split is never used).
#   scripts/train-quotes.sh [path/to/quotes]     (default ../shared/data/quotes)
# Settings were chosen on a held-out tenth of train:
#   newsgraph train quotes --train polnear_train.jsonl --out /tmp/h.bin --holdout 10 …
#   newsgraph eval quotes --data polnear_train.jsonl --only-every 10 --model /tmp/h.bin
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/quotes}
cargo build --release -p newsgraph-cli
./target/release/newsgraph train quotes --train "$DATA/polnear_train.jsonl" \
    --out crates/newsgraph/data/models/quotes.bin --epochs 8 --min-weight 1.5 --cue-bias -10
sha256sum crates/newsgraph/data/models/quotes.bin
# The binary embeds the weights: rebuild before scoring the shipped model.
cargo build --release -p newsgraph-cli
./target/release/newsgraph eval quotes --data "$DATA/polnear_dev.jsonl"
