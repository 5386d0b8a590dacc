//! Metadata of a cleaned article: title, dateline, publication date, byline, language.

use crate::model::{Byline, Dateline};

/// Metadata found outside the text (HTML markup, JSONL fields), to be preferred
/// over what the text itself suggests.
#[derive(Debug, Default, Clone)]
pub struct Hints {
    /// Headline.
    pub title: Option<String>,
    /// ISO date.
    pub published: Option<String>,
    /// Author name.
    pub author: Option<String>,
    /// Site or outlet name.
    pub sitename: Option<String>,
    /// Declared language (`<html lang>`), ISO 639-1.
    pub language: Option<String>,
}

/// What [`extract`] found.
#[derive(Debug, Default)]
pub struct Meta {
    /// Headline.
    pub title: Option<String>,
    /// ISO publication date.
    pub published: Option<String>,
    /// Dateline at the head of the body.
    pub dateline: Option<Dateline>,
    /// Author.
    pub byline: Option<Byline>,
    /// ISO 639-1 code.
    pub language: Option<String>,
}

/// Find the metadata of a cleaned text, preferring `hints`.
pub fn extract(text: &str, hints: &Hints, byline: Option<Byline>) -> Meta {
    let title = hints
        .title
        .clone()
        .or_else(|| text.lines().next().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()));
    let byline = byline.or_else(|| hints.author.as_ref().map(|a| Byline { name: a.clone(), bio: None }));
    let language = hints
        .language
        .clone()
        .or_else(|| whatlang::detect(text).filter(|i| i.is_reliable()).map(|i| i.lang().code().to_string()));
    Meta { title, published: hints.published.clone(), dateline: None, byline, language }
}
