//! The site graph: renders Markdown, resolves references and links, checks anchors, and
//! derives backlinks, reverse relations, taxonomies, related pages and section listings.
//! Read-only once built, so rendering can share it.

mod anchors;
mod cells;
mod columns;
mod cross;
mod derive;
pub mod expr;
pub mod fields;
pub mod learning;
pub mod matrix;
pub mod order;
pub mod related;
mod relations;
pub mod shared;
pub mod similar;
pub mod taxonomy;

use crate::config::Config;
use crate::content::Content;
use crate::content::lookup::{Lookup, Target};
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, LinkContext, Rendered};
use anchors::check_anchors;
use derive::{Derived, LinkInput, derive_links};
use rayon::prelude::*;
use relations::resolve_relations;
use std::sync::Arc;

/// A resolved reference from a page's field to another page.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// The field key (top-level) that holds the reference.
    pub field: String,
    /// The page or section it points at.
    pub target: Target,
}

/// The content with everything derived from it.
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// The loaded content.
    pub content: Content,
    /// Indices of the pages that are published (drafts left out unless asked for).
    pub published: Vec<usize>,
    /// Lookup tables for links.
    pub lookup: Lookup,
    /// Rendered body per page index (empty for unpublished pages); shared with `kring
    /// serve`'s cache, so a rebuild does not copy unchanged bodies.
    pub bodies: Vec<Arc<Rendered>>,
    /// Rendered body per section index.
    pub section_bodies: Vec<Arc<Rendered>>,
    /// Resolved references per page index.
    pub relations: Vec<Vec<Relation>>,
    /// Pages whose body links to each page, per page index.
    pub backlinks: Vec<Vec<usize>>,
    /// Pages whose fields refer to each page, with the field, per page index.
    pub incoming: Vec<Vec<(usize, String)>>,
    /// Published pages per section index, in listing order.
    pub section_pages: Vec<Vec<usize>>,
    /// The taxonomies with their terms.
    pub taxonomies: Vec<taxonomy::Taxonomy>,
    /// (taxonomy, term) indices per page index, so a page finds its own tags directly.
    pub page_terms: Vec<Vec<(usize, usize)>>,
    /// Up to five related pages per page index.
    pub related: Vec<Vec<usize>>,
    /// The comparison matrices.
    pub matrices: Vec<matrix::Matrix>,
    /// Similar pages with reasons, per page index.
    pub similar: Vec<Vec<similar::Similar>>,
    /// Learning questions, theme rows and the reference network.
    pub learning: learning::Learning,
    /// The abbreviations marked in bodies.
    pub glossary: markdown::Glossary,
}

/// Builds the site graph; `drafts` includes draft pages.
pub fn build_site(config: Config, content: Content, drafts: bool) -> (Site, Vec<Diagnostic>) {
    build_site_cached(config, content, drafts, None)
}

/// Rendered Markdown per page, for rebuilds in `kring serve`, with the hash of the lookup's
/// answers to its link targets when it was rendered.
pub type MarkdownMemo = crate::cache::Memo<(Arc<Rendered>, u64)>;

/// What `kring serve` keeps of the site graph between builds.
#[derive(Default)]
pub struct GraphMemo {
    /// Rendered Markdown per page.
    markdown: MarkdownMemo,
    /// The related pages of all pages.
    related: related::RelatedMemo,
    /// The similar pages of all pages.
    similar: similar::SimilarMemo,
}

/// What every page's Markdown depends on besides its own body and the answers to its links
/// (checked per page, see [`LinkContext::answers`]): which pages and sections exist and where,
/// the glossary and whether raw HTML is kept. Titles are left out: renaming a page renders
/// again only the pages whose links find it.
fn link_environment(
    config: &Config,
    content: &Content,
    is_pub: &[bool],
    glossary: &markdown::Glossary,
) -> u64 {
    let pages: Vec<_> = content
        .pages
        .iter()
        .zip(is_pub)
        .map(|(p, pub_)| (&p.rel_path, &p.slug, &p.url, &p.kind, pub_))
        .collect();
    let sections: Vec<_> = content.sections.iter().map(|s| (&s.path, &s.url)).collect();
    crate::cache::hash_of(&(pages, sections, glossary.fingerprint(), config.allow_raw_html))
}

/// Page `i`'s Markdown, from the memo when its text, place and environment are the same and
/// its links still find the same pages under the same titles.
fn memo_body(
    memo: &MarkdownMemo,
    p: &crate::content::Page,
    ctx: &LinkContext,
    env: u64,
) -> Arc<Rendered> {
    let key = crate::cache::hash_of(&(p.text_key(), p.body_line, &p.display_path, &p.section, env));
    if let Some((body, answers)) = memo.get(&p.rel_path, key)
        && answers == ctx.answers(&body.queries)
    {
        return body;
    }
    let mut body = markdown::render(p.body(), ctx);
    // Of the HTML, not of the inputs: a renamed page changes few pages' HTML, and only those
    // are rendered again by the theme.
    body.fingerprint = crate::cache::hash_of(&body.html);
    let answers = ctx.answers(&body.queries);
    let body = Arc::new(body);
    memo.put(&p.rel_path, key, (Arc::clone(&body), answers));
    body
}

/// Like [`build_site`], reusing what did not change since the build `memo` remembers, whose
/// configuration hashed to the number beside it.
pub fn build_site_cached(
    config: Config,
    content: Content,
    drafts: bool,
    memo: Option<(&GraphMemo, u64)>,
) -> (Site, Vec<Diagnostic>) {
    let (memo, config_key) = (memo.map(|(m, _)| m), memo.map_or(0, |(_, k)| k));
    let published: Vec<usize> =
        (0..content.pages.len()).filter(|&i| drafts || !content.pages[i].meta.draft).collect();
    let mut is_pub = vec![false; content.pages.len()];
    published.iter().for_each(|&i| is_pub[i] = true);
    let (lookup, title_order) =
        rayon::join(|| Lookup::new(&content, |i| is_pub[i]), || order::TitleOrder::new(&content));
    let glossary = markdown::Glossary::new(&config, &content, &published);
    let (bodies, section_bodies) =
        render_bodies(&config, &content, (&lookup, &glossary), &is_pub, memo);
    let mut diags: Vec<Diagnostic> =
        bodies.iter().chain(&section_bodies).flat_map(|b| b.diags.iter().cloned()).collect();
    let relations = resolve_all(&config, &content, &lookup, &is_pub, &mut diags);
    check_anchors(&content, &bodies, &section_bodies, &mut diags);
    let outgoing: Vec<Vec<Target>> = bodies
        .iter()
        .zip(&relations)
        .map(|(b, r)| b.links.iter().map(|l| l.target).chain(r.iter().map(|r| r.target)).collect())
        .collect();
    // Who links to each page, with taxonomies and related pages, and beside it the matrices,
    // similar pages and the learning network: none of these depend on each other.
    let ((derived, derived_diags), (matrices, similar, learning, compared_diags)) = rayon::join(
        || {
            let links = LinkInput { bodies: &bodies, relations: &relations, outgoing: &outgoing };
            derive_links(&config, &content, (&published, &lookup, &title_order), links, memo)
        },
        || {
            let memo = memo.map(|m| (m, config_key));
            compared(&config, &content, (&published, &lookup, &title_order), &outgoing, memo)
        },
    );
    let Derived { backlinks, incoming, section_pages, taxonomies, page_terms, related } = derived;
    diags.extend(derived_diags);
    diags.extend(compared_diags);
    let site = Site {
        config,
        content,
        published,
        lookup,
        bodies,
        section_bodies,
        relations,
        backlinks,
        incoming,
        section_pages,
        taxonomies,
        page_terms,
        related,
        matrices,
        similar,
        learning,
        glossary,
    };
    (site, diags)
}

/// What compares pages with each other, side by side: the matrices, the similar pages and the
/// learning network, with the diagnostics of the first two in that order.
#[allow(clippy::type_complexity)]
fn compared(
    config: &Config,
    content: &Content,
    (published, lookup, order): (&[usize], &Lookup, &order::TitleOrder),
    outgoing: &[Vec<Target>],
    memo: Option<(&GraphMemo, u64)>,
) -> (Vec<matrix::Matrix>, Vec<Vec<similar::Similar>>, learning::Learning, Vec<Diagnostic>) {
    let ((matrices, mut diags), ((similar, similar_diags), learning)) = rayon::join(
        || {
            let mut d = Vec::new();
            (matrix::build_matrices(config, content, published, lookup, &mut d), d)
        },
        || {
            rayon::join(
                || {
                    let mut d = Vec::new();
                    let memo = memo.map(|(m, k)| (&m.similar, k));
                    let found = similar::similar_pages_cached(
                        config,
                        content,
                        (published, order),
                        memo,
                        &mut d,
                    );
                    (found, d)
                },
                || learning::build_learning(config, content, (published, lookup, order), outgoing),
            )
        },
    );
    diags.extend(similar_diags);
    (matrices, similar, learning, diags)
}

/// Every published page's and every section's Markdown, from the memo where it can be.
fn render_bodies(
    config: &Config,
    content: &Content,
    (lookup, glossary): (&Lookup, &markdown::Glossary),
    is_pub: &[bool],
    memo: Option<&GraphMemo>,
) -> (Vec<Arc<Rendered>>, Vec<Arc<Rendered>>) {
    let env = if memo.is_some() { link_environment(config, content, is_pub, glossary) } else { 0 };
    let bodies: Vec<Arc<Rendered>> = (0..content.pages.len())
        .into_par_iter()
        .map(|i| {
            let p = &content.pages[i];
            if !is_pub[i] {
                return Arc::default();
            }
            let ctx = page_context(config, content, lookup, glossary, i);
            match memo {
                Some(m) => memo_body(&m.markdown, p, &ctx, env),
                None => Arc::new(markdown::render(p.body(), &ctx)),
            }
        })
        .collect();
    let section_bodies: Vec<Arc<Rendered>> = content
        .sections
        .par_iter()
        .map(|s| {
            let ctx = LinkContext {
                content,
                lookup,
                page_dir: &s.path,
                path: &s.display_path,
                body_line: s.body_line,
                glossary: Some(glossary),
                page: None,
                allow_raw_html: config.allow_raw_html,
            };
            Arc::new(markdown::render(s.body(), &ctx))
        })
        .collect();
    (bodies, section_bodies)
}

/// The references in every published page's fields, resolved (in parallel), with their
/// diagnostics in page order.
fn resolve_all(
    config: &Config,
    content: &Content,
    lookup: &Lookup,
    is_pub: &[bool],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Vec<Relation>> {
    let (relations, relation_diags): (Vec<Vec<Relation>>, Vec<Vec<Diagnostic>>) =
        (0..content.pages.len())
            .into_par_iter()
            .map(|i| {
                let mut d = Vec::new();
                let r = if is_pub[i] {
                    resolve_relations(config, content, lookup, i, &mut d)
                } else {
                    Vec::new()
                };
                (r, d)
            })
            .unzip();
    diags.extend(relation_diags.into_iter().flatten());
    relations
}

/// How page `i`'s Markdown is rendered: links resolved from its own folder, its abbreviation
/// left unmarked.
fn page_context<'a>(
    config: &Config,
    content: &'a Content,
    lookup: &'a Lookup,
    glossary: &'a markdown::Glossary,
    i: usize,
) -> LinkContext<'a> {
    let p = &content.pages[i];
    LinkContext {
        content,
        lookup,
        page_dir: &p.section,
        path: &p.display_path,
        body_line: p.body_line,
        glossary: Some(glossary),
        page: Some(i),
        allow_raw_html: config.allow_raw_html,
    }
}

impl Site {
    /// Renders `body` as the Markdown of page `i`, exactly as a build renders that page's body.
    pub fn render_body(&self, i: usize, body: &str) -> Rendered {
        markdown::render(
            body,
            &page_context(&self.config, &self.content, &self.lookup, &self.glossary, i),
        )
    }

    /// Whether page `i` is published.
    pub fn is_published(&self, i: usize) -> bool {
        self.published.binary_search(&i).is_ok()
    }

    /// Published pages with a date, newest first, at most `n`.
    pub fn recent_pages(&self, n: usize) -> Vec<usize> {
        let pages = &self.content.pages;
        let mut dated: Vec<usize> =
            self.published.iter().copied().filter(|&i| pages[i].meta.date.is_some()).collect();
        dated.sort_by(|a, b| pages[*b].meta.date.cmp(&pages[*a].meta.date));
        dated.truncate(n);
        dated
    }
}

/// Accepts targets that are pages of type `kind` (any target when `kind` is None).
pub fn of_kind<'a>(content: &'a Content, kind: Option<&'a str>) -> impl Fn(Target) -> bool + 'a {
    move |t| match (t, kind) {
        (Target::Page(j), Some(k)) => content.pages[j].kind.as_deref() == Some(k),
        (_, Some(_)) => false,
        (_, None) => true,
    }
}
