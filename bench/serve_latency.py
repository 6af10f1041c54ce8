"""Time from saving a content file to the reload signal of a running `kring serve`.

Usage: python3 bench/serve_latency.py ROOT REL_PATH PORT [EDITS] [body|title|KEY]
A "body" edit adds a sentence to the text after the front matter (every other edit restores
the file); a "title" edit changes the title; any other word is a front-matter key whose whole
number goes up by one (e.g. `jaar` of a practice page). Uses ./target/release/kring (or $KRING).
Prints two times per edit: until the edited page is ready to reload (a quick edit, or the preview
of the page before a full build) and until the whole site is up to date (the full build's event).
A benchmark, not a test: it never fails because a machine is slow.
"""
import re
import subprocess, sys, time, socket, os, threading
root, rel, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = int(sys.argv[4]) if len(sys.argv) > 4 else 5
mode = sys.argv[5] if len(sys.argv) > 5 else "body"
proc = subprocess.Popen([os.environ.get("KRING", "./target/release/kring"), "--root", root, "serve", "--port", str(port)], stderr=subprocess.PIPE, text=True)
log = []
def reader():
    for line in proc.stderr:
        log.append((time.time(), line.rstrip()))
threading.Thread(target=reader, daemon=True).start()
deadline = time.time() + 300
while not any("kring serve:" in l for _, l in log):
    if time.time() > deadline or proc.poll() is not None:
        sys.exit("kring serve did not start: " + " / ".join(l for _, l in log[-5:]))
    time.sleep(0.05)
time.sleep(1)
def sse():
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /__kring/events HTTP/1.1\r\nHost: x\r\n\r\n")
    s.settimeout(60)
    return s
path = os.path.join(root, "content", rel)
orig = open(path, encoding="utf-8").read()
res, whole = [], []
for k in range(n):
    s = sse(); time.sleep(0.3)
    try:
        s.recv(4096)  # headers (and maybe retry line)
    except Exception: pass
    if mode == "body":
        head, sep, body = orig.rpartition("+++\n"); text = head + sep + body.replace("\n\n", f"\n\nExtra zin nummer {k} in de tekst.\n\n", 1) if k % 2 == 0 else orig
    elif mode == "title":
        text = orig.replace('title = "', f'title = "X{k} ', 1) if k % 2 == 0 else orig
    else:
        text = re.sub(rf"(?m)^{mode} = (\d+)$", lambda m: f"{mode} = {int(m.group(1)) + 1}", orig, count=1) if k % 2 == 0 else orig
    t0 = time.time()
    with open(path, "w", encoding="utf-8") as f: f.write(text)
    # The first event reloads the edited page; after a preview ("only" that page) the full
    # build's event follows, and then the whole site is up to date.
    buf, page = b"", None
    while True:
        buf += s.recv(4096)
        events = [l for l in buf.split(b"\n") if l.startswith(b"data:")]
        if events and page is None:
            page = (time.time() - t0) * 1000
        if any(b" only " not in e for e in events):
            break
    res.append(page)
    whole.append((time.time() - t0) * 1000)
    s.close(); time.sleep(0.5)
open(path, "w", encoding="utf-8").write(orig)
time.sleep(1.5)
for _, l in log[-12:]: print("  log:", l)
print("save->reload-ready ms (edited page):", [round(x) for x in res], "median", round(sorted(res)[len(res)//2]))
print("save->whole site up to date ms:", [round(x) for x in whole], "median", round(sorted(whole)[len(whole)//2]))
proc.terminate()
