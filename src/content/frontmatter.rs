//! Splits a content file into its `+++` TOML front matter and its Markdown body.

use crate::diagnostic::{Diagnostic, t};

/// A file split into front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML text between the fences.
    pub front: &'a str,
    /// The 1-based line of the first front-matter line.
    pub front_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// The 1-based line of the first body line.
    pub body_line: usize,
}

/// Normalises a file's text: drops a byte-order mark and turns CRLF into LF.
///
/// Line and column numbers stay the same, so positions still point into the original file.
pub fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') { text.replace("\r\n", "\n") } else { text.to_string() }
}

/// Splits normalised text; `path` is used in diagnostics.
pub fn split<'a>(text: &'a str, path: &str) -> Result<Split<'a>, Diagnostic> {
    let Some(rest) = text.strip_prefix("+++") else {
        return Err(Diagnostic::error(
            path,
            "front-matter-missing",
            t(
                "het bestand begint niet met front matter tussen twee regels '+++'",
                "the file does not start with front matter between two '+++' lines",
            ),
        )
        .at((1, 1))
        .with_hint(t(
            "zet bovenaan een regel '+++', dan minstens title = \"...\", dan weer '+++'",
            "start the file with a '+++' line, then at least title = \"...\", then '+++' again",
        )));
    };
    let Some(rest) =
        rest.strip_prefix('\n').or_else(|| rest.trim_start_matches([' ', '\t']).strip_prefix('\n'))
    else {
        return Err(Diagnostic::error(
            path,
            "front-matter-fence",
            t(
                "na de openende '+++' hoort een nieuwe regel",
                "the opening '+++' must be alone on its line",
            ),
        )
        .at((1, 4)));
    };
    let front_start = text.len() - rest.len();
    let mut offset = front_start;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &text[front_start..offset];
            let body_start = offset + line.len();
            let front_line = 2;
            let body_line = front_line + front.matches('\n').count() + 1;
            return Ok(Split { front, front_line, body: &text[body_start..], body_line });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        path,
        "front-matter-unterminated",
        t(
            "de front matter wordt niet afgesloten met een regel '+++'",
            "the front matter is not closed with a '+++' line",
        ),
    )
    .at((1, 1))
    .with_hint(t(
        "zet na de laatste sleutel een regel met alleen '+++'",
        "add a line with only '+++' after the last key",
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("+++\ntitle = \"a\"\n+++\n# Kop\n", "x.md").unwrap();
        assert_eq!(s.front, "title = \"a\"\n");
        assert_eq!(s.front_line, 2);
        assert_eq!(s.body, "# Kop\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn empty_front_matter_is_split() {
        let s = split("+++\n+++\nbody", "x.md").unwrap();
        assert_eq!(s.front, "");
        assert_eq!(s.body_line, 3);
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        let d = split("+++\ntitle = \"a\"\n# Kop\n", "x.md").unwrap_err();
        assert_eq!(d.code, "front-matter-unterminated");
    }

    #[test]
    fn normalise_strips_bom_and_crlf() {
        assert_eq!(normalise("\u{feff}+++\r\na\r\n"), "+++\na\n");
    }

    #[test]
    fn missing_front_matter_is_an_error() {
        assert_eq!(split("# Kop", "x.md").unwrap_err().code, "front-matter-missing");
    }
}
