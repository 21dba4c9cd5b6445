"""Validation issues found in a workbook, with messages in French, Dutch and English.

An :class:`Issue` says where (file, sheet, Excel row, column header and letter),
what (a stable ``code`` and the cell ``value``) and, through ``message(lang)``,
what the staff member should do about it. Errors refuse the workbook
(:class:`WorkbookError`); warnings are loaded with the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from babel.numbers import format_currency

_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_IE"}


def eur(amount: float, lang: str) -> str:
    """An amount in euros written the way ``lang`` readers expect ("1.234,50 €" / "€1,234.50")."""
    try:
        return format_currency(amount, "EUR", locale=_LOCALES.get(lang, "en_IE"))
    except (ArithmeticError, ValueError):
        return f"{amount:,.2f} EUR"


# code -> {lang: template}. Templates use str.format fields from the issue's params and
# {value}; the location prefix ("Payments, row 14, column Amount (C): ") is added in front.
MESSAGES: dict[str, dict[str, str]] = {
    "not-xlsx": {
        "en": "{file} is not an .xlsx workbook. Save it from Excel as “Excel Workbook (.xlsx)” and load it again.",
        "fr": "{file} n'est pas un classeur .xlsx. Enregistrez-le dans Excel en « Classeur Excel (.xlsx) » et "
        "chargez-le à nouveau.",
        "nl": "{file} is geen .xlsx-werkmap. Sla het in Excel op als “Excel-werkmap (.xlsx)” en laad het opnieuw.",
    },
    "unreadable-file": {
        "en": "{file} cannot be opened as an Excel workbook ({detail}). Open it in Excel, save it as .xlsx and "
        "load it again.",
        "fr": "{file} ne s'ouvre pas comme classeur Excel ({detail}). Ouvrez-le dans Excel, enregistrez-le en "
        ".xlsx et chargez-le à nouveau.",
        "nl": "{file} kan niet als Excel-werkmap worden geopend ({detail}). Open het in Excel, sla het op als "
        ".xlsx en laad het opnieuw.",
    },
    "missing-sheet": {
        "en": "the sheet “{name_en}” is missing. Add a sheet named {name_en}{alt_en}.",
        "fr": "la feuille « {name_fr} » manque. Ajoutez une feuille nommée {name_fr}{alt_fr}.",
        "nl": "het blad “{name_nl}” ontbreekt. Voeg een blad toe met de naam {name_nl}{alt_nl}.",
    },
    "duplicate-programme": {
        "en": "{file} holds programme {value}, which {other} in the same folder already provides; it is not loaded. "
        "Keep one workbook per programme in the folder.",
        "fr": "{file} contient le programme {value}, déjà fourni par {other} dans le même dossier ; il n'est pas "
        "chargé. Gardez un seul classeur par programme dans le dossier.",
        "nl": "{file} bevat het programma {value}, dat {other} in dezelfde map al levert; het wordt niet geladen. "
        "Houd één werkmap per programma in de map.",
    },
    "duplicate-sheet": {
        "en": "this sheet is a second “{name_en}” sheet (the first is “{first}”); it is ignored. Remove or "
        "rename one of them.",
        "fr": "cette feuille est une deuxième feuille « {name_fr} » (la première est « {first} ») ; elle est "
        "ignorée. Supprimez ou renommez l'une des deux.",
        "nl": "dit blad is een tweede blad “{name_nl}” (het eerste is “{first}”); het wordt genegeerd. "
        "Verwijder of hernoem een van beide.",
    },
    "no-header": {
        "en": "no header row found in the first {rows} rows. Put the column names ({expected}) in one row "
        "above the data.",
        "fr": "aucune ligne d'en-têtes dans les {rows} premières lignes. Mettez les noms de colonnes "
        "({expected}) sur une ligne au-dessus des données.",
        "nl": "geen kopregel gevonden in de eerste {rows} rijen. Zet de kolomnamen ({expected}) op één rij "
        "boven de gegevens.",
    },
    "missing-column": {
        "en": "the column “{name_en}” is missing. Add a column headed {name_en}{alt_en}.",
        "fr": "la colonne « {name_fr} » manque. Ajoutez une colonne intitulée {name_fr}{alt_fr}.",
        "nl": "de kolom “{name_nl}” ontbreekt. Voeg een kolom toe met als kop {name_nl}{alt_nl}.",
    },
    "duplicate-column": {
        "en": "this column is a second “{name_en}” column (the first is {first}). Remove or rename one of them.",
        "fr": "cette colonne est une deuxième colonne « {name_fr} » (la première est {first}). Supprimez ou "
        "renommez l'une des deux.",
        "nl": "deze kolom is een tweede kolom “{name_nl}” (de eerste is {first}). Verwijder of hernoem een van beide.",
    },
    "missing-programme-field": {
        "en": "the line “{name_en}” is missing. Add a row with {name_en} in column A and its value in column B.",
        "fr": "la ligne « {name_fr} » manque. Ajoutez une ligne avec {name_fr} en colonne A et sa valeur en colonne B.",
        "nl": "de regel “{name_nl}” ontbreekt. Voeg een rij toe met {name_nl} in kolom A en de waarde in kolom B.",
    },
    "missing-value": {
        "en": "this cell is empty. Fill in the {name_en}.",
        "fr": "cette cellule est vide. Indiquez la valeur « {name_fr} ».",
        "nl": "deze cel is leeg. Vul “{name_nl}” in.",
    },
    "bad-amount": {
        "en": "'{value}' is not an amount. Write it as 1234.56 or 1.234,56.",
        "fr": "« {value} » n'est pas un montant. Écrivez-le 1234,56 ou 1.234,56.",
        "nl": "'{value}' is geen bedrag. Schrijf het als 1234,56 of 1.234,56.",
    },
    "bad-date": {
        "en": "'{value}' is not a date. Write it as 31/12/2023 or 2023-12-31.",
        "fr": "« {value} » n'est pas une date. Écrivez-la 31/12/2023 ou 2023-12-31.",
        "nl": "'{value}' is geen datum. Schrijf ze als 31/12/2023 of 2023-12-31.",
    },
    "bad-rate": {
        "en": "'{value}' is not a co-financing rate. Write it as 50 % or 0.5.",
        "fr": "« {value} » n'est pas un taux de cofinancement. Écrivez-le 50 % ou 0,5.",
        "nl": "'{value}' is geen medefinancieringspercentage. Schrijf het als 50 % of 0,5.",
    },
    "bad-year": {
        "en": "'{value}' is not a year. Write it as 2024.",
        "fr": "« {value} » n'est pas une année. Écrivez-la 2024.",
        "nl": "'{value}' is geen jaar. Schrijf het als 2024.",
    },
    "unknown-programme": {
        "en": "'{value}' is not a known programme. Write 2014-2020 or 2021-2027.",
        "fr": "« {value} » n'est pas un programme connu. Écrivez 2014-2020 ou 2021-2027.",
        "nl": "'{value}' is geen bekend programma. Schrijf 2014-2020 of 2021-2027.",
    },
    "unknown-status": {
        "en": "'{value}' is not a project status. Use selected, signed, ongoing, closed or cancelled.",
        "fr": "« {value} » n'est pas un statut de projet. Utilisez sélectionné, signé, en cours, clôturé ou annulé.",
        "nl": "'{value}' is geen projectstatus. Gebruik geselecteerd, ondertekend, lopend, afgesloten of geannuleerd.",
    },
    "unknown-payment-kind": {
        "en": "'{value}' is not a kind of payment. Use advance, interim or balance.",
        "fr": "« {value} » n'est pas un type de paiement. Utilisez avance, paiement intermédiaire ou solde.",
        "nl": "'{value}' is geen soort betaling. Gebruik voorschot, tussentijdse betaling of saldo.",
    },
    "negative-allocation": {
        "en": "'{value}' is negative. An allocation or budget must be zero or more.",
        "fr": "« {value} » est négatif. Une dotation ou un budget doit être positif ou nul.",
        "nl": "'{value}' is negatief. Een toewijzing of budget moet nul of meer zijn.",
    },
    "duplicate-id": {
        "en": "'{value}' already appears on row {first_row}. Give each line its own {name_en}.",
        "fr": "« {value} » figure déjà à la ligne {first_row}. Donnez à chaque ligne son propre {name_fr}.",
        "nl": "'{value}' staat al op rij {first_row}. Geef elke regel een eigen {name_nl}.",
    },
    "unknown-objective": {
        "en": "objective '{value}' is not in the Budget sheet. Use one of: {known}.",
        "fr": "l'objectif « {value} » ne figure pas dans la feuille Budget. Utilisez l'un de : {known}.",
        "nl": "doelstelling '{value}' staat niet in het blad Budget. Gebruik een van: {known}.",
    },
    "unknown-call": {
        "en": "call '{value}' is not in the Calls sheet. Add the call there or correct the id.",
        "fr": "l'appel « {value} » ne figure pas dans la feuille Appels. Ajoutez-y l'appel ou corrigez l'identifiant.",
        "nl": "oproep '{value}' staat niet in het blad Oproepen. Voeg de oproep daar toe of verbeter de id.",
    },
    "unknown-project": {
        "en": "project '{value}' is not in the Projects sheet. Add the project there or correct the id.",
        "fr": "le projet « {value} » ne figure pas dans la feuille Projets. Ajoutez-y le projet ou corrigez "
        "l'identifiant.",
        "nl": "project '{value}' staat niet in het blad Projecten. Voeg het project daar toe of verbeter de id.",
    },
    # warnings
    "paid-above-committed": {
        "en": "project {value}: payments ({paid}) are above its committed amount ({committed}). Check the "
        "payments or add the missing commitment.",
        "fr": "projet {value} : les liquidations ({paid}) dépassent le montant engagé ({committed}). Vérifiez "
        "les paiements ou ajoutez l'engagement manquant.",
        "nl": "project {value}: de vereffeningen ({paid}) liggen boven het vastgelegde bedrag ({committed}). "
        "Controleer de betalingen of voeg de ontbrekende vastlegging toe.",
    },
    "committed-above-grant": {
        "en": "project {value}: commitments ({committed}) are above its grant, EU + regional ({grant}). Check "
        "the commitments or the grant amounts.",
        "fr": "projet {value} : les engagements ({committed}) dépassent sa subvention UE + régionale ({grant}). "
        "Vérifiez les engagements ou les montants de la subvention.",
        "nl": "project {value}: de vastleggingen ({committed}) liggen boven de subsidie EU + gewest ({grant}). "
        "Controleer de vastleggingen of de subsidiebedragen.",
    },
    "objective-over-committed": {
        "en": "objective {value}: commitments ({committed}) are above its allocation ({allocation}).",
        "fr": "objectif {value} : les engagements ({committed}) dépassent sa dotation ({allocation}).",
        "nl": "doelstelling {value}: de vastleggingen ({committed}) liggen boven de toewijzing ({allocation}).",
    },
    "payment-after-eligibility": {
        "en": "this payment is dated {value}, after the eligibility end date {end}. Check the date.",
        "fr": "ce paiement est daté du {value}, après la date de fin d'éligibilité {end}. Vérifiez la date.",
        "nl": "deze betaling is gedateerd op {value}, na de einddatum van de subsidiabiliteit {end}. "
        "Controleer de datum.",
    },
    "end-before-start": {
        "en": "the end date {value} is before the start date {start}. Check both dates.",
        "fr": "la date de fin {value} précède la date de début {start}. Vérifiez les deux dates.",
        "nl": "de einddatum {value} ligt vóór de begindatum {start}. Controleer beide datums.",
    },
}

_WHERE = {
    "en": {"row": "row {row}", "column": "column {column}", "file": "{file}"},
    "fr": {"row": "ligne {row}", "column": "colonne {column}", "file": "{file}"},
    "nl": {"row": "rij {row}", "column": "kolom {column}", "file": "{file}"},
}
_COLON = {"en": ": ", "fr": " : ", "nl": ": "}
_SEVERITY = {
    "en": {"error": "Error", "warning": "Warning"},
    "fr": {"error": "Erreur", "warning": "Avertissement"},
    "nl": {"error": "Fout", "warning": "Waarschuwing"},
}


@dataclass(frozen=True)
class Issue:
    """One problem found in a workbook, located as a staff member would find it in Excel."""

    severity: str  # "error" | "warning"
    code: str  # stable slug, a key of MESSAGES
    file: str  # file name
    sheet: str | None = None  # sheet name as written in the file
    row: int | None = None  # Excel row number (1-based)
    column: str | None = None  # header as written, plus the column letter: "Montant (D)"
    value: str | None = None  # the offending value, as text
    params: dict = field(default_factory=dict, hash=False, compare=True)

    def where(self, lang: str = "en") -> str:
        """The location: "Payments, row 14, column Amount (C)" (sheet, row, column as far as known)."""
        words = _WHERE.get(lang, _WHERE["en"])
        parts = []
        if self.sheet:
            parts.append(self.sheet)
        if self.row is not None:
            parts.append(words["row"].format(row=self.row))
        if self.column:
            parts.append(words["column"].format(column=self.column))
        return ", ".join(parts)

    def message(self, lang: str = "en") -> str:
        """The issue in plain words in ``lang`` ("fr", "nl" or "en"), starting with its location."""
        lang = lang if lang in ("fr", "nl", "en") else "en"
        template = MESSAGES.get(self.code, {}).get(lang) or "{code}: {value}"
        fields = {"file": self.file, "value": self.value if self.value is not None else "", "code": self.code}
        for key, val in self.params.items():
            fields[key] = val.get(lang, val.get("en")) if isinstance(val, dict) else val
        try:
            text = template.format(**fields)
        except (KeyError, IndexError, ValueError):
            text = f"{self.code}: {self.value or ''}"
        where = self.where(lang)
        if where:
            return where + _COLON[lang] + text
        return text if text.startswith(self.file) else text[:1].upper() + text[1:]

    def as_dict(self, lang: str = "en") -> dict:
        """The issue as plain JSON-ready values, with its message in ``lang`` (for a dcc.Store or an API)."""
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message(lang),
        }

    def line(self, lang: str = "en") -> str:
        """One report line: severity word and message ("Error: Payments, row 14, ...")."""
        return _SEVERITY.get(lang, _SEVERITY["en"])[self.severity] + _COLON.get(lang, ": ") + self.message(lang)


class WorkbookError(Exception):
    """A workbook refused because of errors; ``issues`` holds every issue found (errors and warnings)."""

    def __init__(self, issues: list[Issue], lang: str = "en"):
        self.issues = list(issues)
        errors = [i for i in self.issues if i.severity == "error"]
        name = errors[0].file if errors else (self.issues[0].file if self.issues else "workbook")
        head = f"{name}: {len(errors)} error(s) in the workbook"
        shown = [i.message(lang) for i in errors[:20]]
        more = [f"... and {len(errors) - 20} more"] if len(errors) > 20 else []
        super().__init__("\n  ".join([head] + shown + more))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]
