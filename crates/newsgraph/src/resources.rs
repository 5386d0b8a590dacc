//! Resources the stages need at run time (model weights, gazetteers), loaded once
//! from data compiled into the binary. Nothing is downloaded, ever.

use std::sync::LazyLock;

/// Everything the stages look up, loaded once and shared across threads.
#[derive(Debug, Default)]
pub struct Resources {
    /// The named-entity tagger (`data/models/ner.bin`, with the embedded gazetteers).
    pub ner: crate::ner::Model,
    /// The learned attribution model (`data/models/quotes.bin`).
    pub quotes: crate::quote::Model,
    /// The part-of-speech tagger (`data/models/pos.bin`).
    pub pos: crate::pos::Model,
    /// The geocoding gazetteer (`data/gazetteer/geo.bin`, read in place).
    pub geo: crate::geo::Gazetteer,
}

static EMBEDDED: LazyLock<Resources> = LazyLock::new(Resources::load_embedded);

impl Resources {
    /// The resources compiled into this build, loaded on first use.
    pub fn embedded() -> &'static Resources {
        &EMBEDDED
    }

    /// The embedded resources with another attribution model (for evaluating one).
    pub fn with_quotes(quotes: crate::quote::Model) -> Resources {
        // A corrupt shipped model is a build defect; tests load it explicitly.
        let ner = crate::ner::Model::from_bytes(crate::ner::EMBEDDED_MODEL).unwrap_or_default();
        let pos = crate::pos::Model::from_bytes(crate::pos::EMBEDDED_MODEL).unwrap_or_default();
        let geo = crate::geo::Gazetteer::embedded();
        Resources { ner, quotes, pos, geo }
    }

    fn load_embedded() -> Resources {
        let quotes = crate::quote::Model::from_bytes(crate::quote::EMBEDDED_MODEL).unwrap_or_default();
        Resources::with_quotes(quotes)
    }
}
