"""The negotiation's page forms: positions, amendments, silence, adoption, the report."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from secretariat.negotiation import services
from secretariat.negotiation.choices import AmendmentState, TextStatus
from secretariat.negotiation.models import Amendment, Position, Text
from secretariat.testing.world import client_for

from .factories import make_text, paragraph


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_a_head_of_delegation_records_a_position_from_the_text_page(world):
    make_text(world)
    head = client_for("head_a", world)
    page = head.get("/en/negotiation/statement/").content.decode()
    assert 'action="/en/negotiation/statement/positions/para_1/"' in page
    response = head.post(
        "/en/negotiation/statement/positions/para_1/", {"stance": "object", "reason": "Too broad."}
    )
    assert response.status_code == 302 and response["Location"].endswith("#para_1")
    position = Position.objects.get(superseded_at__isnull=True)
    assert position.stance == "object" and position.reason == "Too broad."


@pytest.mark.django_db
def test_a_stale_position_form_is_refused_and_keeps_the_newer_position(world):
    make_text(world)
    head = client_for("head_a", world)
    head.post("/en/negotiation/statement/positions/para_1/", {"stance": "object"})
    # A second tab still shows "no position yet" and submits without based_on.
    response = head.post(
        "/en/negotiation/statement/positions/para_1/", {"stance": "support"}, follow=True
    )
    assert any("changed meanwhile" in m for m in _messages(response))
    assert Position.objects.get(superseded_at__isnull=True).stance == "object"


@pytest.mark.django_db
def test_only_heads_of_delegation_get_the_position_form_or_may_post_it(world):
    make_text(world)
    delegate = client_for("delegate_a", world)
    assert "positions/para_1/" not in delegate.get("/en/negotiation/statement/").content.decode()
    assert (
        delegate.post(
            "/en/negotiation/statement/positions/para_1/", {"stance": "support"}
        ).status_code
        == 403
    )
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_a_draft_amendment_from_the_page_stays_with_its_economy_until_submitted(world):
    make_text(world)
    delegate = client_for("delegate_a", world)
    response = delegate.post(
        "/en/negotiation/statement/amendments/new/",
        {
            "eid": "para_2",
            "kind": "replace",
            "proposed_text": "We embrace AI.",
            "justification": "",
        },
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert (
        "We embrace AI." in delegate.get("/en/negotiation/statement/amendments/").content.decode()
    )
    other = client_for("delegate_b", world)
    assert (
        "We embrace AI." not in other.get("/en/negotiation/statement/amendments/").content.decode()
    )
    delegate.post(
        f"/en/negotiation/statement/amendments/{amendment.pk}/state/",
        {"state": "submitted", "version": amendment.version},
    )
    amendment.refresh_from_db()
    assert amendment.state == AmendmentState.SUBMITTED
    assert "We embrace AI." in other.get("/en/negotiation/statement/amendments/").content.decode()


@pytest.mark.django_db
def test_an_invalid_amendment_is_refused_with_a_reason_and_nothing_saved(world):
    make_text(world)
    response = client_for("delegate_a", world).post(
        "/en/negotiation/statement/amendments/new/",
        {"eid": "para_2", "kind": "replace", "proposed_text": "  "},
        follow=True,
    )
    assert any("proposed wording" in m.lower() for m in _messages(response))
    assert not Amendment.objects.exists()


@pytest.mark.django_db
def test_the_chair_runs_silence_and_a_head_breaks_it_from_the_page(world):
    text = make_text(world)
    chair, head = client_for("chair", world), client_for("head_a", world)
    deadline = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    chair.post(
        "/en/negotiation/statement/silence/", {"version": text.version, "deadline": deadline}
    )
    text.refresh_from_db()
    assert text.status == TextStatus.SILENCE
    assert "Break silence" in head.get("/en/negotiation/statement/").content.decode()
    head.post("/en/negotiation/statement/silence/break/", {"reason": "Capital disagrees."})
    text.refresh_from_db()
    assert text.status == TextStatus.NEGOTIATING


@pytest.mark.django_db
def test_adoption_from_the_page_needs_agreement_and_a_current_form(world):
    text = make_text(world, paragraphs=[paragraph("We agree.", num="1")])
    chair = client_for("chair", world)
    refused = chair.post("/en/negotiation/statement/adopt/", {"version": text.version}, follow=True)
    assert any("Not every paragraph is agreed" in m for m in _messages(refused))
    for delegation in (world.delegation_a, world.delegation_b):
        services.state_position(
            actor=world.users["secretariat"],
            text=text,
            delegation=delegation,
            eid="para_1",
            stance="support",
            based_on=None,
        )
    stale = chair.post(
        "/en/negotiation/statement/adopt/", {"version": text.version + 5}, follow=True
    )
    assert any("changed meanwhile" in m for m in _messages(stale))
    chair.post("/en/negotiation/statement/adopt/", {"version": text.version})
    assert Text.objects.get(pk=text.pk).status == TextStatus.ADOPTED


@pytest.mark.django_db
def test_the_report_page_shows_who_objects(world):
    text = make_text(world)
    services.state_position(
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        eid="para_2",
        stance="object",
        based_on=None,
    )
    html = client_for("delegate_b", world).get("/en/negotiation/statement/report/").content.decode()
    assert world.delegation_a.economy.code in html and "Bracketed" in html


@pytest.mark.django_db
def test_the_paragraph_page_keeps_the_history_and_marks_the_current_position(world):
    text = make_text(world)
    first = services.state_position(
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        eid="para_2",
        stance="object",
        based_on=None,
        reason="Too early.",
    )
    services.state_position(
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        eid="para_2",
        stance="support",
        based_on=first.pk,
    )
    html = client_for("delegate_b", world).get("/en/negotiation/statement/paragraphs/para_2/")
    body = html.content.decode()
    assert "Too early." in body and "superseded" in body and "current" in body
    assert body.index("support") < body.index("Too early.")  # newest first
    assert (
        client_for("delegate_b", world)
        .get("/en/negotiation/statement/paragraphs/para_9/")
        .status_code
        == 404
    )


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 40])
def test_the_paragraph_page_needs_the_same_queries_at_any_size(
    world, size, django_assert_max_num_queries
):
    make_text(world, paragraphs=[paragraph(f"P{i}.") for i in range(size)])
    client = client_for("delegate_b", world)
    client.get("/en/negotiation/statement/paragraphs/para_2/")  # session, warm-up
    with django_assert_max_num_queries(14):
        assert client.get("/en/negotiation/statement/paragraphs/para_2/").status_code == 200


@pytest.mark.django_db
def test_the_api_lists_a_paragraphs_positions_with_history(world):
    text = make_text(world)
    first = services.state_position(
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        eid="para_1",
        stance="reserve",
        based_on=None,
    )
    services.state_position(
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        eid="para_1",
        stance="support",
        based_on=first.pk,
    )
    client = client_for("delegate_b", world)
    listed = client.get("/api/negotiation/texts/statement/paragraphs/para_1/positions").json()
    assert [(p["stance"], p["current"]) for p in listed] == [("support", True), ("reserve", False)]
    missing = client.get("/api/negotiation/texts/statement/paragraphs/para_9/positions")
    assert missing.status_code == 404
