#!/usr/bin/env bash
# Peak memory and time of one HTML extraction on synthetic worst cases:
# a 50 MB article page, a 13 MB one (under the 24 MB input cap), and 200,000 nested
# <div>s (html5ever's scope checks are quadratic in depth; the guard caps it at 512).
# Usage: scripts/html-memory.sh   (needs python3 and GNU time at /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${TMPDIR:-/tmp}/newsgraph-html-memory
mkdir -p "$OUT"
python3 - "$OUT" <<'PY'
import random, sys
out = sys.argv[1]
random.seed(1)
words = "der die das Stadt Rat Brücke Fluss sagte Montag Jahr Geld Plan neue alte".split()
def para(n=18):
    return " ".join(random.choice(words) for _ in range(n)).capitalize() + "."
def page(limit):
    parts = ["<html><head><title>Big</title></head><body><nav><ul>"
             + "".join(f'<li><a href="/{i}">Menu {i}</a></li>' for i in range(50))
             + "</ul></nav><article><h1>Big page</h1>"]
    size = i = 0
    while size < limit:
        s = f'<div class="section"><h2>Abschnitt {i}</h2>' if i % 50 == 0 else ""
        s += f'<p>{para()} <a href="/x">{random.choice(words)}</a> {para(10)}</p>\n'
        if i % 50 == 49:
            s += "</div>"
        parts.append(s); size += len(s); i += 1
    parts.append("</div></article><div>" + "".join(f"<div>kurz {k}</div>" for k in range(20000)) + "</div></body></html>")
    return "".join(parts)
open(f"{out}/flat50.html", "w").write(page(50_000_000))
open(f"{out}/flat13.html", "w").write(page(13_000_000))
d = 200_000
open(f"{out}/deep.html", "w").write("<html><body>" + "<div>" * d + f"<p>{para()}</p>" + "</div>" * d
    + "<article>" + "".join(f"<p>{para()}</p>" for _ in range(1000)) + "</article></body></html>")
PY
cargo build -q --release --example html_extract -p newsgraph
for f in flat50 flat13 deep; do
    /usr/bin/time -f "$f: peak RSS %M KB, wall %e s" target/release/examples/html_extract "$OUT/$f.html"
done
