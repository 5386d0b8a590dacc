#!/usr/bin/env python3
"""Regenerate crates/newsgraph/data/lexicon/doc_freq.tsv: in how many of the 946
CoNLL-2003 eng.train articles (Reuters news, 1996) each lower-cased word occurs.
The story linker weighs words by inverse document frequency against this fixed
background, so a document's features never depend on which other documents were
linked before it (same stories in one run or many). Words seen in one article
only are left out (they get the maximum weight anyway).

usage: scripts/make-idf.py [../shared/data/ner/conll2003/eng.train]
"""
import re, sys, os
from collections import Counter

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ner/conll2003/eng.train"
out = os.path.join(os.path.dirname(__file__), "..", "crates/newsgraph/data/lexicon/doc_freq.tsv")
df, docs, cur = Counter(), 0, set()
word = re.compile(r"^[a-z][a-z'\-]*[a-z]$|^[a-z]$")

def flush():
    global cur, docs
    if cur:
        docs += 1
        df.update(cur)
    cur = set()

with open(src, encoding="utf-8") as f:
    for line in f:
        if line.startswith("-DOCSTART-"):
            flush()
            continue
        parts = line.split()
        if not parts:
            continue
        w = parts[0].lower()
        if word.match(w):
            cur.add(w)
flush()
with open(out, "w", encoding="utf-8") as f:
    f.write(f"# documents\t{docs}\n")
    for w, n in sorted(df.items(), key=lambda x: (-x[1], x[0])):
        if n >= 2:
            f.write(f"{w}\t{n}\n")
print(f"{docs} documents, {sum(1 for n in df.values() if n >= 2)} words kept -> {out}")
