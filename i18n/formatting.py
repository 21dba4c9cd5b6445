"""Numbers, amounts, rates and dates in each language's own format (Babel's CLDR data).

Every figure a user reads goes through here, so that every page writes the same figure the same way:

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
"""

from __future__ import annotations

import math
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_currency, format_decimal, format_percent

from i18n.catalogue import LOCALES, _locale, lang_or_default

#: shown for a figure that does not apply (a rate without allocation, a missing date)
NA = "–"
#: plotly ``layout.separators`` per language: the decimal mark, then the thousands separator
#: (French groups with a narrow no-break space, as Babel does)
PLOTLY_SEPARATORS = {"fr": ",\u202f", "nl": ",.", "en": ".,"}


def is_missing(x: Any) -> bool:
    """None, NaN and NaT: a value that is not there."""
    if x is None:
        return True
    if isinstance(x, float):
        return math.isnan(x)
    return _is_nat(x)


def _is_nat(x: Any) -> bool:
    """pandas' NaT (recognised by its type, so that this package needs no pandas)."""
    return type(x).__name__ == "NaTType"


@cache
def _percent_pattern(lang: str, decimals: int) -> str:
    base = _locale(lang).percent_formats[None].pattern  # e.g. "#,##0 %"
    frac = "." + "0" * decimals if decimals else ""
    return str(base).replace("#,##0", "#,##0" + frac, 1)


def format_eur(amount: Any, lang: str | None, decimals: int = 2) -> str:
    """A full euro amount in the language's own format (cents by default), rounded half up."""
    if is_missing(amount):
        return NA
    lang = lang_or_default(lang)
    # half-up to the shown precision, as accounting does (Babel alone would round half-even)
    value = Decimal(str(amount)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    fmt = None
    if decimals == 0:
        fmt = {"fr": "#,##0\xa0¤", "nl": "¤\xa0#,##0", "en": "¤#,##0"}[lang]
    return str(format_currency(value, "EUR", format=fmt, locale=LOCALES[lang], currency_digits=decimals != 0))


def format_eur_short(amount: Any, lang: str | None, decimals: int = 1) -> str:
    """An amount in millions or thousands for headlines.

    fr "4,2 M€", "850 k€"; nl "€ 4,2 mln", "€ 850.000"; en "€4.2M", "€850k".
    """
    if is_missing(amount):
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
    if lang == "nl":  # Belgian Dutch: "€ 4,2 mln", "€ 850.000"
        if unit == "M":
            return f"€\xa0{format_decimal(value, format=pattern, locale=LOCALES[lang])}\xa0mln"
        return f"€\xa0{format_decimal(round(amount, -3) if unit else amount, format='#,##0', locale=LOCALES[lang])}"
    num = format_decimal(value, format=pattern, locale=LOCALES[lang])
    if lang == "en":
        return f"{'-' if value < 0 else ''}€{num.lstrip('-')}{unit}"
    return f"{num}\xa0{unit}€"


def format_pct(rate: Any, lang: str | None, decimals: int = 1) -> str:
    """A rate (0.95) as a percentage in the language's format ("95,0 %", "95,0%", "95.0%")."""
    if is_missing(rate):
        return NA
    lang = lang_or_default(lang)
    # half up on the rate's shortest decimal text, to the shown precision (Babel alone rounds half-even:
    # 0.9405 would read "94,0 %" here and "94,1 %" in the grid and in Excel); the display rule of
    # monitoring.status.displayed_rate rounds the same way, so a rate reads alike everywhere
    text = repr(round(float(rate), 12)) if not isinstance(rate, Decimal) else str(rate)
    value = (Decimal(text) * 100).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP) / 100
    return str(format_percent(value, format=_percent_pattern(lang, decimals), locale=LOCALES[lang]))


def format_number(value: Any, lang: str | None, decimals: int = 0) -> str:
    """A plain number with the language's separators."""
    if is_missing(value):
        return NA
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale=LOCALES[lang_or_default(lang)]))


def format_date(d: Any, lang: str | None, fmt: str = "medium") -> str:
    """A date in the language's format (medium: "30 nov. 2023", "30 nov 2023", "30 Nov 2023")."""
    if d is None or not hasattr(d, "year") or _is_nat(d):
        return NA
    if isinstance(d, datetime):
        d = d.date()
    return str(_babel_date(d, format=fmt, locale=LOCALES[lang_or_default(lang)]))


#: the one time zone every time is shown in: the managing authority's (the server may run in UTC)
TIME_ZONE = ZoneInfo("Europe/Brussels")
#: one explicit date-time pattern for every language: four-digit year, 24-hour clock ("06/12/2026 18:36");
#: CLDR's "short" gave "6/12/26 18:36" in French and "6/12/2026, 18:36" in Dutch
DATETIME_PATTERN = "dd/MM/yyyy HH:mm"


def in_brussels(dt: datetime) -> datetime:
    """``dt`` as Brussels wall-clock time, without a time zone (for a cell or a text).

    A time without a zone is the server's local time (``datetime.now()``); one with a zone is converted.

    >>> from datetime import UTC
    >>> in_brussels(datetime(2026, 12, 6, 17, 36, tzinfo=UTC))
    datetime.datetime(2026, 12, 6, 18, 36)
    """
    return dt.astimezone(TIME_ZONE).replace(tzinfo=None)


def format_datetime(dt: datetime, lang: str | None) -> str:
    """A date and time in Brussels time, "dd/MM/yyyy HH:mm" in every language.

    >>> from datetime import UTC
    >>> format_datetime(datetime(2026, 12, 6, 17, 36, tzinfo=UTC), "fr")
    '06/12/2026 18:36'
    """
    return str(_babel_datetime(in_brussels(dt), format=DATETIME_PATTERN, locale=LOCALES[lang_or_default(lang)]))


def labelled(label: str, value: str, lang: str | None) -> str:
    """ "label : value" in French typography (no-break space before the colon), "label: value" otherwise."""
    colon = "\xa0:" if lang_or_default(lang) == "fr" else ":"
    return f"{label}{colon} {value}"
