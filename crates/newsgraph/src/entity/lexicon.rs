//! The word lists entity assembly looks names up in, compiled in from
//! `crates/newsgraph/data/lexicon/` (see its README for sources and licences):
//! titles and honorifics, demonyms and country aliases, first names with gender.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

use super::words::{key, words};
use super::Gender;

const TITLES: &str = include_str!("../../data/lexicon/titles.tsv");
const DEMONYMS: &str = include_str!("../../data/lexicon/demonyms.tsv");
const FIRST_NAMES: &str = include_str!("../../data/lexicon/first_names.tsv");

/// A title or honorific (`Sen.`, `Mayor`, `Ayatollah`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TitleInfo {
    /// The role it names, grouping variants: `Sen.` and `Senator` → `Senator`.
    pub canonical: String,
    /// The gender the title implies (`Mrs.`, `King`), if any.
    pub gender: Option<Gender>,
    /// When capitalised, it marks the capitalised words after it as a person's name.
    pub marks_name: bool,
    /// Some spelling of it ends with a dot (`Sen.`): a dot after it belongs to it.
    pub abbreviation: bool,
}

/// What a demonym-list form says about its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemonymKind {
    /// Adjective or collective: `British`, `Iranian`.
    Adjective,
    /// Plural noun for the people: `Iranians`, `Britons`.
    People,
    /// Another name of the place itself: `Britain`, `UK`.
    Alias,
}

/// A demonym or place alias and the place it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Demonym {
    /// The place's name (`United Kingdom`).
    pub place: String,
    /// Adjective, people noun, or alias.
    pub kind: DemonymKind,
}

/// All lexicons, indexed by matching key (see [`Lexicons::title`]).
#[derive(Debug, Default)]
pub struct Lexicons {
    // keys are looked up for every word of every article: a fast hash, not SipHash
    titles: FxHashMap<String, TitleInfo>,
    max_title_words: usize,
    demonyms: FxHashMap<String, Vec<Demonym>>,
    max_demonym_words: usize,
    first_names: FxHashMap<String, Option<Gender>>,
    /// First words (folded) of titles and of demonym-list forms, for a quick no.
    title_starts: FxHashSet<String>,
    demonym_starts: FxHashSet<String>,
}

static EMBEDDED: LazyLock<Lexicons> = LazyLock::new(|| Lexicons::parse(TITLES, DEMONYMS, FIRST_NAMES));

impl Lexicons {
    /// The lexicons compiled into this build, parsed on first use.
    pub fn embedded() -> &'static Lexicons {
        &EMBEDDED
    }

    /// Build lexicons from TSV text (same formats as the data files; `#` lines are
    /// comments). Malformed lines are skipped.
    pub fn parse(titles: &str, demonyms: &str, first_names: &str) -> Lexicons {
        let mut lex = Lexicons::default();
        for cols in rows(titles) {
            let [form, canonical, gender, rule] = cols[..] else { continue };
            let k = key(form);
            if k.is_empty() {
                continue;
            }
            lex.max_title_words = lex.max_title_words.max(words(form).len());
            let abbreviation = form.ends_with('.');
            if let Some(w) = words(form).first() {
                // a title key drops periods and joins single letters (`M.P.` → `mp`)
                lex.title_starts.insert(w.folded.to_string());
                lex.title_starts.insert(k.split(' ').next().unwrap_or("").to_string());
            }
            let e = lex.titles.entry(k).or_insert_with(|| TitleInfo {
                canonical: canonical.to_string(),
                gender: parse_gender(gender),
                marks_name: rule == "y",
                abbreviation,
            });
            e.abbreviation |= abbreviation;
        }
        for cols in rows(demonyms) {
            let [form, place, kind] = cols[..] else { continue };
            let kind = match kind {
                "adj" => DemonymKind::Adjective,
                "people" => DemonymKind::People,
                "alias" => DemonymKind::Alias,
                _ => continue,
            };
            let k = key(form);
            lex.max_demonym_words = lex.max_demonym_words.max(words(form).len());
            if let Some(w) = words(form).first() {
                lex.demonym_starts.insert(w.folded.to_string());
            }
            let d = Demonym { place: place.to_string(), kind };
            let v = lex.demonyms.entry(k).or_default();
            if !v.contains(&d) {
                v.push(d);
            }
        }
        for cols in rows(first_names) {
            let [name, g] = cols[..] else { continue };
            lex.first_names.insert(key(name), parse_gender(g));
        }
        lex
    }

    /// The title whose matching key (see [`key`]: folded words joined by spaces;
    /// `Sen.` → `sen`, `Vice President` → `vice president`) is `k`.
    pub fn title(&self, k: &str) -> Option<&TitleInfo> {
        self.titles.get(k)
    }

    /// False when no title starts with this folded word.
    pub fn may_start_title(&self, folded: &str) -> bool {
        self.title_starts.contains(folded)
    }

    /// False when no demonym-list form starts with this folded word.
    pub fn may_start_demonym(&self, folded: &str) -> bool {
        self.demonym_starts.contains(folded)
    }

    /// The most words any title has.
    pub fn max_title_words(&self) -> usize {
        self.max_title_words
    }

    /// Demonym-list entries for a key (`british` → United Kingdom, adjective).
    pub fn demonym(&self, k: &str) -> &[Demonym] {
        self.demonyms.get(k).map_or(&[], Vec::as_slice)
    }

    /// The most words any demonym-list form has.
    pub fn max_demonym_words(&self) -> usize {
        self.max_demonym_words
    }

    /// The place a name is another name of (`uk`, `britain` → `United Kingdom`).
    pub fn place_alias(&self, k: &str) -> Option<&str> {
        self.demonym(k).iter().find(|d| d.kind == DemonymKind::Alias).map(|d| d.place.as_str())
    }

    /// Gender of a first name by its key: `Some(None)` for a known unisex name.
    pub fn first_name(&self, k: &str) -> Option<Option<Gender>> {
        self.first_names.get(k).copied()
    }
}

const NOT_NAMES: &str = include_str!("../../data/lexicon/not_names.tsv");

/// The keys ([`key`]) of `data/lexicon/not_names.tsv`: discourse phrases, and the
/// descriptor nouns that follow a person's surname.
struct NotNames {
    discourse: FxHashSet<String>,
    /// Descriptor → true when it needs a known personal name before it.
    descriptors: FxHashMap<String, bool>,
    max_discourse_words: usize,
}

static NOT_NAMES_SET: LazyLock<NotNames> = LazyLock::new(|| {
    let mut n = NotNames {
        discourse: FxHashSet::default(),
        descriptors: FxHashMap::default(),
        max_discourse_words: 0,
    };
    for cols in rows(NOT_NAMES) {
        let [form, class] = cols[..] else { continue };
        let k = key(form);
        match class {
            "discourse" => {
                n.max_discourse_words = n.max_discourse_words.max(words(form).len());
                n.discourse.insert(k);
            }
            "descriptor" | "descriptor-if-name" => {
                n.descriptors.insert(k, class != "descriptor");
            }
            _ => {}
        }
    }
    n
});

/// A sentence adverb or discourse phrase (`significantly`, `of course`; a key).
pub(crate) fn discourse(k: &str) -> bool {
    NOT_NAMES_SET.discourse.contains(k)
}

/// Most words in a discourse phrase.
pub(crate) fn max_discourse_words() -> usize {
    NOT_NAMES_SET.max_discourse_words
}

/// A noun that, after a name, makes a descriptor of a person (`administration`,
/// `campaign`; a folded word): `Some(needs_name)`, true when the name must be a known
/// first name or surname.
pub(crate) fn person_descriptor(folded: &str) -> Option<bool> {
    NOT_NAMES_SET.descriptors.get(folded).copied()
}

fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn parse_gender(s: &str) -> Option<Gender> {
    match s {
        "M" => Some(Gender::Male),
        "F" => Some(Gender::Female),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_table() {
        let lex = Lexicons::embedded();
        // form as written → (canonical, gender, marks a name)
        let table = [
            ("Mr.", "Mr.", Some(Gender::Male), true),
            ("Mrs", "Mrs.", Some(Gender::Female), true),
            ("Sen.", "Senator", None, true),
            ("Senator", "Senator", None, true),
            ("Rep.", "Representative", None, true),
            ("Gov.", "Governor", None, true),
            ("Mayor", "Mayor", None, true),
            ("mayor", "Mayor", None, true),
            ("President", "President", None, true),
            ("Vice President", "Vice President", None, true),
            ("Prime Minister", "Prime Minister", None, true),
            ("Madam", "Madam", Some(Gender::Female), true),
            ("Gen.", "General", None, true),
            ("General", "General", None, false),
            ("Col.", "Colonel", None, true),
            ("Ayatollah", "Ayatollah", Some(Gender::Male), true),
            ("Mullah", "Mullah", Some(Gender::Male), true),
            ("Sheikh", "Sheikh", Some(Gender::Male), true),
            ("King", "King", Some(Gender::Male), true),
            ("Queen", "Queen", Some(Gender::Female), true),
            ("Pope", "Pope", Some(Gender::Male), true),
            ("Judge", "Judge", None, true),
            ("chief", "Chief", None, false),
            ("Foreign Minister", "Minister", None, true),
            ("Major", "Major", None, false),
        ];
        for (form, canonical, gender, marks) in table {
            let t = lex.title(&key(form)).unwrap_or_else(|| panic!("{form} missing"));
            assert_eq!((t.canonical.as_str(), t.gender, t.marks_name), (canonical, gender, marks), "{form}");
        }
        assert!(lex.title("sen").is_some_and(|t| t.abbreviation));
        assert!(lex.title("rudy").is_none());
        assert!(lex.max_title_words() >= 3);
    }

    #[test]
    fn demonyms_table() {
        let lex = Lexicons::embedded();
        for (form, place, kind) in [
            ("British", "United Kingdom", DemonymKind::Adjective),
            ("Britons", "United Kingdom", DemonymKind::People),
            ("Britain", "United Kingdom", DemonymKind::Alias),
            ("U.K.", "United Kingdom", DemonymKind::Alias),
            ("Iranian", "Iran", DemonymKind::Adjective),
            ("Iranians", "Iran", DemonymKind::People),
            ("French", "France", DemonymKind::Adjective),
            ("Albanian", "Albania", DemonymKind::Adjective),
            ("American", "United States", DemonymKind::Adjective),
            ("U.S.", "United States", DemonymKind::Alias),
            ("North Korean", "North Korea", DemonymKind::Adjective),
        ] {
            let d = lex.demonym(&key(form));
            assert!(d.iter().any(|d| d.place == place && d.kind == kind), "{form}: {d:?}");
        }
        assert_eq!(lex.place_alias("britain"), Some("United Kingdom"));
        assert_eq!(lex.place_alias("iran"), None);
        assert!(lex.demonyms.len() > 250);
    }

    #[test]
    fn first_names_table() {
        let lex = Lexicons::embedded();
        assert_eq!(lex.first_name("rudy"), Some(Some(Gender::Male)));
        assert_eq!(lex.first_name("maryam"), Some(Some(Gender::Female)));
        assert_eq!(lex.first_name("francois"), Some(Some(Gender::Male)));
        assert_eq!(lex.first_name("jordan"), Some(None));
        assert_eq!(lex.first_name("giuliani"), None);
        assert!(lex.first_names.len() > 10_000);
    }

    #[test]
    fn parse_skips_bad_lines() {
        let lex = Lexicons::parse("# c\nMayor\tMayor\t-\ty\nbroken\n", "x\ty\n", "Ann\tF\n");
        assert!(lex.title("mayor").is_some());
        assert_eq!(lex.titles.len(), 1);
        assert!(lex.demonyms.is_empty());
        assert_eq!(lex.first_name("ann"), Some(Some(Gender::Female)));
    }
}
