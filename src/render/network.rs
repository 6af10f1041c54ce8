//! The network page: which municipalities refer to which, as a picture on a circle, a table of
//! the strongest connections and downloads of all of them. A national knowledge base has
//! hundreds of municipalities and tens of thousands of connections: the page shows the
//! strongest, so it stays readable (and light enough for a phone); the downloads hold all.

use super::svg::{esc, label_around};
use super::views::{LinkView, format_number, page_link};
use crate::diagnostic::Lang;
use crate::output::OutputSet;
use crate::site::Site;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Rows the table shows, strongest first.
pub const TABLE_ROWS: usize = 100;
/// Municipalities the picture draws: with more, the labels of neighbours near the top and
/// bottom of the circle overlap.
pub const DRAWN_NODES: usize = 24;
/// Lines the picture draws between them.
pub const DRAWN_LINES: usize = 60;

/// A connection as the table shows it.
#[derive(Serialize)]
pub struct EdgeView {
    from: LinkView,
    to: LinkView,
    count: usize,
}

/// The network page.
#[derive(Serialize)]
pub struct NetworkView {
    svg: String,
    /// The strongest connections (all when there are at most [`TABLE_ROWS`]).
    edges: Vec<EdgeView>,
    /// How many connections there are, as shown ("42.352").
    total: String,
    /// Whether the table leaves connections out.
    capped: bool,
    /// How many municipalities take part, as shown.
    municipalities: String,
    /// Municipalities and lines drawn, when the picture leaves some out.
    drawn: Option<(usize, usize)>,
    downloads: Vec<LinkView>,
}

/// The network page's view.
pub fn network(site: &Site) -> NetworkView {
    let edges = &site.learning.network;
    let nodes = nodes_by_weight(edges);
    let lang = site.config.lang();
    let (svg, drawn) = picture(site, edges, &nodes, lang);
    NetworkView {
        svg,
        total: format_number(edges.len() as f64, lang),
        capped: edges.len() > TABLE_ROWS,
        municipalities: format_number(nodes.len() as f64, lang),
        drawn,
        edges: edges
            .iter()
            .take(TABLE_ROWS)
            .map(|&(a, b, count)| EdgeView {
                from: page_link(site, a),
                to: page_link(site, b),
                count,
            })
            .collect(),
        downloads: super::export::links("/netwerk/", "netwerk"),
    }
}

/// Every municipality in the network with the references to and from it, most first.
fn nodes_by_weight(edges: &[(usize, usize, usize)]) -> Vec<(usize, usize)> {
    let mut weight: HashMap<usize, usize> = HashMap::new();
    for &(a, b, n) in edges {
        *weight.entry(a).or_default() += n;
        *weight.entry(b).or_default() += n;
    }
    let mut nodes: Vec<(usize, usize)> = weight.into_iter().collect();
    nodes.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    nodes
}

/// The picture: the [`DRAWN_NODES`] municipalities with the most references on a circle in
/// title order, and the [`DRAWN_LINES`] strongest connections between them (both directions
/// of a pair are one line). Also returns what it drew when it left something out.
fn picture(
    site: &Site,
    edges: &[(usize, usize, usize)],
    nodes: &[(usize, usize)],
    lang: Lang,
) -> (String, Option<(usize, usize)>) {
    let mut drawn: Vec<usize> = nodes.iter().take(DRAWN_NODES).map(|n| n.0).collect();
    drawn.sort_by_cached_key(|&n| site.content.pages[n].meta.title.to_lowercase());
    let (cx, cy, r) = (360.0, 300.0, 210.0);
    let place: HashMap<usize, (f64, f64)> = drawn
        .iter()
        .enumerate()
        .map(|(k, &n)| {
            let turn = k as f64 / drawn.len().max(1) as f64;
            let angle = turn * std::f64::consts::TAU - std::f64::consts::FRAC_PI_2;
            (n, (cx + r * angle.cos(), cy + r * angle.sin()))
        })
        .collect();
    let mut pairs: HashMap<(usize, usize), usize> = HashMap::new();
    for &(a, b, n) in edges.iter().filter(|e| place.contains_key(&e.0) && place.contains_key(&e.1))
    {
        *pairs.entry((a.min(b), a.max(b))).or_default() += n;
    }
    let mut lines: Vec<((usize, usize), usize)> = pairs.into_iter().collect();
    lines.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    let left_out = drawn.len() < nodes.len() || lines.len() > DRAWN_LINES;
    lines.truncate(DRAWN_LINES);
    let title = match lang {
        Lang::Nl => "Welke gemeenten naar elkaar verwijzen",
        Lang::En => "Which municipalities refer to each other",
    };
    let mut svg = format!(
        "<svg class=\"chart network\" viewBox=\"0 0 720 600\" width=\"100%\" role=\"group\" aria-labelledby=\"netwerk-t\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"netwerk-t\">{title}</title>"
    );
    let max = lines.first().map_or(1, |l| l.1) as f64;
    for ((a, b), n) in &lines {
        let ((x1, y1), (x2, y2)) = (place[a], place[b]);
        let w = 1.0 + 5.0 * (*n as f64 / max);
        let _ = write!(
            svg,
            "<line class=\"edge\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke-width=\"{w:.1}\"/>"
        );
    }
    for n in &drawn {
        let (x, y) = place[n];
        let p = &site.content.pages[*n];
        let (anchor, dx, dy) = label_around(x, y, cx, cy, 12.0);
        let _ = write!(
            svg,
            "<a href=\"{}\"><circle class=\"dot\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"8\"/><text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text></a>",
            esc(&p.url),
            x + dx,
            y + dy,
            esc(&p.meta.title)
        );
    }
    svg.push_str("</svg>");
    (svg, left_out.then_some((drawn.len(), lines.len())))
}

/// The inputs of the network page and its downloads (with `kring serve`'s memo): the
/// connections and what the pages at their ends are.
pub(super) fn inputs_key(site: &Site, stamps: &super::inputs::Stamps) -> u64 {
    let edges = &site.learning.network;
    let nodes = edges.iter().flat_map(|(a, b, _)| [*a, *b]);
    stamps.pages_key(site, ("network", edges), nodes, false)
}

/// Adds every connection as CSV, Dutch CSV and JSON (strongest first) to the output.
pub(super) fn add_downloads(site: &Site, r: &super::Renderer, key: u64, out: &mut OutputSet) {
    let edges = &site.learning.network;
    if edges.is_empty() {
        return;
    }
    let title = |p: usize| site.content.pages[p].meta.title.clone();
    let (from, to, refs) = match site.config.lang() {
        Lang::Nl => ("van", "naar", "verwijzingen"),
        Lang::En => ("from", "to", "references"),
    };
    let csv = |delimiter, _decimal| {
        let header = [from, to, refs].map(String::from);
        let rows: Vec<Vec<String>> =
            edges.iter().map(|&(a, b, n)| vec![title(a), title(b), n.to_string()]).collect();
        super::export::csv_table(&header, &rows, delimiter)
    };
    // Compact, with each municipality once: at 10,000 pages this is tens of thousands of rows.
    let json = || {
        let nodes: Vec<serde_json::Value> = nodes_by_weight(edges)
            .iter()
            .map(|&(p, _)| serde_json::json!({ "url": site.content.pages[p].url, "title": title(p) }))
            .collect();
        let rows: Vec<serde_json::Value> = edges
            .iter()
            .map(|&(a, b, n)| {
                let url = |p: usize| site.content.pages[p].url.as_str();
                serde_json::json!({ "from": url(a), "to": url(b), "references": n })
            })
            .collect();
        let doc = serde_json::json!({ "municipalities": nodes, "connections": rows });
        serde_json::to_vec(&doc).unwrap_or_default()
    };
    super::export::add(r, ("/netwerk/", "netwerk", key), &csv, &json, out);
}
