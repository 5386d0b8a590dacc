//! `newsgraph eval …`: score each stage on annotated data. One file per stage.

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

use crate::eval_quotes;

/// What to evaluate.
#[derive(Subcommand, Debug)]
pub(crate) enum EvalCommand {
    /// Quotes on PolNeAR: content P/R/F1 at token overlap 0.3 and 0.8, speaker accuracy.
    Quotes(eval_quotes::QuotesArgs),
}

/// Run an evaluation.
pub(crate) fn run(what: EvalCommand) -> Result<ExitCode> {
    match what {
        EvalCommand::Quotes(a) => eval_quotes::run(a),
    }
}
