//! `kring serve`: builds into memory, serves the result with tiny_http, watches the knowledge base
//! with notify (or by polling) and rebuilds on every change, reusing what did not change. Open
//! pages reload through Server-Sent Events (a CSS change only swaps the stylesheet); when a
//! rebuild fails, the last good site stays up and every page shows the errors in an overlay.
//! The search index is refreshed in the background, after the pages are already served.

mod inject;

use crate::build::{BuildCache, BuildOptions, build_with};
use crate::cli::{EXIT_USAGE, build_summary_full, print_diagnostics};
use crate::diagnostic::{Diagnostic, Lang};
use crate::output::OutputSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Options of `kring serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build.
    pub build: BuildOptions,
    /// The port.
    pub port: u16,
    /// The address to listen on.
    pub bind: String,
    /// Message language chosen on the command line.
    pub lang: Option<Lang>,
    /// Poll for changes instead of using file-system events.
    pub poll: bool,
    /// Open the site in the default browser.
    pub open: bool,
}

/// What the server shows: the last good site and the errors of the last build.
#[derive(Default)]
pub struct State {
    /// The last site that built without errors.
    pub site: Option<Arc<OutputSet>>,
    /// The errors of the last build (empty when it succeeded).
    pub errors: Vec<Diagnostic>,
    /// Bumped after every build, good or bad, so pages reload.
    pub build_id: u64,
    /// The last change touched only stylesheets: swap them instead of reloading.
    pub css_only: bool,
    /// Message language.
    pub lang: Lang,
}

/// Shared between the request threads and the watcher.
pub struct Shared {
    /// The state.
    pub state: Mutex<State>,
    /// Signalled after every build.
    pub changed: Condvar,
}

/// Runs the server until the process is stopped; returns an exit code on startup failure.
pub fn serve(opts: ServeOptions) -> i32 {
    let shared = Arc::new(Shared { state: Mutex::new(State::default()), changed: Condvar::new() });
    let cache = Arc::new(BuildCache::default());
    let search = SearchWorker::start(&shared);
    let mut session = Session { kept: None, records: Vec::new(), search };
    rebuild(&opts, &shared, &cache, &mut session, false, "");
    let addr = format!("{}:{}", opts.bind, opts.port);
    let server = match tiny_http::Server::http(&addr) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("kring: kan niet luisteren op {addr}: {e} / cannot listen on {addr}");
            return EXIT_USAGE;
        }
    };
    if !["127.0.0.1", "localhost", "::1"].contains(&opts.bind.as_str()) {
        eprintln!(
            "let op: de preview is nu zichtbaar voor anderen in het netwerk ({addr}) / warning: the preview is visible on the network"
        );
    }
    eprintln!("kring serve: http://{addr}/  (stoppen met Ctrl+C)");
    for _ in 0..8 {
        let (server, shared) = (Arc::clone(&server), Arc::clone(&shared));
        std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                inject::handle(req, &shared);
            }
        });
    }
    if opts.open {
        let _ = std::process::Command::new("xdg-open").arg(format!("http://{addr}/")).spawn();
    }
    watch(&opts, &shared, &cache, &mut session);
    0
}

/// What the watcher keeps between rebuilds: the last good site graph, for quick edits, and the
/// search records of the served site.
struct Session {
    kept: Option<crate::edit::Kept>,
    records: Vec<crate::search::Record>,
    search: Arc<SearchWorker>,
}

/// Builds (reusing the cache), publishes the result, then refreshes search in the background.
fn rebuild(
    opts: &ServeOptions,
    shared: &Arc<Shared>,
    cache: &Arc<BuildCache>,
    session: &mut Session,
    css_only: bool,
    what: &str,
) {
    let started = Instant::now();
    let mut build_opts = opts.build.clone();
    build_opts.skip_search = true;
    build_opts.keep_site = true;
    let mut result = build_with(&build_opts, Some(cache));
    let lang = opts.lang.unwrap_or(result.lang);
    print_diagnostics(&result.diagnostics, lang);
    let ms = started.elapsed().as_millis();
    eprintln!("{what}{} ({ms} ms)", build_summary_full(&result, lang));
    session.kept = result.kept.take();
    let ok = result.output.is_some();
    {
        let mut st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        st.lang = lang;
        match result.output {
            Some(out) => {
                // Keep the previous search bundle until the new one is ready.
                let mut out = out;
                if let Some(old) = &st.site {
                    for (k, v) in
                        old.files.iter().filter(|(k, _)| k.starts_with(crate::search::BUNDLE_DIR))
                    {
                        out.files.insert(k.clone(), v.clone());
                    }
                }
                st.site = Some(Arc::new(out));
                st.errors.clear();
            }
            None => {
                st.errors = result.diagnostics.into_iter().filter(Diagnostic::is_error).collect()
            }
        }
        st.build_id += 1;
        st.css_only = css_only && ok;
        shared.changed.notify_all();
    }
    if ok {
        session.records = result.search_records;
        // Indexed in the content's language (result.lang), whatever --lang says for messages.
        session.search.refresh(session.records.clone(), result.lang);
    }
}

/// The quick path for an edit to one page's text or its unshared fields (see [`crate::edit`]):
/// publishes that page, the books and its dataset again without a build. False when it does not apply and a full build is needed.
fn quick_edit(
    opts: &ServeOptions,
    shared: &Arc<Shared>,
    session: &mut Session,
    what: &str,
    path: &std::path::Path,
) -> bool {
    let started = Instant::now();
    let Some(kept) = session.kept.as_mut() else { return false };
    let (Ok(path), Ok(content)) =
        (std::fs::canonicalize(path), std::fs::canonicalize(opts.build.root.join("content")))
    else {
        return false;
    };
    let Ok(rel) = path.strip_prefix(&content) else { return false };
    let rel = rel.to_string_lossy().replace('\\', "/");
    if !rel.ends_with(".md") || rel.ends_with("_index.md") {
        return false;
    }
    let Ok(bytes) = std::fs::read(&path) else { return false };
    let Some(edit) = crate::edit::apply_quick_edit(kept, &rel, bytes) else { return false };
    let content_lang = kept.site.config.lang();
    let fields = edit.fields_changed;
    let (lang, count) = {
        let mut st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        let Some(site) = &st.site else {
            session.kept = None;
            return false;
        };
        let mut next = (**site).clone();
        let count = edit.files.len();
        edit.files.into_iter().for_each(|(k, v)| next.insert(k, v));
        st.site = Some(Arc::new(next));
        st.build_id += 1;
        st.css_only = false;
        shared.changed.notify_all();
        (st.lang, count)
    };
    let ms = started.elapsed().as_millis();
    eprintln!(
        "{what}{} ({ms} ms)",
        match fields {
            false => crate::diagnostic::t(
                format!("alleen de tekst gewijzigd: {count} bestanden opnieuw gemaakt"),
                format!("only the text changed: {count} files made again"),
            ),
            true => crate::diagnostic::t(
                format!("velden die alleen deze pagina toont: {count} bestanden opnieuw gemaakt"),
                format!("fields only this page shows: {count} files made again"),
            ),
        }
        .get(lang)
    );
    if let Some(record) = edit.record
        && let Some(old) = session.records.iter_mut().find(|r| r.url == edit.url)
    {
        *old = record;
    }
    session.search.refresh(session.records.clone(), content_lang);
    true
}

/// Builds the search index off the request path, one build at a time, always from the newest
/// records, and swaps it into the served site.
struct SearchWorker {
    pending: Mutex<Option<(Vec<crate::search::Record>, Lang)>>,
    wake: Condvar,
}

impl SearchWorker {
    fn start(shared: &Arc<Shared>) -> Arc<SearchWorker> {
        let worker = Arc::new(SearchWorker { pending: Mutex::new(None), wake: Condvar::new() });
        let (me, shared) = (Arc::clone(&worker), Arc::clone(shared));
        std::thread::spawn(move || {
            lowest_priority();
            loop {
                let request = {
                    let mut p = me.pending.lock().unwrap_or_else(|e| e.into_inner());
                    while p.is_none() {
                        p = me.wake.wait(p).unwrap_or_else(|e| e.into_inner());
                    }
                    p.take()
                };
                let Some((records, lang)) = request else { continue };
                index_and_swap(&shared, records, lang);
            }
        });
        worker
    }

    /// Asks for an index of these records in the content's language; a newer request replaces
    /// one still waiting.
    fn refresh(&self, records: Vec<crate::search::Record>, lang: Lang) {
        *self.pending.lock().unwrap_or_else(|e| e.into_inner()) = Some((records, lang));
        self.wake.notify_one();
    }
}

/// Lowers this thread (and the threads it starts) to the lowest priority: the index may take
/// seconds, an editor's next rebuild should not wait for it.
fn lowest_priority() {
    // SAFETY: setpriority only changes the scheduling priority of the calling thread (on Linux,
    // PRIO_PROCESS with id 0 means the calling thread).
    #[cfg(target_os = "linux")]
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}

fn index_and_swap(shared: &Shared, records: Vec<crate::search::Record>, lang: Lang) {
    let started = Instant::now();
    let Ok(files) = crate::search::build_index(lang, records) else { return };
    let mut st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(site) = &st.site {
        let mut next = (**site).clone();
        next.files.retain(|k, _| !k.starts_with(crate::search::BUNDLE_DIR));
        files.into_iter().for_each(|(k, v)| next.insert(k, v));
        st.site = Some(Arc::new(next));
    }
    drop(st);
    eprintln!("zoekindex bijgewerkt ({} ms)", started.elapsed().as_millis());
}

fn make_watcher(
    poll: bool,
    tx: std::sync::mpsc::Sender<notify::Result<notify::Event>>,
) -> notify::Result<Box<dyn notify::Watcher>> {
    if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
        return Ok(Box::new(notify::PollWatcher::new(tx, config)?));
    }
    Ok(Box::new(notify::recommended_watcher(tx)?))
}

/// Watches the knowledge base and rebuilds after changes, once no event came for 30 ms.
fn watch(
    opts: &ServeOptions,
    shared: &Arc<Shared>,
    cache: &Arc<BuildCache>,
    session: &mut Session,
) {
    use notify::RecursiveMode;
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match make_watcher(opts.poll, tx.clone()).or_else(|_| make_watcher(true, tx))
    {
        Ok(w) => w,
        Err(e) => {
            eprintln!("kring: kan wijzigingen niet volgen: {e} / cannot watch for changes");
            loop {
                std::thread::park();
            }
        }
    };
    let root = &opts.build.root;
    for dir in ["content", "templates", "themes", "static"] {
        let _ = watcher.watch(&root.join(dir), RecursiveMode::Recursive);
    }
    // The root itself, not recursively: editors replace kring.toml atomically.
    let _ = watcher.watch(root, RecursiveMode::NonRecursive);
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
    while let Ok(first) = rx.recv() {
        let mut paths = relevant_paths(&first);
        // An editor's save arrives as a burst of events within a few milliseconds.
        while let Ok(ev) = rx.recv_timeout(Duration::from_millis(30)) {
            paths.extend(relevant_paths(&ev));
        }
        if paths.is_empty() {
            continue;
        }
        let css_only = paths.iter().all(|p| p.extension().is_some_and(|e| e == "css"));
        let unique: std::collections::BTreeSet<&PathBuf> = paths.iter().collect();
        let saved: Vec<&PathBuf> =
            unique.iter().copied().filter(|p| !is_save_leftover(p, &unique)).collect();
        // Each changed file once, in order (an editor's save can report one file many times),
        // relative to the knowledge base (events name absolute paths, `--root` may be `.`).
        let names: std::collections::BTreeSet<String> = saved
            .iter()
            .filter_map(|p| p.strip_prefix(&root_abs).or_else(|_| p.strip_prefix(root)).ok())
            .map(|r| r.display().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        let names: Vec<String> = names.into_iter().collect();
        // A file that changed while it was read (an editor still writing it, which a polling
        // watcher may report only once) is read again, so the last save is never lost.
        let what = format!("gewijzigd: {}; ", names.join(", "));
        loop {
            let before = stamps(&paths);
            let errors = shared.state.lock().map(|s| !s.errors.is_empty()).unwrap_or(true);
            // A text edit to one page while the site is good: only that page is made again.
            let quick = match saved.as_slice() {
                [path] if !errors => quick_edit(opts, shared, session, &what, path),
                _ => false,
            };
            if !quick {
                rebuild(opts, shared, cache, session, css_only, &what);
            }
            if stamps(&paths) == before {
                break;
            }
        }
    }
}

/// Whether `path` is what an editor (or `sed -i`) leaves of a save that writes a temporary file
/// beside the page and renames it over the page: gone again, not a page, and in the folder of a
/// file that was saved. Such a save is still one page's edit, for the quick path.
fn is_save_leftover(path: &Path, changed: &std::collections::BTreeSet<&PathBuf>) -> bool {
    !path.exists()
        && path.extension().is_none_or(|e| e != "md")
        && changed.iter().any(|c| c.as_path() != path && c.parent() == path.parent() && c.is_file())
}

/// Size and modification time of each path, to notice writes during a rebuild.
fn stamps(paths: &[PathBuf]) -> Vec<Option<(u64, Option<std::time::SystemTime>)>> {
    paths.iter().map(|p| std::fs::metadata(p).ok().map(|m| (m.len(), m.modified().ok()))).collect()
}

/// The changed paths of an event that matter for the site.
fn relevant_paths(ev: &notify::Result<notify::Event>) -> Vec<PathBuf> {
    let Ok(ev) = ev else { return vec![PathBuf::from("?")] };
    if ev.kind.is_access() {
        return Vec::new();
    }
    ev.paths
        .iter()
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let temp = name.starts_with('.')
                || name.ends_with('~')
                || name.ends_with(".swp")
                || name.ends_with(".tmp");
            let in_output = p.components().any(|c| {
                c.as_os_str() == "public"
                    || c.as_os_str() == "target"
                    || c.as_os_str() == "node_modules"
            });
            !temp && !in_output
        })
        .cloned()
        .collect()
}
