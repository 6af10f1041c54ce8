//! Content types and their field schemas, as `kring.toml` declares them under `[types]`.

use indexmap::IndexMap;
use serde::Deserialize;

/// A content type: a label and its fields.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    /// Singular label shown to readers ("Gemeente").
    pub label: Option<String>,
    /// Plural label ("Gemeenten").
    pub label_plural: Option<String>,
    /// What pages of this type are.
    #[serde(default)]
    pub description: String,
    /// Template to render pages of this type with; default `<type>.html`, else `page.html`.
    pub template: Option<String>,
    /// Body text for new pages of this type (`kring new`).
    pub archetype: Option<String>,
    /// The fields, in display order.
    #[serde(default)]
    pub fields: IndexMap<String, FieldSpec>,
}

/// The kind of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// A string.
    Text,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// A calendar date.
    Date,
    /// A year.
    Year,
    /// True or false.
    Boolean,
    /// One of a fixed list of values.
    Enum,
    /// A list of items of one kind.
    List,
    /// A reference to another page.
    Ref,
    /// A range of numbers, e.g. 6000-10000.
    Range,
    /// A position on an axis between two named poles.
    Scale,
    /// Named values, keys optionally from a fixed list.
    Map,
    /// A group of named sub-fields.
    Table,
}

impl FieldKind {
    /// The name used in `kring.toml` (`integer`, `scale`, ...).
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Integer => "integer",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::Year => "year",
            FieldKind::Boolean => "boolean",
            FieldKind::Enum => "enum",
            FieldKind::List => "list",
            FieldKind::Ref => "ref",
            FieldKind::Range => "range",
            FieldKind::Scale => "scale",
            FieldKind::Map => "map",
            FieldKind::Table => "table",
        }
    }
}

/// The schema of one field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The field kind.
    #[serde(rename = "type")]
    pub kind: FieldKind,
    /// Label shown to readers; defaults to the key.
    pub label: Option<String>,
    /// Explanation for editors (used in archetypes and errors).
    pub help: Option<String>,
    /// Must be present.
    #[serde(default)]
    pub required: bool,
    /// Whether `onbekend`, `n.v.t.`, `varieert` and `nog niet besloten` are allowed (default yes).
    pub special: Option<bool>,
    /// Unit shown after numbers ("inwoners", "fte").
    pub unit: Option<String>,
    /// Lowest allowed number.
    pub min: Option<f64>,
    /// Highest allowed number.
    pub max: Option<f64>,
    /// Allowed values of an enum.
    #[serde(default)]
    pub values: Vec<String>,
    /// Target type of a ref; none means any page.
    pub target: Option<String>,
    /// Left pole of a scale.
    pub left: Option<String>,
    /// Right pole of a scale.
    pub right: Option<String>,
    /// Number of positions on a scale (default 5).
    pub steps: Option<u8>,
    /// Item schema of a list.
    pub item: Option<Box<FieldSpec>>,
    /// Allowed keys of a map (empty: any).
    #[serde(default)]
    pub keys: Vec<String>,
    /// Value schema of a map.
    pub value: Option<Box<FieldSpec>>,
    /// Sub-fields of a table.
    #[serde(default)]
    pub fields: IndexMap<String, FieldSpec>,
    /// A regular expression text values must match.
    pub pattern: Option<String>,
    /// A count of persons or households: small numbers are shown as "< N" (see `[compare]`).
    #[serde(default)]
    pub protect_small: bool,
    /// The compiled `pattern`, filled in by validation.
    #[serde(skip)]
    pub pattern_re: Option<regex::Regex>,
}

impl FieldSpec {
    /// Whether the special values are accepted.
    pub fn allows_special(&self) -> bool {
        self.special.unwrap_or(true)
    }

    /// The number of positions of a scale.
    pub fn scale_steps(&self) -> u8 {
        self.steps.unwrap_or(5)
    }
}
