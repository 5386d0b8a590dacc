use super::*;
use crate::ingest::RawDoc;
use crate::pipeline::analyze;

/// The events of a text, one line each: `TYPE actor -> target [trigger]`.
fn render(text: &str) -> Vec<String> {
    let doc = analyze(RawDoc::text("t", text), Resources::embedded());
    doc.events
        .iter()
        .map(|e| {
            let name = |a: &Option<Actor>| a.as_ref().map_or("-".to_string(), |a| a.name.clone());
            let trig = e.trigger.as_ref().map_or("", |t| &t.text);
            format!("{} {} -> {} [{}]", e.kind, name(&e.actor), name(&e.target), trig)
        })
        .collect()
}

#[track_caller]
fn check(text: &str, want: &[&str]) {
    // a title line first, so the sentence under test is body text
    let got = render(&format!("Report\n\n{text}"));
    assert_eq!(got, want, "{text}");
}

#[test]
fn triggers_roles_and_modality() {
    let cases: &[(&str, &[&str])] = &[
        // a verb trigger, subject and object
        ("Iran threatened Britain on Tuesday.", &["THREATEN Iran -> United Kingdom [threatened]"]),
        // the matrix verb wins over its complement (`threatened to cut off`)
        (
            "Iran threatened to cut off electricity to Azerbaijan.",
            &["THREATEN Iran -> Azerbaijan [threatened]"],
        ),
        // negated, hypothetical, denied and asked acts are no events
        ("The army did not attack the village.", &[]),
        ("The government could impose sanctions on Russia.", &[]),
        ("The rebels denied attacking the convoy.", &[]),
        ("Will Russia invade Ukraine?", &[]),
        // an announced conflictual act is a threat, a cooperative one an agreement
        ("Greece plans to impose sanctions on Turkey.", &["THREATEN Greece -> Turkey [impose sanctions]"]),
        ("Norway will send aid to Sudan.", &["AGREE Norway -> Sudan [send aid]"]),
        // a refused cooperative act
        (
            "The U.S. said it would not meet the demands of the kidnappers.",
            &["REJECT United States -> demands of the kidnappers [meet]"],
        ),
        // passive: the agent after `by` acts
        (
            "Three soldiers were killed by Taliban fighters in Kandahar.",
            &["ASSAULT Taliban fighters -> Three soldiers [killed]"],
        ),
        // a light verb licenses a noun trigger
        ("Students staged a hunger strike in Jakarta.", &["PROTEST Students -> Jakarta [hunger strike]"]),
    ];
    for (text, want) in cases {
        check(text, want);
    }
}

#[test]
fn quote_speakers_are_actors() {
    check(
        "“I warn the British that you will understand its consequences later,” Rouhani said.",
        &["THREATEN Rouhani -> United Kingdom [warn]"],
    );
}

#[test]
fn one_event_per_occurrence() {
    let got = render("Report\n\nIran threatened Britain. Later, Iran threatened Britain again.");
    assert_eq!(got.len(), 1, "{got:?}");
}

#[test]
fn the_ontology_is_data() {
    let types = "ATTACK\tmaterial_conflict\tx\nPRAISE\tverbal_coop\tx\n@intent_coop\tPRAISE\n";
    let triggers = "bomb\tATTACK\t-\tv\nlaud\tPRAISE\t-\tv\n";
    let o = Ontology::parse(types, triggers);
    assert_eq!(o.types.len(), 2);
    assert_eq!(o.patterns.len(), 2);
    assert_eq!(o.intent_coop, Some(1));
    assert_eq!(o.intent_conflict, None);
    assert!(o.starting_with("bombed").len() == 1 && o.starting_with("lauding").len() == 1);
}

#[test]
fn inflections() {
    let f = lexicon::verb_forms("ban");
    assert!(f.contains(&"banned".to_string()) && f.contains(&"banning".to_string()), "{f:?}");
    let f = lexicon::verb_forms("seize");
    assert!(f.contains(&"seized".to_string()) && f.contains(&"seizing".to_string()), "{f:?}");
    let f = lexicon::verb_forms("deny");
    assert!(f.contains(&"denied".to_string()) && f.contains(&"denies".to_string()), "{f:?}");
    assert_eq!(lexicon::noun_forms("sanction"), ["sanction", "sanctions"]);
    assert_eq!(lexicon::noun_forms("embassy"), ["embassy", "embassies"]);
}

#[test]
fn the_trigger_table_loads_whole() {
    // every data line of plover.tsv becomes a pattern of a known type
    let o = Ontology::embedded();
    let lines = include_str!("../../data/events/plover.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .count();
    assert_eq!(o.patterns.len(), lines);
    // the 18 PLOVER types and NONE, the type of blocking idioms
    assert_eq!(o.types.len(), 19);
    assert_eq!(o.types.iter().filter(|t| t.quad != Quad::None).count(), 18);
    assert_eq!(o.country("Iran"), Some("IRN"));
    assert_eq!(o.country("U.S."), Some("USA"));
}

#[test]
fn bad_input_never_panics() {
    for t in
        ["", "?", "attack", "“", "threatened to", "by by by killed by", "Ünïcödé threatened 🙂 to attack ß."]
    {
        let _ = render(t);
    }
}

#[test]
fn idioms_and_background_are_no_events() {
    check("Politifact seized on the claim.", &[]);
    check("The minister declined to comment.", &[]);
    check("A statement released after the attack said nothing.", &[]);
    // a reduced relative with its agent is an event
    check("The wife of a man killed by police spoke.", &["ASSAULT police -> man [killed]"]);
}

#[test]
fn causes_and_words_are_no_assaults() {
    // a fire is no actor of a political event
    check("A fire killed five girls in Koszalin.", &[]);
    // a person attacking a person in words disapproves
    check(
        "Donald Trump attacked Hillary Clinton on Monday.",
        &["DISAPPROVE Donald Trump -> Hillary Clinton [attacked]"],
    );
}
