//! The pipeline in one place: config -> theme -> content -> site graph -> render, one timed step
//! each. A phase collects all its diagnostics; the build stops at the first phase with errors.

use crate::config::{Config, load_config};
use crate::content::load_content_cached;
use crate::diagnostic::{Diagnostic, Lang, has_errors, sort};
use crate::output::OutputSet;
use crate::render::{render_site, theme};
use crate::site::build_site_cached;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The knowledge base folder (with `kring.toml` and `content/`).
    pub root: PathBuf,
    /// Include draft pages.
    pub drafts: bool,
    /// Override the configured base URL.
    pub base_url: Option<String>,
    /// Leave the search index out; its records are returned instead (`kring serve` builds the
    /// index in the background).
    pub skip_search: bool,
    /// No search index and no records at all (`kring build --no-search`).
    pub no_search: bool,
    /// Keep the site graph and theme in the result, for `kring serve`'s quick edits.
    pub keep_site: bool,
}

/// What `kring serve` keeps between rebuilds.
#[derive(Default)]
pub struct BuildCache {
    pages: crate::content::PageMemo,
    privacy: crate::privacy::PrivacyMemo,
    graph: crate::site::GraphMemo,
    rendered: crate::render::RenderMemo,
    records: crate::search::RecordMemo,
}

/// The result of a build: the files (when it succeeded), all diagnostics and phase timings.
#[derive(Debug, Default)]
pub struct BuildResult {
    /// The site, if no phase had errors.
    pub output: Option<OutputSet>,
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Time per phase, in pipeline order.
    pub timings: Vec<(&'static str, Duration)>,
    /// Number of published pages.
    pub pages: usize,
    /// The configured language, for messages.
    pub lang: Lang,
    /// Every privacy finding, accepted ones included (for `kring check --privacy`).
    pub privacy: Vec<crate::privacy::PrivacyFinding>,
    /// The search records, when the index was skipped.
    pub search_records: Vec<crate::search::SharedRecord>,
    /// The site graph and theme, when asked for and the build succeeded.
    pub kept: Option<crate::edit::Kept>,
}

impl BuildResult {
    fn fail(mut self, mut diags: Vec<Diagnostic>) -> BuildResult {
        self.diagnostics.append(&mut diags);
        sort(&mut self.diagnostics);
        self
    }

    /// The slowest phase and its time.
    pub fn slowest(&self) -> Option<(&'static str, Duration)> {
        self.timings.iter().copied().max_by_key(|(_, d)| *d)
    }
}

/// Builds the site in memory.
pub fn build(opts: &BuildOptions) -> BuildResult {
    build_with(opts, None)
}

/// Builds the site in memory, reusing what `cache` holds from earlier builds.
pub fn build_with(opts: &BuildOptions, cache: Option<&BuildCache>) -> BuildResult {
    let mut result = BuildResult::default();
    let mut clock = Instant::now();
    let mut lap = |result: &mut BuildResult, name: &'static str| {
        result.timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let mut config: Config = match load_config(&opts.root.join("kring.toml"), "kring.toml") {
        Ok(c) => c,
        Err(d) => return result.fail(d),
    };
    if let Some(url) = &opts.base_url {
        config.base_url = url.clone();
    }
    result.lang = config.lang();
    lap(&mut result, "config");
    let theme = match theme::load_theme(&opts.root, &config.theme) {
        Ok(t) => t,
        Err(d) => return result.fail(d),
    };
    let config_text = std::fs::read_to_string(opts.root.join("kring.toml")).unwrap_or_default();
    let diags = theme::check_type_templates(&theme, &config, &config_text);
    if has_errors(&diags) {
        return result.fail(diags);
    }
    lap(&mut result, "theme");
    let content_dir = opts.root.join("content");
    if !content_dir.is_dir() {
        let d = Diagnostic::error(
            "content",
            "content-missing",
            crate::diagnostic::t("de map content/ ontbreekt", "the content/ folder is missing"),
        )
        .with_hint(crate::diagnostic::t(
            "maak content/ met een _index.md, of begin met `kring init`",
            "create content/ with an _index.md, or start with `kring init`",
        ));
        return result.fail(vec![d]);
    }
    let config_hash = crate::cache::hash_of(&config_text);
    let (content, diags) = load_content_cached(
        &content_dir,
        "content",
        &config,
        cache.map(|c| (&c.pages, config_hash)),
    );
    lap(&mut result, "load");
    if has_errors(&diags) {
        return result.fail(diags);
    }
    result.diagnostics.extend(diags);
    // Before anything is rendered or indexed: personal data must never get further than this.
    result.privacy =
        crate::privacy::scan_content(&config, &content, cache.map(|c| (&c.privacy, config_hash)));
    let diags: Vec<Diagnostic> =
        result.privacy.iter().filter(|f| f.accepted.is_none()).map(|f| f.to_diagnostic()).collect();
    lap(&mut result, "privacy");
    if has_errors(&diags) {
        return result.fail(diags);
    }
    result.diagnostics.extend(diags);
    let (site, diags) =
        build_site_cached(config, content, opts.drafts, cache.map(|c| (&c.graph, config_hash)));
    lap(&mut result, "links");
    result.pages = site.published.len();
    if has_errors(&diags) {
        return result.fail(diags);
    }
    result.diagnostics.extend(diags);
    // An in-memory build (`kring check`, tests) indexes beside the rendering; `kring serve`
    // asks for the records instead, and `kring build` for the site, from which it makes them
    // after writing the pages, to keep memory down.
    let records = if opts.no_search {
        Vec::new()
    } else {
        let records =
            crate::search::records_cached(&site, cache.map(|c| (&c.records, config_hash)));
        lap(&mut result, "records");
        records
    };
    let search = if opts.skip_search || opts.no_search {
        result.search_records = records;
        None
    } else {
        let lang = site.config.lang();
        Some(std::thread::spawn(move || crate::search::build_index(lang, records, None)))
    };
    let (mut output, diags) = render_site(&site, &theme, cache.map(|c| &c.rendered));
    lap(&mut result, "render");
    // The indexer usually runs on after rendering: let it have the site's memory.
    let site = opts.keep_site.then_some(site);
    let index =
        search.map(|handle| handle.join().unwrap_or_else(|_| Err(crate::search::panicked())));
    if let Some(index) = index {
        lap(&mut result, "search");
        match index {
            Ok(files) => files.into_iter().for_each(|(path, bytes)| output.insert(path, bytes)),
            Err(d) => return result.fail(vec![d]),
        }
    }
    if has_errors(&diags) {
        return result.fail(diags);
    }
    result.diagnostics.extend(diags);
    sort(&mut result.diagnostics);
    result.output = Some(output);
    result.kept = site.map(|site| crate::edit::Kept::new(site, theme));
    result
}
