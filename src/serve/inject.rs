//! Answers one request from memory: files, the live-reload event stream, and the injected
//! reload script and error overlay (only when serving, never in `build` output).

use super::Shared;
use crate::diagnostic::Lang;
use std::io::Write;
use std::sync::Arc;
use tiny_http::{Header, Method, Request, Response, StatusCode};

const EVENTS: &str = "/__kring/events";

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("static header names and values are valid")
}

/// The file for a request path, or None (404). Only map lookups: nothing can escape the site.
pub fn file_for(path: &str) -> Option<String> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    if decoded.contains('\\')
        || decoded.split('/').any(|s| s == ".." || s == ".")
        || decoded.contains('\0')
    {
        return None;
    }
    let trimmed = decoded.trim_start_matches('/');
    if trimmed.is_empty() {
        return Some("index.html".into());
    }
    if trimmed.ends_with('/') {
        Some(format!("{trimmed}index.html"))
    } else {
        Some(trimmed.to_string())
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type of a file name.
pub fn content_type(file: &str) -> &'static str {
    match file.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Longest request path served; longer ones get 414 before any lookup.
const MAX_URL: usize = 2048;

fn etag(bytes: &[u8], build_id: u64) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = crate::cache::key_hasher();
    bytes.hash(&mut h);
    build_id.hash(&mut h);
    format!("\"{:016x}\"", h.finish())
}

fn plain(status: u16, text: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(text.as_bytes().to_vec())
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

/// Handles one request: GET and HEAD only, ETag/304, the live-reload stream on its own thread.
pub fn handle(req: Request, shared: &Arc<Shared>) {
    if req.url().len() > MAX_URL {
        let _ = req.respond(plain(414, "URL te lang / URL too long"));
        return;
    }
    if !matches!(req.method(), Method::Get | Method::Head) {
        let _ = req.respond(
            plain(405, "alleen GET en HEAD / only GET and HEAD")
                .with_header(header("Allow", "GET, HEAD")),
        );
        return;
    }
    if req.url() == EVENTS {
        // A long-lived stream gets its own thread so it never blocks the request workers.
        let id = shared.state.lock().map(|s| s.events.newest).unwrap_or(0);
        let shared = Arc::clone(shared);
        std::thread::spawn(move || stream_events(req, &shared, id));
        return;
    }
    let (site, errors, lang, build_id) = {
        let st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        (st.site.clone(), st.errors.clone(), st.lang, st.events.newest)
    };
    let file = file_for(req.url());
    let (status, name, bytes) = match (&site, &file) {
        (Some(site), Some(f)) if site.get(f).is_some() => {
            (200, f.clone(), site.get(f).map(<[u8]>::to_vec).unwrap_or_default())
        }
        (Some(site), Some(f))
            if !f.ends_with('/') && site.get(&format!("{f}/index.html")).is_some() =>
        {
            // Folder without its slash: redirect, built from the cleaned path, never the raw URL.
            let _ = req.respond(plain(301, "").with_header(header("Location", &format!("/{f}/"))));
            return;
        }
        _ => (
            404,
            "404.html".to_string(),
            site.as_ref()
                .and_then(|s| s.get("404.html"))
                .map(<[u8]>::to_vec)
                .unwrap_or_else(|| b"404".to_vec()),
        ),
    };
    let body = inject(&name, bytes, &errors, lang);
    let tag = etag(&body, build_id);
    let not_modified = status == 200
        && req.headers().iter().any(|h| h.field.equiv("If-None-Match") && h.value.as_str() == tag);
    let response = if not_modified {
        Response::from_data(Vec::new()).with_status_code(StatusCode(304))
    } else {
        Response::from_data(body).with_status_code(StatusCode(status))
    };
    let response = response
        .with_header(header("Content-Type", content_type(&name)))
        .with_header(header("ETag", &tag))
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = req.respond(response);
}

/// Adds the reload script, and the error overlay when the last rebuild failed, to HTML pages.
pub fn inject(
    file: &str,
    bytes: Vec<u8>,
    errors: &[crate::diagnostic::Diagnostic],
    lang: Lang,
) -> Vec<u8> {
    if !file.ends_with(".html") {
        return bytes;
    }
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    let mut snippet = String::from(
        "<script>(function(){var s=new EventSource('/__kring/events');s.onmessage=function(e){if(e.data.indexOf('css:')===0){document.querySelectorAll('link[rel=stylesheet]').forEach(function(l){l.href=l.href.split('?')[0]+'?v='+e.data.slice(4);});return;}var m=/^\\d+ (only|except) (.*)$/.exec(e.data);if(m&&(m[1]==='only')!==(JSON.parse(m[2]).indexOf(decodeURI(location.pathname))>=0)){return;}location.reload();};})();</script>",
    );
    if !errors.is_empty() {
        snippet.push_str(&overlay(errors, lang));
    }
    match html.rfind("</body>") {
        Some(i) => html.insert_str(i, &snippet),
        None => html.push_str(&snippet),
    }
    html.into_bytes()
}

/// The error overlay shown on every page while the last rebuild failed.
pub fn overlay(errors: &[crate::diagnostic::Diagnostic], lang: Lang) -> String {
    let title = if lang == Lang::Nl {
        "De laatste wijziging bevat fouten"
    } else {
        "The last change has errors"
    };
    let mut items = String::new();
    for d in errors {
        let mut text = String::new();
        let _ = pulldown_cmark_escape::escape_html(&mut text, &d.render(lang));
        items.push_str(&format!("<li><pre>{text}</pre></li>"));
    }
    format!(
        "<div id=\"kring-fouten\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;background:#fff4f4;color:#5c0000;border-top:4px solid #b00020;padding:1rem;z-index:9999;font:14px/1.4 monospace\"><h2 style=\"margin:0 0 .5rem\">{title}</h2><ul style=\"list-style:none;padding:0;margin:0\">{items}</ul></div>"
    )
}

/// Keeps the connection open and sends an event after every rebuild.
fn stream_events(req: Request, shared: &Shared, mut seen: u64) {
    let mut writer = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n: kring\n\n";
    if writer.write_all(head.as_bytes()).and_then(|()| writer.flush()).is_err() {
        return;
    }
    loop {
        let guard = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = shared
            .changed
            .wait_timeout_while(guard, std::time::Duration::from_secs(15), |s| {
                s.events.newest == seen
            })
            .unwrap_or_else(|e| e.into_inner());
        let msg = guard.events.message_since(seen).unwrap_or_else(|| ": ping\n\n".into());
        seen = guard.events.newest;
        drop(guard);
        if writer.write_all(msg.as_bytes()).and_then(|()| writer.flush()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_files_and_cannot_escape() {
        assert_eq!(file_for("/").as_deref(), Some("index.html"));
        assert_eq!(
            file_for("/gemeenten/haarlem/").as_deref(),
            Some("gemeenten/haarlem/index.html")
        );
        assert_eq!(file_for("/style.css?v=1").as_deref(), Some("style.css"));
        assert_eq!(file_for("/../etc/passwd"), None);
        assert_eq!(file_for("/%2e%2e/etc/passwd"), None);
        assert_eq!(file_for("/a\\..\\b"), None);
        assert_eq!(file_for("/%zz"), None);
    }

    #[test]
    fn overlay_escapes_messages() {
        let d = crate::diagnostic::Diagnostic::error(
            "content/<x>.md",
            "toml",
            crate::diagnostic::t("<b>", "<b>"),
        );
        let html = overlay(&[d], Lang::Nl);
        assert!(html.contains("content/&lt;x&gt;.md"));
        assert!(!html.contains("<b>"));
    }
}
