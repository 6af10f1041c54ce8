//! Pictures of a case story, drawn as inline SVG with a text alternative: the ZRM profile (scores
//! per life domain at the start and at the end) and the ecogram (the household's network).

use super::svg::esc;
use crate::config::PicturesDef;
use crate::content::{FieldValue, Page, Value};
use crate::diagnostic::Lang;
use serde::Serialize;
use std::fmt::Write as _;

/// One life domain with its scores.
#[derive(Serialize)]
pub struct ZrmRow {
    domain: String,
    start: Option<i64>,
    end: Option<i64>,
}

/// The ZRM picture and its table.
#[derive(Serialize)]
pub struct Zrm {
    svg: String,
    rows: Vec<ZrmRow>,
}

/// One relation in the ecogram.
#[derive(Serialize)]
pub struct Relation {
    role: String,
    strength: String,
    kind: String,
}

/// The ecogram picture and its list.
#[derive(Serialize)]
pub struct Ecogram {
    svg: String,
    relations: Vec<Relation>,
}

fn scores(page: &Page, field: &str) -> Vec<(String, i64)> {
    match page.fields.get(field).map(|v| &v.value) {
        Some(Value::Map(m)) => m
            .iter()
            .filter_map(
                |(k, v)| if let Value::Integer(i) = v.value { Some((k.clone(), i)) } else { None },
            )
            .collect(),
        _ => Vec::new(),
    }
}

/// The ZRM profile of a page, if it has scores.
pub fn zrm(page: &Page, def: &PicturesDef, lang: Lang) -> Option<Zrm> {
    let (start, end) = (scores(page, &def.zrm_start), scores(page, &def.zrm_end));
    if start.is_empty() && end.is_empty() {
        return None;
    }
    let mut domains: Vec<String> = start.iter().chain(&end).map(|(d, _)| d.clone()).collect();
    domains.dedup();
    let mut seen = std::collections::HashSet::new();
    domains.retain(|d| seen.insert(d.clone()));
    let find = |list: &[(String, i64)], d: &str| list.iter().find(|(k, _)| k == d).map(|(_, v)| *v);
    let rows: Vec<ZrmRow> = domains
        .iter()
        .map(|d| ZrmRow { domain: d.clone(), start: find(&start, d), end: find(&end, d) })
        .collect();
    let (title, s_label, e_label) = match lang {
        Lang::Nl => (
            "ZRM-scores per leefgebied, bij de start en aan het eind (1 = acute problemen, 5 = volledig zelfredzaam)",
            "start",
            "eind",
        ),
        Lang::En => (
            "ZRM scores per life domain, at the start and at the end (1 = acute problems, 5 = fully self-reliant)",
            "start",
            "end",
        ),
    };
    const ROW: f64 = 34.0;
    let (x0, unit) = (200.0, 64.0);
    let height = ROW * rows.len() as f64 + 40.0;
    let mut svg = format!(
        "<svg class=\"chart zrm\" viewBox=\"0 0 560 {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"zrm-t\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"zrm-t\">{}</title>",
        esc(title)
    );
    for s in 1..=5 {
        let x = x0 + unit * f64::from(s);
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{x}\" x2=\"{x}\" y1=\"0\" y2=\"{}\"/><text class=\"pole\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{s}</text>",
            height - 30.0,
            height - 14.0
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let y = ROW * i as f64 + 4.0;
        let _ = write!(
            svg,
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            x0 - 8.0,
            y + 18.0,
            esc(&r.domain)
        );
        for (k, (v, class, label)) in
            [(r.start, "bar start", s_label), (r.end, "bar end", e_label)].into_iter().enumerate()
        {
            if let Some(v) = v {
                let w = unit * v as f64;
                let _ = write!(
                    svg,
                    "<rect class=\"{class}\" x=\"{x0}\" y=\"{}\" width=\"{w}\" height=\"12\"><title>{}: {label} {v}</title></rect>",
                    y + 3.0 + 13.0 * k as f64,
                    esc(&r.domain)
                );
            }
        }
    }
    let _ = write!(
        svg,
        "<rect class=\"bar start\" x=\"{x0}\" y=\"{}\" width=\"12\" height=\"10\"/><text class=\"pole\" x=\"{}\" y=\"{}\">{s_label}</text><rect class=\"bar end\" x=\"{}\" y=\"{}\" width=\"12\" height=\"10\"/><text class=\"pole\" x=\"{}\" y=\"{}\">{e_label}</text>",
        height - 10.0,
        x0 + 16.0,
        height - 1.0,
        x0 + 80.0,
        height - 10.0,
        x0 + 96.0,
        height - 1.0
    );
    svg.push_str("</svg>");
    Some(Zrm { svg, rows })
}

fn text_of(m: &indexmap::IndexMap<String, FieldValue>, key: &str) -> String {
    match m.get(key).map(|v| &v.value) {
        Some(Value::Text(s) | Value::Enum(s)) => s.clone(),
        _ => String::new(),
    }
}

/// The ecogram of a page, if it has one: the household in the middle, each relation around it.
pub fn ecogram(page: &Page, def: &PicturesDef, lang: Lang) -> Option<Ecogram> {
    let Some(Value::List(items)) = page.fields.get(&def.ecogram).map(|v| &v.value) else {
        return None;
    };
    let relations: Vec<Relation> = items
        .iter()
        .filter_map(|it| if let Value::Table(m) = &it.value { Some(m) } else { None })
        .map(|m| Relation {
            role: text_of(m, &def.role),
            strength: text_of(m, &def.relation),
            kind: text_of(m, &def.kind),
        })
        .collect();
    if relations.is_empty() {
        return None;
    }
    let household = if lang == Lang::Nl { "huishouden" } else { "household" };
    let title = match lang {
        Lang::Nl => {
            "Ecogram: het netwerk rond het huishouden. Dikke lijn: sterke relatie; stippellijn: zwakke relatie; rode zigzag: belastende relatie; rond: informeel; vierkant: formeel"
        }
        Lang::En => {
            "Ecogram: the network around the household. Thick line: strong; dotted: weak; red zigzag: burdening; round: informal; square: formal"
        }
    };
    let (cx, cy, r) = (480.0, 230.0, 170.0);
    let mut svg = format!(
        "<svg class=\"chart ecogram\" viewBox=\"0 0 960 460\" width=\"100%\" role=\"img\" aria-labelledby=\"eco-t\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"eco-t\">{title}</title>"
    );
    let n = relations.len() as f64;
    let mut nodes = String::new();
    for (i, rel) in relations.iter().enumerate() {
        let a = i as f64 / n * std::f64::consts::TAU - std::f64::consts::FRAC_PI_2;
        let (x, y) = (cx + r * a.cos(), cy + r * a.sin());
        let (class, path) = match rel.strength.as_str() {
            "sterk" => ("link strong", format!("M{cx},{cy} L{x:.1},{y:.1}")),
            "belastend" => ("link burden", zigzag(cx, cy, x, y)),
            _ => ("link weak", format!("M{cx},{cy} L{x:.1},{y:.1}")),
        };
        let _ = write!(svg, "<path class=\"{class}\" d=\"{path}\"/>");
        let shape = if rel.kind == "formeel" {
            format!(
                "<rect class=\"node formal\" x=\"{:.1}\" y=\"{:.1}\" width=\"20\" height=\"20\"/>",
                x - 10.0,
                y - 10.0
            )
        } else {
            format!("<circle class=\"node informal\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"11\"/>")
        };
        let (anchor, dx, dy) = super::svg::label_around(x, y, cx, cy, 16.0);
        let _ = write!(
            nodes,
            "{shape}<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            x + dx,
            y + dy,
            esc(&rel.role)
        );
    }
    let _ = write!(
        svg,
        "{nodes}<circle class=\"node household\" cx=\"{cx}\" cy=\"{cy}\" r=\"42\"/><text class=\"label center\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">{household}</text></svg>",
        cy + 5.0
    );
    Some(Ecogram { svg, relations })
}

/// A zigzag line from (x1, y1) to (x2, y2), for burdening relations.
fn zigzag(x1: f64, y1: f64, x2: f64, y2: f64) -> String {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (nx, ny) = (-dy / len * 6.0, dx / len * 6.0);
    let steps = 12;
    let mut d = format!("M{x1:.1},{y1:.1}");
    for k in 1..steps {
        let t = f64::from(k) / f64::from(steps);
        let side = if k % 2 == 0 { 1.0 } else { -1.0 };
        let _ = write!(d, " L{:.1},{:.1}", x1 + dx * t + nx * side, y1 + dy * t + ny * side);
    }
    let _ = write!(d, " L{x2:.1},{y2:.1}");
    d
}
