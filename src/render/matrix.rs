//! Matrix pages: the accessible table, bar charts, spectrum dot plots and the downloads
//! (CSV, Dutch-spreadsheet CSV and JSON).

use super::svg::{Bar, Dot, bar_chart, dot_plot};
use super::views::{LinkView, format_number, page_link};
use crate::diagnostic::Lang;
use crate::output::OutputSet;
use crate::site::Site;
use crate::site::matrix::{Cell, CellValue, ColumnKind, Matrix};
use serde::Serialize;

/// A column header.
#[derive(Serialize)]
pub struct ColumnView {
    key: String,
    label: String,
    unit: String,
    numeric: bool,
    expr: String,
}

/// A cell as shown.
#[derive(Serialize)]
pub struct CellView {
    /// Display text.
    text: String,
    /// Sort key: a number as text, or lower-cased text; empty sorts last.
    sort: String,
    /// Special value or protected number.
    special: bool,
    /// Not filled in.
    empty: bool,
    /// Possibly outdated.
    outdated: bool,
    /// Links for reference cells.
    links: Vec<LinkView>,
    /// Scale position.
    position: Option<u8>,
    /// Source, reference date and note, for the tooltip and footnote.
    source: String,
    /// Footnote number (1-based) of the source, 0 when the row's source applies.
    note_ref: usize,
}

/// A row as shown.
#[derive(Serialize)]
pub struct RowView {
    page: LinkView,
    cells: Vec<CellView>,
    note_ref: usize,
    /// The page's own reference date is older than the limit.
    outdated: bool,
}

/// A group of rows.
#[derive(Serialize)]
pub struct GroupView {
    label: String,
    rows: Vec<RowView>,
}

/// A chart with its visible caption.
#[derive(Serialize)]
pub struct Figure {
    /// The caption.
    caption: String,
    /// The inline SVG.
    svg: String,
}

/// A matrix as templates see it (`matrix`).
#[derive(Serialize)]
pub struct MatrixView {
    title: String,
    description: String,
    url: String,
    kind_label: String,
    columns: Vec<ColumnView>,
    groups: Vec<GroupView>,
    charts: Vec<Figure>,
    spectrum: Vec<Figure>,
    notes: Vec<String>,
    outdated_years: u32,
    has_outdated: bool,
    downloads: Vec<LinkView>,
}

fn cell_text(cell: &Cell, kind: &ColumnKind, site: &Site) -> (String, String) {
    let lang = site.config.lang();
    match &cell.value {
        CellValue::Empty => (String::new(), String::new()),
        CellValue::Number(n) if *kind == ColumnKind::Year => (format!("{n}"), n.to_string()),
        CellValue::Number(n) => (format_number(*n, lang), format!("{:020.4}", n + 1e15)),
        CellValue::Range(a, b) => (
            format!("{} – {}", format_number(*a, lang), format_number(*b, lang)),
            format!("{:020.4}", a + 1e15),
        ),
        CellValue::Scale(p) => (p.to_string(), p.to_string()),
        CellValue::Text(s) => (s.clone(), s.to_lowercase()),
        CellValue::Links(pages) => {
            let t: Vec<String> =
                pages.iter().map(|&p| site.content.pages[p].meta.title.clone()).collect();
            (t.join(", "), t.join(", ").to_lowercase())
        }
        CellValue::Special(s) => (s.clone(), String::new()),
        CellValue::Protected(n) => (format!("< {n}"), String::new()),
    }
}

fn source_text(bron: Option<&str>, peildatum: Option<&str>, lang: Lang) -> String {
    let (b, p) =
        if lang == Lang::Nl { ("Bron", "peildatum") } else { ("Source", "reference date") };
    match (bron, peildatum) {
        (Some(s), Some(d)) => format!("{b}: {s}; {p} {d}"),
        (Some(s), None) => format!("{b}: {s}"),
        (None, Some(d)) => format!("{p} {d}"),
        (None, None) => String::new(),
    }
}

/// Builds the view of a matrix, with its charts.
pub fn matrix_view(site: &Site, m: &Matrix) -> MatrixView {
    let lang = site.config.lang();
    let mut notes: Vec<String> = Vec::new();
    let mut note_of = |text: String| -> usize {
        if text.is_empty() {
            return 0;
        }
        match notes.iter().position(|n| *n == text) {
            Some(i) => i + 1,
            None => {
                notes.push(text);
                notes.len()
            }
        }
    };
    let mut groups: Vec<GroupView> = Vec::new();
    for row in &m.rows {
        let page = &site.content.pages[row.page];
        let row_source =
            source_text(page.meta.bron.as_deref(), page.meta.peildatum.as_deref(), lang);
        let row_ref = note_of(row_source.clone());
        let cells = row
            .cells
            .iter()
            .zip(&m.columns)
            .map(|(cell, col)| {
                let (text, sort) = cell_text(cell, &col.kind, site);
                let mut source = source_text(cell.bron.as_deref(), cell.peildatum.as_deref(), lang);
                let own = !source.is_empty() && source != row_source;
                if let Some(n) = &cell.note {
                    source = if source.is_empty() { n.clone() } else { format!("{source}. {n}") };
                }
                CellView {
                    special: matches!(cell.value, CellValue::Special(_) | CellValue::Protected(_)),
                    empty: cell.value == CellValue::Empty,
                    // Marked per cell only when the value has its own date; otherwise the row says it.
                    outdated: cell.outdated && cell.peildatum != page.meta.peildatum,
                    links: if let CellValue::Links(p) = &cell.value {
                        p.iter().map(|&i| page_link(site, i)).collect()
                    } else {
                        Vec::new()
                    },
                    position: if let CellValue::Scale(p) = cell.value { Some(p) } else { None },
                    note_ref: if own || cell.note.is_some() { note_of(source.clone()) } else { 0 },
                    text,
                    sort,
                    source,
                }
            })
            .collect();
        let label = row.group.clone().unwrap_or_default();
        let outdated = row.cells.iter().any(|c| c.outdated && c.peildatum == page.meta.peildatum);
        let view = RowView { page: page_link(site, row.page), cells, note_ref: row_ref, outdated };
        match groups.last_mut() {
            Some(g) if g.label == label => g.rows.push(view),
            _ => groups.push(GroupView { label, rows: vec![view] }),
        }
    }
    let downloads = super::export::links(&m.url, &slug::slugify(&m.key));
    MatrixView {
        title: m.title.clone(),
        description: m.description.clone(),
        url: m.url.clone(),
        kind_label: site.config.type_label(&m.kind).to_string(),
        columns: m
            .columns
            .iter()
            .map(|c| ColumnView {
                key: c.key.clone(),
                label: c.label.clone(),
                unit: c.unit.clone(),
                numeric: matches!(c.kind, ColumnKind::Number | ColumnKind::Year),
                expr: c.expr.clone().unwrap_or_default(),
            })
            .collect(),
        has_outdated: m.rows.iter().any(|r| r.cells.iter().any(|c| c.outdated)),
        outdated_years: site.config.compare.outdated_after_years,
        charts: charts(site, m),
        spectrum: spectrum(site, m),
        notes,
        groups,
        downloads,
    }
}

fn charts(site: &Site, m: &Matrix) -> Vec<Figure> {
    m.charts
        .iter()
        .map(|&c| {
            let col = &m.columns[c];
            let bars: Vec<Bar> = m
                .rows
                .iter()
                .map(|r| {
                    let (text, _) = cell_text(&r.cells[c], &col.kind, site);
                    let value =
                        if let CellValue::Number(n) = r.cells[c].value { Some(n) } else { None };
                    let page = &site.content.pages[r.page];
                    Bar {
                        label: page.meta.title.clone(),
                        value,
                        text: if text.is_empty() { "—".into() } else { text },
                        url: page.url.clone(),
                    }
                })
                .collect();
            let unit = if col.unit.is_empty() { String::new() } else { format!(" ({})", col.unit) };
            let desc = if site.config.lang() == Lang::Nl {
                "Staafdiagram; de getallen staan ook in de tabel."
            } else {
                "Bar chart; the numbers are also in the table."
            };
            let caption = format!("{}{unit}", col.label);
            Figure {
                svg: bar_chart(
                    &format!("grafiek-{}-{c}", slug::slugify(&m.key)),
                    &caption,
                    desc,
                    &bars,
                ),
                caption,
            }
        })
        .collect()
}

fn spectrum(site: &Site, m: &Matrix) -> Vec<Figure> {
    let unknown =
        if site.config.lang() == Lang::Nl { "positie onbekend" } else { "position unknown" };
    m.columns
        .iter()
        .enumerate()
        .filter_map(|(c, col)| {
            let ColumnKind::Scale { left, right, steps } = &col.kind else { return None };
            let dots: Vec<Dot> = m
                .rows
                .iter()
                .map(|r| {
                    let cell = &r.cells[c];
                    let page = &site.content.pages[r.page];
                    let position =
                        if let CellValue::Scale(p) = cell.value { Some(p) } else { None };
                    Dot {
                        label: page.meta.title.clone(),
                        position,
                        note: cell.note.clone().unwrap_or_default(),
                        url: page.url.clone(),
                        unknown: unknown.into(),
                    }
                })
                .collect();
            let svg = dot_plot(
                &format!("as-{}-{c}", slug::slugify(&m.key)),
                &col.label,
                left,
                right,
                *steps,
                &dots,
            );
            Some(Figure { caption: format!("{} ({left} – {right})", col.label), svg })
        })
        .collect()
}

/// The inputs of a matrix's page and downloads (with `kring serve`'s memo): the matrix as the
/// site graph made it, and what the pages it shows are (rows, linked cells, cross columns).
pub(super) fn inputs_key(site: &Site, m: &Matrix, stamps: &super::inputs::Stamps) -> u64 {
    let mut pages: Vec<usize> = m.rows.iter().map(|r| r.page).collect();
    for row in &m.rows {
        for cell in &row.cells {
            if let CellValue::Links(links) = &cell.value {
                pages.extend(links);
            }
        }
    }
    pages.extend(&m.cross_pages);
    stamps.pages_key(site, ("matrix", format!("{m:?}")), pages, false)
}

/// Adds the matrix's CSV, Dutch CSV and JSON downloads to the output; from the memo when the
/// matrix's inputs (`key`, from [`inputs_key`]) are as they were.
pub(super) fn add_downloads(
    site: &Site,
    r: &super::Renderer,
    (m, key): (&Matrix, Option<u64>),
    out: &mut OutputSet,
) {
    let slug = slug::slugify(&m.key);
    let csv = |delimiter, decimal| csv(site, m, delimiter, decimal);
    let json = || json(site, m);
    super::export::add(r, (&m.url, &slug, key.unwrap_or_default()), &csv, &json, out);
}

fn raw_number(n: f64, decimal: char) -> String {
    let s =
        if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") };
    if decimal == '.' { s } else { s.replace('.', &decimal.to_string()) }
}

fn export_text(site: &Site, cell: &Cell, decimal: char) -> String {
    match &cell.value {
        CellValue::Empty => String::new(),
        CellValue::Number(n) => raw_number(*n, decimal),
        CellValue::Range(a, b) => {
            format!("{}-{}", raw_number(*a, decimal), raw_number(*b, decimal))
        }
        CellValue::Scale(p) => p.to_string(),
        CellValue::Text(s) | CellValue::Special(s) => s.clone(),
        CellValue::Links(p) => p
            .iter()
            .map(|&i| site.content.pages[i].meta.title.clone())
            .collect::<Vec<_>>()
            .join(", "),
        CellValue::Protected(n) => format!("< {n}"),
    }
}

fn csv(site: &Site, m: &Matrix, delimiter: u8, decimal: char) -> Vec<u8> {
    let mut header = vec![m.kind.clone()];
    header.extend(m.columns.iter().map(|c| c.key.clone()));
    let rows: Vec<Vec<String>> = m
        .rows
        .iter()
        .map(|row| {
            let mut rec = vec![site.content.pages[row.page].meta.title.clone()];
            rec.extend(row.cells.iter().map(|c| export_text(site, c, decimal)));
            rec
        })
        .collect();
    super::export::csv_table(&header, &rows, delimiter)
}

fn json(site: &Site, m: &Matrix) -> Vec<u8> {
    use serde_json::{Map, Value as J, json};
    let columns: Vec<J> = m
        .columns
        .iter()
        .map(|c| json!({ "key": c.key, "label": c.label, "unit": c.unit, "type": c.field_kind, "expr": c.expr }))
        .collect();
    let rows: Vec<J> = m
        .rows
        .iter()
        .map(|r| {
            let p = &site.content.pages[r.page];
            let mut values = Map::new();
            let mut sources = Map::new();
            for (c, cell) in m.columns.iter().zip(&r.cells) {
                let v = match &cell.value {
                    CellValue::Empty => J::Null,
                                        CellValue::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => json!(*n as i64),
                    CellValue::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => json!(*n as i64),
                    CellValue::Number(n) => json!(n),
                    CellValue::Range(a, b) => json!({ "min": a, "max": b }),
                    CellValue::Scale(s) => json!(s),
                    _ => J::String(export_text(site, cell, '.')),
                };
                values.insert(c.key.clone(), v);
                if cell.bron.is_some() || cell.peildatum.is_some() {
                    sources.insert(c.key.clone(), json!({ "bron": cell.bron, "peildatum": cell.peildatum, "toelichting": cell.note }));
                }
            }
            json!({ "slug": p.slug, "title": p.meta.title, "url": p.url, "values": values, "sources": sources })
        })
        .collect();
    let doc = json!({ "title": m.title, "description": m.description, "type": m.kind, "columns": columns, "rows": rows });
    serde_json::to_vec_pretty(&doc).unwrap_or_default()
}
