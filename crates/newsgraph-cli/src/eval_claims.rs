//! `newsgraph eval claims PATH…`: the claims extracted from each document, one line
//! each (slot, value, evidence) — for reading and hand-checking extraction.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use newsgraph::ingest;
use newsgraph::story::claim::{self, Value};
use newsgraph::{pipeline, Resources};

/// Print the claims of every document under `paths`.
pub(crate) fn run(paths: &[PathBuf]) -> Result<ExitCode> {
    let res = Resources::embedded();
    let (files, _) = ingest::expand_paths(paths);
    for f in &files {
        ingest::read_path(f, &mut |r| {
            let Ok(raw) = r else { return };
            let doc = pipeline::analyze(raw, res);
            for c in claim::extract(&doc) {
                let v = match &c.value {
                    Value::Number(n) => format!("{n}"),
                    Value::Date { year, month, day } => {
                        format!("{}-{month:02}-{day:02}", year.map_or("????".to_string(), |y| y.to_string()))
                    }
                    Value::Speaker(i) => doc.entities.get(*i).map_or(String::new(), |e| e.name.clone()),
                };
                let ev: String = doc.text[c.span.range()].chars().take(160).collect();
                println!(
                    "{}\t{}\t{}\t{v}\t{:?}\t[{}]\t{}",
                    doc.id,
                    c.slot,
                    c.what,
                    c.approx,
                    &doc.text[c.value_span.range()],
                    ev.replace('\n', " ")
                );
            }
        });
    }
    Ok(ExitCode::SUCCESS)
}
