//! Search: builds a Pagefind index in-process from plain-text records (no HTML to re-parse),
//! with Dutch stemming, facets from the typed front matter, and glossary expansions so that an
//! abbreviation and its full form find each other. The index files join the in-memory output.

use crate::content::{Page, Value};
use crate::site::Site;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

mod index;
mod reuse;

#[cfg(test)]
use index::default_bundles;
pub use index::{
    BundleFiles, MAX_BUNDLES, build_index, bundle_dir, extra_bundles, panicked, shard_count,
};

/// The folder of the search bundle in the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// One record to index: a page's URL, its text, display metadata and filters.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The page URL.
    pub url: String,
    /// Plain text: title, summary, field texts and body.
    pub content: String,
    /// Shown with results: title, type, municipality.
    pub meta: BTreeMap<String, String>,
    /// Facets: type, gemeente, thema, methode, leefgebied, doelgroep, ...
    pub filters: BTreeMap<String, Vec<String>>,
}

/// Collects the text values of a page's fields, nested ones included.
fn field_texts(v: &Value, out: &mut String) {
    match v {
        Value::Text(s) | Value::Enum(s) => {
            out.push_str(s);
            out.push('\n');
        }
        Value::List(items) => items.iter().for_each(|i| field_texts(&i.value, out)),
        Value::Map(m) | Value::Table(m) => m.values().for_each(|i| {
            field_texts(&i.value, out);
            if let Some(n) = &i.toelichting {
                out.push_str(n);
                out.push('\n');
            }
        }),
        _ => {}
    }
}

/// Glossary pairs (abbreviation, expansion) from the glossary type.
fn glossary_pairs(site: &Site) -> Vec<(String, String)> {
    let Some(g) = &site.config.glossary else { return Vec::new() };
    site.published
        .iter()
        .map(|&i| &site.content.pages[i])
        .filter(|p| p.kind.as_deref() == Some(g.kind.as_str()))
        .filter_map(|p| {
            let get = |k: &str| match p.fields.get(k).map(|v| &v.value) {
                Some(Value::Text(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
                _ => None,
            };
            Some((get(&g.abbreviation)?, get(&g.expansion)?))
        })
        .collect()
}

/// Finds glossary abbreviations and expansions in a text in one pass each.
struct Expander {
    pairs: Vec<(String, String)>,
    abbrs: HashMap<String, usize>,
    /// Which first bytes and lengths (in bytes) an abbreviation has: most words of a page are
    /// ruled out by these before they are hashed.
    abbr_first: [bool; 256],
    abbr_lens: std::ops::RangeInclusive<usize>,
    fulls: Option<aho_corasick::AhoCorasick>,
}

impl Expander {
    /// `many`: the expander will search many pages. A full DFA then pays: overlapping search
    /// over every page's text is this step's main cost, and an NFA is several times slower at
    /// it. For one page (a quick edit in `kring serve`) building the DFA costs more (about
    /// 20 ms at 10,000 pages) than the search; both find the same matches.
    fn new(pairs: Vec<(String, String)>, many: bool) -> Expander {
        let abbrs: HashMap<String, usize> =
            pairs.iter().enumerate().map(|(i, (a, _))| (a.clone(), i)).collect();
        let mut abbr_first = [false; 256];
        abbrs.keys().filter_map(|a| a.bytes().next()).for_each(|b| abbr_first[b as usize] = true);
        let lens = || abbrs.keys().map(String::len);
        let abbr_lens = lens().min().unwrap_or(1)..=lens().max().unwrap_or(0);
        let kind = match many {
            true => aho_corasick::AhoCorasickKind::DFA,
            false => aho_corasick::AhoCorasickKind::NoncontiguousNFA,
        };
        let fulls = aho_corasick::AhoCorasick::builder()
            .kind(Some(kind))
            .ascii_case_insensitive(true)
            .build(pairs.iter().map(|(_, f)| f.as_str()))
            .ok();
        Expander { pairs, abbrs, abbr_first, abbr_lens, fulls }
    }

    /// The other form of every abbreviation or expansion the text mentions.
    fn expand(&self, text: &str) -> String {
        let mut has_abbr = vec![false; self.pairs.len()];
        let mut has_full = vec![false; self.pairs.len()];
        for w in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
            let may_be_abbr = self.abbr_lens.contains(&w.len())
                && w.bytes().next().is_some_and(|b| self.abbr_first[b as usize]);
            if let Some(&i) = may_be_abbr.then(|| self.abbrs.get(w)).flatten() {
                has_abbr[i] = true;
            }
        }
        if let Some(ac) = &self.fulls {
            for m in ac.find_overlapping_iter(text) {
                has_full[m.pattern().as_usize()] = true;
            }
        }
        let mut extra = String::new();
        for (i, (abbr, full)) in self.pairs.iter().enumerate() {
            let other = match (has_abbr[i], has_full[i]) {
                (true, false) => full,
                (false, true) => abbr,
                _ => continue,
            };
            extra.push_str(other);
            extra.push('\n');
        }
        extra
    }
}

/// Whether published page `i` goes into the index: drafts never do.
fn is_indexed(site: &Site, i: usize) -> bool {
    !site.content.pages[i].meta.draft
}

/// A search record shared between `kring serve`'s memo, its session and the indexer.
pub type SharedRecord = Arc<Record>;

/// The records of all published, non-draft pages.
pub fn records(site: &Site) -> Vec<SharedRecord> {
    records_cached(site, None)
}

/// What earlier builds (`kring serve`) made for the search index.
#[derive(Default)]
pub struct RecordMemo {
    /// Records by page.
    records: crate::cache::Memo<SharedRecord>,
    /// The glossary's abbreviation finder, by the hash of the glossary (its automaton takes
    /// milliseconds to build).
    expander: crate::cache::Memo<Arc<Expander>>,
}

/// Like [`records`], reusing a page's record when nothing it is made from changed. `salt`
/// stands for the configuration; a page's record needs its body's fingerprint to be kept.
pub fn records_cached(site: &Site, memo: Option<(&RecordMemo, u64)>) -> Vec<SharedRecord> {
    let pairs = glossary_pairs(site);
    let (glossary, expander) = match memo {
        Some((memo, _)) => {
            let key = crate::cache::hash_of(&pairs);
            (key, memo.expander.get_or("", key, || Arc::new(Expander::new(pairs, true))))
        }
        None => (0, Arc::new(Expander::new(pairs, true))),
    };
    let mut tags: HashMap<usize, BTreeMap<String, Vec<String>>> = HashMap::new();
    for_each_tag(site, |p, key, name| {
        tags.entry(p).or_default().entry(key.to_string()).or_default().push(name.to_string())
    });
    use rayon::prelude::*;
    site.published
        .par_iter()
        .filter(|&&i| is_indexed(site, i))
        .map(|&i| {
            let p = &site.content.pages[i];
            let page_tags = tags.get(&i);
            let make =
                || Arc::new(record(site, i, p, page_tags.cloned().unwrap_or_default(), &expander));
            let fingerprint = site.bodies[i].fingerprint;
            match memo {
                Some((memo, salt)) if fingerprint != 0 => {
                    let key = crate::cache::hash_of(&(
                        salt,
                        glossary,
                        p.text_key(),
                        &p.rel_path,
                        &p.url,
                        &p.kind,
                        fingerprint,
                        page_tags,
                    ));
                    memo.records.get_or(&p.url, key, make)
                }
                _ => make(),
            }
        })
        .collect()
}

/// Calls `f(page, taxonomy key, term name)` for every tag of every page.
fn for_each_tag(site: &Site, mut f: impl FnMut(usize, &str, &str)) {
    for tax in &site.taxonomies {
        for term in &tax.terms {
            for &p in &term.pages {
                f(p, &tax.key, &term.name);
            }
            // A term that is a page (a municipality, a theme) is tagged with itself.
            if let Some(p) = term.page {
                f(p, &tax.key, &term.name);
            }
        }
    }
}

/// The search record of one page, as [`records`] makes it (None if it is not indexed).
pub fn record_of(site: &Site, i: usize) -> Option<Record> {
    if !site.is_published(i) || !is_indexed(site, i) {
        return None;
    }
    let mut tags: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for_each_tag(site, |p, key, name| {
        if p == i {
            tags.entry(key.to_string()).or_default().push(name.to_string());
        }
    });
    let expander = Expander::new(glossary_pairs(site), false);
    Some(record(site, i, &site.content.pages[i], tags, &expander))
}

fn record(
    site: &Site,
    i: usize,
    p: &Page,
    mut filters: BTreeMap<String, Vec<String>>,
    expander: &Expander,
) -> Record {
    let mut content = format!("{}\n{}\n", p.meta.title, p.meta.summary.as_deref().unwrap_or(""));
    for v in p.fields.values() {
        field_texts(&v.value, &mut content);
    }
    content.push_str(&html_to_text(&site.bodies[i].html));
    content.push_str(&expander.expand(&content));
    // Pagefind shows excerpts as HTML; text that looks like a tag must stay text in any client.
    if content.contains(['<', '>']) {
        content = content.replace('<', "&lt;").replace('>', "&gt;");
    }
    let label =
        p.kind.as_deref().map(|k| site.config.type_label(k).to_string()).unwrap_or_default();
    let mut meta = BTreeMap::from([("title".to_string(), p.meta.title.clone())]);
    if !label.is_empty() {
        meta.insert("type".into(), label.clone());
        filters.insert("type".into(), vec![label]);
    }
    if let Some(g) = filters.get("gemeente") {
        meta.insert("gemeente".into(), g.join(", "));
    }
    for v in filters.values_mut() {
        v.sort();
        v.dedup();
    }
    Record { url: p.url.clone(), content, meta, filters }
}

/// The text of rendered HTML: tags dropped (each leaves a space), entities for the common
/// characters decoded. One pass: this runs over every page's body.
pub fn html_to_text(html: &str) -> String {
    const ENTITIES: [(&str, char); 5] =
        [("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&#39;", '\''), ("&amp;", '&')];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            // A tag; one without its `>` drops the rest, as a browser would.
            let Some(end) = rest.find('>') else { return out };
            out.push(' ');
            rest = &rest[end + 1..];
        } else if let Some((name, c)) = ENTITIES.iter().find(|(name, _)| rest.starts_with(name)) {
            // `&amp;lt;` is the text `&lt;`: what a decoded entity yields is not decoded again.
            out.push(*c);
            rest = &rest[name.len()..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// How many records the site gives (published pages that are not drafts).
pub fn record_count(site: &Site) -> usize {
    site.published.iter().filter(|&&i| is_indexed(site, i)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_and_expansions_find_each_other() {
        let pairs = vec![
            ("ZRM".to_string(), "zelfredzaamheidsmatrix".to_string()),
            ("WMO".to_string(), "Wet maatschappelijke ondersteuning".to_string()),
            ("MO".to_string(), "maatschappelijke ondersteuning".to_string()),
        ];
        // The DFA for whole sites and the NFA for one page find the same.
        for many in [true, false] {
            let e = Expander::new(pairs.clone(), many);
            assert_eq!(e.expand("We gebruiken de ZRM."), "zelfredzaamheidsmatrix\n");
            assert_eq!(e.expand("De Zelfredzaamheidsmatrix meet"), "ZRM\n");
            assert_eq!(e.expand("ZRM (zelfredzaamheidsmatrix)"), "");
            assert_eq!(e.expand("ZRMs"), "");
            // Overlapping: the longer expansion holds the shorter one.
            assert_eq!(e.expand("de wet maatschappelijke ondersteuning"), "WMO\nMO\n");
        }
    }

    #[test]
    fn bundles_grow_with_the_site_up_to_a_limit() {
        let counts: Vec<usize> =
            [0, 158, 1250, 1251, 10_000, 1_000_000].into_iter().map(default_bundles).collect();
        assert_eq!(counts, [1, 1, 1, 2, 8, MAX_BUNDLES]);
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(html_to_text("<p>A &amp; <b>B</b></p>").trim(), "A &  B");
        assert_eq!(html_to_text("<p>&amp;lt;b&amp;gt;</p>").trim(), "&lt;b&gt;");
        assert_eq!(
            html_to_text("a &quot;b&quot; &#39;c&#39; &lt;d&gt; & &x; &"),
            "a \"b\" 'c' <d> & &x; &"
        );
        assert_eq!(html_to_text("<p>tekst</p><img alt=\"x\" src=\"a>b\">na"), " tekst  b\">na");
        assert_eq!(html_to_text("een <open"), "een ");
    }
}
