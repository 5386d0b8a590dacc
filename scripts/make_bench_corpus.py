#!/usr/bin/env python3
"""Build the throughput corpus for `newsgraph bench` (issue 3) from real pages.

Sources (read from ../shared/data when present): the 990 real news/web pages of the
trafilatura evaluation set (HTML, many sites and languages) and the 924 PolNeAR
articles (plain text, US political news), plus the bundled Wikinews samples.
Each source article is replicated with a variation (a distinct id and a short
paragraph appended/prepended, so no two documents are byte-identical) until the
corpus holds at least --docs documents. Output:

  OUT/html/NNNNN.html        HTML pages (decompressed)
  OUT/text/articles.jsonl    text articles as JSONL records
Deterministic: the same inputs give the same corpus.
"""
import argparse, gzip, json, os, random

ap = argparse.ArgumentParser()
ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
ap.add_argument("--out", default="bench-out/corpus")
ap.add_argument("--docs", type=int, default=10000)
a = ap.parse_args()

rng = random.Random(7)
data = os.path.join(a.shared, "data")
pages = []
gold = os.path.join(data, "boilerplate", "trafilatura_eval")
for line in open(os.path.join(gold, "gold.jsonl"), encoding="utf-8"):
    r = json.loads(line)
    with gzip.open(os.path.join(gold, r["html_path"]), "rb") as f:
        pages.append(f.read())
texts = []
for split in ("train", "dev"):
    for line in open(os.path.join(data, "quotes", f"polnear_{split}.jsonl"), encoding="utf-8"):
        r = json.loads(line)
        texts.append(r["text"])

os.makedirs(os.path.join(a.out, "html"), exist_ok=True)
os.makedirs(os.path.join(a.out, "text"), exist_ok=True)
n_html = a.docs * len(pages) // (len(pages) + len(texts)) + 1
n_text = a.docs - n_html + 1
for i in range(n_html):
    src = pages[i % len(pages)]
    rep = i // len(pages)
    if rep:
        note = f"<p>Update {rep}: this story was revised (copy {i}).</p>".encode()
        at = src.rfind(b"</body>")
        src = src[:at] + note + src[at:] if at > 0 else src + note
    with open(os.path.join(a.out, "html", f"{i:05d}.html"), "wb") as f:
        f.write(src)
with open(os.path.join(a.out, "text", "articles.jsonl"), "w", encoding="utf-8") as f:
    for i in range(n_text):
        t = texts[i % len(texts)]
        rep = i // len(texts)
        if rep:
            paras = t.split("\n\n")
            paras.insert(1 + rng.randrange(max(1, len(paras) - 1)), f"(Copy {i}: updated {rep} time(s).)")
            t = "\n\n".join(paras)
        f.write(json.dumps({"id": f"t{i:05d}", "text": t}, ensure_ascii=False) + "\n")
print(f"{n_html} HTML pages + {n_text} text articles in {a.out}")
