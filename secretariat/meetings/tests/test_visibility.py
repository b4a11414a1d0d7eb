import datetime as dt

import pytest
from django_tasks import TaskResultStatus

from secretariat.core import audit
from secretariat.core.models import AuditEntry
from secretariat.meetings.choices import Classification
from secretariat.meetings.models import Document
from secretariat.meetings.tasks import derestrict_due_documents
from secretariat.testing.api import call
from secretariat.testing.world import FORUM_A_MEMBERS, FORUM_B_MEMBERS, ROLES, client_for

from .factories import DocumentFactory, MeetingFactory


def _visible(world, role: str, document: Document) -> bool:  # type: ignore[no-untyped-def]
    client = client_for(role, world)
    status = call(client, "GET", f"/meetings/documents/{document.pk}").status_code
    listed = call(client, "GET", f"/meetings/documents?meeting={document.meeting_id}").json()
    assert status in (200, 404)
    assert (status == 200) == any(item["id"] == document.pk for item in listed["items"])
    return status == 200


@pytest.mark.django_db
def test_restricted_documents_are_for_owning_forum_members_and_the_secretariat(world):
    meeting = MeetingFactory(forum=world.body)
    document = DocumentFactory(meeting=meeting, classification=Classification.RESTRICTED)
    seen = {role for role in ROLES if _visible(world, role, document)}
    assert seen == FORUM_A_MEMBERS  # not delegate_c/head_c: they belong to forum B only


@pytest.mark.django_db
def test_restricted_document_of_another_forum_is_hidden_from_this_forums_members(world):
    meeting = MeetingFactory(forum=world.other_forum)
    document = DocumentFactory(meeting=meeting, classification=Classification.RESTRICTED)
    assert {role for role in ROLES if _visible(world, role, document)} == FORUM_B_MEMBERS


@pytest.mark.django_db
def test_a_restricted_document_of_a_joint_agenda_item_is_for_every_owning_forum(world):
    """ "Restricted documents are visible to members of the owning fora": a joint item's
    co-owning forum owns its documents too, on the meeting's page as in the API."""
    from secretariat.registry.tests.factories import ForumFactory

    from .factories import AgendaItemFactory

    meeting = MeetingFactory(forum=world.body)
    joint = AgendaItemFactory(meeting=meeting, number="9")
    joint.co_owners.set([world.other_forum])
    document = DocumentFactory(
        meeting=meeting, agenda_item=joint, classification=Classification.RESTRICTED
    )
    own = DocumentFactory(meeting=meeting, classification=Classification.RESTRICTED)
    with_a_third = AgendaItemFactory(meeting=meeting, number="10")
    with_a_third.co_owners.set([ForumFactory()])
    theirs = DocumentFactory(
        meeting=meeting, agenda_item=with_a_third, classification=Classification.RESTRICTED
    )
    assert {r for r in ROLES if _visible(world, r, document)} == FORUM_A_MEMBERS | FORUM_B_MEMBERS
    assert {r for r in ROLES if _visible(world, r, own)} == FORUM_A_MEMBERS
    assert {r for r in ROLES if _visible(world, r, theirs)} == FORUM_A_MEMBERS
    page = client_for("head_c", world).get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert document.number in page and own.number not in page
    joint.co_owners.clear()  # the item is taken back: its documents go with it
    assert {r for r in ROLES if _visible(world, r, document)} == FORUM_A_MEMBERS
    page = client_for("head_c", world).get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert document.number not in page  # not the table rendered for the old owners


@pytest.mark.django_db
def test_economy_only_documents_are_for_that_economy_not_even_the_secretariat(world):
    document = DocumentFactory(
        meeting=MeetingFactory(forum=world.body),
        classification=Classification.ECONOMY_ONLY,
        submitted_by_economy=world.economy_a,
    )
    assert {role for role in ROLES if _visible(world, role, document)} == {"delegate_a", "head_a"}


@pytest.mark.django_db
def test_hidden_document_page_is_404_and_its_file_too(world):
    document = DocumentFactory(
        meeting=MeetingFactory(forum=world.body), classification=Classification.RESTRICTED
    )
    reader = client_for("reader", world)
    assert reader.get(f"/en/meetings/documents/{document.pk}/").status_code == 404
    assert reader.get(f"/en/meetings/documents/{document.pk}/file/").status_code == 404


@pytest.mark.django_db
def test_derestriction_task_makes_due_restricted_documents_public(world, client):
    meeting = MeetingFactory(forum=world.body)
    due = DocumentFactory(
        meeting=meeting,
        classification=Classification.RESTRICTED,
        derestrict_on=dt.date(2000, 1, 1),
    )
    later = DocumentFactory(
        meeting=meeting,
        classification=Classification.RESTRICTED,
        derestrict_on=dt.date(2999, 1, 1),
    )
    assert call(client, "GET", f"/meetings/documents/{due.pk}").status_code == 404

    result = derestrict_due_documents.enqueue()

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"derestricted": [due.number]}
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.classification, due.version) == (Classification.PUBLIC, 2)
    assert later.classification == Classification.RESTRICTED
    assert call(client, "GET", f"/meetings/documents/{due.pk}").status_code == 200
    entry = AuditEntry.objects.get(action="meetings.document.derestricted")
    assert entry.object_id == str(due.pk) and entry.actor_label == "system"
    assert audit.verify_chain().ok
    assert derestrict_due_documents.enqueue().return_value == {"derestricted": []}
