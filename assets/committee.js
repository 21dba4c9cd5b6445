// Committee mode (/committee): arrows, Page Up / Page Down and Space move between slides, Home / End
// jump to the first / last, Esc leaves. The slide's navigation (.committee-nav) carries the links.
document.addEventListener("keydown", function (event) {
  var nav = document.querySelector(".committee-nav");
  if (!nav || event.altKey || event.ctrlKey || event.metaKey) { return; }
  var target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
  var keys = {
    ArrowRight: "next", ArrowDown: "next", PageDown: "next", " ": "next", Spacebar: "next",
    ArrowLeft: "prev", ArrowUp: "prev", PageUp: "prev", Home: "first", End: "last", Escape: "exit"
  };
  var which = keys[event.key];
  var href = which && nav.dataset[which];
  if (!href) { return; }
  event.preventDefault();
  if (href === window.location.pathname + window.location.search) { return; }
  window.history.pushState({}, "", href);
  window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
  window.scrollTo(0, 0);
});
