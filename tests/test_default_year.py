"""Questions without a year skip a latest year that looks incomplete, and say so."""

from __future__ import annotations

import csv
import io
import json
from types import SimpleNamespace as Part

import pandas as pd
import pytest
from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.data.completeness import default_year, shortfall, year_note


def parts(**years: tuple[int, float]) -> dict[int, Part]:
    return {int(y[1:]): Part(rows=r, value_usd=v) for y, (r, v) in years.items()}


def test_half_of_the_previous_year_is_still_complete():
    held = parts(y2021=(100, 1000.0), y2022=(50, 500.0))
    assert shortfall(held, 2022) is None and default_year(held) == 2022


@pytest.mark.parametrize(
    ("rows", "value"),
    [(100, 499.0), (49, 1000.0)],  # value under half, or rows under half
)
def test_under_half_by_value_or_by_rows_is_incomplete(rows, value):
    held = parts(y2021=(100, 1000.0), y2022=(rows, value))
    gap = shortfall(held, 2022)
    assert gap is not None and gap.previous == 2021
    assert default_year(held) == 2021


def test_two_trailing_partial_years_are_both_stepped_over_and_gaps_compare_with_the_nearest():
    # 2023 is compared with 2021 (2022 not held); 2024 with 2023
    held = parts(y2020=(10, 100.0), y2021=(10, 100.0), y2023=(4, 40.0), y2024=(1, 5.0))
    assert default_year(held) == 2021
    note = year_note(held, [2021])
    assert "2023 holds US$ 40 in 4 rows, under half of 2021 (US$ 100 in 10 rows)" in note
    assert "2024 holds US$ 5 in 1 row, under half of 2023" in note
    assert "use 2021, the latest complete year (2023, 2024 left out" in note
    # an earlier year asked for explicitly gets no note; the partial year itself is flagged
    assert year_note(held, [2020]) is None
    assert year_note(held, [2024]).startswith("2024 holds US$ 5")


def test_a_one_year_warehouse_uses_its_year():
    assert default_year(parts(y2021=(3, 10.0))) == 2021
    assert default_year({}) is None


@pytest.fixture(scope="module")
def partial_warehouse(tmp_path_factory):
    """2020 and 2021 complete (4 flows each), 2022 a single flow from another file."""
    from tradebridge.data.plain_csv import ingest_csv
    from tradebridge.data.warehouse import Warehouse

    folder = tmp_path_factory.mktemp("partial")
    lines = ["year,exporter,importer,product,value"]
    for year in (2020, 2021):
        lines += [
            f"{year},AZE,RUS,080510,100",
            f"{year},AZE,KAZ,080510,50",
            f"{year},GEO,RUS,080510,80",
            f"{year},TUR,AZE,847130,40",
        ]
    lines.append("2022,AZE,RUS,080510,20")
    flows = folder / "flows.csv"
    flows.write_text("\n".join(lines) + "\n")
    wh = Warehouse(folder / "wh")
    ingest_csv(wh, [flows], source="partial test world")
    return wh


def test_profile_defaults_to_the_latest_complete_year(partial_warehouse):
    rows = _profile(partial_warehouse)
    meta = rows.attrs["meta"]
    assert meta["year"] == 2021
    assert meta["year_note"] == (
        "2022 holds US$ 20 in 1 row, under half of 2021 (US$ 270 in 4 rows): it looks "
        "incomplete. Questions without a year use 2021, the latest complete year (2022 left out: "
        "ask for it by year to use it)"
    )
    assert rows.set_index("partner")["value_usd"].to_dict() == {"RUS": 100.0, "KAZ": 50.0}
    explicit = _profile(partial_warehouse, year=2022).attrs["meta"]
    assert explicit["year"] == 2022 and explicit["year_note"].endswith("it looks incomplete")


def _profile(wh, **options):
    from tradebridge.analytics.profiles import profile

    return profile(wh, "AZE", window=1, **options)


def test_csv_and_json_say_it_on_stderr_and_the_table_under_it(partial_warehouse):
    runner = CliRunner()
    args = ["profile", "AZE", "-w", str(partial_warehouse.path), "--window", "1"]
    as_csv = runner.invoke(app, [*args, "-f", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    assert list(csv.reader(io.StringIO(as_csv.stdout)))[0][:3] == ["partner", "name", "value_usd"]
    assert pd.read_csv(io.StringIO(as_csv.stdout))["value_usd"].sum() == 150
    assert "note: 2022 holds US$ 20 in 1 row" in as_csv.stderr
    as_json = runner.invoke(app, [*args, "-f", "json"])
    assert json.loads(as_json.stdout)["meta"]["year"] == 2021
    assert "latest complete year" in as_json.stderr
    table = runner.invoke(app, args)
    assert "AZE exports by partner, 2021; growth 2020–2021" in table.stdout
    assert "Questions without a year use 2021" in table.stdout
