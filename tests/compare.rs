//! Comparison matrices, charts, open data and the learning network, on the `compare` fixture.

mod common;

use kring::output::OutputSet;

fn site() -> OutputSet {
    let result = common::build(&common::fixture("compare"));
    assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
    result.output.expect("builds")
}

fn svgs(html: &str) -> Vec<&str> {
    html.match_indices("<svg")
        .map(|(i, _)| &html[i..i + html[i..].find("</svg>").unwrap() + 6])
        .collect()
}

#[test]
fn matrix_csv_matches_the_factsheets_cell_by_cell() {
    let out = site();
    let csv = out.text("vergelijk/profiel/profiel.csv").unwrap();
    assert_eq!(
        csv,
        "gemeente,inwoners,teams,per_team,fte,teamvorm,dossiers\r\n\
         Alfa,40000,2,20000,3.5,compact,< 5\r\n\
         Beta,42000,onbekend,onbekend,,compact,12\r\n\
         Gamma,150000,8,18750,,uitgebreid,\r\n"
    );
}

#[test]
fn dutch_csv_uses_semicolons_and_decimal_commas_and_parses_back() {
    let out = site();
    let data = out.get("vergelijk/profiel/profiel-nl.csv").unwrap();
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(data);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[4], "fte");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][4], "3,5");
    assert_eq!(&rows[1][2], "onbekend", "special values stay text, never 0 or empty");
}

#[test]
fn matrix_json_round_trips_values_and_sources() {
    let out = site();
    let doc: serde_json::Value =
        serde_json::from_slice(out.get("vergelijk/profiel/profiel.json").unwrap()).unwrap();
    let alfa = &doc["rows"][0];
    assert_eq!(alfa["values"]["inwoners"], 40000.0);
    assert_eq!(alfa["values"]["per_team"], 20000.0);
    assert_eq!(alfa["values"]["dossiers"], "< 5");
    assert_eq!(doc["rows"][1]["values"]["teams"], "onbekend");
    assert_eq!(doc["rows"][1]["values"]["fte"], serde_json::Value::Null);
    assert_eq!(doc["columns"][2]["expr"], "inwoners / teams");
}

#[test]
fn computed_cells_with_unknown_input_are_unknown_in_the_table() {
    let out = site();
    let html = out.text("vergelijk/profiel/index.html").unwrap();
    let beta = &html[html.find(">Beta<").unwrap()..];
    let beta = &beta[..beta.find("</tr>").unwrap()];
    assert_eq!(beta.matches(r#"<span class="special">onbekend</span>"#).count(), 2, "{beta}");
    assert!(html.contains(
        r#"<th scope="col" data-type="number">Inwoners <span class="unit">(inwoners)</span></th>"#
    ));
    assert!(html.contains("<caption"));
}

#[test]
fn outdated_rows_are_marked() {
    let out = site();
    let html = out.text("vergelijk/profiel/index.html").unwrap();
    let gamma = &html[html.find(">Gamma<").unwrap()..];
    assert!(gamma[..gamma.find("</th>").unwrap()].contains("mogelijk verouderd"));
    let alfa = &html[html.find(">Alfa<").unwrap()..];
    assert!(!alfa[..alfa.find("</th>").unwrap()].contains("mogelijk verouderd"));
}

#[test]
fn charts_are_valid_svg_with_text_alternatives() {
    let out = site();
    for page in [
        "vergelijk/profiel/index.html",
        "vergelijk/spectrum/index.html",
        "gemeenten/alfa/index.html",
    ] {
        let html = out.text(page).unwrap();
        let found = svgs(html);
        assert!(!found.is_empty(), "{page} has charts");
        for svg in found {
            let doc =
                roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{page}: {e}\n{svg}"));
            // Charts with links are groups (their links stay reachable); pictures without are images.
            assert!(matches!(doc.root_element().attribute("role"), Some("img" | "group")));
            assert!(
                doc.descendants()
                    .any(|n| n.has_tag_name("title") && n.text().is_some_and(|t| !t.is_empty())),
                "{page}"
            );
        }
    }
    let spectrum = out.text("vergelijk/spectrum/index.html").unwrap();
    assert!(spectrum.contains("positie onbekend"));
    assert!(spectrum.contains("<title>Alfa: 1 / 5. alleen generalisten</title>"));
}

#[test]
fn method_usage_is_derived_from_the_factsheets() {
    let out = site();
    let csv = out.text("vergelijk/methoden/methoden.csv").unwrap();
    assert_eq!(csv, "gemeente,ecogram,zrm\r\nAlfa,,verplicht\r\nBeta,,\r\nGamma,,\r\n");
}

#[test]
fn similar_municipalities_are_explained() {
    let out = site();
    let alfa = out.text("gemeenten/alfa/index.html").unwrap();
    let similar = &alfa[alfa.find("vergelijkbaar-kop").unwrap()..];
    let first = &similar[..similar.find("</li>").unwrap()];
    assert!(first.contains("Beta"));
    assert!(first.contains("ook ca. 42.000 inwoners, ook compact"), "{first}");
}

#[test]
fn learning_questions_are_matched_on_both_sides() {
    let out = site();
    let alfa = out.text("gemeenten/alfa/index.html").unwrap();
    let q = &alfa[alfa.find("leervragen-kop").unwrap()..];
    assert!(q.contains("Hoe regelen we de toegang?"));
    assert!(q.contains(r#"Kan helpen: <a href="/gemeenten/beta/">Beta</a>"#), "{q}");
    assert!(q.contains(r#"<a href="/praktijken/loket/">Een loket in de wijk</a>"#));
    let beta = out.text("gemeenten/beta/index.html").unwrap();
    assert!(beta[beta.find("gevraagd-kop").unwrap()..].contains("Hoe regelen we de toegang?"));
    let theme = out.text("themas/toegang/index.html").unwrap();
    let rows = &theme[theme.find("worstelt-kop").unwrap()..];
    assert!(rows.contains("Dichtbij zijn helpt."));
    assert!(rows.contains("Hoe regelen we de toegang?"));
}

#[test]
fn network_page_lists_references_between_municipalities() {
    let out = site();
    let html = out.text("netwerk/index.html").unwrap();
    assert!(html.contains(r#"<td><a href="/gemeenten/beta/">Beta</a></td><td><a href="/gemeenten/alfa/">Alfa</a></td><td>1</td>"#), "{html}");
    roxmltree::Document::parse(svgs(html)[0]).unwrap();
    // A small network is shown whole.
    assert!(!html.contains("sterkste van de") && !html.contains("<figcaption>"), "{html}");
    assert_eq!(out.text("netwerk/netwerk.csv"), Some("van,naar,verwijzingen\r\nBeta,Alfa,1\r\n"));
}

#[test]
fn small_numbers_are_protected_on_pages_and_in_datasets() {
    let out = site();
    let alfa = out.text("gemeenten/alfa/index.html").unwrap();
    assert!(alfa.contains("&lt; 5") && !alfa.contains(">3<"));
    let data: serde_json::Value =
        serde_json::from_slice(out.get("data/gemeente.json").unwrap()).unwrap();
    assert_eq!(data["records"][0]["fields"]["dossiers"], "< 5");
    assert_eq!(data["records"][1]["fields"]["dossiers"], 12);
}

#[test]
fn a_field_or_axis_added_in_config_appears_in_matrices_and_exports() {
    let dir = common::copy_fixture("compare");
    let config = std::fs::read_to_string(dir.path().join("kring.toml")).unwrap().replace(
        "professional = { type = \"scale\"",
        "regie = { type = \"scale\", label = \"Regie\", left = \"beperkt\", right = \"volledig\" }\nprofessional = { type = \"scale\"",
    );
    std::fs::write(dir.path().join("kring.toml"), config).unwrap();
    let out = common::build(dir.path()).output.unwrap();
    assert!(
        out.text("vergelijk/spectrum/spectrum.csv")
            .unwrap()
            .starts_with("gemeente,spectrum.regie,spectrum.professional\r\n")
    );
    let data: serde_json::Value =
        serde_json::from_slice(out.get("data/gemeente.json").unwrap()).unwrap();
    let spectrum =
        data["fields"].as_array().unwrap().iter().find(|f| f["name"] == "spectrum").unwrap();
    assert_eq!(spectrum["fields"][0]["name"], "regie");
    assert_eq!(spectrum["fields"][0]["poles"], serde_json::json!(["beperkt", "volledig"]));
}

#[test]
fn matrix_declarations_that_do_not_fit_the_schema_are_errors() {
    let dir = common::copy_fixture("compare");
    let config = std::fs::read_to_string(dir.path().join("kring.toml")).unwrap().replace(
        "columns = [\"inwoners\", \"teams\",",
        "columns = [\"inwonres\", { expr = \"inwoners / teamvorm\" }, { expr = \"inwoners %\" }, \"teams\",",
    );
    std::fs::write(dir.path().join("kring.toml"), config).unwrap();
    let result = common::build(dir.path());
    let msgs: Vec<String> =
        result.diagnostics.iter().map(|d| d.render(kring::diagnostic::Lang::Nl)).collect();
    assert!(
        msgs.iter().any(|m| m.contains("matrices.profiel: onbekend veld 'inwonres'")
            && m.contains("bedoelt u 'inwoners'?")),
        "{msgs:?}"
    );
    assert!(msgs.iter().any(|m| m.contains("'teamvorm' in \"inwoners / teamvorm\" is geen veld met een getal")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("teken '%' is niet toegestaan")), "{msgs:?}");
    assert!(result.output.is_none());
}

#[test]
fn generated_pages_are_in_the_sitemap_and_may_not_be_taken_by_content() {
    let out = site();
    let sitemap = out.text("sitemap.xml").unwrap();
    for url in ["/vergelijk/", "/vergelijk/profiel/", "/netwerk/", "/zoeken/", "/gemeenten/alfa/"] {
        assert!(sitemap.contains(&format!("<loc>http://127.0.0.1:1111{url}</loc>")), "{url}");
    }
    let dir = common::copy_fixture("compare");
    std::fs::create_dir_all(dir.path().join("content/netwerk")).unwrap();
    std::fs::write(
        dir.path().join("content/netwerk/_index.md"),
        "+++\ntitle = \"Ons netwerk\"\n+++\n",
    )
    .unwrap();
    let result = common::build(dir.path());
    let msgs: Vec<String> =
        result.diagnostics.iter().map(|d| d.render(kring::diagnostic::Lang::Nl)).collect();
    assert!(msgs.iter().any(|m| m.contains("kring maakt zelf de pagina /netwerk/")), "{msgs:?}");
}

#[test]
fn protected_small_numbers_never_enter_computations() {
    let dir = common::copy_fixture("compare");
    let config = std::fs::read_to_string(dir.path().join("kring.toml")).unwrap().replace(
        "charts = [\"inwoners\", \"per_team\"]",
        "charts = [\"inwoners\", \"per_team\"]\n[matrices.lek]\ntitle = \"Lek\"\ntype = \"gemeente\"\ncolumns = [{ key = \"d\", expr = \"dossiers * 1\" }]",
    );
    std::fs::write(dir.path().join("kring.toml"), config).unwrap();
    let out = common::build(dir.path()).output.unwrap();
    assert_eq!(
        out.text("vergelijk/lek/lek.csv").unwrap(),
        "gemeente,d\r\nAlfa,onbekend\r\nBeta,12\r\nGamma,onbekend\r\n"
    );
}

#[test]
fn two_municipalities_side_by_side_with_differences_marked() {
    let out = site();
    let html = out.text("vergelijk/naast-elkaar/alfa-beta/index.html").unwrap();
    assert!(html.contains("<h1>Alfa en Beta</h1>"));
    let row = |label: &str| {
        let start =
            html.find(&format!("<th scope=\"row\">{label}")).unwrap_or_else(|| panic!("{label}"));
        let tr = html[..start].rfind("<tr").unwrap();
        html[tr..start + html[start..].find("</tr>").unwrap()].to_string()
    };
    assert!(row("Inwoners").contains("class=\"differs\""));
    assert!(
        row("Inwoners").contains(
            "<td class=\"c-1\">40.000 inwoners</td><td class=\"c-2\">42.000 inwoners</td>"
        )
    );
    assert!(!row("Teamvorm").contains("class=\"differs\""), "both compact");
    assert!(html.contains("href=\"/vergelijk/naast-elkaar/?g=alfa&amp;g=beta\""));
    let similar = out.text("gemeenten/alfa/index.html").unwrap();
    assert!(similar.contains("href=\"/vergelijk/naast-elkaar/alfa-beta/\""), "from 'lijkt op'");
}

#[test]
fn up_to_four_municipalities_side_by_side_on_the_picker_page() {
    let out = site();
    let html = out.text("vergelijk/naast-elkaar/index.html").unwrap();
    assert!(html.contains("/vergelijk/naast-elkaar/alfa-gamma/"), "every pair has a page");
    assert!(!html.contains("/vergelijk/naast-elkaar/gamma-alfa/"), "one page per pair");
    assert!(out.get("vergelijk/naast-elkaar/alfa-gamma/index.html").is_some());
    assert!(out.get("vergelijk/naast-elkaar/gamma-alfa/index.html").is_none());
    for (n, slug) in ["alfa", "beta", "gamma"].iter().enumerate() {
        let n = n + 1;
        assert!(
            html.contains(&format!("id=\"kies-{n}\" name=\"g\" value=\"{slug}\" data-col=\"{n}\""))
        );
        // Without a script, an unticked box hides its column once any box is ticked.
        assert!(
            html.contains(&format!(":not(:has(#kies-{n}:checked)) .c-{n} {{ display: none; }}"))
        );
    }
    let header = &html[html.find("<table class=\"side\"").unwrap()..];
    let header = &header[..header.find("</thead>").unwrap()];
    assert_eq!(header.matches("<th scope=\"col\" class=\"c-").count(), 3);
    // Inwoners 40.000 / 42.000 / 150.000 differ across all three.
    let start = html.find("<th scope=\"row\">Inwoners").unwrap();
    let tr = &html[html[..start].rfind("<tr").unwrap()..];
    assert!(tr.starts_with("<tr class=\"differs\">"));
    assert_eq!(tr[..tr.find("</tr>").unwrap()].matches("<td class=\"c-").count(), 3);
}

#[test]
fn range_bounds_are_number_columns_and_field_columns_round() {
    let out = site();
    let csv = out.text("vergelijk/bereik/bereik.csv").unwrap();
    assert_eq!(
        csv,
        "gemeente,bereik.min,bereik.max,fte\r\n\
         Alfa,6000,10000,4\r\n\
         Beta,onbekend,onbekend,\r\n\
         Gamma,,,\r\n"
    );
    let html = out.text("vergelijk/bereik/index.html").unwrap();
    assert!(html.contains("Vanaf"), "the column's own label");
    assert!(html.contains("6.000") && html.contains("10.000"), "bounds shown as numbers");
}

#[test]
fn long_match_lists_are_capped_with_a_link_to_the_theme() {
    let dir = common::copy_fixture("compare");
    for n in 0..15 {
        std::fs::write(
            dir.path().join(format!("content/gemeenten/helper-{n:02}.md")),
            format!(
                "+++\ntitle = \"Helper {n:02}\"\ninwoners = 1000\nteamvorm = \"compact\"\n\
                 kan_delen = [\"toegang\"]\n+++\nTekst.\n"
            ),
        )
        .unwrap();
        std::fs::write(
            dir.path().join(format!("content/praktijken/p-{n:02}.md")),
            format!("+++\ntitle = \"Praktijk {n:02}\"\nthemas = [\"toegang\"]\n+++\nTekst.\n"),
        )
        .unwrap();
    }
    let result = common::build(dir.path());
    assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
    let out = result.output.unwrap();
    let alfa = out.text("gemeenten/alfa/index.html").unwrap();
    let q = &alfa[alfa.find("leervragen-kop").unwrap()..];
    let q = &q[..q.find("</section>").unwrap()];
    // Beta and 15 helpers can help: 12 listed, the rest counted, all on the theme page.
    assert_eq!(q.matches("href=\"/gemeenten/").count(), 12, "{q}");
    assert!(q.contains("en nog 4 (<a href=\"/themas/toegang/\">alle 16 op de themapagina</a>)"));
    assert!(q.contains(" (16)</summary>"), "{q}");
    assert_eq!(q.matches("href=\"/praktijken/").count(), 12);
    let theme = out.text("themas/toegang/index.html").unwrap();
    assert!(theme.contains("/gemeenten/helper-14/") && theme.contains("/praktijken/p-14/"));
}

/// A network of 52 municipalities and 200 connections: more than the network page shows.
#[test]
fn a_large_network_shows_the_strongest_and_downloads_all() {
    let dir = common::copy_fixture("compare");
    let root = dir.path().join("content");
    let n = 50;
    let name = |k: usize| format!("g{:02}", k % n);
    // Expected connections (from title, to title) -> references, built alongside the pages.
    let mut expected = std::collections::BTreeMap::from([(("Beta", "Alfa".to_string()), 1)]);
    let titles: Vec<String> = (0..n).map(|k| format!("Gemeente {k:02}")).collect();
    for k in 0..n {
        // Its own page refers to one to three municipalities further on, once each.
        let far: Vec<usize> = (0..=k % 3).map(|d| (k + 2 + d) % n).collect();
        let links: String = far.iter().map(|&t| format!("[[gemeenten/{}]] ", name(t))).collect();
        // And all of them to Alfa, which so has more connections than its page lists.
        let links = format!("{links} en [[gemeenten/alfa]]");
        expected.insert((titles[k].as_str(), "Alfa".to_string()), 1);
        let page = format!("+++\ntitle = \"{}\"\ninwoners = 1000\n+++\nZie {links}\n", titles[k]);
        std::fs::write(root.join(format!("gemeenten/{}.md", name(k))), page).unwrap();
        for t in far {
            expected.insert((titles[k].as_str(), titles[t].clone()), 1);
        }
        // One to four practices of it refer to the next one: the strongest connections.
        for j in 0..=k % 4 {
            let practice = format!(
                "+++\ntitle = \"Praktijk {k} {j}\"\ngemeente = \"{}\"\n+++\nGeleerd van [[gemeenten/{}]].\n",
                name(k),
                name(k + 1)
            );
            std::fs::write(root.join(format!("praktijken/p{k}-{j}.md")), practice).unwrap();
        }
        expected.insert((titles[k].as_str(), titles[(k + 1) % n].clone()), k % 4 + 1);
    }
    let result = common::build(dir.path());
    assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
    let out = result.output.unwrap();

    // The downloads hold every connection with its count, strongest first.
    let csv = out.text("netwerk/netwerk.csv").unwrap();
    let rows: Vec<(String, String, usize)> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[0].to_string(), c[1].to_string(), c[2].parse().unwrap())
        })
        .collect();
    assert_eq!(csv.lines().next(), Some("van,naar,verwijzingen"));
    let got: std::collections::BTreeMap<(&str, String), usize> =
        rows.iter().map(|(a, b, c)| ((a.as_str(), b.clone()), *c)).collect();
    assert_eq!(got, expected);
    assert!(rows.windows(2).all(|w| w[0].2 >= w[1].2), "not strongest first");
    let json: serde_json::Value =
        serde_json::from_slice(out.get("netwerk/netwerk.json").unwrap()).unwrap();
    assert_eq!(json["connections"].as_array().unwrap().len(), expected.len());
    assert_eq!(json["municipalities"].as_array().unwrap().len(), 52);
    assert_eq!(json["connections"][0]["references"], 4);
    assert!(out.get("netwerk/netwerk-nl.csv").unwrap().starts_with("\u{feff}van;naar;".as_bytes()));

    // The page: the 100 strongest rows, 24 municipalities and at most 60 lines in the picture.
    let html = out.text("netwerk/index.html").unwrap();
    let body = &html[html.find("<tbody>").unwrap()..html.find("</tbody>").unwrap()];
    assert_eq!(body.matches("<tr>").count(), 100);
    assert!(body.starts_with("<tbody><tr><td><a href=\"/gemeenten/g03/\">Gemeente 03</a></td><td><a href=\"/gemeenten/g04/\">Gemeente 04</a></td><td>4</td>"), "{body}");
    assert_eq!(expected.len(), 200);
    assert!(html.contains("de 100 sterkste van de 200 verbindingen tussen 52 gemeenten"), "{html}");

    let svg = svgs(html)[0];
    roxmltree::Document::parse(svg).unwrap();
    assert_eq!(svg.matches("<circle").count(), 24);
    let lines = svg.matches("<line").count();
    assert!((1..=60).contains(&lines), "{lines}");
    let caption = format!("de 24 gemeenten met de meeste verwijzingen en de {lines} sterkste");
    assert!(html.contains(&caption), "{html}");
    assert!(html.contains("href=\"/netwerk/netwerk.csv\""));

    // A municipality's page lists its own connections both ways, strongest first.
    let lists = |url: &str| {
        let page = out.text(url).unwrap();
        let section = &page[page.find("netwerk-kop").unwrap()..];
        section[..section.find("</section>").unwrap()].to_string()
    };
    let g03 = lists("gemeenten/g03/index.html");
    let link = |slug: &str, title: &str, n: usize| {
        format!("<li><a href=\"/gemeenten/{slug}/\">{title}</a> ({n})</li>")
    };
    let refers_to =
        [link("g04", "Gemeente 04", 4), link("alfa", "Alfa", 1), link("g05", "Gemeente 05", 1)];
    assert!(g03.contains(&format!("Verwijst naar</h3>\n<ul>{}</ul>", refers_to.concat())), "{g03}");
    let referred_by = [link("g02", "Gemeente 02", 3), link("g01", "Gemeente 01", 1)];
    assert!(
        g03.contains(&format!("Genoemd door</h3>\n<ul>{}</ul>", referred_by.concat())),
        "{g03}"
    );
    // Alfa is referred to by 51 municipalities: its page lists 12 and says how many more.
    let alfa = lists("gemeenten/alfa/index.html");
    let by = &alfa[alfa.find("Genoemd door").unwrap()..];
    assert_eq!(by.matches("<li>").count(), 12, "{alfa}");
    assert!(by.contains("en nog 39"), "{alfa}");
    // Gamma has no connections, and no section for them.
    assert!(!out.text("gemeenten/gamma/index.html").unwrap().contains("netwerk-kop"));
}
