//! HTML extraction on realistic pages (fixtures/html/), the shared evaluation set
//! when it is there, and a property test that no input makes `extract` panic.

use std::path::{Path, PathBuf};

use newsgraph::html::{extract, extract_at, Extracted};
use newsgraph::model::RemovalReason;
use proptest::prelude::*;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date")
}

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn run(name: &str, url: &str) -> (Extracted, String) {
    let (html, _) = newsgraph::ingest::decode(&fixture(name), true);
    let ex = extract_at(&html, Some(url), today());
    let body = ex.blocks.join("\n");
    (ex, body)
}

fn assert_has(body: &str, wants: &[&str]) {
    for w in wants {
        assert!(body.contains(w), "missing {w:?} in:\n{body}");
    }
}

fn assert_not(body: &str, nots: &[&str]) {
    for n in nots {
        assert!(!body.contains(n), "kept {n:?} in:\n{body}");
    }
}

#[test]
fn german_news_with_json_ld() {
    let (ex, body) = run("de_news.html", "https://www.kieler-morgenblatt.example/lokales/radwege-123");
    assert_has(
        &body,
        &[
            "Nach monatelangem Streit", // lead paragraph in the article header
            "Die Entscheidung fiel mit 31 zu 17 Stimmen",
            "Kurz gesagt: Es wird gebaut.",   // short one-line paragraph
            "Was sich ändert",                // subheading
            "Westring: 3,2 Kilometer",        // list inside the story
            "jetzt müssen die Bagger kommen", // block quote
            "Alle Pläne der Stadtverwaltung zum Nachlesen", // paragraph made of a link
            "Die Kosten von 24 Millionen Euro",
        ],
    );
    assert_not(
        &body,
        &[
            "Cookies",
            "Lokales",
            "Stadtrat beschließt neues Radwegenetz", // headline goes to hints.title
            "Von Jana Petersen",
            "Radfahrer an der Kiellinie",
            "Anzeige",
            "Twittern",
            "Mehr zum Thema",
            "Radfahrer fordern mehr Platz",
            "Newsletter",
            "Endlich!",
            "Meistgelesen",
            "Impressum",
        ],
    );
    // Reading order: lead before body, body parts in order.
    let lead = body.find("Nach monatelangem Streit").unwrap_or(usize::MAX);
    let first = body.find("Die Entscheidung fiel").unwrap_or(0);
    let last = body.find("Die Kosten von 24").unwrap_or(0);
    assert!(lead < first && first < last, "order: {body}");
    let h = &ex.hints;
    assert_eq!(h.title.as_deref(), Some("Stadtrat beschließt neues Radwegenetz"));
    assert_eq!(h.published.as_deref(), Some("2021-03-18"));
    assert_eq!(h.author.as_deref(), Some("Jana Petersen; Ole Hansen"));
    assert_eq!(h.sitename.as_deref(), Some("Kieler Morgenblatt"));
    assert_eq!(h.language.as_deref(), Some("de"));
    let reasons =
        |r: RemovalReason| ex.removed.iter().filter(move |x| x.reason == r).map(|x| x.text.as_str());
    assert!(reasons(RemovalReason::Caption).any(|t| t.contains("Kiellinie")), "{:?}", ex.removed);
    assert!(reasons(RemovalReason::Ad).any(|t| t.contains("Anzeige")), "{:?}", ex.removed);
    assert!(reasons(RemovalReason::Navigation).any(|t| t.contains("Endlich")), "{:?}", ex.removed);
}

#[test]
fn english_wordpress_blog() {
    let (ex, body) = run("en_blog.html", "https://elmstreetnotes.example/why-our-library-matters/");
    assert_has(
        &body,
        &[
            "Last Tuesday the county board voted",
            "First, the numbers.",
            "Not just books",
            "Job applications need a computer.",
            "we are asking not to lose what we have",
        ],
    );
    assert_not(
        &body,
        &[
            "Posted on",
            "Share this",
            "Twitter",
            "The bookmobile is back",
            "Previous post",
            "Thank you for writing this",
            "Leave a Reply",
            "Recent Posts",
            "I have lived on Elm Street",
            "Proudly powered",
            "Tagged",
        ],
    );
    let h = &ex.hints;
    assert_eq!(h.title.as_deref(), Some("Why our town library still matters"));
    assert_eq!(h.published.as_deref(), Some("2019-11-04"));
    // `<meta name=author content=Design>` is a theme credit, not an author.
    assert_eq!(h.author.as_deref(), Some("Margaret Oduya"));
    assert_eq!(h.language.as_deref(), Some("en"));
}

#[test]
fn french_table_layout_in_windows_1252() {
    let (ex, body) = run("fr_cp1252.html", "http://www.petit-provencal.example/region/greve.html");
    assert_has(
        &body,
        &[
            "Les poubelles s'accumulent depuis huit jours",
            "Les syndicats réclament une hausse des salaires de 5 %",
            "« Nous ne reprendrons pas le travail sans accord écrit »",
            "La mairie promet une réunion jeudi.",
        ],
    );
    assert_not(&body, &["Accueil", "Les plus lus", "Publicité", "Mentions légales", "Mots-clés"]);
    assert_eq!(ex.hints.title.as_deref(), Some("La grève des éboueurs s'étend à Marseille"));
    assert_eq!(ex.hints.published.as_deref(), Some("2018-10-02"));
    assert_eq!(ex.hints.language.as_deref(), Some("fr"));
}

#[test]
fn chinese_page_in_gbk() {
    let (ex, body) = run("zh_gbk.html", "http://news.xihu.example/city/2022/0624/3.html");
    assert_has(&body, &["杭州地铁三号线正式开通运营", "方便多了", "发车间隔为四分钟"]);
    assert_not(&body, &["首页", "相关新闻", "地铁四号线延长段开工", "版权所有"]);
    assert_eq!(ex.hints.title.as_deref(), Some("杭州地铁三号线今日开通"));
    assert_eq!(ex.hints.published.as_deref(), Some("2022-06-24"));
    assert_eq!(ex.hints.author.as_deref(), Some("王小明"));
}

/// trafilatura's metric on every 10th page of its evaluation set, when the
/// shared data is there (skipped in a lone clone of the repo).
#[test]
fn trafilatura_eval_sample() {
    // ../shared beside the repo (or beside the folder of worktrees).
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Some(dir) = ["../../../shared", "../../../../shared"]
        .iter()
        .map(|up| root.join(up).join("data/boilerplate/trafilatura_eval"))
        .find(|d| d.join("gold.jsonl").is_file())
    else {
        eprintln!("skipped: ../shared/data/boilerplate/trafilatura_eval not found");
        return;
    };
    let gold = std::fs::read_to_string(dir.join("gold.jsonl")).expect("gold.jsonl");
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for line in gold.lines().step_by(10) {
        let g: serde_json::Value = serde_json::from_str(line).expect("gold line");
        let path = dir.join(g["html_path"].as_str().unwrap_or_default());
        let gz = std::fs::read(&path).expect("page");
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&gz[..]), &mut bytes)
            .expect("gzip");
        let (html, _) = newsgraph::ingest::decode(&bytes, true);
        let text = norm(&extract(&html, g["url"].as_str()).blocks.join("\n"));
        for w in g["with"].as_array().into_iter().flatten().filter_map(|w| w.as_str()) {
            if text.contains(&norm(w)) {
                tp += 1;
            } else {
                fn_ += 1;
            }
        }
        for w in g["without"].as_array().into_iter().flatten().filter_map(|w| w.as_str()) {
            if text.contains(&norm(w)) {
                fp += 1;
            }
        }
    }
    let f1 = 2.0 * tp as f64 / (2 * tp + fp + fn_).max(1) as f64;
    eprintln!("sample: tp {tp} fp {fp} fn {fn_} F1 {f1:.3}");
    assert!(f1 >= 0.88, "F1 {f1:.3} on the sample");
}

fn html_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"article-body\">".to_string()),
        Just("<div class=\"comments\">".to_string()),
        Just("</div>".to_string()),
        Just("<a href=x>".to_string()),
        Just("</a>".to_string()),
        Just("<ul><li>".to_string()),
        Just("<h1>".to_string()),
        Just("<br>".to_string()),
        Just(
            "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":".to_string()
        ),
        Just("</script>".to_string()),
        Just("<time datetime=\"2019-02-30\">".to_string()),
        Just("<meta property=\"og:title\" content=\"".to_string()),
        Just("<table><tr><td>".to_string()),
        Just("<!--".to_string()),
        "[a-zA-Zäöü0-9 ,.;:!?«»“”\u{ad}\u{200b}]{0,40}",
        "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_text(s in "\\PC{0,400}") {
        let ex = extract(&s, Some(&s));
        prop_assert!(ex.blocks.iter().all(|b| !b.trim().is_empty()));
    }

    #[test]
    fn never_panics_on_broken_html(s in html_soup()) {
        let ex = extract(&s, Some("https://x.example/2020/01/02/a"));
        prop_assert!(ex.blocks.iter().all(|b| !b.trim().is_empty() && b.trim() == b));
        if let Some(d) = &ex.hints.published {
            prop_assert_eq!(d.len(), 10);
        }
    }
}
