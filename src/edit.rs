//! The quick path of `kring serve` for the most common edit: an editor changed the text of one
//! page, not its front matter, links or headings. Nothing another page shows can then change
//! (titles, summaries, fields, backlinks, relations, taxonomies, matrices and anchors all stay),
//! so only that page and the print books, which hold every page's text, are rendered again.
//! Any other change, or anything this path is unsure of, takes the full (memoised) build. The
//! result equals a full build byte for byte (`tests/serve.rs` checks it).

use crate::render::theme::Theme;
use crate::search::Record;
use crate::site::Site;

/// What a build keeps for the quick path: the site graph and the theme.
pub struct Kept {
    /// The site graph of the last good build.
    pub site: Site,
    /// Its theme.
    pub theme: Theme,
    /// The theme compiled, once the first quick edit needed it.
    pub tera: Option<tera::Tera>,
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Kept({} pages)", self.site.content.pages.len())
    }
}

/// The files to replace and the page's new search record after a quick edit.
pub struct TextEdit {
    /// Output files (path, bytes) that changed or may have changed.
    pub files: Vec<(String, Vec<u8>)>,
    /// The page's URL.
    pub url: String,
    /// Its new search record (None if the page is not indexed).
    pub record: Option<Record>,
}

/// Applies the new bytes of content file `rel` (relative to `content/`) to the kept site, if
/// only the page's text changed; None means: do a full build.
pub fn apply_text_edit(kept: &mut Kept, rel: &str, bytes: Vec<u8>) -> Option<TextEdit> {
    let site = &mut kept.site;
    let i = site.content.pages.iter().position(|p| p.rel_path == rel)?;
    if !site.is_published(i) {
        return None;
    }
    let (page, diags) =
        crate::content::reparse_page(&site.content, &site.config, "content", rel, bytes);
    let page = page.filter(|_| diags.is_empty())?;
    let old = &site.content.pages[i];
    // The same front matter, byte for byte: the same title, fields, type and URL.
    if page.body_start != old.body_start
        || page.body_line != old.body_line
        || page.raw.get(..page.body_start) != old.raw.get(..old.body_start)
    {
        return None;
    }
    // Any privacy finding, even an accepted one, goes through the full build and its report.
    if !crate::privacy::scan_page(&site.config, &page).is_empty() {
        return None;
    }
    let body = site.render_body(i, page.body());
    if !body.diags.is_empty() || !same_shape(&site.bodies[i], &body) {
        return None;
    }
    site.content.pages[i] = std::sync::Arc::new(page);
    site.bodies[i] = std::sync::Arc::new(body);
    if kept.tera.is_none() {
        kept.tera = crate::render::theme::compile(&kept.theme).ok();
    }
    let tera = kept.tera.as_ref()?;
    let files = crate::render::render_text_edit(site, &kept.theme, tera, i).ok()?;
    Some(TextEdit {
        files,
        url: site.content.pages[i].url.clone(),
        record: crate::search::record_of(site, i),
    })
}

/// Whether a new body links to the same places, has the same heading anchors and only links to
/// anchors it has: then no other page and no check sees a difference.
fn same_shape(old: &crate::markdown::Rendered, new: &crate::markdown::Rendered) -> bool {
    let links = |r: &crate::markdown::Rendered| {
        r.links.iter().map(|l| (l.target, l.anchor.clone())).collect::<Vec<_>>()
    };
    let ids =
        |r: &crate::markdown::Rendered| r.toc.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
    links(old) == links(new)
        && ids(old) == ids(new)
        && new.self_anchors.iter().all(|(a, _, _)| new.toc.iter().any(|h| &h.id == a))
}
