//! Finds pages and sections by path, slug or title, for links and references.
//!
//! Built once from the loaded content; every lookup is a hash-map access, so resolving all links
//! of a site is linear in the number of links.

use super::Content;
use crate::cache::NameMap;
use crate::diagnostic::{Text, t};

/// What a link can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A page, by index in `Content::pages`.
    Page(usize),
    /// A section, by index in `Content::sections`.
    Section(usize),
}

/// Why a link could not be resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct LookupError {
    /// What is wrong.
    pub message: Text,
    /// Candidates or close matches.
    pub hint: Option<Text>,
}

/// The lookup tables.
#[derive(Debug, Default)]
pub struct Lookup {
    by_path: NameMap<String, Target>,
    by_slug: NameMap<String, Vec<Target>>,
    by_title: NameMap<String, Vec<Target>>,
    paths: Vec<(String, Target)>,
}

impl Lookup {
    /// Indexes the published pages (`include(i)`) and all sections.
    pub fn new(content: &Content, include: impl Fn(usize) -> bool) -> Lookup {
        let mut lk = Lookup::default();
        for (i, s) in content.sections.iter().enumerate() {
            let target = Target::Section(i);
            lk.add_path(s.path.clone(), target);
            if let Some(last) = s.path.rsplit('/').next().filter(|l| !l.is_empty()) {
                lk.by_slug.entry(last.to_lowercase()).or_default().push(target);
            }
        }
        for (i, p) in content.pages.iter().enumerate().filter(|(i, _)| include(*i)) {
            let target = Target::Page(i);
            lk.add_path(p.rel_path.trim_end_matches(".md").to_string(), target);
            if !p.section.is_empty() {
                lk.add_path(format!("{}/{}", p.section, p.slug), target);
            }
            lk.by_slug.entry(p.slug.to_lowercase()).or_default().push(target);
            lk.by_title.entry(p.meta.title.trim().to_lowercase()).or_default().push(target);
        }
        for v in lk.by_slug.values_mut().chain(lk.by_title.values_mut()) {
            v.sort();
            v.dedup();
        }
        lk
    }

    fn add_path(&mut self, path: String, target: Target) {
        self.paths.push((path.clone(), target));
        self.by_path.insert(path.to_lowercase(), target);
    }

    /// Resolves a written link target: a path (`gemeenten/haarlem`, `@/gemeenten/haarlem.md`),
    /// a slug (`haarlem`) or a title (`Haarlem`). `describe` names a target in candidate lists.
    pub fn find(
        &self,
        written: &str,
        describe: impl Fn(Target) -> String,
    ) -> Result<Target, LookupError> {
        let key = normalise(written);
        if let Some(t) = self.by_path.get(&key) {
            return Ok(*t);
        }
        for map in [&self.by_slug, &self.by_title] {
            match map.get(&key).map(Vec::as_slice) {
                Some([one]) => return Ok(*one),
                Some(many) if many.len() > 1 => {
                    let list = many.iter().map(|t| describe(*t)).collect::<Vec<_>>().join(", ");
                    return Err(LookupError {
                        message: t(
                            format!("'{written}' is niet eenduidig"),
                            format!("'{written}' is ambiguous"),
                        ),
                        hint: Some(t(
                            format!("kies een van: {list}"),
                            format!("choose one of: {list}"),
                        )),
                    });
                }
                _ => {}
            }
        }
        Err(LookupError {
            message: t(
                format!("pagina '{written}' bestaat niet"),
                format!("page '{written}' does not exist"),
            ),
            hint: self
                .suggest(&key)
                .map(|s| t(format!("bedoelt u '{s}'?"), format!("did you mean '{s}'?"))),
        })
    }

    /// Resolves a reference that must point at a page of type `kind` (`None`: any page).
    pub fn find_typed(
        &self,
        written: &str,
        accept: impl Fn(Target) -> bool,
        describe: impl Fn(Target) -> String,
    ) -> Result<Target, LookupError> {
        let key = normalise(written);
        let typed: Vec<Target> = self
            .by_path
            .get(&key)
            .into_iter()
            .copied()
            .chain(self.by_slug.get(&key).into_iter().flatten().copied())
            .filter(|t| accept(*t))
            .collect();
        match typed.as_slice() {
            [one] => Ok(*one),
            [first, ..] if typed.iter().all(|t| t == first) => Ok(*first),
            [] => {
                let limit = key.chars().count() / 4 + 1;
                let suggestion = self
                    .paths
                    .iter()
                    .filter(|(_, t)| accept(*t))
                    .map(|(p, _)| {
                        (
                            strsim::levenshtein(&key, p.rsplit('/').next().unwrap_or(p)),
                            p.len(),
                            p.as_str(),
                        )
                    })
                    .filter(|(d, _, _)| *d <= limit)
                    .min()
                    .map(|(_, _, p)| p);
                Err(LookupError {
                    message: t(
                        format!("pagina '{written}' bestaat niet"),
                        format!("page '{written}' does not exist"),
                    ),
                    hint: suggestion
                        .map(|s| t(format!("bedoelt u '{s}'?"), format!("did you mean '{s}'?"))),
                })
            }
            _ => self.find(written, describe),
        }
    }

    fn suggest(&self, key: &str) -> Option<&str> {
        self.paths
            .iter()
            .map(|(p, _)| p.as_str())
            .map(|p| {
                let slug = p.rsplit('/').next().unwrap_or(p);
                (strsim::levenshtein(key, p).min(strsim::levenshtein(key, slug)), p)
            })
            .filter(|(d, _)| *d <= key.chars().count() / 4 + 1)
            .min()
            .map(|(_, p)| p)
    }
}

/// Lower-cases a written target and strips `@/`, a leading `/`, `content/` and `.md`.
fn normalise(written: &str) -> String {
    let s = written.trim();
    let s = s.strip_prefix("@/").unwrap_or(s);
    let s = s.trim_start_matches('/');
    let s = s.strip_prefix("content/").unwrap_or(s);
    let s = s.strip_suffix(".md").unwrap_or(s);
    let s = s.strip_suffix("/_index").unwrap_or(s);
    let s = if s == "_index" { "" } else { s };
    s.trim_end_matches('/').to_lowercase()
}
