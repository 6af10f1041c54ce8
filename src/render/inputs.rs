//! What a content page's view is made of, hashed without building the view. A page shows
//! itself, its body, and of other pages what a link shows (title, summary, type) or what the
//! site graph found (backlinks, relations, related and similar pages, its neighbours in the
//! listing, its tags and matrices, the learning network). `kring serve`'s rebuild takes a page
//! whose inputs hash as before from the memo without building its view: after an edit, only
//! the pages that show something of it are made again. Whatever [`super::content`]'s
//! `page_view` reads must be hashed here; `tests/incremental.rs` compares with full builds.

use super::generated::matrix_links;
use crate::cache::KeyHasher;
use crate::content::Page;
use crate::content::lookup::Target;
use crate::site::Site;
use rayon::prelude::*;
use std::hash::{Hash, Hasher};

/// What every content page may show of the site, hashed once per build.
pub(crate) struct Stamps {
    /// Per page: its own front matter, address, type and section (what a link to it shows).
    pages: Vec<u64>,
    /// Per page: the matrices it is a row of.
    matrices: Vec<Vec<usize>>,
    /// The configuration, sections, published pages, taxonomies, matrices and the pages
    /// compared side by side.
    global: u64,
}

impl Stamps {
    /// Hashes what pages can show of each other.
    pub(crate) fn new(site: &Site) -> Stamps {
        let pages = site.content.pages.par_iter().map(|p| page_stamp(p)).collect();
        let mut matrices = vec![Vec::new(); site.content.pages.len()];
        for (m, matrix) in site.matrices.iter().enumerate() {
            for row in &matrix.rows {
                if let Some(of) = matrices.get_mut(row.page)
                    && of.last() != Some(&m)
                {
                    of.push(m);
                }
            }
        }
        let mut h = crate::cache::key_hasher();
        format!("{:?}", site.config).hash(&mut h);
        site.published.hash(&mut h);
        for s in &site.content.sections {
            (&s.path, &s.url, s.raw.get(..s.body_start)).hash(&mut h);
        }
        for t in &site.taxonomies {
            (&t.key, &t.label, &t.label_plural, &t.url, &t.description).hash(&mut h);
        }
        for m in matrix_links(site) {
            (m.title, m.url, m.summary).hash(&mut h);
        }
        super::side::candidates(site).hash(&mut h);
        Stamps { pages, matrices, global: h.finish() }
    }

    /// The inputs of page `i`'s view with template `template`, hashed with `salt` (the
    /// theme and what every page gets).
    pub(crate) fn content_key(&self, site: &Site, i: usize, template: &str, salt: u64) -> u64 {
        let mut h = crate::cache::key_hasher();
        (self.global, salt, template, self.pages[i]).hash(&mut h);
        let body = &site.bodies[i];
        body_key(body).hash(&mut h);
        let page = |j: usize, h: &mut KeyHasher| (j, self.pages[j]).hash(h);
        let target = |t: Target, h: &mut KeyHasher| match t {
            Target::Page(j) => page(j, h),
            // Sections are in the global stamp.
            Target::Section(s) => (usize::MAX, s).hash(h),
        };
        body.links.iter().for_each(|l| target(l.target, &mut h));
        h.write_u8(1);
        // Every reference in the fields, the timeline's too, resolved as the field views
        // resolve them (one that resolves to nothing fails the build).
        site.relations[i].iter().for_each(|r| target(r.target, &mut h));
        h.write_u8(2);
        site.incoming[i].iter().for_each(|(j, field)| {
            page(*j, &mut h);
            field.hash(&mut h);
        });
        h.write_u8(3);
        site.backlinks[i].iter().for_each(|&j| page(j, &mut h));
        h.write_u8(4);
        site.related[i].iter().for_each(|&j| page(j, &mut h));
        h.write_u8(5);
        self.hash_neighbours(site, i, &mut h);
        self.matrices[i].hash(&mut h);
        for &(x, y) in &site.page_terms[i] {
            let term = &site.taxonomies[x].terms[y];
            (x, &term.name, &term.url, term.page.is_none()).hash(&mut h);
        }
        h.write_u8(6);
        for s in &site.similar[i] {
            page(s.page, &mut h);
            s.reasons.hash(&mut h);
        }
        h.write_u8(7);
        self.hash_learning(site, i, &mut h);
        h.finish()
    }

    /// The inputs of output made of whole pages (a book, a dataset, a term's listing, the
    /// network): `what` it is, and `pages` in order as they are now; with `deep` also their
    /// bodies and the pages their references point at (books show both).
    pub(crate) fn pages_key(
        &self,
        site: &Site,
        what: impl Hash,
        pages: impl IntoIterator<Item = usize>,
        deep: bool,
    ) -> u64 {
        let mut h = crate::cache::key_hasher();
        (self.global, what).hash(&mut h);
        for j in pages {
            (j, self.pages[j]).hash(&mut h);
            if deep {
                body_key(&site.bodies[j]).hash(&mut h);
                for r in &site.relations[j] {
                    match r.target {
                        Target::Page(k) => (k, self.pages[k]).hash(&mut h),
                        Target::Section(s) => (usize::MAX, s).hash(&mut h),
                    }
                }
                h.write_u8(0xff);
            }
        }
        h.finish()
    }

    /// The previous and next page in the page's section listing.
    fn hash_neighbours(&self, site: &Site, i: usize, h: &mut KeyHasher) {
        let section = site.content.pages[i].section.as_str();
        let list = site.content.sections.iter().position(|s| s.path == section);
        let list = list.and_then(|s| site.section_pages.get(s));
        let pos = list.and_then(|l| l.iter().position(|&p| p == i));
        let (Some(list), Some(pos)) = (list, pos) else { return h.write_u8(0) };
        let prev = pos.checked_sub(1).map(|p| list[p]);
        let next = list.get(pos + 1).copied();
        for j in [prev, next] {
            j.map(|j| (j, self.pages[j])).hash(h);
        }
    }

    fn hash_learning(&self, site: &Site, i: usize, h: &mut KeyHasher) {
        let stamped = |pages: &[usize], h: &mut KeyHasher| {
            pages.iter().for_each(|&j| (j, self.pages[j]).hash(h));
            h.write_u8(0xff);
        };
        let l = &site.learning;
        for q in &l.questions[i] {
            (&q.text, q.helpers_total, q.pages_total).hash(h);
            stamped(q.theme.as_slice(), h);
            stamped(&q.helpers, h);
            stamped(&q.pages, h);
        }
        h.write_u8(8);
        for (j, q) in &l.asked_of[i] {
            ((*j, self.pages[*j]), q).hash(h);
        }
        l.asked_total[i].hash(h);
        for (j, n) in l.refers_to[i].iter().chain(&l.referred_by[i]) {
            ((*j, self.pages[*j]), n).hash(h);
        }
        l.connection_totals[i].hash(h);
        for r in &l.theme_rows[i] {
            (r.owner, self.pages[r.owner], &r.questions, r.can_share).hash(h);
            r.lessons.iter().for_each(|(j, text)| ((*j, self.pages[*j]), text).hash(h));
            h.write_u8(0xfe);
        }
    }
}

impl super::Renderer<'_> {
    /// Output at `url` made of whole pages, from the memo when its inputs (`key`, from
    /// [`Stamps::pages_key`]) are as they were.
    pub(super) fn through_inputs(
        &self,
        url: &str,
        key: impl FnOnce(&Stamps) -> u64,
        render: impl FnOnce() -> Result<super::Shared, crate::diagnostic::Diagnostic>,
    ) -> Result<super::Shared, crate::diagnostic::Diagnostic> {
        match &self.stamps {
            // With the theme and base context: a template edit makes these again too.
            Some(stamps) => {
                self.through_memo(url, || crate::cache::hash_of(&(self.salt, key(stamps))), render)
            }
            None => render(),
        }
    }

    /// The hash of content page `i`'s inputs with `template`, and its output from the memo
    /// when those are as they were.
    pub(super) fn unchanged_page(
        &self,
        site: &Site,
        i: usize,
        template: &str,
    ) -> (Option<u64>, Option<super::Shared>) {
        let (Some(memo), Some(stamps)) = (self.memo, &self.stamps) else { return (None, None) };
        let key = stamps.content_key(site, i, template, self.salt);
        let url = &site.content.pages[i].url;
        let html = memo.inputs.get(url, key).and_then(|view| memo.output.get(url, view));
        (Some(key), html)
    }
}

/// A body's fingerprint: the hash of its HTML, worked out when it was rendered (or now).
pub(super) fn body_key(body: &crate::markdown::Rendered) -> u64 {
    match body.fingerprint {
        0 => crate::cache::hash_of(&body.html),
        known => known,
    }
}

/// What a page is and what a link to it shows: its front matter, address, type and section.
fn page_stamp(p: &Page) -> u64 {
    let front = p.raw.get(..p.body_start).unwrap_or(&p.raw);
    crate::cache::hash_of(&(front, &p.url, &p.slug, &p.kind, &p.section, &p.rel_path))
}
