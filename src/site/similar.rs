//! "Vergelijkbare gemeenten": for each page of a type with a `[similarity.<type>]` declaration,
//! the most similar other pages on numeric fields (distance on values normalised to 0..1) and
//! categorical fields (agreement), each with the reasons that made it similar.

use super::fields::{field_at, number_at, plain_text};
use super::order::TitleOrder;
use crate::config::{Config, SimilarityDef};
use crate::content::{Content, Value};
use crate::diagnostic::{Diagnostic, Lang, t};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// A similar page and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    /// The page index.
    pub page: usize,
    /// The score: the sum of per-field similarities in 0..1.
    pub score: f64,
    /// What they share, in plain words ("ook ca. 40.000 inwoners").
    pub reasons: Vec<String>,
}

/// The similar pages of the last build (`kring serve`) with the hash of what they were made of.
pub type SimilarMemo = crate::cache::Memo<Arc<(Vec<Vec<Similar>>, Vec<Diagnostic>)>>;

/// Like [`similar_pages`], from `memo` when the configuration (its hash comes with the memo)
/// and every published page of a compared type are as in the last build: editing a practice
/// compares no municipalities again.
pub fn similar_pages_cached(
    config: &Config,
    content: &Content,
    (published, order): (&[usize], &TitleOrder),
    memo: Option<(&SimilarMemo, u64)>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Vec<Similar>> {
    let Some((memo, config_key)) = memo else {
        return similar_pages(config, content, (published, order), diags);
    };
    let compared: Vec<_> = published
        .iter()
        .map(|&i| (i, &content.pages[i]))
        .filter(|(_, p)| p.kind.as_deref().is_some_and(|k| config.similarity.contains_key(k)))
        .map(|(i, p)| (i, &p.rel_path, &p.kind, p.text_key()))
        .collect();
    let key = crate::cache::hash_of(&(config_key, content.pages.len(), compared));
    let found = memo.get_or("similar", key, || {
        let mut d = Vec::new();
        Arc::new((similar_pages(config, content, (published, order), &mut d), d))
    });
    diags.extend(found.1.iter().cloned());
    found.0.clone()
}

/// Similar pages per page index (empty for types without a declaration).
pub fn similar_pages(
    config: &Config,
    content: &Content,
    (published, order): (&[usize], &TitleOrder),
    diags: &mut Vec<Diagnostic>,
) -> Vec<Vec<Similar>> {
    let mut out = vec![Vec::new(); content.pages.len()];
    for (kind, def) in &config.similarity {
        let Some(tdef) = config.types.get(kind) else {
            diags.push(Diagnostic::error(
                "kring.toml",
                "similarity",
                t(
                    format!("similarity.{kind}: onbekend type"),
                    format!("similarity.{kind}: unknown type"),
                ),
            ));
            continue;
        };
        for f in def.numeric.iter().chain(&def.categorical) {
            if !tdef.fields.contains_key(f.split('.').next().unwrap_or(f)) {
                diags.push(Diagnostic::error(
                    "kring.toml",
                    "similarity",
                    t(
                        format!("similarity.{kind}: onbekend veld '{f}'"),
                        format!("similarity.{kind}: unknown field '{f}'"),
                    ),
                ));
            }
        }
        let pages: Vec<usize> = published
            .iter()
            .copied()
            .filter(|&i| content.pages[i].kind.as_deref() == Some(kind.as_str()))
            .collect();
        // Each numeric field's range over the type, once: similarities are normalised by it.
        let bounds: HashMap<String, (f64, f64)> = def
            .numeric
            .iter()
            .map(|f| {
                let range = pages
                    .iter()
                    .filter_map(|&p| number_at(config, content, p, f))
                    .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
                (f.clone(), range)
            })
            .collect();
        let features: Vec<Features> =
            pages.iter().map(|&p| Features::of(config, content, def, p)).collect();
        // Score every pair on plain numbers (quadratic, so kept cheap and parallel); reasons
        // are worded only for the few pages that are shown.
        let lists: Vec<Vec<Similar>> = (0..pages.len())
            .into_par_iter()
            .map(|x| {
                let mut scored: Vec<(f64, usize)> = (0..pages.len())
                    .filter(|&y| y != x)
                    .filter_map(|y| {
                        Some((features[x].score(&features[y], def, &bounds)?, pages[y]))
                    })
                    .collect();
                // Highest first, ties by title; only the shown ones are put in order.
                let best = |(sa, a): &(f64, usize), (sb, b): &(f64, usize)| {
                    sb.total_cmp(sa).then(order.exact[*a].cmp(&order.exact[*b]))
                };
                if scored.len() > def.count && def.count > 0 {
                    scored.select_nth_unstable_by(def.count - 1, best);
                }
                scored.truncate(def.count);
                scored.sort_unstable_by(best);
                scored
                    .into_iter()
                    .map(|(_, b)| compare(config, content, def, &bounds, pages[x], b))
                    .collect()
            })
            .collect();
        for (&a, list) in pages.iter().zip(lists) {
            out[a] = list;
        }
    }
    out
}

/// A page's similarity fields, looked up once: numbers, and categorical values that are not
/// special values.
struct Features<'a> {
    numbers: Vec<Option<f64>>,
    categories: Vec<Option<&'a Value>>,
}

impl<'a> Features<'a> {
    fn of(config: &'a Config, content: &'a Content, def: &SimilarityDef, page: usize) -> Self {
        Features {
            numbers: def.numeric.iter().map(|f| number_at(config, content, page, f)).collect(),
            categories: def
                .categorical
                .iter()
                .map(|f| {
                    field_at(config, content, page, f)
                        .map(|r| &r.value.value)
                        .filter(|v| !matches!(v, Value::Special(_)))
                })
                .collect(),
        }
    }

    /// The score against `other`, or None when nothing is shared enough to name a reason; the
    /// same sum, in the same order, as [`compare`].
    fn score(
        &self,
        other: &Features,
        def: &SimilarityDef,
        bounds: &HashMap<String, (f64, f64)>,
    ) -> Option<f64> {
        let mut score = 0.0;
        let mut reason = false;
        for (f, (x, y)) in def.numeric.iter().zip(self.numbers.iter().zip(&other.numbers)) {
            let (Some(x), Some(y)) = (x, y) else { continue };
            let (lo, hi) = bounds.get(f).copied().unwrap_or((*x, *x));
            let sim = if hi > lo { 1.0 - (x - y).abs() / (hi - lo) } else { 1.0 };
            score += sim;
            reason |= sim >= 0.85;
        }
        for (x, y) in self.categories.iter().zip(&other.categories) {
            if let (Some(x), Some(y)) = (x, y)
                && x == y
            {
                score += 1.0;
                reason = true;
            }
        }
        reason.then_some(score)
    }
}

fn compare(
    config: &Config,
    content: &Content,
    def: &SimilarityDef,
    bounds: &HashMap<String, (f64, f64)>,
    a: usize,
    b: usize,
) -> Similar {
    let lang = config.lang();
    let mut score = 0.0;
    let mut reasons = Vec::new();
    for f in &def.numeric {
        let (Some(x), Some(y)) =
            (number_at(config, content, a, f), number_at(config, content, b, f))
        else {
            continue;
        };
        let (lo, hi) = bounds.get(f).copied().unwrap_or((x, x));
        let sim = if hi > lo { 1.0 - (x - y).abs() / (hi - lo) } else { 1.0 };
        score += sim;
        if sim >= 0.85 {
            let label = field_at(config, content, b, f)
                .and_then(|r| r.spec.unit.clone().or_else(|| r.spec.label.clone()))
                .unwrap_or_else(|| f.clone());
            let rounded = round_nicely(y);
            let n = crate::diagnostic::format_number(rounded, lang);
            reasons.push(if lang == Lang::Nl {
                format!("ook ca. {n} {}", label.to_lowercase())
            } else {
                format!("also about {n} {}", label.to_lowercase())
            });
        }
    }
    for f in &def.categorical {
        let (Some(x), Some(y)) = (field_at(config, content, a, f), field_at(config, content, b, f))
        else {
            continue;
        };
        if matches!(x.value.value, Value::Special(_)) || x.value.value != y.value.value {
            continue;
        }
        score += 1.0;
        let text = plain_text(&y.value.value, lang);
        let label = y.spec.label.clone().unwrap_or_else(|| f.clone()).to_lowercase();
        let shown = if matches!(y.value.value, Value::Boolean(_)) {
            format!("{label}: {text}")
        } else {
            text
        };
        reasons.push(if lang == Lang::Nl {
            format!("ook {shown}")
        } else {
            format!("also {shown}")
        });
    }
    Similar { page: b, score, reasons }
}

/// Rounds to two significant digits, so reasons speak of "ca. 40.000" rather than "39.000".
fn round_nicely(v: f64) -> f64 {
    if v.abs() < 100.0 {
        return v.round();
    }
    let magnitude = 10f64.powi(v.abs().log10().floor() as i32 - 1);
    (v / magnitude).round() * magnitude
}

#[cfg(test)]
mod tests {
    use super::round_nicely;

    #[test]
    fn rounds_to_two_significant_digits() {
        assert_eq!(round_nicely(39_000.0), 39_000.0);
        assert_eq!(round_nicely(155_000.0), 160_000.0);
        assert_eq!(round_nicely(86_500.0), 87_000.0);
        assert_eq!(round_nicely(8.0), 8.0);
    }
}
