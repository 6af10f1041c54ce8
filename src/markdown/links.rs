//! Resolves links in Markdown: wiki-links, `@/path.md` and relative `.md` links.

use super::Rendered;
use crate::content::Content;
use crate::content::lookup::{Lookup, Target};
use crate::diagnostic::{Diagnostic, t};
use pulldown_cmark::{CowStr, Event, LinkType, Tag};

/// What the Markdown stage needs to resolve links of one page.
pub struct LinkContext<'a> {
    /// All content, for target URLs and titles.
    pub content: &'a Content,
    /// The lookup tables.
    pub lookup: &'a Lookup,
    /// The folder of the page, relative to `content/`, for relative links.
    pub page_dir: &'a str,
    /// The file shown in messages.
    pub path: &'a str,
    /// The 1-based line of the body's first line.
    pub body_line: usize,
    /// Abbreviations to mark, if the site has a glossary.
    pub glossary: Option<&'a super::Glossary>,
    /// The page being rendered (its own abbreviation is not marked).
    pub page: Option<usize>,
    /// Keep editors' raw HTML as written (`allow_raw_html = true` in kring.toml); default: sanitised.
    pub allow_raw_html: bool,
}

impl LinkContext<'_> {
    /// The URL and title of a target.
    pub fn url_title(&self, target: Target) -> (&str, &str) {
        match target {
            Target::Page(i) => (&self.content.pages[i].url, &self.content.pages[i].meta.title),
            Target::Section(i) => {
                (&self.content.sections[i].url, &self.content.sections[i].meta.title)
            }
        }
    }

    /// A hash of what the lookup answers to `queries` now, with each target's URL and title:
    /// a cached body whose queries get the same answers renders the same.
    pub fn answers(&self, queries: &[String]) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = crate::cache::key_hasher();
        for q in queries {
            match self.lookup.find(q, |t| self.describe(t)) {
                Ok(target) => (0u8, target, self.url_title(target)).hash(&mut h),
                // The message and hint name candidates and close matches: all of it counts.
                Err(e) => (1u8, format!("{e:?}")).hash(&mut h),
            }
        }
        h.finish()
    }

    /// How a target is named in candidate lists.
    pub fn describe(&self, target: Target) -> String {
        match target {
            Target::Page(i) => self.content.pages[i].rel_path.trim_end_matches(".md").to_string(),
            Target::Section(i) => self.content.sections[i].path.clone(),
        }
    }
}

/// A link from one page to another, found in the body.
#[derive(Debug, Clone, PartialEq)]
pub struct OutLink {
    /// What it points at.
    pub target: Target,
    /// The heading anchor, if any.
    pub anchor: Option<String>,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

/// The events that open a resolved link.
pub(super) struct LinkEvents<'a> {
    pub start: Vec<Event<'a>>,
    /// For unpiped wiki-links: the text to show instead of the written target.
    pub replace_text: Option<String>,
}

/// True for destinations that leave the site (`https:`, `mailto:`, ...).
fn is_external(dest: &str) -> bool {
    dest.starts_with('#')
        || dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// Joins a relative link with the page folder, resolving `..` and `.`; None if it escapes `content/`.
fn join_relative(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

pub(super) fn resolve_link<'a>(
    ctx: &LinkContext,
    link_type: LinkType,
    dest: CowStr<'a>,
    title: CowStr<'a>,
    id: CowStr<'a>,
    pos: (usize, usize),
    out: &mut Rendered,
) -> LinkEvents<'a> {
    let wiki = matches!(link_type, LinkType::WikiLink { .. });
    if let Some(anchor) = dest.strip_prefix('#').filter(|a| !a.is_empty()) {
        // A heading on this page: `[x](#kop)` or `[[#kop]]`.
        out.self_anchors.push((anchor.to_string(), pos.0, pos.1));
        let link = Tag::Link { link_type: LinkType::Inline, dest_url: dest.clone(), title, id };
        let has_pothole = matches!(link_type, LinkType::WikiLink { has_pothole: true });
        return LinkEvents {
            start: vec![Event::Start(link)],
            replace_text: (wiki && !has_pothole).then(|| anchor.to_string()),
        };
    }
    let content_link =
        !wiki && !is_external(&dest) && dest.split('#').next().is_some_and(|p| p.ends_with(".md"));
    if !wiki && !content_link {
        return LinkEvents {
            start: vec![Event::Start(Tag::Link { link_type, dest_url: dest, title, id })],
            replace_text: None,
        };
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p.to_string(), Some(a.to_string())),
        None => (dest.to_string(), None),
    };
    let written = if content_link && !path.starts_with("@/") {
        join_relative(ctx.page_dir, &path).unwrap_or_else(|| path.clone())
    } else {
        path.clone()
    };
    let found = if wiki && path.is_empty() {
        None
    } else {
        out.queries.push(written.clone());
        Some(ctx.lookup.find(&written, |t| ctx.describe(t)))
    };
    match found {
        Some(Ok(target)) => {
            let (url, target_title) = ctx.url_title(target);
            let href = match &anchor {
                Some(a) => format!("{url}#{a}"),
                None => url.to_string(),
            };
            out.links.push(OutLink { target, anchor, line: pos.0, col: pos.1 });
            let has_pothole = matches!(link_type, LinkType::WikiLink { has_pothole: true });
            let replace_text = (wiki && !has_pothole).then(|| target_title.to_string());
            let link = Tag::Link { link_type: LinkType::Inline, dest_url: href.into(), title, id };
            LinkEvents { start: vec![Event::Start(link)], replace_text }
        }
        Some(Err(e)) => {
            let mut d = Diagnostic::error(
                ctx.path,
                "broken-link",
                t(
                    format!("link naar {}: {}", shown(&dest, wiki), e.message.nl),
                    format!("link to {}: {}", shown(&dest, wiki), e.message.en),
                ),
            )
            .at(pos);
            d.hint = e.hint;
            out.diags.push(d);
            broken(link_type, dest, title, id)
        }
        None => broken(link_type, dest, title, id),
    }
}

fn shown(dest: &str, wiki: bool) -> String {
    if wiki { format!("[[{dest}]]") } else { format!("({dest})") }
}

fn broken<'a>(
    link_type: LinkType,
    dest: CowStr<'a>,
    title: CowStr<'a>,
    id: CowStr<'a>,
) -> LinkEvents<'a> {
    LinkEvents {
        start: vec![Event::Start(Tag::Link { link_type, dest_url: dest, title, id })],
        replace_text: None,
    }
}
