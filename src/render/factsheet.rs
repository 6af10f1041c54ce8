//! Factsheet extras on a page: the spectrum profile chart, similar pages with reasons, and the
//! change table of its timeline.

use super::svg::{Axis, profile_chart};
use super::views::{LinkView, field_view, page_link};
use crate::config::FieldKind;
use crate::content::Value;
use crate::diagnostic::Lang;
use crate::site::Site;
use serde::Serialize;

/// A similar page and why.
#[derive(Serialize)]
pub struct SimilarView {
    page: LinkView,
    reasons: Vec<String>,
    /// The side-by-side page of both, when there is one.
    side: Option<String>,
}

/// One row of the change table: a field and its value at each date.
#[derive(Serialize)]
pub struct ChangeRow {
    label: String,
    values: Vec<String>,
}

/// How a page's values changed over its timeline.
#[derive(Serialize, Default)]
pub struct Changes {
    dates: Vec<String>,
    rows: Vec<ChangeRow>,
}

/// Similar pages of page `i`.
pub fn similar(site: &Site, i: usize) -> Vec<SimilarView> {
    if site.similar[i].is_empty() {
        return Vec::new();
    }
    let has_pairs = super::side::is_candidate(site, i) && super::side::candidates(site).len() >= 2;
    site.similar[i]
        .iter()
        .map(|s| SimilarView {
            page: page_link(site, s.page),
            reasons: s.reasons.clone(),
            side: (has_pairs && super::side::is_candidate(site, s.page))
                .then(|| super::side::url(site, i, s.page)),
        })
        .collect()
}

/// Profile charts for every table field of scales on page `i`.
pub fn profiles(site: &Site, i: usize) -> Vec<String> {
    let page = &site.content.pages[i];
    let Some(tdef) = page.kind.as_deref().and_then(|k| site.config.types.get(k)) else {
        return Vec::new();
    };
    let unknown =
        if site.config.lang() == Lang::Nl { "positie onbekend" } else { "position unknown" };
    tdef.fields
        .iter()
        .filter(|(_, spec)| {
            spec.kind == FieldKind::Table
                && spec.fields.values().any(|f| f.kind == FieldKind::Scale)
        })
        .filter_map(|(key, spec)| {
            let Value::Table(values) = &page.fields.get(key)?.value else { return None };
            let axes: Vec<Axis> = spec
                .fields
                .iter()
                .filter(|(_, f)| f.kind == FieldKind::Scale)
                .map(|(sub, f)| Axis {
                    label: f.label.clone().unwrap_or_else(|| sub.clone()),
                    left: f.left.clone().unwrap_or_default(),
                    right: f.right.clone().unwrap_or_default(),
                    position: values
                        .get(sub)
                        .and_then(|v| if let Value::Scale(p) = v.value { Some(p) } else { None }),
                    steps: f.scale_steps(),
                })
                .collect();
            let title = format!(
                "{}: {}",
                spec.label.clone().unwrap_or_else(|| key.clone()),
                page.meta.title
            );
            Some(profile_chart(&format!("profiel-{key}"), &title, unknown, &axes))
        })
        .collect()
}

/// The change table: every field that appears in the timeline, by date, then the current value.
pub fn changes(site: &Site, i: usize) -> Changes {
    let page = &site.content.pages[i];
    let Some(tdef) = page.kind.as_deref().and_then(|k| site.config.types.get(k)) else {
        return Changes::default();
    };
    if page.timeline.is_empty() {
        return Changes::default();
    }
    let now = if site.config.lang() == Lang::Nl { "nu (factsheet)" } else { "now (factsheet)" };
    let mut dates: Vec<String> = page.timeline.iter().map(|e| e.peildatum.clone()).collect();
    dates.push(
        page.meta.peildatum.clone().map_or_else(|| now.to_string(), |d| format!("{d} ({})", now)),
    );
    let rows = tdef
        .fields
        .iter()
        .filter(|(key, _)| page.timeline.iter().any(|e| e.fields.contains_key(*key)))
        .map(|(key, spec)| {
            let text = |v: Option<&crate::content::FieldValue>| {
                v.map(|v| field_view(site, key, spec, v).text).unwrap_or_default()
            };
            let mut values: Vec<String> =
                page.timeline.iter().map(|e| text(e.fields.get(key))).collect();
            values.push(text(page.fields.get(key)));
            ChangeRow { label: spec.label.clone().unwrap_or_else(|| key.clone()), values }
        })
        .collect();
    Changes { dates, rows }
}
