"""Schemathesis runs the OpenAPI schema against the app in-process on the tiny world: no 5xx
for any generated request, and every response conforms to the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance


@pytest.fixture(scope="module")
def api_schema(tiny_warehouse):
    from tradebridge.web.app import create_app
    from tradebridge.web.settings import Settings

    app = create_app(Settings(home=tiny_warehouse.path))
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


def test_api_never_fails_and_keeps_its_schema(api_schema):
    """Every operation, with generated parameters (valid and invalid)."""
    checks = [not_a_server_error, response_schema_conformance, status_code_conformance]
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(checks=checks)

        run()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_accounts_api_with_a_signed_in_admin(accounts_app):
    """The accounts operations called as an admin (a fresh write token each time, the admin
    restored first, since a generated call may demote, disable or revoke it)."""
    from tradebridge.accounts.users import get_user

    schema = schemathesis.openapi.from_asgi("/api/openapi.json", accounts_app.app)
    checks = [not_a_server_error, response_schema_conformance, status_code_conformance]
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if "accounts" in (result.ok().tags or [])
    ]
    assert len(operations) >= 8
    seen: set[int] = set()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            with accounts_app.database.transaction(actor="test") as session:
                admin = get_user(session, "admin@example.org")
                admin.role, admin.disabled, admin.organisation_id = "admin", False, None
            secret = accounts_app.token("admin", "write")
            response = case.call_and_validate(
                headers={"Authorization": f"Bearer {secret}"}, checks=checks
            )
            seen.add(response.status_code)

        run()
    assert {200, 201} <= seen


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_organisations_api_with_a_signed_in_staff_member(accounts_app):
    """The registry operations called as a staff member with a write token (a bounded number
    of generated cases each): no 5xx, every answer in the schema."""
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", accounts_app.app)
    checks = [not_a_server_error, response_schema_conformance, status_code_conformance]
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if "organisations" in (result.ok().tags or [])
    ]
    assert len(operations) == 7
    secret = accounts_app.token("staff", "write")
    seen: set[int] = set()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=10,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call_and_validate(
                headers={"Authorization": f"Bearer {secret}"}, checks=checks
            )
            seen.add(response.status_code)

        run()
    assert 200 in seen and seen & {400, 422}
