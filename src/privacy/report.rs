//! `kring check --privacy`: every finding (accepted ones too, so a reviewer sees them) as
//! `path:line:col`, category, severity, masked excerpt and suggestion; or JSON for CI.

use super::PrivacyFinding;
use crate::build::{BuildOptions, build};
use crate::cli::{EXIT_CONTENT, EXIT_OK, Format, print_diagnostics};
use crate::diagnostic::{Lang, Severity};
use std::collections::BTreeMap;

/// One report line (plus its tip line).
pub fn render(f: &PrivacyFinding, lang: Lang) -> String {
    let status = match (&f.accepted, f.severity, lang) {
        (Some(_), _, Lang::Nl) => "geaccepteerd",
        (Some(_), _, Lang::En) => "accepted",
        (None, Severity::Error, Lang::Nl) => "fout",
        (None, Severity::Error, Lang::En) => "error",
        (None, Severity::Warning, Lang::Nl) => "waarschuwing",
        (None, Severity::Warning, Lang::En) => "warning",
    };
    let mut line = format!(
        "{}:{}:{}: {status}[privacy-{}]: «{}»",
        f.path,
        f.line,
        f.col,
        f.category.code(),
        f.excerpt
    );
    match &f.accepted {
        Some(reason) => line.push_str(&format!(
            "\n  {}: {reason}",
            if lang == Lang::Nl { "reden" } else { "reason" }
        )),
        None => line.push_str(&format!(
            "\n  {}: {}",
            if lang == Lang::Nl { "tip" } else { "hint" },
            f.suggestion.get(lang)
        )),
    }
    line
}

/// Runs the scanner through a full check and prints the privacy report.
pub fn cmd_privacy(opts: BuildOptions, forced: Option<Lang>, format: Format) -> i32 {
    let result = build(&opts);
    let lang = forced.unwrap_or(result.lang);
    let errors = result
        .privacy
        .iter()
        .filter(|f| f.accepted.is_none() && f.severity == Severity::Error)
        .count();
    let warnings = result
        .privacy
        .iter()
        .filter(|f| f.accepted.is_none() && f.severity == Severity::Warning)
        .count();
    let accepted = result.privacy.iter().filter(|f| f.accepted.is_some()).count();
    let code = if errors > 0
        || result.diagnostics.iter().any(|d| d.is_error() && !d.code.starts_with("privacy-"))
    {
        EXIT_CONTENT
    } else {
        EXIT_OK
    };
    if format == Format::Json {
        let mut per_category: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &result.privacy {
            *per_category.entry(f.category.code()).or_default() += 1;
        }
        let doc = serde_json::json!({
            "errors": errors, "warnings": warnings, "accepted": accepted, "per_category": per_category,
            "findings": result.privacy.iter().map(|f| serde_json::json!({
                "path": f.path, "line": f.line, "column": f.col, "category": f.category.code(),
                "severity": if f.severity == Severity::Error { "error" } else { "warning" },
                "excerpt": f.excerpt, "suggestion": f.suggestion.get(lang), "accepted": f.accepted,
            })).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        return code;
    }
    let other: Vec<_> =
        result.diagnostics.iter().filter(|d| !d.code.starts_with("privacy-")).cloned().collect();
    print_diagnostics(&other, lang);
    for f in &result.privacy {
        eprintln!("{}", render(f, lang));
    }
    match lang {
        Lang::Nl => eprintln!(
            "kring check --privacy: {errors} fouten, {warnings} waarschuwingen, {accepted} geaccepteerd"
        ),
        Lang::En => eprintln!(
            "kring check --privacy: {errors} errors, {warnings} warnings, {accepted} accepted"
        ),
    }
    code
}
