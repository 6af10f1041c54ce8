//! The `kring` command; all work happens in the library.

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = kring::cli::Cli::parse();
    let code = std::panic::catch_unwind(|| kring::cli::run(cli)).unwrap_or_else(|_| {
        eprintln!("kring: interne fout; meld dit alstublieft met de uitvoer hierboven / internal error, please report it");
        kring::cli::EXIT_USAGE
    });
    std::process::exit(code);
}
