//! Views of the link graph for templates: grouped backlinks and reverse relations, related
//! pages, previous/next within a section, tags, and the taxonomy pages.

use super::views::{LinkView, page_link};
use crate::diagnostic::Lang;
use crate::site::Site;
use crate::site::taxonomy::Taxonomy;
use serde::Serialize;

/// Pages of one content type, for grouped lists.
#[derive(Debug, Clone, Serialize)]
pub struct LinkGroup {
    /// The type's plural label (or singular when there is one page).
    pub label: String,
    /// The labels of the fields that make the link, for reverse relations.
    pub fields: Vec<String>,
    /// How many pages.
    pub count: usize,
    /// The pages.
    pub pages: Vec<LinkView>,
}

/// The taxonomy terms of a page, for one taxonomy.
#[derive(Debug, Clone, Serialize)]
pub struct TagGroup {
    /// The taxonomy's label.
    pub label: String,
    /// The terms, each linking to its listing.
    pub terms: Vec<LinkView>,
}

fn type_label(site: &Site, kind: Option<&str>, count: usize) -> String {
    let Some(def) = kind.and_then(|k| site.config.types.get(k)) else {
        return if site.config.lang() == Lang::Nl { "Pagina's".into() } else { "Pages".into() };
    };
    let single = def.label.clone().unwrap_or_else(|| kind.unwrap_or_default().to_string());
    if count == 1 { single } else { def.label_plural.clone().unwrap_or(single) }
}

/// Groups pages by content type, in the order of the types in `kring.toml`.
pub fn group_pages(site: &Site, pages: &[(usize, Option<String>)]) -> Vec<LinkGroup> {
    let order = |kind: Option<&str>| {
        kind.and_then(|k| site.config.types.get_index_of(k)).unwrap_or(usize::MAX)
    };
    // (type order, type, pages, field labels)
    type Group<'a> = (usize, Option<&'a str>, Vec<usize>, Vec<String>);
    let mut groups: Vec<Group> = Vec::new();
    for (page, field) in pages {
        let kind = site.content.pages[*page].kind.as_deref();
        let pos = match groups.iter().position(|g| g.1 == kind) {
            Some(p) => p,
            None => {
                groups.push((order(kind), kind, Vec::new(), Vec::new()));
                groups.len() - 1
            }
        };
        let group = &mut groups[pos];
        if !group.2.contains(page) {
            group.2.push(*page);
        }
        if let Some(label) = field.as_deref().map(|f| field_label(site, kind, f))
            && !group.3.contains(&label)
        {
            group.3.push(label);
        }
    }
    groups.sort_by_key(|g| g.0);
    groups
        .into_iter()
        .map(|(_, kind, pages, fields)| LinkGroup {
            label: type_label(site, kind, pages.len()),
            fields,
            count: pages.len(),
            pages: pages.into_iter().map(|p| page_link(site, p)).collect(),
        })
        .collect()
}

fn field_label(site: &Site, kind: Option<&str>, field: &str) -> String {
    kind.and_then(|k| site.config.types.get(k))
        .and_then(|t| t.fields.get(field))
        .and_then(|f| f.label.clone())
        .unwrap_or_else(|| field.replace('_', " "))
}

/// "Gebruikt in 5 casussen en 3 praktijkverhalen" from reverse-relation groups.
pub fn usage_sentence(groups: &[LinkGroup], lang: Lang) -> String {
    let parts: Vec<String> =
        groups.iter().map(|g| format!("{} {}", g.count, g.label.to_lowercase())).collect();
    let (word, and) =
        if lang == Lang::Nl { ("Genoemd in", "en") } else { ("Referred to in", "and") };
    match parts.as_slice() {
        [] => String::new(),
        [one] => format!("{word} {one}"),
        [rest @ .., last] => format!("{word} {} {and} {last}", rest.join(", ")),
    }
}

/// The previous and next page in the page's section listing.
pub fn prev_next(site: &Site, i: usize) -> (Option<LinkView>, Option<LinkView>) {
    let page = &site.content.pages[i];
    let Some(section) = site.content.sections.iter().position(|s| s.path == page.section) else {
        return (None, None);
    };
    let list = &site.section_pages[section];
    let Some(pos) = list.iter().position(|&p| p == i) else { return (None, None) };
    let prev = pos.checked_sub(1).map(|p| page_link(site, list[p]));
    let next = list.get(pos + 1).map(|&p| page_link(site, p));
    (prev, next)
}

/// Terms of text taxonomies (not references) that page `i` carries.
pub fn tags(site: &Site, i: usize) -> Vec<TagGroup> {
    site.taxonomies
        .iter()
        .enumerate()
        .filter_map(|(x, tax)| {
            let terms: Vec<LinkView> = site.page_terms[i]
                .iter()
                .filter(|(tx, _)| *tx == x)
                .map(|(_, y)| &tax.terms[*y])
                .filter(|t| t.page.is_none())
                .map(|t| LinkView {
                    title: t.name.clone(),
                    url: t.url.clone(),
                    kind: tax.label.clone(),
                    summary: String::new(),
                })
                .collect();
            (!terms.is_empty()).then(|| TagGroup { label: tax.label_plural.clone(), terms })
        })
        .collect()
}

/// A taxonomy overview as templates see it.
#[derive(Serialize)]
pub struct TaxonomyView {
    /// Plural label, the page title.
    pub title: String,
    /// Singular label.
    pub label: String,
    /// What it groups by.
    pub description: String,
    /// The overview URL.
    pub url: String,
    /// Terms with their page counts.
    pub terms: Vec<TermView>,
}

/// A term with its pages grouped by type.
#[derive(Serialize)]
pub struct TermView {
    /// The term.
    pub title: String,
    /// Its listing URL.
    pub url: String,
    /// Number of pages.
    pub count: usize,
    /// The pages grouped by type.
    pub groups: Vec<LinkGroup>,
}

/// The view of a taxonomy with every term, without their pages (the index lists only names and
/// counts; each term page gets its pages from [`term_view`]).
pub fn taxonomy_view(tax: &Taxonomy) -> TaxonomyView {
    TaxonomyView {
        title: tax.label_plural.clone(),
        label: tax.label.clone(),
        description: tax.description.clone(),
        url: tax.url.clone(),
        terms: tax
            .terms
            .iter()
            .map(|t| TermView {
                title: t.name.clone(),
                url: t.url.clone(),
                count: t.pages.len(),
                groups: Vec::new(),
            })
            .collect(),
    }
}

/// A term with its pages grouped by type, for its own page.
pub fn term_view(site: &Site, term: &crate::site::taxonomy::Term) -> TermView {
    let pages: Vec<(usize, Option<String>)> = term.pages.iter().map(|&p| (p, None)).collect();
    TermView {
        title: term.name.clone(),
        url: term.url.clone(),
        count: term.pages.len(),
        groups: group_pages(site, &pages),
    }
}
