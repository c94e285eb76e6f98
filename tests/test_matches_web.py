"""Partner suggestions on the web: the REST route ``/api/v1/organisations/{id}/matches`` and the
page ``/registry/organisations/{id}/matches``, over the tiny registry of tests/test_matching.py
(imported through the registry's import) and the tiny warehouse. Components, score and evidence
sentences are checked against values computed by hand; who may see which organisation's
suggestions is checked for every role."""

from __future__ import annotations

import csv
import math
import re

import pytest

from web_fixtures import make_world

NBSP = "\u00a0"
HEADER = (
    "ref kind name_en name_az name_ru country sectors products_offered products_sought "
    "certifications certifications_required current_markets target_markets"
).split()
ROWS = [
    ["R1", "exporter", "Orange Grove", "Portağal Bağı", "", "AZE",
     "fresh_fruit_vegetables;energy", "080510;270900", "", "haccp", "", "KAZ", "RUS"],
    ["R2", "buyer", "Moscow Fruit", "", "Московские фрукты", "RUS", "fresh_fruit_vegetables", "",
     "080510;270900", "", "haccp;halal", "", "AZE"],
    ["R3", "buyer", "Almaty Fruit", "", "", "KAZ", "fresh_fruit_vegetables", "", "080550", "",
     "", "", ""],
    ["R4", "buyer", "Istanbul Nuts", "", "", "TUR", "", "", "081010", "", "", "", ""],
    ["R5", "buyer", "Baku Market", "", "", "AZE", "", "", "080510", "", "", "", ""],
]  # fmt: skip

# By hand on the tiny world, 2021 (as in tests/test_matching.py): AZE's supply shares of 080510
# and 270900, its ease into RUS and KAZ, RUS's import growth of {080510, 270900} over 2016-2021.
S_FRUIT, S_OIL = 150 / 370, 850 / 1850
B_RUS = 400 / (S_FRUIT * 250 + S_OIL * 1300)
B_KAZ = 50 / (S_FRUIT * 50)
GROWTH_RUS = (1550 / 1250) ** (1 / 5) - 1
SPEC_0805 = math.log(5 / 3) / math.log(5)  # heading 0805 held by 3 of the 4 buyers
EXPECTED_RUS = {
    "hs6": 1.0,  # 270900: only this buyer seeks it
    "hs4": 1.0,
    "hs2": 1.0,
    "text": 0.0,  # no descriptions
    "untapped": 1.0,
    "rising_imports": GROWTH_RUS / 0.2,
    "ease": B_RUS / (1 + B_RUS),
    "supplier_intent": 1.0,  # RUS is R1's target market
    "demander_intent": 1.0,  # a shared sector, and AZE among its supplier countries
    "certifications": 0.5,  # R1 holds haccp of {haccp, halal}
}
WEIGHTS = {"hs6": 0.08, "hs4": 0.19, "hs2": 0.15, "text": 0.02, "untapped": 0.08,
           "rising_imports": 0.04, "ease": 0.03, "supplier_intent": 0.11,
           "demander_intent": 0.15, "certifications": 0.15}  # fmt: skip
SCORE_RUS = sum(WEIGHTS[k] * v for k, v in EXPECTED_RUS.items())
SCORE_KAZ = 0.19 * SPEC_0805 + 0.15 + 0.03 * B_KAZ / (1 + B_KAZ) + 0.11 * 0.25 + 0.15 * 0.2
SCORE_KAZ += 0.15 * 0.5
# The sentence of the R1 → R2 pair: 270900 has the largest untapped potential (U = 41.97);
# RUS imported 1,300 in 2021 and 1,100 in 2016 (+3.4 %/yr); AZE sold it 300 (23.1 %).
SENTENCES = {
    "en": "Russia imported $1.3K of HS 270900 in 2021 (+3.4%/yr); Azerbaijan supplies 23.1%; "
    "untapped potential $42.",
    "ru": f"Россия: импорт HS 270900 в 2021 г. — 1,3{NBSP}тыс.{NBSP}$ (+3,4% в год); "
    f"поставщик Азербайджан: доля 23,1%; неиспользованный потенциал 42{NBSP}$.",
    "az": f"Rusiya: 2021 ildə HS 270900 idxalı 1,3K{NBSP}US$ (ildə +3,4%); təchizatçı "
    f"Azərbaycan: pay 23,1%; istifadə olunmamış potensial 42{NBSP}US$.",
}


@pytest.fixture(scope="module")
def world(sqlite_template, tiny_warehouse, tmp_path_factory):
    """The app over the tiny warehouse with the tiny registry; the company user represents R1."""
    import shutil

    from tradebridge.accounts.users import get_user, set_role
    from tradebridge.registry.importing import import_file
    from tradebridge.registry.models import Organisation

    folder = tmp_path_factory.mktemp("matches-web")
    shutil.copyfile(sqlite_template, folder / "db.sqlite3")
    world = make_world(f"sqlite:///{folder / 'db.sqlite3'}", tiny_warehouse.path)
    with (folder / "registry.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *ROWS])
    with world.database.transaction(actor="test") as session:
        import_file(session, folder / "registry.csv")
        ids = {o.ref: o.id for o in session.query(Organisation)}
        set_role(session, get_user(session, "company@example.org"), "company", ids["R1"])
    world.ids = ids
    yield world
    world.close()


def test_the_api_gives_hand_computed_components_and_score(world) -> None:
    rows = world.client("staff").get(f"/api/v1/organisations/{world.ids['R1']}/matches")
    assert rows.status_code == 200, rows.text
    body = rows.json()
    assert body["meta"]["weights"] == pytest.approx(WEIGHTS)
    rus, kaz, tur = body["rows"]
    assert [rus["name"], kaz["name"], tur["name"]] == [
        "Moscow Fruit",
        "Almaty Fruit",
        "Istanbul Nuts",
    ]
    assert {k: rus[k] for k in WEIGHTS} == pytest.approx(EXPECTED_RUS, abs=1e-4)
    assert rus["score"] == pytest.approx(SCORE_RUS, abs=1e-4)
    assert kaz["hs4"] == pytest.approx(SPEC_0805, abs=1e-4)
    assert kaz["score"] == pytest.approx(SCORE_KAZ, abs=1e-4)
    assert rus["evidence"] == SENTENCES["en"]


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_the_api_speaks_the_language_asked(world, lang: str) -> None:
    url = f"/api/v1/organisations/{world.ids['R1']}/matches?language={lang}&top=1"
    (rus,) = world.client("viewer").get(url).json()["rows"]
    assert rus["evidence"] == SENTENCES[lang]
    assert rus["name"] == ("Московские фрукты" if lang == "ru" else "Moscow Fruit")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&")


@pytest.mark.parametrize(
    ("lang", "title", "score", "points"),
    [
        ("en", "Suggested partners of Orange Grove", "0.", "0."),
        ("ru", "Предлагаемые партнёры: Orange Grove", "0,", "0,"),
        ("az", "Portağal Bağı üçün təklif olunan tərəfdaşlar", "0,", "0,"),
    ],
)
def test_the_page_shows_score_components_and_sentence(world, lang, title, score, points) -> None:
    page = world.client("company").get(
        f"/registry/organisations/{world.ids['R1']}/matches?lang={lang}"
    )
    assert page.status_code == 200, page.text
    text = _text(page.text)
    assert title in text
    assert SENTENCES[lang].replace(NBSP, " ") in text.replace(NBSP, " ")
    # the first partner's score, to 3 decimals in the table's foot, in the page's number format
    expected = f"{SCORE_RUS:.3f}".replace("0.", score)
    assert expected in text
    # its certifications row: 0.5 × 0.15 = 0.075 points
    assert f"{points}075" in text


def test_the_page_s_data_twin(world) -> None:
    data = world.client("admin").get(f"/registry/organisations/{world.ids['R1']}/matches.json")
    partners = data.json()["partners"]
    assert [p["name"] for p in partners] == ["Moscow Fruit", "Almaty Fruit", "Istanbul Nuts"]
    first = {c["key"]: c for c in partners[0]["components"]}
    assert first["certifications"]["points"] == pytest.approx(0.075)
    assert first["hs4"]["points"] == pytest.approx(0.19)
    assert sum(c["points"] for c in first.values()) == pytest.approx(SCORE_RUS, abs=1e-4)


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [
        ("company", 200, 403),  # its own organisation's suggestions only
        ("viewer", 200, 200),
        ("staff", 200, 200),
        ("admin", 200, 200),
    ],
)
def test_who_sees_which_suggestions(world, role: str, own: int, other: int) -> None:
    client = world.client(role)
    mine, theirs = world.ids["R1"], world.ids["R2"]
    for url in ("/api/v1/organisations/{}/matches", "/registry/organisations/{}/matches"):
        assert client.get(url.format(mine)).status_code == own
        assert client.get(url.format(theirs)).status_code == other
    assert client.get("/api/v1/organisations/999999/matches").status_code == (
        403 if role == "company" else 404
    )


def test_anonymous_must_sign_in(world) -> None:
    anonymous = world.anonymous()
    api = anonymous.get(f"/api/v1/organisations/{world.ids['R1']}/matches")
    assert api.status_code == 401
    page = anonymous.get(f"/registry/organisations/{world.ids['R1']}/matches")
    assert page.status_code == 303 and page.headers["location"].startswith("/login?")
