"""The composer starts the next version from the current one with the incorporated amendments
already applied: the chair sees them in the draft, reviews conflicts, and the published version
remembers each amendment it carried (deletions included)."""

import pytest

from secretariat.negotiation.choices import AmendmentKind, AmendmentState
from secretariat.negotiation.models import Paragraph, VersionDraft
from secretariat.testing.world import client_for

from .factories import make_text
from .test_carry_forward import _amend

COMPOSE = "/en/negotiation/statement/compose/"


@pytest.mark.django_db
def test_the_draft_holds_incorporated_amendments_and_publishing_keeps_their_sources(world):
    text = make_text(world)
    replaced = _amend(world, text, AmendmentKind.REPLACE, eid="para_2", wording="AI helps.")
    deleted = _amend(world, text, AmendmentKind.DELETE, eid="para_1", economy="b")
    chair = client_for("chair", world)

    chair.post(COMPOSE + "start/")

    draft = VersionDraft.objects.get(text=text)
    by_key = {item["key"]: item for item in draft.paragraphs}
    assert "para_1" not in by_key
    assert by_key["para_2"]["content"] == [{"text": "AI helps."}]
    assert by_key["para_2"]["from_amendments"] == [replaced.pk]
    page = chair.get(COMPOSE).content.decode()
    assert "AI helps." in page

    response = chair.post(
        COMPOSE + "publish/", {"version": draft.version, "kind": "rolling_text", "note": ""}
    )

    assert response.status_code in (200, 302, 303), response.content[:300]
    text.refresh_from_db()
    assert text.current_version.number == 2
    stored = {p.provision.eid: p for p in Paragraph.objects.filter(version=text.current_version)}
    assert stored["para_2"].from_amendments == [replaced.pk]
    assert text.current_version.deleted_by_amendments == {"para_1": [deleted.pk]}
    assert not VersionDraft.objects.filter(text=text).exists()


@pytest.mark.django_db
def test_two_amendments_to_one_paragraph_are_listed_for_review_and_neither_applied(world):
    text = make_text(world)
    first = _amend(world, text, AmendmentKind.REPLACE, eid="para_2", wording="First.")
    second = _amend(
        world, text, AmendmentKind.REPLACE, eid="para_2", wording="Second.", economy="b"
    )
    modified = _amend(
        world,
        text,
        AmendmentKind.REPLACE,
        eid="para_1",
        wording="Met in Incheon, Korea.",
        state=AmendmentState.INCORPORATED_MODIFIED,
    )
    chair = client_for("chair", world)

    chair.post(COMPOSE + "start/")

    draft = VersionDraft.objects.get(text=text)
    by_key = {item["key"]: item for item in draft.paragraphs}
    assert by_key["para_2"]["content"] == [{"text": "We recognise the potential of AI."}]
    assert by_key["para_1"]["content"] == [{"text": "Met in Incheon, Korea."}]
    page = chair.get(COMPOSE).content.decode()
    assert f"#{first.pk}" in page and f"#{second.pk}" in page and f"#{modified.pk}" in page
    assert 'href="#para_2"' in page and 'href="#para_1"' in page
