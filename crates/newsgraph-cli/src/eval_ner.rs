//! `newsgraph eval ner DATA`: per-type and overall precision, recall and F1 (exact
//! span and type, as conlleval) of the tagger on a CoNLL-format file, and its speed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use newsgraph::ner::{self, train, Gazetteer};
use newsgraph::Resources;

/// Score the tagger (the embedded model, or `model`) on `data`.
pub(crate) fn run(data: &Path, model: Option<&PathBuf>) -> Result<ExitCode> {
    let text = std::fs::read_to_string(data).with_context(|| format!("reading {}", data.display()))?;
    let docs = train::read_conll(&text);
    let t = Instant::now();
    Gazetteer::embedded();
    let gaz_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let owned;
    let (m, size) = match model {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            owned = ner::Model::from_bytes(&bytes)?;
            (&owned, bytes.len())
        }
        None => (&Resources::embedded().ner, ner::EMBEDDED_MODEL_BYTES),
    };
    let load_secs = t.elapsed().as_secs_f64();
    let rep = train::evaluate(m, &docs);
    let sents: usize = docs.iter().map(|d| d.sentences.len()).sum();
    println!("{}: {} articles, {sents} sentences, {} words", data.display(), docs.len(), rep.words);
    print!("{}", rep.counts.table());
    println!(
        "model          {:.2} MB on disk, {} feature rows; load {:.3} s (+ gazetteers {:.3} s)",
        size as f64 / 1e6,
        m.num_features(),
        load_secs,
        gaz_secs
    );
    println!(
        "speed          {:.0} words/s on one thread ({:.3} s tagging, tokenizer included)",
        rep.words as f64 / rep.secs.max(1e-9),
        rep.secs
    );
    if let Some(cpu) = rep.cpu_secs {
        println!(
            "cpu speed      {:.0} words per CPU-second (whole evaluation loop)",
            rep.words as f64 / cpu.max(1e-9)
        );
    }
    println!("score: {:.4}", rep.counts.overall().2);
    Ok(ExitCode::SUCCESS)
}
