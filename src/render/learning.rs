//! Views of the learning network: questions with matches, who asked a page for help, theme
//! rows side by side, and the network picture of which municipalities refer to which.

use super::views::{LinkView, page_link};
use crate::diagnostic::Lang;
use crate::site::Site;
use pulldown_cmark_escape::escape_html;
use serde::Serialize;
use std::fmt::Write as _;

/// A learning question with its matches.
#[derive(Serialize)]
pub struct QuestionView {
    text: String,
    theme: Option<LinkView>,
    helpers: Vec<LinkView>,
    helpers_total: usize,
    helpers_more: usize,
    pages: Vec<LinkView>,
    pages_total: usize,
}

/// A question another page asked that this page can help with.
#[derive(Serialize)]
pub struct AskedView {
    page: LinkView,
    question: String,
}

/// A lesson from a practice.
#[derive(Serialize)]
pub struct LessonView {
    page: LinkView,
    text: String,
}

/// One municipality's row on a theme page.
#[derive(Serialize)]
pub struct ThemeRowView {
    owner: LinkView,
    questions: Vec<String>,
    lessons: Vec<LessonView>,
    can_share: bool,
}

/// The learning-network parts of page `i`.
pub fn questions(site: &Site, i: usize) -> Vec<QuestionView> {
    site.learning.questions[i]
        .iter()
        .map(|q| QuestionView {
            text: q.text.clone(),
            theme: q.theme.map(|t| page_link(site, t)),
            helpers: q.helpers.iter().map(|&h| page_link(site, h)).collect(),
            helpers_total: q.helpers_total,
            helpers_more: q.helpers_total - q.helpers.len(),
            pages: q.pages.iter().map(|&p| page_link(site, p)).collect(),
            pages_total: q.pages_total,
        })
        .collect()
}

/// Questions of others that page `i` was matched to.
pub fn asked_of(site: &Site, i: usize) -> Vec<AskedView> {
    site.learning.asked_of[i]
        .iter()
        .map(|(p, q)| AskedView { page: page_link(site, *p), question: q.clone() })
        .collect()
}

/// The side-by-side rows of theme page `i`.
pub fn theme_rows(site: &Site, i: usize) -> Vec<ThemeRowView> {
    site.learning.theme_rows[i]
        .iter()
        .map(|r| ThemeRowView {
            owner: page_link(site, r.owner),
            questions: r.questions.clone(),
            lessons: r
                .lessons
                .iter()
                .map(|(p, text)| LessonView { page: page_link(site, *p), text: text.clone() })
                .collect(),
            can_share: r.can_share,
        })
        .collect()
}

/// An edge of the network, for the text alternative.
#[derive(Serialize)]
pub struct EdgeView {
    from: LinkView,
    to: LinkView,
    count: usize,
}

/// The network page: picture and list.
#[derive(Serialize)]
pub struct NetworkView {
    svg: String,
    edges: Vec<EdgeView>,
}

fn esc(s: &str) -> String {
    let mut out = String::new();
    let _ = escape_html(&mut out, s);
    out
}

/// The network of references between municipalities, drawn on a circle.
pub fn network(site: &Site) -> NetworkView {
    let edges = &site.learning.network;
    let mut nodes: Vec<usize> = edges.iter().flat_map(|(a, b, _)| [*a, *b]).collect();
    nodes.sort_by_cached_key(|&n| site.content.pages[n].meta.title.to_lowercase());
    nodes.dedup();
    let (cx, cy, r) = (360.0, 300.0, 210.0);
    let pos = |n: usize| {
        let k = nodes.iter().position(|&x| x == n).unwrap_or(0) as f64;
        let angle =
            k / nodes.len().max(1) as f64 * std::f64::consts::TAU - std::f64::consts::FRAC_PI_2;
        (cx + r * angle.cos(), cy + r * angle.sin())
    };
    let title = if site.config.lang() == Lang::Nl {
        "Welke gemeenten naar elkaar verwijzen"
    } else {
        "Which municipalities refer to each other"
    };
    let mut svg = format!(
        "<svg class=\"chart network\" viewBox=\"0 0 720 600\" width=\"100%\" role=\"group\" aria-labelledby=\"netwerk-t\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"netwerk-t\">{title}</title>"
    );
    let max = edges.iter().map(|e| e.2).max().unwrap_or(1) as f64;
    for (a, b, n) in edges {
        let ((x1, y1), (x2, y2)) = (pos(*a), pos(*b));
        let w = 1.0 + 5.0 * (*n as f64 / max);
        let _ = write!(
            svg,
            "<line class=\"edge\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke-width=\"{w:.1}\"/>"
        );
    }
    for &n in &nodes {
        let (x, y) = pos(n);
        let p = &site.content.pages[n];
        let (anchor, dx, dy) = super::svg::label_around(x, y, cx, cy, 12.0);
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
    let edges = edges
        .iter()
        .map(|(a, b, n)| EdgeView { from: page_link(site, *a), to: page_link(site, *b), count: *n })
        .collect();
    NetworkView { svg, edges }
}
