#!/usr/bin/env python3
"""Grow a corpus of already-analysed document records (`newsgraph analyze` JSONL) to
--docs records for the store bench (issue 18), without re-running the analysis.

Copy k of a record gets: id `ID~k` (copy 0 keeps its id); its text with
"\n\nCopy k of ID." appended (every span stays valid, and every text differs, so the
store keeps every record); a
publication date (the record's own, or a deterministic one in 2019-2020 when it has
none) moved by 37*k days, wrapping within four years, so timelines have data; and,
when the record has no URL, a synthetic one on one of 40 outlets picked by a hash of
the id (the bench corpus pages carry no URL), so site facets have data.
Deterministic: the same input gives the same output.

  python3 scripts/replicate_records.py IN.jsonl --docs 100000 > OUT.jsonl
"""
import argparse, datetime, hashlib, json, sys

ap = argparse.ArgumentParser()
ap.add_argument("records")
ap.add_argument("--docs", type=int, default=100000)
a = ap.parse_args()

base = [l for l in open(a.records, encoding="utf-8") if l.strip()]
outlets = [f"news{i:02d}.example.org" for i in range(40)]
epoch = datetime.date(2019, 1, 1)
out = sys.stdout
n = 0
k = 0
while n < a.docs:
    for line in base:
        if n >= a.docs:
            break
        d = json.loads(line)
        h = int(hashlib.sha1(d["id"].encode()).hexdigest()[:8], 16)
        if d.get("published"):
            try:
                day = datetime.date.fromisoformat(d["published"][:10])
            except ValueError:
                day = epoch + datetime.timedelta(days=h % 730)
        else:
            day = epoch + datetime.timedelta(days=h % 730)
        day = epoch + datetime.timedelta(days=((day - epoch).days + 37 * k) % 1461)
        d["published"] = day.isoformat()
        if k:
            d["id"] = f'{d["id"]}~{k}'
        # Every record distinct (the bench pages' replicas often clean to one text).
        d["text"] = d["text"] + f"\n\nCopy {k} of {d['id']}."
        if not d.get("url"):
            d["url"] = f"https://{outlets[h % 40]}/{d['id']}"
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
        n += 1
    k += 1
