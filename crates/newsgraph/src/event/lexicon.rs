//! The data the event stage reads, all plain TSV under `crates/newsgraph/data/events/`
//! (see its README): an ontology (event types with their quad class, and a trigger
//! lexicon per type and mode), the English words read around a trigger
//! (`frames.tsv`), sector words and country codes. An [`Ontology`] is built from any
//! pair of type and trigger files, so another event ontology (CAMEO) is a data change.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

const TYPES: &str = include_str!("../../data/events/plover.types.tsv");
const TRIGGERS: &str = include_str!("../../data/events/plover.tsv");
const FRAMES: &str = include_str!("../../data/events/frames.tsv");
const SECTORS: &str = include_str!("../../data/events/sectors.tsv");
const COUNTRIES: &str = include_str!("../../data/events/countries.tsv");

/// Quad class of an event type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quad {
    /// Verbal cooperation.
    VerbalCoop,
    /// Material cooperation.
    MaterialCoop,
    /// Verbal conflict.
    VerbalConflict,
    /// Material conflict.
    MaterialConflict,
    /// Not an event: the type of triggers that block others (`seize on`).
    None,
}

impl Quad {
    fn parse(s: &str) -> Option<Quad> {
        Some(match s {
            "verbal_coop" => Quad::VerbalCoop,
            "material_coop" => Quad::MaterialCoop,
            "verbal_conflict" => Quad::VerbalConflict,
            "material_conflict" => Quad::MaterialConflict,
            "none" => Quad::None,
            _ => return None,
        })
    }
    /// The name in records (`verbal_coop` …).
    pub fn name(self) -> &'static str {
        match self {
            Quad::VerbalCoop => "verbal_coop",
            Quad::MaterialCoop => "material_coop",
            Quad::VerbalConflict => "verbal_conflict",
            Quad::MaterialConflict => "material_conflict",
            Quad::None => "none",
        }
    }
    /// Cooperation, verbal or material.
    pub fn cooperative(self) -> bool {
        matches!(self, Quad::VerbalCoop | Quad::MaterialCoop)
    }
}

/// One event type of an ontology.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeInfo {
    /// Its name in records (`THREATEN`).
    pub name: String,
    /// Its quad class.
    pub quad: Quad,
}

/// How a trigger's words are matched (the `pos` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerKind {
    /// A verb (first word), inflected.
    Verb,
    /// A noun (last word) that needs a light verb or `in` before it.
    Noun,
    /// A noun that names an event on its own.
    StandaloneNoun,
    /// Words as written.
    Phrase,
    /// A modal of obligation (`must`): a demand on the clause's subject.
    Modal,
}

/// One slot of a trigger pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// One word, any of these forms.
    Word(Vec<String>),
    /// Up to [`GAP`] words of any kind (not punctuation).
    Gap,
}

/// Words after a verb that are no object (no plural is generated for them).
const PARTICLES: &[&str] = &[
    "to", "with", "for", "in", "on", "up", "out", "down", "off", "into", "at", "from", "over", "back", "as",
    "by", "upon",
];

/// Most words a `*` lets through.
pub(crate) const GAP: usize = 10;

/// One trigger of the lexicon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub(crate) slots: Vec<Slot>,
    /// How it is matched.
    pub kind: TriggerKind,
    /// Index into [`Ontology::types`].
    pub ty: usize,
    /// PLOVER mode, when the trigger gives one.
    pub mode: Option<String>,
    /// Number of word slots (more words, more specific).
    pub words: usize,
    /// The trigger as written in the file (for explanations and tests).
    pub source: String,
}

/// Word classes of `frames.tsv`, as bit flags.
pub(crate) mod frame {
    pub(crate) const LIGHT: u16 = 1;
    pub(crate) const INTENT: u16 = 2;
    pub(crate) const FUTURE: u16 = 4;
    pub(crate) const HYPO: u16 = 8;
    pub(crate) const NEG: u16 = 16;
    pub(crate) const DENY: u16 = 32;
    pub(crate) const REPORT: u16 = 64;
    pub(crate) const ATTEMPT: u16 = 128;
    pub(crate) const CAUSE: u16 = 256;
    pub(crate) const VERBAL: u16 = 512;
}

/// An event ontology with its trigger lexicon and the word lists the stage reads.
#[derive(Debug, Default)]
pub struct Ontology {
    /// Event types, in file order.
    pub types: Vec<TypeInfo>,
    /// Triggers, in file order.
    pub patterns: Vec<Pattern>,
    /// First-word form → patterns starting with it.
    index: FxHashMap<String, Vec<u32>>,
    /// Word form → frame classes.
    frames: FxHashMap<String, u16>,
    /// Sector words (lower case, plurals too) → sector code.
    sectors: FxHashMap<String, String>,
    /// Country names, capitals, short forms (lower case, no dots) → ISO alpha-3.
    countries: FxHashMap<String, String>,
    /// `@` rules of the type file: what an intended, refused or obliged act becomes.
    pub(crate) intent_coop: Option<usize>,
    pub(crate) intent_conflict: Option<usize>,
    pub(crate) refuse: Option<usize>,
    pub(crate) verbal: Option<usize>,
}

static EMBEDDED: LazyLock<Ontology> = LazyLock::new(|| Ontology::parse(TYPES, TRIGGERS));

fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// The inflected forms of an English verb lemma (over-generating is harmless: only
/// forms that occur in text are ever looked up).
pub(crate) fn verb_forms(lemma: &str) -> Vec<String> {
    let mut out = vec![lemma.to_string()];
    let b = lemma.as_bytes();
    let Some(&last) = b.last() else { return out };
    let vowel = |c: u8| b"aeiou".contains(&c);
    if last == b'e' {
        let stem = &lemma[..lemma.len() - 1];
        out.push(format!("{lemma}s"));
        out.push(format!("{lemma}d"));
        if lemma.ends_with("ee") || lemma.ends_with("ye") || lemma.ends_with("oe") {
            out.push(format!("{lemma}ing"));
        } else {
            out.push(format!("{stem}ing"));
        }
    } else if last == b'y' && b.len() > 1 && !vowel(b[b.len() - 2]) {
        let stem = &lemma[..lemma.len() - 1];
        out.push(format!("{stem}ies"));
        out.push(format!("{stem}ied"));
        out.push(format!("{lemma}ing"));
    } else {
        let es = ["s", "sh", "ch", "x", "z", "o"].iter().any(|s| lemma.ends_with(s));
        out.push(if es { format!("{lemma}es") } else { format!("{lemma}s") });
        out.push(format!("{lemma}ed"));
        out.push(format!("{lemma}ing"));
        // consonant-vowel-consonant endings double (ban → banned); both spellings
        // are kept where English hesitates (travelled / traveled)
        let cvc = b.len() >= 3 && !vowel(last) && vowel(b[b.len() - 2]) && !vowel(b[b.len() - 3]);
        if cvc && !b"wxy".contains(&last) {
            let l = char::from(last);
            out.push(format!("{lemma}{l}ed"));
            out.push(format!("{lemma}{l}ing"));
        }
    }
    out
}

/// Singular and plural of an English noun.
pub(crate) fn noun_forms(noun: &str) -> Vec<String> {
    let b = noun.as_bytes();
    let mut out = vec![noun.to_string()];
    match b.last() {
        Some(b'y') if b.len() > 1 && !b"aeiou".contains(&b[b.len() - 2]) => {
            out.push(format!("{}ies", &noun[..noun.len() - 1]));
        }
        Some(_) if ["s", "sh", "ch", "x", "z"].iter().any(|s| noun.ends_with(s)) => {
            out.push(format!("{noun}es"))
        }
        Some(_) => out.push(format!("{noun}s")),
        None => {}
    }
    out
}

/// A country key: lower case, dots dropped (`U.S.` → `us`).
pub(crate) fn country_key(s: &str) -> String {
    s.chars().filter(|&c| c != '.').flat_map(char::to_lowercase).collect::<String>().replace('’', "'")
}

impl Ontology {
    /// PLOVER, as compiled into this build, parsed on first use.
    pub fn embedded() -> &'static Ontology {
        &EMBEDDED
    }

    /// An ontology from a type file and a trigger file (formats of `plover.types.tsv`
    /// and `plover.tsv`); the English word lists are the embedded ones. Malformed
    /// lines and triggers of unknown types are skipped.
    pub fn parse(types: &str, triggers: &str) -> Ontology {
        let mut o = Ontology::default();
        let mut rules = Vec::new();
        for cols in rows(types) {
            let (Some(&name), Some(&second)) = (cols.first(), cols.get(1)) else { continue };
            if name.starts_with('@') {
                rules.push((name, second));
            } else if let Some(quad) = Quad::parse(second) {
                o.types.push(TypeInfo { name: name.to_string(), quad });
            }
        }
        let ty = |o: &Ontology, n: &str| o.types.iter().position(|t| t.name == n);
        for (rule, target) in rules {
            let t = ty(&o, target);
            match rule {
                "@intent_coop" => o.intent_coop = t,
                "@intent_conflict" => o.intent_conflict = t,
                "@refuse" => o.refuse = t,
                "@verbal" => o.verbal = t,
                _ => {}
            }
        }
        for cols in rows(triggers) {
            let [trigger, type_name, mode, pos] = cols[..] else { continue };
            let Some(t) = ty(&o, type_name) else { continue };
            let kind = match pos {
                "v" => TriggerKind::Verb,
                "n" => TriggerKind::Noun,
                "N" => TriggerKind::StandaloneNoun,
                "p" => TriggerKind::Phrase,
                "m" => TriggerKind::Modal,
                _ => continue,
            };
            if let Some(p) = Self::pattern(trigger, kind, t, mode) {
                o.patterns.push(p);
            }
        }
        for (i, p) in o.patterns.iter().enumerate() {
            if let Some(Slot::Word(forms)) = p.slots.first() {
                for f in forms {
                    o.index.entry(f.clone()).or_default().push(i as u32);
                }
            }
        }
        o.load_words();
        o
    }

    fn pattern(trigger: &str, kind: TriggerKind, ty: usize, mode: &str) -> Option<Pattern> {
        let mut parts = trigger.split('|');
        let words: Vec<&str> = parts.next()?.split_whitespace().collect();
        let extra: Vec<String> = parts.map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()).collect();
        if words.is_empty() || words[0] == "*" {
            return None;
        }
        let n = words.len();
        // which word is inflected: a verb's first, a noun's last
        let inflect = match kind {
            TriggerKind::Verb => Some(0),
            TriggerKind::Noun | TriggerKind::StandaloneNoun => Some(n - 1),
            TriggerKind::Phrase | TriggerKind::Modal => None,
        };
        let mut slots = Vec::with_capacity(n);
        for (i, w) in words.iter().enumerate() {
            if *w == "*" {
                slots.push(Slot::Gap);
                continue;
            }
            let w = w.to_lowercase();
            let mut forms = match (inflect == Some(i), kind) {
                (true, TriggerKind::Verb) => verb_forms(&w),
                (true, _) => noun_forms(&w),
                // the object of a verb trigger may be plural (`impose * sanction`)
                (false, TriggerKind::Verb) if i + 1 == n && !PARTICLES.contains(&w.as_str()) => {
                    noun_forms(&w)
                }
                (false, _) => vec![w],
            };
            if inflect == Some(i) || (kind == TriggerKind::Phrase && i == 0) {
                forms.extend(extra.iter().cloned());
            }
            forms.sort();
            forms.dedup();
            slots.push(Slot::Word(forms));
        }
        let n_words = slots.iter().filter(|s| matches!(s, Slot::Word(_))).count();
        Some(Pattern {
            slots,
            kind,
            ty,
            mode: (mode != "-" && !mode.is_empty()).then(|| mode.to_string()),
            words: n_words,
            source: trigger.to_string(),
        })
    }

    fn load_words(&mut self) {
        for cols in rows(FRAMES) {
            let [class, word] = cols[..] else { continue };
            let flag = match class {
                "light" => frame::LIGHT,
                "intent" => frame::INTENT,
                "future" => frame::FUTURE,
                "hypo" => frame::HYPO,
                "neg" => frame::NEG,
                "deny" => frame::DENY,
                "report" => frame::REPORT,
                "attempt" => frame::ATTEMPT,
                "cause" => frame::CAUSE,
                "verbal" => frame::VERBAL,
                _ => continue,
            };
            let mut parts = word.split('|');
            let lemma = parts.next().unwrap_or("").split_whitespace().next().unwrap_or("").to_lowercase();
            if lemma.is_empty() {
                continue;
            }
            let verbish =
                flag & (frame::LIGHT | frame::INTENT | frame::REPORT | frame::ATTEMPT | frame::DENY) != 0;
            let mut forms = if verbish { verb_forms(&lemma) } else { vec![lemma] };
            forms.extend(parts.map(|s| s.trim().to_lowercase()));
            for f in forms {
                *self.frames.entry(f).or_default() |= flag;
            }
        }
        for cols in rows(SECTORS) {
            let [word, sector] = cols[..] else { continue };
            let w = word.to_lowercase();
            let (head, last) = match w.rsplit_once(' ') {
                Some((h, l)) => (format!("{h} "), l.to_string()),
                None => (String::new(), w.clone()),
            };
            for f in noun_forms(&last) {
                self.sectors.entry(format!("{head}{f}")).or_insert_with(|| sector.to_string());
            }
        }
        for cols in rows(COUNTRIES) {
            let [name, iso3] = cols[..] else { continue };
            self.countries.insert(country_key(name), iso3.to_string());
        }
    }

    /// The patterns whose first word is `form` (lower case).
    pub(crate) fn starting_with(&self, form: &str) -> &[u32] {
        self.index.get(form).map_or(&[], Vec::as_slice)
    }

    /// The frame classes of a word form (lower case), 0 for none.
    pub(crate) fn frame(&self, form: &str) -> u16 {
        self.frames.get(form).copied().unwrap_or(0)
    }

    /// The sector a word or phrase (lower case) shows, if any.
    pub(crate) fn sector(&self, words: &str) -> Option<&str> {
        self.sectors.get(words).map(String::as_str)
    }

    /// The ISO alpha-3 code of a country name, capital or short form.
    pub fn country(&self, name: &str) -> Option<&str> {
        self.countries.get(&country_key(name)).map(String::as_str)
    }

    /// The type of this name.
    pub fn type_named(&self, name: &str) -> Option<usize> {
        self.types.iter().position(|t| t.name == name)
    }
}
