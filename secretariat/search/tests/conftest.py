import pytest
from django.db import transaction

from secretariat.search import index, tokenize

from .fixtures import build_texts


@pytest.fixture(scope="module")
def texts(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """build_world's fora and people, the texts of ``fixtures``, indexed with the bigram
    tokenizer (no kiwi: ~3 s and 0.5 GB; one test loads it)."""
    from secretariat.testing.world import build_world

    previous = tokenize.use_tokenizer(tokenize.BigramOnlyTokenizer())
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        built = build_texts(world)
        index.rebuild()
        yield world, built
        transaction.set_rollback(True)
    tokenize.use_tokenizer(previous)
