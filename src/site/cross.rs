//! Cross tables: one column per page that a list of tables refers to, e.g. methods x
//! municipalities from each factsheet's `methoden = [{ methode, gebruik }]`.

use super::cells::{CellContext, Getter};
use super::fields::{field_at, ref_targets};
use super::matrix::{Cell, CellValue, Column, ColumnKind, Matrix};
use crate::config::{Config, CrossDef, FieldKind};
use crate::content::{Content, Value};
use crate::diagnostic::{Diagnostic, t};

/// Adds a column for every published page of the type that `cross.key` refers to.
#[allow(clippy::too_many_arguments)]
pub(super) fn add_cross_columns(
    config: &Config,
    content: &Content,
    published: &[usize],
    key: &str,
    cross: &CrossDef,
    matrix: &mut Matrix,
    getters: &mut Vec<Getter>,
    diags: &mut Vec<Diagnostic>,
) {
    let item = config
        .types
        .get(&matrix.kind)
        .and_then(|t| t.fields.get(&cross.field))
        .filter(|f| f.kind == FieldKind::List)
        .and_then(|f| f.item.as_deref())
        .filter(|i| i.kind == FieldKind::Table);
    let target = item
        .and_then(|i| i.fields.get(&cross.key))
        .filter(|k| k.kind == FieldKind::Ref)
        .and_then(|k| k.target.clone());
    let value_ok = item.is_some_and(|i| i.fields.contains_key(&cross.value));
    let (Some(target), true) = (target, value_ok) else {
        diags.push(Diagnostic::error("kring.toml", "matrix", t(
            format!("matrices.{key}.cross: '{}' moet een lijst van tabellen zijn met een verwijzing '{}' en een veld '{}'", cross.field, cross.key, cross.value),
            format!("matrices.{key}.cross: '{}' must be a list of tables with a reference '{}' and a field '{}'", cross.field, cross.key, cross.value),
        )));
        return;
    };
    let mut cols: Vec<usize> = published
        .iter()
        .copied()
        .filter(|&i| content.pages[i].kind.as_deref() == Some(target.as_str()))
        .collect();
    cols.sort_by_cached_key(|&i| content.pages[i].meta.title.to_lowercase());
    for page in cols {
        matrix.columns.push(Column {
            key: content.pages[page].slug.clone(),
            label: content.pages[page].meta.title.clone(),
            unit: String::new(),
            kind: ColumnKind::Text,
            expr: None,
            field_kind: "enum",
        });
        matrix.cross_pages.push(page);
        getters.push(Getter::Cross {
            field: cross.field.clone(),
            key: cross.key.clone(),
            value: cross.value.clone(),
            target: page,
        });
    }
}

/// The cell of row `page` in the column of `target`: the entry's value, or empty if not listed.
pub(super) fn cross_cell(
    ctx: &CellContext,
    page: usize,
    field: &str,
    key: &str,
    value: &str,
    target: usize,
) -> Cell {
    let empty =
        Cell { value: CellValue::Empty, note: None, bron: None, peildatum: None, outdated: false };
    let Some(list) = field_at(ctx.config, ctx.content, page, field) else { return empty };
    let (Value::List(items), Some(item_spec)) = (&list.value.value, list.spec.item.as_deref())
    else {
        return empty;
    };
    let Some(key_spec) = item_spec.fields.get(key) else { return empty };
    for entry in items {
        let Value::Table(m) = &entry.value else { continue };
        let Some(k) = m.get(key) else { continue };
        if !ref_targets(ctx.lookup, ctx.content, key_spec, k).contains(&target) {
            continue;
        }
        let v = m.get(value);
        let cell_value = match v.map(|v| &v.value) {
            Some(Value::Special(s)) => CellValue::Special(s.clone()),
            Some(other) => CellValue::Text(super::fields::plain_text(other, ctx.config.lang())),
            None => CellValue::Special("onbekend".into()),
        };
        let note = m
            .get("toelichting")
            .and_then(|n| if let Value::Text(s) = &n.value { Some(s.clone()) } else { None });
        let p = &ctx.content.pages[page];
        return Cell {
            value: cell_value,
            note,
            bron: p.meta.bron.clone(),
            peildatum: p.meta.peildatum.clone(),
            outdated: false,
        };
    }
    empty
}
