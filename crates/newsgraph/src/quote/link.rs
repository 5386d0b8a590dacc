//! Speaker linking: a source span found by the frame finder → an entity.
//! A name links to the entity whose mention overlaps it; a pronoun or a description
//! (`he`, `the minister`, `the ministry`) to the nearest compatible entity mentioned
//! before; without entities, to the nearest named speaker found before. When nothing
//! fits, the speaker is the source text itself with no entity.

use std::cell::OnceCell;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::entity;
use crate::model::{Entity, EntityKind, EntityRef, Span};

/// Titles and roles: never a speaker's name on their own.
pub(crate) const TITLES: &[&str] = &[
    "mayor",
    "president",
    "minister",
    "sen.",
    "senator",
    "rep.",
    "representative",
    "gov.",
    "governor",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "gen.",
    "general",
    "secretary",
    "chairman",
    "chairwoman",
    "chair",
    "ambassador",
    "judge",
    "justice",
    "prime",
    "vice",
    "chief",
    "mullah",
    "ayatollah",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "sheikh",
    "madam",
    "lord",
    "lady",
    "sir",
    "director",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "commissioner",
    "attorney",
    "speaker",
    "leader",
    "candidate",
    "nominee",
    "former",
    "foreign",
    "deputy",
    "state",
    "u.s.",
    "house",
    "senate",
    "official",
    "officials",
    "prof.",
    "professor",
    "rev.",
    "reverend",
    "col.",
    "lt.",
    "capt.",
    "sgt.",
    "adm.",
    "chancellor",
    "premier",
    "councillor",
    "councilman",
    "councilwoman",
    "delegate",
    "french",
    "british",
    "american",
    "iranian",
    "majority",
    "minority",
    "ranking",
    "whip",
    "press",
    "campaign",
    "manager",
    "executive",
    "strategist",
    "pollster",
    "adviser",
    "advisor",
    "aide",
    "founder",
    "co-founder",
    "host",
    "anchor",
    "correspondent",
    "columnist",
    "analyst",
    "economist",
];

/// Nouns that describe an organisation (`the ministry said` → an ORG).
const ORG_HEADS: &[&str] = &[
    "ministry",
    "agency",
    "company",
    "campaign",
    "committee",
    "department",
    "government",
    "administration",
    "group",
    "party",
    "firm",
    "organization",
    "organisation",
    "office",
    "council",
    "court",
    "bank",
    "board",
    "commission",
    "embassy",
    "police",
    "army",
    "military",
    "union",
    "newspaper",
    "paper",
    "network",
    "station",
    "regime",
    "team",
    "foundation",
    "institute",
    "university",
    "coalition",
    "alliance",
    "movement",
    "corporation",
    "website",
    "magazine",
    "outlet",
    "service",
    "authority",
    "parliament",
    "senate",
    "house",
    "white",
];

/// Grammatical gender, where it can be told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gender {
    /// he
    Male,
    /// she
    Female,
    /// unknown
    Unknown,
}

const MALE_TITLES: &[&str] =
    &["mr", "mr.", "king", "prince", "sir", "lord", "father", "brother", "mullah", "ayatollah", "sheikh"];
const FEMALE_TITLES: &[&str] =
    &["mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "queen", "princess", "lady", "sister", "dame"];
const MALE_NAMES: &[&str] = &[
    "donald",
    "bernie",
    "ted",
    "marco",
    "john",
    "jeb",
    "barack",
    "bill",
    "joe",
    "mike",
    "paul",
    "chris",
    "rudy",
    "hassan",
    "mohsen",
    "david",
    "james",
    "robert",
    "michael",
    "william",
    "richard",
    "thomas",
    "mark",
    "george",
    "steven",
    "jason",
    "kevin",
    "brian",
    "tim",
    "eric",
    "jean-françois",
    "francois",
    "françois",
    "ilan",
    "vladimir",
    "xi",
    "boris",
    "emmanuel",
    "ben",
    "rand",
    "scott",
    "jim",
    "tom",
    "harry",
    "mitch",
    "newt",
    "reince",
    "corey",
    "roger",
    "ali",
    "mohammad",
    "mohammed",
    "javad",
    "ebrahim",
    "benjamin",
    "ron",
    "lindsey",
    "rick",
    "peter",
    "andrew",
    "matt",
    "ryan",
    "nick",
    "sean",
    "dan",
    "daniel",
    "jeff",
    "frank",
];
const FEMALE_NAMES: &[&str] = &[
    "hillary",
    "maryam",
    "melania",
    "ivanka",
    "chelsea",
    "kellyanne",
    "nancy",
    "elizabeth",
    "sarah",
    "mary",
    "theresa",
    "angela",
    "michelle",
    "hope",
    "debbie",
    "huma",
    "carly",
    "jill",
    "susan",
    "karen",
    "jennifer",
    "linda",
    "patricia",
    "barbara",
    "margaret",
    "anne",
    "ann",
    "marine",
    "federica",
    "kamala",
    "condoleezza",
    "madeleine",
    "samantha",
    "nikki",
    "laura",
    "lisa",
    "emily",
    "julia",
    "sophie",
    "marie",
    "catherine",
    "claire",
    "katie",
];

/// Gender of an entity (titles, first names: `entity::gender`), else from the words
/// of its name.
pub(crate) fn gender(e: &Entity) -> Gender {
    if e.kind != EntityKind::Person {
        return Gender::Unknown;
    }
    match entity::gender(e) {
        Some(entity::Gender::Male) => Gender::Male,
        Some(entity::Gender::Female) => Gender::Female,
        None => name_gender(&e.name),
    }
}

/// A document's entities, with what linking asks of them for speaker after speaker
/// worked out once, when first needed: their genders (for pronouns) and the matching
/// keys of their names, aliases and titles (for descriptions).
pub(crate) struct Entities<'e> {
    /// The entities.
    pub list: &'e [Entity],
    genders: OnceCell<Vec<Gender>>,
    descriptions: OnceCell<entity::Descriptions<'static>>,
}

impl<'e> Entities<'e> {
    pub(crate) fn new(list: &'e [Entity]) -> Self {
        Entities { list, genders: OnceCell::new(), descriptions: OnceCell::new() }
    }

    /// [`gender`] of entity `i`.
    fn gender(&self, i: usize) -> Gender {
        self.genders.get_or_init(|| self.list.iter().map(gender).collect())[i]
    }

    /// [`entity::resolve_description`] of a phrase.
    fn description(&self, phrase: &str) -> Option<&'e Entity> {
        let index = self
            .descriptions
            .get_or_init(|| entity::Descriptions::new(self.list, entity::Lexicons::embedded()));
        index.resolve(phrase).map(|i| &self.list[i])
    }
}

/// The gendered titles and first names, each word with its gender (a word on a male
/// and a female list would count as male, as the male lists are asked first).
static GENDERED: LazyLock<FxHashMap<&'static str, Gender>> = LazyLock::new(|| {
    let mut m = FxHashMap::default();
    for (words, g) in [
        (MALE_TITLES, Gender::Male),
        (MALE_NAMES, Gender::Male),
        (FEMALE_TITLES, Gender::Female),
        (FEMALE_NAMES, Gender::Female),
    ] {
        for &w in words {
            m.entry(w).or_insert(g);
        }
    }
    m
});

/// Gender from a first name or a gendered title at the start of a name.
pub(crate) fn name_gender(name: &str) -> Gender {
    for w in name.split_whitespace() {
        if let Some(&g) = GENDERED.get(w.to_lowercase().as_str()) {
            return g;
        }
    }
    Gender::Unknown
}

/// A named speaker seen earlier in the text (for pronouns when there are no entities).
#[derive(Clone, Debug)]
pub(crate) struct Seen {
    /// Where the name was.
    pub at: usize,
    /// The speaker.
    pub who: EntityRef,
    /// Its gender, when known.
    pub gender: Gender,
    /// Person-like (true) or organisation-like (false).
    pub person: bool,
}

/// Drop leading titles from a name (`Mayor Rudy Giuliani` → `Rudy Giuliani`); a name
/// that is only titles stays as it is.
pub(crate) fn strip_titles(name: &str) -> &str {
    let mut rest = name.trim();
    loop {
        let (first, tail) = match rest.split_once(' ') {
            Some((f, t)) => (f, t.trim_start()),
            None => return rest,
        };
        if TITLES.contains(&first.to_lowercase().as_str())
            && tail.chars().next().is_some_and(|c| c.is_uppercase())
        {
            rest = tail;
        } else {
            return rest;
        }
    }
}

fn is_only_titles(s: &str) -> bool {
    s.split_whitespace().all(|w| {
        let w = w.to_lowercase();
        w == "the" || TITLES.contains(&w.as_str())
    })
}

fn entity_ref(e: &Entity) -> EntityRef {
    EntityRef { entity: Some(e.id.clone()), name: e.name.clone() }
}

/// Whether a mention ending at `end` is a possessor inside the phrase `span`
/// (`Mr. Obama's climate advisers`, `companies that insured Patriot's obligations`):
/// the phrase names someone else.
fn is_possessor(text: &str, end: usize, span: Span) -> bool {
    let Some(after) = text.get(end..span.end) else { return false };
    ["'s ", "’s ", "' ", "’ "]
        .iter()
        .find_map(|p| after.strip_prefix(p))
        .is_some_and(|owned| owned.chars().any(char::is_alphanumeric))
}

/// Whether `e` has a mention overlapping `span` that is no possessor in it.
fn named_in(text: &str, e: &Entity, span: Span) -> bool {
    e.mentions.iter().any(|m| m.start < span.end && span.start < m.end && !is_possessor(text, m.end, span))
}

/// Entity with a mention overlapping `span` that is no possessor in it, preferring
/// PERSON, then ORG.
fn overlapping<'e>(text: &str, entities: &'e [Entity], span: Span) -> Option<&'e Entity> {
    let mut best: Option<(&Entity, u8)> = None;
    for e in entities {
        if named_in(text, e, span) {
            let rank = match e.kind {
                EntityKind::Person => 0,
                EntityKind::Org => 1,
                EntityKind::Other => 2,
                EntityKind::Place => 3,
            };
            if best.is_none_or(|(_, r)| rank < r) {
                best = Some((e, rank));
            }
        }
    }
    best.map(|(e, _)| e)
}

/// The entity mentioned last before `at` that `ok` accepts (given its index too).
fn nearest_before(entities: &[Entity], at: usize, ok: impl Fn(usize, &Entity) -> bool) -> Option<&Entity> {
    let mut best: Option<(&Entity, usize)> = None;
    for (i, e) in entities.iter().enumerate() {
        if !ok(i, e) {
            continue;
        }
        if let Some(m) = e.mentions.iter().filter(|m| m.end <= at).max_by_key(|m| m.end) {
            if best.is_none_or(|(_, p)| m.end > p) {
                best = Some((e, m.end));
            }
        }
    }
    best.map(|(e, _)| e)
}

/// A mention ending at `end` that modifies a noun after it (`the Trump
/// administration’s`): no antecedent for a pronoun.
fn modifier(text: &str, end: usize) -> bool {
    let Some(rest) = text.get(end..).and_then(|r| r.strip_prefix(' ')) else { return false };
    let w = rest.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    !w.is_empty() && w.chars().all(char::is_lowercase) && entity::is_person_descriptor(w)
}

/// What the frame finder says the source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SourceForm {
    /// A capitalised name.
    Name,
    /// A personal pronoun.
    Pronoun,
    /// A description (`the minister`, `sources`).
    Description,
}

/// Resolve a source span to a speaker. `seen` holds the named speakers found before
/// (used when there are no entities).
pub(crate) fn resolve(
    text: &str,
    span: Span,
    form: SourceForm,
    known: &Entities,
    seen: &[Seen],
) -> Option<EntityRef> {
    let entities = known.list;
    let raw = text[span.range()].trim();
    if raw.is_empty() {
        return None;
    }
    match form {
        SourceForm::Name if !is_only_titles(raw) => {
            let at = || entity::entity_at(entities, span).filter(|e| named_in(text, e, span));
            if let Some(e) = overlapping(text, entities, span).or_else(at) {
                return Some(entity_ref(e));
            }
            if let Some(e) = known.description(strip_possessive(raw)) {
                return Some(entity_ref(e));
            }
            let name = strip_possessive(strip_titles(raw));
            Some(EntityRef { entity: None, name: name.to_string() })
        }
        SourceForm::Pronoun => {
            let p = raw.to_lowercase();
            let want = match p.as_str() {
                "he" => Some(Gender::Male),
                "she" => Some(Gender::Female),
                _ => None,
            };
            let person = matches!(p.as_str(), "he" | "she" | "i");
            if !matches!(p.as_str(), "he" | "she" | "it" | "i") {
                return Some(EntityRef { entity: None, name: raw.to_string() });
            }
            let compatible = |g: Gender| want.is_none_or(|w| g == Gender::Unknown || g == w);
            if !entities.is_empty() {
                // a person whose last mention is a modifier (`the Trump
                // administration’s`) gives way to one last named as a person
                let modified = |e: &Entity| {
                    let last = e.mentions.iter().filter(|m| m.end <= span.start).max_by_key(|m| m.end);
                    last.is_some_and(|m| modifier(text, m.end))
                };
                let hit = if person {
                    nearest_before(entities, span.start, |i, e| {
                        e.kind == EntityKind::Person && compatible(known.gender(i)) && !modified(e)
                    })
                } else {
                    nearest_before(entities, span.start, |_, e| e.kind == EntityKind::Org)
                };
                if let Some(e) = hit {
                    return Some(entity_ref(e));
                }
            }
            seen.iter()
                .rev()
                .find(|s| s.at < span.start && s.person == person && compatible(s.gender))
                .map(|s| s.who.clone())
                .or_else(|| Some(EntityRef { entity: None, name: raw.to_string() }))
        }
        SourceForm::Description if is_indefinite(raw) => {
            // `a NY1 representative`, `one longtime adviser to Bill Clinton`: someone not
            // named before; only `a spokesman for X` speaks for an entity
            let after = ["for", "of", "at"]
                .iter()
                .filter_map(|p| raw.find(&format!(" {p} ")).map(|i| i + p.len() + 2))
                .min();
            let speaks_for = after.and_then(|a| {
                let lead = text[span.range()].len() - text[span.range()].trim_start().len();
                let at = span.start + lead + a;
                overlapping(text, entities, Span::new(at, span.end)).filter(|e| e.kind != EntityKind::Person)
            });
            Some(
                speaks_for
                    .map(entity_ref)
                    .unwrap_or_else(|| EntityRef { entity: None, name: raw.to_string() }),
            )
        }
        SourceForm::Name | SourceForm::Description => {
            // `the mayor` → the entity titled Mayor; `the ministry` → the last ORG
            let words: Vec<String> = raw.split_whitespace().map(|w| w.to_lowercase()).collect();
            let head = words.last().cloned().unwrap_or_default();
            if let Some(e) = overlapping(text, entities, span) {
                return Some(entity_ref(e));
            }
            if let Some(e) = known.description(raw) {
                return Some(entity_ref(e));
            }
            if !entities.is_empty() {
                let titled = nearest_before(entities, span.start, |_, e| {
                    e.kind == EntityKind::Person
                        && e.titles
                            .iter()
                            .any(|t| t.trim_end_matches('.').eq_ignore_ascii_case(head.trim_end_matches('.')))
                });
                if let Some(e) = titled {
                    return Some(entity_ref(e));
                }
                if ORG_HEADS.contains(&head.as_str()) && words.first().is_some_and(|w| w == "the") {
                    if let Some(e) = nearest_before(entities, span.start, |_, e| e.kind == EntityKind::Org) {
                        return Some(entity_ref(e));
                    }
                }
            }
            Some(EntityRef { entity: None, name: raw.to_string() })
        }
    }
}

/// A description that introduces someone new: `a source`, `one adviser`, `another
/// Democrat`.
fn is_indefinite(raw: &str) -> bool {
    raw.split_whitespace()
        .next()
        .is_some_and(|w| ["a", "an", "one", "another"].iter().any(|d| d.eq_ignore_ascii_case(w)))
}

fn strip_possessive(s: &str) -> &str {
    s.strip_suffix("’s").or_else(|| s.strip_suffix("'s")).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mention;

    fn ent(
        id: &str,
        kind: EntityKind,
        name: &str,
        titles: &[&str],
        at: &[(usize, usize)],
        text: &str,
    ) -> Entity {
        Entity {
            id: id.into(),
            kind,
            name: name.into(),
            aliases: vec![name.into()],
            titles: titles.iter().map(|t| t.to_string()).collect(),
            mentions: at.iter().map(|&(s, e)| Mention::new(text, s, e)).collect(),
            geo: None,
        }
    }

    #[test]
    fn titles_are_stripped_but_not_to_nothing() {
        assert_eq!(strip_titles("Mayor Rudy Giuliani"), "Rudy Giuliani");
        assert_eq!(strip_titles("French Mayor Jean-François Legare"), "Jean-François Legare");
        assert_eq!(strip_titles("Mayor"), "Mayor");
        assert_eq!(strip_titles("Senate Majority Leader Mitch McConnell"), "Mitch McConnell");
        assert_eq!(strip_titles("Press Secretary Josh Earnest"), "Josh Earnest");
        assert_eq!(strip_titles("The Washington Times"), "The Washington Times");
        assert!(is_only_titles("the Mayor"));
    }

    #[test]
    fn pronouns_and_descriptions_resolve_to_compatible_entities() {
        let t = "Hillary Clinton met Donald Trump and the ministry. Mayor Bloomberg spoke. She said it. He said it. The mayor said it. The ministry said it.";
        let es = vec![
            ent("e1", EntityKind::Person, "Hillary Clinton", &[], &[(0, 15)], t),
            ent("e2", EntityKind::Person, "Donald Trump", &[], &[(20, 32)], t),
            ent("e3", EntityKind::Org, "Foreign Ministry", &[], &[(37, 49)], t),
            ent("e4", EntityKind::Person, "Michael Bloomberg", &["Mayor"], &[(51, 67)], t),
        ];
        let at = |s: &str| {
            let i = t.find(s).unwrap_or(0);
            Span::new(i, i + s.len())
        };
        let es = Entities::new(&es);
        let r = |s: &str, f| resolve(t, at(s), f, &es, &[]).and_then(|r| r.entity);
        assert_eq!(r("She", SourceForm::Pronoun).as_deref(), Some("e1"));
        assert_eq!(r("He", SourceForm::Pronoun).as_deref(), Some("e4"));
        assert_eq!(r("The mayor", SourceForm::Description).as_deref(), Some("e4"));
        assert_eq!(r("The ministry", SourceForm::Description).as_deref(), Some("e3"));
        assert_eq!(r("Donald Trump", SourceForm::Name).as_deref(), Some("e2"));
    }

    #[test]
    fn a_name_modifying_a_descriptor_is_no_antecedent() {
        let t = "Ilan Berman wrote about the Trump administration. He said it.";
        let es = vec![
            ent("e1", EntityKind::Person, "Ilan Berman", &[], &[(0, 11)], t),
            ent("e2", EntityKind::Person, "Trump", &[], &[(28, 33)], t),
        ];
        assert_eq!(&t[28..33], "Trump");
        let es = Entities::new(&es);
        let i = t.find("He").unwrap_or(0);
        let r = resolve(t, Span::new(i, i + 2), SourceForm::Pronoun, &es, &[]).and_then(|r| r.entity);
        assert_eq!(r.as_deref(), Some("e1"));
    }

    #[test]
    fn a_possessor_is_not_the_speaker() {
        let t = "Mr. Obama's climate advisers said it. Iran's foreign minister Javad Zarif said it. Obama's said it.";
        let es = vec![
            ent("e1", EntityKind::Person, "Barack Obama", &[], &[(4, 9), (83, 88)], t),
            ent("e2", EntityKind::Place, "Iran", &[], &[(38, 42)], t),
            ent("e3", EntityKind::Person, "Javad Zarif", &[], &[(62, 73)], t),
        ];
        let at = |s: &str| {
            let i = t.find(s).unwrap_or(0);
            Span::new(i, i + s.len())
        };
        let es = Entities::new(&es);
        let r = |s: &str| resolve(t, at(s), SourceForm::Name, &es, &[]);
        let advisers = r("Mr. Obama's climate advisers").expect("free text");
        assert_eq!(advisers.entity, None);
        assert_eq!(advisers.name, "Obama's climate advisers");
        assert_eq!(r("Iran's foreign minister Javad Zarif").and_then(|r| r.entity).as_deref(), Some("e3"));
        // a possessive that ends the phrase names its owner
        assert_eq!(r("Obama's").and_then(|r| r.entity).as_deref(), Some("e1"));
    }

    #[test]
    fn possessors_after_any_apostrophe() {
        let is = |t: &str, owner: &str| is_possessor(t, owner.len(), Span::new(0, t.len()));
        assert!(is("Obama's climate advisers", "Obama"));
        assert!(is("Obama’s aides", "Obama"));
        // a bare apostrophe: the owned word may be one letter long
        assert!(is("Reynolds' A", "Reynolds"));
        assert!(is("Reynolds’ 9", "Reynolds"));
        assert!(!is("Obama's", "Obama"));
        assert!(!is("Reynolds' ", "Reynolds"));
        assert!(!is("Obama said", "Obama"));
        // an end outside the phrase or inside a character is no possessor
        assert!(!is_possessor("Obama’s aides", 6, Span::new(0, 16)));
        assert!(!is_possessor("Obama's aides", 20, Span::new(0, 13)));
    }

    #[test]
    fn without_entities_names_are_free_text_and_pronouns_use_seen_speakers() {
        let t = "Rouhani spoke. He said it.";
        let seen = vec![Seen {
            at: 0,
            who: EntityRef { entity: None, name: "Rouhani".into() },
            gender: Gender::Unknown,
            person: true,
        }];
        let he = t.find("He").unwrap_or(0);
        let r = resolve(t, Span::new(he, he + 2), SourceForm::Pronoun, &Entities::new(&[]), &seen);
        assert_eq!(r.map(|r| r.name).as_deref(), Some("Rouhani"));
        let r = resolve(t, Span::new(0, 7), SourceForm::Name, &Entities::new(&[]), &seen);
        assert_eq!(r, Some(EntityRef { entity: None, name: "Rouhani".into() }));
    }
}
