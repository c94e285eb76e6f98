"""Suggested counterparts over a tiny registry and the tiny warehouse, through the page and the
API (SQLite): the numbers are the registry's match and the mutual analysis's untapped potential
combined as ``events.counterparts`` says, both read from their own functions here; a one-click
request removes the suggestion; a company sees only its own people's suggestions.

In the tiny world (2021) the untapped potential AZE→RUS is in crude oil 270900 (about 42)
and RUS→AZE in semi-finished steel 720610 (about 48); none in oranges 080510.

Aysel (Kend, AZE exporter of oil and oranges, who asks at the forum for steel 720610) is
suggested Boris (Sibir, RUS buyer of oil: the registry matches them, and AZE→RUS oil), Vera
(Volga, RUS exporter of steel: the registry does not match two exporters, but RUS→AZE steel)
and Chen (Silk, CHN buyer of oil: the registry's match alone, China is not the forum's
partner); not Oleg (Ural, RUS buyer of computers: no shared product, no match)."""

from __future__ import annotations

import math

import pytest

from tradebridge.registry.record import OrganisationRecord, Product
from web_fixtures import PASSWORD

ORGS = [
    ("Kend", "exporter", "AZE", {"offered": ("270900", "080510")}),
    ("Sibir", "buyer", "RUS", {"sought": ("270900",)}),
    ("Volga", "exporter", "RUS", {"offered": ("720610",)}),
    ("Silk", "buyer", "CHN", {"sought": ("270900",)}),
    ("Ural", "buyer", "RUS", {"sought": ("847130",)}),
]
PEOPLE = {"Aysel": "Kend", "Boris": "Sibir", "Vera": "Volga", "Chen": "Silk", "Oleg": "Ural"}


@pytest.fixture
def world(accounts_app):
    from datetime import date

    from tradebridge.accounts.users import create_user
    from tradebridge.events import registration, services
    from tradebridge.events.record import EventRecord
    from tradebridge.events.registration import Entry, ParticipantRecord
    from tradebridge.events.slots import Session
    from tradebridge.registry import services as registry

    staff = None
    with accounts_app.database.transaction(actor="test") as session:
        orgs = {}
        for name, kind, country, products in ORGS:
            record = OrganisationRecord(
                kind,
                country,
                name_en=name,
                offered=tuple(Product(c) for c in products.get("offered", ())),
                sought=tuple(Product(c) for c in products.get("sought", ())),
            )
            orgs[name] = registry.create(session, record, user=staff).id
        day = date(2026, 12, 8)
        event = services.create(
            session,
            EventRecord(
                "business_forum",
                title_en="AZ-RU forum",
                starts_on=day,
                ends_on=day,
                time_zone="Asia/Baku",
                country="AZE",
                partner_countries=("RUS",),
                tables=("T1",),
                sessions=(Session("", day, "10:00", "11:00"),),
            ),  # fmt: skip
            user=staff,
        )
        services.move(session, event.id, "registration_open", user=staff)
        people = {}
        for person, org in PEOPLE.items():
            entries = (
                (Entry("request", "Steel billets", "", ("720610",)),) if person == "Aysel" else ()
            )
            record = ParticipantRecord(
                orgs[org], person, f"{person.lower()}@example.org", entries=entries
            )
            people[person] = registration.register(session, event.id, record, user=staff).id
            registration.decide(session, people[person], "approved", user=staff)
        services.move(session, event.id, "requests_open", user=staff)
        for who, org in (("aysel@kend.example", "Kend"), ("boris@sibir.example", "Sibir")):
            create_user(session, email=who, password=PASSWORD, role="company",
                        organisation_id=orgs[org])  # fmt: skip
        event_id = event.id
    accounts_app.event, accounts_app.orgs, accounts_app.people = event_id, orgs, people
    return accounts_app


def _client(world, email):
    client = world.anonymous()
    assert world.log_in(client, email).status_code == 303
    return client


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_suggestions_with_their_evidence_and_a_one_click_request(world, tiny_warehouse) -> None:
    from tradebridge.matching.services import suggestions as registry_matches
    from tradebridge.workspace import Workspace

    ws = Workspace(tiny_warehouse)
    mutual = ws.mutual("AZE", "RUS", by="product").set_index("product")
    u_oil, u_steel = (
        mutual.loc["270900", "ab_untapped_usd"],
        mutual.loc["720610", "ba_untapped_usd"],
    )
    assert 0 < u_oil < u_steel  # about 42 and 48
    with world.database.transaction(actor="test") as session:
        table = registry_matches(session, world.orgs["Kend"], top=50, workspace=ws)
    match = dict(zip(table["id"], table["score"], strict=True))
    assert world.orgs["Volga"] not in match and world.orgs["Ural"] not in match

    aysel = _client(world, "aysel@kend.example")
    p = world.people
    url = f"/events/{world.event}/participants/{p['Aysel']}/suggestions"
    data = aysel.get(f"{url}.json").json()
    rows = {r["person_name"]: r for r in data["suggestions"]}
    assert set(rows) == {"Boris", "Vera", "Chen"}
    opportunity = math.log1p(u_oil) / math.log1p(u_steel)
    expected = {
        "Boris": 0.5 * match[world.orgs["Sibir"]] + 0.5 * opportunity,
        "Vera": 0.5,
        "Chen": 0.5 * match[world.orgs["Silk"]],
    }
    for name, score in expected.items():
        assert rows[name]["score"] == pytest.approx(score, abs=1e-4), name
    assert [r["person_name"] for r in data["suggestions"]] == sorted(
        expected, key=lambda n: -expected[n]
    )
    boris, vera = rows["Boris"]["evidence"], rows["Vera"]["evidence"]
    assert (boris["exporter"], boris["importer"], boris["product"]) == ("AZE", "RUS", "270900")
    assert boris["untapped_usd"] == pytest.approx(u_oil)
    assert (vera["exporter"], vera["importer"], vera["product"]) == ("RUS", "AZE", "720610")
    assert rows["Chen"]["evidence"] is None
    assert data["pairs"] == ["AZE → RUS", "RUS → AZE"] and data["year"] == 2021

    page = aysel.get(f"{url}?lang=ru")
    assert page.status_code == 200 and "Boris" in page.text and "270900" in page.text
    sent = aysel.post(
        f"/events/{world.event}/requests",
        data={"from_id": str(p["Aysel"]), "to_id": str(p["Boris"]), "priority": "should",
              "csrf_token": world.csrf(aysel)},
    )  # fmt: skip
    assert sent.status_code == 303
    again = aysel.get(f"/api/v1/events/{world.event}/participants/{p['Aysel']}/suggestions")
    assert [r["person_name"] for r in again.json()["rows"]] == ["Vera", "Chen"]

    boris_client = _client(world, "boris@sibir.example")
    assert boris_client.get(url).status_code == 404  # not his organisation's person
    own = boris_client.get(
        f"/api/v1/events/{world.event}/participants/{p['Boris']}/suggestions?language=az"
    )
    assert own.status_code == 200
    assert world.client("viewer").get(url).status_code == 403
