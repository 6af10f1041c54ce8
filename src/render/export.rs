//! Open-data downloads shared by the matrices and the network: CSV with a comma, CSV for Dutch
//! spreadsheets (semicolon, byte-order mark) and JSON, each listed on its page.

use super::views::LinkView;
use crate::output::OutputSet;
use std::sync::Arc;

/// The three download links of a table at `base` (a folder URL) named `slug`.
pub fn links(base: &str, slug: &str) -> Vec<LinkView> {
    let base = base.trim_end_matches('/');
    let link = |title: &str, url: String, kind: &str| LinkView {
        title: title.into(),
        url,
        kind: kind.into(),
        summary: String::new(),
    };
    vec![
        link("CSV", format!("{base}/{slug}.csv"), "text/csv"),
        link("CSV (Excel NL)", format!("{base}/{slug}-nl.csv"), "text/csv"),
        link("JSON", format!("{base}/{slug}.json"), "application/json"),
    ]
}

/// A CSV table; `rows` get their cells made formula-safe.
pub fn csv_table(header: &[String], rows: &[Vec<String>], delimiter: u8) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for rec in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let _ = w.write_record(rec.iter().map(|c| csv_safe(c)));
    }
    w.into_inner().unwrap_or_default()
}

/// Adds the downloads at `base` named `slug` to the output, through `kring serve`'s memo under
/// `key`: `csv(delimiter, decimal)` makes either CSV, `json` the JSON.
pub(super) fn add(
    r: &super::Renderer,
    (base, slug, key): (&str, &str, u64),
    csv: &dyn Fn(u8, char) -> Vec<u8>,
    json: &dyn Fn() -> Vec<u8>,
    out: &mut OutputSet,
) {
    let base = base.trim_matches('/');
    let files: [(String, &dyn Fn() -> Vec<u8>); 3] = [
        (format!("{base}/{slug}.csv"), &|| csv(b',', '.')),
        // Excel only reads UTF-8 (é, ë) correctly with a byte-order mark.
        (format!("{base}/{slug}-nl.csv"), &|| {
            let mut nl = "\u{feff}".as_bytes().to_vec();
            nl.extend(csv(b';', ','));
            nl
        }),
        (format!("{base}/{slug}.json"), json),
    ];
    for (path, make) in files {
        let bytes = || Ok(Arc::new(make()));
        if let Ok(bytes) = r.through_inputs(&path, |_| key, bytes) {
            out.insert_shared(path, bytes);
        }
    }
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`;
/// numbers such as `-3,5` stay as they are.
pub fn csv_safe(s: &str) -> String {
    let number = |r: &str| r.chars().all(|c| c.is_ascii_digit() || ".,- ".contains(c));
    let risky = match s.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some(c @ ('+' | '-')) => !number(&s[c.len_utf8()..]),
        _ => false,
    };
    if risky { format!("'{s}") } else { s.to_string() }
}
