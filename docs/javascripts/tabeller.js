/* Sortable tables (class kk-sortable), the county/group filters on the municipality list and the
   name search on the map's table.
   Column headers become buttons, so they work with the keyboard and tell screen readers the
   sort order via aria-sort. Works with Material's instant navigation (document$). */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    var num = raw.replace(/\u202f|\s/g, "").replace(",", ".").replace("\u2212", "-");
    if (num !== "" && !isNaN(Number(num))) return Number(num);
    return raw.toLocaleLowerCase("sv");
  }

  function sortBy(table, index, button) {
    var th = button.parentNode;
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var headers = table.tHead.rows[0].cells;
    for (var i = 0; i < headers.length; i++) headers[i].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var empty = (x === "") - (y === "");
      if (empty) return empty; /* missing values last, both ways */
      var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "sv");
      return ascending ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function makeSortable(table) {
    if (table.dataset.kkSortable || !table.tHead) return;
    table.dataset.kkSortable = "1";
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      button.setAttribute("title", "Sortera efter " + th.textContent.toLocaleLowerCase("sv"));
      button.addEventListener("click", function () { sortBy(table, index, button); });
      th.textContent = "";
      th.appendChild(button);
    });
  }

  function setUpFilters(box) {
    if (box.dataset.kkFilters) return;
    box.dataset.kkFilters = "1";
    box.hidden = false;  /* hidden in the HTML: without JavaScript the filters would do nothing */
    var table = document.getElementById(box.getAttribute("data-table"));
    if (!table) return;
    var selects = box.querySelectorAll("select, input");
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "kk-filter-status";
    box.parentNode.insertBefore(status, box.nextSibling);
    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var ok = Array.prototype.every.call(selects, function (s) {
          var text = row.cells[Number(s.getAttribute("data-column"))].textContent.trim();
          if (s.getAttribute("data-match") === "contains")  /* a search box: part of the name, any case */
            return text.toLocaleLowerCase("sv").indexOf(s.value.trim().toLocaleLowerCase("sv")) !== -1;
          return !s.value || text === s.value;
        });
        row.hidden = !ok;
        if (ok) shown++;
      });
      status.textContent = shown === 1 ? "1 kommun visas." : shown + " kommuner visas.";
    }
    Array.prototype.forEach.call(selects, function (s) {
      s.addEventListener(s.tagName === "INPUT" ? "input" : "change", apply);
    });
  }

  /* A table wider than the column scrolls sideways in its own region (.kk-table-wrap, see
     site/htmlpost.py). Keyboard users reach that region with Tab and scroll it with the arrow
     keys (WCAG 2.1.1); a table that fits is no extra Tab stop. */
  function scrollableByKeyboard() {
    document.querySelectorAll(".kk-table-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }

  /* A table shown as cards on a phone (class kk-stack, CSS display: block and flex) keeps its
     table semantics in Chromium and Firefox; some versions of Safari drop them. The ARIA roles
     say the same explicitly. */
  function keepTableRoles(table) {
    if (table.getAttribute("role")) return;
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (g) { g.setAttribute("role", "rowgroup"); });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      Array.prototype.forEach.call(row.cells, function (cell) {
        var inHead = row.parentNode.tagName === "THEAD" || cell.getAttribute("scope") === "col";
        cell.setAttribute("role", cell.tagName === "TD" ? "cell" : inHead ? "columnheader" : "rowheader");
      });
    });
  }

  function init() {
    document.querySelectorAll("table.kk-stack").forEach(keepTableRoles);
    document.querySelectorAll("table.kk-sortable").forEach(makeSortable);
    document.querySelectorAll(".kk-filters").forEach(setUpFilters);
    scrollableByKeyboard();
  }

  var resizing;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(scrollableByKeyboard, 200);
  });

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
