"""The forecasts' backtests on the demo data: the payment forecast (monitoring/forecast.py) and the commitment
forecast (monitoring/commitment_forecast.py) against the naive baseline "same pace as the last 12 months", per
cut-off, with MAPE, the band's coverage and the coverage of the band calibrated by the backtest's errors.

    python benchmarks/backtest.py [--months 12] [--draws 400] [--markdown]

The commitment forecast is replayed at every month end from the first commitment on, over its own horizon
(``commitment_forecast.HORIZON_MONTHS``, 3 months). The calibrated band of each cut-off is calibrated by the
other cut-offs' errors only (leave one out): its coverage is measured out of sample.

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
from monitoring import commitment_forecast
from monitoring.forecast import BACKTEST_DRAWS, Backtest, backtest


def _pct(x: float) -> str:
    return "n/a" if x != x else f"{x * 100:.1f} %"


def _m(x: float) -> str:
    return f"{x / 1e6:,.2f}"


def _table(bt: Backtest, markdown: bool) -> None:
    head = ["cut-off", "actual next", "method (10-90 %)", "APE", "in band", "calibrated band", "in band",
            "baseline (10-90 %)", "APE", "in band"]  # fmt: skip
    wide = (2, 5, 7)
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
    else:
        print("  ".join(f"{h:>22}" if i in wide else f"{h:>10}" for i, h in enumerate(head)))
    for r in bt.rows.itertuples(index=False):
        cells = [
            r.cutoff.strftime("%d/%m/%Y"),
            _m(r.actual),
            f"{_m(r.method)} ({_m(r.method_low)}-{_m(r.method_high)})",
            _pct(r.ape_method),
            "yes" if r.covered_method else "no",
            f"{_m(r.calibrated_low)}-{_m(r.calibrated_high)}",
            "yes" if r.covered_calibrated else "no",
            f"{_m(r.baseline)} ({_m(r.baseline_low)}-{_m(r.baseline_high)})",
            _pct(r.ape_baseline),
            "yes" if r.covered_baseline else "no",
        ]
        if markdown:
            print("| " + " | ".join(cells) + " |")
        else:
            print("  ".join(f"{c:>22}" if i in wide else f"{c:>10}" for i, c in enumerate(cells)))
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--months", type=int, default=12, help="forecast horizon after each cut-off")
    parser.add_argument("--draws", type=int, default=BACKTEST_DRAWS, help="resamplings behind each band")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    programmes, how = load_demo()
    print(f"Backtests of the forecasts on the demo data ({how}); payments over {args.months} months; M€.\n")
    summary = []
    for data in programmes:
        pid = data.programme_id
        for what, run in (
            ("payments", lambda d: backtest(d, args.months, draws=args.draws)),
            ("commitments", lambda d: commitment_forecast.backtest(d, draws=args.draws)),
        ):
            started = time.perf_counter()
            bt = run(data)
            seconds = time.perf_counter() - started
            print(f"{pid} {what}: {len(bt.rows)} cut-offs, horizon {bt.horizon_months} months, {seconds:.1f} s")
            _table(bt, args.markdown)
            summary.append(
                (
                    f"{pid} {what}",
                    len(bt.rows),
                    bt.mape_method,
                    bt.mape_baseline,
                    bt.coverage_method,
                    bt.coverage_calibrated,
                    bt.coverage_baseline,
                    bt.verdict,
                )
            )
    head = ["forecast", "cut-offs", "MAPE method", "MAPE baseline", "coverage method", "coverage calibrated",
            "coverage baseline", "verdict"]  # fmt: skip
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
    else:
        print("  ".join(f"{h:>17}" for h in head))
    for pid, n, mm, mb, cm, cc, cb, verdict in summary:
        cells = [pid, str(n), _pct(mm), _pct(mb), _pct(cm), _pct(cc), _pct(cb), verdict]
        print("| " + " | ".join(cells) + " |" if args.markdown else "  ".join(f"{c:>17}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
