//! Inputs that once crashed a fuzz target (`tests/fuzz_regressions/<target>/`) go through the
//! very function the target calls, so a fixed crash stays fixed. The demo content goes through
//! them too, so the targets' own checks are known to hold on real pages.

#[path = "../fuzz/src/lib.rs"]
mod targets;

use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Feeds every saved crash input of `target` to `f`; returns how many there were.
fn replay(target: &str, f: fn(&[u8])) -> usize {
    let dir = Path::new(ROOT).join("tests/fuzz_regressions").join(target);
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let e = e.unwrap();
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let bytes = std::fs::read(e.path()).unwrap();
        let run = std::panic::catch_unwind(|| f(&bytes));
        assert!(run.is_ok(), "{target}: {} fails again", e.path().display());
        n += 1;
    }
    n
}

#[test]
fn saved_crash_inputs_stay_fixed() {
    let n = replay("front_matter", targets::front_matter)
        + replay("markdown", targets::markdown)
        + replay("site", targets::site)
        + replay("privacy", targets::privacy)
        + replay("config", targets::config_file);
    println!("{n} saved fuzz inputs replayed");
}

#[test]
fn demo_content_passes_every_target() {
    let mut files = 0;
    for section in std::fs::read_dir(Path::new(ROOT).join("content")).unwrap() {
        let section = section.unwrap().path();
        if !section.is_dir() {
            continue;
        }
        for page in std::fs::read_dir(&section).unwrap().take(3) {
            let bytes = std::fs::read(page.unwrap().path()).unwrap();
            let mut with_pick = vec![files as u8];
            with_pick.extend_from_slice(&bytes);
            targets::front_matter(&with_pick);
            targets::markdown(&bytes);
            targets::site(&bytes);
            targets::privacy(&bytes);
            files += 1;
        }
    }
    assert!(files > 10, "only {files} demo files");
    targets::config_file(&std::fs::read(Path::new(ROOT).join("kring.toml")).unwrap());
}
