//! Times the rebuild `kring serve` does after an edit to one page's front matter, in process,
//! without the background search index: `cargo run --release --example rebuild_edit -- ROOT
//! REL_PATH [EDITS] [check] [end]`. A benchmark, not a test. The file is restored at the end.
//! With `check`, every rebuild is compared with a build from scratch (slow: one full build
//! each). The edit puts `Xk ` before the title (the page moves in title order); with `end`, it
//! adds ` (k)` after it (the page usually keeps its place); with `link`, it adds a sentence
//! with a link to another page at the end of the text instead.

use kring::build::{BuildCache, BuildOptions, build_with};
use std::time::Instant;

// The allocator `kring` itself runs with, so the times are those of `kring serve`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time of this process so far (user + system, Linux), in milliseconds; 0 elsewhere. Less
/// disturbed than wall time on a shared machine.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime and stime are 14 and 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) * 10.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(root), Some(rel)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: rebuild_edit ROOT REL_PATH [EDITS] [check] [end|link]");
        std::process::exit(2);
    };
    let edits: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(6);
    let check = args.iter().skip(4).any(|a| a == "check");
    let at_end = args.iter().skip(4).any(|a| a == "end");
    let link = args.iter().skip(4).any(|a| a == "link");
    let opts = BuildOptions {
        root: root.into(),
        skip_search: true,
        keep_site: true,
        ..Default::default()
    };
    let cache = BuildCache::default();
    let path = std::path::Path::new(root).join("content").join(rel);
    let original = std::fs::read_to_string(&path).expect("the page can be read");
    let first = build_with(&opts, Some(&cache));
    assert!(first.output.is_some(), "the first build failed");
    drop(first);
    let (mut times, mut cpus) = (Vec::new(), Vec::new());
    for k in 0..edits {
        let text = if k % 2 == 0 && link {
            format!("{original}\n\nZie ook [[gemeenten/gemeente-{}]].\n", k + 3)
        } else if k % 2 == 0 && at_end {
            retitled_at_end(&original, k)
        } else if k % 2 == 0 {
            original.replacen("title = \"", &format!("title = \"X{k} "), 1)
        } else {
            original.clone()
        };
        std::fs::write(&path, text).expect("the page can be written");
        let (started, cpu) = (Instant::now(), cpu_ms());
        let result = build_with(&opts, Some(&cache));
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let cpu = cpu_ms() - cpu;
        let phases: Vec<String> = result
            .timings
            .iter()
            .map(|(n, d)| format!("{n} {:.0}", d.as_secs_f64() * 1000.0))
            .collect();
        println!("edit {k}: {ms:.0} ms, cpu {cpu:.0} ms ({})", phases.join(", "));
        times.push(ms);
        cpus.push(cpu);
        if check {
            let full = kring::build::build(&opts).output.expect("the full build succeeds");
            let output = result.output.expect("the rebuild succeeds");
            let differing: Vec<&String> =
                full.files.keys().filter(|f| full.get(f) != output.get(f)).collect();
            assert!(differing.is_empty(), "edit {k}: differs from a full build: {differing:?}");
            assert_eq!(full.files.len(), output.files.len(), "edit {k}: the number of files");
            println!("edit {k}: the same {} files as a full build", full.files.len());
        }
    }
    std::fs::write(&path, original).expect("the page can be restored");
    times.sort_by(f64::total_cmp);
    cpus.sort_by(f64::total_cmp);
    let (wall, cpu) = (times[times.len() / 2], cpus[cpus.len() / 2]);
    println!("median {wall:.0} ms wall, {cpu:.0} ms cpu over {edits} edits");
}

/// `text` with ` (k)` at the end of its first `title = "..."` line's value.
fn retitled_at_end(text: &str, k: usize) -> String {
    let start = text.find("title = \"").expect("the page has a title line");
    let end = start + text[start..].find('\n').unwrap_or(text.len() - start);
    let close = start + text[start..end].rfind('"').expect("the title is quoted");
    format!("{} ({k}){}", &text[..close], &text[close..])
}
