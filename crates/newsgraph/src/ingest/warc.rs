//! WARC archives: every `response` (or `resource`) record whose payload is HTML
//! becomes a document with the record's target URI and id. Request, metadata and
//! warcinfo records are not articles and are passed over; non-HTML responses
//! (images, scripts) are counted in one warning line per archive.

use std::io::{BufRead, Read};

use warc::{RecordType, WarcHeader, WarcReader};

use super::{decode, Payload, RawDoc};
use crate::Error;

/// Read a (decompressed) WARC file.
pub fn read_warc(name: &str, input: &mut dyn BufRead, emit: &mut dyn FnMut(Result<RawDoc, Error>)) {
    let reader = WarcReader::new(input);
    let mut not_html = 0usize;
    let mut n = 0usize;
    for rec in reader.iter_records() {
        n += 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                emit(Err(Error::Input {
                    path: format!("{name}#{n}"),
                    reason: format!("broken WARC record: {e}"),
                }));
                return; // the stream cannot be resynchronised after a bad header
            }
        };
        if !matches!(rec.warc_type(), RecordType::Response | RecordType::Resource) {
            continue;
        }
        let src = format!("{name}#{n}");
        let id = rec.warc_id().trim_matches(['<', '>']).trim_start_matches("urn:uuid:").to_string();
        let url = rec.header(WarcHeader::TargetURI).map(|u| u.into_owned());
        let is_http = rec
            .header(WarcHeader::ContentType)
            .is_some_and(|c| c.to_ascii_lowercase().contains("application/http"));
        let body = if is_http {
            match http_payload(rec.body()) {
                Ok(Some(b)) => b,
                Ok(None) => {
                    not_html += 1;
                    continue;
                }
                Err(reason) => {
                    emit(Err(Error::Input { path: src, reason }));
                    continue;
                }
            }
        } else {
            let ct = rec.header(WarcHeader::ContentType).map(|c| c.to_ascii_lowercase()).unwrap_or_default();
            if !ct.contains("html") {
                not_html += 1;
                continue;
            }
            rec.body().to_vec()
        };
        let (html, lossy) = decode(&body, true);
        let mut warnings = Vec::new();
        if lossy {
            warnings.push("malformed bytes replaced while decoding".to_string());
        }
        emit(Ok(RawDoc {
            id: if id.is_empty() { src.clone() } else { id },
            source: src,
            url,
            published: None,
            title: None,
            payload: Payload::Html(html),
            warnings,
        }));
    }
    if not_html > 0 {
        eprintln!("newsgraph: {name}: {not_html} non-HTML WARC records passed over");
    }
}

/// The body of an HTTP response if it is HTML (de-chunked and decompressed),
/// `None` if it is something else, an error if it is broken.
fn http_payload(raw: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let mut headers = [httparse::EMPTY_HEADER; 96];
    let mut resp = httparse::Response::new(&mut headers);
    let head_len = match resp.parse(raw) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err("truncated HTTP header in WARC record".to_string()),
        Err(e) => return Err(format!("bad HTTP header in WARC record: {e}")),
    };
    if resp.code.is_some_and(|c| !(200..300).contains(&c)) {
        return Ok(None);
    }
    let get = |name: &str| {
        resp.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
    };
    let ctype = get("content-type").unwrap_or_default();
    if !(ctype.is_empty() || ctype.contains("html")) {
        return Ok(None);
    }
    let mut body = raw[head_len..].to_vec();
    if get("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body).ok_or("broken chunked encoding in WARC record")?;
    }
    match get("content-encoding").as_deref() {
        Some(e) if e.contains("gzip") => {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(&body[..])
                .read_to_end(&mut out)
                .map_err(|e| format!("broken gzip body in WARC record: {e}"))?;
            body = out;
        }
        Some(e) if e.contains("deflate") => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(&body[..])
                .read_to_end(&mut out)
                .map_err(|e| format!("broken deflate body in WARC record: {e}"))?;
            body = out;
        }
        Some(e) if e.contains("br") || e.contains("zstd") => {
            return Err(format!("unsupported content-encoding {e} in WARC record"));
        }
        _ => {}
    }
    Ok(Some(body))
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = b.windows(2).position(|w| w == b"\r\n")?;
        let size_str = std::str::from_utf8(&b[..line_end]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        b = &b[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size + 2..).unwrap_or(&[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, ctype: &str, payload: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nWARC-Date: 2019-07-23T10:00:00Z\r\nWARC-Target-URI: http://example.com/{uri}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
            payload.len()
        )
        .into_bytes();
        r.extend_from_slice(payload);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn read(bytes: &[u8]) -> Vec<Result<RawDoc, Error>> {
        let mut out = Vec::new();
        let mut input = bytes;
        read_warc("t.warc", &mut input, &mut |r| out.push(r));
        out
    }

    #[test]
    fn html_responses_become_documents() {
        let mut w = record("warcinfo", "info", "application/warc-fields", b"software: test\r\n");
        w.extend(record("request", "a", "application/http; msgtype=request", b"GET / HTTP/1.1\r\n\r\n"));
        w.extend(record(
            "response",
            "a",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Hello</p></body></html>",
        ));
        w.extend(record(
            "response",
            "b",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        w.extend(record(
            "response",
            "c",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>Hi\r\n4\r\n</p>\r\n0\r\n\r\n",
        ));
        let docs: Vec<RawDoc> = read(&w).into_iter().map(|r| r.expect("ok")).collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "a");
        assert_eq!(docs[0].url.as_deref(), Some("http://example.com/a"));
        match &docs[1].payload {
            Payload::Html(h) => assert_eq!(h, "<p>Hi</p>"),
            Payload::Text(_) => panic!("expected HTML"),
        }
    }

    #[test]
    fn broken_archive_is_an_error_not_a_panic() {
        let w = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\n<p>cut";
        let out = read(w);
        assert!(!out.is_empty() && out.iter().all(|r| r.is_err()), "{out:?}");
    }
}
