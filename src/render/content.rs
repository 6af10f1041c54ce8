//! Pages from `content/`: each page with its type's template, and the section listings with
//! the home page. Views are built here; templates see them as `page` and `section`.

use super::generated::matrix_links;
use super::views::{FieldView, LinkView, field_views, link_view, page_link};
use super::{Rendered, Renderer, factsheet, graph, learning, pictures};
use crate::content::lookup::Target;
use crate::diagnostic::{Diagnostic, t};
use crate::site::Site;
use rayon::prelude::*;
use serde::Serialize;

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
    toc: &'a [crate::markdown::Heading],
    fields: Vec<FieldView>,
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
    connections: Option<learning::ConnectionsView>,
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

/// One content page, with its own template, its type's or the default.
pub(super) fn content_page(site: &Site, r: &Renderer, i: usize) -> Rendered {
    content_page_in(site, r, i, &mut r.base.clone())
}

/// [`content_page`] with a thread's copy of the base context.
fn content_page_in(site: &Site, r: &Renderer, i: usize, scratch: &mut tera::Context) -> Rendered {
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
    let (inputs, unchanged) = r.unchanged_page(site, i, &name);
    if let Some(html) = unchanged {
        return (p.url.clone(), Ok(html));
    }
    let view = page_view(site, i);
    (p.url.clone(), r.render_page(&name, &p.url, (&view, inputs), &site.bodies[i], scratch))
}

pub(super) fn content_pages(site: &Site, r: &Renderer) -> Vec<Rendered> {
    let pages = site
        .published
        .par_iter()
        .map_init(|| r.base.clone(), |scratch, &i| content_page_in(site, r, i, scratch));
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

pub(super) fn top_sections(site: &Site) -> Vec<LinkView> {
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

/// The view of page `i`. What it reads of the site must be hashed in [`super::inputs`] too.
fn page_view(site: &Site, i: usize) -> PageView<'_> {
    let p = &site.content.pages[i];
    let fields = field_views(site, p, &p.fields);
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
        toc: &site.bodies[i].toc,
        fields,
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
        connections: learning::connections(site, i),
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
