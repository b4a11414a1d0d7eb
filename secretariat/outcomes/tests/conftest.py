import pytest

from secretariat.outcomes.models import TranslatorAssignment


@pytest.fixture
def translators(world):  # type: ignore[no-untyped-def]
    """The world's translator (Korean) and reviewer (Korean, may verify)."""
    TranslatorAssignment.objects.create(user=world.users["translator"], language="ko")
    TranslatorAssignment.objects.create(
        user=world.users["reviewer"], language="ko", may_review=True
    )
    return world.users["translator"], world.users["reviewer"]
