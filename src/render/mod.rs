//! Render: turns the site graph into HTML with Tera templates, plus sitemap, feed, robots.txt,
//! alias redirects and static files, all into an in-memory [`OutputSet`]. Pages render in parallel.

mod book;
mod data;
mod extras;
mod factsheet;
mod graph;
mod labels;
mod learning;
mod matrix;
mod pictures;
mod side;
mod svg;
pub mod theme;
pub mod views;

use crate::content::lookup::Target;
use crate::diagnostic::{Diagnostic, t};
use crate::output::OutputSet;
use crate::site::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use theme::Theme;
use views::{FieldView, LinkView, field_views, link_view, page_link};

/// Site-wide data every template gets as `site`.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    lang: &'a str,
    nav: Vec<LinkView>,
    taxonomies: Vec<LinkView>,
}

/// A page as templates see it (`page`).
#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    summary: &'a str,
    url: &'a str,
    permalink: String,
    kind: &'a str,
    kind_label: &'a str,
    date: &'a str,
    bron: &'a str,
    peildatum: &'a str,
    content: &'a str,
    toc: &'a [crate::markdown::Heading],
    fields: Vec<FieldView>,
    values: HashMap<String, FieldView>,
    timeline: Vec<TimelineView<'a>>,
    backlinks: Vec<graph::LinkGroup>,
    referenced_by: Vec<graph::LinkGroup>,
    usage: String,
    relations: Vec<LinkView>,
    outgoing: Vec<LinkView>,
    related: Vec<LinkView>,
    tags: Vec<graph::TagGroup>,
    prev: Option<LinkView>,
    next: Option<LinkView>,
    section: Option<LinkView>,
    matrices: Vec<LinkView>,
    similar: Vec<factsheet::SimilarView>,
    questions: Vec<learning::QuestionView>,
    asked_of: Vec<learning::AskedView>,
    asked_more: usize,
    theme_rows: Vec<learning::ThemeRowView>,
    profiles: Vec<String>,
    zrm: Option<pictures::Zrm>,
    ecogram: Option<pictures::Ecogram>,
    changes: factsheet::Changes,
}

#[derive(Serialize)]
struct TimelineView<'a> {
    peildatum: &'a str,
    titel: &'a str,
    bron: &'a str,
    toelichting: &'a str,
    fields: Vec<FieldView>,
}

/// A section as templates see it (`section`).
#[derive(Serialize)]
struct SectionView<'a> {
    title: &'a str,
    summary: &'a str,
    url: &'a str,
    /// The URL of this listing page (differs from `url` on page 2 and later).
    page_url: String,
    content: &'a str,
    pages: Vec<LinkView>,
    total_pages: usize,
    subsections: Vec<LinkView>,
    pagination: Pagination,
}

/// Content pages rendered by earlier builds (`kring serve`), by URL, with the hash of their
/// view, template, theme and base context: an unchanged page is not rendered again.
pub type RenderMemo = crate::cache::Memo<String>;

/// A compiled theme with the context every template gets (`site`, `t`, `lang`).
pub(crate) struct Renderer<'a> {
    tera: std::borrow::Cow<'a, tera::Tera>,
    base: tera::Context,
    theme: &'a Theme,
    memo: Option<&'a RenderMemo>,
    /// A hash of the templates and the base context, part of every memo key.
    salt: u64,
}

/// Feeds serialised JSON straight into a hasher, without building the text.
struct HashWriter(std::collections::hash_map::DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(&mut self.0, buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> Renderer<'a> {
    /// The compiled theme with the context every template gets.
    fn new(
        site: &Site,
        theme: &'a Theme,
        tera: std::borrow::Cow<'a, tera::Tera>,
        memo: Option<&'a RenderMemo>,
    ) -> Renderer<'a> {
        let lang = site.config.lang();
        let base = tera::Context::from_serialize(serde_json::json!({ "site": site_view(site), "t": labels::labels(lang), "lang": lang.code() }))
            .expect("site view serialises to a JSON object");
        let salt = memo.map_or(0, |_| {
            crate::cache::hash_of(&(&theme.templates, base.clone().into_json().to_string()))
        });
        Renderer { tera, base, theme, memo, salt }
    }

    /// Renders a content page's view, or takes it from the memo when nothing it shows changed.
    fn render_page(
        &self,
        template: &str,
        url: &str,
        view: &impl Serialize,
    ) -> Result<String, Diagnostic> {
        use std::hash::{Hash, Hasher};
        let Some(memo) = self.memo else { return self.render_with(template, "page", view) };
        let mut h = HashWriter(std::collections::hash_map::DefaultHasher::new());
        (self.salt, template).hash(&mut h.0);
        if serde_json::to_writer(&mut h, view).is_err() {
            return self.render_with(template, "page", view);
        }
        let key = h.0.finish();
        if let Some(html) = memo.get(url, key) {
            return Ok(html);
        }
        let html = self.render_with(template, "page", view)?;
        memo.put(url, key, html.clone());
        Ok(html)
    }

    /// Renders `template` with the base context plus `extra`.
    pub(crate) fn render(
        &self,
        template: &str,
        extra: tera::Context,
    ) -> Result<String, Diagnostic> {
        let mut ctx = self.base.clone();
        ctx.extend(extra);
        self.tera.render(template, &ctx).map_err(|e| theme::template_error(self.theme, &e))
    }

    /// Renders a template with one named value.
    pub(crate) fn render_with(
        &self,
        template: &str,
        name: &str,
        value: &impl Serialize,
    ) -> Result<String, Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert(name, value);
        self.render(template, ctx)
    }
}

/// Renders again what an edit to the text of page `i` can change, when its front matter, links
/// and headings stayed the same: the page itself and the print books, which hold every page's
/// text. Files by output path.
pub fn render_text_edit(
    site: &Site,
    theme: &Theme,
    tera: &tera::Tera,
    i: usize,
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let r = Renderer::new(site, theme, std::borrow::Cow::Borrowed(tera), None);
    let mut files = Vec::new();
    let (page, books) = rayon::join(|| content_page(site, &r, i), || books(site, &r, Some(i)));
    for (url, result) in std::iter::once(page).chain(books) {
        files.push((url_to_file(&url), result.map_err(|d| vec![d])?.into_bytes()));
    }
    Ok(files)
}

/// A rendered page: its URL and HTML, or the template error.
type Rendered = (String, Result<String, Diagnostic>);

/// Renders the whole site with the given theme.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    memo: Option<&RenderMemo>,
) -> (OutputSet, Vec<Diagnostic>) {
    let mut out = OutputSet::default();
    let r = match theme::compile(theme) {
        Ok(tera) => Renderer::new(site, theme, std::borrow::Cow::Owned(tera), memo),
        Err(d) => return (out, d),
    };
    let mut diags = Vec::new();
    // Content first: generated pages may not take a URL the content already has.
    for (url, result) in content_pages(site, &r) {
        match result {
            Ok(html) => out.insert(url_to_file(&url), html.into_bytes()),
            Err(d) => diags.push(d),
        }
    }
    for (url, result) in generated_pages(site, &r) {
        match result {
            Ok(_) if out.get(&url_to_file(&url)).is_some() => diags.push(generated_conflict(&url)),
            Ok(html) => out.insert(url_to_file(&url), html.into_bytes()),
            Err(d) => diags.push(d),
        }
    }
    match r.render("404.html", tera::Context::new()) {
        Ok(html) => out.insert("404.html".into(), html.into_bytes()),
        Err(d) => diags.push(d),
    }
    for m in &site.matrices {
        matrix::add_downloads(site, m, &mut out);
    }
    data::add_datasets(site, &mut out);
    add_files(site, theme, &mut out, &mut diags);
    extras::add_extras(site, &mut out, &mut diags);
    // A template error repeats for every page that uses the template: say it once.
    crate::diagnostic::sort(&mut diags);
    diags.dedup();
    (out, diags)
}

fn generated_conflict(url: &str) -> Diagnostic {
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

/// A template that the theme does not have, reported where it was asked for: at the page's
/// `template` key, or in kring.toml for a type's template.
fn missing_template(path: &str, raw: &str, name: &str, own: bool) -> Diagnostic {
    let msg = t(
        format!("het template '{name}' bestaat niet in het thema of in templates/"),
        format!("the template '{name}' exists neither in the theme nor in templates/"),
    );
    let hint = t(
        format!("maak templates/{name}, of kies een bestaand template"),
        format!("create templates/{name}, or choose an existing template"),
    );
    let d = if own {
        let at = crate::diagnostic::key_position(raw, "template").unwrap_or((1, 1));
        Diagnostic::error(path, "template-missing", msg).at(at)
    } else {
        Diagnostic::error("kring.toml", "template-missing", msg)
    };
    d.with_hint(hint)
}

/// Pages and sections from `content/`.
/// One content page, with its own template, its type's or the default.
fn content_page(site: &Site, r: &Renderer, i: usize) -> Rendered {
    let p = &site.content.pages[i];
    let type_template = p
        .kind
        .as_deref()
        .and_then(|k| site.config.types.get(k))
        .and_then(|t| t.template.as_deref());
    let name = page_template(&r.tera, p.meta.template.as_deref(), p.kind.as_deref(), type_template);
    if !r.tera.get_template_names().any(|n| n == name) {
        let own = p.meta.template.is_some();
        return (p.url.clone(), Err(missing_template(&p.display_path, &p.raw, &name, own)));
    }
    (p.url.clone(), r.render_page(&name, &p.url, &page_view(site, i)))
}

fn content_pages(site: &Site, r: &Renderer) -> Vec<Rendered> {
    let pages = site.published.par_iter().map(|&i| content_page(site, r, i));
    let sections = (0..site.content.sections.len()).into_par_iter().flat_map_iter(|i| {
        let s = &site.content.sections[i];
        let name = s.meta.template.clone().unwrap_or_else(|| {
            if s.path.is_empty() { "index.html" } else { "section.html" }.to_string()
        });
        if !r.tera.get_template_names().any(|n| n == name) {
            let d = missing_template(&s.display_path, &s.raw, &name, s.meta.template.is_some());
            return vec![(s.url.clone(), Err(d))];
        }
        section_views(site, i)
            .into_iter()
            .map(|view| {
                let mut ctx = tera::Context::new();
                ctx.insert("section", &view);
                if s.path.is_empty() {
                    ctx.insert("sections", &top_sections(site));
                    ctx.insert("recent", &recent(site, 8));
                    ctx.insert("entry_points", &entry_points(site));
                }
                (view.page_url.clone(), r.render(&name, ctx))
            })
            .collect::<Vec<_>>()
    });
    let mut all: Vec<Rendered> = pages.chain(sections).collect();
    if !site.content.sections.iter().any(|s| s.path.is_empty()) {
        all.push(("/".into(), r.render("index.html", home_without_index(site))));
    }
    all
}

/// Pages kring makes itself: taxonomies, comparisons, the network and search.
fn generated_pages(site: &Site, r: &Renderer) -> Vec<Rendered> {
    let mut all: Vec<Rendered> = site
        .taxonomies
        .par_iter()
        .map(|tax| {
            let view = graph::taxonomy_view(tax);
            (tax.url.clone(), r.render_with("taxonomy.html", "taxonomy", &view))
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
        let mut ctx = tera::Context::new();
        ctx.insert("taxonomy", &header);
        ctx.insert("term", &graph::term_view(site, term));
        (term.url.clone(), r.render("term.html", ctx))
    }));
    all.extend(
        site.matrices
            .par_iter()
            .map(|m| {
                (
                    m.url.clone(),
                    r.render_with("matrix.html", "matrix", &matrix::matrix_view(site, m)),
                )
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
        all.push((
            "/netwerk/".into(),
            r.render_with("network.html", "network", &learning::network(site)),
        ));
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
                out.push((url, r.render_with("side.html", "side", &side::columns(site, &[a, b]))));
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
fn books(site: &Site, r: &Renderer, only: Option<usize>) -> Vec<Rendered> {
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
                let whole = book::book(site, site.config.title.clone(), "/boek/".into(), &in_whole);
                ("/boek/".to_string(), r.render_with("book.html", "book", &whole))
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
    let b = book::book(
        site,
        format!("{}: {}", site.config.title, page.meta.title),
        url.clone(),
        &|i| tagged.contains(&i),
    );
    Some((url, r.render_with("book.html", "book", &b)))
}

/// Files copied as they are: files beside the content, then the theme's static files.
fn add_files(site: &Site, theme: &Theme, out: &mut OutputSet, diags: &mut Vec<Diagnostic>) {
    for (rel, path) in &site.content.assets {
        match std::fs::read(path) {
            Ok(bytes) => out.insert(rel.clone(), bytes),
            Err(e) => diags.push(Diagnostic::error(
                format!("content/{rel}"),
                "read",
                t(format!("kan niet gelezen worden: {e}"), format!("cannot be read: {e}")),
            )),
        }
    }
    for (rel, bytes) in &theme.statics {
        out.insert(rel.clone(), bytes.clone());
    }
}

fn matrix_links(site: &Site) -> Vec<LinkView> {
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

fn home_without_index(site: &Site) -> tera::Context {
    let mut ctx = tera::Context::new();
    let view = SectionView {
        title: &site.config.title,
        summary: &site.config.description,
        url: "/",
        page_url: "/".into(),
        content: "",
        pages: vec![],
        total_pages: 0,
        subsections: vec![],
        pagination: Pagination { current: 1, total: 1, prev: None, next: None },
    };
    ctx.insert("section", &view);
    ctx.insert("sections", &top_sections(site));
    ctx.insert("recent", &recent(site, 8));
    ctx
}

/// The template for a page: its own, else `<type>.html`, else `page.html`.
fn page_template(
    tera: &tera::Tera,
    own: Option<&str>,
    kind: Option<&str>,
    type_template: Option<&str>,
) -> String {
    if let Some(own) = own.or(type_template) {
        return own.to_string();
    }
    let typed = kind.map(|k| format!("{k}.html"));
    match typed {
        Some(name) if tera.get_template_names().any(|n| n == name) => name,
        _ => "page.html".to_string(),
    }
}

/// The output file of a URL: `/a/b/` -> `a/b/index.html`.
pub fn url_to_file(url: &str) -> String {
    let trimmed = url.trim_matches('/');
    if trimmed.is_empty() { "index.html".to_string() } else { format!("{trimmed}/index.html") }
}

fn site_view(site: &Site) -> SiteView<'_> {
    SiteView {
        title: &site.config.title,
        description: &site.config.description,
        base_url: site.config.base_url.trim_end_matches('/'),
        lang: site.config.lang().code(),
        nav: nav(site),
        taxonomies: site
            .taxonomies
            .iter()
            .map(|t| LinkView {
                title: t.label_plural.clone(),
                url: t.url.clone(),
                kind: String::new(),
                summary: t.description.clone(),
            })
            .collect(),
    }
}

/// The main menu: top-level sections, then the comparisons page when there are matrices.
fn nav(site: &Site) -> Vec<LinkView> {
    let mut items = top_sections(site);
    if !site.matrices.is_empty() {
        let title = if site.config.lang() == crate::diagnostic::Lang::Nl {
            "Vergelijken"
        } else {
            "Compare"
        };
        items.push(LinkView {
            title: title.into(),
            url: "/vergelijk/".into(),
            kind: String::new(),
            summary: String::new(),
        });
    }
    items
}

/// A top-level section with its pages, for the home page's ways in.
#[derive(Serialize)]
struct EntryPoint {
    section: LinkView,
    pages: Vec<LinkView>,
}

fn entry_points(site: &Site) -> Vec<EntryPoint> {
    let tops: Vec<usize> = site
        .content
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.path.is_empty() && !s.path.contains('/'))
        .map(|(i, _)| i)
        .collect();
    tops.into_iter()
        .map(|i| EntryPoint {
            section: link_view(site, Target::Section(i)),
            pages: site.section_pages[i].iter().map(|&p| page_link(site, p)).collect(),
        })
        .collect()
}

fn top_sections(site: &Site) -> Vec<LinkView> {
    let mut tops: Vec<(i64, String, usize)> = site
        .content
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.path.is_empty() && !s.path.contains('/') && !s.meta.draft)
        .map(|(i, s)| (s.meta.weight, s.meta.title.to_lowercase(), i))
        .collect();
    tops.sort();
    tops.into_iter().map(|(_, _, i)| link_view(site, Target::Section(i))).collect()
}

fn recent(site: &Site, n: usize) -> Vec<LinkView> {
    site.recent_pages(n).into_iter().map(|i| page_link(site, i)).collect()
}

fn page_view(site: &Site, i: usize) -> PageView<'_> {
    let p = &site.content.pages[i];
    let fields = field_views(site, p, &p.fields);
    let values = fields.iter().map(|f| (f.key.clone(), f.clone())).collect();
    let timeline = p
        .timeline
        .iter()
        .map(|e| TimelineView {
            peildatum: &e.peildatum,
            titel: e.titel.as_deref().unwrap_or(""),
            bron: e.bron.as_deref().unwrap_or(""),
            toelichting: e.toelichting.as_deref().unwrap_or(""),
            fields: field_views(site, p, &e.fields),
        })
        .collect();
    let section = site
        .content
        .sections
        .iter()
        .position(|s| s.path == p.section)
        .map(|s| link_view(site, Target::Section(s)));
    let mut relations: Vec<LinkView> =
        site.relations[i].iter().map(|r| link_view(site, r.target)).collect();
    relations.dedup_by(|a, b| a.url == b.url);
    let mut outgoing: Vec<LinkView> = site.bodies[i]
        .links
        .iter()
        .map(|l| link_view(site, l.target))
        .chain(relations.iter().cloned())
        .collect();
    outgoing.sort_by(|a, b| a.url.cmp(&b.url));
    outgoing.dedup_by(|a, b| a.url == b.url);
    let referenced: Vec<(usize, Option<String>)> =
        site.incoming[i].iter().map(|(p, f)| (*p, Some(f.clone()))).collect();
    let referenced_by = graph::group_pages(site, &referenced);
    // Body-link backlinks, minus pages already listed as referring to this one.
    let linking: Vec<(usize, Option<String>)> = site.backlinks[i]
        .iter()
        .filter(|p| !site.incoming[i].iter().any(|(q, _)| q == *p))
        .map(|&p| (p, None))
        .collect();
    let backlinks = graph::group_pages(site, &linking);
    let (prev, next) = graph::prev_next(site, i);
    PageView {
        title: &p.meta.title,
        summary: p.meta.summary.as_deref().unwrap_or(""),
        url: &p.url,
        permalink: format!("{}{}", site.config.base_url.trim_end_matches('/'), p.url),
        kind: p.kind.as_deref().unwrap_or(""),
        kind_label: p.kind.as_deref().map(|k| site.config.type_label(k)).unwrap_or(""),
        date: p.meta.date.as_deref().unwrap_or(""),
        bron: p.meta.bron.as_deref().unwrap_or(""),
        peildatum: p.meta.peildatum.as_deref().unwrap_or(""),
        content: &site.bodies[i].html,
        toc: &site.bodies[i].toc,
        fields,
        values,
        timeline,
        backlinks,
        usage: graph::usage_sentence(&referenced_by, site.config.lang()),
        referenced_by,
        relations,
        outgoing,
        related: site.related[i].iter().map(|&j| page_link(site, j)).collect(),
        tags: graph::tags(site, i),
        prev,
        next,
        section,
        matrices: matrix_links(site)
            .into_iter()
            .zip(&site.matrices)
            .filter(|(_, m)| m.rows.iter().any(|r| r.page == i))
            .map(|(l, _)| l)
            .collect(),
        similar: factsheet::similar(site, i),
        questions: learning::questions(site, i),
        asked_of: learning::asked_of(site, i),
        asked_more: site.learning.asked_total[i] - site.learning.asked_of[i].len(),
        theme_rows: learning::theme_rows(site, i),
        profiles: factsheet::profiles(site, i),
        zrm: pictures::zrm(p, &site.config.pictures, site.config.lang()),
        ecogram: pictures::ecogram(p, &site.config.pictures, site.config.lang()),
        changes: factsheet::changes(site, i),
    }
}

/// The views of a section: one, or one per listing page when `paginate_by` is set.
fn section_views(site: &Site, i: usize) -> Vec<SectionView<'_>> {
    let s = &site.content.sections[i];
    let subsections: Vec<LinkView> = site
        .content
        .sections
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            !c.path.is_empty()
                && c.path.rsplit_once('/').map_or("", |(d, _)| d) == s.path
                && c.path != s.path
        })
        .map(|(j, _)| link_view(site, Target::Section(j)))
        .collect();
    let all: Vec<LinkView> = site.section_pages[i].iter().map(|&j| page_link(site, j)).collect();
    let per = if s.meta.paginate_by == 0 { all.len().max(1) } else { s.meta.paginate_by };
    let chunks: Vec<Vec<LinkView>> = if all.is_empty() {
        vec![Vec::new()]
    } else {
        all.chunks(per).map(<[_]>::to_vec).collect()
    };
    let total = chunks.len();
    let url_of = |n: usize| if n <= 1 { s.url.clone() } else { format!("{}pagina/{n}/", s.url) };
    chunks
        .into_iter()
        .enumerate()
        .map(|(k, pages)| {
            let n = k + 1;
            SectionView {
                title: &s.meta.title,
                summary: s.meta.summary.as_deref().unwrap_or(""),
                url: &s.url,
                page_url: url_of(n),
                content: &site.section_bodies[i].html,
                total_pages: all.len(),
                pages,
                subsections: subsections.clone(),
                pagination: Pagination {
                    current: n,
                    total,
                    prev: (n > 1).then(|| url_of(n - 1)),
                    next: (n < total).then(|| url_of(n + 1)),
                },
            }
        })
        .collect()
}

/// Where a listing page stands among its siblings.
#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
}

/// A diagnostic for output paths that would leave the site.
pub(crate) fn escape_error(path: &str, what: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        "path-escape",
        t(format!("{what} verwijst buiten de site"), format!("{what} points outside the site")),
    )
    .with_hint(t(
        "gebruik een pad zoals \"/oud/pad/\", zonder '..'",
        "use a path such as \"/old/path/\", without '..'",
    ))
}
