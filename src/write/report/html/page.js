(function () {
  "use strict";
  var table = document.getElementById("documents");
  var body = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function value(row, i, numeric) {
    var cell = row.cells[i];
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    return numeric ? (parseFloat(v) || 0) : v;
  }
  function sortBy(th, direction) {
    var i = th.cellIndex, numeric = th.getAttribute("data-type") === "num";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, i, numeric), y = value(b, i, numeric);
      var c = numeric ? x - y : x.localeCompare(y, "fr", { numeric: true, sensitivity: "base" });
      return direction === "ascending" ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", direction);
  }
  headers.forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () {
      sortBy(th, th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending");
    });
  });
  function openAll(open) {
    document.querySelectorAll("details.document").forEach(function (d) { d.open = open; });
  }
  document.getElementById("open-all").addEventListener("click", function () { openAll(true); });
  document.getElementById("close-all").addEventListener("click", function () { openAll(false); });
  // Closed <details> do not print; a printed report must show everything.
  window.addEventListener("beforeprint", function () { openAll(true); });
  if (location.hash === "#selftest") {
    var hours = table.querySelector('th[data-key="hours"]');
    sortBy(hours, "descending");
    var rows = Array.prototype.slice.call(body.rows);
    document.body.dataset.selftest = rows[0].getAttribute("data-path");
    document.body.dataset.selftestHours = rows.map(function (r) { return value(r, hours.cellIndex, true); }).join(",");
    document.body.dataset.selftestScripts = String(document.scripts.length);
  }
})();
