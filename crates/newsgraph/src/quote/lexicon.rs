//! The reporting-verb lexicon: `data/lexicon/reporting_verbs.tsv`, one lemma a line
//! with its class, its inflected forms and, per form, a prior — the share of that
//! form's lower-case occurrences in PolNeAR train that are gold attribution cues
//! (regenerate with `scripts/quotes/build_lexicon.py`).

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

use super::tok::{Kind, Tok};

const TSV: &str = include_str!("../../data/lexicon/reporting_verbs.tsv");

/// What kind of attribution a verb makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// Speech acts: say, tell, add, warn … (may invert: `said X`).
    Speech,
    /// Written or published: write, tweet, report.
    Write,
    /// Thought and belief: think, believe, hope.
    Cognition,
    /// Stance and evaluation: criticize, praise, call for, describe as.
    Stance,
    /// Evidence: polls and studies show, find, suggest.
    Evidence,
    /// Fixed cue phrases: according to, in a statement.
    Phrase,
}

impl Class {
    fn parse(s: &str) -> Option<Class> {
        Some(match s {
            "speech" => Class::Speech,
            "write" => Class::Write,
            "cognition" => Class::Cognition,
            "stance" => Class::Stance,
            "evidence" => Class::Evidence,
            "phrase" => Class::Phrase,
            _ => return None,
        })
    }
}

/// One lemma of the lexicon.
#[derive(Debug)]
pub(crate) struct Lemma {
    /// Base form (`say`, `according to`).
    pub lemma: &'static str,
    /// Its class.
    pub class: Class,
}

#[derive(Debug)]
struct Form {
    words: Vec<&'static str>,
    lemma: usize,
    prior: f32,
    /// An `-ing` form (not `according`).
    participle: bool,
}

/// The loaded lexicon.
#[derive(Debug)]
pub(crate) struct Lexicon {
    lemmas: Vec<Lemma>,
    forms: Vec<Form>,
    /// first word → indices of the forms starting with it, longest first (looked up
    /// once per token, with short keys not chosen by an attacker in any way that
    /// matters: FxHash, eight bytes a step, not SipHash)
    by_first: FxHashMap<&'static str, Vec<u16>>,
}

/// Which cue form starts at a token, as [`Lexicon::form_at`] says: 0 for none, else
/// one more than the form's index (two bytes a token, so a document's forms are
/// looked up once and kept).
pub(crate) type FormId = u16;

/// A cue found in the text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CueMatch<'a> {
    /// The lemma.
    pub lemma: &'a Lemma,
    /// Number of tokens the form covers.
    pub len: usize,
    /// Prior that this form is a cue.
    pub prior: f32,
    /// True for an `-ing` form (`saying`, `adding`).
    pub participle: bool,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(TSV));

impl Lexicon {
    /// The embedded lexicon.
    pub(crate) fn get() -> &'static Lexicon {
        &LEXICON
    }

    fn parse(tsv: &'static str) -> Lexicon {
        let mut lemmas = Vec::new();
        let mut forms: Vec<Form> = Vec::new();
        let mut by_first: FxHashMap<&'static str, Vec<u16>> = FxHashMap::default();
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&'static str> = line.split('\t').collect();
            if cols.len() < 7 {
                continue;
            }
            let Some(class) = Class::parse(cols[1]) else { continue };
            let idx = lemmas.len();
            lemmas.push(Lemma { lemma: cols[0], class });
            let priors: Vec<f32> = cols[6].split(',').map(|p| p.parse().unwrap_or(0.0)).collect();
            for (k, form) in cols[5].split(',').enumerate() {
                let words: Vec<&'static str> = form.split(' ').collect();
                let prior = priors.get(k).copied().unwrap_or(0.0);
                let id = u16::try_from(forms.len()).expect("fewer than 65,535 cue forms");
                by_first.entry(words[0]).or_default().push(id);
                let participle = words[0].ends_with("ing") && words[0] != "according";
                forms.push(Form { words, lemma: idx, prior, participle });
            }
        }
        // longest form first; each list is sorted on its own, so map order is irrelevant
        #[allow(clippy::iter_over_hash_type)]
        for v in by_first.values_mut() {
            v.sort_by_key(|&f| std::cmp::Reverse(forms[usize::from(f)].words.len()));
        }
        Lexicon { lemmas, forms, by_first }
    }

    /// Number of lemmas.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.lemmas.len()
    }

    /// The longest cue form starting at token `i`. Cue words are written in lower
    /// case (`said`, not `Said` in a headline-cased name), except `According to`.
    pub(crate) fn at(&self, text: &str, toks: &[Tok], i: usize) -> Option<CueMatch<'_>> {
        self.cue(self.form_at(text, toks, i))
    }

    /// [`Lexicon::at`] as a [`FormId`].
    pub(crate) fn form_at(&self, text: &str, toks: &[Tok], i: usize) -> FormId {
        let Some(t) = toks.get(i) else { return 0 };
        if t.kind != Kind::Word {
            return 0;
        }
        let w = t.text(text);
        let key: &str = if w.bytes().all(|b| b.is_ascii_lowercase()) {
            w
        } else if w == "According" {
            "according"
        } else {
            return 0;
        };
        let Some(forms) = self.by_first.get(key) else { return 0 };
        'form: for &f in forms {
            for (k, fw) in self.forms[usize::from(f)].words.iter().enumerate().skip(1) {
                match toks.get(i + k) {
                    Some(t) if t.text(text) == *fw => {}
                    _ => continue 'form,
                }
            }
            return f + 1;
        }
        0
    }

    /// The cue form of a [`FormId`] (`None` for 0).
    pub(crate) fn cue(&self, id: FormId) -> Option<CueMatch<'_>> {
        let f = self.forms.get(usize::from(id.checked_sub(1)?))?;
        Some(CueMatch {
            lemma: &self.lemmas[f.lemma],
            len: f.words.len(),
            prior: f.prior,
            participle: f.participle,
        })
    }

    /// [`Lexicon::form_at`] of every token.
    pub(crate) fn forms_of(&self, text: &str, toks: &[Tok]) -> Vec<FormId> {
        (0..toks.len()).map(|i| self.form_at(text, toks, i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::tok::tokenize;
    use super::*;

    #[test]
    fn lexicon_is_large_and_well_formed() {
        let lx = Lexicon::get();
        assert!(lx.len() >= 200, "only {} lemmas", lx.len());
    }

    #[test]
    fn forms_map_to_lemmas() {
        let lx = Lexicon::get();
        type Case<'a> = (&'a str, Option<(&'a str, Class, usize)>);
        let cases: &[Case] = &[
            ("said", Some(("say", Class::Speech, 1))),
            ("says", Some(("say", Class::Speech, 1))),
            ("told", Some(("tell", Class::Speech, 1))),
            ("wrote", Some(("write", Class::Write, 1))),
            ("tweeted", Some(("tweet", Class::Write, 1))),
            ("emphasizing", Some(("emphasize", Class::Speech, 1))),
            ("described", Some(("describe", Class::Speech, 1))),
            ("warned", Some(("warn", Class::Speech, 1))),
            ("called for", Some(("call for", Class::Stance, 2))),
            ("According to", Some(("according to", Class::Phrase, 2))),
            ("pointed out", Some(("point out", Class::Speech, 2))),
            ("Said", None),
            ("table", None),
        ];
        for (t, want) in cases {
            let toks = tokenize(t);
            let got = lx.at(t, &toks, 0).map(|m| (m.lemma.lemma, m.lemma.class, m.len));
            assert_eq!(got, *want, "{t}");
        }
    }

    #[test]
    fn priors_rank_strong_cues_above_weak_ones() {
        let lx = Lexicon::get();
        let p = |t: &str| {
            let toks = tokenize(t);
            lx.at(t, &toks, 0).map(|m| m.prior).unwrap_or(0.0)
        };
        assert!(p("said") > 0.8);
        assert!(p("according to") > 0.8);
        assert!(p("said") > p("state"));
        assert!(p("stated") > p("state"));
        assert!(p("participle") == 0.0);
        let toks = tokenize("saying");
        assert!(lx.at("saying", &toks, 0).is_some_and(|m| m.participle));
    }
}
