//! Raw HTML → the article's main-body blocks, metadata hints, and what was thrown away.
//!
//! One html5ever parse; one pass copies the page into a compact pre-order arena
//! ([`dom`]) with text statistics; paragraphs vote for the container that holds
//! the article ([`score`]), its text-bearing siblings join it, and one walk over
//! that region emits paragraph-level blocks while pruning navigation, share
//! bars, related lists, comments, bylines and captions into `removed` with a
//! reason. Metadata comes from JSON-LD, `<meta>`, `<time>`, the URL and the text
//! ([`metadata`]). Every step is linear in the size of the page.

mod dom;
mod guard;
mod metadata;
mod score;

use crate::meta::Hints;
use crate::model::{Removal, RemovalReason};

use dom::{Dom, Node};
use score::Hint;

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

/// Most removals recorded for text outside the article region.
const MAX_OUTSIDE_REMOVALS: usize = 200;
/// Longest text kept as evidence of one removal.
const MAX_REMOVAL_CHARS: usize = 1000;

/// Extract the main body of an HTML page. `url` helps with the date and site name.
pub fn extract(html: &str, url: Option<&str>) -> Extracted {
    extract_at(html, url, chrono::Utc::now().date_naive())
}

/// [`extract`] with the crawl date given: no publication date after `today` is accepted.
pub fn extract_at(html: &str, url: Option<&str>, today: chrono::NaiveDate) -> Extracted {
    let full_len = html.len();
    let html = guard::truncate(html, guard::MAX_INPUT).unwrap_or(html);
    let cut = full_len - html.len();
    let html = guard::cap_depth(html, guard::MAX_DEPTH);
    let doc = scraper::Html::parse_document(&html);
    let dom = dom::build(&doc);
    let nodes = &dom.nodes;
    let good_raw = good_text(nodes, &vec![false; nodes.len()]);
    let boiler = score::boiler_mask(nodes, &good_raw);
    let (best, scores) = score::best_candidate(nodes, &boiler);
    // With the article container known, boilerplate-named elements elsewhere are
    // no longer excused as layout wrappers.
    let boiler = score::boiler_mask_around(nodes, &good_raw, best);
    let good = good_text(nodes, &boiler);

    let mut out = Extracted::default();
    let roots = match best {
        Some(c) => region(nodes, &boiler, &scores, &good, climb(nodes, &good, c)),
        None => vec![0],
    };
    let mut em = Emitter::new(nodes, &boiler);
    if let Some(&first) = roots.first() {
        for lead in lead_paragraphs(nodes, &boiler, first) {
            em.walk(lead);
        }
    }
    for &r in &roots {
        em.walk(r);
    }
    em.flush();
    let body_chars: usize = em.blocks.iter().map(|b| b.text.chars().count()).sum();
    // Too little found: fall back to every paragraph of the page that is not boilerplate.
    if body_chars < 250 && roots != [0] {
        let mut fb = Emitter::new(nodes, &boiler);
        fb.strict = true;
        fb.walk(0);
        fb.flush();
        let fb_chars: usize = fb.blocks.iter().map(|b| b.text.chars().count()).sum();
        if fb_chars > body_chars * 2 + 100 {
            em = fb;
        }
    }
    out.hints = hints(&dom, &boiler, url, today, &em, &roots);
    let Emitter { blocks, removed, .. } = em;
    out.removed = removed;
    out.blocks = finish_blocks(blocks, &out.hints, &mut out.removed);
    record_outside(nodes, &boiler, &roots, &mut out.removed);
    if cut > 0 {
        out.removed.push(Removal {
            text: format!("[page cut: {cut} bytes after the first {} MB not read]", guard::MAX_INPUT >> 20),
            reason: RemovalReason::Other,
        });
    }
    out
}

/// A developer's view of one page's decisions: every element with text, its
/// class hint, boilerplate flag, score and text statistics, the chosen region
/// marked `*`. For tuning rules (`examples/html_debug.rs`), not a stable format.
#[doc(hidden)]
pub fn debug_tree(html: &str) -> String {
    use std::fmt::Write;
    let html = guard::cap_depth(html, guard::MAX_DEPTH);
    let doc = scraper::Html::parse_document(&html);
    let dom = dom::build(&doc);
    let nodes = &dom.nodes;
    let good_raw = good_text(nodes, &vec![false; nodes.len()]);
    let boiler0 = score::boiler_mask(nodes, &good_raw);
    let (best, scores) = score::best_candidate(nodes, &boiler0);
    let boiler = score::boiler_mask_around(nodes, &good_raw, best);
    let good = good_text(nodes, &boiler);
    let roots = match best {
        Some(c) => region(nodes, &boiler, &scores, &good, climb(nodes, &good, c)),
        None => vec![0],
    };
    let mut depth = vec![0usize; nodes.len()];
    let mut out = String::new();
    let _ = writeln!(out, "best={best:?} roots={roots:?}");
    for (i, n) in nodes.iter().enumerate().skip(1) {
        depth[i] = depth[n.parent as usize] + 1;
        if n.is_text() || n.chars == 0 {
            continue;
        }
        let mark = if roots.contains(&i) {
            "*"
        } else if Some(i) == best {
            "c"
        } else {
            " "
        };
        let _ = writeln!(
            out,
            "{mark}{:width$}{i} <{} class={:?} id={:?}> {:?}{} chars={} good={} ld={:.2} links={} score={:.1}",
            "",
            n.name,
            n.class.chars().take(60).collect::<String>(),
            n.id,
            n.hint,
            if boiler[i] { " BOILER" } else { "" },
            n.chars,
            good[i],
            n.link_density(),
            n.links,
            scores[i],
            width = depth[i].min(40),
        );
    }
    out
}

/// The article region: the best container and the siblings that carry text too.
fn region(nodes: &[Node<'_>], boiler: &[bool], scores: &[f32], good: &[u32], c: usize) -> Vec<usize> {
    let p = nodes[c].parent as usize;
    if p == 0 || c == 0 {
        return vec![c];
    }
    let top = scores[c];
    let threshold = (top * 0.2).max(10.0);
    let mut out = Vec::new();
    let end = nodes[p].end as usize;
    let mut j = p + 1;
    while j < end {
        let s = &nodes[j];
        let next = (s.end as usize).max(j + 1);
        let keep = j == c
            || (!boiler[j]
                && !s.is_text()
                && match s.hint {
                    Hint::Weak => good[j] >= 80 && s.link_density() < 0.3,
                    _ => {
                        scores[j] >= threshold
                            || (good[j] >= 80 && s.link_density() < 0.25)
                            || (score::is_para_tag(s.name)
                                && s.chars >= 30
                                && s.punct > 0
                                && s.link_density() < 0.2)
                    }
                });
        if keep {
            out.push(j);
        }
        j = next;
    }
    out
}

/// Climb from the best container to ancestors that add article-like text (an
/// article split into several blocks), stopping at link-heavy or mostly
/// boilerplate levels and below `<body>`.
fn climb(nodes: &[Node<'_>], good: &[u32], c: usize) -> usize {
    let mut best = c;
    let mut a = c;
    for _ in 0..6 {
        let p = nodes[a].parent as usize;
        if p == 0 || matches!(nodes[p].name, "body" | "html") || nodes[p].link_density() >= 0.35 {
            break;
        }
        let extra_good = good[p].saturating_sub(good[best]) as f32;
        let extra_all = nodes[p].chars.saturating_sub(nodes[best].chars) as f32;
        if extra_all > 0.0 && extra_good / extra_all < 0.7 {
            break;
        }
        if extra_good >= (0.1 * good[best] as f32).min(100.0) {
            best = p;
        }
        a = p;
    }
    best
}

/// Lead paragraphs between the headline and the article region: text-bearing
/// paragraphs after the first `<h1>` and before the region, outside boilerplate.
fn lead_paragraphs(nodes: &[Node<'_>], boiler: &[bool], first_root: usize) -> Vec<usize> {
    let Some(h1) = (1..first_root).find(|&i| nodes[i].name == "h1" && !boiler[i]) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut i = (nodes[h1].end as usize).max(h1 + 1);
    while i < first_root && out.len() < 3 {
        let n = &nodes[i];
        if n.is_text() || boiler[i] {
            i = (n.end as usize).max(i + 1);
            continue;
        }
        // Containers holding the region are walked into, not taken.
        if (n.end as usize) > first_root {
            i += 1;
            continue;
        }
        let para = matches!(n.name, "p" | "div" | "section" | "span" | "strong" | "b" | "em")
            && n.chars >= 80
            && n.punct >= 1
            && n.link_density() < 0.2
            && leaf_block(nodes, i)
            && !matches!(n.hint, Hint::Boiler(_) | Hint::Comments | Hint::Hidden);
        if para {
            out.push(i);
            i = (n.end as usize).max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Characters of paragraph text (not boilerplate, in low-link blocks) per subtree.
fn good_text(nodes: &[Node<'_>], boiler: &[bool]) -> Vec<u32> {
    let n = nodes.len();
    let mut ld = vec![0.0f32; n];
    let mut good = vec![0u32; n];
    for i in 1..n {
        let p = nodes[i].parent as usize;
        ld[i] = if nodes[i].block { nodes[i].link_density() } else { ld[p] };
        if nodes[i].is_text() && !boiler[p] && ld[p] < 0.5 {
            good[i] = nodes[i].chars;
        }
    }
    for i in (1..n).rev() {
        let p = nodes[i].parent as usize;
        if p != i {
            good[p] += good[i];
        }
    }
    good
}

/// A block of text as it comes out of the walk.
#[derive(Debug)]
struct Block {
    text: String,
    /// Element that opened it (`p`, `h2`, `li` …).
    tag: &'static str,
    /// Share of characters inside links.
    link_share: f32,
    /// The block is (in) the first `h1`.
    h1: bool,
}

struct Emitter<'n, 'a> {
    nodes: &'n [Node<'a>],
    boiler: &'n [bool],
    blocks: Vec<Block>,
    removed: Vec<Removal>,
    buf: String,
    buf_link: usize,
    link_depth: usize,
    block_tag: Vec<&'static str>,
    in_h1: usize,
    /// Fallback mode: keep only paragraph-like blocks with little link text.
    strict: bool,
    /// Characters in the region being walked.
    root_chars: usize,
}

fn static_tag(name: &str) -> &'static str {
    match name {
        "p" => "p",
        "h1" => "h1",
        "h2" => "h2",
        "h3" => "h3",
        "h4" => "h4",
        "h5" => "h5",
        "h6" => "h6",
        "li" => "li",
        "blockquote" => "blockquote",
        "pre" => "pre",
        "td" | "th" => "td",
        "dd" | "dt" => "dd",
        _ => "div",
    }
}

impl<'n, 'a> Emitter<'n, 'a> {
    fn new(nodes: &'n [Node<'a>], boiler: &'n [bool]) -> Self {
        Emitter {
            nodes,
            boiler,
            blocks: Vec::new(),
            removed: Vec::new(),
            buf: String::new(),
            buf_link: 0,
            link_depth: 0,
            block_tag: Vec::new(),
            in_h1: 0,
            strict: false,
            root_chars: 0,
        }
    }

    fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let text = normalize(&self.buf);
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        let link_share = if chars == 0 { 0.0 } else { (self.buf_link as f32 / chars as f32).min(1.0) };
        self.buf.clear();
        self.buf_link = 0;
        if text.is_empty() {
            return;
        }
        let tag = self.block_tag.last().copied().unwrap_or("div");
        if self.strict {
            let para = matches!(tag, "p" | "blockquote" | "pre" | "li" | "td" | "dd" | "div");
            if !para || link_share > 0.5 || chars < 20 {
                self.remove(text, RemovalReason::Other);
                return;
            }
        }
        self.blocks.push(Block { text, tag, link_share, h1: self.in_h1 > 0 });
    }

    fn remove(&mut self, text: String, reason: RemovalReason) {
        if text.is_empty() {
            return;
        }
        let text = truncate(text);
        self.removed.push(Removal { text, reason });
    }

    fn subtree_text(&self, i: usize) -> String {
        let mut s = String::new();
        let end = self.nodes[i].end as usize;
        for k in i..end.min(self.nodes.len()) {
            let n = &self.nodes[k];
            if n.is_text() {
                s.push_str(n.text);
            } else if n.block {
                s.push(' ');
            }
            if s.len() > MAX_REMOVAL_CHARS * 4 {
                break;
            }
        }
        normalize(&s)
    }

    /// Drop the subtree at `i`, recording its text.
    fn drop_subtree(&mut self, i: usize, reason: RemovalReason) {
        let block = self.nodes[i].block;
        if block {
            self.flush();
            // A heading or label right before a dropped list introduces it ("Related stories").
            if reason == RemovalReason::Navigation && self.nodes[i].chars > 0 {
                if let Some(last) = self.blocks.last() {
                    let label = last.tag.starts_with('h')
                        || (last.text.chars().count() < 50 && last.text.trim_end().ends_with(':'));
                    if label {
                        if let Some(b) = self.blocks.pop() {
                            self.remove(b.text, RemovalReason::Navigation);
                        }
                    }
                }
            }
        }
        let t = self.subtree_text(i);
        self.remove(t, reason);
    }

    fn walk(&mut self, root: usize) {
        self.root_chars = self.nodes[root].chars as usize;
        // Iterative pre-order walk with explicit close events.
        let mut stack: Vec<(usize, bool)> = vec![(root, false)];
        while let Some((i, closing)) = stack.pop() {
            let node = &self.nodes[i];
            if closing {
                if node.name == "a" {
                    self.link_depth = self.link_depth.saturating_sub(1);
                }
                if node.name == "h1" {
                    self.in_h1 = self.in_h1.saturating_sub(1);
                }
                if node.block {
                    self.flush();
                    self.block_tag.pop();
                }
                continue;
            }
            if node.is_text() {
                self.buf.push_str(node.text);
                if self.link_depth > 0 {
                    self.buf_link += node.chars as usize;
                }
                continue;
            }
            if let Some(reason) = self.prune(i) {
                self.drop_subtree(i, reason);
                continue;
            }
            match node.name {
                "br" | "hr" => {
                    self.flush();
                    continue;
                }
                "a" => self.link_depth += 1,
                "h1" => self.in_h1 += 1,
                _ => {}
            }
            if node.block {
                self.flush();
                self.block_tag.push(static_tag(node.name));
            }
            stack.push((i, true));
            // Children in reverse so the first child is popped first.
            let end = node.end as usize;
            let from = stack.len();
            let mut j = i + 1;
            while j < end {
                stack.push((j, false));
                j = (self.nodes[j].end as usize).max(j + 1);
            }
            stack[from..].reverse();
        }
    }

    /// Should the subtree at `i` be dropped, and why.
    fn prune(&self, i: usize) -> Option<RemovalReason> {
        let n = &self.nodes[i];
        match n.hint {
            Hint::Boiler(r) if self.boiler[i] => return Some(r),
            Hint::Comments => return Some(RemovalReason::Navigation),
            Hint::Hidden => return Some(RemovalReason::Other),
            _ => {}
        }
        if n.chars == 0 {
            return None;
        }
        let ld = n.link_density();
        match n.hint {
            Hint::Weak if ld > 0.5 || (n.chars < 100 && n.punct == 0) => {
                return Some(if ld > 0.5 { RemovalReason::Navigation } else { RemovalReason::Other })
            }
            _ => {}
        }
        match n.name {
            // Lists of links: menus, "related", "read more".
            // A list that is most of the article is the article (a link roll).
            "ul" | "ol" | "dl" | "table" | "div" | "section" | "header" | "form"
                if (n.chars as usize) * 2 < self.root_chars =>
            {
                let avg = n.chars / n.links.max(1);
                if n.links >= 3 && ld > 0.6 && avg < 120 {
                    return Some(RemovalReason::Navigation);
                }
                if n.links >= 2 && ld > 0.8 && matches!(n.name, "ul" | "ol") {
                    return Some(RemovalReason::Navigation);
                }
                None
            }
            _ => None,
        }
    }
}

fn truncate(mut text: String) -> String {
    if text.chars().count() > MAX_REMOVAL_CHARS {
        let cut = text.char_indices().nth(MAX_REMOVAL_CHARS).map_or(text.len(), |(b, _)| b);
        text.truncate(cut);
        text.push('…');
    }
    text
}

/// Collapse whitespace; drop soft hyphens and zero-width characters.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        let mut chars =
            w.chars().filter(|c| !matches!(c, '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}'));
        if let Some(first) = chars.next() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(first);
            out.extend(chars);
        }
    }
    out
}

fn norm_key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Last block-level clean-up: headline, bylines and date lines at the edges,
/// trailing headings and link-only lines.
fn finish_blocks(blocks: Vec<Block>, hints: &Hints, removed: &mut Vec<Removal>) -> Vec<String> {
    let title_key = hints.title.as_deref().map(norm_key).unwrap_or_default();
    let author_key = hints.author.as_deref().map(norm_key).unwrap_or_default();
    let mut kept: Vec<Block> = Vec::with_capacity(blocks.len());
    for b in blocks {
        let key = norm_key(&b.text);
        if key.is_empty() {
            continue;
        }
        if b.h1 || (!title_key.is_empty() && key == title_key && b.tag.starts_with('h')) {
            // The headline goes to hints.title, not into the body.
            continue;
        }
        let short = b.text.chars().count() < 100;
        if short && !author_key.is_empty() && (key == author_key || is_byline(&b.text, &author_key)) {
            removed.push(Removal { text: b.text, reason: RemovalReason::Byline });
            continue;
        }
        if short && kept.len() < 3 && metadata::is_date_line(&b.text) {
            removed.push(Removal { text: b.text, reason: RemovalReason::Other });
            continue;
        }
        if (short && is_credit_line(&b.text)) || is_caption_block(&b.text) {
            removed.push(Removal { text: b.text, reason: RemovalReason::Caption });
            continue;
        }
        if b.text.chars().count() < 400 && is_prompt(&b.text) {
            removed.push(Removal { text: b.text, reason: RemovalReason::Navigation });
            continue;
        }
        if (short && is_boiler_line(&b.text)) || is_read_also(&b.text) {
            removed.push(Removal { text: b.text, reason: RemovalReason::Navigation });
            continue;
        }
        // A lone link outside a paragraph ("Weiterlesen", "« Previous post").
        // A heading that is all link is a teaser's title, not a subheading.
        if b.link_share > 0.9 && b.tag != "p" && (b.text.chars().count() < 40 || b.tag.starts_with('h')) {
            removed.push(Removal { text: b.text, reason: RemovalReason::Navigation });
            continue;
        }
        kept.push(b);
    }
    // The article ends at a heading that opens site furniture ("About the author",
    // "Related", "Newsletter") in its second half: drop from there on.
    let n = kept.len();
    if let Some(cut) = kept.iter().enumerate().position(|(k, b)| {
        k >= n / 2
            && k > 0
            && (b.tag.starts_with('h') || b.text.chars().count() < 60)
            && is_tail_heading(&b.text)
    }) {
        for b in kept.drain(cut..) {
            removed.push(Removal { text: b.text, reason: RemovalReason::Navigation });
        }
    }
    // After the last real paragraph and the last sentence, short lines without
    // sentence punctuation are furniture (tags, names, "Share", contact lines).
    let sentence = |b: &Block| {
        b.text.trim_end().ends_with(['.', '!', '?', '…', '"', '»', '«', '“', '”', ')', '。', '！', '？', ':'])
    };
    if let Some(last_para) = kept.iter().rposition(|b| b.text.chars().count() >= 150 && b.link_share < 0.3) {
        let last_sentence = kept.iter().rposition(sentence).unwrap_or(0).max(last_para);
        let tail = kept.split_off((last_sentence + 1).min(kept.len()));
        for b in tail {
            if b.text.chars().count() < 100 && !sentence(&b) && matches!(b.tag, "div" | "p") {
                removed.push(Removal { text: b.text, reason: RemovalReason::Navigation });
            } else {
                kept.push(b);
            }
        }
    }
    // Headings with nothing after them introduce something that was removed.
    while kept.last().is_some_and(|b| {
        b.tag.starts_with('h') || (b.text.chars().count() < 60 && b.text.trim_end().ends_with(':'))
    }) {
        if let Some(b) = kept.pop() {
            removed.push(Removal { text: b.text, reason: RemovalReason::Navigation });
        }
    }
    kept.into_iter().map(|b| b.text).collect()
}

/// Photo credits: `Foto: dpa`, `© Getty Images`, `Augusta National/Getty Images`.
fn is_credit_line(text: &str) -> bool {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)^\W*(?:(?:foto|fotos|photo|photos|photograph|bild|bilder|image|images|credit|credits|grafik|illustration|abbildung|abb\.|zdjęcie|fot\.|źródło zdjęcia)\s*:|(?:photograph|foto|photo)\s+(?:by|von|de)\s|©|\(c\)|copyright\b)|(?:/|\|)\s*(?:getty\s*images|dpa|afp|reuters|ap|imago|shutterstock|istock|picture[- ]alliance|keystone|epa)\W*$|^\W*(?:getty\s*images|imago(?:\s+images)?|shutterstock|istockphoto|picture[- ]alliance)\W*$",
        )
        .expect("regex")
    });
    text.chars().count() < 100 && RE.is_match(text.trim())
}

/// A caption block: `Abbildung 4: …`, `Figure 2. …`, or a short text that ends in a
/// credit (`… in Peking. © AFP / Marco Bertorello`, `… (Foto: dpa)`).
fn is_caption_block(text: &str) -> bool {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)^\W*(?:abbildung|abb\.|figure|fig\.|grafik|tabelle|table|rycina|ilustracja|figura)\s*\d+\s*[:.]|(?:©|\(c\)|\b(?:foto|fotos|photo|photos|bild|credit|fot\.)\s*:)\s*[^.!?©]{1,60}\)?\s*$",
        )
        .expect("regex")
    });
    text.chars().count() < 250 && RE.is_match(text.trim())
}

/// Calls to subscribe, accept cookies, register, donate or rate, in any article.
fn is_prompt(text: &str) -> bool {
    let lower = text.to_lowercase();
    const CUES: &[&str] = &[
        "cookie",
        "newsletter",
        "registr",
        "regist",
        "anmeld",
        "abonn",
        "spend",
        "privacy",
        "privatsph",
        "gefällt",
        "like this",
        "log in",
        "sign in",
        "subscri",
        "unterstütz",
        "support",
        "wesprzyj",
        "donat",
        "posteingang",
        "inbox",
        " app",
        "follow",
        "folg",
        "sigue",
        "sígue",
        "telegram",
        "letter",
        "affiliate",
        "rights reserved",
        "rechte vorbehalten",
        "copyright",
        "prawa zastrzeżone",
        "genehmigung",
        "permission",
    ];
    if !CUES.iter().any(|c| lower.contains(c)) {
        return false;
    }
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)(?:cookies?\b.*\b(?:akzeptier|zustimm|einverstanden|accept|consent|agree|verwende|utilis|usamy|używamy)|(?:akzeptier|accept|agree|verwende|utilis|usamy|używamy).*\bcookies?\b|newsletter\b.*\b(?:abonnier|anmelden|bestellen|subscribe|sign(?:ing)?\s*up|inscri|suscr|zapisz)|(?:abonnier|anmelden|subscrib|sign(?:ing)?\s*up|inscri|suscr|zapisz).*\bnewsletter|(?:jetzt|hier)\s+(?:registrieren|anmelden|abonnieren|spenden)|(?:register|log\s*in|sign\s*in)\s+to\s+(?:comment|continue|read)|(?:respektieren|respect)\s+(?:deine|ihre|your)\s+(?:privatsphäre|privacy)|dieser\s+artikel\s+gefällt\s+ihnen|like\s+this\s+(?:article|recipe|story)\?|(?:please|to\s+(?:view|read|continue)\b.{0,40})\bsubscribe\b|subscribe\s+(?:now|today)\b|already\s+a\s+subscriber|log\s*in\s+for\s+(?:immediate\s+)?access|unterstützen\s+sie\s+(?:uns|unsere\w*|diese\s+form|unabhängige\w*)|unterstütze\s+\S+\s+(?:bereits\s+|jetzt\s+)?mit\s+\d|(?:consider\s+)?support(?:ing)?\s+(?:our|independent)\s+(?:work|journalism)|wesprzyj\s+nas|make\s+a\s+donation\b|donate\s+(?:now|today)|(?:in\s+deinen?|in\s+ihren?|deinem|ihrem)\s+posteingang|(?:to|in)\s+your\s+inbox|melde\s+dich\b.{0,40}\bnewsletter|^\W*(?:get|download)\b.{0,80}\bapps?\b|for\s+the\s+latest\b.{0,80}\bapps?\b|\bapp\s+(?:herunterladen|laden)|^\W*(?:follow|folgen\s+sie|folge)\s+(?:us|uns|the\s+\S+|\S+)\s+(?:on|auf)\s+(?:twitter|facebook|instagram|telegram|linkedin|youtube)|s[ií]guenos\s+en\b|canal\s+de\s+telegram|telegram[- ]kanal|join\s+our\s+telegram|(?:submit|send|write)\s+(?:a|your)\s+letters?\s+to\s+the\s+editor|affiliate[- ]?links?|we\s+may\s+(?:receive|earn)\s+(?:a\s+)?(?:compensation|commission)|all\s+rights\s+reserved|alle\s+rechte\s+vorbehalten|wszelkie\s+prawa\s+zastrzeżone|copyrighted\s+property|vervielfältigung\s+nur\s+mit\s+genehmigung|written\s+permission\s+must)",
        )
        .expect("regex")
    });
    RE.is_match(text)
}

/// "Read also: <headline>" lines that point to another article, in the languages
/// of the news we see (the label with a colon, arrow or question mark, then a title).
fn is_read_also(text: &str) -> bool {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?ix)^\W*(?:
              read\s+(?:more|also|next)|see\s+also|related(?:\s+(?:articles?|stories|coverage))?|more\s+on\s+this|
              (?:à\s+)?lire\s+aussi|voir\s+aussi|
              le[ae]\s+(?:también|más)|le[ae]|ve[ar]\s+también|puedes\s+ver|(?:le|te)\s+puede\s+interesar|mira\s+también|
              leia\s+(?:também|mais)|veja\s+também|leggi\s+anche|vedi\s+anche|
              lesen\s+sie\s+(?:auch|mehr|hier|dazu)|auch\s+lesen|ebenfalls\s+lesenswert|mehr\s+zum\s+thema|siehe\s+auch|(?:zum\s+)?weiterlesen|schon\s+gelesen|
              czytaj\s+(?:też|także|również|więcej)|zobacz\s+(?:też|także|również)|przeczytaj\s+(?:też|także|również)|dowiedz\s+się\s+więcej|
              lue\s+(?:myös|seuraavaksi|lisää)|läs\s+(?:också|mer)|les\s+også|lees\s+(?:ook|meer)
            )\s*(?::|»|›|>>|\?|–|—)\s*.*$",
        )
        .expect("regex")
    });
    text.chars().count() < 200 && RE.is_match(text.trim())
}

/// A heading after which an article page carries no more article.
fn is_tail_heading(text: &str) -> bool {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?ix)^\W*(?:
              über\s+(?:den|die)\s+autor(?:in)?|zu[rm]\s+autor(?:in)?|about\s+the\s+authors?|à\s+propos\s+de\s+l['’]auteur|sobre\s+el\s+autor|o\s+autorze|
              (?:presse)?kontakt|ansprechpartner(?:in)?|contact(?:\s+us)?|pressekontakt|medienkontakt|
              quellen(?:angaben)?|weiterführende\s+(?:informationen|links)|zusatzinformationen|originalartikel|weitere\s+beiträge(?:\s+aus\s+der\s+\w+)?|
              newsletter|(?:neueste|aktuelle|weitere|beliebte|meistgelesene)\s+(?:artikel|beiträge|nachrichten|news|themen)|
              (?:latest|more|popular|most\s+read|top)\s+(?:news|stories|articles|posts)|
              leserkommentare|kommentare|comments|commentaires|comentarios|komentarze|
              ähnliche\s+(?:beiträge|artikel)|mehr\s+zum\s+thema|related(?:\s+\w+)?|das\s+könnte\s+sie\s+(?:auch\s+)?interessieren|
              you\s+might\s+also\s+like|lire\s+aussi|à\s+lire\s+aussi|zobacz\s+(?:też|także)|noticias\s+relacionadas
            )\W*$",
        )
        .expect("regex")
    });
    RE.is_match(text.trim())
}

/// Lines that are site furniture in any article: ad labels, "related" and
/// "read more" headers, share and rating prompts, tag and category lines.
fn is_boiler_line(text: &str) -> bool {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?ix)^\W*(?:
              anzeige|werbung|advertisement|advertising|sponsored|publicité|publicidad|reklama|
              ähnliche\s+(?:beiträge|artikel|themen)|verwandte\s+(?:artikel|beiträge)|mehr\s+zum\s+thema|
              das\s+könnte\s+sie\s+(?:auch\s+)?interessieren|auch\s+interessant|weitere\s+(?:artikel|beiträge|informationen|nachrichten|themen)|
              lesen\s+sie\s+(?:auch|mehr|hier)(?:\s*:.*)?|(?:read\s+(?:more|also)|lire\s+aussi|czytaj\s+(?:też|także)|zobacz\s+(?:też|także)|leer\s+más|siehe\s+auch|mehr\s+dazu)\s*:.*|weiterlesen|mehr\s+lesen|zum\s+artikel|
              related(?:\s+(?:articles?|posts?|stories|coverage|content|reading))?|read\s+(?:more|next|also|further)|see\s+also|more\s+(?:from|on|stories)|explore\s+further|you\s+may\s+also\s+like|recommended(?:\s+for\s+you)?|
              à\s+lire\s+aussi|lire\s+aussi|voir\s+aussi|sur\s+le\s+même\s+sujet|
              leer\s+más|te\s+puede\s+interesar|noticias\s+relacionadas|
              zobacz\s+(?:też|także|również)|czytaj\s+(?:też|także|również|więcej)|
              teilen|share(?:\s+this(?:\s+(?:article|post|story))?)?|partager|compartir|udostępnij|
              (?:tags?|schlagwörter|schlagworte|themen|kategorien?|categories|category|stichwörter|schlüsselwörter|étiquettes|etykiety)\s*:.*|
              (?:war\s+(?:dieser|der)\s+artikel\s+(?:hilfreich|nützlich)|wie\s+(?:hat\s+ihnen|bewerten\s+sie)|was\s+this\s+(?:article|page)\s+helpful|rate\s+this).*|
              zurück|back|nach\s+oben|back\s+to\s+top|top|drucken|print|e-?mail|kommentare?|comments?|
              \d+\s*min(?:ute)?s?\.?\s+(?:read|lesezeit|de\s+lecture|lectura)|(?:lesezeit|reading\s+time|temps\s+de\s+lecture|tiempo\s+de\s+lectura)\s*:?\s*\d+.*|
              \(?(?:noch\s+keine\s+bewertungen?|no\s+ratings?\s+yet|keine\s+kommentare|no\s+comments(?:\s+yet)?)\)?.*|
              (?:aktualisiert|zuletzt\s+aktualisiert|updated|last\s+updated|mis\s+à\s+jour|actualizado)\s*(?:am|on|le|el)?\s*:?\s*\d.*
            )\W*$",
        )
        .expect("regex")
    });
    text.chars().count() < 60 && RE.is_match(text.trim())
}

fn is_byline(text: &str, author_key: &str) -> bool {
    let key = norm_key(text);
    key.contains(author_key) && text.split_whitespace().count() <= author_key.len() / 3 + 8
}

/// Record text outside the article region (leaf blocks only), with a reason.
fn record_outside(nodes: &[Node<'_>], boiler: &[bool], roots: &[usize], removed: &mut Vec<Removal>) {
    if roots == [0] {
        return;
    }
    let mut count = 0usize;
    let mut i = 1usize;
    let mut reason_at: Vec<Option<RemovalReason>> = vec![None; nodes.len()];
    while i < nodes.len() && count < MAX_OUTSIDE_REMOVALS {
        if let Some(&r) = roots.iter().find(|&&r| r == i) {
            i = (nodes[r].end as usize).max(i + 1);
            continue;
        }
        let n = &nodes[i];
        let p = n.parent as usize;
        reason_at[i] = match n.hint {
            Hint::Boiler(r) if boiler[i] => Some(r),
            Hint::Comments => Some(RemovalReason::Navigation),
            Hint::Hidden => Some(RemovalReason::Other),
            _ => reason_at[p],
        };
        if n.block && n.chars > 0 && leaf_block(nodes, i) {
            let mut s = String::new();
            for k in &nodes[i + 1..(n.end as usize).min(nodes.len())] {
                if k.is_text() {
                    s.push_str(k.text);
                }
            }
            let reason = reason_at[i].unwrap_or(if n.link_density() > 0.5 {
                RemovalReason::Navigation
            } else {
                RemovalReason::Other
            });
            let t = truncate(normalize(&s));
            if !t.is_empty() {
                removed.push(Removal { text: t, reason });
                count += 1;
            }
            i = (n.end as usize).max(i + 1);
            continue;
        }
        i += 1;
    }
}

fn leaf_block(nodes: &[Node<'_>], i: usize) -> bool {
    let end = nodes[i].end as usize;
    let mut j = i + 1;
    while j < end {
        if nodes[j].block && nodes[j].chars > 0 {
            return false;
        }
        j = (nodes[j].end as usize).max(j + 1);
    }
    true
}

/// Title, date, author, site name, language.
fn hints(
    dom: &Dom<'_>,
    boiler: &[bool],
    url: Option<&str>,
    today: chrono::NaiveDate,
    em: &Emitter<'_, '_>,
    roots: &[usize],
) -> Hints {
    use metadata::{meta, norm};
    let col = &dom.col;
    let nodes = &dom.nodes;
    let ld = metadata::json_ld(&col.json_ld);
    let host = url.and_then(|u| u.split_once("://").map(|(_, r)| r.split('/').next().unwrap_or(r)));

    let sitename = meta(col, &["og:site_name", "application-name", "publisher", "dc.publisher"])
        .map(norm)
        .or_else(|| ld.publisher.as_deref().map(norm))
        .filter(|s| !s.is_empty() && s.chars().count() < 100);

    // Title: JSON-LD headline, OpenGraph/Twitter/DC, the single h1, <title>.
    let h1s: Vec<String> = em.blocks.iter().filter(|b| b.h1).map(|b| b.text.clone()).collect();
    let page_h1 = first_h1(nodes);
    let strip = |t: &str| metadata::strip_site(&norm(t), sitename.as_deref(), host);
    let title = ld
        .headline
        .as_deref()
        .map(strip)
        .or_else(|| {
            meta(col, &["og:title", "twitter:title", "dc.title", "citation_title", "headline"]).map(strip)
        })
        .or_else(|| h1s.first().cloned())
        .or(page_h1)
        .or_else(|| col.title.as_deref().map(|t| metadata::longest_segment(&strip(t))))
        .filter(|t| !t.is_empty());

    // Date: JSON-LD, meta, URL, <time>, dated elements and text near the article,
    // modified dates last. Nothing inside related lists or sidebars.
    let machine = |s: &str| metadata::parse_machine_date(s, today);
    let in_boiler = |i: usize| {
        let p = nodes[i].parent as usize;
        boiler.get(p).copied().unwrap_or(false)
    };
    let first_root = roots.first().copied().unwrap_or(0);
    let last_end = roots.last().map_or(0, |&r| nodes[r].end as usize);
    let date_elements: Vec<usize> = (1..nodes.len())
        .filter(|&i| {
            let n = &nodes[i];
            !n.is_text() && n.chars > 0 && n.chars < 100 && !in_boiler(i) && is_date_class(n.class, n.id)
        })
        .take(50)
        .collect();
    let text_date = |i: usize| {
        let t = normalize(&node_text(nodes, i));
        metadata::parse_text_date(&t, today)
    };
    let published = ld
        .published
        .as_deref()
        .and_then(machine)
        .or_else(|| {
            meta(
                col,
                &[
                    "article:published_time",
                    "og:article:published_time",
                    "article:published",
                    "og:published_time",
                    "published_time",
                    "datepublished",
                    "article.published",
                    "dc.date.issued",
                    "dcterms.issued",
                    "dc.date",
                    "dcterms.date",
                    "dc.date.created",
                    "dcterms.created",
                    "date",
                    "pubdate",
                    "publishdate",
                    "publish-date",
                    "publish_date",
                    "publication_date",
                    "sailthru.date",
                    "parsely-pub-date",
                    "citation_publication_date",
                    "citation_date",
                    "originalpublicationdate",
                    "datecreated",
                    "uploaddate",
                ],
            )
            .and_then(machine)
        })
        .or_else(|| url.and_then(|u| metadata::url_date(u, today)))
        .or_else(|| ld.other_date.as_deref().and_then(machine))
        .or_else(|| {
            col.times
                .iter()
                .filter(|t| t.published && !in_boiler(t.node as usize))
                .find_map(|t| machine(&t.value))
        })
        .or_else(|| {
            // <time> inside or just before the article region.
            col.times
                .iter()
                .filter(|t| {
                    !in_boiler(t.node as usize) && is_near(nodes, t.node as usize, first_root, last_end)
                })
                .find_map(|t| machine(&t.value))
        })
        .or_else(|| {
            date_elements
                .iter()
                .filter(|&&i| is_near(nodes, i, first_root, last_end))
                .find_map(|&i| text_date(i))
        })
        .or_else(|| {
            em.blocks
                .iter()
                .take(6)
                .filter(|b| b.text.chars().count() < 120)
                .find_map(|b| metadata::parse_text_date(&b.text, today))
        })
        .or_else(|| {
            em.removed
                .iter()
                .take(20)
                .filter(|r| r.text.chars().count() < 120)
                .find_map(|r| metadata::parse_text_date(&r.text, today))
        })
        .or_else(|| date_elements.iter().find_map(|&i| text_date(i)))
        .or_else(|| {
            // A line that is only a date (`21.01.2022`, `Datum: 03.11.2021`) anywhere
            // outside boilerplate, first in reading order.
            (1..nodes.len())
                .filter(|&i| {
                    let n = &nodes[i];
                    n.block && n.chars > 0 && n.chars < 40 && !boiler[i] && leaf_block(nodes, i)
                })
                .take(2000)
                .find_map(|i| {
                    let t = normalize(&node_text(nodes, i));
                    if metadata::is_date_line(&t) {
                        metadata::parse_text_date(&t, today)
                    } else {
                        None
                    }
                })
        })
        .or_else(|| col.times.iter().find_map(|t| machine(&t.value)))
        .or_else(|| {
            meta(col, &["article:modified_time", "og:updated_time", "dateModified", "last-modified"])
                .and_then(machine)
        })
        .or_else(|| ld.modified.as_deref().and_then(machine));
    // A timestamp in UTC can fall on the next or previous day of the local date the
    // URL carries (`/2020/02/24/` vs `2020-02-25T02:25Z`): the URL has the local date.
    let published = match (published, url.and_then(|u| metadata::url_date(u, today))) {
        (Some(p), Some(u)) if p != u && days_apart(&p, &u).is_some_and(|d| d <= 1) => Some(u),
        (p, _) => p,
    };

    // Author: JSON-LD, meta, marked-up author elements, byline-class elements;
    // a handle (`jpetersen`) gives way to a full name found later in that order.
    let mut author_cands: Vec<String> = Vec::new();
    author_cands.extend(metadata::join_authors(ld.authors.iter().cloned()));
    author_cands.extend(
        meta(
            col,
            &[
                "author",
                "article:author",
                "og:article:author",
                "dc.creator",
                "dcterms.creator",
                "parsely-author",
                "sailthru.author",
                "byl",
                "citation_author",
            ],
        )
        .and_then(|a| metadata::join_authors([a.to_string()])),
    );
    author_cands.extend(metadata::join_authors(
        col.author_nodes.iter().take(3).map(|&i| node_text(nodes, i as usize)),
    ));
    author_cands.extend(
        nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.hint == Hint::Boiler(RemovalReason::Byline) && n.chars > 0 && n.chars < 120)
            .take(3)
            .find_map(|(i, _)| metadata::join_authors([node_text(nodes, i)])),
    );
    // The site, its domain or a company is not the author (`Deutsches Rotes Kreuz`
    // on its own press page, `lecker.de`, `Beispiel GmbH`).
    author_cands
        .retain(|a| !metadata::is_site_or_company(a, sitename.as_deref(), ld.publisher.as_deref(), host));
    let author = match author_cands.first() {
        Some(first) if !metadata::looks_like_full_name(first) && !first.contains(';') => {
            author_cands.iter().find(|a| metadata::looks_like_full_name(a)).or(Some(first)).cloned()
        }
        other => other.cloned(),
    };

    let language = col
        .lang
        .as_deref()
        .and_then(metadata::lang_code)
        .or_else(|| {
            meta(col, &["content-language", "dc.language", "og:locale", "language"])
                .and_then(metadata::lang_code)
        })
        .or_else(|| ld.language.as_deref().and_then(metadata::lang_code));

    Hints { title, published, author, sitename, language }
}

/// Days between two `YYYY-MM-DD` dates.
fn days_apart(a: &str, b: &str) -> Option<i64> {
    let a = chrono::NaiveDate::parse_from_str(a, "%Y-%m-%d").ok()?;
    let b = chrono::NaiveDate::parse_from_str(b, "%Y-%m-%d").ok()?;
    Some((a - b).num_days().abs())
}

/// Class or id naming a date (`post-date`, `entry-meta`, `datum`).
fn is_date_class(class: &str, id: &str) -> bool {
    const WORDS: &[&str] = &[
        "date", "time", "publish", "posted", "meta", "byline", "datum", "fecha", "data", "dateline", "zeit",
    ];
    let has = |s: &str| {
        !s.is_empty() && {
            let k = s.to_ascii_lowercase();
            WORDS.iter().any(|w| k.contains(w))
        }
    };
    has(class) || has(id)
}

/// Is `t` within the article region or in the few elements just before it?
fn is_near(nodes: &[Node<'_>], t: usize, first_root: usize, last_end: usize) -> bool {
    if t >= last_end {
        return false;
    }
    if t >= first_root {
        return true;
    }
    // Same parent chain: the region's parent contains the time element.
    let p = nodes[first_root].parent as usize;
    p != 0 && t > p && t < nodes[p].end as usize
}

fn node_text(nodes: &[Node<'_>], i: usize) -> String {
    let mut s = String::new();
    let end = (nodes[i].end as usize).min(nodes.len());
    for n in &nodes[i..end] {
        if n.is_text() {
            s.push_str(n.text);
        } else if n.block {
            s.push('\n');
        }
    }
    s
}

fn first_h1(nodes: &[Node<'_>]) -> Option<String> {
    let h1s: Vec<usize> =
        nodes.iter().enumerate().filter(|(_, n)| n.name == "h1").map(|(i, _)| i).take(2).collect();
    if h1s.len() == 1 {
        let t = normalize(&node_text(nodes, h1s[0]));
        (!t.is_empty()).then_some(t)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2024, 6, 1).expect("date")
    }

    const PAGE: &str = r##"<!doctype html><html lang="de"><head><title>Streit um Tarife | Beispiel-Zeitung</title>
<meta property="og:site_name" content="Beispiel-Zeitung">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Streit um Tarife","datePublished":"2012-05-31T10:00:00+02:00","author":{"@type":"Person","name":"Anna Muster"}}</script>
</head><body>
<nav><ul><li><a href="/">Start</a></li><li><a href="/politik">Politik</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner"><p>Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten.</p></div>
<main><article><h1>Streit um Tarife</h1><p class="byline">Von Anna Muster</p>
<div class="article-body">
<p>Die GEMA dreht völlig am Zeiger, sagen Clubbetreiber in der ganzen Stadt.</p>
<p>Kurz.</p>
<h2>Was die Clubs sagen</h2>
<p>Durch die geplanten Tariferhöhungen stehen viele Clubbesitzer vor dem Aus, heißt es.</p>
<ul><li>Erstens: höhere Gebühren für jede Veranstaltung.</li><li>Zweitens: weniger Auftritte.</li></ul>
<blockquote><p>„Das ist moderner Straßenraub“, sagt ein Betreiber.</p></blockquote>
<p><a href="http://www.openpetition.de/x">http://www.openpetition.de/petition</a></p>
<figure><img src="a.jpg"><figcaption>Ein Club in Berlin. Foto: X</figcaption></figure>
<div class="share-buttons"><a href="#">Teilen</a> <a href="#">Twittern</a></div>
</div></article>
<section class="related"><h3>Mehr zum Thema</h3><ul><li><a href="/1">Erster Artikel über Clubs</a></li><li><a href="/2">Zweiter Artikel</a></li><li><a href="/3">Dritter</a></li></ul></section>
<div id="comments"><p>Toller Artikel, danke für die Infos!</p></div>
</main><footer><p>Impressum · Datenschutz</p></footer></body></html>"##;

    #[test]
    fn article_page() {
        let ex = extract_at(PAGE, Some("https://example.de/2012/05/31/tarife"), today());
        let body = ex.blocks.join("\n");
        for want in [
            "Die GEMA dreht völlig am Zeiger",
            "Kurz.",
            "Was die Clubs sagen",
            "Erstens: höhere Gebühren",
            "moderner Straßenraub",
            "http://www.openpetition.de/petition",
        ] {
            assert!(body.contains(want), "missing {want:?} in {body}");
        }
        for not in [
            "Cookies",
            "Politik",
            "Teilen",
            "Mehr zum Thema",
            "Toller Artikel",
            "Impressum",
            "Ein Club in Berlin",
            "Von Anna",
        ] {
            assert!(!body.contains(not), "kept {not:?} in {body}");
        }
        assert!(!body.contains("Streit um Tarife"), "headline in body");
        assert!(ex.removed.iter().any(|r| r.reason == RemovalReason::Caption && r.text.contains("Ein Club")));
        assert!(ex
            .removed
            .iter()
            .any(|r| r.reason == RemovalReason::Navigation && r.text.contains("Toller Artikel")));
        assert_eq!(ex.hints.title.as_deref(), Some("Streit um Tarife"));
        assert_eq!(ex.hints.published.as_deref(), Some("2012-05-31"));
        assert_eq!(ex.hints.author.as_deref(), Some("Anna Muster"));
        assert_eq!(ex.hints.sitename.as_deref(), Some("Beispiel-Zeitung"));
        assert_eq!(ex.hints.language.as_deref(), Some("de"));
    }

    #[test]
    fn boiler_named_blocks_outside_the_article_are_dropped_however_long() {
        // A `related` list of long excerpts (low link density, > 400 chars) next to the
        // article is not a layout wrapper; page-builder and script-hook classes are not
        // boilerplate names.
        let excerpt = "Ein langer Auszug aus einem anderen Beitrag, der mit vielen Wörtern erzählt, was dort steht, und dann abbricht, damit man klickt, und noch weiter, bis der Platz im Kasten der Seite ganz voll ist";
        let para = "Der Stadtrat hat am Montag beschlossen, die Brücke über den Fluss zu sanieren, sagte die Bürgermeisterin.";
        let html = format!(
            r#"<html><body><div class="main"><article><h1>Brücke wird saniert</h1>
<div class="elementor-widget elementor-widget-text-editor"><p>{para} {para}</p><p>{para} {para}</p><p>{para} {para}</p><p>{para}</p></div>
<div class="js-readmore"><p>{para} Zweiter Teil.</p></div>
<div class="related-posts"><h3>Mehr</h3><div><h4><a href="/a">Erster</a></h4><p>{excerpt} …</p></div>
<div><h4><a href="/b">Zweiter</a></h4><p>{excerpt} …</p></div><div><h4><a href="/c">Dritter</a></h4><p>{excerpt} …</p></div></div>
</article></div></body></html>"#
        );
        let ex = extract_at(&html, None, today());
        let body = ex.blocks.join("\n");
        assert!(body.contains("Zweiter Teil."), "{body}");
        assert!(body.matches("Der Stadtrat").count() >= 3, "{body}");
        assert!(!body.contains("Ein langer Auszug"), "{body}");
    }

    #[test]
    fn navbox_inside_the_article_does_not_hand_the_page_to_the_references() {
        // The article container holds a big link box (boilerplate by name); its links
        // must not count against the container, or the reference list wins.
        let links: String =
            (0..120).map(|k| format!("<li><a href=\"/w{k}\">Verwandtes Thema {k}</a></li>")).collect();
        let refs: String = (0..12)
            .map(|k| format!("<li>Autor {k}, Ein Buch über Dinge, Verlag, Stadt {k}. Seiten 1–20.</li>"))
            .collect();
        let html = format!(
            r#"<html><body><div id="content"><h1>Dinge</h1>
<table class="vertical-navbox"><tr><td><ul>{links}</ul></td></tr></table>
<p>Dinge sind, was es gibt, sagte der Philosoph.</p><p>Manche Dinge sind klein, andere groß, und viele liegen dazwischen.</p>
<p>Die Lehre von den Dingen ist alt, und sie ist noch nicht fertig.</p><p>Kurz gesagt: Dinge.</p>
<p>Ein Ding hat Eigenschaften, etwa Farbe, Form und Gewicht, sagt das Lehrbuch.</p>
<p>Ob ein Ding ohne Eigenschaften denkbar ist, bleibt umstritten, schreibt ein Kritiker.</p>
<div class="reflist"><div class="cols"><ol class="refs">{refs}</ol></div></div></div></body></html>"#
        );
        let ex = extract_at(&html, None, today());
        let body = ex.blocks.join("\n");
        assert!(body.contains("sagte der Philosoph"), "{body}");
        assert!(body.contains("noch nicht fertig"), "{body}");
    }

    #[test]
    fn url_date_wins_over_a_utc_timestamp_one_day_off() {
        let html = r#"<html><head><meta property="article:published_time" content="2020-02-25T02:25:54+00:00"></head>
<body><article><p>Ein Absatz mit genug Text, damit er als Artikel zählt, und noch mehr Text dazu.</p></article></body></html>"#;
        let ex = extract_at(html, Some("https://x.com/2020/02/24/slug/"), today());
        assert_eq!(ex.hints.published.as_deref(), Some("2020-02-24"));
        let ex = extract_at(html, Some("https://x.com/2020/02/20/slug/"), today());
        assert_eq!(ex.hints.published.as_deref(), Some("2020-02-25"));
        // Microdata on a body element counts like a meta tag.
        let html = r#"<html><body><article><span itemprop="datePublished" content="2019-03-02T06:22:28+01:00">2. März</span>
<p>Ein Absatz mit genug Text, damit er als Artikel zählt, und noch mehr Text dazu.</p></article></body></html>"#;
        assert_eq!(extract_at(html, None, today()).hints.published.as_deref(), Some("2019-03-02"));
        // JSON-LD in an untyped script is still structured data; code never is.
        let body = "<p>Ein Absatz mit genug Text, damit er als Artikel zählt, und noch mehr Text dazu.</p>";
        let html = format!(
            r#"<html><head><script>{{"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2022-01-28T06:00:00+01:00"}}</script></head><body><article>{body}</article></body></html>"#
        );
        assert_eq!(extract_at(&html, None, today()).hints.published.as_deref(), Some("2022-01-28"));
        let html = format!(
            r#"<html><head><script>var d = {{"@context": "https://schema.org", "datePublished": "2022-01-28"}};</script></head><body><article>{body}</article></body></html>"#
        );
        assert_eq!(extract_at(&html, None, today()).hints.published, None);
    }

    #[test]
    fn future_and_script_dates_are_ignored() {
        let html = r#"<html><head><meta property="article:published_time" content="2031-01-01"></head><body>
<script>var d = "2020-01-01";</script><article><p>Ein Absatz mit genug Text, damit er als Artikel zählt, und noch mehr Text dazu.</p></article></body></html>"#;
        let ex = extract_at(html, None, today());
        assert_eq!(ex.hints.published, None);
    }

    #[test]
    fn normalize_text() {
        let cases = [
            ("  a \n b\t", "a b"),
            ("A \u{ad}", "A"),
            ("Ver\u{ad}kehr\u{200b}s", "Verkehrs"),
            ("\u{a0}x\u{a0}", "x"),
            ("", ""),
        ];
        for (i, want) in cases {
            assert_eq!(normalize(i), want, "{i:?}");
        }
    }

    #[test]
    fn boiler_lines() {
        for s in
            ["Anzeige", "Mehr zum Thema", "Lesen Sie auch: Der Fall X", "Tags: Politik, Kiel", "Share this"]
        {
            assert!(is_boiler_line(s), "{s}");
        }
        for s in ["Mehr Geld für Schulen", "Share prices fell sharply on Monday."] {
            assert!(!is_boiler_line(s), "{s}");
        }
        for s in [
            "Abbildung 4: klassische Schwachschicht. Der Unterschied ist klar ersichtlich.",
            "Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO",
            "Lee Elder war mit Talent gesegnet. | © Augusta National/Getty Images",
            "Die neue Halle im Winter (Foto: Steven Vangermain)",
        ] {
            assert!(is_caption_block(s), "{s}");
        }
        for s in [
            "Die Abbildung zeigt, wie das Eis schmilzt, sagte die Forscherin.",
            "Das Foto: ein Dokument der Zeit, das bis heute bewegt, weil es so viel zeigt.",
        ] {
            assert!(!is_caption_block(s), "{s}");
        }
        for s in
            ["4 Min Read", "Lesezeit: 3 Minuten", "(Noch keine Bewertungen)", "Aktualisiert am 17.01.2021."]
        {
            assert!(is_boiler_line(s), "{s}");
        }
        assert!(is_credit_line("Foto: dpa"));
        assert!(is_credit_line("Augusta National/Getty Images"));
        assert!(!is_credit_line("Die Foto-Ausstellung läuft bis Mai."));
        assert!(is_prompt("Jetzt den Newsletter abonnieren und nichts verpassen!"));
        assert!(!is_prompt("Der Stadtrat tagt am Montag."));
        for s in [
            "Wenn Ihnen unser Artikel gefallen hat: Unterstützen Sie diese Form des Journalismus.",
            "To view the full story, please subscribe to The Times.",
            "Follow The Gleaner on Twitter and Instagram.",
            "Siguenos en Telegram, Instagram, Facebook y Twitter",
            "Das ist Liebe in deinem Posteingang: Unser Newsletter!",
            "Bei den Verlinkungen handelt es sich um Affiliate Links.",
            "DER SPIEGEL 52/2018 Alle Rechte vorbehalten Vervielfältigung nur mit Genehmigung",
            "Get the latest news straight to your phone with the VI Consortium app.",
        ] {
            assert!(is_prompt(s), "{s}");
        }
        for s in [
            "Die Gewerkschaft will die Streikenden unterstützen, sagte sie.",
            "Support for the bill fell to 40 percent, the poll found.",
            "He wrote a letter to his mother every week.",
            "The app was downloaded a million times.",
            "Users can pay with the PayPal app, the company said.",
            "The donation was made in 2019.",
            "In a letter to the editor, the mayor defended the plan.",
        ] {
            assert!(!is_prompt(s), "{s}");
        }
        for s in [
            "Lea también: Impiden ingreso a Nicaragua a reportero",
            "Czytaj też: Komu dać superbroń?",
            "Lue myös: Tällä listalla Suomi on sijalla 7",
            "Schon gelesen?",
            "Lesen Sie hier: Spielabbruch in der Kreisliga zwischen türkischer und kurdischer Mannschaft",
        ] {
            assert!(is_read_also(s), "{s}");
        }
        for s in ["Lea Müller: Die Stadt braucht mehr Geld.", "Read the report here."] {
            assert!(!is_read_also(s), "{s}");
        }
    }

    #[test]
    fn empty_and_broken_input() {
        for html in ["", "<", "<html><body></body></html>", "<p>unclosed <b>bold", "\u{0}\u{1}<<>>"] {
            let ex = extract_at(html, None, today());
            assert!(ex.blocks.iter().all(|b| !b.is_empty()));
        }
    }
}
