"""``coerce_frame``: every frame in the documented shape, whatever the caller built it from."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from monitoring.model import coerce_frame


def commitments(project_ids: pd.Series) -> pd.DataFrame:
    n = len(project_ids)
    return pd.DataFrame({"project_id": project_ids, "date": [date(2023, 7, 1)] * n, "amount": [1.0] * n})


def test_a_column_of_texts_is_kept_as_it_is():
    ids = pd.Series(["P1", "P2", "P1"], dtype=object)
    out = coerce_frame("commitments", commitments(ids))
    assert out["project_id"].dtype == object
    assert out["project_id"].tolist() == ["P1", "P2", "P1"]
    assert [type(v) for v in out["project_id"]] == [str, str, str]


def test_missing_texts_become_empty_and_numbers_become_texts():
    ids = pd.Series(["P1", None, np.nan, 1000.0, 7], dtype=object)
    out = coerce_frame("commitments", commitments(ids))
    assert out["project_id"].dtype == object
    # None and NaN -> "", then every value through str(): 1000.0 -> "1000.0", 7 -> "7"
    assert out["project_id"].tolist() == ["P1", "", "", "1000.0", "7"]


def test_pandas_string_columns_come_back_as_python_texts():
    ids = pd.Series(["P1", "P2"], dtype="str")  # what pandas 3 infers from a list of texts
    out = coerce_frame("commitments", commitments(ids))
    assert out["project_id"].dtype == object
    assert out["project_id"].tolist() == ["P1", "P2"]


def test_texts_of_a_subclass_of_str_are_not_taken_for_plain_texts():
    ids = pd.Series([np.str_("P1"), "P2"], dtype=object)  # numpy's text type: a str, not str itself
    out = coerce_frame("commitments", commitments(ids))
    assert out["project_id"].tolist() == ["P1", "P2"]
    assert [type(v) for v in out["project_id"]] == [np.str_, str]  # kept as they were (no missing value)
