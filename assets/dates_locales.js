// Month and day names of the as-of calendar (dash-mantine-components' DatesProvider reads
// window.dayjs_locale_<lang> and registers it with its own dayjs). Written for this project: the
// French and Dutch names as the pages write dates (i18n, Babel's fr_BE / nl_BE).
(function () {
  function locale(name, months, monthsShort, weekdays, weekdaysShort, weekdaysMin) {
    return {
      name: name,
      months: months,
      monthsShort: monthsShort,
      weekdays: weekdays,
      weekdaysShort: weekdaysShort,
      weekdaysMin: weekdaysMin,
      weekStart: 1,
      yearStart: 4,
      formats: { LT: "HH:mm", LTS: "HH:mm:ss", L: "DD/MM/YYYY", LL: "D MMMM YYYY", LLL: "D MMMM YYYY HH:mm", LLLL: "dddd D MMMM YYYY HH:mm" },
      ordinal: function (n) { return String(n); },
    };
  }
  window.dayjs_locale_fr = locale(
    "fr",
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
    ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
    ["di", "lu", "ma", "me", "je", "ve", "sa"]
  );
  window.dayjs_locale_nl = locale(
    "nl",
    ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    ["zo", "ma", "di", "wo", "do", "vr", "za"],
    ["zo", "ma", "di", "wo", "do", "vr", "za"]
  );
})();
