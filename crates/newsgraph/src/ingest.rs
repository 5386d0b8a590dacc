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
            payload: Payload::Text(nfc(text.to_string())),
            warnings: Vec::new(),
        }
    }
    /// An HTML document (for tests and library users).
    pub fn html(id: &str, html: &str) -> RawDoc {
        RawDoc { payload: Payload::Html(nfc(html.to_string())), ..RawDoc::text(id, "") }
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
    (nfc(text.into_owned()), malformed)
}

/// NFC-normalise, skipping the work when the text is already NFC (nearly always).
pub fn nfc(s: String) -> String {
    match unicode_normalization::is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => s,
        _ => s.nfc().collect(),
    }
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

/// True when the bytes look like binary rather than text: NULs in more than a tenth
/// of the first 8 KiB (UTF-16 without a BOM, images, archives) or many control
/// characters. A few stray NULs (a scraper's padding, a
/// truncated field) do not make a file binary: they are removed with a warning.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let nuls = head.iter().filter(|&&b| b == 0).count();
    // UTF-16 text carries NULs too; a BOM says it is text.
    if nuls * 10 > head.len() && encoding_rs::Encoding::for_bom(bytes).is_none() {
        return true;
    }
    let ctrl = head.iter().filter(|&&b| b < 0x20 && !matches!(b, 0 | b'\n' | b'\r' | b'\t' | 0x0c)).count();
    ctrl * 20 > head.len()
}

/// Remove NUL characters from decoded text; a warning saying how many, if any.
pub fn strip_nul(text: &mut String) -> Option<String> {
    let n = text.bytes().filter(|&b| b == 0).count();
    if n == 0 {
        return None;
    }
    text.retain(|c| c != '\0');
    Some(format!("{n} NUL byte{} removed", if n == 1 { "" } else { "s" }))
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

/// Largest file read whole as one article (`.txt`, `.html`); a larger one is
/// skipped with an error. JSONL and WARC files are streamed and have no limit.
pub const MAX_DOC_BYTES: u64 = 64 * 1024 * 1024;

/// Read one input file (or `-`), calling `emit` for each document or per-document
/// error, in order. A file-level failure is one error.
pub fn read_path(path: &Path, emit: &mut dyn FnMut(Result<RawDoc, Error>)) {
    let name = path.to_string_lossy().to_string();
    let io_err = |e| Error::Io { path: path.to_path_buf(), source: e };
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        return match std::io::stdin().lock().read_to_end(&mut buf) {
            Ok(_) => match maybe_gunzip(&name, buf) {
                Ok(b) => read_bytes("stdin", &b, emit),
                Err(reason) => emit(Err(Error::Input { path: "stdin".into(), reason })),
            },
            Err(e) => emit(Err(io_err(e))),
        };
    }
    let kind = detect_kind(&name, b"");
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return emit(Err(io_err(e))),
    };
    match kind {
        InputKind::Jsonl => read_jsonl(&name, &mut BufReader::new(file), emit),
        InputKind::Warc if name.ends_with(".gz") => {
            read_warc_checked(&name, &mut BufReader::new(flate2::read::MultiGzDecoder::new(file)), emit)
        }
        InputKind::Warc => read_warc_checked(&name, &mut BufReader::new(file), emit),
        InputKind::Html | InputKind::Text => {
            let len = file.metadata().map(|m| m.len()).unwrap_or(0);
            if len > MAX_DOC_BYTES {
                return emit(Err(Error::Input {
                    path: name,
                    reason: format!(
                        "file too large for one article ({} MB > {} MB)",
                        len >> 20,
                        MAX_DOC_BYTES >> 20
                    ),
                }));
            }
            let mut bytes = Vec::with_capacity(len as usize);
            if let Err(e) = BufReader::new(file).read_to_end(&mut bytes) {
                return emit(Err(io_err(e)));
            }
            match maybe_gunzip(&name, bytes) {
                Ok(b) => read_bytes(&name, &b, emit),
                Err(reason) => emit(Err(Error::Input { path: name, reason })),
            }
        }
    }
}

/// A WARC stream, with an empty or unreadable stream reported as such.
fn read_warc_checked(name: &str, r: &mut dyn BufRead, emit: &mut dyn FnMut(Result<RawDoc, Error>)) {
    match r.fill_buf() {
        Ok([]) => emit(Err(Error::Input { path: name.to_string(), reason: "empty input".to_string() })),
        Ok(_) => warc::read_warc(name, r, emit),
        Err(e) => emit(Err(Error::Input { path: name.to_string(), reason: format!("cannot read: {e}") })),
    }
}

/// The bytes of an input named `name`, gunzipped when they are gzip (by their magic
/// bytes); a name ending in `.gz` over bytes that are not gzip is an error.
pub fn maybe_gunzip(name: &str, bytes: Vec<u8>) -> Result<Vec<u8>, String> {
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
        InputKind::Warc => warc::read_warc(name, &mut &bytes[..], emit),
        InputKind::Html | InputKind::Text => {
            let html = kind == InputKind::Html;
            let (mut text, lossy) = decode(bytes, html);
            let nul = strip_nul(&mut text);
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
            doc.warnings.extend(nul);
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

/// The name of a JSON value's type, for error messages.
fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn parse_json_line(src: &str, lineno: usize, line: &[u8]) -> Result<RawDoc, Error> {
    let bad = |reason: String| Error::Input { path: src.to_string(), reason };
    let (s, lossy) = decode(line, false);
    let v: serde_json::Value = serde_json::from_str(&s).map_err(|e| bad(format!("invalid JSON: {e}")))?;
    let obj = v.as_object().ok_or_else(|| bad("not a JSON object".to_string()))?;
    let mut warnings = Vec::new();
    if lossy {
        warnings.push("malformed bytes replaced while decoding".to_string());
    }
    // A field of the wrong type is named with the type it has: the article's
    // content is an error, a metadata field a warning (the article is still read).
    let content = |k: &str| -> Result<Option<String>, Error> {
        match obj.get(k) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(x)) => Ok(Some(nfc(x.clone()))),
            Some(other) => Err(bad(format!("\"{k}\" is {}, not a string", json_type(other)))),
        }
    };
    let mut field = |k: &str| match obj.get(k) {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(x)) => Some(nfc(x.clone())),
        Some(other) => {
            warnings.push(format!("\"{k}\" is {}, not a string: ignored", json_type(other)));
            None
        }
    };
    let payload = if let Some(t) = content("text")? {
        Payload::Text(t)
    } else if let Some(h) = content("html")? {
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
    let url = field("url");
    let published = field("published").or_else(|| field("publication_date"));
    let title = field("title");
    let mut payload = payload;
    let (Payload::Text(t) | Payload::Html(t)) = &mut payload;
    warnings.extend(strip_nul(t));
    Ok(RawDoc { id, source: src.to_string(), url, published, title, payload, warnings })
}

pub mod warc;

#[cfg(test)]
mod tests {
    use super::*;

    fn one(name: &str, bytes: &[u8]) -> Result<RawDoc, String> {
        let mut out = Vec::new();
        read_bytes(name, bytes, &mut |r| out.push(r.map_err(|e| e.to_string())));
        assert_eq!(out.len(), 1, "{name}");
        out.pop().expect("one")
    }

    fn payload(d: &RawDoc) -> &str {
        match &d.payload {
            Payload::Text(t) | Payload::Html(t) => t,
        }
    }

    #[test]
    fn encodings() {
        // Declared windows-1252 in <meta charset>.
        let html = b"<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\xe9 \x93quoted\x94</p></body></html>";
        let d = one("a.html", html).unwrap();
        assert!(payload(&d).contains("Café “quoted”"));
        // Undeclared Latin-1 text is detected.
        let d = one(
            "b.txt",
            b"Le pr\xe9sident fran\xe7ais a d\xe9clar\xe9 que la r\xe9forme \xe9tait n\xe9cessaire.",
        )
        .unwrap();
        assert!(payload(&d).contains("président français"));
        // UTF-16 with a BOM is text, not binary.
        let mut u16 = vec![0xff, 0xfe];
        for c in "Minister resigns".encode_utf16() {
            u16.extend_from_slice(&c.to_le_bytes());
        }
        assert_eq!(payload(&one("c.txt", &u16).unwrap()), "Minister resigns");
        // Decomposed accents are composed (NFC).
        let d = one("d.txt", "Jean-Franc\u{327}ois".as_bytes()).unwrap();
        assert_eq!(payload(&d), "Jean-François");
    }

    #[test]
    fn kinds_by_name_and_content() {
        assert_eq!(detect_kind("x.warc.gz", b""), InputKind::Warc);
        assert_eq!(detect_kind("x", b"WARC/1.0\r\n"), InputKind::Warc);
        assert_eq!(detect_kind("x", b"  <!DOCTYPE html><html>"), InputKind::Html);
        assert_eq!(detect_kind("x.dat", b"{\"text\": \"a\"}"), InputKind::Jsonl);
        assert_eq!(detect_kind("x", b"Plain words."), InputKind::Text);
    }

    #[test]
    fn jsonl_fields_and_errors() {
        let src = b"{\"id\": 7, \"text\": \"Body.\", \"title\": \"Head\", \"url\": \"http://x\", \"published\": \"2019-07-23\"}\n\n[1]\n";
        let mut out = Vec::new();
        read_jsonl("f.jsonl", &mut &src[..], &mut |r| out.push(r));
        let d = out[0].as_ref().unwrap();
        assert_eq!((d.id.as_str(), d.source.as_str(), d.title.as_deref()), ("7", "f.jsonl#1", Some("Head")));
        assert_eq!(d.published.as_deref(), Some("2019-07-23"));
        assert_eq!(out.len(), 2);
        assert!(out[1].as_ref().unwrap_err().to_string().contains("f.jsonl#3: not a JSON object"));
    }

    #[test]
    fn jsonl_wrong_types_are_named() {
        let src = b"{\"id\": 1, \"text\": 12345}\n{\"id\": 2, \"html\": [\"<p>x</p>\"]}\n\
            {\"id\": 3, \"text\": \"Body.\", \"published\": 1563840000, \"title\": null}\n";
        let mut out = Vec::new();
        read_jsonl("f.jsonl", &mut &src[..], &mut |r| out.push(r.map_err(|e| e.to_string())));
        assert_eq!(out[0].as_ref().unwrap_err(), "f.jsonl#1: \"text\" is a number, not a string");
        assert_eq!(out[1].as_ref().unwrap_err(), "f.jsonl#2: \"html\" is an array, not a string");
        let d = out[2].as_ref().unwrap();
        assert_eq!((d.published.as_deref(), d.title.as_deref()), (None, None));
        assert_eq!(d.warnings, ["\"published\" is a number, not a string: ignored"]);
    }

    #[test]
    fn stray_nul_bytes_are_removed_with_a_warning() {
        let mut text =
            b"Minister resigns.\0\0 The minister said on Tuesday that she would step down.\n".repeat(4);
        text.push(0);
        let d = one("n.txt", &text).unwrap();
        assert!(!payload(&d).contains('\0'));
        assert!(payload(&d).starts_with("Minister resigns. The minister said"));
        assert_eq!(d.warnings, ["9 NUL bytes removed"]);
        // Mostly NULs (a real binary file) is still refused.
        let bin = [b"AB".as_slice(), &[0u8; 64]].concat();
        assert!(one("b.txt", &bin).unwrap_err().contains("binary data"));
        // NULs escaped in a JSONL field too.
        let mut out = Vec::new();
        read_jsonl("f.jsonl", &mut &b"{\"text\": \"A\\u0000B.\"}\n"[..], &mut |r| out.push(r.unwrap()));
        assert_eq!(payload(&out[0]), "AB.");
        assert_eq!(out[0].warnings, ["1 NUL byte removed"]);
    }
}
