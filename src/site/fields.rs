//! Reading field values by path (`spectrum.regie`, `bereik_per_team.min`) for matrices,
//! similarity and exports.

use crate::config::{Config, FieldKind, FieldSpec};
use crate::content::lookup::{Lookup, Target};
use crate::content::{Content, FieldValue, Value};
use crate::diagnostic::Lang;

/// A field's schema and value on a page.
pub struct FieldRef<'a> {
    /// The schema.
    pub spec: &'a FieldSpec,
    /// The value.
    pub value: &'a FieldValue,
}

/// The field at `path` on page `page`; table fields are walked into by name.
pub fn field_at<'a>(
    config: &'a Config,
    content: &'a Content,
    page: usize,
    path: &str,
) -> Option<FieldRef<'a>> {
    let p = &content.pages[page];
    let tdef = config.types.get(p.kind.as_deref()?)?;
    let mut segs = path.split('.');
    let first = segs.next()?;
    let mut spec = tdef.fields.get(first)?;
    let mut value = p.fields.get(first)?;
    for seg in segs {
        match (&value.value, spec.kind) {
            (Value::Table(m), FieldKind::Table) => {
                spec = spec.fields.get(seg)?;
                value = m.get(seg)?;
            }
            _ => return None,
        }
    }
    Some(FieldRef { spec, value })
}

/// The number at `path` (None for special values, text and missing fields); a range gives its
/// middle, or its bounds with `.min` / `.max`.
pub fn number_at(config: &Config, content: &Content, page: usize, path: &str) -> Option<f64> {
    if let Some(f) = field_at(config, content, page, path) {
        // A protected small count is never used in arithmetic or comparisons: it would leak.
        if let Value::Integer(i) = f.value.value
            && f.spec.protect_small
            && i > 0
            && i < config.compare.small_numbers
        {
            return None;
        }
        return match f.value.value {
            Value::Range { min, max } => Some((min + max) / 2.0),
            _ => f.value.as_f64(),
        };
    }
    let (base, bound) = path.rsplit_once('.')?;
    match (field_at(config, content, page, base)?.value.value.clone(), bound) {
        (Value::Range { min, .. }, "min") => Some(min),
        (Value::Range { max, .. }, "max") => Some(max),
        _ => None,
    }
}

/// A value as plain text, for cells, groups and exports.
pub fn plain_text(v: &Value, lang: Lang) -> String {
    match v {
        Value::Text(s) | Value::Enum(s) | Value::Date(s) | Value::Special(s) | Value::Ref(s) => {
            s.clone()
        }
        Value::Integer(i) | Value::Year(i) => i.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Boolean(b) => match (b, lang) {
            (true, Lang::Nl) => "ja".into(),
            (false, Lang::Nl) => "nee".into(),
            (true, Lang::En) => "yes".into(),
            (false, Lang::En) => "no".into(),
        },
        Value::Range { min, max } => format!("{min}-{max}"),
        Value::Scale(p) => p.to_string(),
        Value::List(items) => {
            items.iter().map(|i| plain_text(&i.value, lang)).collect::<Vec<_>>().join("; ")
        }
        Value::Map(m) | Value::Table(m) => m
            .iter()
            .map(|(k, i)| format!("{k}: {}", plain_text(&i.value, lang)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// The pages a reference value (or a list of references) points at.
pub fn ref_targets(
    lookup: &Lookup,
    content: &Content,
    spec: &FieldSpec,
    fv: &FieldValue,
) -> Vec<usize> {
    let one = |spec: &FieldSpec, written: &str| {
        lookup
            .find_typed(written, super::of_kind(content, spec.target.as_deref()), |_| String::new())
            .ok()
            .and_then(|t| match t {
                Target::Page(i) => Some(i),
                Target::Section(_) => None,
            })
    };
    match (&fv.value, spec.kind) {
        (Value::Ref(r), FieldKind::Ref) => one(spec, r).into_iter().collect(),
        (Value::List(items), FieldKind::List) => {
            let Some(item) = spec.item.as_deref().filter(|i| i.kind == FieldKind::Ref) else {
                return Vec::new();
            };
            items
                .iter()
                .filter_map(|i| if let Value::Ref(r) = &i.value { one(item, r) } else { None })
                .collect()
        }
        _ => Vec::new(),
    }
}
