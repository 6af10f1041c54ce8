//! The privacy guard: a labelled set of snippets for precision and recall, and the guard at work
//! in a build (errors stop it, warnings do not, accepted findings are listed, drafts warn).

mod common;

use kring::privacy::{Category, detect};
use std::collections::BTreeMap;

fn expected(label: &str) -> &'static [Category] {
    match label {
        "bsn" => &[Category::Bsn],
        "iban" => &[Category::Iban],
        "e-mail" => &[Category::Email, Category::EmailOrganisation],
        "telefoon" => &[Category::PhoneMobile, Category::PhoneLandline],
        "postcode" => &[Category::Postcode],
        "adres" => &[Category::Address],
        "naam" => &[Category::Name],
        "geboortedatum" => &[Category::BirthDate],
        _ => &[],
    }
}

#[test]
fn labelled_snippets_precision_and_recall() {
    let set = std::fs::read_to_string(common::fixture("../privacy/labelled.tsv")).unwrap();
    let mut per_label: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut true_pos, mut false_pos, mut clean_hits) = (0, 0, Vec::new());
    for line in set.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let (label, text) = line.split_once('\t').unwrap();
        let hits = detect(text, &[]);
        if label == "schoon" {
            if !hits.is_empty() {
                false_pos += hits.len();
                clean_hits.push(format!(
                    "{text} -> {:?}",
                    hits.iter().map(|h| h.category).collect::<Vec<_>>()
                ));
            }
            per_label.entry(label).or_default().0 += 1;
            continue;
        }
        let want = expected(label);
        let found = hits.iter().any(|h| want.contains(&h.category));
        let entry = per_label.entry(label).or_default();
        entry.0 += 1;
        if found {
            entry.1 += 1;
            true_pos += 1;
        }
        false_pos += hits.iter().filter(|h| !want.contains(&h.category)).count();
    }
    eprintln!(
        "privacy scanner on {} labelled snippets:",
        per_label.values().map(|v| v.0).sum::<usize>()
    );
    for (label, (total, caught)) in &per_label {
        if *label != "schoon" {
            eprintln!("  {label:<14} recall {caught}/{total}");
        }
    }
    let clean = per_label["schoon"].0;
    eprintln!("  clean texts    {} of {clean} with a finding: {clean_hits:?}", clean_hits.len());
    let precision = true_pos as f64 / (true_pos + false_pos) as f64;
    eprintln!("  precision {precision:.3} ({true_pos} true, {false_pos} false positives)");
    for label in ["bsn", "iban", "e-mail", "telefoon", "postcode"] {
        let (total, caught) = per_label[label];
        assert_eq!(caught, total, "every {label} must be caught");
    }
    for label in ["adres", "naam", "geboortedatum"] {
        let (total, caught) = per_label[label];
        assert!(caught * 10 >= total * 9, "{label}: {caught}/{total}");
    }
    assert!(
        clean_hits.len() * 100 <= clean * 5,
        "clean texts nearly free of findings: {clean_hits:?}"
    );
}

fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = common::copy_fixture("minimal");
    let config = std::fs::read_to_string(dir.path().join("kring.toml")).unwrap()
        + "\n[types.casus]\nlabel = \"Casus\"\n[types.casus.fields]\nfictief = { type = \"boolean\" }\ngeanonimiseerd_door = { type = \"text\" }\ngecontroleerd_op = { type = \"date\" }\n\n[privacy]\nforbidden_names = [\"Zwartbol\"]\n";
    std::fs::write(dir.path().join("kring.toml"), config).unwrap();
    std::fs::create_dir_all(dir.path().join("content/casussen")).unwrap();
    std::fs::write(
        dir.path().join("content/casussen/_index.md"),
        "+++\ntitle = \"Casussen\"\ntype = \"casus\"\n+++\n",
    )
    .unwrap();
    for (path, text) in files {
        std::fs::write(dir.path().join("content").join(path), text).unwrap();
    }
    dir
}

const DECLARED: &str =
    "fictief = true\ngeanonimiseerd_door = \"redacteur\"\ngecontroleerd_op = 2026-11-01\n";

#[test]
fn a_bsn_in_a_case_story_stops_the_build_with_a_masked_message() {
    let dir = site(&[(
        "casussen/a.md",
        &format!("+++\ntitle = \"A\"\n{DECLARED}+++\nHaar BSN is 111222333.\n"),
    )]);
    let (code, _, err) = common::kring(dir.path(), &["build"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("content/casussen/a.md:7:13: fout[privacy-bsn]: mogelijk BSN: «Haar BSN is [•••••••33].»"), "{err}");
    assert!(!err.contains("111222333"));
    assert!(!dir.path().join("public").exists());
}

#[test]
fn in_other_types_only_identifiers_are_errors() {
    let page = "+++\ntitle = \"Eerste verslag\"\ndatum = 2024-03-01\n+++\nHet team zit aan de Kerkstraat 12, bel 023-5123456.\n";
    let dir = site(&[("verslagen/eerste.md", page)]);
    let (code, _, err) = common::kring(dir.path(), &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("waarschuwing[privacy-adres]"), "{err}");
    assert!(err.contains("waarschuwing[privacy-telefoon-vast]"), "{err}");
    let bad = "+++\ntitle = \"Eerste verslag\"\ndatum = 2024-03-01\n+++\nMail s.jansen@gmail.com of bel 06-12345678.\n";
    let dir = site(&[("verslagen/eerste.md", bad)]);
    let (code, _, err) = common::kring(dir.path(), &["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("fout[privacy-e-mail]") && err.contains("fout[privacy-telefoon-mobiel]"),
        "{err}"
    );
}

#[test]
fn accepted_findings_pass_but_are_listed_for_the_reviewer() {
    let page = "+++\ntitle = \"Eerste verslag\"\ndatum = 2024-03-01\nprivacy_uitzondering = [{ tekst = \"06-12345678\", reden = \"nummer van het wijkteam\" }]\n+++\nBel 06-12345678.\nOf 06-87654321 <!-- privacy-ok: dienstnummer -->\n";
    let dir = site(&[("verslagen/eerste.md", page)]);
    let (code, _, err) = common::kring(dir.path(), &["build"]);
    assert_eq!(code, 0, "{err}");
    let html =
        std::fs::read_to_string(dir.path().join("public/verslagen/eerste/index.html")).unwrap();
    assert!(!html.contains("privacy-ok"), "markers are not published");
    let (code, out, _) = common::kring(dir.path(), &["check", "--privacy", "--format", "json"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["accepted"], 3, "{doc}"); // the exception's own text, the line, the marked line
    let reasons: Vec<&str> =
        doc["findings"].as_array().unwrap().iter().filter_map(|f| f["accepted"].as_str()).collect();
    assert!(
        reasons.contains(&"dienstnummer") && reasons.contains(&"nummer van het wijkteam"),
        "{reasons:?}"
    );
}

#[test]
fn case_story_must_declare_fiction_or_consent() {
    let dir =
        site(&[("casussen/a.md", "+++\ntitle = \"A\"\nfictief = false\n+++\nEen verhaal.\n")]);
    let (code, _, err) = common::kring(dir.path(), &["check"]);
    assert_eq!(code, 1);
    assert!(err.contains("content/casussen/a.md:1:1: fout[privacy-verklaring]: mogelijk verklaring van de casus: «ontbreekt: fictief = true of toestemming = true, geanonimiseerd_door, gecontroleerd_op»"), "{err}");
}

#[test]
fn drafts_are_scanned_but_only_warn_and_forbidden_names_are_caught() {
    let draft = format!(
        "+++\ntitle = \"A\"\ndraft = true\n{DECLARED}+++\nDe familie Zwartbol woont aan de Dorpsweg 4.\n"
    );
    let dir = site(&[("casussen/a.md", &draft)]);
    let (code, _, err) = common::kring(dir.path(), &["check", "--privacy"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("waarschuwing[privacy-verboden-naam]")
            && err.contains("waarschuwing[privacy-adres]"),
        "{err}"
    );
}

#[test]
fn the_demo_case_stories_have_no_findings_and_no_exceptions() {
    let (code, out, err) = common::kring(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &["check", "--privacy", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0, "{doc}");
}
