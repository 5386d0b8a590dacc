//! `kill -9` during `newsgraph ingest`: the file stays sound, holds only whole batches,
//! and a second run resumes to the same counts as an uninterrupted one.
//! (`scripts/crash-trials.sh N` runs many trials at random moments.)

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use newsgraph::ingest::read_path;
use newsgraph::{pipeline::analyze, Resources};
use newsgraph_store::Store;

const BIN: &str = env!("CARGO_BIN_EXE_newsgraph");
/// Documents per transaction in `ingest` (corpus.rs WRITE_BATCH).
const BATCH: u64 = 256;

/// Analysed Wikinews samples, replicated with distinct ids and texts, as records.
fn records(dir: &Path, copies: usize) -> (PathBuf, u64) {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/wikinews");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&samples).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut docs = Vec::new();
    for f in files {
        read_path(&f, &mut |r| {
            if let Ok(raw) = r {
                docs.push(analyze(raw, Resources::embedded()));
            }
        });
    }
    let path = dir.join("records.jsonl");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut n = 0;
    for k in 0..copies {
        for d in &docs {
            let mut d = d.clone();
            d.id = format!("{}~{k}", d.id);
            d.text.push_str(&format!("\n\nCopy {k}."));
            serde_json::to_writer(&mut w, &d).unwrap();
            w.write_all(b"\n").unwrap();
            n += 1;
        }
    }
    w.flush().unwrap();
    (path, n)
}

fn ingest(records: &Path, db: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.arg("ingest")
        .arg("--records")
        .arg(records)
        .arg("--db")
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn stored(db: &Path) -> u64 {
    Store::open_read_only(db).and_then(|s| s.count_documents()).unwrap_or(0)
}

#[test]
fn kill_9_mid_ingest_loses_nothing_committed_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let (recs, total) = records(dir.path(), 60);
    // The reference: one uninterrupted run.
    let reference = dir.path().join("ref.db");
    assert!(ingest(&recs, &reference).status().unwrap().success());
    let want = Store::open_read_only(&reference).unwrap().counts().unwrap();
    let want_stories = Store::open_read_only(&reference).unwrap().corpus().unwrap();
    assert!(want_stories.stories.len() > 1, "the copies are linked into stories");
    assert_eq!(want[0], ("doc", total));

    let mut killed_mid_way = 0;
    for trial in 0..3 {
        let db = dir.path().join(format!("crash{trial}.db"));
        let mut child = ingest(&recs, &db).spawn().unwrap();
        // Kill once a first batch is committed (and a little later in later trials).
        let t0 = Instant::now();
        while stored(&db) == 0 && t0.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(30 * trial));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let store = Store::create(&db).unwrap();
        assert_eq!(store.check().unwrap(), Vec::<String>::new(), "trial {trial}");
        let n = store.count_documents().unwrap();
        assert!(n.is_multiple_of(BATCH) || n == total, "trial {trial}: {n} documents is not whole batches");
        if n < total {
            killed_mid_way += 1;
        }
        drop(store);
        // Resume.
        assert!(ingest(&recs, &db).status().unwrap().success());
        let store = Store::open_read_only(&db).unwrap();
        assert_eq!(store.counts().unwrap(), want, "trial {trial}: resumed counts differ");
        assert_eq!(store.corpus().unwrap(), want_stories, "trial {trial}: resumed stories differ");
    }
    assert!(killed_mid_way > 0, "no trial interrupted the ingest: make the input larger");
}
