//! Runs the detectors over every file, applies the severity policy and the editors' accepted
//! exceptions, masks the excerpts and checks the declarations of case stories.

use super::{Category, Hit, PrivacyFinding, detect};
use crate::config::Config;
use crate::content::{Content, Page, Value};
use crate::diagnostic::{LineIndex, Severity};
use rayon::prelude::*;

/// Scan results per file, for rebuilds in `kring serve`.
pub type PrivacyMemo = crate::cache::Memo<Vec<PrivacyFinding>>;

/// Scans all pages (drafts too) and sections; with a memo (and the configuration's hash),
/// unchanged files are not scanned again.
pub fn scan_content(
    config: &Config,
    content: &Content,
    memo: Option<(&PrivacyMemo, u64)>,
) -> Vec<PrivacyFinding> {
    let settings = crate::cache::hash_of(&(
        &config.privacy.strict_types,
        &config.privacy.forbidden_names,
        format!("{:?}", config.privacy.declaration),
        // A page's fields are made from its text and the configuration alone.
        memo.map(|(_, config_hash)| config_hash),
    ));
    // The key is only worked out with a memo: hashing every file is a cost a one-off build
    // need not pay.
    let cached =
        |name: &str, key: &dyn Fn() -> u64, compute: &dyn Fn() -> Vec<PrivacyFinding>| match memo {
            Some((m, _)) => m.get_or(name, crate::cache::hash_of(&(key(), settings)), compute),
            None => compute(),
        };
    let pages = content.pages.par_iter().flat_map_iter(|p| {
        let key = || {
            crate::cache::hash_of(&(
                p.text_key(),
                is_strict(config, p),
                p.meta.draft,
                &p.meta.privacy_exceptions,
                &p.kind,
            ))
        };
        cached(&p.display_path, &key, &|| scan_page(config, p))
    });
    let sections = content.sections.par_iter().flat_map_iter(|s| {
        let key = || {
            crate::cache::hash_of(&(&s.raw, s.body_start, s.meta.draft, &s.meta.privacy_exceptions))
        };
        cached(&s.display_path, &key, &|| {
            let file = File {
                path: &s.display_path,
                raw: &s.raw,
                body_start: s.body_start,
                strict: false,
                draft: s.meta.draft,
                exceptions: &s.meta.privacy_exceptions,
            };
            scan_file(config, &file)
        })
    });
    let mut all: Vec<PrivacyFinding> = pages.chain(sections).collect();
    all.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    all
}

fn is_strict(config: &Config, p: &Page) -> bool {
    p.kind.as_deref().is_some_and(|k| config.privacy.strict_types.iter().any(|s| s == k))
}

/// Every finding in one page, accepted ones included.
pub fn scan_page(config: &Config, p: &Page) -> Vec<PrivacyFinding> {
    let file = File {
        path: &p.display_path,
        raw: &p.raw,
        body_start: p.body_start,
        strict: is_strict(config, p),
        draft: p.meta.draft,
        exceptions: &p.meta.privacy_exceptions,
    };
    let mut found = scan_file(config, &file);
    found.extend(declaration(config, p));
    found
}

struct File<'a> {
    path: &'a str,
    raw: &'a str,
    body_start: usize,
    strict: bool,
    draft: bool,
    exceptions: &'a [(String, String)],
}

fn severity(category: Category, strict: bool, draft: bool) -> Severity {
    let base = if category.always_warning() {
        Severity::Warning
    } else if strict || category.always_error() {
        Severity::Error
    } else {
        Severity::Warning
    };
    // Drafts are never published: warn, so the editor fixes it before publishing.
    if draft { Severity::Warning } else { base }
}

fn scan_file(config: &Config, f: &File) -> Vec<PrivacyFinding> {
    let hits = detect(f.raw, &config.privacy.forbidden_names);
    if hits.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(f.raw);
    hits.into_iter()
        .filter(|h| !structured_front_matter(f, h))
        // Dates and ages only matter in stories about residents; a factsheet's dates are facts.
        .filter(|h| f.strict || !matches!(h.category, Category::ExactDate | Category::ExactAge))
        .map(|h| {
            let (line, col) = index.position(f.raw, h.start);
            let matched = &f.raw[h.start..h.end];
            let accepted = inline_acceptance(f.raw, h.start).or_else(|| {
                f.exceptions
                    .iter()
                    .find(|(tekst, _)| tekst.contains(matched) || matched.contains(tekst.as_str()))
                    .map(|(_, r)| r.clone())
            });
            PrivacyFinding {
                path: f.path.to_string(),
                line,
                col,
                category: h.category,
                severity: severity(h.category, f.strict, f.draft),
                excerpt: excerpt(f.raw, &h),
                suggestion: h.category.suggestion(),
                accepted,
            }
        })
        .collect()
}

/// Dates written as TOML dates in the front matter (`peildatum = 2014-04-01`) are data, not text.
fn structured_front_matter(f: &File, h: &Hit) -> bool {
    if h.start >= f.body_start || !matches!(h.category, Category::ExactDate) {
        return false;
    }
    let line_start = f.raw[..h.start].rfind('\n').map_or(0, |i| i + 1);
    !f.raw[line_start..h.start].contains(['"', '\''])
}

/// The reason of a `<!-- privacy-ok: reden -->` marker on the same line, if any.
fn inline_acceptance(raw: &str, at: usize) -> Option<String> {
    let start = raw[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = raw[at..].find('\n').map_or(raw.len(), |i| at + i);
    let line = &raw[start..end];
    let i = line.find("<!-- privacy-ok")?;
    let rest = &line[i + "<!-- privacy-ok".len()..];
    let reason = rest.split("-->").next().unwrap_or("").trim_start_matches(':').trim();
    Some(if reason.is_empty() { "(geen reden opgegeven)".to_string() } else { reason.to_string() })
}

/// Masks a match for the report: identifiers keep only a few characters, names and addresses
/// their initials; digits around the match are hidden too.
pub(super) fn excerpt(raw: &str, h: &Hit) -> String {
    let matched = &raw[h.start..h.end];
    let masked: String = match h.category {
        Category::Bsn
        | Category::Iban
        | Category::PhoneMobile
        | Category::PhoneLandline
        | Category::BirthDate => {
            let keep = if h.category == Category::Iban { 2 } else { 0 };
            let digits_total = matched.chars().filter(char::is_ascii_alphanumeric).count();
            let mut seen = 0;
            matched
                .chars()
                .map(|c| {
                    if !c.is_ascii_alphanumeric() {
                        return c;
                    }
                    seen += 1;
                    if seen <= keep || seen > digits_total.saturating_sub(2) { c } else { '•' }
                })
                .collect()
        }
        Category::Email | Category::EmailOrganisation => {
            let (local, domain) = matched.split_once('@').unwrap_or((matched, ""));
            format!("{}•••@{domain}", local.chars().next().unwrap_or('•'))
        }
        _ => matched
            .split(' ')
            .map(|w| {
                w.chars()
                    .enumerate()
                    .map(|(i, c)| if i == 0 || !c.is_alphanumeric() { c } else { '•' })
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join(" "),
    };
    let ctx = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii_digit() { '•' } else { c })
            .collect::<String>()
            .replace('\n', " ")
    };
    // Context from the same line only, at most 20 characters each side.
    let line_before = raw[..h.start].rsplit('\n').next().unwrap_or("");
    let line_after = raw[h.end..].split('\n').next().unwrap_or("");
    let n_before = line_before.chars().count();
    let before: String = line_before.chars().skip(n_before.saturating_sub(20)).collect();
    let after: String = line_after.chars().take(20).collect();
    let (open, close) = (
        if n_before > 20 { "…" } else { "" },
        if line_after.chars().count() > 20 { "…" } else { "" },
    );
    format!("{open}{}[{masked}]{}{close}", ctx(&before), ctx(&after))
}

/// A case story must say it is fictional or has consent, who anonymised it and when.
fn declaration(config: &Config, p: &crate::content::Page) -> Option<PrivacyFinding> {
    let d = &config.privacy.declaration;
    if p.kind.as_deref() != Some(d.kind.as_str()) {
        return None;
    }
    let yes = |k: &str| matches!(p.fields.get(k).map(|v| &v.value), Some(Value::Boolean(true)));
    let filled = |k: &str| match p.fields.get(k).map(|v| &v.value) {
        Some(Value::Text(s)) => !s.trim().is_empty(),
        Some(Value::Date(_)) => true,
        _ => false,
    };
    let mut missing = Vec::new();
    if !yes(&d.fictional) && !yes(&d.consent) {
        missing.push(format!("{} = true of {} = true", d.fictional, d.consent));
    }
    for k in [&d.anonymised_by, &d.checked_on] {
        if !filled(k) {
            missing.push(k.clone());
        }
    }
    if missing.is_empty() {
        return None;
    }
    Some(PrivacyFinding {
        path: p.display_path.clone(),
        line: 1,
        col: 1,
        category: Category::Declaration,
        severity: if p.meta.draft { Severity::Warning } else { Severity::Error },
        excerpt: format!("ontbreekt: {}", missing.join(", ")),
        suggestion: Category::Declaration.suggestion(),
        accepted: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_never_show_a_full_bsn_or_iban() {
        let raw = "Haar BSN is 111222333 en rekening NL91ABNA0417164300.";
        let hits = detect(raw, &[]);
        let ex: Vec<String> = hits.iter().map(|h| excerpt(raw, h)).collect();
        assert_eq!(ex[0], "Haar BSN is [•••••••33] en rekening NL••ABN…");
        assert!(ex[1].contains("[NL••••••••••••••00]"), "{}", ex[1]);
        assert!(ex.iter().all(|e| !e.contains("111222333") && !e.contains("0417164300")));
    }

    #[test]
    fn inline_marker_accepts_a_finding_with_its_reason() {
        let raw = "Bel 020-1234567 <!-- privacy-ok: algemeen nummer van de GGD -->\n";
        assert_eq!(inline_acceptance(raw, 4).as_deref(), Some("algemeen nummer van de GGD"));
        assert_eq!(inline_acceptance("Bel 020-1234567\n", 4), None);
    }

    #[test]
    fn severity_policy() {
        assert_eq!(severity(Category::Name, true, false), Severity::Error);
        assert_eq!(severity(Category::Name, false, false), Severity::Warning);
        assert_eq!(severity(Category::Bsn, false, false), Severity::Error);
        assert_eq!(severity(Category::ExactDate, true, false), Severity::Warning);
        assert_eq!(severity(Category::Bsn, true, true), Severity::Warning);
    }
}
