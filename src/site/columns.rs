//! Matrix columns as `kring.toml` declares them: a field, a computed expression or a
//! cross-reference, checked against the type's schema.

use super::cells::Getter;
use super::expr;
use super::matrix::config_error;
use super::matrix::{Column, ColumnKind};
use crate::config::{ColumnDef, FieldKind};
use crate::diagnostic::{Diagnostic, t};

pub(super) fn field_ref<'a>(
    tdef: &'a crate::config::TypeDef,
    path: &str,
) -> Option<&'a crate::config::FieldSpec> {
    let mut segs = path.split('.');
    let mut spec = tdef.fields.get(segs.next()?)?;
    for seg in segs {
        spec = match spec.kind {
            FieldKind::Table => spec.fields.get(seg)?,
            FieldKind::Range if seg == "min" || seg == "max" => return Some(spec),
            _ => return None,
        };
    }
    Some(spec)
}

fn column_kind(spec: &crate::config::FieldSpec) -> ColumnKind {
    match spec.kind {
        FieldKind::Integer | FieldKind::Number => ColumnKind::Number,
        FieldKind::Year => ColumnKind::Year,
        FieldKind::Scale => ColumnKind::Scale {
            left: spec.left.clone().unwrap_or_default(),
            right: spec.right.clone().unwrap_or_default(),
            steps: spec.scale_steps(),
        },
        _ => ColumnKind::Text,
    }
}

pub(super) fn add_column(
    tdef: &crate::config::TypeDef,
    key: &str,
    col: &ColumnDef,
    columns: &mut Vec<Column>,
    getters: &mut Vec<Getter>,
    diags: &mut Vec<Diagnostic>,
) {
    let (field, spec_opts) = match col {
        ColumnDef::Field(f) => (Some(f.clone()), None),
        ColumnDef::Spec(s) => (s.field.clone(), Some(s)),
    };
    if let Some(expr_src) = spec_opts.and_then(|s| s.expr.as_deref()) {
        let opts = spec_opts.expect("expr comes from a spec");
        match expr::parse(expr_src) {
            Ok(e) => {
                for f in e.fields() {
                    let numeric = field_ref(tdef, f).is_some_and(|s| {
                        matches!(
                            s.kind,
                            FieldKind::Integer
                                | FieldKind::Number
                                | FieldKind::Year
                                | FieldKind::Range
                        )
                    });
                    if !numeric {
                        diags.push(config_error(
                            key,
                            format!("'{f}' in \"{expr_src}\" is geen veld met een getal"),
                            format!("'{f}' in \"{expr_src}\" is not a numeric field"),
                        ));
                    }
                }
                let label = opts.label.clone().unwrap_or_else(|| expr_src.to_string());
                let ckey =
                    opts.key.clone().unwrap_or_else(|| slug::slugify(&label).replace('-', "_"));
                columns.push(Column {
                    key: ckey,
                    label,
                    unit: opts.unit.clone().unwrap_or_default(),
                    kind: ColumnKind::Number,
                    expr: Some(expr_src.to_string()),
                    field_kind: "number",
                });
                getters.push(Getter::Expr(e, opts.decimals));
            }
            Err(msg) => diags.push(config_error(
                key,
                format!("uitdrukking \"{expr_src}\": {msg}"),
                format!("expression \"{expr_src}\": {msg}"),
            )),
        }
        return;
    }
    let Some(path) = field else {
        diags.push(config_error(
            key,
            "een kolom heeft 'field' of 'expr' nodig".into(),
            "a column needs 'field' or 'expr'".into(),
        ));
        return;
    };
    let Some(spec) = field_ref(tdef, &path) else {
        let known = tdef.fields.keys().cloned().collect::<Vec<_>>();
        let best = crate::content::schema::closest(&path, known.iter().map(String::as_str))
            .map(str::to_string);
        let mut d =
            config_error(key, format!("onbekend veld '{path}'"), format!("unknown field '{path}'"));
        if let Some(b) = best {
            d = d.with_hint(t(format!("bedoelt u '{b}'?"), format!("did you mean '{b}'?")));
        }
        diags.push(d);
        return;
    };
    if spec.kind == FieldKind::Table && spec_opts.is_none() {
        for (sub, sub_spec) in &spec.fields {
            let full = format!("{path}.{sub}");
            columns.push(Column {
                key: full.clone(),
                label: sub_spec.label.clone().unwrap_or_else(|| sub.clone()),
                unit: sub_spec.unit.clone().unwrap_or_default(),
                kind: column_kind(sub_spec),
                expr: None,
                field_kind: sub_spec.kind.name(),
            });
            getters.push(Getter::Field(full, None));
        }
        return;
    }
    let label = spec_opts
        .and_then(|s| s.label.clone())
        .or_else(|| spec.label.clone())
        .unwrap_or_else(|| path.clone());
    let unit =
        spec_opts.and_then(|s| s.unit.clone()).or_else(|| spec.unit.clone()).unwrap_or_default();
    let ckey = spec_opts.and_then(|s| s.key.clone()).unwrap_or_else(|| path.clone());
    // A range's bound (`bereik.min`) is a number column of its own.
    let bound = spec.kind == FieldKind::Range && (path.ends_with(".min") || path.ends_with(".max"));
    columns.push(Column {
        key: ckey,
        label,
        unit,
        kind: if bound { ColumnKind::Number } else { column_kind(spec) },
        expr: None,
        field_kind: if bound { "number" } else { spec.kind.name() },
    });
    getters.push(Getter::Field(path, spec_opts.and_then(|s| s.decimals)));
}
