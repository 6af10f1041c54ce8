//! Pages and sections: a content file's built-in keys and its typed fields.

use super::schema::{Checker, check_date, check_fields, expect_str, unknown_key};
use super::value::{FieldValue, TimelineEntry};
use crate::config::{BUILTIN_KEYS, Config};
use crate::diagnostic::t;
use indexmap::IndexMap;
use serde::Serialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One content page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// Path relative to `content/`, with `/` separators (`gemeenten/haarlem.md`).
    pub rel_path: String,
    /// The path shown in messages (`content/gemeenten/haarlem.md`).
    pub display_path: String,
    /// The section folder relative to `content/` (`gemeenten`; empty for the root).
    pub section: String,
    /// The content type, if any.
    pub kind: Option<String>,
    /// The last URL segment.
    pub slug: String,
    /// The page URL, e.g. `/gemeenten/haarlem/`.
    pub url: String,
    /// Built-in keys and fields.
    pub meta: PageMeta,
    /// Typed fields of the page's content type.
    pub fields: IndexMap<String, FieldValue>,
    /// Dated snapshots for timelines.
    pub timeline: Vec<TimelineEntry>,
    /// The whole file, normalised (no BOM, LF line ends): the privacy scanner reads all of it.
    pub raw: String,
    /// Byte offset of the Markdown body in `raw`.
    pub body_start: usize,
    /// The 1-based line of the body's first line in the file.
    pub body_line: usize,
    /// Read through `kring serve`'s cache: the hash of its bytes, inherited type and the
    /// configuration, which later phases key their memos on instead of hashing `raw` again;
    /// 0 otherwise.
    pub source_key: u64,
}

/// The built-in front-matter keys every page has.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageMeta {
    /// The title.
    pub title: String,
    /// A one- or two-sentence summary.
    pub summary: Option<String>,
    /// Publication date.
    pub date: Option<String>,
    /// Date of the last update.
    pub updated: Option<String>,
    /// Drafts are left out unless `--drafts`.
    pub draft: bool,
    /// The slug, overriding the file name.
    pub slug: Option<String>,
    /// The content type, overriding the section's.
    pub kind: Option<String>,
    /// Old URL paths that redirect here.
    pub aliases: Vec<String>,
    /// Sort weight within the section.
    pub weight: i64,
    /// Template override.
    pub template: Option<String>,
    /// Source of the facts on the page.
    pub bron: Option<String>,
    /// Reference date of the facts on the page.
    pub peildatum: Option<String>,
    /// Section only: the content type of the pages in it.
    pub section_kind: Option<String>,
    /// Section only: how pages are listed (`title`, `date`, `weight`).
    pub sort_by: Option<String>,
    /// Section only: pages per listing page (0: all on one page).
    pub paginate_by: usize,
    /// Privacy findings the editors accepted: (text, reason).
    pub privacy_exceptions: Vec<(String, String)>,
}

/// A section: a folder with an `_index.md`.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The folder relative to `content/` (empty for the home page).
    pub path: String,
    /// The path shown in messages.
    pub display_path: String,
    /// The section URL.
    pub url: String,
    /// Built-in keys (title, summary, type of pages, sorting).
    pub meta: PageMeta,
    /// The whole file, normalised.
    pub raw: String,
    /// Byte offset of the Markdown body in `raw`.
    pub body_start: usize,
    /// The 1-based line of the body's first line.
    pub body_line: usize,
}

impl Page {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        self.raw.get(self.body_start..).unwrap_or("")
    }

    /// A hash that changes whenever the file's text does: the key it was read under, or else
    /// a hash of the text. Memo keys use it instead of hashing the whole text in every phase.
    pub fn text_key(&self) -> u64 {
        match self.source_key {
            0 => crate::cache::hash_of(&(&self.raw, self.body_start)),
            read => read,
        }
    }
}

impl Section {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        self.raw.get(self.body_start..).unwrap_or("")
    }
}

/// Front-matter entries that are not built-in keys.
pub(crate) type Rest<'t, 'i> =
    Vec<(&'t Spanned<std::borrow::Cow<'i, str>>, &'t Spanned<DeValue<'i>>)>;

/// Reads the built-in keys and returns the rest of the table for the type's fields.
pub(crate) fn read_meta<'t, 'i>(
    ck: &mut Checker,
    table: &'t DeTable<'i>,
    is_section: bool,
) -> (PageMeta, Rest<'t, 'i>) {
    let mut meta = PageMeta::default();
    let mut rest = Vec::new();
    for (k, v) in table {
        let key = k.get_ref().as_ref();
        match key {
            "title" => meta.title = expect_str(ck, v, key).unwrap_or_default(),
            "summary" => meta.summary = expect_str(ck, v, key),
            "date" => meta.date = check_date(ck, v, key),
            "updated" => meta.updated = check_date(ck, v, key),
            "peildatum" => meta.peildatum = check_date(ck, v, key),
            "bron" => meta.bron = expect_str(ck, v, key),
            "slug" => meta.slug = expect_str(ck, v, key),
            "template" => meta.template = expect_str(ck, v, key),
            "type" if is_section => meta.section_kind = expect_str(ck, v, key),
            "type" => meta.kind = expect_str(ck, v, key),
            "sort_by" if is_section => meta.sort_by = check_sort(ck, v),
            "paginate_by" if is_section => {
                meta.paginate_by = expect_int(ck, v, key).max(0) as usize
            }
            "draft" => meta.draft = expect_bool(ck, v, key),
            "weight" => meta.weight = expect_int(ck, v, key),
            "aliases" => meta.aliases = expect_str_list(ck, v, key),
            "privacy_uitzondering" => meta.privacy_exceptions = read_exceptions(ck, v),
            _ => rest.push((k, v)),
        }
    }
    if !table.contains_key("title") {
        ck.error(
            0..0,
            "missing-field",
            t("verplicht veld 'title' ontbreekt", "required field 'title' is missing"),
            Some(t(
                "voeg toe: title = \"Titel van de pagina\"",
                "add: title = \"Title of the page\"",
            )),
        );
    } else if meta.title.trim().is_empty() {
        let span = table.get("title").map(|v| v.span()).unwrap_or(0..0);
        ck.error(span, "empty-field", t("'title' is leeg", "'title' is empty"), None);
    }
    (meta, rest)
}

fn check_sort(ck: &mut Checker, v: &Spanned<DeValue>) -> Option<String> {
    let s = expect_str(ck, v, "sort_by")?;
    if ["title", "date", "weight"].contains(&s.as_str()) {
        return Some(s);
    }
    ck.error(v.span(), "unknown-value", t(
        format!("\"{s}\" is geen toegestane waarde voor 'sort_by'; kies \"title\", \"date\" of \"weight\""),
        format!("\"{s}\" is not an allowed value for 'sort_by'; choose \"title\", \"date\" or \"weight\""),
    ), None);
    None
}

fn expect_bool(ck: &mut Checker, v: &Spanned<DeValue>, name: &str) -> bool {
    v.get_ref().as_bool().unwrap_or_else(|| {
        ck.error(
            v.span(),
            "wrong-type",
            t(
                format!("'{name}' moet true of false zijn"),
                format!("'{name}' must be true or false"),
            ),
            None,
        );
        false
    })
}

fn expect_int(ck: &mut Checker, v: &Spanned<DeValue>, name: &str) -> i64 {
    match v.get_ref() {
        DeValue::Integer(i) => {
            i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).unwrap_or(0)
        }
        _ => {
            ck.error(
                v.span(),
                "wrong-type",
                t(
                    format!("'{name}' moet een geheel getal zijn"),
                    format!("'{name}' must be a whole number"),
                ),
                None,
            );
            0
        }
    }
}

fn expect_str_list(ck: &mut Checker, v: &Spanned<DeValue>, name: &str) -> Vec<String> {
    match v.get_ref() {
        DeValue::Array(items) => items.iter().filter_map(|i| expect_str(ck, i, name)).collect(),
        _ => {
            ck.error(
                v.span(),
                "wrong-type",
                t(
                    format!("'{name}' moet een lijst met teksten zijn"),
                    format!("'{name}' must be a list of texts"),
                ),
                Some(t("bijvoorbeeld [\"/oud/pad/\"]", "for example [\"/old/path/\"]")),
            );
            Vec::new()
        }
    }
}

/// Validates the non-built-in keys of a page against its type's fields, and the timeline.
pub(crate) fn read_fields(
    ck: &mut Checker,
    config: &Config,
    kind: Option<&str>,
    rest: &[(&Spanned<std::borrow::Cow<str>>, &Spanned<DeValue>)],
) -> (IndexMap<String, FieldValue>, Vec<TimelineEntry>) {
    let empty = IndexMap::new();
    let fields = kind.and_then(|k| config.types.get(k)).map_or(&empty, |t| &t.fields);
    let mut table = DeTable::new();
    let mut timeline = Vec::new();
    for (k, v) in rest {
        if k.get_ref() == "tijdlijn" {
            timeline = read_timeline(ck, fields, v);
        } else {
            table.insert((*k).clone(), (*v).clone());
        }
    }
    if kind.is_none() && !table.is_empty() {
        let known: Vec<&str> = BUILTIN_KEYS.to_vec();
        for (k, _) in &table {
            unknown_key(ck, k.span(), k.get_ref(), &known, "");
        }
        return (IndexMap::new(), timeline);
    }
    let values = check_fields(ck, fields, "", &table, 0..0);
    (values, timeline)
}

fn read_timeline(
    ck: &mut Checker,
    fields: &IndexMap<String, crate::config::FieldSpec>,
    v: &Spanned<DeValue>,
) -> Vec<TimelineEntry> {
    let Some(items) = v.get_ref().as_array() else {
        ck.error(
            v.span(),
            "wrong-type",
            t(
                "'tijdlijn' moet een lijst van [[tijdlijn]]-blokken zijn",
                "'tijdlijn' must be a list of [[tijdlijn]] blocks",
            ),
            None,
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let name = format!("tijdlijn[{}]", i + 1);
        let Some(tb) = item.get_ref().as_table() else {
            ck.error(
                item.span(),
                "wrong-type",
                t(format!("'{name}' moet een tabel zijn"), format!("'{name}' must be a table")),
                None,
            );
            continue;
        };
        let mut entry = TimelineEntry {
            peildatum: String::new(),
            titel: None,
            bron: None,
            toelichting: None,
            fields: IndexMap::new(),
        };
        let mut rest = DeTable::new();
        for (k, val) in tb {
            match k.get_ref().as_ref() {
                "peildatum" => {
                    entry.peildatum =
                        check_date(ck, val, &format!("{name}.peildatum")).unwrap_or_default()
                }
                "titel" => entry.titel = expect_str(ck, val, "titel"),
                "bron" => entry.bron = expect_str(ck, val, "bron"),
                "toelichting" => entry.toelichting = expect_str(ck, val, "toelichting"),
                _ => {
                    rest.insert(k.clone(), val.clone());
                }
            }
        }
        if !tb.contains_key("peildatum") {
            ck.error(
                item.span(),
                "missing-field",
                t(format!("'{name}' mist 'peildatum'"), format!("'{name}' lacks 'peildatum'")),
                None,
            );
        }
        let optional: IndexMap<_, _> = fields
            .iter()
            .map(|(k, s)| (k.clone(), crate::config::FieldSpec { required: false, ..s.clone() }))
            .collect();
        entry.fields = check_fields(ck, &optional, &name, &rest, item.span());
        out.push(entry);
    }
    out.sort_by(|a, b| a.peildatum.cmp(&b.peildatum));
    out
}

/// Reads `privacy_uitzondering = [{ tekst = "...", reden = "..." }]`.
fn read_exceptions(ck: &mut Checker, v: &Spanned<DeValue>) -> Vec<(String, String)> {
    let bad = |ck: &mut Checker, span| {
        ck.error(
            span,
            "wrong-type",
            t("'privacy_uitzondering' moet een lijst zijn van { tekst = \"...\", reden = \"...\" }", "'privacy_uitzondering' must be a list of { tekst = \"...\", reden = \"...\" }"),
            Some(t("noem de precieze tekst die de scanner vond en waarom die hier mag staan", "give the exact text the scanner found and why it may stay")),
        );
    };
    let Some(items) = v.get_ref().as_array() else {
        bad(ck, v.span());
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items.iter() {
        let table = item.get_ref().as_table();
        let field = |k: &str| {
            table.and_then(|t| t.get(k)).and_then(|x| x.get_ref().as_str()).map(str::to_string)
        };
        match (field("tekst"), field("reden")) {
            (Some(tekst), Some(reden)) if !tekst.trim().is_empty() && !reden.trim().is_empty() => {
                out.push((tekst, reden))
            }
            _ => bad(ck, item.span()),
        }
    }
    out
}
