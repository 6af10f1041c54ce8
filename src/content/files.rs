//! What the files in `content/` are, and reading them as text with a located encoding error.

use crate::diagnostic::{Diagnostic, t};
use std::path::Path;

/// What a file in `content/` is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FileKind {
    /// A page or section (`.md`).
    Markdown,
    /// Markdown under another extension: it would be published raw, past the privacy guard.
    OtherMarkdown,
    /// Copied as it is.
    Asset,
}

pub(super) fn file_kind(path: &Path) -> FileKind {
    let ext = path.extension().map(|x| x.to_string_lossy());
    match ext.as_deref() {
        Some("md") => FileKind::Markdown,
        Some(x)
            if ["md", "markdown", "mdown", "mkd", "mkdn"].contains(&&*x.to_ascii_lowercase()) =>
        {
            FileKind::OtherMarkdown
        }
        _ => FileKind::Asset,
    }
}

pub(super) fn not_a_file(shown: &str) -> Diagnostic {
    Diagnostic::error(
        shown,
        "read",
        t(
            "kan niet gelezen worden: dit is geen gewoon bestand (maar bijvoorbeeld een pipe of apparaat)",
            "cannot be read: this is not a regular file (but a pipe or device, for example)",
        ),
    )
    .with_hint(t("verwijder het of vervang het door een gewoon bestand", "remove it or replace it with a regular file"))
}

pub(super) fn markdown_extension(shown: &str) -> Diagnostic {
    Diagnostic::error(
        shown,
        "markdown-extension",
        t(
            "een Markdown-bestand moet op .md (kleine letters) eindigen; anders zou het ongecontroleerd als los bestand op de site komen",
            "a Markdown file must end in .md (lower case); otherwise it would be published as a raw file, unchecked",
        ),
    )
    .with_hint(t("hernoem het bestand naar .md", "rename the file to end in .md"))
}

/// Reads a file as UTF-8; invalid bytes are reported at their line and column.
pub(super) fn read_text(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            shown,
            "read",
            t(format!("kan niet gelezen worden: {e}"), format!("cannot be read: {e}")),
        )
    })?;
    decode(bytes, shown)
}

/// A file's bytes as text, or an `encoding` error at the first invalid byte.
pub(super) fn decode(bytes: Vec<u8>, shown: &str) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let (line, col) = {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let text = String::from_utf8_lossy(valid);
            crate::diagnostic::LineIndex::new(&text).position(&text, text.len())
        };
        Diagnostic::error(
            shown,
            "encoding",
            t("het bestand is geen geldige UTF-8-tekst", "the file is not valid UTF-8 text"),
        )
        .at((line, col))
        .with_hint(t(
            "sla het bestand op als UTF-8 (in de meeste editors: 'Opslaan als' > codering UTF-8)",
            "save the file as UTF-8",
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;

    #[test]
    fn only_lower_case_md_is_a_page_and_other_markdown_is_refused() {
        assert_eq!(file_kind(Path::new("a/b.md")), FileKind::Markdown);
        assert_eq!(file_kind(Path::new("b.MD")), FileKind::OtherMarkdown);
        assert_eq!(file_kind(Path::new("b.markdown")), FileKind::OtherMarkdown);
        assert_eq!(file_kind(Path::new("b.pdf")), FileKind::Asset);
        assert_eq!(file_kind(Path::new("README")), FileKind::Asset);
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_named_like_a_page_is_reported_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let pipe = content.join("pijp.md");
        assert!(std::process::Command::new("mkfifo").arg(&pipe).status().unwrap().success());
        let config = parse_config("title = \"t\"\n", "kring.toml").unwrap();
        let (_, diags) = super::super::load_content(&content, "content", &config);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].path.as_str(), diags[0].code), ("content/pijp.md", "read"));
    }

    #[test]
    fn slugs_without_letters_or_digits_are_errors_at_their_line() {
        let config = parse_config("title = \"t\"\n", "kring.toml").unwrap();
        let files = [
            ("a.md", "+++\ntitle = \"A\"\nslug = \"!!!\"\n+++\n"),
            ("¿¡.md", "+++\ntitle = \"B\"\n+++\n"),
            ("c.md", "+++\ntitle = \"C\"\nslug = \"één\"\n+++\n"),
        ];
        let (content, diags) = super::super::content_from_texts(&files, "content", &config);
        // (Both empty slugs also give the same URL: a duplicate-url error besides.)
        let got: Vec<_> = diags
            .iter()
            .filter(|d| d.code == "empty-slug")
            .map(|d| (d.path.as_str(), d.line, d.col, d.code))
            .collect();
        assert_eq!(
            got,
            [("content/a.md", 3, 8, "empty-slug"), ("content/¿¡.md", 2, 1, "empty-slug")]
        );
        assert_eq!(content.pages[2].url, "/een/");
    }
}
