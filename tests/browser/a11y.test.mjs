// Quality gates on the built demo site: axe-core (WCAG 2.0/2.1 A and AA) on every page type at
// phone and desktop width and in dark mode, the Nu Html Checker on every page, a keyboard walk,
// and the weight of a factsheet.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { demo } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const PAGES = [
  "/", "/gemeenten/", "/gemeenten/heemskerk/", "/gemeenten/haarlem/", "/teams/haarlem-noord-noord/",
  "/methoden/zrm/", "/praktijken/voorportaal-heemskerk/", "/casussen/schimmel-in-de-slaapkamer/",
  "/bijeenkomsten/", "/begrippen/zrm/", "/themas/toegang/", "/leefgebied/", "/leefgebied/financien/",
  "/vergelijk/", "/vergelijk/profiel/", "/vergelijk/spectrum/", "/vergelijk/methoden/", "/netwerk/",
  "/zoeken/?q=schulden", "/boek/toegang/", "/bestaat-niet/", "/vergelijk/naast-elkaar/", "/vergelijk/naast-elkaar/haarlem-heemskerk/",
  "/vergelijk/naast-elkaar/?g=haarlem&g=velsen&g=zaanstad&g=heemskerk",
];

const ctx = demo();

async function axe(page, url) {
  await page.goto(ctx.server.url + url);
  if (url.startsWith("/zoeken")) await page.waitForSelector(".pagefind-ui__result", { timeout: 15000 });
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const result = await page.evaluate(() => axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  return result.violations.map((v) => `${url}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

for (const [name, viewport, scheme] of [["desktop", { width: 1280, height: 900 }, "light"], ["phone", { width: 360, height: 740 }, "light"], ["dark", { width: 1280, height: 900 }, "dark"]]) {
  test(`axe finds no WCAG 2.1 AA violations (${name})`, async () => {
    const page = await ctx.chrome.newPage({ viewport });
    await page.emulateMedia({ colorScheme: scheme });
    const problems = [];
    for (const url of PAGES) problems.push(...(await axe(page, url)));
    await page.close();
    assert.deepEqual(problems, []);
  });
}

test("every generated HTML page passes the Nu Html Checker", () => {
  const files = [];
  const walk = (dir) => readdirSync(dir).forEach((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) { if (f !== "pagefind") walk(p); } else if (p.endsWith(".html")) files.push(p);
  });
  walk(ctx.site);
  const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
  let output = "";
  try {
    execFileSync("java", ["-jar", jar, "--errors-only", "--format", "text", ...files], { encoding: "utf8", stdio: "pipe", maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    output = `${e.stdout || ""}${e.stderr || ""}`;
  }
  console.log(`Nu Html Checker: ${files.length} pages checked`);
  assert.equal(output.trim(), "", output.split("\n").slice(0, 30).join("\n"));
});

// WCAG 1.4.10 (reflow): at 320 CSS px nothing but a wide table or chart, in its own scroll box,
// may need sideways scrolling. axe does not check this; long Dutch compounds and the search box did.
test("every page reflows at 320 px: the page itself never scrolls sideways", async () => {
  const urls = [];
  const walk = (dir, url) => readdirSync(dir).forEach((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) { if (f !== "pagefind") walk(p, `${url}${f}/`); } else if (f === "index.html") urls.push(url);
  });
  walk(ctx.site, "/");
  const page = await ctx.chrome.newPage({ viewport: { width: 320, height: 640 } });
  const wide = [];
  for (const url of [...urls, "/zoeken/?q=zrm", "/vergelijk/naast-elkaar/?g=haarlem&g=velsen&g=zaanstad&g=heemskerk"]) {
    await page.goto(ctx.server.url + url);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) wide.push(`${url} (${width} px)`);
  }
  await page.close();
  console.log(`reflow at 320 px: ${urls.length + 2} pages checked`);
  assert.ok(urls.length > 100, `only ${urls.length} pages found`);
  assert.deepEqual(wide, []);
});

test("keyboard only: skip link, navigation and sorting a comparison table", async () => {
  const page = await ctx.chrome.newPage();
  await page.goto(`${ctx.server.url}/vergelijk/profiel/`);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => location.hash), "#inhoud");
  let found = false;
  for (let i = 0; i < 40 && !found; i++) {
    await page.keyboard.press("Tab");
    found = await page.evaluate(() => document.activeElement.classList.contains("sort"));
  }
  assert.ok(found, "a sort button is reachable by Tab");
  await page.keyboard.press("Tab"); // the "Inwoners" column
  await page.keyboard.press("Enter");
  const sorted = await page.$eval("th[aria-sort]", (th) => [th.textContent.trim(), th.getAttribute("aria-sort")]);
  assert.match(sorted[0], /Inwoners/);
  assert.equal(sorted[1], "ascending");
  const first = await page.$eval("table.matrix tbody tr th a", (a) => a.textContent);
  assert.equal(first, "Langedijk", "smallest municipality first");
  await page.close();
});

test("a factsheet with its CSS and scripts transfers under 60 KB", async () => {
  for (const url of ["/gemeenten/haarlem/", "/gemeenten/heemskerk/"]) {
    const context = await ctx.chrome.newContext();
    const page = await context.newPage();
    ctx.server.sent.clear();
    await page.goto(`${ctx.server.url}${url}`, { waitUntil: "networkidle" });
    const bytes = [...ctx.server.sent.values()].reduce((a, b) => a + b, 0);
    console.log(`factsheet ${url} with CSS and scripts: ${bytes} bytes transferred (gzip), files: ${[...ctx.server.sent.keys()].join(" ")}`);
    assert.ok(bytes < 60 * 1024, `${bytes} bytes`);
    await context.close();
  }
});
