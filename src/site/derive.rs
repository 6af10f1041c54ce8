//! What follows from who links to whom: backlinks, reverse relations, section listings,
//! taxonomies and related pages.

use super::order::TitleOrder;
use super::{GraphMemo, Relation, related, taxonomy};
use crate::config::Config;
use crate::content::Content;
use crate::content::lookup::{Lookup, Target};
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use rayon::prelude::*;
use std::sync::Arc;

/// What the links phase made per page: its rendered body, resolved references and all targets.
pub(super) struct LinkInput<'a> {
    pub(super) bodies: &'a [Arc<Rendered>],
    pub(super) relations: &'a [Vec<Relation>],
    pub(super) outgoing: &'a [Vec<Target>],
}

/// What follows from who links to whom: backlinks, reverse relations, section listings,
/// taxonomies and related pages.
pub(super) struct Derived {
    pub(super) backlinks: Vec<Vec<usize>>,
    pub(super) incoming: Vec<Vec<(usize, String)>>,
    pub(super) section_pages: Vec<Vec<usize>>,
    pub(super) taxonomies: Vec<taxonomy::Taxonomy>,
    pub(super) page_terms: Vec<Vec<(usize, usize)>>,
    pub(super) related: Vec<Vec<usize>>,
}

/// Backlinks, reverse relations, section listings and taxonomies side by side, then the related
/// pages, which weigh them.
pub(super) fn derive_links(
    config: &Config,
    content: &Content,
    (published, lookup, order): (&[usize], &Lookup, &TitleOrder),
    links: LinkInput,
    memo: Option<&GraphMemo>,
) -> (Derived, Vec<Diagnostic>) {
    let (((backlinks, incoming), section_pages), (taxonomies, diags)) = rayon::join(
        || {
            rayon::join(
                || reverse_links(content, order, &links),
                || section_listings(content, published, order),
            )
        },
        || {
            let mut diags = Vec::new();
            let taxonomies =
                taxonomy::build_taxonomies(config, content, (published, lookup, order), &mut diags);
            taxonomy::check_urls(content, &taxonomies, &mut diags);
            (taxonomies, diags)
        },
    );
    let mut page_terms = vec![Vec::new(); content.pages.len()];
    for (x, tax) in taxonomies.iter().enumerate() {
        for (y, term) in tax.terms.iter().enumerate() {
            term.pages.iter().for_each(|&p| page_terms[p].push((x, y)));
        }
    }
    let all_backlinks: Vec<Vec<usize>> = (0..content.pages.len())
        .map(|i| {
            let body = backlinks[i].iter().map(|(s, ())| *s);
            body.chain(incoming[i].iter().map(|(s, _)| *s)).collect()
        })
        .collect();
    let titles: Vec<&str> = content.pages.iter().map(|p| p.meta.title.as_str()).collect();
    let input = related::RelatedInput {
        outgoing: links.outgoing,
        backlinks: &all_backlinks,
        taxonomies: &taxonomies,
        titles: &titles,
        order,
        hub_cap: related::HUB_CAP,
    };
    let related = related::related_pages_cached(&input, published, 5, memo.map(|m| &m.related));
    let backlinks =
        backlinks.into_iter().map(|v| v.into_iter().map(|(s, ())| s).collect()).collect();
    let derived = Derived { backlinks, incoming, section_pages, taxonomies, page_terms, related };
    (derived, diags)
}

/// Who links to each page in its body, and whose fields refer to it (with the field).
#[allow(clippy::type_complexity)]
fn reverse_links(
    content: &Content,
    order: &TitleOrder,
    links: &LinkInput,
) -> (Vec<Vec<(usize, ())>>, Vec<Vec<(usize, String)>>) {
    rayon::join(
        || {
            let bodies = links.bodies.iter();
            reverse(content, order, bodies.map(|b| b.links.iter().map(|l| (l.target, ()))))
        },
        || {
            let fields = links.relations.iter();
            reverse(content, order, fields.map(|r| r.iter().map(|r| (r.target, r.field.clone()))))
        },
    )
}

/// Reverses per-page edge lists: for each target page, the sources (with edge data), deduplicated
/// and ordered by the source's title.
fn reverse<E: Clone + PartialEq + Send, I, J>(
    content: &Content,
    order: &TitleOrder,
    edges: I,
) -> Vec<Vec<(usize, E)>>
where
    I: Iterator<Item = J>,
    J: Iterator<Item = (Target, E)>,
{
    let mut back: Vec<Vec<(usize, E)>> = vec![Vec::new(); content.pages.len()];
    for (src, targets) in edges.enumerate() {
        for (target, data) in targets {
            if let Target::Page(dst) = target
                && dst != src
                && !back[dst].iter().any(|(s, d)| *s == src && *d == data)
            {
                back[dst].push((src, data));
            }
        }
    }
    back.par_iter_mut().for_each(|list| list.sort_by_key(|(s, _)| order.exact[*s]));
    back
}

fn section_listings(content: &Content, published: &[usize], order: &TitleOrder) -> Vec<Vec<usize>> {
    content
        .sections
        .iter()
        .map(|s| {
            let mut pages: Vec<usize> =
                published.iter().copied().filter(|&i| content.pages[i].section == s.path).collect();
            let key = |i: &usize| &content.pages[*i];
            match s.meta.sort_by.as_deref() {
                Some("date") => pages.sort_by(|a, b| key(b).meta.date.cmp(&key(a).meta.date)),
                Some("weight") => pages.sort_by_key(|&i| (key(&i).meta.weight, order.folded[i])),
                _ => pages.sort_by_key(|&i| order.folded[i]),
            }
            pages
        })
        .collect()
}
