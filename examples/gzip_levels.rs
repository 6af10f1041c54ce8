//! How fast Pagefind's output compresses at each gzip level, with the backend kring builds
//! flate2 with (zlib-rs): the numbers behind asking Pagefind for a compression option.
//! Usage: `cargo run --release --example gzip_levels -- OUTPUT/pagefind [LEVEL...]`
//! (the `fragment/` and `index/` files of one bundle; each is compressed as Pagefind does it).

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use std::io::{Read, Write};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(bundle) = args.next() else {
        eprintln!("usage: gzip_levels BUNDLE_DIR [LEVEL...]");
        std::process::exit(2);
    };
    let mut levels: Vec<u32> = args.filter_map(|a| a.parse().ok()).collect();
    if levels.is_empty() {
        levels = vec![1, 4, 6, 9];
    }
    let inputs = read_bundle(std::path::Path::new(&bundle));
    let raw: usize = inputs.iter().map(Vec::len).sum();
    println!("{} files, {:.1} MB uncompressed", inputs.len(), raw as f64 / 1e6);
    for level in levels {
        let started = Instant::now();
        let compressed: usize = inputs.iter().map(|i| gzip(i, level).len()).sum();
        let secs = started.elapsed().as_secs_f64();
        println!(
            "level {level}: {:.2} s, {:.1} MB/s, compressed to {:.3} of the input",
            secs,
            raw as f64 / 1e6 / secs,
            compressed as f64 / raw as f64
        );
    }
}

/// The uncompressed contents of a bundle's fragment and index files.
fn read_bundle(bundle: &std::path::Path) -> Vec<Vec<u8>> {
    let mut inputs = Vec::new();
    for sub in ["fragment", "index"] {
        let Ok(dir) = std::fs::read_dir(bundle.join(sub)) else { continue };
        for entry in dir.flatten() {
            let Ok(bytes) = std::fs::read(entry.path()) else { continue };
            let mut text = Vec::new();
            if GzDecoder::new(&bytes[..]).read_to_end(&mut text).is_ok() {
                inputs.push(text);
            }
        }
    }
    inputs
}

/// Compressed like Pagefind's `write`: one gzip stream per file.
fn gzip(bytes: &[u8], level: u32) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::new(level));
    // Writing into a Vec cannot fail.
    gz.write_all(bytes).and_then(|()| gz.finish()).unwrap_or_default()
}
