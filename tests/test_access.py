"""The authorisation matrix: every route of the app × every kind of caller → the outcome the
route's declared policy promises (expectations written out by hand below, not computed by the
code under test). A route without a declared policy fails here (and stops the app starting)."""

from __future__ import annotations

import re

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
# routes about one organisation that a company user may call for its own organisation only:
# the matrix's company user represents none, so it is refused there
OWN_ORGANISATION = {
    "/api/v1/organisations/{organisation_id}/matches",
    "/registry/organisations/{organisation_id}/matches",
    "/registry/organisations/{organisation_id}/matches.json",
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


def _calls(app) -> list[tuple[str, str, str]]:
    """(method, url, policy) for every route; log-out and then log-in last, since they end
    and start a session (and a log-in renews the CSRF value)."""
    calls = []
    for route in api_routes(app):
        [access] = declared_policies(route)
        for method in sorted(route.methods - {"HEAD"}):
            own = re.sub(r":\w+}", "}", route.path) in OWN_ORGANISATION
            calls.append((method, _url(route.path), access.value + (" own" if own else "")))
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
    for method, url, access in _calls(world.app):
        own = caller if caller in ("viewer", "company", "staff", "admin") else "viewer"
        body = {"email": f"{own}@example.org", "password": PASSWORD} if url == "/login" else None
        if method in UNSAFE and url.startswith("/api/"):
            response = client.request(method, url, json={}, headers=headers)
        else:
            response = client.request(method, url, data=body, headers=headers)
        assert response.status_code < 500, (method, url, response.text[:300])
        access, _, own_only = access.partition(" ")
        expected = EXPECTED[access][caller]
        if own_only and caller == "company":
            expected = DENIED
        if caller == "token read" and method in UNSAFE and access != "public":
            expected = DENIED
        if _outcome(response, url) != expected:
            wrong.append(f"{method} {url} [{access}]: {response.status_code}, not {expected}")
    assert wrong == []
