//! Content: walks `content/`, splits front matter, validates it against the schema and gives
//! typed pages and sections. Files are parsed in parallel; all problems are collected.

mod cached;
mod files;
pub mod frontmatter;
pub mod lookup;
pub mod page;
pub mod schema;
mod urls;
pub mod value;

pub use cached::PageMemo;
pub use page::{Page, PageMeta, Section};
pub use value::{FieldValue, TimelineEntry, Value};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, t};
use files::{FileKind, file_kind, markdown_extension, not_a_file, read_text};
use rayon::prelude::*;
use schema::Checker;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
pub use urls::slugify_path;
use urls::{check_unique_urls, empty_slug};

/// Everything loaded from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// All pages, drafts included, in path order; shared, so a rebuild in `kring serve` takes
    /// an unchanged page from its cache without copying it.
    pub pages: Vec<std::sync::Arc<Page>>,
    /// All sections, the home page (`path == ""`) included.
    pub sections: Vec<Section>,
    /// Non-Markdown files, copied as they are (path relative to `content/`).
    pub assets: Vec<(String, PathBuf)>,
}

/// Loads and validates every file under `content_dir`; `display_root` prefixes paths in messages.
pub fn load_content(
    content_dir: &Path,
    display_root: &str,
    config: &Config,
) -> (Content, Vec<Diagnostic>) {
    load_content_cached(content_dir, display_root, config, None)
}

/// Like [`load_content`], reusing pages whose file, section type and configuration are unchanged.
pub fn load_content_cached(
    content_dir: &Path,
    display_root: &str,
    config: &Config,
    memo: Option<(&PageMemo, u64)>,
) -> (Content, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut md_files = Vec::new();
    let mut content = Content::default();
    let walker = walkdir::WalkDir::new(content_dir).follow_links(true).sort_by_file_name();
    for entry in walker
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| display(p, content_dir, display_root))
                    .unwrap_or_else(|| display_root.to_string());
                diags.push(Diagnostic::error(
                    path,
                    "read",
                    t(format!("kan niet gelezen worden: {e}"), format!("cannot be read: {e}")),
                ));
                continue;
            }
        };
        let rel = rel_path(entry.path(), content_dir);
        let kind = file_kind(entry.path());
        if !entry.file_type().is_file() {
            // A pipe or device named like a page would block or vanish silently: say so.
            if !entry.file_type().is_dir() && kind != FileKind::Asset {
                diags.push(not_a_file(&format!("{display_root}/{rel}")));
            }
            continue;
        }
        match kind {
            FileKind::Markdown => md_files.push((rel, entry.into_path())),
            FileKind::OtherMarkdown => {
                diags.push(markdown_extension(&format!("{display_root}/{rel}")))
            }
            FileKind::Asset => content.assets.push((rel, entry.into_path())),
        }
    }
    let (index_files, page_files): (Vec<_>, Vec<_>) =
        md_files.into_iter().partition(|(rel, _)| rel.ends_with("_index.md"));
    for (rel, path) in &index_files {
        match read_section(rel, path, display_root, config) {
            (Some(s), d) => {
                content.sections.push(s);
                diags.extend(d);
            }
            (None, d) => diags.extend(d),
        }
    }
    let kinds = section_kinds(&content.sections);
    let results: Vec<_> = page_files
        .par_iter()
        .map(|(rel, path)| match memo {
            Some(memo) => cached::cached_page(memo, (rel, path), display_root, config, &kinds),
            None => {
                let (page, diags) = read_page(rel, path, display_root, config, &kinds);
                (page.map(std::sync::Arc::new), diags)
            }
        })
        .collect();
    for (page, d) in results {
        diags.extend(d);
        content.pages.extend(page);
    }
    check_unique_urls(&content, &mut diags);
    (content, diags)
}

/// Reads one page again from its new bytes, the way [`load_content_cached`] reads it, with the
/// types its sections give (for `kring serve`'s edit of one page).
pub fn reparse_page(
    content: &Content,
    config: &Config,
    display_root: &str,
    rel: &str,
    bytes: Vec<u8>,
) -> (Option<Page>, Vec<Diagnostic>) {
    let shown = format!("{display_root}/{rel}");
    match files::decode(bytes, &shown) {
        Ok(text) => page_from_text(rel, &text, shown, config, &section_kinds(&content.sections)),
        Err(d) => (None, vec![d]),
    }
}

/// Loads content from files held in memory, `(path relative to content/, text)`, the way
/// [`load_content`] treats files read from disk; for fuzzing and tests without a folder.
pub fn content_from_texts(
    files: &[(&str, &str)],
    display_root: &str,
    config: &Config,
) -> (Content, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut content = Content::default();
    let shown = |rel: &str| format!("{display_root}/{rel}");
    let (index_files, page_files): (Vec<_>, Vec<_>) =
        files.iter().partition(|(rel, _)| rel.ends_with("_index.md"));
    for (rel, text) in index_files {
        let (section, d) = section_from_text(rel, text, shown(rel), config);
        content.sections.extend(section);
        diags.extend(d);
    }
    let kinds = section_kinds(&content.sections);
    for (rel, text) in page_files {
        let (page, d) = page_from_text(rel, text, shown(rel), config, &kinds);
        content.pages.extend(page.map(std::sync::Arc::new));
        diags.extend(d);
    }
    check_unique_urls(&content, &mut diags);
    (content, diags)
}

/// The type each section declares, by section folder.
fn section_kinds(sections: &[Section]) -> HashMap<&str, &str> {
    sections
        .iter()
        .filter_map(|s| Some((s.path.as_str(), s.meta.section_kind.as_deref()?)))
        .collect()
}

fn rel_path(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn display(path: &Path, root: &Path, display_root: &str) -> String {
    format!("{display_root}/{}", rel_path(path, root))
}

/// Parses a file's front matter into a table, reporting TOML errors at their file position.
fn parse_front<'a>(
    text: &'a str,
    shown: &'a str,
) -> Result<(frontmatter::Split<'a>, toml::de::DeTable<'a>), Diagnostic> {
    let split = frontmatter::split(text, shown)?;
    match toml::de::DeTable::parse(split.front) {
        Ok(table) => Ok((split.clone(), table.into_inner())),
        Err(e) => {
            let ck = Checker::new(shown, split.front, split.front_line);
            let pos = e.span().map(|s| ck.pos(s)).unwrap_or((split.front_line, 1));
            let msg = e.message().trim().to_string();
            Err(Diagnostic::error(shown, "toml", t(format!("ongeldige TOML: {msg}"), format!("invalid TOML: {msg}"))).at(pos).with_hint(t(
                "controleer aanhalingstekens, komma's en haakjes op deze regel; elke sleutel mag maar één keer voorkomen",
                "check quotes, commas and brackets on this line; each key may occur only once",
            )))
        }
    }
}

fn read_section(
    rel: &str,
    path: &Path,
    display_root: &str,
    config: &Config,
) -> (Option<Section>, Vec<Diagnostic>) {
    let shown = format!("{display_root}/{rel}");
    match read_text(path, &shown) {
        Ok(text) => section_from_text(rel, &text, shown, config),
        Err(d) => (None, vec![d]),
    }
}

fn section_from_text(
    rel: &str,
    text: &str,
    shown: String,
    config: &Config,
) -> (Option<Section>, Vec<Diagnostic>) {
    let text = frontmatter::normalise(text);
    let (split, table) = match parse_front(&text, &shown) {
        Ok(x) => x,
        Err(d) => return (None, vec![d]),
    };
    let mut ck = Checker::new(&shown, split.front, split.front_line);
    let (meta, rest) = page::read_meta(&mut ck, &table, true);
    let known = [
        "title",
        "summary",
        "type",
        "sort_by",
        "paginate_by",
        "weight",
        "template",
        "draft",
        "aliases",
        "date",
    ];
    // Page-only built-in keys mean nothing on a section: say so rather than ignore them.
    let page_only = table
        .iter()
        .filter(|(k, _)| ["slug", "updated", "bron", "peildatum"].contains(&k.get_ref().as_ref()));
    for (k, _) in rest.iter().copied().chain(page_only) {
        schema::unknown_key(&mut ck, k.span(), k.get_ref(), &known, "");
    }
    check_kind(&mut ck, config, meta.section_kind.as_deref(), &table);
    let dir = rel.trim_end_matches("_index.md").trim_end_matches('/').to_string();
    let url = if dir.is_empty() { "/".to_string() } else { format!("/{}/", slugify_path(&dir)) };
    let section = Section {
        path: dir,
        display_path: shown.clone(),
        url,
        meta,
        body_start: text.len() - split.body.len(),
        raw: text.clone(),
        body_line: split.body_line,
    };
    (Some(section), ck.diags)
}

fn check_kind(ck: &mut Checker, config: &Config, kind: Option<&str>, table: &toml::de::DeTable) {
    if let Some(kind) = kind
        && !config.types.contains_key(kind)
    {
        let span = table.get("type").map(|v| v.span()).unwrap_or(0..0);
        let best = schema::closest(kind, config.types.keys().map(String::as_str));
        let known = config.types.keys().cloned().collect::<Vec<_>>().join(", ");
        let hint = match best {
            Some(b) => t(format!("bedoelt u \"{b}\"?"), format!("did you mean \"{b}\"?")),
            None => t(
                format!("bekende typen: {known}; een nieuw type voegt u toe in kring.toml"),
                format!("known types: {known}; add a new type in kring.toml"),
            ),
        };
        ck.error(
            span,
            "unknown-type",
            t(format!("onbekend type \"{kind}\""), format!("unknown type \"{kind}\"")),
            Some(hint),
        );
    }
}

fn read_page(
    rel: &str,
    path: &Path,
    display_root: &str,
    config: &Config,
    section_kinds: &HashMap<&str, &str>,
) -> (Option<Page>, Vec<Diagnostic>) {
    let shown = format!("{display_root}/{rel}");
    match read_text(path, &shown) {
        Ok(text) => page_from_text(rel, &text, shown, config, section_kinds),
        Err(d) => (None, vec![d]),
    }
}

fn page_from_text(
    rel: &str,
    text: &str,
    shown: String,
    config: &Config,
    section_kinds: &HashMap<&str, &str>,
) -> (Option<Page>, Vec<Diagnostic>) {
    let text = frontmatter::normalise(text);
    let (split, table) = match parse_front(&text, &shown) {
        Ok(x) => x,
        Err(d) => return (None, vec![d]),
    };
    let mut ck = Checker::new(&shown, split.front, split.front_line);
    let (meta, rest) = page::read_meta(&mut ck, &table, false);
    let section = rel.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
    let kind = meta.kind.clone().or_else(|| inherited_kind(&section, section_kinds));
    check_kind(&mut ck, config, kind.as_deref(), &table);
    let known_kind = kind.as_deref().filter(|k| config.types.contains_key(*k));
    let (fields, timeline) = page::read_fields(&mut ck, config, known_kind, &rest);
    let stem = rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".md");
    let slug = slug::slugify(meta.slug.as_deref().unwrap_or(stem));
    if slug.is_empty() {
        empty_slug(&mut ck, table.get("slug").map(|v| v.span()));
    }
    let url = if section.is_empty() {
        format!("/{slug}/")
    } else {
        format!("/{}/{slug}/", slugify_path(&section))
    };
    let page = Page {
        rel_path: rel.to_string(),
        display_path: shown.clone(),
        section,
        kind,
        slug,
        url,
        meta,
        fields,
        timeline,
        body_start: text.len() - split.body.len(),
        raw: text.clone(),
        body_line: split.body_line,
        source_key: 0,
    };
    (Some(page), ck.diags)
}

/// The type declared by the nearest enclosing section.
fn inherited_kind(section: &str, kinds: &HashMap<&str, &str>) -> Option<String> {
    let mut dir = section;
    loop {
        if let Some(k) = kinds.get(dir) {
            return Some((*k).to_string());
        }
        if dir.is_empty() {
            return None;
        }
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
    }
}
