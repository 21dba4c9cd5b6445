// Value formatters for dash-ag-grid, per language (the same CLDR formats as Babel on the server).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
var ERDF_LOCALES = { fr: "fr-BE", nl: "nl-BE", en: "en-IE" };
var ERDF_FORMATTERS = {};

function erdfFormatter(kind, lang) {
  var key = kind + ":" + lang;
  if (!ERDF_FORMATTERS[key]) {
    var locale = ERDF_LOCALES[lang] || "fr-BE";
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

dagfuncs.EUR = function (value, lang) {
  if (value === null || value === undefined || value === "" || isNaN(value)) { return "–"; }
  return erdfFormatter("eur", lang).format(value);
};

dagfuncs.PCT = function (value, lang) {
  if (value === null || value === undefined || value === "" || isNaN(value)) { return "–"; }
  return erdfFormatter("pct", lang).format(value);
};

dagfuncs.DATE = function (value, lang) {
  if (!value) { return "–"; }
  var d = new Date(value + "T00:00:00");
  if (isNaN(d.getTime())) { return value; }
  return erdfFormatter("date", lang).format(d);
};
