"""Every state change of a liaison statement and every refusal, through the API as its
users reach it: a refused change is a 4xx with a clear message and changes nothing."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from secretariat.core.audit import private_digest
from secretariat.core.errors import ValidationFailed
from secretariat.core.models import AuditEntry
from secretariat.liaisons import services
from secretariat.liaisons.choices import Direction, LiaisonState, Purpose
from secretariat.liaisons.models import LiaisonStatement
from secretariat.meetings.choices import Classification
from secretariat.meetings.tests.factories import DocumentFactory, MeetingFactory
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import LiaisonStatementFactory

TITLE = {"en": {"text": "AI management systems (ISO/IEC 42001)", "status": "original"}}


def _draft(world, client, **body):  # type: ignore[no-untyped-def]
    payload = {"forum": "daib", "title": TITLE, "purpose": "for_information", **body}
    if "counterpart_forum" not in body:
        payload.setdefault("counterpart_organisation", "iso-iec-jtc1-sc42")
    response = call(client, "POST", "/liaisons/statements", payload)
    assert response.status_code == 201, response.content
    return response.json()


def _move(client, statement, state, version=None):  # type: ignore[no-untyped-def]
    return call(
        client,
        "POST",
        f"/liaisons/statements/{statement['id']}/transitions",
        {"version": version or statement["version"], "state": state},
    )


def _unchanged(statement_id: int, state: str, version: int) -> None:
    assert LiaisonStatement.objects.filter(pk=statement_id, state=state, version=version).exists()


@pytest.mark.django_db
def test_the_chair_drafts_and_sends_and_the_title_reaches_the_log_only_as_a_digest(world, sc42):
    chair = client_for("chair", world)
    draft = _draft(world, chair, purpose="for_action", deadline="2030-01-31")
    assert draft["state"] == "draft" and draft["direction"] == "outgoing"
    entry = AuditEntry.objects.get(action="liaisons.statement.created", object_id=str(draft["id"]))
    assert "42001" not in str(entry.changes) and "42001" not in entry.object_repr
    assert entry.changes["title"] == private_digest(TITLE)
    sent = _move(chair, draft, "sent")
    assert sent.status_code == 200
    assert sent.json()["state"] == "sent"
    assert sent.json()["issued_on"] == timezone.localdate().isoformat()
    assert AuditEntry.objects.filter(action="liaisons.statement.sent").count() == 1


@pytest.mark.django_db
def test_an_incoming_statement_is_recorded_as_received_and_tells_the_forum(
    world, sc42, django_capture_on_commit_callbacks
):
    chair = client_for("chair", world)
    draft = _draft(world, chair, direction="incoming")
    with django_capture_on_commit_callbacks(execute=True):
        received = _move(chair, draft, "received")
    assert received.status_code == 200 and received.json()["state"] == "received"
    recipients = {message.to[0] for message in mail.outbox}
    assert world.users["delegate_a"].email in recipients  # a member of DAIB
    assert world.users["delegate_c"].email not in recipients  # TELWG's, not concerned
    assert all("SC 42" in message.subject for message in mail.outbox)


@pytest.mark.django_db
def test_a_statement_sent_to_another_forum_tells_that_forum(
    world, sc42, django_capture_on_commit_callbacks
):
    chair = client_for("chair", world)
    draft = _draft(world, chair, counterpart_forum="telwg")
    with django_capture_on_commit_callbacks(execute=True):
        assert _move(chair, draft, "sent").status_code == 200
    recipients = {message.to[0] for message in mail.outbox}
    assert world.users["delegate_c"].email in recipients
    assert world.users["delegate_a"].email not in recipients


@pytest.mark.django_db
def test_a_draft_is_withdrawn_and_then_moves_no_further(world, sc42):
    chair = client_for("chair", world)
    draft = _draft(world, chair)
    withdrawn = _move(chair, draft, "withdrawn").json()
    assert withdrawn["state"] == "withdrawn" and withdrawn["issued_on"] is None
    refused = _move(chair, withdrawn, "sent")
    assert refused.status_code == 422
    assert "withdrawn cannot become sent" in refused.json()["detail"]
    _unchanged(draft["id"], "withdrawn", withdrawn["version"])


@pytest.mark.parametrize(
    ("direction", "start", "to", "message"),
    [
        ("outgoing", "draft", "received", "draft cannot become received"),
        ("incoming", "draft", "sent", "draft cannot become sent"),
        ("outgoing", "sent", "withdrawn", "sent cannot become withdrawn"),
        ("outgoing", "sent", "draft", "sent cannot become draft"),
        ("incoming", "received", "sent", "received cannot become sent"),
    ],
)
@pytest.mark.django_db
def test_a_transition_outside_the_workflow_is_refused_and_changes_nothing(
    world, sc42, direction, start, to, message
):
    statement = LiaisonStatementFactory(
        forum=world.body, counterpart_organisation=sc42, direction=direction, state=start
    )
    entries = AuditEntry.objects.count()
    refused = _move(client_for("chair", world), {"id": statement.pk, "version": 1}, to)
    assert refused.status_code == 422
    assert message in refused.json()["detail"]
    _unchanged(statement.pk, start, 1)
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_a_stale_version_is_a_conflict_with_the_current_statement(world, sc42):
    chair = client_for("chair", world)
    draft = _draft(world, chair)
    path = f"/liaisons/statements/{draft['id']}"
    assert call(chair, "PATCH", path, {"version": 1, "deadline": "2030-01-01"}).status_code == 200
    stale = call(chair, "PATCH", path, {"version": 1, "purpose": "for_action"})
    assert stale.status_code == 409
    assert stale.json()["current"]["deadline"] == "2030-01-01"
    assert stale.json()["current"]["purpose"] == "for_information"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"purpose": "for_action"}, "deadline"),
        ({"counterpart_forum": "daib", "counterpart_organisation": None}, "counterpart_forum"),
        ({"counterpart_forum": "telwg"}, "counterpart_forum"),  # and an organisation: two
        ({"counterpart_organisation": "no-such-body"}, "counterpart_organisation"),
        ({"purpose": "in_response"}, "in_response_to"),
    ],
)
@pytest.mark.django_db
def test_an_incomplete_statement_is_refused_and_nothing_is_written(world, sc42, body, field):
    payload = {
        "forum": "daib",
        "title": TITLE,
        "purpose": "for_information",
        "counterpart_organisation": "iso-iec-jtc1-sc42",
        **body,
    }
    refused = call(client_for("chair", world), "POST", "/liaisons/statements", payload)
    assert refused.status_code == 422, refused.content
    assert field in refused.json()["errors"]
    assert not LiaisonStatement.objects.exists()


@pytest.mark.django_db
def test_a_delegate_may_read_the_forum_s_drafts_but_not_write_them(world, sc42):
    draft = _draft(world, client_for("chair", world))
    delegate = client_for("delegate_a", world)
    assert call(delegate, "GET", f"/liaisons/statements/{draft['id']}").status_code == 200
    refused = call(delegate, "POST", "/liaisons/statements", {"forum": "daib", "title": TITLE})
    assert refused.status_code == 403
    assert "chair" in refused.json()["detail"]
    assert _move(delegate, draft, "sent").status_code == 403
    _unchanged(draft["id"], "draft", 1)


@pytest.mark.django_db
def test_a_sent_statement_keeps_its_text_and_only_its_restriction_changes(world, sc42):
    chair = client_for("chair", world)
    sent = _move(chair, _draft(world, chair), "sent").json()
    path = f"/liaisons/statements/{sent['id']}"
    renamed = {"version": sent["version"], "title": {"en": {"text": "X", "status": "original"}}}
    refused = call(chair, "PATCH", path, renamed)
    assert refused.status_code == 422 and "only its restriction" in refused.json()["detail"]
    _unchanged(sent["id"], "sent", sent["version"])
    restricted = call(chair, "PATCH", path, {"version": sent["version"], "is_restricted": True})
    assert restricted.status_code == 200 and restricted.json()["is_restricted"] is True


@pytest.mark.django_db
def test_a_response_answers_a_statement_for_action_which_is_then_no_longer_overdue(world, sc42):
    chair = client_for("chair", world)
    asked = LiaisonStatementFactory(
        forum=world.body,
        counterpart_organisation=sc42,
        purpose=Purpose.FOR_ACTION,
        deadline=timezone.localdate() - dt.timedelta(days=1),
    )
    path = f"/liaisons/statements/{asked.pk}"
    assert call(chair, "GET", path).json()["overdue"] is True
    overdue = call(chair, "GET", "/liaisons/statements?overdue=true").json()["items"]
    assert [item["id"] for item in overdue] == [asked.pk]

    response = _draft(world, chair, in_response_to=asked.pk)
    assert response["direction"] == "incoming"  # SC 42's answer, recorded by DAIB
    assert response["counterpart_organisation"] == "iso-iec-jtc1-sc42"
    assert response["purpose"] == "in_response" and response["in_response_to"] == asked.pk
    assert call(chair, "GET", path).json()["overdue"] is True  # a draft answers nothing yet
    _move(chair, response, "received")
    answered = call(chair, "GET", path).json()
    assert answered["answered"] is True and answered["overdue"] is False
    assert call(chair, "GET", "/liaisons/statements?overdue=true").json()["items"] == []


@pytest.mark.django_db
def test_a_draft_cannot_be_answered(world, sc42):
    chair = client_for("chair", world)
    draft = _draft(world, chair)
    refused = call(
        chair,
        "POST",
        "/liaisons/statements",
        {"forum": "daib", "title": TITLE, "in_response_to": draft["id"]},
    )
    assert refused.status_code == 422
    assert "sent or received" in refused.json()["detail"]
    assert LiaisonStatement.objects.count() == 1


@pytest.mark.django_db
def test_attachments_are_documents_the_writer_may_see_and_change_only_on_a_draft(world, sc42):
    chair = client_for("chair", world)
    draft = _draft(world, chair)
    meeting = MeetingFactory(forum=world.other_forum, code="TELX")
    hidden = DocumentFactory(meeting=meeting, classification=Classification.RESTRICTED)
    shown = DocumentFactory(meeting=MeetingFactory(forum=world.body, code="DAIX"))
    attachments = f"/liaisons/statements/{draft['id']}/attachments"
    refused = call(chair, "POST", attachments, {"document": hidden.pk})
    assert refused.status_code == 422 and "document" in refused.json()["errors"]
    attached = call(chair, "POST", attachments, {"document": shown.pk})
    assert attached.status_code == 201
    assert [a["number"] for a in attached.json()["attachments"]] == [shown.number]
    again = call(chair, "POST", attachments, {"document": shown.pk})
    assert again.status_code == 422 and "already attached" in again.json()["detail"]
    _move(chair, {"id": draft["id"], "version": 1}, "sent")
    late = call(chair, "DELETE", f"{attachments}/{shown.pk}")
    assert late.status_code == 422 and "draft" in late.json()["detail"]
    assert LiaisonStatement.objects.get(pk=draft["id"]).attachments.count() == 1


@pytest.mark.django_db
def test_an_attachment_to_a_draft_sent_meanwhile_is_refused_and_nothing_changes(world, sc42):
    """Two officers at once: one sends the draft while the other's attach request, which
    read it as a draft, is under way. The sent statement is the record: its attachments
    must not change after it left."""
    statement = LiaisonStatementFactory(
        forum=world.body,
        counterpart_organisation=sc42,
        state=LiaisonState.DRAFT,
        issued_on=None,
    )
    document = DocumentFactory(meeting=MeetingFactory(forum=world.body, code="DAIZ"))
    read_as_draft = LiaisonStatement.objects.get(pk=statement.pk)
    chair = world.users["chair"]
    services.change_state(actor=chair, statement=statement, version=1, state="sent")
    with pytest.raises(ValidationFailed, match="draft"):
        services.attach_document(actor=chair, statement=read_as_draft, document=document)
    assert not LiaisonStatement.objects.get(pk=statement.pk).attachments.exists()
    statement.attachments.add(document)  # attached while a draft; then sent
    with pytest.raises(ValidationFailed, match="draft"):
        services.detach_document(actor=chair, statement=read_as_draft, document=document)
    assert LiaisonStatement.objects.get(pk=statement.pk).attachments.count() == 1


@pytest.mark.django_db
def test_an_attachment_the_reader_may_not_see_is_not_listed_to_them(world, sc42):
    restricted = DocumentFactory(
        meeting=MeetingFactory(forum=world.body, code="DAIY"),
        classification=Classification.RESTRICTED,
    )
    statement = LiaisonStatementFactory(forum=world.body, counterpart_organisation=sc42)
    statement.attachments.add(restricted)
    path = f"/liaisons/statements/{statement.pk}"
    assert call(client_for("anonymous", world), "GET", path).json()["attachments"] == []
    assert len(call(client_for("delegate_a", world), "GET", path).json()["attachments"]) == 1


@pytest.mark.django_db
def test_the_counterpart_forum_sees_a_restricted_statement_once_sent_never_the_draft(world, sc42):
    chair = client_for("chair", world)
    draft = _draft(world, chair, counterpart_forum="telwg", is_restricted=True)
    path = f"/liaisons/statements/{draft['id']}"
    telwg = client_for("delegate_c", world)
    assert call(telwg, "GET", path).status_code == 404
    _move(chair, draft, "sent")
    assert call(telwg, "GET", path).status_code == 200
    assert call(client_for("reader", world), "GET", path).status_code == 404
    assert call(client_for("anonymous", world), "GET", path).status_code == 404
    assert LiaisonStatement.objects.get(pk=draft["id"]).direction == Direction.OUTGOING


@pytest.mark.django_db
def test_the_counterpart_forum_s_officer_records_its_answer_from_its_own_side(world, sc42):
    asked = LiaisonStatementFactory(
        forum=world.body, counterpart_forum=world.other_forum, purpose=Purpose.FOR_INFORMATION
    )
    staff = client_for("secretariat", world)
    answer = _draft(world, staff, forum="telwg", in_response_to=asked.pk)
    assert answer["forum"] == "telwg" and answer["counterpart_forum"] == "daib"
    assert answer["direction"] == "outgoing"
    refused = call(
        staff,
        "POST",
        "/liaisons/statements",
        {"forum": "abac", "title": TITLE, "in_response_to": asked.pk},
    )
    assert refused.status_code == 422
    assert LiaisonStatement.objects.filter(state=LiaisonState.DRAFT).count() == 1


@pytest.mark.django_db
def test_a_response_to_a_restricted_statement_does_not_show_its_id_to_outsiders(world, sc42):
    original = LiaisonStatementFactory(
        forum=world.body, counterpart_organisation=sc42, is_restricted=True
    )
    answer = LiaisonStatementFactory(
        forum=world.body,
        counterpart_organisation=sc42,
        direction=Direction.INCOMING,
        purpose=Purpose.IN_RESPONSE,
        state=LiaisonState.RECEIVED,
        in_response_to=original,
    )
    path = f"/liaisons/statements/{answer.pk}"
    assert call(client_for("chair", world), "GET", path).json()["in_response_to"] == original.pk
    for role in ("anonymous", "head_c"):
        shown = call(client_for(role, world), "GET", path).json()
        assert shown["in_response_to"] is None, role
        listed = call(client_for(role, world), "GET", "/liaisons/statements").json()["items"]
        assert [i["in_response_to"] for i in listed if i["id"] == answer.pk] == [None], role


@pytest.mark.django_db
def test_the_admin_changes_only_the_restriction_of_a_sent_statement(world, sc42):
    sent = LiaisonStatementFactory(forum=world.body, counterpart_organisation=sc42)
    attached = DocumentFactory(meeting=MeetingFactory(forum=world.body))
    said = sent.body
    admin = client_for("secretariat", world)
    response = admin.post(
        f"/admin/liaisons/liaisonstatement/{sent.pk}/change/",
        {
            "loaded_version": sent.version,
            "is_restricted": "on",
            "body": '{"en": {"text": "Something else", "status": "original"}}',
            "attachments": str(attached.pk),
            "state": LiaisonState.DRAFT,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    sent.refresh_from_db()
    assert sent.is_restricted and sent.body == said and sent.state == LiaisonState.SENT
    assert not sent.attachments.exists()
