//! Search bundles taken over from the previous output: a bundle whose records are the same as
//! when it was built is read back from the output folder instead of indexed again. After an
//! edit of one page, only the bundle that holds that page is rebuilt.

use super::{BundleFiles, SharedRecord};
use crate::cache::hash_of;
use std::hash::{Hash, Hasher};
use std::path::Path;

/// The file in each bundle that says what it was built from: `key <hex>`, then one line per
/// file of the bundle, `<hex hash of its bytes> <path inside the bundle>`.
pub const MANIFEST: &str = "kring-bundle.txt";

/// What bundle `dir` is made of: kring's version, the language and every record in order.
pub(super) fn bundle_key(lang: &str, dir: &str, records: &[SharedRecord]) -> u64 {
    let mut h = crate::cache::key_hasher();
    (env!("CARGO_PKG_VERSION"), lang, dir, records.len()).hash(&mut h);
    for r in records {
        (&r.url, &r.content, &r.meta, &r.filters).hash(&mut h);
    }
    h.finish()
}

/// The manifest of a freshly built bundle, as a file of the output.
pub(super) fn manifest(dir: &str, key: u64, files: &BundleFiles) -> (String, Vec<u8>) {
    let mut listed: Vec<(&str, u64)> = files
        .iter()
        .map(|(path, bytes)| {
            let inner = path.strip_prefix(dir).and_then(|p| p.strip_prefix('/')).unwrap_or(path);
            (inner, hash_of(bytes))
        })
        .collect();
    // Sorted: Pagefind does not hand over its files in the same order every time.
    listed.sort();
    let mut text = format!("key {key:016x}\n");
    for (inner, hash) in listed {
        text.push_str(&format!("{hash:016x} {inner}\n"));
    }
    (format!("{dir}/{MANIFEST}"), text.into_bytes())
}

/// Bundle `dir` from the previous output folder, manifest included, if it was built with `key`
/// and every file it lists is still there with the same bytes.
pub(super) fn previous_bundle(previous: &Path, dir: &str, key: u64) -> Option<BundleFiles> {
    let folder = previous.join(dir);
    let text = std::fs::read_to_string(folder.join(MANIFEST)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != format!("key {key:016x}") {
        return None;
    }
    let mut files = Vec::new();
    for line in lines {
        let (hash, inner) = line.split_once(' ')?;
        // Only plain paths inside the bundle folder.
        if inner.split('/').any(|part| matches!(part, "" | "." | "..")) {
            return None;
        }
        let bytes = std::fs::read(folder.join(inner)).ok()?;
        if format!("{:016x}", hash_of(&bytes)) != hash {
            return None;
        }
        files.push((format!("{dir}/{inner}"), bytes));
    }
    files.push((format!("{dir}/{MANIFEST}"), text.into_bytes()));
    Some(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn record(url: &str, content: &str) -> SharedRecord {
        Arc::new(super::super::Record {
            url: url.into(),
            content: content.into(),
            meta: Default::default(),
            filters: Default::default(),
        })
    }

    #[test]
    fn a_bundle_is_taken_over_only_when_nothing_it_holds_changed() {
        let dir = tempfile::tempdir().unwrap();
        let records = vec![record("/a/", "een"), record("/b/", "twee")];
        let key = bundle_key("nl", "pagefind-2", &records);
        let files: BundleFiles = vec![
            ("pagefind-2/pagefind.js".into(), b"js".to_vec()),
            ("pagefind-2/fragment/nl_1.pf_fragment".into(), b"frag".to_vec()),
        ];
        let mut written = files.clone();
        written.push(manifest("pagefind-2", key, &files));
        for (path, bytes) in &written {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let mut reversed = files.clone();
        reversed.reverse();
        assert_eq!(manifest("pagefind-2", key, &reversed), manifest("pagefind-2", key, &files));
        let mut expected = files.clone();
        expected.sort();
        expected.push(manifest("pagefind-2", key, &files));
        assert_eq!(previous_bundle(dir.path(), "pagefind-2", key), Some(expected));
        // Another record text, language or folder gives another key.
        let edited = vec![record("/a/", "een"), record("/b/", "drie")];
        assert_ne!(bundle_key("nl", "pagefind-2", &edited), key);
        assert_ne!(bundle_key("en", "pagefind-2", &records), key);
        assert_ne!(bundle_key("nl", "pagefind-3", &records), key);
        assert_eq!(previous_bundle(dir.path(), "pagefind-2", key ^ 1), None);
        // A file of the bundle that changed or went missing: not taken over.
        std::fs::write(dir.path().join("pagefind-2/pagefind.js"), "anders").unwrap();
        assert_eq!(previous_bundle(dir.path(), "pagefind-2", key), None);
        std::fs::remove_file(dir.path().join("pagefind-2/pagefind.js")).unwrap();
        assert_eq!(previous_bundle(dir.path(), "pagefind-2", key), None);
        assert_eq!(previous_bundle(dir.path(), "pagefind-9", key), None);
    }
}
