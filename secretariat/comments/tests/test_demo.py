import pytest


@pytest.mark.django_db
def test_the_demo_seeds_three_comments_under_the_statement_once(seeded_demo):
    from secretariat.comments.models import Comment
    from secretariat.registry.demo import seed_all

    languages = sorted(Comment.objects.values_list("language", flat=True))
    seed_all()
    assert languages == ["en", "ja", "ko"] and Comment.objects.count() == 3
