//! Comparison matrices: rows are pages of a type, columns are fields or computed values, as
//! declared in `kring.toml`. Cells keep special values, sources and reference dates; computed
//! cells with an unknown input are unknown.

use super::cells::{CellContext, Getter};
use super::columns::{add_column, field_ref};
use super::fields::field_at;
use crate::config::{Config, MatrixDef};
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

pub(super) fn config_error(key: &str, nl: String, en: String) -> Diagnostic {
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
