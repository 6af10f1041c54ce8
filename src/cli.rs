//! The command line: `kring build | serve | check | init | new`, with plain-language help.

use crate::build::{BuildOptions, BuildResult, build};
use crate::diagnostic::{Diagnostic, Lang, summary};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

/// Dutch headings for `--help`; clap's own are English.
const HELP_TEMPLATE: &str = "{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}";

/// kring: maakt van een map met Markdown-bestanden een website voor een kenniskring van gemeenten.
#[derive(Debug, Parser)]
#[command(next_help_heading = "Opties")]
#[command(
    name = "kring",
    version,
    about,
    long_about = None,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "Opdrachten",
    subcommand_value_name = "OPDRACHT"
)]
pub struct Cli {
    /// Toon deze hulp.
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// Toon het versienummer.
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
    /// De map van de kennisbank (met kring.toml en content/).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// Taal van meldingen: nl (standaard) of en. Zonder deze optie geldt 'language' uit kring.toml.
    #[arg(long, global = true)]
    pub lang: Option<String>,
    /// Wat kring moet doen.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Bouw de website in de map public/ (of --out).
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Opties")]
    Build {
        /// Map waarin de website komt.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Neem ook concepten (draft = true) op.
        #[arg(long)]
        drafts: bool,
        /// Het adres waarop de site komt te staan, bijvoorbeeld https://kennisbank.example.nl.
        #[arg(long)]
        base_url: Option<String>,
        /// Zonder zoekindex (sneller; de zoekpagina vindt dan niets).
        #[arg(long)]
        no_search: bool,
    },
    /// Bouw de website en bekijk hem in de browser op http://127.0.0.1:PORT; bouwt opnieuw bij elke wijziging.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Opties")]
    Serve {
        /// De poort.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Het adres waarop de server luistert; 0.0.0.0 maakt de site zichtbaar voor anderen in het netwerk.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Neem ook concepten (draft = true) op.
        #[arg(long)]
        drafts: bool,
        /// Kijk elke halve seconde naar wijzigingen, voor mappen waar meldingen van het systeem niet werken (netwerkschijven).
        #[arg(long)]
        poll: bool,
        /// Open de site in de browser.
        #[arg(long)]
        open: bool,
    },
    /// Controleer alles wat build controleert, zonder iets weg te schrijven.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Opties")]
    Check {
        /// Neem ook concepten (draft = true) op.
        #[arg(long)]
        drafts: bool,
        /// Toon het privacyrapport: elke mogelijke persoonsgegeven, ook geaccepteerde, gemaskeerd.
        #[arg(long)]
        privacy: bool,
        /// Uitvoer als tekst (standaard) of json, voor CI.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Maak een nieuwe, werkende kennisbank in map DIR.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Opties")]
    Init {
        /// De map voor de nieuwe kennisbank.
        dir: PathBuf,
    },
    /// Maak een nieuwe pagina van een type, met alle velden uitgelegd, bijvoorbeeld: kring new casus "Titel".
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Opties")]
    New {
        /// Het type (zoals in kring.toml), bijvoorbeeld gemeente, casus of methode.
        #[arg(value_name = "TYPE")]
        kind: String,
        /// De titel van de nieuwe pagina.
        title: String,
    },
}

/// Exit code: everything went well.
pub const EXIT_OK: i32 = 0;
/// Exit code: content, configuration or template errors.
pub const EXIT_CONTENT: i32 = 1;
/// Exit code: usage or internal error.
pub const EXIT_USAGE: i32 = 2;

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> i32 {
    let forced = match cli.lang.as_deref().map(Lang::parse) {
        Some(None) => {
            eprintln!("kring: --lang moet nl of en zijn / --lang must be nl or en");
            return EXIT_USAGE;
        }
        Some(Some(l)) => Some(l),
        None => None,
    };
    let root = cli.root;
    match cli.command {
        Command::Build { out, drafts, base_url, no_search } => cmd_build(
            &root,
            &out,
            BuildOptions { root: root.clone(), drafts, base_url, no_search, ..Default::default() },
            forced,
        ),
        Command::Check { drafts, privacy, format } => {
            let opts = BuildOptions { root: root.clone(), drafts, ..Default::default() };
            if privacy {
                crate::privacy::report::cmd_privacy(opts, forced, format)
            } else {
                cmd_check(opts, forced, format)
            }
        }
        Command::Serve { port, bind, drafts, poll, open } => {
            let opts = crate::serve::ServeOptions {
                build: BuildOptions { root, drafts, ..Default::default() },
                port,
                bind,
                lang: forced,
                poll,
                open,
            };
            crate::serve::serve(opts)
        }
        Command::Init { dir } => crate::scaffold::init(&dir, forced.unwrap_or_default()),
        Command::New { kind, title } => crate::scaffold::new_page(&root, &kind, &title, forced),
    }
}

/// Prints diagnostics to standard error in the chosen language.
pub fn print_diagnostics(diags: &[Diagnostic], lang: Lang) {
    for d in diags {
        eprintln!("{}", d.render(lang));
    }
}

fn seconds(d: std::time::Duration, lang: Lang) -> String {
    let s = format!("{:.2}", d.as_secs_f64());
    if lang == Lang::Nl { s.replace('.', ",") } else { s }
}

/// The closing line of a build: pages, total time and the slowest phase.
/// Every phase with its time, for `KRING_TIMINGS=1` and benchmarks.
pub fn phase_timings(result: &BuildResult, lang: Lang) -> String {
    let parts: Vec<String> =
        result.timings.iter().map(|(n, d)| format!("{n} {} s", seconds(*d, lang))).collect();
    format!("{}: {}", if lang == Lang::Nl { "stappen" } else { "phases" }, parts.join(", "))
}

/// The closing line, with every phase's time when `KRING_TIMINGS` is set.
pub fn build_summary_full(result: &BuildResult, lang: Lang) -> String {
    let mut line = build_summary(result, lang);
    if std::env::var_os("KRING_TIMINGS").is_some() {
        line.push('\n');
        line.push_str(&phase_timings(result, lang));
    }
    line
}

/// The closing line of a build without phase details.
pub fn build_summary(result: &BuildResult, lang: Lang) -> String {
    if result.output.is_none() && result.pages == 0 {
        // Stopped before any page was read: only the problems matter.
        return summary(&result.diagnostics, lang);
    }
    let total: std::time::Duration = result.timings.iter().map(|(_, d)| *d).sum();
    let slow =
        result.slowest().map(|(n, d)| format!("{n} {} s", seconds(d, lang))).unwrap_or_default();
    match lang {
        Lang::Nl => format!(
            "{} pagina's in {} s (traagste stap: {slow}); {}",
            result.pages,
            seconds(total, lang),
            summary(&result.diagnostics, lang)
        ),
        Lang::En => format!(
            "{} pages in {} s (slowest step: {slow}); {}",
            result.pages,
            seconds(total, lang),
            summary(&result.diagnostics, lang)
        ),
    }
}

fn cmd_build(root: &Path, out: &Path, opts: BuildOptions, forced: Option<Lang>) -> i32 {
    let out = if out.is_absolute() { out.to_path_buf() } else { root.join(out) };
    let content = root.join("content");
    if let (Ok(o), Ok(c)) = (absolute(&out), absolute(&content))
        && (o.starts_with(&c) || c.starts_with(&o))
    {
        eprintln!(
            "kring: de uitvoermap {} mag niet in content/ liggen (of content/ bevatten) / the output folder must not be inside content/",
            out.display()
        );
        return EXIT_USAGE;
    }
    // The search records and index are made after the pages are written and freed, from the
    // kept site graph: Pagefind needs much memory of its own, and so the build's peak is the
    // larger of the two, not their sum.
    let with_search = !opts.no_search;
    let mut result = build(&BuildOptions { no_search: true, keep_site: with_search, ..opts });
    let lang = forced.unwrap_or(result.lang);
    print_diagnostics(&result.diagnostics, lang);
    let Some(files) = result.output.take() else {
        eprintln!("{}", build_summary_full(&result, lang));
        return EXIT_CONTENT;
    };
    let started = std::time::Instant::now();
    let staging = crate::output::Staging::new(&out);
    let written = staging.write(&files);
    drop(files);
    result.timings.push(("write", started.elapsed()));
    let written = written.and_then(|()| {
        if let Some(kept) = result.kept.take() {
            let started = std::time::Instant::now();
            let records = crate::search::records(&kept.site);
            drop(kept);
            result.timings.push(("records", started.elapsed()));
            let started = std::time::Instant::now();
            // Bundles whose pages did not change are taken over from the current output.
            let index = crate::search::build_index(result.lang, records, staging.previous())?;
            staging.write(&crate::output::OutputSet::from_files(index))?;
            result.timings.push(("search", started.elapsed()));
        }
        staging.finish()
    });
    if let Err(d) = written {
        // The content was fine; the machine could not take the files (disk full, permissions),
        // or the index could not be made. Exit code 1, like every other reason the site was
        // not written.
        eprintln!("{}", d.render(lang));
        return EXIT_CONTENT;
    }
    eprintln!("{}", build_summary_full(&result, lang));
    EXIT_OK
}

fn absolute(p: &Path) -> std::io::Result<PathBuf> {
    std::path::absolute(p).map(|p| p.components().collect())
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Lines of text.
    Text,
    /// One JSON document on standard output.
    Json,
}

fn cmd_check(opts: BuildOptions, forced: Option<Lang>, format: Format) -> i32 {
    let result = build(&opts);
    let lang = forced.unwrap_or(result.lang);
    if format == Format::Json {
        let doc = serde_json::json!({
            "ok": result.output.is_some(),
            "pages": result.pages,
            "diagnostics": result.diagnostics.iter().map(|d| serde_json::json!({
                "path": d.path, "line": d.line, "column": d.col, "severity": d.severity, "code": d.code,
                "message": d.message.get(lang), "hint": d.hint.as_ref().map(|h| h.get(lang)),
            })).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        return if result.output.is_some() { EXIT_OK } else { EXIT_CONTENT };
    }
    print_diagnostics(&result.diagnostics, lang);
    eprintln!("kring check: {}", build_summary(&result, lang));
    if result.output.is_some() { EXIT_OK } else { EXIT_CONTENT }
}
