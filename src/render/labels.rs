//! Interface words for templates, in the site's language (`t.key` in templates).

use crate::diagnostic::Lang;
use std::collections::BTreeMap;

const LABELS: &[(&str, &str, &str)] = &[
    ("skip", "Naar de inhoud", "Skip to content"),
    ("menu", "Hoofdmenu", "Main menu"),
    ("home", "Home", "Home"),
    ("contents", "Op deze pagina", "On this page"),
    ("facts", "Feiten", "Facts"),
    ("source", "Bron", "Source"),
    ("reference_date", "Peildatum", "Reference date"),
    ("note", "Toelichting", "Note"),
    ("timeline", "Tijdlijn", "Timeline"),
    ("backlinks", "Pagina's die hiernaar verwijzen", "Pages that link here"),
    ("relations", "Verwijst naar", "Refers to"),
    ("pages", "Pagina's", "Pages"),
    ("recent", "Recent toegevoegd", "Recently added"),
    ("sections", "Onderdelen", "Sections"),
    ("not_found_title", "Pagina niet gevonden", "Page not found"),
    (
        "not_found_text",
        "Deze pagina bestaat niet (meer). Kijk in het menu of ga naar de startpagina.",
        "This page does not exist (any more). Use the menu or go to the home page.",
    ),
    ("type", "Soort", "Type"),
    ("date", "Datum", "Date"),
    ("position", "Positie", "Position"),
    ("between", "tussen", "between"),
    ("and", "en", "and"),
    (
        "special_note",
        "Geen getal: de bron geeft hier geen waarde.",
        "Not a number: the source gives no value here.",
    ),
    ("breadcrumb", "Kruimelpad", "Breadcrumb"),
    ("made_with", "Gemaakt met kring", "Made with kring"),
    ("tags", "Trefwoorden", "Tags"),
    ("via", "via", "via"),
    ("related", "Verwante pagina's", "Related pages"),
    ("prev_next", "Vorige en volgende", "Previous and next"),
    ("page_one", "pagina", "page"),
    ("page_many", "pagina's", "pages"),
    ("pagination", "Paginering", "Pagination"),
    ("previous", "Vorige", "Previous"),
    ("next", "Volgende", "Next"),
    ("redirect", "Deze pagina is verplaatst naar", "This page has moved to"),
];

/// The labels in `lang`, by key.
pub fn labels(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    LABELS.iter().map(|(k, nl, en)| (*k, if lang == Lang::Nl { *nl } else { *en })).collect()
}
