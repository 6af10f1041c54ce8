//! Generates a large, realistic knowledge base for performance tests of kring.
//!
//! Usage: `cargo run --release --example gen_corpus -- --pages 10000 --out DIR [--seed 42]`
//!
//! Writes `DIR/kring.toml` (the demo's configuration, unchanged) and `DIR/content/` with a home
//! page and one folder per section. Every page passes the demo's schema, every reference points to
//! a page that exists, and the prose passes the privacy scanner: only lowercase words (capitalised
//! at the start of a sentence), small numbers, no dates, names, addresses or e-mail addresses.
//! The same seed always gives the same site.

use std::collections::HashSet;
use std::fmt::Display;
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

const CONFIG: &str = include_str!("../kring.toml");
const USAGE: &str = "gebruik: gen_corpus --pages N --out MAP [--seed 42]";
const SOURCE: &str = "Synthetische gegevens voor een prestatietest van kring";

/// One section of the generated site.
struct Kind {
    dir: &'static str,
    kind: &'static str,
    label: &'static str,
    link: &'static str,
}

static SECTIONS: [Kind; 8] = [
    Kind { dir: "themas", kind: "thema", label: "Thema's", link: "dit thema" },
    Kind { dir: "methoden", kind: "methode", label: "Methoden", link: "de methode" },
    Kind { dir: "begrippen", kind: "begrip", label: "Begrippen", link: "het begrip" },
    Kind { dir: "gemeenten", kind: "gemeente", label: "Gemeenten", link: "de factsheet" },
    Kind { dir: "teams", kind: "team", label: "Teams", link: "het team" },
    Kind {
        dir: "bijeenkomsten",
        kind: "bijeenkomst",
        label: "Bijeenkomsten",
        link: "de bijeenkomst",
    },
    Kind { dir: "casussen", kind: "casus", label: "Casussen", link: "een vergelijkbare casus" },
    Kind {
        dir: "praktijken",
        kind: "praktijk",
        label: "Praktijkverhalen",
        link: "dit praktijkverhaal",
    },
];
const THEMAS: usize = 0;
const METHODEN: usize = 1;
const BEGRIPPEN: usize = 2;
const GEMEENTEN: usize = 3;
const TEAMS: usize = 4;
const BIJEENKOMSTEN: usize = 5;
const CASUSSEN: usize = 6;
const PRAKTIJKEN: usize = 7;

// Word lists: lowercase only, no first names, no months, no "jaar".
#[rustfmt::skip]
const NOUNS: &[&str] = &[
    "wijkteam", "gemeente", "inwoner", "ondersteuning", "schulden", "zorg", "buurt", "samenwerking",
    "huisarts", "wijkverpleegkundige", "jeugd", "gezin", "regie", "toegang", "registratie",
    "netwerk", "vrijwilliger", "plan", "gesprek", "huishouden", "professional", "generalist",
    "specialist", "consulent", "opbouwwerker", "corporatie", "woning", "aanvraag", "signaal",
    "voorziening", "budget", "mandaat", "overleg", "verslag", "afspraak", "coördinator", "casus",
    "partner", "organisatie", "school", "wijkagent", "mantelzorger", "dagbesteding", "inkomen",
    "uitkering", "werk", "vraag", "oplossing", "ervaring", "aanpak", "werkwijze", "methode",
    "training", "evaluatie", "doel", "resultaat", "keuze", "beleid", "wethouder", "opdracht",
    "financiering", "inkoop", "zorgverzekeraar", "privacy", "dossier", "systeem", "protocol",
    "toestemming", "kennis", "leerpunt", "thema", "wijk", "dorp", "stad", "bewoner", "buurthuis",
    "bibliotheek", "loket", "keukentafel", "stap", "preventie", "gezondheid", "veiligheid",
    "opvoeding", "ouder", "kind", "jongere", "oudere", "buurvrouw", "buurman", "vertrouwen", "tijd",
    "ruimte", "rol", "taak", "kwaliteit", "teamleider", "kwartiermaker", "regisseur", "huisbezoek",
    "schuldhulp", "betalingsregeling", "energierekening", "huur", "achterstand", "begeleiding",
    "hulpverlening", "instelling", "aanbieder", "contract", "verwijzing", "wachtlijst",
    "overdracht", "nazorg", "leefgebied", "zelfredzaamheid", "welzijn", "armoede", "eenzaamheid",
    "ggz", "sportclub", "kerk", "moskee", "voedselbank", "werkgever",
];
#[rustfmt::skip]
const ADJS: &[&str] = &[
    "lokale", "kwetsbare", "eigen", "brede", "vaste", "korte", "lange", "nieuwe", "sterke",
    "zwakke", "gezamenlijke", "informele", "formele", "specialistische", "sociale", "praktische",
    "duidelijke", "heldere", "kleine", "grote", "eerste", "volgende", "gedeelde", "open", "warme",
    "snelle", "stevige", "zorgvuldige", "preventieve", "integrale",
];
#[rustfmt::skip]
const VERBS: &[&str] = &[
    "versterkt", "ondersteunt", "bespreekt", "organiseert", "verbindt", "zoekt", "vraagt", "regelt",
    "maakt", "deelt", "bouwt", "helpt", "kiest", "volgt", "houdt", "brengt", "legt", "ziet", "kent",
    "opent", "betrekt", "signaleert", "begeleidt", "registreert", "evalueert", "verbetert",
    "verandert", "beschrijft", "toetst", "start", "werkt", "leert", "vindt", "plant",
];
#[rustfmt::skip]
const ADVS: &[&str] = &[
    "samen", "vaak", "soms", "steeds", "nog", "ook", "eerst", "later", "daarna", "snel",
    "zorgvuldig", "altijd", "meestal", "direct", "bewust",
];
const PREPS: &[&str] =
    &["met", "voor", "naar", "in", "bij", "over", "tussen", "rond", "zonder", "binnen", "via"];
const DETS: &[&str] = &["de", "het", "een", "deze", "ieder", "dit"];
const CONJS: &[&str] = &["en", "maar", "omdat", "want", "terwijl", "zodat", "dus"];
#[rustfmt::skip]
const COUNTS: &[&str] = &[
    "huishoudens", "gesprekken", "professionals", "inwoners", "wijken", "teams", "dossiers",
    "vrijwilligers", "partners", "weken", "maanden", "bijeenkomsten", "signalen", "aanvragen",
];
const LINK_PREPS: &[&str] = &["zie", "zoals bij", "met", "via", "volgens", "net als bij"];
#[rustfmt::skip]
const ENGLISH: &[&str] = &[
    "community", "support", "team", "care", "network", "debt", "youth", "household", "access",
    "social", "local", "guidance", "neighbourhood", "practice", "review", "outreach",
];
const DOCS: &[&str] = &["nota", "beleidsplan", "evaluatie", "uitvoeringsplan", "raadsvoorstel"];

// Values from the enumerations in kring.toml.
#[rustfmt::skip]
const LEEFGEBIEDEN: &[&str] = &[
    "financien", "dagbesteding", "huisvesting", "huiselijke relaties", "geestelijke gezondheid",
    "lichamelijke gezondheid", "verslaving", "adl", "sociaal netwerk",
    "maatschappelijke participatie", "justitie",
];
const TEAMVORM: &[&str] = &["compact", "uitgebreid", "netwerk"];
const PROFESSIONAL: &[&str] = &["generalist", "specialist", "mix"];
const ROL_TOEGANG: &[&str] =
    &["centrale toegang", "een van de toegangen", "naast andere toegangen", "geen toegang"];
const MANDAAT: &[&str] = &["team beslist", "via wmo-consulent", "geen mandaat", "gemeente beslist"];
const GEBRUIK: &[&str] = &["verplicht", "optioneel", "niet"];
const SOORT: &[&str] = &["instrument", "werkwijze", "gespreksvorm", "evaluatiemethode"];
const STATUS: &[&str] = &["loopt", "afgesloten", "overgedragen"];
const RELATIES: &[&str] = &["sterk", "zwak", "belastend"];
#[rustfmt::skip]
const AXES: &[&str] = &[
    "inrichting", "rol_gemeente", "positionering", "nulde_lijn", "doelgroepen", "professional",
    "basiszorg", "toegang", "regie", "mandaat", "jeugd",
];
#[rustfmt::skip]
const PROFILE: &[&str] = &[
    "wijken", "model", "professionals", "toegang", "status", "ambitie", "schil", "registratie",
    "doelgroep", "kernpartners", "aansturing", "monitoring",
];
#[rustfmt::skip]
const DOSSIERS: &[&str] = &[
    "dossiers_gestart_2014", "dossiers_gestart_2015", "dossiers_open", "dossiers_informatie_advies",
    "dossiers_vinger_aan_de_pols", "dossiers_ondersteuning",
];

// Free texts for front-matter fields.
#[rustfmt::skip]
const PROVINCES: &[&str] = &[
    "Noord-Holland", "Zuid-Holland", "Utrecht", "Gelderland", "Overijssel", "Flevoland",
    "Noord-Brabant", "Limburg", "Zeeland", "Drenthe", "Groningen", "Friesland",
];
#[rustfmt::skip]
const DOELGROEPEN: &[&str] = &[
    "alle inwoners", "jeugd en gezin", "ouderen", "mensen met een beperking", "kwetsbare inwoners",
    "mensen met schulden", "jongeren", "mantelzorgers",
];
#[rustfmt::skip]
const ROLES: &[&str] = &[
    "consulent werk en inkomen", "maatschappelijk werker", "wijkverpleegkundige", "opbouwwerker",
    "jeugdcoach", "schuldhulpverlener", "consulent wmo", "gedragsdeskundige", "ouderenadviseur",
];
#[rustfmt::skip]
const HUISHOUDENS: &[&str] = &[
    "alleenstaande ouder met twee kinderen", "echtpaar op leeftijd", "alleenstaande man",
    "alleenstaande vrouw", "gezin met drie kinderen", "jongvolwassene die net zelfstandig woont",
    "oudere die alleen woont",
];
#[rustfmt::skip]
const ECO_ROLES: &[(&str, &str)] = &[
    ("de buurvrouw", "informeel"), ("de huisarts", "formeel"), ("de woningcorporatie", "formeel"),
    ("de wijkverpleegkundige", "formeel"), ("een zus", "informeel"), ("de broer", "informeel"),
    ("de werkgever", "formeel"), ("de school", "formeel"), ("de schuldhulpverlener", "formeel"),
    ("een vriendin", "informeel"), ("de sportclub", "informeel"), ("de ex-partner", "informeel"),
];
#[rustfmt::skip]
const CASUS_HEADINGS: &[&str] = &[
    "Wie waren erbij betrokken?", "Wat is er gedaan?", "Wat waren de effecten?",
    "Wie heeft er baat bij?", "Hoe gaat het verder?", "Wat was er gebeurd zonder het wijkteam?",
];
const CASUS_LEAD: &str = "*Dit verhaal is verzonnen. Het is een samenstelling van situaties \
    die wijkteams vaak tegenkomen en gaat niet over één bestaand huishouden.*\n\n";
const MEETING_LEAD: &str =
    "> **Let op:** deze bijeenkomst is verzonnen voor een test van de kennisbank.\n\n";

/// xorshift64*: small, fast and deterministic.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // Spread the seed over the bits and never start in the all-zero state.
        Rng((seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x2545_F491_4F6C_DD1D) | 1)
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { ((self.next_u64() >> 11) % n as u64) as usize }
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `k` different indices in `0..n` (at most `n`).
    fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(k.min(n));
        while out.len() < k.min(n) {
            let i = self.below(n);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

/// How many pages each section gets, and how to name them.
struct Site {
    counts: [usize; 8],
    total: usize,
}

impl Site {
    fn new(pages: usize) -> Site {
        let pct = |p: usize, min: usize| (pages * p / 100).max(min);
        let mut counts = [10, 12, pct(8, 1), pct(4, 10), pct(8, 1), pct(4, 1), pct(20, 1), 0];
        let used: usize = counts.iter().sum();
        counts[PRAKTIJKEN] = pages.saturating_sub(used).max(1);
        Site { counts, total: counts.iter().sum() }
    }

    /// The slug of page `i` (1-based) of section `s`, e.g. `praktijk-12`.
    fn slug(&self, s: usize, i: usize) -> String {
        format!("{}-{i}", SECTIONS[s].kind)
    }

    /// The path of a page for links, e.g. `praktijken/praktijk-12`.
    fn path(&self, s: usize, i: usize) -> String {
        format!("{}/{}", SECTIONS[s].dir, self.slug(s, i))
    }

    fn random(&self, rng: &mut Rng, s: usize) -> String {
        self.slug(s, rng.range(1, self.counts[s]))
    }

    /// Between `lo` and `hi` different slugs of section `s`.
    fn refs(&self, rng: &mut Rng, s: usize, lo: usize, hi: usize) -> Vec<String> {
        let k = rng.range(lo, hi);
        rng.distinct(self.counts[s], k).into_iter().map(|j| self.slug(s, j + 1)).collect()
    }

    /// Like `refs`, but never page `except` (1-based).
    fn refs_except(&self, rng: &mut Rng, s: usize, hi: usize, except: usize) -> Vec<String> {
        let k = rng.range(1, hi);
        let picks = rng.distinct(self.counts[s] - 1, k);
        // Indices 0.. of the other pages map to 1.. with `except` skipped.
        let index = |j: usize| if j + 1 >= except { j + 2 } else { j + 1 };
        picks.into_iter().map(|j| self.slug(s, index(j))).collect()
    }

    /// Any page other than `me`, sections weighted by their size: (section, 1-based index).
    fn any_page(&self, rng: &mut Rng, me: (usize, usize)) -> (usize, usize) {
        loop {
            let mut n = rng.below(self.total);
            for (s, &count) in self.counts.iter().enumerate() {
                if n < count {
                    if (s, n + 1) != me {
                        return (s, n + 1);
                    }
                    break;
                }
                n -= count;
            }
        }
    }

    /// Between `lo` and `hi` different paths of pages in any section, never `me`.
    fn any_paths(&self, rng: &mut Rng, me: (usize, usize), lo: usize, hi: usize) -> Vec<String> {
        let mut out: Vec<String> = (0..rng.range(lo, hi))
            .map(|_| {
                let (s, i) = self.any_page(rng, me);
                self.path(s, i)
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

struct Args {
    pages: usize,
    out: PathBuf,
    seed: u64,
}

fn parse_args() -> Result<Args, String> {
    let (mut pages, mut out, mut seed) = (None, None, 42);
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} verwacht een waarde"))?;
        match flag.as_str() {
            "--pages" => pages = Some(value.parse::<usize>().map_err(|e| format!("--pages: {e}"))?),
            "--out" => out = Some(PathBuf::from(value)),
            "--seed" => seed = value.parse::<u64>().map_err(|e| format!("--seed: {e}"))?,
            _ => return Err(format!("onbekende optie {flag}")),
        }
    }
    Ok(Args { pages: pages.ok_or("--pages ontbreekt")?, out: out.ok_or("--out ontbreekt")?, seed })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match generate(&args) {
        Ok(n) => {
            println!("{n} pagina's geschreven in {}", args.out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("fout: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the configuration and all content; returns the number of pages (sections not counted).
fn generate(args: &Args) -> std::io::Result<usize> {
    let content = args.out.join("content");
    if content.exists() {
        fs::remove_dir_all(&content)?;
    }
    fs::create_dir_all(&content)?;
    fs::write(args.out.join("kring.toml"), CONFIG)?;
    let site = Site::new(args.pages);
    let mut rng = Rng::new(args.seed);
    fs::write(content.join("_index.md"), home(&mut rng, &site))?;
    let mut written = 0;
    for (s, kind) in SECTIONS.iter().enumerate() {
        let dir = content.join(kind.dir);
        fs::create_dir_all(&dir)?;
        fs::write(dir.join("_index.md"), section_index(&mut rng, &site, s))?;
        for i in 1..=site.counts[s] {
            let text = page(&mut rng, &site, s, i);
            fs::write(dir.join(format!("{}.md", site.slug(s, i))), text)?;
            written += 1;
        }
    }
    Ok(written)
}

fn home(rng: &mut Rng, site: &Site) -> String {
    let mut out = String::from("+++\ntitle = \"Kenniskring Sociale Wijkteams (testcorpus)\"\n");
    out += &format!("summary = {}\n+++\n\n", q(&sentence(rng)));
    out += &prose(rng, site, (usize::MAX, 0), 120, 2);
    out += "## Wat vind je hier?\n\n";
    for kind in &SECTIONS {
        let mut words = Vec::new();
        clause(rng, &mut words);
        out += &format!("- [[{}|{}]]: {}.\n", kind.dir, kind.label.to_lowercase(), words.join(" "));
    }
    out += "\n## Over deze kennisbank\n\n";
    out += &prose(rng, site, (usize::MAX, 0), 150, 2);
    out
}

fn section_index(rng: &mut Rng, site: &Site, s: usize) -> String {
    let kind = &SECTIONS[s];
    let sort = if s == BIJEENKOMSTEN { "date" } else { "title" };
    let mut out = format!("+++\ntitle = {}\ntype = {}\n", q(kind.label), q(kind.kind));
    out += &format!("sort_by = {}\nsummary = {}\n+++\n\n", q(sort), q(&sentence(rng)));
    out += &prose(rng, site, (usize::MAX, 0), 80, 1);
    out
}

fn page(rng: &mut Rng, site: &Site, s: usize, i: usize) -> String {
    let front = match s {
        THEMAS => thema(rng, i),
        METHODEN => methode(rng, site, i),
        BEGRIPPEN => begrip(rng, site, i),
        GEMEENTEN => gemeente(rng, site, i),
        TEAMS => team(rng, site, i),
        BIJEENKOMSTEN => bijeenkomst(rng, site, i),
        CASUSSEN => casus(rng, site, i),
        _ => praktijk(rng, site, i),
    };
    let no_headings: &[&str] = &[];
    let (lead, fixed) = match s {
        CASUSSEN => (CASUS_LEAD, CASUS_HEADINGS),
        BIJEENKOMSTEN => (MEETING_LEAD, no_headings),
        _ => ("", no_headings),
    };
    format!("+++\n{front}+++\n\n{}", body(rng, site, (s, i), fixed, lead))
}

// ---------------------------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------------------------

/// A TOML string.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A TOML key, quoted when it has a space.
fn key(k: &str) -> String {
    let bare = k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { k.to_string() } else { q(k) }
}

/// A TOML array of strings.
fn list<S: AsRef<str>>(items: &[S]) -> String {
    format!("[{}]", items.iter().map(|s| q(s.as_ref())).collect::<Vec<_>>().join(", "))
}

/// An unquoted TOML date in `from..=to` (days up to 28, so always valid).
fn date(rng: &mut Rng, from: usize, to: usize) -> String {
    format!("{}-{:02}-{:02}", rng.range(from, to), rng.range(1, 12), rng.range(1, 28))
}

/// Between `lo` and `hi` different items of a list.
fn pick_texts(rng: &mut Rng, items: &[&'static str], lo: usize, hi: usize) -> Vec<&'static str> {
    let k = rng.range(lo, hi);
    rng.distinct(items.len(), k).into_iter().map(|i| items[i]).collect()
}

/// Front matter under construction, one `key = value` line at a time.
struct Front(String);

impl Front {
    fn new(title: &str, summary: &str) -> Front {
        let mut f = Front(String::new());
        f.text("title", title);
        f.text("summary", summary);
        f
    }

    fn raw(&mut self, key: &str, value: impl Display) {
        self.0 += &format!("{key} = {value}\n");
    }

    fn text(&mut self, key: &str, value: &str) {
        self.raw(key, q(value));
    }

    fn list<S: AsRef<str>>(&mut self, key: &str, items: &[S]) {
        self.raw(key, list(items));
    }

    /// A list of inline tables, one per line.
    fn tables(&mut self, key: &str, rows: &[String]) {
        self.0 += &format!("{key} = [\n");
        for row in rows {
            self.0 += &format!("  {row},\n");
        }
        self.0 += "]\n";
    }
}

fn thema(rng: &mut Rng, i: usize) -> String {
    let mut f = Front::new(&format!("Thema {i}: {}", topic(rng)), &sentence(rng));
    f.text("vraag", &question(rng));
    f.0
}

fn methode(rng: &mut Rng, site: &Site, i: usize) -> String {
    let title = format!("Methode {i}: {} {}", rng.pick(ADJS), rng.pick(NOUNS));
    let mut f = Front::new(&title, &sentence(rng));
    f.text("doel", &sentence(rng));
    f.text("voor_wie", &sentence(rng));
    f.text("soort", rng.pick(SOORT));
    f.list("leefgebieden", &pick_texts(rng, LEEFGEBIEDEN, 1, 5));
    f.list("verwant_aan", &site.refs_except(rng, METHODEN, 3, i));
    f.text("buiten_bronnen", &sentence(rng));
    f.list("themas", &site.refs(rng, THEMAS, 1, 3));
    f.list("doelgroepen", &pick_texts(rng, DOELGROEPEN, 1, 2));
    f.0
}

/// A unique abbreviation of three or four capitals for begrip `n` (0-based), if any is left.
fn abbreviation(n: usize) -> Option<String> {
    const THREE: usize = 26 * 26 * 26;
    const FOUR: usize = THREE * 26;
    // A step coprime to 26^k visits every combination once, in a scrambled order.
    let (len, space, j) = match n {
        n if n < THREE => (3, THREE, n),
        n if n < THREE + FOUR => (4, FOUR, n - THREE),
        _ => return None,
    };
    let mut x = j * 7_919 % space;
    let mut out = String::with_capacity(len);
    for _ in 0..len {
        out.push(char::from(b'A' + (x % 26) as u8));
        x /= 26;
    }
    Some(out)
}

/// Words that start with the letters of the abbreviation, where the word lists have one.
fn expansion(rng: &mut Rng, abbr: &str) -> String {
    let words: Vec<&str> = abbr
        .to_lowercase()
        .chars()
        .map(|c| {
            let pool: Vec<&str> =
                NOUNS.iter().chain(ADJS).copied().filter(|w| w.starts_with(c)).collect();
            if pool.is_empty() { rng.pick(NOUNS) } else { rng.pick(&pool) }
        })
        .collect();
    words.join(" ")
}

fn begrip(rng: &mut Rng, site: &Site, i: usize) -> String {
    let abbr = abbreviation(i - 1);
    let voluit = match &abbr {
        Some(a) => expansion(rng, a),
        None => format!("{} {}", rng.pick(ADJS), rng.pick(NOUNS)),
    };
    let mut f = Front::new(&format!("Begrip {i}: {voluit}"), &sentence(rng));
    if let Some(a) = &abbr {
        f.text("afkorting", a);
    }
    f.text("voluit", &voluit);
    let english = pick_texts(rng, ENGLISH, 2, 3).join(" ");
    f.text("engels", &english);
    f.list("zie_ook", &site.any_paths(rng, (BEGRIPPEN, i), 1, 4));
    f.0
}

fn gemeente(rng: &mut Rng, site: &Site, i: usize) -> String {
    let mut f = Front::new(&format!("Gemeente {i}"), &sentence(rng));
    f.text("bron", SOURCE);
    f.raw("peildatum", date(rng, 2012, 2024));
    f.text("provincie", rng.pick(PROVINCES));
    f.text("cbs_code", &format!("GM{:04}", (i * 37) % 10_000));
    f.raw("inwoners", rng.range(5, 400) * 1000 + rng.below(1000));
    f.raw("teams", rng.range(1, 20));
    f.raw("start", rng.range(2010, 2020));
    let low = rng.range(3, 12) * 1000;
    f.text("bereik_per_team", &format!("{low}-{}", low + rng.range(2, 8) * 1000));
    f.text("teamvorm", rng.pick(TEAMVORM));
    f.text("type_professional", rng.pick(PROFESSIONAL));
    f.raw("gemeente_in_team", rng.chance(60));
    f.text("rol_toegang", rng.pick(ROL_TOEGANG));
    f.text("mandaat", rng.pick(MANDAAT));
    f.text("tagline", &capitalise(&format!("{} {}", rng.pick(ADJS), rng.pick(NOUNS))));
    for field in PROFILE {
        f.text(field, &sentence(rng));
    }
    gemeente_lists(rng, site, &mut f);
    // Tables come last: after a [table] header no top-level key can follow.
    for axis in AXES {
        f.0 += &format!("\n[spectrum.{axis}]\npositie = {}\n", rng.range(1, 5));
        f.0 += &format!("toelichting = {}\n", q(&sentence(rng)));
    }
    f.0
}

fn gemeente_lists(rng: &mut Rng, site: &Site, f: &mut Front) {
    let k = rng.range(2, 5);
    let methods: Vec<String> = rng
        .distinct(site.counts[METHODEN], k)
        .into_iter()
        .map(|m| {
            let slug = q(&site.slug(METHODEN, m + 1));
            let gebruik = q(rng.pick(GEBRUIK));
            let toelichting = q(&sentence(rng));
            format!("{{ methode = {slug}, gebruik = {gebruik}, toelichting = {toelichting} }}")
        })
        .collect();
    f.tables("methoden", &methods);
    f.list("themas", &site.refs(rng, THEMAS, 2, 4));
    f.list("indrukken", &(0..rng.range(2, 5)).map(|_| sentence(rng)).collect::<Vec<_>>());
    f.list("uitdagingen", &(0..rng.range(2, 5)).map(|_| sentence(rng)).collect::<Vec<_>>());
    let questions: Vec<String> = (0..rng.range(1, 4))
        .map(|_| {
            let vraag = q(&question(rng));
            format!("{{ vraag = {vraag}, thema = {} }}", q(&site.random(rng, THEMAS)))
        })
        .collect();
    f.tables("leervragen", &questions);
    f.list("kan_delen", &site.refs(rng, THEMAS, 1, 3));
    let docs: Vec<String> = (0..rng.range(1, 4))
        .map(|_| format!("{} {} {}", capitalise(rng.pick(DOCS)), rng.pick(ADJS), rng.pick(NOUNS)))
        .collect();
    f.list("beleidsdocumenten", &docs);
}

fn team(rng: &mut Rng, site: &Site, i: usize) -> String {
    let mut f = Front::new(&format!("Wijkteam {i}: {}", topic(rng)), &sentence(rng));
    f.text("bron", SOURCE);
    f.raw("peildatum", date(rng, 2013, 2024));
    f.text("gemeente", &site.random(rng, GEMEENTEN));
    f.text("gebied", &sentence(rng));
    f.raw("gestart", rng.range(2012, 2020));
    f.raw("fte", format!("{:.1}", rng.range(20, 90) as f64 / 10.0));
    f.list("samenstelling", &pick_texts(rng, ROLES, 3, 6));
    for field in DOSSIERS {
        f.raw(field, rng.range(0, 99));
    }
    f.list("themas", &site.refs(rng, THEMAS, 1, 3));
    f.0
}

fn bijeenkomst(rng: &mut Rng, site: &Site, i: usize) -> String {
    let mut f = Front::new(&format!("Bijeenkomst {i}: {}", topic(rng)), &sentence(rng));
    let day = date(rng, 2013, 2025);
    f.raw("datum", &day);
    f.raw("date", &day);
    let guests = site.refs(rng, GEMEENTEN, 3, 7);
    f.text("gastgemeente", &guests[0]);
    f.list("deelnemers", &guests);
    f.text("thema", &site.random(rng, THEMAS));
    f.list("vragen", &(0..rng.range(2, 4)).map(|_| question(rng)).collect::<Vec<_>>());
    f.list("geleerd", &(0..rng.range(2, 4)).map(|_| sentence(rng)).collect::<Vec<_>>());
    f.list("besproken", &site.any_paths(rng, (BIJEENKOMSTEN, i), 2, 6));
    f.0
}

fn casus(rng: &mut Rng, site: &Site, i: usize) -> String {
    let mut f = Front::new(&format!("Casus {i}: {}", topic(rng)), &sentence(rng));
    f.raw("fictief", true);
    f.text("geanonimiseerd_door", "redacteur van de kenniskring");
    f.raw("gecontroleerd_op", date(rng, 2024, 2026));
    f.text("gemeente", &site.random(rng, GEMEENTEN));
    f.text("huishouden", rng.pick(HUISHOUDENS));
    let areas = pick_texts(rng, LEEFGEBIEDEN, 2, 5);
    f.list("leefgebieden", &areas);
    f.list("methoden", &site.refs(rng, METHODEN, 1, 3));
    f.list("themas", &site.refs(rng, THEMAS, 1, 3));
    f.list("doelgroepen", &pick_texts(rng, DOELGROEPEN, 1, 2));
    f.text("status", rng.pick(STATUS));
    let start: Vec<usize> = areas.iter().map(|_| rng.range(1, 3)).collect();
    let end: Vec<usize> = start.iter().map(|s| (s + rng.below(3)).min(5)).collect();
    f.raw("zrm_begin", zrm(&areas, &start));
    f.raw("zrm_eind", zrm(&areas, &end));
    let k = rng.range(3, 6);
    let eco: Vec<String> = rng
        .distinct(ECO_ROLES.len(), k)
        .into_iter()
        .map(|r| {
            let (rol, soort) = ECO_ROLES[r];
            let relatie = q(rng.pick(RELATIES));
            format!("{{ rol = {}, relatie = {relatie}, soort = {} }}", q(rol), q(soort))
        })
        .collect();
    f.tables("ecogram", &eco);
    f.0
}

/// A ZRM map such as `{ financien = 2, "sociaal netwerk" = 3 }`.
fn zrm(areas: &[&str], scores: &[usize]) -> String {
    let pairs: Vec<String> =
        areas.iter().zip(scores).map(|(a, s)| format!("{} = {s}", key(a))).collect();
    format!("{{ {} }}", pairs.join(", "))
}

fn praktijk(rng: &mut Rng, site: &Site, i: usize) -> String {
    let mut f = Front::new(&format!("Praktijk {i}: {}", topic(rng)), &sentence(rng));
    f.text("gemeente", &site.random(rng, GEMEENTEN));
    f.list("themas", &site.refs(rng, THEMAS, 1, 3));
    f.list("doelgroepen", &pick_texts(rng, DOELGROEPEN, 1, 2));
    f.list("methoden", &site.refs(rng, METHODEN, 1, 3));
    f.raw("jaar", rng.range(2012, 2024));
    f.text("les", &sentence(rng));
    f.text("bron", SOURCE);
    f.raw("peildatum", date(rng, 2013, 2024));
    f.0
}

// ---------------------------------------------------------------------------------------------
// Prose
// ---------------------------------------------------------------------------------------------

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// Two different nouns, e.g. "schulden en toegang".
fn topic(rng: &mut Rng) -> String {
    let w = rng.distinct(NOUNS.len(), 2);
    format!("{} en {}", NOUNS[w[0]], NOUNS[w[1]])
}

fn question(rng: &mut Rng) -> String {
    let (verb, noun, prep, other) =
        (rng.pick(VERBS), rng.pick(NOUNS), rng.pick(PREPS), rng.pick(NOUNS));
    let ask = rng.pick(&["Hoe", "Waarom", "Wanneer"]);
    format!("{ask} {verb} de {noun} {prep} de {other}?")
}

/// One clause: determiner, noun, verb and a prepositional phrase; numbers never come first.
fn clause(rng: &mut Rng, words: &mut Vec<String>) {
    words.push(rng.pick(DETS).to_string());
    if rng.chance(35) {
        words.push(rng.pick(ADJS).to_string());
    }
    words.push(rng.pick(NOUNS).to_string());
    words.push(rng.pick(VERBS).to_string());
    if rng.chance(30) {
        words.push(rng.pick(ADVS).to_string());
    }
    words.push(rng.pick(PREPS).to_string());
    if rng.chance(8) {
        // Small numbers only, and never followed by "jaar": not an age, not an address.
        words.push(rng.range(2, 99).to_string());
        words.push(rng.pick(COUNTS).to_string());
    } else {
        words.push(rng.pick(DETS).to_string());
        words.push(rng.pick(NOUNS).to_string());
    }
}

/// The lowercase words of one sentence: clauses joined by conjunctions.
fn sentence_words(rng: &mut Rng) -> Vec<String> {
    let mut words = Vec::new();
    clause(rng, &mut words);
    while words.len() < 18 && rng.chance(40) {
        words.push(rng.pick(CONJS).to_string());
        clause(rng, &mut words);
    }
    words
}

fn finish(words: &[String], end: char) -> String {
    let mut s = capitalise(&words.join(" "));
    s.push(end);
    s
}

fn sentence(rng: &mut Rng) -> String {
    finish(&sentence_words(rng), '.')
}

/// A wiki-link to another page, with a preposition before it.
fn link_phrase(rng: &mut Rng, site: &Site, me: (usize, usize)) -> String {
    let (s, i) = site.any_page(rng, me);
    let target = site.path(s, i);
    let prep = rng.pick(LINK_PREPS);
    if rng.chance(50) {
        return format!("{prep} [[{target}]]");
    }
    let label = if rng.chance(50) {
        SECTIONS[s].link.to_string()
    } else {
        format!("{} {}", rng.pick(ADJS), rng.pick(NOUNS))
    };
    format!("{prep} [[{target}|{label}]]")
}

/// About `words` words in paragraphs of three to seven sentences, with `links` wiki-links.
fn prose(rng: &mut Rng, site: &Site, me: (usize, usize), words: usize, links: usize) -> String {
    let mut sentences: Vec<Vec<String>> = Vec::new();
    let mut n = 0;
    while n < words.max(1) {
        let s = sentence_words(rng);
        n += s.len();
        sentences.push(s);
    }
    for _ in 0..links {
        let k = rng.below(sentences.len());
        // Never before the first word: that one is capitalised.
        let pos = rng.range(1, sentences[k].len());
        let link = link_phrase(rng, site, me);
        sentences[k].insert(pos, link);
    }
    let mut out = String::new();
    let mut start = 0;
    while start < sentences.len() {
        let end = (start + rng.range(3, 7)).min(sentences.len());
        let para: Vec<String> = sentences[start..end]
            .iter()
            .map(|s| finish(s, if rng.chance(5) { '?' } else { '.' }))
            .collect();
        out += &para.join(" ");
        out += "\n\n";
        start = end;
    }
    out
}

fn heading(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => format!("{} en {}", capitalise(rng.pick(NOUNS)), rng.pick(NOUNS)),
        1 => format!("{} {}", capitalise(rng.pick(ADJS)), rng.pick(NOUNS)),
        2 => format!("De {} van de {}", rng.pick(NOUNS), rng.pick(NOUNS)),
        _ => format!("Hoe {} de {}?", rng.pick(VERBS), rng.pick(NOUNS)),
    }
}

/// `n` different headings.
fn headings(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let h = heading(rng);
        if seen.insert(h.clone()) {
            out.push(h);
        }
    }
    out
}

fn bullets(rng: &mut Rng) -> String {
    let n = rng.range(3, 6);
    let mut out = String::new();
    for k in 0..n {
        let mut words = Vec::new();
        clause(rng, &mut words);
        let end = if k + 1 == n { '.' } else { ';' };
        out += &format!("- {}{end}\n", words.join(" "));
    }
    out.push('\n');
    out
}

fn table(rng: &mut Rng) -> String {
    let cols = rng.distinct(COUNTS.len(), 3);
    let (x, y, z) = (COUNTS[cols[0]], COUNTS[cols[1]], COUNTS[cols[2]]);
    let mut out = format!("| onderdeel | {x} | {y} | {z} |\n");
    out += "|---|---:|---:|---:|\n";
    let rows = rng.range(3, 6);
    for r in rng.distinct(NOUNS.len(), rows) {
        let (a, b, c) = (rng.range(1, 99), rng.range(1, 99), rng.range(1, 99));
        out += &format!("| {} | {a} | {b} | {c} |\n", NOUNS[r]);
    }
    out.push('\n');
    out
}

fn code_block(rng: &mut Rng) -> String {
    let noun: String = rng.pick(NOUNS).chars().filter(char::is_ascii_lowercase).collect();
    let limit = rng.range(2, 20);
    if rng.chance(50) {
        format!(
            "```rust\nfn tel_{noun}(aantallen: &[u32]) -> usize {{\n    \
             aantallen.iter().filter(|n| **n > {limit}).count()\n}}\n```\n\n"
        )
    } else {
        let state = rng.pick(STATUS);
        format!(
            "```json\n{{\n  \"onderdeel\": \"{noun}\",\n  \"aantal\": {limit},\n  \
             \"stand\": \"{state}\",\n  \"open\": true\n}}\n```\n\n"
        )
    }
}

/// The Markdown body: a lead, prose under 4-8 headings (or the fixed ones), a bullet list, and
/// sometimes a table or a code block; 600-1,500 words with 3-10 wiki-links.
fn body(rng: &mut Rng, site: &Site, me: (usize, usize), fixed: &[&str], lead: &str) -> String {
    let target = rng.range(600, 1350);
    let heads: Vec<String> = if fixed.is_empty() {
        let n = rng.range(4, 8);
        headings(rng, n)
    } else {
        fixed.iter().map(|h| h.to_string()).collect()
    };
    let blocks = heads.len() + 1;
    let mut links = vec![0; blocks];
    for _ in 0..rng.range(3, 10) {
        links[rng.below(blocks)] += 1;
    }
    let list_at = rng.range(1, heads.len());
    let table_at = if rng.chance(25) { rng.range(1, heads.len()) } else { usize::MAX };
    let code_at = if rng.chance(10) { rng.range(1, heads.len()) } else { usize::MAX };
    let per = target / blocks;
    let mut out = String::from(lead);
    for (b, &count) in links.iter().enumerate() {
        if b > 0 {
            out += &format!("## {}\n\n", heads[b - 1]);
        }
        out += &prose(rng, site, me, per, count);
        if b == list_at || (b > 0 && rng.chance(20)) {
            out += &bullets(rng);
        }
        if b == table_at {
            out += &table(rng);
        }
        if b == code_at {
            out += &code_block(rng);
        }
    }
    out
}
