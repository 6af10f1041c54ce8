//! Bad input never panics. Every case in `tests/fixtures/bad/<case>/` is a small site (or an
//! overlay on another fixture) with an `expect.toml`; the test runs `kring build` on it in a
//! folder whose previous `public/` holds marker files, and asserts the exit code, the expected
//! diagnostics (with `path:line:col` and code), no panic text, no hang, no temporary folders
//! left behind, and, when the build fails, a `public/` that is byte-for-byte as it was.

mod common;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What `tests/fixtures/bad/<case>/expect.toml` says.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// 0 (builds), 1 (content errors) or 2 (usage).
    exit: i32,
    /// The fixture to start from (e.g. "minimal"); without it the case folder is the whole site.
    base: Option<String>,
    /// Files of the base to delete first.
    #[serde(default)]
    remove: Vec<String>,
    /// Something the test makes at run time: too big, or impossible to keep in git.
    generate: Option<String>,
    /// Arguments after `build`.
    #[serde(default)]
    args: Vec<String>,
    /// Texts stderr must contain.
    #[serde(default)]
    contains: Vec<String>,
    /// Texts stderr must contain exactly once (a problem is not repeated per page).
    #[serde(default)]
    once: Vec<String>,
    /// Output files a successful build must have.
    #[serde(default)]
    files: Vec<String>,
    /// Why no `path:line:col` can be given (the file as a whole cannot be read, for example).
    unlocated: Option<String>,
}

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bad");
/// Generous for a 20 MB page in a debug build; a hang (a pipe read forever) goes far beyond.
const TIMEOUT: Duration = Duration::from_secs(180);

fn copy_tree(from: &Path, to: &Path, skip: &str) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_name() == skip {
            continue;
        }
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&e.path(), &target, skip);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Makes what cannot live in git: very large files, links, pipes, empty folders.
fn generate(root: &Path, what: &str) {
    let head = |title: &str| format!("+++\ntitle = \"{title}\"\ndatum = 2024-01-01\n+++\n");
    match what {
        "huge" => {
            let body = "Een zin over het wijkteam in de wijk. ".repeat(560_000);
            write(
                root,
                "content/verslagen/groot.md",
                format!("{}{body}", head("Groot")).as_bytes(),
            );
        }
        "deep" => {
            let body = format!(
                "{}x\n\n{}y\n\n{}z\n",
                "- ".repeat(3000),
                "> ".repeat(3000),
                "[".repeat(5000)
            );
            write(root, "content/verslagen/diep.md", format!("{}{body}", head("Diep")).as_bytes());
        }
        "headings" => {
            let body = "## Kop\n\nTekst.\n\n".repeat(5000);
            write(
                root,
                "content/verslagen/koppen.md",
                format!("{}{body}", head("Koppen")).as_bytes(),
            );
        }
        "symlink-loop" => symlink(&root.join("content"), &root.join("content/verslagen/lus")),
        "dangling-symlink" => {
            symlink(&root.join("bestaat-niet.md"), &root.join("content/verslagen/weg.md"))
        }
        "fifo" => {
            let path = root.join("content/verslagen/pijp.md");
            let ok = Command::new("mkfifo").arg(&path).status().unwrap().success();
            assert!(ok, "mkfifo failed");
        }
        "empty-content" => std::fs::create_dir_all(root.join("content")).unwrap(),
        other => panic!("unknown generator {other}"),
    }
}

fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).into_iter().map(Result::unwrap) {
        if e.file_type().is_file() {
            out.insert(
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    out
}

/// Runs `kring build` with a deadline; returns (exit code, stderr).
fn run_build(root: &Path, args: &[String], case: &str) -> (i32, String) {
    let err_path = root.join("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kring"))
        .arg("--root")
        .arg(root)
        .arg("build")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("{case}: kring build did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let err = std::fs::read_to_string(&err_path).unwrap();
    std::fs::remove_file(&err_path).unwrap();
    (status.code().unwrap_or(-1), err)
}

/// `path:line:col: fout[code]` at the start of a diagnostic line.
fn is_located(line: &str) -> bool {
    let Some((loc, rest)) = line.split_once(": fout[") else { return false };
    let parts: Vec<&str> = loc.rsplitn(3, ':').collect();
    parts.len() == 3
        && parts[0].parse::<usize>().is_ok_and(|n| n > 0)
        && parts[1].parse::<usize>().is_ok_and(|n| n > 0)
        && !parts[2].is_empty()
        && rest.split_once(']').is_some_and(|(code, _)| !code.is_empty())
}

fn check_case(name: &str, dir: &Path) {
    let text = std::fs::read_to_string(dir.join("expect.toml")).unwrap();
    let expect: Expect =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{name}/expect.toml: {e}"));
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    if let Some(base) = &expect.base {
        copy_tree(&common::fixture(base), root, "");
    }
    expect.remove.iter().for_each(|r| std::fs::remove_file(root.join(r)).unwrap());
    copy_tree(dir, root, "expect.toml");
    if let Some(what) = &expect.generate {
        generate(root, what);
    }
    write(root, "public/index.html", b"vorige versie");
    write(root, "public/bestanden/merk.bin", &[0, 159, 146, 150, 255, 10]);
    let before = snapshot(&root.join("public"));
    let (code, err) = run_build(root, &expect.args, name);
    assert_eq!(code, expect.exit, "{name}: exit code\n{err}");
    for bad in ["panicked", "interne fout", "RUST_BACKTRACE", "stack overflow"] {
        assert!(!err.contains(bad), "{name}: {bad} in stderr\n{err}");
    }
    for want in &expect.contains {
        assert!(err.contains(want.as_str()), "{name}: expected {want:?} in\n{err}");
    }
    for want in &expect.once {
        assert_eq!(err.matches(want.as_str()).count(), 1, "{name}: {want:?} once in\n{err}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".kring-"))
        .collect();
    assert!(leftovers.is_empty(), "{name}: temporary folders left: {leftovers:?}");
    if expect.exit == 0 {
        let public = root.join("public");
        assert!(!public.join("bestanden/merk.bin").exists(), "{name}: old public/ not replaced");
        for f in expect.files.iter().chain([&"index.html".to_string()]) {
            assert!(public.join(f).is_file(), "{name}: {f} missing from public/");
        }
        return;
    }
    assert!(!expect.contains.is_empty(), "{name}: a failing case must name its diagnostic");
    assert_eq!(snapshot(&root.join("public")), before, "{name}: public/ was touched");
    if expect.exit == 1 && expect.unlocated.is_none() {
        assert!(
            expect.contains.iter().any(|c| is_located(c)),
            "{name}: expect a `path:line:col: fout[code]: ` text, or say why in 'unlocated'"
        );
    }
}

#[test]
fn every_bad_input_case_gives_its_diagnostic_and_leaves_public_alone() {
    let mut names: Vec<String> = std::fs::read_dir(CASES)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 30, "only {} bad-input cases", names.len());
    // Every case runs, so one report shows all that fail.
    let failed: Vec<&String> = names
        .iter()
        .filter(|name| {
            std::panic::catch_unwind(|| check_case(name, &Path::new(CASES).join(name))).is_err()
        })
        .collect();
    assert!(failed.is_empty(), "failing cases (messages above): {failed:?}");
}

#[test]
fn located_texts_are_recognised() {
    assert!(is_located("content/x.md:3:1: fout[toml]: ongeldige TOML"));
    assert!(is_located("kring.toml:2:1: fout[config-toml]"));
    assert!(!is_located("content/x.md:3: fout[toml]"));
    assert!(!is_located("content/x.md: fout[read]: kan niet gelezen worden"));
    assert!(!is_located("content/x.md:0:0: fout[read]: x"));
    assert!(!is_located("kring.toml:2:1: waarschuwing[x]: y"));
}
