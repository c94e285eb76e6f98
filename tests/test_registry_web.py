"""The registry's REST API and pages, and the public catalogue, on both databases: who may
read and change what (a company user only its own organisation), the duplicate warning, imports
with their rejects, exports, the catalogue showing only consented fields, and hostile text
rendered inert."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

KEND = {
    "kind": "exporter",
    "country": "AZE",
    "name_en": "Kend Apricots",
    "name_az": "Kənd Ərikləri",
    "sectors": ["fresh_fruit_vegetables"],
    "products_offered": [{"code": "081310", "description": "quru ərik"}],
    "description_ru": "Сушёный урюк из Ордубада",
    "contacts": [
        {"name": "Aysel", "email": "aysel@example.az", "public": True},
        {"name": "Hidden Person", "email": "hidden@example.az", "public": False},
    ],
    "brand": "Made in Azerbaijan",
    "brand_since": "2021-05-01",
    "status": "verified",
}
STEEL = {"kind": "exporter", "country": "AZE", "name_en": "Baku Steel Works", "status": "draft"}


def _api(world, role):
    client = world.client(role)
    return client, {"X-CSRF-Token": world.csrf(client)}


@pytest.fixture
def world(accounts_app):
    """The app with one user per role and two organisations; the company user represents
    Kend Apricots."""
    from tradebridge.accounts.models import User

    client, headers = _api(accounts_app, "staff")
    ids = []
    for body in (KEND, STEEL):
        done = client.post("/api/v1/organisations", json=body, headers=headers)
        assert done.status_code == 201, done.text
        ids.append(done.json()["id"])
    with accounts_app.database.transaction(actor="test") as session:
        session.get(User, accounts_app.users["company"]).organisation_id = ids[0]
    accounts_app.kend, accounts_app.steel = ids
    return accounts_app


def test_api_reads_by_role(world):
    kend, steel = world.kend, world.steel
    viewer = world.client("viewer")
    listed = viewer.get("/api/v1/organisations").json()
    assert listed["meta"]["total"] == 2
    assert {r["name_en"] for r in listed["rows"]} == {"Kend Apricots", "Baku Steel Works"}
    found = viewer.get("/api/v1/organisations", params={"q": "урюк"}).json()
    assert [r["id"] for r in found["rows"]] == [kend]
    company = world.client("company")
    assert company.get(f"/api/v1/organisations/{kend}").status_code == 200
    assert company.get(f"/api/v1/organisations/{steel}").status_code == 403
    assert [r["id"] for r in company.get("/api/v1/organisations").json()["rows"]] == [kend]
    assert world.anonymous().get(f"/api/v1/organisations/{kend}").status_code == 401
    bad = viewer.get("/api/v1/organisations", params={"sector": "fruit"})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "sector"
    assert viewer.get("/api/v1/organisations/2147483647").status_code == 404


def test_api_changes_by_role(world):
    kend, steel = world.kend, world.steel
    company, headers = _api(world, "company")
    done = company.patch(f"/api/v1/organisations/{kend}", json={"city": "Ordubad"}, headers=headers)
    assert done.status_code == 200 and done.json()["city"] == "Ordubad"
    assert done.json()["contacts"][1]["name"] == "Hidden Person"  # untouched fields stay
    other = company.patch(f"/api/v1/organisations/{steel}", json={"city": "x"}, headers=headers)
    assert other.status_code == 403
    agency = company.patch(
        f"/api/v1/organisations/{kend}", json={"status": "draft"}, headers=headers
    )
    assert agency.status_code == 403 and "only staff may change status" in agency.text
    assert company.post("/api/v1/organisations", json=STEEL, headers=headers).status_code == 403
    viewer, headers = _api(world, "viewer")
    assert (
        viewer.patch(f"/api/v1/organisations/{kend}", json={}, headers=headers).status_code == 403
    )
    staff, headers = _api(world, "staff")
    assert (
        staff.post(f"/api/v1/organisations/{steel}/archive", headers=headers).json()["status"]
        == "archived"
    )
    without_csrf = staff.patch(f"/api/v1/organisations/{kend}", json={"city": "y"})
    assert without_csrf.status_code == 403


def test_api_validation_and_duplicates(world):
    staff, headers = _api(world, "staff")
    twin = {**STEEL, "name_en": "BAKU STEEL WORKS LLC"}
    done = staff.post("/api/v1/organisations", json=twin, headers=headers)
    assert done.status_code == 409
    assert "likely duplicate of 'Baku Steel Works'" in done.json()["error"]["message"]
    done = staff.post(
        "/api/v1/organisations", json=twin, params={"confirm_duplicates": "true"}, headers=headers
    )
    assert done.status_code == 201
    bad = staff.post("/api/v1/organisations", json={**STEEL, "sectors": ["fruit"]}, headers=headers)
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "sectors"
    wrong_type = staff.post(
        "/api/v1/organisations", json={**STEEL, "synthetic": 1}, headers=headers
    )
    assert wrong_type.status_code == 422


def test_api_import_export_template(world):
    staff, headers = _api(world, "staff")
    text = "kind,name_en,country\nbuyer,Fruit Importer,RUS\nfarmer,Bad,AZE\n"
    files = {"file": ("orgs.csv", io.BytesIO(text.encode()), "text/csv")}
    done = staff.post("/api/v1/organisations/import", files=files, headers=headers)
    assert done.status_code == 400
    assert done.json()["error"]["message"].startswith("orgs.csv:3: kind: unknown kind 'farmer'")
    files = {"file": ("orgs.csv", io.BytesIO(text.encode()), "text/csv")}
    done = staff.post(
        "/api/v1/organisations/import",
        files=files,
        data={"skip_invalid": "true"},
        headers=headers,
    )
    report = done.json()
    assert (report["rows_read"], report["rows_stored"], report["rows_rejected"]) == (2, 1, 1)
    assert report["rejects"][0]["line"] == 3
    exported = staff.get("/api/v1/organisations", params={"format": "csv", "country": "RUS"})
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.text.splitlines()[1].startswith(",buyer,Fruit Importer,,,RUS")
    template = world.anonymous().get("/api/v1/organisations/template", params={"format": "csv"})
    assert template.text.startswith("ref,kind,name_en,name_az,name_ru,country")


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([0-9a-f]+)"', page).group(1)


class _FormReader(HTMLParser):
    """The values a browser would submit from the page's ``form`` (inputs, checked boxes,
    selected options, text areas), as ``(name, value)`` pairs in page order."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside, self.pairs = form_id, False, []
        self.select: str | None = None
        self.area: str | None = None
        self.first_option: tuple[str, str] | None = None
        self.chosen = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("checkbox", "radio", "file", "submit"):
            self.pairs.append((a["name"], a.get("value") or ""))
        elif tag == "input" and "checked" in a:
            self.pairs.append((a["name"], a.get("value") or "on"))
        elif tag == "select":
            self.select, self.first_option, self.chosen = a["name"], None, False
        elif tag == "option" and self.select:
            option = (self.select, a.get("value") or "")
            self.first_option = self.first_option or option
            if "selected" in a:
                self.pairs.append(option)
                self.chosen = True
        elif tag == "textarea":
            self.area = a["name"]
            self.pairs.append((self.area, ""))

    def handle_data(self, data):
        if self.area:
            name, text = self.pairs[-1]
            self.pairs[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            if not self.chosen and self.first_option:
                self.pairs.append(self.first_option)
            self.select = None
        elif tag == "textarea":
            self.area = None
        elif tag == "form":
            self.inside = False


def form_values(page: str, form_id: str = "organisation-form") -> dict[str, list[str]]:
    """The submitted values of ``form_id`` in ``page``, repeated names as lists."""
    reader = _FormReader(form_id)
    reader.feed(page)
    values: dict[str, list[str]] = {}
    for name, value in reader.pairs:
        values.setdefault(name, []).append(value)
    return values


def test_pages_by_role(world):
    kend, steel = world.kend, world.steel
    staff = world.client("staff")
    listing = staff.get("/registry", params={"lang": "az"})
    assert listing.status_code == 200 and "Kend Apricots" in listing.text
    assert "Yeni təşkilat" in listing.text or "/registry/organisations/new" in listing.text
    form = staff.get("/registry/organisations/new")
    data = {
        "csrf_token": _csrf(form.text),
        "kind": "buyer",
        "name_en": "Baku Steel Works Ltd",
        "country": "AZE",
        "offered_code": ["7214.20", ""],
        "offered_description": ["rebar", ""],
        "contact_name": "",
        "contact_role": "",
        "contact_email": "",
        "contact_phone": "",
        "contact_public": "no",
    }
    warned = staff.post("/registry/organisations/new", data=data)
    assert warned.status_code == 409 and f'href="/registry/organisations/{steel}"' in warned.text
    saved = staff.post("/registry/organisations/new", data={**data, "confirm_duplicates": "yes"})
    assert saved.status_code == 303
    new_page = staff.get(saved.headers["location"])
    assert "721420" in new_page.text and "rebar" in new_page.text
    invalid = staff.post(
        "/registry/organisations/new", data={**data, "country": "", "name_en": "Other"}
    )
    assert invalid.status_code == 400 and 'aria-invalid="true"' in invalid.text
    assert "<b>Ölkə</b>: required" in invalid.text  # the field as the form names it
    uncoded = {**data, "offered_code": ["721420", ""], "offered_description": ["rebar", "wire"]}
    refused = staff.post("/registry/organisations/new", data=uncoded)
    assert refused.status_code == 400 and "no HS6 code for &#39;wire&#39;" in refused.text
    assert 'href="/hs-suggest?q=wire&amp;lang=az"' in refused.text  # kept, with its suggestion link
    company = world.client("company")
    assert company.get(f"/registry/organisations/{kend}").status_code == 200
    assert company.get(f"/registry/organisations/{steel}").status_code == 403
    assert company.get(f"/registry/organisations/{steel}/edit").status_code == 403
    edit = company.get(f"/registry/organisations/{kend}/edit")
    assert edit.status_code == 200 and 'name="status"' not in edit.text
    changed = company.post(
        f"/registry/organisations/{steel}/edit",
        data={"csrf_token": _csrf(edit.text), "kind": "buyer"},
    )
    assert changed.status_code == 403
    assert world.client("viewer").get(f"/registry/organisations/{kend}/edit").status_code == 403


def test_a_company_user_edits_its_own_organisation_in_the_form(world):
    kend = world.kend
    company = world.client("company")
    values = form_values(company.get(f"/registry/organisations/{kend}/edit").text)
    assert values["name_en"] == ["Kend Apricots"] and "brand" not in values
    assert values["contact_name"] == ["Aysel", "Hidden Person", ""]
    values["city"] = ["Ordubad"]
    values["description_en"] = ["Sun-dried apricots"]
    saved = company.post(f"/registry/organisations/{kend}/edit", data=values)
    assert saved.status_code == 303, saved.text
    data = company.get(f"/api/v1/organisations/{kend}").json()
    assert (data["city"], data["description_en"]) == ("Ordubad", "Sun-dried apricots")
    # the agency's fields are kept as they were, and both contacts with their consent
    assert (data["status"], data["brand"]) == ("verified", "Made in Azerbaijan")
    assert [(c["name"], c["public"]) for c in data["contacts"]] == [
        ("Aysel", True),
        ("Hidden Person", False),
    ]
    assert world.client("viewer").get(f"/registry/organisations/{kend}").status_code == 200
    viewer = world.client("viewer")
    refused = viewer.post(
        f"/registry/organisations/{kend}/edit", data={**values, "csrf_token": world.csrf(viewer)}
    )
    assert refused.status_code == 403


def test_a_staff_member_responsible_that_is_not_a_number_is_refused(world):
    staff = world.client("staff")
    values = form_values(staff.get(f"/registry/organisations/{world.kend}/edit").text)
    refused = staff.post(
        f"/registry/organisations/{world.kend}/edit", data={**values, "responsible_id": "Aysel"}
    )
    assert refused.status_code == 400 and "not a whole number: &#39;Aysel&#39;" in refused.text


def test_company_tokens_reach_only_their_own_organisation(world):
    kend, steel = world.kend, world.steel
    api = world.anonymous()
    read = {"Authorization": f"Bearer {world.token('company', 'read')}"}
    write = {"Authorization": f"Bearer {world.token('company', 'write')}"}
    assert api.get(f"/api/v1/organisations/{kend}", headers=read).status_code == 200
    assert api.get(f"/api/v1/organisations/{steel}", headers=read).status_code == 403
    listed = api.get("/api/v1/organisations", headers=read).json()["rows"]
    assert [r["id"] for r in listed] == [kend]
    change = {"city": "Julfa"}
    assert api.patch(f"/api/v1/organisations/{kend}", json=change, headers=read).status_code == 403
    done = api.patch(f"/api/v1/organisations/{kend}", json=change, headers=write)
    assert done.status_code == 200 and done.json()["city"] == "Julfa"
    other = api.patch(f"/api/v1/organisations/{steel}", json=change, headers=write)
    assert other.status_code == 403
    viewer = {"Authorization": f"Bearer {world.token('viewer', 'write')}"}
    assert api.get(f"/api/v1/organisations/{steel}", headers=viewer).status_code == 200
    assert (
        api.patch(f"/api/v1/organisations/{steel}", json=change, headers=viewer).status_code == 403
    )


def test_import_page_lists_rejects(world):
    staff = world.client("staff")
    form = staff.get("/registry/import")
    text = "kind,name_en,country\nbuyer,Fruit Importer,RUS\ninvestor,No Country,\n"
    done = staff.post(
        "/registry/import",
        data={"csrf_token": _csrf(form.text), "skip_invalid": "yes"},
        files={"file": ("orgs.csv", io.BytesIO(text.encode()), "text/csv")},
    )
    assert done.status_code == 200
    assert "rows read 2 = stored 1 + rejected 1" in done.text.replace("&nbsp;", " ")
    assert ">3<" in done.text and "required" in done.text
    exported = staff.get("/registry/export.xlsx", params={"country": "RUS"})
    assert exported.headers["content-type"].startswith("application/vnd.openxmlformats")


def test_catalogue_shows_members_and_only_consented_contacts(world):
    kend, steel = world.kend, world.steel
    public = world.anonymous()
    listing = public.get("/catalogue")
    assert listing.status_code == 200
    assert "Kend Apricots" in listing.text and "Baku Steel Works" not in listing.text
    member = public.get(f"/catalogue/{kend}")
    assert "aysel@example.az" in member.text and "hidden@example.az" not in member.text
    assert "/product/081310?country=AZE" in member.text
    assert "/markets/AZE?sector=fresh_fruit_vegetables" in member.text
    data = public.get(f"/catalogue/{kend}.json").json()
    assert [c["name"] for c in data["organisation"]["contacts"]] == ["Aysel"]
    assert "ref" not in data["organisation"]
    assert public.get(f"/catalogue/{steel}").status_code == 404
    found = public.get("/catalogue/results", params={"q": "ərik"}, headers={"HX-Request": "1"})
    assert "Kend Apricots" in found.text and "<html" not in found.text
    assert "Kend Apricots" not in public.get("/catalogue", params={"q": "steel"}).text
    by_sector = public.get("/catalogue", params={"sector": "steel"})
    assert "Kend Apricots" not in by_sector.text


HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>'; DROP TABLE users;--"


def test_hostile_text_is_inert_in_pages(world):
    staff, headers = _api(world, "staff")
    body = {
        **KEND,
        "name_en": HOSTILE,
        "name_az": HOSTILE + " az",
        "city": HOSTILE,
        "description_en": HOSTILE,
        "contacts": [{"name": HOSTILE, "role": HOSTILE, "public": True}],
        "products_offered": [{"code": "081310", "description": HOSTILE}],
    }
    done = staff.post(
        "/api/v1/organisations", json=body, params={"confirm_duplicates": "true"}, headers=headers
    )
    assert done.status_code == 201
    created = done.json()
    assert created["name_en"] == HOSTILE  # stored as text
    for url in (
        f"/registry/organisations/{created['id']}",
        f"/catalogue/{created['id']}",
        "/registry",
    ):
        html = staff.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


INJECTIONS = (
    "'; DROP TABLE organisations; --",
    "<script>window.__x=1</script>",
    '<img src=x onerror="window.__x=2">',
    "{{7*7}}",
)
HOSTILE_TEXT = " ".join(INJECTIONS)
# every free-text field (e-mail and phone are checked for their shape, so they hold no text)
TEXT_FIELDS = (
    "name_en",
    "name_az",
    "name_ru",
    "city",
    "description_en",
    "description_az",
    "description_ru",
    "brand",
    "ref",
)


def hostile_body(tag: str) -> dict:
    """An organisation whose every text field holds ``HOSTILE_TEXT`` (named by field)."""
    body = {**KEND, **{name: f"{tag} {name} {HOSTILE_TEXT}" for name in TEXT_FIELDS}}
    body["products_offered"] = [{"code": "081310", "description": f"{tag} {HOSTILE_TEXT}"}]
    body["contacts"] = [
        {"name": f"{tag} {HOSTILE_TEXT}", "role": f"{tag} role {HOSTILE_TEXT}", "public": True}
    ]
    return body


def _stored_text(data: dict) -> dict:
    fields = {name: data[name] for name in TEXT_FIELDS}
    fields["product"] = data["products_offered"][0]["description"]
    fields["contact"] = (data["contacts"][0]["name"], data["contacts"][0]["role"])
    return fields


def test_hostile_text_is_stored_as_text_through_the_api_and_the_form(world):
    staff, headers = _api(world, "staff")
    body = hostile_body("api")
    done = staff.post(
        "/api/v1/organisations", json=body, params={"confirm_duplicates": "true"}, headers=headers
    )
    assert done.status_code == 201, done.text
    read = staff.get(f"/api/v1/organisations/{done.json()['id']}").json()
    assert _stored_text(read) == _stored_text(body)
    # the same through the form, as a browser submits it
    values = form_values(staff.get("/registry/organisations/new").text)
    form = hostile_body("form")
    values.update({name: [form[name]] for name in TEXT_FIELDS})
    values.update(kind=["exporter"], country=["AZE"], status=["verified"])
    values.update(
        offered_code=["081310"], offered_description=[form["products_offered"][0]["description"]]
    )
    values.update(
        contact_name=[form["contacts"][0]["name"]], contact_role=[form["contacts"][0]["role"]]
    )
    values.update(contact_public=["yes"], confirm_duplicates=["yes"])
    saved = staff.post("/registry/organisations/new", data=values)
    assert saved.status_code == 303, saved.text
    ident = int(saved.headers["location"].split("?")[0].rsplit("/", 1)[1])
    read = staff.get(f"/api/v1/organisations/{ident}").json()
    assert _stored_text(read) == _stored_text(form)
    page = staff.get(f"/registry/organisations/{ident}").text
    assert "<script>window.__x=1</script>" not in page and "&lt;script&gt;" in page
    assert "{{7*7}}" in page  # shown as typed, never evaluated
    with world.database.session() as session:  # the table the text names is still there
        from sqlalchemy import text

        assert session.scalar(text("SELECT count(*) FROM organisations")) == 4


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_with_every_contact_imports_back_the_same(world, fmt):
    staff, headers = _api(world, "staff")
    third = {"name": "Rauf", "role": "Export manager", "phone": "+994 12 555 0101"}
    contacts = [*KEND["contacts"], {**third, "public": True}]
    done = staff.patch(
        f"/api/v1/organisations/{world.kend}", json={"contacts": contacts}, headers=headers
    )
    assert done.status_code == 200, done.text
    listed = staff.get("/api/v1/organisations").json()["rows"]
    exported = staff.get("/api/v1/organisations", params={"format": fmt})
    assert exported.status_code == 200
    if fmt == "csv":
        header = exported.text.splitlines()[0].split(",")
        assert header[18:33] == [
            f"contact{n}_{part}"
            for n in ("", "2", "3")
            for part in ("name", "role", "email", "phone", "public")
        ]
        template = staff.get("/api/v1/organisations/template", params={"format": "csv"}).text
        assert (
            header[:18] + header[33:]
            == template.strip().split(",")[:18] + template.strip().split(",")[23:]
        )
    files = {"file": (f"back.{fmt}", io.BytesIO(exported.content), "application/octet-stream")}
    report = staff.post("/api/v1/organisations/import", files=files, headers=headers).json()
    assert (report["rows_read"], report["rows_stored"]) == (2, 2), report
    again = staff.get("/api/v1/organisations", params={"per_page": 10}).json()["rows"]
    copies = [r for r in again if r["id"] not in {o["id"] for o in listed}]

    def content(row):
        return {k: v for k, v in row.items() if k not in ("id", "created_at", "updated_at")}

    assert sorted(map(content, copies), key=str) == sorted(map(content, listed), key=str)
    kend = next(r for r in copies if r["name_en"] == "Kend Apricots")
    assert [c["name"] for c in kend["contacts"]] == ["Aysel", "Hidden Person", "Rauf"]
    assert [c["public"] for c in kend["contacts"]] == [True, False, True]
