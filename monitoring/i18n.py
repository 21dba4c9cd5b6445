"""Languages, number/date formatting per locale, and the FR/NL/EN text table.

Everything a user reads goes through here, so the screen, the Excel export and
the committee slides format the same figure the same way:

>>> format_eur(1234567.891, "fr")
'1\u202f234\u202f567,89\xa0€'
>>> format_eur(1234567.891, "nl")
'€\xa01.234.567,89'
>>> format_eur(1234567.891, "en")
'€1,234,567.89'
>>> format_pct(0.95, "fr")
'95,0\xa0%'
>>> format_eur_short(4_200_000, "fr")
'4,2\xa0M€'

Formatting uses Babel's CLDR data (fr_BE, nl_BE, en). Text lookups fall back to
English, then to the key itself, so a missing translation is visible but never
crashes a page.
"""

from __future__ import annotations

import math
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_currency, format_decimal

LANGS = ("fr", "nl", "en")
DEFAULT_LANG = "fr"
LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en"}
#: plotly ``layout.separators`` (decimal then thousands) per language
PLOTLY_SEPARATORS = {"fr": ", ", "nl": ",.", "en": ".,"}
NA = "–"  # shown for a rate that is not applicable (no allocation)


def lang_or_default(lang: str | None) -> str:
    """``lang`` if it is one of LANGS, else the default language."""
    return lang if lang in LANGS else DEFAULT_LANG


def _is_missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


@lru_cache(maxsize=None)
def _percent_pattern(lang: str, decimals: int) -> str:
    base = Locale.parse(LOCALES[lang]).percent_formats[None].pattern  # e.g. "#,##0 %"
    frac = "." + "0" * decimals if decimals else ""
    return base.replace("#,##0", "#,##0" + frac, 1)


def format_eur(amount, lang: str, decimals: int = 2) -> str:
    """A full euro amount in the language's own format (cents by default)."""
    if _is_missing(amount):
        return NA
    lang = lang_or_default(lang)
    # half-up to the shown precision, as accounting does (Babel alone would round half-even)
    amount = Decimal(str(amount)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    fmt = None
    if decimals == 0:
        fmt = {"fr": "#,##0\xa0¤", "nl": "¤\xa0#,##0", "en": "¤#,##0"}[lang]
    return format_currency(amount, "EUR", format=fmt, locale=LOCALES[lang], currency_digits=decimals != 0)


def format_eur_short(amount, lang: str, decimals: int = 1) -> str:
    """An amount in M€ or k€ for charts and headlines ("4,2 M€", "€4.2M", "850 k€")."""
    if _is_missing(amount):
        return NA
    lang = lang_or_default(lang)
    a = abs(amount)
    if a >= 1e6:
        value, unit = amount / 1e6, "M"
    elif a >= 1e3:
        value, unit, decimals = amount / 1e3, "k", 0
    else:
        value, unit, decimals = amount, "", 0
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    num = format_decimal(value, format=pattern, locale=LOCALES[lang])
    if lang == "en":
        return f"{'-' if value < 0 else ''}€{num.lstrip('-')}{unit}"
    return f"{num}\xa0{unit}€"


def format_pct(rate, lang: str, decimals: int = 1) -> str:
    """A rate (0.95) as a percentage in the language's format ("95,0 %", "95,0%", "95.0%")."""
    if _is_missing(rate):
        return NA
    lang = lang_or_default(lang)
    from babel.numbers import format_percent

    return format_percent(rate, format=_percent_pattern(lang, decimals), locale=LOCALES[lang])


def format_number(value, lang: str, decimals: int = 0) -> str:
    """A plain number with the language's separators."""
    if _is_missing(value):
        return NA
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang_or_default(lang)])


def format_date(d, lang: str, fmt: str = "medium") -> str:
    """A date in the language's format (medium: "30 nov. 2023", "30 nov 2023", "Nov 30, 2023")."""
    if d is None or (hasattr(d, "year") is False) or _is_missing(d):
        return NA
    try:
        import pandas as pd

        if d is pd.NaT:
            return NA
    except ImportError:  # pragma: no cover
        pass
    if isinstance(d, datetime):
        d = d.date()
    return _babel_format_date(d, format=fmt, locale=LOCALES[lang_or_default(lang)])


def labelled(label: str, value: str, lang: str) -> str:
    """ "label : value" in French typography, "label: value" in Dutch and English."""
    colon = "\xa0:" if lang_or_default(lang) == "fr" else ":"
    return f"{label}{colon} {value}"


def format_datetime(dt: datetime, lang: str) -> str:
    """A date and time in the language's short format ("24/11/2026 01:53", "11/24/26, 1:53 AM")."""
    from babel.dates import format_datetime as _fmt

    return _fmt(dt, format="short", locale=LOCALES[lang_or_default(lang)])


def t(key: str, lang: str, /, **kw) -> str:
    """The text ``key`` in ``lang``, with ``{placeholders}`` filled from ``kw``."""
    entry = TEXTS.get(key)
    if entry is None:
        text = key
    else:
        text = entry.get(lang_or_default(lang)) or entry.get("en") or key
    return text.format(**kw) if kw else text


def objective_word(programme_id: str, lang: str, plural: bool = False) -> str:
    """ "priority axis" for 2014-2020, "specific objective" for 2021-2027, in ``lang``."""
    key = "axis" if programme_id == "2014-2020" else "objective"
    return t(key + ("_plural" if plural else ""), lang)


# --- the text table -------------------------------------------------------------------------
# Keys are stable English slugs; every entry has fr, nl and en.
TEXTS: dict[str, dict[str, str]] = {
    "app_title": {"fr": "Suivi FEDER Bruxelles", "nl": "Opvolging EFRO Brussel", "en": "ERDF monitoring Brussels"},
    "app_subtitle": {
        "fr": "Engagements et liquidations des programmes FEDER",
        "nl": "Vastleggingen en vereffeningen van de EFRO-programma's",
        "en": "Commitments and payments of the ERDF programmes",
    },
    "demo_notice": {
        "fr": "Données de démonstration : montants fictifs",
        "nl": "Demonstratiegegevens: fictieve bedragen",
        "en": "Demo data: illustrative amounts",
    },
    "overview": {"fr": "Vue d'ensemble", "nl": "Overzicht", "en": "Overview"},
    "programme": {"fr": "Programme", "nl": "Programma", "en": "Programme"},
    "programmes": {"fr": "Programmes", "nl": "Programma's", "en": "Programmes"},
    "projects_explorer": {"fr": "Explorateur de projets", "nl": "Projectverkenner", "en": "Projects explorer"},
    "language": {"fr": "Langue", "nl": "Taal", "en": "Language"},
    "as_of": {"fr": "Situation au", "nl": "Stand op", "en": "As of"},
    "as_of_help": {
        "fr": "Date d'arrêté (clôture de rapportage)",
        "nl": "Afsluitdatum (rapporteringsdatum)",
        "en": "Cut-off date (reporting cut-off)",
    },
    "axis": {"fr": "Axe prioritaire", "nl": "Prioritaire as", "en": "Priority axis"},
    "axis_plural": {"fr": "Axes prioritaires", "nl": "Prioritaire assen", "en": "Priority axes"},
    "objective": {"fr": "Objectif spécifique", "nl": "Specifieke doelstelling", "en": "Specific objective"},
    "objective_plural": {"fr": "Objectifs spécifiques", "nl": "Specifieke doelstellingen", "en": "Specific objectives"},
    "call": {"fr": "Appel à projets", "nl": "Projectoproep", "en": "Call for projects"},
    "calls": {"fr": "Appels à projets", "nl": "Projectoproepen", "en": "Calls for projects"},
    "outside_calls": {"fr": "Hors appel à projets", "nl": "Buiten projectoproep", "en": "Outside calls for projects"},
    "shared_calls_note": {
        "fr": "L'appel {calls} est ouvert à plusieurs {levels} : son budget entier est repris ici, mais engagé et liquidé ne comptent que les projets de cette page (son taux est donc un minimum).",
        "nl": "Oproep {calls} staat open voor meerdere {levels}: het volledige budget staat hier, maar vastgelegd en vereffend tellen enkel de projecten van deze pagina (de graad is dus een minimum).",
        "en": "Call {calls} is open to several {levels}: its whole budget is shown here, but committed and paid count only this page's projects (so its rate is a floor).",
    },
    "project": {"fr": "Projet", "nl": "Project", "en": "Project"},
    "projects": {"fr": "Projets", "nl": "Projecten", "en": "Projects"},
    "beneficiary": {"fr": "Bénéficiaire", "nl": "Begunstigde", "en": "Beneficiary"},
    "allocation": {"fr": "Budget", "nl": "Budget", "en": "Allocation"},
    "allocation_eu": {"fr": "dont FEDER", "nl": "waarvan EFRO", "en": "of which ERDF"},
    "grant": {"fr": "Subside (FEDER + Région)", "nl": "Subsidie (EFRO + Gewest)", "en": "Grant (ERDF + Region)"},
    "committed": {"fr": "Engagé", "nl": "Vastgelegd", "en": "Committed"},
    "paid": {"fr": "Liquidé", "nl": "Vereffend", "en": "Paid"},
    "commitment": {"fr": "Engagement", "nl": "Vastlegging", "en": "Commitment"},
    "consumption": {"fr": "Liquidation", "nl": "Vereffening", "en": "Consumption"},
    "commitment_rate": {"fr": "Taux d'engagement", "nl": "Vastleggingsgraad", "en": "Commitment rate"},
    "liquidation_rate": {"fr": "Taux de liquidation", "nl": "Vereffeningsgraad", "en": "Liquidation rate"},
    "paid_of_committed": {"fr": "Liquidé / engagé", "nl": "Vereffend / vastgelegd", "en": "Paid / committed"},
    "remaining_to_commit": {"fr": "Reste à engager", "nl": "Nog vast te leggen", "en": "Remaining to commit"},
    "remaining_to_pay": {"fr": "Reste à liquider", "nl": "Nog te vereffenen", "en": "Remaining to pay"},
    "kpi_consumption": {
        "fr": "Consommation des crédits",
        "nl": "Verbruik van de kredieten",
        "en": "Consumption of credits",
    },
    "kpi_commitment": {
        "fr": "Engagement du budget",
        "nl": "Vastlegging van het budget",
        "en": "Budget commitment",
    },
    "threshold": {"fr": "Seuil", "nl": "Drempel", "en": "Threshold"},
    "mark": {"fr": "Repère", "nl": "Markering", "en": "Mark"},
    "target": {"fr": "Cible", "nl": "Doel", "en": "Target"},
    "target_path": {"fr": "Trajectoire cible", "nl": "Doeltraject", "en": "Target path"},
    "deadline": {"fr": "Échéance", "nl": "Termijn", "en": "Deadline"},
    "days_left": {
        "fr": "{n} jours avant l'échéance du {date}",
        "nl": "nog {n} dagen tot {date}",
        "en": "{n} days to the {date} deadline",
    },
    "days_past": {
        "fr": "Échéance du {date} dépassée de {n} jours",
        "nl": "Termijn van {date} {n} dagen verstreken",
        "en": "{date} deadline passed {n} days ago",
    },
    "status": {"fr": "Statut", "nl": "Status", "en": "Status"},
    "status_selected": {"fr": "Sélectionné", "nl": "Geselecteerd", "en": "Selected"},
    "status_signed": {"fr": "Convention signée", "nl": "Overeenkomst ondertekend", "en": "Agreement signed"},
    "status_ongoing": {"fr": "En cours", "nl": "Lopend", "en": "Ongoing"},
    "status_closed": {"fr": "Clôturé", "nl": "Afgesloten", "en": "Closed"},
    "status_cancelled": {"fr": "Annulé", "nl": "Geannuleerd", "en": "Cancelled"},
    "kind_advance": {"fr": "Avance", "nl": "Voorschot", "en": "Advance"},
    "kind_interim": {"fr": "Paiement intermédiaire", "nl": "Tussentijdse betaling", "en": "Interim payment"},
    "kind_balance": {"fr": "Solde", "nl": "Saldo", "en": "Balance"},
    "rag_red": {"fr": "Rouge", "nl": "Rood", "en": "Red"},
    "rag_orange": {"fr": "Orange", "nl": "Oranje", "en": "Orange"},
    "rag_green": {"fr": "Vert", "nl": "Groen", "en": "Green"},
    "rag_na": {"fr": "Sans objet", "nl": "Niet van toepassing", "en": "Not applicable"},
    "cumulative_title": {
        "fr": "Engagements et liquidations cumulés",
        "nl": "Gecumuleerde vastleggingen en vereffeningen",
        "en": "Cumulative commitments and payments",
    },
    "by_level_title": {
        "fr": "Budget, engagé et liquidé par {level}",
        "nl": "Budget, vastgelegd en vereffend per {level}",
        "en": "Allocation, committed and paid by {level}",
    },
    "decommitment_title": {
        "fr": "Risque de dégagement d'office (part FEDER)",
        "nl": "Risico op automatische doorhaling (EFRO-deel)",
        "en": "Decommitment exposure (ERDF share)",
    },
    "tranche": {"fr": "Tranche", "nl": "Schijf", "en": "Tranche"},
    "eu_tranche": {"fr": "Tranche FEDER", "nl": "EFRO-schijf", "en": "ERDF tranche"},
    "due_cumulative": {"fr": "À déclarer (cumul)", "nl": "Te declareren (cumul)", "en": "Due (cumulative)"},
    "claimed": {"fr": "Déclaré", "nl": "Gedeclareerd", "en": "Claimed"},
    "gap": {"fr": "Écart", "nl": "Tekort", "en": "Gap"},
    "at_risk": {"fr": "À risque", "nl": "Risico", "en": "At risk"},
    "exposure_red": {
        "fr": "À risque (échéance < 1 an)",
        "nl": "Risico (termijn < 1 jaar)",
        "en": "At risk (deadline < 1 year)",
    },
    "exposure_orange": {"fr": "À surveiller", "nl": "Op te volgen", "en": "To watch"},
    "exposure_green": {"fr": "Couvert", "nl": "Gedekt", "en": "Covered"},
    "forecast": {"fr": "Prévision", "nl": "Prognose", "en": "Forecast"},
    "forecast_title": {
        "fr": "Liquidations prévues et réalisées par année",
        "nl": "Geplande en gerealiseerde vereffeningen per jaar",
        "en": "Forecast and realised payments per year",
    },
    "realised": {"fr": "Réalisé", "nl": "Gerealiseerd", "en": "Realised"},
    "year": {"fr": "Année", "nl": "Jaar", "en": "Year"},
    "ratio": {"fr": "Réalisé / prévu", "nl": "Gerealiseerd / gepland", "en": "Realised / forecast"},
    "timeline": {"fr": "Chronologie", "nl": "Tijdlijn", "en": "Timeline"},
    "payment_line": {"fr": "Paiement", "nl": "Betaling", "en": "Payment"},
    "payments": {"fr": "Paiements", "nl": "Betalingen", "en": "Payments"},
    "commitments": {"fr": "Engagements", "nl": "Vastleggingen", "en": "Commitments"},
    "date": {"fr": "Date", "nl": "Datum", "en": "Date"},
    "amount": {"fr": "Montant", "nl": "Bedrag", "en": "Amount"},
    "line": {"fr": "Ligne", "nl": "Lijn", "en": "Line"},
    "kind": {"fr": "Type", "nl": "Soort", "en": "Kind"},
    "code": {"fr": "Code", "nl": "Code", "en": "Code"},
    "name": {"fr": "Nom", "nl": "Naam", "en": "Name"},
    "title": {"fr": "Intitulé", "nl": "Titel", "en": "Title"},
    "opening_date": {"fr": "Ouverture", "nl": "Opening", "en": "Opening"},
    "closing_date": {"fr": "Clôture", "nl": "Sluiting", "en": "Closing"},
    "selection_date": {"fr": "Sélection", "nl": "Selectie", "en": "Selection"},
    "agreement_date": {"fr": "Convention", "nl": "Overeenkomst", "en": "Agreement"},
    "start_date": {"fr": "Début", "nl": "Begin", "en": "Start"},
    "end_date": {"fr": "Fin", "nl": "Einde", "en": "End"},
    "total_cost": {"fr": "Coût éligible total", "nl": "Totale subsidiabele kosten", "en": "Total eligible cost"},
    "eu_amount": {"fr": "FEDER", "nl": "EFRO", "en": "ERDF"},
    "regional_amount": {"fr": "Région", "nl": "Gewest", "en": "Region"},
    "postcode": {"fr": "Code postal", "nl": "Postcode", "en": "Postcode"},
    "budget": {"fr": "Budget", "nl": "Budget", "en": "Budget"},
    "n_projects": {"fr": "Projets", "nl": "Projecten", "en": "Projects"},
    "search": {"fr": "Rechercher…", "nl": "Zoeken…", "en": "Search…"},
    "filtered_totals": {
        "fr": "Total des {n} projets affichés",
        "nl": "Totaal van de {n} getoonde projecten",
        "en": "Total of the {n} projects shown",
    },
    "open": {"fr": "Ouvrir", "nl": "Openen", "en": "Open"},
    "back_to": {"fr": "Retour : {name}", "nl": "Terug: {name}", "en": "Back: {name}"},
    "source": {"fr": "Source", "nl": "Bron", "en": "Source"},
    "extract_date": {"fr": "extrait du {date}", "nl": "extract van {date}", "en": "extract of {date}"},
    "loaded_at": {"fr": "chargé le {when}", "nl": "geladen op {when}", "en": "loaded {when}"},
    "warnings_n": {"fr": "{n} avertissement(s)", "nl": "{n} waarschuwing(en)", "en": "{n} warning(s)"},
    "validation_warnings": {
        "fr": "Avertissements de validation",
        "nl": "Validatiewaarschuwingen",
        "en": "Validation warnings",
    },
    "no_data_title": {"fr": "Aucune donnée", "nl": "Geen gegevens", "en": "No data"},
    "no_programme": {
        "fr": "Le programme {programme} n'est pas chargé. Déposez son classeur dans le dossier de données ({folder}) puis rechargez la page.",
        "nl": "Het programma {programme} is niet geladen. Plaats de werkmap in de gegevensmap ({folder}) en herlaad de pagina.",
        "en": "Programme {programme} is not loaded. Put its workbook in the data folder ({folder}) and reload the page.",
    },
    "load_failed_title": {"fr": "Échec du chargement", "nl": "Laden mislukt", "en": "Load failed"},
    "load_failed": {
        "fr": "Le classeur {file} a été refusé ({n} erreur(s)). Corrigez-le (détail ci-dessous ou via « python -m data_loaders.check ») ; les autres données restent affichées.",
        "nl": "De werkmap {file} werd geweigerd ({n} fout(en)). Verbeter ze (details hieronder of via « python -m data_loaders.check »); de andere gegevens blijven getoond.",
        "en": "Workbook {file} was refused ({n} error(s)). Fix it (details below, or run 'python -m data_loaders.check'); the other data are still shown.",
    },
    "not_found_title": {"fr": "Introuvable", "nl": "Niet gevonden", "en": "Not found"},
    "not_found": {
        "fr": "{what} « {key} » n'existe pas dans le programme {programme}.",
        "nl": "{what} '{key}' bestaat niet in het programma {programme}.",
        "en": "{what} '{key}' does not exist in programme {programme}.",
    },
    "no_calls": {
        "fr": "Aucun appel à projets n'est encore lié à cet objectif.",
        "nl": "Er is nog geen projectoproep aan deze doelstelling gekoppeld.",
        "en": "No call for projects is linked to this objective yet.",
    },
    "no_projects": {
        "fr": "Aucun projet sélectionné pour l'instant.",
        "nl": "Nog geen geselecteerde projecten.",
        "en": "No project selected yet.",
    },
    "no_forecast": {
        "fr": "Aucune prévision de liquidation encodée pour ce projet.",
        "nl": "Geen geplande vereffeningen ingevoerd voor dit project.",
        "en": "No payment forecast recorded for this project.",
    },
    "no_lines": {
        "fr": "Aucune ligne à cette date.",
        "nl": "Geen lijnen op deze datum.",
        "en": "No lines at this date.",
    },
    "page_not_found": {"fr": "Page introuvable", "nl": "Pagina niet gevonden", "en": "Page not found"},
    "click_to_open": {
        "fr": "Cliquez sur une barre pour ouvrir le détail.",
        "nl": "Klik op een balk om de details te openen.",
        "en": "Click a bar to open its page.",
    },
    "click_row": {
        "fr": "Cliquez sur une ligne pour ouvrir le projet.",
        "nl": "Klik op een rij om het project te openen.",
        "en": "Click a row to open the project.",
    },
    "loading": {"fr": "Chargement…", "nl": "Laden…", "en": "Loading…"},
    "rate": {"fr": "Taux", "nl": "Graad", "en": "Rate"},
    "rate_over_time": {"fr": "Évolution du taux", "nl": "Evolutie van de graad", "en": "Rate over time"},
    "project_status_counts": {"fr": "Projets par statut", "nl": "Projecten per status", "en": "Projects by status"},
    "selected_projects": {"fr": "Projets sélectionnés", "nl": "Geselecteerde projecten", "en": "Selected projects"},
    "amounts": {"fr": "Montants", "nl": "Bedragen", "en": "Amounts"},
    "identity": {"fr": "Identification", "nl": "Identificatie", "en": "Identification"},
    "cci": {"fr": "CCI", "nl": "CCI", "en": "CCI"},
    "eu_rate": {"fr": "Taux de cofinancement UE", "nl": "EU-medefinancieringspercentage", "en": "EU co-financing rate"},
    "eligibility_end": {"fr": "Fin d'éligibilité", "nl": "Einde subsidiabiliteit", "en": "End of eligibility"},
    "none": {"fr": "aucun", "nl": "geen", "en": "none"},
    "total": {"fr": "Total", "nl": "Totaal", "en": "Total"},
}
