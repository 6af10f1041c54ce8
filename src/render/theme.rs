//! Loads a theme's templates and static files: from `themes/<name>/` on disk, or the default
//! theme built into the binary; the site's own `templates/` and `static/` override per file.

use crate::diagnostic::{Diagnostic, t};
use include_dir::{Dir, include_dir};
use std::path::Path;

static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Templates (name, text, shown path) and static files (relative path, bytes) of a theme.
#[derive(Default)]
pub struct Theme {
    /// Templates by name, e.g. `page.html`.
    pub templates: Vec<(String, String, String)>,
    /// Static files to copy to the output root.
    pub statics: Vec<(String, Vec<u8>)>,
}

impl Theme {
    fn put_template(&mut self, name: String, text: String, shown: String) {
        self.templates.retain(|(n, _, _)| *n != name);
        self.templates.push((name, text, shown));
    }

    fn put_static(&mut self, rel: String, bytes: Vec<u8>) {
        self.statics.retain(|(r, _)| *r != rel);
        self.statics.push((rel, bytes));
    }
}

/// Loads theme `name` for the site at `root`.
pub fn load_theme(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme::default();
    let mut diags = Vec::new();
    let theme_dir = root.join("themes").join(name);
    if theme_dir.is_dir() {
        read_dir_into(
            &theme_dir.join("templates"),
            &format!("themes/{name}/templates"),
            &mut theme,
            true,
            &mut diags,
        );
        read_dir_into(
            &theme_dir.join("static"),
            &format!("themes/{name}/static"),
            &mut theme,
            false,
            &mut diags,
        );
    } else if name == "default" {
        embedded_into(&DEFAULT_THEME, &mut theme);
    } else {
        let at = std::fs::read_to_string(root.join("kring.toml"))
            .ok()
            .and_then(|text| crate::diagnostic::key_position(&text, "theme"))
            .unwrap_or((0, 0));
        return Err(vec![
            Diagnostic::error(
                "kring.toml",
                "theme-missing",
                t(
                    format!("thema '{name}' niet gevonden in themes/{name}/"),
                    format!("theme '{name}' not found in themes/{name}/"),
                ),
            )
            .at(at)
            .with_hint(t(
                "gebruik theme = \"default\" of maak de map van het thema",
                "use theme = \"default\" or create the theme folder",
            )),
        ]);
    }
    if !theme.templates.iter().any(|(n, _, _)| n == "page.html") {
        diags.push(Diagnostic::error(
            format!("themes/{name}"),
            "theme-broken",
            t("het thema heeft geen templates/page.html", "the theme has no templates/page.html"),
        ));
    }
    read_dir_into(&root.join("templates"), "templates", &mut theme, true, &mut diags);
    read_dir_into(&root.join("static"), "static", &mut theme, false, &mut diags);
    if diags.is_empty() { Ok(theme) } else { Err(diags) }
}

/// Types in kring.toml whose `template` the theme does not have, reported at that line before
/// any page is read (else every page of the type would fail to render with no line to fix).
pub fn check_type_templates(
    theme: &Theme,
    config: &crate::config::Config,
    config_text: &str,
) -> Vec<Diagnostic> {
    let has = |name: &str| theme.templates.iter().any(|(n, _, _)| n == name);
    config
        .types
        .iter()
        .filter_map(|(kind, def)| Some((kind, def.template.as_deref()?)))
        .filter(|(_, name)| !has(name))
        .map(|(kind, name)| {
            let quoted = format!("\"{name}\"");
            let at = config_text
                .lines()
                .enumerate()
                .find(|(_, l)| l.contains("template") && l.contains(&quoted))
                .and_then(|(i, l)| Some((i + 1, l[..l.find(&quoted)?].chars().count() + 1)))
                .unwrap_or((0, 0));
            Diagnostic::error(
                "kring.toml",
                "template-missing",
                t(
                    format!("type '{kind}': het template '{name}' bestaat niet in het thema of in templates/"),
                    format!("type '{kind}': the template '{name}' exists neither in the theme nor in templates/"),
                ),
            )
            .at(at)
            .with_hint(t(
                format!("maak templates/{name}, of laat 'template' weg voor {kind}.html of page.html"),
                format!("create templates/{name}, or leave out 'template' for {kind}.html or page.html"),
            ))
        })
        .collect()
}

fn embedded_into(dir: &Dir, theme: &mut Theme) {
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            embedded_into(sub, theme);
            continue;
        }
        let Some(file) = entry.as_file() else { continue };
        let rel = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = rel.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            theme.put_template(name.to_string(), text, format!("themes/default/{rel}"));
        } else if let Some(name) = rel.strip_prefix("static/") {
            theme.put_static(name.to_string(), file.contents().to_vec());
        }
    }
}

fn read_dir_into(
    dir: &Path,
    shown: &str,
    theme: &mut Theme,
    templates: bool,
    diags: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter() {
        let entry = match entry {
            Ok(e) if e.file_type().is_file() => e,
            Ok(_) => continue,
            Err(e) => {
                diags.push(Diagnostic::error(
                    shown,
                    "read",
                    t(format!("kan niet gelezen worden: {e}"), format!("cannot be read: {e}")),
                ));
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let path_shown = format!("{shown}/{rel}");
        match std::fs::read(entry.path()) {
            Ok(bytes) if templates => match String::from_utf8(bytes) {
                Ok(text) => theme.put_template(rel, text, path_shown),
                Err(_) => diags.push(Diagnostic::error(
                    path_shown,
                    "encoding",
                    t("template is geen UTF-8-tekst", "template is not UTF-8 text"),
                )),
            },
            Ok(bytes) => theme.put_static(rel, bytes),
            Err(e) => diags.push(Diagnostic::error(
                path_shown,
                "read",
                t(format!("kan niet gelezen worden: {e}"), format!("cannot be read: {e}")),
            )),
        }
    }
}

/// Compiles the templates into a Tera instance, reporting errors with file and line.
pub fn compile(theme: &Theme) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default escaper also rewrites '/', which makes every URL unreadable in the HTML.
    tera.set_escape_fn(escape_text);
    super::filters::register(&mut tera);
    let list: Vec<(&str, &str)> =
        theme.templates.iter().map(|(n, text, _)| (n.as_str(), text.as_str())).collect();
    tera.add_raw_templates(list).map_err(|e| vec![template_error(theme, &e)])?;
    Ok(tera)
}

/// The templates that may read `page.values`: those where it, or a template it extends, reads
/// it, uses the page as a whole (passes it on, dumps it) or includes another template. Only they
/// get it, because building it copies every field of every page (about 4 % of a build's
/// instructions). `tera` is the compiled theme, which knows each template's parents.
pub fn templates_reading_values(
    theme: &Theme,
    tera: &tera::Tera,
) -> std::collections::HashSet<String> {
    let reads: std::collections::HashSet<&str> = theme
        .templates
        .iter()
        .filter(|(_, text, _)| reads_page_values(text))
        .map(|(name, _, _)| name.as_str())
        .collect();
    tera.templates
        .iter()
        .filter(|(name, t)| {
            std::iter::once(*name).chain(&t.parents).any(|n| reads.contains(n.as_str()))
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// Whether a template's tags may read `page.values` (see [`templates_reading_values`]).
fn reads_page_values(text: &str) -> bool {
    static TAG: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static PAGE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    if text.contains("include") || text.contains("__tera_context") {
        return true;
    }
    let tags = TAG.get_or_init(|| regex::Regex::new(r"(?s)\{[{%].*?[}%]\}").expect("valid"));
    let word = PAGE.get_or_init(|| regex::Regex::new(r"\bpage\b").expect("valid"));
    tags.find_iter(text).any(|tag| {
        let tag = tag.as_str();
        word.find_iter(tag).any(|m| match tag[m.end()..].trim_start().strip_prefix('.') {
            Some(field) => field.trim_start().starts_with("values"),
            // `page[...]`, `page | json_encode`, `m::x(p=page)`: the page as a whole.
            None => true,
        })
    })
}

/// Turns a Tera error into a diagnostic naming the template file and, where given, the line.
pub fn template_error(theme: &Theme, e: &tera::Error) -> Diagnostic {
    let mut chain = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        chain.push_str("\n  ");
        chain.push_str(&s.to_string());
        src = s.source();
    }
    let template = theme.templates.iter().find(|(n, _, _)| chain.contains(&format!("'{n}'")));
    let shown = template.map_or_else(|| "templates".to_string(), |(_, _, s)| s.clone());
    let pos = regex::Regex::new(r"--> (\d+):(\d+)")
        .ok()
        .and_then(|re| {
            re.captures(&chain).map(|c| (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0)))
        })
        .or_else(|| runtime_position(&chain, template.map(|(_, text, _)| text.as_str())?))
        .unwrap_or((0, 0));
    // Keep Tera's words, drop its source excerpt (the position is already in line:col).
    let detail = chain
        .lines()
        .map(|l| l.trim().trim_start_matches('=').trim())
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("-->")
                && !l.starts_with('|')
                && !l.starts_with(|c: char| c.is_ascii_digit())
        })
        .collect::<Vec<_>>()
        .join("; ");
    Diagnostic::error(
        shown,
        "template",
        t(format!("fout in template: {detail}"), format!("template error: {detail}")),
    )
    .at(pos)
}

/// Tera gives no position for errors while rendering; the first place the template mentions
/// the variable, filter or function it names (`page.x`, 'nietbestaand') is the best guess.
fn runtime_position(chain: &str, text: &str) -> Option<(usize, usize)> {
    let re = regex::Regex::new(r"`([^`]+)`|(?:Filter|Function|Test)(?: call)? '([^']+)'").ok()?;
    re.captures_iter(chain)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .find_map(|m| text.find(m.as_str()))
        .map(|offset| crate::diagnostic::LineIndex::new(text).position(text, offset))
}

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values. Runs between them are
/// copied whole: every `{{ }}` in every page goes through here.
pub(super) fn escape_text(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    escape_into(&mut out, input);
    out
}

/// [`escape_text`], appending to `out`.
pub(super) fn escape_into(out: &mut String, input: &str) {
    let mut start = 0;
    for (i, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII, so `i` is a character boundary.
        out.push_str(&input[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&input[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_html() {
        assert_eq!(
            escape_text(r#"a & b < c > "d" 'e' é€"#),
            "a &amp; b &lt; c &gt; &quot;d&quot; &#39;e&#39; é€"
        );
        assert_eq!(escape_text(""), "");
        assert_eq!(escape_text("<<x"), "&lt;&lt;x");
        assert_eq!(escape_text("geen"), "geen");
    }

    #[test]
    fn only_templates_that_may_read_page_values_get_them() {
        let mut theme = Theme::default();
        for (name, text) in [
            ("base.html", r#"<p aria-current="page">{% block main %}{% endblock main %}</p>"#),
            (
                "page.html",
                r#"{% extends "base.html" %}{{ page.title }}{% for v in r.values %}{% endfor %}"#,
            ),
            (
                "gemeente.html",
                r#"{% extends "page.html" %}{% block main %}{{ page.values.x.label }}{% endblock main %}"#,
            ),
            ("kind.html", r#"{% extends "gemeente.html" %}"#),
            ("dump.html", "{{ page | json_encode }}"),
            ("pass.html", "{{ m::card(p=page) }}"),
            ("incl.html", r#"{% include "deel.html" %}"#),
            ("deel.html", "{{ lang }}"),
        ] {
            theme.put_template(name.into(), text.into(), name.into());
        }
        let tera = compile(&theme).unwrap();
        let mut found: Vec<String> = templates_reading_values(&theme, &tera).into_iter().collect();
        found.sort();
        assert_eq!(found, ["dump.html", "gemeente.html", "incl.html", "kind.html", "pass.html"]);
    }

    #[test]
    fn a_missing_type_template_is_reported_at_its_line() {
        let text = "title = \"t\"\n[types.a]\ntemplate = \"a.html\"\n[types.b]\ntemplate = \"page.html\"\n";
        let config = crate::config::parse_config(text, "kring.toml").unwrap();
        let mut theme = Theme::default();
        theme.put_template("page.html".into(), String::new(), "x".into());
        let d = check_type_templates(&theme, &config, text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].col, d[0].code), (3, 12, "template-missing"));
    }

    #[test]
    fn runtime_errors_point_at_the_first_mention() {
        let text =
            "<h1>{{ page.title }}</h1>\n<p>{{ page.bestaat.niet }}</p>\n{{ x | nietbestaand }}";
        let chain =
            "Failed to render 'a.html'\n  Variable `page.bestaat.niet` not found in context";
        assert_eq!(runtime_position(chain, text), Some((2, 7)));
        assert_eq!(runtime_position("Filter 'nietbestaand' not found", text), Some((3, 8)));
        // A filter that fails on its input, such as `link_list` on a text.
        let failed = "Filter call 'nietbestaand' failed; link_list verwacht een lijst";
        assert_eq!(runtime_position(failed, text), Some((3, 8)));
        assert_eq!(runtime_position("Variable `elders` not found", text), None);
    }
}
