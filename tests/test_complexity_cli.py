"""The complexity commands end to end, on a warehouse holding the ecomplexity sample."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from tradebridge.analytics.complexity import complexity
from tradebridge.cli import app
from tradebridge.data.baci import ingest_baci
from tradebridge.data.warehouse import Warehouse

DATA = Path(__file__).parent / "data" / "ecomplexity"


# BACI codes of the sample's countries, and the importer every flow goes to (USA, 842).
BACI_CODES = {
    "aut": (40, "AUT"),
    "blx": (58, "BEL"),
    "che": (757, "CHE"),
    "deu": (276, "DEU"),
    "dnk": (208, "DNK"),
    "esp": (724, "ESP"),
    "gbr": (826, "GBR"),
    "ita": (380, "ITA"),
    "pol": (616, "POL"),
    "svn": (705, "SVN"),
    "usa": (842, "USA"),
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A BACI-layout release of the sample: HS92 headings as HS6 codes ``hhhh00``, values in
    thousands of US$, every flow sold to the USA."""
    root = tmp_path_factory.mktemp("complexity")
    release = root / "release"
    release.mkdir()
    pd.DataFrame(
        [(code, name, "", iso3) for name, (code, iso3) in BACI_CODES.items()],
        columns=["country_code", "country_name", "country_iso2", "country_iso3"],
    ).to_csv(release / "country_codes_V202401.csv", index=False)
    trade = pd.read_csv(DATA / "trade_data_sample.csv", dtype={"hs92": str})
    for year, part in trade.groupby("year"):
        pd.DataFrame(
            {
                "t": year,
                "i": part["origin"].map(lambda c: BACI_CODES[c][0]),
                "j": 842,
                "k": part["hs92"] + "00",
                "v": part["export_val"] / 1000,
                "q": "NA",
            }
        ).to_csv(release / f"BACI_HS92_Y{year}_V202401.csv", index=False)
    ingest_baci(Warehouse(root / "wh"), [release])
    return root / "wh"


def test_warehouse_input_equals_stata_ground_truth(warehouse: Path) -> None:
    rows = complexity(Warehouse(warehouse), level="hs4")
    stata = pd.read_csv(DATA / "stata_ground_truth.csv", dtype={"hs92": str})
    stata["location"] = stata["origin"].map(lambda c: BACI_CODES[c][1])  # blx is BEL
    joined = rows.merge(
        stata.rename(columns={"hs92": "product"}),
        on=["year", "location", "product"],
        suffixes=("", "_ref"),
    )
    assert len(joined) == len(stata) == 600
    assert (joined["mcp"] == joined["M"]).all()
    for col in ("eci", "pci", "density", "cog"):
        np.testing.assert_allclose(joined[col], joined[f"{col}_ref"], rtol=1e-4, err_msg=col)
    assert "BACI" in rows.attrs["meta"]["source"]


def test_complexity_command_json_and_parquet(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "cx.parquet"
    result = CliRunner().invoke(
        app,
        [
            "complexity",
            "-w",
            str(warehouse),
            "--year",
            "1995",
            "--level",
            "hs4",
            "--out",
            str(out),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["meta"]["years"] == [1995] and len(doc["rows"]) == 10
    assert doc["rows"][0]["eci"] >= doc["rows"][-1]["eci"]
    written = pd.read_parquet(out)
    assert len(written) == 300 and "cog" in written.columns
    assert not list(tmp_path.glob(".*.tmp"))


def test_complexity_command_bad_years(warehouse: Path) -> None:
    result = CliRunner().invoke(app, ["complexity", "-w", str(warehouse), "--years", "1990-1991"])
    assert result.exit_code == 2
    assert "year" in result.stderr


def test_diversify_command(warehouse: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "diversify",
            "Austria",
            "-w",
            str(warehouse),
            "--year",
            "1996",
            "--top",
            "5",
            "--strategy",
            "long-jumps",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["meta"]["location"] == "AUT" and doc["meta"]["strategy"] == "long-jumps"
    assert len(doc["rows"]) == 5 and doc["rows"][0]["rank"] == 1


def test_product_space_command(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "space.json"
    result = CliRunner().invoke(
        app,
        ["product-space", "-w", str(warehouse), "--year", "1996", "--out", str(out), "-f", "csv"],
    )
    assert result.exit_code == 0, result.output
    graph = json.loads(out.read_text())
    assert len(graph["nodes"]) == 30
    assert sum(e["kind"] == "tree" for e in graph["edges"]) == 29
    assert result.stdout.splitlines()[0].startswith("product,name,sector,pci")


def test_workspace_rows_equal_stata_ground_truth(warehouse: Path) -> None:
    import tradebridge as tb

    rows = tb.open(warehouse).complexity(years="1996", level="hs4")
    stata = pd.read_csv(DATA / "stata_ground_truth.csv", dtype={"hs92": str})
    stata = stata[stata["year"] == 1996].assign(
        location=stata["origin"].map(lambda c: BACI_CODES[c][1]), product=stata["hs92"]
    )
    joined = rows.merge(stata, on=["year", "location", "product"], suffixes=("", "_ref"))
    assert len(joined) == len(rows) == 10 * 30
    np.testing.assert_allclose(joined["eci"], joined["eci_ref"], rtol=1e-5)
    np.testing.assert_allclose(joined["pci"], joined["pci_ref"], rtol=1e-5)
    assert rows.attrs["meta"]["engine"] == "duckdb" and rows.attrs["meta"]["synthetic"] is False


def test_complexity_command_defaults_to_the_latest_year_and_takes_a_range(warehouse: Path) -> None:
    latest = CliRunner().invoke(
        app, ["complexity", "-w", str(warehouse), "--level", "hs4", "-f", "json"]
    )
    assert latest.exit_code == 0, latest.output
    assert json.loads(latest.stdout)["meta"]["years"] == [1996]
    both = CliRunner().invoke(
        app,
        ["complexity", "-w", str(warehouse), "--level", "hs4", "--years", "1995-1996", "-f", "csv"],
    )
    assert both.exit_code == 0, both.output
    assert len(both.stdout.strip().splitlines()) == 1 + 2 * 10


def test_out_in_a_terminal_confirms_the_file_instead_of_printing_rows(
    warehouse: Path, tmp_path: Path
) -> None:
    out = tmp_path / "cx.csv"
    args = ["complexity", "-w", str(warehouse), "--year", "1995", "--level", "hs4"]
    result = CliRunner().invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == f"wrote 300 (year, location, product) rows to {out}"
    assert len(pd.read_csv(out)) == 300
    space = tmp_path / "space.json"
    result = CliRunner().invoke(
        app, ["product-space", "-w", str(warehouse), "--year", "1996", "--out", str(space)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    graph = json.loads(space.read_text())
    assert result.stderr.startswith(
        f"wrote the product space ({len(graph['nodes'])} nodes, {len(graph['edges'])} edges) "
        f"to {space}"
    )
