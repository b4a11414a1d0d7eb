import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from secretariat.core.errors import ValidationFailed
from secretariat.negotiation import demo, selectors, services
from secretariat.negotiation.choices import AmendmentKind, Stance, TextStatus
from secretariat.negotiation.models import Position, Text
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import make_text, paragraph


@pytest.mark.django_db
def test_drafts_are_visible_to_their_own_economy_only(world):
    text = make_text(world)
    services.propose_amendment(
        actor=world.users["delegate_a"],
        text=text,
        delegation=world.delegation_a,
        kind=AmendmentKind.DELETE,
        eid="para_3",
        proposed_text="",
        justification="Red line.",
    )
    path = "/api/negotiation/texts/statement/amendments"
    assert client_for("delegate_a", world).get(path).json()["count"] == 1
    for role in ("delegate_b", "chair", "secretariat"):
        assert client_for(role, world).get(path).json()["count"] == 0


@pytest.mark.django_db
def test_an_amendment_follows_its_workflow(world):
    text = make_text(world)
    amendment = services.propose_amendment(
        actor=world.users["delegate_a"],
        text=text,
        delegation=world.delegation_a,
        kind=AmendmentKind.REPLACE,
        eid="para_2",
        proposed_text="We welcome AI.",
        justification="",
    )
    delegate, chair = client_for("delegate_a", world), client_for("chair", world)
    path = f"/negotiation/amendments/{amendment.pk}/state"
    assert call(chair, "POST", path, {"state": "submitted", "version": 1}).status_code == 404
    submitted = call(delegate, "POST", path, {"state": "submitted", "version": 1})
    assert submitted.status_code == 200
    assert call(delegate, "POST", path, {"state": "incorporated", "version": 2}).status_code == 403
    jump = call(chair, "POST", path, {"state": "draft", "version": 2})
    assert jump.status_code == 422
    decided = call(chair, "POST", path, {"state": "not_retained", "version": 2})
    assert decided.json()["state"] == "not_retained"


@pytest.mark.django_db
def test_adoption_needs_every_paragraph_agreed(world):
    text = make_text(world, paragraphs=[paragraph("Only one.", eid="para_1")])
    with pytest.raises(ValidationFailed):
        services.adopt_text(actor=world.users["secretariat"], text=text, version=text.version)
    for delegation in (world.delegation_a, world.delegation_b):
        services.state_position(
            actor=world.users["head_a"],
            text=text,
            delegation=delegation,
            eid="para_1",
            stance=Stance.SUPPORT,
            based_on=None,
        )
    adopted = services.adopt_text(
        actor=world.users["secretariat"], text=text, version=text.version, publish=True
    )
    assert adopted.status == TextStatus.ADOPTED
    assert selectors.consensus_map(adopted).rows[0].verdict.provisional is False
    assert client_for("anonymous", world).get("/en/negotiation/statement/").status_code == 200


@pytest.mark.django_db
def test_the_demo_statement_is_adopted_by_consensus():
    from secretariat.registry import demo as registry_demo

    registry_demo.seed()
    demo.seed()
    text = Text.objects.get(slug=demo.SLUG)
    assert text.status == TextStatus.ADOPTED and text.current_version.number == 4
    consensus_map = selectors.consensus_map(text)
    assert consensus_map.agreed and len(consensus_map.delegations) == 21
    page = Client().get(f"/en/negotiation/{demo.SLUG}/").content.decode()
    assert "Putrajaya Vision 2040" in page
    ongoing = Text.objects.get(slug="2027-work-programme")
    assert ongoing.status == TextStatus.NEGOTIATING
    assert not selectors.consensus_map(ongoing).agreed


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/en/negotiation/statement/",
        "/en/negotiation/statement/map/",
        "/api/negotiation/texts/statement/map",
    ],
)
def test_text_view_and_map_issue_a_constant_number_of_queries(world, url):
    small = make_text(world, paragraphs=[paragraph(f"P{i}.") for i in range(3)])
    client = client_for("delegate_a", world)
    few = _queries(client, url)
    services.publish_version(
        actor=world.users["chair"],
        text=small,
        kind="rolling_text",
        based_on=1,
        paragraphs=[paragraph(f"P{i}.", eid=f"para_{i + 1}") for i in range(40)],
    )
    for i in range(1, 20):
        services.state_position(
            actor=world.users["head_a"],
            text=small,
            delegation=world.delegation_a,
            eid=f"para_{i}",
            stance=Stance.SUPPORT,
            based_on=None,
        )
    assert _queries(client, url) == few


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a database server; runs in the PostgreSQL pass"
)
def test_two_parallel_position_changes_one_wins_the_other_gets_409(world):
    """Two real requests at once, each on its own database connection."""
    make_text(world)
    body = {"eid": "para_1", "stance": "support", "based_on": None}
    results: list[int] = []
    barrier = threading.Barrier(2, timeout=30)
    clients = [client_for("head_a", world), client_for("head_a", world)]

    def submit(client, stance: str) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        response = call(
            client, "POST", "/negotiation/texts/statement/positions", body | {"stance": stance}
        )
        results.append(response.status_code)
        connections.close_all()

    threads = [
        threading.Thread(target=submit, args=(c, s))
        for c, s in zip(clients, ("support", "object"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [201, 409]
    assert Position.objects.filter(superseded_at__isnull=True).count() == 1
