//! The learning network: matches learning questions (`leervragen`) to who can help (`kan_delen`)
//! and to practices and case stories on the same theme; lays challenges and lessons of all
//! municipalities side by side per theme; and counts which municipalities' content refers to
//! which. Field names come from `[learning]` in `kring.toml`.

use super::fields::{field_at, ref_targets};
use super::order::TitleOrder;
use crate::config::{Config, LearningDef};
use crate::content::lookup::{Lookup, Target};
use crate::content::{Content, Value};
use std::collections::HashMap;

/// How many matches a page lists per question (and how many askers a helper page lists); the
/// theme page has them all. Without a cap a large knowledge base puts thousands of links on
/// every factsheet.
pub const SHOWN: usize = 12;

/// A learning question with its matches.
#[derive(Debug, Clone, Default)]
pub struct Question {
    /// The question.
    pub text: String,
    /// The theme page it is about.
    pub theme: Option<usize>,
    /// Pages of the same type that can share experience on the theme (at most [`SHOWN`]).
    pub helpers: Vec<usize>,
    /// How many can help in all.
    pub helpers_total: usize,
    /// Other pages (practices, case stories, ...) on the theme, newest first (at most [`SHOWN`]).
    pub pages: Vec<usize>,
    /// How many pages are on the theme in all.
    pub pages_total: usize,
}

/// One municipality's row on a theme page.
#[derive(Debug, Clone, Default)]
pub struct ThemeRow {
    /// The municipality (or other owner) page.
    pub owner: usize,
    /// Its questions on this theme.
    pub questions: Vec<String>,
    /// Lessons of its practices on this theme: (practice, lesson).
    pub lessons: Vec<(usize, String)>,
    /// It says it can share experience on this theme.
    pub can_share: bool,
}

/// Everything the learning network derives.
#[derive(Debug, Clone, Default)]
pub struct Learning {
    /// Per page: its questions with matches.
    pub questions: Vec<Vec<Question>>,
    /// Per page: (asking page, question) where this page was matched as a helper (at most
    /// [`SHOWN`]).
    pub asked_of: Vec<Vec<(usize, String)>>,
    /// Per page: how many questions it was matched to in all.
    pub asked_total: Vec<usize>,
    /// Per theme page: the rows of municipalities that deal with it.
    pub theme_rows: Vec<Vec<ThemeRow>>,
    /// Edges between owner pages: (from, to, number of references), from < to not implied;
    /// strongest first, then by the titles of both ends.
    pub network: Vec<(usize, usize, usize)>,
    /// Per owner page: the owners it refers to and the number of references, most first (at
    /// most [`SHOWN`]).
    pub refers_to: Vec<Vec<(usize, usize)>>,
    /// Per owner page: the owners that refer to it, likewise.
    pub referred_by: Vec<Vec<(usize, usize)>>,
    /// Per page: how many owners it refers to and how many refer to it, in all.
    pub connection_totals: Vec<(usize, usize)>,
}

fn refs_of(
    config: &Config,
    content: &Content,
    lookup: &Lookup,
    page: usize,
    field: &str,
) -> Vec<usize> {
    field_at(config, content, page, field)
        .map(|f| ref_targets(lookup, content, f.spec, f.value))
        .unwrap_or_default()
}

/// What the learning network reads of one page, resolved once (in parallel) rather than
/// once per use.
#[derive(Default)]
struct PageRefs<'a> {
    /// The themes it is on.
    themes: Vec<usize>,
    /// The pages its owner field points at.
    owners: Vec<usize>,
    /// The themes an owner can share experience on.
    offers: Vec<usize>,
    /// Its lesson.
    lesson: Option<&'a str>,
}

fn page_refs<'a>(
    config: &'a Config,
    content: &'a Content,
    (published, lookup): (&[usize], &Lookup),
    is_owner: &(dyn Fn(usize) -> bool + Sync),
) -> Vec<PageRefs<'a>> {
    use rayon::prelude::*;
    let def = &config.learning;
    let found: Vec<(usize, PageRefs)> = published
        .par_iter()
        .map(|&p| {
            let lesson = match field_at(config, content, p, &def.lesson).map(|f| &f.value.value) {
                Some(Value::Text(s)) => Some(s.as_str()),
                _ => None,
            };
            let offers = match is_owner(p) {
                true => refs_of(config, content, lookup, p, &def.offers),
                false => Vec::new(),
            };
            let refs = PageRefs {
                themes: refs_of(config, content, lookup, p, &def.themes),
                owners: refs_of(config, content, lookup, p, &def.owner_field),
                offers,
                lesson,
            };
            (p, refs)
        })
        .collect();
    let mut refs: Vec<PageRefs> = (0..content.pages.len()).map(|_| PageRefs::default()).collect();
    found.into_iter().for_each(|(p, r)| refs[p] = r);
    refs
}

/// Builds the learning network; `outgoing` are each page's links and references.
pub fn build_learning(
    config: &Config,
    content: &Content,
    (published, lookup, order): (&[usize], &Lookup, &TitleOrder),
    outgoing: &[Vec<Target>],
) -> Learning {
    let def = &config.learning;
    let n = content.pages.len();
    let mut out = Learning {
        questions: vec![Vec::new(); n],
        asked_of: vec![Vec::new(); n],
        asked_total: vec![0; n],
        theme_rows: vec![Vec::new(); n],
        network: Vec::new(),
        refers_to: vec![Vec::new(); n],
        referred_by: vec![Vec::new(); n],
        connection_totals: vec![(0, 0); n],
    };
    let is_owner = |i: usize| content.pages[i].kind.as_deref() == Some(def.owner_type.as_str());
    let refs = page_refs(config, content, (published, lookup), &is_owner);
    let owners: Vec<usize> = published.iter().copied().filter(|&i| is_owner(i)).collect();
    // Pages per theme and owners per offered theme, once, instead of scanning every page or
    // owner for every question.
    let mut by_theme: HashMap<usize, Vec<usize>> = HashMap::new();
    for &p in published.iter().filter(|&&p| !is_owner(p)) {
        refs[p].themes.iter().for_each(|&t| by_theme.entry(t).or_default().push(p));
    }
    for list in by_theme.values_mut() {
        list.sort_by(|&a, &b| content.pages[b].meta.date.cmp(&content.pages[a].meta.date));
    }
    let mut offered_by: HashMap<usize, Vec<usize>> = HashMap::new();
    for &h in &owners {
        for (k, &t) in refs[h].offers.iter().enumerate() {
            if !refs[h].offers[..k].contains(&t) {
                offered_by.entry(t).or_default().push(h);
            }
        }
    }
    for &i in &owners {
        for (text, theme) in questions_of(config, content, lookup, def, i) {
            let helpers: Vec<usize> = theme
                .and_then(|t| offered_by.get(&t))
                .map(|hs| hs.iter().copied().filter(|&h| h != i).collect())
                .unwrap_or_default();
            for &h in &helpers {
                out.asked_total[h] += 1;
                if out.asked_of[h].len() < SHOWN {
                    out.asked_of[h].push((i, text.clone()));
                }
            }
            let on_theme = theme.and_then(|t| by_theme.get(&t)).map_or(&[][..], Vec::as_slice);
            out.questions[i].push(Question {
                text,
                theme,
                helpers_total: helpers.len(),
                helpers: helpers.into_iter().take(SHOWN).collect(),
                pages_total: on_theme.len(),
                pages: on_theme.iter().copied().take(SHOWN).collect(),
            });
        }
    }
    theme_rows(content, published, def, (&owners, &refs), &mut out);
    out.network = network(published, &is_owner, &refs, outgoing);
    connections_per_owner(order, &mut out);
    out
}

/// Puts the network strongest first (then by the titles of both ends) and lists each owner's
/// strongest connections both ways, which that order gives already sorted.
fn connections_per_owner(order: &TitleOrder, out: &mut Learning) {
    let rank = &order.folded;
    out.network.sort_unstable_by_key(|e| (std::cmp::Reverse(e.2), rank[e.0], rank[e.1]));
    for &(from, to, n) in &out.network {
        out.connection_totals[from].0 += 1;
        out.connection_totals[to].1 += 1;
        if out.refers_to[from].len() < SHOWN {
            out.refers_to[from].push((to, n));
        }
        if out.referred_by[to].len() < SHOWN {
            out.referred_by[to].push((from, n));
        }
    }
}

fn questions_of(
    config: &Config,
    content: &Content,
    lookup: &Lookup,
    def: &LearningDef,
    page: usize,
) -> Vec<(String, Option<usize>)> {
    let Some(list) = field_at(config, content, page, &def.questions) else { return Vec::new() };
    let (Value::List(items), Some(item)) = (&list.value.value, list.spec.item.as_deref()) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|entry| {
            let Value::Table(m) = &entry.value else { return None };
            let text = match &m.get(&def.question)?.value {
                Value::Text(s) => s.clone(),
                _ => return None,
            };
            let theme = m
                .get(&def.topic)
                .zip(item.fields.get(&def.topic))
                .and_then(|(v, spec)| ref_targets(lookup, content, spec, v).first().copied());
            Some((text, theme))
        })
        .collect()
}

fn theme_rows(
    content: &Content,
    published: &[usize],
    def: &LearningDef,
    (owners, refs): (&[usize], &[PageRefs]),
    out: &mut Learning,
) {
    let themes = published
        .iter()
        .copied()
        .filter(|&i| content.pages[i].kind.as_deref() == Some(def.theme_type.as_str()));
    for theme in themes {
        let mut rows: Vec<ThemeRow> = Vec::new();
        let mut row_of: HashMap<usize, usize> = HashMap::new();
        for &owner in owners {
            let offered = refs[owner].offers.contains(&theme);
            let asked: Vec<String> = out.questions[owner]
                .iter()
                .filter(|q| q.theme == Some(theme))
                .map(|q| q.text.clone())
                .collect();
            if offered || !asked.is_empty() {
                let r = row(&mut rows, &mut row_of, owner);
                rows[r].can_share = offered;
                rows[r].questions = asked;
            }
        }
        for &p in published {
            let (Some(lesson), true) = (refs[p].lesson, refs[p].themes.contains(&theme)) else {
                continue;
            };
            for &owner in &refs[p].owners {
                let r = row(&mut rows, &mut row_of, owner);
                rows[r].lessons.push((p, lesson.to_string()));
            }
        }
        rows.sort_by_cached_key(|r| content.pages[r.owner].meta.title.to_lowercase());
        out.theme_rows[theme] = rows;
    }
}

/// The index of `owner`'s row, added when missing.
fn row(rows: &mut Vec<ThemeRow>, row_of: &mut HashMap<usize, usize>, owner: usize) -> usize {
    *row_of.entry(owner).or_insert_with(|| {
        rows.push(ThemeRow { owner, ..Default::default() });
        rows.len() - 1
    })
}

/// Counts references between owners: a page belongs to an owner when it is the owner or its
/// `owner_field` points at it; each link from one owner's page to another owner's page counts.
fn network(
    published: &[usize],
    is_owner: &dyn Fn(usize) -> bool,
    refs: &[PageRefs],
    outgoing: &[Vec<Target>],
) -> Vec<(usize, usize, usize)> {
    // An owner belongs to itself; another page to the owners its owner field points at.
    fn belongs<'a>(
        p: &'a usize,
        is_owner: &dyn Fn(usize) -> bool,
        refs: &'a [PageRefs],
    ) -> &'a [usize] {
        match is_owner(*p) {
            true => std::slice::from_ref(p),
            false => &refs[*p].owners,
        }
    }
    let belongs_to = |p| belongs(p, is_owner, refs);
    // Unordered: the caller sorts the pairs strongest first.
    let mut counts: crate::cache::NameMap<(usize, usize), usize> = Default::default();
    for p in published {
        let from = belongs_to(p);
        for target in &outgoing[*p] {
            let Target::Page(t) = target else { continue };
            for &to in belongs_to(t) {
                for &f in from {
                    if f != to {
                        *counts.entry((f, to)).or_default() += 1;
                    }
                }
            }
        }
    }
    counts.into_iter().map(|((a, b), n)| (a, b, n)).collect()
}
