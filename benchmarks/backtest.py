"""The payment forecast's backtest on the demo data: the method (monitoring/forecast.py) against the naive
baseline "same pace as the last 12 months", per cut-off, with MAPE and band coverage.

    python benchmarks/backtest.py [--months 12] [--draws 400] [--markdown]

For each demo programme the data is replayed to every 30 June and 31 December that has ``--months`` of
data after it (``monitoring.forecast.backtest_cutoffs``); the forecast made from there (median and 10-90 %
band) and the baseline (and its band from resampling the last 12 monthly amounts) are compared with what
was paid over the next ``--months``. APE = |forecast − actual| / actual; coverage = share of cut-offs where
the actual fell within the band. ``--markdown`` prints the tables as docs/metrics.md shows them.

The demo's Forecasts sheet was generated from its own payments (each year's forecast is that year's
payments divided by a random realisation ratio between 0.7 and 1.1), and it carries no date, so every
cut-off sees the forecasts as they are now: on the demo the method knows more than a real one would.
Read the figures as a check that the machinery works, not as the method's accuracy on real data.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_core import load_demo
from monitoring.forecast import BACKTEST_DRAWS, backtest


def _pct(x: float) -> str:
    return "n/a" if x != x else f"{x * 100:.1f} %"


def _m(x: float) -> str:
    return f"{x / 1e6:,.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--months", type=int, default=12, help="forecast horizon after each cut-off")
    parser.add_argument("--draws", type=int, default=BACKTEST_DRAWS, help="resamplings behind each band")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    programmes, how = load_demo()
    print(f"Backtest of the payment forecast on the demo data ({how}); horizon {args.months} months; M€.\n")
    summary = []
    for data in programmes:
        started = time.perf_counter()
        bt = backtest(data, args.months, draws=args.draws)
        seconds = time.perf_counter() - started
        pid = data.programme_id
        print(f"{pid}: {len(bt.rows)} cut-offs, {seconds:.1f} s")
        head = ["cut-off", "paid next", "method (10-90 %)", "APE", "in band", "baseline (10-90 %)", "APE", "in band"]
        if args.markdown:
            print("| " + " | ".join(head) + " |")
            print("|" + "---|" * len(head))
        else:
            print("  ".join(f"{h:>22}" if i in (2, 5) else f"{h:>10}" for i, h in enumerate(head)))
        for r in bt.rows.itertuples(index=False):
            cells = [
                r.cutoff.strftime("%d/%m/%Y"),
                _m(r.actual),
                f"{_m(r.method)} ({_m(r.method_low)}-{_m(r.method_high)})",
                _pct(r.ape_method),
                "yes" if r.covered_method else "no",
                f"{_m(r.baseline)} ({_m(r.baseline_low)}-{_m(r.baseline_high)})",
                _pct(r.ape_baseline),
                "yes" if r.covered_baseline else "no",
            ]
            if args.markdown:
                print("| " + " | ".join(cells) + " |")
            else:
                print("  ".join(f"{c:>22}" if i in (2, 5) else f"{c:>10}" for i, c in enumerate(cells)))
        print()
        summary.append(
            (pid, len(bt.rows), bt.mape_method, bt.mape_baseline, bt.coverage_method, bt.coverage_baseline, bt.verdict)
        )
    head = ["programme", "cut-offs", "MAPE method", "MAPE baseline", "coverage method", "coverage baseline", "verdict"]
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
    else:
        print("  ".join(f"{h:>17}" for h in head))
    for pid, n, mm, mb, cm, cb, verdict in summary:
        cells = [pid, str(n), _pct(mm), _pct(mb), _pct(cm), _pct(cb), verdict]
        print("| " + " | ".join(cells) + " |" if args.markdown else "  ".join(f"{c:>17}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
