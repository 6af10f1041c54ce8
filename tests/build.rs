//! Builds the `minimal` fixture in memory and checks what a reader gets.

mod common;

use kring::output::OutputSet;

fn site() -> OutputSet {
    let result = common::build(&common::fixture("minimal"));
    assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
    result.output.expect("the minimal site builds")
}

#[test]
fn every_content_type_gets_a_page_with_pretty_urls() {
    let out = site();
    for file in [
        "index.html",
        "gemeenten/index.html",
        "gemeenten/alfa/index.html",
        "methoden/zrm/index.html",
        "verslagen/eerste/index.html",
        "404.html",
        "style.css",
    ] {
        assert!(out.get(file).is_some(), "missing {file}");
    }
}

#[test]
fn a_type_declared_only_in_config_renders_its_fields() {
    let out = site();
    let html = out.text("verslagen/eerste/index.html").unwrap();
    assert!(html.contains("<h1>Eerste verslag</h1>"), "{html}");
    assert!(html.contains("2024-03-01"));
    assert!(html.contains(r#"<a href="/gemeenten/alfa/">Alfa</a>"#));
}

#[test]
fn drafts_are_left_out() {
    let out = site();
    assert!(out.get("gemeenten/concept/index.html").is_none());
    assert!(!out.text("gemeenten/index.html").unwrap().contains("Concept"));
}

#[test]
fn factsheet_shows_formatted_numbers_ranges_scales_and_special_values() {
    let out = site();
    let alfa = out.text("gemeenten/alfa/index.html").unwrap();
    assert!(alfa.contains("155.000 inwoners"), "Dutch thousands separator");
    assert!(alfa.contains("6.000 – 10.000"));
    assert!(alfa.contains(r#"aria-label="2 van 5: generalistisch tot specialistisch""#));
    assert!(alfa.contains("vooral generalisten"));
    let beta = out.text("gemeenten/beta/index.html").unwrap();
    assert!(
        beta.contains(r#"<span class="special" title="onbekend">onbekend</span>"#),
        "special value shown as such, not 0"
    );
    assert!(!beta.contains(">0<"));
}

#[test]
fn an_english_site_reads_its_scales_in_english() {
    let dir = common::copy_fixture("minimal");
    let config = dir.path().join("kring.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("language = \"en\"\n{text}")).unwrap();
    let result = common::build(dir.path());
    let out = result.output.expect("the English site builds");
    let alfa = out.text("gemeenten/alfa/index.html").unwrap();
    assert!(alfa.contains(r#"aria-label="2 of 5: generalistisch to specialistisch""#), "{alfa}");
    assert!(alfa.contains(r#"<th scope="col">Axis</th>"#), "{alfa}");
    assert!(!alfa.contains(" van 5"));
}

#[test]
fn links_and_references_resolve_with_backlinks() {
    let out = site();
    let alfa = out.text("gemeenten/alfa/index.html").unwrap();
    assert!(alfa.contains(r#"<a href="/methoden/zrm/">ZRM</a>"#));
    assert!(alfa.contains(r#"<h2 id="stand-van-zaken">"#));
    // Beta links to Alfa in its body and refers to it in a field: listed once, as a reference
    // (and again among related pages, and in the network section, left out here).
    let network = alfa.find(r#"<section aria-labelledby="netwerk-kop">"#).expect("network");
    let network = &alfa[network..network + alfa[network..].find("</section>").unwrap()];
    // In the network, the body link and the field reference are two references.
    assert!(network.contains(r#"<a href="/gemeenten/beta/">Beta</a> (2)"#), "{network}");
    let alfa = alfa.replace(network, "");
    let before_related = &alfa[..alfa.find("related-kop").expect("related section")];
    assert_eq!(before_related.matches(r#"<a href="/gemeenten/beta/">Beta</a>"#).count(), 1);
    let zrm = out.text("methoden/zrm/index.html").unwrap();
    assert!(
        zrm.contains(r#"<a href="/gemeenten/alfa/">Alfa</a>"#),
        "reference shows up as backlink on the target"
    );
    assert!(zrm.contains("hl-source"), "code block highlighted");
}

#[test]
fn sitemap_feed_robots_and_alias_redirects_are_written() {
    let out = site();
    let sitemap = out.text("sitemap.xml").unwrap();
    assert!(sitemap.contains("<loc>https://test.example.nl/gemeenten/alfa/</loc>"));
    assert!(!sitemap.contains("concept"));
    assert!(out.text("atom.xml").unwrap().contains("<title>Alfa</title>"));
    assert!(
        out.text("robots.txt").unwrap().contains("Sitemap: https://test.example.nl/sitemap.xml")
    );
    let redirect = out.text("oud/alfa/index.html").unwrap();
    assert!(redirect.contains(r#"url=/gemeenten/alfa/"#));
}

#[test]
fn site_templates_override_the_theme_per_file() {
    let dir = common::copy_fixture("minimal");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/verslag.html"),
        "VERSLAG {{ page.title }} {{ page.values.datum.text }}",
    )
    .unwrap();
    let out = common::build(dir.path()).output.unwrap();
    assert_eq!(
        out.text("verslagen/eerste/index.html").unwrap(),
        "VERSLAG Eerste verslag 2024-03-01"
    );
    assert!(out.text("gemeenten/alfa/index.html").unwrap().contains("<!doctype html>"));
}

#[test]
fn build_output_is_the_same_every_time() {
    assert_eq!(site(), site());
}

#[test]
fn the_demo_knowledge_base_builds_without_diagnostics() {
    let result = common::build(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    let msgs: Vec<String> =
        result.diagnostics.iter().map(|d| d.render(kring::diagnostic::Lang::Nl)).collect();
    assert!(msgs.is_empty(), "{}", msgs.join("\n"));
    assert!(result.pages > 100, "demo has {} pages", result.pages);
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let dir = common::copy_fixture("minimal");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/verslag.html"), "regel een\n{{ page.title \n")
        .unwrap();
    let result = common::build(dir.path());
    assert!(result.output.is_none());
    let msg = result.diagnostics[0].render(kring::diagnostic::Lang::Nl);
    assert!(msg.starts_with("templates/verslag.html:3:1: fout[template]: fout in template: Failed to parse 'verslag.html'; expected"), "{msg}");
    assert!(msg.contains("fout[template]"), "{msg}");
}

#[test]
fn files_beside_content_are_copied() {
    let dir = common::copy_fixture("minimal");
    std::fs::write(dir.path().join("content/gemeenten/kaart.svg"), "<svg/>").unwrap();
    let out = common::build(dir.path()).output.unwrap();
    assert_eq!(out.text("gemeenten/kaart.svg"), Some("<svg/>"));
}

#[test]
fn script_in_titles_fields_and_bodies_never_runs() {
    let dir = common::copy_fixture("minimal");
    let page = "+++\ntitle = \"<script>alert(1)</script>\"\nsummary = \"<img src=x onerror=alert(2)>\"\ndatum = 2024-03-01\n+++\n<script>alert(3)</script>\n\n[[verslagen/eerste|<img src=x onerror=alert(4)>]]\n\n<a href=\"javascript:alert(5)\">x</a>\n";
    std::fs::write(dir.path().join("content/verslagen/xss.md"), page).unwrap();
    let out = common::build(dir.path()).output.unwrap();
    let html = out.text("verslagen/xss/index.html").unwrap();
    assert!(
        !html.contains("<script>alert")
            && !html.contains("<img src=x onerror")
            && !html.contains("href=\"javascript:"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let listing = out.text("verslagen/index.html").unwrap();
    assert!(!listing.contains("<script>alert(1)"));
}

#[test]
fn a_large_index_is_split_into_bundles_that_the_search_page_merges() {
    let dir = common::copy_fixture("minimal");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kring"))
        .arg("--root")
        .arg(dir.path())
        .arg("build")
        // More bundles than this machine has cores: they queue for the indexing threads.
        .env("KRING_SEARCH_SHARDS", "3")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = dir.path().join("public");
    let count = |bundle: &str| -> u64 {
        let entry = std::fs::read_to_string(public.join(bundle).join("pagefind-entry.json"))
            .unwrap_or_else(|e| panic!("{bundle}: {e}"));
        let doc: serde_json::Value = serde_json::from_str(&entry).unwrap();
        doc["languages"]
            .as_object()
            .unwrap()
            .values()
            .map(|l| l["page_count"].as_u64().unwrap())
            .sum()
    };
    let counts = [count("pagefind"), count("pagefind-2"), count("pagefind-3")];
    assert!(counts.iter().all(|&c| c > 0), "{counts:?}");
    assert!(!public.join("pagefind-4").exists());
    let records = kring::build::build(&kring::build::BuildOptions {
        root: dir.path().to_path_buf(),
        skip_search: true,
        ..Default::default()
    })
    .search_records
    .len() as u64;
    assert!(records >= 4);
    assert_eq!(counts.iter().sum::<u64>(), records, "every published page in exactly one bundle");
    let search = std::fs::read_to_string(public.join("zoeken/index.html")).unwrap();
    assert!(search.contains(r#"data-merge="/pagefind-2/ /pagefind-3/""#), "{search}");
}
