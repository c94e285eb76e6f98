"""Warehouse behaviour beyond ingestion: the per-process memo and engine parity."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tradebridge.analytics.markets import markets
from tradebridge.analytics.profiles import bilateral, profile
from tradebridge.data.plain_csv import ingest_csv
from tradebridge.data.warehouse import Warehouse


def test_memo_is_reused_and_invalidated_by_a_new_ingestion(tmp_path: Path):
    src = tmp_path / "a.csv"
    src.write_text("year,exporter,importer,product,value\n2021,AZE,RUS,080510,1\n")
    wh = Warehouse(tmp_path / "wh")
    ingest_csv(wh, [src], source="s")
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert wh.memo("n", [2021], None, compute) == 1
    assert Warehouse(tmp_path / "wh").memo("n", [2021], None, compute) == 1  # same folder
    src.write_text("year,exporter,importer,product,value\n2021,AZE,RUS,080510,2\n")
    ingest_csv(wh, [src], source="s")
    assert wh.memo("n", [2021], None, compute) == 2  # the partition's checksum changed


@pytest.mark.spark
def test_duckdb_and_spark_give_identical_results(tiny_warehouse):
    for run in (
        lambda e: profile(tiny_warehouse, "AZE", year=2021, by="sector", engine=e),
        lambda e: bilateral(tiny_warehouse, "AZE", "RUS", year=2021, by="hs2", engine=e),
        lambda e: markets(tiny_warehouse, "AZE", year=2021, engine=e),
    ):
        duck, spark = run("duckdb"), run("spark")
        pd.testing.assert_frame_equal(duck, spark, check_dtype=False, rtol=1e-12)
