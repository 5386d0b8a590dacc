//! The NER tagger's weight table and file: [`crate::perceptron`]'s, for [`NT`] tags,
//! under the `NGNER` magic. The byte table of the file holds the case prior.

use super::features::HashKeyMap;
use super::NT;
use crate::perceptron::{self, Header};

/// The tagger's file header.
const HEADER: Header = Header { magic: b"NGNER", feature_version: 6 };

/// Feature weights of the NER tagger.
pub(crate) type Weights = perceptron::Weights<NT>;

/// Serialise rows and the case prior, pruning weights with `|w| < min_weight`.
/// Returns the compressed bytes and the number of rows kept.
pub(crate) fn encode(
    rows: &[(u64, [f32; NT])],
    case_prior: &[(u64, u8)],
    min_weight: f32,
) -> (Vec<u8>, usize) {
    perceptron::encode(&HEADER, rows, case_prior, min_weight)
}

/// Parse bytes written by [`encode`]: the weights and the case prior.
pub(crate) fn decode(bytes: &[u8]) -> Result<(Weights, HashKeyMap<u8>), String> {
    perceptron::decode(&HEADER, bytes)
}
