// Side by side on the demo site: two to four municipalities in columns, chosen with checkboxes,
// with the script (choice kept in the URL, differences re-marked) and without it (CSS only).
import { test } from "node:test";
import assert from "node:assert/strict";
import { demo } from "./helpers.mjs";

const ctx = demo();

const visibleColumns = (page) =>
  page.$$eval("table.side thead th", (ths) => ths.filter((th) => th.offsetParent !== null).map((th) => th.textContent.trim()));

// Every visible row is marked exactly when its visible cells are not all the same.
const marksAreRight = (page) =>
  page.$$eval("table.side tbody tr", (rows) => rows.every((r) => {
    const vals = [...r.querySelectorAll("td")].filter((td) => td.offsetParent !== null).map((td) => td.textContent);
    const differs = vals.some((v) => v !== vals[0]);
    return differs === r.querySelector(".diff-mark").checkVisibility() && differs === r.classList.contains("differs");
  }));

test("a link with three municipalities shows three columns; a fourth is the most", async () => {
  const page = await ctx.chrome.newPage();
  await page.goto(`${ctx.server.url}/vergelijk/naast-elkaar/?g=haarlem&g=velsen&g=zaanstad`);
  assert.deepEqual(await visibleColumns(page), ["Gegeven", "Haarlem", "Velsen", "Zaanstad"]);
  assert.match(await page.textContent(".side-status"), /^3 gekozen; \d+ gegevens verschillen\.$/);
  assert.ok(await marksAreRight(page));
  await page.getByRole("checkbox", { name: "Heemskerk" }).check();
  assert.equal((await visibleColumns(page)).length, 5);
  assert.match(await page.textContent(".side-status"), /meer kan niet/);
  assert.ok(await page.getByRole("checkbox", { name: "Purmerend" }).isDisabled(), "a fifth cannot be ticked");
  assert.deepEqual(new URL(page.url()).searchParams.getAll("g"), ["haarlem", "heemskerk", "velsen", "zaanstad"]);
  await page.getByRole("checkbox", { name: "Velsen" }).uncheck();
  await page.getByRole("checkbox", { name: "Zaanstad" }).uncheck();
  assert.deepEqual(await visibleColumns(page), ["Gegeven", "Haarlem", "Heemskerk"]);
  assert.ok(await marksAreRight(page), "marks follow the chosen pair");
  await page.close();
});

test("without JavaScript the checkboxes still narrow the table", async () => {
  const context = await ctx.chrome.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${ctx.server.url}/vergelijk/naast-elkaar/`);
  assert.equal((await visibleColumns(page)).length, 11, "all ten, before a choice");
  await page.getByRole("checkbox", { name: "Beverwijk" }).check();
  await page.getByRole("checkbox", { name: "Hilversum" }).check();
  await page.getByRole("checkbox", { name: "Purmerend" }).check();
  assert.deepEqual(await visibleColumns(page), ["Gegeven", "Beverwijk", "Hilversum", "Purmerend"]);
  await context.close();
});
