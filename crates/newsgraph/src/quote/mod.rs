//! Quotes and who said them: direct (`“…,” she said`), indirect (`X said that …`) and
//! mixed (`X called the deal “a disaster”`), each with its speaker, cue and evidence.
//!
//! Three steps, each usable on its own:
//! 1. [`marks`]: quote marks → quoted regions (any style, several paragraphs,
//!    unbalanced straight quotes).
//! 2. [`frame`]: per segment (a sentence, widened so no quote is cut), reporting
//!    cues from the lexicon ([`lexicon`], `data/lexicon/reporting_verbs.tsv`) with the
//!    source noun phrase and the content span, by syntactic patterns only.
//! 3. [`link`]: the source span → an entity (mention overlap, or the nearest
//!    compatible entity for pronouns and descriptions); free text when none fits.
//!
//! Quotes a frame does not cover are attached to a neighbouring cue (`he said:` before,
//! `he added.` after), continue a split quote, or fall back to the last named speaker
//! of the previous paragraphs. `confidence` reflects how the attribution was made,
//! calibrated on PolNeAR train (see [`confidence`]).

mod frame;
mod judge;
mod learned;
mod lexicon;
mod link;
mod marks;
pub(crate) mod tok;
pub mod train;

pub use learned::{Model, EMBEDDED_MODEL};

use crate::model::{Entity, EntityKind, EntityRef, Quote, QuoteKind, Span};
use crate::pos::Pos;
use frame::{Ctx, Frame, How, SrcKind};
use judge::{Facts, Origin};
use lexicon::Class;
use link::{Seen, SourceForm};
use tok::Kind;

/// Minimum words for a quote without any cue to be reported (shorter ones are scare
/// quotes and titles: `the “Free Iran” rally`).
const MIN_UNCUED_WORDS: usize = 6;
/// Minimum frame score to report an attribution frame (tuned on PolNeAR train).
const MIN_FRAME_SCORE: f32 = 0.15;

/// Minimum words of a learned attribution's content (`spoke at length` is no report).
const MIN_LEARNED_WORDS: usize = 2;

/// Minimum score of a frame whose cue lies inside another frame's content.
const MIN_NESTED_SCORE: f32 = 0.4;

/// Find the quotes of a cleaned text and attribute them to entities, with the
/// embedded attribution model and part-of-speech tagger.
pub fn attribute(text: &str, sentences: &[Span], entities: &[Entity]) -> Vec<Quote> {
    attribute_with(text, sentences, entities, crate::Resources::embedded())
}

/// [`attribute`] with the attribution model and tagger of `res` (an empty attribution
/// model = rules only). When the model has a judge, drafts it finds unlikely are
/// dropped. (`confidence` stays the rule of how the attribution was made: the judge's
/// probability, which weighs the content only, ranked held-out quotes less
/// monotonically.)
pub fn attribute_with(
    text: &str,
    sentences: &[Span],
    entities: &[Entity],
    res: &crate::Resources,
) -> Vec<Quote> {
    attribute_tagged(text, sentences, entities, res, None)
}

/// [`attribute_with`], keeping in `tags` (when given) the part-of-speech tags of the
/// sentences it tagged, for the event stage ([`SegmentTags::of`]).
pub fn attribute_tagged(
    text: &str,
    sentences: &[Span],
    entities: &[Entity],
    res: &crate::Resources,
    tags: Option<&mut SegmentTags>,
) -> Vec<Quote> {
    let drafts = attribute_all(text, sentences, entities, &res.quotes, &res.pos, tags);
    let Some(judge) = res.quotes.judge.as_ref() else {
        return drafts.into_iter().map(|(q, _)| q).collect();
    };
    let mut keys = Vec::with_capacity(48);
    let trace = tracing();
    drafts
        .into_iter()
        .filter_map(|(q, f)| {
            judge::features(text, &f, &mut keys);
            let p = judge.probability(&keys);
            if trace {
                eprintln!(
                    "quote-trace {:?} {:?} p={p:.2} keep={} cue={:?} speaker={:?} text={:?}",
                    text.chars().take(24).collect::<String>(),
                    f.origin,
                    p >= judge.threshold,
                    q.cue,
                    q.speaker.as_ref().map(|s| &s.name),
                    q.text
                );
            }
            (p >= judge.threshold).then_some(q)
        })
        .collect()
}

/// Whether `NEWSGRAPH_TRACE_QUOTES` is set: every draft, how it was found and the
/// judge's probability go to stderr (for studying errors).
fn tracing() -> bool {
    static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TRACE.get_or_init(|| std::env::var_os("NEWSGRAPH_TRACE_QUOTES").is_some())
}

/// The part-of-speech tags the quote stage gave the tokens of its segments (the
/// sentences, some merged around quotes), so that a later stage tagging the same
/// words (the event stage) need not tag them again: the tagger reads only the words
/// of one segment, so the same words give the same tags.
#[derive(Debug, Default)]
pub struct SegmentTags {
    /// Byte span of every token of the text.
    spans: Vec<(usize, usize)>,
    /// Tag of every token (segments' tokens only are tagged).
    tags: Vec<Pos>,
    /// Token ranges `[lo, hi)` of the tagged segments, in text order.
    segs: Vec<(usize, usize)>,
}

impl SegmentTags {
    /// The tags of the segment whose tokens have exactly the byte spans `spans`
    /// (offsets into the text), if the quote stage tagged such a segment.
    pub(crate) fn of(&self, spans: &[(usize, usize)]) -> Option<&[Pos]> {
        let &(first, _) = spans.first()?;
        let i = self.segs.partition_point(|&(lo, _)| self.spans[lo].0 < first);
        let &(lo, hi) = self.segs.get(i)?;
        (hi - lo == spans.len() && self.spans[lo..hi] == *spans).then(|| &self.tags[lo..hi])
    }
}

/// Every draft attribution with the judge's features, before the judge (for training it).
pub(crate) fn attribute_traced(
    text: &str,
    sentences: &[Span],
    entities: &[Entity],
    model: &Model,
    tagger: &crate::pos::Model,
) -> Vec<(Quote, Vec<u64>)> {
    attribute_all(text, sentences, entities, model, tagger, None)
        .into_iter()
        .map(|(q, f)| {
            let mut keys = Vec::new();
            judge::features(text, &f, &mut keys);
            (q, keys)
        })
        .collect()
}

/// All drafts with their speakers and what the judge needs to know of them.
fn attribute_all(
    text: &str,
    sentences: &[Span],
    entities: &[Entity],
    model: &Model,
    tagger: &crate::pos::Model,
    keep: Option<&mut SegmentTags>,
) -> Vec<(Quote, Facts)> {
    let toks = tok::tokenize(text);
    if toks.is_empty() {
        return Vec::new();
    }
    let regions = marks::regions(text);
    let (in_quote, mark) = locate(&toks, &regions);
    let segs = segments(text, sentences, &toks, &regions, &in_quote, &mark);
    let pos = learned::pos_tags(tagger, text, &toks, &segs);
    if let Some(k) = keep {
        k.spans.clear();
        k.spans.extend(toks.iter().map(|t| (t.start, t.end)));
        k.tags.clone_from(&pos);
        k.segs.clone_from(&segs);
    }
    let cx = Ctx::new(text, &toks, &in_quote, &mark, &pos);
    let mut frames: Vec<Frame> = Vec::new();
    for (si, &(lo, hi)) in segs.iter().enumerate() {
        frame::frames_in(&cx, si, lo, hi, &mut frames);
    }
    let paras = marks::lines(text);
    let para_of =
        |byte: usize| paras.iter().position(|p| byte < p.end.max(p.start + 1)).unwrap_or(paras.len());
    let seg_para: Vec<usize> = segs.iter().map(|&(lo, _)| para_of(toks[lo].start)).collect();
    let caption: Vec<bool> = paras.iter().enumerate().map(|(i, p)| is_caption(text, *p, i)).collect();

    // 1. frames → quotes
    let mut out: Vec<Draft> = Vec::new();
    for f in &frames {
        let score = frame_score(f);
        if f.content.is_empty()
            || score < MIN_FRAME_SCORE
            || caption.get(seg_para[f.segment]).copied().unwrap_or(false)
        {
            continue;
        }
        // a weak cue inside another frame's content is part of what was reported
        let cue = Span::new(toks[f.cue.0].start, toks[f.cue.1 - 1].end);
        let nested = frames.iter().any(|g| {
            !std::ptr::eq(g, f) && g.content.iter().any(|c| c.contains(cue)) && frame_score(g) > score
        });
        if nested && score < MIN_NESTED_SCORE {
            continue;
        }
        out.push(draft_from_frame(&cx, &regions, f));
    }
    // 1b. what the learned model finds that no rule frame covers (not whole quotes:
    // those are left to the region pass below, which knows split quotes)
    learned_drafts(&cx, &regions, &segs, model, &caption, &seg_para, &mut out);
    // 2. quoted regions no frame covers
    let mut covered: Vec<bool> =
        regions.iter().map(|r| out.iter().any(|d| d.span.overlaps(r.inner))).collect();
    for (ri, r) in regions.iter().enumerate() {
        if covered[ri] {
            continue;
        }
        // counted only as far as the thresholds below look
        let words = text[r.inner.range()].split_whitespace().take(MIN_UNCUED_WORDS).count();
        let Some(si) = segs
            .iter()
            .position(|&(lo, hi)| toks[lo].start <= r.inner.start && r.inner.start < toks[hi - 1].end)
        else {
            continue;
        };
        let para = seg_para[si];
        if caption.get(para).copied().unwrap_or(false) {
            continue;
        }
        // a split quote: `“A,” X said as … “B.”` in the same paragraph
        if let Some(prev) = out
            .iter_mut()
            .filter(|d| d.span.end <= r.inner.start && d.kind == QuoteKind::Direct)
            .max_by_key(|d| d.span.end)
        {
            let gap = &text[prev.span.end..r.outer.start];
            let same_para = !gap.contains('\n');
            if same_para
                && prev.kind == QuoteKind::Direct
                && prev.frame_seg.is_some_and(|s| s + 1 == si || s == si)
                && words >= 3
            {
                prev.parts.push(r.inner);
                prev.span = Span::new(prev.span.start, r.inner.end);
                covered[ri] = true;
                continue;
            }
        }
        if words < 4 {
            continue;
        }
        // a signature: `“…” ― Sonya Herridge`
        if let Some((dash, source)) = frame::signature(&cx, r.outer.end) {
            out.push(Draft {
                source: Some(source),
                cue: Some((dash, dash + 1)),
                class: Some(Class::Speech),
                frame_seg: Some(si),
                ..Draft::direct(r, Origin::Adjacent, None)
            });
            covered[ri] = true;
            continue;
        }
        // a bare cue next to it: `he added.` after, `X said:` before
        let bare = frames.iter().find(|f| {
            f.how == How::Bare
                && f.source.is_some()
                && ((f.segment == si + 1
                    && seg_para.get(si + 1) == Some(&para)
                    && f.cue.0 <= segs[si + 1].0 + 4)
                    || (f.segment == si && !f.colon)
                    || (f.colon && f.segment + 1 == si && f.segment < si))
        });
        if let Some(f) = bare {
            out.push(Draft::direct(r, Origin::Adjacent, Some(f)));
            covered[ri] = true;
            continue;
        }
        if words < MIN_UNCUED_WORDS {
            continue;
        }
        // the last named speaker in this or the previous paragraph
        let fb = out
            .iter()
            .filter(|d| d.span.end <= r.inner.start && d.source.is_some_and(|s| s.kind == SrcKind::Name))
            .filter(|d| {
                para_of(d.span.start) + 1 >= para
                    && !caption.get(para_of(d.span.start)).copied().unwrap_or(false)
            })
            .max_by_key(|d| d.span.end)
            .map(|d| (d.source, d.cue));
        let mut d = Draft::direct(r, if fb.is_some() { Origin::Fallback } else { Origin::Uncued }, None);
        if let Some((s, c)) = fb {
            d.source = s;
            d.cue = c;
            d.cue_inherited = true;
        }
        out.push(d);
        covered[ri] = true;
    }
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out.dedup_by(|b, a| a.span == b.span);
    drop_cue_led(&toks, &mut out);

    // reported speech within reported speech: `nested[i]` when draft i's cue stands in
    // another draft's content, `holds[j]` when draft j's content holds another's cue
    let cues: Vec<Option<Span>> =
        out.iter().map(|d| d.cue.map(|(a, b)| Span::new(toks[a].start, toks[b - 1].end))).collect();
    let mut nested = vec![false; out.len()];
    let mut holds = vec![false; out.len()];
    for (i, cue) in cues.iter().enumerate() {
        let Some(cue) = cue else { continue };
        for (j, e) in out.iter().enumerate() {
            if i != j && e.span.contains(*cue) {
                nested[i] = true;
                holds[j] = true;
            }
        }
    }

    // 3. speakers
    let known = link::Entities::new(entities);
    let mut seen: Vec<Seen> = Vec::new();
    let mut quotes = Vec::with_capacity(out.len());
    for ((d, nested), holds) in out.into_iter().zip(nested).zip(holds) {
        let speaker = d.source.and_then(|s| {
            let span = Span::new(toks[s.start].start, toks[s.end - 1].end);
            let form = match s.kind {
                SrcKind::Name => SourceForm::Name,
                SrcKind::Pronoun => SourceForm::Pronoun,
                SrcKind::Description => SourceForm::Description,
            };
            let who = link::resolve(text, span, form, &known, &seen)?;
            if s.kind == SrcKind::Name && !d.cue_inherited {
                let person = !entities
                    .iter()
                    .any(|e| Some(&e.id) == who.entity.as_ref() && e.kind != EntityKind::Person);
                seen.push(Seen {
                    at: span.start,
                    gender: link::name_gender(&text[span.range()]),
                    who: who.clone(),
                    person,
                });
            }
            Some((who, span))
        });
        let (mut speaker, speaker_span) = match speaker {
            Some((w, s)) => (Some(w), if d.cue_inherited { None } else { Some(s) }),
            None => (None, None),
        };
        let mut origin = d.origin;
        // a quote with no cue and no named speaker before: the person mentioned last
        if speaker.is_none() {
            if let Some(e) = last_person_before(entities, d.span.start) {
                speaker = Some(EntityRef { entity: Some(e.id.clone()), name: e.name.clone() });
                origin = Origin::Fallback;
            }
        }
        let cue_span = d.cue.map(|(a, b)| Span::new(toks[a].start, toks[b - 1].end));
        let cue = cue_span.map(|s| text[s.range()].to_string());
        let (start, end) = trim_span(text, d.span);
        let speaker_kind = match &speaker {
            None => 0,
            Some(EntityRef { entity: None, .. }) => 1,
            Some(EntityRef { entity: Some(id), .. }) => {
                match entities.iter().find(|e| &e.id == id).map(|e| e.kind) {
                    Some(EntityKind::Person) => 2,
                    Some(EntityKind::Org) => 3,
                    Some(EntityKind::Place) => 4,
                    _ => 5,
                }
            }
        };
        let facts = Facts {
            origin,
            kind: d.kind,
            content: Span::new(start, end),
            cue: if d.cue_inherited { None } else { cue_span },
            source: d.source.map(|s| Span::new(toks[s.start].start, toks[s.end - 1].end)),
            src: d.source.map(|s| s.kind),
            speaker: speaker_kind,
            prior: d.prior,
            class: d.class,
            para: para_of(start),
            nested,
            holds,
            pos: draft_pos(&toks, &pos, d.cue, Span::new(start, end)),
        };
        let quote = Quote {
            kind: d.kind,
            text: text[start..end].to_string(),
            start,
            end,
            confidence: confidence(origin, d.source.map(|s| s.kind), d.prior),
            speaker,
            cue,
            speaker_span,
            cue_span: if d.cue_inherited { None } else { cue_span },
            parts: if d.parts.len() > 1 { d.parts } else { Vec::new() },
        };
        quotes.push((quote, facts));
    }
    quotes
}

/// The parts of speech the judge looks at (see [`Facts::pos`]).
fn draft_pos(toks: &[tok::Tok], pos: &[Pos], cue: Option<(usize, usize)>, content: Span) -> [u8; 6] {
    const NONE: u8 = 255;
    let at = |k: usize| pos.get(k).map_or(NONE, |&p| p as u8);
    let (a, b) = cue.map_or((NONE, NONE), |(a, b)| (at(a), at(b - 1)));
    let c0 = toks.partition_point(|t| t.end <= content.start);
    let c1 = toks.partition_point(|t| t.start < content.end).max(c0 + 1);
    let before = if c0 == 0 { NONE } else { at(c0 - 1) };
    let finite =
        pos.get(c0..c1).is_some_and(|ps| ps.iter().any(|p| matches!(p, Pos::Vbd | Pos::Vbpz | Pos::Md)));
    [a, b, at(c0), at(c1 - 1), before, u8::from(finite)]
}

/// Whether the tokens `[a, b)` hold a noun, a name, a pronoun or a number: a learned
/// source without one names nobody (`perhaps`, `coy`, `A passionate`, `Following`).
fn has_nominal(cx: &Ctx, a: usize, b: usize) -> bool {
    cx.pos[a..b].iter().any(|p| matches!(p, Pos::Noun | Pos::Nouns | Pos::Propn | Pos::Pron | Pos::Num))
}

/// Add the learned model's attributions where no rule draft covers their content or
/// shares their cue (rules are surer on quoted speech; the model finds the long tail
/// of indirect attributions: `is supported by`, `questioned whether`, `unleashed`).
fn learned_drafts(
    cx: &Ctx,
    regions: &[marks::Region],
    segs: &[(usize, usize)],
    model: &Model,
    caption: &[bool],
    seg_para: &[usize],
    out: &mut Vec<Draft>,
) {
    if model.is_empty() {
        return;
    }
    let info = learned::TokInfo::new(cx);
    // a cue a rule draft has, or one inside a rule draft's content, would clash anyway
    let skip = |c0: usize, c1: usize| {
        let span = Span::new(cx.toks[c0].start, cx.toks[c1 - 1].end);
        !frame::cue_has_head(cx, c0, c1)
            || out.iter().any(|d| d.cue.is_some_and(|(a, b)| a < c1 && c0 < b) || d.span.overlaps(span))
    };
    let is_caption = |si: usize| caption.get(seg_para[si]).copied().unwrap_or(false);
    let found = learned::find(model, cx.text, cx.toks, &info, segs, &skip, &is_caption);
    let mut drafts = Vec::new();
    for f in found {
        let content: Vec<Span> =
            f.content.iter().filter_map(|&(a, b)| frame::content_span(cx, a, b)).collect();
        let words: usize =
            f.content.iter().map(|&(a, b)| (a..b).filter(|&k| cx.toks[k].kind == Kind::Word).count()).sum();
        if content.is_empty() || words < MIN_LEARNED_WORDS {
            continue;
        }
        let source = f
            .source
            .filter(|&(a, b)| frame::is_source_phrase(cx, a, b) && has_nominal(cx, a, b))
            .and_then(|(a, b)| {
                // a relative pronoun stands for the noun phrase before it: `X, who …`
                if b == a + 1 {
                    if let Some(x) = frame::relative_antecedent(cx, segs[f.segment].0, a) {
                        return x;
                    }
                }
                Some(frame::Source { start: a, end: b, kind: frame::src_kind(cx, a, b) })
            })
            // no source next to the cue: the clause's named subject
            .or_else(|| {
                frame::main_subject(cx, segs[f.segment].0, f.cue.0).filter(|s| {
                    s.kind == SrcKind::Name && !(s.end == s.start + 1 && lower_elsewhere(cx, s.start))
                })
            });
        let how = if content[0].start >= cx.toks[f.cue.1 - 1].end { How::Forward } else { How::Backward };
        let prior = 1.0 / (1.0 + (-f.margin / 4.0).exp());
        let fr = Frame {
            cue: f.cue,
            source,
            content,
            how,
            class: Class::Speech,
            prior,
            segment: f.segment,
            colon: false,
        };
        let mut d = draft_from_frame(cx, regions, &fr);
        d.origin = Origin::Learned(how);
        d.class = None;
        if d.kind != QuoteKind::Direct {
            drafts.push(d);
        }
    }
    for d in drafts {
        let clash = out.iter().any(|o| o.span.overlaps(d.span) || o.cue.is_some() && o.cue == d.cue);
        if !clash {
            out.push(d);
        }
    }
}

/// Drop a draft whose content starts with another draft's cue and holds that draft's
/// content: `A poll released Wednesday found X` is `found X`, not `released` + `found X`.
fn drop_cue_led(toks: &[tok::Tok], out: &mut Vec<Draft>) {
    let led: Vec<bool> = out
        .iter()
        .map(|d| {
            let first = toks.partition_point(|t| t.end <= d.span.start);
            out.iter().any(|e| {
                e.cue.is_some_and(|(a, b)| a <= first && first < b)
                    && !e.cue_inherited
                    && d.cue != e.cue
                    && d.span.start <= e.span.start
                    && e.span.end <= d.span.end
            })
        })
        .collect();
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !led[k - 1]
    });
}

/// True when the capitalised word at token `k` also stands in lower case in the text
/// (`Looking ahead, …`): a sentence-initial common word, not a name.
fn lower_elsewhere(cx: &Ctx, k: usize) -> bool {
    let w = cx.toks[k].text(cx.text);
    let lower = w.to_lowercase();
    lower != w
        && cx
            .toks
            .iter()
            .any(|t| t.kind == Kind::Word && t.end - t.start == w.len() && t.text(cx.text) == lower)
}

/// A quote before its speaker is resolved.
struct Draft {
    kind: QuoteKind,
    span: Span,
    parts: Vec<Span>,
    source: Option<frame::Source>,
    cue: Option<(usize, usize)>,
    cue_inherited: bool,
    origin: Origin,
    class: Option<Class>,
    prior: f32,
    frame_seg: Option<usize>,
}

impl Draft {
    fn direct(r: &marks::Region, origin: Origin, f: Option<&Frame>) -> Draft {
        Draft {
            kind: QuoteKind::Direct,
            span: r.inner,
            parts: vec![r.inner],
            source: f.and_then(|f| f.source),
            cue: f.map(|f| f.cue),
            cue_inherited: false,
            origin,
            class: f.map(|f| f.class),
            prior: f.map(|f| f.prior).unwrap_or(0.5),
            frame_seg: f.map(|f| f.segment),
        }
    }
}

/// Turn a frame into a quote: direct when its content is one quoted region, mixed
/// when it quotes some words, indirect otherwise.
fn draft_from_frame(cx: &Ctx, regions: &[marks::Region], f: &Frame) -> Draft {
    let mut parts = Vec::new();
    let mut all_quoted = true;
    let mut any_quoted = false;
    for c in &f.content {
        let rs: Vec<&marks::Region> = regions.iter().filter(|r| r.inner.overlaps(*c)).collect();
        let first = cx.toks.partition_point(|t| t.start < c.start);
        let outside_words = cx.toks[first..]
            .iter()
            .enumerate()
            .take_while(|(_, t)| t.start < c.end)
            .filter(|(k, t)| t.end <= c.end && t.kind == Kind::Word && cx.in_quote[first + *k].is_none())
            .count();
        if rs.is_empty() {
            all_quoted = false;
            parts.push(*c);
        } else {
            any_quoted = true;
            if outside_words > 0 {
                all_quoted = false;
                parts.push(*c);
            } else {
                let s = rs.iter().map(|r| r.inner.start).min().unwrap_or(c.start);
                let e = rs.iter().map(|r| r.inner.end).max().unwrap_or(c.end);
                parts.push(Span::new(s, e));
            }
        }
    }
    let kind = if all_quoted && any_quoted {
        QuoteKind::Direct
    } else if any_quoted {
        QuoteKind::Mixed
    } else {
        QuoteKind::Indirect
    };
    let start = parts.iter().map(|p| p.start).min().unwrap_or(0);
    let end = parts.iter().map(|p| p.end).max().unwrap_or(0);
    Draft {
        kind,
        span: Span::new(start, end),
        parts,
        source: f.source,
        cue: Some(f.cue),
        cue_inherited: false,
        origin: Origin::Rule(f.how),
        class: Some(f.class),
        prior: f.prior,
        frame_seg: Some(f.segment),
    }
}

/// How likely a frame is a real attribution: the cue form's prior, raised by the
/// evidence of the pattern.
fn frame_score(f: &Frame) -> f32 {
    let pattern = match f.how {
        How::According | How::Inverted => 0.35,
        How::Backward => 0.3,
        How::Forward => 0.0,
        How::Participle => 0.05,
        How::Bare | How::Passive => 0.0,
    };
    let src = match f.source.map(|s| s.kind) {
        Some(SrcKind::Name) => 0.1,
        Some(SrcKind::Pronoun) => 0.1,
        Some(SrcKind::Description) => 0.0,
        None => -0.2,
    };
    let class = match f.class {
        Class::Speech | Class::Write | Class::Phrase => 0.05,
        Class::Cognition | Class::Evidence | Class::Stance => 0.0,
    };
    f.prior + pattern + src + class
}

/// Confidence by how the attribution was made (explicit adjacent cue > pronoun >
/// nearest-speaker fallback), scaled by how often the cue form is a real cue.
fn confidence(origin: Origin, src: Option<SrcKind>, prior: f32) -> f32 {
    let b = match (origin.how(), origin) {
        (Some(How::Inverted | How::Backward | How::According), _) => 0.95,
        (Some(How::Forward | How::Passive), _) => 0.85,
        (Some(How::Participle | How::Bare), _) | (None, Origin::Adjacent) => 0.75,
        (None, Origin::Fallback) => 0.45,
        (None, _) => 0.3,
    };
    let s = match src {
        Some(SrcKind::Name) => 1.0,
        Some(SrcKind::Description) => 0.9,
        Some(SrcKind::Pronoun) => 0.85,
        None => 0.7,
    };
    let p = 0.6 + 0.4 * prior.clamp(0.0, 1.0);
    ((b * s * p * 100.0).round() / 100.0).clamp(0.05, 0.99)
}

/// The PERSON entity mentioned last before `at` (within 1,500 bytes).
fn last_person_before(entities: &[Entity], at: usize) -> Option<&Entity> {
    entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .filter_map(|e| {
            e.mentions
                .iter()
                .filter(|m| m.end <= at && m.end + 1500 > at)
                .map(|m| m.end)
                .max()
                .map(|p| (p, e))
        })
        .max_by_key(|(p, _)| *p)
        .map(|(_, e)| e)
}

/// Trim whitespace and a trailing comma from a quote span (`We win,` → `We win`).
fn trim_span(text: &str, s: Span) -> (usize, usize) {
    let piece = &text[s.range()];
    let t = piece.trim_end().trim_end_matches([',', ';', ':']).trim_end();
    let lead = t.len() - t.trim_start().len();
    (s.start + lead, s.start + t.len())
}

/// For each token: the quoted region its words lie in, and whether it is the opening
/// (1) or closing (2) mark of one.
fn locate(toks: &[tok::Tok], regions: &[marks::Region]) -> (Vec<Option<usize>>, Vec<u8>) {
    let mut in_quote = vec![None; toks.len()];
    let mut mark = vec![0u8; toks.len()];
    let mut ri = 0;
    for (i, t) in toks.iter().enumerate() {
        while ri < regions.len() && regions[ri].outer.end <= t.start {
            ri += 1;
        }
        let Some(r) = regions.get(ri) else { break };
        if t.start >= r.inner.start && t.end <= r.inner.end {
            in_quote[i] = Some(ri);
        } else if t.start == r.outer.start {
            mark[i] = 1;
        } else if r.closed && t.end == r.outer.end && t.start >= r.inner.end {
            mark[i] = 2;
        }
    }
    (in_quote, mark)
}

/// Token ranges of the segments: the sentences, merged where a quote or an
/// abbreviation (`Mr.`) crosses a boundary; paragraphs when there are no sentences.
fn segments(
    text: &str,
    sentences: &[Span],
    toks: &[tok::Tok],
    regions: &[marks::Region],
    in_quote: &[Option<usize>],
    mark: &[u8],
) -> Vec<(usize, usize)> {
    let spans: Vec<Span> = if sentences.is_empty() { marks::lines(text) } else { sentences.to_vec() };
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    let mut ti = 0;
    for s in spans {
        while ti < toks.len() && toks[ti].end <= s.start {
            ti += 1;
        }
        let lo = ti;
        while ti < toks.len() && toks[ti].start < s.end {
            ti += 1;
        }
        if ti > lo {
            ranges.push((lo, ti));
        }
    }
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (lo, hi) in ranges {
        if let Some(last) = out.last_mut() {
            let prev_end = last.1 - 1;
            let gap = &text[toks[prev_end].end..toks[lo].start];
            let same_para = !gap.contains('\n');
            let in_region = in_quote[lo].is_some() && in_quote[lo] == in_quote[prev_end];
            let region_spans = in_quote[lo].is_some()
                && in_quote[lo]
                    .is_some_and(|r| regions[r].inner.start < toks[lo].start && regions[r].parts.len() == 1);
            let closing_only = toks[lo].kind == Kind::Punct && hi - lo <= 2;
            let abbrev = toks[prev_end].kind == Kind::Word
                && toks[prev_end].text(text).ends_with('.')
                && toks[lo].kind == Kind::Word;
            if same_para && (in_region || region_spans || closing_only || abbrev)
                || (in_region && regions[in_quote[lo].unwrap_or(0)].parts.len() > 1)
            {
                last.1 = hi;
                continue;
            }
            // the segment opens right after a quote that started in the previous one
            if same_para && lo > 0 && in_quote[lo - 1].is_some() {
                last.1 = hi;
                continue;
            }
            // `“How are you today?” Miller asked.`: the splitter cut after the quote
            if same_para && mark[prev_end] == 2 && cue_follows(text, toks, in_quote, mark, prev_end, lo, hi) {
                last.1 = hi;
                continue;
            }
        }
        out.push((lo, hi));
    }
    out
}

/// A segment `[lo, hi)` after the closing quote mark `close` that attributes that
/// quote: a speech cue among its first words (`“…?” Miller, a retired worker, said`),
/// and, after a quote that ends with a full stop, nothing much else (`“….” Trump said.`).
fn cue_follows(
    text: &str,
    toks: &[tok::Tok],
    in_quote: &[Option<usize>],
    mark: &[u8],
    close: usize,
    lo: usize,
    hi: usize,
) -> bool {
    let before = text[..toks[close].start].trim_end();
    let stop = before.ends_with('.');
    if !(stop || before.ends_with(['?', '!', ','])) || (stop && hi - lo > 8) {
        return false;
    }
    let lx = lexicon::Lexicon::get();
    (lo..hi.min(lo + 12)).take_while(|&i| mark[i] == 0 && in_quote[i].is_none()).any(|i| {
        lx.at(text, toks, i).is_some_and(|m| {
            !m.participle && m.prior >= 0.3 && matches!(m.lemma.class, Class::Speech | Class::Write)
        })
    })
}

/// A caption or a one-line label: short, no final punctuation (not the headline).
fn is_caption(text: &str, p: Span, index: usize) -> bool {
    if index == 0 {
        return false;
    }
    let t = text[p.range()].trim_end();
    // fewer than 25 words (a paragraph is not counted to its end)
    let short = t.split_whitespace().nth(24).is_none();
    short && !t.ends_with(['.', '!', '?', '”', '"', '’', '\'', ':', '»', ')']) && !is_signed(t)
}

/// Whether a line ends with a signed quotation (`“…” ― Sonya Herridge`), which is no
/// caption although it ends with a name.
fn is_signed(line: &str) -> bool {
    line.rfind(['―', '—', '–']).is_some_and(|k| line[..k].trim_end().ends_with(['”', '"', '’', '\'', '»']))
}

#[cfg(test)]
mod tests;
