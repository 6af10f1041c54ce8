//! The data templates see: deliberate, serialisable views of pages, sections and fields.

use crate::config::FieldSpec;
use crate::content::lookup::Target;
use crate::content::{FieldValue, Page, Value};
use crate::diagnostic::Lang;
use crate::markdown::Heading;
use crate::site::Site;
use serde::Serialize;

/// A link to a page or section.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Singular type label, e.g. "Gemeente".
    pub kind: String,
    /// Summary, if any.
    pub summary: String,
}

/// A field value formatted for display.
#[derive(Debug, Clone, Serialize, Default)]
pub struct FieldView {
    /// The field key.
    pub key: String,
    /// The label from the schema.
    pub label: String,
    /// The field kind (`text`, `integer`, ...).
    pub kind: &'static str,
    /// The value as display text (numbers formatted for the language).
    pub text: String,
    /// The raw number, for charts.
    pub number: Option<f64>,
    /// The special value (`onbekend`, ...) when the value is one.
    pub special: Option<String>,
    /// Unit after numbers.
    pub unit: String,
    /// Links for reference values.
    pub links: Vec<LinkView>,
    /// Items of lists, entries of maps, sub-fields of tables.
    pub items: Vec<FieldView>,
    /// Scale position, 1-based.
    pub position: Option<u8>,
    /// Number of positions of a scale.
    pub steps: u8,
    /// Left pole of a scale.
    pub left: String,
    /// Right pole of a scale.
    pub right: String,
    /// A scale's position in words, for screen readers: "3 van 5: compact tot breed".
    pub scale_label: String,
    /// Source of this value.
    pub bron: String,
    /// Reference date of this value.
    pub peildatum: String,
    /// Note on this value.
    pub toelichting: String,
}

pub use crate::diagnostic::format_number;

/// Builds field views for a page's fields in schema order.
pub fn field_views(
    site: &Site,
    page: &Page,
    fields: &indexmap::IndexMap<String, FieldValue>,
) -> Vec<FieldView> {
    let Some(tdef) = page.kind.as_deref().and_then(|k| site.config.types.get(k)) else {
        return Vec::new();
    };
    tdef.fields
        .iter()
        .filter_map(|(key, spec)| fields.get(key).map(|v| field_view(site, key, spec, v)))
        .collect()
}

/// Builds the view of one value.
pub fn field_view(site: &Site, key: &str, spec: &FieldSpec, v: &FieldValue) -> FieldView {
    let lang = site.config.lang();
    let mut view = FieldView {
        key: key.to_string(),
        label: spec.label.clone().unwrap_or_else(|| key.replace('_', " ")),
        kind: spec.kind.name(),
        unit: spec.unit.clone().unwrap_or_default(),
        steps: spec.scale_steps(),
        left: spec.left.clone().unwrap_or_default(),
        right: spec.right.clone().unwrap_or_default(),
        bron: v.bron.clone().unwrap_or_default(),
        peildatum: v.peildatum.clone().unwrap_or_default(),
        toelichting: v.toelichting.clone().unwrap_or_default(),
        number: v.as_f64(),
        ..Default::default()
    };
    match &v.value {
        Value::Text(s) | Value::Enum(s) | Value::Date(s) => view.text = s.clone(),
        Value::Integer(i)
            if spec.protect_small && *i > 0 && *i < site.config.compare.small_numbers =>
        {
            // Small counts of persons could identify them: show "< N", never the number.
            view.text = format!("< {}", site.config.compare.small_numbers);
            view.special = Some(view.text.clone());
            view.number = None;
        }
        Value::Integer(i) => view.text = format_number(*i as f64, lang),
        Value::Year(y) => view.text = y.to_string(),
        Value::Number(n) => view.text = format_number(*n, lang),
        Value::Boolean(b) => view.text = yes_no(*b, lang).to_string(),
        Value::Range { min, max } => {
            view.text = format!("{} – {}", format_number(*min, lang), format_number(*max, lang))
        }
        Value::Scale(p) => {
            view.position = Some(*p);
            view.text = format!("{p} / {}", spec.scale_steps());
            let (of, to) = if lang == Lang::Nl { ("van", "tot") } else { ("of", "to") };
            view.scale_label =
                format!("{p} {of} {}: {} {to} {}", view.steps, view.left, view.right);
        }
        Value::Special(s) => {
            view.special = Some(s.clone());
            view.text = s.clone();
        }
        Value::Ref(r) => {
            view.links = resolve(site, r, spec.target.as_deref()).into_iter().collect();
            view.text = view.links.first().map_or_else(|| r.clone(), |l| l.title.clone());
        }
        Value::List(items) => {
            let item_spec = spec.item.as_deref().unwrap_or(spec);
            view.items = items
                .iter()
                .enumerate()
                .map(|(i, it)| field_view(site, &(i + 1).to_string(), item_spec, it))
                .collect();
            view.links = view.items.iter().flat_map(|i| i.links.clone()).collect();
            view.text = view.items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>().join(", ");
        }
        Value::Map(m) => {
            let vs = spec.value.as_deref().unwrap_or(spec);
            view.items = m.iter().map(|(k, it)| field_view(site, k, vs, it)).collect();
        }
        Value::Table(m) => {
            view.items = spec
                .fields
                .iter()
                .filter_map(|(k, s)| m.get(k).map(|it| field_view(site, k, s, it)))
                .collect();
            view.text = view
                .items
                .iter()
                .map(|i| format!("{}: {}", i.label, i.text))
                .collect::<Vec<_>>()
                .join("; ");
        }
    }
    let numeric = view.number.is_some() || matches!(v.value, Value::Range { .. });
    if !view.unit.is_empty() && numeric {
        view.text = format!("{} {}", view.text, view.unit);
    }
    view
}

fn yes_no(b: bool, lang: Lang) -> &'static str {
    match (b, lang) {
        (true, Lang::Nl) => "ja",
        (false, Lang::Nl) => "nee",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

fn resolve(site: &Site, written: &str, kind: Option<&str>) -> Option<LinkView> {
    let target = site
        .lookup
        .find_typed(written, crate::site::of_kind(&site.content, kind), |_| String::new())
        .ok()?;
    Some(link_view(site, target))
}

/// The link view of a page or section.
pub fn link_view(site: &Site, target: Target) -> LinkView {
    match target {
        Target::Page(i) => page_link(site, i),
        Target::Section(i) => {
            let s = &site.content.sections[i];
            LinkView {
                title: s.meta.title.clone(),
                url: s.url.clone(),
                kind: String::new(),
                summary: s.meta.summary.clone().unwrap_or_default(),
            }
        }
    }
}

/// The link view of page `i`.
pub fn page_link(site: &Site, i: usize) -> LinkView {
    let p = &site.content.pages[i];
    LinkView {
        title: p.meta.title.clone(),
        url: p.url.clone(),
        kind: p.kind.as_deref().map(|k| site.config.type_label(k).to_string()).unwrap_or_default(),
        summary: p.meta.summary.clone().unwrap_or_default(),
    }
}

/// A table-of-contents entry.
pub type TocView = Heading;
