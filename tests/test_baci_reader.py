"""BACI reader on hand-made releases with BACI's real quirks (tests/data/baci/README.md)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tradebridge.data.baci import ingest_baci, read_country_table
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput

DATA = Path(__file__).parent / "data" / "baci"
# the canonical flow columns of DESIGN.md
FLOW_SCHEMA = pa.schema(
    [
        ("year", pa.int16()),
        ("exporter", pa.string()),
        ("importer", pa.string()),
        ("product", pa.string()),
        ("value", pa.float64()),
        ("quantity", pa.float64()),
    ]
)
OLD = DATA / "release_old"
NEW = DATA / "release_new"


def flows(wh: Warehouse) -> pd.DataFrame:
    return wh.flows().execute().sort_values(["year", "exporter", "importer", "product"])


def test_country_table_old_layout_with_bom_quotes_and_quirks():
    codes = read_country_table(OLD / "country_codes_V202201.csv")
    assert codes[31] == "AZE"
    assert codes[58] == "BEL" and codes[251] == "FRA" and codes[579] == "NOR"
    assert codes[699] == "IND" and codes[757] == "CHE" and codes[842] == "USA"
    assert codes[490] == "TWN"  # "Other Asia, nes": N/A in the ISO columns
    assert codes[697] == "X697"  # a non-country aggregate keeps an explicit code
    assert codes[516] == "NAM"  # Namibia's ISO2 "NA" must not turn into a missing value


def test_country_table_new_layout():
    codes = read_country_table(NEW / "country_codes_V202401.csv")
    assert codes == {31: "AZE", 490: "TWN", 643: "RUS"}


def test_ingest_folder_maps_codes_values_and_quantities(tmp_path):
    wh = Warehouse(tmp_path / "wh")
    report = ingest_baci(wh, [OLD])
    assert report.source == "BACI HS17 V202201"
    assert (report.rows_read, report.rows_stored, report.rows_rejected) == (12, 12, 0)
    assert report.unknown_codes == {"X697": 1, "X999": 1}
    got = flows(wh)
    row = got[
        (got.year == 2021)
        & (got.exporter == "AZE")
        & (got.importer == "RUS")
        & (got["product"] == "080510")
    ].iloc[0]
    assert row.value == pytest.approx(1_200_500.0)  # 1200.5 thousand US$
    assert row.quantity == pytest.approx(1500.25)
    # "   NA" and empty quantities are null; product 10121 gets its leading zero back
    aze_fra = got[(got.exporter == "AZE") & (got.importer == "FRA")].iloc[0]
    assert pd.isna(aze_fra.quantity)
    assert "010121" in set(got["product"]) and "030211" in set(got["product"])
    assert {"BEL", "IND", "TWN", "CHE", "NOR", "USA", "X697", "X999"} <= set(got.exporter) | set(
        got.importer
    )
    # padded "  12.5" parses
    assert got[got.exporter == "BEL"].quantity.iloc[0] == pytest.approx(12.5)
    # value totals: 2020 = (1000 + 700) thousand
    parts = wh.partitions()
    assert parts[2020].value_usd == pytest.approx(1_700_000.0)
    assert parts[2021].rows == 10
    assert got["product"].str.len().eq(6).all()
    for path in wh.files():
        assert pq.read_schema(path).remove_metadata() == FLOW_SCHEMA


def test_ingest_zip_and_single_csv(tmp_path):
    archive = tmp_path / "BACI_HS17_V202201.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in OLD.iterdir():
            zf.write(f, f"BACI_HS17_V202201/{f.name}")
    wh = Warehouse(tmp_path / "wh_zip")
    assert ingest_baci(wh, [archive]).rows_stored == 12
    single = Warehouse(tmp_path / "wh_one")
    report = ingest_baci(single, [OLD / "BACI_HS17_Y2020_V202201.csv"])
    assert single.years() == [2020] and report.rows_stored == 2


def test_new_layout_release(tmp_path):
    wh = Warehouse(tmp_path / "wh")
    report = ingest_baci(wh, [NEW])
    assert report.source == "BACI HS22 V202401"
    assert set(flows(wh).exporter) == {"AZE", "TWN"}


@pytest.fixture
def bad_release(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    shutil.copy(OLD / "country_codes_V202201.csv", folder)
    shutil.copy(DATA / "bad_release.csv", folder / "BACI_HS17_Y2021_V202201.csv")
    return folder


def snapshot(path: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()
    }


def test_bad_row_stops_and_leaves_warehouse_unchanged(tmp_path, bad_release):
    wh = Warehouse(tmp_path / "wh")
    ingest_baci(wh, [NEW])
    before = snapshot(wh.path)
    with pytest.raises(BadInput) as err:
        ingest_baci(wh, [bad_release])
    message = str(err.value)
    assert message.startswith("BACI_HS17_Y2021_V202201.csv:3: v: ")
    assert "abc" in message and "4 more" in message
    assert snapshot(wh.path) == before


def test_failed_ingestion_into_new_warehouse_leaves_nothing(tmp_path, bad_release):
    with pytest.raises(BadInput):
        ingest_baci(Warehouse(tmp_path / "fresh"), [bad_release])
    assert not (tmp_path / "fresh").exists()


def test_skip_invalid_writes_every_rejected_row_and_counts_reconcile(tmp_path, bad_release):
    wh = Warehouse(tmp_path / "wh")
    rejects = tmp_path / "rejects.csv"
    report = ingest_baci(wh, [bad_release], skip_invalid=True, rejects=rejects)
    assert report.rows_read == 6
    assert report.rows_read == report.rows_stored + report.rows_rejected + report.rows_filtered
    assert (report.rows_stored, report.rows_rejected) == (1, 5)
    table = pd.read_csv(rejects, dtype=str, keep_default_na=False)
    assert table["line"].tolist() == ["3", "4", "5", "6", "7"]
    assert table["field"].tolist() == ["v", "", "k", "v", "q"]
    assert "malformed line" in table["reason"][1]
    assert table["raw"][2].startswith("2021,31,643,8051A")


def test_skip_invalid_needs_rejects_file(tmp_path, bad_release):
    with pytest.raises(BadInput, match="--rejects"):
        ingest_baci(Warehouse(tmp_path / "wh"), [bad_release], skip_invalid=True)


def test_reingest_is_idempotent_and_other_source_needs_replace(tmp_path):
    wh = Warehouse(tmp_path / "wh")
    ingest_baci(wh, [OLD])
    first = flows(wh)
    ingest_baci(wh, [OLD])
    pd.testing.assert_frame_equal(flows(wh).reset_index(drop=True), first.reset_index(drop=True))
    assert len(list((wh.path / "flows").rglob("*.parquet"))) == 2
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(OLD / "country_codes_V202201.csv", other / "country_codes_V202301.csv")
    shutil.copy(OLD / "BACI_HS17_Y2020_V202201.csv", other / "BACI_HS17_Y2020_V202301.csv")
    with pytest.raises(BadInput, match="--replace"):
        ingest_baci(wh, [other])
    assert wh.partitions()[2020].source == "BACI HS17 V202201"
    ingest_baci(wh, [other], replace=True)
    assert wh.partitions()[2020].source == "BACI HS17 V202301"
    assert wh.partitions()[2021].source == "BACI HS17 V202201"


def test_unusable_paths_are_bad_input(tmp_path):
    with pytest.raises(BadInput, match="no such file"):
        ingest_baci(Warehouse(tmp_path / "wh"), [tmp_path / "missing.zip"])
    stray = tmp_path / "flows.csv"
    stray.write_text("t,i,j,k,v,q\n")
    with pytest.raises(BadInput, match="not a BACI"):
        ingest_baci(Warehouse(tmp_path / "wh"), [stray])
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    shutil.copy(OLD / "BACI_HS17_Y2020_V202201.csv", lonely)
    with pytest.raises(BadInput, match="country table"):
        ingest_baci(Warehouse(tmp_path / "wh"), [lonely])
