//! Matrix cells: how a column gets its value from a page (a field path, a computed expression
//! or a cross-reference), with the value's source, reference date and note.

use super::expr::Expr;
use super::fields::{FieldRef, field_at, number_at, ref_targets};
use super::matrix::{Cell, CellValue};
use crate::config::Config;
use crate::content::lookup::Lookup;
use crate::content::{Content, Value};

/// Everything a cell needs to be filled.
pub(super) struct CellContext<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    pub lookup: &'a Lookup,
    pub before: &'a str,
}

/// How a column gets its cell from a page.
pub(super) enum Getter {
    /// A field path and the decimals to round a number to.
    Field(String, Option<u8>),
    Expr(Expr, Option<u8>),
    Cross {
        field: String,
        key: String,
        value: String,
        target: usize,
    },
}

impl Getter {
    /// The cell of this column on `page`.
    pub(super) fn cell(&self, ctx: &CellContext, page: usize) -> Cell {
        match self {
            Getter::Field(path, decimals) => {
                let mut cell = field_cell(ctx, page, path);
                if let CellValue::Number(v) = cell.value {
                    cell.value = CellValue::Number(round_to(v, *decimals));
                }
                cell
            }
            Getter::Expr(e, decimals) => {
                let value = e
                    .eval(&|f| number_at(ctx.config, ctx.content, page, f))
                    .map(|v| round_to(v, *decimals));
                let value =
                    value.map_or_else(|| CellValue::Special("onbekend".into()), CellValue::Number);
                Cell { value, note: None, bron: None, peildatum: None, outdated: false }
            }
            Getter::Cross { field, key, value, target } => {
                super::cross::cross_cell(ctx, page, field, key, value, *target)
            }
        }
    }
}

/// `v` rounded to `decimals` places, or as it is.
fn round_to(v: f64, decimals: Option<u8>) -> f64 {
    match decimals {
        Some(d) => {
            let scale = 10f64.powi(i32::from(d));
            let rounded = (v * scale).round() / scale;
            if rounded.is_finite() { rounded } else { v }
        }
        None => v,
    }
}

/// A path like `bereik.min` split into the range field and its bound, when it is one.
fn range_bound<'p>(ctx: &CellContext, page: usize, path: &'p str) -> (&'p str, Option<&'p str>) {
    match path.rsplit_once('.') {
        Some((base, bound @ ("min" | "max")))
            if field_at(ctx.config, ctx.content, page, path).is_none() =>
        {
            (base, Some(bound))
        }
        _ => (path, None),
    }
}

/// The cell of a field path on a page.
pub(super) fn field_cell(ctx: &CellContext, page: usize, path: &str) -> Cell {
    let p = &ctx.content.pages[page];
    let (path, bound) = range_bound(ctx, page, path);
    let Some(FieldRef { spec, value: fv }) = field_at(ctx.config, ctx.content, page, path) else {
        return Cell {
            value: CellValue::Empty,
            note: None,
            bron: None,
            peildatum: None,
            outdated: false,
        };
    };
    let threshold = ctx.config.compare.small_numbers;
    let value = match (&fv.value, spec.kind) {
        (Value::Range { min, .. }, _) if bound == Some("min") => CellValue::Number(*min),
        (Value::Range { max, .. }, _) if bound == Some("max") => CellValue::Number(*max),
        (Value::Integer(i), _) if spec.protect_small && *i > 0 && *i < threshold => {
            CellValue::Protected(threshold)
        }
        (Value::Integer(i) | Value::Year(i), _) => CellValue::Number(*i as f64),
        (Value::Number(n), _) => CellValue::Number(*n),
        (Value::Range { min, max }, _) => CellValue::Range(*min, *max),
        (Value::Scale(s), _) => CellValue::Scale(*s),
        (Value::Special(s), _) => CellValue::Special(s.clone()),
        (Value::Ref(_) | Value::List(_), _)
            if !ref_targets(ctx.lookup, ctx.content, spec, fv).is_empty() =>
        {
            CellValue::Links(ref_targets(ctx.lookup, ctx.content, spec, fv))
        }
        (v, _) => CellValue::Text(super::fields::plain_text(v, ctx.config.lang())),
    };
    let peildatum = fv.peildatum.clone().or_else(|| p.meta.peildatum.clone());
    let outdated =
        peildatum.as_deref().is_some_and(|d| d < ctx.before) && !matches!(value, CellValue::Empty);
    Cell {
        value,
        note: fv.toelichting.clone(),
        bron: fv.bron.clone().or_else(|| p.meta.bron.clone()),
        peildatum,
        outdated,
    }
}
