//! Glossary: recognises abbreviations from the glossary pages in body text and marks their first
//! occurrence on a page as `<abbr>` linked to the entry. One automaton matches all of them at once.

use crate::config::Config;
use crate::content::{Content, Value};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use pulldown_cmark::Event;
use pulldown_cmark_escape::{escape_href, escape_html};

/// One abbreviation and where it is explained.
#[derive(Debug, Clone)]
struct Entry {
    abbr: String,
    expansion: String,
    url: String,
    page: usize,
}

/// All abbreviations of the glossary.
#[derive(Debug, Default)]
pub struct Glossary {
    entries: Vec<Entry>,
    matcher: Option<AhoCorasick>,
}

fn text_field(content: &Content, page: usize, key: &str) -> Option<String> {
    match &content.pages[page].fields.get(key)?.value {
        Value::Text(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

impl Glossary {
    /// Collects the abbreviations of the published glossary pages.
    pub fn new(config: &Config, content: &Content, published: &[usize]) -> Glossary {
        let Some(def) = &config.glossary else { return Glossary::default() };
        let mut entries: Vec<Entry> = published
            .iter()
            .filter(|&&i| content.pages[i].kind.as_deref() == Some(def.kind.as_str()))
            .filter_map(|&i| {
                let abbr = text_field(content, i, &def.abbreviation)?;
                let expansion = text_field(content, i, &def.expansion)
                    .unwrap_or_else(|| content.pages[i].meta.title.clone());
                Some(Entry { abbr, expansion, url: content.pages[i].url.clone(), page: i })
            })
            .collect();
        entries.sort_by(|a, b| a.abbr.cmp(&b.abbr));
        entries.dedup_by(|a, b| a.abbr == b.abbr);
        // A full DFA: every text of every page is searched, and Aho-Corasick's default choice
        // for a few hundred abbreviations (an NFA) took 7 % of a build's instructions.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(entries.iter().map(|e| e.abbr.as_str()))
            .ok();
        Glossary { entries, matcher }
    }

    /// A hash of all entries, for caches.
    pub fn fingerprint(&self) -> u64 {
        crate::cache::hash_of(
            &self
                .entries
                .iter()
                .map(|e| (&e.abbr, &e.expansion, &e.url, e.page))
                .collect::<Vec<_>>(),
        )
    }

    /// Splits `text` into text and `<abbr>` events for abbreviations not yet in `used`.
    /// `self_page` is the page being rendered: its own abbreviation is left alone.
    pub fn annotate<'a>(
        &self,
        text: &str,
        used: &mut Vec<bool>,
        self_page: Option<usize>,
    ) -> Option<Vec<Event<'a>>> {
        let matcher = self.matcher.as_ref()?;
        used.resize(self.entries.len(), false);
        let mut out = Vec::new();
        let mut last = 0;
        for m in matcher.find_iter(text) {
            let idx = m.pattern().as_usize();
            let entry = &self.entries[idx];
            if used[idx] || Some(entry.page) == self_page || !is_word(text, m.start(), m.end()) {
                continue;
            }
            used[idx] = true;
            out.push(Event::Text(text[last..m.start()].to_string().into()));
            out.push(Event::Html(abbr_html(entry).into()));
            last = m.end();
        }
        if out.is_empty() {
            return None;
        }
        out.push(Event::Text(text[last..].to_string().into()));
        Some(out)
    }
}

/// True if the match is a whole word: no letter or digit right before or after it.
fn is_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    let after = text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    before && after
}

fn abbr_html(e: &Entry) -> String {
    let (mut href, mut title, mut abbr) = (String::new(), String::new(), String::new());
    let _ = escape_href(&mut href, &e.url);
    let _ = escape_html(&mut title, &e.expansion);
    let _ = escape_html(&mut abbr, &e.abbr);
    format!("<a class=\"begrip\" href=\"{href}\"><abbr title=\"{title}\">{abbr}</abbr></a>")
}

#[cfg(test)]
mod tests {
    use super::is_word;

    #[test]
    fn only_whole_words_match() {
        assert!(is_word("de ZRM.", 3, 6));
        assert!(!is_word("ZRMs", 0, 3));
        assert!(is_word("Wmo-consulent", 0, 3));
        assert!(!is_word("AWmo", 1, 4));
    }
}
