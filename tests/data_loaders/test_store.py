"""The data store: one workbook per programme, a refused workbook never replaces good data."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from data_loaders.demo import write_demo_workbooks
from data_loaders.store import DataStore


@pytest.fixture
def folder(tmp_path):
    write_demo_workbooks(tmp_path)
    return tmp_path


def test_loads_every_programme_with_a_snapshot_id(folder):
    store = DataStore(folder)
    assert store.refresh(force=True) is True
    assert store.programme_ids == ["2014-2020", "2021-2027"]
    assert store.failures == {}
    assert len(store.snapshot_id) == 16


def test_a_second_workbook_for_the_same_programme_is_refused_with_a_message(folder):
    store = DataStore(folder)
    store.refresh(force=True)
    before = store.snapshot_id
    shutil.copy(folder / "erdf-2021-2027.xlsx", folder / "zz-copy-2021-2027.xlsx")
    assert store.refresh(force=True) is False
    assert store.snapshot_id == before  # the data shown did not change
    refused = store.failures["zz-copy-2021-2027.xlsx"]
    assert [i.code for i in refused.issues] == ["duplicate-programme"]
    assert refused.issues[0].message("en") == (
        "zz-copy-2021-2027.xlsx holds programme 2021-2027, which erdf-2021-2027.xlsx in the same folder already "
        "provides; it is not loaded. Keep one workbook per programme in the folder."
    )


def test_a_broken_replacement_keeps_the_good_data(folder):
    store = DataStore(folder)
    store.refresh(force=True)
    good = store.get("2014-2020")
    before = store.snapshot_id
    path = folder / "erdf-2014-2020.xlsx"
    wb = openpyxl.load_workbook(path)
    del wb["Payments"]
    wb.save(path)
    assert store.refresh(force=True) is False
    assert store.get("2014-2020") is good and store.snapshot_id == before
    assert "erdf-2014-2020.xlsx" in store.failures
