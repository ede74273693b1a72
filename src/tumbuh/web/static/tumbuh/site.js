/* Tumbuh's own small script (no inline scripts: the CSP forbids them).
   - the menu button collapses the navigation on a phone;
   - the current page's menu link is marked;
   - every table with a header row sorts by a click on a column header (numbers as numbers,
     Indonesian "43,2" and English "43.2" alike; a cell's data-sort value wins when present). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function numberIn(text, lang) {
    var t = text.replace(/[%\s\u00a0]/g, "");
    if (!/^[-+]?[\d.,]+$/.test(t) || !/\d/.test(t)) return null;
    if (lang === "id") t = t.replace(/\./g, "").replace(",", ".");
    else t = t.replace(/,/g, "");
    var n = parseFloat(t);
    return isNaN(n) ? null : n;
  }

  function key(cell, lang) {
    if (!cell) return { n: null, s: "" };
    var raw = cell.getAttribute("data-sort");
    var text = (raw !== null ? raw : cell.textContent || "").trim();
    var first = text.split(/[\s(]/)[0];
    return { n: numberIn(first, lang), s: text.toLowerCase() };
  }

  function sortBy(table, th, index) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var lang = document.documentElement.lang;
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, i) { return { row: row, k: key(row.cells[index], lang), i: i }; });
    keyed.sort(function (a, b) {
      var r;
      if (a.k.n !== null && b.k.n !== null) r = a.k.n - b.k.n;
      else if (a.k.n !== null) r = -1;
      else if (b.k.n !== null) r = 1;
      else r = a.k.s.localeCompare(b.k.s, lang);
      if (!ascending && (a.k.n !== null) === (b.k.n !== null)) r = -r;
      return r || a.i - b.i;
    });
    Array.prototype.forEach.call(th.parentNode.cells, function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    keyed.forEach(function (item) { body.appendChild(item.row); });
  }

  function sortable(table) {
    if (table.hasAttribute("data-nosort") || !table.tHead || !table.tBodies[0]) return;
    if (table.tBodies[0].rows.length < 2) return;
    var header = table.tHead.rows[table.tHead.rows.length - 1];
    Array.prototype.forEach.call(header.cells, function (th, index) {
      if (th.querySelector("button,a,input") || th.colSpan > 1) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, th, index); });
    });
  }

  function setUp(root) {
    Array.prototype.forEach.call(root.querySelectorAll("table"), function (table) {
      if (!table.hasAttribute("data-sortable-ready")) {
        table.setAttribute("data-sortable-ready", "");
        sortable(table);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (toggle && nav) {
      toggle.addEventListener("click", function () {
        var open = nav.classList.toggle("open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
      Array.prototype.forEach.call(nav.querySelectorAll("a"), function (link) {
        if (link.pathname === window.location.pathname) link.setAttribute("aria-current", "page");
      });
    }
    setUp(document);
    document.body.addEventListener("htmx:afterSettle", function () { setUp(document); });
  });
})();
