//! Named entities: PERSON, ORG, PLACE, OTHER, each with all its mentions.
//! (Being built: issue 5.)

use crate::model::{Entity, Mention, Span};
use crate::Resources;

/// Find the entities of a cleaned text. (Minimal: one entity per tagged mention;
/// titles, aliases and merging come with the entity stage.)
pub fn recognise(text: &str, sentences: &[Span], res: &Resources) -> Vec<Entity> {
    let tagged = crate::ner::tag(text, sentences, &res.ner);
    tagged
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let name = text[t.span.range()].to_string();
            Entity {
                id: format!("e{}", i + 1),
                kind: t.kind,
                name: name.clone(),
                aliases: vec![name.clone()],
                titles: Vec::new(),
                mentions: vec![Mention { start: t.span.start, end: t.span.end, text: name }],
                geo: None,
            }
        })
        .collect()
}
