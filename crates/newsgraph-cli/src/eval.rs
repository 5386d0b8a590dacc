//! `newsgraph eval …`: score each stage on annotated data. One file per stage.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

/// What to evaluate.
#[derive(Subcommand, Debug)]
pub(crate) enum EvalCommand {
    /// Named-entity tagger on a CoNLL-2003-format file (e.g. eng.testa).
    Ner {
        /// The annotated file.
        data: PathBuf,
        /// Weights to score instead of the embedded model.
        #[arg(long)]
        model: Option<PathBuf>,
    },
}

/// Run an evaluation.
pub(crate) fn run(what: EvalCommand) -> Result<ExitCode> {
    match what {
        EvalCommand::Ner { data, model } => crate::eval_ner::run(&data, model.as_ref()),
    }
}
