//! Detectors for identifiers with a fixed form: BSN (elfproef), IBAN (ISO 13616 mod 97),
//! e-mail addresses, Dutch phone numbers and postcodes.

use super::{Category, Hit};
use regex::Regex;
use std::sync::OnceLock;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("detector patterns are valid"))
}

/// IBAN candidates (checked with mod 97 afterwards).
pub(super) const IBAN: &str = r"(?i)(?-u:\b)[a-z]{2}\d{2}(?:[ ]?[a-z0-9]){11,30}";
/// E-mail addresses.
pub(super) const EMAIL_ADDRESS: &str =
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}";
/// Dutch phone number candidates.
pub(super) const PHONE_NUMBER: &str = r"(?:\+31|0031|\(0\)|0)[\d \-()]{8,16}\d";
/// Eight digits with at most one space or dot between two of them: every BSN candidate holds
/// such a run, so a text without one needs no BSN scan.
pub(super) const BSN_DIGITS: &str = r"\d(?:[ .]?\d){7}";
/// Postcodes (1234 AB).
pub(super) const POSTCODE: &str = r"(?-u:\b)[1-9]\d{3} ?[A-Z]{2}(?-u:\b)";

fn is_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    let after = text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    before && after
}

/// True if the nine digits pass the elfproef (weights 9..2, -1 on the last) and are not all zero.
pub fn elfproef(digits: &[u32]) -> bool {
    if digits.len() != 9 || digits.iter().all(|&d| d == 0) {
        return false;
    }
    let sum: i64 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| if i == 8 { -i64::from(d) } else { i64::from(d) * (9 - i as i64) })
        .sum();
    sum % 11 == 0
}

/// BSNs: 9 digits (or 8 with a dropped leading zero), written whole or in groups of at least two
/// digits separated by single spaces or dots, passing the elfproef.
pub fn bsn(text: &str, out: &mut Vec<Hit>) {
    static RUN: OnceLock<Regex> = OnceLock::new();
    for m in re(&RUN, r"\d+(?:[ .]\d+)*").find_iter(text) {
        if !is_boundary(text, m.start(), m.end()) || text[..m.start()].ends_with(['€', ',']) {
            continue;
        }
        // Groups with their byte ranges; try each run of consecutive groups.
        let groups: Vec<(usize, usize)> = {
            let mut v = Vec::new();
            let mut start = m.start();
            for (i, c) in m.as_str().char_indices() {
                if c == ' ' || c == '.' {
                    v.push((start, m.start() + i));
                    start = m.start() + i + 1;
                }
            }
            v.push((start, m.end()));
            v
        };
        for a in 0..groups.len() {
            for b in a..groups.len() {
                let (s, e) = (groups[a].0, groups[b].1);
                let digits: Vec<u32> = text[s..e].chars().filter_map(|c| c.to_digit(10)).collect();
                let whole = a == 0 && b == groups.len() - 1;
                let short_groups = groups[a..=b].iter().any(|(gs, ge)| ge - gs < 2);
                let candidate = match digits.len() {
                    9 if !short_groups => Some(digits),
                    8 if whole && b == a => Some(std::iter::once(0).chain(digits).collect()),
                    _ => None,
                };
                if candidate.is_some_and(|d| elfproef(&d)) {
                    out.push(Hit { start: s, end: e, category: Category::Bsn });
                }
            }
        }
    }
}

fn iban_valid(candidate: &str) -> bool {
    let c: String =
        candidate.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if !(15..=34).contains(&c.len())
        || !c[..2].chars().all(|x| x.is_ascii_alphabetic())
        || !c[2..4].chars().all(|x| x.is_ascii_digit())
    {
        return false;
    }
    if c.starts_with("NL") && c.len() != 18 {
        return false;
    }
    let rearranged = format!("{}{}", &c[4..], &c[..4]);
    let mut rem: u32 = 0;
    for ch in rearranged.chars() {
        let v = match ch.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        let digits = if v >= 10 { 2 } else { 1 };
        rem = (rem * 10u32.pow(digits) + v) % 97;
    }
    rem == 1
}

/// IBANs of any country, with or without spaces, passing the mod-97 check.
pub fn iban(text: &str, out: &mut Vec<Hit>) {
    static CAND: OnceLock<Regex> = OnceLock::new();
    for m in re(&CAND, IBAN).find_iter(text) {
        // The pattern may run on into the next word: take the longest prefix that checks out.
        let s = m.as_str();
        let mut ends: Vec<usize> = s.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
        ends.reverse();
        if let Some(end) = ends
            .into_iter()
            .find(|&e| iban_valid(&s[..e]) && is_boundary(text, m.start(), m.start() + e))
        {
            out.push(Hit { start: m.start(), end: m.start() + end, category: Category::Iban });
        }
    }
}

/// Role addresses of organisations, not of a person.
const ROLE_MAILBOXES: &[&str] = &[
    "info",
    "contact",
    "secretariaat",
    "post",
    "postbus",
    "kenniskring",
    "redactie",
    "servicedesk",
    "klantenservice",
    "communicatie",
    "noreply",
    "wijkteam",
    "wijkteams",
    "loket",
];

/// E-mail addresses; role mailboxes (info@, contact@, ...) count as organisational.
pub fn email(text: &str, out: &mut Vec<Hit>) {
    static EMAIL: OnceLock<Regex> = OnceLock::new();
    for m in re(&EMAIL, EMAIL_ADDRESS).find_iter(text) {
        let local = m.as_str().split('@').next().unwrap_or("").to_lowercase();
        let category = if ROLE_MAILBOXES.contains(&local.as_str()) {
            Category::EmailOrganisation
        } else {
            Category::Email
        };
        out.push(Hit { start: m.start(), end: m.end(), category });
    }
}

/// Dutch phone numbers: mobile (06, +31 6, 0031 6) and landlines with area codes, written with
/// spaces, dashes or brackets. 0800 and 090x service numbers are not personal.
pub fn phone(text: &str, out: &mut Vec<Hit>) {
    static PHONE: OnceLock<Regex> = OnceLock::new();
    for m in re(&PHONE, PHONE_NUMBER).find_iter(text) {
        if !is_boundary(text, m.start(), m.end())
            && !text[..m.start()].ends_with([' ', '(', ':', '\n'])
            && m.start() != 0
        {
            continue;
        }
        let raw = m.as_str();
        let mut digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        if raw.starts_with("+31") || raw.starts_with("0031") {
            digits = digits.trim_start_matches("0031").trim_start_matches("31").to_string();
            digits = format!("0{}", digits.trim_start_matches('0'));
        } else {
            // "(0)20" style after a country code was cut off, or a plain national number.
            digits = format!("0{}", digits.trim_start_matches('0'));
        }
        if digits.len() != 10 || digits.starts_with("00") {
            continue;
        }
        if digits.starts_with("0800") || digits.starts_with("090") {
            continue;
        }
        let category =
            if digits.starts_with("06") { Category::PhoneMobile } else { Category::PhoneLandline };
        // Trim a trailing separator or bracket the pattern may have taken.
        let end = m.start() + raw.trim_end_matches([' ', '-', '(', ')']).len();
        out.push(Hit { start: m.start(), end, category });
    }
}

/// Postcodes `1234 AB` (no leading zero; PostNL never uses SA, SD or SS).
pub fn postcode(text: &str, out: &mut Vec<Hit>) {
    static PC: OnceLock<Regex> = OnceLock::new();
    for m in re(&PC, POSTCODE).find_iter(text) {
        let letters = &m.as_str()[m.as_str().len() - 2..];
        if ["SA", "SD", "SS"].contains(&letters) {
            continue;
        }
        out.push(Hit { start: m.start(), end: m.end(), category: Category::Postcode });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats(f: fn(&str, &mut Vec<Hit>), text: &str) -> Vec<(Category, String)> {
        let mut v = Vec::new();
        f(text, &mut v);
        v.into_iter().map(|h| (h.category, text[h.start..h.end].to_string())).collect()
    }

    #[test]
    fn bsn_needs_the_elfproef() {
        assert_eq!(cats(bsn, "BSN 111222333."), vec![(Category::Bsn, "111222333".into())]);
        assert_eq!(cats(bsn, "bsn 1112.22.333"), vec![(Category::Bsn, "1112.22.333".into())]);
        assert_eq!(cats(bsn, "nummer 111 222 333"), vec![(Category::Bsn, "111 222 333".into())]);
        assert_eq!(cats(bsn, "oud nummer 10015838"), vec![(Category::Bsn, "10015838".into())]);
        assert!(cats(bsn, "order 123456789").is_empty(), "fails the elfproef");
        assert!(cats(bsn, "000000000").is_empty());
        assert!(cats(bsn, "tel 0612345678").is_empty());
    }

    #[test]
    fn the_prefilter_lets_every_bsn_through() {
        for text in ["BSN 111222333.", "bsn 1112.22.333", "nummer 111 222 333", "oud 10015838"] {
            let hits = super::super::detect(text, &[]);
            assert!(hits.iter().any(|h| h.category == Category::Bsn), "{text}");
        }
        assert!(super::super::detect("tabel 14 42 28 loket 52 93 4", &[]).is_empty());
    }

    #[test]
    fn iban_needs_mod_97() {
        assert_eq!(
            cats(iban, "rekening NL91ABNA0417164300 graag"),
            vec![(Category::Iban, "NL91ABNA0417164300".into())]
        );
        assert_eq!(
            cats(iban, "NL91 ABNA 0417 1643 00 en verder"),
            vec![(Category::Iban, "NL91 ABNA 0417 1643 00".into())]
        );
        assert_eq!(
            cats(iban, "DE89 3704 0044 0532 0130 00."),
            vec![(Category::Iban, "DE89 3704 0044 0532 0130 00".into())]
        );
        assert!(cats(iban, "NL91ABNA0417164301").is_empty());
    }

    #[test]
    fn phones_in_many_forms_but_not_service_numbers() {
        for p in [
            "06-12345678",
            "06 1234 5678",
            "+31 6 12345678",
            "0031612345678",
            "+31 (0)6 12 34 56 78",
        ] {
            assert_eq!(
                cats(phone, &format!("bel {p} nu")).first().map(|c| c.0),
                Some(Category::PhoneMobile),
                "{p}"
            );
        }
        for p in ["020-1234567", "(023) 512 34 56", "0251 123456"] {
            assert_eq!(
                cats(phone, &format!("bel {p}.")).first().map(|c| c.0),
                Some(Category::PhoneLandline),
                "{p}"
            );
        }
        assert!(cats(phone, "bel 0800-1234567 gratis").is_empty());
        assert!(cats(phone, "of 0900 1234567").is_empty());
    }

    #[test]
    fn postcodes_and_emails() {
        assert_eq!(cats(postcode, "2011 AB Haarlem").len(), 1);
        assert!(cats(postcode, "0123 AB").is_empty());
        assert!(cats(postcode, "1234 SS").is_empty());
        assert_eq!(
            cats(email, "mail a.jansen@gmail.com").first().map(|c| c.0),
            Some(Category::Email)
        );
        assert_eq!(
            cats(email, "mail info@gemeente.nl").first().map(|c| c.0),
            Some(Category::EmailOrganisation)
        );
    }
}
