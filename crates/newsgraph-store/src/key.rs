//! Cross-document entity identity: a canonical key per entity.
//!
//! A document's entities are local (`e1`, `e2` …). Across documents an entity is known by
//! its key: `PLACE:gn:<geonames id>` for a place the geo stage resolved, otherwise the
//! type plus the normalised canonical name (`PERSON:rudy giuliani`). Names are normalised
//! by [`norm`]: compatibility decomposition, accents dropped, lower case, punctuation to
//! single spaces. Aliases (every surface form, and a person's surname) are stored
//! normalised too, so `speaker:Giuliani` and `speaker:"rudy giuliani"` find the same
//! person, and a person named by surname only in one document (`Giuliani`) joins the
//! full-name identity already in the store when there is one.

use unicode_normalization::UnicodeNormalization;

/// Lower case, no accents, letters and digits separated by single spaces.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else if c == '\'' || c == '’' {
            // O'Brien → obrien, Reuters' → reuters
        } else {
            space = true;
        }
    }
    out
}

/// The key of an entity of `kind` (`PERSON`, `ORG`, `PLACE`, `OTHER`) named `name`.
pub fn entity_key(kind: &str, name: &str, geonames_id: Option<u64>) -> String {
    match geonames_id {
        Some(id) if kind == "PLACE" => format!("PLACE:gn:{id}"),
        _ => format!("{kind}:{}", norm(name)),
    }
}

/// The surname alias of a person's normalised name (its last word), when it has two
/// or more words.
pub fn surname(normed: &str) -> Option<&str> {
    let (_, last) = normed.rsplit_once(' ')?;
    (last.chars().count() > 1 && !matches!(last, "jr" | "sr" | "ii" | "iii")).then_some(last)
}

/// A stable 64-bit FNV-1a hash (content hashes persist in the file, so the std hasher,
/// which may change between Rust releases, would not do).
pub fn content_hash(text: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_folds_case_accents_and_punctuation() {
        assert_eq!(norm("  Rudy  GIULIANI "), "rudy giuliani");
        assert_eq!(norm("François Hollande"), "francois hollande");
        assert_eq!(norm("U.S."), "u s");
        assert_eq!(norm("O'Brien"), "obrien");
        assert_eq!(norm("Al-Qaeda"), "al qaeda");
        assert_eq!(norm(""), "");
    }

    #[test]
    fn keys_and_surnames() {
        assert_eq!(entity_key("PERSON", "Rudy Giuliani", None), "PERSON:rudy giuliani");
        assert_eq!(entity_key("PLACE", "Tirana", Some(3183875)), "PLACE:gn:3183875");
        assert_eq!(entity_key("ORG", "Tirana FC", Some(1)), "ORG:tirana fc");
        assert_eq!(surname("rudy giuliani"), Some("giuliani"));
        assert_eq!(surname("martin luther king jr"), None);
        assert_eq!(surname("madonna"), None);
    }

    #[test]
    fn content_hash_is_stable() {
        assert_eq!(content_hash(""), 0xcbf2_9ce4_8422_2325_u64 as i64);
        assert_ne!(content_hash("a"), content_hash("b"));
    }
}
