//! Typed field values after schema validation.

use indexmap::IndexMap;
use serde::Serialize;

/// A validated value of a field.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum Value {
    /// A string.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// Any number.
    Number(f64),
    /// A date as `YYYY-MM-DD`.
    Date(String),
    /// A year.
    Year(i64),
    /// True or false.
    Boolean(bool),
    /// One of the allowed values.
    Enum(String),
    /// Items of one kind.
    List(Vec<FieldValue>),
    /// A reference to another page, as written (slug or section path); resolved by the site graph.
    Ref(String),
    /// A range of numbers.
    Range {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// A position on a bipolar axis, 1-based.
    Scale(u8),
    /// Named values.
    Map(IndexMap<String, FieldValue>),
    /// Named sub-fields.
    Table(IndexMap<String, FieldValue>),
    /// One of `onbekend`, `n.v.t.`, `varieert`, `nog niet besloten`: never a number.
    Special(String),
}

/// A value with where it came from and where it stands in the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldValue {
    /// The value.
    pub value: Value,
    /// Source of this value, when it differs from the page's.
    pub bron: Option<String>,
    /// Reference date of this value, when it differs from the page's.
    pub peildatum: Option<String>,
    /// A note on the value (e.g. why a source was preferred).
    pub toelichting: Option<String>,
    /// 1-based line in the source file.
    pub line: usize,
    /// 1-based column in the source file.
    pub col: usize,
}

impl FieldValue {
    /// A plain value at a position.
    pub fn plain(value: Value, (line, col): (usize, usize)) -> FieldValue {
        FieldValue { value, bron: None, peildatum: None, toelichting: None, line, col }
    }

    /// Calls `f` for every reference in this value, nested ones included.
    pub fn for_each_ref<'a>(&'a self, f: &mut dyn FnMut(&'a str, &'a FieldValue)) {
        match &self.value {
            Value::Ref(r) => f(r, self),
            Value::List(items) => items.iter().for_each(|v| v.for_each_ref(f)),
            Value::Map(m) | Value::Table(m) => m.values().for_each(|v| v.for_each_ref(f)),
            _ => {}
        }
    }

    /// The number in this value, if it is a real number (never for special values).
    pub fn as_f64(&self) -> Option<f64> {
        match self.value {
            Value::Integer(i) | Value::Year(i) => Some(i as f64),
            Value::Number(n) => Some(n),
            _ => None,
        }
    }
}

/// A dated snapshot of some fields of a page, for timelines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// The date the values held.
    pub peildatum: String,
    /// What happened.
    pub titel: Option<String>,
    /// Source of this entry.
    pub bron: Option<String>,
    /// A note.
    pub toelichting: Option<String>,
    /// Field values as they were on that date.
    pub fields: IndexMap<String, FieldValue>,
}
