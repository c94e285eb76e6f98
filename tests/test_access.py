"""The authorisation matrix: every route of the app × every kind of caller → the outcome the
route's declared policy promises (expectations written out by hand below, not computed by the
code under test). A route without a declared policy fails here (and stops the app starting)."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, FastAPI

from tradebridge.web.auth import api_routes, check_policies, declared_policies, policy
from web_fixtures import PASSWORD, make_world

OK, SIGN_IN, DENIED = "allowed", "sign in", "403"
CALLERS = ["anonymous", "viewer", "company", "staff", "admin", "token read", "token write"]
# who may call a route of each policy (tokens are the admin's: their scope is what differs)
EXPECTED = {
    "public": dict.fromkeys(CALLERS, OK),
    "signed_in": {**dict.fromkeys(CALLERS, OK), "anonymous": SIGN_IN},
    "viewer": {
        "anonymous": SIGN_IN,
        "viewer": OK,
        "company": DENIED,
        "staff": OK,
        "admin": OK,
        "token read": OK,
        "token write": OK,
    },
    "company": {
        "anonymous": SIGN_IN,
        "viewer": DENIED,
        "company": OK,
        "staff": OK,
        "admin": OK,
        "token read": OK,
        "token write": OK,
    },
    "staff": {
        "anonymous": SIGN_IN,
        "viewer": DENIED,
        "company": DENIED,
        "staff": OK,
        "admin": OK,
        "token read": OK,
        "token write": OK,
    },
    "admin": {
        "anonymous": SIGN_IN,
        "viewer": DENIED,
        "company": DENIED,
        "staff": DENIED,
        "admin": OK,
        "token read": OK,
        "token write": OK,
    },
}
# the registry's routes and the policy each must declare (written out by hand)
REGISTRY_ROUTES = {
    ("GET", "/registry"): "signed_in",
    ("GET", "/registry.json"): "signed_in",
    ("GET", "/registry/export.{fmt}"): "signed_in",
    ("GET", "/registry/template.{fmt}"): "public",
    ("GET", "/registry/import"): "staff",
    ("POST", "/registry/import"): "staff",
    ("GET", "/registry/organisations/new"): "staff",
    ("POST", "/registry/organisations/new"): "staff",
    ("GET", "/registry/organisations/{organisation_id:int}"): "signed_in",
    ("GET", "/registry/organisations/{organisation_id:int}.json"): "signed_in",
    ("GET", "/registry/organisations/{organisation_id:int}/edit"): "company",
    ("POST", "/registry/organisations/{organisation_id:int}/edit"): "company",
    ("POST", "/registry/organisations/{organisation_id:int}/archive"): "staff",
    ("GET", "/catalogue"): "public",
    ("GET", "/catalogue.json"): "public",
    ("GET", "/catalogue/results"): "public",
    ("GET", "/catalogue/{organisation_id:int}"): "public",
    ("GET", "/catalogue/{organisation_id:int}.json"): "public",
    ("GET", "/api/v1/organisations"): "signed_in",
    ("POST", "/api/v1/organisations"): "staff",
    ("GET", "/api/v1/organisations/template"): "public",
    ("POST", "/api/v1/organisations/import"): "staff",
    ("GET", "/api/v1/organisations/{organisation_id}"): "signed_in",
    ("PATCH", "/api/v1/organisations/{organisation_id}"): "company",
    ("POST", "/api/v1/organisations/{organisation_id}/archive"): "staff",
    ("GET", "/registry/organisations/{organisation_id:int}/matches"): "signed_in",
    ("GET", "/registry/organisations/{organisation_id:int}/matches.json"): "signed_in",
    ("GET", "/api/v1/organisations/{organisation_id}/matches"): "signed_in",
}
# the schedule's edits, the table plans, the printed agendas, the suggested counterparts and
# the registrations, decisions and requests sent in one batch
EVENT_DOCUMENT_ROUTES = {
    ("GET", "/events/{event_id}/schedule"): "staff",
    ("POST", "/events/{event_id}/schedule/run"): "staff",
    ("POST", "/events/{event_id}/schedule/publish"): "staff",
    ("POST", "/events/{event_id}/schedule/meetings"): "staff",
    ("POST", "/events/{event_id}/schedule/meetings/{meeting_id}/move"): "staff",
    ("POST", "/events/{event_id}/schedule/meetings/{meeting_id}/cancel"): "staff",
    ("POST", "/api/v1/events/{event_id}/schedule/meetings"): "staff",
    ("PATCH", "/api/v1/events/{event_id}/schedule/meetings/{meeting_id}"): "staff",
    ("DELETE", "/api/v1/events/{event_id}/schedule/meetings/{meeting_id}"): "staff",
    ("GET", "/events/{event_id}/participants/{participant_id}/agenda.pdf"): "company",
    ("GET", "/events/{event_id}/agendas.zip"): "viewer",
    ("GET", "/events/{event_id}/table-plan"): "viewer",
    ("GET", "/events/{event_id}/table-plan.json"): "viewer",
    ("GET", "/events/{event_id}/table-plan.pdf"): "viewer",
    ("GET", "/events/{event_id}/participants/{participant_id}/suggestions"): "company",
    ("GET", "/events/{event_id}/participants/{participant_id}/suggestions.json"): "company",
    ("GET", "/api/v1/events/{event_id}/participants/{participant_id}/suggestions"): "company",
    ("POST", "/api/v1/events/{event_id}/requests/batch"): "company",
    ("POST", "/api/v1/events/{event_id}/participants/batch"): "company",
    ("POST", "/api/v1/events/{event_id}/participants/decisions"): "staff",
}
# the day of an event and its outcomes: the routes and the policy each must declare
DAY_AND_OUTCOME_ROUTES = {
    ("GET", "/events/{event_id}/day"): "signed_in",
    ("GET", "/events/{event_id}/day.json"): "signed_in",
    ("GET", "/events/{event_id}/outcomes.json"): "signed_in",
    ("GET", "/follow-ups.json"): "viewer",
    ("POST", "/events/{event_id}/participants/{participant_id}/check-in"): "staff",
    ("POST", "/events/{event_id}/meetings/{meeting_id}/attendance"): "company",
    ("POST", "/events/{event_id}/walk-ins"): "staff",
    ("GET", "/events/{event_id}/outcomes"): "signed_in",
    ("GET", "/events/{event_id}/meetings/{meeting_id}/outcome"): "company",
    ("POST", "/events/{event_id}/meetings/{meeting_id}/outcome"): "company",
    ("POST", "/events/{event_id}/mission-results"): "staff",
    ("POST", "/events/{event_id}/leads/{lead_id}/delete"): "staff",
    ("GET", "/follow-ups"): "viewer",
    ("POST", "/follow-ups/{follow_up_id}/done"): "staff",
    ("GET", "/api/v1/events/leads"): "signed_in",
    ("GET", "/api/v1/events/follow-ups"): "viewer",
    ("POST", "/api/v1/events/follow-ups/{follow_up_id}/done"): "staff",
    ("GET", "/api/v1/events/{event_id}/day"): "signed_in",
    ("POST", "/api/v1/events/{event_id}/participants/{participant_id}/check-in"): "staff",
    ("POST", "/api/v1/events/{event_id}/meetings/{meeting_id}/attendance"): "company",
    ("POST", "/api/v1/events/{event_id}/walk-ins"): "staff",
    ("GET", "/api/v1/events/{event_id}/outcomes"): "signed_in",
    ("PUT", "/api/v1/events/{event_id}/meetings/{meeting_id}/outcomes/{participant_id}"): "company",
    ("GET", "/api/v1/events/{event_id}/mission-results"): "signed_in",
    ("POST", "/api/v1/events/{event_id}/mission-results"): "staff",
    ("GET", "/api/v1/events/{event_id}/leads"): "signed_in",
    ("DELETE", "/api/v1/events/{event_id}/leads/{lead_id}"): "staff",
}
# routes on one organisation: a company user reaches only its own, and the matrix's record
# (999999) is not its own, so it is refused there whatever the policy lets through
OWN_ORGANISATION = {
    ("GET", "/registry/organisations/{organisation_id:int}"),
    ("GET", "/registry/organisations/{organisation_id:int}.json"),
    ("GET", "/registry/organisations/{organisation_id:int}/edit"),
    ("POST", "/registry/organisations/{organisation_id:int}/edit"),
    ("GET", "/api/v1/organisations/{organisation_id}"),
    ("PATCH", "/api/v1/organisations/{organisation_id}"),
    ("GET", "/registry/organisations/{organisation_id:int}/matches"),
    ("GET", "/registry/organisations/{organisation_id:int}/matches.json"),
    ("GET", "/api/v1/organisations/{organisation_id}/matches"),
}
REGISTRY_PREFIXES = ("/registry", "/catalogue", "/api/v1/organisations")
# the events' results and the reports' downloads, and the policy each must declare
REPORT_ROUTES = {
    ("GET", "/"): "public",  # staff see their projects there; others the published statistics
    ("GET", "/events/kpis"): "viewer",
    ("GET", "/events/kpis.json"): "viewer",
    ("GET", "/events/kpis.{fmt}"): "viewer",
    ("GET", "/events/markets"): "viewer",
    ("GET", "/events/markets.json"): "viewer",
    ("GET", "/investment/report"): "staff",
    ("GET", "/investment/report.{fmt}"): "staff",
}
SAMPLES = {"country": "AZE", "partner": "RUS", "product": "080810", "fmt": "html"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _url(path: str) -> str:
    for name, value in SAMPLES.items():
        path = path.replace("{" + name + "}", value)
    while "{" in path:  # record numbers: one that does not exist, so nothing is changed
        start = path.index("{")
        path = path[:start] + "999999" + path[path.index("}", start) + 1 :]
    return path


def _calls(app) -> list[tuple[str, str, str, str]]:
    """(method, url, policy, path) for every route; log-out and then log-in last, since they end
    and start a session (and a log-in renews the CSRF value)."""
    calls = []
    for route in api_routes(app):
        [access] = declared_policies(route)
        for method in sorted(route.methods - {"HEAD"}):
            calls.append((method, _url(route.path), access.value, route.path))
    last = {("POST", "/logout"): 1, ("POST", "/login"): 2}
    return sorted(calls, key=lambda c: (last.get(c[:2], 0), c[1], c[0]))


def _outcome(response, url: str) -> str:
    if response.status_code == 403:
        return DENIED
    if response.status_code == 401:
        return SIGN_IN
    if response.status_code == 303 and response.headers["location"].startswith("/login?"):
        return SIGN_IN
    return OK


def test_every_route_declares_exactly_one_policy(accounts_app) -> None:
    routes = api_routes(accounts_app.app)
    assert len(routes) >= 50
    assert [r.path for r in routes if len(declared_policies(r)) != 1] == []


def test_an_app_with_an_undeclared_route_does_not_start() -> None:
    app = FastAPI()
    router = APIRouter()
    router.add_api_route("/declared", lambda: None, dependencies=[policy("public")])
    router.add_api_route("/forgotten", lambda: None)
    app.include_router(router)
    with pytest.raises(RuntimeError, match="forgotten"):
        check_policies(app)


def test_registry_routes_declare_the_expected_policy(accounts_app) -> None:
    declared = {
        (method, route.path): declared_policies(route)[0].value
        for route in api_routes(accounts_app.app)
        if route.path.startswith(REGISTRY_PREFIXES)
        for method in route.methods - {"HEAD"}
    }
    assert declared == REGISTRY_ROUTES


def test_event_document_routes_declare_the_expected_policy(accounts_app) -> None:
    declared = {
        (method, route.path): declared_policies(route)[0].value
        for route in api_routes(accounts_app.app)
        for method in route.methods - {"HEAD"}
        if (method, route.path) in EVENT_DOCUMENT_ROUTES
    }
    assert declared == EVENT_DOCUMENT_ROUTES


def test_report_routes_declare_the_expected_policy(accounts_app) -> None:
    declared = {
        (method, route.path): declared_policies(route)[0].value
        for route in api_routes(accounts_app.app)
        for method in route.methods - {"HEAD"}
        if (method, route.path) in REPORT_ROUTES
    }
    assert declared == REPORT_ROUTES


@pytest.fixture(scope="module")
def matrix_app(sqlite_template, tiny_warehouse, tmp_path_factory):
    """One app for every caller (so each analytic is computed once), on a SQLite copy: access
    is decided before any query, the same on both databases."""
    import shutil

    path = tmp_path_factory.mktemp("matrix") / "db.sqlite3"
    shutil.copyfile(sqlite_template, path)
    world = make_world(f"sqlite:///{path}", tiny_warehouse.path)
    yield world
    world.close()


@pytest.mark.parametrize("caller", CALLERS)
def test_the_authorisation_matrix(matrix_app, caller: str) -> None:
    world = matrix_app
    if caller.startswith("token"):
        client = world.anonymous()
        secret = world.token("admin", caller.split()[1])
        headers = {"Authorization": f"Bearer {secret}"}
    else:
        client = world.client(None if caller == "anonymous" else caller)
        headers = {"X-CSRF-Token": world.csrf(client)}
    wrong = []
    for method, url, access, path in _calls(world.app):
        own = caller if caller in ("viewer", "company", "staff", "admin") else "viewer"
        body = {"email": f"{own}@example.org", "password": PASSWORD} if url == "/login" else None
        if method in UNSAFE and url.startswith("/api/"):
            response = client.request(method, url, json={}, headers=headers)
        else:
            response = client.request(method, url, data=body, headers=headers)
        assert response.status_code < 500, (method, url, response.text[:300])
        expected = EXPECTED[access][caller]
        if caller == "token read" and method in UNSAFE and access != "public":
            expected = DENIED
        if caller == "company" and (method, path) in OWN_ORGANISATION:
            expected = DENIED
        if _outcome(response, url) != expected:
            wrong.append(f"{method} {url} [{access}]: {response.status_code}, not {expected}")
    assert wrong == []


def test_day_and_outcome_routes_declare_the_expected_policy(accounts_app) -> None:
    declared = {
        (method, route.path): declared_policies(route)[0].value
        for route in api_routes(accounts_app.app)
        for method in route.methods - {"HEAD"}
        if (method, route.path) in DAY_AND_OUTCOME_ROUTES
        or "/day" in route.path
        or "outcome" in route.path
        or "follow-ups" in route.path
        or "walk-ins" in route.path
        or "leads" in route.path
        or "mission-results" in route.path
        or "check-in" in route.path
        or "attendance" in route.path
    }
    assert declared == DAY_AND_OUTCOME_ROUTES
