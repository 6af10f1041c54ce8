//! The cached full rebuild of `kring serve` (see `src/build.rs` `BuildCache`): whatever was
//! edited, a build that reuses the cache gives exactly what a build from scratch gives.

mod common;

use kring::build::{BuildCache, BuildOptions, BuildResult, build, build_with};
use std::path::Path;

fn opts(root: &Path) -> BuildOptions {
    BuildOptions { root: root.to_path_buf(), ..Default::default() }
}

/// Every diagnostic of a build, in full.
fn messages(r: &BuildResult) -> Vec<String> {
    r.diagnostics.iter().map(|d| format!("{d:?}")).collect()
}

#[test]
fn incremental_rebuild_equals_a_full_build_byte_for_byte() {
    let dir = common::copy_fixture("minimal");
    let cache = BuildCache::default();
    let first = build_with(&opts(dir.path()), Some(&cache)).output.unwrap();
    assert_eq!(first, build(&opts(dir.path())).output.unwrap());
    // A body edit, then a title that other pages show (the home page links [[gemeenten/alfa]]).
    let alfa = dir.path().join("content/gemeenten/alfa.md");
    let text = std::fs::read_to_string(&alfa).unwrap();
    for edited in [
        text.replace("Alfa werkt met", "Alfa werkt sinds kort met"),
        text.replace("title = \"Alfa\"", "title = \"Alfa aan Zee\""),
    ] {
        std::fs::write(&alfa, edited).unwrap();
        assert_same_as_full(dir.path(), &cache);
    }
    let home = build(&opts(dir.path())).output.unwrap();
    assert!(home.text("index.html").unwrap().contains("Alfa aan Zee"));
}

/// Asserts that a build reusing `cache` gives what a build from scratch gives: the same files
/// (and search records, when `o` leaves the index out), or the same diagnostics when it fails.
fn assert_same_with(o: &BuildOptions, cache: &BuildCache) {
    let incremental = build_with(o, Some(cache));
    let full = build(o);
    assert_eq!(messages(&incremental), messages(&full));
    let records: Vec<&str> = full
        .search_records
        .iter()
        .zip(&incremental.search_records)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.url.as_str())
        .collect();
    assert!(records.is_empty(), "records differ: {records:?}");
    assert_eq!(full.search_records.len(), incremental.search_records.len());
    match (incremental.output, full.output) {
        (Some(incremental), Some(full)) => {
            let differing: Vec<&String> =
                full.files.keys().filter(|k| full.get(k) != incremental.get(k)).collect();
            assert!(
                differing.is_empty() && full.files.len() == incremental.files.len(),
                "{differing:?}"
            );
        }
        (None, None) => {}
        _ => panic!("one build failed and the other did not"),
    }
}

fn assert_same_as_full(root: &Path, cache: &BuildCache) {
    assert_same_with(&opts(root), cache);
}

#[test]
fn cached_markdown_follows_titles_that_links_find_and_the_raw_html_setting() {
    let dir = common::copy_fixture("minimal");
    let root = dir.path();
    // A report that links to another by its title, and keeps a bit of raw HTML.
    let report = root.join("content/verslagen/eerste.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        format!("{text}\nZie [[Tweede verslag]] en <u onclick=\"f()\">dit</u>.\n"),
    )
    .unwrap();
    let cache = BuildCache::default();
    assert_same_as_full(root, &cache);
    let alfa = root.join("content/gemeenten/alfa.md");
    let alfa_text = std::fs::read_to_string(&alfa).unwrap();
    // Alfa takes the second report's title: `[[Tweede verslag]]` in the first, which never
    // linked to Alfa, becomes ambiguous, and the cached report must not hide that.
    let renamed = alfa_text.replace("title = \"Alfa\"", "title = \"Tweede verslag\"");
    std::fs::write(&alfa, renamed).unwrap();
    let failed = build_with(&opts(root), Some(&cache));
    assert!(failed.output.is_none(), "an ambiguous link must stop the build");
    assert_same_as_full(root, &cache);
    std::fs::write(&alfa, &alfa_text).unwrap();
    assert_same_as_full(root, &cache);
    // The second report renamed: the first one's link no longer finds it.
    let second = root.join("content/verslagen/tweede.md");
    let second_text = std::fs::read_to_string(&second).unwrap();
    std::fs::write(&second, second_text.replace("verslag\"", "verslag 2024\"")).unwrap();
    assert!(build_with(&opts(root), Some(&cache)).output.is_none());
    assert_same_as_full(root, &cache);
    std::fs::write(&second, &second_text).unwrap();
    assert_same_as_full(root, &cache);
    // Raw HTML kept as written once kring.toml allows it, and sanitised again when it does not.
    let config = root.join("kring.toml");
    let config_text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("allow_raw_html = true\n{config_text}")).unwrap();
    assert_same_as_full(root, &cache);
    let kept = build_with(&opts(root), Some(&cache)).output.unwrap();
    assert!(kept.text("verslagen/eerste/index.html").unwrap().contains("onclick"));
    std::fs::write(&config, &config_text).unwrap();
    assert_same_as_full(root, &cache);
}

/// As `kring serve` builds: the index left out, its records compared instead. Every step of
/// the series must build.
fn assert_same_records(root: &Path, cache: &BuildCache) {
    let o = BuildOptions { skip_search: true, ..opts(root) };
    assert_same_with(&o, cache);
    assert!(build(&o).output.is_some());
}

#[test]
fn a_series_of_edits_to_the_demo_gives_what_full_builds_give() {
    let dir = common::copy_demo();
    let root = dir.path();
    let mut pages: Vec<std::path::PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    pages.sort();
    let rel = |p: &Path| {
        let r = p.strip_prefix(root.join("content")).unwrap().to_string_lossy().into_owned();
        r.trim_end_matches(".md").trim_end_matches("/_index").to_string()
    };
    let cache = BuildCache::default();
    assert_same_records(root, &cache);
    // Edits of every kind an editor makes, to pages spread over the demo, each followed by a
    // comparison; every fourth step undoes the edits so far.
    let mut touched: Vec<(std::path::PathBuf, String)> = Vec::new();
    for step in 0..12 {
        let page = &pages[(step * 37 + 5) % pages.len()];
        let other = &pages[(step * 53 + 11) % pages.len()];
        let text = std::fs::read_to_string(page).unwrap();
        if !touched.iter().any(|(p, _)| p == page) {
            touched.push((page.clone(), text.clone()));
        }
        let edited = match step % 4 {
            0 => text.replacen("title = \"", "title = \"Herzien: ", 1),
            1 if text.contains("\nsummary = \"") => {
                text.replacen("\nsummary = \"", "\nsummary = \"Herzien. ", 1)
            }
            1 => text.replacen("+++\n", "+++\nsummary = \"Een nieuwe samenvatting.\"\n", 1),
            2 => format!("{text}\n\nZie ook [[{}]].\n", rel(other)),
            _ => {
                for (p, original) in touched.drain(..) {
                    std::fs::write(p, original).unwrap();
                }
                assert_same_records(root, &cache);
                continue;
            }
        };
        std::fs::write(page, edited).unwrap();
        assert_same_records(root, &cache);
    }
}

#[test]
fn front_matter_edits_of_every_type_give_what_full_builds_give() {
    // A cached rebuild takes a page's HTML from the memo when what its view is made of hashes
    // as before (src/render/inputs.rs): each kind of field that other pages show must count.
    let dir = common::copy_demo();
    let root = dir.path();
    let cache = BuildCache::default();
    assert_same_records(root, &cache);
    let mut edits = Vec::new();
    for rel in common::fullest_page_per_folder(root) {
        let path = root.join("content").join(&rel);
        let original = std::fs::read_to_string(&path).unwrap();
        let changes: Vec<(usize, String)> = original
            .lines()
            .enumerate()
            .take(common::front_lines(&original) + 1)
            .filter_map(|(n, line)| common::changed_line(line).map(|c| (n, c)))
            .collect();
        // The title, and every tenth other line, spread over the front matter.
        for (k, (n, changed)) in changes.iter().enumerate() {
            if k % 10 != 2 && !changed.starts_with("title = ") {
                continue;
            }
            let mut lines: Vec<&str> = original.lines().collect();
            lines[*n] = changed;
            std::fs::write(&path, lines.join("\n") + "\n").unwrap();
            eprintln!("{rel}: {changed}");
            // Some edits break the build (a reference to a page that does not exist): then
            // the diagnostics must be the same.
            assert_same_with(&BuildOptions { skip_search: true, ..opts(root) }, &cache);
            edits.push(format!("{rel}: {changed}"));
        }
        std::fs::write(&path, &original).unwrap();
    }
    assert_same_records(root, &cache);
    assert!(edits.len() >= 15, "{edits:#?}");
}

#[test]
fn template_and_configuration_edits_give_what_a_full_build_gives() {
    let dir = common::copy_demo();
    let root = dir.path();
    let cache = BuildCache::default();
    assert_same_as_full(root, &cache);
    // A site template overrides the theme's: every kind of page, each made in its own way
    // (content pages, term listings, books, datasets, the network, matrices).
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    std::fs::create_dir_all(root.join("templates")).unwrap();
    for name in ["base.html", "term.html", "book.html", "network.html", "matrix.html"] {
        let text = std::fs::read_to_string(theme.join(name)).unwrap();
        let marked = text.replacen("</", "<!-- bewerkt --></", 1);
        assert_ne!(marked, text, "{name}");
        std::fs::write(root.join("templates").join(name), marked).unwrap();
        assert_same_as_full(root, &cache);
    }
    // And the configuration: the site's title is on every page.
    let config = std::fs::read_to_string(root.join("kring.toml")).unwrap();
    let retitled = config.replacen("title = \"", "title = \"Demo: ", 1);
    assert_ne!(retitled, config);
    std::fs::write(root.join("kring.toml"), &retitled).unwrap();
    assert_same_as_full(root, &cache);
    // Similar municipalities are kept while no municipality changes; the configuration counts.
    let fewer = retitled.replacen("count = 3", "count = 2", 1);
    assert_ne!(fewer, retitled);
    std::fs::write(root.join("kring.toml"), fewer).unwrap();
    assert_same_as_full(root, &cache);
}

/// Similar municipalities come from the memo while no municipality changes; a municipality
/// whose team choices become another's must move up in that one's list.
#[test]
fn a_municipality_that_comes_to_resemble_another_appears_in_its_similar_list() {
    let dir = common::copy_demo();
    let root = dir.path();
    let cache = BuildCache::default();
    let o = BuildOptions { skip_search: true, ..opts(root) };
    let similar_of_zaanstad = || {
        let out = build(&o).output.unwrap();
        let page = out.text("gemeenten/zaanstad/index.html").unwrap().to_string();
        let at = page.find("id=\"vergelijkbaar-kop\"").expect("Zaanstad lists similar ones");
        page[at..].split("</section>").next().unwrap().to_string()
    };
    assert_same_with(&o, &cache);
    let before = similar_of_zaanstad();
    // A practice edit first: the memo is used, and must still be right.
    let practice = root.join("content/praktijken/centrale-toegang-zaanstad.md");
    let text = std::fs::read_to_string(&practice).unwrap();
    std::fs::write(&practice, format!("{text}\nEen zin erbij.\n")).unwrap();
    assert_same_with(&o, &cache);
    let haarlem = root.join("content/gemeenten/haarlem.md");
    let text = std::fs::read_to_string(&haarlem).unwrap();
    let like_zaanstad = text
        .replacen("inwoners = 155000", "inwoners = 148500", 1)
        .replacen("waarde = \"mix\"", "waarde = \"generalist\"", 1)
        .replacen("waarde = \"een van de toegangen\"", "waarde = \"centrale toegang\"", 1)
        .replacen("waarde = \"geen mandaat\"", "waarde = \"team beslist\"", 1);
    assert_ne!(like_zaanstad, text);
    std::fs::write(&haarlem, like_zaanstad).unwrap();
    assert_same_with(&o, &cache);
    let after = similar_of_zaanstad();
    assert_ne!(before, after, "Haarlem now shares Zaanstad's choices");
    assert!(after.contains("href=\"/gemeenten/haarlem/\""), "{after}");
}

/// A link from one municipality's practice to another changes both factsheets' network lists
/// (and the network page and downloads), though neither factsheet was edited.
#[test]
fn a_link_between_municipalities_reaches_both_factsheets() {
    let dir = common::copy_demo();
    let root = dir.path();
    let cache = BuildCache::default();
    assert_same_as_full(root, &cache);
    let practice = root.join("content/praktijken/hoost-longen-hilversum.md");
    let text = std::fs::read_to_string(&practice).unwrap();
    let listed = |url: &str| {
        let html = build(&opts(root)).output.unwrap().text(url).unwrap().to_string();
        html.find("netwerk-kop").map(|at| {
            let section = &html[at..];
            section[..section.find("</section>").unwrap()].to_string()
        })
    };
    assert!(!listed("gemeenten/hilversum/index.html").unwrap_or_default().contains("Velsen"));
    std::fs::write(&practice, format!("{text}\nZie ook [[gemeenten/velsen]].\n")).unwrap();
    assert_same_as_full(root, &cache);
    let hilversum = listed("gemeenten/hilversum/index.html").unwrap();
    assert!(hilversum.contains(r#"<a href="/gemeenten/velsen/">Velsen</a> (1)"#), "{hilversum}");
    std::fs::write(&practice, text).unwrap();
    assert_same_as_full(root, &cache);
}

/// The privacy guard in a cached rebuild: a citizen service number saved into a case story
/// stops the build just as a full build does, and removing it lets the build through again.
#[test]
fn a_privacy_finding_saved_into_a_case_story_stops_the_cached_build() {
    let dir = common::copy_demo();
    let root = dir.path();
    let cache = BuildCache::default();
    assert_same_as_full(root, &cache);
    let story = root.join("content/casussen/een-huisuitzetting-op-het-laatste-moment-voorkomen.md");
    let text = std::fs::read_to_string(&story).unwrap();
    std::fs::write(&story, format!("{text}\nBSN van de bewoner: 111222333.\n")).unwrap();
    assert_same_as_full(root, &cache);
    let cached = build_with(&opts(root), Some(&cache));
    assert!(cached.output.is_none(), "the build must stop");
    assert!(messages(&cached).iter().any(|m| m.contains("bsn")), "{:?}", messages(&cached));
    std::fs::write(&story, text).unwrap();
    assert_same_as_full(root, &cache);
    assert!(build_with(&opts(root), Some(&cache)).output.is_some());
}
