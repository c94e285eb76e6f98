"""The demo registry: the registry's import columns, every row synthetic, and consistent with
the warehouse (here the tiny world: of the promoted sectors, AZE exports only 080510 in 2021,
which RUS, KAZ and TUR import)."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.matching.demo_registry import BUYER_COUNTRIES, COLUMNS, INVESTOR_COUNTRIES

CONTRACT = (
    "ref kind name_en name_az name_ru country city sectors products_offered products_sought "
    "description_en description_az description_ru certifications certifications_required "
    "current_markets target_markets size_band contact_name contact_role contact_email "
    "contact_phone contact_public brand brand_since status synthetic"
).split()


@pytest.fixture(scope="module")
def rows(tiny_warehouse, tmp_path_factory):
    out = tmp_path_factory.mktemp("registry") / "registry.csv"
    result = CliRunner().invoke(
        app, ["demo-registry", str(out), "--size", "60", "--warehouse", str(tiny_warehouse.path)]
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_columns_are_the_import_contract(rows) -> None:
    assert list(rows[0]) == CONTRACT == COLUMNS
    assert len(rows) == 60 and len({r["ref"] for r in rows}) == 60


def test_every_row_is_synthetic_and_valid(rows) -> None:
    assert {r["synthetic"] for r in rows} == {"yes"}
    assert {r["kind"] for r in rows} == {"exporter", "buyer", "investor", "service", "association"}
    for r in rows:
        assert r["name_en"] and len(r["country"]) == 3
        assert r["status"] in ("draft", "verified") and r["size_band"]
        assert r["contact_email"].endswith(".example")


def test_exporters_offer_what_azerbaijan_exports(rows) -> None:
    exporters = [r for r in rows if r["kind"] == "exporter"]
    assert exporters and {r["country"] for r in exporters} == {"AZE"}
    assert {r["products_offered"] for r in exporters} == {"080510"}
    assert {r["sectors"] for r in exporters} == {"fresh_fruit_vegetables"}
    assert all(set(r["current_markets"].split(";")) <= {"RUS", "KAZ"} for r in exporters)


def test_buyers_import_those_products(rows) -> None:
    buyers = [r for r in rows if r["kind"] == "buyer"]
    assert {r["country"] for r in buyers} <= {"RUS", "KAZ", "TUR"} <= set(BUYER_COUNTRIES)
    assert {r["products_sought"] for r in buyers} == {"080510"}
    investors = [r for r in rows if r["kind"] == "investor"]
    assert {r["country"] for r in investors} <= set(INVESTOR_COUNTRIES)
    assert all(r["target_markets"] == "AZE" for r in investors)


def test_same_seed_same_file(tiny_warehouse, tmp_path) -> None:
    from tradebridge.workspace import Workspace

    ws = Workspace(tiny_warehouse)
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    ws.demo_registry(a, size=30)
    ws.demo_registry(b, size=30)
    ws.demo_registry(c, size=30, seed=8)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()


def test_bad_size_is_one_line(tiny_warehouse, tmp_path) -> None:
    result = CliRunner().invoke(
        app,
        ["demo-registry", str(tmp_path / "r.csv"), "--size", "3", "-w", str(tiny_warehouse.path)],
    )
    assert result.exit_code == 2
    assert "size: must be at least 10, got 3" in result.output
    assert not (tmp_path / "r.csv").exists()
