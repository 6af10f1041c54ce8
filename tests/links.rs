//! Cross-linking rules: wiki-link forms, reverse relations, backlinks, taxonomies, glossary,
//! related pages and navigation, on the `minimal` fixture.

mod common;

use kring::diagnostic::Lang;
use kring::output::OutputSet;

fn site() -> OutputSet {
    let result = common::build(&common::fixture("minimal"));
    assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
    result.output.expect("builds")
}

fn errors(name: &str) -> Vec<String> {
    let result = common::build(&common::fixture(&format!("invalid/{name}")));
    assert!(result.output.is_none());
    result.diagnostics.iter().map(|d| d.render(Lang::Nl)).collect()
}

#[test]
fn wiki_link_by_title_resolves() {
    let out = site();
    assert!(
        out.text("verslagen/tweede/index.html")
            .unwrap()
            .contains(r#"Vervolg op <a href="/verslagen/eerste/">Eerste verslag</a>"#)
    );
}

#[test]
fn ambiguous_wiki_link_is_an_error_listing_candidates() {
    assert_eq!(
        errors("ambiguous_link"),
        [
            "content/verslagen/a.md:5:5: fout[broken-link]: link naar [[zrm]]: 'zrm' is niet eenduidig\n  tip: kies een van: begrippen/zrm, methoden/zrm"
        ]
    );
}

#[test]
fn reference_fields_show_as_reverse_relations_grouped_by_type() {
    let out = site();
    let alfa = out.text("gemeenten/alfa/index.html").unwrap();
    assert!(alfa.contains("Genoemd in 1 gemeente en 2 verslagen"), "{alfa}");
    assert!(alfa.contains(
        r#"Verslagen <span class="count">(2)</span> <span class="via">via gemeente</span>"#
    ));
    let zrm = out.text("methoden/zrm/index.html").unwrap();
    assert!(zrm.contains("Genoemd in 1 gemeente"));
}

#[test]
fn body_links_show_as_backlinks_grouped_by_type() {
    let out = site();
    let eerste = out.text("verslagen/eerste/index.html").unwrap();
    let backlinks = &eerste[eerste.find("backlinks-kop").expect("backlinks section")..];
    assert!(backlinks.contains(r#"Verslag <span class="count">(1)</span>"#));
    assert!(backlinks.contains(r#"<a href="/verslagen/tweede/">Tweede verslag</a>"#));
}

#[test]
fn term_pages_list_tagged_pages_with_counts() {
    let out = site();
    let overview = out.text("leefgebied/index.html").unwrap();
    assert!(
        overview.contains(
            r#"<a href="/leefgebied/financien/">financien</a> <span class="count">(2)</span>"#
        ),
        "{overview}"
    );
    assert!(overview.contains(
        r#"<a href="/leefgebied/huisvesting/">huisvesting</a> <span class="count">(1)</span>"#
    ));
    let term = out.text("leefgebied/huisvesting/index.html").unwrap();
    assert!(term.contains("Tweede verslag") && !term.contains("Eerste verslag"));
    // A reference taxonomy lists on the referenced page itself, not on a page of its own.
    assert!(out.get("methode/zelfredzaamheidsmatrix/index.html").is_none());
    assert!(
        out.text("methode/index.html")
            .unwrap()
            .contains(r#"<a href="/methoden/zrm/">Zelfredzaamheidsmatrix</a>"#)
    );
}

#[test]
fn term_outside_a_closed_taxonomy_is_an_error() {
    assert_eq!(
        errors("closed_term"),
        [
            "content/verslagen/a.md:4:17: fout[unknown-term]: \"financiën\" is geen term van de taxonomie 'leefgebied'\n  tip: bedoelt u \"financien\"?"
        ]
    );
}

#[test]
fn abbreviation_is_marked_once_and_never_in_headings_code_links_or_its_own_entry() {
    let out = site();
    let html = out.text("verslagen/eerste/index.html").unwrap();
    let abbr = r#"<a class="begrip" href="/begrippen/zrm/"><abbr title="Zelfredzaamheidsmatrix">ZRM</abbr></a>"#;
    assert_eq!(html.matches(abbr).count(), 1, "{html}");
    assert!(html.contains(r#"<h2 id="de-zrm-in-een-kop">De ZRM in een kop</h2>"#));
    assert!(html.contains("<code>ZRM</code>"));
    assert!(html.contains(r#"<a href="/x/">de ZRM</a>"#));
    assert!(html.contains("ZRMs is geen afkorting"));
    assert!(!out.text("begrippen/zrm/index.html").unwrap().contains("<abbr"));
}

#[test]
fn related_pages_and_prev_next_navigation() {
    let out = site();
    let tweede = out.text("verslagen/tweede/index.html").unwrap();
    let related = &tweede[tweede.find("related-kop").expect("related section")..];
    assert!(related.contains("/verslagen/eerste/"));
    // Sorted by date, newest first: tweede comes before eerste.
    assert!(tweede.contains(r#"<a rel="next" href="/verslagen/eerste/">"#), "{tweede}");
}

#[test]
fn sections_paginate() {
    let out = site();
    let first = out.text("verslagen/index.html").unwrap();
    assert!(first.contains("Tweede verslag") && !first.contains("Eerste verslag"));
    assert!(first.contains(r#"<a rel="next" href="/verslagen/pagina/2/">"#));
    let second = out.text("verslagen/pagina/2/index.html").unwrap();
    assert!(second.contains("Eerste verslag"));
}

#[test]
fn alias_that_overwrites_a_page_or_escapes_the_site_is_an_error() {
    assert_eq!(
        errors("alias_conflict"),
        [
            "content/verslagen/a.md:4:12: fout[alias-conflict]: alias \"/verslagen/b/\" is al de URL van een andere pagina\n  tip: kies een oud pad dat niet meer bestaat"
        ]
    );
    assert_eq!(
        errors("alias_escape"),
        [
            "content/verslagen/a.md:4:12: fout[path-escape]: alias \"../../etc/passwd\" verwijst buiten de site\n  tip: gebruik een pad zoals \"/oud/pad/\", zonder '..'"
        ]
    );
}
