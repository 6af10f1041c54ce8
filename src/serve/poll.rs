//! Watching by polling (`kring serve --poll`, and when the system's file events are not
//! available): every half second the watched folders are listed and each file's stamp compared
//! with the one before. notify's own polling compares modification times in whole seconds, so
//! a second save within the same second went unseen; a stamp here is the size, the modification
//! and change times to the nanosecond and the inode, and for a file changed in the last few
//! seconds also a hash of its bytes (file systems that keep coarse times, a same-size save).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// What is compared of a file between two looks.
#[derive(Debug, Clone)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    changed: (i64, i64),
    inode: u64,
    /// A hash of the bytes, for files modified within [`RECENT`] of the look.
    recent_hash: Option<u64>,
}

impl PartialEq for Stamp {
    /// The bytes count only when both looks hashed them: a file stops being hashed once it is
    /// no longer recent, which is not a change.
    fn eq(&self, other: &Stamp) -> bool {
        (self.len, self.modified, self.changed, self.inode)
            == (other.len, other.modified, other.changed, other.inode)
            && (self.recent_hash.is_none()
                || other.recent_hash.is_none()
                || self.recent_hash == other.recent_hash)
    }
}

/// How long after its modification time a file's bytes are hashed too: long enough for any
/// file system's time resolution (two seconds on FAT), short enough that a look hashes only
/// the files just saved.
const RECENT: Duration = Duration::from_secs(3);

/// A file's path as the key of a look, hashed as bytes (a `PathBuf` hashes component by
/// component; at 10,000 files the difference was within the noise of one look, ~50 ms).
type Key = std::ffi::OsString;

/// The stamp of every file under the watched paths (`(path, recursive)`), by path.
fn look(roots: &[(PathBuf, bool)]) -> HashMap<Key, Stamp> {
    let now = SystemTime::now();
    let mut files = HashMap::new();
    for (root, recursive) in roots {
        let depth = if *recursive { usize::MAX } else { 1 };
        let walk = walkdir::WalkDir::new(root).max_depth(depth);
        for entry in walk.into_iter().filter_map(Result::ok) {
            // One stat per file: the folder listing tells files from folders, and only a
            // link needs a second look at what it points to.
            let meta = if entry.path_is_symlink() {
                std::fs::metadata(entry.path()).ok()
            } else if entry.file_type().is_file() {
                entry.metadata().ok()
            } else {
                continue;
            };
            if let Some(meta) = meta.filter(std::fs::Metadata::is_file) {
                let stamp = stamp(entry.path(), &meta, now);
                files.insert(entry.into_path().into_os_string(), stamp);
            }
        }
    }
    files
}

fn stamp(path: &Path, meta: &std::fs::Metadata, now: SystemTime) -> Stamp {
    #[cfg(unix)]
    let (changed, inode) = {
        use std::os::unix::fs::MetadataExt;
        ((meta.ctime(), meta.ctime_nsec()), meta.ino())
    };
    #[cfg(not(unix))]
    let (changed, inode) = ((0, 0), 0);
    let modified = meta.modified().ok();
    let recent = modified.is_none_or(|m| now.duration_since(m).map_or(true, |age| age < RECENT));
    let recent_hash = recent
        .then(|| std::fs::read(path).ok())
        .flatten()
        .map(|bytes| crate::cache::hash_of(&bytes));
    Stamp { len: meta.len(), modified, changed, inode, recent_hash }
}

/// The events between two looks: files that appeared, changed or went away.
fn compare(before: &HashMap<Key, Stamp>, now: &HashMap<Key, Stamp>) -> Vec<notify::Event> {
    use notify::event::{CreateKind, DataChange, EventKind, ModifyKind, RemoveKind};
    let mut events = Vec::new();
    for (path, stamp) in now {
        let kind = match before.get(path) {
            None => EventKind::Create(CreateKind::File),
            Some(old) if old != stamp => EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            Some(_) => continue,
        };
        events.push(notify::Event::new(kind).add_path(PathBuf::from(path)));
    }
    for path in before.keys().filter(|p| !now.contains_key(*p)) {
        let event = notify::Event::new(EventKind::Remove(RemoveKind::File));
        events.push(event.add_path(PathBuf::from(path)));
    }
    events
}

/// Looks at `roots` every `interval` on a thread of its own and sends what changed to `tx`, as
/// the system's file events would; stops when the receiver is gone.
pub(super) fn spawn(
    roots: Vec<(PathBuf, bool)>,
    interval: Duration,
    tx: std::sync::mpsc::Sender<notify::Result<notify::Event>>,
) {
    std::thread::spawn(move || {
        let mut before = look(&roots);
        loop {
            std::thread::sleep(interval);
            let now = look(&roots);
            for event in compare(&before, &now) {
                if tx.send(Ok(event)).is_err() {
                    return;
                }
            }
            before = now;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed_paths(before: &HashMap<Key, Stamp>, now: &HashMap<Key, Stamp>) -> usize {
        compare(before, now).iter().map(|e| e.paths.len()).sum()
    }

    #[test]
    fn a_same_size_save_with_the_same_modification_time_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("alfa.md");
        std::fs::write(&page, "inwoners = \"veel\"\n").unwrap();
        let when = std::fs::metadata(&page).unwrap().modified().unwrap();
        let roots = vec![(dir.path().to_path_buf(), true)];
        let before = look(&roots);
        assert_eq!(changed_paths(&before, &look(&roots)), 0, "nothing changed yet");
        // The fix has the size of the error, and its time is set back to the same instant, as
        // on a file system that keeps whole seconds.
        std::fs::write(&page, "inwoners = 155000\n").unwrap();
        std::fs::File::options().write(true).open(&page).unwrap().set_modified(when).unwrap();
        let now = look(&roots);
        assert_eq!(before[page.as_os_str()].len, now[page.as_os_str()].len);
        assert_eq!(before[page.as_os_str()].modified, now[page.as_os_str()].modified);
        assert_ne!(
            before[page.as_os_str()].recent_hash,
            now[page.as_os_str()].recent_hash,
            "the bytes are compared"
        );
        let events = compare(&before, &now);
        assert_eq!(events.len(), 1);
        assert!(events[0].kind.is_modify());
        assert_eq!(events[0].paths, vec![page]);
    }

    #[test]
    fn a_file_that_is_no_longer_hashed_has_not_changed() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("alfa.md");
        std::fs::write(&page, "x").unwrap();
        let meta = std::fs::metadata(&page).unwrap();
        let now = SystemTime::now();
        let hashed = stamp(&page, &meta, now);
        let later = stamp(&page, &meta, now + RECENT + Duration::from_secs(1));
        assert!(hashed.recent_hash.is_some() && later.recent_hash.is_none());
        assert_eq!(hashed, later);
        let other = Stamp { recent_hash: Some(hashed.recent_hash.unwrap() ^ 1), ..hashed.clone() };
        assert_ne!(hashed, other);
    }

    #[test]
    fn new_and_removed_files_are_seen_and_a_flat_root_is_not_walked_into() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("kring.toml"), "title = \"x\"\n").unwrap();
        let roots = vec![(dir.path().to_path_buf(), false)];
        let before = look(&roots);
        std::fs::write(dir.path().join("content/nieuw.md"), "x").unwrap();
        assert_eq!(changed_paths(&before, &look(&roots)), 0, "content/ is not under a flat root");
        let deep = vec![(dir.path().join("content"), true)];
        let before = look(&deep);
        std::fs::write(dir.path().join("content/tweede.md"), "y").unwrap();
        std::fs::remove_file(dir.path().join("content/nieuw.md")).unwrap();
        let events = compare(&before, &look(&deep));
        assert_eq!(events.len(), 2);
        assert!(events.iter().any(|e| e.kind.is_create() && e.paths[0].ends_with("tweede.md")));
        assert!(events.iter().any(|e| e.kind.is_remove() && e.paths[0].ends_with("nieuw.md")));
    }
}
