//! Render: turns the site graph into HTML with Tera templates, plus sitemap, feed, robots.txt,
//! alias redirects and static files, all into an in-memory [`OutputSet`]. Pages render in parallel.

mod book;
mod content;
mod data;
mod export;
mod extras;
mod factsheet;
mod filters;
mod generated;
mod graph;
mod inputs;
mod labels;
mod learning;
mod matrix;
mod network;
mod pictures;
mod side;
mod svg;
pub mod theme;
pub mod views;

use crate::diagnostic::{Diagnostic, t};
use crate::output::OutputSet;
use crate::site::Site;
use content::{content_page, content_pages, top_sections};
use generated::{books, generated_conflict, generated_pages};
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;
use theme::Theme;
use views::LinkView;

/// Site-wide data every template gets as `site`.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    lang: &'a str,
    nav: Vec<LinkView>,
    taxonomies: Vec<LinkView>,
}

/// What `kring serve` keeps of the pages rendered by earlier builds.
#[derive(Default)]
pub struct RenderMemo {
    /// Output by URL, with the hash of its view, template, theme and base context: an
    /// unchanged page is not rendered again.
    output: crate::cache::Memo<Shared>,
    /// Per content page URL, the hash of its inputs ([`inputs::Stamps`]) with the hash of the
    /// view they gave: a page whose inputs are as they were does not build its view at all.
    inputs: crate::cache::Memo<u64>,
}

/// A compiled theme with the context every template gets (`site`, `t`, `lang`).
pub(crate) struct Renderer<'a> {
    tera: std::borrow::Cow<'a, tera::Tera>,
    base: tera::Context,
    theme: &'a Theme,
    memo: Option<&'a RenderMemo>,
    /// A hash of the templates and the base context, part of every memo key.
    salt: u64,
    /// What pages show of each other, hashed once, when there is a memo.
    stamps: Option<inputs::Stamps>,
    /// The templates that get `page.values` ([`theme::templates_reading_values`]).
    with_values: std::collections::HashSet<String>,
}

impl<'a> Renderer<'a> {
    /// The compiled theme with the context every template gets.
    fn new(
        site: &Site,
        theme: &'a Theme,
        tera: std::borrow::Cow<'a, tera::Tera>,
        memo: Option<&'a RenderMemo>,
    ) -> Renderer<'a> {
        let lang = site.config.lang();
        let base = tera::Context::from_serialize(serde_json::json!({ "site": site_view(site), "t": labels::labels(lang), "lang": lang.code() }))
            .expect("site view serialises to a JSON object");
        let salt = memo.map_or(0, |_| {
            crate::cache::hash_of(&(&theme.templates, base.clone().into_json().to_string()))
        });
        let stamps = memo.map(|_| inputs::Stamps::new(site));
        let with_values = theme::templates_reading_values(theme, &tera);
        Renderer { tera, base, theme, memo, salt, stamps, with_values }
    }

    /// Renders a content page's view with its body as `page.content`, or takes it from the memo
    /// when nothing it shows changed. The body joins the view only on a miss: the memo key
    /// takes the body's fingerprint, so the unchanged bodies of a large site are neither copied
    /// nor hashed again. `scratch` is a copy of the base context that a thread reuses from page
    /// to page: only `page` differs between them, and copying the base context is a cost.
    /// `inputs` is the hash of what the view was made of, remembered with the view's hash.
    fn render_page(
        &self,
        template: &str,
        url: &str,
        (view, inputs): (&impl Serialize, Option<u64>),
        body: &crate::markdown::Rendered,
        scratch: &mut tera::Context,
    ) -> Result<Shared, Diagnostic> {
        // The key is hashed from the view as it serialises, so a hit builds no JSON tree; it is
        // worked out only with a memo (a one-off build would hash every body for nothing).
        let key = || {
            let key = self.memo_key(template, view, inputs::body_key(body));
            if let (Some(memo), Some(inputs)) = (self.memo, inputs) {
                memo.inputs.put(url, inputs, key);
            }
            key
        };
        self.through_memo(url, key, || {
            let mut page = match serde_json::to_value(view) {
                Ok(serde_json::Value::Object(page)) => page,
                // Views are structs with text keys; a defect, reported rather than a panic.
                _ => {
                    let e = tera::Error::msg(format!("the view of {url} is not a JSON object"));
                    return Err(theme::template_error(self.theme, &e));
                }
            };
            if self.with_values.contains(template) {
                add_values(&mut page);
            }
            page.insert("content".into(), serde_json::Value::String(body.html.clone()));
            // Moved in, not through `json!`, which would serialise the whole view again.
            let page =
                serde_json::Map::from_iter([("page".to_string(), serde_json::Value::Object(page))]);
            let page = tera::Context::from_value(serde_json::Value::Object(page))
                .map_err(|e| theme::template_error(self.theme, &e))?;
            scratch.extend(page);
            self.tera
                .render(template, scratch)
                .map(shared)
                .map_err(|e| theme::template_error(self.theme, &e))
        })
    }

    /// The output at `url` from the memo when its key is the same as when it was rendered,
    /// else rendered (and remembered); without a memo, just rendered.
    fn through_memo(
        &self,
        url: &str,
        key: impl FnOnce() -> u64,
        render: impl FnOnce() -> Result<Shared, Diagnostic>,
    ) -> Result<Shared, Diagnostic> {
        let Some(memo) = self.memo else { return render() };
        let key = key();
        if let Some(html) = memo.output.get(url, key) {
            return Ok(html);
        }
        let html = render()?;
        memo.output.put(url, key, Arc::clone(&html));
        Ok(html)
    }

    /// The memo key of a page: its view, its template, what every page gets and `extra` (what
    /// else the page shows, such as its body's fingerprint).
    fn memo_key(&self, template: &str, view: &impl Serialize, extra: u64) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = crate::cache::key_hasher();
        (self.salt, template, extra).hash(&mut h);
        // Serialised into a buffer and hashed in one go: serde writes many small pieces, and
        // each write to the hasher has a cost. Bincode copies text as it is (JSON escapes it);
        // a view it cannot write (a sequence of unknown length) is written as JSON instead. A
        // view that cannot be serialised at all fails on a miss.
        let mut bytes = Vec::with_capacity(4096);
        if bincode::serialize_into(&mut bytes, view).is_ok() {
            0u8.hash(&mut h);
        } else {
            bytes.clear();
            let _ = serde_json::to_writer(&mut bytes, view);
            1u8.hash(&mut h);
        }
        bytes.hash(&mut h);
        h.finish()
    }

    /// [`Renderer::render_with`] for a page at `url`, taken from the memo when the value and
    /// template are the same as when it was rendered.
    pub(crate) fn render_with_memo(
        &self,
        url: &str,
        template: &str,
        name: &str,
        value: &impl Serialize,
    ) -> Result<Shared, Diagnostic> {
        self.through_memo(
            url,
            || self.memo_key(template, value, crate::cache::hash_of(&name)),
            || self.render_with(template, name, value),
        )
    }

    /// Renders `template` with the base context plus `extra`.
    pub(crate) fn render(
        &self,
        template: &str,
        extra: tera::Context,
    ) -> Result<Shared, Diagnostic> {
        let mut ctx = self.base.clone();
        ctx.extend(extra);
        self.tera
            .render(template, &ctx)
            .map(shared)
            .map_err(|e| theme::template_error(self.theme, &e))
    }

    /// Renders a template with one named value.
    pub(crate) fn render_with(
        &self,
        template: &str,
        name: &str,
        value: &impl Serialize,
    ) -> Result<Shared, Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert(name, value);
        self.render(template, ctx)
    }
}

/// What a quick edit of page `i` changes: the page and the books that hold it, and with
/// `fields` (its front-matter fields changed) its type's dataset.
pub fn render_quick_edit(
    site: &Site,
    theme: &Theme,
    tera: &tera::Tera,
    i: usize,
    fields: bool,
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let r = Renderer::new(site, theme, std::borrow::Cow::Borrowed(tera), None);
    let kind = site.content.pages[i].kind.as_deref();
    let dataset = kind.and_then(|k| site.config.types.get_key_value(k)).filter(|_| fields);
    let ((page, books), dataset) = rayon::join(
        || rayon::join(|| content_page(site, &r, i), || books(site, &r, Some(i))),
        || dataset.map(|(kind, tdef)| data::dataset_file(site, &r, kind, tdef)),
    );
    let mut files = Vec::new();
    for (url, result) in std::iter::once(page).chain(books) {
        files.push((url_to_file(&url), Arc::unwrap_or_clone(result.map_err(|d| vec![d])?)));
    }
    files.extend(dataset);
    Ok(files)
}

/// Page `i` alone, as the site graph now shows it: its output file and bytes.
pub fn render_page_preview(
    site: &Site,
    theme: &Theme,
    tera: &tera::Tera,
    i: usize,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let r = Renderer::new(site, theme, std::borrow::Cow::Borrowed(tera), None);
    let (url, html) = content_page(site, &r, i);
    Ok((url_to_file(&url), Arc::unwrap_or_clone(html?)))
}

/// `page.values`: the page's fields by key, for templates that show one field by name. Made
/// from the serialised fields rather than serialised a second time.
fn add_values(obj: &mut serde_json::Map<String, serde_json::Value>) {
    let values: serde_json::Map<String, serde_json::Value> = obj
        .get("fields")
        .and_then(serde_json::Value::as_array)
        .map(|fields| {
            fields
                .iter()
                .filter_map(|f| Some((f.get("key")?.as_str()?.to_string(), f.clone())))
                .collect()
        })
        .unwrap_or_default();
    obj.insert("values".into(), serde_json::Value::Object(values));
}

/// Output bytes, shared with the memo of `kring serve` (a page taken from it is not copied).
pub(crate) type Shared = Arc<Vec<u8>>;

fn shared(text: String) -> Shared {
    Arc::new(text.into_bytes())
}

/// A rendered page: its URL and HTML, or the template error.
type Rendered = (String, Result<Shared, Diagnostic>);

/// Renders the whole site with the given theme.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    memo: Option<&RenderMemo>,
) -> (OutputSet, Vec<Diagnostic>) {
    let mut out = OutputSet::default();
    let r = match theme::compile(theme) {
        Ok(tera) => Renderer::new(site, theme, std::borrow::Cow::Owned(tera), memo),
        Err(d) => return (out, d),
    };
    let mut diags = Vec::new();
    // With a memo: each matrix's inputs and the network's, hashed once for page and downloads.
    let matrix_keys: Vec<Option<u64>> = site
        .matrices
        .par_iter()
        .map(|m| r.stamps.as_ref().map(|s| matrix::inputs_key(site, m, s)))
        .collect();
    let network_key = r.stamps.as_ref().map(|s| network::inputs_key(site, s));
    let keys = (matrix_keys.as_slice(), network_key);
    // Everything below is independent until it is put together; some of it is one large page
    // (the network, a matrix) or one serial export: side by side, those fill the other core(s).
    let ((content, generated), (downloads, datasets)) = rayon::join(
        || rayon::join(|| content_pages(site, &r), || generated_pages(site, &r, keys)),
        || {
            rayon::join(
                || {
                    let mut files = OutputSet::default();
                    for (m, key) in site.matrices.iter().zip(&matrix_keys) {
                        matrix::add_downloads(site, &r, (m, *key), &mut files);
                    }
                    network::add_downloads(site, &r, network_key.unwrap_or_default(), &mut files);
                    files
                },
                || {
                    let mut files = OutputSet::default();
                    data::add_datasets(site, &r, &mut files);
                    files
                },
            )
        },
    );
    // Content first: generated pages may not take a URL the content already has.
    for (url, result) in content {
        match result {
            Ok(html) => out.insert_shared(url_to_file(&url), html),
            Err(d) => diags.push(d),
        }
    }
    for (url, result) in generated {
        match result {
            Ok(_) if out.get(&url_to_file(&url)).is_some() => diags.push(generated_conflict(&url)),
            Ok(html) => out.insert_shared(url_to_file(&url), html),
            Err(d) => diags.push(d),
        }
    }
    match r.render("404.html", tera::Context::new()) {
        Ok(html) => out.insert_shared("404.html".into(), html),
        Err(d) => diags.push(d),
    }
    // In the order they were always added: a later file of the same name wins.
    out.files.extend(downloads.files);
    out.files.extend(datasets.files);
    add_files(site, theme, &mut out, &mut diags);
    extras::add_extras(site, &mut out, &mut diags);
    // A template error repeats for every page that uses the template: say it once.
    crate::diagnostic::sort(&mut diags);
    diags.dedup();
    (out, diags)
}

/// Files copied as they are: files beside the content, then the theme's static files.
fn add_files(site: &Site, theme: &Theme, out: &mut OutputSet, diags: &mut Vec<Diagnostic>) {
    for (rel, path) in &site.content.assets {
        match std::fs::read(path) {
            Ok(bytes) => out.insert(rel.clone(), bytes),
            Err(e) => diags.push(Diagnostic::error(
                format!("content/{rel}"),
                "read",
                t(format!("kan niet gelezen worden: {e}"), format!("cannot be read: {e}")),
            )),
        }
    }
    for (rel, bytes) in &theme.statics {
        out.insert(rel.clone(), bytes.clone());
    }
}

/// The output file of a URL: `/a/b/` -> `a/b/index.html`.
pub fn url_to_file(url: &str) -> String {
    let trimmed = url.trim_matches('/');
    if trimmed.is_empty() { "index.html".to_string() } else { format!("{trimmed}/index.html") }
}

fn site_view(site: &Site) -> SiteView<'_> {
    SiteView {
        title: &site.config.title,
        description: &site.config.description,
        base_url: site.config.base_url.trim_end_matches('/'),
        lang: site.config.lang().code(),
        nav: nav(site),
        taxonomies: site
            .taxonomies
            .iter()
            .map(|t| LinkView {
                title: t.label_plural.clone(),
                url: t.url.clone(),
                kind: String::new(),
                summary: t.description.clone(),
            })
            .collect(),
    }
}

/// The main menu: top-level sections, then the comparisons page when there are matrices.
fn nav(site: &Site) -> Vec<LinkView> {
    let mut items = top_sections(site);
    if !site.matrices.is_empty() {
        let title = if site.config.lang() == crate::diagnostic::Lang::Nl {
            "Vergelijken"
        } else {
            "Compare"
        };
        items.push(LinkView {
            title: title.into(),
            url: "/vergelijk/".into(),
            kind: String::new(),
            summary: String::new(),
        });
    }
    items
}

/// A diagnostic for output paths that would leave the site.
pub(crate) fn escape_error(path: &str, what: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        "path-escape",
        t(format!("{what} verwijst buiten de site"), format!("{what} points outside the site")),
    )
    .with_hint(t(
        "gebruik een pad zoals \"/oud/pad/\", zonder '..'",
        "use a path such as \"/old/path/\", without '..'",
    ))
}
