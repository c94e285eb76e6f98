"""The investment pages: the board, a move (with CSRF) and an illegal one, the project page
and a contact recorded, a new project from the form, the report and its CSV, and what a company
user sees (its own projects only); on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from tradebridge.investment import services
from tradebridge.investment.models import InvestmentProject
from tradebridge.investment.project import ProjectInput
from tradebridge.registry import services as registry
from tradebridge.registry.record import OrganisationRecord


@pytest.fixture
def pipeline(accounts_app):
    """Two investors, a project each (one of them the company user's organisation)."""
    from tradebridge.accounts.models import User

    with accounts_app.database.transaction(actor="test") as session:
        volga = registry.create(session, OrganisationRecord("investor", "RUS", name_en="Volga"))
        anka = registry.create(session, OrganisationRecord("investor", "TUR", name_en="Anka"))
        session.get(User, accounts_app.users["company"]).organisation_id = volga.id
        ids = []
        for org, origin, amount in ((volga, "RUS", 3_000_000), (anka, "TUR", 1_000_000)):
            data = ProjectInput(
                title=f"Plant of {org.name_en}", investor_id=org.id, origin=origin,
                destination="AZE", planned_amount=Decimal(amount),
                next_action="call", next_action_due=date(2020, 1, 1),
            )  # fmt: skip
            ids.append(services.create(session, data).id)
    return ids


def test_the_board_shows_every_stage_and_moves_a_card(accounts_app, pipeline):
    staff = accounts_app.client("staff")
    board = staff.get("/investment?lang=en")
    assert board.status_code == 200
    assert "Plant of Volga" in board.text and "Site visit" in board.text
    assert "Next actions overdue" in board.text  # both are due since 2020
    token = accounts_app.csrf(staff)
    moved = staff.post(f"/investment/{pipeline[0]}/move", data={"stage": "qualified",
                       "csrf_token": token})  # fmt: skip
    assert moved.status_code == 303
    refused = staff.post(f"/investment/{pipeline[0]}/move", data={"stage": "lead",
                         "csrf_token": token})  # fmt: skip
    assert refused.status_code == 409 and "needs a note" in refused.text
    unsigned = staff.post(f"/investment/{pipeline[0]}/move", data={"stage": "mou"})
    assert unsigned.status_code == 403
    with accounts_app.database.session() as session:
        assert session.get(InvestmentProject, pipeline[0]).stage == "qualified"


def test_project_page_contacts_and_a_new_project(accounts_app, pipeline):
    staff = accounts_app.client("staff")
    token = accounts_app.csrf(staff)
    done = staff.post(f"/investment/{pipeline[1]}/interactions", data={
        "kind": "call", "held_on": "2024-05-02", "notes": "asked for the land offer",
        "csrf_token": token})  # fmt: skip
    assert done.status_code == 303
    shown = staff.get(f"/investment/{pipeline[1]}?lang=ru")
    assert shown.status_code == 200 and "asked for the land offer" in shown.text
    assert "Звонок" in shown.text  # the kind of contact, in Russian
    form = {"title": "Warehouse in Alat", "investor_id": "1", "origin": "Russia",
            "destination": "AZE", "kind": "expansion", "currency": "usd",
            "planned_amount": "2,500,000", "csrf_token": token}  # fmt: skip
    created = staff.post("/investment/new", data=form)
    assert created.status_code == 303
    with accounts_app.database.session() as session:
        project = session.get(InvestmentProject, int(created.headers["location"].split("/")[-1]))
        assert (project.origin, project.planned_usd) == ("RUS", Decimal("2500000.00"))
    bad = staff.post("/investment/new", data={**form, "destination": "RUS"})
    assert bad.status_code == 400 and "the same country as the origin" in bad.text


def test_the_report_and_its_downloads(accounts_app, pipeline):
    from openpyxl import load_workbook

    staff = accounts_app.client("staff")
    page = staff.get("/investment/report?a=TUR&b=AZE&lang=en")
    assert page.status_code == 200 and "TUR → AZE" in page.text and "AZE → TUR" in page.text
    assert "/investment/report.pdf?a=TUR&amp;b=AZE" in page.text
    rows = list(csv.DictReader(io.StringIO(staff.get("/investment/report.csv").text)))
    lead = next(r for r in rows if r["stage"] == "lead")
    # both projects are leads: US$ 4 M planned, weighted at 5 % = US$ 200,000
    assert (lead["at_stage"], lead["planned_usd"], lead["weighted_usd"]) == (
        "2", "4000000.00", "200000.00",
    )  # fmt: skip
    assert staff.get("/investment/report?a=TUR").status_code == 400
    book = load_workbook(io.BytesIO(staff.get("/investment/report.xlsx?a=TUR&b=AZE").content))
    assert book.sheetnames == ["stages", "realised_by_year", "by_origin", "by_sector"]
    first = [c.value for c in book["stages"][2]]  # TUR → AZE: Anka's US$ 1 M lead, 5 %
    assert first[:5] == ["TUR → AZE", "lead", 1, 1_000_000, 50_000]
    origins = list(
        csv.DictReader(io.StringIO(staff.get("/investment/report.csv?table=by_origin").text))
    )
    assert {(r["origin"], r["planned_usd"]) for r in origins} == {
        ("RUS", "3000000.00"), ("TUR", "1000000.00")}  # fmt: skip
    pdf = staff.get("/investment/report.pdf?a=TUR&b=AZE&lang=ru")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"] == 'attachment; filename="investment-pipeline.pdf"'
    assert staff.get("/investment/report.docx").status_code == 400
    assert accounts_app.client("company").get("/investment/report.pdf").status_code == 403


def test_staff_see_their_projects_and_overdue_actions_at_home(accounts_app, pipeline):
    from tradebridge.accounts.models import User

    with accounts_app.database.transaction(actor="test") as session:
        mine = session.get(InvestmentProject, pipeline[0])
        mine.manager_id = accounts_app.users["staff"]
        staff_user = session.get(User, accounts_app.users["staff"])
        data = ProjectInput(title="Hotel in Gabala", investor_id=mine.investor_id, origin="RUS",
                            destination="AZE", manager_id=staff_user.id)  # fmt: skip
        services.create(session, data)
    home = accounts_app.client("staff").get("/?lang=en")
    assert home.status_code == 200
    mine_part = home.text.split('id="my-projects"')[1].split('id="overdue-actions"')[0]
    assert "Plant of Volga" in mine_part and "Hotel in Gabala" in mine_part
    assert "Plant of Anka" not in mine_part  # nobody's project
    late = home.text.split('id="overdue-actions"')[1].split("</section>")[0]
    assert "Plant of Volga" in late and "2020-01-01" in late and "Hotel in Gabala" not in late
    assert 'id="my-projects"' not in accounts_app.client("viewer").get("/").text
    assert 'id="my-projects"' not in accounts_app.client(None).get("/").text


def test_a_company_sees_only_its_own_projects(accounts_app, pipeline):
    company = accounts_app.client("company")
    mine = company.get("/investment/mine")
    assert mine.status_code == 200
    assert "Plant of Volga" in mine.text and "Plant of Anka" not in mine.text
    assert "3" not in mine.text.split("Plant of Volga")[1].split("</tr>")[0]  # no amounts
    for url in ("/investment", f"/investment/{pipeline[0]}", "/investment/report"):
        assert company.get(url).status_code == 403
    assert accounts_app.client("viewer").get("/investment").status_code == 403


def test_attachments_are_checked_by_content_and_served_only_to_staff(accounts_app, pipeline):
    from tradebridge.investment.attachments import MAX_BYTES

    staff = accounts_app.client("staff")
    token = accounts_app.csrf(staff)
    url = f"/investment/{pipeline[0]}/interactions"
    form = {"kind": "meeting", "held_on": "2024-06-01", "csrf_token": token}
    pdf = b"%PDF-1.4\n% minutes of the meeting\n%%EOF\n"
    done = staff.post(url, data=form, files={"file": ("minutes.pdf", pdf, "application/pdf")})
    assert done.status_code == 303
    shown = staff.get(f"/investment/{pipeline[0]}")
    link = shown.text.split('href="/investment/attachments/')[1].split('"')[0]
    served = staff.get(f"/investment/attachments/{link}")
    assert served.status_code == 200 and served.content == pdf
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["content-disposition"].startswith("attachment")
    assert served.headers["x-content-type-options"] == "nosniff"
    assert accounts_app.client("company").get(f"/investment/attachments/{link}").status_code == 403
    refused = [
        ("setup.pdf", b"MZ\x90\x00 a Windows program", "not a file of an accepted kind"),
        ("page.txt", b"<html><script>alert(1)</script></html>", "not a file of an accepted"),
        ("minutes.docx", pdf, "the content is application/pdf, but the name ends in .docx"),
        ("huge.pdf", b"%PDF-" + b"0" * MAX_BYTES, "at most 10 MB"),
    ]
    for name, data, words in refused:
        answer = staff.post(url, data=form, files={"file": (name, data, "application/pdf")})
        assert answer.status_code == 400 and words in answer.text, name
    with accounts_app.database.session() as session:
        from sqlalchemy import func, select

        from tradebridge.investment.models import Attachment, Interaction

        assert session.scalar(select(func.count()).select_from(Attachment)) == 1
        assert session.scalar(select(func.count()).select_from(Interaction)) == 1


def test_the_form_is_filled_in_from_an_events_lead(accounts_app):
    from test_investment_browser import _lead

    ids = _lead(accounts_app)
    staff = accounts_app.client("staff")
    form = staff.get(f"/investment/new?lead={ids['lead']}&lang=en")
    assert form.status_code == 200
    # the investor is Volga Capital (the side that invests), from Russia into Azerbaijan
    assert f'<option value="{ids["volga"]}" selected>' in form.text
    for shown in ('name="origin" required value="RUS"', 'name="destination" required value="AZE"',
                  'value="processed_food_beverages"', 'value="200971"',
                  '<option value="event" selected>', "AZ-RU forum 2026 (lead #"):  # fmt: skip
        assert shown in form.text, shown
    assert staff.get("/investment/new?lead=999999").status_code == 404
    assert (
        accounts_app.client("company").get(f"/investment/new?lead={ids['lead']}").status_code == 403
    )
