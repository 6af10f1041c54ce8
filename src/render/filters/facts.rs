//! `fact_list`, `fact_value` and `fact_scale`: the facts of a page (`page.fields`, field views
//! as in `render::views::FieldView`) as HTML.

use super::{Html, anchor, text, truthy};
use crate::render::theme::escape_into;
use tera::Value;

/// Registers the filters for facts.
pub(super) fn register(tera: &mut tera::Tera) {
    tera.register_filter("fact_list", Html(fact_list));
    tera.register_filter("fact_value", Html(fact_value));
    tera.register_filter("fact_scale", Html(fact_scale));
}

fn not_a(what: &str) -> tera::Error {
    tera::Error::msg(format!("{what} verwacht een veld of een lijst van velden (page.fields)"))
}

/// A field's text value, escaped into `html`.
fn put(html: &mut String, f: &Value, key: &str) {
    if let Some(v) = f.get(key) {
        escape_into(html, &text(v));
    }
}

/// `{{ page.fields | fact_list }}`: a `<dl class="facts">` with, per field, its label and value.
fn fact_list(list: &Value, html: &mut String) -> tera::Result<()> {
    let fields = list.as_array().ok_or_else(|| not_a("fact_list"))?;
    html.push_str("<dl class=\"facts\">");
    for f in fields {
        html.push_str("<div class=\"fact fact-");
        put(html, f, "kind");
        html.push_str("\">");
        term(f, html)?;
        html.push_str("</div>");
    }
    html.push_str("</dl>");
    Ok(())
}

/// A field as a term of a description list: its label, then its value.
fn term(f: &Value, html: &mut String) -> tera::Result<()> {
    html.push_str("<dt>");
    put(html, f, "label");
    html.push_str("</dt><dd>");
    fact_value(f, html)?;
    html.push_str("</dd>");
    Ok(())
}

/// `{{ f | fact_value }}`: one field's value (a special value, link, scale, list, map, table or
/// text), then its note and source.
fn fact_value(f: &Value, html: &mut String) -> tera::Result<()> {
    if !f.is_object() {
        return Err(not_a("fact_value"));
    }
    let kind = f.get("kind").and_then(Value::as_str).unwrap_or_default();
    if let Some(special) = truthy(f, "special") {
        html.push_str("<span class=\"special\" title=\"");
        escape_into(html, &text(special));
        html.push_str("\">");
        escape_into(html, &text(special));
        html.push_str("</span>");
    } else if let (Some(links), "ref") = (truthy(f, "links"), kind) {
        for l in links.as_array().map_or(&[][..], Vec::as_slice) {
            let field = |key| l.get(key).unwrap_or(&Value::Null);
            anchor(html, field("url"), field("title"));
        }
    } else if kind == "scale" {
        fact_scale(f, html)?;
    } else if kind == "list" {
        list_items(items_of(f), html)?;
    } else if kind == "map" || kind == "table" {
        html.push_str("<dl class=\"sub\">");
        for it in items_of(f) {
            term(it, html)?;
        }
        html.push_str("</dl>");
    } else {
        put(html, f, "text");
    }
    if truthy(f, "toelichting").is_some() {
        html.push_str("<span class=\"note\"> (");
        put(html, f, "toelichting");
        html.push_str(")</span>");
    }
    let (bron, peildatum) = (truthy(f, "bron"), truthy(f, "peildatum"));
    if bron.is_some() || peildatum.is_some() {
        html.push_str("<span class=\"source\"> [");
        let parts = [bron, peildatum];
        for (n, part) in parts.iter().flatten().enumerate() {
            html.push_str(if n > 0 { ", " } else { "" });
            escape_into(html, &text(part));
        }
        html.push_str("]</span>");
    }
    Ok(())
}

/// A field's `items` (list items, map entries, table cells).
fn items_of(f: &Value) -> &[Value] {
    f.get("items").and_then(Value::as_array).map_or(&[][..], Vec::as_slice)
}

/// The items of a list; a list of table rows shows each row's cells separated by dots.
fn list_items(items: &[Value], html: &mut String) -> tera::Result<()> {
    let of_tables =
        items.first().is_some_and(|i| i.get("kind").and_then(Value::as_str) == Some("table"));
    html.push_str("<ul class=\"items\">");
    for it in items {
        html.push_str("<li>");
        if of_tables {
            for (n, cell) in items_of(it).iter().enumerate() {
                html.push_str(if n > 0 { " · " } else { "" });
                fact_value(cell, html)?;
            }
        } else {
            fact_value(it, html)?;
        }
        html.push_str("</li>");
    }
    html.push_str("</ul>");
    Ok(())
}

/// `{{ f | fact_scale }}`: a scale's position as a bar between its two poles (with its
/// `scale_label` for screen readers), or its text when it has no position.
fn fact_scale(f: &Value, html: &mut String) -> tera::Result<()> {
    if !f.is_object() {
        return Err(not_a("fact_scale"));
    }
    html.push_str("<span class=\"scale\">");
    match truthy(f, "position").and_then(Value::as_u64) {
        Some(position) => {
            html.push_str("<span class=\"pole\">");
            put(html, f, "left");
            html.push_str("</span> <span class=\"scale-bar\" role=\"img\" aria-label=\"");
            put(html, f, "scale_label");
            html.push_str("\">");
            let steps = f.get("steps").and_then(Value::as_u64).unwrap_or(0);
            for i in 1..=steps {
                html.push_str(if i == position {
                    "<span class=\"tick on\"></span>"
                } else {
                    "<span class=\"tick\"></span>"
                });
            }
            html.push_str("</span> <span class=\"pole\">");
            put(html, f, "right");
            html.push_str("</span>");
        }
        None => put(html, f, "text"),
    }
    html.push_str("</span>");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::tests::render;
    use serde_json::json;

    /// Renders `{{ m::CALL }}` with the old macros imported as `m`.
    fn with_macros(call: &str, list: serde_json::Value) -> String {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::render::theme::escape_text);
        let page = format!("{{% import \"macros.html\" as m %}}{{{{ m::{call} }}}}");
        tera.add_raw_templates([("macros.html", MACROS), ("t.html", page.as_str())]).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("list", &list);
        tera.render("t.html", &ctx).unwrap()
    }

    /// The default theme's macros before these filters, to compare with.
    const MACROS: &str = r#"{% macro value(f) %}{% if f.special %}<span class="special" title="{{ f.special }}">{{ f.special }}</span>{% elif f.kind == "ref" and f.links %}{% for l in f.links %}<a href="{{ l.url }}">{{ l.title }}</a>{% endfor %}{% elif f.kind == "scale" %}{{ self::scale(f=f) }}{% elif f.kind == "list" %}{% if f.items and f.items[0].kind == "table" %}<ul class="items">{% for it in f.items %}<li>{% for sub in it.items %}{% if not loop.first %} · {% endif %}{{ self::value(f=sub) }}{% endfor %}</li>{% endfor %}</ul>{% else %}<ul class="items">{% for it in f.items %}<li>{{ self::value(f=it) }}</li>{% endfor %}</ul>{% endif %}{% elif f.kind == "map" or f.kind == "table" %}<dl class="sub">{% for it in f.items %}<dt>{{ it.label }}</dt><dd>{{ self::value(f=it) }}</dd>{% endfor %}</dl>{% else %}{{ f.text }}{% endif %}{% if f.toelichting %}<span class="note"> ({{ f.toelichting }})</span>{% endif %}{% if f.bron or f.peildatum %}<span class="source"> [{% if f.bron %}{{ f.bron }}{% endif %}{% if f.bron and f.peildatum %}, {% endif %}{% if f.peildatum %}{{ f.peildatum }}{% endif %}]</span>{% endif %}{% endmacro value %}
{% macro scale(f) %}<span class="scale">{% if f.position %}<span class="pole">{{ f.left }}</span> <span class="scale-bar" role="img" aria-label="{{ f.scale_label }}">{% for i in range(start=1, end=f.steps + 1) %}<span class="tick{% if i == f.position %} on{% endif %}"></span>{% endfor %}</span> <span class="pole">{{ f.right }}</span>{% else %}{{ f.text }}{% endif %}</span>{% endmacro scale %}
{% macro fields(list) %}<dl class="facts">{% for f in list %}<div class="fact fact-{{ f.kind }}"><dt>{{ f.label }}</dt><dd>{{ self::value(f=f) }}</dd></div>{% endfor %}</dl>{% endmacro fields %}"#;

    fn field(kind: &str, text: &str) -> serde_json::Value {
        json!({ "key": "k", "label": format!("{kind} <1>"), "kind": kind, "text": text,
                "special": null, "links": [], "items": [], "position": null, "steps": 0,
                "left": "", "right": "", "scale_label": "", "bron": "", "peildatum": "",
                "toelichting": "" })
    }

    fn with(mut f: serde_json::Value, key: &str, v: serde_json::Value) -> serde_json::Value {
        f[key] = v;
        f
    }

    /// Renders `list` with the filter and with the old macro.
    fn both(filter: &str, call: &str, list: serde_json::Value) -> (String, String) {
        let new = render(&format!("{{{{ list | {filter} }}}}"), list.clone()).unwrap();
        (new, with_macros(call, list))
    }

    #[test]
    fn facts_render_as_the_macros_did() {
        let scale = with(
            with(with(field("scale", "3 / 5"), "position", json!(3)), "steps", json!(5)),
            "scale_label",
            json!("3 van 5: \"klein\" tot groot"),
        );
        let scale = with(with(scale, "left", json!("klein & dicht")), "right", json!("groot"));
        let link =
            json!([{ "url": "/gemeenten/a/", "title": "A & co", "kind": "", "summary": "" }]);
        let row = with(
            field("table", "x"),
            "items",
            json!([field("text", "een"), with(field("integer", "2"), "toelichting", json!("ca."))]),
        );
        let list = json!([
            with(field("text", "Tekst <b>"), "bron", json!("CBS")),
            with(
                with(field("integer", "1.234"), "peildatum", json!("2024-01-01")),
                "bron",
                json!("x")
            ),
            with(field("integer", "5"), "peildatum", json!("2023")),
            with(field("integer", "< 10"), "special", json!("< 10")),
            with(field("ref", "A & co"), "links", link),
            with(field("ref", "onbekend doel"), "toelichting", json!("nog niet")),
            scale.clone(),
            with(scale.clone(), "position", json!(null)),
            with(field("list", "a, b"), "items", json!([field("text", "a"), field("text", "b")])),
            with(field("list", "rij"), "items", json!([row.clone(), row.clone()])),
            with(field("map", ""), "items", json!([field("text", "a"), scale.clone()])),
            with(field("list", ""), "items", json!([])),
        ]);
        let (new, old) = both("fact_list", "fields(list=list)", list.clone());
        assert_eq!(new, old);
        assert!(new.contains("aria-label=\"3 van 5: &quot;klein&quot; tot groot\""), "{new}");
        assert!(new.contains("<span class=\"tick on\"></span><span class=\"tick\"></span>"));
        assert!(new.contains(" · "), "a list of table rows joins its cells: {new}");
        for f in list.as_array().unwrap() {
            let (new, old) = both("fact_value", "value(f=list)", f.clone());
            assert_eq!(new, old);
            let (new, old) = both("fact_scale", "scale(f=list)", f.clone());
            assert_eq!(new, old);
        }
    }

    #[test]
    fn facts_filters_say_what_they_need() {
        let e = render("{{ list | fact_list }}", json!({ "a": 1 })).unwrap_err();
        assert!(format!("{e:?}").contains("fact_list verwacht"), "{e:?}");
        let e = render("{{ list | fact_value }}", json!("tekst")).unwrap_err();
        assert!(format!("{e:?}").contains("fact_value verwacht"), "{e:?}");
    }
}
