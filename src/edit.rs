//! The quick path of `kring serve` for the most common edits: an editor changed the text of one
//! page, not its links or headings, and perhaps fields of its front matter that no other page
//! shows (see [`SharedFields`]). Titles, summaries, backlinks, relations, taxonomies, matrices
//! and anchors then all stay as they were, so only that page, the print books (which hold every
//! page) and, after a field edit, its type's dataset are rendered again. Any other change, or
//! anything this path is unsure of, takes the full (memoised) build. The result equals a full
//! build byte for byte (`tests/serve.rs` checks it, for every field of a page of each type of
//! the demo). Before such a full build, an edit that is good on its own page (a new title, a
//! new link) gives a preview of that page against the old site graph, so the editor sees it
//! at once; the full build then replaces it.

use crate::render::theme::Theme;
use crate::search::Record;
use crate::site::Site;
use crate::site::shared::SharedFields;

/// What a build keeps for the quick path: the site graph and the theme.
pub struct Kept {
    /// The site graph of the last good build.
    pub site: Site,
    /// Its theme.
    pub theme: Theme,
    /// The theme compiled, once the first quick edit needed it.
    pub tera: Option<tera::Tera>,
    /// The fields other pages can show.
    pub shared: SharedFields,
}

impl Kept {
    /// Keeps a built site and its theme.
    pub fn new(site: Site, theme: Theme) -> Kept {
        let shared = SharedFields::new(&site.config);
        Kept { site, theme, tera: None, shared }
    }
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Kept({} pages)", self.site.content.pages.len())
    }
}

/// The files to replace and the page's new search record after a quick edit.
pub struct QuickEdit {
    /// Output files (path, bytes) that changed or may have changed.
    pub files: Vec<(String, Vec<u8>)>,
    /// The page's URL.
    pub url: String,
    /// Its new search record (None if the page is not indexed).
    pub record: Option<Record>,
    /// Whether fields of the front matter changed (else only the text).
    pub fields_changed: bool,
}

/// A preview of one edited page: the page rendered against the last build's site graph, to
/// show the editor at once while the full build brings every other page up to date.
pub struct PagePreview {
    /// The page's URL.
    pub url: String,
    /// Its output file.
    pub file: String,
    /// The rendered page.
    pub bytes: Vec<u8>,
}

/// What an edit of one content file needs.
pub enum EditOutcome {
    /// Done: these files replace the old ones, and they equal a full build.
    Quick(QuickEdit),
    /// Other pages may show what changed: this preview of the page can be shown first, then a
    /// full build is needed.
    Preview(PagePreview),
    /// A full build is needed (a new page, an error, a privacy finding, a moved page, ...).
    Full,
}

/// Applies the new bytes of content file `rel` (relative to `content/`) to the kept site, if
/// only the page's text and fields no other page shows changed; None means: do a full build
/// (the kept site is then as it was).
pub fn apply_quick_edit(kept: &mut Kept, rel: &str, bytes: Vec<u8>) -> Option<QuickEdit> {
    match apply_edit(kept, rel, bytes) {
        EditOutcome::Quick(edit) => Some(edit),
        _ => None,
    }
}

/// Applies the new bytes of content file `rel` (relative to `content/`) to the kept site: a
/// quick edit when only the page's text and fields no other page shows changed, else a
/// preview of the page when it is still good on its own, else nothing. After a preview or
/// [`EditOutcome::Full`] the kept site is as it was.
pub fn apply_edit(kept: &mut Kept, rel: &str, bytes: Vec<u8>) -> EditOutcome {
    let site = &mut kept.site;
    let Some(i) = site.content.pages.iter().position(|p| p.rel_path == rel) else {
        return EditOutcome::Full;
    };
    if !site.is_published(i) {
        return EditOutcome::Full;
    }
    let (page, diags) =
        crate::content::reparse_page(&site.content, &site.config, "content", rel, bytes);
    let Some(page) = page.filter(|_| diags.is_empty()) else { return EditOutcome::Full };
    let old = std::sync::Arc::clone(&site.content.pages[i]);
    // Any privacy finding, even an accepted one, goes through the full build and its report;
    // a page that moved or became a draft has no place in the old site to preview it in.
    if page.url != old.url
        || page.meta.draft != old.meta.draft
        || !crate::privacy::scan_page(&site.config, &page).is_empty()
    {
        return EditOutcome::Full;
    }
    let same_front = page.body_start == old.body_start
        && page.body_line == old.body_line
        && page.raw.get(..page.body_start) == old.raw.get(..old.body_start);
    let local = same_front || kept.shared.is_local_change(&site.config, &old, &page);
    if kept.tera.is_none() {
        kept.tera = crate::render::theme::compile(&kept.theme).ok();
    }
    let Some(tera) = kept.tera.as_ref() else { return EditOutcome::Full };
    // The body is rendered as the new page (its first line may have moved).
    site.content.pages[i] = std::sync::Arc::new(page);
    let body = site.render_body(i, site.content.pages[i].body());
    if !body.diags.is_empty() {
        site.content.pages[i] = old;
        return EditOutcome::Full;
    }
    let quick = local && same_shape(&site.bodies[i], &body);
    let old_body = std::mem::replace(&mut site.bodies[i], std::sync::Arc::new(body));
    let url = site.content.pages[i].url.clone();
    let rendered = if quick {
        crate::render::render_quick_edit(site, &kept.theme, tera, i, !same_front)
            .map(|files| {
                let record = crate::search::record_of(site, i);
                EditOutcome::Quick(QuickEdit { files, url, record, fields_changed: !same_front })
            })
            .ok()
    } else {
        crate::render::render_page_preview(site, &kept.theme, tera, i)
            .map(|(file, bytes)| EditOutcome::Preview(PagePreview { url, file, bytes }))
            .ok()
    };
    if let Some(EditOutcome::Quick(edit)) = rendered {
        // The kept site now holds the edit, as a full build would.
        return EditOutcome::Quick(edit);
    }
    site.content.pages[i] = old;
    site.bodies[i] = old_body;
    rendered.unwrap_or(EditOutcome::Full)
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
