//! Pages kring makes itself: taxonomy and term pages, matrices, comparisons side by side,
//! the learning network, search and the print books.

use super::views::LinkView;
use super::{Rendered, Renderer, book, graph, matrix, side};
use crate::diagnostic::{Diagnostic, t};
use crate::site::Site;
use rayon::prelude::*;

pub(super) fn generated_conflict(url: &str) -> Diagnostic {
    Diagnostic::error(
        "content",
        "duplicate-url",
        t(
            format!("kring maakt zelf de pagina {url}, maar de inhoud heeft die URL ook"),
            format!("kring generates the page {url}, but the content has that URL too"),
        ),
    )
    .with_hint(t("geef die map of pagina een andere naam", "rename that folder or page"))
}

/// Pages kring makes itself: taxonomies, comparisons, the network and search;
/// `matrix_keys` and `network_key` are the inputs of the matrices and the network (with a memo).
pub(super) fn generated_pages(
    site: &Site,
    r: &Renderer,
    (matrix_keys, network_key): (&[Option<u64>], Option<u64>),
) -> Vec<Rendered> {
    let mut all: Vec<Rendered> = site
        .taxonomies
        .par_iter()
        .map(|tax| {
            let view = graph::taxonomy_view(tax);
            (tax.url.clone(), r.render_with_memo(&tax.url, "taxonomy.html", "taxonomy", &view))
        })
        .collect();
    // Term pages one by one in parallel: one taxonomy may hold most of them.
    let terms: Vec<_> = site
        .taxonomies
        .iter()
        .flat_map(|tax| {
            tax.terms.iter().filter(|t| t.url.starts_with(&tax.url)).map(move |t| (tax, t))
        })
        .collect();
    all.par_extend(terms.par_iter().map(|(tax, term)| {
        // A term page needs the taxonomy's names, not every other term with its pages.
        let header = serde_json::json!({ "title": tax.label_plural, "label": tax.label,
            "description": tax.description, "url": tax.url });
        let what = ("term", &tax.key, &term.name, &term.url, term.page);
        let key =
            |s: &super::inputs::Stamps| s.pages_key(site, what, term.pages.iter().copied(), false);
        let html = r.through_inputs(&term.url, key, || {
            let mut ctx = tera::Context::new();
            ctx.insert("taxonomy", &header);
            ctx.insert("term", &graph::term_view(site, term));
            r.render("term.html", ctx)
        });
        (term.url.clone(), html)
    }));
    all.extend(
        site.matrices
            .par_iter()
            .zip(matrix_keys)
            .map(|(m, &key)| {
                let render =
                    || r.render_with("matrix.html", "matrix", &matrix::matrix_view(site, m));
                (m.url.clone(), r.through_inputs(&m.url, |_| key.unwrap_or_default(), render))
            })
            .collect::<Vec<_>>(),
    );
    if !site.matrices.is_empty() {
        let mut ctx = tera::Context::new();
        ctx.insert("matrices", &matrix_links(site));
        ctx.insert("has_network", &!site.learning.network.is_empty());
        all.push(("/vergelijk/".into(), r.render("compare.html", ctx)));
    }
    if !site.learning.network.is_empty() {
        let render = || r.render_with("network.html", "network", &super::network::network(site));
        let html = r.through_inputs("/netwerk/", |_| network_key.unwrap_or_default(), render);
        all.push(("/netwerk/".into(), html));
    }
    let mut search = tera::Context::new();
    search.insert("search_merge", &crate::search::extra_bundles(crate::search::record_count(site)));
    all.push(("/zoeken/".into(), r.render("search.html", search)));
    all.extend(books(site, r, None));
    all.extend(side_by_side(site, r));
    all
}

/// Every pair of municipalities side by side, and the page to pick two to four of them.
fn side_by_side(site: &Site, r: &Renderer) -> Vec<Rendered> {
    let pages = side::candidates(site);
    if pages.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut grid: Vec<serde_json::Value> = Vec::new();
    for &a in &pages {
        let mut others = Vec::new();
        for &b in pages.iter().filter(|&&b| b != a) {
            let url = side::url(site, a, b);
            others
                .push(serde_json::json!({ "title": site.content.pages[b].meta.title, "url": url }));
            // One page per pair, its columns in the order of its URL.
            if site.content.pages[a].slug < site.content.pages[b].slug {
                let columns = side::columns(site, &[a, b]);
                out.push((url, r.render_with("side.html", "side", &columns)));
            }
        }
        grid.push(serde_json::json!({ "title": site.content.pages[a].meta.title, "url": site.content.pages[a].url, "others": others }));
    }
    let mut ctx = tera::Context::new();
    ctx.insert("grid", &grid);
    ctx.insert("side", &side::columns(site, &pages));
    out.push(("/vergelijk/naast-elkaar/".into(), r.render("side_index.html", ctx)));
    out
}

/// Most pages in one book: a print edition beyond this is no longer read on paper, and would
/// grow the site by its own size. Larger knowledge bases get the books that fit.
const BOOK_LIMIT: usize = 400;

/// The print edition of everything, and one per theme; with `only`, just the books that hold
/// that page.
pub(super) fn books(site: &Site, r: &Renderer, only: Option<usize>) -> Vec<Rendered> {
    // The whole knowledge base in one document stops being printable (and grows the site by its
    // own size) past a few thousand pages: then /boek/ lists the books per theme instead.
    let in_whole = |i: usize| {
        site.published.len() <= BOOK_LIMIT
            || site.content.pages[i].kind.as_deref()
                == Some(site.config.learning.theme_type.as_str())
    };
    let theme_type = site.config.learning.theme_type.as_str();
    let themes: Vec<usize> = site
        .published
        .iter()
        .copied()
        .filter(|&i| site.content.pages[i].kind.as_deref() == Some(theme_type))
        .collect();
    // Books are the largest pages: render them side by side.
    let (whole, per_theme) = rayon::join(
        || {
            only.is_none_or(in_whole).then(|| {
                let render = || {
                    let whole =
                        book::book(site, site.config.title.clone(), "/boek/".into(), &in_whole);
                    r.render_with("book.html", "book", &whole)
                };
                let key = |s: &super::inputs::Stamps| book_key(site, s, "/boek/", &in_whole);
                ("/boek/".to_string(), r.through_inputs("/boek/", key, render))
            })
        },
        || themes.par_iter().filter_map(|&t| theme_book(site, r, t, only)).collect::<Vec<_>>(),
    );
    whole.into_iter().chain(per_theme).collect()
}

/// The book of one theme: the theme page and every page tagged with it (None when it is too
/// large, or does not hold `only`).
fn theme_book(site: &Site, r: &Renderer, t: usize, only: Option<usize>) -> Option<Rendered> {
    let tagged: std::collections::HashSet<usize> = site
        .taxonomies
        .iter()
        .flat_map(|tax| tax.terms.iter())
        .filter(|term| term.page == Some(t))
        .flat_map(|term| term.pages.iter().copied())
        .chain([t])
        .collect();
    if tagged.len() > BOOK_LIMIT || only.is_some_and(|i| !tagged.contains(&i)) {
        return None;
    }
    let page = &site.content.pages[t];
    let url = format!("/boek/{}/", page.slug);
    let include = |i: usize| tagged.contains(&i);
    let render = || {
        let title = format!("{}: {}", site.config.title, page.meta.title);
        let b = book::book(site, title, url.clone(), &include);
        r.render_with("book.html", "book", &b)
    };
    let key = |s: &super::inputs::Stamps| book_key(site, s, &url, &include);
    let html = r.through_inputs(&url, key, render);
    Some((url, html))
}

/// The inputs of a book: its pages in the order of the sections' listings, with their bodies
/// and references (the book's title is made of the global settings and its theme page's).
fn book_key(
    site: &Site,
    stamps: &super::inputs::Stamps,
    url: &str,
    include: &dyn Fn(usize) -> bool,
) -> u64 {
    let pages = site.section_pages.iter().flatten().copied().filter(|&i| include(i));
    stamps.pages_key(site, ("book", url), pages, true)
}

pub(super) fn matrix_links(site: &Site) -> Vec<LinkView> {
    site.matrices
        .iter()
        .map(|m| LinkView {
            title: m.title.clone(),
            url: m.url.clone(),
            kind: String::new(),
            summary: m.description.clone(),
        })
        .collect()
}
