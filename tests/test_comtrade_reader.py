"""UN Comtrade reader: plain flows only, aggregates out, both sides of a flow reconciled to one."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tradebridge.data.comtrade import ingest_comtrade
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput

DATA = Path(__file__).parent / "data" / "comtrade"


def stored(wh: Warehouse) -> pd.DataFrame:
    return wh.flows().execute().sort_values(["exporter", "product"]).reset_index(drop=True)


def test_plus_layout_keeps_plain_hs6_flows_and_exporter_declaration(tmp_path):
    wh = Warehouse(tmp_path / "wh")
    report = ingest_comtrade(wh, [DATA / "plus.csv"], skip_invalid=True, rejects=tmp_path / "r.csv")
    # 12 records: 2 kept, 1 rejected (value 'abc'), 9 filtered: World partner, HS4 aggregate,
    # re-export, customs C01, transport 2100, partner2 643, area 899, and two mirror records
    assert (report.rows_read, report.rows_stored, report.rows_rejected, report.rows_filtered) == (
        12,
        2,
        1,
        9,
    )
    got = stored(wh)
    assert got[["exporter", "importer", "product"]].values.tolist() == [
        ["AZE", "RUS", "080510"],
        ["RUS", "AZE", "720610"],
    ]
    # RUS declared exports of 720610 at 790,000 and AZE imports at 800,000: the exporter's kept
    assert got["value"].tolist() == [1_200_000.0, 790_000.0]
    assert got["quantity"].tolist() == [1500.0, 400.0]  # kg → tonnes
    assert "not reconciled" in report.source
    rejects = pd.read_csv(tmp_path / "r.csv")
    assert rejects["line"].tolist() == [13] and rejects["field"].tolist() == ["primaryValue"]


def test_plus_layout_stops_on_bad_value_by_default(tmp_path):
    with pytest.raises(BadInput, match=r"^plus\.csv:13: primaryValue: "):
        ingest_comtrade(Warehouse(tmp_path / "wh"), [DATA / "plus.csv"])


def test_legacy_layout_flows_and_m49_fallback(tmp_path):
    wh = Warehouse(tmp_path / "wh")
    report = ingest_comtrade(wh, [DATA / "legacy.csv"])
    assert (report.rows_read, report.rows_stored, report.rows_filtered) == (5, 2, 3)
    got = stored(wh)
    # export KAZ→CHN; import by KAZ from partner 842 (no ISO given: M49 842 → USA)
    assert got[["year", "exporter", "importer", "product", "value"]].values.tolist() == [
        [2019, "KAZ", "CHN", "260300", 2_500_000.0],
        [2019, "USA", "KAZ", "870323", 300_000.0],
    ]


def test_not_a_comtrade_file(tmp_path):
    other = tmp_path / "x.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(BadInput, match=r"x\.csv:1: not a UN Comtrade CSV"):
        ingest_comtrade(Warehouse(tmp_path / "wh"), [other])
