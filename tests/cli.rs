//! The command line as a user meets it: init, new, check, build, exit codes.

mod common;

#[test]
fn init_creates_a_knowledge_base_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    let (code, _, err) = common::kring(dir.path(), &["init", kb.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = common::kring(&kb, &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 fouten, 0 waarschuwingen"), "{err}");
    for kind in [
        "gemeenten/voorbeeldstad",
        "teams/team-noord",
        "methoden/zrm",
        "praktijken/een-loket-in-de-wijk",
        "casussen/voorbeeldcasus",
        "bijeenkomsten/eerste-bijeenkomst",
        "begrippen/wmo",
        "themas/toegang",
    ] {
        assert!(kb.join("public").join(kind).join("index.html").exists(), "{kind}");
    }
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x"), "").unwrap();
    let (code, _, _) = common::kring(dir.path(), &["init", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
}

#[test]
fn new_page_fails_check_until_filled_in() {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    common::kring(dir.path(), &["init", kb.to_str().unwrap()]);
    let (code, out, err) = common::kring(&kb, &["new", "casus", "Hulp bij de post"]);
    assert_eq!(code, 0, "{err}");
    let path = std::path::PathBuf::from(out.trim());
    assert!(path.ends_with("content/casussen/hulp-bij-de-post.md"), "{out}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("title = \"Hulp bij de post\""));
    assert!(text.contains("# Verzonnen samenstelling (verplicht): true of false"), "{text}");
    let (code, _, err) = common::kring(&kb, &["check"]);
    assert_eq!(code, 1, "placeholders must not pass: {err}");
    assert!(err.contains("'fictief' moet true of false zijn"), "{err}");
    let filled = text
        .replace("fictief = \"\"", "fictief = true")
        .replace("geanonimiseerd_door = \"\"", "geanonimiseerd_door = \"redacteur\"")
        .replace("gecontroleerd_op = \"\"", "gecontroleerd_op = 2026-11-01")
        .replace("leefgebieden = []", "leefgebieden = [\"financien\"]");
    std::fs::write(&path, filled).unwrap();
    let (code, _, err) = common::kring(&kb, &["check"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn new_with_unknown_type_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    common::kring(dir.path(), &["init", kb.to_str().unwrap()]);
    let (code, _, err) = common::kring(&kb, &["new", "gemeentes", "X"]);
    assert_eq!(code, 2);
    assert!(err.contains("onbekend type 'gemeentes'"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(common::kring(dir.path(), &["bouw"]).0, 2);
    assert_eq!(common::kring(dir.path(), &["--lang", "fr", "check"]).0, 2);
}

#[test]
fn missing_config_is_a_content_error_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = common::kring(dir.path(), &["check"]);
    assert_eq!(code, 1);
    assert!(err.contains("kring.toml: fout[config-read]"), "{err}");
    assert!(err.contains("kring init"), "{err}");
}

#[test]
fn output_inside_content_is_refused() {
    let dir = common::copy_fixture("minimal");
    let (code, _, err) = common::kring(dir.path(), &["build", "--out", "content/public"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn build_without_search_leaves_the_index_out() {
    let dir = common::copy_fixture("minimal");
    let (code, _, err) = common::kring(dir.path(), &["build", "--no-search"]);
    assert_eq!(code, 0, "{err}");
    assert!(dir.path().join("public/index.html").exists());
    assert!(!dir.path().join("public/pagefind").exists());
    let (code, _, err) = common::kring(dir.path(), &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(dir.path().join("public/pagefind/pagefind-entry.json").exists());
}

#[cfg(unix)]
#[test]
fn a_rebuild_keeps_the_files_that_did_not_change() {
    use std::collections::BTreeMap;
    use std::os::unix::fs::MetadataExt;
    let dir = common::copy_fixture("minimal");
    let public = dir.path().join("public");
    let files = || -> BTreeMap<String, u64> {
        walkdir::WalkDir::new(&public)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&public).unwrap().to_string_lossy().into_owned();
                (rel, e.metadata().unwrap().ino())
            })
            .collect()
    };
    let (code, _, err) = common::kring(dir.path(), &["build"]);
    assert_eq!(code, 0, "{err}");
    let first = files();
    assert!(first.keys().any(|k| k.starts_with("pagefind/fragment/")));
    // Nothing changed: every file, search index included, is the same file as before.
    let (code, _, err) = common::kring(dir.path(), &["build"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(files(), first);
    // One page's text changed: that page is new, a page that does not show it is kept.
    let beta = dir.path().join("content/gemeenten/beta.md");
    let text = std::fs::read_to_string(&beta).unwrap();
    std::fs::write(&beta, format!("{text}\nEen nieuwe alinea over de toegang.\n")).unwrap();
    let (code, _, err) = common::kring(dir.path(), &["build"]);
    assert_eq!(code, 0, "{err}");
    let third = files();
    let page = "gemeenten/beta/index.html";
    assert_ne!(third[page], first[page]);
    assert!(std::fs::read_to_string(public.join(page)).unwrap().contains("Een nieuwe alinea"));
    let kept = first.iter().filter(|(k, ino)| third.get(*k) == Some(ino)).count();
    assert!(kept > first.len() / 2, "{kept} of {} files kept", first.len());
}

/// Adds a file to a search bundle of the output and to the bundle's manifest, as if the bundle
/// had been built with it: it survives the next build only if that build takes the bundle over.
fn plant_in_bundle(public: &std::path::Path, bundle: &str) -> std::path::PathBuf {
    let dir = public.join(bundle);
    let manifest = dir.join("kring-bundle.txt");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let bytes = b"geplant".to_vec();
    let line = format!("{:016x} geplant.txt\n", kring::cache::hash_of(&bytes));
    std::fs::write(dir.join("geplant.txt"), &bytes).unwrap();
    std::fs::write(&manifest, text + &line).unwrap();
    dir.join("geplant.txt")
}

#[test]
fn search_bundles_whose_pages_did_not_change_are_taken_over() {
    let dir = common::copy_fixture("minimal");
    let public = dir.path().join("public");
    let build = || {
        let (code, _, err) =
            common::kring_env(dir.path(), &["build"], &[("KRING_SEARCH_SHARDS", "2")]);
        assert_eq!(code, 0, "{err}");
    };
    build();
    let planted = [plant_in_bundle(&public, "pagefind"), plant_in_bundle(&public, "pagefind-2")];
    // A template-only change would index nothing; here nothing changed at all.
    build();
    assert!(planted.iter().all(|p| p.exists()), "both bundles taken over");
    // Edit the text of one page: its bundle is indexed again, the other one taken over.
    let beta = dir.path().join("content/gemeenten/beta.md");
    let text = std::fs::read_to_string(&beta).unwrap();
    std::fs::write(&beta, format!("{text}\nEen nieuwe alinea.\n")).unwrap();
    build();
    let kept: Vec<bool> = planted.iter().map(|p| p.exists()).collect();
    assert_eq!(kept.iter().filter(|k| **k).count(), 1, "{kept:?}");
    let fragments = |b: &str| std::fs::read_dir(public.join(b).join("fragment")).unwrap().count();
    assert!(fragments("pagefind") > 0 && fragments("pagefind-2") > 0);
}
