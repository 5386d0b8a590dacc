use super::*;
use crate::ingest::RawDoc;
use crate::pipeline::analyze;
use crate::Resources;

fn gaz() -> Gazetteer {
    Gazetteer::from_bytes(EMBEDDED).expect("shipped gazetteer opens")
}

#[test]
fn lookup_finds_capitals_and_alternate_names() {
    let g = gaz();
    let t =
        g.lookup("Tirana").into_iter().find(|c| c.place.kind == Kind::Capital).expect("the capital").place;
    assert_eq!(t.country, "AL");
    let teheran = g.lookup("Teheran");
    assert!(teheran.iter().any(|c| c.place.country == "IR" && c.place.kind == Kind::Capital));
    assert!(g.lookup("Zzyzxqq").is_empty());
    let us = g.lookup("U.S.");
    assert_eq!(us[0].place.kind, Kind::Country);
    assert_eq!(us[0].place.country, "US");
}

#[test]
fn get_and_contains() {
    let g = gaz();
    let tirana =
        g.lookup("Tirana").into_iter().find(|c| c.place.kind == Kind::Capital).expect("capital").place;
    assert_eq!(g.get(tirana.geonames_id), Some(tirana));
    let albania = g.country("AL").expect("Albania");
    assert!(contains(&albania, &tirana));
    assert!(!contains(&tirana, &albania));
    let texas = g.admin1("US", "TX").expect("Texas");
    let austin =
        g.lookup("Austin").into_iter().find(|c| c.place.country == "US" && c.place.admin1 == "TX").unwrap();
    assert!(contains(&texas, &austin.place));
    assert!(!contains(&texas, &tirana));
    let (ga, gt) = (place_geo(&albania, 1.0, "test"), place_geo(&tirana, 1.0, "test"));
    assert!(contains_geo(&ga, &gt));
    assert!(!contains_geo(&gt, &ga));
}

#[test]
fn keys_fold_case_accents_dots_and_hyphens() {
    assert_eq!(key("Tiranë"), "tirane");
    assert_eq!(key("U.S."), "us");
    assert_eq!(key("Winston-Salem"), "winston salem");
    assert_eq!(key("  São   Paulo "), "sao paulo");
}

#[test]
fn bad_bytes_give_an_error_not_a_panic() {
    assert!(Gazetteer::from_bytes(b"junk").is_err());
    assert!(Gazetteer::from_bytes(&EMBEDDED[..100]).is_err());
    let empty = Gazetteer::default();
    assert!(empty.lookup("Paris").is_empty());
    assert!(empty.get(1).is_none());
}

fn geo_of<'a>(doc: &'a crate::Document, name: &str) -> Option<&'a crate::model::Geo> {
    doc.entities
        .iter()
        .find(|e| e.name == name || e.aliases.iter().any(|a| a == name))
        .and_then(|e| e.geo.as_ref())
}

#[test]
fn city_state_and_city_country_patterns_decide() {
    let text = "Police in Bangor, Maine, said the storm hit hard. \
                Firefighters in Long Beach, Calif., were also on alert.";
    let doc = analyze(RawDoc::text("t", text), Resources::embedded());
    let bangor = geo_of(&doc, "Bangor").expect("Bangor resolved");
    assert_eq!((bangor.country.as_deref(), bangor.admin1.as_deref()), (Some("US"), Some("ME")));
    let lb = geo_of(&doc, "Long Beach").expect("Long Beach resolved");
    assert_eq!((lb.country.as_deref(), lb.admin1.as_deref()), (Some("US"), Some("CA")));
}

#[test]
fn unknown_place_inherits_the_town_its_sentence_names() {
    let text = "Camp news\n\nIn Tirana, Albania, is the newly built city of Ashraf 3. \
                Thousands gathered at Ashraf 3 on Saturday.";
    let doc = analyze(RawDoc::text("t", text), Resources::embedded());
    let a = geo_of(&doc, "Ashraf 3").expect("Ashraf 3 has a geo");
    assert!(a.inherited);
    assert_eq!(a.country.as_deref(), Some("AL"));
    let t = geo_of(&doc, "Tirana").expect("Tirana resolved");
    assert_eq!(t.feature.as_deref(), Some("P.PPLC"));
    assert_eq!(doc.focus.first().map(|f| f.country.as_deref()), Some(Some("AL")));
}

#[test]
fn places_inside_organisation_names_are_embedded_mentions() {
    let text = "Students at the University of Tehran protested on Monday, a spokesman said.";
    let doc = analyze(RawDoc::text("t", text), Resources::embedded());
    let place = doc.entities.iter().find(|e| e.kind == crate::model::EntityKind::Place && e.name == "Tehran");
    let place = place.expect("Tehran is a place entity");
    let org_id = place.mentions[0].embedded_in.as_deref().expect("embedded in the university");
    let org = doc.entities.iter().find(|e| e.id == org_id).expect("org exists");
    assert!(org.name.contains("University"));
    assert_eq!(org.geo.as_ref().and_then(|g| g.country.as_deref()), Some("IR"));
}

#[test]
fn inheritance_needs_containment_in_the_text() {
    let text = "Policy news\n\nThe debate now taking place in Washington, DC as the administration's \
                campaign against the Islamic Republic takes hold. Exiles met at Camp Liberty, Baghdad, on Friday.";
    let doc = analyze(RawDoc::text("t", text), Resources::embedded());
    // a place merely near another is not inside it
    if let Some(g) = geo_of(&doc, "Islamic Republic") {
        assert!(!g.inherited || g.country.as_deref() != Some("US"), "{g:?}");
    }
    // `X, Y` says Y holds X
    if let Some(g) = geo_of(&doc, "Camp Liberty") {
        assert_eq!(g.country.as_deref(), Some("IQ"));
    }
}

#[test]
fn containment_patterns() {
    let text = "In Tirana, Albania, is Ashraf 3. Ashraf 3, Albania. Tirana's Ashraf 3. Ashraf 3 near Tirana.";
    let s = Span::new(0, text.len());
    let at = |w: &str, n: usize| {
        let i = text.match_indices(w).nth(n).expect("word").0;
        (i, i + w.len())
    };
    assert!(resolve::contained(text, Span::new(0, 33), at("Ashraf 3", 0), at("Tirana", 0)));
    assert!(resolve::contained(text, s, at("Ashraf 3", 1), at("Albania", 1)));
    assert!(resolve::contained(text, s, at("Ashraf 3", 2), at("Tirana", 1)));
    assert!(!resolve::contained(text, s, at("Ashraf 3", 3), at("Tirana", 2)));
}
