//! Relations: the references in a page's fields (`ref` values, in lists and tables too),
//! resolved to pages, with a diagnostic for each one that points nowhere or at the wrong type.

use super::{Relation, of_kind};
use crate::config::{Config, FieldKind, FieldSpec};
use crate::content::lookup::{Lookup, Target};
use crate::content::{Content, FieldValue, Value};
use crate::diagnostic::{Diagnostic, t};

pub(super) fn describe(content: &Content, t: Target) -> String {
    match t {
        Target::Page(i) => content.pages[i].rel_path.trim_end_matches(".md").to_string(),
        Target::Section(i) => content.sections[i].path.clone(),
    }
}

/// Resolves every reference in page `i`'s fields, reporting those that point nowhere.
pub(super) fn resolve_relations(
    config: &Config,
    content: &Content,
    lookup: &Lookup,
    i: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Relation> {
    let page = &content.pages[i];
    let Some(tdef) = page.kind.as_deref().and_then(|k| config.types.get(k)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let entries = page.fields.iter().chain(page.timeline.iter().flat_map(|e| e.fields.iter()));
    for (key, value) in entries {
        let Some(spec) = tdef.fields.get(key) else { continue };
        walk_refs(spec, value, &mut |target_kind, written, fv| match lookup.find_typed(
            written,
            of_kind(content, target_kind),
            |t| describe(content, t),
        ) {
            Ok(target) => out.push(Relation { field: key.clone(), target }),
            Err(e) => {
                let kind_text = target_kind.map(|k| config.type_label(k)).unwrap_or("pagina");
                let mut d = Diagnostic::error(
                    &page.display_path,
                    "dangling-ref",
                    t(
                        format!(
                            "'{key}' verwijst naar {}: {}",
                            kind_text.to_lowercase(),
                            e.message.nl
                        ),
                        format!(
                            "'{key}' refers to a {}: {}",
                            kind_text.to_lowercase(),
                            e.message.en
                        ),
                    ),
                )
                .at((fv.line, fv.col));
                d.hint = e.hint;
                diags.push(d);
            }
        });
    }
    out
}

/// Calls `f(target type, written ref, value)` for every reference inside a value.
fn walk_refs<'a>(
    spec: &'a FieldSpec,
    value: &'a FieldValue,
    f: &mut dyn FnMut(Option<&'a str>, &'a str, &'a FieldValue),
) {
    match (&value.value, spec.kind) {
        (Value::Ref(r), FieldKind::Ref) => f(spec.target.as_deref(), r, value),
        (Value::List(items), FieldKind::List) => {
            if let Some(item) = spec.item.as_deref() {
                items.iter().for_each(|v| walk_refs(item, v, f));
            }
        }
        (Value::Map(m), FieldKind::Map) => {
            if let Some(vs) = spec.value.as_deref() {
                m.values().for_each(|v| walk_refs(vs, v, f));
            }
        }
        (Value::Table(m), FieldKind::Table) => {
            for (k, v) in m {
                if let Some(sub) = spec.fields.get(k) {
                    walk_refs(sub, v, f);
                }
            }
        }
        _ => {}
    }
}
