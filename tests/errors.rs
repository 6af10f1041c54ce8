//! Each invalid fixture gives the exact diagnostic, exit code 1, and leaves `public/` alone.

mod common;

use kring::diagnostic::Lang;

fn messages(name: &str) -> Vec<String> {
    let result = common::build(&common::fixture(&format!("invalid/{name}")));
    assert!(result.output.is_none(), "{name} should fail");
    result.diagnostics.iter().map(|d| d.render(Lang::Nl)).collect()
}

#[test]
fn bad_toml_points_at_the_line() {
    let m = messages("bad_toml");
    assert_eq!(m.len(), 1);
    assert!(m[0].starts_with("content/gemeenten/alfa.md:4:"), "{m:?}");
    assert!(m[0].contains("fout[toml]: ongeldige TOML"), "{m:?}");
}

#[test]
fn wrong_type_names_field_and_expected_type() {
    assert_eq!(
        messages("wrong_type"),
        [
            "content/gemeenten/alfa.md:3:12: fout[wrong-type]: 'inwoners' moet een geheel getal zijn\n  tip: schrijf het getal zonder aanhalingstekens, of gebruik \"onbekend\""
        ]
    );
}

#[test]
fn unknown_key_suggests_the_field() {
    assert_eq!(
        messages("unknown_key"),
        [
            "content/gemeenten/alfa.md:4:1: fout[unknown-key]: onbekende sleutel 'inwonres'\n  tip: bedoelt u 'inwoners'?"
        ]
    );
}

#[test]
fn missing_required_field_is_named() {
    assert_eq!(
        messages("missing_field"),
        [
            "content/gemeenten/alfa.md:2:1: fout[missing-field]: verplicht veld 'inwoners' ontbreekt\n  tip: voeg toe: inwoners = ... (een geheel getal)"
        ]
    );
}

#[test]
fn dangling_reference_suggests_a_page_of_the_right_type() {
    let m = messages("dangling_ref");
    assert_eq!(
        m,
        [
            "content/gemeenten/alfa.md:4:13: fout[dangling-ref]: 'methoden' verwijst naar methode: pagina 'zmr' bestaat niet"
        ]
    );
}

#[test]
fn duplicate_slug_names_both_files() {
    assert_eq!(
        messages("duplicate_slug"),
        [
            "content/gemeenten/alfa.md:1:1: fout[duplicate-url]: de URL /gemeenten/alfa/ wordt ook al gebruikt door content/gemeenten/alfa-twee.md\n  tip: geef een van beide pagina's een andere bestandsnaam of 'slug'"
        ]
    );
}

#[test]
fn unterminated_front_matter_is_reported() {
    assert_eq!(
        messages("unterminated"),
        [
            "content/gemeenten/alfa.md:1:1: fout[front-matter-unterminated]: de front matter wordt niet afgesloten met een regel '+++'\n  tip: zet na de laatste sleutel een regel met alleen '+++'"
        ]
    );
}

#[test]
fn broken_anchor_and_link_are_reported_with_suggestions() {
    let m = messages("broken_link");
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(
        m[0],
        "content/gemeenten/alfa.md:7:5: fout[broken-anchor]: kopje #kopp bestaat niet op gemeenten/alfa\n  tip: bedoelt u #kop?"
    );
    assert_eq!(
        m[1],
        "content/gemeenten/alfa.md:7:32: fout[broken-link]: link naar [[beta]]: pagina 'beta' bestaat niet"
    );
}

#[test]
fn english_messages_with_lang_en() {
    let dir = common::copy_fixture("invalid/wrong_type");
    let (code, _, err) = common::kring(dir.path(), &["--lang", "en", "check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "content/gemeenten/alfa.md:3:12: error[wrong-type]: 'inwoners' must be a whole number"
        ),
        "{err}"
    );
}

#[test]
fn failed_build_exits_1_and_leaves_public_untouched() {
    for name in [
        "bad_toml",
        "wrong_type",
        "unknown_key",
        "missing_field",
        "dangling_ref",
        "duplicate_slug",
        "unterminated",
        "broken_link",
    ] {
        let dir = common::copy_fixture(&format!("invalid/{name}"));
        let public = dir.path().join("public");
        std::fs::create_dir_all(&public).unwrap();
        std::fs::write(public.join("index.html"), "vorige versie").unwrap();
        let (code, _, err) = common::kring(dir.path(), &["build"]);
        assert_eq!(code, 1, "{name}: {err}");
        assert_eq!(
            std::fs::read_to_string(public.join("index.html")).unwrap(),
            "vorige versie",
            "{name}"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".kring-"))
            .collect();
        assert!(leftovers.is_empty(), "{name}: {leftovers:?}");
    }
}
