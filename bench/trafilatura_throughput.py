#!/usr/bin/env python3
"""trafilatura (PyPI) on the same HTML pages newsgraph benchmarks, one core.
Prints pages/s and MB/s; used by scripts/bench.sh for the ratio in the bench report."""
import glob, os, sys, time
import trafilatura

files = sorted(glob.glob(os.path.join(sys.argv[1], "*.html")))
limit = int(sys.argv[2]) if len(sys.argv) > 2 else len(files)
files = files[:limit]
pages = [open(p, "rb").read() for p in files]
t = time.perf_counter()
chars = 0
for b in pages:
    out = trafilatura.extract(b, with_metadata=True, output_format="txt")
    chars += len(out or "")
secs = time.perf_counter() - t
mb = sum(len(b) for b in pages) / 1e6
print(f"trafilatura {trafilatura.__version__}: {len(pages)} pages, {mb:.1f} MB in {secs:.1f} s "
      f"-> {len(pages)/secs:.1f} pages/s, {mb/secs:.2f} MB/s (1 core); {chars} chars extracted")
