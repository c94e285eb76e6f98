"""What the CLI tells a reader besides the rows: the synthetic-data notice in every format
without breaking CSV readers."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from tradebridge.cli import app


@pytest.fixture(scope="module")
def synthetic_warehouse(tmp_path_factory):
    """The tiny world stored under a synthetic demo world source label."""
    from pathlib import Path

    from tradebridge.data.plain_csv import ingest_csv
    from tradebridge.data.warehouse import Warehouse

    wh = Warehouse(tmp_path_factory.mktemp("synthetic") / "wh")
    ingest_csv(
        wh,
        [Path(__file__).parent / "data/analytics/tiny_world.csv"],
        source="synthetic demo world, seed 1",
    )
    return wh


def test_csv_stays_plain_csv_and_the_notice_goes_to_stderr(synthetic_warehouse):
    result = CliRunner().invoke(
        app, ["profile", "AZE", "-w", str(synthetic_warehouse.path), "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    records = list(csv.reader(io.StringIO(result.stdout)))
    assert (
        list(frame.columns)
        == records[0]
        == ["partner", "name", "value_usd", "share", "rank", "cagr", "base_value_usd"]
    )
    assert len(frame) == len(records) - 1 == 3
    assert "synthetic" not in result.stdout
    assert result.stderr.strip() == (
        "note: Computed from the synthetic demo world: not real statistics."
    )


def test_json_carries_the_notice_in_meta_and_the_table_prints_it(synthetic_warehouse):
    runner = CliRunner()
    args = ["rca", "AZE", "-w", str(synthetic_warehouse.path)]
    doc = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert doc["meta"]["synthetic"] is True
    table = runner.invoke(app, args)
    assert table.stdout.rstrip().endswith(
        "Computed from the synthetic demo world: not real statistics."
    )


@pytest.mark.parametrize(
    "args",
    [
        ["complexity", "--level", "hs2"],
        ["diversify", "AZE", "--level", "hs2"],
        ["product-space", "--level", "hs2", "--threshold", "0.5"],
    ],
)
def test_complexity_commands_carry_the_notice(synthetic_warehouse, args):
    runner = CliRunner()
    table = runner.invoke(app, [*args, "-w", str(synthetic_warehouse.path)])
    assert table.exit_code == 0, table.output
    assert table.stdout.rstrip().endswith(
        "Computed from the synthetic demo world: not real statistics."
    )
    as_csv = runner.invoke(app, [*args, "-w", str(synthetic_warehouse.path), "-f", "csv"])
    assert "synthetic" not in as_csv.stdout
    assert "note: Computed from the synthetic demo world" in as_csv.stderr
