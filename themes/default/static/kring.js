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
})();
