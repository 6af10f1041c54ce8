//! Where pages end up: slugs and URLs, which must be non-empty and unique.

use super::Content;
use super::schema::Checker;
use crate::diagnostic::{Diagnostic, t};
use std::collections::HashMap;

/// A slug without letters or digits would give the page its section's URL and overwrite it.
pub(super) fn empty_slug(ck: &mut Checker, span: Option<std::ops::Range<usize>>) {
    let (msg, hint) = match span {
        Some(_) => (
            t("de 'slug' bevat geen letters of cijfers", "the 'slug' has no letters or digits"),
            t(
                "kies een slug met letters of cijfers, zoals \"mijn-pagina\"",
                "choose a slug with letters or digits, such as \"my-page\"",
            ),
        ),
        None => (
            t(
                "de bestandsnaam bevat geen letters of cijfers, dus de pagina krijgt geen URL",
                "the file name has no letters or digits, so the page gets no URL",
            ),
            t(
                "hernoem het bestand, of zet slug = \"...\" in de front matter",
                "rename the file, or set slug = \"...\" in the front matter",
            ),
        ),
    };
    ck.error(span.unwrap_or(0..0), "empty-slug", msg, Some(hint));
}

/// Slugifies each segment of a folder path.
pub fn slugify_path(path: &str) -> String {
    path.split('/').map(slug::slugify).collect::<Vec<_>>().join("/")
}

/// Reports every page or section whose URL another one already has (case-insensitively).
pub(super) fn check_unique_urls(content: &Content, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    let urls = content
        .sections
        .iter()
        .map(|s| (&s.url, &s.display_path))
        .chain(content.pages.iter().map(|p| (&p.url, &p.display_path)));
    for (url, path) in urls {
        match seen.get(&url.to_lowercase()) {
            Some(first) => diags.push(
                Diagnostic::error(
                    path.as_str(),
                    "duplicate-url",
                    t(
                        format!("de URL {url} wordt ook al gebruikt door {first}"),
                        format!("the URL {url} is already used by {first}"),
                    ),
                )
                .at((1, 1))
                .with_hint(t(
                    "geef een van beide pagina's een andere bestandsnaam of 'slug'",
                    "give one of the pages another file name or 'slug'",
                )),
            ),
            None => {
                seen.insert(url.to_lowercase(), path);
            }
        }
    }
}
