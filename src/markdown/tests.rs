use super::*;
use crate::content::lookup::Lookup;
use crate::content::{Content, Page, PageMeta};

fn page(rel: &str, title: &str) -> Page {
    let (section, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let slug = file.trim_end_matches(".md").to_string();
    Page {
        rel_path: rel.into(),
        display_path: format!("content/{rel}"),
        section: section.into(),
        kind: None,
        url: format!("/{section}/{slug}/"),
        slug,
        meta: PageMeta { title: title.into(), ..Default::default() },
        fields: Default::default(),
        timeline: vec![],
        raw: String::new(),
        body_start: 0,
        source_key: 0,
        body_line: 1,
    }
}

fn content() -> Content {
    Content {
        pages: vec![
            page("gemeenten/haarlem.md", "Haarlem").into(),
            page("methoden/zrm.md", "Zelfredzaamheidsmatrix").into(),
            page("begrippen/zrm.md", "ZRM").into(),
        ],
        ..Default::default()
    }
}

fn md(body: &str) -> Rendered {
    let c = content();
    let lookup = Lookup::new(&c, |_| true);
    let ctx = LinkContext {
        content: &c,
        lookup: &lookup,
        page_dir: "praktijken",
        path: "content/praktijken/x.md",
        body_line: 5,
        glossary: None,
        page: None,
        allow_raw_html: false,
    };
    render(body, &ctx)
}

#[test]
fn wiki_links_resolve_by_slug_path_and_label() {
    let r =
        md("Zie [[haarlem]], [[methoden/zrm|de ZRM]] en [[gemeenten/haarlem#stand-van-zaken]].");
    assert!(r.diags.is_empty(), "{:?}", r.diags);
    insta::assert_snapshot!(r.html, @r#"<p>Zie <a href="/gemeenten/haarlem/">Haarlem</a>, <a href="/methoden/zrm/">de ZRM</a> en <a href="/gemeenten/haarlem/#stand-van-zaken">Haarlem</a>.</p>"#);
    assert_eq!(r.links.len(), 3);
    assert_eq!(r.links[2].anchor.as_deref(), Some("stand-van-zaken"));
}

#[test]
fn ambiguous_wiki_link_lists_candidates() {
    let r = md("\n[[zrm]]");
    let msg = r.diags[0].render(crate::diagnostic::Lang::Nl);
    assert_eq!(
        msg,
        "content/praktijken/x.md:6:1: fout[broken-link]: link naar [[zrm]]: 'zrm' is niet eenduidig\n  tip: kies een van: methoden/zrm, begrippen/zrm"
    );
}

#[test]
fn missing_target_suggests_closest_page() {
    let r = md("Zie [[harlem]].");
    let msg = r.diags[0].render(crate::diagnostic::Lang::Nl);
    assert_eq!(
        msg,
        "content/praktijken/x.md:5:5: fout[broken-link]: link naar [[harlem]]: pagina 'harlem' bestaat niet\n  tip: bedoelt u 'gemeenten/haarlem'?"
    );
}

#[test]
fn markdown_links_to_content_files_resolve() {
    let r = md("[a](@/gemeenten/haarlem.md) [b](../methoden/zrm.md) [c](https://example.org)");
    assert!(r.diags.is_empty(), "{:?}", r.diags);
    insta::assert_snapshot!(r.html, @r#"<p><a href="/gemeenten/haarlem/">a</a> <a href="/methoden/zrm/">b</a> <a href="https://example.org">c</a></p>"#);
}

#[test]
fn links_inside_code_are_left_alone() {
    let r = md("`[[nergens]]`\n\n```\n[[nergens]]\n```");
    assert!(r.diags.is_empty());
    assert!(r.html.contains("[[nergens]]"));
}

#[test]
fn headings_get_unique_anchors_and_a_toc() {
    let r = md("## Stand van zaken\n\n## Stand van zaken\n\n### Één *doel*");
    let ids: Vec<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["stand-van-zaken", "stand-van-zaken-2", "een-doel"]);
    assert_eq!(r.toc[2].title, "Één doel");
    assert!(r.html.contains(r#"<h2 id="stand-van-zaken-2">"#));
}

#[test]
fn markdown_features_render() {
    let r = md(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~weg~~ \"citaat\"\n\n- [x] klaar\n\nTekst[^1]\n\n[^1]: Voetnoot.\n\n```rust\nfn main() {}\n```\n",
    );
    insta::assert_snapshot!("markdown_features", r.html);
}

#[test]
fn same_page_anchor_links_are_recorded_for_checking() {
    let r = md("## Kop\n\n[terug](#kop) en [[#kopp]]");
    assert_eq!(r.self_anchors.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(), ["kop", "kopp"]);
    assert!(r.html.contains(r##"<a href="#kopp">kopp</a>"##), "{}", r.html);
}

#[test]
fn raw_html_is_sanitised() {
    let r = md(
        "<script>alert(1)</script>\n\n<a href=\"javascript:alert(2)\" onclick=\"x()\">klik</a> <iframe src=\"https://x\"></iframe> <b>vet</b> [[gemeenten/haarlem]]",
    );
    assert!(
        !r.html.contains("<script")
            && !r.html.contains("javascript:")
            && !r.html.contains("onclick")
            && !r.html.contains("<iframe"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<b>vet</b>"));
    assert!(r.html.contains(r#"<a href="/gemeenten/haarlem/">Haarlem</a>"#), "{}", r.html);
}

#[test]
fn pages_without_raw_html_are_not_touched() {
    let r = md("## Kop\n\n```rust\nfn main() {}\n```");
    assert!(r.html.contains(r#"<h2 id="kop">"#) && r.html.contains("data-lang=\"rust\""));
}
