// Links inside the app navigate without reloading the page (as dcc.Link does); a modified click
// (ctrl, cmd, shift, middle button) is left to the browser (new tab or window).
function erdfFollow(href) {
  if (href === window.location.pathname + window.location.search) { return; }
  window.history.pushState({}, "", href);
  window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
  window.scrollTo(0, 0);
}

// After any in-app navigation (a grid row, or a dcc.Link: both send Dash's pushstate event) the focus
// moves to the new page's content, not back to <body>: Tab goes on from there and a screen reader
// starts on the new page. A focus inside the header (the language or programme switch) is left there.
window.addEventListener("_dashprivate_pushstate", function () {
  var active = document.activeElement;
  if (active && active.closest && active.closest(".mantine-AppShell-header")) { return; }
  var main = document.getElementById("main-content");
  if (main) { main.focus({ preventScroll: true }); }
  if (window.getSelection) { window.getSelection().removeAllRanges(); }
});

// The link of a grid row: with pinned columns AG Grid draws a row in several pieces (pinned left,
// centre), and only one holds the link; they share the row-id, which is the row's href (getRowId).
function erdfRowLink(row) {
  var link = row.querySelector("a.grid-link");
  if (link) { return link; }
  var id = row.getAttribute("row-id");
  var grid = row.closest(".nav-grid");
  if (!id || !grid) { return null; }
  var pieces = grid.querySelectorAll(".ag-row[row-id]");
  for (var i = 0; i < pieces.length; i++) {
    if (pieces[i].getAttribute("row-id") === id) {
      link = pieces[i].querySelector("a.grid-link");
      if (link) { return link; }
    }
  }
  return null;
}

document.addEventListener("click", function (event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
  var link = event.target.closest && event.target.closest("a.grid-link");
  var row = !link && event.target.closest && event.target.closest(".nav-grid .ag-row");
  if (row && !(window.getSelection && String(window.getSelection()))) { link = erdfRowLink(row); }
  if (!link) { return; }
  var href = link.getAttribute("href");
  if (!href || href.charAt(0) !== "/" || href.charAt(1) === "/") { return; }
  event.preventDefault();
  erdfFollow(href);
});

// Enter on a focused grid cell opens the row's page (AG Grid keeps the focus on its cells).
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" || event.ctrlKey || event.metaKey || event.altKey) { return; }
  var cell = event.target.closest && event.target.closest(".nav-grid .ag-cell");
  if (!cell) { return; }
  var row = cell.closest(".ag-row");
  var link = row && erdfRowLink(row);
  if (!link) { return; }
  event.preventDefault();
  if (event.shiftKey) { window.open(link.href, "_blank"); return; }
  erdfFollow(link.getAttribute("href"));
});
