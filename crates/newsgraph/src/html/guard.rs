//! A streaming guard in front of the parser. html5ever checks "is X in scope" by
//! walking the stack of open elements, so a page of 200,000 nested `<div>`s costs
//! time quadratic in its depth (minutes for 2 MB). Browsers cap the tree depth
//! (Blink at 512); this pass does the same on the raw markup: one linear scan over
//! the tags, and start tags that would nest deeper than [`MAX_DEPTH`] are dropped
//! together with their matching end tags. Text is never touched, and a page that
//! stays under the cap comes back borrowed, unchanged.

use std::borrow::Cow;

/// Deepest nesting of elements kept (Blink's parser limit).
pub(super) const MAX_DEPTH: usize = 512;

/// Most bytes of markup parsed: the parsed tree costs about 13 bytes of memory per
/// byte of markup, so this bounds one page's peak memory near 300 MB. News pages
/// are far below it (the 990 pages of the evaluation set average 30 KB).
pub(super) const MAX_INPUT: usize = 24 << 20;

/// The first `max` bytes of the page, cut before a tag (`<`) so no tag is split;
/// `None` when the page is short enough.
pub(super) fn truncate(html: &str, max: usize) -> Option<&str> {
    if html.len() <= max {
        return None;
    }
    let mut cut = max;
    while !html.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &html[..cut];
    Some(head.rfind('<').map_or(head, |lt| &html[..lt]))
}

/// Elements with no end tag.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"frame"
    )
}

/// Elements the parser closes by itself when a sibling starts (`<p>`, `<li>`, `<td>` …),
/// or that exist once per page: they do not nest, so they are not counted.
fn is_self_closing_kind(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"li"
            | b"dt"
            | b"dd"
            | b"tr"
            | b"td"
            | b"th"
            | b"option"
            | b"optgroup"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"rtc"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"colgroup"
            | b"caption"
            | b"html"
            | b"head"
            | b"body"
    )
}

/// Elements whose content is raw text: tags inside them are not tags.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"textarea"
            | b"title"
            | b"xmp"
            | b"iframe"
            | b"noembed"
            | b"noframes"
            | b"plaintext"
    )
}

/// Find `needle` (ASCII, lower-case) in `hay` from `from`, ignoring ASCII case.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle.first()?;
    let mut i = from;
    while i + needle.len() <= hay.len() {
        // Needles start with punctuation (`</`, `--`): no case to fold.
        let rel = hay[i..].iter().position(|b| b == first)?;
        i += rel;
        if i + needle.len() <= hay.len() && hay[i..i + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// End of the tag starting at `start` (index just past its `>`), quotes respected.
fn tag_end(b: &[u8], start: usize) -> usize {
    let mut quote: Option<u8> = None;
    let mut i = start;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => {
                // Quotes open only as attribute values (`="…"`).
                let prev = b[start..i].iter().rev().find(|x| !x.is_ascii_whitespace());
                if prev == Some(&b'=') {
                    quote = Some(c);
                }
            }
            None if c == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    b.len()
}

fn tag_name(b: &[u8], from: usize) -> &[u8] {
    let end = b[from..]
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b':' || *c == b'_'))
        .map_or(b.len(), |p| from + p);
    &b[from..end]
}

/// The page with start tags nested deeper than `max` (and their end tags) removed.
pub(super) fn cap_depth(html: &str, max: usize) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut depth = 0usize;
    // Dropped start tags per element name, waiting for their end tags.
    let mut dropped: Vec<(Vec<u8>, usize)> = Vec::new();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0usize;
    while let Some(rel) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + rel;
        let Some(&next) = b.get(lt + 1) else { break };
        if next == b'!' {
            // Comment, doctype or CDATA.
            i = if b[lt..].starts_with(b"<!--") {
                find_ci(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3)
            } else {
                tag_end(b, lt + 2)
            };
            continue;
        }
        let closing = next == b'/';
        let name_start = if closing { lt + 2 } else { lt + 1 };
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = lt + 1;
            continue;
        }
        let name = tag_name(b, name_start).to_ascii_lowercase();
        let end = tag_end(b, name_start);
        i = end;
        if closing {
            if is_void(&name) || is_self_closing_kind(&name) {
                continue;
            }
            if let Some(d) = dropped.iter_mut().find(|(n, k)| *n == name && *k > 0) {
                d.1 -= 1;
                cuts.push((lt, end));
            } else {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if is_raw_text(&name) {
            let mut close = b"</".to_vec();
            close.extend_from_slice(&name);
            i = find_ci(b, end, &close).unwrap_or(b.len());
            continue;
        }
        let self_closed = end >= 2 && b[end - 2] == b'/';
        if is_void(&name) || is_self_closing_kind(&name) || self_closed {
            continue;
        }
        if depth >= max {
            match dropped.iter_mut().find(|(n, _)| *n == name) {
                Some(d) => d.1 += 1,
                None => dropped.push((name, 1)),
            }
            cuts.push((lt, end));
        } else {
            depth += 1;
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0usize;
    for (s, e) in cuts {
        // Tags start at '<' and end after '>', both ASCII: char boundaries.
        if let Some(part) = html.get(from..s) {
            out.push_str(part);
        }
        from = e;
    }
    if let Some(rest) = html.get(from..) {
        out.push_str(rest);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_untouched() {
        for html in [
            "",
            "<",
            "<html><body><div><p>a<p>b</div></body></html>",
            "<div class='x>y'><script>if (a<b) { document.write('<div>') }</script>text</div>",
            "<!-- <div><div><div> --><div>x</div>",
        ] {
            assert!(matches!(cap_depth(html, 2), Cow::Borrowed(_)), "{html}");
        }
    }

    #[test]
    fn deep_nesting_is_capped_and_text_kept() {
        let cases: &[(&str, usize, &str)] = &[
            ("<div><div><div>x</div></div></div>y", 2, "<div><div>x</div></div>y"),
            ("<b><b><b><b>bold</b></b></b></b>", 1, "<b>bold</b>"),
            ("<div><span><div>a</div></span><div>b</div></div>", 2, "<div><span>a</span><div>b</div></div>"),
            ("<div><p>a<p>b<div><div>deep</div></div></div>", 2, "<div><p>a<p>b<div>deep</div></div>"),
        ];
        for (html, max, want) in cases {
            assert_eq!(cap_depth(html, *max), *want, "{html}");
        }
    }

    #[test]
    fn long_pages_are_cut_before_a_tag() {
        assert_eq!(truncate("<p>short</p>", 100), None);
        assert_eq!(truncate("<p>abc</p><p>def</p>", 13), Some("<p>abc</p>"));
        assert_eq!(truncate("ééééé", 5), Some("éé"));
    }

    #[test]
    fn very_deep_page_stays_linear() {
        let d = 100_000;
        let html = format!("{}<p>tief</p>{}", "<div>".repeat(d), "</div>".repeat(d));
        let t = std::time::Instant::now();
        let out = cap_depth(&html, MAX_DEPTH);
        assert!(out.contains("<p>tief</p>"));
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
        assert!(t.elapsed().as_secs_f32() < 2.0);
    }
}
