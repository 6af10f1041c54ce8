//! The bodies of kring's fuzz targets. `tests/fuzz_regressions.rs` includes this same file, so
//! every input that once crashed a target is fed through the same code by a plain `cargo test`.
//!
//! Besides "no panic", each target checks what the reader relies on: every problem in the
//! fuzzed file has a position, and rendered HTML never carries a live `<script>`.

use kring::config::{Config, parse_config};
use kring::content::content_from_texts;
use kring::diagnostic::{Diagnostic, Lang};
use std::sync::OnceLock;

const DEMO_CONFIG: &str = include_str!("../../kring.toml");
const MINIMAL_CONFIG: &str = include_str!("../../tests/fixtures/minimal/kring.toml");

/// The demo's section files: each gives the fuzzed page a type through its folder.
const DEMO_SECTIONS: &[(&str, &str)] = &[
    ("gemeenten/_index.md", include_str!("../../content/gemeenten/_index.md")),
    ("casussen/_index.md", include_str!("../../content/casussen/_index.md")),
    ("methoden/_index.md", include_str!("../../content/methoden/_index.md")),
    ("praktijken/_index.md", include_str!("../../content/praktijken/_index.md")),
    ("teams/_index.md", include_str!("../../content/teams/_index.md")),
    ("themas/_index.md", include_str!("../../content/themas/_index.md")),
    ("begrippen/_index.md", include_str!("../../content/begrippen/_index.md")),
    ("bijeenkomsten/_index.md", include_str!("../../content/bijeenkomsten/_index.md")),
];

/// The minimal test site: municipalities, a glossary, reports with a date order.
const MINIMAL_SITE: &[(&str, &str)] = &[
    ("_index.md", include_str!("../../tests/fixtures/minimal/content/_index.md")),
    (
        "gemeenten/_index.md",
        include_str!("../../tests/fixtures/minimal/content/gemeenten/_index.md"),
    ),
    ("gemeenten/alfa.md", include_str!("../../tests/fixtures/minimal/content/gemeenten/alfa.md")),
    ("gemeenten/beta.md", include_str!("../../tests/fixtures/minimal/content/gemeenten/beta.md")),
    (
        "begrippen/_index.md",
        include_str!("../../tests/fixtures/minimal/content/begrippen/_index.md"),
    ),
    ("begrippen/zrm.md", include_str!("../../tests/fixtures/minimal/content/begrippen/zrm.md")),
    ("methoden/_index.md", include_str!("../../tests/fixtures/minimal/content/methoden/_index.md")),
    ("methoden/zrm.md", include_str!("../../tests/fixtures/minimal/content/methoden/zrm.md")),
    (
        "verslagen/_index.md",
        include_str!("../../tests/fixtures/minimal/content/verslagen/_index.md"),
    ),
    (
        "verslagen/eerste.md",
        include_str!("../../tests/fixtures/minimal/content/verslagen/eerste.md"),
    ),
];

fn config(text: &'static str, cell: &'static OnceLock<Config>) -> &'static Config {
    cell.get_or_init(|| match parse_config(text, "kring.toml") {
        Ok(c) => c,
        Err(d) => panic!("the fixed fuzzing configuration is invalid: {d:?}"),
    })
}

fn demo_config() -> &'static Config {
    static CELL: OnceLock<Config> = OnceLock::new();
    config(DEMO_CONFIG, &CELL)
}

fn minimal_config() -> &'static Config {
    static CELL: OnceLock<Config> = OnceLock::new();
    config(MINIMAL_CONFIG, &CELL)
}

/// Every diagnostic about `path` points at a line of it (1 up to one past its last line).
fn assert_located(diags: &[Diagnostic], path: &str, text: &str) {
    let lines = text.lines().count() + 1;
    for d in diags.iter().filter(|d| d.path == path) {
        assert!(
            d.line >= 1 && d.line <= lines,
            "no usable position ({} lines): {}",
            lines - 1,
            d.render(Lang::Nl)
        );
    }
}

/// Target 1: front matter and schema validation. The first byte picks the page's folder (and so
/// its type); the rest is the whole file.
pub fn front_matter(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let section = DEMO_SECTIONS[pick as usize % DEMO_SECTIONS.len()].0;
    let rel = section.replace("_index.md", "fuzz.md");
    let mut files: Vec<(&str, &str)> = DEMO_SECTIONS.to_vec();
    files.push((&rel, &text));
    let (_content, diags) = content_from_texts(&files, "content", demo_config());
    assert_located(&diags, &format!("content/{rel}"), &text);
}

/// The minimal site loaded once, with its links and glossary, for the Markdown target.
struct LinkSite {
    content: kring::content::Content,
    lookup: kring::content::lookup::Lookup,
    glossary: kring::markdown::Glossary,
}

fn link_site() -> &'static LinkSite {
    static CELL: OnceLock<LinkSite> = OnceLock::new();
    CELL.get_or_init(|| {
        let config = minimal_config();
        let (content, diags) = content_from_texts(MINIMAL_SITE, "content", config);
        assert!(diags.iter().all(|d| !d.is_error()), "fixed pages must load: {diags:?}");
        let published: Vec<usize> = (0..content.pages.len()).collect();
        let lookup = kring::content::lookup::Lookup::new(&content, |_| true);
        let glossary = kring::markdown::Glossary::new(config, &content, &published);
        LinkSite { content, lookup, glossary }
    })
}

/// Target 2: the Markdown pipeline (wiki-links, `@/` and relative links, glossary, anchors,
/// highlighting, sanitising) on a body placed in `verslagen/` of the minimal site.
pub fn markdown(data: &[u8]) {
    let body = String::from_utf8_lossy(data);
    let site = link_site();
    let ctx = kring::markdown::LinkContext {
        content: &site.content,
        lookup: &site.lookup,
        page_dir: "verslagen",
        path: "content/verslagen/fuzz.md",
        body_line: 5,
        glossary: Some(&site.glossary),
        page: None,
        allow_raw_html: false,
    };
    let rendered = kring::markdown::render(&body, &ctx);
    let lines = body.lines().count() + 5;
    for d in &rendered.diags {
        assert!(
            d.line >= 5 && d.line <= lines,
            "position outside the body: {}",
            d.render(Lang::Nl)
        );
    }
    let lower = rendered.html.to_lowercase();
    assert!(!lower.contains("<script"), "live script in rendered HTML: {}", rendered.html);
    let _ = kring::search::html_to_text(&rendered.html);
}

/// Target 2b: a page through the whole site graph (links, anchors, taxonomies, matrices,
/// similarity, learning network) and the search records. Slower; finds what needs the whole site.
pub fn site(data: &[u8]) {
    let body = String::from_utf8_lossy(data);
    let head = "+++\ntitle = \"Fuzz\"\ndatum = 2024-01-01\n+++\n";
    let text = format!("{head}{body}");
    let mut files = MINIMAL_SITE.to_vec();
    files.push(("verslagen/fuzz.md", &text));
    let config = minimal_config().clone();
    let (content, diags) = content_from_texts(&files, "content", &config);
    assert!(diags.iter().all(|d| !d.is_error()), "fixed pages must load: {diags:?}");
    let (site, diags) = kring::site::build_site(config, content, false);
    assert_located(&diags, "content/verslagen/fuzz.md", &text);
    for body in &site.bodies {
        let lower = body.html.to_lowercase();
        assert!(!lower.contains("<script"), "live script in rendered HTML: {}", body.html);
    }
    let _ = kring::search::records(&site);
}

/// Target 3: the privacy scanner, on raw text and on a case story (strict: every finding is
/// an error). Input that starts with `+++` is the whole file; anything else is its body.
pub fn privacy(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let forbidden = vec!["Jansen".to_string(), "ß".to_string()];
    let hits = kring::privacy::detect(&text, &forbidden);
    let mut end = 0;
    for h in &hits {
        assert!(h.start < h.end && h.end <= text.len(), "{h:?}");
        assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end), "{h:?}");
        assert!(h.start >= end, "overlapping or unsorted hits: {hits:?}");
        end = h.end;
    }
    let file = if text.starts_with("+++") {
        text.into_owned()
    } else {
        format!("+++\ntitle = \"Casus\"\nfictief = true\n+++\n{text}")
    };
    let mut files: Vec<(&str, &str)> = DEMO_SECTIONS.to_vec();
    files.push(("casussen/fuzz.md", &file));
    let (content, _) = content_from_texts(&files, "content", demo_config());
    for finding in kring::privacy::scan_content(demo_config(), &content, None) {
        let d = finding.to_diagnostic();
        assert!(d.line >= 1, "finding without a position: {}", d.render(Lang::Nl));
    }
}

/// Target 4: the configuration; a configuration that is accepted must then load a small site.
pub fn config_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match parse_config(&text, "kring.toml") {
        Ok(config) => {
            let (content, _) = content_from_texts(MINIMAL_SITE, "content", &config);
            let _ = kring::site::build_site(config, content, false);
        }
        Err(diags) => {
            assert!(!diags.is_empty(), "a rejected configuration must say why");
            assert!(diags.iter().all(|d| d.path == "kring.toml"), "{diags:?}");
        }
    }
}
