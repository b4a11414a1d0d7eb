"""Schema-driven fuzzing: schemathesis generates requests from our OpenAPI document, valid and
invalid, and sends them through the WSGI app. No response may be a server error."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from secretariat.accounts import services as account_services
from secretariat.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def keep_the_test_transaction_open():
    """Calling the WSGI app directly fires request_finished, whose close_old_connections
    would close the test's transaction on PostgreSQL; Django's own test client unhooks it too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def staff_key(world):
    return account_services.issue_api_token(
        actor=world.users["secretariat"], name="fuzz", scopes=["read", "write"], expires_in_days=1
    ).key


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_never_answers_with_a_server_error(case, staff_key):
    response = case.call(headers={"Authorization": f"Bearer {staff_key}"})
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:500]}"
    )
