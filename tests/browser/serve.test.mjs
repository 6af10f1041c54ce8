// `kring serve` as an editor sees it in chromium: a saved edit reloads the open pages by
// itself (the edited page at once, the pages that show it after the build, each once), and a
// broken edit shows the error overlay on every open page until the fix clears it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { browser, kringBinary, root } from "./helpers.mjs";

const ctx = {};

const freePort = () => new Promise((ok) => {
  const s = createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); });
});

before(async () => {
  ctx.dir = mkdtempSync(join(tmpdir(), "kring-serve-"));
  cpSync(join(root, "tests/fixtures/minimal"), ctx.dir, { recursive: true });
  ctx.alfa = join(ctx.dir, "content/gemeenten/alfa.md");
  ctx.text = readFileSync(ctx.alfa, "utf8");
  const port = await freePort();
  ctx.url = `http://127.0.0.1:${port}`;
  ctx.server = spawn(kringBinary(), ["--root", ctx.dir, "serve", "--poll", "--port", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
  ctx.terminal = "";
  await new Promise((ok, fail) => {
    ctx.server.stderr.on("data", (d) => { ctx.terminal += d; if (ctx.terminal.includes("kring serve:")) ok(); });
    ctx.server.on("exit", (code) => fail(new Error(`kring serve stopped (${code}): ${ctx.terminal}`)));
  });
  ctx.chrome = await browser();
});

after(async () => {
  await ctx.chrome?.close();
  ctx.server?.kill();
});

/** Polls `check` (which may throw while a page reloads) until it is true; fails after 30 s. */
async function until(check, what) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (await check().catch(() => false)) return;
    assert.ok(Date.now() < deadline, `${what}; terminal:\n${ctx.terminal}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** Saves alfa.md as an editor would, right after the last save if need be: the polling
 * watcher compares sizes, times to the nanosecond and the bytes of files just saved. */
function save(text) {
  writeFileSync(ctx.alfa, text);
}

/** Opens `path` in a new tab that counts its page loads. */
async function open(path) {
  const page = await ctx.chrome.newPage();
  const tab = { page, loads: 0 };
  page.on("load", () => tab.loads++);
  await page.goto(`${ctx.url}${path}`);
  // The reload script listens once the event stream is open.
  await page.waitForTimeout(500);
  return tab;
}

test("a new title reloads the edited page and the list that shows it, each once", async () => {
  const alfa = await open("/gemeenten/alfa/");
  const list = await open("/gemeenten/");
  assert.equal(await alfa.page.textContent("h1"), "Alfa");
  const [alfaLoads, listLoads] = [alfa.loads, list.loads];
  await save(ctx.text.replace('title = "Alfa"', 'title = "Alfa aan Zee"'));
  await until(async () => (await alfa.page.textContent("h1")) === "Alfa aan Zee", "the edited page did not reload");
  await until(async () => (await list.page.textContent("main")).includes("Alfa aan Zee"), "the list did not reload");
  // Events that arrive after the build would reload again: give them time to.
  await alfa.page.waitForTimeout(1500);
  assert.equal(alfa.loads - alfaLoads, 1, "the edited page reloads once, by itself");
  assert.equal(list.loads - listLoads, 1, "the list reloads once, by itself");
  assert.match(ctx.terminal, /deze pagina getoond, de rest van de site volgt/);
  await alfa.page.close();
  await list.page.close();
});

test("a broken edit shows the overlay on every open page, and the fix clears it", async () => {
  const tabs = [await open("/gemeenten/alfa/"), await open("/methoden/zrm/")];
  const overlay = (tab) => tab.page.locator("#kring-fouten");
  const good = await tabs[0].page.textContent("h1");
  await save(ctx.text.replace("inwoners = 155000", 'inwoners = "veel"'));
  for (const tab of tabs) {
    await until(() => overlay(tab).isVisible(), "no overlay after the broken edit");
    const text = await overlay(tab).textContent();
    assert.match(text, /content\/gemeenten\/alfa\.md:\d+:\d+/, "the overlay names file, line and column");
    assert.match(text, /'inwoners'/, "and the field to change");
    assert.equal(await overlay(tab).getAttribute("role"), "alert", "screen readers announce it");
  }
  // The last good site is still served under the overlay.
  assert.equal(await tabs[0].page.textContent("h1"), good);
  await save(ctx.text);
  for (const tab of tabs) {
    await until(async () => (await overlay(tab).count()) === 0, "the fix did not clear the overlay");
  }
  assert.equal(await tabs[0].page.textContent("h1"), "Alfa");
  for (const tab of tabs) await tab.page.close();
});
