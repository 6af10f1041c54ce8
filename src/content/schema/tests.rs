use super::*;
use crate::config::parse_config;

const CONFIG: &str = r#"
title = "t"
[types.gemeente.fields]
inwoners = { type = "integer", min = 0, required = true }
teams = { type = "integer" }
start = { type = "year" }
bereik = { type = "range" }
model = { type = "enum", values = ["compact", "netwerk"] }
code = { type = "text", pattern = "^GM[0-9]{4}$", special = false }
methoden = { type = "list", item = { type = "ref", target = "gemeente" } }
zrm = { type = "map", keys = ["financien", "huisvesting"], value = { type = "integer", min = 1, max = 5 } }
[types.gemeente.fields.spectrum]
type = "table"
[types.gemeente.fields.spectrum.fields]
professional = { type = "scale", left = "generalistisch", right = "specialistisch" }
"#;

fn check(front: &str) -> (IndexMap<String, FieldValue>, Vec<String>) {
    let config = parse_config(CONFIG, "kring.toml").unwrap();
    let fields = &config.types["gemeente"].fields;
    let table = DeTable::parse(front).unwrap().into_inner();
    let mut ck = Checker::new("content/g.md", front, 2);
    let values = check_fields(&mut ck, fields, "", &table, 0..0);
    let msgs = ck.diags.iter().map(|d| d.render(crate::diagnostic::Lang::Nl)).collect();
    (values, msgs)
}

#[test]
fn accepts_valid_values_of_every_kind() {
    let (v, msgs) = check(
        "inwoners = 155000\nteams = { waarde = 8, peildatum = 2015-01-01, bron = \"rapport\" }\nstart = 2013\nbereik = \"6000-10000\"\nmodel = \"compact\"\ncode = \"GM0392\"\nmethoden = [\"haarlem\"]\nzrm = { financien = 2 }\n[spectrum.professional]\npositie = 1\ntoelichting = \"alleen generalisten\"\n",
    );
    assert!(msgs.is_empty(), "{msgs:?}");
    assert_eq!(v["inwoners"].value, Value::Integer(155000));
    assert_eq!(v["teams"].value, Value::Integer(8));
    assert_eq!(v["teams"].peildatum.as_deref(), Some("2015-01-01"));
    assert_eq!(v["bereik"].value, Value::Range { min: 6000.0, max: 10000.0 });
    let Value::Table(spectrum) = &v["spectrum"].value else { panic!() };
    assert_eq!(spectrum["professional"].value, Value::Scale(1));
    assert_eq!(spectrum["professional"].toelichting.as_deref(), Some("alleen generalisten"));
}

#[test]
fn special_values_stay_distinct_from_zero() {
    let (v, msgs) = check(
        "inwoners = \"onbekend\"\nteams = \"nog niet besloten\"\n[spectrum.professional]\npositie = \"varieert\"\n",
    );
    assert!(msgs.is_empty(), "{msgs:?}");
    assert_eq!(v["inwoners"].value, Value::Special("onbekend".into()));
    assert_eq!(v["teams"].value, Value::Special("nog niet besloten".into()));
    assert_eq!(v["inwoners"].as_f64(), None);
}

#[test]
fn wrong_type_points_at_the_value() {
    let (_, msgs) = check("inwoners = \"veel\"\n");
    assert_eq!(
        msgs,
        vec![
            "content/g.md:2:12: fout[wrong-type]: 'inwoners' moet een geheel getal zijn\n  tip: schrijf het getal zonder aanhalingstekens, of gebruik \"onbekend\""
        ]
    );
}

#[test]
fn unknown_key_suggests_the_closest_field() {
    let (_, msgs) = check("inwoners = 1\ninwonres = 2\n");
    assert_eq!(
        msgs,
        vec![
            "content/g.md:3:1: fout[unknown-key]: onbekende sleutel 'inwonres'\n  tip: bedoelt u 'inwoners'?"
        ]
    );
}

#[test]
fn missing_required_field_is_reported() {
    let (_, msgs) = check("teams = 2\n");
    assert!(msgs[0].contains("verplicht veld 'inwoners' ontbreekt"), "{msgs:?}");
}

#[test]
fn bounds_enums_patterns_and_scales_are_checked() {
    let (_, msgs) = check(
        "inwoners = -1\nmodel = \"compakt\"\ncode = \"0392\"\nzrm = { financien = 9, wonen = 1 }\n[spectrum.professional]\npositie = 7\n",
    );
    let all = msgs.join("\n");
    assert!(all.contains("'inwoners' moet minstens 0 zijn"), "{all}");
    assert!(all.contains("bedoelt u \"compact\"?"), "{all}");
    assert!(all.contains("'code' heeft niet de juiste vorm"), "{all}");
    assert!(all.contains("'zrm.financien' moet hoogstens 5 zijn"), "{all}");
    assert!(all.contains("onbekende sleutel 'wonen' in 'zrm'"), "{all}");
    assert!(all.contains("'spectrum.professional' moet hoogstens 5 zijn"), "{all}");
}

#[test]
fn special_value_refused_where_schema_forbids_it() {
    let (_, msgs) = check("inwoners = 1\ncode = \"onbekend\"\n");
    assert!(msgs[0].contains("'code' mag niet \"onbekend\" zijn"), "{msgs:?}");
}

#[test]
fn ranges_accept_several_spellings() {
    assert_eq!(parse_range("6.000 – 10.000"), Some((6000.0, 10000.0)));
    assert_eq!(parse_range("2000-5000"), Some((2000.0, 5000.0)));
    assert_eq!(parse_range("veel"), None);
    assert_eq!(parse_range("1.5-2.5"), Some((1.5, 2.5)));
    assert_eq!(parse_range("3,5 - 4,25"), Some((3.5, 4.25)));
}

#[test]
fn dates_are_validated() {
    assert!(is_valid_date("2024-02-29"));
    assert!(!is_valid_date("2023-02-29"));
    assert!(!is_valid_date("2014-13-01"));
    assert!(!is_valid_date("2026-1-5"));
}

#[test]
fn provenance_without_a_value_asks_for_waarde() {
    let (_, msgs) = check("inwoners = { peildatum = 2015-01-01 }\n");
    assert!(msgs[0].contains("'inwoners' mist 'waarde'"), "{msgs:?}");
}

#[test]
fn special_false_on_a_list_holds_for_its_items() {
    let config = parse_config(
        "title = \"t\"\n[types.a.fields]\nl = { type = \"list\", special = false, item = { type = \"text\" } }\n",
        "kring.toml",
    )
    .unwrap();
    let table = DeTable::parse("l = [\"onbekend\"]\n").unwrap().into_inner();
    let mut ck = Checker::new("x.md", "l = [\"onbekend\"]\n", 2);
    check_fields(&mut ck, &config.types["a"].fields, "", &table, 0..0);
    assert_eq!(ck.diags.len(), 1);
    assert!(ck.diags[0].message.nl.contains("mag niet \"onbekend\" zijn"));
}
