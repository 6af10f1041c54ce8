//! The optional sections of `kring.toml` besides the content types: pictures, privacy,
//! learning network, comparison, matrices, similarity, taxonomies and glossary.

use indexmap::IndexMap;
use serde::Deserialize;

/// Field names for the ZRM profile and the ecogram; the defaults fit the demo's `casus`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PicturesDef {
    /// Map field with the scores at the start.
    pub zrm_start: String,
    /// Map field with the scores at the end.
    pub zrm_end: String,
    /// List-of-tables field with the network.
    pub ecogram: String,
    /// Sub-field with the role.
    pub role: String,
    /// Sub-field with the relation: sterk, zwak, belastend.
    pub relation: String,
    /// Sub-field with the kind: formeel, informeel.
    pub kind: String,
}

impl Default for PicturesDef {
    fn default() -> Self {
        let s = |x: &str| x.to_string();
        PicturesDef {
            zrm_start: s("zrm_begin"),
            zrm_end: s("zrm_eind"),
            ecogram: s("ecogram"),
            role: s("rol"),
            relation: s("relatie"),
            kind: s("soort"),
        }
    }
}

/// Settings of the privacy guard.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrivacyDef {
    /// Types in which every finding is an error (case stories).
    pub strict_types: Vec<String>,
    /// Names that may never appear (e.g. of residents the circle knows of), any case.
    pub forbidden_names: Vec<String>,
    /// The declarations a case story must make.
    pub declaration: DeclarationDef,
}

impl Default for PrivacyDef {
    fn default() -> Self {
        PrivacyDef {
            strict_types: vec!["casus".into()],
            forbidden_names: Vec::new(),
            declaration: DeclarationDef::default(),
        }
    }
}

/// Fields in which a case story declares it is fictional or consented, and who checked it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DeclarationDef {
    /// The type that must declare (default `casus`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Boolean field: the story is a fictional composite.
    pub fictional: String,
    /// Boolean field: the people concerned gave consent.
    pub consent: String,
    /// Text field: the role of who anonymised it.
    pub anonymised_by: String,
    /// Date field: when it was checked.
    pub checked_on: String,
}

impl Default for DeclarationDef {
    fn default() -> Self {
        DeclarationDef {
            kind: "casus".into(),
            fictional: "fictief".into(),
            consent: "toestemming".into(),
            anonymised_by: "geanonimiseerd_door".into(),
            checked_on: "gecontroleerd_op".into(),
        }
    }
}

/// Field names of the learning network; the defaults fit the demo's types.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LearningDef {
    /// The type of the learners (municipalities).
    pub owner_type: String,
    /// The field that ties other pages to a learner (a practice's `gemeente`).
    pub owner_field: String,
    /// The type of themes.
    pub theme_type: String,
    /// The field with a page's themes.
    pub themes: String,
    /// The list-of-tables field with learning questions.
    pub questions: String,
    /// The question text inside an entry.
    pub question: String,
    /// The theme reference inside an entry.
    pub topic: String,
    /// The field with themes a learner can share experience on.
    pub offers: String,
    /// The field with a practice's lesson.
    pub lesson: String,
}

impl Default for LearningDef {
    fn default() -> Self {
        let s = |x: &str| x.to_string();
        LearningDef {
            owner_type: s("gemeente"),
            owner_field: s("gemeente"),
            theme_type: s("thema"),
            themes: s("themas"),
            questions: s("leervragen"),
            question: s("vraag"),
            topic: s("thema"),
            offers: s("kan_delen"),
            lesson: s("les"),
        }
    }
}

/// Settings for comparisons.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CompareDef {
    /// Values whose reference date is older than this many years are marked as possibly outdated.
    pub outdated_after_years: u32,
    /// Counts of persons or households below this number are shown as "< N" in protected fields.
    pub small_numbers: i64,
}

impl Default for CompareDef {
    fn default() -> Self {
        CompareDef { outdated_after_years: 5, small_numbers: 5 }
    }
}

/// A comparison matrix: rows are pages of a type, columns are fields or computed values.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixDef {
    /// The page title.
    pub title: String,
    /// What the matrix shows.
    #[serde(default)]
    pub description: String,
    /// The content type of the rows.
    #[serde(rename = "type")]
    pub kind: String,
    /// Only rows whose fields equal these values.
    #[serde(default)]
    pub filter: IndexMap<String, toml::Value>,
    /// Group rows by this field's value.
    pub group_by: Option<String>,
    /// The columns: a field name (`inwoners`, `spectrum.regie`; a table field gives all its
    /// sub-fields) or a table with `field` or `expr` and optional `key`, `label`, `unit`, `decimals`.
    #[serde(default)]
    pub columns: Vec<ColumnDef>,
    /// Columns (by key) to draw as bar charts.
    #[serde(default)]
    pub charts: Vec<String>,
    /// A cross table: one column per page that a list of tables refers to.
    pub cross: Option<CrossDef>,
}

/// One column of a matrix.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ColumnDef {
    /// A field path.
    Field(String),
    /// A field or computed column with options.
    Spec(ColumnSpec),
}

/// A column with options.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    /// A field path.
    pub field: Option<String>,
    /// An expression over fields, e.g. `inwoners / teams`.
    pub expr: Option<String>,
    /// The column key (for charts and exports); default from the label or field.
    pub key: Option<String>,
    /// The column header.
    pub label: Option<String>,
    /// The unit shown in the header.
    pub unit: Option<String>,
    /// Decimals to round computed values to.
    pub decimals: Option<u8>,
}

/// A cross table: rows x the pages referred to by `field[].key`, cells from `field[].value`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossDef {
    /// A list-of-tables field, e.g. `methoden`.
    pub field: String,
    /// The sub-field with the reference, e.g. `methode`.
    pub key: String,
    /// The sub-field with the cell value, e.g. `gebruik`.
    pub value: String,
}

/// Fields that make pages of a type similar.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimilarityDef {
    /// Numeric fields, compared on values normalised to 0..1.
    #[serde(default)]
    pub numeric: Vec<String>,
    /// Categorical fields, compared on equality.
    #[serde(default)]
    pub categorical: Vec<String>,
    /// How many similar pages to show.
    #[serde(default = "default_similar_count")]
    pub count: usize,
}

fn default_similar_count() -> usize {
    3
}

/// A taxonomy: pages grouped by the values of one or more fields.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyDef {
    /// Singular label ("Leefgebied").
    pub label: Option<String>,
    /// Plural label ("Leefgebieden").
    pub label_plural: Option<String>,
    /// What the taxonomy groups by.
    #[serde(default)]
    pub description: String,
    /// Field paths whose values are terms, in any type (`leefgebieden`, `methoden.methode`).
    pub fields: Vec<String>,
    /// A closed list of allowed terms; without it any value is a term.
    pub terms: Option<Vec<String>>,
}

/// The content type and fields that make up the glossary.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryDef {
    /// The glossary's content type, e.g. `begrip`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The field with the abbreviation, e.g. `afkorting`.
    pub abbreviation: String,
    /// The field with the full term, e.g. `voluit`.
    pub expansion: String,
}
