//! The Tera filters kring adds for templates: `fill` for labels with numbers, and filters that
//! render what nearly every page shows many times (lists of links, facts) in one pass each:
//! Tera's variable lookups made those loops and macros half of all rendering
//! (docs/performance.md). Each gives what the loop in the default theme's `macros.html` gave.

use super::theme::escape_into;
use std::collections::HashMap;
use tera::Value;

mod facts;

/// Registers kring's filters.
pub(super) fn register(tera: &mut tera::Tera) {
    tera.register_filter("fill", fill);
    tera.register_filter("link_list", Html(link_list));
    facts::register(tera);
}

/// A filter that renders HTML from its value, escaped; Tera does not escape it again.
struct Html(fn(&Value, &mut String) -> tera::Result<()>);

impl tera::Filter for Html {
    fn filter(&self, value: &Value, _args: &HashMap<String, Value>) -> tera::Result<Value> {
        let mut html = String::new();
        (self.0)(value, &mut html)?;
        Ok(Value::String(html))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The `fill` filter: `{{ t.and_more | fill(n=12) }}` puts each argument in the label's `{n}`, `{m}`, ...
fn fill(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let mut text = value.as_str().unwrap_or_default().to_string();
    for (name, arg) in args {
        let arg = arg.as_str().map_or_else(|| arg.to_string(), str::to_string);
        text = text.replace(&format!("{{{name}}}"), &arg);
    }
    Ok(Value::String(text))
}

/// The `link_list` filter: `{{ page.related | link_list }}` is a `<ul class="link-list">` with,
/// per link, its title as a link to its URL, then its type and summary when it has them.
fn link_list(value: &Value, html: &mut String) -> tera::Result<()> {
    let items = value.as_array().ok_or_else(|| {
        tera::Error::msg("link_list verwacht een lijst van links (url, title, kind, summary)")
    })?;
    html.reserve(32 + items.len() * 96);
    html.push_str("<ul class=\"link-list\">");
    for item in items {
        let (Some(url), Some(title)) = (item.get("url"), item.get("title")) else {
            return Err(tera::Error::msg("link_list: elke link heeft een url en een title"));
        };
        html.push_str("<li>");
        anchor(html, url, title);
        if let Some(kind) = truthy(item, "kind") {
            html.push_str(" <span class=\"kind\">");
            escape_into(html, &text(kind));
            html.push_str("</span>");
        }
        if let Some(summary) = truthy(item, "summary") {
            html.push_str("<p>");
            escape_into(html, &text(summary));
            html.push_str("</p>");
        }
        html.push_str("</li>");
    }
    html.push_str("</ul>");
    Ok(())
}

/// `<a href="URL">TITLE</a>`, escaped.
fn anchor(html: &mut String, url: &Value, title: &Value) {
    html.push_str("<a href=\"");
    escape_into(html, &text(url));
    html.push_str("\">");
    escape_into(html, &text(title));
    html.push_str("</a>");
}

/// `item.key` when `{% if item.key %}` would take the branch.
fn truthy<'a>(item: &'a Value, key: &str) -> Option<&'a Value> {
    item.get(key).filter(|v| is_true(v))
}

/// Whether `{% if v %}` would take the branch.
fn is_true(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// A value as `{{ v }}` shows it.
fn text(v: &Value) -> std::borrow::Cow<'_, str> {
    match v {
        Value::String(s) => s.as_str().into(),
        Value::Null => "".into(),
        other => other.to_string().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default theme's list of links as a template loop, which `link_list` replaces.
    const AS_LOOP: &str = r#"<ul class="link-list">{% for l in list %}<li><a href="{{ l.url }}">{{ l.title }}</a>{% if l.kind %} <span class="kind">{{ l.kind }}</span>{% endif %}{% if l.summary %}<p>{{ l.summary }}</p>{% endif %}</li>{% endfor %}</ul>"#;

    pub(super) fn render(template: &str, list: serde_json::Value) -> tera::Result<String> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::render::theme::escape_text);
        register(&mut tera);
        tera.add_raw_template("t.html", template)?;
        let mut ctx = tera::Context::new();
        ctx.insert("list", &list);
        tera.render("t.html", &ctx)
    }

    #[test]
    fn link_list_renders_what_the_template_loop_renders() {
        let list = serde_json::json!([
            { "url": "/a/", "title": "A & B <c>", "kind": "Gemeente", "summary": "Over \"a\"" },
            { "url": "/b/?x=1&y=2", "title": "B", "kind": "", "summary": "" },
            { "url": "/c/", "title": "C" },
            { "url": "/d/", "title": 4, "kind": null, "summary": "Kort" },
        ]);
        let filtered = render("{{ list | link_list }}", list.clone()).unwrap();
        assert_eq!(filtered, render(AS_LOOP, list).unwrap());
        assert!(filtered.contains("A &amp; B &lt;c&gt;</a> <span class=\"kind\">Gemeente</span>"));
        assert_eq!(
            render("{{ list | link_list }}", serde_json::json!([])).unwrap(),
            "<ul class=\"link-list\"></ul>"
        );
    }

    #[test]
    fn link_list_says_what_it_needs() {
        let e = render("{{ list | link_list }}", serde_json::json!("tekst")).unwrap_err();
        assert!(format!("{e:?}").contains("lijst van links"), "{e:?}");
        let e = render("{{ list | link_list }}", serde_json::json!([{ "title": "x" }]));
        assert!(format!("{:?}", e.unwrap_err()).contains("url en een title"));
    }
}
