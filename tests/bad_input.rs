//! Bad input never panics: each case gives a diagnostic with a location (or builds), exit code 1
//! for content problems and 2 for usage, and a previous public/ stays as it was.

mod common;

use std::path::Path;

fn site_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = common::copy_fixture("minimal");
    for (path, bytes) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

fn check(dir: &Path) -> (i32, String) {
    let (code, _, err) = common::kring(dir, &["check"]);
    assert!(!err.contains("panicked") && !err.contains("interne fout"), "{err}");
    (code, err)
}

#[test]
fn invalid_utf8_is_reported_at_its_line() {
    let dir = site_with(&[(
        "content/verslagen/x.md",
        b"+++\ntitle = \"x\"\ndatum = 2024-01-01\n+++\nca\xff\n",
    )]);
    let (code, err) = check(dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("content/verslagen/x.md:5:3: fout[encoding]"), "{err}");
}

#[test]
fn bom_and_crlf_just_work() {
    let dir = site_with(&[(
        "content/verslagen/x.md",
        "\u{feff}+++\r\ntitle = \"x\"\r\ndatum = 2024-01-01\r\n+++\r\nTekst.\r\n".as_bytes(),
    )]);
    assert_eq!(check(dir.path()).0, 0);
}

#[test]
fn empty_front_matter_and_duplicate_keys() {
    let dir = site_with(&[
        ("content/verslagen/x.md", b"+++\n+++\nTekst.\n"),
        ("content/verslagen/y.md", b"+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n"),
    ]);
    let (code, err) = check(dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("content/verslagen/y.md:3:1: fout[toml]"), "{err}");
}

#[test]
fn huge_deep_and_heading_heavy_files_build() {
    let big = format!(
        "+++\ntitle = \"groot\"\ndatum = 2024-01-01\n+++\n{}",
        "Een zin over het wijkteam. ".repeat(800_000)
    );
    let deep = format!(
        "+++\ntitle = \"diep\"\ndatum = 2024-01-01\n+++\n{}x\n\n{}y\n",
        "- ".repeat(2000),
        "> ".repeat(2000)
    );
    let headings =
        format!("+++\ntitle = \"koppen\"\ndatum = 2024-01-01\n+++\n{}", "## Kop\n\n".repeat(5000));
    let dir = site_with(&[
        ("content/verslagen/groot.md", big.as_bytes()),
        ("content/verslagen/diep.md", deep.as_bytes()),
        ("content/verslagen/koppen.md", headings.as_bytes()),
    ]);
    assert_eq!(check(dir.path()).0, 0);
}

#[test]
fn unicode_titles_and_slugs() {
    let dir = site_with(&[(
        "content/verslagen/één-ijs-🙂.md",
        "+++\ntitle = \"Één ijsje 🙂\"\ndatum = 2024-01-01\n+++\n".as_bytes(),
    )]);
    let (code, _) = check(dir.path());
    assert_eq!(code, 0);
    let out = common::build(dir.path()).output.unwrap();
    assert!(
        out.files.keys().any(|k| k.starts_with("verslagen/een-ijs")),
        "{:?}",
        out.files.keys().filter(|k| k.starts_with("verslagen")).collect::<Vec<_>>()
    );
}

#[test]
fn urls_that_differ_only_in_case_are_duplicates() {
    let dir = site_with(&[
        (
            "content/verslagen/Kort.md",
            b"+++\ntitle = \"K\"\ndatum = 2024-01-01\nslug = \"Kort\"\n+++\n",
        ),
        ("content/verslagen/kort.md", b"+++\ntitle = \"k\"\ndatum = 2024-01-01\n+++\n"),
    ]);
    let (code, err) = check(dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("fout[duplicate-url]"), "{err}");
}

#[test]
fn empty_content_missing_theme_and_unknown_config_keys() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kring.toml"), "title = \"x\"\n").unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    assert_eq!(check(dir.path()).0, 0, "an empty content/ builds a site with a home page");
    std::fs::write(dir.path().join("kring.toml"), "title = \"x\"\ntheme = \"weg\"\n").unwrap();
    let (code, err) = check(dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("kring.toml: fout[theme-missing]"), "{err}");
    std::fs::write(dir.path().join("kring.toml"), "title = \"x\"\nthema = \"weg\"\n").unwrap();
    let (code, err) = check(dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("kring.toml:2:1: fout[config-toml]"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let dir = site_with(&[]);
    std::os::unix::fs::symlink(
        dir.path().join("content"),
        dir.path().join("content/verslagen/lus"),
    )
    .unwrap();
    let (code, err) = check(dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("fout[read]"), "{err}");
}

#[test]
fn tera_runtime_errors_name_the_template() {
    let dir = site_with(&[("templates/verslag.html", b"{{ page.bestaat.niet }}")]);
    let (code, err) = check(dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("templates/verslag.html") && err.contains("fout[template]"), "{err}");
}
