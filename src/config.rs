//! Configuration: reads `kring.toml` (site settings and the content types with their field
//! schemas) and validates what serde cannot express.

use crate::diagnostic::{Diagnostic, Lang, LineIndex, Text, t};
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::Path;

mod schema;
mod sections;
pub use schema::{FieldKind, FieldSpec, TypeDef};
pub use sections::{
    ColumnDef, ColumnSpec, CompareDef, CrossDef, DeclarationDef, GlossaryDef, LearningDef,
    MatrixDef, PicturesDef, PrivacyDef, SimilarityDef, TaxonomyDef,
};

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

fn default_base_url() -> String {
    "http://127.0.0.1:1111".to_string()
}
fn default_language() -> String {
    "nl".to_string()
}
fn default_theme() -> String {
    "default".to_string()
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
