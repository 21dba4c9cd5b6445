// Grid cells that are real links: the row's page (params.data.href), so a grid row can be opened by
// keyboard (Enter), in a new tab (ctrl/cmd-click, middle click) and by screen readers. React escapes
// the text (a name from a workbook stays text).
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

dagcomponentfuncs.RowLink = function (props) {
  var href = props.data && props.data.href;
  var text = props.valueFormatted !== undefined && props.valueFormatted !== null ? props.valueFormatted : props.value;
  if (!href || href.charAt(0) !== "/" || href.charAt(1) === "/") {
    return React.createElement("span", null, text);
  }
  return React.createElement("a", { href: href, className: "grid-link", tabIndex: -1 }, text);
};
