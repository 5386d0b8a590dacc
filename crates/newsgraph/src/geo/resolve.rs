//! Which place each name means, from context (module docs, steps 2–4).

use std::collections::BTreeMap;
use std::rc::Rc;

use super::gazetteer::{contains, distance_km, key, Candidate, Gazetteer, Kind, Place};
use super::place_geo;
use super::recognise::{qualifier_after, trim_name, word_before};
use super::words::{cue, region_abbreviation, words, Cue};
use crate::entity::Lexicons;
use crate::model::{Dateline, Entity, EntityKind, Focus, Span};

/// One entity to resolve and what the text says around it.
struct Target {
    ent: usize,
    cands: Vec<Candidate>,
    /// Places named right after a mention (`Bangor, Maine`): candidates of each.
    quals: Vec<Vec<Place>>,
    cues: Vec<Cue>,
    /// The name itself says county / province (`Orange County`).
    region_name: bool,
    demonym: bool,
}

/// Most candidates kept per name (by prior), so that `San Jose` stays cheap.
const MAX_CANDS: usize = 60;

fn prior(c: &Candidate) -> f64 {
    let p = &c.place;
    let mut s = 0.45 * ((p.population + 1) as f64).log10();
    s += match p.kind {
        Kind::Country | Kind::Continent => 6.0,
        Kind::Dependency => 2.0,
        Kind::Admin1 => 2.0,
        Kind::Admin2 => 0.3,
        Kind::Capital => 1.0,
        Kind::City => 0.0,
    };
    if c.alternate {
        s -= match p.kind {
            Kind::Country | Kind::Continent => 0.3,
            Kind::Admin1 | Kind::Admin2 => 2.0,
            _ => 1.2,
        };
    }
    s
}

/// The [`MAX_CANDS`] entries of a key with the best prior, decoded.
fn top_candidates(gaz: &Gazetteer, k: &str) -> Rc<[Candidate]> {
    let decode = |gaz: &Gazetteer, k: &str| -> Rc<[Candidate]> {
        top_postings(gaz, k)
            .into_iter()
            .filter_map(|(i, alternate)| Some(Candidate { place: gaz.place(i)?, alternate }))
            .collect()
    };
    if !gaz.is_embedded() {
        return decode(gaz, k);
    }
    if let Some(hit) = TOP.with(|m| m.borrow().get(k).cloned()) {
        return hit;
    }
    let cs = decode(gaz, k);
    TOP.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() > 100_000 {
            m.clear();
        }
        m.insert(k.to_string(), cs.clone());
    });
    cs
}

thread_local! {
    /// The best candidates of keys already looked up by this thread (embedded
    /// gazetteer), decoded.
    static TOP: std::cell::RefCell<rustc_hash::FxHashMap<String, Rc<[Candidate]>>> = Default::default();
}

fn top_postings(gaz: &Gazetteer, k: &str) -> Vec<(u32, bool)> {
    let mut v: Vec<(f64, u32, bool)> = gaz
        .postings(k)
        .map(|(i, alt)| {
            let (kind, pop) = gaz.kind_population(i);
            (
                0.45 * ((pop + 1) as f64).log10() + if kind.is_city() { 0.0 } else { 2.0 }
                    - if alt { 1.0 } else { 0.0 },
                i,
                alt,
            )
        })
        .collect();
    if v.len() > MAX_CANDS {
        v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        v.truncate(MAX_CANDS);
    }
    v.into_iter().map(|(_, i, alternate)| (i, alternate)).collect()
}

/// Candidates for a name: its gazetteer entries, a region abbreviation's region, a
/// lexicon alias's place (`UK` → United Kingdom).
fn candidates(gaz: &Gazetteer, name: &str, out: &mut Vec<Candidate>) {
    let name = trim_name(name);
    let add = |cs: &[Candidate], out: &mut Vec<Candidate>| {
        for &c in cs {
            match out.iter_mut().find(|x| x.place.index == c.place.index) {
                Some(x) => x.alternate &= c.alternate,
                None => out.push(c),
            }
        }
    };
    if let Some((cc, full)) = region_abbreviation(name).filter(|_| name.contains('.') || name.len() > 2) {
        let cs: Vec<Candidate> = gaz
            .lookup(full)
            .into_iter()
            .filter(|c| c.place.kind == Kind::Admin1 && c.place.country == cc)
            .map(|c| Candidate { alternate: false, ..c })
            .collect();
        if !cs.is_empty() && (name.contains('.') || name.chars().all(|c| c.is_ascii_uppercase())) {
            add(&cs, out);
            return;
        }
    }
    let k = key(name);
    add(&top_candidates(gaz, &k), out);
    if let Some(p) = Lexicons::embedded().place_alias(&k) {
        let cs: Vec<Candidate> =
            gaz.lookup(p).into_iter().map(|c| Candidate { alternate: false, ..c }).collect();
        add(&cs, out);
    }
    // a demonym typed PLACE (`French`, `Canadian`): its country, not a town of that name
    if let Some(d) =
        Lexicons::embedded().demonym(&k).iter().find(|d| d.kind != crate::entity::DemonymKind::Alias)
    {
        let cs: Vec<Candidate> = gaz
            .lookup(&d.place)
            .into_iter()
            .filter(|c| matches!(c.place.kind, Kind::Country | Kind::Dependency | Kind::Continent))
            .collect();
        if !cs.is_empty() {
            out.retain(|c| !c.place.kind.is_city());
            add(&cs, out);
        }
    }
    // `Greater London`, `Northern Syria`, `Southern California`: the place itself
    if out.is_empty() {
        for p in [
            "Greater ",
            "Northern ",
            "Southern ",
            "Eastern ",
            "Western ",
            "Central ",
            "North ",
            "South ",
            "East ",
            "West ",
        ] {
            if let Some(r) = name.strip_prefix(p) {
                let cs: Vec<Candidate> = gaz
                    .lookup(r)
                    .into_iter()
                    .filter(|c| !c.place.kind.is_city() || p == "Greater ")
                    .collect();
                add(&cs, out);
            }
        }
    }
}

/// Steps 2 and 3: give every PLACE entity (and demonym) its `geo`.
pub(crate) fn resolve(
    text: &str,
    sentences: &[Span],
    entities: &mut [Entity],
    dateline: Option<&Dateline>,
    gaz: &Gazetteer,
) -> BTreeMap<u64, Place> {
    let mut chosen = BTreeMap::new();
    let mut targets = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        let mut t = Target {
            ent: i,
            cands: Vec::new(),
            quals: Vec::new(),
            cues: Vec::new(),
            region_name: false,
            demonym: false,
        };
        match e.kind {
            EntityKind::Place => {
                candidates(gaz, &e.name, &mut t.cands);
                for a in &e.aliases {
                    candidates(gaz, a, &mut t.cands);
                }
                let n = e.name.trim();
                t.region_name =
                    [" County", " Parish", " Province", " Governorate", " Prefecture", " Oblast", " State"]
                        .iter()
                        .any(|s| n.ends_with(s));
                for m in &e.mentions {
                    let after_comma = text[..m.start].trim_end().ends_with(',');
                    if after_comma && text[m.end..].starts_with('.') {
                        if let Some((cc, full)) = region_abbreviation(&m.text) {
                            let rs: Vec<Candidate> = gaz
                                .lookup(full)
                                .into_iter()
                                .filter(|c| c.place.kind == Kind::Admin1 && c.place.country == cc)
                                .map(|c| Candidate { alternate: false, ..c })
                                .collect();
                            if !rs.is_empty() {
                                t.cands = rs;
                                break;
                            }
                        }
                    }
                    if dateline.is_some_and(|d| d.start <= m.start && m.end <= d.end) {
                        t.cues.push(Cue::Town);
                    }
                    if let Some((qs, qe)) = qualifier_after(text, m.end, gaz) {
                        let mut q = Vec::new();
                        candidates(gaz, &text[qs..qe], &mut q);
                        let q: Vec<Place> = q
                            .into_iter()
                            .map(|c| c.place)
                            .filter(|p| {
                                matches!(
                                    p.kind,
                                    Kind::Country | Kind::Admin1 | Kind::Admin2 | Kind::Dependency
                                )
                            })
                            .collect();
                        if !q.is_empty() {
                            t.quals.push(q);
                        }
                    }
                    let next = words(super::words::window(text, m.end, 24))
                        .first()
                        .map(|&(a, b)| text[m.end + a..m.end + b].to_lowercase());
                    if let Some(c) = next.as_deref().and_then(cue) {
                        t.cues.push(c);
                    }
                    let head =
                        text[..m.start].trim_end_matches(|c: char| c.is_whitespace() || "\"“‘'(".contains(c));
                    if let Some(h) = head.strip_suffix(" of") {
                        if let Some(c) = cue(&word_before(text, h.len())) {
                            t.cues.push(c);
                        }
                    }
                }
            }
            EntityKind::Other => {
                if let Some(country) = crate::entity::nationality_place(e) {
                    t.cands = gaz
                        .lookup(country)
                        .into_iter()
                        .filter(|c| {
                            matches!(c.place.kind, Kind::Country | Kind::Dependency | Kind::Continent)
                        })
                        .collect();
                    t.demonym = true;
                }
            }
            _ => continue,
        }
        // best prior first (computed once per candidate), ties by gazetteer order
        let mut ranked: Vec<(f64, Candidate)> = t.cands.iter().map(|c| (prior(c), *c)).collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.place.index.cmp(&b.1.place.index)));
        t.cands.clear();
        t.cands.extend(ranked.into_iter().take(MAX_CANDS).map(|(_, c)| c));
        targets.push(t);
    }

    // the dateline's place, by prior alone
    let dl_place: Option<Place> = dateline.and_then(|d| d.place.as_deref()).and_then(|p| {
        let mut c = Vec::new();
        for part in p.split(',') {
            candidates(gaz, part.trim(), &mut c);
        }
        c.into_iter().max_by(|a, b| prior(a).total_cmp(&prior(b))).map(|c| c.place)
    });

    // round 1: no document context; round 2: the other places of round 1 as context
    let ctx0 = Context::default();
    let first: Vec<Option<(usize, f64, f64)>> =
        targets.iter().map(|t| choose(t, &ctx0, dl_place.as_ref())).collect();
    let mut ctx = Context::default();
    for (t, r) in targets.iter().zip(&first) {
        if let Some((ci, s1, s2)) = *r {
            let sure = (s1 - s2).clamp(0.5, 3.0) / 3.0;
            ctx.add(t.ent, &t.cands[ci].place, if t.demonym { 0.5 * sure } else { sure });
        }
    }
    for t in &targets {
        let Some((ci, s1, s2)) = choose(t, &ctx, dl_place.as_ref()) else { continue };
        let p = &t.cands[ci].place;
        let how = if t.demonym {
            "demonym"
        } else if t.cands.len() == 1 {
            "gazetteer"
        } else if t.quals.iter().any(|q| q.iter().any(|o| contains(o, p))) {
            "pattern"
        } else if first[targets.iter().position(|x| x.ent == t.ent).unwrap_or(0)].map(|f| f.0) != Some(ci) {
            "context"
        } else if ci == 0 {
            "population"
        } else {
            "context"
        };
        let conf = if t.cands.len() == 1 { 0.9 } else { 1.0 / (1.0 + (-(s1 - s2)).exp()) };
        entities[t.ent].geo = Some(place_geo(p, conf as f32, how));
        chosen.insert(p.geonames_id, *p);
    }
    inherit(text, sentences, entities);
    chosen
}

/// What the other places of a document say.
#[derive(Default)]
struct Context {
    /// country code → (weight, entity) contributions
    countries: Vec<(String, f64, usize)>,
    admin1: Vec<(String, String, f64, usize)>,
    points: Vec<(f64, f64, usize)>,
}

impl Context {
    fn add(&mut self, ent: usize, p: &Place, w: f64) {
        if p.country.is_empty() {
            return;
        }
        let cw = if p.kind == Kind::Country { w } else { 0.6 * w };
        self.countries.push((p.country.to_string(), cw, ent));
        if !p.admin1.is_empty() {
            self.admin1.push((p.country.to_string(), p.admin1.to_string(), w, ent));
        }
        if p.kind.is_city() || p.kind == Kind::Admin2 {
            self.points.push((p.lat, p.lon, ent));
        }
    }

    fn country(&self, cc: &str, not: usize) -> f64 {
        self.countries.iter().filter(|x| x.0 == cc && x.2 != not).map(|x| x.1).sum()
    }

    fn admin1(&self, cc: &str, a1: &str, not: usize) -> f64 {
        self.admin1.iter().filter(|x| x.0 == cc && x.1 == a1 && x.3 != not).map(|x| x.2).sum()
    }

    fn near(&self, p: &Place, not: usize) -> bool {
        self.points.iter().any(|&(la, lo, e)| e != not && distance_km(la, lo, p.lat, p.lon) < 150.0)
    }
}

/// The best candidate: (index, its score, the runner-up's score).
fn choose(t: &Target, ctx: &Context, dl: Option<&Place>) -> Option<(usize, f64, f64)> {
    let mut best: Option<(usize, f64)> = None;
    let mut second = f64::NEG_INFINITY;
    for (i, c) in t.cands.iter().enumerate() {
        let p = &c.place;
        let mut s = prior(c);
        if t.region_name {
            s += if matches!(p.kind, Kind::Admin1 | Kind::Admin2) { 4.0 } else { -2.0 };
        }
        let region_cue = t.region_name || t.cues.contains(&Cue::Region);
        if matches!(p.kind, Kind::Admin1 | Kind::Admin2) && !region_cue {
            // `Tehran`, `Edmonton`: the city, not the region named after it
            let city_inside = t.cands.iter().any(|o| {
                !o.alternate
                    && o.place.kind.is_city()
                    && contains(p, &o.place)
                    && (p.kind == Kind::Admin2 || o.place.population * 2 >= p.population)
            });
            if city_inside {
                s -= 3.0;
            }
        }
        for q in &t.quals {
            s += if q.iter().any(|o| contains(o, p) && o.index != p.index) { 6.0 } else { -2.0 };
        }
        for cu in &t.cues {
            s += match (cu, p.kind) {
                (Cue::Region, Kind::Admin1 | Kind::Admin2) => 2.5,
                (Cue::Town, Kind::City | Kind::Capital) => 1.5,
                (Cue::Country, Kind::Country) => 2.0,
                _ => 0.0,
            };
        }
        if !p.country.is_empty() {
            s += 2.0 * ctx.country(p.country, t.ent).min(2.0);
            if !p.admin1.is_empty() && p.kind != Kind::Admin1 {
                s += 1.2 * ctx.admin1(p.country, p.admin1, t.ent).min(2.0);
            }
            if p.kind.is_city() && ctx.near(p, t.ent) {
                s += 1.0;
            }
            if let Some(d) = dl {
                if d.index != p.index
                    && (contains(d, p) || (d.country == p.country && p.kind != Kind::Country))
                {
                    s += 1.0;
                }
            }
        }
        match best {
            Some((_, bs)) if s <= bs => second = second.max(s),
            _ => {
                if let Some((_, bs)) = best {
                    second = second.max(bs);
                }
                best = Some((i, s));
            }
        }
    }
    best.map(|(i, s)| (i, s, if second.is_finite() { second } else { s - 3.0 }))
}

/// Step 3: a place the gazetteer lacks takes the nearest resolved town (else region,
/// else country) named in the sentences of its mentions — only where the text says
/// that one holds the other (being near each other is no evidence: `in Washington …
/// against the Islamic Republic`): see [`contained`].
fn inherit(text: &str, sentences: &[Span], entities: &mut [Entity]) {
    let resolved: Vec<(usize, usize, usize, u8)> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntityKind::Place)
        .filter_map(|(i, e)| {
            let g = e.geo.as_ref()?;
            let rank = match g.feature.as_deref() {
                Some("P.PPL") | Some("P.PPLC") => 0,
                Some("A.ADM2") | Some("A.ADM1") => 1,
                _ => 2,
            };
            Some(e.mentions.iter().map(move |m| (m.start, m.end, i, rank)).collect::<Vec<_>>())
        })
        .flatten()
        .collect();
    let todo: Vec<usize> = (0..entities.len())
        .filter(|&i| entities[i].kind == EntityKind::Place && entities[i].geo.is_none())
        .collect();
    for i in todo {
        // votes: (rank, distance) best per container
        let mut votes: BTreeMap<usize, (u8, usize, usize)> = BTreeMap::new();
        for m in &entities[i].mentions {
            let Some(sent) =
                sentences.iter().find(|s| s.start <= m.start && m.start < s.end.max(s.start + 1))
            else {
                continue;
            };
            for &(at, end, j, rank) in &resolved {
                if j == i || at < sent.start || at >= sent.end {
                    continue;
                }
                if !contained(text, *sent, (m.start, m.end), (at, end)) {
                    continue;
                }
                let d = at.abs_diff(m.start);
                let v = votes.entry(j).or_insert((rank, d, 0));
                v.1 = v.1.min(d);
                v.2 += 1;
            }
        }
        let best = votes.iter().min_by_key(|(j, v)| (v.0, std::cmp::Reverse(v.2), v.1, **j)).map(|(j, _)| *j);
        if let Some(j) = best {
            if let Some(mut g) = entities[j].geo.clone() {
                g.inherited = true;
                g.how = Some("inherited".into());
                g.confidence = Some(0.5);
                entities[i].geo = Some(g);
            }
        }
    }
}

/// Whether the words between an unknown place `x` and a resolved place `y` of the
/// same sentence `sent` say that `y` holds `x`: `X, Y`, `X in Y`, `X – Y` (a
/// dateline), `Y's X`, or `Y` as the setting that opens the sentence (`In Tirana,
/// Albania, is … X`).
pub(crate) fn contained(text: &str, sent: Span, x: (usize, usize), y: (usize, usize)) -> bool {
    if y.0 >= x.1 {
        let between = text.get(x.1..y.0).unwrap_or("");
        return matches!(between, ", " | " in " | ", in " | " - " | " – " | " — ");
    }
    if y.1 <= x.0 {
        let between = text.get(y.1..x.0).unwrap_or("");
        if matches!(between, "'s " | "’s ") {
            return true;
        }
        let before =
            text.get(sent.start..y.0).unwrap_or("").trim_start_matches(|c: char| !c.is_alphanumeric());
        return matches!(before, "In " | "in ") && x.0 - y.1 <= 120;
    }
    false
}

/// Step 4: the countries and towns the document is about, most central first.
pub(crate) fn focus(
    entities: &[Entity],
    chosen: &BTreeMap<u64, Place>,
    title: Option<&str>,
    dateline: Option<&Dateline>,
    gaz: &Gazetteer,
) -> Vec<Focus> {
    let title_end = title.map_or(0, str::len);
    let mut score: BTreeMap<u64, f64> = BTreeMap::new();
    let mut countries: BTreeMap<&str, Option<Place>> = BTreeMap::new();
    for e in entities {
        if let Some(cc) = e.geo.as_ref().and_then(|g| g.country.as_deref()) {
            countries.entry(cc).or_insert_with(|| gaz.country(cc));
        }
    }
    for e in entities.iter().filter(|e| e.kind == EntityKind::Place) {
        let Some(g) = &e.geo else { continue };
        let mut w = 0.0;
        for m in &e.mentions {
            w += if m.start < title_end.max(300) { 2.0 } else { 1.0 };
            if dateline.is_some_and(|d| d.start <= m.start && m.end <= d.end) {
                w += 2.0;
            }
        }
        let w = if g.inherited { 0.5 * w } else { w };
        if let Some(id) = g.geonames_id {
            let f = g.feature.as_deref().unwrap_or("");
            if f.starts_with("P.") || f == "A.PCLI" || f == "A.PCLD" {
                *score.entry(id).or_default() += w;
            }
            if f != "A.PCLI" {
                if let Some(c) = g.country.as_deref().and_then(|cc| countries.get(cc).copied().flatten()) {
                    *score.entry(c.geonames_id).or_default() += 0.5 * w;
                }
            }
        }
    }
    let mut v: Vec<(u64, f64)> = score.into_iter().collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let top = v.first().map_or(1.0, |x| x.1.max(1e-9));
    v.into_iter()
        .take(5)
        .filter_map(|(id, s)| {
            let p = chosen
                .get(&id)
                .copied()
                .or_else(|| countries.values().flatten().find(|c| c.geonames_id == id).copied())?;
            Some(Focus {
                name: p.name.to_string(),
                geonames_id: Some(id),
                country: (!p.country.is_empty()).then(|| p.country.to_string()),
                score: ((s / top * 1000.0).round() / 1000.0) as f32,
            })
        })
        .collect()
}
