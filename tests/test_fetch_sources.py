"""Every fetcher against a local HTTP server serving small hand-made fixtures (no internet)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.data import reference_tables
from tradebridge.data.fetch import baci as baci_source
from tradebridge.data.fetch.http import RetryPolicy
from tradebridge.data.fetch.landing import (
    exclusive,
    fetch_baci,
    fetch_comtrade,
    fetch_distances,
    fetch_wdi,
)
from tradebridge.data.fetch.refresh import refresh
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput, EnvironmentProblem

DATA = Path(__file__).parent / "data"
NO_WAIT = RetryPolicy(attempts=3, sleep=lambda s: None)
COUNTRIES = (
    "country_code,country_name,country_iso2,country_iso3\n"
    "31,Azerbaijan,AZ,AZE\n643,Russian Federation,RU,RUS\n398,Kazakhstan,KZ,KAZ\n"
)


def baci_zip(release: str, years: dict[int, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for year, rows in years.items():
            archive.writestr(f"BACI_HS17_Y{year}_{release}.csv", "t,i,j,k,v,q\n" + rows)
        archive.writestr(f"country_codes_{release}.csv", COUNTRIES)
        archive.writestr("Readme.txt", "hand-made test release\n")
    return buf.getvalue()


PAGE = """<html><body><div id="telechargement"><p>Download version <em>{rel}</em></p>
<ul>{links}</ul></div><a href="/other/thing.pdf">doc</a></body></html>"""


def baci_page(*releases: str) -> str:
    links = "".join(
        f'<li><a href="/DATA_DOWNLOAD/baci/data/BACI_{rev}_{rel}.zip">{rev}</a></li>'
        for rel in releases
        for rev in ("HS92", "HS17")
    )
    return PAGE.format(rel=releases[-1], links=links)


def test_the_page_parser_finds_releases_in_links_or_in_text():
    found = baci_source.parse_releases(
        baci_page("V202401b", "V202501"), "https://www.cepii.fr/CEPII/en/page.asp?id=37"
    )
    hs17 = [r for r in found if r.revision == "HS17"]
    assert [r.release for r in hs17] == ["V202401b", "V202501"]
    assert hs17[-1].url == "https://www.cepii.fr/DATA_DOWNLOAD/baci/data/BACI_HS17_V202501.zip"
    text_only = baci_source.parse_releases(
        '<div id="telechargement">Version: <em>202501</em></div>', "https://x.org/a/b.asp"
    )
    assert {r.url for r in text_only if r.revision == "HS22"} == {
        "https://x.org/DATA_DOWNLOAD/baci/data/BACI_HS22_V202501.zip"
    }
    assert baci_source.choose(found, "hs17", "latest").release == "V202501"
    assert baci_source.choose(found, "HS17", "202401B").release == "V202401b"
    with pytest.raises(BadInput, match="V202301 of HS17 is not on the BACI page"):
        baci_source.choose(found, "HS17", "V202301")


@pytest.fixture
def baci_site(httpserver, monkeypatch):
    """A CEPII-like site: the page, then the zips of whichever releases it lists."""
    old = baci_zip("V202401", {2021: "2021,31,643,80510,1.5,2\n2021,31,398,80510,0.5,\n"})
    new = baci_zip(
        "V202501",
        {
            2021: "2021,31,643,80510,1.75,2\n2021,31,398,80510,0.5,NA\n",
            2022: "2022,643,31,270900,10,5\n",
        },
    )
    for name, body in (("V202401", old), ("V202501", new)):
        httpserver.expect_request(
            f"/DATA_DOWNLOAD/baci/data/BACI_HS17_{name}.zip"
        ).respond_with_data(body, content_type="application/zip")
    state = {"page": baci_page("V202401")}
    httpserver.expect_request("/baci.html").respond_with_handler(
        lambda request: __import__("werkzeug").Response(state["page"], mimetype="text/html")
    )
    monkeypatch.setenv("TRADEBRIDGE_BACI_PAGE", httpserver.url_for("/baci.html"))
    return state


def test_fetch_baci_ingests_and_refresh_follows_a_changed_release_list(baci_site, tmp_path):
    wh = Warehouse(tmp_path / "wh")
    landed = fetch_baci(wh, "HS17", ingest=True, policy=NO_WAIT)
    assert landed.release == "V202401"
    assert (tmp_path / "wh" / "downloads" / "BACI_HS17_V202401.zip").exists()
    part = wh.partitions()[2021]
    assert part.source == "BACI HS17 V202401" and part.rows == 2
    assert part.value_usd == pytest.approx(2000.0)  # (1.5 + 0.5) thousand US$

    assert refresh(wh, policy=NO_WAIT).up_to_date

    baci_site["page"] = baci_page("V202401", "V202501")  # CEPII publishes a new release
    checked = refresh(wh, check_only=True, policy=NO_WAIT)
    assert checked.changed == ["BACI HS17"] and wh.partitions()[2021].release == "V202401"
    done = refresh(wh, policy=NO_WAIT)
    assert done.lines == ["BACI HS17: V202401 → V202501 (ingested)"]
    parts = wh.partitions()
    assert {y: p.release for y, p in parts.items()} == {2021: "V202501", 2022: "V202501"}
    assert parts[2021].value_usd == pytest.approx(2250.0)
    assert parts[2022].value_usd == pytest.approx(10_000.0)
    assert not (tmp_path / "wh" / "downloads" / "BACI_HS17_V202401.zip").exists()
    assert wh.section("fetched")["baci HS17"]["release"] == "V202501"

    result = CliRunner().invoke(app, ["refresh", "--warehouse", str(wh.path)])
    assert result.exit_code == 0 and result.stdout.strip() == "up to date"


def test_refresh_without_network_reports_one_line_and_exits_1(baci_site, monkeypatch, tmp_path):
    wh = Warehouse(tmp_path / "wh")
    fetch_baci(wh, "HS17", ingest=True, policy=NO_WAIT)
    monkeypatch.setenv("TRADEBRIDGE_BACI_PAGE", "http://127.0.0.1:9/baci.html")
    result = CliRunner().invoke(app, ["refresh", "--warehouse", str(wh.path)])
    assert result.exit_code == 1 and result.stdout == ""
    line = result.stderr.strip()
    assert line.startswith("error: BACI: cannot reach 127.0.0.1:9") and "\n" not in line
    assert wh.partitions()[2021].release == "V202401"  # nothing changed


def test_a_second_refresh_fails_at_once_while_one_runs(tmp_path):
    wh = Warehouse(tmp_path / "wh")
    with exclusive(wh), pytest.raises(EnvironmentProblem, match="another fetch or refresh"):
        refresh(wh, policy=NO_WAIT)


def test_no_network_says_what_to_download_by_hand(monkeypatch, tmp_path):
    monkeypatch.setenv("TRADEBRIDGE_BACI_PAGE", "http://127.0.0.1:9/baci.html")
    result = CliRunner().invoke(app, ["fetch", "baci", "--warehouse", str(tmp_path / "wh")])
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "\n" not in line and "cannot reach 127.0.0.1:9" in line
    assert "from http://127.0.0.1:9/baci.html" in line
    assert "tradebridge ingest baci" in line


def _record(flow: str, partner: int, partner_iso: str, cmd: str, value: float) -> dict:
    return {
        "typeCode": "C",
        "freqCode": "A",
        "refYear": 2021,
        "reporterCode": 31,
        "reporterISO": "AZE",
        "flowCode": flow,
        "partnerCode": partner,
        "partnerISO": partner_iso,
        "partner2Code": 0,
        "classificationCode": "H5",
        "cmdCode": cmd,
        "customsCode": "C00",
        "mosCode": "0",
        "motCode": 0,
        "netWgt": 2000.0,
        "primaryValue": value,
        "isAggregate": False,
        "newField": "kept",
    }


def test_fetch_comtrade_splits_capped_answers_and_ingests(httpserver, monkeypatch, tmp_path):
    import tradebridge.data.fetch.comtrade as comtrade_source

    monkeypatch.setenv("TRADEBRIDGE_COMTRADE_API", httpserver.url_for("/"))
    monkeypatch.setattr(comtrade_source, "MAX_RECORDS", 3)
    monkeypatch.setattr(comtrade_source, "partner_codes", lambda: [398, 643])
    everything = [
        _record("X", 643, "RUS", "080510", 1200.0),
        _record("X", 398, "KAZ", "080510", 300.0),
        _record("M", 643, "RUS", "270900", 50.0),
        _record("M", 398, "KAZ", "270900", 25.0),
    ]

    def answer(request):
        from werkzeug import Response

        if request.headers.get("Ocp-Apim-Subscription-Key") != "secret":
            return Response("{}", status=401)
        wanted = request.args.get("partnerCode")
        rows = [r for r in everything if wanted is None or str(r["partnerCode"]) in wanted]
        if request.args.get("cmdCode") != "AG6" or request.args.get("customsCode") != "C00":
            rows = []
        rows = rows[: int(request.args["maxRecords"])]  # the API cuts answers at maxRecords
        return Response(json.dumps({"count": len(rows), "data": rows, "error": ""}))

    httpserver.expect_request("/data/v1/get/C/A/HS").respond_with_handler(answer)
    httpserver.expect_request("/data/v1/getDa/C/A/HS").respond_with_json(
        {"data": [{"period": "2021", "lastReleased": "2022-03-01"}], "count": 1}
    )
    wh = Warehouse(tmp_path / "wh")
    environ = {"COMTRADE_KEY": "secret"}
    landed = fetch_comtrade(wh, "AZE", [2021], ingest=True, policy=NO_WAIT, environ=environ)
    # the first answer hit the cap of 3 records: asked again for each half of the partners
    partners = [e[0].args.get("partnerCode") for e in httpserver.log if "get/C" in e[0].path]
    assert partners == [None, "398", "643"]
    csv = pd.read_csv(landed.files[0], dtype=str)
    assert len(csv) == 4 and csv["newField"].eq("kept").all()
    assert wh.partitions()[2021].value_usd == pytest.approx(1575.0)
    assert refresh(wh, policy=NO_WAIT, environ=environ).up_to_date
    with pytest.raises(EnvironmentProblem, match="refused the subscription key"):
        fetch_comtrade(wh, "AZE", [2021], policy=NO_WAIT, environ={"COMTRADE_KEY": "wrong"})


def _wb_page(records: list, page: int, pages: int, updated: str = "2025-07-01") -> list:
    header = {"page": page, "pages": pages, "per_page": 2, "total": 9, "lastupdated": updated}
    return [header, records]


def _wb_obs(iso3: str, year: int, value: float | None) -> dict:
    return {"countryiso3code": iso3, "date": str(year), "value": value}


@pytest.fixture
def world_bank(httpserver, monkeypatch):
    monkeypatch.setenv("TRADEBRIDGE_WORLD_BANK_API", httpserver.url_for("/v2"))
    httpserver.expect_request("/v2/country").respond_with_json(
        _wb_page(
            [
                {
                    "id": "AZE",
                    "name": "Azerbaijan",
                    "region": {"value": "Europe & Central Asia"},
                    "incomeLevel": {"id": "UMC", "value": "Upper middle income"},
                },
                {
                    "id": "RUS",
                    "name": "Russian Federation",
                    "region": {"value": "Europe & Central Asia"},
                    "incomeLevel": {"id": "HIC", "value": "High income"},
                },
                {"id": "WLD", "name": "World", "region": {"value": "Aggregates"}},
            ],
            1,
            1,
        )
    )
    series = {
        "NY.GDP.MKTP.CD": {"AZE": (50.0, 60.0), "RUS": (1000.0, 1100.0), "WLD": (9.0, 9.0)},
        "NY.GDP.MKTP.KD": {"AZE": (40.0, 44.0), "RUS": (800.0, 880.0), "WLD": (9.0, 9.0)},
        "SP.POP.TOTL": {"AZE": (10.0, 10.2), "RUS": (140.0, 140.0), "WLD": (9.0, 9.0)},
    }
    for code, values in series.items():
        rows = [
            _wb_obs(iso3, year, v[i])
            for iso3, v in values.items()
            for i, year in enumerate((2016, 2021))
        ]
        for page in (1, 2):  # two pages: the fetcher must follow them
            half = rows[:3] if page == 1 else rows[3:]
            httpserver.expect_request(
                f"/v2/country/all/indicator/{code}",
                query_string={"per_page": "20000", "date": "2010:2021", "format": "json"}
                | {"page": str(page)},
            ).respond_with_json(_wb_page(half, page, 2))
    httpserver.expect_request(
        "/v2/country/all/indicator/SP.POP.TOTL",
        query_string={"format": "json", "per_page": "1"} | {"page": "1"},
    ).respond_with_json(_wb_page([], 1, 9))
    return series


def test_fetch_wdi_stores_reference_tables_that_potential_uses(world_bank, tiny_copy):
    wh = tiny_copy
    fetch_wdi(wh, (2010, 2021), policy=NO_WAIT)
    wdi = reference_tables.load(wh, "wdi").set_index(["iso3", "year"])
    assert sorted(wdi.index.get_level_values(0).unique()) == ["AZE", "RUS"]  # WLD left out
    assert wdi.loc[("AZE", 2021), "gdp_const_usd"] == 44.0
    groups = reference_tables.income_groups(wh)
    assert groups.to_dict() == {"AZE": "UMC", "RUS": "HIC"}
    projections, text = reference_tables.stored_projections(wh, 2021)
    # 5 years of trend (2016-2021) extended 5 years: (44/40)^(5/5), (10.2/10)^(5/5)
    assert projections.loc["AZE", "gdp"] == pytest.approx(1.1)
    assert projections.loc["AZE", "population"] == pytest.approx(1.02)
    assert "World Bank WDI 2025-07-01" in text
    from tradebridge.analytics.potential import potential

    meta = potential(wh, "AZE", year=2021, average=1).attrs["meta"]
    assert meta["inputs"]["projections"].startswith("World Bank WDI 2025-07-01")
    assert "projections" not in meta["neutral_inputs"]
    from tradebridge.analytics.markets import markets

    ranked = markets(wh, "AZE", year=2021, window=1, average=1).set_index("market")
    assert ranked.loc["RUS", "income_group"] == "HIC"
    assert refresh(wh, policy=NO_WAIT).up_to_date  # lastupdated unchanged


@pytest.fixture
def tiny_copy(tmp_path):
    from tradebridge.data.plain_csv import ingest_csv

    wh = Warehouse(tmp_path / "wh")
    ingest_csv(wh, [DATA / "analytics" / "tiny_world.csv"], source="tiny test world")
    return wh


def _geodist_zip(km_aze_rus: float) -> bytes:
    frame = pd.DataFrame(
        {
            "iso_o": ["AZE", "AZE", "AZE", "ROM"],
            "iso_d": ["RUS", "KAZ", "TUR", "AZE"],
            "dist": [km_aze_rus, 1500.0, 900.0, 2100.0],
            "distcap": [1900.0, 1400.0, 1000.0, 2000.0],
        }
    )
    stata = io.BytesIO()
    frame.to_stata(stata, write_index=False)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("dist_cepii.dta", stata.getvalue())
    return buf.getvalue()


def test_fetch_distances_replaces_capital_distances_and_refresh_sees_a_change(
    httpserver, monkeypatch, tiny_copy
):
    from werkzeug import Response

    state = {"body": _geodist_zip(1950.0), "etag": "a"}

    def serve(request):
        response = Response(state["body"], mimetype="application/zip")
        response.set_etag(state["etag"])
        return response.make_conditional(
            request, accept_ranges=True, complete_length=len(state["body"])
        )

    httpserver.expect_request("/distance/dist_cepii.zip").respond_with_handler(serve)
    monkeypatch.setenv("TRADEBRIDGE_GEODIST_URL", httpserver.url_for("/distance/dist_cepii.zip"))
    wh = tiny_copy
    fetch_distances(wh, "geodist", "dist", policy=NO_WAIT)
    table = reference_tables.load(wh, "distances").set_index(["iso3_o", "iso3_d"])["km"]
    assert table[("AZE", "RUS")] == 1950.0
    assert table[("ROU", "AZE")] == 2100.0  # GeoDist's retired ROM renamed

    from tradebridge.analytics.markets import markets

    rows = markets(wh, "AZE", year=2021, window=1, average=1)
    assert rows.attrs["meta"]["distance_source"].startswith("CEPII GeoDist (dist)")
    assert rows.set_index("market").loc["RUS", "distance_km"] == 1950.0

    assert refresh(wh, policy=NO_WAIT).up_to_date
    state.update(body=_geodist_zip(1960.0), etag="b")
    assert refresh(wh, policy=NO_WAIT).changed == ["distances"]
    table = reference_tables.load(wh, "distances").set_index(["iso3_o", "iso3_d"])["km"]
    assert table[("AZE", "RUS")] == 1960.0


def test_ingest_distances_from_a_file_downloaded_by_hand(tmp_path):
    path = tmp_path / "dist_cepii.zip"
    path.write_bytes(_geodist_zip(1950.0))
    wh = tmp_path / "wh"
    result = CliRunner().invoke(
        app, ["ingest", "distances", str(path), "--measure", "distcap", "--warehouse", str(wh)]
    )
    assert result.exit_code == 0, result.stderr
    table = reference_tables.load(Warehouse(wh), "distances")
    assert table.set_index(["iso3_o", "iso3_d"])["km"][("AZE", "RUS")] == 1900.0
    bad = tmp_path / "bad.csv"
    bad.write_text("iso_o,iso_d,dist\nAZE,RUS,far\n")
    result = CliRunner().invoke(app, ["ingest", "distances", str(bad), "--warehouse", str(wh)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {bad}:2: dist: expected a number >= 0, got 'far'"


def test_a_damaged_reference_table_is_refused(tmp_path):
    wh = Warehouse(tmp_path / "wh")
    frame = pd.DataFrame({"iso3_o": ["AZE"], "iso3_d": ["RUS"], "km": [1.0]})
    entry = reference_tables.store(wh, "distances", frame, source="test")
    (wh.path / entry["file"]).write_bytes(b"not parquet")
    with pytest.raises(EnvironmentProblem, match="does not match its checksum"):
        reference_tables.load(wh, "distances")


def test_ingest_wdi_reads_the_world_banks_csv_downloads(tmp_path):
    years = '"2016","2021"'
    for code, aze, rus in (
        ("NY.GDP.MKTP.CD", ("50", "60"), ("1000", "1100")),
        ("NY.GDP.MKTP.KD", ("40", "44"), ("800", "")),
        ("SP.POP.TOTL", ("10", "10.2"), ("140", "140")),
    ):
        (tmp_path / f"API_{code}_DS2_en_csv_v2_1.csv").write_text(
            '"Data Source","World Development Indicators",\n\n"Last Updated Date","2025-07-01",\n\n'
            f'"Country Name","Country Code","Indicator Name","Indicator Code",{years},\n'
            f'"Azerbaijan","AZE","x","{code}","{aze[0]}","{aze[1]}",\n'
            f'"Russian Federation","RUS","x","{code}","{rus[0]}","{rus[1]}",\n'
            f'"World","WLD","x","{code}","1","2",\n'
        )
    (tmp_path / "Metadata_Country_API.csv").write_text(
        '"Country Code","Region","IncomeGroup","SpecialNotes","TableName",\n'
        '"AZE","Europe & Central Asia","Upper middle income","","Azerbaijan",\n'
        '"WLD","","","","World",\n'
    )
    files = sorted(str(p) for p in tmp_path.glob("*.csv"))
    wh = tmp_path / "wh"
    result = CliRunner().invoke(app, ["ingest", "wdi", *files, "--warehouse", str(wh)])
    assert result.exit_code == 0, result.stderr
    wdi = reference_tables.load(Warehouse(wh), "wdi").set_index(["iso3", "year"])
    assert list(wdi.index.get_level_values(0).unique()) == ["AZE"]  # WLD and unlisted RUS out
    assert wdi.loc[("AZE", 2021)].to_dict() == {
        "gdp_usd": 60.0,
        "gdp_const_usd": 44.0,
        "population": 10.2,
    }
    assert reference_tables.income_groups(Warehouse(wh)).to_dict() == {"AZE": "UMC"}
    info = CliRunner().invoke(app, ["info", "--warehouse", str(wh), "--format", "json"])
    assert set(json.loads(info.stdout)["meta"]["references"]) == {"wdi", "income_groups"}


def test_fetch_distances_from_gravity_keeps_each_pairs_latest_value(
    httpserver, monkeypatch, tmp_path
):
    rows = (
        "year,iso3_o,iso3_d,country_exists_o,dist,distcap\n"
        "2019,AZE,RUS,1,1900,1800\n"
        "2020,AZE,RUS,1,1950,1850\n"
        "2021,AZE,RUS,1,,\n"
        "2019,AZE,KAZ,1,1500,1400\n"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("Gravity_V202211.csv", rows)
    httpserver.expect_request(
        "/DATA_DOWNLOAD/gravity/data/Gravity_csv_V202211.zip"
    ).respond_with_data(buf.getvalue())
    httpserver.expect_request("/gravity.html").respond_with_data(
        '<a href="../DATA_DOWNLOAD/gravity/data/Gravity_csv_V202211.zip">csv</a>'
        '<a href="/DATA_DOWNLOAD/gravity/data/Gravity_dta_V202211.zip">dta</a>',
        content_type="text/html",
    )
    monkeypatch.setenv("TRADEBRIDGE_GRAVITY_PAGE", httpserver.url_for("/gravity.html"))
    wh = Warehouse(tmp_path / "wh")
    landed = fetch_distances(wh, "gravity", "distcap", policy=NO_WAIT)
    assert landed.release == "V202211"
    table = reference_tables.load(wh, "distances").set_index(["iso3_o", "iso3_d"])["km"]
    assert table.to_dict() == {("AZE", "KAZ"): 1400.0, ("AZE", "RUS"): 1850.0}
    assert reference_tables.entries(wh)["distances"]["source"] == "CEPII Gravity (distcap)"
    assert refresh(wh, policy=NO_WAIT).up_to_date


def test_a_published_checksum_is_checked(httpserver, monkeypatch, tmp_path):
    body = baci_zip("V202501", {2021: "2021,31,643,80510,1.5,2\n"})
    httpserver.expect_request("/d/BACI_HS17_V202501.zip").respond_with_data(body)
    httpserver.expect_request("/d/BACI_HS17_V202501.zip.sha256").respond_with_data(
        "0" * 64 + "  BACI_HS17_V202501.zip\n"
    )
    httpserver.expect_request("/baci.html").respond_with_data(
        '<a href="/d/BACI_HS17_V202501.zip">zip</a>'
        '<a href="/d/BACI_HS17_V202501.zip.sha256">sha256</a>',
        content_type="text/html",
    )
    monkeypatch.setenv("TRADEBRIDGE_BACI_PAGE", httpserver.url_for("/baci.html"))
    with pytest.raises(EnvironmentProblem, match="checksum mismatch"):
        fetch_baci(Warehouse(tmp_path / "wh"), "HS17", folder=tmp_path / "dl", policy=NO_WAIT)
    assert list((tmp_path / "dl").iterdir()) == []
