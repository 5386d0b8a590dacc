//! Tests of the tagger with the shipped model.

use super::*;

fn shipped() -> Model {
    Model::from_bytes(EMBEDDED_MODEL).expect("shipped model loads")
}

fn tags(m: &Model, sentence: &str) -> Vec<(String, Pos)> {
    let toks = crate::quote::tok::tokenize(sentence);
    let words: Vec<&str> = toks.iter().map(|t| t.text(sentence)).collect();
    let mut out = Vec::new();
    m.tag(&words, &mut out);
    words.iter().map(|w| w.to_string()).zip(out).collect()
}

fn tag_of(tagged: &[(String, Pos)], word: &str) -> Pos {
    tagged.iter().find(|(w, _)| w == word).map(|x| x.1).unwrap_or_else(|| panic!("{word} not in {tagged:?}"))
}

#[test]
fn ptb_tags_map_to_coarse_tags() {
    let cases = [
        ("NN", Pos::Noun),
        ("NNS", Pos::Nouns),
        ("NNPS", Pos::Propn),
        ("VBZ", Pos::Vbpz),
        ("VBP", Pos::Vbpz),
        ("WRB", Pos::Adv),
        ("WDT", Pos::Det),
        ("PRP$", Pos::Pron),
        ("EX", Pos::Pron),
        ("RP", Pos::Adp),
        ("POS", Pos::Punct),
        ("$", Pos::Punct),
        ("''", Pos::Punct),
        ("NN|SYM", Pos::Punct),
    ];
    for (ptb, want) in cases {
        assert_eq!(Pos::from_ptb(ptb), want, "{ptb}");
    }
    for (i, p) in Pos::ALL.iter().enumerate() {
        assert_eq!(*p as usize, i);
        assert_eq!(Pos::from_index(i as u8), *p);
    }
    assert!(Pos::Vbd.is_verb() && !Pos::Md.is_verb() && Pos::Propn.is_noun());
}

#[test]
fn tags_real_news_sentences() {
    let m = shipped();
    let t = tags(&m, "The jobs report gives investors little comfort, the Fed said on Friday.");
    assert_eq!(tag_of(&t, "report"), Pos::Noun, "{t:?}");
    assert_eq!(tag_of(&t, "gives"), Pos::Vbpz, "{t:?}");
    assert_eq!(tag_of(&t, "said"), Pos::Vbd, "{t:?}");
    let t = tags(&m, "She reports that the company’s sales fell.");
    assert_eq!(tag_of(&t, "reports"), Pos::Vbpz, "{t:?}");
    assert_eq!(tag_of(&t, "company’s"), Pos::Noun, "{t:?}");
    assert_eq!(tag_of(&t, "fell"), Pos::Vbd, "{t:?}");
    let t = tags(&m, "Paul Ryan comments come as lawmakers don't agree.");
    assert_eq!(tag_of(&t, "comments"), Pos::Nouns, "{t:?}");
    assert_eq!(tag_of(&t, "come"), Pos::Vbpz, "{t:?}");
    assert_eq!(tag_of(&t, "Ryan"), Pos::Propn, "{t:?}");
    let t = tags(&m, "“We will win,” Mr. Trump told reporters.");
    assert_eq!(tag_of(&t, "told"), Pos::Vbd, "{t:?}");
    assert_eq!(tag_of(&t, "will"), Pos::Md, "{t:?}");
    assert_eq!(tag_of(&t, "“"), Pos::Punct, "{t:?}");
    // A Title Case headline: the verb is still a verb.
    let t = tags(&m, "Senate Rejects Plan to Cut Taxes");
    assert_eq!(tag_of(&t, "Rejects"), Pos::Vbpz, "{t:?}");
    assert_eq!(tag_of(&t, "Plan"), Pos::Noun, "{t:?}");
}

/// `tag` without the word cache or the precomputed rows: every feature looked up.
fn tag_reference(m: &Model, words: &[&str]) -> Vec<Pos> {
    let mut buf = String::new();
    let headline = features::is_headline(words.iter().copied());
    let keys: Vec<WordKeys> = words.iter().map(|w| WordKeys::of(w, headline, &m.lex, &mut buf)).collect();
    let (start, end) = (WordKeys::pad(false), WordKeys::pad(true));
    let (mut p1, mut p2, mut out) = (START, START, Vec::new());
    for i in 0..words.len() {
        let t = match keys[i].dict {
            t if t != NO_TAG => t,
            _ => {
                let mut s = [0i32; NP];
                tag_keys(p1, p2).iter().for_each(|&k| m.weights.add(k, &mut s));
                for o in 0..WINDOW {
                    let j = i as isize + o as isize - 2;
                    let k = if j < 0 { &start } else { keys.get(j as usize).unwrap_or(&end) };
                    k.keys[o].iter().filter(|&&k| k != 0).for_each(|&k| m.weights.add(k, &mut s));
                }
                let at = |j: isize| if j < 0 { &start } else { keys.get(j as usize).unwrap_or(&end) };
                let lw = keys[i].lw;
                for k in pair_keys(at(i as isize - 1).lw, lw, at(i as isize + 1).lw) {
                    m.weights.add(k, &mut s);
                }
                m.weights.add(tag_word_key(p1, lw), &mut s);
                best(&s)
            }
        };
        out.push(Pos::from_index(t));
        (p2, p1) = (p1, t);
    }
    out
}

#[test]
fn cached_rows_tag_like_the_reference() {
    let m = shipped();
    let root = env!("CARGO_MANIFEST_DIR");
    let mut text =
        String::from("WASHINGTON (Reuters) - U.S. stocks rose 1,000 points on Tuesday, traders said.");
    for f in ["000_310dde132b2bd5a2.txt", "002_2515b4472a72e914.txt"] {
        if let Ok(t) = std::fs::read_to_string(format!("{root}/tests/fixtures/seeds/{f}")) {
            text.push_str(&t);
        }
    }
    let mut out = Vec::new();
    let mut n = 0;
    for s in crate::segment::segment(&text) {
        let st = &text[s.range()];
        let words: Vec<&str> = crate::quote::tok::tokenize(st).iter().map(|t| t.text(st)).collect();
        let want = tag_reference(&m, &words);
        // twice: the second time every word is in the cache
        for _ in 0..2 {
            m.tag(&words, &mut out);
            assert_eq!(out, want, "{words:?}");
        }
        m.tag_iter(crate::quote::tok::tokenize(st).iter().map(|t| t.text(st)), &mut out);
        assert_eq!(out, want);
        n += words.len();
    }
    assert!(n > 500, "{n} tokens: the comparison says little");
    // Another model: the cache must not answer with the first model's rows.
    let other = Model::default();
    other.tag(&["The", "report"], &mut out);
    assert_eq!(out, tag_reference(&other, &["The", "report"]));
    m.tag(&[], &mut out);
    assert!(out.is_empty());
}

#[test]
fn weight_file_round_trips() {
    let mut row = [0f32; NP];
    row[Pos::Vbd as usize] = 3.0;
    let key = WordKeys::of("said", false, &Lexicon::default(), &mut String::new()).keys[2][1];
    let dict = [(features::dict_key("the", &mut String::new()), Pos::Det as u8)];
    let (bytes, kept) = perceptron::encode(&HEADER, &[(key, row)], &dict, 0.0);
    assert_eq!(kept, 1);
    let m = Model::from_bytes(&bytes).expect("loads");
    assert_eq!((m.num_features(), m.dict_len()), (1, 1));
    let mut out = Vec::new();
    m.tag(&["the", "said"], &mut out);
    assert_eq!(out, vec![Pos::Det, Pos::Vbd]);
    // NER's file is not a POS file.
    assert!(Model::from_bytes(crate::ner::EMBEDDED_MODEL).is_err());
    assert!(Model::from_bytes(b"junk").is_err());
}

/// Speed on real news: `cargo test --release -p newsgraph --lib news_speed -- --ignored
/// --nocapture` (reads PolNeAR dev's texts from the shared data directory).
#[test]
#[ignore]
fn news_speed() {
    let m = shipped();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../../shared/data/quotes/polnear_dev.input.jsonl");
    let Ok(data) = std::fs::read_to_string(path)
        .or_else(|_| std::fs::read_to_string("/work/shared/data/quotes/polnear_dev.input.jsonl"))
    else {
        eprintln!("no PolNeAR dev texts: nothing measured");
        return;
    };
    let mut sents: Vec<Vec<String>> = Vec::new();
    for line in data.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        for s in crate::segment::segment(text) {
            let st = &text[s.range()];
            sents.push(crate::quote::tok::tokenize(st).iter().map(|t| t.text(st).to_string()).collect());
        }
    }
    let words: Vec<Vec<&str>> = sents.iter().map(|s| s.iter().map(String::as_str).collect()).collect();
    let n: usize = words.iter().map(Vec::len).sum();
    let mut out = Vec::new();
    for pass in 0..3 {
        let t = std::time::Instant::now();
        for w in &words {
            m.tag(w, &mut out);
        }
        println!("pass {pass}: {n} tokens, {:.2} M tokens/s", n as f64 / t.elapsed().as_secs_f64() / 1e6);
    }
}
