//! Compare the claims of a story's documents: agreements and discrepancies.

use crate::model::{Agreement, Discrepancy, Document};

use super::entities::CrossEntity;

/// Agreements and discrepancies among the documents of one story.
pub fn compare(docs: &[&Document]) -> (Vec<Agreement>, Vec<Discrepancy>) {
    let feats: Vec<super::DocFeatures> = docs.iter().map(|d| super::features(d)).collect();
    let frefs: Vec<&super::DocFeatures> = feats.iter().collect();
    compare_with(docs, &super::entities::resolve(&frefs))
}

/// [`compare`] with the story's cross-document entities already resolved.
pub fn compare_with(_docs: &[&Document], _ents: &[CrossEntity]) -> (Vec<Agreement>, Vec<Discrepancy>) {
    (Vec::new(), Vec::new())
}
