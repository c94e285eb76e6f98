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
