import pytest

from secretariat.core import audit
from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.negotiation import selectors, services
from secretariat.negotiation.choices import ParagraphState, Stance, VersionKind
from secretariat.negotiation.models import Paragraph, Position

from .factories import make_text, paragraph


def _states(text):
    text.refresh_from_db()
    return {
        row.paragraph.provision.eid: row.verdict.state for row in selectors.consensus_map(text).rows
    }


@pytest.mark.django_db
def test_first_version_gives_each_paragraph_a_stable_eid(world):
    text = make_text(world)
    assert text.current_version.number == 1
    assert [p.provision.eid for p in text.current_version.paragraphs.order_by("order")] == [
        "para_1",
        "para_2",
        "para_3",
    ]
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_eids_are_never_reused_and_renumbering_keeps_the_wid(world):
    text = make_text(world)
    v2 = services.publish_version(
        actor=world.users["chair"],
        text=text,
        kind=VersionKind.COMPILATION,
        based_on=1,
        paragraphs=[
            paragraph("We, the Ministers, met in Incheon.", eid="para_1", num="1"),
            paragraph("We recognise the potential of AI.", eid="para_2", num="3"),
            paragraph("A new paragraph.", num="2"),
        ],
    )
    by_eid = {p.provision.eid: p for p in v2.paragraphs.select_related("provision")}
    assert "para_4" in by_eid and "para_3" not in by_eid  # para_3 was dropped, never reused
    assert by_eid["para_2"].num == "3" and by_eid["para_2"].wid == "para_2"


@pytest.mark.django_db
def test_publishing_from_a_stale_version_is_a_conflict(world):
    text = make_text(world)
    services.publish_version(
        actor=world.users["chair"],
        text=text,
        kind=VersionKind.ROLLING_TEXT,
        based_on=1,
        paragraphs=[paragraph("One.", eid="para_1")],
    )
    with pytest.raises(Conflict):
        services.publish_version(
            actor=world.users["chair"],
            text=text,
            kind=VersionKind.ROLLING_TEXT,
            based_on=1,
            paragraphs=[paragraph("Other.", eid="para_1")],
        )
    assert text.versions.count() == 2


@pytest.mark.django_db
def test_unknown_bracket_holders_are_refused(world):
    with pytest.raises(ValidationFailed):
        make_text(world, paragraphs=[{"content": [{"bracket": "x", "holders": ["ZZ"]}]}])


@pytest.mark.django_db
def test_positions_drive_the_paragraph_state(world):
    text = make_text(world)
    head_a = world.users["head_a"]
    assert _states(text)["para_1"] == ParagraphState.PROPOSED
    services.state_position(
        actor=head_a,
        text=text,
        delegation=world.delegation_a,
        eid="para_1",
        stance=Stance.SUPPORT,
        based_on=None,
    )
    services.state_position(
        actor=head_a,
        text=text,
        delegation=world.delegation_b,
        eid="para_1",
        stance=Stance.SUPPORT,
        based_on=None,
        ad_referendum=True,
    )
    assert _states(text)["para_1"] == ParagraphState.AGREED_AD_REF
    current = Position.objects.get(delegation=world.delegation_b, superseded_at__isnull=True)
    services.state_position(
        actor=head_a,
        text=text,
        delegation=world.delegation_b,
        eid="para_1",
        stance=Stance.SUPPORT,
        based_on=current.pk,
    )
    states = _states(text)
    assert states["para_1"] == ParagraphState.AGREED
    assert states["para_3"] == ParagraphState.BRACKETED  # brackets stay until removed
    assert Position.objects.filter(delegation=world.delegation_b).count() == 2  # history kept
    row = selectors.consensus_map(text).rows[0]
    assert row.verdict.provisional is True  # package mode: nothing agreed until all is


@pytest.mark.django_db
def test_a_later_edit_makes_earlier_positions_visibly_stale(world):
    text = make_text(world)
    for delegation in (world.delegation_a, world.delegation_b):
        services.state_position(
            actor=world.users["head_a"],
            text=text,
            delegation=delegation,
            eid="para_2",
            stance=Stance.SUPPORT,
            based_on=None,
        )
    assert _states(text)["para_2"] == ParagraphState.AGREED
    services.publish_version(
        actor=world.users["chair"],
        text=text,
        kind=VersionKind.ROLLING_TEXT,
        based_on=1,
        paragraphs=[paragraph("We recognise the vast potential of AI.", eid="para_2")],
    )
    assert _states(text)["para_2"] == ParagraphState.REOPENED
    row = selectors.consensus_map(text).rows[0]
    assert row.verdict.stale == 2


@pytest.mark.django_db
def test_a_position_based_on_a_stale_one_is_a_conflict(world):
    text = make_text(world)
    services.state_position(
        actor=world.users["head_a"],
        text=text,
        delegation=world.delegation_a,
        eid="para_1",
        stance=Stance.OBJECT,
        based_on=None,
    )
    with pytest.raises(Conflict):
        services.state_position(
            actor=world.users["head_a"],
            text=text,
            delegation=world.delegation_a,
            eid="para_1",
            stance=Stance.SUPPORT,
            based_on=None,
        )
    assert Position.objects.get(superseded_at__isnull=True).stance == Stance.OBJECT


@pytest.mark.django_db
def test_versions_are_immutable(world):
    text = make_text(world)
    wording = Paragraph.objects.filter(version=text.current_version).first()
    wording.num = "99"
    with pytest.raises(RuntimeError):
        wording.save()


@pytest.mark.django_db
def test_a_slug_taken_between_the_check_and_the_insert_is_a_clear_refusal(world, monkeypatch):
    """Two confirmations of a Word import racing for one new slug: the second is told the
    slug is taken (422), not a server error, and leaves nothing behind."""
    from secretariat.core.models import AuditEntry
    from secretariat.negotiation import services as negotiation_services
    from secretariat.negotiation.models import Text

    from .factories import make_text

    make_text(world, slug="race")
    monkeypatch.setattr(negotiation_services, "clean_or_raise", lambda *a, **k: None)
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        make_text(world, slug="race")
    assert refused.value.errors == {"slug": ["A text with this slug already exists."]}
    assert Text.objects.filter(slug="race").count() == 1
    assert AuditEntry.objects.count() == entries
