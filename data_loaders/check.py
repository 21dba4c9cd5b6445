"""Check programme workbooks from the command line.

``python -m data_loaders.check FILE... [--lang fr|nl|en]`` prints, per file, a one-line summary
(programme, projects, allocation, committed, paid) and every error and warning with its
location. Each workbook is read in a child process with a memory limit
(:mod:`data_loaders.isolation`), as the dashboard reads it.

Exit status: 0 when every workbook is accepted (warnings alone do not fail), 1 when one is
refused, 2 when one could not be read at all (the reading process stopped or took too long) or
the check itself could not run. The command never prints a traceback: details go to the log.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TextIO

from i18n import LANGS, format_eur, t
from monitoring.aggregate import totals
from monitoring.model import ProgrammeData

from .isolation import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, IsolatedReader, ReadResult, default_reader
from .limits import DEFAULT_LIMITS
from .reader import read_source

ACCEPTED, REFUSED, COULD_NOT_RUN = 0, 1, 2
_log = logging.getLogger(__name__)


def summary(data: ProgrammeData, lang: str = "en") -> str:
    """One line: programme, as-of date, number of projects, allocation, committed and paid totals."""
    return t(
        "cli.summary",
        lang,
        programme=data.info.programme_id,
        cci=data.info.cci,
        as_of=f"{data.info.as_of:%d/%m/%Y}",
        projects=t("cli.projects", lang, n=len(data.projects)),
        allocation=format_eur(totals(data)["allocation"], lang),  # the Budget's versions in force at the extract
        committed=format_eur(float(data.commitments["amount"].sum()), lang),
        paid=format_eur(float(data.payments["amount"].sum()), lang),
    )


def check_one(path: str, reader: IsolatedReader) -> ReadResult:
    """The result of reading ``path`` in the child (a file that cannot even be read is refused)."""
    raw, issues = read_source(path, Path(path).name, DEFAULT_LIMITS)
    if raw is None:
        return ReadResult(None, issues)
    return reader.check(raw, Path(path).name)


def check_files(
    paths: list[str], lang: str = "en", out: TextIO | None = None, reader: IsolatedReader | None = None
) -> int:
    """Print the report for each workbook; return the exit status (0 accepted, 1 refused, 2 could not read)."""
    out = out or sys.stdout
    reader = reader or default_reader()
    status = ACCEPTED
    for path in paths:
        result = check_one(path, reader)
        data, issues = result.data, result.issues
        errors = [i for i in issues if i.severity == "error"]
        warnings = [i for i in issues if i.severity == "warning"]
        word = "cli.could_not_read" if result.failure else "cli.accepted" if data is not None else "cli.refused"
        head = f"{t(word, lang)}  {path}"
        if data is not None:
            head += f" — {summary(data, lang)}"
        print(head, file=out)
        print(f"  {t('cli.errors', lang, n=len(errors))}, {t('cli.warnings', lang, n=len(warnings))}", file=out)
        for issue in errors + warnings:
            print(f"  - {issue.line(lang)}", file=out)
        status = max(status, COULD_NOT_RUN if result.failure else REFUSED if errors else ACCEPTED)
    return status


def main(argv: list[str] | None = None) -> int:
    """The command; returns its exit status and never raises (but for argparse's own exit on bad usage)."""
    parser = argparse.ArgumentParser(prog="python -m data_loaders.check", description=t("cli.description", "en"))
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--lang", choices=LANGS, default="en")
    parser.add_argument("--memory-mb", type=int, default=DEFAULT_MEMORY_MB, help="memory of the reading process (MiB)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="longest read of one workbook (seconds)")
    parser.add_argument("--debug", action="store_true", help="log the details of a failure (tracebacks included)")
    args = parser.parse_args(argv)
    if args.debug:
        logging.getLogger().setLevel(logging.DEBUG)
    try:
        return check_files(args.files, args.lang, reader=default_reader(args.memory_mb, args.timeout))
    except KeyboardInterrupt:
        return COULD_NOT_RUN
    except Exception:
        _log.debug("the check could not run", exc_info=True)
        print(t("cli.could_not_run", args.lang), file=sys.stderr)
        return COULD_NOT_RUN


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    raise SystemExit(main())
