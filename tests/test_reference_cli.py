"""The ``tradebridge reference`` commands: thin listings of the reference data."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tradebridge.cli import app


def _run(*args: str):
    return CliRunner().invoke(app, ["reference", *args])


def test_countries_of_a_group_in_a_year_as_json():
    result = _run("countries", "--group", "cis", "--year", "2008", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["meta"]["group"] == "CIS" and doc["meta"]["year"] == 2008
    codes = [row["iso3"] for row in doc["rows"]]
    # 9 current members + Georgia (1993-2009) + Ukraine (to 2018); Turkmenistan left in 2005.
    assert "GEO" in codes and "UKR" in codes and "TKM" not in codes and len(codes) == 11


def test_products_of_a_sector_under_a_prefix_as_csv():
    result = _run("products", "--sector", "Energy (oil & gas)", "--hs", "2711", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "product,description,hs4,hs2,section,sector"
    # HS 2711 (petroleum gases) has subheadings 271111-271114, 271119, 271121, 271129.
    assert [line.split(",")[0] for line in lines[1:]] == [
        "271111",
        "271112",
        "271113",
        "271114",
        "271119",
        "271121",
        "271129",
    ]


def test_sectors_and_groups_list():
    sectors = json.loads(_run("sectors", "-f", "json").stdout)["rows"]
    assert sum(row["hs6_codes"] for row in sectors) == 5759
    groups = {row["group"]: row for row in json.loads(_run("groups", "-f", "json").stdout)["rows"]}
    assert groups["EU27"]["members"] == 27 and groups["EAEU"]["members"] == 5


def test_bad_input_is_one_line_and_exit_2():
    result = _run("products", "--sector", "enrgy")
    assert result.exit_code == 2
    assert "unknown sector 'enrgy'; nearest: energy" in result.stderr
    result = _run("countries", "--group", "EAU")
    assert result.exit_code == 2 and "EAEU" in result.stderr
