//! Statistical named-entity tagger (averaged perceptron over word, shape, affix,
//! context and gazetteer features), trained by `newsgraph train`. (Being built: issue 5.)

use crate::model::{EntityKind, Span};

/// One name the tagger found: a span of the cleaned text and its type, before
/// titles are stripped and aliases merged (that is `entity`'s work).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tagged {
    /// Where the name is.
    pub span: Span,
    /// PERSON, ORG, PLACE or OTHER (CoNLL MISC).
    pub kind: EntityKind,
}
