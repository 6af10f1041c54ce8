//! Numbers, dates and ranges: the scalar checks of schema validation.

use super::{Checker, wrong_type};
use crate::config::FieldSpec;
use crate::content::value::Value;
use crate::diagnostic::t;
use toml::Spanned;
use toml::de::DeValue;

pub(super) fn check_int(
    ck: &mut Checker,
    spec: &FieldSpec,
    name: &str,
    v: &Spanned<DeValue>,
) -> Option<i64> {
    let DeValue::Integer(i) = v.get_ref() else { return None };
    let digits = i.as_str().replace('_', "");
    let Ok(n) = i64::from_str_radix(&digits, i.radix()) else {
        ck.error(
            v.span(),
            "out-of-range",
            t(format!("'{name}' is te groot"), format!("'{name}' is too large")),
            None,
        );
        return None;
    };
    check_bounds(ck, spec, name, n as f64, v.span()).then_some(n)
}

pub(super) fn check_number(
    ck: &mut Checker,
    spec: &FieldSpec,
    name: &str,
    v: &Spanned<DeValue>,
) -> Option<f64> {
    let n = match v.get_ref() {
        DeValue::Integer(_) => {
            check_int(ck, &FieldSpec { min: None, max: None, ..spec.clone() }, name, v)? as f64
        }
        DeValue::Float(f) => {
            f.as_str().replace('_', "").parse::<f64>().ok().filter(|x| x.is_finite())?
        }
        _ => return None,
    };
    check_bounds(ck, spec, name, n, v.span()).then_some(n)
}

pub(super) fn check_bounds(
    ck: &mut Checker,
    spec: &FieldSpec,
    name: &str,
    n: f64,
    span: std::ops::Range<usize>,
) -> bool {
    let low = spec.min.is_some_and(|m| n < m);
    let high = spec.max.is_some_and(|m| n > m);
    if low || high {
        let (b, nl, en) = if low {
            (spec.min, "minstens", "at least")
        } else {
            (spec.max, "hoogstens", "at most")
        };
        let b = b.unwrap_or_default();
        ck.error(
            span,
            "out-of-range",
            t(format!("'{name}' moet {nl} {b} zijn"), format!("'{name}' must be {en} {b}")),
            None,
        );
    }
    !(low || high)
}

/// Checks a date written as a TOML date or a `YYYY-MM-DD` string.
pub(crate) fn check_date(ck: &mut Checker, v: &Spanned<DeValue>, name: &str) -> Option<String> {
    let text = match v.get_ref() {
        DeValue::Datetime(d) if d.date.is_some() && d.time.is_none() => d.to_string(),
        DeValue::String(s) => s.to_string(),
        _ => String::new(),
    };
    if is_valid_date(&text) {
        return Some(text);
    }
    ck.error(
        v.span(),
        "wrong-type",
        t(
            format!("'{name}' moet een datum zoals 2014-04-01 zijn"),
            format!("'{name}' must be a date such as 2014-04-01"),
        ),
        Some(t("schrijf jaar-maand-dag, zonder tijd", "write year-month-day, without a time")),
    );
    None
}

pub(super) fn is_valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return false };
    // Zero-padded only, so dates sort correctly as text.
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1000..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize]
}

pub(super) fn check_range(
    ck: &mut Checker,
    spec: &FieldSpec,
    name: &str,
    v: &Spanned<DeValue>,
) -> Option<Value> {
    let bounds = match v.get_ref() {
        DeValue::String(s) => parse_range(s),
        DeValue::Table(tb) => {
            let num = |k: &str| tb.get(k).and_then(|x| de_number(x.get_ref()));
            num("min").zip(num("max"))
        }
        DeValue::Array(a) if a.len() == 2 => {
            de_number(a[0].get_ref()).zip(de_number(a[1].get_ref()))
        }
        _ => None,
    };
    match bounds {
        Some((min, max)) if min <= max => {
            let ok = check_bounds(ck, spec, name, min, v.span())
                && check_bounds(ck, spec, name, max, v.span());
            ok.then_some(Value::Range { min, max })
        }
        _ => {
            wrong_type(ck, spec, name, v);
            None
        }
    }
}

pub(super) fn de_number(v: &DeValue) -> Option<f64> {
    match v {
        DeValue::Integer(i) => {
            i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok().map(|n| n as f64)
        }
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok(),
        _ => None,
    }
}

/// Parses "6000-10000", "6.000 – 10.000" and similar into bounds.
pub(super) fn parse_range(s: &str) -> Option<(f64, f64)> {
    let s = s.replace(['–', '—'], "-");
    let (a, b) = s.trim().split_once('-')?;
    parse_number(a).zip(parse_number(b))
}

/// Parses "6.000" (Dutch thousands), "3,5" (Dutch decimal comma), "1.5" and "6000".
fn parse_number(x: &str) -> Option<f64> {
    let x = x.trim().replace([' ', '_'], "");
    let groups: Vec<&str> = x.split('.').collect();
    let thousands = groups.len() > 1
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
    let plain = if thousands { x.replace('.', "") } else { x.clone() };
    plain.replace(',', ".").parse::<f64>().ok()
}
