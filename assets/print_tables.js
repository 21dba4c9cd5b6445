// The printed copy of a grid (ui.components.print_table_body): the server sends the headers and the
// cells' texts as JSON in data-head / data-rows of one element, and this script builds the <table> from
// them, as text (textContent: markup from a workbook stays text). One element instead of one Dash
// component per cell: a 500-row table no longer freezes the tab (issue 22).
(function () {
  function parse(text) {
    try { var value = JSON.parse(text || "[]"); return Array.isArray(value) ? value : []; } catch (e) { return []; }
  }

  function build(holder) {
    var head = holder.getAttribute("data-head") || "[]";
    var rows = holder.getAttribute("data-rows") || "[]";
    if (holder.erdfHead === head && holder.erdfRows === rows) { return; }
    holder.erdfHead = head;
    holder.erdfRows = rows;
    var table = document.createElement("table");
    var thead = table.createTHead().insertRow();
    parse(head).forEach(function (text) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = String(text);
      thead.appendChild(th);
    });
    var tbody = table.createTBody();
    parse(rows).forEach(function (cells) {
      var tr = tbody.insertRow();
      (Array.isArray(cells) ? cells : []).forEach(function (text) { tr.insertCell().textContent = String(text); });
    });
    holder.replaceChildren(table);
  }

  function buildAll(root) {
    var holders = (root || document).querySelectorAll(".print-table-data");
    for (var i = 0; i < holders.length; i++) { build(holders[i]); }
  }

  // only the nodes added or changed are looked at: the grids' own redrawing costs nothing here
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var r = records[i];
      if (r.type === "attributes") { build(r.target); continue; }
      for (var j = 0; j < r.addedNodes.length; j++) {
        var node = r.addedNodes[j];
        if (node.nodeType !== 1) { continue; }
        if (node.classList.contains("print-table-data")) { build(node); } else if (node.firstElementChild) { buildAll(node); }
      }
    }
  }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["data-head", "data-rows"],
  });
  window.addEventListener("beforeprint", function () { buildAll(document); });
  buildAll(document);
})();
