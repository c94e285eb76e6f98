"""Partner suggestions over the app database (SQLite and PostgreSQL): the tiny registry of
tests/test_matching.py imported through the registry's import, then matched by id or ref through
``matching.services``, the ``tradebridge match`` command and the REST API."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.matching.scoring import WEIGHTS

HEADER = (
    "ref kind name_en country sectors products_offered products_sought certifications "
    "certifications_required current_markets target_markets"
).split()
ROWS = [
    ["R1", "exporter", "Orange Grove", "AZE", "fresh_fruit_vegetables;energy", "080510;270900",
     "", "haccp", "", "KAZ", "RUS"],
    ["R2", "buyer", "Moscow Fruit", "RUS", "fresh_fruit_vegetables", "", "080510;270900", "",
     "haccp;halal", "", "AZE"],
    ["R3", "buyer", "Almaty Fruit", "KAZ", "fresh_fruit_vegetables", "", "080550", "", "", "",
     ""],
    ["R4", "buyer", "Istanbul Nuts", "TUR", "", "", "081010", "", "", "", ""],
    ["R5", "buyer", "Baku Market", "AZE", "", "", "080510", "", "", "", ""],
]  # fmt: skip

# As in tests/test_matching.py, by hand on the tiny world (2021).
S_FRUIT, S_OIL = 150 / 370, 850 / 1850
B_RUS = 400 / (S_FRUIT * 250 + S_OIL * 1300)
GROWTH_RUS = (1550 / 1250) ** (1 / 5) - 1
SCORE_RUS = 0.08 + 0.19 + 0.15 + 0.08 + 0.04 * GROWTH_RUS / 0.2
SCORE_RUS += 0.03 * B_RUS / (1 + B_RUS) + 0.11 + 0.15 + 0.15 * 0.5


@pytest.fixture
def registry(db, tmp_path):
    from tradebridge.registry.importing import import_file

    path = tmp_path / "registry.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *ROWS])
    with db.transaction(actor="test") as session:
        import_file(session, path)
    return db


def test_suggestions_by_ref_and_by_id(registry, tiny_warehouse) -> None:
    from tradebridge.matching.services import organisation_id, suggestions
    from tradebridge.workspace import Workspace

    ws = Workspace(tiny_warehouse)
    with registry.session() as session:
        rows = suggestions(session, "R1", workspace=ws)
        me = organisation_id(session, "R1")
        assert suggestions(session, str(me), workspace=ws).equals(rows)
    assert rows["name"].tolist() == ["Moscow Fruit", "Almaty Fruit", "Istanbul Nuts"]
    assert rows.loc[0, "score"] == pytest.approx(SCORE_RUS, abs=1e-4)
    assert rows.loc[0, "evidence"].startswith("Russia imported $1.3K of HS 270900 in 2021")
    assert set(rows.columns) >= set(WEIGHTS)


def test_unknown_organisation_is_one_line(registry) -> None:
    from tradebridge.errors import BadInput
    from tradebridge.matching.services import suggestions

    with registry.session() as session, pytest.raises(BadInput, match="no organisation"):
        suggestions(session, "R9")


def test_match_command(registry, database_url, tiny_warehouse, monkeypatch) -> None:
    monkeypatch.setenv("TRADEBRIDGE_DATABASE_URL", database_url)
    home = str(tiny_warehouse.path)
    result = CliRunner().invoke(app, ["match", "R2", "--top", "1", "-w", home, "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert [r["name"] for r in rows] == ["Orange Grove"]
    assert rows[0]["score"] == pytest.approx(SCORE_RUS, abs=1e-4)
    bad = CliRunner().invoke(app, ["match", "R9", "-w", home])
    assert bad.exit_code == 2 and "no organisation with id or ref 'R9'" in bad.output
