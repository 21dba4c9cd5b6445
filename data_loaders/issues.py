"""Validation issues found in a workbook, with messages in French, Dutch and English.

An :class:`Issue` says where (file, sheet, Excel row, column header and letter),
what (a stable ``code`` and the cell ``value``) and, through ``message(lang)``,
what the staff member should do about it. Errors refuse the workbook
(:class:`WorkbookError`); warnings are loaded with the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from i18n import DEFAULT_LANG, has, labelled, lang_or_default, t


def message_key(code: str) -> str:
    """The catalogue key of an issue code ("bad-amount" -> "issue.bad-amount")."""
    return f"issue.{code}"


@dataclass(frozen=True)
class Issue:
    """One problem found in a workbook, located as a staff member would find it in Excel."""

    severity: str  # "error" | "warning"
    code: str  # stable slug; its message is the catalogue's issue.<code>
    file: str  # file name
    sheet: str | None = None  # sheet name as written in the file
    row: int | None = None  # Excel row number (1-based)
    column: str | None = None  # header as written, plus the column letter: "Montant (D)"
    value: str | None = None  # the offending value, as text
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)

    def where(self, lang: str = DEFAULT_LANG) -> str:
        """The location: "Payments, row 14, column Amount (C)" (sheet, row, column as far as known)."""
        parts = []
        if self.sheet:
            parts.append(self.sheet)
        if self.row is not None:
            parts.append(t("where.row", lang, row=self.row))
        if self.column:
            parts.append(t("where.column", lang, column=self.column))
        return ", ".join(parts)

    def message(self, lang: str = DEFAULT_LANG) -> str:
        """The issue in plain words in ``lang`` ("fr", "nl" or "en"), starting with its location."""
        lang = lang_or_default(lang)
        fields: dict[str, Any] = {"file": self.file, "value": self.value if self.value is not None else ""}
        for key, val in self.params.items():
            fields[key] = val.get(lang, val.get("en")) if isinstance(val, dict) else val
            base, _, suffix = key.rpartition("_")
            if suffix == lang:  # name_fr, alt_fr: the French message says {name}, {alt}
                fields[base] = val
        key = message_key(self.code)
        try:
            text = t(key, lang, **fields) if has(key) else f"{self.code}: {self.value or ''}"
        except (KeyError, IndexError, ValueError):
            text = f"{self.code}: {self.value or ''}"
        where = self.where(lang)
        if where:
            return labelled(where, text, lang)
        return text if text.startswith(self.file) else text[:1].upper() + text[1:]

    def as_dict(self, lang: str = DEFAULT_LANG) -> dict[str, Any]:
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

    def line(self, lang: str = DEFAULT_LANG) -> str:
        """One report line: severity word and message ("Error: Payments, row 14, ...")."""
        return labelled(t(f"severity.{self.severity}", lang), self.message(lang), lang)


class WorkbookError(Exception):
    """A workbook refused because of errors; ``issues`` holds every issue found (errors and warnings)."""

    def __init__(self, issues: list[Issue], lang: str = DEFAULT_LANG):
        self.issues = list(issues)
        errors = self.errors
        name = errors[0].file if errors else (self.issues[0].file if self.issues else "")
        head = t("workbook_error.head", lang, file=name, n=len(errors))
        shown = [i.message(lang) for i in errors[:20]]
        more = [t("workbook_error.more", lang, n=len(errors) - 20)] if len(errors) > 20 else []
        super().__init__("\n  ".join([head, *shown, *more]))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]
