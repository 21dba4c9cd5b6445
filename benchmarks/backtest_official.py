"""The top-down check's backtest on the real open-data series (monitoring/topdown.py): the projection by rate
level ("peers at the same rate") against the naive baseline "same pace as the last 12 months".

    python benchmarks/backtest_official.py --official DIR [--markdown]

Every implementation file of ``DIR`` (the official CSV files, as ERDF_OFFICIAL_DIR) with at least two
cut-offs is replayed: for each programme and each cut-off with 12 months behind it, the projection to every
later cut-off of the series, with the programme left out of its peers and the peers' curves cut at that
cut-off; APE on the gain over the horizon, mean error in points of rate (forecast − actual), coverage of the
10-90 % band, the number of forecasts compared (those both methods could make). A method that does not beat
the baseline on MAPE is marked "not shown" (the issue's rule).

Groups of peers:
  ERDF                 the issue's definition: the ERDF programmes of the period, against each other
  ERDF, 2 peers        the same at two peers (below the product's minimum of three): a sensitivity only
  each fund            every programme of the file against its own fund's (ESF, EAFRD, ... too)
  any fund             every programme against all the programmes of its period, any fund
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_loaders.official import read_folder
from monitoring import topdown

GROUPS = (
    ("ERDF", True, topdown.MIN_PEERS, "ERDF"),
    ("ERDF, 2 peers", True, 2, "ERDF"),
    ("each fund", True, topdown.MIN_PEERS, None),
    ("any fund", False, topdown.MIN_PEERS, None),
)
HORIZONS = (("all later cut-offs", None), ("next 12 months", 1.0))
VERDICT = {"shown": "beats the baseline", "worse_than_baseline": "not shown", "not_enough_history": "too few"}


def _pct(x: float) -> str:
    return "n/a" if x != x else f"{x * 100:.1f} %"


def _points(x: float) -> str:
    return "n/a" if x != x else f"{x * 100:+.1f}"


def table(source, markdown: bool) -> list[str]:
    """The backtest table of one implementation file: two rows (method, baseline) per group, measure and horizon."""
    head = [
        "peers",
        "rate",
        "horizon",
        "method",
        "MAPE",
        "mean error (points)",
        "band coverage",
        "forecasts",
        "verdict",
    ]
    lines = []
    if markdown:
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    else:
        lines.append("  ".join(f"{h:<20}" for h in head))
    programmes = sorted(str(c) for c in source.rows["cci"].unique())
    funds = source.rows.drop_duplicates("cci").set_index("cci")["fund"].astype(str).to_dict()
    for name, same_fund, min_peers, fund in GROUPS:
        ccis = [c for c in programmes if fund is None or funds.get(c) == fund]
        for measure in topdown.MEASURES:
            for horizon_name, horizon in HORIZONS:
                bt = topdown.backtest(
                    source, measure, ccis, min_peers=min_peers, same_fund=same_fund, max_horizon=horizon
                )
                rows = [
                    ["peers at the same rate", _pct(bt.mape_method), _points(bt.error_method), _pct(bt.coverage)],
                    ["last 12 months' pace", _pct(bt.mape_baseline), _points(bt.error_baseline), "–"],
                ]
                for i, (method, mape, error, coverage) in enumerate(rows):
                    cells = [
                        name if i == 0 else "",
                        measure.replace("_rate", "") if i == 0 else "",
                        horizon_name if i == 0 else "",
                        method,
                        mape,
                        error,
                        coverage,
                        f"{bt.n} ({bt.n_ape} with a gain)" if i == 0 else str(bt.n),
                        VERDICT[bt.verdict] if i == 0 else "",
                    ]
                    lines.append("| " + " | ".join(cells) + " |" if markdown else "  ".join(f"{c:<20}" for c in cells))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--official", required=True, type=Path, help="folder of the official CSV files")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    folder = read_folder(args.official)
    for error in folder.refused:
        print(f"refused: {error}")
    done = 0
    for source in folder.sources:
        if not source.has_cutoffs:
            continue
        years = sorted(int(y) for y in source.rows["year"].dropna().unique())
        if len(years) < 2:
            print(f"{source.name}: one cut-off only ({years[0] if years else '-'}): nothing to replay\n")
            continue
        started = time.perf_counter()
        lines = table(source, args.markdown)
        seconds = time.perf_counter() - started
        n = source.rows["cci"].nunique()
        print(f"{source.name}: {n} programmes, cut-offs {years[0]}-{years[-1]}; {seconds:.1f} s\n")
        print("\n".join(lines))
        print()
        done += 1
    if not done:
        print("no implementation file with two cut-offs or more")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
