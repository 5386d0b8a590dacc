//! `newsgraph train …`: train a stage's model from annotated data and write its weights.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Subcommand;
use newsgraph::model::Span;
use newsgraph::ner::train::{self, Options};
use newsgraph::pos::train::Options as PosOptions;
use newsgraph::quote::train::{GoldAttribution, Options as QuoteOptions, TrainDoc};

/// What to train.
#[derive(Subcommand, Debug)]
pub(crate) enum TrainCommand {
    /// The named-entity tagger, from a CoNLL-2003-format file (e.g. eng.train).
    Ner {
        /// Training data (CoNLL format).
        #[arg(long)]
        train: PathBuf,
        /// Where to write the weights.
        #[arg(long)]
        out: PathBuf,
        /// Passes over the data.
        #[arg(long, default_value_t = Options::default().epochs)]
        epochs: usize,
        /// Seed of shuffling and case augmentation.
        #[arg(long, default_value_t = Options::default().seed)]
        seed: u64,
        /// Prune weights smaller than this from the saved model.
        #[arg(long, default_value_t = Options::default().min_weight)]
        min_weight: f32,
        /// Share of sentences upper-cased in each epoch (case augmentation).
        #[arg(long, default_value_t = Options::default().upper_rate)]
        upper_rate: f64,
        /// Share of sentences lower-cased in each epoch.
        #[arg(long, default_value_t = Options::default().lower_rate)]
        lower_rate: f64,
        /// Share of sentences put in Title Case in each epoch.
        #[arg(long, default_value_t = Options::default().title_rate)]
        title_rate: f64,
        /// Hold out every Nth article of the training file (not trained on) and
        /// report F1 on it after every epoch; 0 = train on everything.
        #[arg(long, default_value_t = 0)]
        holdout: usize,
    },
    /// The part-of-speech tagger, from the POS column of a CoNLL-2003-format file
    /// (e.g. eng.train).
    Pos {
        /// Training data (CoNLL format).
        #[arg(long)]
        train: PathBuf,
        /// Where to write the weights.
        #[arg(long)]
        out: PathBuf,
        /// Passes over the data.
        #[arg(long, default_value_t = PosOptions::default().epochs)]
        epochs: usize,
        /// Seed of shuffling and case augmentation.
        #[arg(long, default_value_t = PosOptions::default().seed)]
        seed: u64,
        /// Prune weights smaller than this from the saved model.
        #[arg(long, default_value_t = PosOptions::default().min_weight)]
        min_weight: f32,
        /// Share of sentences upper-cased in each epoch (case augmentation).
        #[arg(long, default_value_t = PosOptions::default().upper_rate)]
        upper_rate: f64,
        /// Share of sentences lower-cased in each epoch.
        #[arg(long, default_value_t = PosOptions::default().lower_rate)]
        lower_rate: f64,
        /// Share of sentences put in Title Case in each epoch.
        #[arg(long, default_value_t = PosOptions::default().title_rate)]
        title_rate: f64,
        /// Words seen at least this often …
        #[arg(long, default_value_t = PosOptions::default().dict_min_count)]
        dict_min_count: u32,
        /// … with one tag at least this share of the time go to the tag dictionary.
        #[arg(long, default_value_t = PosOptions::default().dict_min_share)]
        dict_min_share: f64,
        /// Words seen at least this often have an ambiguity class …
        #[arg(long, default_value_t = PosOptions::default().class_min_count)]
        class_min_count: u32,
        /// … of the tags with at least this share of their occurrences.
        #[arg(long, default_value_t = PosOptions::default().class_min_share)]
        class_min_share: f64,
        /// Hold out every Nth sentence of the training file (not trained on) and
        /// report accuracy on it after every epoch; 0 = train on everything.
        #[arg(long, default_value_t = 0)]
        holdout: usize,
    },
    /// The attribution model (cue, content and source taggers), from PolNeAR-format
    /// JSONL (`text` and `attributions` with source/cue/content code-point spans).
    Quotes {
        /// Training data (e.g. polnear_train.jsonl).
        #[arg(long)]
        train: PathBuf,
        /// Where to write the weights.
        #[arg(long)]
        out: PathBuf,
        /// Passes over the data.
        #[arg(long, default_value_t = QuoteOptions::default().epochs)]
        epochs: usize,
        /// Shuffling seed.
        #[arg(long, default_value_t = QuoteOptions::default().seed)]
        seed: u64,
        /// Saved with the model: added to the cue tagger's O score (higher = fewer cues).
        #[arg(long, default_value_t = QuoteOptions::default().cue_bias, allow_negative_numbers = true)]
        cue_bias: f32,
        /// Prune averaged weights smaller than this.
        #[arg(long, default_value_t = QuoteOptions::default().min_weight)]
        min_weight: f32,
        /// Leave out every Nth article (score them with `eval quotes --only-every N`).
        #[arg(long, default_value_t = 0)]
        holdout: usize,
        /// Which of the N held-out sets: articles whose index modulo N is this.
        #[arg(long, default_value_t = 0)]
        holdout_offset: usize,
        /// Folds for training the judge on drafts of unseen articles (0 or 1: no judge).
        #[arg(long, default_value_t = QuoteOptions::default().judge_folds)]
        judge_folds: usize,
    },
}

#[derive(serde::Deserialize)]
struct PolSpan {
    start: usize,
    end: usize,
}

#[derive(serde::Deserialize)]
struct PolAtt {
    #[serde(default)]
    source: Vec<PolSpan>,
    #[serde(default)]
    cue: Vec<PolSpan>,
    #[serde(default)]
    content: Vec<PolSpan>,
}

#[derive(serde::Deserialize)]
struct PolDoc {
    text: String,
    #[serde(default)]
    attributions: Vec<PolAtt>,
}

/// Read PolNeAR-format JSONL, turning code-point spans into byte spans.
fn read_polnear(path: &PathBuf) -> Result<Vec<TrainDoc>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let d: PolDoc =
            serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), n + 1))?;
        let mut byte: Vec<usize> = d.text.char_indices().map(|(b, _)| b).collect();
        byte.push(d.text.len());
        let conv = |v: &[PolSpan]| -> Vec<Span> {
            v.iter()
                .filter(|s| s.start < s.end && s.end < byte.len())
                .map(|s| Span::new(byte[s.start], byte[s.end]))
                .collect()
        };
        let attributions = d
            .attributions
            .iter()
            .map(|a| GoldAttribution {
                source: conv(&a.source),
                cue: conv(&a.cue),
                content: conv(&a.content),
            })
            .collect();
        out.push(TrainDoc { text: d.text, attributions });
    }
    Ok(out)
}

/// Write trained weights to `out` (creating its directory) and say what was written.
fn write_model(out: &Path, bytes: &[u8], rows: usize, started: Instant) -> Result<ExitCode> {
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(out, bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "wrote {}: {rows} feature rows, {:.2} MB, trained in {:.1}s",
        out.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Run a training command.
pub(crate) fn run(what: TrainCommand) -> Result<ExitCode> {
    match what {
        TrainCommand::Ner {
            train: path,
            out,
            epochs,
            seed,
            min_weight,
            upper_rate,
            lower_rate,
            title_rate,
            holdout,
        } => {
            let text =
                std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            let docs = train::read_conll(&text);
            let (train_docs, dev): (Vec<_>, Vec<_>) = if holdout > 1 {
                let (d, t): (Vec<_>, Vec<_>) =
                    docs.into_iter().enumerate().partition(|(i, _)| i % holdout == 0);
                (t.into_iter().map(|x| x.1).collect(), d.into_iter().map(|x| x.1).collect())
            } else {
                (docs, Vec::new())
            };
            let sents: usize = train_docs.iter().map(|d| d.sentences.len()).sum();
            eprintln!(
                "train ner: {} articles, {sents} sentences{}",
                train_docs.len(),
                if dev.is_empty() { String::new() } else { format!("; {} held out", dev.len()) }
            );
            let opts = Options { epochs, seed, min_weight, upper_rate, lower_rate, title_rate };
            let t = Instant::now();
            let devref = (!dev.is_empty()).then_some(dev.as_slice());
            let (bytes, rows) = train::train(&train_docs, devref, &opts, &mut |m| eprintln!("  {m}"));
            write_model(&out, &bytes, rows, t)
        }
        TrainCommand::Pos {
            train: path,
            out,
            epochs,
            seed,
            min_weight,
            upper_rate,
            lower_rate,
            title_rate,
            dict_min_count,
            dict_min_share,
            class_min_count,
            class_min_share,
            holdout,
        } => {
            use newsgraph::pos::train as pos;
            let text =
                std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            let (dev, sents): (Vec<_>, Vec<_>) = pos::read_conll(&text)
                .into_iter()
                .enumerate()
                .partition(|(i, _)| holdout > 1 && i % holdout == 0);
            let sents: Vec<pos::Sentence> = sents.into_iter().map(|x| x.1).collect();
            let dev: Vec<pos::Sentence> = dev.into_iter().map(|x| x.1).collect();
            let tokens: usize = sents.iter().map(|s| s.words.len()).sum();
            eprintln!("train pos: {} sentences, {tokens} tokens; {} held out", sents.len(), dev.len());
            let opts = PosOptions {
                epochs,
                seed,
                min_weight,
                upper_rate,
                lower_rate,
                title_rate,
                dict_min_count,
                dict_min_share,
                class_min_count,
                class_min_share,
            };
            let t = Instant::now();
            let devref = (!dev.is_empty()).then_some(dev.as_slice());
            let (bytes, rows) = pos::train(&sents, devref, &opts, &mut |m| eprintln!("  {m}"));
            write_model(&out, &bytes, rows, t)
        }
        TrainCommand::Quotes {
            train: path,
            out,
            epochs,
            seed,
            cue_bias,
            min_weight,
            holdout,
            holdout_offset,
            judge_folds,
        } => {
            let docs = read_polnear(&path)?;
            let docs: Vec<TrainDoc> = docs
                .into_iter()
                .enumerate()
                .filter(|(i, _)| holdout < 2 || i % holdout != holdout_offset % holdout)
                .map(|x| x.1)
                .collect();
            let n: usize = docs.iter().map(|d| d.attributions.len()).sum();
            eprintln!("train quotes: {} articles, {n} attributions", docs.len());
            let t = Instant::now();
            let opts = QuoteOptions { epochs, seed, cue_bias, min_weight, judge_folds };
            let trained = newsgraph::quote::train::train(&docs, &opts, &mut |m| eprintln!("  {m}"));
            let (model, bytes) = (trained.model, trained.bytes);
            write_model(&out, &bytes, model.num_features(), t)
        }
    }
}
