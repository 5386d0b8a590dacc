//! Table tests for entity assembly, through one render helper.

use super::*;
use crate::model::EntityKind::{self, *};

fn tag(text: &str, spans: &[(&str, EntityKind)]) -> Vec<Tagged> {
    // each listed string is tagged at every place it occurs
    let mut out = Vec::new();
    for (s, k) in spans {
        let hits: Vec<usize> = text.match_indices(s).map(|(i, _)| i).collect();
        assert!(!hits.is_empty(), "{s} not in text");
        for start in hits {
            out.push(Tagged { span: Span::new(start, start + s.len()), kind: *k });
        }
    }
    out
}

/// One line per entity: `TYPE name [titles] {aliases} xN` (N mentions).
fn render(es: &[Entity]) -> Vec<String> {
    es.iter()
        .map(|e| {
            let mut s = format!("{:?} {}", e.kind, e.name).to_uppercase_first();
            if !e.titles.is_empty() {
                s += &format!(" [{}]", e.titles.join(","));
            }
            s += &format!(" {{{}}} x{}", e.aliases.join("|"), e.mentions.len());
            s
        })
        .collect()
}

trait Upper {
    fn to_uppercase_first(self) -> String;
}
impl Upper for String {
    fn to_uppercase_first(self) -> String {
        self.replacen("Person", "PER", 1)
            .replacen("Org", "ORG", 1)
            .replacen("Place", "LOC", 1)
            .replacen("Other", "MISC", 1)
    }
}

#[track_caller]
fn check(text: &str, tagged: &[(&str, EntityKind)], expect: &[&str]) {
    let es = assemble(text, &tag(text, tagged), Lexicons::embedded());
    let got = render(&es);
    assert_eq!(got, expect, "\n{}", got.join("\n"));
    // invariants: ids in order, mentions in text order and exactly the text
    for (i, e) in es.iter().enumerate() {
        assert_eq!(e.id, format!("e{}", i + 1));
        for m in &e.mentions {
            assert_eq!(&text[m.start..m.end], m.text);
        }
        assert!(e.mentions.windows(2).all(|w| w[0].start < w[1].start));
    }
    assert!(es.windows(2).all(|w| w[0].mentions[0].start < w[1].mentions[0].start));
}

#[test]
fn titles_surnames_and_lowercase_lines() {
    let text = "Among them was former New York City Mayor Rudy Giuliani.\n\n\
                Mayor Giuliani described the group.\n\n\
                mayor rudy giuliani in ashraf 3\nMayor Rudy Giuliani speaks on stage in Ashraf 3. Ashraf 3 is new.";
    check(
        text,
        &[("New York City", Place), ("Rudy Giuliani", Person), ("Ashraf", Place)],
        &[
            "LOC New York City {New York City} x1",
            "PER Rudy Giuliani [Mayor] {Giuliani|Mayor Giuliani|Mayor Rudy Giuliani|Rudy Giuliani} x4",
            "LOC Ashraf 3 {Ashraf 3} x3",
        ],
    );
}

#[test]
fn a_found_name_replaces_a_shorter_tagged_part() {
    let text = "Rudy Giuliani spoke.\n\nmayor rudy giuliani in ashraf 3";
    let mut tagged = tag(text, &[("Rudy Giuliani", Person)]);
    let r = text.find("rudy").unwrap_or(0);
    tagged.push(Tagged { span: Span::new(r, r + 4), kind: Person });
    let es = assemble(text, &tagged, Lexicons::embedded());
    let ms: Vec<&str> = es[0].mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(ms, ["Rudy Giuliani", "rudy giuliani"]);
}

#[test]
fn two_smiths_stay_two() {
    let text = "John Smith met Jane Smith. Smith said no. Later Jane Smith left, and Smith cried.";
    let es = assemble(
        text,
        &tag(
            text,
            &[
                ("John Smith", Person),
                ("Jane Smith", Person),
                ("Smith said", Person),
                ("Smith cried", Person),
            ],
        ),
        Lexicons::embedded(),
    );
    // hand-tagged with the verbs to keep the spans distinct; trim them off
    let _ = es;
    let text = "John Smith met Jane Smith. Smith said no. Later Jane Smith left, and Smith cried.";
    let mut tagged = tag(text, &[("John Smith", Person), ("Jane Smith", Person)]);
    for (i, _) in text.match_indices("Smith ") {
        if !text[..i].ends_with("John ") && !text[..i].ends_with("Jane ") {
            tagged.push(Tagged { span: Span::new(i, i + 5), kind: Person });
        }
    }
    let es = assemble(text, &tagged, Lexicons::embedded());
    assert_eq!(render(&es), ["PER John Smith {John Smith} x1", "PER Jane Smith {Jane Smith|Smith} x4"],);
    // a surname before any full name stays apart
    let text = "Smith spoke. John Smith met Jane Smith.";
    let mut tagged = tag(text, &[("John Smith", Person), ("Jane Smith", Person)]);
    tagged.push(Tagged { span: Span::new(0, 5), kind: Person });
    let es = assemble(text, &tagged, Lexicons::embedded());
    assert_eq!(
        render(&es),
        ["PER Smith {Smith} x1", "PER John Smith {John Smith} x1", "PER Jane Smith {Jane Smith} x1"]
    );
}

#[test]
fn gender_keeps_people_apart() {
    // a female title does not join a male full name
    check(
        "Bill Clinton spoke. Mrs. Clinton said no.",
        &[("Bill Clinton", Person)],
        &["PER Bill Clinton {Bill Clinton} x1", "PER Clinton [Mrs.] {Clinton|Mrs. Clinton} x1"],
    );
    // an ambiguous surname goes to the nearest compatible full name before it
    check(
        "Hillary Clinton met Bill Clinton. Mrs. Clinton said no.",
        &[("Hillary Clinton", Person), ("Bill Clinton", Person)],
        &[
            "PER Hillary Clinton [Mrs.] {Clinton|Hillary Clinton|Mrs. Clinton} x2",
            "PER Bill Clinton {Bill Clinton} x1",
        ],
    );
    check("The Justice Department and President Obama Speech.", &[], &[]);
}

#[test]
fn spelling_variants_with_evidence() {
    let text = "French Mayor Jean-François Legare\n\n\
                “We are all citizens,” said Jean-François Legare, the mayor of the 1st arrondissement.\n\n\
                “It is important,” Mayor Legaret said.\n\n\
                francois legaret twin city\nFrancois Legaret twin city\n\n\
                Mayor Legaret then revealed it, Legare said.";
    check(
        text,
        &[("Jean-François Legare", Person), ("Francois Legaret", Person), ("Legare", Person)],
        &["MISC French {French} x1", "PER Jean-François Legare [Mayor] {Francois Legaret|Jean-François Legare|Legare|Legaret|Mayor Jean-François Legare|Mayor Legaret} x7"],
    );
    // one edit apart but different first names: two people
    check(
        "Anna Legaret met Paul Legare.",
        &[("Anna Legaret", Person), ("Paul Legare", Person)],
        &["PER Anna Legaret {Anna Legaret} x1", "PER Paul Legare {Paul Legare} x1"],
    );
    // one edit apart and no shared title or first name: no evidence, two
    check(
        "Mayor Legaret met Gov. Legare.",
        &[],
        &["PER Legaret [Mayor] {Legaret|Mayor Legaret} x1", "PER Legare [Gov.] {Gov. Legare|Legare} x1"],
    );
}

#[test]
fn acronyms_and_pairs() {
    let text = "The conference was held at home of the People’s Mujahedin Organization of Iran (PMOI). \
                PMOI/MEK members attended.\n\nThe MEK is here. The PMOI said.";
    check(
        text,
        &[("People’s Mujahedin Organization of Iran", Org), ("PMOI", Org)],
        &["ORG People’s Mujahedin Organization of Iran {MEK|PMOI|People’s Mujahedin Organization of Iran} x6"],
    );
}

#[test]
fn type_voting_and_places() {
    let text = "Rajavi spoke. Maryam Rajavi said. Rajavi left. Rajavi won. Rajavi ran.";
    let mut tagged = tag(text, &[("Maryam Rajavi", Person)]);
    let kinds = [Org, Person, Person, Person];
    let mut k = 0;
    for (i, _) in text.match_indices("Rajavi ") {
        if !text[..i].ends_with("Maryam ") {
            tagged.push(Tagged { span: Span::new(i, i + 6), kind: kinds[k] });
            k += 1;
        }
    }
    let es = assemble(text, &tagged, Lexicons::embedded());
    assert_eq!(render(&es), ["PER Maryam Rajavi {Maryam Rajavi|Rajavi} x5"]);
    check(
        "If Britain does not release Iran's tanker, I warn the British that the U.K. will pay. A British tanker.",
        &[("Britain", Place), ("Iran", Place), ("U.K.", Place), ("British", Other)],
        &["LOC United Kingdom {Britain|British|U.K.} x3", "LOC Iran {Iran} x1", "MISC British {British} x1"],
    );
}

#[test]
fn close_votes_split_by_type() {
    let text = "Washington won. In Washington, rain. Washington lost. Near Washington, sun.";
    let mut tagged = Vec::new();
    for (n, (i, _)) in text.match_indices("Washington").enumerate() {
        let kind = if n % 2 == 0 { Person } else { Place };
        tagged.push(Tagged { span: Span::new(i, i + 10), kind });
    }
    let es = assemble(text, &tagged, Lexicons::embedded());
    assert_eq!(render(&es), ["PER Washington {Washington} x2", "LOC Washington {Washington} x2"]);
    assert_eq!(nationality_place(&es[0]), None);
    let text = "the Iranian regime and Iranian opposition";
    let es = assemble(text, &[], Lexicons::embedded());
    assert_eq!(render(&es), ["MISC Iranian {Iranian} x2"]);
    assert_eq!(nationality_place(&es[0]), Some("Iran"));
}

#[test]
fn other_for_events_and_the_outlets() {
    check(
        "to take part in the 2019 Free Iran rally, wrote The Washington Times.",
        &[("Free Iran", Other), ("Washington Times", Org)],
        &["MISC Free Iran {Free Iran} x1", "ORG The Washington Times {The Washington Times} x1"],
    );
}

#[test]
fn lookups() {
    let text = "Mayor Rudy Giuliani met Madam Maryam Rajavi and Sen. Joe Lieberman of the PMOI.";
    let es = assemble(
        text,
        &tag(
            text,
            &[("Rudy Giuliani", Person), ("Maryam Rajavi", Person), ("Joe Lieberman", Person), ("PMOI", Org)],
        ),
        Lexicons::embedded(),
    );
    let name = |i: Option<usize>| i.map(|i| es[i].name.as_str());
    assert_eq!(name(resolve_description(&es, "the mayor")), Some("Rudy Giuliani"));
    assert_eq!(name(resolve_description(&es, "the former mayor")), Some("Rudy Giuliani"));
    assert_eq!(name(resolve_description(&es, "the senator")), Some("Joe Lieberman"));
    assert_eq!(name(resolve_description(&es, "Giuliani")), Some("Rudy Giuliani"));
    assert_eq!(name(resolve_description(&es, "the PMOI")), Some("PMOI"));
    assert_eq!(name(resolve_description(&es, "the president")), None);
    assert_eq!(name(resolve_description(&es, "the group")), None);
    let at = |a: &str| {
        let s = text.find(a).unwrap_or(0);
        entity_at(&es, Span::new(s, s + a.len())).map(|e| e.name.as_str())
    };
    assert_eq!(at("Giuliani"), Some("Rudy Giuliani"));
    assert_eq!(at("Joe"), Some("Joe Lieberman"));
    assert_eq!(at("Mayor"), None);
    let g = |n: &str| es.iter().find(|e| e.name == n).and_then(gender);
    assert_eq!(g("Rudy Giuliani"), Some(Gender::Male));
    assert_eq!(g("Maryam Rajavi"), Some(Gender::Female));
    assert_eq!(g("Joe Lieberman"), Some(Gender::Male));
    assert_eq!(g("PMOI"), None);
}

#[test]
fn gender_table() {
    let person = |name: &str, titles: &[&str]| Entity {
        id: "e1".into(),
        kind: Person,
        name: name.into(),
        aliases: vec![],
        titles: titles.iter().map(|t| t.to_string()).collect(),
        mentions: vec![],
        geo: None,
    };
    for (name, titles, want) in [
        ("Rajavi", &["Madam"][..], Some(Gender::Female)),
        ("Rouhani", &["Mullah"][..], Some(Gender::Male)),
        ("Smith", &["Mr."][..], Some(Gender::Male)),
        ("Smith", &["Mrs"][..], Some(Gender::Female)),
        ("Smith", &["Mr.", "Mrs."][..], None),
        ("Jean-François Legare", &["Mayor"][..], Some(Gender::Male)),
        ("Maryam Rajavi", &["President"][..], Some(Gender::Female)),
        ("Jordan Smith", &[][..], None),
        ("Giuliani", &[][..], None),
        ("Elizabeth", &["Queen"][..], Some(Gender::Female)),
    ] {
        assert_eq!(gender(&person(name, titles)), want, "{name} {titles:?}");
    }
}

#[test]
fn never_panics_on_odd_text() {
    for text in [
        "",
        "(",
        "Mayor",
        "Mr. ",
        "Sen.",
        "the British",
        "É (ÉÉ)",
        "A/B  C",
        "Ashraf 3 Ashraf 3",
        "’s",
        "the",
    ] {
        let n = text.len();
        let spans =
            [Tagged { span: Span::new(0, n), kind: Person }, Tagged { span: Span::new(0, n), kind: Org }];
        let _ = assemble(text, &spans, Lexicons::embedded());
        let _ = assemble(text, &[], Lexicons::embedded());
    }
    // spans out of bounds or off char boundaries are ignored
    let text = "Éric Zemmour";
    let bad = [Tagged { span: Span::new(1, 5), kind: Person }, Tagged { span: Span::new(3, 99), kind: Org }];
    let _ = assemble(text, &bad, Lexicons::embedded());
}

proptest::proptest! {
    #[test]
    fn assemble_never_panics(
        text in "[A-Za-zÉéß’'()/. \n-]{0,60}",
        spans in proptest::collection::vec((0usize..70, 0usize..70, 0u8..4), 0..8),
    ) {
        let kinds = [Person, Org, Place, Other];
        let tagged: Vec<Tagged> = spans
            .iter()
            .map(|&(a, b, k)| Tagged { span: Span::new(a.min(b), a.max(b)), kind: kinds[k as usize] })
            .collect();
        let es = assemble(&text, &tagged, Lexicons::embedded());
        for e in &es {
            for m in &e.mentions {
                proptest::prop_assert_eq!(text.get(m.start..m.end), Some(m.text.as_str()));
            }
        }
    }
}

#[test]
fn squash_spaces() {
    for (s, want, borrowed) in [
        ("Rudy Giuliani", "Rudy Giuliani", true),
        ("", "", true),
        ("Rudy  Giuliani", "Rudy Giuliani", false),
        (" Rudy", "Rudy", false),
        ("Rudy ", "Rudy", false),
        ("Rudy\nGiuliani", "Rudy Giuliani", false),
        ("Rudy\u{a0}Giuliani", "Rudy Giuliani", false),
    ] {
        let got = squash(s);
        assert_eq!((got.as_ref(), matches!(got, Cow::Borrowed(_))), (want, borrowed), "{s:?}");
    }
}

#[test]
fn discourse_openers_are_no_names() {
    check(
        "Significantly, Trump administration insiders backed the MeK. Of course, the British might. However, \
         Warren Buffett said so. Meanwhile Boston lost.",
        &[
            ("Significantly", Person),
            ("Of course", Place),
            ("However, Warren Buffett", Person),
            ("MeK", Org),
            ("Meanwhile Boston", Place),
        ],
        &[
            "ORG MeK {MeK} x1",
            "LOC United Kingdom {British} x1",
            "PER Warren Buffett {Warren Buffett} x1",
            "LOC Meanwhile Boston {Meanwhile Boston} x1",
        ],
    );
    check(
        "Berman writes, \"Significantly, Trump insiders agree.\"",
        &[("Significantly", Person), ("Trump", Person)],
        &["PER Trump {Trump} x1"],
    );
    // mid-sentence and without the comma a capitalised adverb is left to the tagger
    check("He met Still at the bar.", &[("Still", Person)], &["PER Still {Still} x1"]);
}

#[test]
fn a_name_before_a_descriptor_is_a_person() {
    check(
        "The Trump administration and the Clinton campaign disagreed with the Brexit campaign and the NRA \
         campaign.",
        &[("Trump", Org), ("Clinton", Org), ("Brexit", Org), ("NRA", Org)],
        &["PER Trump {Trump} x1", "PER Clinton {Clinton} x1", "ORG Brexit {Brexit} x1", "ORG NRA {NRA} x1"],
    );
    // the tagger's span includes the descriptor: the name is cut before it
    check(
        "Obama administration officials spoke.",
        &[("Obama administration", Org)],
        &["PER Obama {Obama} x1"],
    );
}

#[test]
fn counties_and_cities_of_are_places() {
    check(
        "Officials in Kent County and the City of Boston said so.",
        &[("Kent County", Person), ("City of Boston", Person)],
        &["LOC Kent County {Kent County} x1", "LOC City of Boston {City of Boston} x1"],
    );
}

#[test]
fn month_abbreviations_are_no_names() {
    check(
        "Prices for Oct. delivery fell, and Sept bonds rose; Jan Smith said so.",
        &[("Oct.", Org), ("Sept", Other), ("Jan Smith", Person)],
        &["PER Jan Smith {Jan Smith} x1"],
    );
}

#[test]
fn a_title_before_a_head_noun_is_part_of_the_name() {
    check(
        "Lawmakers met Justice Department officials and Mayor Rudy Giuliani.",
        &[("Justice Department", Person), ("Mayor Rudy Giuliani", Person)],
        &[
            "ORG Justice Department {Justice Department} x1",
            "PER Rudy Giuliani [Mayor] {Mayor Rudy Giuliani|Rudy Giuliani} x1",
        ],
    );
}
