//! `newsgraph eval …`: score each stage on annotated data. One file per stage.

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

/// What to evaluate.
#[derive(Subcommand, Debug)]
pub(crate) enum EvalCommand {}

/// Run an evaluation.
pub(crate) fn run(what: EvalCommand) -> Result<ExitCode> {
    match what {}
}
