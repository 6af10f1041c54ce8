//! Which front-matter fields other pages can see. The site graph and the generated pages read
//! some fields of every page (taxonomies, references, the learning network) and every field of
//! some types (matrix rows, similar pages, learners, themes, glossary terms). A change to any
//! other field shows only on the page itself, in its type's dataset, in the print books and in
//! its search record: `kring serve` then renders just those (`src/edit.rs`).
//! When the graph or a generated page starts reading another field, add it here; the mutation
//! test in `tests/serve.rs` compares such edits with full builds of the demo.

use crate::config::{Config, FieldKind, FieldSpec};
use crate::content::Page;
use std::collections::HashSet;

/// The types and field keys whose values other pages can show.
#[derive(Debug, Default)]
pub struct SharedFields {
    /// Types all of whose fields other pages read.
    types: HashSet<String>,
    /// Top-level field keys read on pages of any type.
    keys: HashSet<String>,
}

/// The top-level key of a field path such as `leervragen.thema`.
fn top(path: &str) -> String {
    path.split('.').next().unwrap_or(path).to_string()
}

impl SharedFields {
    /// Collects them from the configuration.
    pub fn new(config: &Config) -> SharedFields {
        let learning = &config.learning;
        let types: HashSet<String> = [&learning.owner_type, &learning.theme_type]
            .into_iter()
            .cloned()
            .chain(config.glossary.iter().map(|g| g.kind.clone()))
            .chain(config.matrices.values().map(|m| m.kind.clone()))
            .chain(config.similarity.keys().cloned())
            .collect();
        let keys = config
            .taxonomies
            .values()
            .flat_map(|t| t.fields.iter().map(|f| top(f)))
            .chain(
                [
                    &learning.owner_field,
                    &learning.themes,
                    &learning.questions,
                    &learning.offers,
                    &learning.lesson,
                ]
                .into_iter()
                .map(|f| top(f)),
            )
            .collect();
        SharedFields { types, keys }
    }

    /// Whether every change from `old` to `new` (the same file, read again) shows only on the
    /// page itself, its type's dataset, the books and its search record.
    pub fn is_local_change(&self, config: &Config, old: &Page, new: &Page) -> bool {
        let Some(kind) = new.kind.as_deref() else { return false };
        let Some(tdef) = config.types.get(kind) else { return false };
        if old.kind != new.kind
            || old.url != new.url
            || old.timeline != new.timeline
            || self.types.contains(kind)
            || !same_meta(old, new)
        {
            return false;
        }
        let keys: HashSet<&String> = old.fields.keys().chain(new.fields.keys()).collect();
        keys.into_iter().filter(|k| old.fields.get(*k) != new.fields.get(*k)).all(|k| {
            !self.keys.contains(k.as_str()) && tdef.fields.get(k).is_some_and(|s| !refers(s))
        })
    }
}

/// The same front-matter keys besides the fields, apart from the page's source and reference
/// date, which only the page itself and its dataset show (matrices, which show them too, make
/// their row type shared).
fn same_meta(old: &Page, new: &Page) -> bool {
    let plain = |p: &Page| {
        let mut meta = p.meta.clone();
        meta.bron = None;
        meta.peildatum = None;
        format!("{meta:?}")
    };
    plain(old) == plain(new)
}

/// Whether a field (or anything inside it) refers to other pages: references make backlinks.
fn refers(spec: &FieldSpec) -> bool {
    spec.kind == FieldKind::Ref
        || spec.item.as_deref().is_some_and(refers)
        || spec.value.as_deref().is_some_and(refers)
        || spec.fields.values().any(refers)
}
