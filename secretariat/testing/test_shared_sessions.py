"""The matrix signs each role in once per module (``world.sign_in_everyone``). A shared
session that stopped signing its role in would turn that role into an anonymous visitor for
the rest of the module, and every refusal of it would then pass whatever the code under test
does: the harness must say so instead."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache

from .checks import MEMBERS, Check, page
from .harness import run_role
from .world import sign_in_everyone

FORUM_HISTORY = Check("GET", page("registry:forum_history", lambda w: w.body.slug), MEMBERS)


@pytest.mark.django_db
def test_a_role_served_through_its_shared_session_passes(world):
    sign_in_everyone(world)
    assert run_role(FORUM_HISTORY, world, "reader", api=False) == []
    assert run_role(FORUM_HISTORY, world, "delegate_a", api=False) == []


@pytest.mark.django_db
def test_a_role_whose_shared_session_no_longer_signs_in_fails_instead_of_passing(world):
    sign_in_everyone(world)
    Session.objects.filter(session_key=world.sessions["reader"]).delete()
    cache.clear()
    # The reader must be refused the history; signed out, it is "refused" too (sent to sign
    # in), which proved nothing about the reader.
    problems = run_role(FORUM_HISTORY, world, "reader", api=False)
    assert problems and "not signed in as reader" in problems[0]
