//! The print edition: the whole knowledge base (`/boek/`), or everything on one theme
//! (`/boek/<thema>/`), as one document with a table of contents, ready for "save as PDF".

use super::views::{FieldView, field_views};
use crate::site::Site;
use serde::Serialize;

/// One page in the book.
#[derive(Serialize)]
pub struct Chapter {
    id: String,
    title: String,
    kind: String,
    summary: String,
    fields: Vec<FieldView>,
    content: String,
}

/// A part of the book: one section.
#[derive(Serialize)]
pub struct Part {
    id: String,
    title: String,
    chapters: Vec<Chapter>,
}

/// The book as templates see it.
#[derive(Serialize)]
pub struct Book {
    title: String,
    url: String,
    parts: Vec<Part>,
}

/// Moves body headings two levels down (a page is h3 in the book) and makes ids unique.
fn shift(html: &str, prefix: &str) -> String {
    let mut out = html.to_string();
    for (from, to) in [("h4", "h6"), ("h5", "h6"), ("h3", "h5"), ("h2", "h4")] {
        out = out
            .replace(&format!("<{from}"), &format!("<{to}"))
            .replace(&format!("</{from}>"), &format!("</{to}>"));
    }
    out.replace(" id=\"", &format!(" id=\"{prefix}-"))
        .replace("href=\"#", &format!("href=\"#{prefix}-"))
}

/// The book of the pages for which `include` holds, by section in menu order.
pub fn book(site: &Site, title: String, url: String, include: &dyn Fn(usize) -> bool) -> Book {
    let mut sections: Vec<(i64, String, usize)> = site
        .content
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.path.is_empty())
        .map(|(i, s)| (s.meta.weight, s.meta.title.to_lowercase(), i))
        .collect();
    sections.sort();
    let parts = sections
        .into_iter()
        .filter_map(|(_, _, s)| {
            let section = &site.content.sections[s];
            let chapters: Vec<Chapter> = site.section_pages[s]
                .iter()
                .copied()
                .filter(|&i| include(i))
                .map(|i| {
                    let p = &site.content.pages[i];
                    let id = format!("{}-{}", slug::slugify(&section.path), p.slug);
                    Chapter {
                        title: p.meta.title.clone(),
                        kind: p
                            .kind
                            .as_deref()
                            .map(|k| site.config.type_label(k).to_string())
                            .unwrap_or_default(),
                        summary: p.meta.summary.clone().unwrap_or_default(),
                        fields: field_views(site, p, &p.fields)
                            .into_iter()
                            .filter(|f| !f.text.is_empty() && f.kind != "table")
                            .collect(),
                        content: shift(&site.bodies[i].html, &id),
                        id,
                    }
                })
                .collect();
            (!chapters.is_empty()).then(|| Part {
                id: slug::slugify(&section.path),
                title: section.meta.title.clone(),
                chapters,
            })
        })
        .collect();
    Book { title, url, parts }
}

#[cfg(test)]
mod tests {
    use super::shift;

    #[test]
    fn headings_move_down_and_ids_become_unique() {
        let html = r##"<h2 id="doel">Doel</h2><p><a href="#doel">x</a></p><h3 id="a">A</h3>"##;
        assert_eq!(
            shift(html, "p"),
            r##"<h4 id="p-doel">Doel</h4><p><a href="#p-doel">x</a></p><h5 id="p-a">A</h5>"##
        );
    }
}
