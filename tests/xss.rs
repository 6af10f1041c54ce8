//! Script payloads in front-matter values, glossary entries and bodies never become live markup:
//! not in pages, factsheet tables, matrices, pictures, CSV/JSON downloads or the search index.

mod common;

use std::io::Read;
use std::path::Path;

const GEMEENTE: &str = r#"+++
title = "=HYPERLINK(\"https://x.example\",\"klik\") <img src=x onerror=alert(1)>"
summary = "<img src=x onerror=alert(2)>"
bron = "<script>alert(3)</script>"
peildatum = 2014-04-01
provincie = "</script><script>alert(4)</script>"
inwoners = 40000
teams = { waarde = 2, toelichting = "<img src=x onerror=alert(5)>" }
teamvorm = "compact"
tagline = "x\" onmouseover=\"alert(6)"
wijken = "<svg onload=alert(7)>"
+++
Hier gebruiken ze de XSSQ. <img src=x onerror=alert(8)>
"#;

const BEGRIP: &str = r#"+++
title = "Xss-begrip <img src=x onerror=alert(9)>"
afkorting = "XSSQ"
voluit = "x\" onmouseover=\"alert(10)\" y=\"<img src=x onerror=alert(11)>"
+++
Uitleg.
"#;

/// Texts that only appear when a payload became markup (escaped, they read `&lt;img`, `&quot;`).
const LIVE: &[&str] = &[
    "<img src=x",
    "<script>alert",
    "<svg onload",
    "\" onmouseover=\"alert",
    "onmouseover=\"alert",
];

fn demo_with_payloads() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = std::process::Command::new("cp")
        .arg("-r")
        .args([root.join("kring.toml"), root.join("content"), root.join("themes")])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(copy.success());
    std::fs::write(dir.path().join("content/gemeenten/xss.md"), GEMEENTE).unwrap();
    std::fs::write(dir.path().join("content/begrippen/xss.md"), BEGRIP).unwrap();
    dir
}

/// The JSON of a Pagefind fragment (gzip of `pagefind_dcd` + JSON).
fn fragment_json(bytes: &[u8]) -> serde_json::Value {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).unwrap();
    let json = text.strip_prefix("pagefind_dcd").expect("fragment signature");
    serde_json::from_str(json).unwrap()
}

fn count_strings(v: &serde_json::Value, want: &str) -> usize {
    match v {
        serde_json::Value::String(s) => usize::from(s == want),
        serde_json::Value::Array(a) => a.iter().map(|v| count_strings(v, want)).sum(),
        serde_json::Value::Object(o) => o.values().map(|v| count_strings(v, want)).sum(),
        _ => 0,
    }
}

#[test]
fn payloads_in_fields_glossary_and_search_stay_text() {
    let dir = demo_with_payloads();
    let result = common::build(dir.path());
    let out = result.output.unwrap_or_else(|| panic!("{:#?}", result.diagnostics));
    let page = out.text("gemeenten/xss/index.html").expect("the payload page is built");
    assert!(page.contains("&lt;img src=x onerror=alert(5)&gt;"), "field notes are shown, escaped");
    assert!(page.contains("<abbr"), "the glossary marks XSSQ, so its title attribute is tested");
    let mut checked = 0;
    for (path, bytes) in &out.files {
        let text = String::from_utf8_lossy(bytes);
        if [".html", ".svg", ".xml", ".js"].iter().any(|x| path.ends_with(x)) {
            for live in LIVE {
                assert!(!text.contains(live), "{path}: live payload {live:?}");
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} files checked");
    // JSON downloads are data: valid, with the payload as one intact string value.
    let mut found = 0;
    for (path, bytes) in out.files.iter().filter(|(p, _)| p.ends_with(".json")) {
        let doc: serde_json::Value =
            serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        found += count_strings(&doc, "</script><script>alert(4)</script>");
    }
    assert!(found > 0, "the provincie payload is in the JSON data, as a string");
    let csv = out
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".csv"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .find(|c| c.contains("HYPERLINK"))
        .expect("the payload page is in a matrix download");
    assert!(csv.contains("'=HYPERLINK"), "a formula in a CSV cell is neutralised: {csv}");
    let fragments: Vec<serde_json::Value> = out
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("pagefind/fragment/"))
        .map(|(_, b)| fragment_json(b))
        .collect();
    let xss = fragments
        .iter()
        .find(|f| f["url"].as_str().is_some_and(|u| u.contains("/gemeenten/xss/")))
        .expect("the payload page is indexed");
    let content = xss["content"].as_str().unwrap();
    assert!(content.contains("&lt;img src=x onerror=alert(2)&gt;"), "summary: {content}");
    assert!(content.contains("&lt;svg onload=alert(7)&gt;"), "field text: {content}");
    assert!(!content.contains("alert(8)"), "raw HTML in the body was sanitised away: {content}");
    // Pagefind's UI puts excerpts of `content` in the page as HTML, and titles as text.
    for f in &fragments {
        let text = f["content"].as_str().unwrap();
        assert!(!text.contains('<'), "markup in a search excerpt: {text}");
    }
    assert!(xss["meta"]["title"].as_str().unwrap().contains("<img"), "titles stay plain text");
}
