//! Words, abbreviations and cue words the geocoder reads around place names.

/// A word: a byte span of letters and digits, with inner `.`, `'`, `’`, `-`, `&`
/// (`U.S`, `O'Hare`, `Winston-Salem`); a trailing dot is not part of it.
pub(crate) fn words(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // letters and digits: ASCII by byte, anything else by char
    let alnum_at = |i: usize| -> (bool, usize) {
        let c = b[i];
        if c.is_ascii() {
            (c.is_ascii_alphanumeric(), 1)
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            (ch.is_alphanumeric(), ch.len_utf8())
        }
    };
    while i < b.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let (a, n) = alnum_at(i);
        if !a {
            i += n;
            continue;
        }
        let start = i;
        i += n;
        while i < b.len() {
            let (a, n) = alnum_at(i);
            if a {
                i += n;
                continue;
            }
            let joiner = match b[i] {
                b'.' | b'\'' | b'-' | b'&' => 1,
                0xE2 if text[i..].starts_with('’') => 3,
                _ => 0,
            };
            if joiner > 0 && i + joiner < b.len() && alnum_at(i + joiner).0 {
                i += joiner;
            } else {
                break;
            }
        }
        out.push((start, i));
    }
    out
}

/// `text[start..]`, at most `n` bytes, cut on a character boundary.
pub(crate) fn window(text: &str, start: usize, n: usize) -> &str {
    let mut end = (start + n).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(start..end).unwrap_or("")
}

/// Starts with an upper-case letter (or a digit after the first word: `Ashraf 3`).
pub(crate) fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// US state and Canadian province abbreviations news uses after a city (`Bangor, Maine`
/// needs none; `Long Beach, Calif.`, `Erie, Pa.`, `Kamloops, B.C.`): AP style and postal
/// codes → the region's name. Keys are written without dots.
pub(crate) fn region_abbreviation(abbr: &str) -> Option<(&'static str, &'static str)> {
    let k: String = abbr.chars().filter(|c| *c != '.').collect();
    let name = match k.as_str() {
        "Ala" | "AL" => "Alabama",
        "AK" => "Alaska",
        "Ariz" | "AZ" => "Arizona",
        "Ark" | "AR" => "Arkansas",
        "Calif" | "Cal" | "CA" => "California",
        "Colo" | "CO" => "Colorado",
        "Conn" | "CT" => "Connecticut",
        "Del" | "DE" => "Delaware",
        "DC" => "District of Columbia",
        "Fla" | "FL" => "Florida",
        "Ga" | "GA" => "Georgia",
        "HI" => "Hawaii",
        "ID" => "Idaho",
        "Ill" | "IL" => "Illinois",
        "Ind" | "IN" => "Indiana",
        "IA" => "Iowa",
        "Kan" | "Kans" | "KS" => "Kansas",
        "Ky" | "KY" => "Kentucky",
        "La" | "LA" => "Louisiana",
        "ME" => "Maine",
        "Md" | "MD" => "Maryland",
        "Mass" | "MA" => "Massachusetts",
        "Mich" | "MI" => "Michigan",
        "Minn" | "MN" => "Minnesota",
        "Miss" | "MS" => "Mississippi",
        "Mo" | "MO" => "Missouri",
        "Mont" | "MT" => "Montana",
        "Neb" | "Nebr" | "NE" => "Nebraska",
        "Nev" | "NV" => "Nevada",
        "NH" => "New Hampshire",
        "NJ" => "New Jersey",
        "NM" => "New Mexico",
        "NY" => "New York",
        "NC" => "North Carolina",
        "ND" => "North Dakota",
        "OH" => "Ohio",
        "Okla" | "OK" => "Oklahoma",
        "Ore" | "Oreg" | "OR" => "Oregon",
        "Pa" | "Penn" | "PA" => "Pennsylvania",
        "RI" => "Rhode Island",
        "SC" => "South Carolina",
        "SD" => "South Dakota",
        "Tenn" | "TN" => "Tennessee",
        "TX" => "Texas",
        "UT" => "Utah",
        "Vt" | "VT" => "Vermont",
        "Va" | "VA" => "Virginia",
        "Wash" | "WA" => "Washington",
        "WVa" | "WV" => "West Virginia",
        "Wis" | "Wisc" | "WI" => "Wisconsin",
        "Wyo" | "WY" => "Wyoming",
        "BC" => return Some(("CA", "British Columbia")),
        "Alta" | "AB" => return Some(("CA", "Alberta")),
        "Sask" | "SK" => return Some(("CA", "Saskatchewan")),
        "Man" | "MB" => return Some(("CA", "Manitoba")),
        "Ont" | "ON" => return Some(("CA", "Ontario")),
        "Que" | "QC" => return Some(("CA", "Quebec")),
        "NS" => return Some(("CA", "Nova Scotia")),
        "NB" => return Some(("CA", "New Brunswick")),
        "Nfld" | "NL" => return Some(("CA", "Newfoundland and Labrador")),
        "PEI" => return Some(("CA", "Prince Edward Island")),
        "NSW" => return Some(("AU", "New South Wales")),
        "Qld" => return Some(("AU", "Queensland")),
        "Vic" => return Some(("AU", "Victoria")),
        _ => return None,
    };
    Some(("US", name))
}

/// Words that, before a name, say a place follows (`in Lancaster`, `near Columbus`).
pub(crate) fn locative(w: &str) -> bool {
    matches!(
        w,
        "in" | "at"
            | "from"
            | "near"
            | "outside"
            | "to"
            | "into"
            | "across"
            | "throughout"
            | "around"
            | "toward"
            | "towards"
            | "of"
            | "via"
            | "between"
            | "within"
            | "visit"
            | "visited"
            | "visiting"
            | "reached"
    )
}

/// Feature words that follow or precede a name and say what kind of place it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cue {
    /// `county`, `province`, `state`, `region`, `district`, `governorate`.
    Region,
    /// `city`, `town`, `village`, `capital`, `suburb`.
    Town,
    /// `country`, `nation`, `republic`.
    Country,
}

pub(crate) fn cue(w: &str) -> Option<Cue> {
    match w {
        "county" | "province" | "state" | "region" | "district" | "governorate" | "prefecture" | "oblast"
        | "parish" | "territory" | "emirate" => Some(Cue::Region),
        "city" | "town" | "village" | "capital" | "suburb" | "township" | "borough" | "municipality" => {
            Some(Cue::Town)
        }
        "country" | "nation" | "republic" | "kingdom" => Some(Cue::Country),
        _ => None,
    }
}

/// Words that never start a place name on their own, even capitalised (sentence
/// starts, days, months, titles): a gazetteer has towns named all of them.
pub(crate) fn not_a_place(k: &str) -> bool {
    matches!(
        k,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "it"
            | "he"
            | "she"
            | "we"
            | "they"
            | "i"
            | "you"
            | "his"
            | "her"
            | "our"
            | "their"
            | "but"
            | "and"
            | "or"
            | "so"
            | "if"
            | "as"
            | "at"
            | "in"
            | "on"
            | "by"
            | "for"
            | "of"
            | "to"
            | "with"
            | "from"
            | "after"
            | "before"
            | "when"
            | "while"
            | "there"
            | "here"
            | "what"
            | "who"
            | "why"
            | "how"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "police"
            | "president"
            | "government"
            | "state"
            | "city"
            | "county"
            | "north"
            | "south"
            | "east"
            | "west"
            | "new"
            | "all"
            | "one"
            | "two"
            | "no"
            | "not"
            | "said"
            | "says"
            | "some"
            | "many"
            | "more"
            | "most"
            | "also"
            | "just"
            | "only"
            | "then"
            | "now"
            | "still"
            | "yet"
            | "even"
            | "over"
            | "under"
            | "about"
            | "into"
            | "out"
            | "up"
            | "down"
            | "off"
            | "center"
            | "centre"
            | "university"
            | "mayor"
            | "governor"
            | "senator"
            | "minister"
            | "officials"
            | "people"
            | "health"
            | "national"
            | "district"
            | "island"
            | "church"
            | "school"
            | "hospital"
            | "park"
            | "lake"
            | "river"
            | "mount"
            | "fort"
            | "saint"
            | "st"
            | "love"
            | "hope"
            | "unity"
            | "liberty"
            | "victory"
            | "friendship"
            | "independence"
            | "eagle"
            | "beach"
            | "bay"
            | "valley"
            | "hill"
            | "hills"
            | "spring"
            | "springs"
            | "grove"
            | "union"
    )
}
