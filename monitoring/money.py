"""Exact money arithmetic: euros as whole cents, thresholds in cents, ratios that are never infinite."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt


def to_cents(amount: Any) -> npt.NDArray[np.int64]:
    """Euros (scalar or array) as whole cents (int64), rounded to the nearest cent.

    >>> to_cents([1.005, 2.5]).tolist()
    [100, 250]
    """
    cents: npt.NDArray[np.int64] = np.rint(np.asarray(amount, dtype="float64") * 100).astype("int64")
    return cents


def threshold_cents(threshold: float, base_cents: Any) -> npt.NDArray[np.int64]:
    """The amount, in cents, that reaches ``threshold`` of ``base_cents``: threshold × base rounded half up.

    >>> threshold_cents(0.95, [20_000_000_000]).tolist()  # 95 % of 200 M€ is 190 M€, whatever 0.95's float error
    [19000000000]
    """
    cents: npt.NDArray[np.int64] = np.floor(
        np.round(threshold * np.asarray(base_cents, dtype="float64"), 6) + 0.5
    ).astype("int64")
    return cents


def ratio(num: Any, den: Any) -> npt.NDArray[np.float64]:
    """num / den element-wise, NaN where den is zero (never inf).

    >>> ratio([1, 1], [4, 0]).tolist()
    [0.25, nan]
    """
    n = np.asarray(num, dtype="float64")
    d = np.asarray(den, dtype="float64")
    out = np.full(n.shape, np.nan)
    np.divide(n, d, out=out, where=d != 0)
    return out
