#!/usr/bin/env python3
"""Build the bundled sample corpus samples/wikinews/ from real Wikinews articles.

Source: the CSV files of the public GitHub repository vanatteveldt/wikinews
(`data/wikinews_2019.csv` and `wikinews_2020.csv`, columns url,date,title,text),
which hold English Wikinews articles scraped from en.wikinews.org in 2019/2020.
Wikinews text is licensed CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/),
credit: "Wikinews contributors".

    python3 scripts/build_samples.py --csv path/to/wikinews_2019.csv \
        --csv path/to/wikinews_2020.csv [--out samples]

The article prose is copied verbatim. The script only
  * normalises whitespace (strips line ends, one blank line between paragraphs),
  * turns the scraper's `//wiki/` URLs into canonical `/wiki/` ones,
  * splits off the dateline ("Friday, January 4, 2019") where the text starts with one,
  * wraps the text in one of three containers (.txt, .html page, JSONL record),
  * injects a few clearly labelled lines of scraper debris (see DEBRIS below), so
    the cleaner has something to remove. The README lists them.
The HTML page shell (nav, share bar, figure, footer, metadata) is generated here;
it is not Wikinews' own markup.

Only the standard library is used. Output is deterministic.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import json
import re
import sys
import unicodedata
from pathlib import Path

# (format, URL suffix after /wiki/, place shown in the HTML figure caption or None)
ARTICLES: list[tuple[str, str, str | None]] = [
    # ---- plain text: headline, blank line, dateline, paragraphs
    ("txt", "Nancy_Pelosi_again_elected_Speaker_as_116th_U.S._Congress_sworn_in", None),
    ("txt", "Escape_room_fire_kills_five_teen_girls_in_Koszalin,_Poland", None),
    ("txt", "Florida_highway_pileup,_fire_kills_five_children,_two_truck_drivers", None),
    ("txt", "Senator_Ted_Cruz_proposes_amendment_to_U.S._Constitution_setting_Congressional_term_limits", None),
    ("txt", "Catalonia_apartment_block_fire_kills_three,_injures_sixteen", None),
    ("txt", "State-run_bus_crashes_in_Cuba_en_route_to_Havana,_killing_seven", None),
    ("txt", "Arrest_made_as_mayor_of_Gda%C5%84sk,_Poland_stabbed_on_stage", None),
    ("txt", "Iranian_cargo_plane_crashes_into_Karaj_houses", None),
    ("txt", "Lion_Air_disaster:_Crashed_jet%27s_voice_recorder_recovered_from_Java_Sea", None),
    ("txt", "Former_U.S._intelligence_agent_Tony_Mendez,_architect_of_%27Argo%27_rescue,_dies_at_78", None),
    ("txt", "Car_bomb_ramming_attack_kills_dozens_at_military_base_in_Maidan_Wardak,_Afghanistan", None),
    # ---- full HTML pages
    ("html", "Magnitogorsk_apartment_building_collapses_after_explosion,_dozens_dead", "Russia"),
    ("html", "President_Trump_says_he_%27can%27_and_%27may%27_put_US_into_state_of_emergency_to_build_border_wall", "the United States"),
    ("html", "Scientists_report_correlation_between_locations_of_Easter_Island_statues_and_water_resources", "Easter Island"),
    ("html", "Germany_bans_Mahan_Air_of_Iran,_citing_%27security%27", "Germany"),
    ("html", "United_States_military_kills_Qasem_Soleimani", "Iraq"),
    ("html", "Iraqi_Parliament_votes_for_expulsion_of_United_States_troops", "Iraq"),
    ("html", "Fire_erupts_in_parking_structure_at_Sola_Airport,_Norway", "Norway"),
    ("html", "Cairo_summit_denounces_Turkish-Libyan_maritime_border_agreement", "Egypt"),
    ("html", "Sultan_Qaboos_of_Oman_dies", "Oman"),
    ("html", "Seismic_activity_continues_to_shake_Puerto_Rico_with_5.2_quake", "Puerto Rico"),
    ("html", "Police_shoot_man_dead_after_%27terrorist-related%27_knife_attack_in_London", "London"),
    # ---- JSON Lines records (one file)
    ("jsonl", "Samoan_government_ends_state_of_emergency_over_measles_outbreak", None),
    ("jsonl", "Stampede_during_funeral_procession_of_Qasem_Soleimani_causes_deaths,_delays_burial", None),
    ("jsonl", "Iran_admits_downing_Ukrainian_jet,_cites_%27human_error%27", None),
    ("jsonl", "U.S._House_to_decide_on_submitting_articles_of_impeachment_to_Senate", None),
    ("jsonl", "Ukrainian_president_rejects_prime_minister%27s_resignation_over_leaked_audio_recording", None),
    ("jsonl", "Study:_people_infected_by_new_coronavirus_%27likely%27_hundreds_more_than_confirmed", None),
    ("jsonl", "German_authorities_confirm_first_case_of_novel_coronavirus_in_Germany", None),
    ("jsonl", "Former_basketball_player_Kobe_Bryant_dies_in_helicopter_crash,_aged_41", None),
    ("jsonl", "2020_United_States_presidential_election:_Trump,_Sanders_win_New_Hampshire_primaries", None),
    ("jsonl", "World_Health_Organization_names_new_coronavirus_COVID-19", None),
]

# Injected scraper debris: URL suffix -> (kind, insert after paragraph index or -1 for end, lines).
# The "html-caption" kind repeats the page's figure caption as a body paragraph.
DEBRIS: dict[str, tuple[str, int, list[str]]] = {
    "Escape_room_fire_kills_five_teen_girls_in_Koszalin,_Poland":
        ("ad", 2, ["Advertisement", "300 x 250"]),
    "Former_U.S._intelligence_agent_Tony_Mendez,_architect_of_%27Argo%27_rescue,_dies_at_78":
        ("footer", -1, ["Have an opinion on this story? Share it!",
                        "This page is archived, and is no longer publicly editable."]),
    "Fire_erupts_in_parking_structure_at_Sola_Airport,_Norway":
        ("html-caption", 1, []),
    "Seismic_activity_continues_to_shake_Puerto_Rico_with_5.2_quake":
        ("ad", 3, ["Advertisement", "300 x 250"]),
    "Former_basketball_player_Kobe_Bryant_dies_in_helicopter_crash,_aged_41":
        ("ad", 2, ["ADVERTISEMENT", "728 x 90"]),
    "Samoan_government_ends_state_of_emergency_over_measles_outbreak":
        ("share", -1, ["Share this:", "Facebook", "Twitter", "Email", "Print"]),
}

WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = ("January February March April May June July August September October "
          "November December").split()
DATELINE = re.compile(
    r"^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (" + "|".join(MONTHS) + r") \d{1,2}, \d{4}$")

LICENSE_URL = "https://creativecommons.org/licenses/by/2.5/"
SITE = "https://en.wikinews.org"


def dateline_for(date: dt.date) -> str:
    return f"{WEEKDAYS[date.weekday()]}, {MONTHS[date.month - 1]} {date.day}, {date.year}"


def slugify(text: str, words: int = 8) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return "-".join(s.split("-")[:words])


class Article:
    def __init__(self, row: dict[str, str]):
        self.url = row["url"].replace("//wiki/", "/wiki/")
        self.suffix = self.url.split("/wiki/", 1)[1]
        self.title = row["title"].strip()
        self.date = dt.date.fromisoformat(row["date"].strip())
        lines = [ln.strip() for ln in row["text"].splitlines()]
        paras = [ln for ln in lines if ln]
        self.dateline: str | None = None
        if paras and DATELINE.match(paras[0]):
            self.dateline = paras.pop(0)
        self.paras = paras
        self.slug = f"{self.date.isoformat()}-{slugify(self.title)}"


def load(csv_paths: list[Path]) -> dict[str, Article]:
    out: dict[str, Article] = {}
    for p in csv_paths:
        with p.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                a = Article(row)
                out[a.suffix] = a
    return out


def body_with_debris(a: Article, caption: str | None = None) -> list[str]:
    """Paragraphs (and debris lines) in reading order."""
    paras = list(a.paras)
    d = DEBRIS.get(a.suffix)
    if d is None:
        return paras
    kind, at, lines = d
    if kind == "html-caption":
        lines = [caption or ""]
    at = len(paras) if at < 0 else at
    return paras[:at] + lines + paras[at:]


def write_txt(a: Article, path: Path) -> None:
    parts = [a.title]
    if a.dateline:
        parts.append(a.dateline)
    parts.extend(body_with_debris(a))
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


NAV = [("/", "Home"), ("/world", "World"), ("/politics", "Politics"), ("/business", "Business"),
       ("/science", "Science"), ("/health", "Health"), ("/sports", "Sports"), ("/about", "About")]


def write_html(a: Article, place: str | None, idx: int, related: list[Article], path: Path) -> None:
    e = html.escape  # attribute values

    def t(s: str) -> str:  # text nodes
        return html.escape(s, quote=False)

    iso = a.date.isoformat()  # the source gives the date only
    dateline = a.dateline or dateline_for(a.date)
    caption = f"A map showing the location of {place}." if place else "File photo."
    img = slugify(place or "file", 4) or "file"
    desc = a.paras[0] if a.paras else a.title
    if len(desc) > 200:
        desc = desc[:197].rsplit(" ", 1)[0] + "…"
    head = [
        '<!DOCTYPE html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<title>{t(a.title)} - Wikinews, the free news source</title>',
        f'<link rel="canonical" href="{e(a.url)}">',
        f'<meta name="description" content="{e(desc)}">',
        '<meta property="og:type" content="article">',
        '<meta property="og:site_name" content="Wikinews">',
        f'<meta property="og:title" content="{e(a.title)}">',
        f'<meta property="og:url" content="{e(a.url)}">',
        f'<meta property="og:image" content="/static/maps/{img}.png">',
    ]
    # Alternate between Open Graph article meta and JSON-LD so both paths get exercised.
    if idx % 2 == 0:
        head.append(f'<meta property="article:published_time" content="{iso}">')
        head.append('<meta name="author" content="Wikinews contributors">')
    else:
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "datePublished": iso,
            "url": a.url,
            "author": {"@type": "Organization", "name": "Wikinews contributors"},
            "publisher": {"@type": "Organization", "name": "Wikinews"},
            "license": LICENSE_URL,
            "image": f"/static/maps/{img}.png",
        }
        head.append('<script type="application/ld+json">')
        head.append(json.dumps(ld, ensure_ascii=False, indent=1).replace("</", "<\\/"))
        head.append('</script>')
    head += [
        '<link rel="stylesheet" href="/static/site.css">',
        '<script async src="/static/analytics.js"></script>',
        '</head>',
    ]
    nav = ['<body>',
           '<div class="cookie-banner">We use cookies to improve your experience. '
           '<a href="/privacy">Learn more</a> <button>Accept</button></div>',
           '<header class="site-header">',
           '<a class="logo" href="/">Wikinews</a>',
           '<nav class="main-nav"><ul>']
    nav += [f'<li><a href="{h}">{t}</a></li>' for h, t in NAV]
    nav += ['</ul></nav>',
            '<form class="search" action="/search"><input name="q" placeholder="Search news">'
            '<button>Search</button></form>',
            '</header>']
    art = ['<main>',
           '<article class="story">',
           f'<h1 class="headline">{t(a.title)}</h1>',
           f'<p class="dateline"><time datetime="{a.date.isoformat()}">{t(dateline)}</time></p>',
           '<figure class="lead-image">',
           f'<img src="/static/maps/{img}.png" alt="{e(caption)}" width="300" height="200">',
           f'<figcaption>{t(caption)}</figcaption>',
           '</figure>']
    d = DEBRIS.get(a.suffix)
    for i, p in enumerate(body_with_debris(a, caption)):
        if d and d[0] == "ad" and p in d[2]:
            if p == d[2][0]:
                art.append('<div class="ad-slot"><span class="ad-label">'
                           f'{t(d[2][0])}</span><br>{t(d[2][1])}</div>')
            continue
        art.append(f'<p>{t(p)}</p>')
    art += ['<div class="share-bar"><span>Share this:</span>',
            f'<a href="https://www.facebook.com/sharer/sharer.php?u={e(a.url)}">Facebook</a>',
            f'<a href="https://twitter.com/intent/tweet?url={e(a.url)}">Twitter</a>',
            f'<a href="mailto:?subject={e(a.title)}">Email</a>',
            '<a href="javascript:window.print()">Print</a></div>',
            '</article>',
            '<aside class="related"><h2>Related news</h2><ul>']
    art += [f'<li><a href="{e(r.url)}">{t(r.title)}</a></li>' for r in related]
    art += ['</ul></aside>', '</main>']
    foot = ['<footer class="site-footer">',
            '<p>Text from <a href="https://en.wikinews.org/">Wikinews</a>, by Wikinews contributors, '
            f'available under the <a href="{LICENSE_URL}">Creative Commons Attribution 2.5 License</a>.</p>',
            f'<p>Original article: <a href="{e(a.url)}">{t(a.url)}</a></p>',
            '<ul class="footer-links"><li><a href="/about">About</a></li>'
            '<li><a href="/privacy">Privacy policy</a></li><li><a href="/contact">Contact</a></li></ul>',
            '</footer>',
            '</body>',
            '</html>']
    path.write_text("\n".join(head + nav + art + foot) + "\n", encoding="utf-8")


def jsonl_record(a: Article) -> dict[str, str]:
    return {
        "id": f"wikinews-{a.slug}",
        "url": a.url,
        "title": a.title,
        "published": a.date.isoformat(),
        "text": "\n\n".join(body_with_debris(a)),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--csv", type=Path, action="append", required=True,
                    help="vanatteveldt/wikinews CSV file (repeatable)")
    ap.add_argument("--out", type=Path, default=Path("samples"))
    args = ap.parse_args()

    arts = load(args.csv)
    missing = [s for _, s, _ in ARTICLES if s not in arts]
    if missing:
        print("articles not found in the CSV files:", *missing, sep="\n  ", file=sys.stderr)
        return 1
    outdir = args.out / "wikinews"
    outdir.mkdir(parents=True, exist_ok=True)
    for old in list(outdir.glob("*.txt")) + list(outdir.glob("*.html")):
        old.unlink()

    rows = []
    html_list = [arts[s] for f, s, _ in ARTICLES if f == "html"]
    records = []
    hidx = 0
    for fmt, suffix, place in ARTICLES:
        a = arts[suffix]
        if fmt == "txt":
            name = f"{a.slug}.txt"
            write_txt(a, outdir / name)
        elif fmt == "html":
            name = f"{a.slug}.html"
            related = [r for r in html_list if r is not a][hidx % 5:hidx % 5 + 3]
            write_html(a, place, hidx, related, outdir / name)
            hidx += 1
        else:
            name = "articles.jsonl"
            records.append(jsonl_record(a))
        debris = DEBRIS.get(suffix)
        note = []
        if any(p.startswith("—") for p in a.paras):
            note.append("orphan pull-quote attribution line (`—…`) from the original scrape")
        if debris:
            kind, _, lines = debris
            label = {"ad": "injected ad slot", "footer": "injected page-footer lines",
                     "html-caption": "injected duplicate of the figure caption",
                     "share": "injected share-bar lines"}[kind]
            if lines:
                label += " (" + " / ".join(f"`{x}`" for x in lines) + ")"
            note.append(label)
        rows.append((name, a.date.isoformat(), a.title, a.url, "; ".join(note)))
    with (outdir / "articles.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")

    readme = args.out / "README.md"
    if readme.exists():
        table = ["| file | published | title (Wikinews URL) | debris |", "|---|---|---|---|"]
        for name, date, title, url, note in rows:
            t = title.replace("|", "\\|")
            table.append(f"| `{name}` | {date} | [{t}]({url}) | {note} |")
        text = readme.read_text(encoding="utf-8")
        new = re.sub(r"(<!-- files:start -->\n).*?(<!-- files:end -->)",
                     lambda m: m.group(1) + "\n".join(table) + "\n" + m.group(2), text, flags=re.S)
        readme.write_text(new, encoding="utf-8")
    print(f"wrote {sum(1 for r in rows if r[0] != 'articles.jsonl')} files + "
          f"{len(records)} JSONL records to {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
