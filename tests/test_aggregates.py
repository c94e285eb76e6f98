"""The per-year sums stored at ingestion: equal to sums of the flows, rebuilt with their year,
computed from the flows for warehouses ingested before they were stored."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from tradebridge.analytics.indicators import rca
from tradebridge.analytics.potential import potential
from tradebridge.analytics.potential_world import sorted_codes
from tradebridge.data import stored_sums
from tradebridge.data.aggregates import NAMES, tables
from tradebridge.data.plain_csv import ingest_csv
from tradebridge.data.warehouse import Warehouse

TINY = Path(__file__).parent / "data" / "analytics" / "tiny_world.csv"


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys).reset_index(drop=True)


def _expected() -> dict[str, pd.DataFrame]:
    """The three sums computed with pandas straight from the CSV."""
    flows = pd.read_csv(TINY, dtype={"product": str})
    imports = flows.groupby(["year", "importer", "product"], as_index=False)["value"].sum()
    exports = flows.groupby(["year", "exporter", "product"], as_index=False)["value"].sum()
    positive = flows[flows["value"] > 0]
    products = flows.groupby(["year", "product"], as_index=False)["value"].sum()
    counts = positive.groupby(["year", "product"])["importer"].nunique().rename("importers")
    products = products.join(counts, on=["year", "product"]).fillna({"importers": 0})
    return {"imports": imports, "exports": exports, "products": products}


def test_stored_sums_equal_sums_of_the_flows(tiny_warehouse, engine):
    stored = tables(tiny_warehouse, engine)
    for name, want in _expected().items():
        got = getattr(stored, name).execute()
        keys = [c for c in want.columns if c not in ("value", "importers")]
        pd.testing.assert_frame_equal(
            _sorted(got[list(want.columns)], keys), _sorted(want, keys), check_dtype=False
        )


def test_hand_computed_sums_of_2021(tiny_warehouse):
    stored = tables(tiny_warehouse)
    products = stored.products.execute().set_index(["year", "product"])
    # 080510 in 2021: AZE→RUS 100, AZE→KAZ 50, AZE→X999 0, RUS→AZE 50, TUR→RUS 150, TUR→AZE 20
    assert products.loc[(2021, "080510"), "value"] == 370
    assert products.loc[(2021, "080510"), "importers"] == 3  # RUS, KAZ, AZE (X999 bought 0)
    imports = stored.imports.execute().set_index(["year", "importer", "product"])["value"]
    assert imports.loc[(2021, "RUS", "270900")] == 300 + 1000
    exports = stored.exports.execute().set_index(["year", "exporter", "product"])["value"]
    assert exports.loc[(2021, "AZE", "080510")] == 150


def test_every_year_is_recorded_with_checksums(tiny_warehouse):
    for part in tiny_warehouse.partitions().values():
        assert set(part.aggregates) == set(NAMES)
        for stored in part.aggregates.values():
            assert stored.checksum.startswith("sha256:")
            assert (tiny_warehouse.path / stored.file).exists()


def _year_csv(path: Path, year: int, value: float) -> Path:
    path.write_text(
        "year,exporter,importer,product,value\n"
        f"{year},AZE,RUS,080510,{value}\n"
        f"{year},TUR,RUS,080510,50\n"
        f"{year},RUS,AZE,720610,30\n"
    )
    return path


def _two_years(tmp_path: Path) -> Warehouse:
    wh = Warehouse(tmp_path / "wh")
    ingest_csv(wh, [_year_csv(tmp_path / "a.csv", 2020, 10)], source="s")
    ingest_csv(wh, [_year_csv(tmp_path / "b.csv", 2021, 20)], source="s")
    return wh


def test_a_changed_year_replaces_its_sums_and_nothing_stale_is_served(tmp_path: Path):
    wh = _two_years(tmp_path)
    before = wh.partitions()
    assert rca(wh, "AZE", year=2021)["value_usd"].tolist() == [20.0]  # memoised world totals
    ingest_csv(wh, [_year_csv(tmp_path / "b.csv", 2021, 70)], source="s")
    after = wh.partitions()
    assert after[2020].aggregates == before[2020].aggregates  # the other year is untouched
    for name in NAMES:
        assert after[2021].aggregates[name].checksum != before[2021].aggregates[name].checksum
        assert not (wh.path / before[2021].aggregates[name].file).exists()
    products = tables(wh).products.execute().set_index(["year", "product"])["value"]
    assert products.loc[(2021, "080510")] == 70 + 50
    assert products.loc[(2020, "080510")] == 10 + 50
    out = rca(wh, "AZE", year=2021)
    assert out["value_usd"].tolist() == [70.0]
    # AZE sells only 080510: RCA = 1 / (120 / (120 + 30))
    assert out["rca"].iloc[0] == pytest.approx(150 / 120)


def _forget_sums(wh: Warehouse) -> None:
    """Make ``wh`` look like a warehouse ingested before sums were stored."""
    body = json.loads(wh.manifest_path.read_text())
    for part in body["partitions"].values():
        for stored in part.pop("aggregates").values():
            (wh.path / stored["file"]).unlink()
    wh.manifest_path.write_text(json.dumps(body))


def test_a_warehouse_without_stored_sums_gives_the_same_answers(tmp_path: Path):
    wh = _two_years(tmp_path)
    want = potential(wh, "AZE", year=2021, average=2)
    # by hand, 2020-2021 averages: AZE→RUS 080510 (10+20)/2 = 15 of a world (60+70)/2 = 65,
    # all of it imported by RUS: S = 15/65, D = 65, one market and product so PV = x = 15
    row = want.set_index(["market", "product"]).loc[("RUS", "080510")]
    assert (row["supply"], row["demand"]) == (pytest.approx(15 / 65), pytest.approx(65))
    assert (row["potential_usd"], row["actual_usd"]) == (pytest.approx(15), pytest.approx(15))
    _forget_sums(wh)
    old = Warehouse(wh.path)
    assert all(not p.aggregates for p in old.partitions().values())
    assert [r["aggregates"] for r in old.summary()] == [[], []]
    pd.testing.assert_frame_equal(potential(old, "AZE", year=2021, average=2), want)
    products = tables(old).products.execute().set_index(["year", "product"])["value"]
    assert products.loc[(2020, "080510")] == 60


def test_the_next_ingestion_stores_the_missing_sums(tmp_path: Path):
    wh = _two_years(tmp_path)
    _forget_sums(wh)
    flows_2020 = wh.partitions()[2020].file
    ingest_csv(wh, [_year_csv(tmp_path / "c.csv", 2022, 5)], source="s")
    parts = wh.partitions()
    assert all(set(p.aggregates) == set(NAMES) for p in parts.values())
    assert parts[2020].file == flows_2020 and (wh.path / flows_2020).exists()
    products = tables(wh).products.execute().set_index(["year", "product"])["value"]
    assert products.loc[(2020, "080510")] == 60
    assert products.loc[(2022, "080510")] == 55


def test_stored_imports_are_read_with_their_dictionaries(tiny_warehouse):
    """``stored_sums.imports`` keeps the Parquet dictionaries of importer and product; the
    2021 imports of 080510 by hand (see above): RUS 100 + 150 = 250, KAZ 50."""
    table = stored_sums.imports(tiny_warehouse, [2021], ["RUS", "KAZ"])
    assert pa.types.is_dictionary(table.schema.field("importer").type)
    assert pa.types.is_dictionary(table.schema.field("product").type)
    rows = table.to_pandas().astype({"importer": str, "product": str})
    assert set(rows["importer"]) == {"RUS", "KAZ"}
    got = rows[rows["product"] == "080510"].set_index("importer")["value"].to_dict()
    assert got == {"RUS": 250, "KAZ": 50}


def test_sorted_codes_of_chunks_with_different_dictionaries():
    """Two chunks whose dictionaries differ (as two years' files do) decode to one sorted list
    of labels: KAZ 0, RUS 1, TUR 2."""
    first = pa.array(["RUS", "KAZ", "RUS"]).dictionary_encode()
    second = pa.array(["TUR", "KAZ"]).dictionary_encode()
    labels, codes = sorted_codes(pa.chunked_array([first, second]), "importer")
    assert list(labels) == ["KAZ", "RUS", "TUR"] and labels.name == "importer"
    assert codes.tolist() == [1, 0, 1, 2, 0]
    empty_labels, empty_codes = sorted_codes(pa.chunked_array([], pa.string()), "product")
    assert list(empty_labels) == [] and empty_codes.tolist() == []
