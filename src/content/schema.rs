//! Validates front-matter values against a field schema from `kring.toml`, keeping positions.

use super::value::{FieldValue, Value};
use crate::config::{FieldKind, FieldSpec, SPECIAL_VALUES};
use crate::diagnostic::{Diagnostic, LineIndex, Text, t};
use indexmap::IndexMap;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Collects diagnostics for one front matter and maps spans to file positions.
pub(crate) struct Checker<'a> {
    /// The file shown in messages.
    pub path: &'a str,
    front: &'a str,
    index: LineIndex,
    line_offset: usize,
    /// What was found so far.
    pub diags: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// A checker for the front matter `front`, which starts at 1-based line `front_line`.
    pub fn new(path: &'a str, front: &'a str, front_line: usize) -> Checker<'a> {
        Checker {
            path,
            front,
            index: LineIndex::new(front),
            line_offset: front_line - 1,
            diags: Vec::new(),
        }
    }

    /// The file position of a span's start.
    pub fn pos(&self, span: std::ops::Range<usize>) -> (usize, usize) {
        let (line, col) = self.index.position(self.front, span.start);
        (line + self.line_offset, col)
    }

    /// Records an error at a span.
    pub fn error(
        &mut self,
        span: std::ops::Range<usize>,
        code: &'static str,
        msg: Text,
        hint: Option<Text>,
    ) {
        let mut d = Diagnostic::error(self.path, code, msg).at(self.pos(span));
        d.hint = hint;
        self.diags.push(d);
    }
}

/// A short description of what a field expects, in Dutch and English.
pub(crate) fn expected(spec: &FieldSpec) -> Text {
    match spec.kind {
        FieldKind::Text => t("tekst", "text"),
        FieldKind::Integer => t("een geheel getal", "a whole number"),
        FieldKind::Number => t("een getal", "a number"),
        FieldKind::Date => t("een datum zoals 2014-04-01", "a date such as 2014-04-01"),
        FieldKind::Year => t("een jaartal zoals 2015", "a year such as 2015"),
        FieldKind::Boolean => t("true of false", "true or false"),
        FieldKind::Enum => {
            let v = spec.values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ");
            t(format!("een van {v}"), format!("one of {v}"))
        }
        FieldKind::List => t("een lijst [..]", "a list [..]"),
        FieldKind::Ref => t("de slug van een pagina", "the slug of a page"),
        FieldKind::Range => t("een bereik zoals \"6000-10000\"", "a range such as \"6000-10000\""),
        FieldKind::Scale => {
            let n = spec.scale_steps();
            t(format!("een positie van 1 tot en met {n}"), format!("a position from 1 to {n}"))
        }
        FieldKind::Map | FieldKind::Table => t("een tabel { .. }", "a table { .. }"),
    }
}

/// Checks one value against its schema; `name` is the field path shown in messages.
pub(crate) fn check_value(
    ck: &mut Checker,
    spec: &FieldSpec,
    name: &str,
    v: &Spanned<DeValue>,
) -> Option<FieldValue> {
    let pos = ck.pos(v.span());
    if let DeValue::Table(table) = v.get_ref() {
        let wrapper_key = if spec.kind == FieldKind::Scale { "positie" } else { "waarde" };
        let provenance =
            ["bron", "peildatum", "toelichting"].iter().any(|k| table.contains_key(*k));
        let is_wrapper = spec.kind == FieldKind::Scale
            || (!matches!(spec.kind, FieldKind::Table | FieldKind::Map)
                && (table.contains_key(wrapper_key) || provenance));
        if is_wrapper {
            return check_wrapped(ck, spec, name, table, v.span(), wrapper_key);
        }
    }
    if let Some(s) = v.get_ref().as_str()
        && SPECIAL_VALUES.contains(&s)
        && !(spec.kind == FieldKind::Enum && spec.values.iter().any(|x| x == s))
    {
        if spec.allows_special() {
            return Some(FieldValue::plain(Value::Special(s.to_string()), pos));
        }
        ck.error(
            v.span(),
            "special-not-allowed",
            t(format!("'{name}' mag niet \"{s}\" zijn"), format!("'{name}' cannot be \"{s}\"")),
            Some(t(
                format!("vul {} in", expected(spec).nl),
                format!("fill in {}", expected(spec).en),
            )),
        );
        return None;
    }
    let value = check_plain(ck, spec, name, v)?;
    Some(FieldValue::plain(value, pos))
}

/// A value written as `{ waarde = .., bron = .., peildatum = .., toelichting = .. }`.
fn check_wrapped(
    ck: &mut Checker,
    spec: &FieldSpec,
    name: &str,
    table: &DeTable,
    span: std::ops::Range<usize>,
    wrapper_key: &str,
) -> Option<FieldValue> {
    let mut out = FieldValue::plain(Value::Special("onbekend".into()), ck.pos(span.clone()));
    let mut found = false;
    for (k, val) in table {
        match k.get_ref().as_ref() {
            key if key == wrapper_key => {
                let mut inner_spec = spec.clone();
                if spec.kind == FieldKind::Scale {
                    inner_spec.kind = FieldKind::Integer;
                    inner_spec.min = Some(1.0);
                    inner_spec.max = Some(f64::from(spec.scale_steps()));
                }
                let checked = check_value(ck, &inner_spec, name, val)?;
                out.value = match (spec.kind, checked.value) {
                    (FieldKind::Scale, Value::Integer(i)) => Value::Scale(i as u8),
                    (_, v) => v,
                };
                found = true;
            }
            "bron" | "toelichting" => {
                let text = expect_str(ck, val, &format!("{name}.{}", k.get_ref()))?;
                if k.get_ref() == "bron" {
                    out.bron = Some(text)
                } else {
                    out.toelichting = Some(text)
                }
            }
            "peildatum" => out.peildatum = Some(check_date(ck, val, &format!("{name}.peildatum"))?),
            other => {
                let allowed = [wrapper_key, "bron", "peildatum", "toelichting"];
                unknown_key(ck, k.span(), other, &allowed, name);
            }
        }
    }
    if !found {
        ck.error(
            span,
            "missing-field",
            t(format!("'{name}' mist '{wrapper_key}'"), format!("'{name}' lacks '{wrapper_key}'")),
            Some(t(
                format!("schrijf {wrapper_key} = ... ({})", expected(spec).nl),
                format!("write {wrapper_key} = ... ({})", expected(spec).en),
            )),
        );
        return None;
    }
    Some(out)
}

pub(super) fn wrong_type(ck: &mut Checker, spec: &FieldSpec, name: &str, v: &Spanned<DeValue>) {
    let exp = expected(spec);
    let hint = match (spec.kind, v.get_ref()) {
        (FieldKind::Integer | FieldKind::Number | FieldKind::Year, DeValue::String(_)) => Some(t(
            "schrijf het getal zonder aanhalingstekens, of gebruik \"onbekend\"",
            "write the number without quotes, or use \"onbekend\"",
        )),
        (FieldKind::Boolean, _) => Some(t(
            "schrijf true of false, zonder aanhalingstekens",
            "write true or false, without quotes",
        )),
        (FieldKind::List, _) => Some(t(
            "zet de waarden tussen [ en ], bijvoorbeeld [\"a\", \"b\"]",
            "put the values between [ and ], e.g. [\"a\", \"b\"]",
        )),
        _ => None,
    };
    ck.error(
        v.span(),
        "wrong-type",
        t(format!("'{name}' moet {} zijn", exp.nl), format!("'{name}' must be {}", exp.en)),
        hint,
    );
}

fn check_plain(
    ck: &mut Checker,
    spec: &FieldSpec,
    name: &str,
    v: &Spanned<DeValue>,
) -> Option<Value> {
    let raw = v.get_ref();
    let value = match (spec.kind, raw) {
        (FieldKind::Text, DeValue::String(s)) => {
            Value::Text(check_text(ck, spec, name, s, v.span())?)
        }
        (FieldKind::Integer, DeValue::Integer(_)) => Value::Integer(check_int(ck, spec, name, v)?),
        (FieldKind::Year, DeValue::Integer(_)) => {
            let y = check_int(ck, spec, name, v)?;
            if !(1000..=9999).contains(&y) {
                ck.error(
                    v.span(),
                    "out-of-range",
                    t(
                        format!("'{name}' moet een jaartal van vier cijfers zijn"),
                        format!("'{name}' must be a four-digit year"),
                    ),
                    None,
                );
                return None;
            }
            Value::Year(y)
        }
        (FieldKind::Number, DeValue::Integer(_) | DeValue::Float(_)) => {
            Value::Number(check_number(ck, spec, name, v)?)
        }
        (FieldKind::Date, DeValue::Datetime(_) | DeValue::String(_)) => {
            Value::Date(check_date(ck, v, name)?)
        }
        (FieldKind::Boolean, DeValue::Boolean(b)) => Value::Boolean(*b),
        (FieldKind::Enum, DeValue::String(s)) => {
            if !spec.values.iter().any(|x| x == s.as_ref()) {
                let best = closest(s, spec.values.iter().map(String::as_str));
                let exp = expected(spec);
                ck.error(
                    v.span(),
                    "unknown-value",
                    t(
                        format!("\"{s}\" is geen toegestane waarde voor '{name}'; kies {}", exp.nl),
                        format!("\"{s}\" is not an allowed value for '{name}'; choose {}", exp.en),
                    ),
                    best.map(|b| {
                        t(format!("bedoelt u \"{b}\"?"), format!("did you mean \"{b}\"?"))
                    }),
                );
                return None;
            }
            Value::Enum(s.to_string())
        }
        (FieldKind::Ref, DeValue::String(s)) if !s.trim().is_empty() => {
            Value::Ref(s.trim().to_string())
        }
        (FieldKind::Range, _) => check_range(ck, spec, name, v)?,
        (FieldKind::Scale, DeValue::Integer(_)) => {
            let mut int_spec = spec.clone();
            int_spec.min = Some(1.0);
            int_spec.max = Some(f64::from(spec.scale_steps()));
            Value::Scale(check_int(ck, &int_spec, name, v)? as u8)
        }
        (FieldKind::List, DeValue::Array(items)) => {
            // `special = false` on a list also holds for its items.
            let owned;
            let item_spec = match spec.item.as_deref()? {
                item if !spec.allows_special() && item.allows_special() => {
                    owned = FieldSpec { special: Some(false), ..item.clone() };
                    &owned
                }
                item => item,
            };
            let checked: Vec<FieldValue> = items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    check_value(ck, item_spec, &format!("{name}[{}]", i + 1), item)
                })
                .collect();
            if spec.required && items.is_empty() {
                ck.error(
                    v.span(),
                    "empty-field",
                    t(format!("'{name}' is leeg"), format!("'{name}' is empty")),
                    Some(t("vul minstens één waarde in", "fill in at least one value")),
                );
                return None;
            }
            Value::List(checked)
        }
        (FieldKind::Map, DeValue::Table(table)) => Value::Map(check_map(ck, spec, name, table)?),
        (FieldKind::Table, DeValue::Table(table)) => {
            Value::Table(check_fields(ck, &spec.fields, name, table, v.span()))
        }
        _ => {
            wrong_type(ck, spec, name, v);
            return None;
        }
    };
    Some(value)
}

fn check_text(
    ck: &mut Checker,
    spec: &FieldSpec,
    name: &str,
    s: &str,
    span: std::ops::Range<usize>,
) -> Option<String> {
    if spec.required && s.trim().is_empty() {
        ck.error(
            span,
            "empty-field",
            t(format!("'{name}' is leeg"), format!("'{name}' is empty")),
            Some(t("vul een tekst in", "fill in a text")),
        );
        return None;
    }
    if let Some(re) = &spec.pattern_re
        && !re.is_match(s)
    {
        let p = spec.pattern.as_deref().unwrap_or_default();
        let help = spec.help.clone().unwrap_or_default();
        ck.error(
            span,
            "pattern",
            t(
                format!("'{name}' heeft niet de juiste vorm ({p})"),
                format!("'{name}' does not have the right form ({p})"),
            ),
            (!help.is_empty()).then(|| t(help.clone(), help)),
        );
        return None;
    }
    Some(s.to_string())
}

fn check_map(
    ck: &mut Checker,
    spec: &FieldSpec,
    name: &str,
    table: &DeTable,
) -> Option<IndexMap<String, FieldValue>> {
    let value_spec = spec.value.as_deref()?;
    let mut out = IndexMap::new();
    for (k, val) in table {
        let key = k.get_ref().to_string();
        if !spec.keys.is_empty() && !spec.keys.contains(&key) {
            unknown_key(
                ck,
                k.span(),
                &key,
                &spec.keys.iter().map(String::as_str).collect::<Vec<_>>(),
                name,
            );
            continue;
        }
        if let Some(fv) = check_value(ck, value_spec, &format!("{name}.{key}"), val) {
            out.insert(key, fv);
        }
    }
    Some(out)
}

/// Reads a string value or reports a type error.
pub(crate) fn expect_str(ck: &mut Checker, v: &Spanned<DeValue>, name: &str) -> Option<String> {
    match v.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        _ => {
            ck.error(
                v.span(),
                "wrong-type",
                t(format!("'{name}' moet tekst zijn"), format!("'{name}' must be text")),
                Some(t("zet de tekst tussen aanhalingstekens", "put the text between quotes")),
            );
            None
        }
    }
}

mod keys;
mod scalar;

pub use keys::closest;
pub(crate) use keys::{check_fields, unknown_key};

pub(crate) use scalar::check_date;
use scalar::{check_int, check_number, check_range};
#[cfg(test)]
use scalar::{is_valid_date, parse_range};

#[cfg(test)]
mod tests;
