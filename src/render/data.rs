//! Open data: one JSON dataset per content type, `/data/<type>.json`, with field metadata
//! (name, type, unit, description) and every published page's values. Special values are text.

use crate::config::{FieldSpec, TypeDef};
use crate::content::{FieldValue, Value};
use crate::output::OutputSet;
use crate::site::Site;
use serde_json::{Map, Value as J, json};

fn field_meta(name: &str, spec: &FieldSpec) -> J {
    let mut meta = json!({
        "name": name,
        "label": spec.label.clone().unwrap_or_else(|| name.to_string()),
        "type": spec.kind.name(),
        "unit": spec.unit,
        "description": spec.help,
        "required": spec.required,
    });
    if !spec.values.is_empty() {
        meta["values"] = json!(spec.values);
    }
    if let (Some(l), Some(r)) = (&spec.left, &spec.right) {
        meta["poles"] = json!([l, r]);
        meta["steps"] = json!(spec.scale_steps());
    }
    if let Some(t) = &spec.target {
        meta["target"] = json!(t);
    }
    if !spec.fields.is_empty() {
        meta["fields"] = J::Array(spec.fields.iter().map(|(k, s)| field_meta(k, s)).collect());
    }
    if let Some(item) = spec.item.as_deref() {
        meta["item"] = field_meta("item", item);
    }
    meta
}

/// A value as JSON: numbers as numbers, special values as their text, protected small counts
/// as "< N".
pub fn value_json(fv: &FieldValue, spec: &FieldSpec, small: i64) -> J {
    let v = match &fv.value {
        Value::Integer(i) if spec.protect_small && *i > 0 && *i < small => {
            json!(format!("< {small}"))
        }
        Value::Text(s) | Value::Enum(s) | Value::Date(s) | Value::Ref(s) | Value::Special(s) => {
            json!(s)
        }
        Value::Integer(i) | Value::Year(i) => json!(i),
        Value::Number(n) => json!(n),
        Value::Boolean(b) => json!(b),
        Value::Range { min, max } => json!({ "min": min, "max": max }),
        Value::Scale(p) => json!(p),
        Value::List(items) => {
            let item = spec.item.as_deref().unwrap_or(spec);
            J::Array(items.iter().map(|v| value_json(v, item, small)).collect())
        }
        Value::Map(m) => {
            let vs = spec.value.as_deref().unwrap_or(spec);
            J::Object(m.iter().map(|(k, v)| (k.clone(), value_json(v, vs, small))).collect())
        }
        Value::Table(m) => J::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), value_json(v, spec.fields.get(k).unwrap_or(spec), small)))
                .collect(),
        ),
    };
    if fv.bron.is_none() && fv.peildatum.is_none() && fv.toelichting.is_none() {
        return v;
    }
    json!({ "waarde": v, "bron": fv.bron, "peildatum": fv.peildatum, "toelichting": fv.toelichting })
}

fn fields_json(
    tdef: &TypeDef,
    fields: &indexmap::IndexMap<String, FieldValue>,
    small: i64,
) -> Map<String, J> {
    fields
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), value_json(v, tdef.fields.get(k)?, small))))
        .collect()
}

fn dataset(site: &Site, kind: &str, tdef: &TypeDef) -> J {
    let small = site.config.compare.small_numbers;
    let records: Vec<J> = site
        .published
        .iter()
        .map(|&i| &site.content.pages[i])
        .filter(|p| p.kind.as_deref() == Some(kind))
        .map(|p| {
            let fields = fields_json(tdef, &p.fields, small);
            let timeline: Vec<J> = p
                .timeline
                .iter()
                .map(|e| {
                    let f = fields_json(tdef, &e.fields, small);
                    json!({ "peildatum": e.peildatum, "titel": e.titel, "bron": e.bron, "fields": f })
                })
                .collect();
            json!({
                "slug": p.slug, "title": p.meta.title, "url": p.url,
                "bron": p.meta.bron, "peildatum": p.meta.peildatum,
                "fields": fields, "tijdlijn": timeline,
            })
        })
        .collect();
    json!({
        "type": kind,
        "label": tdef.label, "label_plural": tdef.label_plural, "description": tdef.description,
        "special_values": crate::config::SPECIAL_VALUES,
        "fields": tdef.fields.iter().map(|(k, s)| field_meta(k, s)).collect::<Vec<_>>(),
        "records": records,
    })
}

/// Adds `/data/<type>.json` for every content type.
pub fn add_datasets(site: &Site, out: &mut OutputSet) {
    for (kind, tdef) in &site.config.types {
        let doc = dataset(site, kind, tdef);
        out.insert(
            format!("data/{}.json", slug::slugify(kind)),
            serde_json::to_vec_pretty(&doc).unwrap_or_default(),
        );
    }
}
