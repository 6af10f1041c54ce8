//! `kring serve`: builds into memory, serves the result with tiny_http, watches the knowledge base
//! with notify and rebuilds on every change. Open pages reload through Server-Sent Events; when a
//! rebuild fails, the last good site stays up and every page shows the errors in an overlay.

mod inject;

use crate::build::{BuildOptions, build};
use crate::cli::{EXIT_USAGE, build_summary, print_diagnostics};
use crate::diagnostic::{Diagnostic, Lang};
use crate::output::OutputSet;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

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
    rebuild(&opts, &shared);
    let addr = format!("{}:{}", opts.bind, opts.port);
    let server = match tiny_http::Server::http(&addr) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("kring: kan niet luisteren op {addr}: {e} / cannot listen on {addr}");
            return EXIT_USAGE;
        }
    };
    if opts.bind != "127.0.0.1" && opts.bind != "localhost" && opts.bind != "::1" {
        eprintln!(
            "let op: de preview is nu zichtbaar voor anderen in het netwerk ({addr}) / warning: the preview is visible on the network"
        );
    }
    eprintln!("kring serve: http://{addr}/  (stoppen met Ctrl+C)");
    for _ in 0..4 {
        let (server, shared) = (Arc::clone(&server), Arc::clone(&shared));
        std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                inject::handle(req, &shared);
            }
        });
    }
    watch(&opts, &shared);
    0
}

fn rebuild(opts: &ServeOptions, shared: &Shared) {
    let started = std::time::Instant::now();
    let result = build(&opts.build);
    let lang = opts.lang.unwrap_or(result.lang);
    print_diagnostics(&result.diagnostics, lang);
    eprintln!("{} ({} ms)", build_summary(&result, lang), started.elapsed().as_millis());
    let mut st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    st.lang = lang;
    match result.output {
        Some(out) => {
            st.site = Some(Arc::new(out));
            st.errors.clear();
        }
        None => st.errors = result.diagnostics.into_iter().filter(Diagnostic::is_error).collect(),
    }
    st.build_id += 1;
    shared.changed.notify_all();
}

/// Watches the knowledge base and rebuilds after changes, debounced by 100 ms.
fn watch(opts: &ServeOptions, shared: &Shared) {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
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
    while let Ok(first) = rx.recv() {
        let mut relevant = is_relevant(&first);
        while let Ok(ev) = rx.recv_timeout(Duration::from_millis(100)) {
            relevant |= is_relevant(&ev);
        }
        if relevant {
            rebuild(opts, shared);
        }
    }
}

fn is_relevant(ev: &notify::Result<notify::Event>) -> bool {
    let Ok(ev) = ev else { return true };
    if ev.kind.is_access() {
        return false;
    }
    ev.paths.iter().any(|p| {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temp = name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".tmp");
        let in_output =
            p.components().any(|c| c.as_os_str() == "public" || c.as_os_str() == "target");
        !temp && !in_output
    })
}
