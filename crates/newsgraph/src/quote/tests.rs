//! Table tests of the quote stage on news sentences.

use super::*;
use crate::model::EntityKind;
use crate::segment;

fn run(t: &str) -> Vec<Quote> {
    attribute(t, &segment::segment(t), &[])
}

/// (kind, text starts with, speaker name, cue)
type Want<'a> = (QuoteKind, &'a str, Option<&'a str>, Option<&'a str>);

fn check(cases: &[(&str, &[Want])]) {
    for (t, want) in cases {
        let got = run(t);
        let got_s: Vec<String> = got
            .iter()
            .map(|q| {
                format!(
                    "{:?} {:?} speaker={:?} cue={:?}",
                    q.kind,
                    q.text,
                    q.speaker.as_ref().map(|s| &s.name),
                    q.cue
                )
            })
            .collect();
        assert_eq!(got.len(), want.len(), "{t}\n got {got_s:#?}");
        for (q, (kind, text, speaker, cue)) in got.iter().zip(want.iter()) {
            assert_eq!(q.kind, *kind, "{t}\n got {got_s:#?}");
            assert!(q.text.starts_with(text), "{t}\n want text {text:?}\n got {got_s:#?}");
            assert_eq!(q.speaker.as_ref().map(|s| s.name.as_str()), *speaker, "{t}\n got {got_s:#?}");
            if let Some(c) = cue {
                assert_eq!(q.cue.as_deref(), Some(*c), "{t}\n got {got_s:#?}");
            }
            assert_eq!(&t[q.start..q.end], q.text, "span and text agree");
        }
    }
}

use QuoteKind::{Direct as D, Indirect as I, Mixed as M};

#[test]
fn direct_quote_styles() {
    check(&[
        ("“We are all citizens of Ashraf,” said Jean-François Legare, the mayor of the 1st arrondissement of Paris.", &[(D, "We are all citizens of Ashraf", Some("Jean-François Legare"), Some("said"))]),
        ("\"Regime change will now happen not if, but when,\" wrote The Washington Times.", &[(D, "Regime change will now happen", Some("The Washington Times"), Some("wrote"))]),
        ("„Wir schaffen das“, sagte Merkel. Merkel said: „We will manage this, whatever it takes.“", &[(D, "We will manage this", Some("Merkel"), Some("said"))]),
        ("«We will not give in to these threats,» the minister said.", &[(D, "We will not give in", Some("the minister"), Some("said"))]),
        ("“Of course, the British might have done so on the U.S. orders or what is called the ‘B’ group,” he added.", &[(D, "Of course, the British", Some("he"), Some("added"))]),
        ("''As she has repeatedly said, Secretary Clinton is interested in jobs,'' Mr. Merrill said.", &[(D, "As she has repeatedly said", Some("Merrill"), Some("said"))]),
    ]);
}

#[test]
fn attribution_patterns() {
    check(&[
        (
            "The tanker was seized on Friday. “We will seize it if we must,” Smith told Reuters.",
            &[(D, "We will seize it", Some("Smith"), Some("told"))],
        ),
        (
            "The company said in a statement that it would appeal the ruling.",
            &[(I, "that it would appeal", Some("The company"), Some("said in a statement"))],
        ),
        (
            "Prices will rise next year, according to the Federal Reserve.",
            &[(I, "Prices will rise next year", Some("Federal Reserve"), Some("according to"))],
        ),
        (
            "According to Human Rights Watch, at least 40 people were killed in the raid.",
            &[(I, "at least 40 people", Some("Human Rights Watch"), Some("According to"))],
        ),
        (
            "Giuliani, the former mayor of New York, said the group had earned its place.",
            &[(I, "the group had earned", Some("Giuliani"), Some("said"))],
        ),
        (
            "Rouhani said: “I warn the British that you are the initiator of insecurity.”",
            &[(D, "I warn the British", Some("Rouhani"), Some("said"))],
        ),
        (
            "Berman wrote that the MEK is the main player in Iran.",
            &[(I, "that the MEK is the main player", Some("Berman"), Some("wrote"))],
        ),
    ]);
}

#[test]
fn indirect_and_mixed_quotes() {
    check(&[
        (
            "Mayor Giuliani described the PMOI as freedom fighters.",
            &[(I, "the PMOI as freedom fighters", Some("Giuliani"), Some("described"))],
        ),
        (
            "Clinton warned that the deal would hurt American workers.",
            &[(I, "that the deal would hurt", Some("Clinton"), Some("warned"))],
        ),
        (
            "The senator called for an independent investigation into the shooting.",
            &[(I, "an independent investigation", Some("The senator"), Some("called for"))],
        ),
        (
            "Trump called the deal “a disaster” for the country.",
            &[(M, "the deal “a disaster”", Some("Trump"), Some("called"))],
        ),
        (
            "Sanders emphasized that the campaign would go on until the convention.",
            &[(I, "that the campaign would go on", Some("Sanders"), Some("emphasized"))],
        ),
    ]);
}

#[test]
fn reports_inside_a_relative_clause() {
    // the relative pronoun and the rest of its clause are what was reported
    let t = "The deal, which officials said would cost $5 billion, was signed on Tuesday.";
    let q = run(t);
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].speaker.as_ref().map(|s| s.name.as_str()), Some("officials"));
    let parts: Vec<&str> = q[0].parts.iter().map(|p| &t[p.range()]).collect();
    assert_eq!(parts, ["which", "would cost $5 billion"]);
    check(&[(
        "Mukasey criticized her email use, which an FBI investigation said was “extremely careless” but did not warrant charges.",
        &[
            (M, "her email use, which", Some("Mukasey"), Some("criticized")),
            (M, "which an FBI investigation said was", Some("an FBI investigation"), Some("said")),
        ],
    )]);
}

#[test]
fn a_passive_cue_attributes_its_subject_to_the_agent() {
    // without the passive frame, `Trump` was the speaker and `by …` the content
    let t = "Governor Kasich was endorsed in New Hampshire by both the New York Times and the Boston Globe.";
    let q = run(t);
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].text, "Governor Kasich");
    assert_eq!(q[0].cue.as_deref(), Some("was endorsed"));
    let who = &t[q[0].speaker_span.expect("agent span").range()];
    assert!(who.contains("New York Times"), "{who}");
}

#[test]
fn split_quote_is_one_quote_with_two_parts() {
    let t = "Mayor Legaret then revealed his surprise. “We have decided to declare Ashraf 3 a city of international dialogue,” Legare said as he presented the declaration. “We promise to keep a dialogue between our municipalities and Ashraf 3.”";
    let qs = run(t);
    let q = qs.iter().find(|q| q.text.starts_with("We have decided")).unwrap_or_else(|| panic!("{qs:#?}"));
    assert_eq!(q.speaker.as_ref().map(|s| s.name.as_str()), Some("Legare"));
    assert_eq!(q.parts.len(), 2, "{q:#?}");
    assert!(t[q.parts[1].range()].starts_with("We promise"));
    assert!(!qs.iter().any(|o| o.text.starts_with("We promise")), "second half is not a quote of its own");
}

#[test]
fn pronouns_resolve_to_the_last_named_speaker_without_entities() {
    let t = "Hassan Rouhani spoke on Wednesday. “I warn the British that you are the initiator of insecurity,” he said.";
    let qs = run(t);
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert_eq!(
        qs[0].speaker.as_ref().map(|s| s.name.as_str()),
        Some("he"),
        "no named speaker before: the pronoun stays"
    );
    let t = "“We will respond,” Hassan Rouhani said. “I warn the British that you are the initiator of insecurity,” he said.";
    let qs = run(t);
    assert_eq!(qs.len(), 2, "{qs:#?}");
    assert_eq!(qs[1].speaker.as_ref().map(|s| s.name.as_str()), Some("Hassan Rouhani"));
    assert!(qs[1].confidence < qs[0].confidence, "pronoun below explicit name");
}

#[test]
fn pronouns_link_to_entities_when_present() {
    let t = "Hassan Rouhani spoke on Wednesday. “I warn the British that you are the initiator of insecurity,” he said.";
    let es = vec![Entity {
        id: "e1".into(),
        kind: EntityKind::Person,
        name: "Hassan Rouhani".into(),
        aliases: vec!["Hassan Rouhani".into()],
        titles: vec![],
        mentions: vec![crate::model::Mention::new("Hassan Rouhani", 0, 14)],
        geo: None,
    }];
    let qs = attribute(t, &segment::segment(t), &es);
    assert_eq!(qs.len(), 1);
    let sp = qs[0].speaker.as_ref().map(|s| (s.entity.as_deref(), s.name.as_str()));
    assert_eq!(sp, Some((Some("e1"), "Hassan Rouhani")));
    let ss = qs[0].speaker_span.unwrap_or_default();
    assert_eq!(&t[ss.range()], "he");
}

#[test]
fn multi_paragraph_quote_and_uncued_followup() {
    let t = "The chairman, John Smith, spoke at length. Smith said:\n\n“First, we have to rebuild trust with the voters.\n\n“Second, we have to win back the states we lost in the last election.”\n\n“Nobody expected this kind of turnout in a midterm year,” he said.";
    let qs = run(t);
    assert_eq!(qs.len(), 2, "{qs:#?}");
    assert!(qs[0].text.starts_with("First, we have") && qs[0].text.ends_with("last election."), "{qs:#?}");
    assert_eq!(qs[0].speaker.as_ref().map(|s| s.name.as_str()), Some("Smith"));
    assert_eq!(qs[1].speaker.as_ref().map(|s| s.name.as_str()), Some("Smith"));
}

#[test]
fn quote_without_cue_after_named_speaker_falls_back() {
    let t = "“We will not back down from this fight,” Senator Warren said on Tuesday.\n\n“This is about the future of every working family in America.”";
    let qs = run(t);
    assert_eq!(qs.len(), 2, "{qs:#?}");
    assert_eq!(qs[1].speaker.as_ref().map(|s| s.name.as_str()), Some("Warren"));
    assert!(qs[1].confidence < 0.6 && qs[0].confidence > 0.8, "{qs:#?}");
}

#[test]
fn scare_quotes_and_captions_are_not_quotes() {
    check(&[
        ("The conference was held at “Ashraf 3,” home of the PMOI.", &[]),
        ("Members of “Resistance Units” escalated their activities in June.", &[]),
        ("Ashraf 3\n\nMayor Rudy Giuliani speaks on stage in Ashraf 3", &[]),
    ]);
}

#[test]
fn titles_are_not_speakers() {
    let t = "“It is important that you eradicate the mullahs’ regime,” Mayor Legaret said.";
    let qs = run(t);
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].speaker.as_ref().map(|s| s.name.as_str()), Some("Legaret"));
}

#[test]
fn never_panics_and_spans_are_valid() {
    for t in [
        "",
        "\"",
        "said",
        "“",
        "He said: “",
        "according to",
        ", said X",
        "“a” said\n\n“",
        "ü“ö”, sagte Ä.",
        "X said that",
        "According to ,",
    ] {
        for q in run(t) {
            assert!(q.start <= q.end && q.end <= t.len());
            assert!(t.is_char_boundary(q.start) && t.is_char_boundary(q.end));
        }
    }
}

#[test]
fn roles_before_the_speakers_name() {
    check(&[
        (
            "\"We expect to do well in Iowa following the same playbook,\" Huckabee spokeswoman Alice Stewart said.",
            &[(D, "We expect to do well", Some("Alice Stewart"), Some("said"))],
        ),
        (
            "“This is just a scripted television show and we are all props,” said Virginia delegate Beau Correll, a retired engineer.",
            &[(D, "This is just a scripted", Some("Beau Correll"), Some("said"))],
        ),
        (
            "\"It's hard to dispute the rising negatives,\" said Democratic pollster Stan Greenberg.",
            &[(D, "It's hard to dispute", Some("Stan Greenberg"), Some("said"))],
        ),
        (
            "\"I'm impressed by his ability to find a way to insult every kind of human being,\" screenwriter Cole Haddon wrote on Twitter.",
            &[(D, "I'm impressed by his ability", Some("Cole Haddon"), Some("wrote"))],
        ),
        // no quote before: the role words are the start of a plain clause
        (
            "On Saturday, Trump campaign manager Corey Lewandowski said the rally would go on as planned.",
            &[(I, "the rally would go on", Some("Corey Lewandowski"), Some("said"))],
        ),
    ]);
}

#[test]
fn after_a_quote_the_words_after_the_cue_are_an_adjunct() {
    check(&[
        (
            "“There has to be some form of punishment,” Trump said at a town hall in March.",
            &[(D, "There has to be some form of punishment", Some("Trump"), Some("said"))],
        ),
        (
            "“I’m not telling you he didn’t deserve it, but that’s not who I am,” Rubio said to Fox News’ Megyn Kelly.",
            &[(D, "I’m not telling you", Some("Rubio"), Some("said"))],
        ),
        (
            "“She is too far behind,” said an Iowa Democrat, “and Iowa was not a decisive win.”",
            &[(D, "She is too far behind", Some("an Iowa Democrat"), Some("said"))],
        ),
        // a quoted title before the speaker is no quote of the sentence
        (
            "Sunday on Fox News channel’s “Sunday Morning Futures,” Rep. Darrell Issa said Hillary Clinton’s judgment is in question.",
            &[(I, "Hillary Clinton’s judgment", Some("Darrell Issa"), Some("said"))],
        ),
    ]);
}

#[test]
fn quote_cut_from_its_cue_by_the_sentence_splitter() {
    check(&[
        (
            "\"I am calling from the Hillary Clinton campaign. How are you today?\" Miller, a retired worker from a nuclear plant, said pleasantly into the phone.",
            &[(D, "I am calling from", Some("Miller"), Some("said"))],
        ),
        (
            "“Russia, if you’re listening, I hope you’re able to find the 30,000 emails that are missing.” Trump said.",
            &[(D, "Russia, if you’re listening", Some("Trump"), Some("said"))],
        ),
        (
            "“Americans don’t use the word ‘queue’, Americans use the word ‘line’,” Mr Farage told BBC Radio Four’s Any Questions.",
            &[(D, "Americans don’t use", Some("Farage"), Some("told"))],
        ),
        (
            "\"Building a staged thermonuclear weapon would seem to be a bit of a stretch for the North Koreans,\" Jeffrey Lewis of the James Martin Center for Nonproliferation Studies wrote.",
            &[(D, "Building a staged", Some("Jeffrey Lewis of the James Martin Center for Nonproliferation Studies"), Some("wrote"))],
        ),
    ]);
}

#[test]
fn speaker_labels_before_a_colon() {
    // a transcript turn runs to the end of its paragraph
    let t = "Fallin spoke to CNN on Sunday.\n\nTAPPER: Do you think Donald Trump has campaigned as a racial healer? Some people have said otherwise.\n\nFALLIN: I think he is trying to campaign as a racial healer. I think that is his intent.";
    let qs = run(t);
    let tapper = qs.iter().find(|q| q.text.starts_with("Do you think")).unwrap_or_else(|| panic!("{qs:#?}"));
    assert_eq!(tapper.speaker.as_ref().map(|s| s.name.as_str()), Some("TAPPER"));
    assert!(tapper.text.ends_with("said otherwise"), "{qs:#?}");
    let fallin = qs.iter().find(|q| q.text.starts_with("I think he")).unwrap_or_else(|| panic!("{qs:#?}"));
    assert!(fallin.text.ends_with("is his intent"), "{qs:#?}");
    check(&[
        (
            "Rep. Trey Gowdy (R-S.C.): \"I have not heard anyone other than you ever cite that figure.\"",
            &[(D, "I have not heard anyone", Some("Trey Gowdy"), Some(":"))],
        ),
        (
            "Former secretary of state Hillary Rodham Clinton: \"We learned that from the State Department and their analysis.\"",
            &[(D, "We learned that", Some("Hillary Rodham Clinton"), Some(":"))],
        ),
        (
            "IOWA POLLS NOT NECESSARILY WRONG, JUST TOO EARLY - Mark Blumenthal and Jon Cohen: “Although the polls failed to predict Ted Cruz’s Iowa win on Tuesday night, it isn’t because they were dead wrong.”",
            &[(D, "Although the polls failed", Some("Mark Blumenthal and Jon Cohen"), Some(":"))],
        ),
        // an addressee before the colon is no label
        (
            "She left the room, telling Breitbart London: “We cannot accept this.”",
            &[(D, "We cannot accept this", Some("She"), Some("telling"))],
        ),
    ]);
}

#[test]
fn descriptions_and_appositive_names() {
    check(&[
        (
            "“One of my criteria for filtering out folks was whether or not they support Donald Trump,” said one district GOP leader.",
            &[(D, "One of my criteria", Some("one district GOP leader"), Some("said"))],
        ),
        (
            "Clinton's campaign chairman, John Podesta, said in a statement that Trump was temperamentally unfit.",
            &[(I, "that Trump was temperamentally unfit", Some("John Podesta"), None)],
        ),
        (
            "\"Is President Obama going to finally mention the words radical Islamic terrorism?\" the presumptive GOP presidential nominee, Donald Trump, tweeted Sunday.",
            &[(D, "Is President Obama going", Some("Donald Trump"), Some("tweeted"))],
        ),
        // a name further left wins over a name inside the appositive
        (
            "Giovanni Maria Vian, the editor in chief of the Vatican's official newspaper, L'Osservatore Romano, said every pope was political.",
            &[(I, "every pope was political", Some("Giovanni Maria Vian"), Some("said"))],
        ),
        // `a Facebook post` is a noun: the speaker is Beck
        (
            "In a Facebook post after the speech, Beck wrote: “I couldn’t disagree with her more but she has played the game now for years.”",
            &[(D, "I couldn’t disagree", Some("Beck"), Some("wrote"))],
        ),
    ]);
}

#[test]
fn participles_take_the_subject_of_the_main_clause() {
    check(&[
        (
            "Hours later, Trump returned the compliment to Adelson, telling Reuters, “Sheldon and I have been friends for a long time. He is an amazing man.”",
            &[(D, "Sheldon and I have been friends", Some("Trump"), Some("telling"))],
        ),
        // `state` here is a noun, not the source of the participle
        (
            "Ted Cruz, who won Oklahoma and his home state of Texas, is calling for some of his Republican rivals to drop out.",
            &[(I, "some of his Republican rivals", Some("Ted Cruz"), Some("is calling for"))],
        ),
    ]);
}

#[test]
fn coordinated_and_possessive_subjects() {
    check(&[
        (
            "But Sanders and his supporters argue the system gives too much power to party elites.",
            &[(I, "the system gives too much power", Some("Sanders and his supporters"), Some("argue"))],
        ),
        (
            "Sanders’ aides say their campaign has no desire to engage in an extended back-and-forth.",
            &[(I, "their campaign has no desire", Some("Sanders’ aides"), Some("say"))],
        ),
        (
            "In nearby Decatur, the big steel plant is under intense pressure from Asian imports, said the company's chief executive, John J. Ferriola.",
            &[(I, "In nearby Decatur", Some("John J. Ferriola"), Some("said"))],
        ),
        (
            "“I really don’t understand how a better candidate didn’t jump into the race,” said Air Force 1st Lt. Tyler Livingston.",
            &[(D, "I really don’t understand", Some("Tyler Livingston"), Some("said"))],
        ),
    ]);
}

#[test]
fn an_indefinite_description_is_someone_new() {
    // `a NY1 representative` is not the former representative Weiner named before
    let t = "Anthony Weiner, a former representative, was suspended. “Anthony Weiner is on indefinite leave from the station,” a NY1 representative said in a statement.";
    let es = vec![Entity {
        id: "e1".into(),
        kind: EntityKind::Person,
        name: "Anthony Weiner".into(),
        aliases: vec!["Anthony Weiner".into(), "Weiner".into()],
        titles: vec!["representative".into()],
        mentions: vec![crate::model::Mention::new("Anthony Weiner", 0, 14)],
        geo: None,
    }];
    let qs = attribute(t, &segment::segment(t), &es);
    assert_eq!(qs.len(), 1, "{qs:#?}");
    let sp = qs[0].speaker.as_ref().map(|s| (s.entity.as_deref(), s.name.as_str()));
    assert_eq!(sp, Some((None, "a NY1 representative")));
}

#[test]
fn colon_after_a_clause_and_new_cue_verbs() {
    check(&[
        (
            "Senate Majority Leader Mitch McConnell delivered a blunt message to Trump: \"It's time to quit attacking various people that you competed with.\"",
            &[(D, "It's time to quit", Some("Mitch McConnell"), Some(":"))],
        ),
        (
            "As John Cornyn, the No. 2 in the GOP leadership, put it: \"This person will not be confirmed. So there's no reason going through some motions.\"",
            &[(D, "This person will not be confirmed", Some("John Cornyn"), Some("put it"))],
        ),
        (
            "“If they were serious about making progress on this, I think they would have gone to the only bill with bipartisan support,” Toomey fumed on Tuesday.",
            &[(D, "If they were serious", Some("Toomey"), Some("fumed"))],
        ),
    ]);
}

#[test]
fn the_one_quoted_is_the_source() {
    let t = "Again, quoting from Berman's article, “the MeK is convinced that the Iranian regime is simply too brutal to be removed solely by peaceful means.”";
    let qs = run(t);
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert_eq!(qs[0].speaker.as_ref().map(|s| s.name.as_str()), Some("Berman"), "{qs:#?}");
    assert_eq!(qs[0].cue.as_deref(), Some("quoting"));
    assert!(qs[0].text.contains("the MeK is convinced"));
}

#[test]
fn commas_inside_a_relative_clause_are_not_an_appositive() {
    check(&[(
        "Sandy Phillips, who lost her daughter during the mass shooting in Aurora, Colorado, in July 2012, said that Sanders had treated her family disrespectfully.",
        &[(I, "that Sanders had treated", Some("Sandy Phillips"), Some("said"))],
    )]);
}

#[test]
fn a_preposition_after_the_cue_opens_no_source() {
    check(&[(
        "\"You see people wearing scarves, people are pointing fingers at them and all of that,\" Khizr Khan, 66, said on Capital Download.",
        &[(D, "You see people wearing scarves", Some("Khizr Khan"), Some("said"))],
    )]);
}

#[test]
fn a_party_label_before_the_comma_closes_the_name() {
    check(&[(
        "Tuesday at Baldwin Wallace University in Berea, OH, after winning Ohio in the primary, Gov. John Kasich (R-OH), said, “I’m getting ready to rent a covered wagon.”",
        &[(D, "I’m getting ready", Some("John Kasich"), Some("said"))],
    )]);
}

#[test]
fn learned_model_finds_indirect_attributions_the_lexicon_lacks() {
    // `questioned whether` and `championed` carry no quote marks and sit outside the
    // reporting-verb patterns: the learned model (trained on PolNeAR train) finds them.
    let t = "Budget talks stall\n\nSenate Democrats questioned whether the agency had enough money to finish the inspections this year.\n\nGovernor Maria Lopez has repeatedly championed a higher minimum wage for state contractors.";
    let qs = run(t);
    let q = qs
        .iter()
        .find(|q| q.text.starts_with("whether the agency had enough money"))
        .unwrap_or_else(|| panic!("{qs:#?}"));
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert!(q.cue.as_deref().is_some_and(|c| c.contains("questioned")), "{q:#?}");
    let q = qs.iter().find(|q| q.text.contains("higher minimum wage")).unwrap_or_else(|| panic!("{qs:#?}"));
    assert!(q.speaker_span.is_some_and(|s| t[s.range()].contains("Maria Lopez")), "{q:#?}");
}

#[test]
fn a_paragraph_closed_by_two_apostrophes_is_no_caption() {
    let t = "The senator spoke.\n\n''It is preseason,'' he said. ''The gun starts on Labor Day.''";
    let got = run(t);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].parts.len(), 2, "{got:?}");
}

#[test]
fn descriptions_keep_their_prepositional_phrase() {
    check(&[
        (
            "People briefed on the move said that it reflected a crisis.",
            &[(
                QuoteKind::Indirect,
                "that it reflected a crisis",
                Some("People briefed on the move"),
                Some("said"),
            )],
        ),
        (
            "A spokesman for the campaign said the rally would go ahead.",
            &[(
                QuoteKind::Indirect,
                "the rally would go ahead",
                Some("A spokesman for the campaign"),
                Some("said"),
            )],
        ),
        (
            "The mayor said the bridge was safe.",
            &[(QuoteKind::Indirect, "the bridge was safe", Some("The mayor"), Some("said"))],
        ),
    ]);
}

#[test]
fn split_quote_around_said_comma_keeps_both_halves() {
    for t in [
        "“The problems started when the bank started lending,” Ms. Acosta said, “and when it started lending to entities.”",
        "The borrowing continued.\n\n''The problems started when the bank started lending,'' Ms. Acosta said, ''and when it started lending to entities.'' In theory, it was illegal.",
    ] {
        let got = run(t);
        assert_eq!(got.len(), 1, "{t}: {got:?}");
        assert_eq!(got[0].parts.len(), 2, "{t}: {got:?}");
        assert!(got[0].text.starts_with("The problems started"), "{got:?}");
        assert_eq!(got[0].cue.as_deref(), Some("said"));
        assert_eq!(got[0].speaker.as_ref().map(|s| s.name.as_str()), Some("Acosta"));
    }
}

#[test]
fn subjects_past_parentheticals_and_datelines() {
    check(&[
        (
            "Clinton, during a town hall meeting in Columbus, Ohio, said she was going to put coal companies out of business.",
            &[(I, "she was going to put", Some("Clinton"), Some("said"))],
        ),
        (
            "Washington (AFP) – Democrat Hillary Clinton has taken a swipe at Donald Trump, saying that bombastic comments do more harm than good.",
            &[(I, "that bombastic comments", Some("Democrat Hillary Clinton"), Some("saying"))],
        ),
        (
            "BRUSSELS — The European Commission met on Tuesday, warning that platforms would face fines.",
            &[(I, "that platforms would face fines", Some("The European Commission"), Some("warning"))],
        ),
    ]);
}

#[test]
fn names_in_apposition_to_a_description() {
    check(&[(
        "On Monday, two Republican members of Congress from Florida, Ileana Ros-Lehtinen and Carlos Curbelo, have said they will not back Mr. Trump.",
        &[(I, "they will not back", Some("Ileana Ros-Lehtinen and Carlos Curbelo"), Some("have said"))],
    )]);
}

#[test]
fn a_phrase_read_with_its_cue_is_no_second_cue() {
    // one split quote with the whole cue, not a second attribution on `in an interview`
    let t = "\"A lot of the candidates have not invested here like we have: farms, churches, factories, house parties,\" Jindal said in an interview. \"You name it, we are there.\"";
    let got = run(t);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].cue.as_deref(), Some("said in an interview"));
    assert_eq!(got[0].parts.len(), 2, "{got:#?}");
}

#[test]
fn a_participle_before_the_real_cue_is_no_cue() {
    // `released` only modifies the poll; what the poll found is the attribution
    let got = run("A poll from Marquette Law School released Wednesday found Clinton leading Trump by 15 points among likely voters in Wisconsin.");
    assert!(got.iter().all(|q| !q.text.starts_with("found")), "{got:#?}");
    assert!(
        got.iter().any(|q| q.cue.as_deref() == Some("found") && q.text.starts_with("Clinton leading")),
        "{got:#?}"
    );
}

#[test]
fn a_coordinated_cue_shares_the_clause_subject() {
    check(&[
        (
            "Wealth-X keeps its own finances a secret but says its business has tripled over the last three years.",
            &[(I, "its business has tripled", Some("Wealth-X"), Some("says"))],
        ),
        (
            "The State Department has set aside about 1,500 pages and says it does not plan to process them for release.",
            &[(I, "it does not plan", Some("The State Department"), Some("says"))],
        ),
    ]);
}

#[test]
fn an_opening_participle_is_no_subject() {
    check(&[(
        "Looking to correct some missteps, RNC Chairman Reince Priebus met donors on Monday, saying that the party would hire 200 staffers.",
        &[(I, "that the party would hire", Some("RNC Chairman Reince Priebus"), Some("saying"))],
    )]);
}

#[test]
fn a_function_word_opening_a_sentence_is_no_subject() {
    // `Will` opens a question and `It's` is a pronoun: neither is anyone's name
    for t in [
        "Will they not continue to pursue their interests and back the regime instead of standing with the people?",
        "It's important to know what the main message of these events is and how will it affect developments in Iran.",
    ] {
        for q in run(t) {
            let name = q.speaker.as_ref().map(|s| s.name.as_str());
            assert!(!matches!(name, Some("Will" | "It's" | "It")), "{t}\n{q:#?}");
        }
    }
}

#[test]
fn signed_quotes() {
    check(&[
        (
            "Readers wrote in after the debate.\n\n“He represents our greatest shame as a nation and as a people.” ― Sonya Herridge\n“Maybe we can build a wall around him and his whole campaign.”\u{a0}― Julie A. Diaz Martinez.\n",
            &[
                (D, "He represents our greatest shame", Some("Sonya Herridge"), Some("―")),
                (D, "Maybe we can build a wall", Some("Julie A. Diaz Martinez"), Some("―")),
            ],
        ),
        (
            "The mayor spoke first.\n\n“We will rebuild every house on this street by the spring.” — Jane Doe, a nurse in Dayton, Ohio\n",
            &[(D, "We will rebuild every house", Some("Jane Doe"), Some("—"))],
        ),
    ]);
    // a dash that goes on with the sentence signs nothing
    let t = "Nobody expected it. “We will rebuild every house on this street by the spring” — and then the rain came again.";
    assert!(run(t).iter().all(|q| q.cue.as_deref() != Some("—")), "{:?}", run(t));
}
