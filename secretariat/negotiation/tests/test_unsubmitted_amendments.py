"""An amendment that never left its economy stays its economy's own in every state it can
reach: a draft withdrawn unsubmitted is not published to the forum (pages, API, map, audit)."""

import json

import pytest

from secretariat.core.models import AuditEntry
from secretariat.negotiation import services
from secretariat.negotiation.choices import AmendmentKind, AmendmentState
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import make_text

WORDING = "We will regulate frontier AI through binding treaties."
JUSTIFICATION = "Seoul's fallback, not for the other delegations."


def _draft(world, text):  # type: ignore[no-untyped-def]
    return services.propose_amendment(
        actor=world.users["delegate_a"],
        text=text,
        delegation=world.delegation_a,
        kind=AmendmentKind.REPLACE,
        eid="para_2",
        proposed_text=WORDING,
        justification=JUSTIFICATION,
    )


def _move(world, amendment, state: str):  # type: ignore[no-untyped-def]
    client = client_for("delegate_a", world)
    amendment.refresh_from_db()
    path = f"/negotiation/amendments/{amendment.pk}/state"
    response = call(client, "POST", path, {"state": state, "version": amendment.version})
    assert response.status_code == 200, response.content
    return response.json()


def _readable_by(role: str, world, text) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    client = client_for(role, world)
    pages = {
        "api": call(client, "GET", f"/negotiation/texts/{text.slug}/amendments"),
        "list page": client.get(f"/en/negotiation/{text.slug}/amendments/"),
        "dossier page": client.get(f"/en/negotiation/{text.slug}/paragraphs/para_2/"),
    }
    seen = {}
    for name, response in pages.items():
        assert response.status_code == 200, (name, response.status_code)
        body = response.content.decode()
        seen[name] = WORDING in body or JUSTIFICATION in body
    return seen


@pytest.mark.django_db
def test_a_draft_withdrawn_unsubmitted_stays_with_its_economy(world):
    text = make_text(world)
    amendment = _draft(world, text)
    assert _move(world, amendment, AmendmentState.WITHDRAWN)["state"] == "withdrawn"

    for role in ("delegate_b", "chair", "secretariat"):
        assert not any(_readable_by(role, world, text).values()), role
    assert all(_readable_by("delegate_a", world, text).values())
    amendment.refresh_from_db()
    assert amendment.submitted_at is None


@pytest.mark.django_db
def test_a_submitted_then_withdrawn_amendment_stays_shared(world):
    text = make_text(world)
    amendment = _draft(world, text)
    assert _move(world, amendment, AmendmentState.SUBMITTED)["submitted_at"]
    _move(world, amendment, AmendmentState.WITHDRAWN)
    assert all(_readable_by("delegate_b", world, text).values())


@pytest.mark.django_db
def test_the_audit_log_keeps_no_wording_of_an_unsubmitted_amendment(world):
    text = make_text(world)
    amendment = _draft(world, text)
    _move(world, amendment, AmendmentState.WITHDRAWN)
    entries = AuditEntry.objects.filter(object_type="negotiation.amendment")
    assert entries.count() == 2
    logged = json.dumps([e.changes for e in entries], ensure_ascii=False) + "".join(
        e.object_repr for e in entries
    )
    assert WORDING not in logged and JUSTIFICATION not in logged

    admin = client_for("secretariat", world)
    for entry in entries:
        page = admin.get(f"/admin/core/auditentry/{entry.pk}/change/")
        assert page.status_code == 200
        assert WORDING not in page.content.decode()


@pytest.mark.django_db
def test_the_migration_keeps_rows_withdrawn_unsubmitted_private(world):
    """Rows from before ``submitted_at``: the audit log tells which withdrawn ones were
    submitted; one without that evidence stays private."""
    import importlib

    from django.apps import apps

    from secretariat.negotiation.models import Amendment

    backfill = importlib.import_module(
        "secretariat.negotiation.migrations.0004_amendment_submitted_at"
    ).backfill_submitted_at
    text = make_text(world)
    never = _draft(world, text)
    _move(world, never, AmendmentState.WITHDRAWN)
    shared = _draft(world, text)
    _move(world, shared, AmendmentState.SUBMITTED)
    _move(world, shared, AmendmentState.WITHDRAWN)
    live = _draft(world, text)  # moved without a log entry: its state decides
    Amendment.objects.filter(pk=live.pk).update(state=AmendmentState.UNDER_CONSIDERATION)
    Amendment.objects.update(submitted_at=None)

    backfill(apps, None)

    submitted = dict(Amendment.objects.values_list("pk", "submitted_at"))
    assert submitted[never.pk] is None
    assert submitted[shared.pk] is not None and submitted[live.pk] is not None
