//! Detectors for personal details in prose: names (first names, titles, initials, names an
//! editor forbade), street addresses, dates of birth, exact dates and exact ages.

use super::{Category, Hit};
use regex::Regex;
use std::sync::OnceLock;

use super::first_names::first_names;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("detector patterns are valid"))
}

/// Surname particles, longest first.
const PARTICLES: &str = r"(?:van der|van den|van de|van 't|in 't|van|de|der|den|ter|ten|te|het|'t)";

/// Titles before a surname: "mevrouw Jansen", "dhr. De Vries".
pub(super) fn title_pattern() -> String {
    format!(
        r"(?-u:\b)(?:[Mm]evrouw|[Mm]eneer|[Mm]evr\.|[Mm]w\.|[Dd]hr\.|[Dd]e heer)\s+(?:{PARTICLES}\s+)?[A-Z][a-zà-ÿ]+"
    )
}

/// Initials before a surname: "J. de Vries".
pub(super) fn initials_pattern() -> String {
    format!(r"(?-u:\b)(?:[A-Z]\.\s?){{1,3}}(?:{PARTICLES}\s+)?[A-Z][a-zà-ÿ]{{2,}}")
}

/// Known first names followed by a surname or particle, or standing alone.
pub fn first_names_in(text: &str, out: &mut Vec<Hit>) {
    static TAIL: OnceLock<Regex> = OnceLock::new();
    let surname = format!(r"(?:\s+{PARTICLES})?(?:\s+[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)?");
    // Word boundaries are checked by hand: Unicode \b would force the slow regex engine.
    for m in first_names().find_iter(text) {
        let before = text[..m.start()].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[m.end()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            let rest = &text[m.end()..];
            let tail = re(&TAIL, &format!("^{surname}")).find(rest).map_or(0, |t| t.end());
            out.push(Hit { start: m.start(), end: m.end() + tail, category: Category::Name });
        }
    }
}

/// A title before a surname.
pub fn titled_names(text: &str, out: &mut Vec<Hit>) {
    static TITLE: OnceLock<Regex> = OnceLock::new();
    for m in re(&TITLE, &title_pattern()).find_iter(text) {
        out.push(Hit { start: m.start(), end: m.end(), category: Category::Name });
    }
}

/// Initials before a surname.
pub fn initialled_names(text: &str, out: &mut Vec<Hit>) {
    static INITIALS: OnceLock<Regex> = OnceLock::new();
    for m in re(&INITIALS, &initials_pattern()).find_iter(text) {
        out.push(Hit { start: m.start(), end: m.end(), category: Category::Name });
    }
}

/// The names an editor listed in `privacy.forbidden_names`, in any case.
pub fn forbidden_names(text: &str, forbidden: &[String], out: &mut Vec<Hit>) {
    for name in forbidden.iter().filter(|n| !n.trim().is_empty()) {
        let Ok(r) = Regex::new(&format!(r"(?i)\b{}\b", regex::escape(name.trim()))) else {
            continue;
        };
        for m in r.find_iter(text) {
            out.push(Hit { start: m.start(), end: m.end(), category: Category::ForbiddenName });
        }
    }
}

const STREET_SUFFIXES: &str = "straat|straatweg|weg|laan|plein|gracht|kade|singel|dijk|hof|park|dreef|steeg|pad|markt|plantsoen|ring|baan|burgwal|wal|kwartier|veld|erf|hoek|dam|zijde|vaart|boulevard";

/// A street name with a common Dutch suffix and a house number.
pub(super) fn street_pattern() -> String {
    format!(
        r"(?-u:\b)(?:[A-Z][a-zà-ÿ]*\s+)?[A-Z][a-zà-ÿ]*(?:{STREET_SUFFIXES})\s+\d{{1,4}}(?:\s?[a-zA-Z](?-u:\b)|-\d{{1,3}})?(?-u:\b)"
    )
}

/// Exact dates: 3-4-1980, 3 april 1980, 1980-04-03.
pub(super) fn date_pattern() -> String {
    format!(
        r"(?i)(?-u:\b)(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)\d{{2}}|\d{{1,2}}\s+(?:{MONTHS})\s+(?:19|20)?\d{{2}}|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}})(?-u:\b)"
    )
}

/// Ages: "8-jarige", "34 jaar oud", "van 34 jaar".
pub(super) const AGE_PATTERN: &str =
    r"(?i)(?-u:\b)\d{1,3}(?:[- ]jarige?|\s+jaar\s+oud|\s+jaar(?-u:\b))";

/// A street name with a common Dutch suffix followed by a house number.
pub fn addresses(text: &str, out: &mut Vec<Hit>) {
    static STREET: OnceLock<Regex> = OnceLock::new();
    for m in re(&STREET, &street_pattern()).find_iter(text) {
        out.push(Hit { start: m.start(), end: m.end(), category: Category::Address });
    }
}

const MONTHS: &str = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan\\.|feb\\.|mrt\\.|apr\\.|jun\\.|jul\\.|aug\\.|sep\\.|sept\\.|okt\\.|nov\\.|dec\\.";

/// Exact dates; near "geboren", "geb." or "geboortedatum" they are dates of birth.
pub fn dates(text: &str, out: &mut Vec<Hit>) {
    static DATE: OnceLock<Regex> = OnceLock::new();
    for m in re(&DATE, &date_pattern()).find_iter(text) {
        let mut from = m.start().saturating_sub(40);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let before = &text[from..m.start()];
        let lower = before.to_lowercase();
        let birth =
            lower.contains("geboren") || lower.contains("geb.") || lower.contains("geboortedatum");
        let category = if birth { Category::BirthDate } else { Category::ExactDate };
        out.push(Hit { start: m.start(), end: m.end(), category });
    }
}

/// Exact ages ("43 jaar", "43-jarige"): a detail that, with a small place, can identify someone.
pub fn ages(text: &str, out: &mut Vec<Hit>) {
    static AGE: OnceLock<Regex> = OnceLock::new();
    for m in re(&AGE, AGE_PATTERN).find_iter(text) {
        let n: u32 = m
            .as_str()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or(0);
        // Durations ("al 3 jaar") are not ages: only numbers after "van", "is", "werd" or with -jarig.
        let before = text[..m.start()].trim_end().to_lowercase();
        let age_context = m.as_str().contains("jarig")
            || m.as_str().contains("oud")
            || ["van", "is", "werd", "wordt", "was", "leeftijd", "leeftijd:"]
                .iter()
                .any(|w| before.ends_with(w));
        if age_context && n <= 120 {
            out.push(Hit { start: m.start(), end: m.end(), category: Category::ExactAge });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(f: impl Fn(&str, &mut Vec<Hit>), text: &str) -> Vec<(Category, String)> {
        let mut v = Vec::new();
        f(text, &mut v);
        v.into_iter().map(|h| (h.category, text[h.start..h.end].to_string())).collect()
    }

    #[test]
    fn names_titles_initials_but_not_roles() {
        let f = |t: &str, o: &mut Vec<Hit>| {
            first_names_in(t, o);
            titled_names(t, o);
            initialled_names(t, o);
            forbidden_names(t, &["Pietersen".to_string()], o);
        };
        assert_eq!(found(f, "Gesprek met Fatima de Boer.")[0].1, "Fatima de Boer");
        assert_eq!(found(f, "toen mevrouw Jansen belde")[0].1, "mevrouw Jansen");
        assert_eq!(found(f, "volgens J. de Vries")[0].1, "J. de Vries");
        assert_eq!(found(f, "de buurman pietersen")[0].0, Category::ForbiddenName);
        assert!(found(f, "De moeder en de wijkcoach spraken met de Wmo-consulent.").is_empty());
        assert!(found(f, "mevrouw van rond de veertig").is_empty());
    }

    #[test]
    fn first_names_only_as_whole_words() {
        let names: Vec<String> = found(first_names_in, "Annabelle, XAnna, Anna-lena en Anna.")
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(names, ["Anna", "Anna"]);
        assert_eq!(found(first_names_in, "met Anne Jansen")[0].1, "Anne Jansen");
        assert!(found(first_names_in, "ANNA en anna").is_empty());
    }

    #[test]
    fn addresses_dates_and_ages() {
        assert_eq!(found(addresses, "woont aan de Kerkstraat 12a sinds")[0].1, "Kerkstraat 12a");
        assert_eq!(found(addresses, "op de Van Goghlaan 3-1.")[0].1, "Van Goghlaan 3-1");
        assert!(found(addresses, "In de straat 12 mensen").is_empty());
        assert_eq!(found(dates, "geboren op 12-03-1985")[0].0, Category::BirthDate);
        assert_eq!(found(dates, "geb. 3 mei 1950")[0].0, Category::BirthDate);
        assert_eq!(found(dates, "op 14 maart 2015 belde")[0].0, Category::ExactDate);
        assert!(found(dates, "in maart 2015").is_empty());
        assert_eq!(found(ages, "een man van 43 jaar")[0].0, Category::ExactAge);
        assert_eq!(found(ages, "de 17-jarige zoon")[0].0, Category::ExactAge);
        assert!(found(ages, "het team werkt al 3 jaar samen").is_empty());
    }
}
