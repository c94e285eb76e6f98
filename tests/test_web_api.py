"""The REST API on the tiny world: the Python API's numbers, CSV, ETags, errors, headers."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tradebridge.api.declarations import declarations
from tradebridge.results import records
from tradebridge.workspace import Workspace

# required arguments of each analytic on the tiny world (AZE exports to RUS, KAZ, TUR)
REQUIRED = {"country": "AZE", "partner": "RUS"}


@pytest.fixture(autouse=True)
def _fresh_cookies(web_client):
    web_client.cookies.clear()


def _url(declaration) -> str:
    return "/api/v1" + declaration.path.format(**REQUIRED)


def test_profile_by_partner_by_hand(web_client):
    # AZE's 2021 exports: TUR 550, RUS 100 + 300, KAZ 50 (X999's 0 is not a market)
    body = web_client.get("/api/v1/profile/AZE").json()
    values = {row["partner"]: row["value_usd"] for row in body["rows"]}
    assert values == {"TUR": 550.0, "RUS": 400.0, "KAZ": 50.0}
    assert body["meta"]["year"] == 2021
    assert body["meta"]["source"] == "tiny test world"


@pytest.mark.parametrize("declaration", declarations(), ids=lambda d: d.name)
def test_every_endpoint_equals_the_python_api(web_client, tiny_warehouse, declaration):
    response = web_client.get(_url(declaration))
    assert response.status_code == 200, response.text
    expected = getattr(Workspace(tiny_warehouse, "duckdb"), declaration.name)(
        **{p.name: REQUIRED[p.name] for p in declaration.required}
    )
    body = response.json()
    if hasattr(expected, "nodes"):
        assert body["nodes"] == json.loads(json.dumps(records(expected.nodes)))
        assert body["edges"] == json.loads(json.dumps(records(expected.edges)))
    elif isinstance(expected, list):
        assert body["rows"] == expected
    else:
        assert body["rows"] == json.loads(json.dumps(records(expected)))


def test_options_reach_the_analytic(web_client):
    body = web_client.get("/api/v1/profile/AZE", params={"year": 2016}).json()
    assert {row["partner"]: row["value_usd"] for row in body["rows"]} == {
        "RUS": 350.0,
        "TUR": 400.0,
    }


def test_csv_holds_the_json_rows(web_client):
    json_rows = web_client.get("/api/v1/profile/AZE").json()["rows"]
    response = web_client.get("/api/v1/profile/AZE", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["partner"] for r in rows] == [r["partner"] for r in json_rows]
    assert [float(r["value_usd"]) for r in rows] == [r["value_usd"] for r in json_rows]


def test_etag_follows_the_request_and_answers_304(web_client):
    first = web_client.get("/api/v1/profile/AZE")
    tag = first.headers["etag"]
    assert web_client.get("/api/v1/profile/AZE").headers["etag"] == tag
    assert web_client.get("/api/v1/profile/AZE?year=2016").headers["etag"] != tag
    again = web_client.get("/api/v1/profile/AZE", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""


def test_unknown_country_is_400_with_nearest(web_client):
    response = web_client.get("/api/v1/profile/AZR")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "country"
    assert "AZR" in error["message"]
    assert "AZE" in error["nearest"]


def test_wrong_type_is_422_in_the_error_shape(web_client):
    response = web_client.get("/api/v1/profile/AZE", params={"year": "last"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "year" and "year" in error["message"]


def test_unknown_path_is_404_in_the_error_shape(web_client):
    response = web_client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"error": {"message": "not found", "field": None, "nearest": []}}


def test_unexpected_failure_is_a_plain_500(web_client, monkeypatch):
    state = web_client.app.state.tradebridge

    def broken(name, arguments):
        raise RuntimeError("secret internals at /srv/x.py line 3")

    monkeypatch.setattr(state, "call", broken)
    for url in ("/api/v1/profile/AZE", "/"):
        response = web_client.get(url)
        assert response.status_code == 500
        assert "secret" not in response.text and "Traceback" not in response.text


@pytest.mark.parametrize("url", ["/", "/api/v1/profile/AZE", "/static/app.css", "/missing"])
def test_security_headers_everywhere(web_client, url):
    headers = web_client.get(url).headers
    assert headers["content-security-policy"].startswith("default-src 'self'")
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_openapi_lists_every_analytic_with_cli_defaults(web_client):
    schema = web_client.get("/api/openapi.json").json()
    for declaration in declarations():
        assert "/api/v1" + declaration.path in schema["paths"]
    profile = schema["paths"]["/api/v1/profile/{country}"]["get"]
    names = {p["name"] for p in profile["parameters"]}
    assert {"country", "format"} <= names


def test_file_parameters_are_not_on_the_web():
    for declaration in declarations():
        names = {p.name for p in declaration.required + declaration.optional}
        assert not names & {"out", "distances", "tariffs", "projections", "population"}


def test_serve_prints_the_url_and_warns_when_exposed(tiny_warehouse, monkeypatch, capsys):
    import uvicorn

    from tradebridge.errors import BadInput
    from tradebridge.web.server import serve

    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **kw: served.append((host, port)))
    serve(tiny_warehouse.path, None, None)
    out = capsys.readouterr()
    assert out.out.startswith("tradebridge: http://127.0.0.1:8000/") and out.err == ""
    serve(tiny_warehouse.path, "0.0.0.0", 8123)
    out = capsys.readouterr()
    assert "exposed" in out.err
    assert served == [("127.0.0.1", 8000), ("0.0.0.0", 8123)]
    with pytest.raises(BadInput, match="port"):
        serve(tiny_warehouse.path, None, 70000)
