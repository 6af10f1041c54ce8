// Shared helpers for the browser tests: build the demo site once with the kring binary, serve
// the built files with a plain static server (as any host would), and start Debian's chromium.
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import { readFile, stat } from "node:fs/promises";
import { mkdtempSync, existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";
import { before, after } from "node:test";

export const root = resolve(import.meta.dirname, "../..");

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
  ".svg": "image/svg+xml", ".xml": "application/xml", ".csv": "text/csv", ".txt": "text/plain",
};

/** The most recently built kring binary, so a stale release build never hides a change. */
export function kringBinary() {
  const bin = [join(root, "target/release/kring"), join(root, "target/debug/kring")]
    .filter(existsSync)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!bin) throw new Error("build kring first (cargo build)");
  return bin;
}

/** Builds `site` (default: the demo) into a temporary folder and returns that folder. */
export function buildSite(site = root, env = {}) {
  const out = mkdtempSync(join(tmpdir(), "kring-browser-"));
  execFileSync(kringBinary(), ["--root", site, "build", "--out", out], { stdio: "inherit", env: { ...process.env, ...env } });
  return out;
}

/** Serves `dir` on a free loopback port; returns { url, close, bytes } where bytes counts what was sent per path. */
export async function serve(dir) {
  const sent = new Map();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) { res.writeHead(404); return res.end(); }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      let body = await readFile(file);
      const headers = { "Content-Type": TYPES[extname(file)] || "application/octet-stream" };
      // Compress text as any static host does, so transfer sizes are realistic.
      if (/gzip/.test(req.headers["accept-encoding"] || "") && /text|json|xml|svg/.test(headers["Content-Type"])) {
        body = gzipSync(body);
        headers["Content-Encoding"] = "gzip";
      }
      sent.set(path, (sent.get(path) || 0) + body.length);
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { "Content-Type": "text/html; charset=utf-8" });
      res.end(await readFile(join(dir, "404.html")).catch(() => "404"));
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, sent, close: () => new Promise((ok) => server.close(ok)) };
}

/** Starts headless chromium with the flags this closed network needs. */
export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

/** Builds and serves the demo and starts chromium before a test file's tests, closing both after;
 * the returned object gets `site`, `server` and `chrome`. */
export function demo() {
  const ctx = {};
  before(async () => {
    ctx.site = buildSite();
    ctx.server = await serve(ctx.site);
    ctx.chrome = await browser();
  });
  after(async () => {
    await ctx.chrome?.close();
    await ctx.server?.close();
  });
  return ctx;
}
