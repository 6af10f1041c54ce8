//! Side by side: two to four factsheets in columns with differences marked. Every pair is a
//! generated page (`/vergelijk/naast-elkaar/<a>-<b>/`); the picker page holds all of them in one
//! table whose columns the reader narrows down to 2–4 with checkboxes (CSS `:has`, no script
//! needed; the script keeps the choice in the URL and re-marks the differences).

use super::views::{FieldView, LinkView, field_views, page_link};
use crate::site::Site;
use serde::Serialize;
use std::collections::HashSet;

/// Beyond this many pages of the type, the pairs are not generated (their number grows fast).
pub const MAX_PAGES: usize = 40;

/// One field of every page.
#[derive(Serialize)]
pub struct Row {
    label: String,
    values: Vec<String>,
    differs: bool,
}

/// Pages side by side.
#[derive(Serialize)]
pub struct Columns {
    pages: Vec<Column>,
    rows: Vec<Row>,
    differences: usize,
}

/// One page's column: its link and the slug the picker uses.
#[derive(Serialize)]
pub struct Column {
    #[serde(flatten)]
    link: LinkView,
    slug: String,
}

/// Whether page `i` is of the type that is compared (the learning network's owners, e.g.
/// gemeente).
pub fn is_candidate(site: &Site, i: usize) -> bool {
    site.content.pages[i].kind.as_deref() == Some(site.config.learning.owner_type.as_str())
}

/// The pages that are compared side by side; none when there are more than [`MAX_PAGES`].
pub fn candidates(site: &Site) -> Vec<usize> {
    let pages: Vec<usize> = site
        .published
        .iter()
        .copied()
        .filter(|&i| is_candidate(site, i))
        .take(MAX_PAGES + 1)
        .collect();
    if pages.len() > MAX_PAGES { Vec::new() } else { pages }
}

/// The URL of the pair (a, b): one page per pair, the slugs in alphabetical order.
pub fn url(site: &Site, a: usize, b: usize) -> String {
    let (a, b) = (&site.content.pages[a].slug, &site.content.pages[b].slug);
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    format!("/vergelijk/naast-elkaar/{first}-{second}/")
}

/// The pages' fields in schema order; a row differs when its texts are not all the same.
pub fn columns(site: &Site, pages: &[usize]) -> Columns {
    let views: Vec<Vec<FieldView>> = pages
        .iter()
        .map(|&i| {
            let p = &site.content.pages[i];
            field_views(site, p, &p.fields)
        })
        .collect();
    let mut seen = HashSet::new();
    let keys: Vec<(String, String)> = views
        .iter()
        .flatten()
        .filter(|f| seen.insert(f.key.clone()))
        .map(|f| (f.key.clone(), f.label.clone()))
        .collect();
    let rows: Vec<Row> = keys
        .into_iter()
        .map(|(key, label)| {
            let values: Vec<String> = views
                .iter()
                .map(|list| {
                    list.iter().find(|f| f.key == key).map(|f| f.text.clone()).unwrap_or_default()
                })
                .collect();
            Row { differs: values.iter().any(|v| *v != values[0]), label, values }
        })
        .filter(|r| r.values.iter().any(|v| !v.is_empty()))
        .collect();
    Columns {
        pages: pages
            .iter()
            .map(|&i| Column { link: page_link(site, i), slug: site.content.pages[i].slug.clone() })
            .collect(),
        differences: rows.iter().filter(|r| r.differs).count(),
        rows,
    }
}
