//! A compact pre-order copy of the parsed page: one pass over html5ever's tree
//! drops what never holds article text (scripts, styles, forms' widgets, hidden
//! elements), collects what metadata needs (meta tags, JSON-LD, `<title>`,
//! `<time>`), classifies each element's class/id once, and sums text statistics
//! bottom-up in a second linear pass. Every later step walks this array.

use ego_tree::iter::Edge;
use scraper::{Html, Node as HNode};

use super::score::{classify, Hint};

/// Element names whose subtree never holds article text.
const DROP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "head",
    "select", "option", "button", "input", "textarea", "link", "meta", "map", "audio", "video", "source",
    "track", "dialog", "img", "picture", "area", "base",
];

/// One element or text node.
#[derive(Debug, Clone)]
pub(super) struct Node<'a> {
    /// Lower-case element name; empty for text nodes.
    pub name: &'a str,
    /// Text of a text node.
    pub text: &'a str,
    /// `class` attribute.
    pub class: &'a str,
    /// `id` attribute.
    pub id: &'a str,
    /// Index of the parent (0 for the root).
    pub parent: u32,
    /// One past the last descendant (pre-order), so the subtree is `i+1..end`.
    pub end: u32,
    /// What the class/id/role say.
    pub hint: Hint,
    /// `itemprop` mentions articleBody / text.
    pub article_body: bool,
    /// A block-level element (a boundary between text blocks).
    pub block: bool,
    /// Non-whitespace characters in the subtree.
    pub chars: u32,
    /// Of those, inside `<a>`.
    pub link_chars: u32,
    /// Number of `<a>` elements in the subtree.
    pub links: u32,
    /// Sentence punctuation and commas in the subtree.
    pub punct: u32,
}

impl Node<'_> {
    pub(super) fn is_text(&self) -> bool {
        self.name.is_empty()
    }
    /// Share of the text that sits inside links.
    pub(super) fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

/// A `<time>` element seen in the body.
#[derive(Debug, Clone)]
pub(super) struct TimeEl {
    /// `datetime` attribute, or the text.
    pub value: String,
    /// Marked as the publication date (`itemprop=datePublished`, `pubdate`, class `published`).
    pub published: bool,
    /// Arena index of the element.
    pub node: u32,
}

/// Everything metadata needs, gathered in the same pass.
#[derive(Debug, Default)]
pub(super) struct Collected {
    /// `(key, content)` of `<meta>` tags: key is the lower-cased name/property/itemprop.
    pub metas: Vec<(String, String)>,
    /// Bodies of `application/ld+json` scripts.
    pub json_ld: Vec<String>,
    /// Text of `<title>`.
    pub title: Option<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
    /// `<time>` elements in document order.
    pub times: Vec<TimeEl>,
    /// Text of `rel=author` links and `itemprop=author` elements (arena index).
    pub author_nodes: Vec<u32>,
}

/// The arena plus collected metadata.
pub(super) struct Dom<'a> {
    pub nodes: Vec<Node<'a>>,
    pub col: Collected,
}

fn is_dropped(name: &str) -> bool {
    match name.len() {
        3..=8 => DROP.contains(&name),
        _ => false,
    }
}

fn hidden(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() {
        return true;
    }
    if let Some(st) = el.attr("style").filter(|st| st.contains("none") || st.contains("hidden")) {
        let st: String = st.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if st.contains("display:none") || st.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

fn text_of_subtree(node: ego_tree::NodeRef<'_, HNode>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        if let HNode::Text(t) = d.value() {
            s.push_str(t);
        }
    }
    s
}

/// Build the arena from a parsed page.
pub(super) fn build(doc: &Html) -> Dom<'_> {
    let mut nodes: Vec<Node<'_>> = Vec::with_capacity(1024);
    let mut col = Collected::default();
    // Root placeholder: index 0.
    nodes.push(Node {
        name: "#root",
        text: "",
        class: "",
        id: "",
        parent: 0,
        end: 0,
        hint: Hint::None,
        article_body: false,
        block: true,
        chars: 0,
        link_chars: 0,
        links: 0,
        punct: 0,
    });
    let mut stack: Vec<u32> = vec![0];
    let mut skipping: Option<ego_tree::NodeId> = None;
    let mut cache = super::score::KeyCache::new();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(n) => {
                if skipping.is_some() {
                    continue;
                }
                match n.value() {
                    HNode::Element(el) => {
                        let name = el.name();
                        if name == "html" {
                            col.lang = el.attr("lang").or_else(|| el.attr("xml:lang")).map(str::to_string);
                        }
                        if is_dropped(name) || hidden(el) {
                            collect_dropped(n, el, &mut col);
                            skipping = Some(n.id());
                            continue;
                        }
                        let parent = *stack.last().unwrap_or(&0);
                        let idx = nodes.len() as u32;
                        let itemprop = el.attr("itemprop").unwrap_or("");
                        if name == "time" {
                            let value =
                                el.attr("datetime").map(str::to_string).unwrap_or_else(|| text_of_subtree(n));
                            let cls = el.attr("class").unwrap_or("").to_ascii_lowercase();
                            let published = itemprop.eq_ignore_ascii_case("datePublished")
                                || el.attr("pubdate").is_some()
                                || cls.contains("publish")
                                || cls.contains("entry-date");
                            col.times.push(TimeEl { value, published, node: idx });
                        }
                        if (name == "a" && el.attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("author")))
                            || itemprop.eq_ignore_ascii_case("author")
                        {
                            col.author_nodes.push(idx);
                        }
                        // Microdata/RDFa dates on body elements (`<span itemprop="datePublished"
                        // content="…">`, `property="schema:dateCreated"`): kept like meta tags.
                        let prop =
                            if itemprop.is_empty() { el.attr("property").unwrap_or("") } else { itemprop };
                        if !prop.is_empty() && col.metas.len() < 512 {
                            let key = prop.trim().to_ascii_lowercase();
                            let key = key.rsplit(':').next().unwrap_or(&key).to_string();
                            if matches!(
                                key.as_str(),
                                "datepublished" | "datecreated" | "uploaddate" | "datemodified"
                            ) {
                                if let Some(v) = el.attr("content").or_else(|| el.attr("datetime")) {
                                    col.metas.push((key, v.to_string()));
                                }
                            }
                        }
                        let article_body = itemprop.eq_ignore_ascii_case("articleBody");
                        nodes.push(Node {
                            name,
                            text: "",
                            class: el.attr("class").unwrap_or(""),
                            id: el.attr("id").unwrap_or(""),
                            parent,
                            end: 0,
                            hint: classify(name, el, &mut cache),
                            article_body,
                            block: super::score::is_block(name),
                            chars: 0,
                            link_chars: 0,
                            links: 0,
                            punct: 0,
                        });
                        stack.push(idx);
                    }
                    HNode::Text(t) => {
                        let parent = *stack.last().unwrap_or(&0);
                        let idx = nodes.len() as u32;
                        let text: &str = t;
                        nodes.push(Node {
                            name: "",
                            text,
                            class: "",
                            id: "",
                            parent,
                            end: idx + 1,
                            hint: Hint::None,
                            article_body: false,
                            block: false,
                            chars: 0,
                            link_chars: 0,
                            links: 0,
                            punct: 0,
                        });
                    }
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if let Some(id) = skipping {
                    if id == n.id() {
                        skipping = None;
                    }
                    continue;
                }
                if n.value().is_element() {
                    if let Some(i) = stack.pop() {
                        let end = nodes.len() as u32;
                        if let Some(node) = nodes.get_mut(i as usize) {
                            node.end = end;
                        }
                    }
                }
            }
        }
    }
    let len = nodes.len() as u32;
    nodes[0].end = len;
    // Unclosed elements (cannot happen with html5ever, but stay safe).
    for i in stack {
        if let Some(node) = nodes.get_mut(i as usize) {
            if node.end == 0 {
                node.end = len;
            }
        }
    }
    stats(&mut nodes);
    Dom { nodes, col }
}

/// Metadata from elements whose text is not content: `<meta>`, `<title>`, JSON-LD.
fn collect_dropped(n: ego_tree::NodeRef<'_, HNode>, el: &scraper::node::Element, col: &mut Collected) {
    match el.name() {
        "head" => {
            // The head is dropped as a whole; look inside it once.
            for d in n.descendants() {
                if let HNode::Element(e) = d.value() {
                    match e.name() {
                        "meta" => collect_meta(e, col),
                        "title" if col.title.is_none() => col.title = Some(text_of_subtree(d)),
                        "script" => collect_script(d, e, col),
                        _ => {}
                    }
                }
            }
        }
        "meta" => collect_meta(el, col),
        "script" => collect_script(n, el, col),
        _ => {
            // A hidden or dropped element may still hold metadata (JSON-LD in <noscript>…).
            for d in n.descendants().skip(1) {
                if let HNode::Element(e) = d.value() {
                    match e.name() {
                        "meta" => collect_meta(e, col),
                        "script" => collect_script(d, e, col),
                        _ => {}
                    }
                }
            }
        }
    }
}

fn collect_meta(e: &scraper::node::Element, col: &mut Collected) {
    let Some(content) = e.attr("content") else { return };
    for key in ["property", "name", "itemprop", "http-equiv"] {
        if let Some(k) = e.attr(key) {
            if col.metas.len() < 512 {
                col.metas.push((k.trim().to_ascii_lowercase(), content.to_string()));
            }
            return;
        }
    }
}

fn collect_script(n: ego_tree::NodeRef<'_, HNode>, e: &scraper::node::Element, col: &mut Collected) {
    if col.json_ld.len() >= 32 {
        return;
    }
    if e.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) {
        col.json_ld.push(text_of_subtree(n));
        return;
    }
    // JSON-LD mislabelled as a plain script (`<script>{"@context": "https://schema.org", …}`):
    // structured data, not code. Only a script that is one JSON object naming a
    // schema.org context qualifies; program code is never read.
    if e.attr("type").is_none_or(|t| t.trim().is_empty() || t.contains("json")) {
        let looks_ld = n.first_child().is_some_and(|c| match c.value() {
            HNode::Text(t) => {
                let t = t.trim_start();
                let head = t.get(..t.len().min(200)).unwrap_or("");
                (t.starts_with('{') || t.starts_with('['))
                    && head.contains("\"@context\"")
                    && head.contains("schema.org")
                    && t.trim_end().ends_with(['}', ']'])
            }
            _ => false,
        });
        if looks_ld {
            col.json_ld.push(text_of_subtree(n));
        }
    }
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | ';'
            | '!'
            | '?'
            | ':'
            | '，'
            | '。'
            | '、'
            | '；'
            | '！'
            | '？'
            | '»'
            | '«'
            | '“'
            | '”'
            | '„'
    )
}

/// Sum text statistics bottom-up. Children come after their parent in pre-order,
/// so one reverse sweep sees every subtree complete before its parent.
fn stats(nodes: &mut [Node<'_>]) {
    for i in (1..nodes.len()).rev() {
        if nodes[i].is_text() {
            let mut chars = 0u32;
            let mut punct = 0u32;
            for c in nodes[i].text.chars() {
                if !c.is_whitespace() {
                    chars += 1;
                    if is_punct(c) {
                        punct += 1;
                    }
                }
            }
            nodes[i].chars = chars;
            nodes[i].punct = punct;
        } else if nodes[i].name == "a" {
            nodes[i].link_chars = nodes[i].chars;
            nodes[i].links += 1;
        }
        let p = nodes[i].parent as usize;
        if p != i {
            let (c, l, k, q) = (nodes[i].chars, nodes[i].link_chars, nodes[i].links, nodes[i].punct);
            let par = &mut nodes[p];
            par.chars += c;
            par.link_chars += l;
            par.links += k;
            par.punct += q;
        }
    }
}
