//! Output: the built site as an in-memory file set, and writing it atomically to disk.
//!
//! The site is written into a temporary folder beside the output folder and swapped in by
//! renaming, so a failed or interrupted build leaves the previous output untouched. A file the
//! previous output already has with the same bytes is hard-linked instead of written again.

use crate::diagnostic::{Diagnostic, t};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The built site: relative path -> bytes. Bytes are shared, so `kring serve` can publish a
/// copy with a few files replaced without copying the rest.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OutputSet {
    /// Files by relative path with `/` separators.
    pub files: BTreeMap<String, Arc<Vec<u8>>>,
}

impl OutputSet {
    /// Adds or replaces a file.
    pub fn insert(&mut self, path: String, bytes: Vec<u8>) {
        self.files.insert(path, Arc::new(bytes));
    }

    /// Adds or replaces a file with bytes shared with a memo.
    pub fn insert_shared(&mut self, path: String, bytes: Arc<Vec<u8>>) {
        self.files.insert(path, bytes);
    }

    /// How many files differ from `before`: added, changed or gone. Files whose bytes are
    /// shared with `before` (a memo's) are not compared byte by byte.
    pub fn changed_from(&self, before: &OutputSet) -> usize {
        let differs = |(k, v): (&String, &Arc<Vec<u8>>)| match before.files.get(k) {
            Some(old) => !Arc::ptr_eq(old, v) && old != v,
            None => true,
        };
        let gone = before.files.keys().filter(|k| !self.files.contains_key(*k)).count();
        self.files.iter().filter(|f| differs(*f)).count() + gone
    }

    /// A file's bytes.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| b.as_slice())
    }

    /// A file as text, for tests and the server.
    pub fn text(&self, path: &str) -> Option<&str> {
        self.get(path).and_then(|b| std::str::from_utf8(b).ok())
    }

    /// Files from (path, bytes) pairs.
    pub fn from_files(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> OutputSet {
        let mut set = OutputSet::default();
        files.into_iter().for_each(|(path, bytes)| set.insert(path, bytes));
        set
    }

    /// Total size in bytes.
    pub fn total_bytes(&self) -> usize {
        self.files.values().map(|b| b.len()).sum()
    }
}

const TMP_MARK: &str = ".kring-tmp-";
const OLD_MARK: &str = ".kring-old-";

fn sibling(out: &Path, mark: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!("{name}{mark}{}", std::process::id()))
}

/// Removes temporary folders left by earlier interrupted builds. A build killed between its two
/// renames left no output folder but the previous one under its old-mark name: put that back.
fn clean_leftovers(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else { return };
    let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let prefix_tmp = format!("{}{TMP_MARK}", name.to_string_lossy());
    let prefix_old = format!("{}{OLD_MARK}", name.to_string_lossy());
    let mut found: Vec<(String, PathBuf)> = entries
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(n, _)| n.starts_with(&prefix_tmp) || n.starts_with(&prefix_old))
        .collect();
    found.sort();
    for (n, path) in found {
        if n.starts_with(&prefix_old) && !out.exists() && std::fs::rename(&path, out).is_ok() {
            continue;
        }
        let _ = std::fs::remove_dir_all(path);
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path.display().to_string(), "write", t(
        format!("kan de site niet wegschrijven: {e}"),
        format!("cannot write the site: {e}"),
    ))
    .with_hint(t(
        "controleer of er schijfruimte is en of u in deze map mag schrijven; de vorige versie is onaangeroerd",
        "check disk space and write permission; the previous version is untouched",
    ))
}

/// Writes all files to `out`, replacing its previous contents only when everything was written.
pub fn write_atomic(files: &OutputSet, out: &Path) -> Result<(), Diagnostic> {
    let staging = Staging::new(out);
    staging.write(files)?;
    staging.finish()
}

/// An output folder being written: files go into a temporary folder beside `out`, which takes
/// its place on [`Staging::finish`]. Dropped unfinished, it leaves `out` as it was.
pub struct Staging {
    tmp: PathBuf,
    out: PathBuf,
    finished: bool,
}

impl Staging {
    /// Starts writing the site for `out`.
    pub fn new(out: &Path) -> Staging {
        clean_leftovers(out);
        Staging { tmp: sibling(out, TMP_MARK), out: out.to_path_buf(), finished: false }
    }

    /// Writes (more) files; a build can write its pages, free them, then add the search index.
    pub fn write(&self, files: &OutputSet) -> Result<(), Diagnostic> {
        write_all(files, &self.tmp, self.previous()).map_err(|d| self.name_out(d))
    }

    /// The output folder this build replaces, if there is one: files are taken over from it.
    pub fn previous(&self) -> Option<&Path> {
        self.out.is_dir().then_some(self.out.as_path())
    }

    /// Puts the written site in place of the previous one.
    pub fn finish(mut self) -> Result<(), Diagnostic> {
        self.finished = true;
        let result = swap_in(&self.tmp, &self.out).map_err(|d| self.name_out(d));
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
        result
    }

    /// Names the output folder the user chose in a diagnostic, not our temporary one.
    fn name_out(&self, mut d: Diagnostic) -> Diagnostic {
        d.path = self.out.display().to_string();
        d
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

fn write_all(files: &OutputSet, dir: &Path, previous: Option<&Path>) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    files.files.par_iter().try_for_each(|(rel, bytes)| {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        }
        if let Some(old) = previous.map(|p| p.join(rel))
            && same_bytes(&old, bytes)
            && std::fs::hard_link(&old, &path).is_ok()
        {
            return Ok(());
        }
        write_new(&path, bytes).map_err(|e| io_error(&path, &e))
    })
}

/// Writes a new file. A file already at `path` (written by an earlier `write` of this build)
/// is replaced, never written into: it may be linked to the previous output, which must stay
/// as it was until the swap.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let file = std::fs::File::create_new(path).or_else(|_| {
        let _ = std::fs::remove_file(path);
        std::fs::File::create_new(path)
    });
    file.and_then(|mut f| f.write_all(bytes))
}

/// Whether `path` is a regular file (not a link) holding exactly `bytes`. Such a file is linked
/// into the new output instead of written: that keeps its modification time (deploy tools such
/// as rsync then skip it), and creating and later deleting tens of thousands of files per build
/// costs some file systems more than reading them (ext4 scans past recently freed inodes).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {}
        _ => return false,
    }
    let mut old = Vec::with_capacity(bytes.len());
    std::fs::File::open(path)
        .and_then(|f| f.take(bytes.len() as u64 + 1).read_to_end(&mut old))
        .is_ok()
        && old == bytes
}

fn swap_in(tmp: &Path, out: &Path) -> Result<(), Diagnostic> {
    if out.exists() {
        let old = sibling(out, OLD_MARK);
        std::fs::rename(out, &old).map_err(|e| io_error(out, &e))?;
        if let Err(e) = std::fs::rename(tmp, out) {
            let _ = std::fs::rename(&old, out);
            return Err(io_error(out, &e));
        }
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(tmp, out).map_err(|e| io_error(out, &e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_files_added_changed_and_gone() {
        let mut before = OutputSet::default();
        for (k, v) in [("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")] {
            before.insert(k.into(), v.as_bytes().to_vec());
        }
        let mut after = before.clone();
        assert_eq!(after.changed_from(&before), 0);
        after.insert("b".into(), b"2".to_vec()); // the same bytes, not shared
        after.insert("c".into(), b"drie".to_vec());
        after.insert("e".into(), b"5".to_vec());
        after.files.remove("d");
        assert_eq!(after.changed_from(&before), 3);
    }

    #[test]
    fn replaces_previous_output_and_leaves_no_temp_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.html"), "oud").unwrap();
        std::fs::create_dir_all(dir.path().join("public.kring-tmp-1")).unwrap();
        let mut set = OutputSet::default();
        set.insert("a/index.html".into(), b"nieuw".to_vec());
        write_atomic(&set, &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "nieuw");
        assert!(!out.join("old.html").exists());
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn a_build_killed_between_the_renames_gets_its_previous_output_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = dir.path().join("public.kring-old-7");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), "vorige").unwrap();
        std::fs::create_dir_all(dir.path().join("public.kring-tmp-7")).unwrap();
        clean_leftovers(&out);
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "vorige");
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn staged_in_steps_or_given_up() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.html"), "oud").unwrap();
        let one = |path: &str| OutputSet::from_files([(path.to_string(), b"x".to_vec())]);
        // Given up half way (e.g. the search index failed): the previous site stays.
        let staging = Staging::new(&out);
        staging.write(&one("a.html")).unwrap();
        drop(staging);
        assert!(out.join("old.html").exists() && !out.join("a.html").exists());
        let names = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(names, 1, "no temporary folder left");
        // Pages first, the index later: both arrive, the old files go.
        let staging = Staging::new(&out);
        staging.write(&one("a.html")).unwrap();
        staging.write(&one("pagefind/b.pf")).unwrap();
        staging.finish().unwrap();
        assert!(out.join("a.html").exists() && out.join("pagefind/b.pf").exists());
        assert!(!out.join("old.html").exists());
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_from_the_previous_output() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let ino = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().ino();
        let site = |b: &str| {
            OutputSet::from_files([
                ("same/index.html".to_string(), b"gelijk".to_vec()),
                ("changed.html".to_string(), b.as_bytes().to_vec()),
                ("link.html".to_string(), b"doel".to_vec()),
            ])
        };
        write_atomic(&site("een"), &out).unwrap();
        let (same, changed) = (ino("same/index.html"), ino("changed.html"));
        // A link in the previous output with the right bytes is replaced by a file, not kept.
        std::fs::write(dir.path().join("doel"), "doel").unwrap();
        std::fs::remove_file(out.join("link.html")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("doel"), out.join("link.html")).unwrap();
        write_atomic(&site("twee"), &out).unwrap();
        assert_eq!(ino("same/index.html"), same, "the unchanged file is the same file");
        assert_ne!(ino("changed.html"), changed);
        assert_eq!(std::fs::read_to_string(out.join("changed.html")).unwrap(), "twee");
        assert!(std::fs::symlink_metadata(out.join("link.html")).unwrap().is_file());
        assert_eq!(std::fs::read_to_string(out.join("same/index.html")).unwrap(), "gelijk");
        assert_eq!(std::fs::metadata(out.join("same/index.html")).unwrap().nlink(), 1);
        // A path staged twice in one build is replaced, not written through its link.
        let staging = Staging::new(&out);
        staging.write(&site("twee")).unwrap();
        let other = OutputSet::from_files([("same/index.html".to_string(), b"anders".to_vec())]);
        staging.write(&other).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("same/index.html")).unwrap(), "gelijk");
        staging.finish().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("same/index.html")).unwrap(), "anders");
    }
}
