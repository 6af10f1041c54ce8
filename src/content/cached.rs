//! Reading pages through `kring serve`'s cache: a file whose bytes, inherited type and
//! configuration are unchanged is not parsed again, and a file whose metadata is unchanged
//! and was already settled when it was last read is not even read again.

use super::{Page, page_from_text, read_page};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// What a page's file parsed into.
pub(super) type Parsed = (Option<Arc<Page>>, Vec<Diagnostic>);

/// Parse results per file, and per file the key of its bytes under its metadata.
#[derive(Debug, Default)]
pub struct PageMemo {
    parsed: crate::cache::Memo<Parsed>,
    stamps: crate::cache::Memo<u64>,
}

/// A file changed this recently may change again within the file system's timestamp
/// granularity without its metadata showing it; such a file is always read.
const SETTLED: Duration = Duration::from_secs(2);

/// A hash of a file's metadata (size, modification and change times, inode), if the file was
/// last changed long enough ago for the metadata to tell any later change.
fn settled_stamp(path: &Path, now: SystemTime) -> Option<u64> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?;
    if now.duration_since(modified).ok()? < SETTLED {
        return None;
    }
    #[cfg(unix)]
    let extra = {
        use std::os::unix::fs::MetadataExt;
        // The change time moves with every write and every metadata change, and tools cannot
        // set it back the way `cp -p` or `touch -d` set the modification time.
        let changed = u64::try_from(meta.ctime()).ok()?;
        if now.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs() < changed + SETTLED.as_secs()
        {
            return None;
        }
        (meta.ctime(), meta.ctime_nsec(), meta.ino(), meta.dev())
    };
    #[cfg(not(unix))]
    let extra = ();
    Some(crate::cache::hash_of(&(meta.len(), modified, extra)))
}

/// Page `rel` at `path`, parsed the way a build without cache parses it.
pub(super) fn cached_page(
    (memo, config_hash): (&PageMemo, u64),
    (rel, path): (&str, &Path),
    display_root: &str,
    config: &Config,
    kinds: &HashMap<&str, &str>,
) -> Parsed {
    let section = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let inherited = super::inherited_kind(section, kinds);
    // Taken before the file is read: a write in between leaves a stamp that no longer matches.
    let stamp = settled_stamp(path, SystemTime::now())
        .map(|s| crate::cache::hash_of(&(s, &inherited, config_hash)));
    if let Some(stamp) = stamp
        && let Some(key) = memo.stamps.get(rel, stamp)
        && let Some(parsed) = memo.parsed.get(rel, key)
    {
        return parsed;
    }
    let Ok(bytes) = std::fs::read(path) else {
        let (page, diags) = read_page(rel, path, display_root, config, kinds);
        return (page.map(Arc::new), diags);
    };
    // The file's bytes, its inherited type and the configuration decide the result.
    let key = crate::cache::hash_of(&(&bytes, &inherited, config_hash));
    // Parse the very bytes that were hashed: reading the file again could see a later (or
    // half-written) version and remember it under this key.
    let parsed = memo.parsed.get_or(rel, key, || {
        let shown = format!("{display_root}/{rel}");
        match super::files::decode(bytes, &shown) {
            Ok(text) => {
                let (page, diags) = page_from_text(rel, &text, shown, config, kinds);
                (page.map(|page| Arc::new(Page { source_key: key, ..page })), diags)
            }
            Err(d) => (None, vec![d]),
        }
    });
    if let Some(stamp) = stamp {
        memo.stamps.put(rel, stamp, key);
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;

    #[cfg(unix)]
    #[test]
    fn a_settled_file_is_trusted_by_its_metadata_until_any_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "+++\ntitle = \"Aaa\"\n+++\nTekst.\n").unwrap();
        let config = parse_config("title = \"t\"\n", "kring.toml").unwrap();
        let memo = PageMemo::default();
        let load = || {
            let (page, diags) =
                cached_page((&memo, 1), ("a.md", &path), "content", &config, &HashMap::new());
            assert!(diags.is_empty(), "{diags:?}");
            page.unwrap().meta.title.clone()
        };
        // Just written: never trusted by its metadata.
        assert_eq!(settled_stamp(&path, SystemTime::now()), None);
        std::thread::sleep(SETTLED + Duration::from_millis(200));
        let stamp = settled_stamp(&path, SystemTime::now());
        assert!(stamp.is_some());
        assert_eq!(load(), "Aaa");
        assert_eq!(load(), "Aaa");
        // The same size, and the modification time set back as `cp -p` or `touch -d` would:
        // the change time still moves, so the new text is read.
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::fs::write(&path, "+++\ntitle = \"Bbb\"\n+++\nTekst.\n").unwrap();
        std::fs::File::options().write(true).open(&path).unwrap().set_modified(modified).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), modified);
        assert_ne!(settled_stamp(&path, SystemTime::now() + SETTLED * 2), stamp);
        assert_eq!(load(), "Bbb");
    }
}
