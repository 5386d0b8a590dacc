//! `newsgraph serve`: the web UI and JSON API over a corpus file — or, in one step,
//! over articles: `newsgraph serve samples/` analyses them into a cached corpus file
//! first (kept in the user's cache folder, keyed by the files' paths, sizes and
//! modification times and by this binary's version, so a second start is instant and
//! any change rebuilds it).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use crate::corpus;

/// What `serve` was given: a corpus file, or articles to analyse first.
pub(crate) fn serve(
    paths: &[PathBuf],
    db: Option<&Path>,
    addr: &str,
    jobs: Option<usize>,
) -> Result<ExitCode> {
    let db = match (db, paths) {
        (Some(db), []) => db.to_path_buf(),
        (Some(_), _) => bail!("give either --db FILE or articles to analyse, not both"),
        (None, []) => bail!(
            "nothing to serve: give a corpus file (--db FILE) or articles (e.g. `newsgraph serve samples/`)"
        ),
        (None, [one]) if is_corpus_file(one) => one.clone(),
        (None, paths) => cached_corpus(paths, jobs)?,
    };
    corpus::serve(&db, addr)
}

/// A SQLite file (by its header), i.e. a corpus built by `newsgraph ingest`.
fn is_corpus_file(p: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(p).and_then(|mut f| f.read_exact(&mut head)).is_ok() && &head == b"SQLite format 3\0"
}

/// The articles' corpus file in the cache folder, built when missing.
fn cached_corpus(paths: &[PathBuf], jobs: Option<usize>) -> Result<PathBuf> {
    let files = article_files(paths)?;
    if files.is_empty() {
        bail!("no article files under {}", show(paths));
    }
    let dir = cache_dir();
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let db = dir.join(format!("serve-{:016x}.db", key(&files)));
    if db.exists() {
        eprintln!("newsgraph: {} article files, corpus already built: {}", files.len(), db.display());
        return Ok(db);
    }
    eprintln!("newsgraph: analysing {} article files into {} …", files.len(), db.display());
    // Built under another name and renamed when complete: an interrupted build is
    // never taken for a finished one.
    let partial = db.with_extension("db.partial");
    for stale in [partial.clone(), wal(&partial, "-wal"), wal(&partial, "-shm")] {
        let _ = std::fs::remove_file(stale);
    }
    corpus::ingest(&files, &partial, jobs, false, None)?;
    checkpoint(&partial)?;
    std::fs::rename(&partial, &db).with_context(|| format!("renaming {}", partial.display()))?;
    Ok(db)
}

/// Folds the write-ahead log into the file, so that renaming it moves everything.
fn checkpoint(db: &Path) -> Result<()> {
    // Opening and dropping a store checkpoints and removes the WAL on close.
    drop(newsgraph_store::Store::create(db).with_context(|| format!("reopening {}", db.display()))?);
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(wal(db, side));
    }
    Ok(())
}

fn wal(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// The files `ingest` would read, without documentation files (a corpus folder's
/// README.md, LICENSE) that are not articles.
fn article_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let (files, errors) = newsgraph::ingest::expand_paths(paths);
    if let Some(e) = errors.into_iter().next() {
        bail!("{e}");
    }
    Ok(files
        .into_iter()
        .filter(|f| {
            let name = f.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
            !(name.ends_with(".md") || name.starts_with("license") || name.starts_with("readme"))
        })
        .collect())
}

/// FNV-1a over this binary's version and each file's absolute path, size and
/// modification time.
fn key(files: &[PathBuf]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    eat(env!("CARGO_PKG_VERSION").as_bytes());
    for f in files {
        let abs = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        eat(abs.to_string_lossy().as_bytes());
        if let Ok(m) = std::fs::metadata(f) {
            eat(&m.len().to_le_bytes());
            let t = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            eat(&t.map_or(0, |d| d.as_nanos()).to_le_bytes());
        }
    }
    h
}

/// `$XDG_CACHE_HOME/newsgraph`, `~/.cache/newsgraph`, or the temporary folder.
fn cache_dir() -> PathBuf {
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").filter(|x| !x.is_empty()) {
        return PathBuf::from(x).join("newsgraph");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|x| !x.is_empty()) {
        return PathBuf::from(home).join(".cache").join("newsgraph");
    }
    std::env::temp_dir().join("newsgraph")
}

fn show(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documentation_files_are_not_articles() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["README.md", "LICENSE", "a.txt", "b.html", "notes.md", "c.jsonl"] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        let files = article_files(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<_> =
            files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["a.txt", "b.html", "c.jsonl"]);
    }

    #[test]
    fn the_cache_key_follows_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        std::fs::write(&a, "one").unwrap();
        let k1 = key(std::slice::from_ref(&a));
        assert_eq!(k1, key(std::slice::from_ref(&a)));
        std::fs::write(&a, "one and more").unwrap();
        assert_ne!(k1, key(&[a]));
    }

    #[test]
    fn a_corpus_file_is_told_from_articles_by_its_header() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.db");
        drop(newsgraph_store::Store::create(&db).unwrap());
        assert!(is_corpus_file(&db));
        let txt = dir.path().join("a.txt");
        std::fs::write(&txt, "SQLite is a database.").unwrap();
        assert!(!is_corpus_file(&txt));
        assert!(!is_corpus_file(&dir.path().join("missing.db")));
    }
}
