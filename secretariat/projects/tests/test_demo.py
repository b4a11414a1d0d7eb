import pytest
from django.utils import timezone

from secretariat.core import audit
from secretariat.projects import demo, selectors
from secretariat.projects.models import Project, ScoringRound


@pytest.mark.django_db
def test_the_demo_has_the_issues_projects_a_scored_round_and_one_overdue_milestone(seeded_demo):
    assert demo.seed() == {"projects": 4}  # idempotent
    by_kind = {p.kind.slug: p for p in Project.objects.select_related("kind", "state")}
    testbed = Project.objects.get(title__en__text__startswith="AI safety testbed")
    assert testbed.state.slug == "endorsed" and testbed.proposing_economy.code == "KR"
    assert [f.slug for f in testbed.co_owning_fora.all()] == ["telwg"]
    work_item = by_kind["standardisation"]
    assert work_item.target_body.slug == "iso-iec-jtc1-sc42"
    assert work_item.body_reference == "ISO/IEC 42001" and work_item.stage.code == "60.60"
    assert Project.objects.filter(co_owning_fora__slug="abac").exists()
    assert Project.objects.filter(partners__slug="world-bank").exists()
    assert ScoringRound.objects.filter(state="closed", scores__isnull=False).exists()
    assert selectors.overdue_milestones(timezone.localdate()).count() == 1
    assert all("illustrative" in p.title["en"]["text"] for p in Project.objects.all())
    from secretariat.meetings.agenda_proposals import next_meeting_of
    from secretariat.meetings.models import AgendaProposal

    body_meeting = next_meeting_of(work_item.responsible_forum, timezone.localdate())
    proposed = AgendaProposal.objects.filter(source_key__startswith="projects.milestone.overdue")
    assert proposed.count() == (1 if body_meeting else 0)
    assert audit.verify_chain().ok
