// Search in a real browser against the built demo site: Dutch word forms, abbreviations, a facet
// filter and a query without results; reports the bytes the index cost for one query.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serve, browser } from "./helpers.mjs";

let site, server, chrome, page;

before(async () => {
  site = buildSite();
  server = await serve(site);
  chrome = await browser();
  page = await chrome.newPage();
});
after(async () => {
  await chrome?.close();
  await server?.close();
});

/** All result URLs for `q` through Pagefind's own API (the UI shows only the first few). */
async function allUrls(q) {
  await page.goto(`${server.url}/zoeken/`);
  return page.evaluate(async (query) => {
    const pagefind = await import("/pagefind/pagefind.js");
    const found = await pagefind.search(query);
    const data = await Promise.all(found.results.map((r) => r.data()));
    return data.map((d) => new URL(d.url, location.href).pathname);
  }, q);
}

async function search(q) {
  await page.goto(`${server.url}/zoeken/?q=${encodeURIComponent(q)}`);
  await page.waitForSelector(".pagefind-ui__message", { timeout: 15000 });
  await page.waitForFunction(() => !/Zoeken|Searching/.test(document.querySelector(".pagefind-ui__message").textContent), null, { timeout: 15000 });
  const message = (await page.textContent(".pagefind-ui__message")).trim();
  const urls = await page.$$eval(".pagefind-ui__result-link", (links) => links.map((a) => new URL(a.href).pathname));
  return { message, urls };
}

test("inflected Dutch queries find the base forms", async () => {
  // "wijkteams" must also find pages that only say "wijkteam", and "gemeenten" those that say "gemeente".
  const plural = await allUrls("wijkteams");
  const singular = await allUrls("wijkteam");
  assert.ok(plural.length > 0 && singular.every((u) => plural.includes(u)), `${plural.length} vs ${singular.length}`);
  const gemeenten = await allUrls("gemeenten");
  const gemeente = await allUrls("gemeente");
  assert.ok(gemeente.every((u) => gemeenten.includes(u)), `${gemeenten.length} vs ${gemeente.length}`);
  const ui = await search("wijkteams");
  assert.match(ui.message, /resulta/);
});

test("an expansion finds pages that only use the abbreviation, and the reverse", async () => {
  const full = await allUrls("zelfredzaamheidsmatrix");
  assert.ok(full.includes("/gemeenten/velsen/"), `Velsen only says ZRM: ${full.join(" ")}`);
  const abbr = await allUrls("ZRM");
  assert.ok(abbr.includes("/methoden/zrm/"), abbr.join(" "));
});

test("the type facet filters results", async () => {
  await search("schulden");
  const filter = page.locator(".pagefind-ui__filter-panel");
  const casus = page.locator("label", { hasText: /^Casus/ }).first();
  // Open the "type" group until its options show: Pagefind's UI may draw the panel again (closed)
  // when the filter counts arrive after the first click.
  for (let i = 0; i < 40 && !(await casus.isVisible()); i++) {
    await filter.getByText("type", { exact: false }).first().click({ timeout: 2000 }).catch(() => {});
    await page.waitForTimeout(250);
  }
  await casus.click();
  await page.waitForTimeout(500);
  const urls = await page.$$eval(".pagefind-ui__result-link", (links) => links.map((a) => new URL(a.href).pathname));
  assert.ok(urls.length > 0);
  assert.ok(urls.every((u) => u.startsWith("/casussen/")), urls.join(" "));
});

test("a query without results says so in Dutch", async () => {
  const none = await search("xyzzyqwertyplof");
  assert.equal(none.urls.length, 0);
  assert.match(none.message, /Geen resultaten/);
});

test("the header search box leads to results, by keyboard only", async () => {
  await page.goto(`${server.url}/`);
  await page.keyboard.press("Tab"); // skip link
  await page.keyboard.press("Tab"); // site title
  await page.keyboard.press("Tab"); // search field
  assert.equal(await page.evaluate(() => document.activeElement.id), "zoekveld");
  await page.keyboard.type("toegang");
  await page.keyboard.press("Enter");
  await page.waitForSelector(".pagefind-ui__result-link", { timeout: 15000 });
  assert.match(page.url(), /\/zoeken\/\?q=toegang/);
  const bytes = [...server.sent].filter(([p]) => p.startsWith("/pagefind/")).reduce((n, [, b]) => n + b, 0);
  console.log(`search index bytes transferred so far in this session: ${bytes}`);
});

test("a search index split in eight bundles (as at 10,000 pages) finds the same pages", async () => {
  const split = buildSite(undefined, { KRING_SEARCH_SHARDS: "8" });
  const other = await serve(split);
  const count = async (base, q) => {
    await page.goto(`${base}/zoeken/?q=${encodeURIComponent(q)}`);
    await page.waitForSelector(".pagefind-ui__message", { timeout: 15000 });
    await page.waitForFunction(() => /\d/.test(document.querySelector(".pagefind-ui__message").textContent));
    // The number of pages found; the order may differ, as each bundle ranks its own pages.
    return Number((await page.textContent(".pagefind-ui__message")).match(/\d+/)[0]);
  };
  try {
    for (const q of ["wijkteam", "schulden"]) {
      const one = await count(server.url, q);
      const two = await count(other.url, q);
      assert.ok(one > 0, q);
      assert.equal(two, one, q);
    }
  } finally {
    await other.close();
  }
});
