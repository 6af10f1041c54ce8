//! Build caches for `kring serve`: results of parsing, privacy scanning and Markdown rendering,
//! keyed by a hash of everything they depend on, so a rebuild after one edit redoes only what
//! that edit can change and still equals a full build.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// The hasher of memo keys and ETags: XXH3, 64 bits, of all bytes written. SipHash (std's
/// default) took a tenth of a cached rebuild's CPU at 10,000 pages; keys need no protection
/// against chosen inputs. Small writes (the numbers and short names that make up most keys)
/// are gathered and hashed in one call: XXH3's streaming update per 8-byte write was most of
/// the cost of the render keys. Large ones stream, so memory stays small.
#[derive(Clone, Default)]
pub struct KeyHasher {
    small: Vec<u8>,
    stream: Option<Box<xxhash_rust::xxh3::Xxh3Default>>,
}

/// Gathered bytes are streamed on from this size.
const GATHER: usize = 4096;

impl KeyHasher {
    fn flush(&mut self) {
        let stream = self.stream.get_or_insert_with(Default::default);
        stream.update(&self.small);
        self.small.clear();
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        if self.small.len() + bytes.len() <= GATHER {
            self.small.extend_from_slice(bytes);
            return;
        }
        self.flush();
        match bytes.len() <= GATHER {
            true => self.small.extend_from_slice(bytes),
            false => self.stream.get_or_insert_with(Default::default).update(bytes),
        }
    }

    fn finish(&self) -> u64 {
        match &self.stream {
            None => xxhash_rust::xxh3::xxh3_64(&self.small),
            Some(stream) => {
                let mut stream = stream.clone();
                stream.update(&self.small);
                stream.digest()
            }
        }
    }
}

/// A hash map for names and paths: foldhash (fixed seed) instead of SipHash, whose resistance
/// to chosen keys a build's own files do not need.
pub type NameMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// A new [`KeyHasher`].
pub fn key_hasher() -> KeyHasher {
    KeyHasher { small: Vec::with_capacity(256), stream: None }
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

    #[test]
    fn a_key_is_the_xxh3_of_all_bytes_written_however_they_were_split() {
        // Small writes, one past the gathering size, and one larger than it.
        let pieces: Vec<Vec<u8>> = (0..3000u32)
            .map(|i| i.to_le_bytes().to_vec())
            .chain([vec![7u8; GATHER + 1], vec![1, 2, 3], vec![9u8; 3 * GATHER]])
            .chain((0..50u32).map(|i| vec![i as u8; i as usize]))
            .collect();
        let all: Vec<u8> = pieces.concat();
        let mut h = key_hasher();
        pieces.iter().for_each(|p| h.write(p));
        assert_eq!(h.finish(), xxhash_rust::xxh3::xxh3_64(&all));
        // Asking twice gives the same, and a hasher that only gathered agrees too.
        assert_eq!(h.finish(), xxhash_rust::xxh3::xxh3_64(&all));
        let mut small = key_hasher();
        small.write(b"kring");
        assert_eq!(small.finish(), xxhash_rust::xxh3::xxh3_64(b"kring"));
    }
}
