import pytest


@pytest.mark.django_db
def test_the_demo_seeds_two_cycles_with_a_late_report_a_draft_and_a_rescore_once(seeded_demo):
    from secretariat.commitments.models import Commitment, ImplementationReport, Score
    from secretariat.registry.demo import seed_all

    counts = (Commitment.objects.count(), Score.objects.count())
    seed_all()
    assert (Commitment.objects.count(), Score.objects.count()) == counts
    assert Commitment.objects.filter(state="confirmed").count() == 5
    assert ImplementationReport.objects.filter(late=True).count() == 1
    assert ImplementationReport.objects.filter(submitted_at__isnull=True).count() == 1
    assert Score.objects.filter(superseded_at__isnull=False).count() == 1
    assert {t.order for t in Commitment.objects.first().text.themes.all()} == {1, 2, 3}
