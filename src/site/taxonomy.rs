//! Taxonomies: groups pages by the values of the fields named in `kring.toml`.
//!
//! A term that is a reference (a theme, a method, a municipality) is that page: its listing is
//! shown on the page itself. Other terms (life domains, target groups) get a page of their own at
//! `/<taxonomy>/<term>/`.

use super::of_kind;
use super::order::TitleOrder;
use crate::config::{Config, FieldKind, FieldSpec, TaxonomyDef};
use crate::content::lookup::{Lookup, Target};
use crate::content::schema::closest;
use crate::content::{Content, FieldValue, Value};
use crate::diagnostic::{Diagnostic, t};

/// One value of a taxonomy and the pages that carry it.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term as shown.
    pub name: String,
    /// The URL of the term's listing (the page itself for reference terms).
    pub url: String,
    /// The page this term is, for reference terms.
    pub page: Option<usize>,
    /// Pages tagged with the term, by title.
    pub pages: Vec<usize>,
}

/// A taxonomy with its terms.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// The key in `kring.toml`, also the URL segment.
    pub key: String,
    /// Singular label.
    pub label: String,
    /// Plural label.
    pub label_plural: String,
    /// What it groups by.
    pub description: String,
    /// The overview URL, `/<key>/`.
    pub url: String,
    /// Terms by name.
    pub terms: Vec<Term>,
}

/// A taxonomy's definition with its field paths split once.
struct Def<'a> {
    key: &'a str,
    def: &'a TaxonomyDef,
    /// Per field path: the page's field and the path below it.
    paths: Vec<(&'a str, Vec<&'a str>)>,
}

/// Term key: a page, or a text value (borrowed from the page that has it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum TermKey<'a> {
    Page(usize),
    Text(&'a str),
}

/// Builds every taxonomy over the published pages, reporting terms outside a closed list.
pub fn build_taxonomies(
    config: &Config,
    content: &Content,
    (published, lookup, order): (&[usize], &Lookup, &TitleOrder),
    diags: &mut Vec<Diagnostic>,
) -> Vec<Taxonomy> {
    use rayon::prelude::*;
    let defs: Vec<Def> = config
        .taxonomies
        .iter()
        .map(|(key, def)| Def {
            key,
            def,
            paths: def.fields.iter().map(|p| split_path(p)).collect(),
        })
        .collect();
    // Each page's terms in one pass over its fields (in parallel), then gathered per term.
    let found: Vec<PageTerms> =
        published.par_iter().map(|&i| terms_of_page(&defs, config, content, lookup, i)).collect();
    let mut terms: Vec<crate::cache::NameMap<TermKey, Vec<usize>>> =
        defs.iter().map(|_| Default::default()).collect();
    let mut found_diags = Vec::new();
    for (&i, (page_terms, d)) in published.iter().zip(found) {
        page_terms.into_iter().for_each(|(x, term)| terms[x].entry(term).or_default().push(i));
        found_diags.extend(d);
    }
    // Taxonomy by taxonomy, each in page order.
    found_diags.sort_by_key(|(x, _)| *x);
    diags.extend(found_diags.into_iter().map(|(_, d)| d));
    defs.par_iter().zip(terms).map(|(d, terms)| taxonomy_of(d, terms, content, order)).collect()
}

/// A field path (`leervragen.thema`): the page's field and the path below it.
fn split_path(path: &str) -> (&str, Vec<&str>) {
    let mut segs = path.split('.');
    let first = segs.next().unwrap_or_default();
    (first, segs.collect())
}

/// The terms of one page, as (taxonomy, term), with diagnostics (per taxonomy) for terms
/// outside a closed list.
type PageTerms<'a> = (Vec<(usize, TermKey<'a>)>, Vec<(usize, Diagnostic)>);

/// The terms page `i` carries.
fn terms_of_page<'a>(
    defs: &[Def],
    config: &'a Config,
    content: &'a Content,
    lookup: &Lookup,
    i: usize,
) -> PageTerms<'a> {
    let (mut terms, mut diags) = (Vec::new(), Vec::new());
    let page = &content.pages[i];
    let Some(tdef) = page.kind.as_deref().and_then(|k| config.types.get(k)) else {
        return (terms, diags);
    };
    let mut leaves = Vec::new();
    for (x, d) in defs.iter().enumerate() {
        for (first, rest) in &d.paths {
            let (Some(spec), Some(value)) = (tdef.fields.get(*first), page.fields.get(*first))
            else {
                continue;
            };
            leaves.clear();
            collect_leaves(spec, value, rest, &mut leaves);
            for &(spec, fv) in &leaves {
                let term = match &fv.value {
                    Value::Ref(r) => {
                        let accept = of_kind(content, spec.target.as_deref());
                        match lookup.find_typed(r, accept, |_| String::new()) {
                            Ok(Target::Page(j)) => TermKey::Page(j),
                            _ => continue,
                        }
                    }
                    Value::Enum(s) | Value::Text(s) => {
                        let mut found = Vec::new();
                        if !check_closed(d.def, d.key, s, fv, &page.display_path, &mut found) {
                            diags.extend(found.into_iter().map(|f| (x, f)));
                            continue;
                        }
                        TermKey::Text(s.as_str())
                    }
                    _ => continue,
                };
                terms.push((x, term));
            }
        }
    }
    (terms, diags)
}

/// A taxonomy from the pages found per term: terms by name, their pages by title.
fn taxonomy_of(
    d: &Def,
    terms: crate::cache::NameMap<TermKey, Vec<usize>>,
    content: &Content,
    order: &TitleOrder,
) -> Taxonomy {
    let (key, def) = (d.key, d.def);
    let url = format!("/{}/", slug::slugify(key));
    let mut terms: Vec<(TermKey, Vec<usize>)> = terms.into_iter().collect();
    // Terms with the same name keep the order of their keys.
    terms.sort_unstable_by_key(|(k, _)| *k);
    let mut list: Vec<Term> = terms
        .into_iter()
        .map(|(term, mut pages)| {
            pages.sort_unstable_by_key(|&p| order.folded[p]);
            pages.dedup();
            match term {
                TermKey::Page(j) => Term {
                    name: content.pages[j].meta.title.clone(),
                    url: content.pages[j].url.clone(),
                    page: Some(j),
                    pages,
                },
                TermKey::Text(s) => Term {
                    url: format!("{url}{}/", slug::slugify(s)),
                    name: s.to_string(),
                    page: None,
                    pages,
                },
            }
        })
        .collect();
    list.sort_by_cached_key(|t| t.name.to_lowercase());
    Taxonomy {
        key: key.to_string(),
        label: def.label.clone().unwrap_or_else(|| key.to_string()),
        label_plural: def
            .label_plural
            .clone()
            .or_else(|| def.label.clone())
            .unwrap_or_else(|| key.to_string()),
        description: def.description.clone(),
        url,
        terms: list,
    }
}

/// The values at `path` below a field: list items are walked into, table fields selected by name.
fn collect_leaves<'a>(
    spec: &'a FieldSpec,
    value: &'a FieldValue,
    path: &[&str],
    out: &mut Vec<(&'a FieldSpec, &'a FieldValue)>,
) {
    match (&value.value, spec.kind) {
        (Value::List(items), FieldKind::List) => {
            if let Some(item) = spec.item.as_deref() {
                items.iter().for_each(|v| collect_leaves(item, v, path, out));
            }
        }
        (Value::Table(m), FieldKind::Table) => {
            if let Some((first, rest)) = path.split_first()
                && let (Some(sub), Some(v)) = (spec.fields.get(*first), m.get(*first))
            {
                collect_leaves(sub, v, rest, out);
            }
        }
        _ if path.is_empty() => out.push((spec, value)),
        _ => {}
    }
}

/// True if `term` is allowed; reports it otherwise.
fn check_closed(
    def: &TaxonomyDef,
    key: &str,
    term: &str,
    fv: &FieldValue,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let Some(allowed) = &def.terms else { return true };
    if allowed.iter().any(|a| a == term) {
        return true;
    }
    let hint = match closest(term, allowed.iter().map(String::as_str)) {
        Some(b) => t(format!("bedoelt u \"{b}\"?"), format!("did you mean \"{b}\"?")),
        None => t(
            format!(
                "toegestaan: {}; of voeg de term toe aan taxonomies.{key}.terms in kring.toml",
                allowed.join(", ")
            ),
            format!(
                "allowed: {}; or add the term to taxonomies.{key}.terms in kring.toml",
                allowed.join(", ")
            ),
        ),
    };
    diags.push(
        Diagnostic::error(
            path,
            "unknown-term",
            t(
                format!("\"{term}\" is geen term van de taxonomie '{key}'"),
                format!("\"{term}\" is not a term of the taxonomy '{key}'"),
            ),
        )
        .at((fv.line, fv.col))
        .with_hint(hint),
    );
    false
}

/// Reports taxonomy pages whose URL is already taken by a content page or section.
pub fn check_urls(content: &Content, taxonomies: &[Taxonomy], diags: &mut Vec<Diagnostic>) {
    let taken: std::collections::HashMap<&str, &str> = content
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.display_path.as_str()))
        .chain(content.sections.iter().map(|s| (s.url.as_str(), s.display_path.as_str())))
        .collect();
    for tax in taxonomies {
        let urls = std::iter::once(&tax.url)
            .chain(tax.terms.iter().filter(|t| t.page.is_none()).map(|t| &t.url));
        for url in urls {
            if let Some(path) = taken.get(url.as_str()) {
                diags.push(
                    Diagnostic::error("kring.toml", "duplicate-url", t(
                        format!("taxonomie '{}' maakt de pagina {url}, maar {path} heeft die URL al", tax.key),
                        format!("taxonomy '{}' makes the page {url}, but {path} already has that URL", tax.key),
                    ))
                    .with_hint(t("geef de taxonomie of de map een andere naam", "rename the taxonomy or the folder")),
                );
            }
        }
    }
}
