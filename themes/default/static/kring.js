// kring: progressive enhancement for comparison tables. Without JavaScript the table is complete;
// with it, column headers become sort buttons (aria-sort) and a filter box appears.
(function () {
  "use strict";
  function cellKey(row, index) {
    var cell = row.children[index];
    return cell ? (cell.getAttribute("data-sort") || "") : "";
  }
  function sortTable(table, index, type, th) {
    var current = th.getAttribute("aria-sort");
    var dir = current === "ascending" ? "descending" : "ascending";
    table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    table.querySelectorAll("tbody").forEach(function (body) {
      var rows = Array.prototype.filter.call(body.rows, function (r) { return !r.classList.contains("group"); });
      rows.sort(function (a, b) {
        var x = cellKey(a, index), y = cellKey(b, index);
        // Empty keys (unknown, not given) always sort last, in both directions.
        if (x === "" && y === "") return 0;
        if (x === "") return 1;
        if (y === "") return -1;
        var c = type === "number" ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, document.documentElement.lang);
        return dir === "ascending" ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortTable(table, index, th.getAttribute("data-type"), th); });
    });
  });
  document.querySelectorAll(".matrix-tools").forEach(function (tools) {
    tools.hidden = false;
    var input = tools.querySelector("input");
    var table = document.getElementById(input.getAttribute("data-table"));
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase();
      table.querySelectorAll("tbody tr").forEach(function (r) {
        if (r.classList.contains("group")) return;
        r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) === -1;
      });
    });
  });
  // Side by side: the choice lives in the URL (?g=a&g=b), at most four, differences re-marked
  // among the chosen columns. Without this script the checkboxes still narrow the table (CSS).
  document.querySelectorAll(".side-pick").forEach(function (box) {
    box.classList.add("js");
    var inputs = [].slice.call(box.querySelectorAll(".pick input"));
    var status = box.querySelector(".side-status");
    var rows = [].slice.call(box.querySelectorAll("tbody tr"));
    function say(key, n, d) {
      status.textContent = status.getAttribute(key).replace("{n}", n).replace("{d}", d);
    }
    function update(fromUser) {
      var on = inputs.filter(function (i) { return i.checked; });
      inputs.forEach(function (i) { i.disabled = !i.checked && on.length >= 4; });
      var cols = (on.length ? on : inputs).map(function (i) { return i.getAttribute("data-col"); });
      var differ = 0;
      rows.forEach(function (r) {
        var vals = cols.map(function (c) { return r.querySelector(".c-" + c).textContent; });
        var d = vals.some(function (v) { return v !== vals[0]; });
        r.classList.toggle("differs", d);
        r.querySelector(".diff-mark").hidden = !d;
        if (d) differ++;
      });
      if (on.length < 2) say("data-few", on.length, differ);
      else say(on.length >= 4 ? "data-full" : "data-some", on.length, differ);
      if (fromUser) {
        var url = new URL(window.location.href);
        url.searchParams.delete("g");
        on.forEach(function (i) { url.searchParams.append("g", i.value); });
        window.history.replaceState(null, "", url);
      }
    }
    var wanted = new URL(window.location.href).searchParams.getAll("g").slice(0, 4);
    inputs.forEach(function (i) {
      i.checked = wanted.indexOf(i.value) !== -1;
      i.addEventListener("change", function () { update(true); });
    });
    update(false);
  });
})();
