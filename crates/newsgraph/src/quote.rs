//! Quotes and who said them. (Being built: issue 6.)

use crate::model::{Entity, Quote, Span};

/// Find the quotes of a cleaned text and attribute them to entities.
pub fn attribute(_text: &str, _sentences: &[Span], _entities: &[Entity]) -> Vec<Quote> {
    Vec::new()
}
