//! Checks the keys of a front-matter table: unknown keys (with the closest known key as a
//! suggestion) and missing required fields.

use super::{Checker, check_value, expected};
use crate::config::FieldSpec;
use crate::content::value::FieldValue;
use crate::diagnostic::t;
use indexmap::IndexMap;
use toml::de::DeTable;

/// Checks a table of named fields: unknown keys, required fields and each value.
pub(crate) fn check_fields(
    ck: &mut Checker,
    fields: &IndexMap<String, FieldSpec>,
    prefix: &str,
    table: &DeTable,
    span: std::ops::Range<usize>,
) -> IndexMap<String, FieldValue> {
    let mut out = IndexMap::new();
    for (k, val) in table {
        let key = k.get_ref().as_ref();
        let full = if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") };
        match fields.get(key) {
            Some(spec) => {
                if let Some(fv) = check_value(ck, spec, &full, val) {
                    out.insert(key.to_string(), fv);
                }
            }
            None => unknown_key(
                ck,
                k.span(),
                &full,
                &fields.keys().map(String::as_str).collect::<Vec<_>>(),
                "",
            ),
        }
    }
    report_missing(ck, fields, prefix, table, span);
    out
}

fn report_missing(
    ck: &mut Checker,
    fields: &IndexMap<String, FieldSpec>,
    prefix: &str,
    table: &DeTable,
    span: std::ops::Range<usize>,
) {
    for (name, spec) in fields.iter().filter(|(n, s)| s.required && !table.contains_key(n.as_str()))
    {
        let full = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        let exp = expected(spec);
        ck.error(
            span.clone(),
            "missing-field",
            t(
                format!("verplicht veld '{full}' ontbreekt"),
                format!("required field '{full}' is missing"),
            ),
            Some(t(
                format!("voeg toe: {name} = ... ({})", exp.nl),
                format!("add: {name} = ... ({})", exp.en),
            )),
        );
    }
}

/// Reports a key that the schema does not know, with the closest known key as a suggestion.
pub(crate) fn unknown_key(
    ck: &mut Checker,
    span: std::ops::Range<usize>,
    key: &str,
    known: &[&str],
    within: &str,
) {
    let last = key.rsplit('.').next().unwrap_or(key);
    let best = closest(last, known.iter().copied());
    let (nl, en) = if within.is_empty() {
        (format!("onbekende sleutel '{key}'"), format!("unknown key '{key}'"))
    } else {
        (
            format!("onbekende sleutel '{key}' in '{within}'"),
            format!("unknown key '{key}' in '{within}'"),
        )
    };
    let hint = match best {
        Some(b) => t(format!("bedoelt u '{b}'?"), format!("did you mean '{b}'?")),
        None => t(
            "bekende sleutels: ".to_string() + &known.join(", "),
            "known keys: ".to_string() + &known.join(", "),
        ),
    };
    ck.error(span, "unknown-key", t(nl, en), Some(hint));
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
