//! Blocks of article text → the cleaned `text`, with every removal recorded.

use crate::model::{Byline, Removal};

/// The result of cleaning.
#[derive(Debug, Default)]
pub struct Cleaned {
    /// Paragraphs joined by a blank line.
    pub text: String,
    /// What was cut, and why.
    pub removed: Vec<Removal>,
    /// A trailing author bio turned into a byline.
    pub byline: Option<Byline>,
}

/// Split plain text into blocks (lines), dropping empty ones.
pub fn split_blocks(text: &str) -> Vec<String> {
    text.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

/// Clean blocks of text into the article text. `title` is put first when the
/// blocks do not already start with it.
pub fn clean(blocks: Vec<String>, title: Option<&str>) -> Cleaned {
    let mut paras: Vec<String> = Vec::with_capacity(blocks.len() + 1);
    if let Some(t) = title {
        if blocks.first().map(|b| b.trim()) != Some(t.trim()) {
            paras.push(t.trim().to_string());
        }
    }
    paras.extend(blocks);
    Cleaned { text: paras.join("\n\n"), removed: Vec::new(), byline: None }
}
