//! Raw HTML → the article's main-body blocks, metadata hints, and what was thrown away.
//! (First version; the extraction that beats trafilatura is issue 4.)

use scraper::{ElementRef, Html, Selector};
use std::sync::LazyLock;

use crate::meta::Hints;
use crate::model::{Removal, RemovalReason};

/// What extraction found in one page.
#[derive(Debug, Default)]
pub struct Extracted {
    /// Paragraph-level blocks of body text, in reading order (headline not included).
    pub blocks: Vec<String>,
    /// Text that was on the page but is not the article, with reasons.
    pub removed: Vec<Removal>,
    /// Title, date, author, language found in the page's markup.
    pub hints: Hints,
}

static SEL_BLOCK: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("p, h2, h3, h4, li, blockquote, pre").expect("selector"));
static SEL_TITLE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("meta[property='og:title'], title, h1").expect("selector"));
static SEL_ROOT: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("article, [itemprop=articleBody], main, body").expect("selector"));

const SKIP: &[&str] = &["nav", "footer", "header", "aside", "script", "style", "form", "figcaption"];

/// Extract the main body of an HTML page.
pub fn extract(html: &str, _url: Option<&str>) -> Extracted {
    let doc = Html::parse_document(html);
    let mut out = Extracted::default();
    out.hints.title = doc.select(&SEL_TITLE).find_map(|e| {
        let t = e.value().attr("content").map(str::to_string).unwrap_or_else(|| text_of(e));
        let t = t.trim().to_string();
        (!t.is_empty()).then_some(t)
    });
    let Some(root) = doc.select(&SEL_ROOT).next() else {
        return out;
    };
    for el in root.select(&SEL_BLOCK) {
        let skipped = el.ancestors().filter_map(ElementRef::wrap).find(|a| SKIP.contains(&a.value().name()));
        let t = text_of(el);
        if t.is_empty() {
            continue;
        }
        if let Some(a) = skipped {
            let reason = if a.value().name() == "figcaption" {
                RemovalReason::Caption
            } else {
                RemovalReason::Navigation
            };
            out.removed.push(Removal { text: t, reason });
        } else if el.select(&SEL_BLOCK).next().is_none() {
            out.blocks.push(t);
        }
    }
    out
}

fn text_of(e: ElementRef<'_>) -> String {
    let mut s = String::new();
    for t in e.text() {
        s.push_str(t);
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
