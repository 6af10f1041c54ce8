//! Side by side: two factsheets in columns with differences marked, as generated pages
//! (`/vergelijk/naast-elkaar/<a>-<b>/`) so it works without JavaScript.

use super::views::{LinkView, field_views, page_link};
use crate::site::Site;
use serde::Serialize;

/// Beyond this many pages of the type, the pairs are not generated (their number grows fast).
pub const MAX_PAGES: usize = 40;

/// One field of both pages.
#[derive(Serialize)]
pub struct Row {
    label: String,
    left: String,
    right: String,
    differs: bool,
}

/// Two pages side by side.
#[derive(Serialize)]
pub struct Pair {
    left: LinkView,
    right: LinkView,
    rows: Vec<Row>,
    differences: usize,
}

/// The pages of the type that is compared (the learning network's owners, e.g. gemeente).
pub fn candidates(site: &Site) -> Vec<usize> {
    let kind = site.config.learning.owner_type.as_str();
    let pages: Vec<usize> = site
        .published
        .iter()
        .copied()
        .filter(|&i| site.content.pages[i].kind.as_deref() == Some(kind))
        .collect();
    if pages.len() > MAX_PAGES { Vec::new() } else { pages }
}

/// The URL of the pair (a, b).
pub fn url(site: &Site, a: usize, b: usize) -> String {
    format!(
        "/vergelijk/naast-elkaar/{}-{}/",
        site.content.pages[a].slug, site.content.pages[b].slug
    )
}

/// Both pages' fields in schema order; a row differs when the texts differ.
pub fn pair(site: &Site, a: usize, b: usize) -> Pair {
    let (pa, pb) = (&site.content.pages[a], &site.content.pages[b]);
    let (fa, fb) = (field_views(site, pa, &pa.fields), field_views(site, pb, &pb.fields));
    let mut keys: Vec<(String, String)> =
        fa.iter().chain(&fb).map(|f| (f.key.clone(), f.label.clone())).collect();
    let mut seen = std::collections::HashSet::new();
    keys.retain(|(k, _)| seen.insert(k.clone()));
    let text = |list: &[super::views::FieldView], key: &str| {
        list.iter().find(|f| f.key == key).map(|f| f.text.clone()).unwrap_or_default()
    };
    let rows: Vec<Row> = keys
        .into_iter()
        .map(|(key, label)| {
            let (left, right) = (text(&fa, &key), text(&fb, &key));
            Row { differs: left != right, label, left, right }
        })
        .filter(|r| !r.left.is_empty() || !r.right.is_empty())
        .collect();
    Pair {
        left: page_link(site, a),
        right: page_link(site, b),
        differences: rows.iter().filter(|r| r.differs).count(),
        rows,
    }
}
