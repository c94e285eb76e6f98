"""Every analytic command on a warehouse holding a single year.

With one year, DuckDB once read the ``year=2021`` folder name as a BIGINT partition column in
place of the files' int16 ``year``, and a grouped query over it failed with "Perfect hash
aggregate ... statistics ... corrupt"; a second year hid the fault.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tradebridge.cli import app

runner = CliRunner()

COMMANDS = [
    ["profile", "AZE", "--by", "partner"],
    ["profile", "AZE", "--by", "product", "--exclude-sector", "energy"],
    ["profile", "AZE", "--by", "sector"],
    ["profile", "AZE", "--by", "hs2", "--flow", "imports"],
    ["profile", "AZE", "--by", "partner", "--group", "EAEU"],
    ["bilateral", "AZE", "RUS"],
    ["bilateral", "AZE", "RUS", "--by", "product"],
    ["indicators", "AZE", "--partner", "RUS"],
    ["rca", "AZE"],
    ["markets", "AZE", "--exclude-sector", "energy"],
    ["potential", "AZE"],
    ["mutual", "AZE", "RUS"],
    ["complexity"],
    ["diversify", "AZE"],
    ["product-space"],
]


def test_the_years_column_is_the_files_int16(one_year_warehouse, tiny_warehouse):
    for wh in (one_year_warehouse, tiny_warehouse):
        assert str(wh.flows().schema()["year"]) == "int16"


def test_profile_without_energy_on_one_year(one_year_warehouse, engine):
    result = runner.invoke(
        app,
        ["profile", "AZE", "--year", "2021", "--by", "partner", "--exclude-sector", "energy"]
        + ["-w", str(one_year_warehouse.path), "-f", "json", "--engine", engine],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert [(r["partner"], r["value_usd"]) for r in rows] == [
        ("RUS", 200),
        ("TUR", 150),
        ("KAZ", 70),
        ("GEO", 50),
    ]
    assert rows[0]["share"] == pytest.approx(200 / 470)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_analytic_command_on_one_year(one_year_warehouse, args):
    result = runner.invoke(app, [*args, "-w", str(one_year_warehouse.path), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc.get("rows") or doc.get("nodes")
    assert doc["meta"]["source"] == "one-year test world"


def test_brief_on_one_year(one_year_warehouse, tmp_path, engine):
    out = tmp_path / "brief.html"
    result = runner.invoke(
        app,
        ["brief", "AZE", "RUS", "--out", str(out), "-w", str(one_year_warehouse.path)]
        + ["--engine", engine],
    )
    assert result.exit_code == 0, result.output
    assert "2021" in out.read_text(encoding="utf-8")
