//! Inputs → [`RawDoc`]s: plain text, HTML, JSONL, WARC, directories, stdin.
//!
//! Bytes are decoded with the encoding the input declares (`<meta charset>`, BOM)
//! or, failing that, the one `chardetng` guesses; text is NFC-normalised.
//! Every failure names its file; nothing is dropped silently.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::Error;

/// What a raw document holds.
#[derive(Debug, Clone)]
pub enum Payload {
    /// Plain text, one paragraph per line or blank-line separated.
    Text(String),
    /// An HTML page.
    Html(String),
}

/// One article before analysis.
#[derive(Debug, Clone)]
pub struct RawDoc {
    /// File stem, JSONL `id`, or WARC record id.
    pub id: String,
    /// Where it came from: `path`, `path#line`, `path#record`.
    pub source: String,
    /// The page URL when known.
    pub url: Option<String>,
    /// ISO publication date given by the input.
    pub published: Option<String>,
    /// Headline given by the input.
    pub title: Option<String>,
    /// The content.
    pub payload: Payload,
    /// Problems met while reading that did not stop it (lossy decoding …).
    pub warnings: Vec<String>,
}

impl RawDoc {
    /// A plain-text document (for tests and library users).
    pub fn text(id: &str, text: &str) -> RawDoc {
        RawDoc {
            id: id.to_string(),
            source: id.to_string(),
            url: None,
            published: None,
            title: None,
            payload: Payload::Text(text.nfc().collect()),
            warnings: Vec::new(),
        }
    }
    /// An HTML document (for tests and library users).
    pub fn html(id: &str, html: &str) -> RawDoc {
        RawDoc { payload: Payload::Html(html.nfc().collect()), ..RawDoc::text(id, "") }
    }
}

/// Decode bytes to NFC text: BOM, then a declared HTML charset, then detection.
/// Returns the text and whether decoding had to replace malformed bytes.
pub fn decode(bytes: &[u8], html: bool) -> (String, bool) {
    let enc = encoding_rs::Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| if html { declared_charset(bytes) } else { None })
        .unwrap_or_else(|| {
            if std::str::from_utf8(bytes).is_ok() {
                encoding_rs::UTF_8
            } else {
                let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                det.feed(bytes, true);
                det.guess(None, chardetng::Utf8Detection::Allow)
            }
        });
    let (text, _, malformed) = enc.decode(bytes);
    // Most pages are NFC already: check quickly before rebuilding the string.
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        return (text.into_owned(), malformed);
    }
    (text.nfc().collect(), malformed)
}

/// The charset an HTML page declares in its first 4 KiB.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset")?;
    let rest = head[at + 7..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))?;
    encoding_rs::Encoding::for_label(&rest.as_bytes()[..end])
}

/// True when the bytes look like binary rather than text: NUL bytes or many
/// control characters in the first 8 KiB.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        // UTF-16 text carries NULs too; a BOM says it is text.
        return encoding_rs::Encoding::for_bom(bytes).is_none();
    }
    let ctrl = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    ctrl * 20 > head.len()
}

/// The kind of an input file, by extension then content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Plain text.
    Text,
    /// HTML page.
    Html,
    /// JSON Lines, one article per line.
    Jsonl,
    /// WARC archive (maybe gzipped).
    Warc,
}

/// Decide what a file is from its name and first bytes.
pub fn detect_kind(name: &str, head: &[u8]) -> InputKind {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".warc") || lower.ends_with(".warc.gz") {
        return InputKind::Warc;
    }
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        return InputKind::Jsonl;
    }
    if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".html.gz") {
        return InputKind::Html;
    }
    let start = String::from_utf8_lossy(&head[..head.len().min(512)]).trim_start().to_ascii_lowercase();
    if start.starts_with("warc/") {
        InputKind::Warc
    } else if start.starts_with("<!doctype html") || start.starts_with("<html") || start.starts_with("<?xml")
    {
        InputKind::Html
    } else if start.starts_with('{') {
        InputKind::Jsonl
    } else {
        InputKind::Text
    }
}

/// Expand paths into the files to read: directories recursively (sorted, hidden
/// files skipped), `-` as stdin. Paths that do not exist are errors.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            files.push(p.clone());
        } else {
            walk(p, &mut files, &mut errors);
        }
    }
    (files, errors)
}

fn walk(p: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Error>) {
    match fs::metadata(p) {
        Err(e) => errors.push(Error::Io { path: p.to_path_buf(), source: e }),
        Ok(m) if m.is_dir() => match fs::read_dir(p) {
            Err(e) => errors.push(Error::Io { path: p.to_path_buf(), source: e }),
            Ok(rd) => {
                let mut entries: Vec<PathBuf> = rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|q| !q.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
                    .collect();
                entries.sort();
                for q in entries {
                    walk(&q, files, errors);
                }
            }
        },
        Ok(_) => files.push(p.to_path_buf()),
    }
}

/// Largest single input newsgraph reads whole (a larger file is skipped with an error).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Read one input file (or `-`), calling `emit` for each document or per-document
/// error, in order. A file-level failure is one error.
pub fn read_path(path: &Path, emit: &mut dyn FnMut(Result<RawDoc, Error>)) {
    let name = path.to_string_lossy().to_string();
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        match std::io::stdin().lock().read_to_end(&mut buf) {
            Ok(_) => buf,
            Err(e) => return emit(Err(Error::Io { path: path.to_path_buf(), source: e })),
        }
    } else {
        match fs::metadata(path) {
            Ok(m) if m.len() > MAX_FILE_BYTES => {
                return emit(Err(Error::Input {
                    path: name,
                    reason: format!("file too large ({} MB > {} MB)", m.len() >> 20, MAX_FILE_BYTES >> 20),
                }))
            }
            _ => {}
        }
        if detect_kind(&name, b"") == InputKind::Jsonl {
            return read_jsonl_file(path, emit);
        }
        match fs::read(path) {
            Ok(b) => b,
            Err(e) => return emit(Err(Error::Io { path: path.to_path_buf(), source: e })),
        }
    };
    let bytes = match maybe_gunzip(&name, bytes) {
        Ok(b) => b,
        Err(reason) => return emit(Err(Error::Input { path: name, reason })),
    };
    read_bytes(&name, &bytes, emit);
}

fn maybe_gunzip(name: &str, bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .map_err(|e| format!("broken gzip: {e}"))?;
        Ok(out)
    } else if name.ends_with(".gz") {
        Err("named .gz but is not gzip".to_string())
    } else {
        Ok(bytes)
    }
}

/// Read the bytes of one input, named `name`.
pub fn read_bytes(name: &str, bytes: &[u8], emit: &mut dyn FnMut(Result<RawDoc, Error>)) {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return emit(Err(Error::Input { path: name.to_string(), reason: "empty input".to_string() }));
    }
    let kind = detect_kind(name, bytes);
    if kind != InputKind::Warc && looks_binary(bytes) {
        return emit(Err(Error::Input {
            path: name.to_string(),
            reason: "binary data, not text".to_string(),
        }));
    }
    match kind {
        InputKind::Jsonl => {
            let mut r = BufReader::new(bytes);
            read_jsonl(name, &mut r, emit)
        }
        InputKind::Warc => crate::ingest::warc::read_warc(name, bytes, emit),
        InputKind::Html | InputKind::Text => {
            let html = kind == InputKind::Html;
            let (text, lossy) = decode(bytes, html);
            let mut doc = RawDoc {
                id: stem(name),
                source: name.to_string(),
                url: None,
                published: None,
                title: None,
                payload: if html { Payload::Html(text) } else { Payload::Text(text) },
                warnings: Vec::new(),
            };
            if lossy {
                doc.warnings.push("malformed bytes replaced while decoding".to_string());
            }
            emit(Ok(doc))
        }
    }
}

fn stem(name: &str) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    let mut s = base;
    for ext in [".gz", ".html", ".htm", ".txt", ".warc", ".jsonl"] {
        s = s.strip_suffix(ext).unwrap_or(s);
    }
    if s.is_empty() {
        "stdin".to_string()
    } else {
        s.to_string()
    }
}

fn read_jsonl_file(path: &Path, emit: &mut dyn FnMut(Result<RawDoc, Error>)) {
    match fs::File::open(path) {
        Err(e) => emit(Err(Error::Io { path: path.to_path_buf(), source: e })),
        Ok(f) => {
            let mut r = BufReader::new(f);
            read_jsonl(&path.to_string_lossy(), &mut r, emit)
        }
    }
}

/// Read JSON Lines: each line an object with `text` or `html`, optional `id`,
/// `url`, `published`, `title`. A bad line is one error; the rest go on.
pub fn read_jsonl(name: &str, r: &mut dyn BufRead, emit: &mut dyn FnMut(Result<RawDoc, Error>)) {
    let mut buf = Vec::new();
    let mut lineno = 0usize;
    loop {
        buf.clear();
        match r.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                return emit(Err(Error::Input { path: name.to_string(), reason: format!("read error: {e}") }))
            }
        }
        lineno += 1;
        let src = format!("{name}#{lineno}");
        if buf.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        emit(parse_json_line(&src, lineno, &buf));
    }
}

fn parse_json_line(src: &str, lineno: usize, line: &[u8]) -> Result<RawDoc, Error> {
    let bad = |reason: String| Error::Input { path: src.to_string(), reason };
    let (s, lossy) = decode(line, false);
    let v: serde_json::Value = serde_json::from_str(&s).map_err(|e| bad(format!("invalid JSON: {e}")))?;
    let obj = v.as_object().ok_or_else(|| bad("not a JSON object".to_string()))?;
    let field = |k: &str| obj.get(k).and_then(|x| x.as_str()).map(|x| x.nfc().collect::<String>());
    let payload = if let Some(t) = field("text") {
        Payload::Text(t)
    } else if let Some(h) = field("html") {
        Payload::Html(h)
    } else {
        return Err(bad("no \"text\" or \"html\" field".to_string()));
    };
    let id = obj
        .get("id")
        .map(|x| match x {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .unwrap_or_else(|| format!("{}-{lineno}", stem(src.rsplit_once('#').map_or(src, |p| p.0))));
    let mut warnings = Vec::new();
    if lossy {
        warnings.push("malformed bytes replaced while decoding".to_string());
    }
    Ok(RawDoc {
        id,
        source: src.to_string(),
        url: field("url"),
        published: field("published").or_else(|| field("publication_date")),
        title: field("title"),
        payload,
        warnings,
    })
}

pub mod warc;
