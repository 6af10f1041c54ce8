//! Markdown: turns a page body into HTML with heading anchors, a table of contents,
//! highlighted code and resolved links (wiki-links, `@/` and relative `.md` links).

mod glossary;
mod highlight;
mod links;

pub use glossary::Glossary;
pub use links::{LinkContext, OutLink};

use crate::diagnostic::{Diagnostic, LineIndex};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashMap;

/// One heading of a page, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The unique anchor id.
    pub id: String,
    /// The heading text.
    pub title: String,
}

/// A rendered Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings in order.
    pub toc: Vec<Heading>,
    /// Links to other pages, with positions.
    pub links: Vec<OutLink>,
    /// Problems found (unresolvable links).
    pub diags: Vec<Diagnostic>,
    /// Links to headings on the same page: (anchor, line, column), checked against `toc`.
    pub self_anchors: Vec<(String, usize, usize)>,
    /// A hash of everything the HTML was made from, set when a build cache made it; 0 when
    /// unknown. Lets `kring serve` compare pages without hashing every body.
    pub fingerprint: u64,
    /// Every link target as written (normalised by the lookup), in order: with the lookup's
    /// answers they are all this body takes from other pages, so a cache can check them.
    pub queries: Vec<String>,
}

/// The Markdown extensions kring enables.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_WIKILINKS
}

/// Renders `body`; links are resolved through `ctx`.
pub fn render(body: &str, ctx: &LinkContext) -> Rendered {
    let index = LineIndex::new(body);
    let mut out = Rendered::default();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut events: Vec<Event> = Vec::new();
    let mut iter = Parser::new_ext(body, options()).into_offset_iter().peekable();
    // Abbreviations are marked outside links and images only; headings and code never reach here.
    let mut inside_link = 0usize;
    let mut raw_html = false;
    let mut used = Vec::new();
    while let Some((event, range)) = iter.next() {
        match event {
            Event::Text(text) if inside_link == 0 && ctx.glossary.is_some() => {
                match ctx.glossary.and_then(|g| g.annotate(&text, &mut used, ctx.page)) {
                    Some(parts) => events.extend(parts),
                    None => events.push(Event::Text(text)),
                }
            }
            // Wide tables scroll on their own on small screens, and can be scrolled by keyboard.
            Event::Start(Tag::Table(align)) => {
                events.push(Event::Html("<div class=\"table-scroll\" tabindex=\"0\">".into()));
                events.push(Event::Start(Tag::Table(align)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>".into()));
            }
            // Privacy acceptance markers are for editors and reviewers, not for readers.
            Event::Html(h) | Event::InlineHtml(h)
                if h.trim_start().starts_with("<!-- privacy-ok") => {}
            Event::Html(h) | Event::InlineHtml(h) => {
                raw_html = true;
                events.push(Event::Html(h));
            }
            Event::Start(Tag::Image { .. }) => {
                inside_link += 1;
                events.push(event);
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                inside_link = inside_link.saturating_sub(1);
                events.push(event);
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                let mut inner = Vec::new();
                for (e, _) in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push(e);
                }
                let title = plain_text(&inner);
                let id = id.map(|i| i.to_string()).unwrap_or_else(|| unique_id(&title, &mut ids));
                out.toc.push(Heading { level: level_number(level), id: id.clone(), title });
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes,
                    attrs,
                }));
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let mut code = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                events.push(Event::Html(highlight::code_block(&kind, &code).into()));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let pos = index.position(body, range.start);
                let (line, col) = (pos.0 + ctx.body_line - 1, pos.1);
                let link =
                    links::resolve_link(ctx, link_type, dest_url, title, id, (line, col), &mut out);
                events.extend(link.start);
                inside_link += 1;
                if let Some(text) = link.replace_text {
                    inside_link -= 1;
                    // Unpiped wiki-link: show the target's title instead of its slug.
                    for (e, _) in iter.by_ref() {
                        if matches!(e, Event::End(TagEnd::Link)) {
                            break;
                        }
                    }
                    events.push(Event::Text(text.into()));
                    events.push(Event::End(TagEnd::Link));
                }
            }
            other => events.push(other),
        }
    }
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    if raw_html && !ctx.allow_raw_html {
        out.html = sanitize(&out.html);
    }
    out
}

/// The text of inline events, without markup.
fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// A heading id from its text, made unique within the page with `-2`, `-3`, ...
fn unique_id(title: &str, ids: &mut HashMap<String, usize>) -> String {
    let base = match slug::slugify(title) {
        s if s.is_empty() => "kop".to_string(),
        s => s,
    };
    let n = ids.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 { base } else { format!("{base}-{n}") }
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Cleans HTML written by an editor: no scripts, event handlers, `javascript:` URLs, iframes or
/// styles; kring's own markup (anchors, classes, glossary links, code spans) stays.
fn sanitize(html: &str) -> String {
    static CLEANER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    let cleaner = CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["class", "id", "title", "lang"])
            .add_tags(["input", "abbr", "del", "sup", "details", "summary", "figure", "figcaption"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("div", ["tabindex"])
            .add_tag_attributes("pre", ["data-lang"])
            .link_rel(None);
        b
    });
    cleaner.clean(html).to_string()
}

/// The plain text of a Markdown snippet, for summaries and search.
pub fn to_plain_text(md: &str) -> String {
    let events: Vec<Event> = Parser::new_ext(md, options()).collect();
    plain_text(&events)
}

#[cfg(test)]
mod tests;
