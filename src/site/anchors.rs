//! Anchors: every `#anchor` a link names must be a heading of the page it points to.

use super::relations::describe;
use crate::content::Content;
use crate::content::lookup::Target;
use crate::diagnostic::{Diagnostic, t};
use crate::markdown::Rendered;

/// Reports every link to an anchor that its target page does not have.
pub(super) fn check_anchors(
    content: &Content,
    bodies: &[std::sync::Arc<Rendered>],
    section_bodies: &[std::sync::Arc<Rendered>],
    diags: &mut Vec<Diagnostic>,
) {
    let toc_of = |t: Target| match t {
        Target::Page(i) => &bodies[i].toc,
        Target::Section(i) => &section_bodies[i].toc,
    };
    let sources = bodies.iter().zip(content.pages.iter().map(|p| &p.display_path));
    let sources =
        sources.chain(section_bodies.iter().zip(content.sections.iter().map(|s| &s.display_path)));
    for (body, path) in sources {
        for (anchor, line, col) in &body.self_anchors {
            if !body.toc.iter().any(|h| &h.id == anchor) {
                let best =
                    crate::content::schema::closest(anchor, body.toc.iter().map(|h| h.id.as_str()));
                let mut d = Diagnostic::error(
                    path.as_str(),
                    "broken-anchor",
                    t(
                        format!("kopje #{anchor} bestaat niet op deze pagina"),
                        format!("heading #{anchor} does not exist on this page"),
                    ),
                )
                .at((*line, *col));
                if let Some(b) = best {
                    d = d.with_hint(t(format!("bedoelt u #{b}?"), format!("did you mean #{b}?")));
                }
                diags.push(d);
            }
        }
        for link in &body.links {
            let Some(anchor) = &link.anchor else { continue };
            let toc = toc_of(link.target);
            if toc.iter().any(|h| &h.id == anchor) {
                continue;
            }
            let best = crate::content::schema::closest(anchor, toc.iter().map(|h| h.id.as_str()));
            let known = toc.iter().map(|h| h.id.as_str()).collect::<Vec<_>>().join(", ");
            let hint = match best {
                Some(b) => t(format!("bedoelt u #{b}?"), format!("did you mean #{b}?")),
                None if known.is_empty() => {
                    t("die pagina heeft geen kopjes", "that page has no headings")
                }
                None => t(
                    format!("kopjes op die pagina: {known}"),
                    format!("headings on that page: {known}"),
                ),
            };
            let target = describe(content, link.target);
            diags.push(
                Diagnostic::error(
                    path.as_str(),
                    "broken-anchor",
                    t(
                        format!("kopje #{anchor} bestaat niet op {target}"),
                        format!("heading #{anchor} does not exist on {target}"),
                    ),
                )
                .at((link.line, link.col))
                .with_hint(hint),
            );
        }
    }
}
