// Value formatters for dash-ag-grid: the same CLDR formats as Babel on the server.
// The grid's context (set by ui.components.grid from the i18n package) gives the locale and the
// "not applicable" mark, so no language list or text lives here.
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
var ERDF_FORMATTERS = {};

function erdfFormatter(kind, locale) {
  var key = kind + ":" + locale;
  if (!ERDF_FORMATTERS[key]) {
    if (kind === "eur") {
      ERDF_FORMATTERS[key] = new Intl.NumberFormat(locale, { style: "currency", currency: "EUR", minimumFractionDigits: 2, maximumFractionDigits: 2 });
    } else if (kind === "pct") {
      ERDF_FORMATTERS[key] = new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
    } else {
      ERDF_FORMATTERS[key] = new Intl.DateTimeFormat(locale, { year: "numeric", month: "2-digit", day: "2-digit" });
    }
  }
  return ERDF_FORMATTERS[key];
}

function erdfMissing(value) {
  return value === null || value === undefined || value === "" || (typeof value === "number" && isNaN(value));
}

dagfuncs.EUR = function (value, context) {
  if (erdfMissing(value)) { return context.na; }
  return erdfFormatter("eur", context.locale).format(value);
};

// The server's display rule for a rate away from any threshold (monitoring.status.plain_shown): the percentage
// cleared of binary noise at 9 decimals, then rounded half up to one decimal (Intl alone would round the
// binary value: 0.9405 reads 94,1 % here as on the server, in the slides and in Excel).
function erdfShownRate(value) {
  var pct = Math.round(value * 100 * 1e9) / 1e9;
  return Math.floor(pct * 10 + 0.5) / 10 / 100;
}

dagfuncs.PCT = function (value, context) {
  if (erdfMissing(value)) { return context.na; }
  return erdfFormatter("pct", context.locale).format(erdfShownRate(value));
};

dagfuncs.DATE = function (value, context) {
  if (!value) { return context.na; }
  var d = new Date(value + "T00:00:00");
  if (isNaN(d.getTime())) { return value; }
  return erdfFormatter("date", context.locale).format(d);
};

// AG Grid's own texts (filter menus, "No rows to show", pager) in the grid's language, from
// assets/vendor_locales.js (English, AG Grid's default, needs none).
dagfuncs.LOCALE_TEXT = function (params) {
  var locales = window.ERDF_GRID_LOCALES || {};
  var context = params.context || {};
  var texts = locales[context.lang] || {};
  // a grid whose rows come from the server (the explorer) is empty only when its search or filters leave nothing
  var key = params.key === "noRowsToShow" && context.emptyMeansNoMatch ? "noMatchingRows" : params.key;
  return texts[key] !== undefined ? texts[key] : params.defaultValue;
};
