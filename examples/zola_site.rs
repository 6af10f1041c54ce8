//! Turns a kring knowledge base into a Zola site, for `bench/compare.sh`.
//! Usage: `cargo run --release --example zola_site -- KB_DIR SITE_DIR`
//!
//! Zola rejects front matter keys it does not know, so each file keeps `title` (and a page's
//! `date`), the grouping fields that `bench/hugo/` also uses become `[taxonomies]`, and every
//! other field moves under `[extra]`. The Markdown body is copied unchanged; `bench/zola/`
//! (configuration and templates) is copied beside it.

use kring::content::frontmatter;
use std::fs;
use std::path::Path;
use toml::{Table, Value};

/// The front matter fields that `bench/hugo/hugo.toml` groups pages by.
const TAXONOMIES: [&str; 4] = ["themas", "doelgroepen", "methoden", "gemeente"];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kb, site] = args.as_slice() else {
        eprintln!("usage: zola_site KB_DIR SITE_DIR");
        std::process::exit(2);
    };
    if let Err(e) = convert_site(Path::new(kb), Path::new(site)) {
        eprintln!("zola_site: {e}");
        std::process::exit(1);
    }
}

fn convert_site(kb: &Path, site: &Path) -> Result<(), String> {
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/zola");
    let _ = fs::remove_dir_all(site);
    copy_dir(&template, site).map_err(|e| format!("{}: {e}", template.display()))?;
    let content = kb.join("content");
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let rel = path.strip_prefix(&content).map_err(|e| e.to_string())?;
        let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let section = rel.file_name().is_some_and(|n| n == "_index.md");
        let out = convert_file(&text, section).map_err(|e| format!("{}: {e}", rel.display()))?;
        let dst = site.join("content").join(rel);
        if let Some(parent) = dst.parent() {
            fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        fs::write(&dst, out).map_err(|e| format!("{}: {e}", dst.display()))?;
    }
    Ok(())
}

/// One Markdown file with Zola's front matter instead of kring's (split as kring splits it).
fn convert_file(text: &str, section: bool) -> Result<String, String> {
    let text = frontmatter::normalise(text);
    let split = frontmatter::split(&text, "")
        .map_err(|d| d.message.get(kring::diagnostic::Lang::En).to_string())?;
    let fields: Table = split.front.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let zola = toml::to_string(&zola_front_matter(fields, section)).map_err(|e| e.to_string())?;
    Ok(format!("+++\n{zola}+++\n{}", split.body))
}

/// The front matter Zola accepts for one page (or, with `section`, one `_index.md`).
fn zola_front_matter(fields: Table, section: bool) -> Table {
    let (mut out, mut taxonomies, mut extra) = (Table::new(), Table::new(), Table::new());
    for (key, value) in fields {
        let is_date = matches!(value, Value::Datetime(_));
        if key == "title" || (key == "date" && is_date && !section) {
            out.insert(key, value);
        } else if !section && TAXONOMIES.contains(&key.as_str()) && terms(&value).is_some() {
            taxonomies.insert(key, Value::Array(terms(&value).unwrap_or_default()));
        } else {
            extra.insert(key, value);
        }
    }
    if !taxonomies.is_empty() {
        out.insert("taxonomies".into(), Value::Table(taxonomies));
    }
    if !extra.is_empty() {
        out.insert("extra".into(), Value::Table(extra));
    }
    out
}

/// A term or a list of terms as a Zola taxonomy takes them (a list of tables, such as a
/// factsheet's `methoden`, is not one).
fn terms(value: &Value) -> Option<Vec<Value>> {
    match value {
        Value::String(_) => Some(vec![value.clone()]),
        Value::Array(items) if items.iter().all(Value::is_str) => Some(items.clone()),
        _ => None,
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The front matter of a converted file, and its body.
    fn split(out: &str) -> (Table, &str) {
        let (front, body) = out.strip_prefix("+++\n").unwrap().split_once("+++").unwrap();
        (front.parse().unwrap(), body)
    }

    #[test]
    fn fields_move_to_where_zola_takes_them() {
        let page = "+++\ntitle = \"T\"\ndate = 2020-01-02\ngemeente = \"g-1\"\nthemas = [\"a\"]\n\
                    methoden = [{ methode = \"m\" }]\njaar = 2013\n+++\n\nBody +++ text\n";
        let out = convert_file(page, false).unwrap();
        let (t, body) = split(&out);
        assert_eq!(body, "\n\nBody +++ text\n");
        assert_eq!(t["title"].as_str(), Some("T"));
        assert!(matches!(t["date"], Value::Datetime(_)));
        assert_eq!(t["taxonomies"]["gemeente"], Value::Array(vec!["g-1".into()]));
        assert_eq!(t["taxonomies"]["themas"], Value::Array(vec!["a".into()]));
        assert!(t["extra"]["methoden"].is_array(), "a list of tables is no taxonomy");
        assert_eq!(t["extra"]["jaar"].as_integer(), Some(2013));
        assert_eq!(t.len(), 4);
    }

    #[test]
    fn a_section_keeps_only_its_title() {
        let out = convert_file("+++\ntitle = \"S\"\nthemas = [\"a\"]\n+++\n", true).unwrap();
        let (t, _) = split(&out);
        assert_eq!(t["title"].as_str(), Some("S"));
        assert_eq!(t["extra"]["themas"], Value::Array(vec!["a".into()]));
        assert!(!t.contains_key("taxonomies"));
    }
}
