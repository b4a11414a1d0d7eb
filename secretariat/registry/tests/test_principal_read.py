"""The principal of a signed-in request is read with its user (``accounts.backends`` takes
the person and roles as a JSON array in the user's row): it equals the principal read by its
own query, for every role of the world (heads, delegates, chairs, partners, the secretariat,
people without a role), on both databases."""

import pytest
from django.contrib.auth import get_user_model

from secretariat.accounts.backends import ModelBackend
from secretariat.registry.permissions import principal_for
from secretariat.registry.tests.factories import PersonFactory
from secretariat.testing.world import PERSON_ROLES


def _facts(principal):  # type: ignore[no-untyped-def]
    return (
        principal.person_id,
        principal.is_secretariat,
        sorted(principal.roles, key=repr),
        principal.forum_ids,
        principal.economy_ids,
    )


@pytest.mark.django_db
def test_the_principal_read_with_the_user_is_the_principal_read_alone(world):
    users = [world.users[role] for role in PERSON_ROLES if role != "anonymous"]
    without_person = get_user_model().objects.create_user("no-person", password="x")
    PersonFactory(user=get_user_model().objects.create_user("no-role", password="x"))
    users += [without_person, get_user_model().objects.get(username="no-role")]
    compared = 0
    for user in users:
        from_session = ModelBackend().get_user(user.pk)
        if from_session is None:  # inactive: not signed in at all
            continue
        assert hasattr(from_session, "principal_rows")
        alone = get_user_model().objects.get(pk=user.pk)
        assert not hasattr(alone, "principal_rows")
        assert _facts(principal_for(from_session)) == _facts(principal_for(alone)), user
        compared += 1
    assert compared >= len(PERSON_ROLES)
