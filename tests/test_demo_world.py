"""The demo-world generator: BACI's layout and quirks, determinism and the model's structure."""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.data import demo_world
from tradebridge.data.demo_model import (
    ENERGY_PRODUCERS,
    NON_ISO_CODES,
    RETIRED_CODES,
    World,
    build_world,
    capital_coordinates,
)
from tradebridge.data.demo_world import MARKER, generate
from tradebridge.reference.distances import haversine_km

REFERENCE = Path(demo_world.__file__).parents[1] / "reference" / "data"
YEARS = list(range(2015, 2024))


def read_year(release: Path, year: int) -> pd.DataFrame:
    """Read a yearly file the way a careful BACI reader must: everything as text first."""
    return pd.read_csv(release / f"BACI_HS17_Y{year}_V202401.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("tiny"), seed=7, years=YEARS, scale="tiny")


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(7, "tiny")


@pytest.fixture(scope="module")
def flows(release: Path) -> pd.DataFrame:
    frames = []
    for year in YEARS:
        raw = read_year(release, year)
        raw["missing_q"] = raw["q"].str.strip().isin(["", "NA"])
        raw["q"] = pd.to_numeric(raw["q"].where(~raw["missing_q"]))
        raw["v"] = raw["v"].astype(float)
        raw[["t", "i", "j"]] = raw[["t", "i", "j"]].astype(int)
        raw["k"] = raw["k"].str.zfill(6)
        frames.append(raw)
    return pd.concat(frames, ignore_index=True)


def test_layout_and_file_names(release: Path) -> None:
    assert release.name == "BACI_HS17_V202401"
    expected = {f"BACI_HS17_Y{y}_V202401.csv" for y in YEARS} | {
        "country_codes_V202401.csv",
        "product_codes_HS17_V202401.csv",
        "Readme.txt",
    }
    assert {p.name for p in release.iterdir()} == expected
    assert [p.name for p in release.parent.iterdir()] == [release.name]  # no temporary left


def test_yearly_header_and_number_formats(release: Path) -> None:
    lines = (release / "BACI_HS17_Y2019_V202401.csv").read_text().splitlines()
    assert lines[0] == "t,i,j,k,v,q"
    row = re.compile(r"^2019,\d{1,3},\d{1,3},\d{5,6},\d+\.\d{3},(\d+\.\d{3}|NA| +NA|)$")
    assert all(row.match(line) for line in lines[1:])


def test_readme_marks_the_release_as_synthetic(release: Path) -> None:
    text = (release / "Readme.txt").read_text()
    lines = text.splitlines()
    assert lines[0] == MARKER == "SYNTHETIC DEMO WORLD - not real statistics"
    assert {"seed: 7", "scale: tiny", "years: 2015-2023"} <= set(lines)


def test_country_and_product_tables(release: Path) -> None:
    countries = pd.read_csv(release / "country_codes_V202401.csv", keep_default_na=False)
    assert list(countries.columns) == [
        "country_code",
        "country_name",
        "country_iso2",
        "country_iso3",
    ]
    namibia = countries[countries["country_code"] == 516].iloc[0]
    assert (namibia["country_iso2"], namibia["country_iso3"]) == ("NA", "NAM")
    source = pd.read_csv(REFERENCE / "country_codes_V202201.csv", encoding="utf-8-sig")
    assert countries["country_code"].tolist() == source["country_code"].tolist()
    products = pd.read_csv(release / "product_codes_HS17_V202401.csv", dtype=str)
    assert list(products.columns) == ["code", "description"]
    assert len(products) == 5384 and products["code"].str.fullmatch(r"\d{6}").all()


def test_leading_zero_of_chapters_01_to_09_is_dropped(release: Path) -> None:
    k = read_year(release, 2019)["k"]
    assert (k.str.len() == 5).any()  # e.g. 010121 written 10121, as real BACI does
    assert (k.str.len() == 5).sum() == (k.str.zfill(6).str[:2] < "10").sum()


def test_about_two_percent_of_quantities_missing_in_all_spellings(
    release: Path, flows: pd.DataFrame
) -> None:
    share = flows["missing_q"].mean()
    # about 36,000 rows, binomial(0.02): sd 0.07 percentage points
    assert 0.015 < share < 0.025
    raw = pd.concat(read_year(release, y)["q"] for y in YEARS)
    assert {"NA", "", "           NA"} <= set(raw[raw.str.strip().isin(["", "NA"])])


def test_codes_are_in_the_country_table_including_non_iso_ones(
    release: Path, flows: pd.DataFrame
) -> None:
    table = pd.read_csv(release / "country_codes_V202401.csv", keep_default_na=False)
    codes = set(flows["i"]) | set(flows["j"])
    assert codes <= set(table["country_code"])
    assert set(NON_ISO_CODES) <= set(flows["i"]) and set(NON_ISO_CODES) <= set(flows["j"])
    assert not codes & RETIRED_CODES
    assert (flows["i"] != flows["j"]).all()
    assert (
        flows["k"]
        .isin(pd.read_csv(release / "product_codes_HS17_V202401.csv", dtype=str)["code"])
        .all()
    )


def test_rows_per_year_match_the_tiny_scale(flows: pd.DataFrame) -> None:
    counts = flows.groupby("t").size()
    assert counts.between(2_500, 6_000).all()
    assert not flows.duplicated(["t", "i", "j", "k"]).any()


def test_value_totals_are_thousands_of_dollars(flows: pd.DataFrame, release: Path) -> None:
    # In 2019 (the base year: no growth, no shock) world exports are openness 0.2 times the sum of
    # the countries' 2019 GDP (US$ millions); in thousands of US$ that is 0.2 * GDP * 1000.
    # Code 490 has neither GDP nor population: it gets the smallest mass of the tiny world.
    gdp = pd.read_csv(REFERENCE / "gdp_current_usd_millions_2019.csv", encoding="utf-8-sig")
    gdp = gdp.set_index("iso_code")["value"]
    table = pd.read_csv(release / "country_codes_V202401.csv", keep_default_na=False)
    iso3 = table.set_index("country_code")["country_iso3"]
    present = sorted(set(flows["i"]) | set(flows["j"]))
    known = [gdp[iso3[c]] for c in present if iso3[c] in gdp.index]
    mass = known + [min(known)] * (len(present) - len(known))
    expected = 0.2 * sum(mass) * 1_000
    assert flows.loc[flows["t"] == 2019, "v"].sum() == pytest.approx(expected, rel=1e-6)
    totals = flows.groupby("t")["v"].sum()
    assert totals[2023] > totals[2015]  # mean growth 4 % a year, spread 2.5 %


def test_same_seed_same_bytes_other_seed_other_flows(tmp_path: Path, release: Path) -> None:
    again = generate(tmp_path / "a", seed=7, years=[2016, 2019], scale="tiny")
    for year in (2016, 2019):
        name = f"BACI_HS17_Y{year}_V202401.csv"
        assert (again / name).read_bytes() == (release / name).read_bytes()
    assert (again / "Readme.txt").read_text() != (release / "Readme.txt").read_text()  # years
    other = generate(tmp_path / "b", seed=8, years=[2019], scale="tiny")
    name = "BACI_HS17_Y2019_V202401.csv"
    assert (other / name).read_bytes() != (release / name).read_bytes()


def test_a_new_release_replaces_the_old_one(tmp_path: Path) -> None:
    generate(tmp_path, seed=7, years=[2018, 2019], scale="tiny")
    release = generate(tmp_path, seed=7, years=[2020], scale="tiny")
    assert sorted(p.name for p in release.glob("BACI_HS17_Y*")) == ["BACI_HS17_Y2020_V202401.csv"]
    assert [p.name for p in tmp_path.iterdir()] == [release.name]


def test_zip_holds_the_same_files(tmp_path: Path) -> None:
    folder = generate(tmp_path / "dir", seed=7, years=[2019], scale="tiny")
    archive = generate(tmp_path / "zip", seed=7, years=[2019], scale="tiny", as_zip=True)
    assert archive.name == "BACI_HS17_V202401.zip"
    with zipfile.ZipFile(archive) as z:
        assert z.comment.decode() == MARKER
        assert sorted(z.namelist()) == sorted(p.name for p in folder.iterdir())
        assert (
            z.read("BACI_HS17_Y2019_V202401.csv")
            == (folder / "BACI_HS17_Y2019_V202401.csv").read_bytes()
        )


def _diversity(year: pd.DataFrame) -> pd.Series:
    """Number of products with RCA >= 1 per exporter (docs/methods.md#presence)."""
    x = year.pivot_table(index="i", columns="k", values="v", aggfunc="sum", fill_value=0.0)
    rca = x.div(x.sum(axis=1), axis=0) / (x.sum(axis=0) / x.to_numpy().sum())
    return (rca >= 1).sum(axis=1)


def test_diversity_rises_with_latent_capability(flows: pd.DataFrame, world: World) -> None:
    latent = world.countries.set_index("code")["capability"]
    diversity = _diversity(flows[flows["t"] == 2019])
    r = np.corrcoef(diversity, latent[diversity.index])[0, 1]
    assert r > 0.3


def test_energy_endowed_countries_reveal_advantage_in_chapter_27(
    flows: pd.DataFrame, world: World
) -> None:
    endowed = set(world.countries.loc[world.countries["energy"], "code"])
    assert set(world.countries.loc[world.countries["energy"], "iso3"]) <= ENERGY_PRODUCERS
    assert len(endowed) >= 3
    year = flows[flows["t"] == 2019]
    energy = year["k"].str[:2] == "27"
    world_share = year.loc[energy, "v"].sum() / year["v"].sum()
    share = year[energy].groupby("i")["v"].sum().div(year.groupby("i")["v"].sum()).fillna(0)
    assert all(share.get(c, 0.0) > 2 * world_share for c in endowed)
    others = share[~share.index.isin(endowed)]
    assert others.median() < world_share


def test_flows_fall_with_distance(flows: pd.DataFrame, world: World) -> None:
    position = {c: n for n, c in enumerate(world.countries["code"])}
    year = flows[flows["t"] == 2019]
    pairs = year.groupby(["i", "j"])["v"].sum().reset_index()
    km = world.distance_km[pairs["i"].map(position), pairs["j"].map(position)]
    assert np.corrcoef(np.log(pairs["v"]), np.log(km))[0, 1] < -0.1


def test_great_circle_distance_by_hand() -> None:
    # a quarter of a great circle: 6371 * pi / 2 = 10007.54 km; one degree of latitude 111.19 km
    km = haversine_km(np.array([0.0, 0.0, 1.0]), np.array([0.0, 90.0, 0.0]))
    assert km[0, 1] == pytest.approx(6371 * math.pi / 2)
    assert km[0, 2] == pytest.approx(6371 * math.pi / 180)
    assert np.allclose(km, km.T) and np.allclose(np.diag(km), 0.0)


def test_capitals_and_the_regional_default() -> None:
    # BACI codes: 31 Azerbaijan, 76 Brazil, 490 Other Asia nes (Taiwan), 10 Antarctica (no capital)
    coords = capital_coordinates([31, 76, 490, 10])
    assert coords[0] == pytest.approx([40.38, 49.89], abs=0.2)  # Baku
    assert coords[1] == pytest.approx([-15.78, -47.93], abs=0.2)  # Brasília
    assert coords[2] == pytest.approx([25.05, 121.53], abs=0.2)  # Taipei
    assert np.isfinite(coords[3]).all()  # the mean of the capitals of its continent


def test_small_scale_row_count(tmp_path: Path) -> None:
    small = generate(tmp_path, seed=7, years=[2019], scale="small")
    rows = len(read_year(small, 2019))
    assert 170_000 < rows < 230_000


def test_cli_writes_a_release(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["demo-world", str(tmp_path), "--seed", "7", "--years", "2019", "--scale", "tiny"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "BACI_HS17_V202401" / "BACI_HS17_Y2019_V202401.csv").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scale", "huge"], "scale"),
        (["--years", "twenty"], "years"),
        (["--years", "3000"], "years"),
    ],
)
def test_cli_bad_input_exits_2_and_writes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["demo-world", str(out), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists() or not any(out.iterdir())


def test_failure_midway_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def failing_write(frame: pd.DataFrame, path: Path, seed: int) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        path.write_text("t,i,j,k,v,q\n")

    monkeypatch.setattr(demo_world, "_write_year", failing_write)
    with pytest.raises(OSError):
        generate(tmp_path, seed=7, years=[2018, 2019], scale="tiny")
    assert list(tmp_path.iterdir()) == []
