"""The FR / NL / EN names accepted for the sheets, columns, statuses and payment kinds.

One table for the whole workbook format (docs/data-format.md prints it). Every
name is compared after :func:`normalise`: lower case, accents removed, and
everything but letters and digits dropped, so "Date de clôture", "date de
cloture" and "DATE_DE_CLOTURE" are the same header. A header with a unit in
brackets ("Montant (€)", "Bedrag (EUR)") also matches without the brackets.

The first three names of each entry are the English, French and Dutch names
used when *writing* a workbook (demo data, test variants).
"""

from __future__ import annotations

import functools
import re
import unicodedata

LANGS = ("en", "fr", "nl")

#: sheet key -> accepted sheet names (EN, FR, NL first)
SHEETS: dict[str, tuple[str, ...]] = {
    "programme": ("Programme", "Programme", "Programma", "Program", "Info"),
    "budget": (
        "Budget",
        "Budget",
        "Budget",
        "Dotations",
        "Dotation",
        "Begroting",
        "Toewijzing",
        "Allocation",
        "Allocations",
        "Objectives",
        "Objectifs",
        "Doelstellingen",
    ),
    "calls": ("Calls", "Appels", "Oproepen", "Appels à projets", "Projectoproepen", "Calls for projects"),
    "projects": ("Projects", "Projets", "Projecten", "Operations", "Opérations", "Concrete acties"),
    "commitments": ("Commitments", "Engagements", "Vastleggingen", "Vastlegging"),
    "payments": ("Payments", "Liquidations", "Vereffeningen", "Paiements", "Betalingen"),
    "forecasts": ("Forecasts", "Prévisions", "Prognoses", "Ramingen", "Vooruitzichten", "Forecast"),
    "tranches": (
        "Tranches",
        "Tranches",
        "Tranches",
        "EU tranches",
        "Tranches UE",
        "EU-tranches",
        "Financing plan",
        "Plan de financement",
        "Financieringsplan",
        "Budget commitments",
        "Engagements budgétaires",
        "Begrotingsvastleggingen",
    ),
    "prefinancing": (
        "Prefinancing",
        "Préfinancement",
        "Voorfinanciering",
        "Pre-financing",
        "Préfinancements",
        "Voorfinancieringen",
        "Pre-financing received",
        "Préfinancement reçu",
        "Ontvangen voorfinanciering",
    ),
    "claims": (
        "Claims",
        "Demandes de paiement",
        "Betalingsaanvragen",
        "Payment applications",
        "Payment claims",
        "Applications for payment",
        "Demandes de paiement à la Commission",
        "Betalingsaanvragen aan de Commissie",
        "Betalingsaanvraag",
        "Demande de paiement",
    ),
}

#: sheets that must be present (Forecasts, Tranches, Prefinancing and Claims are optional)
REQUIRED_SHEETS = ("programme", "budget", "calls", "projects", "commitments", "payments")

#: Programme sheet: key (column A) -> accepted names; the value is in column B
PROGRAMME_KEYS: dict[str, tuple[str, ...]] = {
    "programme_id": (
        "Programme",
        "Programme",
        "Programma",
        "Programme id",
        "Programming period",
        "Période de programmation",
        "Programmeringsperiode",
        "Period",
        "Période",
        "Periode",
    ),
    "cci": ("CCI", "CCI", "CCI", "CCI code", "Code CCI", "CCI-code"),
    "title": ("Title", "Titre", "Titel", "Name", "Nom", "Naam"),
    "title_fr": ("Title FR", "Titre FR", "Titel FR", "Name FR", "Nom FR", "Naam FR"),
    "title_nl": ("Title NL", "Titre NL", "Titel NL", "Name NL", "Nom NL", "Naam NL"),
    "title_en": ("Title EN", "Titre EN", "Titel EN", "Name EN", "Nom EN", "Naam EN"),
    "eligibility_end": (
        "Eligibility end date",
        "Date de fin d'éligibilité",
        "Einddatum subsidiabiliteit",
        "Eligibility end",
        "Fin d'éligibilité",
        "Fin de l'éligibilité",
        "Einde subsidiabiliteit",
        "End of eligibility",
    ),
    "eu_rate": (
        "EU co-financing rate",
        "Taux de cofinancement UE",
        "EU-medefinancieringspercentage",
        "EU rate",
        "ERDF rate",
        "Taux FEDER",
        "Taux UE",
        "Taux de cofinancement",
        "EFRO-percentage",
        "Medefinancieringspercentage",
        "EU-percentage",
        "Co-financing rate",
    ),
    "as_of": (
        "Reference date",
        "Date de référence",
        "Referentiedatum",
        "As-of date",
        "As of",
        "Extract date",
        "Date d'extraction",
        "Extractiedatum",
        "Peildatum",
        "Date de situation",
    ),
}

#: sheet key -> column key -> accepted headers (EN, FR, NL first)
#: the headers of the optional "resource" column (Tranches, Prefinancing, Claims): ordinary or REACT-EU
RESOURCE_HEADERS = ("Resource", "Ressource", "Middelen", "Resources", "Ressources", "Middel", "Fund", "Fonds")


COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "budget": {
        "code": (
            "Code",
            "Code",
            "Code",
            "Objective",
            "Objectif",
            "Doelstelling",
            "Objective code",
            "Code objectif",
            "Axis",
            "Axe",
            "As",
            "SO",
            "OS",
            "SD",
        ),
        "priority": ("Priority", "Priorité", "Prioriteit", "Priority axis", "Axe prioritaire", "Prioritaire as"),
        "label_fr": ("Label FR", "Libellé FR", "Omschrijving FR", "Label (FR)", "Intitulé FR", "Libellé"),
        "label_nl": ("Label NL", "Libellé NL", "Omschrijving NL", "Label (NL)", "Intitulé NL", "Omschrijving"),
        "label_en": ("Label EN", "Libellé EN", "Omschrijving EN", "Label (EN)", "Intitulé EN", "Label"),
        "allocation": (
            "Allocation",
            "Dotation",
            "Toewijzing",
            "Budget",
            "Total allocation",
            "Dotation totale",
            "Totale toewijzing",
            "Allocation EU + region",
        ),
        "eu_amount": (
            "EU amount",
            "Montant UE",
            "EU-bedrag",
            "ERDF amount",
            "Montant FEDER",
            "EFRO-bedrag",
            "EU allocation",
            "Dotation UE",
            "EU-toewijzing",
        ),
        # a programme version: the first day the row's allocation is in force (a code may then repeat)
        "valid_from": (
            "Valid from",
            "Valable à partir du",
            "Geldig vanaf",
            "Valid from date",
            "En vigueur le",
            "Van kracht vanaf",
            "In force from",
            "En vigueur à partir du",
            "In werking vanaf",
            "Version date",
            "Date de la version",
            "Versiedatum",
        ),
    },
    "calls": {
        "call_id": (
            "Call id",
            "Id appel",
            "Oproep-id",
            "Call",
            "Appel",
            "Oproep",
            "Call number",
            "Numéro d'appel",
            "Oproepnummer",
            "Id",
        ),
        "title": ("Title", "Titre", "Titel", "Name", "Nom", "Naam"),
        "title_fr": ("Title FR", "Titre FR", "Titel FR", "Name FR", "Nom FR", "Naam FR"),
        "title_nl": ("Title NL", "Titre NL", "Titel NL", "Name NL", "Nom NL", "Naam NL"),
        "objective_codes": (
            "Objective codes",
            "Codes objectifs",
            "Doelstellingscodes",
            "Objective code",
            "Objectives",
            "Objectifs",
            "Doelstellingen",
            "Code objectif",
            "Objectif",
            "Doelstelling",
            "Axis",
            "Axe",
            "As",
        ),
        "opening_date": ("Opening date", "Date d'ouverture", "Openingsdatum", "Opening", "Ouverture", "Open"),
        "closing_date": (
            "Closing date",
            "Date de clôture",
            "Sluitingsdatum",
            "Closing",
            "Clôture",
            "Deadline",
            "Date limite",
            "Uiterste datum",
        ),
        "budget": (
            "Budget",
            "Budget",
            "Budget",
            "Call budget",
            "Budget de l'appel",
            "Budget oproep",
            "Amount",
            "Montant",
            "Bedrag",
        ),
    },
    "projects": {
        "project_id": (
            "Project id",
            "Id projet",
            "Project-id",
            "Project",
            "Projet",
            "Project number",
            "Numéro de projet",
            "Projectnummer",
            "Id",
            "Operation id",
        ),
        "name": ("Name", "Nom", "Naam", "Project name", "Nom du projet", "Projectnaam", "Title", "Titre", "Titel"),
        "name_fr": (
            "Name FR",
            "Nom FR",
            "Naam FR",
            "Project name FR",
            "Nom du projet FR",
            "Projectnaam FR",
            "Title FR",
            "Titre FR",
            "Titel FR",
        ),
        "name_nl": (
            "Name NL",
            "Nom NL",
            "Naam NL",
            "Project name NL",
            "Nom du projet NL",
            "Projectnaam NL",
            "Title NL",
            "Titre NL",
            "Titel NL",
        ),
        "beneficiary": (
            "Beneficiary",
            "Bénéficiaire",
            "Begunstigde",
            "Promoter",
            "Porteur",
            "Promotor",
            "Opérateur",
            "Operator",
        ),
        "objective_code": (
            "Objective code",
            "Code objectif",
            "Doelstellingscode",
            "Objective",
            "Objectif",
            "Doelstelling",
            "Axis",
            "Axe",
            "As",
            "SO",
            "OS",
            "SD",
            "Priority axis",
            "Axe prioritaire",
        ),
        "call_id": ("Call id", "Id appel", "Oproep-id", "Call", "Appel", "Oproep", "Appel à projets", "Projectoproep"),
        "stage": ("Status", "Statut", "Status", "State", "État", "Etat", "Stand"),
        "selection_date": (
            "Selection date",
            "Date de sélection",
            "Selectiedatum",
            "Selected on",
            "Sélection",
            "Selectie",
        ),
        "agreement_date": (
            "Agreement date",
            "Date de convention",
            "Datum overeenkomst",
            "Convention date",
            "Date de signature",
            "Ondertekeningsdatum",
            "Agreement",
            "Convention",
            "Overeenkomst",
        ),
        "start_date": ("Start date", "Date de début", "Begindatum", "Start", "Début", "Begin", "Startdatum"),
        "end_date": ("End date", "Date de fin", "Einddatum", "End", "Fin", "Einde"),
        "total_cost": (
            "Total eligible cost",
            "Coût total éligible",
            "Totale subsidiabele kosten",
            "Total cost",
            "Coût total",
            "Totale kosten",
            "Eligible cost",
            "Coût éligible",
            "Subsidiabele kosten",
        ),
        "eu_amount": (
            "EU amount",
            "Montant UE",
            "EU-bedrag",
            "ERDF amount",
            "Montant FEDER",
            "EFRO-bedrag",
            "ERDF",
            "FEDER",
            "EFRO",
        ),
        "regional_amount": (
            "Regional amount",
            "Montant régional",
            "Gewestelijk bedrag",
            "Region",
            "Région",
            "Gewest",
            "Regional co-financing",
            "Cofinancement régional",
            "Gewestelijke cofinanciering",
        ),
        "postcode": ("Postcode", "Code postal", "Postcode", "Postal code", "Zip", "CP"),
    },
    "commitments": {
        "project_id": (
            "Project id",
            "Id projet",
            "Project-id",
            "Project",
            "Projet",
            "Project number",
            "Numéro de projet",
            "Projectnummer",
        ),
        "date": ("Date", "Date", "Datum", "Commitment date", "Date d'engagement", "Vastleggingsdatum"),
        "amount": ("Amount", "Montant", "Bedrag", "Committed amount", "Montant engagé", "Vastgelegd bedrag"),
    },
    "payments": {
        "project_id": (
            "Project id",
            "Id projet",
            "Project-id",
            "Project",
            "Projet",
            "Project number",
            "Numéro de projet",
            "Projectnummer",
        ),
        "date": (
            "Date",
            "Date",
            "Datum",
            "Payment date",
            "Date de liquidation",
            "Vereffeningsdatum",
            "Date de paiement",
            "Betalingsdatum",
        ),
        "amount": (
            "Amount",
            "Montant",
            "Bedrag",
            "Paid amount",
            "Montant liquidé",
            "Vereffend bedrag",
            "Montant payé",
            "Betaald bedrag",
        ),
        "kind": ("Kind", "Type", "Soort", "Payment kind", "Type de paiement", "Soort betaling", "Nature", "Aard"),
    },
    "forecasts": {
        "project_id": (
            "Project id",
            "Id projet",
            "Project-id",
            "Project",
            "Projet",
            "Project number",
            "Numéro de projet",
            "Projectnummer",
        ),
        "year": ("Year", "Année", "Jaar", "Annee"),
        "amount": (
            "Amount",
            "Montant",
            "Bedrag",
            "Forecast",
            "Prévision",
            "Prognose",
            "Forecast amount",
            "Montant prévu",
            "Geraamd bedrag",
        ),
    },
    "tranches": {
        "year": (
            "Year",
            "Année",
            "Jaar",
            "Annee",
            "Commitment year",
            "Année d'engagement",
            "Vastleggingsjaar",
            "Tranche year",
            "Année de la tranche",
            "Tranchejaar",
        ),
        "eu_amount": (
            "EU amount",
            "Montant UE",
            "EU-bedrag",
            "ERDF amount",
            "Montant FEDER",
            "EFRO-bedrag",
            "Amount",
            "Montant",
            "Bedrag",
            "EU commitment",
            "Engagement UE",
            "EU-vastlegging",
            "Tranche amount",
            "Montant de la tranche",
            "Bedrag tranche",
        ),
        "resource": RESOURCE_HEADERS,
    },
    "prefinancing": {
        "year": ("Year", "Année", "Jaar", "Annee", "Year received", "Année de réception", "Jaar van ontvangst"),
        "amount": (
            "Amount",
            "Montant",
            "Bedrag",
            "Amount received",
            "Montant reçu",
            "Ontvangen bedrag",
            "Pre-financing",
            "Préfinancement",
            "Voorfinanciering",
            "EU amount",
            "Montant UE",
            "EU-bedrag",
        ),
        "resource": RESOURCE_HEADERS,
    },
    "claims": {
        "claim_id": (
            "Claim id",
            "Id demande",
            "Aanvraag-id",
            "Claim",
            "Demande",
            "Aanvraag",
            "Payment application",
            "Demande de paiement",
            "Betalingsaanvraag",
            "Reference",
            "Référence",
            "Referentie",
            "Id",
        ),
        "date": (
            "Date",
            "Date",
            "Datum",
            "Submission date",
            "Date d'introduction",
            "Indieningsdatum",
            "Date de soumission",
            "Date d'envoi",
            "Verzenddatum",
        ),
        "declared_total": (
            "Declared expenditure",
            "Dépenses déclarées",
            "Gedeclareerde uitgaven",
            "Declared total",
            "Total déclaré",
            "Totaal gedeclareerd",
            "Total eligible expenditure",
            "Total des dépenses éligibles",
            "Totale subsidiabele uitgaven",
            "Expenditure declared",
        ),
        "eu_amount": (
            "EU amount",
            "Montant UE",
            "EU-bedrag",
            "ERDF amount",
            "Montant FEDER",
            "EFRO-bedrag",
            "EU contribution",
            "Contribution UE",
            "EU-bijdrage",
            "Amount claimed",
            "Montant demandé",
            "Gevraagd bedrag",
        ),
        "resource": RESOURCE_HEADERS,
    },
}

#: columns that may be left out of a sheet (filled with "" / missing)
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "budget": ("priority", "label_fr", "label_nl", "label_en", "eu_amount", "valid_from"),
    "calls": ("title", "title_fr", "title_nl", "opening_date", "closing_date"),
    "projects": (
        "name_fr",
        "name_nl",
        "beneficiary",
        "call_id",
        "selection_date",
        "agreement_date",
        "start_date",
        "end_date",
        "total_cost",
        "postcode",
    ),
    "commitments": (),
    "payments": (),
    "forecasts": (),
    "tranches": ("resource",),
    "prefinancing": ("resource",),
    "claims": ("claim_id", "resource"),
}

#: project status -> accepted words
STATUSES: dict[str, tuple[str, ...]] = {
    "selected": ("selected", "sélectionné", "geselecteerd", "sélectionnée", "selection", "sélection", "selectie"),
    "signed": ("signed", "signé", "ondertekend", "signée", "convention signée", "agreement signed"),
    "ongoing": ("ongoing", "en cours", "lopend", "running", "in progress", "in uitvoering", "actif", "active"),
    "closed": ("closed", "clôturé", "afgesloten", "clôturée", "clos", "finished", "terminé", "beëindigd"),
    "cancelled": (
        "cancelled",
        "annulé",
        "geannuleerd",
        "canceled",
        "annulée",
        "abandonné",
        "stopgezet",
        "withdrawn",
        "retiré",
    ),
}

#: payment kind -> accepted words
PAYMENT_KINDS: dict[str, tuple[str, ...]] = {
    "advance": ("advance", "avance", "voorschot", "acompte", "advance payment"),
    "interim": (
        "interim",
        "paiement intermédiaire",
        "tussentijdse betaling",
        "interim payment",
        "intermédiaire",
        "tussentijds",
        "déclaration de créance",
        "state of expenditure",
    ),
    "balance": (
        "balance",
        "solde",
        "saldo",
        "final payment",
        "paiement final",
        "eindbetaling",
        "saldobetaling",
        "final",
    ),
}

#: resource of a tranche, a pre-financing or a payment application -> accepted words (an empty cell is "ordinary")
RESOURCES: dict[str, tuple[str, ...]] = {
    "ordinary": (
        "ordinary",
        "ordinaire",
        "gewoon",
        "ordinary resources",
        "ressources ordinaires",
        "gewone middelen",
        "ordinaires",
        "gewone",
        "regular",
        "ERDF",
        "FEDER",
        "EFRO",
    ),
    "react-eu": (
        "REACT-EU",
        "REACT EU",
        "REACT",
        "ERDF REACT-EU",
        "FEDER REACT-EU",
        "EFRO REACT-EU",
        "REACT-EU resources",
        "ressources REACT-EU",
        "REACT-EU-middelen",
    ),
}

#: words that mark a totals row: the row's first text cell is one of these (normalised) ...
TOTAL_WORDS = (
    "total",
    "totaal",
    "totaux",
    "totals",
    "totalen",
    "somme",
    "som",
    "sum",
    "grandtotal",
    "totalgeneral",
    "algemeentotaal",
    "eindtotaal",
)
#: ... or starts with one of these ("Total général", "Totaal programma", "TOTAUX :")
TOTAL_PREFIXES = ("total", "totaal", "totaux", "grandtotal", "eindtotaal", "algemeentotaal")

#: the first letters of the totals words: a cell starting otherwise is no totals label
TOTAL_INITIALS = frozenset(w[0] for w in TOTAL_WORDS + TOTAL_PREFIXES)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def normalise(text: object) -> str:
    """A name reduced for comparison: lower case, no accents, letters and digits only."""
    if text is None:
        return ""
    return _normalise(str(text))


@functools.lru_cache(maxsize=65536)
def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return _NON_ALNUM.sub("", s)


@functools.lru_cache(maxsize=65536)
def _forms(text: object) -> tuple[str, ...]:
    full = normalise(text)
    if text is None:
        return (full,)
    forms = [full, normalise(_BRACKETS.sub(" ", str(text))), normalise(split_unit(str(text))[0])]
    return tuple(f for f in dict.fromkeys(forms) if f)


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, names in table.items():
        for name in names:
            out.setdefault(normalise(name), key)
    for key in table:  # the key itself is always accepted ("label_fr", "eu_amount")
        out.setdefault(normalise(key), key)
    return out


_SHEET_LOOKUP = _lookup(SHEETS)
_PROGRAMME_LOOKUP = _lookup(PROGRAMME_KEYS)
_COLUMN_LOOKUP = {sheet: _lookup(cols) for sheet, cols in COLUMNS.items()}
_STATUS_LOOKUP = _lookup(STATUSES)
_KIND_LOOKUP = _lookup(PAYMENT_KINDS)
_RESOURCE_LOOKUP = _lookup(RESOURCES)


#: no accepted name is longer: a longer cell is never a name (and is not worth normalising)
MAX_NAME_CHARS = 120


def _match(lookup: dict[str, str], text: object) -> str | None:
    if isinstance(text, str) and len(text) > MAX_NAME_CHARS:
        return None
    try:
        forms = _forms(text)
    except TypeError:  # an unhashable value: never a name
        return None
    for form in forms:
        if form and form in lookup:
            return lookup[form]
    return None


def sheet_key(name: object) -> str | None:
    """The sheet key ("budget", "payments", ...) a sheet name stands for, or None."""
    return _match(_SHEET_LOOKUP, name)


def programme_key(name: object) -> str | None:
    """The Programme-sheet field a key cell stands for, or None."""
    return _match(_PROGRAMME_LOOKUP, name)


def column_key(sheet: str, header: object) -> str | None:
    """The column key a header of ``sheet`` stands for, or None."""
    return _match(_COLUMN_LOOKUP[sheet], header)


def status_key(word: object) -> str | None:
    """The project status ("selected" ... "cancelled") a word stands for, or None."""
    return _match(_STATUS_LOOKUP, word)


def payment_kind_key(word: object) -> str | None:
    """The payment kind ("advance", "interim", "balance") a word stands for, or None."""
    return _match(_KIND_LOOKUP, word)


def resource_key(word: object) -> str | None:
    """The resource ("ordinary", "react-eu") a word stands for, or None."""
    return _match(_RESOURCE_LOOKUP, word)


def is_total_label(text: object) -> bool:
    """True if a cell reads like the label of a totals row ("Total", "TOTAAL", "Totaux :")."""
    if not isinstance(text, str) or len(text) > MAX_NAME_CHARS or text.lstrip()[:1].lower() not in TOTAL_INITIALS:
        return False
    n = normalise(text)
    if not n or any(ch.isdigit() for ch in n):
        return False
    return n in TOTAL_WORDS or n.startswith(TOTAL_PREFIXES)


def header_name(sheet: str, key: str, lang: str = "en") -> str:
    """The header written for column ``key`` of ``sheet`` in ``lang`` (en, fr, nl)."""
    return COLUMNS[sheet][key][LANGS.index(lang)]


def sheet_name(sheet: str, lang: str = "en") -> str:
    """The sheet name written for ``sheet`` in ``lang``."""
    return SHEETS[sheet][LANGS.index(lang)]


def programme_key_name(key: str, lang: str = "en") -> str:
    """The Programme-sheet key written for field ``key`` in ``lang``."""
    return PROGRAMME_KEYS[key][LANGS.index(lang)]


# -- units in amount headers ------------------------------------------------------------------------
#: units an amount header may name ("Montant (k€)", "Bedrag in k€", "Amount (kEUR)") -> euros per unit
AMOUNT_UNITS: dict[float, tuple[str, ...]] = {
    1.0: ("€", "EUR", "euro", "euros", "en euros", "in euro", "in euros", "en €", "in €", "EUR (€)"),
    1e3: (
        "k€",
        "kEUR",
        "k EUR",
        "keuro",
        "k euros",
        "K",
        "T€",
        "TEUR",
        "x 1000",
        "x 1.000",
        "x 1 000 €",
        "x1000 €",
        "x 1000 EUR",
        "'000 €",
        "000 €",
        "milliers d'euros",
        "milliers €",
        "en milliers d'euros",
        "en milliers",
        "milliers",
        "duizend euro",
        "in duizend euro",
        "duizenden euro",
        "x 1000 euro",
        "thousand euros",
        "thousands of euros",
        "EUR thousand",
        "EUR thousands",
        "in thousands",
        "thousands",
    ),
    1e6: (
        "M€",
        "MEUR",
        "M EUR",
        "Mio €",
        "Mio. €",
        "Mio EUR",
        "mln €",
        "mln EUR",
        "x 1 000 000",
        "millions d'euros",
        "en millions d'euros",
        "millions €",
        "en millions",
        "millions",
        "miljoen euro",
        "in miljoen euro",
        "miljoenen euro",
        "million euros",
        "millions of euros",
        "EUR million",
        "EUR millions",
        "in millions",
    ),
}
_UNIT_HINT = re.compile(
    r"€|\$|£|¥|%|eur(?:os?)?\b|\busd|\bgbp|\bchf|\bk\b|\bm\b|\bt€|\bmio|\bmln|milli|miljo|duizend|thousand|\d",
    re.IGNORECASE,
)
_TRAILING_UNIT = re.compile(
    r"^(.*?\S)[\s,\-\u2013/]+((?:(?:en|in)\s+)?(?:k€|m€|t€|€|keur|meur|teur|eur|euros?))\s*$", re.I
)
_TRAILING_WORDS = re.compile(r"^(.*?\S)\s+((?:en|in)\s+\S.*)$", re.IGNORECASE)
_BRACKET_CONTENT = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")


def _unit_form(text: str) -> str:
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower().replace("\u00d7", "x")
    return re.sub(r"[\s'\u2019.\u00a0\u202f]+", "", s)


_UNIT_LOOKUP = {_unit_form(u): scale for scale, units in AMOUNT_UNITS.items() for u in units}


def split_unit(header: str) -> tuple[str, str | None]:
    """A header and the unit it names: "Montant (k€)" -> ("Montant", "k€"); "Bedrag in k€" -> ("Bedrag", "in k€").

    Only what looks like a unit (a currency sign or code, k / M, thousands, millions, digits, %)
    counts: "Label (FR)" stays as it is.
    """
    if len(header) > MAX_NAME_CHARS:
        return header, None
    for m in _BRACKET_CONTENT.finditer(header):
        inner = (m.group(1) if m.group(1) is not None else m.group(2) or "").strip()
        if inner and _UNIT_HINT.search(inner):
            rest = (header[: m.start()] + " " + header[m.end() :]).strip()
            return " ".join(rest.split()), inner
    trailing = _TRAILING_UNIT.match(header.strip())
    if trailing:
        return trailing.group(1), trailing.group(2)
    words = _TRAILING_WORDS.match(header.strip())
    if words and _unit_form(words.group(2)) in _UNIT_LOOKUP:
        return words.group(1), words.group(2)
    return header, None


def unit_scale(unit: str) -> float | None:
    """Euros per unit of a unit as written ("k€" -> 1000.0, "M€" -> 1000000.0, "€" -> 1.0), None if unknown."""
    form = _unit_form(unit)
    if form not in _UNIT_LOOKUP and form[:2] in ("en", "in"):
        form = form[2:]
    return _UNIT_LOOKUP.get(form)


# -- lists of operations (issue 21: data_loaders.operations) ------------------------------------------------
#: field -> header names that propose it (compared after normalise; a header "FR / NL" or
#: "FR - EN" is also compared part by part). The publishers' own words: Brussels (FR/NL), Flanders (NL),
#: the French national list (FR/EN), the Czech export (CS), the Commission's list template (EN).
LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "project_id": (
        "Project id", "Project code", "Operation id", "Operation code", "N°", "No", "Nr", "Nummer",
        "Numéro", "Numéro de projet", "Code projet", "Identifiant", "Projectnummer", "Projectcode",
        "Dossiernummer", "Référence", "Reference", "ID", "Registrační číslo projektu", "Číslo projektu",
    ),
    "name": (
        "Name", "Project", "Project name", "Operation", "Operation name", "Opération", "Projet",
        "Nom du projet", "Intitulé du projet", "Intitulé", "Titre du projet", "Actie", "Projectnaam",
        "Projecttitel", "Titel", "Concrete actie", "Název projektu", "Název projektu CZ",
    ),
    "beneficiary": (
        "Beneficiary", "Beneficiary name", "Bénéficiaire", "Nom du bénéficiaire", "Porteur de projet",
        "Begunstigde", "Promotor", "Projectpromotor", "Aanvrager", "Žadatel", "Příjemce", "Lead partner",
    ),
    "programme": (
        "Programme", "Program", "Operational programme", "Programme opérationnel", "Operationeel programma",
        "Programma", "Operační program", "OP", "CCI",
    ),
    "priority": (
        "Priority", "Priority axis", "Axis", "Axe", "Axe prioritaire", "Prioritaire as", "Prioriteit", "As",
        "Specific objective", "Objectif spécifique", "Specifieke doelstelling", "Objective", "Objectif",
        "Doelstelling", "Prioritní osa",
    ),
    "call_id": (
        "Call", "Call id", "Call number", "Appel", "Appel à projets", "Numéro de l'appel", "Oproep",
        "Projectoproep", "Oproepnummer", "Číslo výzvy", "Výzva",
    ),
    "call_title": ("Call title", "Call name", "Titre de l'appel", "Intitulé de l'appel", "Titel oproep", "Název výzvy"),
    "status": ("Status", "Statut", "État", "Stage", "Název stavu", "Stav", "Stav projektu"),
    "total_cost": (
        "Total eligible cost", "Total eligible expenditure", "Total cost", "Total project cost", "Coût total",
        "Coût total éligible", "Total dépenses éligibles", "Dépenses éligibles", "Montant total éligible",
        "Financement total du projet", "Totale projectkost", "Totale projectfinanciering", "Totale kost",
        "Totale subsidiabele kosten", "Subsidiabele kosten", "CZV projektu", "Celkové způsobilé výdaje",
    ),
    "eu_amount": (
        "EU amount", "EU co-financing", "Union co-financing", "ERDF", "FEDER", "ERDF amount", "EU contribution",
        "Montant UE", "Montant UE programmé", "Montant FEDER", "Financement FEDER", "Financement FEDER (UE)",
        "Participation UE", "EFRO", "EFRO-financiering", "EFRO-financiering (EU)", "EFRO-bijdrage",
        "EU-bijdrage", "Příspěvek EU",
    ),
    "national_amount": (
        "National amount", "National co-financing", "Regional amount", "Contrepartie nationale",
        "Cofinancement régional", "Part régionale", "Vlaamse co-financiering", "Vlaamse cofinanciering",
        "Gewestelijke cofinanciering", "Nationale cofinanciering", "Národní spolufinancování",
    ),
    "paid": (
        "Paid", "Amount paid", "Payments", "Liquidated", "Montant liquidé", "Liquidations", "Payé",
        "Montant payé", "Vereffend", "Vereffeningen", "Uitbetaald", "Proplaceno",
    ),
    "selection_date": (
        "Selection date", "Date de sélection", "Date de programmation", "Selectiedatum", "Datum van selectie",
        "Approval date", "Date d'approbation", "Goedkeuringsdatum",
    ),
    "start_date": (
        "Start date", "Operation start date", "Date de début", "Date de début de l'opération", "Startdatum",
        "Begindatum", "Datum zahájení",
    ),
    "end_date": (
        "End date", "Operation end date", "Date de fin", "Date de fin de l'opération", "Einddatum",
        "Datum ukončení",
    ),
    "postcode": (
        "Postcode", "Postal code", "Code postal", "Code postal du bénéficiaire", "Postnummer", "PSČ", "Zip code",
    ),
}  # fmt: skip
