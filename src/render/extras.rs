//! Files beside the pages: `sitemap.xml`, the Atom feed, `robots.txt` and alias redirects.

use super::{escape_error, url_to_file};
use crate::diagnostic::Diagnostic;
use crate::output::OutputSet;
use crate::site::Site;
use pulldown_cmark_escape::escape_html;

fn esc(s: &str) -> String {
    let mut out = String::new();
    let _ = escape_html(&mut out, s);
    out
}

/// Where an alias is written: at its quoted text in the front matter, else at `aliases`.
fn alias_position(raw: &str, alias: &str) -> (usize, usize) {
    let quoted = format!("\"{alias}\"");
    match raw.find(&quoted).or_else(|| raw.find(&format!("'{alias}'"))) {
        Some(offset) => crate::diagnostic::LineIndex::new(raw).position(raw, offset),
        None => crate::diagnostic::key_position(raw, "aliases").unwrap_or((1, 1)),
    }
}

/// Adds redirect pages for aliases, then the sitemap (every page, generated ones included),
/// the feed and robots.txt.
pub(super) fn add_extras(site: &Site, out: &mut OutputSet, diags: &mut Vec<Diagnostic>) {
    let base = site.config.base_url.trim_end_matches('/');
    let before: std::collections::HashSet<String> = out.files.keys().cloned().collect();

    let pages = site
        .published
        .iter()
        .map(|&i| &site.content.pages[i])
        .map(|p| (&p.display_path, &p.url, &p.meta.aliases, &p.raw));
    let sections =
        site.content.sections.iter().map(|s| (&s.display_path, &s.url, &s.meta.aliases, &s.raw));
    for (display_path, url, aliases, raw) in pages.chain(sections) {
        for alias in aliases {
            let at = alias_position(raw, alias);
            match alias_file(alias) {
                Some(file) if out.get(&file).is_some() => diags.push(
                    Diagnostic::error(
                        display_path,
                        "alias-conflict",
                        crate::diagnostic::t(
                            format!("alias \"{alias}\" is al de URL van een andere pagina"),
                            format!("alias \"{alias}\" is already the URL of another page"),
                        ),
                    )
                    .at(at)
                    .with_hint(crate::diagnostic::t(
                        "kies een oud pad dat niet meer bestaat",
                        "choose an old path that no longer exists",
                    )),
                ),
                Some(file) => out.insert(file, redirect_page(site, url).into_bytes()),
                None => {
                    diags.push(escape_error(display_path, &format!("alias \"{alias}\"")).at(at))
                }
            }
        }
    }
    let redirects: Vec<String> =
        out.files.keys().filter(|k| !before.contains(*k)).cloned().collect();
    let dates: std::collections::HashMap<&str, &String> = site
        .published
        .iter()
        .filter_map(|&i| {
            let p = &site.content.pages[i];
            Some((p.url.as_str(), p.meta.updated.as_ref().or(p.meta.date.as_ref())?))
        })
        .collect();
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for file in out.files.keys().filter(|k| {
        k.ends_with("index.html") && !redirects.contains(k) && !k.starts_with("pagefind/")
    }) {
        let url = format!("/{}", file.trim_end_matches("index.html"));
        sitemap.push_str(&format!("  <url><loc>{}</loc>", esc(&format!("{base}{url}"))));
        if let Some(d) = dates.get(url.as_str()) {
            sitemap.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        sitemap.push_str("</url>\n");
    }
    sitemap.push_str("</urlset>\n");
    out.insert("sitemap.xml".into(), sitemap.into_bytes());
    out.insert(
        "robots.txt".into(),
        format!("User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n").into_bytes(),
    );
    out.insert("atom.xml".into(), feed(site, base).into_bytes());
}

/// The output file for an alias path, or None if it would leave the site.
fn alias_file(alias: &str) -> Option<String> {
    let trimmed = alias.trim();
    let bad = trimmed.split(['/', '\\']).any(|seg| seg == ".." || seg == ".")
        || trimmed.contains(':')
        || trimmed.is_empty();
    if bad {
        return None;
    }
    let path = trimmed.trim_matches('/');
    if path.is_empty() {
        return None;
    }
    if path.ends_with(".html") { Some(path.to_string()) } else { Some(url_to_file(path)) }
}

fn redirect_page(site: &Site, to: &str) -> String {
    let labels = super::labels::labels(site.config.lang());
    let to = esc(to);
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><link rel=\"canonical\" href=\"{to}\"><meta http-equiv=\"refresh\" content=\"0; url={to}\"></head><body><p>{} <a href=\"{to}\">{to}</a></p></body></html>\n",
        site.config.lang().code(),
        esc(&site.config.title),
        labels["redirect"],
    )
}

fn feed(site: &Site, base: &str) -> String {
    let dated = site.recent_pages(20);
    let updated = dated
        .first()
        .and_then(|&i| site.content.pages[i].meta.date.clone())
        .unwrap_or_else(|| "2000-01-01".into());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <link href=\"{base}/atom.xml\" rel=\"self\"/>\n  <link href=\"{base}/\"/>\n  <id>{base}/</id>\n  <updated>{updated}T00:00:00Z</updated>\n",
        site.config.lang().code(),
        esc(&site.config.title)
    );
    for i in dated {
        let p = &site.content.pages[i];
        let date = p.meta.updated.as_ref().or(p.meta.date.as_ref()).cloned().unwrap_or_default();
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link href=\"{base}{}\"/>\n    <id>{base}{}</id>\n    <updated>{date}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            esc(&p.meta.title),
            p.url,
            p.url,
            esc(p.meta.summary.as_deref().unwrap_or(""))
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::{alias_file, alias_position};

    #[test]
    fn alias_errors_point_at_the_alias() {
        let raw = "+++\ntitle = \"A\"\naliases = [\"/a/\", '../x']\n+++\n";
        assert_eq!(alias_position(raw, "/a/"), (3, 12));
        assert_eq!(alias_position(raw, "../x"), (3, 19));
        assert_eq!(alias_position("+++\naliases = []\n", "/weg/"), (2, 1));
    }

    #[test]
    fn alias_paths_cannot_escape_the_site() {
        assert_eq!(
            alias_file("/gemeenten/heerhugowaard/").as_deref(),
            Some("gemeenten/heerhugowaard/index.html")
        );
        assert_eq!(alias_file("../../etc/passwd"), None);
        assert_eq!(alias_file("/a/../../b/"), None);
        assert_eq!(alias_file("C:\\x"), None);
        assert_eq!(alias_file("/"), None);
    }
}
