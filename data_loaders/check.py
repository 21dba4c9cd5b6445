"""Check programme workbooks from the command line.

``python -m data_loaders.check FILE... [--lang fr|nl|en]`` prints, per file, a
one-line summary (programme, projects, allocation, committed, paid) and every
error and warning with its location. Exit status 1 if any file has an error,
0 otherwise (warnings alone do not fail).
"""

from __future__ import annotations

import argparse
import sys

from .issues import eur
from .loader import check_workbook

_WORDS = {
    "en": {
        "ok": "OK",
        "refused": "REFUSED",
        "projects": "projects",
        "allocation": "allocation",
        "committed": "committed",
        "paid": "paid",
        "errors": "error(s)",
        "warnings": "warning(s)",
        "as_of": "as of",
    },
    "fr": {
        "ok": "OK",
        "refused": "REFUSÉ",
        "projects": "projets",
        "allocation": "dotation",
        "committed": "engagé",
        "paid": "liquidé",
        "errors": "erreur(s)",
        "warnings": "avertissement(s)",
        "as_of": "au",
    },
    "nl": {
        "ok": "OK",
        "refused": "GEWEIGERD",
        "projects": "projecten",
        "allocation": "toewijzing",
        "committed": "vastgelegd",
        "paid": "vereffend",
        "errors": "fout(en)",
        "warnings": "waarschuwing(en)",
        "as_of": "op",
    },
}


def summary(data, lang: str = "en") -> str:
    """One line: programme, as-of date, number of projects, allocation, committed and paid totals."""
    w = _WORDS[lang]
    alloc = float(data.budget["allocation"].sum())
    committed = float(data.commitments["amount"].sum())
    paid = float(data.payments["amount"].sum())
    return (
        f"{data.info.programme_id} ({data.info.cci}, {w['as_of']} {data.info.as_of:%d/%m/%Y}): "
        f"{len(data.projects)} {w['projects']}, {w['allocation']} {eur(alloc, lang)}, "
        f"{w['committed']} {eur(committed, lang)}, {w['paid']} {eur(paid, lang)}"
    )


def check_files(paths: list[str], lang: str = "en", out=None) -> int:
    """Print the report for each workbook; return 1 if any has an error, else 0."""
    out = out or sys.stdout
    w = _WORDS[lang]
    status = 0
    for path in paths:
        data, issues = check_workbook(path)
        errors = [i for i in issues if i.severity == "error"]
        warnings = [i for i in issues if i.severity == "warning"]
        head = f"{w['ok'] if data is not None else w['refused']}  {path}"
        if data is not None:
            head += f" — {summary(data, lang)}"
        print(head, file=out)
        print(f"  {len(errors)} {w['errors']}, {len(warnings)} {w['warnings']}", file=out)
        for issue in errors + warnings:
            print(f"  - {issue.line(lang)}", file=out)
        if errors:
            status = 1
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m data_loaders.check", description="Check ERDF programme workbooks (.xlsx)."
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--lang", choices=("fr", "nl", "en"), default="en")
    args = parser.parse_args(argv)
    return check_files(args.files, args.lang)


if __name__ == "__main__":
    raise SystemExit(main())
