//! `kring init` (a new, working knowledge base from the skeleton built into the binary) and
//! `kring new` (a new page from its type's schema, every field explained in Dutch).

use crate::cli::{EXIT_CONTENT, EXIT_OK, EXIT_USAGE};
use crate::config::{Config, FieldKind, FieldSpec, load_config};
use crate::diagnostic::Lang;
use include_dir::{Dir, include_dir};
use std::fmt::Write as _;
use std::path::Path;

static SKELETON: Dir = include_dir!("$CARGO_MANIFEST_DIR/skeleton");
/// A new knowledge base starts with the demo's content types.
const CONFIG: &str = include_str!("../kring.toml");

/// Writes the skeleton knowledge base into `dir`, which must be empty or new.
pub fn init(dir: &Path, lang: Lang) -> i32 {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        eprintln!(
            "kring init: de map {} bestaat al en is niet leeg / the folder exists and is not empty",
            dir.display()
        );
        return EXIT_USAGE;
    }
    let written =
        write_dir(&SKELETON, dir).and_then(|()| std::fs::write(dir.join("kring.toml"), CONFIG));
    if let Err(e) = written {
        eprintln!("kring init: kan niet schrijven in {}: {e} / cannot write", dir.display());
        return EXIT_USAGE;
    }
    match lang {
        Lang::Nl => eprintln!(
            "Nieuwe kennisbank in {}. Bekijk hem met: kring --root {} serve",
            dir.display(),
            dir.display()
        ),
        Lang::En => eprintln!(
            "New knowledge base in {}. View it with: kring --root {} serve",
            dir.display(),
            dir.display()
        ),
    }
    EXIT_OK
}

fn write_dir(src: &Dir, dest: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dest)?;
    for entry in src.entries() {
        let target = dest.join(entry.path().file_name().unwrap_or_default());
        if let Some(sub) = entry.as_dir() {
            write_dir(sub, &target)?;
        } else if let Some(file) = entry.as_file() {
            std::fs::write(target, file.contents())?;
        }
    }
    Ok(())
}

/// Creates `content/<section>/<slug>.md` for a new page of type `kind`.
pub fn new_page(root: &Path, kind: &str, title: &str, forced: Option<Lang>) -> i32 {
    let config = match load_config(&root.join("kring.toml"), "kring.toml") {
        Ok(c) => c,
        Err(diags) => {
            crate::cli::print_diagnostics(&diags, forced.unwrap_or_default());
            return EXIT_CONTENT;
        }
    };
    let lang = forced.unwrap_or(config.lang());
    let Some(tdef) = config.types.get(kind) else {
        let known = config.types.keys().cloned().collect::<Vec<_>>().join(", ");
        match lang {
            Lang::Nl => eprintln!("kring new: onbekend type '{kind}'; bekende typen: {known}"),
            Lang::En => eprintln!("kring new: unknown type '{kind}'; known types: {known}"),
        }
        return EXIT_USAGE;
    };
    let slug = slug::slugify(title);
    if slug.is_empty() {
        eprintln!(
            "kring new: de titel moet letters of cijfers bevatten / the title needs letters or digits"
        );
        return EXIT_USAGE;
    }
    let folder = section_for(root, kind).unwrap_or_else(|| kind.to_string());
    let path = root.join("content").join(&folder).join(format!("{slug}.md"));
    if path.exists() {
        eprintln!("kring new: {} bestaat al / already exists", path.display());
        return EXIT_USAGE;
    }
    let text = archetype(&config, kind, title, tdef.archetype.as_deref());
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, text));
    if let Err(e) = written {
        eprintln!("kring new: kan {} niet schrijven: {e}", path.display());
        return EXIT_USAGE;
    }
    let shown = path.strip_prefix(root).unwrap_or(&path);
    println!(
        "{}",
        root.join(shown)
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect::<std::path::PathBuf>()
            .display()
    );
    EXIT_OK
}

/// The folder of the first section that declares `type = kind`.
fn section_for(root: &Path, kind: &str) -> Option<String> {
    let content = root.join("content");
    walkdir::WalkDir::new(&content).sort_by_file_name().into_iter().flatten().find_map(|e| {
        if e.file_name() != "_index.md" {
            return None;
        }
        let text = crate::content::frontmatter::normalise(&std::fs::read_to_string(e.path()).ok()?);
        let split = crate::content::frontmatter::split(&text, "").ok()?;
        let table: toml::Table = toml::from_str(split.front).ok()?;
        let dir =
            e.path().parent()?.strip_prefix(&content).ok()?.to_string_lossy().replace('\\', "/");
        (table.get("type").and_then(|t| t.as_str()) == Some(kind) && !dir.is_empty()).then_some(dir)
    })
}

/// The text of a new page: built-in keys, then every field with its explanation.
pub fn archetype(config: &Config, kind: &str, title: &str, body: Option<&str>) -> String {
    let tdef = &config.types[kind];
    let mut out = String::from("+++\n");
    let _ = writeln!(out, "title = {}", toml_string(title));
    out.push_str("# Eén of twee zinnen voor overzichten en zoekresultaten.\nsummary = \"\"\n");
    out.push_str("# Waar komen de feiten vandaan, en van welke datum zijn ze?\n# bron = \"\"\n# peildatum = 2026-01-01\n");
    out.push_str(
        "# Zet op true zolang de pagina nog niet gepubliceerd mag worden.\n# draft = true\n",
    );
    let mut tables = String::new();
    for (key, spec) in &tdef.fields {
        if spec.kind == FieldKind::Table {
            field_table(&mut tables, key, spec);
        } else {
            field_line(&mut out, key, spec, "");
        }
    }
    out.push_str(&tables);
    out.push_str("+++\n\n");
    out.push_str(body.unwrap_or("Schrijf hier de tekst van de pagina.\n"));
    out
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn describe(spec: &FieldSpec) -> String {
    let mut d = crate::content::schema::expected(spec).nl;
    if spec.allows_special()
        && !matches!(spec.kind, FieldKind::Table | FieldKind::List | FieldKind::Map)
    {
        d.push_str(", of \"onbekend\", \"n.v.t.\", \"varieert\", \"nog niet besloten\"");
    }
    if let Some(target) = &spec.target {
        let _ = write!(d, " (type {target})");
    }
    if let (FieldKind::Scale, Some(l), Some(r)) = (spec.kind, &spec.left, &spec.right) {
        let _ = write!(d, "; 1 = {l}, {} = {r}", spec.scale_steps());
    }
    d
}

fn field_line(out: &mut String, key: &str, spec: &FieldSpec, indent: &str) {
    let label = spec.label.as_deref().unwrap_or(key);
    let req = if spec.required { "verplicht" } else { "optioneel" };
    let _ = writeln!(out, "{indent}# {label} ({req}): {}", describe(spec));
    if let Some(help) = &spec.help {
        let _ = writeln!(out, "{indent}#   {help}");
    }
    let placeholder = match spec.kind {
        FieldKind::List => "[]",
        FieldKind::Scale => "{ positie = \"onbekend\", toelichting = \"\" }",
        FieldKind::Map => "{}",
        _ => "\"\"",
    };
    if spec.required {
        let _ = writeln!(out, "{indent}{key} = {placeholder}");
    } else {
        let _ = writeln!(out, "{indent}# {key} = {placeholder}");
    }
}

fn field_table(out: &mut String, key: &str, spec: &FieldSpec) {
    let label = spec.label.as_deref().unwrap_or(key);
    let _ = writeln!(
        out,
        "\n# {label}: haal het hekje (#) weg voor [{key}] en voor de regels die u invult."
    );
    let _ = writeln!(out, "# [{key}]");
    for (sub, sub_spec) in &spec.fields {
        let mut lines = String::new();
        field_line(&mut lines, sub, &FieldSpec { required: false, ..sub_spec.clone() }, "");
        out.push_str(&lines);
    }
}
