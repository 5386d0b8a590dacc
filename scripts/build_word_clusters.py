#!/usr/bin/env python3
"""Build crates/newsgraph/data/lexicon/word_clusters.tsv: hierarchical word classes
learnt from unlabelled news text, used as tagger features (Ratinov & Roth 2009 use
Brown clusters; these are their distributional cousin, cheaper to build).

Text (only the words, no annotation is read): CoNLL-2003 eng.train, PolNeAR train
and dev, GeoVirus, TR-News, ECB+ dev (all in ../shared/data/), and samples/wikinews.
CoNLL eng.testa and eng.testb are NOT used (testa is the development set the
features are measured on; testb stays unseen).

Method (deterministic, numpy/scipy only):
  1. words are lower-cased, digits folded to 0, typographic quotes to ASCII (the
     tagger's `normalise`); words seen MIN_COUNT+ times form the vocabulary;
  2. each word's left and right neighbour counts over the CONTEXTS most frequent
     words, weighted by positive PMI, reduced by truncated SVD to DIM dimensions and
     length-normalised;
  3. k-means (K leaves, fixed seed), then Ward agglomeration of the K centroids into
     a binary tree; a word's class is the bit path from the root to its leaf.
Output: `word<TAB>bits`, sorted by word. The tagger uses path prefixes of 4, 8, 12
bits and the whole path as features (as Brown-cluster prefixes are used).

  python3 scripts/build_word_clusters.py [../shared/data] > crates/newsgraph/data/lexicon/word_clusters.tsv
"""
import collections
import glob
import json
import os
import re
import sys

import numpy as np
import scipy.cluster.hierarchy as hier
import scipy.sparse as sp
from scipy.cluster.vq import kmeans2
from scipy.sparse.linalg import svds

MIN_COUNT = 3
CONTEXTS = 4000
DIM = 80
K = 400
SEED = 2009

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "data")

TOKEN = re.compile(r"\w+(?:[-'’.&]\w+)*\.?|[^\w\s]", re.UNICODE)
FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"',
                      "«": '"', "»": '"', "—": "-", "–": "-"})


def norm(w):
    return re.sub(r"[0-9]", "0", w.translate(FOLD).lower())


def sentences():
    with open(os.path.join(DATA, "ner", "conll2003", "eng.train"), encoding="utf-8") as f:
        cur = []
        for line in f:
            parts = line.split()
            if not parts or parts[0] == "-DOCSTART-":
                if cur:
                    yield cur
                cur = []
            else:
                cur.append(parts[0])
        if cur:
            yield cur
    texts = []
    for name in ["quotes/polnear_train.jsonl", "quotes/polnear_dev.jsonl", "geo/geovirus.jsonl",
                 "geo/trnews.jsonl", "stories/ecbplus_dev.jsonl"]:
        with open(os.path.join(DATA, name), encoding="utf-8") as f:
            texts.extend(json.loads(l)["text"] for l in f if l.strip())
    for p in sorted(glob.glob(os.path.join(HERE, "..", "samples", "wikinews", "*.txt"))):
        with open(p, encoding="utf-8") as f:
            texts.append(f.read())
    for t in texts:
        for line in t.split("\n"):
            toks = TOKEN.findall(line)
            # `Iran's` → `Iran` `'s` as CoNLL writes it
            out = []
            for w in toks:
                m = re.match(r"^(.+?)(['’]s)$", w)
                if m:
                    out.extend([m.group(1), m.group(2)])
                else:
                    out.append(w)
            if out:
                yield out


def main():
    sents = [[norm(w) for w in s] for s in sentences()]
    counts = collections.Counter(w for s in sents for w in s)
    vocab = sorted((w for w, c in counts.items() if c >= MIN_COUNT), key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[:CONTEXTS])}
    rows, cols = [], []
    for s in sents:
        ids = [index.get(w, -1) for w in s]
        for i, wi in enumerate(ids):
            if wi < 0:
                continue
            left = s[i - 1] if i > 0 else "<s>"
            right = s[i + 1] if i + 1 < len(s) else "</s>"
            if left in ctx:
                rows.append(wi)
                cols.append(ctx[left])
            elif left == "<s>":
                rows.append(wi)
                cols.append(2 * CONTEXTS)
            if right in ctx:
                rows.append(wi)
                cols.append(CONTEXTS + ctx[right])
            elif right == "</s>":
                rows.append(wi)
                cols.append(2 * CONTEXTS + 1)
    m = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(vocab), 2 * CONTEXTS + 2)).tocsr()
    m.sum_duplicates()
    total = m.sum()
    rs = np.asarray(m.sum(axis=1)).ravel()
    cs = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    cs = cs / cs.sum() * total
    m = m.tocoo()
    pmi = np.log(m.data * total / (rs[m.row] * cs[m.col]))
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    np.random.seed(SEED)
    u, s, _ = svds(ppmi, k=DIM, v0=np.random.RandomState(SEED).rand(min(ppmi.shape)))
    order = np.argsort(-s)
    x = u[:, order] * np.sqrt(s[order])
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    centroids, labels = kmeans2(x, K, iter=25, minit="++", seed=SEED)
    used = sorted(set(labels.tolist()))
    cent = centroids[used]
    remap = {c: i for i, c in enumerate(used)}
    tree = hier.to_tree(hier.linkage(cent, method="ward"))
    paths = {}

    def walk(node, bits):
        if node.is_leaf():
            paths[node.id] = bits or "0"
        else:
            walk(node.get_left(), bits + "0")
            walk(node.get_right(), bits + "1")

    walk(tree, "")
    out = sys.stdout
    for w in sorted(vocab):
        if "\t" in w or not w.strip():
            continue
        out.write(f"{w}\t{paths[remap[labels[index[w]]]]}\n")
    print(f"{len(sents)} sentences, {sum(counts.values())} tokens, {len(vocab)} words, "
          f"{len(used)} classes", file=sys.stderr)


if __name__ == "__main__":
    main()
