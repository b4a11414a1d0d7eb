"""The text's page reads (the page every delegate reloads under load): its prepared reads give
what the ORM's queries gave, and its forms render as they did."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from secretariat.negotiation import permissions, selectors, services, services_closing
from secretariat.negotiation.choices import AmendmentKind, SilenceOutcome, Stance
from secretariat.negotiation.models import Paragraph, Position, SilenceProcedure
from secretariat.registry.permissions import principal_for
from secretariat.testing.world import client_for

from .factories import make_text


def _fields(paragraph: Paragraph) -> dict:
    return {
        **{f.attname: getattr(paragraph, f.attname) for f in Paragraph._meta.concrete_fields},
        "eid": paragraph.provision.eid,
    }


@pytest.mark.django_db
def test_the_prepared_wordings_are_the_versions_paragraphs_as_the_orm_reads_them(
    world, django_assert_num_queries
):
    text = make_text(world)
    version = text.current_version
    expected = list(version.paragraphs.select_related("provision").order_by("order"))
    assert len(expected) > 1
    with django_assert_num_queries(1):
        found = selectors.wordings(version)
        assert [_fields(p) for p in found] == [_fields(p) for p in expected]
        assert all(p.version is version for p in found)  # no query: known, as the ORM's
    narrowed = selectors.wordings(version, [expected[-1].provision.eid])
    assert [_fields(p) for p in narrowed] == [_fields(expected[-1])]


@pytest.mark.django_db
def test_the_running_silence_is_read_as_before(world):
    text = make_text(world)
    assert services_closing.running_silence(text) is None
    started = services_closing.start_silence(
        actor=world.users["chair"],
        text=text,
        deadline=timezone.now() + timedelta(hours=24),
        version=text.version,
    )
    found = services_closing.running_silence(text)
    assert found == started and found.version == text.current_version
    assert found.deadline == started.deadline
    SilenceProcedure.objects.filter(pk=started.pk).update(outcome=SilenceOutcome.WITHDRAWN)
    assert services_closing.running_silence(text) is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["head_a", "delegate_a", "chair", "secretariat", "reader"])
def test_the_viewers_delegation_is_taken_from_the_maps_columns_as_it_would_be_read(
    world, role, django_assert_num_queries
):
    text = make_text(world)
    principal = principal_for(world.users[role])
    columns = selectors.consensus_map(text).delegations
    read = permissions.delegation_roles_on(principal, text)
    with django_assert_num_queries(0):
        taken = permissions.delegation_roles_on(principal, text, columns)
    assert {kind: d and (d.pk, d.economy.code) for kind, d in taken.items()} == {
        kind: d and (d.pk, d.economy.code) for kind, d in read.items()
    }


@pytest.mark.django_db
def test_each_paragraphs_forms_carry_what_the_rows_share(world):
    text = make_text(world)
    paragraphs = len(text.current_version.paragraphs.all())
    page = client_for("head_a", world).get("/en/negotiation/statement/").content.decode()
    assert page.count("<summary>KR's position: none yet</summary>") == paragraphs
    assert page.count('action="/en/negotiation/statement/amendments/new/"') == paragraphs
    kinds = [value for value, _ in AmendmentKind.choices if value != AmendmentKind.INSERT]
    offered = re.findall(r'<select id="kind-[^"]+" name="kind">(.*?)</select>', page)
    assert len(offered) == paragraphs
    assert all(re.findall(r'<option value="([^"]+)">', found) == kinds for found in offered)
    delegate = client_for("delegate_a", world).get("/en/negotiation/statement/").content.decode()
    assert "position</summary>" not in delegate and "none yet" not in delegate
    assert delegate.count('action="/en/negotiation/statement/amendments/new/"') == paragraphs


def _position_fields(position: Position) -> tuple:
    answered = position.answered_version
    return (
        {f.attname: getattr(position, f.attname) for f in Position._meta.concrete_fields},
        position.delegation.economy.code,
        answered and answered.number,
    )


@pytest.mark.django_db
def test_the_paragraphs_dossier_reads_its_positions_and_wordings_as_the_orm_does(world):
    text = make_text(world)
    for delegation, stance in [
        (world.delegation_a, Stance.OBJECT),
        (world.delegation_b, Stance.SUPPORT),
        (world.delegation_a, Stance.SUPPORT),  # supersedes the first: history kept
    ]:
        current = Position.objects.filter(
            delegation=delegation, provision__eid="para_1", superseded_at__isnull=True
        ).first()
        services.state_position(
            actor=world.users["head_a"],
            text=text,
            delegation=delegation,
            eid="para_1",
            stance=stance,
            based_on=current and current.pk,
        )
    dossier = selectors.paragraph_dossier(principal_for(world.users["head_a"]), text, "para_1")
    assert dossier is not None
    provision = dossier.row.paragraph.provision
    positions = Position.objects.filter(provision=provision).select_related(
        "delegation__economy", "answered_version"
    )
    expected = list(positions.order_by("-created_at", "-pk"))
    assert len(expected) == 3
    assert [_position_fields(p) for p in dossier.positions] == [
        _position_fields(p) for p in expected
    ]
    wordings = Paragraph.objects.filter(provision=provision).select_related("version")
    assert [(_fields(p), p.version.number) for p in dossier.wordings] == [
        (_fields(p), p.version.number) for p in wordings.order_by("version__number")
    ]
    assert selectors.paragraph_dossier(principal_for(world.users["head_a"]), text, "nope") is None
