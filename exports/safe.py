"""Text that goes into a cell or a file name, made harmless.

* A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed
  would be read by Excel (or by a spreadsheet that re-imports it) as a formula (OWASP "CSV
  injection"). The writer stores every text as a string cell, never as a formula, and marks such a
  text with Excel's *quote prefix* (the cell style Excel itself sets when one types ``'=x``): the
  reader sees the text exactly as in the workbook, and editing the cell keeps it text.
* A file name made from identifiers keeps letters, digits, dots and dashes only.

>>> needs_quote_prefix('=HYPERLINK("http://x","y")'), needs_quote_prefix("Brusoc")
(True, False)
>>> safe_name("../Appel 2023/1 «énergie»")
'Appel-2023-1-energie'
"""

from __future__ import annotations

import re
import unicodedata

#: first characters that make a spreadsheet read a text as a formula (OWASP)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Excel's limit on the characters of one cell
MAX_CELL_CHARS = 32767


def needs_quote_prefix(text: str) -> bool:
    """True when ``text`` would be taken for a formula if it were typed into a cell."""
    return text.startswith(FORMULA_TRIGGERS)


def cell_text(value: object) -> str:
    """Any value as the text of a cell (None as empty), cut to Excel's cell limit."""
    text = "" if value is None else str(value)
    return text[:MAX_CELL_CHARS]


def safe_name(part: str, max_length: int = 80) -> str:
    """A piece of a file name: accents dropped, anything but letters, digits, dots and dashes made a dash.

    No leading dot or dash (no hidden file, no option), no "..", never empty ("x").
    """
    ascii_text = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9.]+", "-", ascii_text)
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip("-.")
    return cleaned[:max_length].strip("-.") or "x"
