//! Acronyms the text defines or pairs: `People's Mujahedin Organization of Iran
//! (PMOI)`, `(PMOI  MEK)`, `PMOI/MEK`, `MEK (Mujahedin e-Khalq)`, and an acronym
//! whose letters are exactly the initials of an organisation named elsewhere in
//! the text. Each link says: these two mentions are one entity.

use crate::model::{EntityKind, Span};

use super::mention::{is_acronym, pair_separator, Cand, Ctx, Origin};
use super::words::{self, is_function_word, Gap};

/// Find acronym links between mentions, adding mentions for acronyms the tagger
/// missed. Returns pairs of mention spans (both present in `cands`).
pub(crate) fn links(ctx: &Ctx<'_>, cands: &mut Vec<Cand>) -> Vec<(Span, Span)> {
    let mut out = Vec::new();
    let mut added: Vec<Cand> = Vec::new();
    // 1. `Name (ACR)`, `Name (ACR1 ACR2)`, and the reverse `ACR (Name)`; exact
    // initials first, then loose ones for acronyms the text defines or names elsewhere
    let mut known: Vec<String> = cands.iter().map(|c| c.key.clone()).collect();
    for loose in [false, true] {
        for c in cands.iter() {
            if c.origin == Origin::Demonym {
                continue;
            }
            let Some(inner) = parenthesis_after(ctx.text, c.span.end) else { continue };
            let (i, j) = words::inside(&ctx.ws, inner);
            if i >= j || j - i > 3 {
                continue;
            }
            let acrs: Vec<usize> = (i..j).filter(|&k| is_acronym(word(ctx, k))).collect();
            let separated = (i..j - 1).all(|k| {
                let g = &ctx.text[ctx.ws[k].end..ctx.ws[k + 1].start];
                pair_separator(g) || g == " " || g == ", "
            });
            if acrs.len() == j - i && separated {
                let (a, b) = words::inside(&ctx.ws, c.span);
                let matched = acrs.iter().any(|&k| {
                    let w = &ctx.ws[k].folded;
                    if loose {
                        known.iter().any(|k| *k == **w) && initials_match(ctx, a, b, w, true)
                    } else {
                        initials_match(ctx, a, b, w, false)
                    }
                });
                let pair = (c.span, ctx.ws[acrs[0]].span());
                if matched && !out.contains(&pair) {
                    for &k in &acrs {
                        let span = ctx.ws[k].span();
                        // an acronym votes with its expansion, unless the tagger
                        // took that for a person (`Revolutionary Guards (IRGC)`)
                        let kind = c.kind.filter(|k| *k != EntityKind::Person);
                        add_or_find(ctx, cands, &mut added, span, kind);
                        out.push((c.span, span));
                        known.push(ctx.ws[k].folded.to_string());
                    }
                }
            } else if !loose && is_acronym(&ctx.text[c.span.range()]) {
                // `MEK (Mujahedin e-Khalq)`: the name inside is a tagged mention
                if let Some(d) = cands.iter().find(|d| d.span == trim_span(ctx, inner)) {
                    let (a, b) = words::inside(&ctx.ws, d.span);
                    if initials_match(ctx, a, b, &c.key, false) {
                        out.push((c.span, d.span));
                    }
                }
            }
        }
    }
    cands.append(&mut added);
    cands.sort_by_key(|c| c.span);
    // 2. `PMOI/MEK`, `PMOI  MEK`: two acronyms for one thing, one of them known
    for k in 0..ctx.ws.len().saturating_sub(1) {
        let (a, b) = (&ctx.ws[k], &ctx.ws[k + 1]);
        let (wa, wb) = (&ctx.text[a.start..a.end], &ctx.text[b.start..b.end]);
        if !is_acronym(wa) || !is_acronym(wb) || !pair_separator(&ctx.text[a.end..b.start]) {
            continue;
        }
        let ka = cands.iter().find(|c| c.key == a.folded).and_then(|c| c.kind);
        let kb = cands.iter().find(|c| c.key == b.folded).and_then(|c| c.kind);
        let linked = |s: Span| out.iter().any(|(x, y)| *x == s || *y == s);
        if ka.is_none() && kb.is_none() || linked(a.span()) && linked(b.span()) {
            continue;
        }
        let kind = ka.or(kb);
        add_or_find(ctx, cands, &mut added, a.span(), kind);
        add_or_find(ctx, cands, &mut added, b.span(), kind);
        out.push((a.span(), b.span()));
    }
    cands.extend(added);
    cands.sort_by_key(|c| c.span);
    // 3. an acronym whose letters are exactly the initials of one named organisation
    let mut expansions: Vec<(&str, Span)> = Vec::new();
    for c in cands.iter() {
        if matches!(c.kind, Some(EntityKind::Org | EntityKind::Other)) {
            let (a, b) = words::inside(&ctx.ws, c.span);
            if b >= a + 3 {
                expansions.push((&c.key, c.span));
            }
        }
    }
    for c in cands.iter() {
        let s = &ctx.text[c.span.range()];
        let linked = out.iter().any(|(x, y)| *x == c.span || *y == c.span);
        if !is_acronym(s) || s.chars().count() < 3 || c.kind == Some(EntityKind::Person) || linked {
            continue;
        }
        let hits: Vec<&(&str, Span)> = expansions
            .iter()
            .filter(|(_, sp)| {
                let (a, b) = words::inside(&ctx.ws, *sp);
                initials_match(ctx, a, b, &c.key, false)
            })
            .collect();
        let first = hits.first().map(|h| h.0);
        if let Some(h) = hits.first() {
            let known = out.contains(&(c.span, h.1)) || out.contains(&(h.1, c.span));
            if hits.iter().all(|x| Some(x.0) == first) && !known {
                out.push((c.span, h.1));
            }
        }
    }
    out
}

fn word<'t>(ctx: &Ctx<'t>, k: usize) -> &'t str {
    let w = &ctx.ws[k];
    &ctx.text[w.start..w.end]
}

/// Make sure a mention covers `span`: an existing one, or a new acronym mention.
fn add_or_find(ctx: &Ctx<'_>, cands: &[Cand], added: &mut Vec<Cand>, span: Span, kind: Option<EntityKind>) {
    if cands.iter().chain(added.iter()).any(|c| c.span.overlaps(span)) {
        return;
    }
    added.push(ctx.cand(span, kind, Origin::Acronym));
}

/// The inside of `(…)` right after byte `end` (spaces allowed before it), on one
/// line and short.
fn parenthesis_after(text: &str, end: usize) -> Option<Span> {
    let rest = &text[end..];
    let open = rest.len() - rest.trim_start_matches(' ').len();
    let rest = &rest[open..];
    let inner = rest.strip_prefix('(')?;
    let close = inner.find(')')?;
    if close > 80 || inner[..close].contains('\n') {
        return None;
    }
    let start = end + open + 1;
    Some(Span::new(start, start + close))
}

fn trim_span(ctx: &Ctx<'_>, s: Span) -> Span {
    super::mention::trim(ctx.text, s).unwrap_or(s)
}

/// True when the letters of `acr` (folded) are the initials of words `a..b`: of
/// every word, or of the content words (`of`, `the` and possessive `s` skipped).
/// `loose`: the content initials only need to appear in order in the acronym and
/// cover half of it (`Revolutionary Guards` ~ `IRGC`), for an acronym the text
/// defines elsewhere.
fn initials_match(ctx: &Ctx<'_>, a: usize, b: usize, acr: &str, loose: bool) -> bool {
    if b <= a + 1 || acr.chars().count() < 2 {
        return false;
    }
    let mut all = String::new();
    let mut content = String::new();
    for k in a..b {
        let w = &ctx.ws[k];
        let possessive =
            k > a && w.folded == "s" && words::gap(ctx.text, ctx.ws[k - 1].end, w.start) == Gap::Apostrophe;
        if possessive {
            continue;
        }
        let Some(c) = w.folded.chars().next() else { continue };
        all.push(c);
        if !is_function_word(&w.folded) {
            content.push(c);
        }
    }
    if acr == all || acr == content {
        return true;
    }
    if loose && content.chars().count() >= 2 && content.chars().count() * 2 >= acr.chars().count() {
        let mut it = acr.chars();
        return content.chars().all(|c| it.any(|x| x == c));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::lexicon::Lexicons;
    use crate::entity::mention::from_tagged;
    use crate::model::EntityKind::*;
    use crate::ner::Tagged;

    #[track_caller]
    fn check(text: &str, tagged: &[(&str, EntityKind)], expect: &[(&str, &str)]) {
        let ctx = Ctx::new(text, Lexicons::embedded());
        let tagged: Vec<Tagged> = tagged
            .iter()
            .map(|(s, k)| {
                let start = text.find(s).unwrap_or_else(|| panic!("{s}"));
                Tagged { span: Span::new(start, start + s.len()), kind: *k }
            })
            .collect();
        let mut cands = from_tagged(&ctx, &tagged);
        let got: Vec<(&str, &str)> =
            links(&ctx, &mut cands).iter().map(|(a, b)| (&text[a.range()], &text[b.range()])).collect();
        assert_eq!(got, expect, "{text}");
        for (a, b) in links(&ctx, &mut cands) {
            assert!(cands.iter().any(|c| c.span == a) && cands.iter().any(|c| c.span == b));
        }
    }

    #[test]
    fn defined_acronyms() {
        check(
            "home of the People’s Mujahedin Organization of Iran (PMOI). The PMOI",
            &[("People’s Mujahedin Organization of Iran", Org), ("PMOI", Org)],
            &[("People’s Mujahedin Organization of Iran", "PMOI")],
        );
        check(
            "group People's Mojahedin Organization of Iran (PMOI  MEK) in Tirana",
            &[("People's Mojahedin Organization of Iran", Org), ("Tirana", Place)],
            &[
                ("People's Mojahedin Organization of Iran", "PMOI"),
                ("People's Mojahedin Organization of Iran", "MEK"),
            ],
        );
        check(
            "politics, the Mujahedin e-Khalq (MeK) is",
            &[("Mujahedin e-Khalq", Org)],
            &[("Mujahedin e-Khalq", "MeK")],
        );
        check(
            "Islamic Revolutionary Guard Corps (IRGC) forces and Revolutionary Guards (IRGC) chief",
            &[("Islamic Revolutionary Guard Corps", Org), ("Revolutionary Guards", Org)],
            &[("Islamic Revolutionary Guard Corps", "IRGC"), ("Revolutionary Guards", "IRGC")],
        );
        // not an acronym of the name: no link
        check(
            "Sen. Joe Lieberman (I-CT) and Acme Corp (XYZ)",
            &[("Joe Lieberman", Person), ("Acme Corp", Org)],
            &[],
        );
    }

    #[test]
    fn pairs_and_initials() {
        check("The PMOI is here. PMOI/MEK members and the NCRI", &[("PMOI", Org)], &[("PMOI", "MEK")]);
        check("TCP/IP is a protocol", &[], &[]);
        check(
            "the National Council of Resistance of Iran said the NCRI",
            &[("National Council of Resistance of Iran", Org), ("NCRI", Org)],
            &[("NCRI", "National Council of Resistance of Iran")],
        );
    }
}
