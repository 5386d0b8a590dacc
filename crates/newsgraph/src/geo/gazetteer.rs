//! The geocoding gazetteer: `data/gazetteer/geo.bin`, read in place (zero-copy).
//!
//! Built by `scripts/build_geo_gazetteer.py` (its header documents the layout) from
//! GeoNames (CC BY 4.0), Natural Earth and US Census boundaries (public domain).
//! Opening it reads a 24-byte header; a lookup is a binary search over the sorted
//! name keys; nothing is copied or decompressed.

use std::sync::OnceLock;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The shipped gazetteer bytes.
pub static EMBEDDED: &[u8] = include_bytes!("../../data/gazetteer/geo.bin");

const MAGIC: &[u8; 8] = b"NGGEO\0\0\x01";
const HEADER: usize = 24;
const PLACE: usize = 32;
const KEY: usize = 8;

/// GeoNames feature codes by the file's feature byte.
const FEATURES: [&str; 7] = ["P.PPL", "P.PPLC", "A.PCLI", "A.ADM1", "A.ADM2", "L.CONT", "A.PCLD"];

/// What kind of place an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A populated place (`P.PPL`).
    City,
    /// A country's capital (`P.PPLC`).
    Capital,
    /// An independent country (`A.PCLI`).
    Country,
    /// A first-level region: state, province (`A.ADM1`).
    Admin1,
    /// A second-level region: county, district (`A.ADM2`).
    Admin2,
    /// A continent (`L.CONT`).
    Continent,
    /// A dependent territory (`A.PCLD`).
    Dependency,
}

impl Kind {
    fn from_byte(b: u8) -> Kind {
        match b {
            1 => Kind::Capital,
            2 => Kind::Country,
            3 => Kind::Admin1,
            4 => Kind::Admin2,
            5 => Kind::Continent,
            6 => Kind::Dependency,
            _ => Kind::City,
        }
    }

    /// A populated place (city, town, village, capital).
    pub fn is_city(self) -> bool {
        matches!(self, Kind::City | Kind::Capital)
    }
}

/// One gazetteer entry. Strings borrow from the gazetteer's bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place {
    /// Position in the gazetteer (stable for one build of the data).
    pub index: u32,
    /// GeoNames id.
    pub geonames_id: u64,
    /// GeoNames name.
    pub name: &'static str,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code (empty for a continent).
    pub country: &'static str,
    /// GeoNames first-level admin code within the country (`TX`, `50`), or empty.
    pub admin1: &'static str,
    /// GeoNames second-level admin code within the first level, or empty.
    pub admin2: &'static str,
    /// What kind of place it is.
    pub kind: Kind,
    /// GeoNames feature class and code (`P.PPLC`, `A.ADM1` …).
    pub feature: &'static str,
    /// Population (regions and countries: as listed, or summed from their places).
    pub population: u64,
}

/// A place a name may refer to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    /// The place.
    pub place: Place,
    /// The name is one of the place's alternate names, not its main name.
    pub alternate: bool,
}

/// The gazetteer, reading its bytes in place.
#[derive(Debug, Default)]
pub struct Gazetteer {
    data: &'static [u8],
    places: usize,
    keys: usize,
    postings: usize,
    keys_at: usize,
    postings_at: usize,
    strings_at: usize,
    by_id: OnceLock<Vec<(u32, u32)>>,
}

fn u32_at(d: &[u8], at: usize) -> u32 {
    d.get(at..at + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

impl Gazetteer {
    /// The shipped gazetteer (a defect in it gives an empty gazetteer; tests load it
    /// explicitly).
    pub fn embedded() -> Gazetteer {
        Gazetteer::from_bytes(EMBEDDED).unwrap_or_default()
    }

    /// Open gazetteer bytes (checks the header and the section sizes).
    pub fn from_bytes(data: &'static [u8]) -> Result<Gazetteer, String> {
        if data.len() < HEADER || &data[..8] != MAGIC {
            return Err("not a newsgraph gazetteer (bad magic)".into());
        }
        let n = |i: usize| u32_at(data, 8 + 4 * i) as usize;
        let (places, keys, postings, strings) = (n(0), n(1), n(2), n(3));
        let keys_at = HEADER + places * PLACE;
        let postings_at = keys_at + keys * KEY;
        let strings_at = postings_at + postings * 4;
        if strings_at + strings != data.len() {
            return Err("gazetteer sections do not add up to its size".into());
        }
        Ok(Gazetteer {
            data,
            places,
            keys,
            postings,
            keys_at,
            postings_at,
            strings_at,
            by_id: OnceLock::new(),
        })
    }

    /// Whether these are the shipped gazetteer's bytes (answers may then be remembered
    /// across documents).
    pub fn is_embedded(&self) -> bool {
        std::ptr::eq(self.data.as_ptr(), EMBEDDED.as_ptr()) && self.data.len() == EMBEDDED.len()
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places
    }

    /// No places at all.
    pub fn is_empty(&self) -> bool {
        self.places == 0
    }

    fn string(&self, off: u32) -> &'static str {
        let d: &'static [u8] = self.data;
        let at = self.strings_at + off as usize;
        let Some(&len) = d.get(at) else { return "" };
        d.get(at + 1..at + 1 + len as usize).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
    }

    /// The place at `index` (`None` past the end).
    pub fn place(&self, index: u32) -> Option<Place> {
        let i = index as usize;
        if i >= self.places {
            return None;
        }
        let d = self.data;
        let at = HEADER + i * PLACE;
        let r = |k: usize| u32_at(d, at + 4 * k);
        let cc = &d[at + 28..at + 30];
        let country = if cc == b"  " { "" } else { std::str::from_utf8(cc).unwrap_or("") };
        let fb = d[at + 30];
        Some(Place {
            index,
            geonames_id: u64::from(r(0)),
            lat: f64::from(r(1) as i32) / 1e5,
            lon: f64::from(r(2) as i32) / 1e5,
            population: u64::from(r(3)),
            name: self.string(r(4)),
            admin1: self.string(r(5)),
            admin2: self.string(r(6)),
            country,
            kind: Kind::from_byte(fb),
            feature: FEATURES.get(fb as usize).copied().unwrap_or("P.PPL"),
        })
    }

    fn key_str(&self, k: usize) -> &'static [u8] {
        let d: &'static [u8] = self.data;
        let at = self.strings_at + u32_at(d, self.keys_at + k * KEY) as usize;
        let Some(&len) = d.get(at) else { return b"" };
        d.get(at + 1..at + 1 + len as usize).unwrap_or(b"")
    }

    /// Every place `name` may refer to (main and alternate names; case, accents, dots
    /// and hyphens do not matter), most important first (countries, continents,
    /// regions, capitals, then by population).
    pub fn lookup(&self, name: &str) -> Vec<Candidate> {
        let k = key(name);
        if k.is_empty() {
            return Vec::new();
        }
        self.lookup_key(&k)
    }

    /// The postings of a key: `(place index, alternate name)`, without decoding places.
    pub fn postings(&self, k: &str) -> impl Iterator<Item = (u32, bool)> + '_ {
        let (mut lo, mut hi) = (0usize, self.keys);
        let mut range = 0..0;
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.key_str(mid).cmp(k.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let from = u32_at(self.data, self.keys_at + mid * KEY + 4) as usize;
                    let to = if mid + 1 < self.keys {
                        u32_at(self.data, self.keys_at + (mid + 1) * KEY + 4) as usize
                    } else {
                        self.postings
                    };
                    range = from..to.min(self.postings);
                    break;
                }
            }
        }
        range.map(|p| {
            let v = u32_at(self.data, self.postings_at + p * 4);
            (v & 0x7FFF_FFFF, v >> 31 == 1)
        })
    }

    /// A place's kind and population, without decoding its strings.
    pub fn kind_population(&self, index: u32) -> (Kind, u64) {
        let at = HEADER + index as usize * PLACE;
        match self.data.get(at + 30) {
            Some(&b) => (Kind::from_byte(b), u64::from(u32_at(self.data, at + 12))),
            None => (Kind::City, 0),
        }
    }

    /// Whether some key starts with `prefix` followed by a space or its end (a name of
    /// the gazetteer begins with these words).
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let lb = {
            let (mut lo, mut hi) = (0usize, self.keys);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if self.key_str(mid) < prefix.as_bytes() {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            lo
        };
        let p = prefix.as_bytes();
        (lb..self.keys.min(lb + 64))
            .map(|i| self.key_str(i))
            .take_while(|k| k.starts_with(p))
            .any(|k| k.len() == p.len() || k[p.len()] == b' ')
    }

    /// [`Gazetteer::lookup`] with a key already made by [`key`].
    pub fn lookup_key(&self, k: &str) -> Vec<Candidate> {
        self.postings(k)
            .filter_map(|(index, alternate)| Some(Candidate { place: self.place(index)?, alternate }))
            .collect()
    }

    /// Whether any place has this key (cheaper than [`Gazetteer::lookup_key`]).
    pub fn has_key(&self, k: &str) -> bool {
        let (mut lo, mut hi) = (0usize, self.keys);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.key_str(mid).cmp(k.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// The place with this GeoNames id (the id index is built on first use).
    pub fn get(&self, geonames_id: u64) -> Option<Place> {
        let ids = self.by_id.get_or_init(|| {
            let mut v: Vec<(u32, u32)> =
                (0..self.places).map(|i| (u32_at(self.data, HEADER + i * PLACE), i as u32)).collect();
            v.sort_unstable();
            v
        });
        let id = u32::try_from(geonames_id).ok()?;
        let i = ids.binary_search_by_key(&id, |&(x, _)| x).ok()?;
        self.place(ids[i].1)
    }

    /// The country with this ISO code.
    pub fn country(&self, code: &str) -> Option<Place> {
        // countries come first in the file
        (0..self.places as u32)
            .map_while(|i| self.place(i).filter(|p| p.kind == Kind::Country))
            .find(|p| p.country.eq_ignore_ascii_case(code))
    }

    /// The first-level region of a country with this admin1 code.
    pub fn admin1(&self, country: &str, admin1: &str) -> Option<Place> {
        // regions follow countries and continents; stop at the first city
        (0..self.places as u32)
            .map_while(|i| self.place(i).filter(|p| !p.kind.is_city()))
            .find(|p| p.kind == Kind::Admin1 && p.country == country && p.admin1 == admin1)
    }
}

/// The lookup key of a name: lower case, accents folded, dots dropped, hyphens and
/// runs of white space as one space, curly apostrophes straight (the build script's
/// `key`).
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    key_into(name, &mut out);
    out
}

/// [`key`] written into `out` (cleared first).
pub(crate) fn key_into(name: &str, out: &mut String) {
    out.clear();
    let mut space = true;
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() || c == '-' {
            if !space {
                out.push(' ');
                space = true;
            }
        } else if c != '.' {
            out.extend(c.to_lowercase());
            space = false;
        }
    };
    if name.is_ascii() {
        for c in name.chars() {
            push(c, out);
        }
    } else {
        for c in name.nfkd() {
            if !is_combining_mark(c) {
                push(if c == '’' { '\'' } else { c }, out);
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
}

/// Whether `outer` contains `inner` (or is it): a continent contains nothing here (no
/// continent codes in the data), a country its regions and places, a first-level
/// region the places with its admin1 code, a second-level one those with its admin2
/// code.
pub fn contains(outer: &Place, inner: &Place) -> bool {
    if outer.geonames_id == inner.geonames_id {
        return true;
    }
    if outer.country.is_empty() || outer.country != inner.country {
        return false;
    }
    match outer.kind {
        Kind::Country | Kind::Dependency => inner.kind != Kind::Country,
        Kind::Admin1 => {
            inner.kind != Kind::Admin1 && inner.admin1 == outer.admin1 && !inner.admin1.is_empty()
        }
        Kind::Admin2 => {
            inner.kind.is_city()
                && inner.admin1 == outer.admin1
                && inner.admin2 == outer.admin2
                && !inner.admin2.is_empty()
        }
        _ => false,
    }
}

/// Great-circle distance in km (the haversine formula, mean Earth radius).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let r = f64::to_radians;
    let (dlat, dlon) = (r(lat2 - lat1), r(lon2 - lon1));
    let x = (dlat / 2.0).sin().powi(2) + r(lat1).cos() * r(lat2).cos() * (dlon / 2.0).sin().powi(2);
    6371.0088 * 2.0 * x.sqrt().min(1.0).asin()
}
