#!/usr/bin/env python3
"""Run trafilatura (PyPI) over the boilerplate eval set, one JSON line per page.

Usage: python3 bench/trafilatura_run.py DIR > preds.jsonl

Settings are trafilatura's own benchmark ones (tests/eval_common.py EXTRACT_OPTS:
no comments, tables, no formatting; standard mode), with metadata on so title,
author and date come from the same call. `seconds` is the time of the extract()
call alone (it gets the raw bytes and decodes them itself), single thread.
"""

import gzip
import json
import sys
import time

import trafilatura

OPTS = {"include_comments": False, "include_tables": True, "include_formatting": False}


def main() -> None:
    root = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/boilerplate/trafilatura_eval"
    with open(f"{root}/gold.jsonl", encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    # warm up lazy imports and caches before timing
    trafilatura.extract(b"<html><body><p>warm up text here.</p></body></html>", output_format="json")
    out = sys.stdout
    for it in items:
        with gzip.open(f"{root}/{it['html_path']}", "rb") as g:
            data = g.read()
        rec = {"id": it["id"], "bytes": len(data)}
        start = time.perf_counter()
        try:
            res = trafilatura.extract(data, output_format="json", with_metadata=True, **OPTS)
        except Exception as exc:  # a crash is a full miss, as in trafilatura's benchmark
            res = None
            rec["error"] = f"{type(exc).__name__}: {exc}"
        rec["seconds"] = time.perf_counter() - start
        if res:
            d = json.loads(res)
            rec.update(text=d.get("text") or "", title=d.get("title"), author=d.get("author"), date=d.get("date"))
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
