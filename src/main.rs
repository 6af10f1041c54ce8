//! The `kring` command; all work happens in the library.

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option `purge_delay` (its place in `mi_option_t`, the same in v2 and v3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // Freed memory goes back to the OS after 10 s instead of 1 s: the search indexer frees
    // hundreds of megabytes at the end of each bundle and allocates as much for the next one;
    // returned at once, every page of it is faulted in and zeroed again (at 10,000 pages
    // 400,000 page faults, a second of kernel time; docs/performance.md, session 18).
    // MIMALLOC_PURGE_DELAY in the environment still decides.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10_000) };
    }
    let cli = kring::cli::Cli::parse();
    let code = std::panic::catch_unwind(|| kring::cli::run(cli)).unwrap_or_else(|_| {
        eprintln!("kring: interne fout; meld dit alstublieft met de uitvoer hierboven / internal error, please report it");
        kring::cli::EXIT_USAGE
    });
    std::process::exit(code);
}

#[cfg(test)]
mod tests {
    use super::MI_OPTION_PURGE_DELAY;

    /// A mimalloc upgrade that renumbers its options would make main() set another one.
    #[test]
    fn the_option_set_is_mimallocs_purge_delay() {
        // main() does not run in tests: the option has the value from the environment, else
        // mimalloc v3's default of 1000 ms; no other option has that default.
        let expected = std::env::var("MIMALLOC_PURGE_DELAY").ok().and_then(|v| v.parse().ok());
        let value = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(value, expected.unwrap_or(1000));
    }
}
