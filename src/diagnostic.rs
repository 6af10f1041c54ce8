//! Diagnostics: every problem kring reports, with location, severity, code and a bilingual text.
//!
//! Each phase collects its diagnostics and keeps going; the build stops at the phase boundary
//! when any of them is an error. Texts carry both Dutch and English so the language can be
//! chosen when printing (terminal, serve overlay) without threading it through every phase.

use serde::Serialize;
use std::fmt::Write as _;

/// The language of user-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Lang {
    /// Dutch, the default.
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// Parses `nl` or `en` (case-insensitive).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language code as used in `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }
}

/// Formats a number the Dutch (1.234,5) or English (1,234.5) way.
pub fn format_number(n: f64, lang: Lang) -> String {
    let (thousands, decimal) = if lang == Lang::Nl { ('.', ',') } else { (',', '.') };
    let negative = n < 0.0;
    let rounded = (n.abs() * 100.0).round() / 100.0;
    let int = rounded.trunc() as u64;
    let frac = ((rounded.fract() * 100.0).round() as u64).min(99);
    let digits = int.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(thousands);
        }
        out.push(c);
    }
    if frac > 0 {
        let f = format!("{frac:02}");
        out.push(decimal);
        out.push_str(f.trim_end_matches('0'));
    }
    if negative { format!("-{out}") } else { out }
}

/// A user-facing text in Dutch and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// The Dutch text.
    pub nl: String,
    /// The English text.
    pub en: String,
}

impl Text {
    /// The text in the given language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// Builds a [`Text`] from a Dutch and an English string.
pub fn t(nl: impl Into<String>, en: impl Into<String>) -> Text {
    Text { nl: nl.into(), en: en.into() }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Reported, the build goes on.
    Warning,
}

/// One problem found in the configuration, the content or a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub path: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column in characters, 0 when unknown.
    pub col: usize,
    /// Error or warning.
    pub severity: Severity,
    /// A stable code, the same in every language (e.g. `unknown-key`).
    pub code: &'static str,
    /// What is wrong.
    pub message: Text,
    /// What to do about it.
    pub hint: Option<Text>,
}

impl Diagnostic {
    /// A new error at a file without a position yet.
    pub fn error(path: impl Into<String>, code: &'static str, message: Text) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            line: 0,
            col: 0,
            severity: Severity::Error,
            code,
            message,
            hint: None,
        }
    }

    /// A new warning at a file without a position yet.
    pub fn warning(path: impl Into<String>, code: &'static str, message: Text) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, code, message) }
    }

    /// Sets the position.
    pub fn at(mut self, (line, col): (usize, usize)) -> Diagnostic {
        self.line = line;
        self.col = col;
        self
    }

    /// Sets the hint.
    pub fn with_hint(mut self, hint: Text) -> Diagnostic {
        self.hint = Some(hint);
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Formats as `path:line:col: fout[code]: message`, plus an indented hint line.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = self.path.clone();
        if self.line > 0 {
            let _ = write!(out, ":{}", self.line);
            if self.col > 0 {
                let _ = write!(out, ":{}", self.col);
            }
        }
        let sev = match (self.severity, lang) {
            (Severity::Error, Lang::Nl) => "fout",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Nl) => "waarschuwing",
            (Severity::Warning, Lang::En) => "warning",
        };
        let _ = write!(out, ": {sev}[{}]: {}", self.code, self.message.get(lang));
        if let Some(hint) = &self.hint {
            let label = if lang == Lang::Nl { "tip" } else { "hint" };
            let _ = write!(out, "\n  {label}: {}", hint.get(lang));
        }
        out
    }
}

/// Sorts diagnostics by file and position so reports are stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| (&a.path, a.line, a.col, a.code).cmp(&(&b.path, b.line, b.col, b.code)));
}

/// True if any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// The closing summary line, e.g. `2 fouten, 1 waarschuwing`.
pub fn summary(diags: &[Diagnostic], lang: Lang) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    match lang {
        Lang::Nl => format!(
            "{errors} {}, {warnings} {}",
            if errors == 1 { "fout" } else { "fouten" },
            if warnings == 1 { "waarschuwing" } else { "waarschuwingen" }
        ),
        Lang::En => format!(
            "{errors} {}, {warnings} {}",
            if errors == 1 { "error" } else { "errors" },
            if warnings == 1 { "warning" } else { "warnings" }
        ),
    }
}

/// The 1-based (line, column) of the first `key = ...` line in a TOML text, for messages about
/// a value that is only checked after parsing (a missing template, an unknown language).
pub fn key_position(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let rest = line.trim_start();
        let after = rest.strip_prefix(key)?.trim_start();
        after.starts_with('=').then(|| (i + 1, line.len() - rest.len() + 1))
    })
}

/// Maps byte offsets in a text to 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 1-based (line, column) of a byte offset; the column counts characters.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_dutch_and_english() {
        let d = Diagnostic::error(
            "content/a.md",
            "wrong-type",
            t("'x' moet een getal zijn", "'x' must be a number"),
        )
        .at((7, 12))
        .with_hint(t("schrijf 12", "write 12"));
        assert_eq!(
            d.render(Lang::Nl),
            "content/a.md:7:12: fout[wrong-type]: 'x' moet een getal zijn\n  tip: schrijf 12"
        );
        assert_eq!(
            d.render(Lang::En),
            "content/a.md:7:12: error[wrong-type]: 'x' must be a number\n  hint: write 12"
        );
    }

    #[test]
    fn line_index_counts_characters() {
        let text = "ab\nçd\nef";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, 3), (2, 1));
        assert_eq!(idx.position(text, 5), (2, 2)); // after the two-byte ç
        assert_eq!(idx.position(text, 7), (3, 1));
    }

    #[test]
    fn key_position_finds_the_assignment() {
        let text = "title = \"x\"\n  template = \"a.html\"\ntemplates = 1\n";
        assert_eq!(key_position(text, "template"), Some((2, 3)));
        assert_eq!(key_position(text, "theme"), None);
        assert_eq!(key_position("templatex = 1", "template"), None);
    }

    #[test]
    fn summary_counts() {
        let d =
            vec![Diagnostic::error("a", "x", t("", "")), Diagnostic::warning("a", "y", t("", ""))];
        assert_eq!(summary(&d, Lang::Nl), "1 fout, 1 waarschuwing");
        assert_eq!(summary(&d, Lang::En), "1 error, 1 warning");
    }
}
