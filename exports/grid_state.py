"""The projects explorer's grid state (quick search, column filters, sort), kept in a URL, applied as the grid does.

The explorer's export writes exactly the rows the grid shows. The grid filters and sorts in the
browser (AG Grid's client-side row model); this module applies the same state to the same rows
on the server, following AG Grid's own rules (read in its source, version 35):

* quick search: the text, upper-cased and split on spaces; a row passes when every part is found
  in the (upper-cased) text of at least one visible column;
* text filter: lower-cased comparison (contains, notContains, equals, notEqual, startsWith,
  endsWith, blank, notBlank); an empty cell passes notEqual, notContains and blank;
* number and date filters: equals, notEqual, greaterThan(OrEqual), lessThan(OrEqual), inRange
  (bounds excluded), blank, notBlank; an empty cell passes blank only;
* two conditions joined by AND / OR; filters of several columns all apply;
* sort: columns in order, each ascending or descending, empty cells first when ascending, ties
  in the rows' original order.

In a URL: ``q=<search>``, ``filter=<the grid's filter model as JSON>``, ``sort=name:asc,paid:desc``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cmp_to_key
from typing import Any

from i18n import format_number, t

TEXT_TYPES = ("contains", "notContains", "equals", "notEqual", "startsWith", "endsWith", "blank", "notBlank")
SCALAR_TYPES = (
    "equals",
    "notEqual",
    "greaterThan",
    "greaterThanOrEqual",
    "lessThan",
    "lessThanOrEqual",
    "inRange",
    "blank",
    "notBlank",
)
_NO_VALUE = ("blank", "notBlank")
_SYMBOLS = {
    "equals": "=",
    "notEqual": "≠",
    "greaterThan": ">",
    "greaterThanOrEqual": "≥",
    "lessThan": "<",
    "lessThanOrEqual": "≤",
}


class GridStateError(ValueError):
    """A grid state in a URL that cannot be read: names the parameter and says what is wrong, in any language."""

    def __init__(self, parameter: str, key: str, **params: Any) -> None:
        super().__init__(f"{parameter}: {key} {params}")
        self.parameter = parameter
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        return t("export.error.parameter", lang, name=self.parameter, problem=t(self.key, lang, **self.params))


@dataclass(frozen=True)
class SortKey:
    column: str
    descending: bool = False


@dataclass(frozen=True)
class GridState:
    """What narrows and orders the explorer's rows."""

    quick: str = ""
    filters: Mapping[str, Any] = field(default_factory=dict)
    sort: tuple[SortKey, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.quick and not self.filters and not self.sort

    def query(self) -> dict[str, str]:
        """The URL parameters that keep this state (none for an empty state)."""
        out: dict[str, str] = {}
        if self.quick:
            out["q"] = self.quick
        if self.filters:
            out["filter"] = json.dumps(self.filters, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
        if self.sort:
            out["sort"] = ",".join(f"{k.column}:{'desc' if k.descending else 'asc'}" for k in self.sort)
        return out


# --- reading -------------------------------------------------------------------------------------
def _check_condition(column: str, cond: Any) -> None:
    if not isinstance(cond, Mapping):
        raise GridStateError("filter", "export.error.condition", column=column, condition=str(cond)[:40])
    kind, typ = cond.get("filterType"), cond.get("type")
    if "conditions" in cond:
        subs = cond["conditions"]
        if cond.get("operator") not in ("AND", "OR") or not isinstance(subs, list) or not subs:
            raise GridStateError("filter", "export.error.condition", column=column, condition=str(cond.get("operator")))
        for sub in subs:
            _check_condition(column, {"filterType": kind, **sub} if isinstance(sub, Mapping) else sub)
        return
    allowed = TEXT_TYPES if kind == "text" else SCALAR_TYPES if kind in ("number", "date") else ()
    if typ not in allowed:
        raise GridStateError("filter", "export.error.condition", column=column, condition=f"{kind}/{typ}")
    if typ in _NO_VALUE:
        return
    if kind == "date":
        needed = ["dateFrom", "dateTo"] if typ == "inRange" else ["dateFrom"]
        if not all(_day(cond.get(k)) for k in needed):
            raise GridStateError("filter", "export.error.condition", column=column, condition=str(typ))
    elif kind == "number":
        needed = ["filter", "filterTo"] if typ == "inRange" else ["filter"]
        if not all(isinstance(cond.get(k), int | float) and not isinstance(cond.get(k), bool) for k in needed):
            raise GridStateError("filter", "export.error.condition", column=column, condition=str(typ))
    elif not isinstance(cond.get("filter"), str | int | float):
        raise GridStateError("filter", "export.error.condition", column=column, condition=str(typ))


def parse_filters(raw: str | None, columns: Collection[str]) -> dict[str, Any]:
    """The grid's filter model from its JSON (as the URL keeps it), checked against the grid's columns."""
    if not raw:
        return {}
    try:
        model = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise GridStateError("filter", "export.error.json", pos=exc.pos + 1) from None
    return check_filters(model, columns)


def check_filters(model: Any, columns: Collection[str]) -> dict[str, Any]:
    """``model`` (a filter model as the grid sends it) if every column and condition is one this module applies."""
    if model is None:
        return {}
    if not isinstance(model, Mapping):
        raise GridStateError("filter", "export.error.filter_shape")
    for column, cond in model.items():
        if column not in columns:
            raise GridStateError("filter", "export.error.column", column=str(column)[:40])
        _check_condition(str(column), cond)
    return dict(model)


def parse_sort(raw: str | None, columns: Collection[str]) -> tuple[SortKey, ...]:
    """ "paid:desc,name:asc" -> sort keys (checked against the grid's columns)."""
    if not raw:
        return ()
    keys = []
    for part in raw.split(","):
        column, _, direction = part.strip().partition(":")
        if direction not in ("asc", "desc"):
            raise GridStateError("sort", "export.error.sort", value=part[:40])
        if column not in columns:
            raise GridStateError("sort", "export.error.column", column=column[:40])
        keys.append(SortKey(column, direction == "desc"))
    return tuple(keys)


def parse(q: str | None, filter_json: str | None, sort: str | None, columns: Collection[str]) -> GridState:
    """A grid state from the URL's q, filter and sort parameters; GridStateError names the bad one."""
    return GridState((q or "")[:200], parse_filters(filter_json, columns), parse_sort(sort, columns))


def from_grid(
    quick: str | None, filter_model: Mapping[str, Any] | None, column_state: Sequence[Mapping[str, Any]] | None
) -> GridState:
    """A grid state from the grid's own props (quick search text, ``filterModel``, ``columnState``)."""
    ordered = sorted(
        (c for c in column_state or () if c.get("sort") in ("asc", "desc")),
        key=lambda c: (c.get("sortIndex") is None, c.get("sortIndex") or 0),
    )
    keys = tuple(SortKey(str(c.get("colId")), c.get("sort") == "desc") for c in ordered)
    return GridState((quick or "")[:200], dict(filter_model or {}), keys)


# --- applying ------------------------------------------------------------------------------------
def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def js_text(v: Any) -> str:
    """A value as JavaScript's ``String(value)`` writes it (1000.0 -> "1000", True -> "true")."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e21:
            return str(int(v))
        return repr(v)
    return str(v)


def _day(v: Any) -> date | None:
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _cmp(a: Any, b: Any) -> int:
    return 1 if a > b else -1 if a < b else 0


def _text_passes(cond: Mapping[str, Any], value: Any) -> bool:
    typ = cond["type"]
    if value is None:
        return typ in ("notEqual", "notContains", "blank")
    cell = js_text(value).lower()
    if typ == "blank":
        return cell == ""
    if typ == "notBlank":
        return cell != ""
    needle = js_text(cond.get("filter", "")).lower()
    return {
        "contains": needle in cell,
        "notContains": needle not in cell,
        "equals": cell == needle,
        "notEqual": cell != needle,
        "startsWith": cell.startswith(needle),
        "endsWith": cell.endswith(needle),
    }[typ]


def _scalar_passes(cond: Mapping[str, Any], value: Any, kind: str) -> bool:
    typ = str(cond["type"])
    if value is None or value == "":
        return typ == "blank"
    if kind == "date":
        cell: Any = _day(value)
        low, high = _day(cond.get("dateFrom")), _day(cond.get("dateTo"))
    else:
        cell = float(value) if isinstance(value, int | float) else None
        low, high = cond.get("filter"), cond.get("filterTo")
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return typ in ("notEqual", "notBlank")
    if typ == "blank":
        return False
    if typ == "notBlank":
        return True
    n = _cmp(cell, low)
    if typ == "inRange":
        return n > 0 and _cmp(cell, high) < 0
    return {
        "equals": n == 0,
        "notEqual": n != 0,
        "greaterThan": n > 0,
        "greaterThanOrEqual": n >= 0,
        "lessThan": n < 0,
        "lessThanOrEqual": n <= 0,
    }[typ]


def _passes(cond: Mapping[str, Any], value: Any) -> bool:
    kind = cond.get("filterType")
    if "conditions" in cond:
        results = [_passes({"filterType": kind, **c}, value) for c in cond["conditions"]]
        return all(results) if cond.get("operator") == "AND" else any(results)
    if kind == "text":
        return _text_passes(cond, value)
    return _scalar_passes(cond, value, str(kind))


def quick_texts(row: Mapping[str, Any], fields: Sequence[str]) -> list[str]:
    """What the quick search reads in a row: the text of each visible column, upper-cased (empty cells left out)."""
    return [js_text(v).upper() for v in (row.get(f) for f in fields) if not _missing(v) and v != ""]


def _quick_passes(parts: Sequence[str], texts: Sequence[str]) -> bool:
    return all(any(p in s for s in texts) for p in parts)


def _sort_cmp(a: Any, b: Any) -> int:
    a_missing, b_missing = _missing(a), _missing(b)
    if a_missing and b_missing:
        return 0
    if a_missing:
        return -1
    if b_missing:
        return 1
    try:
        return _cmp(a, b)
    except TypeError:
        return _cmp(js_text(a), js_text(b))


def _sort_key(column: str) -> Callable[[Mapping[str, Any]], Any]:
    def compare(a: Mapping[str, Any], b: Mapping[str, Any]) -> int:
        return _sort_cmp(a.get(column), b.get(column))

    return cmp_to_key(compare)


def apply(
    rows: Iterable[Mapping[str, Any]],
    state: GridState,
    fields: Sequence[str],
    texts: Sequence[Sequence[str]] | None = None,
) -> list[Mapping[str, Any]]:
    """The rows the grid shows for ``state``, in the grid's order (``fields``: the grid's visible columns).

    ``texts``: each row's :func:`quick_texts`, in the rows' order, when the caller keeps them (a server that
    answers many searches over the same rows reads them once).
    """
    out = list(rows)
    if state.quick:
        parts = state.quick.upper().split(" ")
        if texts is None:
            texts = [quick_texts(r, fields) for r in out]
        out = [r for r, row_texts in zip(out, texts, strict=True) if _quick_passes(parts, row_texts)]
    for column, cond in state.filters.items():
        out = [r for r in out if _passes(cond, None if _missing(r.get(column)) else r.get(column))]
    for key in reversed(state.sort):  # stable sorts, last key first
        out.sort(key=_sort_key(key.column), reverse=key.descending)
    return out


# --- in words ------------------------------------------------------------------------------------
def _condition_text(cond: Mapping[str, Any], lang: str) -> str:
    kind, typ = cond.get("filterType"), cond.get("type")
    if "conditions" in cond:
        joiner = f" {t('export.op.and' if cond.get('operator') == 'AND' else 'export.op.or', lang)} "
        return joiner.join(_condition_text({"filterType": kind, **c}, lang) for c in cond["conditions"])
    if typ in _NO_VALUE:
        return t(f"export.op.{typ}", lang)
    if kind == "date":
        low, high = str(cond.get("dateFrom", ""))[:10], str(cond.get("dateTo") or "")[:10]
    elif kind == "number":
        low = format_number(cond.get("filter"), lang, 2 if not float(cond.get("filter") or 0).is_integer() else 0)
        high = "" if cond.get("filterTo") is None else format_number(cond.get("filterTo"), lang)
    else:
        low, high = f"“{cond.get('filter', '')}”", ""
    if typ == "inRange":
        return t("export.op.inRange", lang, low=low, high=high)
    if kind == "text":
        return f"{t('export.op.' + str(typ), lang)} {low}"
    return f"{_SYMBOLS[str(typ)]} {low}"


def describe(state: GridState, lang: str, headers: Mapping[str, str], shown: int, total: int) -> str:
    """The state in words, for the Summary sheet: search, filters, sort and how many rows it leaves."""
    parts = []
    if state.quick:
        parts.append(t("export.op.search", lang, text=state.quick))
    for column, cond in state.filters.items():
        parts.append(f"{headers.get(column, column)} {_condition_text(cond, lang)}")
    if state.sort:
        order = ", ".join(
            f"{headers.get(k.column, k.column)} {t('export.op.desc' if k.descending else 'export.op.asc', lang)}"
            for k in state.sort
        )
        parts.append(t("export.op.sorted", lang, columns=order))
    parts.append(t("export.op.rows", lang, n=shown, total=format_number(total, lang)))
    return " · ".join(parts)
