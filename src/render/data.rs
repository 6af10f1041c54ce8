//! Open data: one JSON dataset per content type, `/data/<type>.json`, with field metadata
//! (name, type, unit, description) and every published page's values. Special values are text.

use crate::config::{FieldSpec, TypeDef};
use crate::content::{FieldValue, Value};
use crate::output::OutputSet;
use crate::site::Site;
use rayon::prelude::*;
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

/// One page's record in its type's dataset.
fn record(tdef: &TypeDef, p: &crate::content::Page, small: i64) -> J {
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
}

/// Stands in for the records while the rest of a dataset is printed.
const RECORDS: &str = "\u{0}records\u{0}";

/// `/data/<type>.json` of one content type: (path, bytes). The records are made and printed in
/// parallel, then put into the printed document as `serde_json` would have printed them there,
/// two levels deep. With `kring serve`'s memo, a record whose page is as it was is not printed
/// again: a field edit makes one record, not thousands.
pub fn dataset_file(
    site: &Site,
    r: &super::Renderer,
    kind: &str,
    tdef: &TypeDef,
) -> (String, Vec<u8>) {
    let small = site.config.compare.small_numbers;
    let pages: Vec<usize> = site
        .published
        .iter()
        .copied()
        .filter(|&i| site.content.pages[i].kind.as_deref() == Some(kind))
        .collect();
    let printed: Vec<super::Shared> = pages
        .par_iter()
        .filter_map(|&i| {
            let print = || {
                let p = &site.content.pages[i];
                let text = serde_json::to_string_pretty(&record(tdef, p, small));
                // Strings in JSON hold no raw line breaks: every line is a line of the structure.
                let text = format!("    {}", text.unwrap_or_default().replace('\n', "\n    "));
                Ok(std::sync::Arc::new(text.into_bytes()))
            };
            let key = |s: &super::inputs::Stamps| s.pages_key(site, ("record", kind), [i], false);
            let name = format!("{}#data", site.content.pages[i].url);
            r.through_inputs(&name, key, print).ok()
        })
        .collect();
    let records = match printed.is_empty() {
        true => b"[]".to_vec(),
        false => {
            let parts: Vec<&[u8]> = printed.iter().map(|p| p.as_slice()).collect();
            [&b"[\n"[..], &parts.join(&b",\n"[..]), b"\n  ]"].concat()
        }
    };
    let doc = json!({
        "type": kind,
        "label": tdef.label, "label_plural": tdef.label_plural, "description": tdef.description,
        "special_values": crate::config::SPECIAL_VALUES,
        "fields": tdef.fields.iter().map(|(k, s)| field_meta(k, s)).collect::<Vec<_>>(),
        "records": RECORDS,
    });
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    // With its key: no string value can hold an unescaped `"records": "`.
    let placeholder =
        format!("\"records\": {}", serde_json::to_string(RECORDS).unwrap_or_default());
    let Some((before, after)) = text.split_once(&placeholder) else {
        return (dataset_path(kind), text.into_bytes());
    };
    let bytes = [before.as_bytes(), b"\"records\": ", &records, after.as_bytes()].concat();
    (dataset_path(kind), bytes)
}

/// Where the dataset of a content type goes.
fn dataset_path(kind: &str) -> String {
    format!("data/{}.json", slug::slugify(kind))
}

/// Adds `/data/<type>.json` for every content type; `kring serve` makes again only those whose
/// pages changed.
pub(super) fn add_datasets(site: &Site, r: &super::Renderer, out: &mut OutputSet) {
    for (kind, tdef) in &site.config.types {
        let path = dataset_path(kind);
        let of_kind = |&i: &usize| site.content.pages[i].kind.as_deref() == Some(kind.as_str());
        let pages = site.published.iter().copied().filter(of_kind);
        let key = |s: &super::inputs::Stamps| s.pages_key(site, ("data", kind), pages, false);
        let make = || Ok(std::sync::Arc::new(dataset_file(site, r, kind, tdef).1));
        if let Ok(bytes) = r.through_inputs(&path, key, make) {
            out.insert_shared(path, bytes);
        }
    }
}
