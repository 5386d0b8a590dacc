//! What an element's class, id and role say about it, and which element holds
//! the article: paragraphs vote for their ancestors (text length, punctuation),
//! weighted by tag and class hints and discounted by link density.

use crate::model::RemovalReason;

use super::dom::Node;

/// The verdict of an element's tag, class, id and role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hint {
    /// Nothing special.
    None,
    /// Named like an article body (`article-body`, `entry-content`, `itemprop=articleBody`).
    Body,
    /// Named like content (`article`, `content`, `post`, `story`, `text`).
    Content,
    /// Weakly boilerplate (`header`, `meta`, `info`, `teaser` …): dropped only inside lists of links.
    Weak,
    /// Boilerplate for this reason: the subtree is dropped unless it reads like
    /// the article (much low-link text) or holds the headline.
    Boiler(RemovalReason),
    /// Comments: dropped even though they read like text.
    Comments,
    /// Hidden from readers (`hidden`, `sr-only`): dropped.
    Hidden,
}

/// Tags that are boilerplate whatever their class.
fn tag_hint(name: &str) -> Option<Hint> {
    Some(match name {
        "nav" | "menu" => Hint::Boiler(RemovalReason::Navigation),
        "aside" | "footer" => Hint::Boiler(RemovalReason::Navigation),
        "figcaption" => Hint::Boiler(RemovalReason::Caption),
        "form" | "fieldset" | "label" | "header" => Hint::Weak,
        _ => return None,
    })
}

fn is_tag_boiler(name: &str) -> bool {
    matches!(name, "nav" | "menu" | "aside" | "footer" | "figcaption")
}

/// Class/id tokens, matched against each lower-cased token of class and id.
/// `exact` must equal the token; `sub` may appear anywhere in it.
struct Rule {
    exact: &'static [&'static str],
    sub: &'static [&'static str],
    hint: Hint,
}

const NAV: Hint = Hint::Boiler(RemovalReason::Navigation);
const AD: Hint = Hint::Boiler(RemovalReason::Ad);
const CAPTION: Hint = Hint::Boiler(RemovalReason::Caption);
const BYLINE: Hint = Hint::Boiler(RemovalReason::Byline);

/// Checked in order; the first that matches a token wins (boilerplate before content,
/// so `article-footer` is a footer).
const RULES: &[Rule] = &[
    Rule {
        exact: &["hidden", "d-none", "is-hidden", "invisible", "hide", "visuallyhidden"],
        sub: &["sr-only", "visually-hidden", "screen-reader", "offscreen"],
        hint: Hint::Hidden,
    },
    Rule {
        exact: &[],
        sub: &[
            "articlebody",
            "article-body",
            "article__body",
            "article_body",
            "articletext",
            "article-text",
            "article__text",
            "article-content",
            "article__content",
            "articlecontent",
            "entry-content",
            "post-content",
            "postcontent",
            "post-body",
            "post_content",
            "post-text",
            "post-entry",
            "story-body",
            "storybody",
            "story-content",
            "body-text",
            "bodytext",
            "text-content",
            "field-body",
            "page-content",
            "main-content",
            "artikeltext",
            "article-main",
            "fulltext",
        ],
        hint: Hint::Body,
    },
    Rule {
        exact: &["comment", "comments", "kommentare", "respond", "replies", "reply"],
        sub: &[
            "comment-",
            "comments-",
            "-comment",
            "_comment",
            "comment_",
            "commentlist",
            "commentlinks",
            "disqus",
            "kommentare",
            "commentaire",
            "comentario",
            "reader-response",
            "usercomment",
        ],
        hint: Hint::Comments,
    },
    Rule {
        exact: &[
            "ad",
            "ads",
            "adv",
            "advert",
            "adverts",
            "anzeige",
            "werbung",
            "sponsored",
            "promo",
            "promoted",
            "banner",
        ],
        sub: &[
            "advert",
            "adsense",
            "adslot",
            "ad-slot",
            "ad-container",
            "ad-wrapper",
            "adbox",
            "ad-box",
            "sponsor",
            "outbrain",
            "taboola",
            "plista",
            "criteo",
            "paid-content",
            "promo-",
            "-promo",
            "werbung",
            "anzeige",
            "commercial",
            "dfp-",
            "google-ad",
            "banner-",
        ],
        hint: AD,
    },
    Rule {
        exact: &["caption", "credit", "credits", "legend", "bildunterschrift", "copyright"],
        sub: &[
            "caption",
            "photo-credit",
            "image-credit",
            "img-credit",
            "bildnachweis",
            "bu-text",
            "imagecredit",
            "media-credit",
            "figcaption",
        ],
        hint: CAPTION,
    },
    Rule {
        exact: &["byline", "author", "autor", "authors", "vcard", "dateline"],
        sub: &[
            "byline",
            "author-",
            "-author",
            "author_",
            "authorname",
            "autor-",
            "-autor",
            "posted-by",
            "submitted",
        ],
        hint: BYLINE,
    },
    Rule {
        exact: &[
            "nav",
            "navi",
            "menu",
            "sidebar",
            "footer",
            "share",
            "sharing",
            "social",
            "related",
            "tags",
            "tagcloud",
            "breadcrumb",
            "breadcrumbs",
            "pagination",
            "pager",
            "newsletter",
            "cookie",
            "cookies",
            "consent",
            "gdpr",
            "popup",
            "modal",
            "overlay",
            "toolbar",
            "widget",
            "widgets",
            "sitemap",
            "masthead",
            "login",
            "signup",
            "subscribe",
            "abo",
            "paywall",
            "print",
            "skip",
            "skiplink",
            "rating",
            "ratings",
            "recommended",
            "recommendations",
            "more",
            "most-read",
            "mostread",
            "popular",
            "trending",
            "teaser-list",
            "topnews",
            "topics",
            "sticky",
            "flyout",
            "hidden",
            "hide",
            "d-none",
            "is-hidden",
            "invisible",
        ],
        sub: &[
            "navigation",
            "navbar",
            "subnav",
            "-nav",
            "nav-",
            "nav_",
            "_nav",
            "menu",
            "sidebar",
            "side-bar",
            "footer",
            "share",
            "sharing",
            "social",
            "sociable",
            "shariff",
            "related",
            "relateds",
            "verwandt",
            "breadcrumb",
            "pagination",
            "newsletter",
            "cookie",
            "consent",
            "gdpr",
            "popup",
            "modal",
            "tag-list",
            "taglist",
            "tagcloud",
            "tags-",
            "-tags",
            "widget",
            "more-from",
            "more-articles",
            "more-stories",
            "morestories",
            "weitere",
            "mehr-zum",
            "recommend",
            "empfehl",
            "most-popular",
            "mostpopular",
            "most-read",
            "meistgelesen",
            "trending",
            "subscribe",
            "subscription",
            "signup",
            "sign-up",
            "login",
            "skip-link",
            "skiplink",
            "noprint",
            "sr-only",
            "visually-hidden",
            "screen-reader",
            "offscreen",
            "toolbar",
            "masthead",
            "site-header",
            "page-header",
            "topbar",
            "top-bar",
            "bottom-bar",
            "jp-relatedposts",
            "yarpp",
            "sharedaddy",
            "addtoany",
            "a2a",
            "post-navigation",
            "nav-links",
            "prev-next",
            "next-prev",
            "previous-next",
            "article-footer",
            "entry-footer",
            "post-footer",
            "entry-meta",
            "post-meta",
            "article-meta",
            "meta-data",
            "metadata",
            "infobox-related",
            "slider",
            "carousel",
            "author-box",
            "authorbox",
            "author-bio",
            "about-author",
            "feedback",
            "survey",
        ],
        hint: NAV,
    },
    Rule {
        exact: &["meta", "info", "date", "time", "header", "head", "teaser", "kicker", "tools", "links"],
        sub: &["date", "timestamp", "published", "infoline", "post-info", "entry-info", "header", "teaser"],
        hint: Hint::Weak,
    },
    Rule {
        exact: &[
            "article", "story", "content", "post", "entry", "text", "main", "body", "artikel", "beitrag",
        ],
        sub: &[
            "article", "story", "content", "entry", "post-", "-post", "blog", "text", "artikel", "beitrag",
            "inhalt", "main",
        ],
        hint: Hint::Content,
    },
];

/// Verdicts of class/id strings already seen on this page.
pub(super) type KeyCache<'a> = std::collections::HashMap<(&'a str, &'a str), Hint>;

/// Classify one element by tag, then role, itemprop, class and id.
pub(super) fn classify<'a>(name: &str, el: &'a scraper::node::Element, cache: &mut KeyCache<'a>) -> Hint {
    if matches!(name, "html" | "body") {
        return Hint::None;
    }
    if let Some(ip) = el.attr("itemprop") {
        let ip = ip.to_ascii_lowercase();
        if ip.contains("articlebody") || ip == "text" || ip == "reviewbody" {
            return Hint::Body;
        }
        if ip.contains("author") {
            return BYLINE;
        }
    }
    if let Some(t) = tag_hint(name) {
        return t;
    }
    if let Some(role) = el.attr("role") {
        match role.to_ascii_lowercase().as_str() {
            "navigation" | "menu" | "menubar" | "banner" | "contentinfo" | "complementary" | "search"
            | "dialog" | "alertdialog" | "tablist" | "toolbar" => return NAV,
            "main" | "article" => return Hint::Content,
            _ => {}
        }
    }
    if el.attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return NAV;
    }
    let class = el.attr("class").unwrap_or("");
    let id = el.attr("id").unwrap_or("");
    // Custom elements name themselves (`<pp-navigation>`, `<share-bar>`): their
    // name speaks like a class when the class and id say nothing.
    if class.is_empty() && id.is_empty() {
        return custom_hint(el.name(), cache);
    }
    // Pages repeat the same class strings: classify each distinct one once.
    let key_hint = match cache.get(&(class, id)) {
        Some(&h) => h,
        None => {
            let mut key = String::with_capacity(class.len() + id.len() + 1);
            key.push_str(class);
            key.push(' ');
            key.push_str(id);
            let h = classify_key(&key.to_ascii_lowercase());
            cache.insert((class, id), h);
            h
        }
    };
    // Semantic containers: a class never turns <article>/<main> into boilerplate
    // (WordPress puts `comments-open`, `tag-x` on them), bar comments.
    if matches!(name, "article" | "main") {
        return match key_hint {
            Hint::Body => Hint::Body,
            _ => Hint::Content,
        };
    }
    if key_hint == Hint::None {
        return custom_hint(el.name(), cache);
    }
    key_hint
}

/// The verdict of a custom element's name (`pp-navigation`); `None` for HTML's own tags.
fn custom_hint<'a>(name: &'a str, cache: &mut KeyCache<'a>) -> Hint {
    if !name.contains('-') {
        return Hint::None;
    }
    *cache.entry((name, "\u{0}custom")).or_insert_with(|| classify_key(&name.to_ascii_lowercase()))
}

/// A class token as it speaks about the element: script hooks (`js-readmore`) say
/// nothing; page builders prefix every block with their own vocabulary
/// (`elementor-widget-text-editor`, `et_pb_text`, `wpb_text_column`), so only the
/// block type after the prefix counts.
fn builder_token(t: &str) -> Option<&str> {
    if t.starts_with("js-") || t.starts_with("js_") {
        return None;
    }
    if let Some(rest) = t.strip_prefix("elementor-widget-") {
        return (!rest.is_empty()).then_some(rest);
    }
    if t.starts_with("elementor") {
        return None;
    }
    for prefix in ["et_pb_", "wpb_", "vc_"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return (!rest.is_empty()).then_some(rest);
        }
    }
    Some(t)
}

/// Classify a lower-cased `class id` string.
pub(super) fn classify_key(key: &str) -> Hint {
    let tokens: Vec<&str> = key.split_ascii_whitespace().filter_map(builder_token).collect();
    for rule in RULES {
        for t in &tokens {
            // WordPress state classes (`has-comments`, `comments-open`, `tag-foo`,
            // `category-bar`) describe the post, not the element.
            if t.starts_with("has-")
                || t.starts_with("tag-")
                || t.starts_with("category-")
                || t.starts_with("format-")
                || t.starts_with("status-")
                || t.contains("comments-open")
                || t.contains("comments-closed")
                || t.starts_with("postid-")
                || (rule.hint != Hint::Body
                    && rule.hint != Hint::Content
                    && ["wrap", "container", "layout", "with-", "has-", "no-", "grid", "col-"]
                        .iter()
                        .any(|w| t.contains(w)))
            {
                continue;
            }
            if rule.exact.contains(t) || rule.sub.iter().any(|s| t.contains(s)) {
                return rule.hint;
            }
        }
    }
    Hint::None
}

/// Tags that hold a paragraph of text.
pub(super) fn is_para_tag(name: &str) -> bool {
    matches!(name, "p" | "pre" | "td" | "blockquote" | "dd" | "li" | "address")
}

/// Block-level elements (a boundary between text blocks).
pub(super) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "address"
            | "hr"
            | "br"
            | "form"
            | "fieldset"
            | "legend"
            | "details"
            | "summary"
            | "center"
            | "body"
            | "html"
            | "hgroup"
            | "menu"
            | "noscript"
            | "output"
    )
}

/// Initial weight of a candidate container by tag.
fn tag_weight(name: &str) -> f32 {
    match name {
        "article" => 10.0,
        "main" => 5.0,
        "div" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

fn hint_weight(h: Hint, article_body: bool) -> f32 {
    let w = match h {
        Hint::Body => 40.0,
        Hint::Content => 15.0,
        Hint::Weak => -10.0,
        Hint::Boiler(_) | Hint::Comments | Hint::Hidden => -40.0,
        Hint::None => 0.0,
    };
    if article_body {
        w + 20.0
    } else {
        w
    }
}

/// Per-node flag: inside (or is) a boilerplate subtree. An element named like
/// boilerplate that holds the headline or the article body (a layout wrapper
/// such as `content-sidebar-wrap`) is not boilerplate.
pub(super) fn boiler_mask(nodes: &[Node<'_>], good_raw: &[u32]) -> Vec<bool> {
    boiler_mask_around(nodes, good_raw, None)
}

/// [`boiler_mask`] once the article container `c` is known: an element named like
/// boilerplate is a layout wrapper only when it holds `c` (or the headline/body);
/// elsewhere (a `related` list of excerpts, a `sidebar` full of teasers) it is dropped
/// however much text it carries.
pub(super) fn boiler_mask_around(nodes: &[Node<'_>], good_raw: &[u32], c: Option<usize>) -> Vec<bool> {
    let n = nodes.len();
    let mut has_main = vec![false; n];
    for i in (1..n).rev() {
        let node = &nodes[i];
        if node.name == "h1" || node.hint == Hint::Body || node.article_body {
            has_main[i] = true;
        }
        let p = node.parent as usize;
        if has_main[i] && p != i {
            has_main[p] = true;
        }
    }
    let mut mask = vec![false; n];
    for i in 1..n {
        let p = nodes[i].parent as usize;
        let own = match nodes[i].hint {
            Hint::Boiler(RemovalReason::Caption) | Hint::Comments | Hint::Hidden => true,
            Hint::Boiler(_) if is_tag_boiler(nodes[i].name) => !has_main[i],
            // Named like boilerplate but reads like an article: a wrapper.
            Hint::Boiler(_) => {
                let wraps_c = c.is_some_and(|c| c >= i && c < nodes[i].end as usize);
                let reads_like_article = good_raw[i] >= 400 && nodes[i].link_density() < 0.3;
                // Once `c` is known, only a block holding more article text than `c`
                // itself (the rest of a split body) still reads like the article.
                let big = c.is_none_or(|c| good_raw[i] >= good_raw[c]);
                !(has_main[i] || wraps_c || (reads_like_article && big))
            }
            _ => false,
        };
        mask[i] = (p != i && mask[p]) || own;
    }
    mask
}

/// True when every child of element `i` is inline (a `div` used as a paragraph).
fn only_inline_children(nodes: &[Node<'_>], i: usize) -> bool {
    let end = nodes[i].end as usize;
    let mut j = i + 1;
    while j < end {
        if nodes[j].block {
            return false;
        }
        j = (nodes[j].end as usize).max(j + 1);
    }
    true
}

/// Score every container; return the best one's index and the scores.
pub(super) fn best_candidate(nodes: &[Node<'_>], boiler: &[bool]) -> (Option<usize>, Vec<f32>) {
    let n = nodes.len();
    let mut score = vec![0.0f32; n];
    let mut init = vec![false; n];
    for i in 1..n {
        let node = &nodes[i];
        if node.is_text() || boiler[i] {
            continue;
        }
        let para = is_para_tag(node.name)
            || (matches!(node.name, "div" | "section" | "span" | "font" | "center")
                && node.chars >= 25
                && only_inline_children(nodes, i));
        if !para || node.chars < 25 {
            continue;
        }
        // Text that is mostly links says little about the container.
        let ld = node.link_density();
        let own = 1.0 + node.punct.min(30) as f32 * 0.5 + (node.chars as f32 / 100.0).min(3.0);
        let own = own * (1.0 - ld.min(1.0));
        let mut a = node.parent as usize;
        let mut level = 0usize;
        while a != 0 && level < 5 {
            if !init[a] {
                init[a] = true;
                // Class hints count fully only for containers of some size.
                let size = (nodes[a].chars as f32 / 500.0).min(1.0);
                score[a] +=
                    tag_weight(nodes[a].name) + hint_weight(nodes[a].hint, nodes[a].article_body) * size;
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[a] += own / div;
            a = nodes[a].parent as usize;
            level += 1;
        }
    }
    // Text and link text outside boilerplate subtrees: a navbox or share bar inside
    // the article container must not make it look link-heavy.
    let mut kept = vec![(0u32, 0u32); n];
    for i in (1..n).rev() {
        if boiler[i] {
            continue;
        }
        let node = &nodes[i];
        if node.is_text() {
            kept[i].0 = node.chars;
        } else if node.name == "a" {
            kept[i].1 = kept[i].0;
        }
        let p = node.parent as usize;
        if p != i {
            kept[p].0 += kept[i].0;
            kept[p].1 += kept[i].1;
        }
    }
    let mut best: Option<usize> = None;
    let mut best_score = f32::MIN;
    for i in 1..n {
        if !init[i] || boiler[i] {
            continue;
        }
        let (chars, link_chars) = kept[i];
        let ld = if chars == 0 { 0.0 } else { link_chars as f32 / chars as f32 };
        let s = score[i] * (1.0 - ld.min(1.0)) + (chars.saturating_sub(link_chars) as f32).sqrt();
        score[i] = s;
        if s > best_score {
            best_score = s;
            best = Some(i);
        }
    }
    (best, score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_tokens() {
        let cases: &[(&str, Hint)] = &[
            ("article-body", Hint::Body),
            ("entry-content clearfix", Hint::Body),
            ("comments-area", Hint::Comments),
            ("post-123 post type-post has-comments tag-politik", Hint::Content),
            ("header", Hint::Weak),
            ("site-header", NAV),
            ("social-share", NAV),
            ("wp-caption-text", CAPTION),
            ("ad", AD),
            ("shadow", Hint::None),
            ("lead", Hint::None),
            ("byline", BYLINE),
            ("related-articles", NAV),
            ("article-footer", NAV),
            ("col-md-8", Hint::None),
            ("elementor-element elementor-widget elementor-widget-text-editor", Hint::Content),
            ("elementor-widget-container", Hint::None),
            ("elementor-widget-share-buttons", NAV),
            ("et_pb_module et_pb_text", Hint::Content),
            ("js-lightbox-gallery", Hint::None),
            ("col-md-6 print-full", Hint::None),
            ("content-behind-paywall", Hint::Content),
        ];
        for (key, want) in cases {
            assert_eq!(classify_key(key), *want, "{key}");
        }
    }

    #[test]
    fn custom_element_names() {
        let mut cache = KeyCache::new();
        for (name, want) in [
            ("pp-navigation", NAV),
            ("share-bar", NAV),
            ("article-body", Hint::Body),
            ("nav", Hint::None),
            ("x-foo", Hint::None),
        ] {
            assert_eq!(custom_hint(name, &mut cache), want, "{name}");
        }
    }
}
