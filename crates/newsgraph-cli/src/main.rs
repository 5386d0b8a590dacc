//! The `newsgraph` command-line tool: argument parsing and output. All analysis
//! lives in the `newsgraph` library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// mimalloc instead of the system allocator: the pipeline makes many small, short-lived
/// allocations, and glibc's malloc took about a tenth of the time on plain text.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench_store;
mod bench_stories;
mod corpus;
mod eval;
mod eval_boiler;
mod eval_claims;
mod eval_events;
mod eval_geo;
mod eval_ner;
mod eval_plants;
mod eval_pos;
mod eval_quotes;
mod eval_stories;
mod run;
mod serve;
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
        /// Also link the documents into stories and print one corpus record last.
        #[arg(long)]
        stories: bool,
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
    /// Analyse articles into a corpus file (re-ingesting updates, never duplicates).
    Ingest {
        /// Files or directories (with --records: `analyze` JSONL output). None: only
        /// create or upgrade the file.
        paths: Vec<PathBuf>,
        /// The corpus file.
        #[arg(long)]
        db: PathBuf,
        /// Worker threads (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// The inputs are document records already analysed (`newsgraph analyze` JSONL).
        #[arg(long)]
        records: bool,
        /// Page size of a new file (the bench compares several).
        #[arg(long, hide = true)]
        page_size: Option<u32>,
    },
    /// Ask a corpus: documents, quotes, events, entities, facets, timeline or stories
    /// (query language: docs/query.md).
    Query {
        /// The corpus file.
        #[arg(long)]
        db: PathBuf,
        /// The query (several for --what timeline: one series each).
        queries: Vec<String>,
        /// What to answer.
        #[arg(long, value_enum, default_value = "documents")]
        what: corpus::What,
        /// json: one answer (a page); csv/ndjson: documents, quotes and events stream
        /// every match, with no cap.
        #[arg(long, value_enum, default_value = "json")]
        format: corpus::OutFormat,
        /// Page size (json).
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Page start (json).
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Order of documents.
        #[arg(long, value_enum, default_value = "rank")]
        sort: corpus::SortArg,
        /// Timeline bucket.
        #[arg(long, value_enum, default_value = "month")]
        interval: corpus::IntervalArg,
    },
    /// Print a corpus's stories (the corpus record, with agreements and discrepancies).
    Stories {
        /// The corpus file.
        #[arg(long)]
        db: PathBuf,
    },
    /// Check a corpus file: integrity, full-text index, no half-written document; print
    /// the row counts.
    Check {
        /// The corpus file.
        #[arg(long)]
        db: PathBuf,
    },
    /// Latency of every query kind over a corpus, warm and cold, and export rows/s.
    BenchStore {
        /// The corpus file.
        #[arg(long)]
        db: PathBuf,
        /// Warm runs per query.
        #[arg(long, default_value_t = 20)]
        rounds: usize,
    },
    /// Serve the web UI and the JSON API (docs/api.md) over a corpus, read-only:
    /// `serve samples/` analyses articles into a cached corpus file first.
    Serve {
        /// Articles (files or directories) to analyse into a cached corpus file, or one
        /// corpus file built by `ingest`.
        paths: Vec<PathBuf>,
        /// The corpus file.
        #[arg(long)]
        db: Option<PathBuf>,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Worker threads when analysing articles first (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
    },
    /// Story linking at scale: link synthetic streams of varied copies of real
    /// articles and report time and peak memory for each size.
    BenchStories {
        /// Files or directories of real articles to vary.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Stream sizes.
        #[arg(long, value_delimiter = ',', default_value = "10000,100000,1000000")]
        sizes: Vec<usize>,
        /// Articles a day in the stream.
        #[arg(long, default_value_t = 2000)]
        per_day: usize,
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
        Command::Analyze { paths, format, jobs, stories, out } => {
            run::analyze(&paths, format, jobs, stories, out.as_deref())
        }
        Command::Bench { paths, jobs } => run::bench(&paths, jobs),
        Command::Ingest { paths, db, jobs, records, page_size } => {
            corpus::ingest(&paths, &db, jobs, records, page_size)
        }
        Command::Query { db, queries, what, format, limit, offset, sort, interval } => {
            corpus::query(corpus::QueryArgs { db, queries, what, format, limit, offset, sort, interval })
        }
        Command::Stories { db } => corpus::stories(&db),
        Command::Check { db } => corpus::check(&db),
        Command::BenchStore { db, rounds } => bench_store::run(&db, rounds),
        Command::Serve { paths, db, addr, jobs } => serve::serve(&paths, db.as_deref(), &addr, jobs),
        Command::BenchStories { paths, sizes, per_day } => bench_stories::run(&paths, &sizes, per_day),
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
