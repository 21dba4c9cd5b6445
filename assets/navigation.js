// Links inside the app navigate without reloading the page (as dcc.Link does); a modified click
// (ctrl, cmd, shift, middle button) is left to the browser (new tab or window).
function erdfFollow(href) {
  if (href === window.location.pathname + window.location.search) { return; }
  window.history.pushState({}, "", href);
  window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
  window.scrollTo(0, 0);
}

document.addEventListener("click", function (event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
  var link = event.target.closest && event.target.closest("a.grid-link");
  var row = !link && event.target.closest && event.target.closest(".nav-grid .ag-row");
  if (row && !(window.getSelection && String(window.getSelection()))) { link = row.querySelector("a.grid-link"); }
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
  var link = row && row.querySelector("a.grid-link");
  if (!link) { return; }
  event.preventDefault();
  if (event.shiftKey) { window.open(link.href, "_blank"); return; }
  erdfFollow(link.getAttribute("href"));
});
