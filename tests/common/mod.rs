//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of a fixture site.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Copies a fixture site into a fresh temporary folder.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(name), dir.path());
    dir
}

/// The demo knowledge base (kring.toml and content/ of this repository) in a fresh folder.
pub fn copy_demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("kring.toml"), dir.path().join("kring.toml")).unwrap();
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Runs the kring binary in `root` and returns (exit code, stdout, stderr).
pub fn kring(root: &Path, args: &[&str]) -> (i32, String, String) {
    kring_env(root, args, &[])
}

/// Like [`kring`], with environment variables set.
pub fn kring_env(root: &Path, args: &[&str], vars: &[(&str, &str)]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kring"))
        .arg("--root")
        .arg(root)
        .args(args)
        .envs(vars.iter().copied())
        .output()
        .expect("run kring");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Builds a site in memory.
pub fn build(root: &Path) -> kring::build::BuildResult {
    kring::build::build(&kring::build::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    })
}

/// The number of lines of a page's front matter.
pub fn front_lines(text: &str) -> usize {
    text.split("+++").nth(1).unwrap_or("").lines().count()
}

/// Per folder of a knowledge base (one type each), the page with the most front matter,
/// relative to `content/`.
pub fn fullest_page_per_folder(root: &Path) -> Vec<String> {
    let mut pages: Vec<String> = Vec::new();
    for section in std::fs::read_dir(root.join("content")).unwrap() {
        let section = section.unwrap().path();
        let fullest = std::fs::read_dir(&section)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".md"))
            .filter(|e| e.file_name() != "_index.md")
            .map(|e| (front_lines(&std::fs::read_to_string(e.path()).unwrap()), e.file_name()))
            .max();
        if let Some((_, name)) = fullest {
            let folder = section.file_name().unwrap().to_string_lossy().into_owned();
            pages.push(format!("{folder}/{}", name.to_string_lossy()));
        }
    }
    pages.sort();
    pages
}

/// One changed value for a line of front matter: another number, the other truth value, a
/// later year, more text, another score in an inline table, another role in a list of tables;
/// None for lines it does not know.
pub fn changed_line(line: &str) -> Option<String> {
    if line.trim_start().starts_with("{ ") && line.contains('"') {
        return Some(line.replacen('"', "\"Herzien: ", 1));
    }
    let (key, value) = line.split_once(" = ")?;
    if key.starts_with(['#', '[']) || key.contains(' ') {
        return None;
    }
    let changed = match value {
        "true" => "false".to_string(),
        "false" => "true".to_string(),
        v if v.parse::<i64>().is_ok() => (v.parse::<i64>().ok()? + 1).to_string(),
        v if v.len() == 10 && v.as_bytes()[4] == b'-' => format!("2019{}", &v[4..]),
        v if v.starts_with('"') => v.replacen('"', "\"Herzien: ", 1),
        v if v.starts_with("[\"") => v.replacen("[\"", "[\"Nieuw\", \"", 1),
        v if v.starts_with("{ ") => {
            // The first score of a map of scores from 1 to 5.
            let at = v.find(" = ")? + 3;
            let score: u8 = v[at..].split([',', ' ']).next()?.parse().ok()?;
            let other = if score < 5 { score + 1 } else { score - 1 };
            format!("{}{other}{}", &v[..at], &v[at + 1..])
        }
        _ => return None,
    };
    Some(format!("{key} = {changed}"))
}
