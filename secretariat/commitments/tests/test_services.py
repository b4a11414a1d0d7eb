"""Reports, submission, scores and their history; visibility of drafts and interim scores;
the heat map's figures against a small hand-computed fixture."""

from datetime import date

import pytest

from secretariat.commitments import csvio, permissions, selectors, services
from secretariat.commitments.choices import Stage
from secretariat.commitments.models import Score
from secretariat.core.errors import Conflict, PermissionDenied, ValidationFailed
from secretariat.core.models import AuditEntry
from secretariat.registry.permissions import principal_for

from .factories import confirmed_commitments, cycle, statement


@pytest.fixture
def setup(world):  # type: ignore[no-untyped-def]
    text = statement(world)
    return confirmed_commitments(world, text), cycle("2025")


def _draft(world, commitment, the_cycle, role="delegate_a", economy=None):  # type: ignore[no-untyped-def]
    return services.save_report(
        actor=world.users[role],
        commitment=commitment,
        economy=economy or world.economy_a,
        cycle=the_cycle,
        body="Korea trained 10,000 teachers.",
        evidence_links=["https://example.org/kr"],
    )


def _user(world, role):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if role == "anonymous" else world.users[role]


def _visible_reports(world, role):  # type: ignore[no-untyped-def]
    return set(
        selectors.reports_visible_to(principal_for(_user(world, role))).values_list("pk", flat=True)
    )


def test_a_draft_is_its_economys_own_and_its_text_stays_out_of_the_log(world, setup):
    commitments, the_cycle = setup
    report = _draft(world, commitments[0], the_cycle)
    assert report.pk in _visible_reports(world, "head_a")
    for role in ("secretariat", "delegate_b", "chair", "anonymous", "reader"):
        assert report.pk not in _visible_reports(world, role), role
    entry = AuditEntry.objects.get(action="commitments.report.created")
    assert "teachers" not in str(entry.changes)


def test_only_the_head_of_delegation_submits_and_then_members_read_it(world, setup):
    commitments, the_cycle = setup
    report = _draft(world, commitments[0], the_cycle)
    with pytest.raises(PermissionDenied):
        permissions.access_report(world.users["delegate_a"], report.pk, need="submit")
    permissions.access_report(world.users["head_a"], report.pk, need="submit")
    submitted = services.submit_report(
        actor=world.users["head_a"], report=report, expected_version=report.version
    )
    assert submitted.submitted_at is not None and not submitted.late
    assert report.pk in _visible_reports(world, "delegate_b")
    assert report.pk not in _visible_reports(world, "anonymous")
    with pytest.raises(Conflict):
        _draft(world, commitments[0], the_cycle)


def test_a_report_after_the_due_date_is_flagged_late(world, setup):
    commitments, _cycle = setup
    past = cycle("2024", due=date(2024, 1, 31))
    report = _draft(world, commitments[0], past)
    assert services.submit_report(
        actor=world.users["head_a"], report=report, expected_version=1
    ).late


def test_a_stale_version_is_a_conflict(world, setup):
    commitments, the_cycle = setup
    report = _draft(world, commitments[0], the_cycle)
    services.save_report(
        actor=world.users["delegate_a"],
        commitment=commitments[0],
        economy=world.economy_a,
        cycle=the_cycle,
        body="v2",
        evidence_links=[],
        expected_version=1,
    )
    with pytest.raises(Conflict):
        services.submit_report(actor=world.users["head_a"], report=report, expected_version=1)


def test_bad_evidence_links_are_refused_and_nothing_is_written(world, setup):
    commitments, the_cycle = setup
    with pytest.raises(ValidationFailed):
        services.save_report(
            actor=world.users["delegate_a"],
            commitment=commitments[0],
            economy=world.economy_a,
            cycle=the_cycle,
            body="x",
            evidence_links=["javascript:alert(1)"],
        )
    assert not AuditEntry.objects.filter(action__startswith="commitments.report").exists()


def test_another_economys_delegate_cannot_write_its_report(world, setup):
    commitments, the_cycle = setup
    with pytest.raises(PermissionDenied):
        permissions.access_report_slot(
            world.users["delegate_b"], commitments[0].pk, the_cycle.pk, "KR"
        )


def _score(world, commitment, the_cycle, economy, value, stage=Stage.INTERIM):  # type: ignore[no-untyped-def]
    return services.record_score(
        actor=world.users["secretariat"],
        commitment=commitment,
        economy=economy,
        cycle=the_cycle,
        stage=stage,
        value=value,
        justification="As the report shows.",
    )


def test_rescoring_keeps_the_history(world, setup):
    commitments, the_cycle = setup
    first = _score(world, commitments[0], the_cycle, world.economy_a, -1)
    second = _score(world, commitments[0], the_cycle, world.economy_a, 1)
    history = Score.objects.filter(commitment=commitments[0]).order_by("pk")
    assert [(s.value, s.superseded_at is None) for s in history] == [(-1, False), (1, True)]
    assert first.pk != second.pk
    assert AuditEntry.objects.filter(action="commitments.score.rescored").exists()


def test_interim_scores_are_for_assessors_and_the_economy_final_public_once_published(world, setup):
    commitments, the_cycle = setup
    interim = _score(world, commitments[0], the_cycle, world.economy_a, 0)
    final = _score(world, commitments[0], the_cycle, world.economy_a, 1, Stage.FINAL)

    def seen(role):  # type: ignore[no-untyped-def]
        return set(
            selectors.scores_visible_to(principal_for(_user(world, role))).values_list(
                "pk", flat=True
            )
        )

    assert seen("head_a") == {interim.pk, final.pk} == seen("secretariat")
    assert seen("delegate_b") == set() == seen("anonymous")
    services.publish_cycle(actor=world.users["secretariat"], cycle=the_cycle)
    assert seen("delegate_b") == {final.pk} == seen("anonymous")
    with pytest.raises(Conflict):
        _score(world, commitments[0], the_cycle, world.economy_a, -1, Stage.FINAL)


def test_an_appointed_assessor_scores_and_others_may_not(world, setup):
    with pytest.raises(PermissionDenied):
        permissions.require_assessor(world.users["chair"])
    services.appoint_assessor(actor=world.users["secretariat"], user=world.users["chair"])
    world.users["chair"].__dict__.pop("_commitment_assessor", None)
    world.users["chair"].__dict__.pop("_secretariat_principal", None)
    permissions.require_assessor(world.users["chair"])


def test_the_heat_map_figures_equal_the_csvs_and_handle_missing_and_rescored(world, setup):
    commitments, the_cycle = setup
    a, b, c = world.economy_a, world.economy_b, world.economy_c
    _score(world, commitments[0], the_cycle, a, -1)
    _score(world, commitments[0], the_cycle, a, 1)  # re-score: +1 counts, −1 does not
    _score(world, commitments[0], the_cycle, b, 0)
    _score(world, commitments[1], the_cycle, a, 1)
    _score(world, commitments[2], the_cycle, c, -1)  # theme 2
    heat = selectors.heat_map(
        principal_for(world.users["secretariat"]), cycle=the_cycle, stage=Stage.INTERIM
    )
    s = heat.summary
    assert s.by_economy[a.pk].as_dict() == {"score": 1.0, "percent": 100, "count": 2}
    assert s.by_commitment[commitments[0].pk].as_dict() == {"score": 0.5, "percent": 75, "count": 2}
    assert s.by_theme[commitments[0].theme_id].as_dict() == {
        "score": 0.67,
        "percent": 83,
        "count": 3,
    }
    assert s.by_theme[commitments[2].theme_id].as_dict() == {
        "score": -1.0,
        "percent": 0,
        "count": 1,
    }
    assert s.overall.as_dict() == {"score": 0.25, "percent": 63, "count": 4}
    assert c.pk not in s.by_economy or s.by_economy[c.pk].count == 1
    rows = csvio.heat_map_rows(heat)
    assert ["overall", "", "", "", "0.25", 63, 4] in rows
    assert ["economy", "US", "", "", "0.00", 50, 1] in rows
    # an economy without scores: the row is there, its average empty
    heat.economies.append(type(a)(pk=999999, code="ZZ"))
    assert ["economy", "ZZ", "", "", "", "", 0] in csvio.heat_map_rows(heat)


def test_a_csv_import_with_one_bad_row_imports_nothing_and_names_its_line(world, setup):
    commitments, the_cycle = setup
    good = f"{commitments[0].pk},KR,{the_cycle.pk},interim,1,Report p. 2"
    csv_text = "\n".join(
        [
            "commitment,economy,cycle,stage,value,justification",
            good,
            f"{commitments[1].pk},XX,{the_cycle.pk},interim,2,",
            f"{commitments[1].pk},US,{the_cycle.name},final,-1,Report p. 1",
        ]
    )
    with pytest.raises(ValidationFailed) as refused:
        csvio.import_scores(actor=world.users["secretariat"], text=csv_text)
    assert list(refused.value.errors) == ["line 3"]
    assert len(refused.value.errors["line 3"]) == 3
    assert not Score.objects.exists()
    fixed = csv_text.replace(f"{commitments[1].pk},XX,{the_cycle.pk},interim,2,\n", "")
    assert csvio.import_scores(actor=world.users["secretariat"], text=fixed) == 2
    assert Score.objects.count() == 2


def test_evidence_documents_are_meeting_documents_by_number(world, setup):
    from secretariat.meetings.tests.factories import DocumentFactory

    commitments, the_cycle = setup
    document = DocumentFactory(number="2030/DAIB/007")

    def save(numbers):  # type: ignore[no-untyped-def]
        return services.save_report(
            actor=world.users["delegate_a"],
            commitment=commitments[0],
            economy=world.economy_a,
            cycle=the_cycle,
            body="x",
            evidence_links=[],
            evidence_documents=numbers,
        )

    with pytest.raises(ValidationFailed) as refused:
        save(["2030/DAIB/999"])
    assert refused.value.errors == {"evidence_documents": ["2030/DAIB/999"]}
    assert save([document.number, document.number]).evidence_documents == [document.number]


def test_an_economy_not_bound_by_the_commitment_is_not_scored(world, setup):
    from secretariat.commitments.models import Commitment

    commitments, the_cycle = setup
    Commitment.objects.filter(pk=commitments[0].pk).update(owner_kind="some")
    commitments[0].refresh_from_db()
    commitments[0].owner_economies.set([world.economy_a])
    _score(world, commitments[0], the_cycle, world.economy_a, 1)
    with pytest.raises(ValidationFailed):
        _score(world, commitments[0], the_cycle, world.economy_b, 1)


def test_a_comment_on_a_superseded_score_is_refused_and_nothing_is_filed(world, setup):
    from secretariat.commitments.models import ScoreComment

    commitments, the_cycle = setup
    first = _score(world, commitments[0], the_cycle, world.economy_a, -1)
    current = _score(world, commitments[0], the_cycle, world.economy_a, 1)
    with pytest.raises(Conflict):
        services.comment_on_score(actor=world.users["secretariat"], score=first, body="Why -1?")
    assert not ScoreComment.objects.filter(score=first).exists()
    services.comment_on_score(actor=world.users["secretariat"], score=current, body="Why +1?")
    assert ScoreComment.objects.filter(score=current).count() == 1
