//! `kring serve` as an editor meets it, and the incremental rebuild behind it.

mod common;

use kring::build::{BuildOptions, build, build_with};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn opts(root: &Path) -> BuildOptions {
    BuildOptions { root: root.to_path_buf(), ..Default::default() }
}

/// Builds `root` keeping the site for quick edits.
fn kept_build(root: &Path) -> (kring::output::OutputSet, kring::edit::Kept) {
    let o = BuildOptions { keep_site: true, skip_search: true, ..opts(root) };
    let result = build_with(&o, None);
    (result.output.unwrap(), result.kept.unwrap())
}

#[test]
fn a_text_edit_renders_only_its_page_and_books_and_equals_a_full_build() {
    let dir = common::copy_fixture("minimal");
    let (mut served, mut kept) = kept_build(dir.path());
    let alfa = dir.path().join("content/gemeenten/alfa.md");
    let text = std::fs::read_to_string(&alfa).unwrap();
    let edited = text.replace(
        "Alfa werkt met de [[methoden/zrm|ZRM]].",
        "Alfa werkt sinds 2020 met de [[methoden/zrm|ZRM]].\n\nEen tweede alinea, met *nadruk*.",
    );
    std::fs::write(&alfa, &edited).unwrap();
    let edit = kring::edit::apply_quick_edit(&mut kept, "gemeenten/alfa.md", edited.into_bytes())
        .expect("a text edit takes the quick path");
    let paths: Vec<&str> = edit.files.iter().map(|(p, _)| p.as_str()).collect();
    assert!(paths.contains(&"gemeenten/alfa/index.html") && paths.contains(&"boek/index.html"));
    assert!(paths.len() < served.files.len() / 4, "only a few files: {paths:?}");
    for (path, bytes) in edit.files {
        served.insert(path, bytes);
    }
    let full_opts = BuildOptions { skip_search: true, ..opts(dir.path()) };
    let full = build(&full_opts);
    let full_out = full.output.unwrap();
    let differing: Vec<&String> =
        full_out.files.keys().filter(|k| full_out.get(k) != served.get(k)).collect();
    assert!(differing.is_empty() && full_out.files.len() == served.files.len(), "{differing:?}");
    assert!(served.text("gemeenten/alfa/index.html").unwrap().contains("Een tweede alinea"));
    // The search record is the one a full build makes.
    let record = full.search_records.iter().find(|r| r.url == "/gemeenten/alfa/");
    assert_eq!(edit.record.as_ref(), record.map(|r| &**r));
    assert!(record.unwrap().content.contains("tweede alinea"));
}

#[test]
fn edits_other_pages_could_see_take_the_full_build_after_a_preview_of_the_page() {
    use kring::edit::{EditOutcome, apply_edit};
    let dir = common::copy_fixture("minimal");
    let (served, mut kept) = kept_build(dir.path());
    let text = std::fs::read_to_string(dir.path().join("content/gemeenten/alfa.md")).unwrap();
    // Good on their own page, so shown at once: the preview has the change.
    let previewed = [
        ("a title", text.replace("title = \"Alfa\"", "title = \"Alfa aan Zee\""), "Alfa aan Zee"),
        // Municipalities are compared in matrices: all their fields are seen elsewhere.
        (
            "a field of a municipality",
            text.replace("inwoners = 155000", "inwoners = 165000"),
            "165",
        ),
        (
            "a new link",
            text.replace(
                "met de [[methoden/zrm|ZRM]].",
                "met [[gemeenten/beta|buurgemeente Beta]].",
            ),
            "buurgemeente Beta",
        ),
        ("a new heading", format!("{text}\n\n## Nieuw kopje\n"), "Nieuw kopje"),
    ];
    let page = "gemeenten/alfa/index.html";
    for (what, edited, shows) in previewed {
        match apply_edit(&mut kept, "gemeenten/alfa.md", edited.into_bytes()) {
            EditOutcome::Preview(p) => {
                let html = String::from_utf8(p.bytes).unwrap();
                assert_eq!((p.url.as_str(), p.file.as_str()), ("/gemeenten/alfa/", page));
                assert!(
                    html.contains(shows) && !served.text(page).unwrap().contains(shows),
                    "{what}"
                );
            }
            _ => panic!("{what} must show a preview, then take the full build"),
        }
    }
    // The kept site is still the last build's: a text edit after the previews equals a build
    // of that text (its title still "Alfa").
    assert_eq!(
        kept.site
            .content
            .pages
            .iter()
            .find(|p| p.rel_path == "gemeenten/alfa.md")
            .unwrap()
            .meta
            .title,
        "Alfa"
    );
    let full = [
        ("a broken link", format!("{text}\n\nZie [[bestaat/niet]].")),
        ("personal data", format!("{text}\n\nBel 06-12345678 voor meer.")),
        ("broken front matter", text.replace("+++\ntitle", "+++\ntitle title")),
        ("a new address", text.replace("+++\ntitle", "+++\nslug = \"alfa-stad\"\ntitle")),
        ("a draft", text.replace("+++\ntitle", "+++\ndraft = true\ntitle")),
    ];
    for (what, edited) in full {
        let outcome = apply_edit(&mut kept, "gemeenten/alfa.md", edited.into_bytes());
        assert!(matches!(outcome, EditOutcome::Full), "{what} must take the full build at once");
    }
    let beta = std::fs::read_to_string(dir.path().join("content/gemeenten/beta.md")).unwrap();
    assert!(
        matches!(apply_edit(&mut kept, "gemeenten/nieuw.md", beta.into_bytes()), EditOutcome::Full),
        "a new file takes the full build"
    );
}

#[test]
fn every_field_edit_the_quick_path_takes_equals_a_full_build() {
    let dir = common::copy_demo();
    let root = dir.path();
    let (mut served, mut kept) = kept_build(root);
    let front_lines = common::front_lines;
    let pages = common::fullest_page_per_folder(root);
    assert!(pages.len() >= 8, "{pages:?}");
    let full_opts = BuildOptions { skip_search: true, ..opts(root) };
    let (mut taken, mut tried) = (Vec::new(), 0);
    for rel in &pages {
        let path = root.join("content").join(rel);
        let original = std::fs::read_to_string(&path).unwrap();
        for (n, line) in original.lines().enumerate().take(front_lines(&original) + 1) {
            let Some(changed) = common::changed_line(line) else { continue };
            tried += 1;
            let mut lines: Vec<&str> = original.lines().collect();
            lines[n] = &changed;
            let edited = lines.join("\n") + "\n";
            std::fs::write(&path, &edited).unwrap();
            let Some(edit) = kring::edit::apply_quick_edit(&mut kept, rel, edited.into_bytes())
            else {
                continue;
            };
            taken.push(format!("{rel}: {changed}"));
            edit.files.into_iter().for_each(|(p, b)| served.insert(p, b));
            let full = build(&full_opts);
            let full_out = full.output.unwrap();
            let differing: Vec<&String> =
                full_out.files.keys().filter(|k| full_out.get(k) != served.get(k)).collect();
            assert!(differing.is_empty(), "{rel}: {changed}: {differing:?}");
            assert_eq!(full_out.files.len(), served.files.len());
            let record = full.search_records.iter().find(|r| r.url == edit.url);
            assert_eq!(edit.record.as_ref(), record.map(|r| &**r), "{rel}: {changed}");
            // Back to the original, which must take the quick path too.
            std::fs::write(&path, &original).unwrap();
            let back = kring::edit::apply_quick_edit(&mut kept, rel, original.clone().into_bytes())
                .expect("undoing a quick edit is a quick edit");
            back.files.into_iter().for_each(|(p, b)| served.insert(p, b));
        }
        std::fs::write(&path, &original).unwrap();
    }
    // Titles, summaries, themes, references and every field of municipalities, teams, themes
    // and glossary terms are seen elsewhere; the rest of the fields take the quick path.
    assert!(taken.len() >= 10 && taken.len() < tried, "{tried} tried, taken: {taken:#?}");
    assert!(
        !taken.iter().any(|t| t.contains("title = ") || t.contains("summary = ")),
        "{taken:#?}"
    );
}

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_kring"))
        .arg("--root")
        .arg(root)
        .args(["serve", "--poll", "--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    listening(Server { child, port })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The server, once it accepts connections.
fn listening(server: Server) -> Server {
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", server.port)).is_err() {
        assert!(Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    server
}

/// Sends a raw request and returns (status, headers, body).
fn request(port: u16, raw: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(raw.as_bytes()).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

fn get(port: u16, path: &str) -> (u16, String, String) {
    request(port, &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
}

#[test]
fn serves_from_memory_safely_with_reload_etag_and_head() {
    let dir = common::copy_fixture("minimal");
    let server = start(dir.path());
    let (status, head, body) = get(server.port, "/gemeenten/alfa/");
    assert_eq!(status, 200);
    assert!(head.contains("text/html; charset=utf-8"));
    assert!(
        body.contains("EventSource('/__kring/events')"),
        "reload script is injected when serving"
    );
    let etag = head.lines().find_map(|l| l.strip_prefix("ETag: ")).unwrap().to_string();
    let (status, _, _) = request(
        server.port,
        &format!(
            "GET /gemeenten/alfa/ HTTP/1.1\r\nHost: x\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status, 304);
    let (status, _, body) =
        request(server.port, "HEAD /style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!((status, body.as_str()), (200, ""));
    for path in [
        "/../kring.toml",
        "/%2e%2e/kring.toml",
        "/%2E%2E%2Fkring.toml",
        "/..\\kring.toml",
        "//etc/passwd",
        "/gemeenten/../../kring.toml",
    ] {
        assert_eq!(get(server.port, path).0, 404, "{path}");
    }
    assert_eq!(get(server.port, "/gemeenten").0, 301);
    assert_eq!(
        request(
            server.port,
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .0,
        405
    );
    assert_eq!(get(server.port, &format!("/{}", "a".repeat(3000))).0, 414);
}

/// A server on a copy of the minimal fixture, with the path and text of `gemeenten/alfa.md`.
fn serve_minimal() -> (tempfile::TempDir, Server, std::path::PathBuf, String) {
    let dir = common::copy_fixture("minimal");
    let server = start(dir.path());
    let alfa = dir.path().join("content/gemeenten/alfa.md");
    let text = std::fs::read_to_string(&alfa).unwrap();
    // Let the watcher take its first look, and keep edits apart on file systems with coarse mtimes.
    std::thread::sleep(Duration::from_millis(1500));
    (dir, server, alfa, text)
}

#[test]
fn text_and_title_edits_in_a_running_server_show_up_in_turn() {
    let (_dir, server, alfa, text) = serve_minimal();
    let wait_for = |path: &str, needle: &str| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !get(server.port, path).2.contains(needle) {
            assert!(Instant::now() < deadline, "{path} never showed {needle}");
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    // A text edit (the quick path), a title edit (a full build), then text again (quick).
    let text = text.replace("Alfa werkt met", "Alfa werkt sinds kort met");
    std::fs::write(&alfa, &text).unwrap();
    wait_for("/gemeenten/alfa/", "sinds kort");
    wait_for("/boek/", "sinds kort");
    std::thread::sleep(Duration::from_millis(1100));
    let text = text.replace("title = \"Alfa\"", "title = \"Alfa aan Zee\"");
    std::fs::write(&alfa, &text).unwrap();
    wait_for("/", "Alfa aan Zee");
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(&alfa, text.replace("sinds kort", "sinds jaren")).unwrap();
    wait_for("/gemeenten/alfa/", "sinds jaren");
    let page = get(server.port, "/gemeenten/alfa/").2;
    assert!(page.contains("Alfa aan Zee") && !page.contains("sinds kort"));
}

/// The reload events of a running server, as the reload script reads them.
fn events(port: u16) -> impl FnMut() -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(b"GET /__kring/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut buf = String::new();
    move || loop {
        if let Some(at) = buf.find("data: ")
            && let Some(end) = buf[at..].find("\n\n")
        {
            let event = buf[at + 6..at + end].to_string();
            buf.drain(..at + end + 2);
            return event;
        }
        let mut chunk = [0u8; 4096];
        let n = s.read(&mut chunk).expect("an event within a minute");
        assert!(n > 0, "the event stream closed");
        buf.push_str(&String::from_utf8_lossy(&chunk[..n]));
    }
}

#[test]
fn a_title_edit_reloads_its_page_at_once_and_the_pages_that_show_it_after_the_build() {
    let (_dir, server, alfa, text) = serve_minimal();
    let mut next_event = events(server.port);
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&alfa, text.replace("title = \"Alfa\"", "title = \"Alfa aan Zee\"")).unwrap();
    // First the preview: only the edited page reloads, and it has its new title.
    let first = next_event();
    assert!(first.ends_with(" only [\"/gemeenten/alfa/\"]"), "{first}");
    // Then the build: every other page, and not the edited page again, which it made as the
    // preview showed it.
    let second = next_event();
    assert!(second.ends_with(" except [\"/gemeenten/alfa/\"]"), "{second}");
    let id = |e: &str| e.split(' ').next().unwrap().parse::<u64>().unwrap();
    assert_eq!(id(&second), id(&first) + 1);
    assert!(get(server.port, "/gemeenten/alfa/").2.contains("<h1>Alfa aan Zee</h1>"));
    assert!(get(server.port, "/gemeenten/").2.contains("Alfa aan Zee"));
    // A text edit now is quick again, and reloads every page (the books show it too).
    std::thread::sleep(Duration::from_millis(1100));
    let text = text.replace("title = \"Alfa\"", "title = \"Alfa aan Zee\"");
    std::fs::write(&alfa, text.replace("Alfa werkt met", "Alfa werkt sinds kort met")).unwrap();
    let third = next_event();
    assert_eq!(id(&third), id(&second) + 1, "{third}");
    assert!(!third.contains(' '), "{third}");
}

#[test]
fn a_preview_whose_build_fails_gives_way_to_the_last_good_site_and_the_overlay() {
    let (_dir, server, alfa, text) = serve_minimal();
    let mut next_event = events(server.port);
    std::thread::sleep(Duration::from_millis(300));
    // Good on its own page, so previewed; only the site graph finds the missing heading.
    std::fs::write(&alfa, format!("{text}\n\nZie [[gemeenten/beta#bestaat-niet|de buren]].\n"))
        .unwrap();
    let first = next_event();
    assert!(first.ends_with(" only [\"/gemeenten/alfa/\"]"), "{first}");
    // The build fails: every page reloads, to the site from before the preview, with the errors.
    let second = next_event();
    assert!(!second.contains(' '), "{second}");
    let (_, _, page) = get(server.port, "/gemeenten/alfa/");
    assert!(!page.contains("de buren"), "the preview is gone");
    assert!(page.contains("id=\"kring-fouten\"") && page.contains("#bestaat-niet"), "{page}");
}

/// As an editor starts it: in the knowledge base's folder, without `--root`, watching with the
/// system's file events; the terminal goes to `log`.
fn start_in_folder(root: &Path, log: &Path) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_kring"))
        .current_dir(root)
        .args(["serve", "--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap();
    listening(Server { child, port })
}

#[test]
fn a_save_through_a_renamed_temporary_file_is_a_quick_edit_of_that_page() {
    let dir = common::copy_fixture("minimal");
    let logs = tempfile::tempdir().unwrap();
    let log = logs.path().join("serve.log");
    let server = start_in_folder(dir.path(), &log);
    std::thread::sleep(Duration::from_millis(1500));
    // As `sed -i` and some editors save: a temporary file beside the page, renamed over it.
    let alfa = dir.path().join("content/gemeenten/alfa.md");
    let text =
        std::fs::read_to_string(&alfa).unwrap().replace("Alfa werkt met", "Alfa werkt al lang met");
    let temp = dir.path().join("content/gemeenten/sedX4b2Qz");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &alfa).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !get(server.port, "/gemeenten/alfa/").2.contains("al lang") {
        assert!(Instant::now() < deadline, "the edit never showed");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    let terminal = std::fs::read_to_string(&log).unwrap();
    // Named from the knowledge base's folder, without the temporary file, and quick.
    assert!(
        terminal.contains("gewijzigd: content/gemeenten/alfa.md; alleen de tekst gewijzigd"),
        "{terminal}"
    );
}

#[test]
fn the_terminal_counts_the_files_a_full_rebuild_changed() {
    let dir = common::copy_fixture("minimal");
    let build_now = || {
        let o = BuildOptions { skip_search: true, ..opts(dir.path()) };
        build(&o).output.unwrap()
    };
    let before = build_now();
    let logs = tempfile::tempdir().unwrap();
    let log = logs.path().join("serve.log");
    let server = start_in_folder(dir.path(), &log);
    std::thread::sleep(Duration::from_millis(1500));
    let alfa = dir.path().join("content/gemeenten/alfa.md");
    let text = std::fs::read_to_string(&alfa).unwrap();
    std::fs::write(&alfa, text.replace("title = \"Alfa\"", "title = \"Alfa aan Zee\"")).unwrap();
    // The pages that show the title (listings, backlinks, matrices), as two builds differ.
    let after = build_now();
    let expected = after.changed_from(&before);
    assert!(expected > 3, "a title is shown on several pages: {expected}");
    let deadline = Instant::now() + Duration::from_secs(60);
    let wanted = format!("0 waarschuwingen; {expected} bestanden gewijzigd (");
    loop {
        let terminal = std::fs::read_to_string(&log).unwrap();
        if terminal.contains(&wanted) {
            break;
        }
        assert!(Instant::now() < deadline, "no '{wanted}' in:\n{terminal}");
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(server);
}

#[test]
fn a_broken_edit_shows_the_overlay_and_the_fix_clears_it() {
    let (_dir, server, alfa, good) = serve_minimal();
    std::fs::write(&alfa, good.replace("inwoners = 155000", "inwoners = \"veel\"")).unwrap();
    let wait_for = |want: bool| {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let (_, _, body) = get(server.port, "/methoden/zrm/");
            if body.contains("kring-fouten") == want {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "overlay did not {}",
                if want { "appear" } else { "go away" }
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    };
    let body = wait_for(true);
    assert!(body.contains("content/gemeenten/alfa.md:4:12: fout[wrong-type]: &#39;inwoners&#39; moet een geheel getal zijn"), "{body}");
    assert!(body.contains("<h1>Zelfredzaamheidsmatrix</h1>"), "the last good site stays up");
    // The fix at once, with the size of the error and (as on a file system that keeps whole
    // seconds) its modification time: the polling watcher still sees it.
    let broken = std::fs::metadata(&alfa).unwrap();
    assert_eq!(broken.len() as usize, good.len(), "the fix has the size of the error");
    std::fs::write(&alfa, &good).unwrap();
    let file = std::fs::File::options().write(true).open(&alfa).unwrap();
    file.set_modified(broken.modified().unwrap()).unwrap();
    wait_for(false);
}

#[test]
fn ten_thousand_requests_from_many_connections_while_rebuilding() {
    let dir = common::copy_fixture("minimal");
    let server = start(dir.path());
    let port = server.port;
    // Stalled clients: connections that send half a request and then nothing; each holds a
    // thread of its own while other connections get theirs. (Arriving all in the same instant
    // they can hold up a request queued among them: see docs/cli.md.)
    let stalled: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(b"GET /gemeenten/alfa/ HTTP/1.1\r\nHost: x\r\n").unwrap();
            std::thread::sleep(Duration::from_millis(10));
            s
        })
        .collect();
    let started = Instant::now();
    assert_eq!(get(port, "/").0, 200);
    assert!(started.elapsed() < Duration::from_secs(3), "stalled clients block others");
    // Edits keep the watcher rebuilding while the load runs.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let (stop, file) = (stop.clone(), dir.path().join("content/verslagen/eerste.md"));
        let text = std::fs::read_to_string(&file).unwrap();
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                std::fs::write(&file, format!("{text}\nBewerking {n}.\n")).unwrap();
                std::thread::sleep(Duration::from_millis(300));
            }
            n
        })
    };
    let paths = ["/", "/gemeenten/alfa/", "/methoden/zrm/", "/style.css", "/sitemap.xml"];
    let workers: Vec<_> = (0..50)
        .map(|w| {
            std::thread::spawn(move || {
                let mut bad = Vec::new();
                for i in 0..200 {
                    let path = paths[(w + i) % paths.len()];
                    let (status, _, body) = get(port, path);
                    if status != 200 || body.is_empty() {
                        bad.push(format!("{path}: {status}"));
                    }
                }
                bad
            })
        })
        .collect();
    let bad: Vec<String> = workers.into_iter().flat_map(|w| w.join().unwrap()).collect();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let edits = editor.join().unwrap();
    eprintln!("10,000 requests in {:?} with {edits} edits", started.elapsed());
    assert!(bad.is_empty(), "{} failed, e.g. {:?}", bad.len(), &bad[..bad.len().min(5)]);
    assert!(edits >= 2, "the load ran while the site was edited");
    drop(stalled);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !get(port, "/verslagen/eerste/").2.contains(&format!("Bewerking {edits}.")) {
        assert!(Instant::now() < deadline, "the edits were not rebuilt");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn encoded_line_breaks_cannot_inject_headers() {
    let dir = common::copy_fixture("minimal");
    let server = start(dir.path());
    for path in [
        "/gemeenten%0d%0aSet-Cookie:%20x=1",
        "/%0d%0aSet-Cookie:%20x=1/",
        "/gemeenten%0aX-Evil:%201",
    ] {
        let (status, head, _) = get(server.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(!head.contains("Set-Cookie") && !head.contains("X-Evil"), "{head}");
    }
}
