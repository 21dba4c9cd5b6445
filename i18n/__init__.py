"""Translations and formatting: the bottom of the house, which every other package may import.

``t(key, lang)`` reads the one catalogue (``i18n/catalogue/*.toml``); ``format_*`` write
amounts, rates and dates in each language's own format. Nothing here knows about Dash, the
workbooks or the figures.
"""

from i18n.catalogue import (
    BROWSER_LOCALES,
    DEFAULT_LANG,
    LANGS,
    LOCALES,
    Entry,
    entries,
    has,
    lang_or_default,
    plural_category,
    t,
    texts,
)
from i18n.formatting import (
    NA,
    PLOTLY_SEPARATORS,
    format_date,
    format_datetime,
    format_eur,
    format_eur_short,
    format_number,
    format_pct,
    is_missing,
    labelled,
)

__all__ = [
    "BROWSER_LOCALES",
    "DEFAULT_LANG",
    "LANGS",
    "LOCALES",
    "NA",
    "PLOTLY_SEPARATORS",
    "Entry",
    "entries",
    "format_date",
    "format_datetime",
    "format_eur",
    "format_eur_short",
    "format_number",
    "format_pct",
    "has",
    "is_missing",
    "labelled",
    "lang_or_default",
    "plural_category",
    "t",
    "texts",
]
