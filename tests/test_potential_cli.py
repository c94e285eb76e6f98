"""CLI commands potential and mutual (JSON contract of #3), and potential in `markets`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tradebridge.analytics.markets import markets
from tradebridge.cli import app
from tradebridge.errors import BadInput

DATA = Path(__file__).parent / "data" / "potential"
runner = CliRunner()


def invoke(wh, *args: str):
    return runner.invoke(app, [*args, "--warehouse", str(wh.path)])


@pytest.mark.parametrize(
    ("args", "columns"),
    [
        (
            ["potential", "AZE", "--year", "2021"],
            [
                "market",
                "product",
                "name",
                "potential_usd",
                "actual_usd",
                "untapped_usd",
                "net_gap_usd",
                "realised_share",
                "supply",
                "demand",
                "ease",
            ],
        ),
        (
            ["potential", "AZE", "--by", "sector", "--exclude-sector", "energy"],
            [
                "market",
                "sector",
                "name",
                "potential_usd",
                "actual_usd",
                "untapped_usd",
                "net_gap_usd",
                "realised_share",
            ],
        ),
        (
            ["potential", "AZE", "--by", "market", "--partner", "RUS", "--average", "1"],
            [
                "market",
                "name",
                "potential_usd",
                "actual_usd",
                "untapped_usd",
                "net_gap_usd",
                "realised_share",
                "ease",
            ],
        ),
        (
            ["mutual", "AZE", "RUS", "--year", "2021", "--top", "10"],
            [
                "sector",
                "name",
                "ab_potential_usd",
                "ab_actual_usd",
                "ab_untapped_usd",
                "ab_net_gap_usd",
                "ba_potential_usd",
                "ba_actual_usd",
                "ba_untapped_usd",
                "ba_net_gap_usd",
                "mutual_score",
                "lead",
            ],
        ),
    ],
)
def test_json_contract(tiny_warehouse, args, columns):
    result = invoke(tiny_warehouse, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"meta", "rows"}
    assert doc["meta"]["source"] == "tiny test world" and doc["meta"]["year"] == 2021
    assert doc["rows"] and list(doc["rows"][0]) == columns


def test_csv_and_table_output(tiny_warehouse):
    result = invoke(
        tiny_warehouse, "potential", "AZE", "--by", "market", "--average", "1", "--format", "csv"
    )
    frame = pd.read_csv(io.StringIO(result.stdout))
    # the by-market potentials of AZE's three markets sum to its 2021 exports to them
    assert frame["potential_usd"].sum() == pytest.approx(1000)
    table = invoke(tiny_warehouse, "mutual", "AZE", "RUS")
    assert table.exit_code == 0 and "Steel" in table.stdout


def test_bad_inputs_exit_2(tiny_warehouse, tmp_path):
    bad = invoke(tiny_warehouse, "potential", "AZE", "--tariffs", str(DATA / "bad_tariffs.csv"))
    assert bad.exit_code == 2
    assert "bad_tariffs.csv:3: product:" in bad.output
    assert invoke(tiny_warehouse, "potential", "AZE", "--by", "hs9").exit_code == 2
    assert invoke(tiny_warehouse, "potential", "AZE", "--min-ease", "x").exit_code == 2
    assert invoke(tiny_warehouse, "mutual", "AZE", "AZE").exit_code == 2


def test_markets_gain_potential_and_sort_by_untapped(tiny_warehouse):
    rows = markets(tiny_warehouse, "AZE", year=2021)
    # 2021 only (2019-2021 window): RUS PV 400 with untapped 270900 PV − 300, where
    # PV = 400 · (850/1850 · 1300) / (150/370 · 250 + 850/1850 · 1300); TUR and KAZ sell
    # exactly what they are predicted to (one product each), so untapped 0
    sd1, sd2 = 150 / 370 * 250, 850 / 1850 * 1300
    assert rows["market"].iloc[0] == "RUS"
    first = rows.iloc[0]
    assert first["potential_usd"] == pytest.approx(400)
    assert first["untapped_usd"] == pytest.approx(400 * sd2 / (sd1 + sd2) - 300)
    assert rows.set_index("market").loc["TUR", "untapped_usd"] == pytest.approx(0, abs=1e-9)
    # TUR before KAZ (both untapped 0) on score: see test_analytics_markets
    assert dict(zip(rows["market"], rows["rank"], strict=True)) == {"RUS": 1, "TUR": 2, "KAZ": 3}
    assert rows.attrs["meta"]["sort"] == "untapped"
    by_score = markets(tiny_warehouse, "AZE", year=2021, sort="score")
    assert by_score["score"].is_monotonic_decreasing
    with pytest.raises(BadInput, match="order"):
        markets(tiny_warehouse, "AZE", sort="random")
