//! The Pagefind index: records are dealt into bundles of about 1,250 pages, built as many at a
//! time as there are cores, each in its own Pagefind instance.

use super::{BUNDLE_DIR, SharedRecord, reuse};
use crate::diagnostic::{Diagnostic, Lang, t};
use std::path::Path;
use std::sync::Arc;

fn index_error(e: String) -> Diagnostic {
    Diagnostic::error(
        "zoeken",
        "search-index",
        t(
            format!("de zoekindex kon niet gemaakt worden: {e}"),
            format!("the search index could not be built: {e}"),
        ),
    )
}

/// The diagnostic for a search indexer that stopped with a panic.
pub fn panicked() -> Diagnostic {
    index_error("interne fout in de indexering / internal error while indexing".into())
}

/// Pages per search bundle. Pagefind holds everything about a bundle's pages in memory while it
/// builds it (about 220 kB a page here), so bundles of this size, built two at a time, keep a
/// 10,000-page build well under 1 GB; its API also indexes one record at a time behind a lock,
/// so more bundles are what lets it use more than one core. The search page merges them in the
/// browser (`mergeIndex`).
const PAGES_PER_BUNDLE: usize = 1250;

/// The gzip level of the index files. Level 6 compresses about twice as fast as Pagefind's
/// default 9, to within 0.5 % of its size (see docs/performance.md).
const COMPRESSION_LEVEL: u32 = 6;

/// The most bundles: each one costs the browser a request and a small wasm module per search.
pub const MAX_BUNDLES: usize = 16;

/// How many bundles `records` records are indexed into; `KRING_SEARCH_SHARDS` (1-16) overrides
/// it, for tests and benchmarks.
pub fn shard_count(records: usize) -> usize {
    match std::env::var("KRING_SEARCH_SHARDS").ok().and_then(|v| v.parse::<usize>().ok()) {
        Some(k) => k.clamp(1, MAX_BUNDLES),
        None => default_bundles(records),
    }
}

pub(super) fn default_bundles(records: usize) -> usize {
    records.div_ceil(PAGES_PER_BUNDLE).clamp(1, MAX_BUNDLES)
}

/// The output folder of bundle `i`: `pagefind`, `pagefind-2`, ...
pub fn bundle_dir(i: usize) -> String {
    if i == 0 { BUNDLE_DIR.to_string() } else { format!("{BUNDLE_DIR}-{}", i + 1) }
}

/// The URLs of the bundles besides the first, for the search page to merge.
pub fn extra_bundles(records: usize) -> Vec<String> {
    (1..shard_count(records)).map(|i| format!("/{}/", bundle_dir(i))).collect()
}

/// Files of a search bundle: (path in the output, bytes).
pub type BundleFiles = Vec<(String, Vec<u8>)>;

/// Builds the Pagefind bundle(s), as many at a time as there are cores (each bundle uses one).
/// With `previous`, the output folder of the last build, a bundle whose records did not change
/// is taken from there instead (see [`super::reuse`]).
pub fn build_index(
    lang: Lang,
    records: Vec<SharedRecord>,
    previous: Option<&Path>,
) -> Result<BundleFiles, Diagnostic> {
    let k = shard_count(records.len());
    if k == 1 {
        return bundle_or_previous(lang, records, 0, previous);
    }
    // Dealt by a hash of the URL: each bundle gets a similar mix of page types and sizes, and
    // a page added or removed changes only its own bundle, so the others can be taken over
    // from the previous output.
    // A tiny site with more bundles forced than that has pages would leave a bundle empty:
    // then they are dealt in turn.
    let mut shards: Vec<Vec<SharedRecord>> = (0..k).map(|_| Vec::new()).collect();
    let by_url: Vec<usize> =
        records.iter().map(|r| (crate::cache::hash_of(&r.url) % k as u64) as usize).collect();
    let all_used = (0..k).all(|i| by_url.contains(&i));
    for (n, r) in records.into_iter().enumerate() {
        shards[if all_used { by_url[n] } else { n % k }].push(r);
    }
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(k);
    // A bundle's records leave the queue when a worker takes them, and its index memory is
    // freed when it is done: at most `workers` bundles are in memory at once.
    let queue = std::sync::Mutex::new(shards.into_iter().enumerate());
    let work = || {
        let mut built = Vec::new();
        loop {
            let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
            let Some((i, rs)) = next else { return built };
            built.push((i, bundle_or_previous(lang, rs, i, previous)));
        }
    };
    // Joined here, so that a panicking indexer is an error, not a panic of ours.
    let joined: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers).map(|_| s.spawn(work)).collect();
        handles.into_iter().map(|h| h.join()).collect()
    });
    let mut done = Vec::with_capacity(k);
    for built in joined {
        done.extend(built.map_err(|_| panicked())?);
    }
    done.sort_by_key(|(i, _)| *i);
    let mut files = Vec::new();
    for (_, r) in done {
        files.extend(r?);
    }
    Ok(files)
}

/// Bundle `i`, from the previous output when its records are the same, else built; with the
/// manifest that lets the next build take it over.
fn bundle_or_previous(
    lang: Lang,
    records: Vec<SharedRecord>,
    i: usize,
    previous: Option<&Path>,
) -> Result<BundleFiles, Diagnostic> {
    let dir = bundle_dir(i);
    let key = reuse::bundle_key(lang.code(), &dir, &records);
    if let Some(files) = previous.and_then(|p| reuse::previous_bundle(p, &dir, key)) {
        return Ok(files);
    }
    let mut files = build_bundle(lang, records, &dir)?;
    files.push(reuse::manifest(&dir, key, &files));
    Ok(files)
}

fn build_bundle(
    lang: Lang,
    records: Vec<SharedRecord>,
    dir: &str,
) -> Result<BundleFiles, Diagnostic> {
    let fail = index_error;
    let lang = lang.code().to_string();
    let runtime =
        tokio::runtime::Builder::new_current_thread().build().map_err(|e| fail(e.to_string()))?;
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .force_language(lang.clone())
            .compression_level(COMPRESSION_LEVEL)
            .build();
        let mut index =
            pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| fail(e.to_string()))?;
        for r in records {
            // A record shared with `kring serve`'s memo is copied here, off the preview's path.
            let r = Arc::unwrap_or_clone(r);
            index
                .add_custom_record(
                    r.url,
                    r.content,
                    lang.clone(),
                    Some(r.meta),
                    Some(r.filters),
                    None,
                )
                .await
                .map_err(|e| fail(e.to_string()))?;
        }
        let files = index.get_files().await.map_err(|e| fail(e.to_string()))?;
        Ok(files
            .into_iter()
            .map(|f| {
                let rel = f.filename.to_string_lossy().replace('\\', "/");
                let rel = rel.trim_start_matches("./").trim_start_matches('/');
                let path = match rel.strip_prefix(BUNDLE_DIR).and_then(|r| r.strip_prefix('/')) {
                    Some(inner) => format!("{dir}/{inner}"),
                    None => format!("{dir}/{rel}"),
                };
                (path, f.contents)
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn record(n: usize) -> SharedRecord {
        Arc::new(super::super::Record {
            url: format!("/praktijken/p{n}/"),
            content: format!("De wijkverpleegkundige bespreekt praktijk {n} met het wijkteam."),
            meta: [("title".to_string(), format!("Praktijk {n}"))].into(),
            filters: Default::default(),
        })
    }

    #[test]
    fn index_files_are_gzipped_at_the_faster_level() {
        let files = build_index(Lang::Nl, (0..3).map(record).collect(), None).unwrap();
        let gzipped: Vec<_> = files.iter().filter(|(p, _)| p.contains(".pf_")).collect();
        // Meta, fragments, word index and filters: the files Pagefind compresses.
        assert!(gzipped.len() >= 5, "{:?}", files.iter().map(|f| &f.0).collect::<Vec<_>>());
        for (path, bytes) in gzipped {
            assert_eq!(&bytes[..2], &[0x1f, 0x8b], "{path} is gzip");
            // The header's XFL byte: 2 for level 9 (Pagefind's own), 0 for levels 2-8.
            assert_eq!(bytes[8], 0, "{path} is not gzipped at level {COMPRESSION_LEVEL}");
            let mut text = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut text).unwrap();
            assert!(text.starts_with(b"pagefind_dcd"), "{path} holds a Pagefind file");
        }
    }
}
