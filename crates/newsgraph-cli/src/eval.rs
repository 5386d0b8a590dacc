//! `newsgraph eval …`: score each stage on annotated data. One file per stage.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

use crate::eval_quotes;
use newsgraph::story::LinkConfig;

/// What to evaluate.
#[derive(Subcommand, Debug)]
pub(crate) enum EvalCommand {
    /// HTML extraction on trafilatura's evaluation set: with/without snippets
    /// (precision, recall, F1), title/date/author accuracy, throughput.
    Boiler {
        /// Directory with gold.jsonl and html/.
        #[arg(default_value = "../shared/data/boilerplate/trafilatura_eval")]
        dir: PathBuf,
        /// Score another tool's output too: NAME=preds.jsonl (from bench/).
        #[arg(long)]
        peer: Vec<String>,
        /// Write newsgraph's per-page output here (JSON lines).
        #[arg(long)]
        dump: Option<PathBuf>,
    },
    /// Geoparsing on TR-News / GeoVirus-format gold: recognition P/R/F1, end-to-end
    /// acc@161, resolution-only acc@161 and exact id, mean error, AUC.
    Geo(crate::eval_geo::GeoArgs),
    /// Quotes on PolNeAR: content P/R/F1 at token overlap 0.3 and 0.8, speaker accuracy.
    Quotes(eval_quotes::QuotesArgs),
    /// Events on PLOVER gold records: type recall and precision, type+actor+target,
    /// quad accuracy (`score.py events`).
    Events(crate::eval_events::EventsArgs),
    /// Named-entity tagger on a CoNLL-2003-format file (e.g. eng.testa).
    Ner {
        /// The annotated file.
        data: PathBuf,
        /// Weights to score instead of the embedded model.
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Story linking on ECB+ (`{id, text, story}` lines): B-cubed and pairwise
    /// precision, recall and F1 against the gold stories (as `score.py stories`).
    Stories {
        /// The gold file.
        #[arg(default_value = "../shared/data/stories/ecbplus_dev.jsonl")]
        data: PathBuf,
        /// Similarity threshold to join a story (default: the linker's).
        #[arg(long)]
        threshold: Option<f32>,
        /// Participant penalty (default: the linker's).
        #[arg(long)]
        penalty: Option<f32>,
        /// Story-merge threshold (default: the linker's).
        #[arg(long)]
        merge: Option<f32>,
        /// Share of documents above which a feature is the stream's topic and weighs
        /// less (default: the linker's; 1 disables).
        #[arg(long)]
        common_share: Option<f32>,
        /// Days after its first document that a story accepts documents (default: the
        /// linker's; 0 disables).
        #[arg(long)]
        max_span: Option<i32>,
        /// Also link in this many pseudo-random orders and report the spread of F1.
        #[arg(long, default_value_t = 0)]
        shuffle: usize,
        /// List each predicted story with the gold story of each document.
        #[arg(long)]
        errors: bool,
    },
    /// The claims extracted from each document (slot, value, evidence), one a line.
    Claims {
        /// Files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Plant number and date changes (and paraphrases) into one document of real
    /// stories: recall of the changes as discrepancies, share of paraphrases flagged.
    Plants {
        /// Gold stories (`{id, text, story}` lines).
        #[arg(default_value = "../shared/data/stories/ecbplus_dev.jsonl")]
        data: PathBuf,
        /// More documents that form one story (e.g. the seeds directory).
        #[arg(long)]
        story: Vec<PathBuf>,
        /// Articles to link into stories first (their multi-document stories are used too).
        #[arg(long)]
        link: Vec<PathBuf>,
        /// List misses and false flags.
        #[arg(long)]
        verbose: bool,
    },
    /// Part-of-speech tagger on a CoNLL-2003-format file's POS column (e.g. eng.testa):
    /// token accuracy, overall and on words unseen in training, and tagging speed.
    Pos {
        /// The annotated file.
        #[arg(long)]
        data: PathBuf,
        /// The training file, for the unknown-word figure (default: eng.train next
        /// to the data, when there).
        #[arg(long)]
        train: Option<PathBuf>,
        /// Weights to score instead of the embedded model.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Timed passes over the data (the speed printed is the best).
        #[arg(long, default_value_t = 5)]
        passes: usize,
    },
}

/// Run an evaluation.
pub(crate) fn run(what: EvalCommand) -> Result<ExitCode> {
    match what {
        EvalCommand::Boiler { dir, peer, dump } => {
            crate::eval_boiler::run(&dir, &peer, dump.as_ref())?;
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::Quotes(a) => eval_quotes::run(a),
        EvalCommand::Stories { data, threshold, penalty, merge, common_share, max_span, errors, shuffle } => {
            let mut cfg = LinkConfig::default();
            if let Some(m) = merge {
                cfg.merge_threshold = m;
            }
            if let Some(p) = penalty {
                cfg.participant_penalty = p;
            }
            if let Some(t) = threshold {
                cfg.threshold = t;
            }
            if let Some(c) = common_share {
                cfg.common_share = c;
            }
            if let Some(d) = max_span {
                cfg.max_span_days = d;
            }
            crate::eval_stories::run(&data, cfg, errors, shuffle)
        }
        EvalCommand::Geo(a) => crate::eval_geo::run(a),
        EvalCommand::Events(a) => crate::eval_events::run(a),
        EvalCommand::Plants { data, story, link, verbose } => {
            crate::eval_plants::run(&data, &story, &link, verbose)
        }
        EvalCommand::Claims { paths } => crate::eval_claims::run(&paths),
        EvalCommand::Ner { data, model } => crate::eval_ner::run(&data, model.as_ref()),
        EvalCommand::Pos { data, train, model, passes } => {
            crate::eval_pos::run(&data, train.as_ref(), model.as_ref(), passes)
        }
    }
}
