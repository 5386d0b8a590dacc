//! The `newsgraph` command-line tool: argument parsing and output. All analysis
//! lives in the `newsgraph` library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// mimalloc instead of the system allocator: the pipeline makes many small, short-lived
/// allocations, and glibc's malloc took about a tenth of the time on plain text.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod eval;
mod eval_boiler;
mod eval_ner;
mod eval_pos;
mod eval_quotes;
mod run;
mod train;

/// Who said what, about whom, where and when, in scraped news.
#[derive(Parser, Debug)]
#[command(name = "newsgraph", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Output format of `analyze`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum Format {
    /// One JSON document record per line.
    Jsonl,
    /// One JSON array of records.
    Json,
    /// Indented JSON, records separated by a blank line.
    Pretty,
    /// Parquet tables in the directory given by `--out` (docs/parquet.md).
    Parquet,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Analyse articles and print one document record per article.
    Analyze {
        /// Files, directories (recursive) or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: Format,
        /// Worker threads (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// Output directory of `--format parquet` (one `<table>.parquet` per table).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Score a stage against annotated data and print precision, recall and F1.
    Eval {
        #[command(subcommand)]
        what: eval::EvalCommand,
    },
    /// Train a stage's model from annotated data.
    Train {
        #[command(subcommand)]
        what: train::TrainCommand,
    },
    /// Measure throughput of the whole pipeline: docs/s, MB/s, peak RSS.
    Bench {
        /// Files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze { paths, format, jobs, out } => run::analyze(&paths, format, jobs, out.as_deref()),
        Command::Bench { paths, jobs } => run::bench(&paths, jobs),
        Command::Eval { what } => eval::run(what),
        Command::Train { what } => train::run(what),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("newsgraph: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
