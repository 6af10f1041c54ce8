//! `kring serve`: builds into memory, serves the result with tiny_http, watches the knowledge base
//! with notify (or by polling) and rebuilds on every change, reusing what did not change. Open
//! pages reload through Server-Sent Events (a CSS change only swaps the stylesheet); when a
//! rebuild fails, the last good site stays up and every page shows the errors in an overlay.
//! An edit that other pages may show is first previewed on its own page (see [`crate::edit`]),
//! which reloads at once; the other pages reload after the full build. The search index is
//! refreshed in the background, after the pages are already served.

mod inject;
mod poll;
mod reload;
mod watch;

use crate::build::{BuildCache, BuildOptions, build_with};
use crate::cli::{EXIT_USAGE, build_summary_full, print_diagnostics};
use crate::diagnostic::{Diagnostic, Lang};
use crate::output::OutputSet;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

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
    /// One event after every build, good or bad, so pages reload (or swap stylesheets).
    pub events: reload::Events,
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
    let mut session = Session { kept: None, records: Vec::new(), search, preview: None };
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
    watch::watch(&opts, &shared, &cache, &mut session);
    0
}

/// What the watcher keeps between rebuilds: the last good site graph, for quick edits, and the
/// search records of the served site.
struct Session {
    kept: Option<crate::edit::Kept>,
    records: Vec<crate::search::SharedRecord>,
    search: Arc<SearchWorker>,
    /// The preview of an edited page shown while the full build runs.
    preview: Option<Shown>,
}

/// A preview being shown: the page's URL, output file and bytes, and the site before it.
struct Shown {
    url: String,
    file: String,
    bytes: Vec<u8>,
    before: Arc<OutputSet>,
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
    let summary = build_summary_full(&result, lang);
    // The previous site graph is freed on another thread after the reload signal: freeing tens
    // of thousands of pages' data takes milliseconds that neither the browser nor the next
    // edit needs to wait for.
    let previous = std::mem::replace(&mut session.kept, result.kept.take());
    let ok = result.output.is_some();
    let shown = session.preview.take();
    let mut changed = None;
    {
        let mut st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        st.lang = lang;
        let reload = match result.output {
            Some(out) => {
                let (site, reload, base) = next_site(&st, out, shown.as_ref());
                changed = base.map(|old| (old, Arc::clone(&site)));
                st.site = Some(site);
                st.errors.clear();
                reload
            }
            None => {
                // The last good site is the one before the preview.
                if let Some(p) = shown {
                    st.site = Some(p.before);
                }
                st.errors = result.diagnostics.into_iter().filter(Diagnostic::is_error).collect();
                reload::Reload::all()
            }
        };
        st.events.publish(reload, css_only && ok);
        shared.changed.notify_all();
    }
    // Told after the reload signal, so counting does not hold the browser up.
    let changed = changed.map(|(old, new)| new.changed_from(&old));
    eprintln!("{what}{} ({ms} ms)", rebuilt_line(&summary, changed, lang));
    if ok {
        session.records = result.search_records;
        // Indexed in the content's language (result.lang), whatever --lang says for messages.
        session.search.refresh(session.records.clone(), result.lang);
    }
    std::thread::spawn(move || drop(previous));
}

/// The site a good rebuild made, with the previous search bundle kept until the new one is
/// ready; the reload it calls for; and the site it is counted against (the one before the
/// edit's preview, if one was shown).
fn next_site(
    st: &State,
    mut out: OutputSet,
    shown: Option<&Shown>,
) -> (Arc<OutputSet>, reload::Reload, Option<Arc<OutputSet>>) {
    if let Some(old) = &st.site {
        let bundle = old.files.iter().filter(|(k, _)| k.starts_with(crate::search::BUNDLE_DIR));
        bundle.for_each(|(k, v)| {
            out.files.insert(k.clone(), v.clone());
        });
    }
    // A page that shows what its preview showed need not reload again.
    let reload = match shown {
        Some(p) if out.get(&p.file) == Some(p.bytes.as_slice()) => {
            reload::Reload::AllBut([p.url.clone()].into())
        }
        _ => reload::Reload::all(),
    };
    let base = shown.map(|p| &p.before).or(st.site.as_ref()).cloned();
    (Arc::new(out), reload, base)
}

/// A full rebuild's terminal line: the build summary and how many files it changed.
fn rebuilt_line(summary: &str, changed: Option<usize>, lang: Lang) -> String {
    match changed {
        Some(n) => {
            let files = crate::diagnostic::t(
                format!("{n} bestanden gewijzigd"),
                format!("{n} files changed"),
            );
            format!("{summary}; {}", files.get(lang))
        }
        None => summary.to_string(),
    }
}

/// The quick path for an edit to one page's text or its unshared fields (see [`crate::edit`]):
/// publishes that page, the books and its dataset again without a build. False when it does
/// not apply and a full build is needed; a preview of the page may then be shown first.
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
    let content_lang = kept.site.config.lang();
    let edit = match crate::edit::apply_edit(kept, &rel, bytes) {
        crate::edit::EditOutcome::Quick(edit) => edit,
        crate::edit::EditOutcome::Preview(p) => {
            show_preview(shared, session, what, p, started);
            return false;
        }
        crate::edit::EditOutcome::Full => return false,
    };
    let fields = edit.fields_changed;
    let count = edit.files.len();
    let Some((lang, _)) = publish_files(shared, edit.files, reload::Reload::all()) else {
        session.kept = None;
        return false;
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
        *old = std::sync::Arc::new(record);
    }
    session.search.refresh(session.records.clone(), content_lang);
    true
}

/// Serves the preview of an edited page, reloading only that page, until the full build that
/// follows is done.
fn show_preview(
    shared: &Arc<Shared>,
    session: &mut Session,
    what: &str,
    p: crate::edit::PagePreview,
    started: Instant,
) {
    let files = vec![(p.file.clone(), p.bytes.clone())];
    let reload = reload::Reload::Only([p.url.clone()].into());
    let Some((lang, before)) = publish_files(shared, files, reload) else { return };
    session.preview = Some(Shown { url: p.url, file: p.file, bytes: p.bytes, before });
    let ms = started.elapsed().as_millis();
    let msg = crate::diagnostic::t(
        "deze pagina getoond, de rest van de site volgt",
        "this page shown, the rest of the site follows",
    );
    eprintln!("{what}{} ({ms} ms)", msg.get(lang));
}

/// Replaces files of the served site and sends the reload event; returns the message language
/// and the site as it was, or None when no site is served yet.
fn publish_files(
    shared: &Shared,
    files: Vec<(String, Vec<u8>)>,
    reload: reload::Reload,
) -> Option<(Lang, Arc<OutputSet>)> {
    let mut st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    let before = st.site.clone()?;
    let mut next = (*before).clone();
    files.into_iter().for_each(|(k, v)| next.insert(k, v));
    st.site = Some(Arc::new(next));
    st.events.publish(reload, false);
    shared.changed.notify_all();
    Some((st.lang, before))
}

/// Builds the search index off the request path, one build at a time, always from the newest
/// records, and swaps it into the served site.
struct SearchWorker {
    pending: Mutex<Option<(Vec<crate::search::SharedRecord>, Lang)>>,
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
    fn refresh(&self, records: Vec<crate::search::SharedRecord>, lang: Lang) {
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

fn index_and_swap(shared: &Shared, records: Vec<crate::search::SharedRecord>, lang: Lang) {
    let started = Instant::now();
    let Ok(files) = crate::search::build_index(lang, records, None) else { return };
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
