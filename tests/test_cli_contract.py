"""The CLI's output contract: JSON alone on stdout, CSV rows, exit 2 with a one-line cause."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tradebridge.cli import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_help_lists_commands():
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("ingest", "info", "profile", "markets", "indicators"):
        assert command in result.output


@pytest.mark.parametrize(
    ("args", "key", "columns"),
    [
        (
            ["profile", "AZE", "--year", "2021", "--by", "partner"],
            "partner",
            {"partner", "name", "value_usd", "share", "rank", "cagr"},
        ),
        (
            ["profile", "AZE", "--by", "sector", "--exclude-sector", "energy"],
            "sector",
            {"sector", "name", "value_usd", "share", "rank", "cagr"},
        ),
        (
            ["bilateral", "AZE", "RUS", "--by", "product"],
            "product",
            {"product", "exports_usd", "imports_usd", "balance_usd", "grubel_lloyd"},
        ),
        (["rca", "AZE"], "product", {"product", "name", "value_usd", "rca"}),
        (
            ["markets", "AZE", "--top", "2"],
            "market",
            {"market", "name", "score", "rank", "demand_usd", "complementarity"},
        ),
        (["indicators", "AZE", "--partner", "RUS"], "indicator", {"indicator", "scope", "value"}),
    ],
)
def test_json_output_is_one_object_with_meta_and_rows(tiny_warehouse, args, key, columns):
    result = invoke(*args, "--warehouse", str(tiny_warehouse.path), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"meta", "rows"}
    assert doc["meta"]["source"] == "tiny test world" and doc["meta"]["year"] == 2021
    assert doc["rows"] and columns <= set(doc["rows"][0])


def test_indicator_names_and_scopes(tiny_warehouse):
    result = invoke(
        "indicators", "AZE", "--partner", "RUS", "-w", str(tiny_warehouse.path), "-f", "json"
    )
    got = {(r["indicator"], r["scope"]) for r in json.loads(result.stdout)["rows"]}
    for name in ("hhi", "hhi_normalised", "hirschman", "entropy"):
        assert {(name, "markets"), (name, "products")} <= got
    for name in (
        "trade_complementarity",
        "trade_complementarity_reverse",
        "trade_intensity",
        "trade_intensity_reverse",
        "export_specialisation",
        "market_penetration",
        "grubel_lloyd",
    ):
        assert (name, "pair") in got
    assert ("export_diversification", "world") in got


def test_csv_output_writes_rows(tiny_warehouse):
    result = invoke("profile", "AZE", "-w", str(tiny_warehouse.path), "-f", "csv")
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("partner,name,value_usd,share,rank,cagr")
    assert len(lines) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["profile", "AZRE"], "nearest: AZE"),
        (["profile", "AZE", "--year", "2030"], "years held: 2016, 2021"),
        (["profile", "AZE", "--sector", "enrgy"], "nearest: energy"),
        (["markets", "AZE", "--group", "EAUE"], "EAEU"),
        (["profile", "AZE", "--engine", "oracle"], "'oracle' is not one of 'duckdb', 'spark'"),
        (["profile", "AZE", "--by", "planet"], "'planet' is not one of"),
        (["complexity", "--years", "2021-2016"], "reversed year range"),
    ],
)
def test_bad_input_exits_2_with_one_line_cause(tiny_warehouse, args, message):
    result = invoke(*args, "-w", str(tiny_warehouse.path), "-f", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_info_json_and_ingest_errors(tmp_path, tiny_warehouse):
    result = invoke("info", "-w", str(tiny_warehouse.path), "-f", "json")
    doc = json.loads(result.stdout)
    assert doc["meta"]["warehouse"].endswith("wh") and doc["meta"]["synthetic"] is False
    assert [(y["year"], y["rows"], y["source"]) for y in doc["rows"]] == [
        (2016, 7, "tiny test world"),
        (2021, 12, "tiny test world"),
    ]
    assert doc["rows"][1]["value_usd"] == 3320
    bad = tmp_path / "flows.csv"
    bad.write_text("year,exporter,importer,product,value\n2021,AZE,RUS,080510,oops\n")
    result = invoke("ingest", "csv", str(bad), "-w", str(tmp_path / "wh"))
    assert result.exit_code == 2
    assert "flows.csv:2: value:" in result.stderr
    assert not (tmp_path / "wh").exists()
