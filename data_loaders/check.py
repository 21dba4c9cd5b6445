"""Check programme workbooks from the command line.

``python -m data_loaders.check FILE... [--lang fr|nl|en]`` prints, per file, a
one-line summary (programme, projects, allocation, committed, paid) and every
error and warning with its location. Exit status 1 if any file has an error,
0 otherwise (warnings alone do not fail).
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from i18n import LANGS, format_eur, t
from monitoring.model import ProgrammeData

from .loader import check_workbook


def summary(data: ProgrammeData, lang: str = "en") -> str:
    """One line: programme, as-of date, number of projects, allocation, committed and paid totals."""
    return t(
        "cli.summary",
        lang,
        programme=data.info.programme_id,
        cci=data.info.cci,
        as_of=f"{data.info.as_of:%d/%m/%Y}",
        projects=t("cli.projects", lang, n=len(data.projects)),
        allocation=format_eur(float(data.budget["allocation"].sum()), lang),
        committed=format_eur(float(data.commitments["amount"].sum()), lang),
        paid=format_eur(float(data.payments["amount"].sum()), lang),
    )


def check_files(paths: list[str], lang: str = "en", out: TextIO | None = None) -> int:
    """Print the report for each workbook; return 1 if any has an error, else 0."""
    out = out or sys.stdout
    status = 0
    for path in paths:
        data, issues = check_workbook(path)
        errors = [i for i in issues if i.severity == "error"]
        warnings = [i for i in issues if i.severity == "warning"]
        head = f"{t('cli.accepted' if data is not None else 'cli.refused', lang)}  {path}"
        if data is not None:
            head += f" — {summary(data, lang)}"
        print(head, file=out)
        print(f"  {t('cli.errors', lang, n=len(errors))}, {t('cli.warnings', lang, n=len(warnings))}", file=out)
        for issue in errors + warnings:
            print(f"  - {issue.line(lang)}", file=out)
        if errors:
            status = 1
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_loaders.check", description=t("cli.description", "en"))
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--lang", choices=LANGS, default="en")
    args = parser.parse_args(argv)
    return check_files(args.files, args.lang)


if __name__ == "__main__":
    raise SystemExit(main())
