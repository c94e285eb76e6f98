"""The pages on the tiny world: HTML and JSON twins, languages, errors, nothing external."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tradebridge.web.figures import METHODS
from tradebridge.web.pages.methods import slug

PAGES = [
    "/",
    "/country/AZE",
    "/country/AZE?flow=imports&year=2016",
    "/country/AZE?exclude_sector=energy&group=EAEU",
    "/markets/AZE",
    "/markets/AZE?exclude_sector=energy&sort=score",
    "/pair/AZE/RUS",
    "/product",
    "/product/080510?country=AZE",
    "/product/0805",
    "/complexity?country=KAZ",
    "/search?q=rus",
    "/api/docs",
]
LANGS = ("az", "ru", "en")
SCHEMA_ID = re.compile(r'"\$schema": "[^"]*"')
EXTERNAL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}""", re.IGNORECASE)


@pytest.fixture(autouse=True)
def _fresh_cookies(web_client):
    web_client.cookies.clear()


@pytest.fixture(scope="module")
def rendered(web_client) -> dict[tuple[str, str], str]:
    """Each page once, in the three languages by turns (and the main ones in all three)."""
    out = {}
    wanted = [(url, LANGS[i % 3]) for i, url in enumerate(PAGES)]
    wanted += [
        (url, lang) for url in ("/country/AZE", "/markets/AZE", "/pair/AZE/RUS") for lang in LANGS
    ]
    for url, lang in dict.fromkeys(wanted):
        joiner = "&" if "?" in url else "?"
        response = web_client.get(f"{url}{joiner}lang={lang}")
        assert response.status_code == 200, (url, lang, response.text[:500])
        out[(url, lang)] = response.text
    web_client.cookies.clear()
    return out


def test_pages_render_in_each_language(rendered):
    assert '<html lang="az">' in rendered[("/country/AZE", "az")]
    assert "<h1>Azərbaycan</h1>" in rendered[("/country/AZE", "az")]
    assert "<h1>Азербайджан</h1>" in rendered[("/country/AZE", "ru")]
    assert "Рынки: Азербайджан" in rendered[("/markets/AZE", "ru")]
    assert "Azərbaycan – Rusiya" in rendered[("/pair/AZE/RUS", "az")]


def test_no_page_loads_anything_from_outside(rendered):
    for (url, lang), page in rendered.items():
        # a chart's "$schema" names its grammar version; it is never fetched
        html = SCHEMA_ID.sub("", page)
        assert not EXTERNAL.findall(html), (url, lang, EXTERNAL.findall(html)[:3])


def test_switching_language_keeps_the_page(web_client):
    html = web_client.get("/markets/AZE?sort=score&lang=ru").text
    assert 'href="/markets/AZE?sort=score&amp;lang=az"' in html
    assert 'href="/markets/AZE?sort=score&amp;lang=en"' in html


def test_language_from_cookie_then_browser(web_client):
    web_client.get("/?lang=az")
    assert '<html lang="az">' in web_client.get("/country/AZE").text
    web_client.cookies.clear()
    html = web_client.get("/country/AZE", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).text
    assert '<html lang="ru">' in html


def test_country_json_twin_holds_the_numbers(web_client):
    body = web_client.get("/country/AZE.json").json()
    assert body["country"] == "AZE" and body["year"] == 2021
    assert body["total_usd"] == 1000.0  # 550 + 400 + 50 by hand
    figures = {f["id"]: f for f in body["figures"]}
    partners = {r["partner"]: r["value_usd"] for r in figures["partners-map"]["rows"]}
    assert partners == {"TUR": 550.0, "RUS": 400.0, "KAZ": 50.0}
    trend = {r["year"]: (r["exports_usd"], r["imports_usd"]) for r in figures["trend"]["rows"]}
    # 2016: AZE sells 50 + 300 + 400, buys 100; 2021: sells 1000, buys 200 + 50 + 20
    assert trend == {2016: (750.0, 100.0), 2021: (1000.0, 270.0)}
    assert all(f["csv"].startswith("/api/v1/") for f in body["figures"])


def test_figure_csv_links_answer(web_client):
    body = web_client.get("/pair/AZE/RUS.json").json()
    for figure in body["figures"]:
        response = web_client.get(figure["csv"])
        assert response.status_code == 200, figure["csv"]
        assert response.headers["content-type"].startswith("text/csv")


def test_every_figure_links_to_a_section_of_the_methods():
    methods = Path(__file__).resolve().parents[1] / "docs" / "methods.md"
    if not methods.exists():
        pytest.skip("docs/methods.md is not written yet: the figure links have no target")
    headings = {
        slug(line.lstrip("#"))
        for line in methods.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    }
    missing = {key: anchor for key, anchor in METHODS.items() if anchor not in headings}
    assert not missing


def test_bad_input_on_a_page_is_a_4xx_page(web_client):
    response = web_client.get("/country/AZR?lang=en")
    assert response.status_code == 400
    assert "AZR" in response.text and "AZE" in response.text
    assert web_client.get("/country/AZE?year=soon").status_code == 422
    assert web_client.get("/country/AZE.json?year=1990").status_code == 400


def test_search_in_three_languages(web_client):
    for query, key in [("Rusiya", "RUS"), ("Азербайджан", "AZE"), ("steel", "steel")]:
        results = web_client.get("/search.json", params={"q": query}).json()["results"]
        assert key in [r["key"] for r in results], query
    html = web_client.get("/search?q=0805", headers={"HX-Request": "true"}).text
    assert "<html" not in html and "/product/080510" in html


def test_brief_downloads(web_client):
    response = web_client.get("/pair/AZE/RUS/brief.html?lang=ru")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert "Азербайджан" in response.text


def test_pages_are_kept_until_the_warehouse_changes(web_client, monkeypatch):
    state = web_client.app.state.tradebridge
    first = web_client.get("/country/AZE?lang=en&year=2016").text
    calls = []
    monkeypatch.setattr(state, "call", lambda *a: calls.append(a))
    assert web_client.get("/country/AZE?lang=en&year=2016").text == first
    assert calls == []  # served from memory, nothing recomputed
    monkeypatch.setattr(state, "checksums", lambda: (("changed",),))
    web_client.get("/country/AZE?lang=en&year=2016")
    assert calls  # a new warehouse content is a new key


def test_briefs_asked_together_are_made_once(web_client, monkeypatch):
    import asyncio

    from tradebridge.reports import pdf
    from tradebridge.web.briefs import Briefs

    state = web_client.app.state.tradebridge
    briefs = Briefs(state)
    printed = []

    def fake_pdf(document: str) -> bytes:
        # printing runs outside the analytics lock: pages are served meanwhile
        printed.append(state.lock.locked())
        return b"%PDF " + document[:15].encode()

    monkeypatch.setattr(pdf, "html_to_pdf", fake_pdf)

    async def ask() -> list[bytes]:
        same = [briefs.get("AZE", "rus", "html", "ru", None) for _ in range(5)]
        other = [
            briefs.get("AZE", "RUS", "html", "az", 2021),
            briefs.get("aze", "RUS", "pdf", "az", None),
        ]
        return await asyncio.gather(*same, *other)

    bodies = asyncio.run(ask())
    assert len(set(bodies[:5])) == 1 and "Азербайджан" in bodies[0].decode()
    assert "Azərbaycan" in bodies[5].decode() and bodies[6].startswith(b"%PDF <!DOCTYPE")
    # one ru brief for five readers, one az brief (2021 is the latest year) and its PDF
    assert briefs.computed == 3
    assert asyncio.run(briefs.get("AZE", "RUS", "html", "ru", None)) == bodies[0]
    assert briefs.computed == 3
    asyncio.run(briefs.get("AZE", "RUS", "pdf", "en", None))  # alone: no other brief runs
    assert briefs.computed == 4 and printed[-1] is False  # the PDF (its HTML made inline)
    with pytest.raises(Exception, match="AZR"):
        asyncio.run(briefs.get("AZR", "RUS", "html", "ru", None))


def test_warm_up_builds_the_home_pages_in_each_language(tiny_warehouse):
    import asyncio

    from tradebridge.web.app import create_app
    from tradebridge.web.settings import Settings
    from tradebridge.web.warmup import warm, warm_urls

    settings = Settings(home=tiny_warehouse.path, country="AZE", partner="RUS")
    app = create_app(settings)
    built, failed, _ = asyncio.run(warm(app, settings))
    assert (built, failed) == (len(warm_urls(settings)), 0) == (12, 0)
    state = app.state.tradebridge
    called = {key[0] for key in state.results}
    assert {"info", "profile", "markets", "mutual", "bilateral", "potential"} <= called
    # a reader's first visit is then served from the kept page, without any analytic
    state.lock.acquire()  # an analytic running meanwhile does not hold the reader up
    try:
        page = asyncio.run(_get(app, "/markets/AZE", "ru"))
    finally:
        state.lock.release()
    assert "Рынки: Азербайджан" in page


async def _get(app, path: str, lang: str) -> str:
    import httpx

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return (await client.get(path, headers={"Accept-Language": lang})).text
