//! Comparison matrices: rows are pages of a type, columns are fields or computed values, as
//! declared in `kring.toml`. Cells keep special values, sources and reference dates; computed
//! cells with an unknown input are unknown.

use super::expr::{self, Expr};
use super::fields::{FieldRef, field_at, number_at, ref_targets};
use crate::config::{ColumnDef, Config, FieldKind, MatrixDef};
use crate::content::lookup::Lookup;
use crate::content::{Content, Value};
use crate::diagnostic::{Diagnostic, t};

/// What a column holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnKind {
    /// Numbers (also computed columns).
    Number,
    /// Years: numbers shown without thousands separators.
    Year,
    /// A position on a bipolar axis.
    Scale {
        /// Left pole.
        left: String,
        /// Right pole.
        right: String,
        /// Positions.
        steps: u8,
    },
    /// Anything else, shown as text or links.
    Text,
}

/// A matrix column.
#[derive(Debug, Clone)]
pub struct Column {
    /// Key for charts and exports.
    pub key: String,
    /// Header text.
    pub label: String,
    /// Unit shown in the header.
    pub unit: String,
    /// What the cells hold.
    pub kind: ColumnKind,
    /// The expression, for computed columns.
    pub expr: Option<String>,
    /// The field type's description, for the dataset metadata.
    pub field_kind: &'static str,
}

/// A cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// No value given.
    Empty,
    /// A number.
    Number(f64),
    /// A range.
    Range(f64, f64),
    /// A scale position.
    Scale(u8),
    /// Text.
    Text(String),
    /// References to pages.
    Links(Vec<usize>),
    /// `onbekend`, `n.v.t.`, `varieert`, `nog niet besloten`.
    Special(String),
    /// A small count hidden as "< threshold".
    Protected(i64),
}

/// A cell with its provenance.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The value.
    pub value: CellValue,
    /// A note on the value.
    pub note: Option<String>,
    /// Source.
    pub bron: Option<String>,
    /// Reference date.
    pub peildatum: Option<String>,
    /// The reference date is older than `compare.outdated_after_years`.
    pub outdated: bool,
}

/// One row: a page and its cells.
#[derive(Debug, Clone)]
pub struct Row {
    /// The page index.
    pub page: usize,
    /// The group label, when the matrix is grouped.
    pub group: Option<String>,
    /// Cells in column order.
    pub cells: Vec<Cell>,
}

/// A built matrix.
#[derive(Debug, Clone)]
pub struct Matrix {
    /// The key in `kring.toml`.
    pub key: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// `/vergelijk/<key>/`.
    pub url: String,
    /// The row type.
    pub kind: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows, grouped rows together.
    pub rows: Vec<Row>,
    /// Indices of columns drawn as bar charts.
    pub charts: Vec<usize>,
    /// Column pages of a cross table (one column per referenced page).
    pub cross_pages: Vec<usize>,
}

/// Today's date (`SOURCE_DATE_EPOCH` when set, for reproducible builds) as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    civil_date(secs.div_euclid(86_400))
}

/// The civil date of a day count since 1970-01-01.
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The date before which values count as outdated.
pub fn outdated_before(config: &Config, today: &str) -> String {
    let year: i64 = today.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2000);
    format!(
        "{:04}{}",
        year - i64::from(config.compare.outdated_after_years),
        today.get(4..).unwrap_or("-01-01")
    )
}

fn config_error(key: &str, nl: String, en: String) -> Diagnostic {
    Diagnostic::error(
        "kring.toml",
        "matrix",
        t(format!("matrices.{key}: {nl}"), format!("matrices.{key}: {en}")),
    )
}

/// Builds every matrix, reporting declarations that do not fit the schema.
pub fn build_matrices(
    config: &Config,
    content: &Content,
    published: &[usize],
    lookup: &Lookup,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Matrix> {
    let today = today();
    let before = outdated_before(config, &today);
    let ctx = CellContext { config, content, lookup, before: &before };
    config
        .matrices
        .iter()
        .filter_map(|(key, def)| build_one(&ctx, published, key, def, diags))
        .collect()
}

fn build_one(
    ctx: &CellContext,
    published: &[usize],
    key: &str,
    def: &MatrixDef,
    diags: &mut Vec<Diagnostic>,
) -> Option<Matrix> {
    let (config, content) = (ctx.config, ctx.content);
    let Some(tdef) = config.types.get(&def.kind) else {
        diags.push(config_error(
            key,
            format!("onbekend type '{}'", def.kind),
            format!("unknown type '{}'", def.kind),
        ));
        return None;
    };
    let pages: Vec<usize> = published
        .iter()
        .copied()
        .filter(|&i| content.pages[i].kind.as_deref() == Some(def.kind.as_str()))
        .filter(|&i| matches_filter(config, content, i, def))
        .collect();
    let mut matrix = Matrix {
        key: key.to_string(),
        title: def.title.clone(),
        description: def.description.clone(),
        url: format!("/vergelijk/{}/", slug::slugify(key)),
        kind: def.kind.clone(),
        columns: Vec::new(),
        rows: Vec::new(),
        charts: Vec::new(),
        cross_pages: Vec::new(),
    };
    let mut getters: Vec<Getter> = Vec::new();
    for col in &def.columns {
        add_column(tdef, key, col, &mut matrix.columns, &mut getters, diags);
    }
    if let Some(cross) = &def.cross {
        super::cross::add_cross_columns(
            config,
            content,
            published,
            key,
            cross,
            &mut matrix,
            &mut getters,
            diags,
        );
    }
    for f in def.filter.keys().chain(def.group_by.iter()) {
        if field_ref(tdef, f).is_none() {
            diags.push(config_error(
                key,
                format!("onbekend veld '{f}'"),
                format!("unknown field '{f}'"),
            ));
        }
    }
    for c in &def.charts {
        match matrix
            .columns
            .iter()
            .position(|col| &col.key == c && matches!(col.kind, ColumnKind::Number))
        {
            Some(i) => matrix.charts.push(i),
            None => diags.push(config_error(
                key,
                format!("grafiek '{c}' is geen kolom met getallen"),
                format!("chart '{c}' is not a numeric column"),
            )),
        }
    }
    for &page in &pages {
        let cells = getters.iter().map(|g| g.cell(ctx, page)).collect();
        let group = def.group_by.as_deref().map(|g| {
            field_at(config, content, page, g)
                .map(|f| super::fields::plain_text(&f.value.value, config.lang()))
                .unwrap_or_default()
        });
        matrix.rows.push(Row { page, group, cells });
    }
    if def.group_by.is_some() {
        matrix.rows.sort_by(|a, b| a.group.cmp(&b.group));
    }
    Some(matrix)
}

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
    fn cell(&self, ctx: &CellContext, page: usize) -> Cell {
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

fn field_ref<'a>(
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

fn add_column(
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

fn matches_filter(config: &Config, content: &Content, page: usize, def: &MatrixDef) -> bool {
    def.filter.iter().all(|(path, want)| {
        let Some(f) = field_at(config, content, page, path) else { return false };
        match (&f.value.value, want) {
            (Value::Text(s) | Value::Enum(s) | Value::Ref(s), toml::Value::String(w)) => s == w,
            (Value::Integer(i) | Value::Year(i), toml::Value::Integer(w)) => i == w,
            (Value::Number(n), toml::Value::Float(w)) => n == w,
            (Value::Number(n), toml::Value::Integer(w)) => *n == *w as f64,
            (Value::Boolean(b), toml::Value::Boolean(w)) => b == w,
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::civil_date;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_723), "2024-01-01");
        assert_eq!(civil_date(20_780), "2026-11-23");
    }
}
