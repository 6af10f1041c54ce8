//! Build caches for `kring serve`: results of parsing, privacy scanning and Markdown rendering,
//! keyed by a hash of everything they depend on, so a rebuild after one edit redoes only what
//! that edit can change and still equals a full build.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// The hasher of memo keys and ETags: XXH3, 64 bits. SipHash (std's default) took a tenth of
/// a cached rebuild's CPU at 10,000 pages; keys need no protection against chosen inputs.
pub type KeyHasher = xxhash_rust::xxh3::Xxh3Default;

/// A hash map for names and paths: foldhash (fixed seed) instead of SipHash, whose resistance
/// to chosen keys a build's own files do not need.
pub type NameMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// A new [`KeyHasher`].
pub fn key_hasher() -> KeyHasher {
    KeyHasher::new()
}

/// A hash of any hashable value.
pub fn hash_of(value: &impl Hash) -> u64 {
    let mut h = key_hasher();
    value.hash(&mut h);
    h.finish()
}

/// Remembers one value per name together with the hash of its inputs.
#[derive(Debug)]
pub struct Memo<V> {
    entries: Mutex<NameMap<String, (u64, V)>>,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo { entries: Mutex::new(NameMap::default()) }
    }
}

impl<V: Clone> Memo<V> {
    /// The value stored under `name` if its inputs hashed to `key`.
    pub fn get(&self, name: &str, key: u64) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get(name).filter(|(k, _)| *k == key).map(|(_, v)| v.clone())
    }

    /// Stores `value` under `name` for inputs hashing to `key`.
    pub fn put(&self, name: &str, key: u64, value: V) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.to_string(), (key, value));
    }

    /// Looks up, or computes and stores.
    pub fn get_or(&self, name: &str, key: u64, compute: impl FnOnce() -> V) -> V {
        if let Some(v) = self.get(name, key) {
            return v;
        }
        let v = compute();
        self.put(name, key, v.clone());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recomputes_only_when_inputs_change() {
        let memo: Memo<u32> = Memo::default();
        let mut calls = 0;
        assert_eq!(
            memo.get_or("a", 1, || {
                calls += 1;
                10
            }),
            10
        );
        assert_eq!(
            memo.get_or("a", 1, || {
                calls += 1;
                20
            }),
            10
        );
        assert_eq!(
            memo.get_or("a", 2, || {
                calls += 1;
                30
            }),
            30
        );
        assert_eq!(calls, 2);
    }
}
