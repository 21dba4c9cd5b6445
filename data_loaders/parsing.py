"""Reading one cell: amounts, dates, rates, years and text as workbooks hold them.

Amounts come as numbers or as text in Belgian or English writing
("1.234.567,89", "1 234 567,89 €", "€ 1.234.567,89", "1,234,567.89",
"1234567.89"), with normal, non-breaking or narrow spaces; a negative amount as
"-1.234,56", "(1.234,56)" or, as SAP writes it, "1.234,56-". Dates come as Excel
dates, ISO text ("2023-11-30"), or day-first text ("30/11/2023", "30.11.2023").
Each parser returns ``None`` for an empty cell and raises ``ValueError`` for a
value it cannot read; the loader turns that into a located issue.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

EXCEL_EPOCH = date(1899, 12, 30)
#: no amount in a programme reaches ten thousand billion euros: beyond, the cell is a typing error
MAX_AMOUNT = 1e13
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007\u200b']+")
_CURRENCY = re.compile(r"(€|eur(?:o|os)?\b)", re.IGNORECASE)
_DIGITS = re.compile(r"^\d+$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_AMBIGUOUS = re.compile(r"^[-+\u2212(]?\d{1,3}[.,]\d{3}(?:\)|[-\u2212])?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA" (Excel's column letters)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """ "A" -> 0, "Z" -> 25, "AA" -> 26, "XFD" -> 16383 (the inverse of :func:`column_letter`)."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def is_blank(value: object) -> bool:
    """True for an empty cell: None, "", only spaces, or a float NaN."""
    if value is None:
        return True
    kind = type(value)
    if kind is str:
        text: str = value  # type: ignore[assignment]
        if not text:
            return True
        if text[0].isalnum():  # the usual case, decided without a regular expression
            return False
        return not _SPACES.sub("", text)
    if kind is float:
        return value != value  # NaN
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not _SPACES.sub("", value)


def _grouped(int_part: str, sep: str) -> str | None:
    """'1.234.567' with sep '.' -> '1234567' if the groups are thousands groups, else None."""
    groups = int_part.split(sep)
    if not groups[0] or not _DIGITS.match(groups[0]) or len(groups[0]) > 3:
        return None
    if any(len(g) != 3 or not _DIGITS.match(g) for g in groups[1:]):
        return None
    return "".join(groups)


def parse_number(value: object) -> float | None:
    """A number written as a Belgian or English amount, not rounded (see :func:`parse_amount`)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError("not a number")
        return float(value)
    if not isinstance(value, str):
        raise ValueError("not a number")
    text = _SPACES.sub("", _CURRENCY.sub("", value))
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text[:1] in ("-", "+", "\u2212"):
        negative, text = text[:1] != "+", text[1:]
    elif text[-1:] in ("-", "\u2212") and text[:1].isdigit():  # SAP and other ledgers: "1.234,56-"
        negative, text = True, text[:-1]
    if not text or not re.fullmatch(r"[0-9.,]+", text) or not text[0].isdigit():
        raise ValueError("not a number")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:  # both: the last one is the decimal separator
        dec = "," if text.rfind(",") > text.rfind(".") else "."
        if text.count(dec) != 1:
            raise ValueError("not a number")
        int_part, frac = text.split(dec)
        digits = _grouped(int_part, "." if dec == "," else ",")
    elif dots + commas == 0:
        digits, frac = text, ""
    else:
        sep = "." if dots else ","
        parts = text.split(sep)
        if len(parts) == 2 and not (len(parts[1]) == 3 and parts[0] != "0"):
            digits, frac = parts  # one decimal separator: "1234,56", "0,125"
        else:  # thousands separators only: "1.234.567", "1,234"
            digits, frac = _grouped(text, sep), ""
    if digits is None or not _DIGITS.match(digits) or (frac and not _DIGITS.match(frac)):
        raise ValueError("not a number")
    number = float(f"{digits}.{frac or '0'}")
    return -number if negative else number


def parse_amount(value: object) -> float | None:
    """An amount in euros, rounded to the cent.

    >>> parse_amount("1.234.567,89 €"), parse_amount("€ 1,234.5"), parse_amount(12.345)
    (1234567.89, 1234.5, 12.35)

    One separator followed by exactly three digits is a thousands separator
    ("1.234" and "1,234" are both 1234: amounts never have three decimals).
    Amounts of ten thousand billion euros or more are refused (a typing error).
    """
    if type(value) is float and -MAX_AMOUNT < value < MAX_AMOUNT:  # the usual case: a number cell
        return round(value, 2) + 0.0
    try:
        number = parse_number(value)
    except ValueError:
        raise ValueError("not an amount") from None
    if number is not None and abs(number) >= MAX_AMOUNT:
        raise ValueError("not an amount")
    return None if number is None else round(number, 2) + 0.0


def parse_scaled_amount(value: object, scale: float) -> float | None:
    """An amount in a column whose header names a unit (k€: ``scale`` 1000), in euros to the cent.

    >>> parse_scaled_amount(1234.5, 1000.0), parse_scaled_amount("1.234,5", 1000.0)
    (1234500.0, 1234500.0)

    In such a column one separator followed by three digits ("1,234") is either 1 234 k€ or
    1,234 k€: the cell is refused rather than guessed (ValueError "ambiguous").
    """
    if scale == 1.0:
        return parse_amount(value)
    if isinstance(value, str) and _AMBIGUOUS.match(_SPACES.sub("", _CURRENCY.sub("", value))):
        raise ValueError("ambiguous")
    try:
        number = parse_number(value)
    except ValueError:
        raise ValueError("not an amount") from None
    if number is None:
        return None
    number *= scale
    if abs(number) >= MAX_AMOUNT:
        raise ValueError("not an amount")
    return round(number, 2) + 0.0


def parse_date(value: object) -> date | None:
    """A calendar date from an Excel date, an Excel day number, ISO text or dd/mm/yyyy text."""
    if type(value) is date:  # the usual case: a date cell
        return value
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError("not a date")
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or not (1 <= value < 2958466) or value != int(value):
            raise ValueError("not a date")
        return EXCEL_EPOCH + timedelta(days=int(value))
    if not isinstance(value, str):
        raise ValueError("not a date")
    text = value.strip()
    m = _ISO.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DAY_FIRST.match(text)
        if not m:
            raise ValueError("not a date")
        d, mo, y = (int(g) for g in m.groups())
    if y < 1900:
        raise ValueError("not a date")
    return date(y, mo, d)  # raises ValueError for 31/02/2023


def parse_rate(value: object) -> float | None:
    """A co-financing rate as a fraction: 0.5, "50 %", "50%", "0,5" and 50 all give 0.5.

    A rate outside 0-100 % is refused (ValueError "not a rate"), and so is a percentage below
    1 % such as "0,5 %", which is almost always 50 % written as a fraction with a % sign
    (ValueError "small percent").
    """
    if is_blank(value):
        return None
    try:
        number = parse_number(value.replace("%", "") if isinstance(value, str) else value)
    except ValueError:
        raise ValueError("not a rate") from None
    if number is None:
        return None
    percent = isinstance(value, str) and "%" in value
    if percent and 0 < number < 1:
        raise ValueError("small percent")  # "0,5 %": 0.5 % or 50 %? (ERDF rates are 40 % to 100 %)
    if percent or number > 1:
        number = number / 100
    if not (0 < number <= 1):
        raise ValueError("not a rate")
    return round(number, 6)


def parse_year(value: object) -> int | None:
    """A calendar year (1990-2100) from 2024, 2024.0 or "2024"."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError("not a year")
    if isinstance(value, (datetime, date)):
        return value.year
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        value = int(value)
    if isinstance(value, int) and 1990 <= value <= 2100:
        return value
    raise ValueError("not a year")


def parse_text(value: object) -> str:
    """A cell as clean text: "" when empty, whole numbers without ".0" (postcode 1000.0 -> "1000")."""
    if type(value) is str and value and value[0].isalnum():  # the usual case
        return " ".join(value.split())
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).replace("\u00a0", " ").split())


def display(value: object) -> str:
    """A cell value as a user would recognise it in a message."""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
