//! Watching the knowledge base: an editor's save arrives as a burst of file events, which
//! become one rebuild (or one quick edit) of the site.

use super::{ServeOptions, Session, Shared, quick_edit, rebuild};
use crate::build::BuildCache;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// What is watched, `(path, recursive)`: the folders of the knowledge base and its root itself,
/// not recursively (editors replace kring.toml atomically, which a watch on the file loses).
fn watched(root: &Path) -> Vec<(PathBuf, bool)> {
    let mut paths: Vec<(PathBuf, bool)> = ["content", "templates", "themes", "static"]
        .iter()
        .map(|dir| (root.join(dir), true))
        .collect();
    paths.push((root.to_path_buf(), false));
    paths
}

/// Starts sending file events to `tx`: the system's, or by polling when asked (`--poll`) or
/// when the system has none to give. The watcher returned must be kept while watching.
fn start_watching(
    poll: bool,
    paths: &[(PathBuf, bool)],
    tx: std::sync::mpsc::Sender<notify::Result<notify::Event>>,
) -> Option<Box<dyn notify::Watcher>> {
    use notify::{RecursiveMode, Watcher};
    if !poll && let Ok(mut watcher) = notify::recommended_watcher(tx.clone()) {
        for (path, recursive) in paths {
            let mode =
                if *recursive { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
            let _ = watcher.watch(path, mode);
        }
        return Some(Box::new(watcher));
    }
    super::poll::spawn(paths.to_vec(), Duration::from_millis(500), tx);
    None
}

/// Watches the knowledge base and rebuilds after changes, once no event came for 30 ms.
pub(super) fn watch(
    opts: &ServeOptions,
    shared: &Arc<Shared>,
    cache: &Arc<BuildCache>,
    session: &mut Session,
) {
    let (tx, rx) = std::sync::mpsc::channel();
    let root = &opts.build.root;
    let _watcher = start_watching(opts.poll, &watched(root), tx);
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
