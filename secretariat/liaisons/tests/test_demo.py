import pytest
from django.utils import timezone

from secretariat.liaisons import demo, selectors
from secretariat.liaisons.choices import LiaisonState, Purpose
from secretariat.liaisons.models import LiaisonStatement
from secretariat.meetings.models import Document
from secretariat.registry.models import WorksWith
from secretariat.registry.permissions import principal_for


@pytest.mark.django_db
def test_the_demo_has_the_body_s_links_an_answered_statement_to_sc42_and_an_overdue_one(
    seeded_demo,
):
    documents = Document.objects.count()
    assert demo.seed() == {"works-with links": 5, "liaison statements": 4}  # idempotent
    assert Document.objects.count() == documents
    partners = {str(link.partner) for link in WorksWith.objects.filter(forum__slug="daib")}
    assert partners == {"TELWG", "DESG", "ABAC", "WB", "SC 42"}
    public = selectors.statements_visible_to(principal_for(None))
    asked = public.get(counterpart_organisation__slug="iso-iec-jtc1-sc42", in_response_to=None)
    assert asked.purpose == Purpose.FOR_ACTION and asked.answered
    assert asked.attachments.count() == 1
    assert asked.responses.get().state == LiaisonState.RECEIVED
    overdue = selectors.overdue(public, timezone.localdate())
    assert [s.counterpart_organisation.slug for s in overdue] == ["itu-t"]
    draft = LiaisonStatement.objects.get(state=LiaisonState.DRAFT)
    assert not public.filter(pk=draft.pk).exists()
    assert all("(illustrative)" in s.title["en"]["text"] for s in LiaisonStatement.objects.all())
