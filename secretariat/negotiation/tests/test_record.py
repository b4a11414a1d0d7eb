"""The negotiating record stays with the owning forum until the secretariat derestricts it by
a decision (ADR 0020). The permission matrix checks every record URL per role
(``matrix_record.py``); these tests check the decision itself, the adopted 2025 demo
statement as the public and another forum's member meet it, and the exports' footnotes."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client

from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.core.models import AuditEntry
from secretariat.negotiation import demo, services, services_record, services_reservations
from secretariat.negotiation.choices import Classification, Stance
from secretariat.negotiation.models import Text
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import make_text, paragraph

DECISION = "DAIB decision 2026/3"


def _published(world, **extra):  # type: ignore[no-untyped-def]
    return make_text(world, classification=Classification.PUBLISHED, **extra)


@pytest.mark.django_db
def test_the_secretariat_derestricts_a_published_texts_record_once_and_it_is_audited(world):
    text = _published(world)
    opened = services_record.derestrict_record(
        actor=world.users["secretariat"], text=text, decision=f"  {DECISION} ", version=text.version
    )
    assert opened.record_derestricted_at is not None
    assert opened.record_derestriction_decision == DECISION
    assert opened.record_derestricted_by == world.users["secretariat"]
    entry = AuditEntry.objects.get(action="negotiation.record.derestricted")
    assert entry.changes["decision"] == DECISION and entry.actor_id == world.users["secretariat"].pk
    with pytest.raises(ValidationFailed, match="already derestricted"):
        services_record.derestrict_record(
            actor=world.users["secretariat"], text=opened, decision=DECISION, version=opened.version
        )


@pytest.mark.django_db
def test_a_stale_form_is_a_conflict_and_changes_nothing(world):
    text = _published(world)
    with pytest.raises(Conflict):
        services_record.derestrict_record(
            actor=world.users["secretariat"], text=text, decision=DECISION, version=text.version - 1
        )
    assert Text.objects.get(pk=text.pk).record_derestricted_at is None
    assert not AuditEntry.objects.filter(action="negotiation.record.derestricted").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("classification", "decision", "field"),
    [
        (Classification.RESTRICTED, DECISION, "classification"),
        (Classification.PUBLISHED, "   ", "decision"),
    ],
)
def test_a_restricted_text_or_a_blank_decision_is_refused_with_422(
    world, classification, decision, field
):
    text = make_text(world, classification=classification)
    response = call(
        client_for("secretariat", world),
        "POST",
        "/negotiation/texts/statement/record/derestrict",
        {"version": text.version, "decision": decision},
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert Text.objects.get(pk=text.pk).record_derestricted_at is None


@pytest.mark.django_db
def test_the_api_answers_the_derestricted_text_and_the_chair_is_refused(world):
    text = _published(world)
    path = "/negotiation/texts/statement/record/derestrict"
    body = {"version": text.version, "decision": DECISION}
    assert call(client_for("chair", world), "POST", path, body).status_code == 403
    assert call(Client(), "POST", path, body).status_code == 401
    response = call(client_for("secretariat", world), "POST", path, body)
    assert response.status_code == 200
    assert response.json()["record_derestriction_decision"] == DECISION
    again = call(client_for("secretariat", world), "POST", path, body)
    assert again.status_code == 422 and "already derestricted" in again.json()["detail"]


def _demo_clients():  # type: ignore[no-untyped-def]
    """The demo's Korean head (a member of DAIMM, the ministerial meeting that owns the
    statement), its Korean delegate (a member of DAIB only: another forum) and a visitor."""
    users = {u.username: u for u in get_user_model().objects.filter(username__contains="kr-")}
    world = SimpleNamespace(users=users, sessions={})
    return client_for("kr-head", world), client_for("kr-delegate", world), Client()


def _record_urls(text: Text) -> list[str]:
    slug, eid = text.slug, text.current_version.paragraphs.order_by("order").first().provision.eid
    pages, api = f"/en/negotiation/{slug}/", f"/api/negotiation/texts/{slug}/"
    return [
        f"{pages}map/",
        f"{pages}map/events/",
        f"{pages}map/rows/{eid}/",
        f"{pages}paragraphs/{eid}/",
        f"{pages}amendments/",
        f"{pages}report/",
        f"{pages}redline/",
        f"{api}map",
        f"{api}paragraphs/{eid}/positions",
        f"{api}amendments",
        f"{api}report",
        f"{api}silence",
        f"{api}redline?a=1&b=4",
        f"{api}versions/1",
        f"{api}versions/1/html",
        f"{api}versions/4/docx?against=1",
    ]


def _status(client: Client, url: str) -> int:
    response = client.get(url)
    if response.streaming:  # the live stream: close it as a server would, and as Django's
        # test client does, without closing the test's database connection on the way
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
    return response.status_code


@pytest.mark.django_db
def test_the_adopted_statements_record_is_404_outside_daimm_until_derestricted():
    from secretariat.registry import demo as registry_demo

    registry_demo.seed()
    demo.seed()
    text = Text.objects.get(slug=demo.SLUG)
    member, other_forum, visitor = _demo_clients()
    urls = _record_urls(text)
    assert {url: _status(member, url) for url in urls} == dict.fromkeys(urls, 200)
    for client in (other_forum, visitor):
        assert {url: _status(client, url) for url in urls} == dict.fromkeys(urls, 404)
        page = client.get(f"/en/negotiation/{demo.SLUG}/").content.decode()
        assert "Putrajaya Vision 2040" in page  # the adopted wording
        assert "Interpretive statement" in page  # the outcome's reservations
        # No link to the record (the DOCX of version 4 is linked, without tracked changes).
        assert not any(f'href="{url}' in page for url in urls if "?" not in url)
        assert "against" not in page
        assert client.get(f"/api/negotiation/texts/{demo.SLUG}/versions/4/html").status_code == 200
        home = client.get("/en/").content.decode() + client.get("/en/negotiation/").content.decode()
        assert "/map/" not in home and "/paragraphs/" not in home
    staff = get_user_model().objects.get(username="secretariat")
    services_record.derestrict_record(
        actor=staff, text=text, decision=DECISION, version=text.version
    )
    for client in (other_forum, visitor):
        assert {url: _status(client, url) for url in urls} == dict.fromkeys(urls, 200)


@pytest.mark.django_db
def test_exports_footnote_reservations_for_the_public_only_once_they_are_the_outcome(world):
    text = _published(world, paragraphs=[paragraph("We agree.", num="1")])
    services_reservations.enter_reservation(
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        kind="reservation",
        statement={"en": {"text": "Korea reserves for now.", "status": "original"}},
        eid="para_1",
    )
    path = "/api/negotiation/texts/statement/versions/1/html"
    assert "Korea reserves for now." in client_for("delegate_b", world).get(path).content.decode()
    assert "Korea reserves for now." not in Client().get(path).content.decode()
    reservations = "/api/negotiation/texts/statement/reservations"
    assert Client().get(reservations).json()["count"] == 0
    for delegation in (world.delegation_a, world.delegation_b):
        services.state_position(
            actor=world.users["head_a"],
            text=text,
            delegation=delegation,
            eid="para_1",
            stance=Stance.SUPPORT,
            based_on=None,
        )
    text.refresh_from_db()
    services.adopt_text(actor=world.users["chair"], text=text, version=text.version)
    assert "Korea reserves for now." in Client().get(path).content.decode()
    assert Client().get(reservations).json()["count"] == 1


def test_the_cached_public_page_shows_a_new_reservation(world):  # type: ignore[no-untyped-def]
    """Signed-out readers get the outcome page from the cache; entering a reservation
    renews what the page is keyed by."""
    from django.test import Client

    from secretariat.negotiation import services_reservations
    from secretariat.negotiation.tests.matrix_record import _concluded

    text = _concluded(world, "cached")
    client = Client()
    url = f"/en/negotiation/{text.slug}/"
    assert "Entered after caching" not in client.get(url).content.decode()
    services_reservations.enter_reservation(
        actor=world.users["secretariat"],
        text=text,
        delegation=world.delegation_b,
        kind="interpretive_statement",
        statement={"en": {"text": "Entered after caching", "status": "original"}},
    )
    assert "Entered after caching" in client.get(url).content.decode()
