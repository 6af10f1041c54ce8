// kring: the search page. Pagefind's UI in the site's language, started with ?q= from the
// search box in the header, showing type and municipality with each result.
(function () {
  "use strict";
  var el = document.getElementById("zoeken");
  if (!el || typeof PagefindUI === "undefined") return;
  // A large site's index comes in more than one bundle; the first is /pagefind/.
  var merge = (el.getAttribute("data-merge") || "").split(" ").filter(Boolean)
    .map(function (path) { return { bundlePath: path }; });
  var ui = new PagefindUI({
    element: "#zoeken",
    mergeIndex: merge,
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    excerptLength: 24,
    processResult: function (result) {
      var extra = [result.meta.type, result.meta.gemeente].filter(Boolean).join(" · ");
      if (extra) result.meta.title = result.meta.title + " — " + extra;
      return result;
    }
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
})();
