"""The registry's services on both databases: create, edit, archive with the audit log; who may
read and change what; likely duplicates; filters and paging; full-text search in three
languages; the profiles handed to matching; hostile text stored as text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tradebridge.errors import BadInput, Forbidden, InvalidRecord, NotFound
from tradebridge.registry import queries, rows, services
from tradebridge.registry.models import Organisation
from tradebridge.registry.queries import Filters
from tradebridge.registry.record import (
    Contact,
    OrganisationRecord,
    Product,
)
from tradebridge.registry.services import LikelyDuplicates

STAFF = SimpleNamespace(role="staff", organisation_id=None, id=None, email="staff@example.org")
VIEWER = SimpleNamespace(role="viewer", organisation_id=None)

KEND = OrganisationRecord(
    "exporter",
    "AZE",
    name_en="Kend Apricots",
    name_az="Kənd Ərikləri",
    name_ru="Кенд Абрикосы",
    ref="AZ-1",
    sectors=("fresh_fruit_vegetables",),
    offered=(Product("081310", "quru ərik, çəyirdəksiz"),),
    description_en="Sun-dried apricots from Ordubad.",
    description_ru="Сушёный урюк из Ордубада.",
    certifications=("haccp",),
    target_markets=("RUS", "KAZ"),
    contacts=(Contact("Aysel", "director", "aysel@example.az", "+994 12 555 55 55", True),),
    brand="Made in Azerbaijan",
    brand_since=date(2021, 5, 1),
    status="verified",
)
STEEL = OrganisationRecord(
    "exporter",
    "AZE",
    name_en="Baku Steel Works",
    sectors=("steel",),
    offered=(Product("721420"),),
    status="draft",
)
BUYER = OrganisationRecord(
    "buyer",
    "RUS",
    name_ru="ООО «Фрукты Сибири»",
    sought=(Product("081310"), Product("080810")),
    certifications_required=("haccp",),
    description_ru="Импортёр сухофруктов",
    synthetic=True,
)


@pytest.fixture
def three(db_session):
    ids = [services.create(db_session, r, user=STAFF).id for r in (KEND, STEEL, BUYER)]
    db_session.commit()
    return ids


def _audit(session, organisation_id):
    from tradebridge.db.audit import AuditEntry

    stmt = select(AuditEntry).where(
        AuditEntry.entity_type == "organisations", AuditEntry.entity_id == str(organisation_id)
    )
    return session.scalars(stmt.order_by(AuditEntry.id)).all()


def test_create_edit_archive_each_audited(db_session, three):
    kend = three[0]
    assert rows.record_of(services.get(db_session, kend)) == KEND
    services.edit(db_session, kend, replace(KEND, city="Ordubad"), user=STAFF)
    services.archive(db_session, kend, user=STAFF)
    db_session.commit()
    entries = _audit(db_session, kend)
    assert [e.action for e in entries] == ["insert", "update", "update"]
    assert entries[0].after["name_az"] == "Kənd Ərikləri"
    assert (entries[1].before, entries[1].after) == ({"city": ""}, {"city": "Ordubad"})
    assert (entries[2].before["status"], entries[2].after["status"]) == ("verified", "archived")
    assert queries.list_organisations(db_session).total == 2  # archived ones leave the list
    assert queries.list_organisations(db_session, Filters(status="archived")).total == 1


def test_an_invalid_record_lists_its_problems(db_session):
    with pytest.raises(InvalidRecord) as caught:
        services.create(db_session, replace(KEND, kind="farm", size_band="huge"), user=STAFF)
    assert [f for f, _ in caught.value.problems] == ["kind", "size_band"]
    assert str(caught.value).startswith("kind: unknown kind 'farm'")


def test_a_ref_is_unique(db_session, three):
    with pytest.raises(BadInput, match="'AZ-1' is already the ref of organisation"):
        services.create(db_session, replace(STEEL, name_en="Other", ref="AZ-1"), user=STAFF)


def test_company_user_reads_and_edits_only_its_own(db_session, three):
    kend, steel, _ = three
    company = SimpleNamespace(role="company", organisation_id=kend)
    assert services.get(db_session, kend, user=company).id == kend
    with pytest.raises(Forbidden):
        services.get(db_session, steel, user=company)
    with pytest.raises(Forbidden):
        services.edit(db_session, steel, STEEL, user=company)
    services.edit(db_session, kend, replace(KEND, city="Ordubad"), user=company)
    with pytest.raises(Forbidden, match="only staff may change status"):
        services.edit(db_session, kend, replace(KEND, status="draft"), user=company)
    with pytest.raises(Forbidden):
        services.create(db_session, replace(STEEL, name_en="New"), user=company)
    with pytest.raises(Forbidden):
        services.archive(db_session, kend, user=company)
    listed = queries.list_organisations(db_session, user=company)
    assert [o.id for o in listed.items] == [kend]
    assert queries.list_organisations(db_session, user=VIEWER).total == 3
    with pytest.raises(Forbidden):
        services.edit(db_session, kend, KEND, user=VIEWER)


def test_missing_organisation(db_session):
    with pytest.raises(NotFound, match="no organisation #99"):
        services.get(db_session, 99)


def test_likely_duplicates_are_flagged_until_confirmed(db_session, three):
    twin = replace(STEEL, name_en="BAKU STEEL WORKS LLC", ref=None)
    with pytest.raises(LikelyDuplicates) as caught:
        services.create(db_session, twin, user=STAFF)
    assert caught.value.http_status == 409
    assert [(i, n) for i, _, n in caught.value.matches] == [(three[1], "Baku Steel Works")]
    assert "likely duplicate of 'Baku Steel Works'" in str(caught.value)
    elsewhere = replace(twin, country="TUR")
    assert services.create(db_session, elsewhere, user=STAFF).id
    assert services.create(db_session, twin, user=STAFF, confirm_duplicates=True).id
    # editing an organisation does not compare it with itself
    services.edit(db_session, three[1], replace(STEEL, city="Sumqayit"), user=STAFF)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["Baku Steel Works", "Kend Apricots", "ООО «Фрукты Сибири»"]),
        (Filters(kind="buyer"), ["ООО «Фрукты Сибири»"]),
        (Filters(country="Azerbaijan"), ["Baku Steel Works", "Kend Apricots"]),
        (Filters(sector="steel"), ["Baku Steel Works"]),
        (Filters(product="0813"), ["Kend Apricots", "ООО «Фрукты Сибири»"]),
        (Filters(product="080810"), ["ООО «Фрукты Сибири»"]),
        (Filters(product="72"), ["Baku Steel Works"]),
        (Filters(brand="made in azerbaijan"), ["Kend Apricots"]),
        (Filters(status="draft"), ["Baku Steel Works", "ООО «Фрукты Сибири»"]),
        (Filters(synthetic=True), ["ООО «Фрукты Сибири»"]),
    ],
)
def test_filters(db_session, three, filters, expected):
    page = queries.list_organisations(db_session, filters)
    assert [o.name_en or o.name_ru for o in page.items] == expected
    assert page.total == len(expected)


def test_paging(db_session, three):
    page = queries.list_organisations(db_session, page=2, per_page=2)
    assert (page.total, page.pages, len(page.items)) == (3, 2, 1)
    with pytest.raises(BadInput):
        queries.list_organisations(db_session, page=0)


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (Filters(kind="farm"), "kind"),
        (Filters(country="Atlantis"), "country"),
        (Filters(sector="fruit"), "sector"),
        (Filters(product="08x"), "product"),
        (Filters(status="gone"), "status"),
    ],
)
def test_bad_filters_name_their_field(db_session, bad, field):
    with pytest.raises(BadInput) as caught:
        queries.list_organisations(db_session, bad)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("apricot", ["Kend Apricots", "ООО «Фрукты Сибири»"]),  # the HS text of 081310 too
        ("ərik", ["Kend Apricots"]),
        ("ERIK", ["Kend Apricots"]),
        ("урюк", ["Kend Apricots"]),
        ("сушеный", ["Kend Apricots"]),
        ("фрукт сибир", ["ООО «Фрукты Сибири»"]),
        ("steel baku", ["Baku Steel Works"]),
        ("ordubad", ["Kend Apricots"]),
        ("nothing-like-it", []),
        ("'; DROP TABLE organisations; --", []),
        ('" OR 1=1 *', []),
        ("qx:* | zz & !qq", []),
        ("", ["Baku Steel Works", "Kend Apricots", "ООО «Фрукты Сибири»"]),
    ],
)
def test_full_text_search(db_session, three, q, expected):
    found = queries.list_organisations(db_session, Filters(q=q))
    assert sorted(o.name_en or o.name_ru for o in found.items) == expected


def test_search_follows_edits(db_session, three):
    services.edit(db_session, three[1], replace(STEEL, name_en="Caspian Rebar"), user=STAFF)
    db_session.commit()
    assert queries.list_organisations(db_session, Filters(q="works")).total == 0
    assert queries.list_organisations(db_session, Filters(q="rebar")).total == 1


def test_profiles_for_matching(db_session, three):
    from tradebridge.matching.profiles import OrganisationProfile

    profiles = {p.id: p for p in services.profiles(db_session)}
    buyer = profiles[three[2]]
    assert isinstance(buyer, OrganisationProfile)
    assert buyer.kind == "buyer" and buyer.country == "RUS" and buyer.synthetic
    assert buyer.sought == frozenset({"081310", "080810"})
    assert buyer.certifications_required == frozenset({"haccp"})
    assert buyer.name == "ООО «Фрукты Сибири»"
    kend = profiles[three[0]]
    assert kend.target_markets == frozenset({"RUS", "KAZ"})
    assert "Sun-dried apricots" in kend.description and "quru ərik" in kend.description
    assert [p.id for p in services.profiles(db_session, [three[1]])] == [three[1]]
    assert [p.id for p in services.profiles(db_session, kinds=["buyer"])] == [three[2]]


HOSTILE = [
    "Robert'); DROP TABLE organisations;--",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }} ${7*7}",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_as_text(db_session, text):
    record = replace(
        KEND,
        ref=text,
        name_en=text,
        name_az=text + " az",
        name_ru=text + " ru",
        city=text,
        description_en=text,
        description_az=text,
        description_ru=text,
        offered=(Product("081310", text),),
        contacts=(Contact(text, text, "a@example.org", "+994 12 555 55 55", True),),
        brand=text,
    )
    stored = services.create(db_session, record, user=STAFF)
    db_session.commit()
    db_session.expire_all()
    assert rows.record_of(db_session.get(Organisation, stored.id)) == record
    assert queries.list_organisations(db_session).total == 1


def test_the_catalogue_shows_verified_brand_members_and_consented_contacts(db_session, three):
    from tradebridge.registry import catalogue

    hidden = Contact("Hidden", "buyer", "hidden@example.az", "", False)
    kend = three[0]
    services.edit(db_session, kend, replace(KEND, contacts=KEND.contacts + (hidden,)), user=STAFF)
    assert catalogue.brands(db_session) == [("Made in Azerbaijan", 1)]
    assert catalogue.sectors(db_session) == [("fresh_fruit_vegetables", 1)]
    assert [o.id for o in catalogue.members(db_session).items] == [kend]
    assert catalogue.members(db_session, q="урюк").total == 1
    assert catalogue.members(db_session, sector="steel").total == 0
    view = catalogue.member(db_session, kend)
    assert [c["email"] for c in view["contacts"]] == ["aysel@example.az"]
    assert "ref" not in view and "responsible_id" not in view
    assert view["products"][0]["sector"] == "fresh_fruit_vegetables"
    with pytest.raises(NotFound):
        catalogue.member(db_session, three[1])  # a draft has no public page
