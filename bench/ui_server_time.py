#!/usr/bin/env python3
"""Server time of each web UI page: the API calls a page makes when it opens, issued
in parallel as the browser does, timed end to end (p50/p99 over many loads).

    newsgraph serve --db corpus.db --addr 127.0.0.1:8080 &
    python3 bench/ui_server_time.py http://127.0.0.1:8080 [--rounds 100]

Queries are words and entities taken from the corpus itself (the facets of the whole
corpus and words of its newest titles), so any corpus works. Standard library only.
"""
import argparse
import concurrent.futures as cf
import json
import random
import statistics
import time
import urllib.parse
import urllib.request


def get(base, path, params=None):
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as r:
        body = r.read()
    return time.perf_counter() - t, json.loads(body) if body[:1] in b"{[" else None


def page(pool, base, calls):
    t = time.perf_counter()
    futs = [pool.submit(get, base, p, q) for p, q in calls]
    outs = [f.result() for f in futs]
    return time.perf_counter() - t, outs


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("--rounds", type=int, default=100)
    a = ap.parse_args()
    base = a.base.rstrip("/")
    random.seed(7)
    _, health = get(base, "/api/health")
    _, facets = get(base, "/api/facets", {"q": "", "size": 50})
    f = facets["facets"]
    people = [x for x in f.get("person", []) if x.get("entity")]
    places = [x for x in f.get("place", []) if x.get("entity")]
    _, docs = get(base, "/api/documents", {"q": "", "limit": 50, "sort": "date"})
    words = sorted({w.lower() for d in docs["documents"] for w in (d.get("title") or "").split() if len(w) > 4 and w.isalpha()})
    queries = words[:30] + [f'entity:"{p["value"]}"' for p in people[:10]] + [f'place:"{p["value"]}"' for p in places[:10]] + ["the", "said"]
    ok = []
    for q in queries:  # keep what the query language accepts (names with quotes may not)
        try:
            get(base, "/api/parse", {"q": q})
            ok.append(q)
        except Exception:
            pass
    queries = ok
    doc_ids = [d["id"] for d in docs["documents"]]
    _, stories = get(base, "/api/stories", {"limit": 50})
    story_ids = [s["story"] for s in stories.get("stories", [])]
    print(f"corpus: {health['documents']} documents; {len(queries)} queries, {len(doc_ids)} documents, {len(people)} people, {len(story_ids)} stories sampled")

    pages = {
        "search": lambda: [("/api/documents", {"q": random.choice(queries), "limit": 20}), ("/api/facets", {"q": random.choice(queries)}), ("/api/timeline", {"q": random.choice(queries)})],
        "search (start)": lambda: [("/api/health", None), ("/api/facets", {"q": ""})],
        "article": lambda: [("/api/document", {"id": random.choice(doc_ids)})],
        "entity": lambda: [("/api/entity", {"id": random.choice(people)["entity"]}), ("/api/map", {"q": f'entity:"{random.choice(people)["value"]}"', "limit": 200})],
        "map": lambda: [("/api/map", {"q": random.choice(queries + [""])})],
        "timeline": lambda: [("/api/events", {"q": random.choice(queries), "limit": 200}), ("/api/quotes", {"q": random.choice(queries), "limit": 200})],
        "stories": lambda: [("/api/stories", {"limit": 200})],
    }
    if story_ids:
        pages["story"] = lambda: [("/api/story", {"id": random.choice(story_ids)})]
    with cf.ThreadPoolExecutor(max_workers=4) as pool:
        for name, mk in pages.items():
            for _ in range(3):
                page(pool, base, mk())  # warm
            times = [page(pool, base, mk())[0] * 1000 for _ in range(a.rounds)]
            print(f"{name:15} p50 {statistics.median(times):7.1f} ms   p99 {pct(times, 99):7.1f} ms   max {max(times):7.1f} ms   ({a.rounds} loads)")


if __name__ == "__main__":
    main()
