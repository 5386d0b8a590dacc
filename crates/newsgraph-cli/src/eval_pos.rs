//! `newsgraph eval pos --data DATA`: token accuracy of the part-of-speech tagger on a
//! CoNLL-format file (overall and on words unseen in training), its most frequent
//! confusions, and the speed of tagging alone.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use newsgraph::pos::{self, train};
use newsgraph::Resources;

/// Score the tagger (the embedded model, or `model`) on `data`; unknown words are
/// those not in `train_path` (default: `eng.train` beside `data`).
pub(crate) fn run(
    data: &Path,
    train_path: Option<&PathBuf>,
    model: Option<&PathBuf>,
    passes: usize,
) -> Result<ExitCode> {
    let read = |p: &Path| std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()));
    let sents = train::read_conll(&read(data)?);
    let default_train = data.with_file_name("eng.train");
    let train_path =
        train_path.map(PathBuf::as_path).or(default_train.exists().then_some(default_train.as_path()));
    let known = match train_path {
        Some(p) => Some(train::vocabulary(&train::read_conll(&read(p)?))),
        None => None,
    };
    let owned;
    let (m, size) = match model {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            owned = pos::Model::from_bytes(&bytes)?;
            (&owned, bytes.len())
        }
        None => (&Resources::embedded().pos, pos::EMBEDDED_MODEL.len()),
    };
    let rep = train::evaluate(m, &sents, known.as_ref(), passes);
    println!("{}: {} sentences, {} tokens (run-time tokenisation)", data.display(), sents.len(), rep.tokens);
    println!("accuracy       {:.4} ({}/{})", rep.accuracy(), rep.correct, rep.tokens);
    if known.is_some() {
        println!(
            "unknown words  {:.4} ({}/{}, {:.1}% of tokens)",
            rep.unknown_accuracy(),
            rep.unknown_correct,
            rep.unknown,
            100.0 * rep.unknown as f64 / rep.tokens.max(1) as f64
        );
    }
    print!("most frequent confusions (gold → predicted):\n{}", rep.top_confusions(10));
    println!(
        "model          {:.2} MB on disk, {} feature rows, {} dictionary words",
        size as f64 / 1e6,
        m.num_features(),
        m.dict_len()
    );
    let first = rep.pass_secs.first().copied().unwrap_or(0.0);
    println!(
        "speed          {:.2} M tokens/s on one thread, best of {} passes (first pass, cold word cache: {:.2} M/s)",
        rep.best_tokens_per_sec() / 1e6,
        rep.pass_secs.len(),
        rep.tokens as f64 / first.max(1e-9) / 1e6
    );
    println!("score: {:.4}", rep.accuracy());
    Ok(ExitCode::SUCCESS)
}
