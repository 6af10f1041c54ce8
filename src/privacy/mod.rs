//! The privacy guard: scans every content file (front matter and body, drafts included) for
//! personal data of residents before anything is rendered or indexed, and stops the build on
//! what may never be published. Findings carry a masked excerpt: the report never repeats a BSN
//! or IBAN in full.

mod detect;
mod first_names;
mod text;

use crate::diagnostic::{Diagnostic, Severity, Text, t};
use serde::Serialize;

/// What kind of personal data a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Burgerservicenummer.
    Bsn,
    /// Bank account number.
    Iban,
    /// A person's e-mail address.
    Email,
    /// An organisation's role mailbox (info@, ...).
    EmailOrganisation,
    /// A mobile phone number.
    PhoneMobile,
    /// A landline phone number.
    PhoneLandline,
    /// A postcode.
    Postcode,
    /// A street and house number.
    Address,
    /// A date of birth.
    BirthDate,
    /// An exact date.
    ExactDate,
    /// A personal name.
    Name,
    /// A name listed in `privacy.forbidden_names`.
    ForbiddenName,
    /// An exact age.
    ExactAge,
    /// A case story without its declarations.
    Declaration,
}

impl Category {
    /// The stable code, used in diagnostics as `privacy-<code>`.
    pub fn code(self) -> &'static str {
        match self {
            Category::Bsn => "bsn",
            Category::Iban => "iban",
            Category::Email => "e-mail",
            Category::EmailOrganisation => "e-mail-organisatie",
            Category::PhoneMobile => "telefoon-mobiel",
            Category::PhoneLandline => "telefoon-vast",
            Category::Postcode => "postcode",
            Category::Address => "adres",
            Category::BirthDate => "geboortedatum",
            Category::ExactDate => "datum",
            Category::Name => "naam",
            Category::ForbiddenName => "verboden-naam",
            Category::ExactAge => "leeftijd",
            Category::Declaration => "verklaring",
        }
    }

    fn label(self) -> Text {
        match self {
            Category::Bsn => t("BSN", "BSN (citizen service number)"),
            Category::Iban => t("IBAN (rekeningnummer)", "IBAN (bank account)"),
            Category::Email => t("persoonlijk e-mailadres", "personal e-mail address"),
            Category::EmailOrganisation => {
                t("e-mailadres van een organisatie", "organisation e-mail address")
            }
            Category::PhoneMobile => t("mobiel telefoonnummer", "mobile phone number"),
            Category::PhoneLandline => t("vast telefoonnummer", "landline phone number"),
            Category::Postcode => t("postcode", "postcode"),
            Category::Address => t("adres", "street address"),
            Category::BirthDate => t("geboortedatum", "date of birth"),
            Category::ExactDate => t("exacte datum", "exact date"),
            Category::Name => t("persoonsnaam", "personal name"),
            Category::ForbiddenName => {
                t("naam die niet genoemd mag worden", "a name that may not be published")
            }
            Category::ExactAge => t("exacte leeftijd", "exact age"),
            Category::Declaration => t("verklaring van de casus", "case-story declaration"),
        }
    }

    /// What to write instead.
    fn suggestion(self) -> Text {
        match self {
            Category::Bsn | Category::Iban => t(
                "verwijder het nummer; het hoort nooit in een verhaal",
                "remove the number; it never belongs in a story",
            ),
            Category::Email | Category::PhoneMobile => t(
                "verwijder de contactgegevens of noem een algemeen nummer of adres van de organisatie",
                "remove the contact details or give the organisation's general number or address",
            ),
            Category::EmailOrganisation | Category::PhoneLandline => t(
                "in een casus niet noemen; elders alleen als het een algemeen nummer of adres van een organisatie is",
                "not in a case story; elsewhere only if it is an organisation's general number or address",
            ),
            Category::Postcode | Category::Address => t(
                "noem de wijk niet en geef geen adres; 'in een buurt in de stad' is genoeg",
                "do not name the street or postcode; 'in a neighbourhood' is enough",
            ),
            Category::BirthDate => t(
                "noem de leeftijdsgroep ('een vrouw van in de veertig')",
                "give an age band ('a woman in her forties')",
            ),
            Category::ExactDate => t(
                "noem de maand of het seizoen ('in het voorjaar')",
                "give the month or season ('in spring')",
            ),
            Category::Name | Category::ForbiddenName => t(
                "gebruik een rol ('de moeder', 'de wijkcoach') in plaats van een naam",
                "use a role ('the mother', 'the social worker') instead of a name",
            ),
            Category::ExactAge => t(
                "noem de leeftijdsgroep ('een tiener', 'rond de zeventig')",
                "give an age band ('a teenager', 'around seventy')",
            ),
            Category::Declaration => t(
                "zet in de front matter: fictief = true (of toestemming = true), geanonimiseerd_door en gecontroleerd_op",
                "declare fictief = true (or toestemming = true), geanonimiseerd_door and gecontroleerd_op",
            ),
        }
    }

    /// Errors in every content type.
    fn always_error(self) -> bool {
        matches!(
            self,
            Category::Bsn
                | Category::Iban
                | Category::Email
                | Category::PhoneMobile
                | Category::ForbiddenName
                | Category::Declaration
        )
    }

    /// Warnings even in case stories: they call for rewording, not removal.
    fn always_warning(self) -> bool {
        matches!(self, Category::ExactDate | Category::ExactAge)
    }
}

/// A stretch of text a detector matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// What it is.
    pub category: Category,
}

/// One finding of the scanner.
#[derive(Debug, Clone, Serialize)]
pub struct PrivacyFinding {
    /// The file.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What kind of personal data.
    pub category: Category,
    /// Error or warning (accepted findings keep theirs for the report).
    pub severity: Severity,
    /// The match with its surroundings, masked.
    pub excerpt: String,
    /// What to write instead.
    pub suggestion: Text,
    /// The editor's reason, when the finding was accepted.
    pub accepted: Option<String>,
}

impl PrivacyFinding {
    /// The finding as a diagnostic (accepted findings are not diagnostics).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let label = self.category.label();
        let message = t(
            format!("mogelijk {}: «{}»", label.nl, self.excerpt),
            format!("possible {}: «{}»", label.en, self.excerpt),
        );
        let code = code_for(self.category);
        let d = if self.severity == Severity::Error {
            Diagnostic::error(&self.path, code, message)
        } else {
            Diagnostic::warning(&self.path, code, message)
        };
        d.at((self.line, self.col)).with_hint(self.suggestion.clone())
    }
}

fn code_for(c: Category) -> &'static str {
    match c {
        Category::Bsn => "privacy-bsn",
        Category::Iban => "privacy-iban",
        Category::Email => "privacy-e-mail",
        Category::EmailOrganisation => "privacy-e-mail-organisatie",
        Category::PhoneMobile => "privacy-telefoon-mobiel",
        Category::PhoneLandline => "privacy-telefoon-vast",
        Category::Postcode => "privacy-postcode",
        Category::Address => "privacy-adres",
        Category::BirthDate => "privacy-geboortedatum",
        Category::ExactDate => "privacy-datum",
        Category::Name => "privacy-naam",
        Category::ForbiddenName => "privacy-verboden-naam",
        Category::ExactAge => "privacy-leeftijd",
        Category::Declaration => "privacy-verklaring",
    }
}

/// The patterns of the detectors that find nothing without a match of their pattern, as one set
/// (in the order `detect` runs them, BSN last): one pass over a page instead of ten.
fn prefilter() -> &'static regex::RegexSet {
    static SET: std::sync::OnceLock<regex::RegexSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        regex::RegexSet::new([
            detect::PHONE_NUMBER.to_string(),
            detect::IBAN.to_string(),
            detect::EMAIL_ADDRESS.to_string(),
            detect::POSTCODE.to_string(),
            text::street_pattern(),
            text::date_pattern(),
            text::AGE_PATTERN.to_string(),
            text::title_pattern(),
            text::initials_pattern(),
            detect::BSN_DIGITS.to_string(),
        ])
        .expect("detector patterns are valid")
    })
}

/// Runs every detector over a text and drops hits inside a stronger one.
pub fn detect(text: &str, forbidden: &[String]) -> Vec<Hit> {
    let mut hits = Vec::new();
    // One pass tells which of these can match at all; most texts hold none of them.
    let present = prefilter().matches(text);
    let run = |i: usize, f: fn(&str, &mut Vec<Hit>), hits: &mut Vec<Hit>| {
        if present.matched(i) {
            f(text, hits)
        }
    };
    run(0, detect::phone, &mut hits);
    run(1, detect::iban, &mut hits);
    run(2, detect::email, &mut hits);
    run(9, detect::bsn, &mut hits);
    run(3, detect::postcode, &mut hits);
    run(4, text::addresses, &mut hits);
    run(5, text::dates, &mut hits);
    run(6, text::ages, &mut hits);
    text::first_names_in(text, &mut hits);
    run(7, text::titled_names, &mut hits);
    run(8, text::initialled_names, &mut hits);
    text::forbidden_names(text, forbidden, &mut hits);
    // Earlier detectors win: a phone number is not also a BSN, an IBAN not also a postcode.
    let mut kept: Vec<Hit> = Vec::new();
    for h in hits {
        if !kept.iter().any(|k| h.start < k.end && k.start < h.end) {
            kept.push(h);
        }
    }
    kept.sort_by_key(|h| h.start);
    kept
}

pub mod report;
mod scan;
pub use scan::{PrivacyMemo, scan_content, scan_page};
