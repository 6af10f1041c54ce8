//! Configuration: reads `kring.toml` (site settings and the content types with their field
//! schemas) and validates what serde cannot express.

use crate::diagnostic::{Diagnostic, Lang, LineIndex, Text, t};
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::Path;

/// Front-matter keys every page has; a schema may not redefine them.
pub const BUILTIN_KEYS: &[&str] = &[
    "title",
    "summary",
    "date",
    "updated",
    "draft",
    "slug",
    "type",
    "aliases",
    "weight",
    "template",
    "bron",
    "peildatum",
    "tijdlijn",
    "privacy_uitzondering",
];

/// The four explicit states a value can have instead of a real value.
pub const SPECIAL_VALUES: &[&str] = &["onbekend", "n.v.t.", "varieert", "nog niet besloten"];

/// The whole site configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site title.
    pub title: String,
    /// One sentence about the site, used in meta tags and the feed.
    #[serde(default)]
    pub description: String,
    /// The public address the site will live at.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// `nl` (default) or `en`: the interface and message language.
    #[serde(default = "default_language")]
    pub language: String,
    /// The theme folder under `themes/`; `default` is built in.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Keep raw HTML in Markdown as written. Off by default: it is sanitised (no scripts, event
    /// handlers, `javascript:` URLs or iframes). Only for sites whose every editor is trusted.
    #[serde(default)]
    pub allow_raw_html: bool,
    /// Content types by name, with their field schemas.
    #[serde(default)]
    pub types: IndexMap<String, TypeDef>,
    /// Taxonomies by name: groupings of pages by the values of some fields.
    #[serde(default)]
    pub taxonomies: IndexMap<String, TaxonomyDef>,
    /// Where abbreviations for `<abbr>` come from.
    pub glossary: Option<GlossaryDef>,
    /// Comparison matrices by URL slug.
    #[serde(default)]
    pub matrices: IndexMap<String, MatrixDef>,
    /// Settings for comparisons: outdated values, small numbers.
    #[serde(default)]
    pub compare: CompareDef,
    /// "Vergelijkbare gemeenten": which fields make pages of a type similar, by type.
    #[serde(default)]
    pub similarity: IndexMap<String, SimilarityDef>,
    /// The learning network: which types and fields hold questions, offers and lessons.
    #[serde(default)]
    pub learning: LearningDef,
    /// The privacy guard's settings.
    #[serde(default)]
    pub privacy: PrivacyDef,
    /// Which fields hold the ZRM scores and the ecogram of a case story.
    #[serde(default)]
    pub pictures: PicturesDef,
}

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

fn default_base_url() -> String {
    "http://127.0.0.1:1111".to_string()
}
fn default_language() -> String {
    "nl".to_string()
}
fn default_theme() -> String {
    "default".to_string()
}

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

impl Config {
    /// The interface language.
    pub fn lang(&self) -> Lang {
        Lang::parse(&self.language).unwrap_or_default()
    }

    /// The singular label of a type.
    pub fn type_label<'a>(&'a self, name: &'a str) -> &'a str {
        self.types.get(name).and_then(|t| t.label.as_deref()).unwrap_or(name)
    }
}

/// Reads and validates `kring.toml` at `path`; `display` is the path shown in messages.
pub fn load_config(path: &Path, display: &str) -> Result<Config, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![
            Diagnostic::error(
                display,
                "config-read",
                t(
                    format!("configuratie kan niet gelezen worden: {e}"),
                    format!("cannot read the configuration: {e}"),
                ),
            )
            .with_hint(t(
                "maak een kring.toml in de map van de kennisbank, of begin met `kring init`",
                "create a kring.toml in the knowledge base folder, or start with `kring init`",
            )),
        ]
    })?;
    parse_config(&text, display)
}

/// Parses and validates the text of a configuration file.
pub fn parse_config(text: &str, display: &str) -> Result<Config, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut config: Config = toml::from_str(text).map_err(|e| {
        let pos = e.span().map(|s| LineIndex::new(text).position(text, s.start)).unwrap_or((0, 0));
        let msg = e.message().trim().to_string();
        vec![
            Diagnostic::error(
                display,
                "config-toml",
                t(
                    format!("de configuratie klopt niet: {msg}"),
                    format!("the configuration is invalid: {msg}"),
                ),
            )
            .at(pos),
        ]
    })?;
    let mut diags = Vec::new();
    if Lang::parse(&config.language).is_none() {
        diags.push(
            Diagnostic::error(
                display,
                "config-value",
                t(
                    format!("'language' moet \"nl\" of \"en\" zijn, niet \"{}\"", config.language),
                    format!("'language' must be \"nl\" or \"en\", not \"{}\"", config.language),
                ),
            )
            .at(crate::diagnostic::key_position(text, "language").unwrap_or((0, 0))),
        );
    }
    let type_names: Vec<String> = config.types.keys().cloned().collect();
    for (tname, tdef) in config.types.iter_mut() {
        for (fname, spec) in tdef.fields.iter_mut() {
            if BUILTIN_KEYS.contains(&fname.as_str()) {
                diags.push(schema_error(
                    display,
                    t(
                        format!("types.{tname}.fields.{fname}: '{fname}' is een vaste sleutel van elke pagina en kan geen veld zijn"),
                        format!("types.{tname}.fields.{fname}: '{fname}' is a built-in key of every page and cannot be a field"),
                    ),
                ));
            }
            validate_spec(
                spec,
                &format!("types.{tname}.fields.{fname}"),
                &type_names,
                display,
                &mut diags,
            );
        }
    }
    validate_extras(&config, display, &mut diags);
    if diags.is_empty() { Ok(config) } else { Err(diags) }
}

/// Checks that taxonomies and the glossary name types and fields that exist.
fn validate_extras(config: &Config, display: &str, diags: &mut Vec<Diagnostic>) {
    for (name, tax) in &config.taxonomies {
        let known = tax.fields.iter().all(|f| {
            let first = f.split('.').next().unwrap_or(f);
            config.types.values().any(|t| t.fields.contains_key(first))
        });
        if tax.fields.is_empty() || !known {
            diags.push(schema_error(
                display,
                t(
                    format!(
                        "taxonomies.{name}: 'fields' moet velden noemen die in een type bestaan"
                    ),
                    format!("taxonomies.{name}: 'fields' must name fields that exist in a type"),
                ),
            ));
        }
    }
    if let Some(g) = &config.glossary {
        let ok = config.types.get(&g.kind).is_some_and(|t| {
            t.fields.contains_key(&g.abbreviation) && t.fields.contains_key(&g.expansion)
        });
        if !ok {
            diags.push(schema_error(
                display,
                t(
                    format!(
                        "glossary: type '{}' met velden '{}' en '{}' bestaat niet",
                        g.kind, g.abbreviation, g.expansion
                    ),
                    format!(
                        "glossary: type '{}' with fields '{}' and '{}' does not exist",
                        g.kind, g.abbreviation, g.expansion
                    ),
                ),
            ));
        }
    }
}

fn schema_error(display: &str, msg: Text) -> Diagnostic {
    Diagnostic::error(display, "config-schema", msg)
}

fn validate_spec(
    spec: &mut FieldSpec,
    at: &str,
    types: &[String],
    display: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let mut need = |ok: bool, nl: &str, en: &str| {
        if !ok {
            diags.push(schema_error(display, t(format!("{at}: {nl}"), format!("{at}: {en}"))));
        }
    };
    match spec.kind {
        FieldKind::Enum => {
            need(!spec.values.is_empty(), "een enum heeft 'values' nodig", "an enum needs 'values'")
        }
        FieldKind::Scale => need(
            spec.left.is_some() && spec.right.is_some() && spec.scale_steps() >= 2,
            "een schaal heeft 'left' en 'right' nodig (en 'steps' van minstens 2)",
            "a scale needs 'left' and 'right' (and 'steps' of at least 2)",
        ),
        FieldKind::List => {
            need(spec.item.is_some(), "een lijst heeft 'item' nodig", "a list needs 'item'")
        }
        FieldKind::Map => {
            need(spec.value.is_some(), "een map heeft 'value' nodig", "a map needs 'value'")
        }
        FieldKind::Table => need(
            !spec.fields.is_empty(),
            "een tabel heeft 'fields' nodig",
            "a table needs 'fields'",
        ),
        _ => {}
    }
    if let Some(target) = &spec.target {
        let known = types.contains(target);
        need(
            known,
            &format!("onbekend doeltype '{target}'"),
            &format!("unknown target type '{target}'"),
        );
    }
    if let (Some(min), Some(max)) = (spec.min, spec.max) {
        need(min <= max, "'min' is groter dan 'max'", "'min' is larger than 'max'");
    }
    if let Some(p) = &spec.pattern {
        match regex::Regex::new(p) {
            Ok(re) => spec.pattern_re = Some(re),
            Err(e) => {
                let e = e.to_string().split_whitespace().collect::<Vec<_>>().join(" ");
                need(false, &format!("ongeldig patroon: {e}"), &format!("invalid pattern: {e}"))
            }
        }
    }
    if let Some(item) = spec.item.as_deref_mut() {
        validate_spec(item, &format!("{at}.item"), types, display, diags);
    }
    if let Some(value) = spec.value.as_deref_mut() {
        validate_spec(value, &format!("{at}.value"), types, display, diags);
    }
    for (name, sub) in spec.fields.iter_mut() {
        validate_spec(sub, &format!("{at}.fields.{name}"), types, display, diags);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_types_and_fields() {
        let c = parse_config(
            "title = \"x\"\n[types.gemeente.fields]\ninwoners = { type = \"integer\", min = 0 }\n",
            "kring.toml",
        )
        .unwrap();
        assert_eq!(c.types["gemeente"].fields["inwoners"].kind, FieldKind::Integer);
        assert_eq!(c.lang(), Lang::Nl);
    }

    #[test]
    fn rejects_unknown_config_key_with_position() {
        let err = parse_config("title = \"x\"\ntitel = \"y\"\n", "kring.toml").unwrap_err();
        assert_eq!(err[0].line, 2);
        assert!(err[0].message.nl.contains("titel"), "{:?}", err[0].message);
    }

    #[test]
    fn rejects_enum_without_values_and_unknown_target() {
        let err = parse_config(
            "title = \"x\"\n[types.a.fields]\nb = { type = \"enum\" }\nc = { type = \"ref\", target = \"zzz\" }\n",
            "kring.toml",
        )
        .unwrap_err();
        assert_eq!(err.len(), 2);
        assert!(err[0].message.nl.contains("values"));
        assert!(err[1].message.nl.contains("zzz"));
    }
}
