"""The list's filters' choices and its rows' names (kinds, states, fora, economies) are kept
in the process under those tables' tokens, read with the list's own: a project write does
not read them again, a change to one of those tables does, at once, for every reader."""

import json

import pytest
from django.utils import timezone

from secretariat.core import cache_tokens
from secretariat.projects.models import ProjectKind
from secretariat.projects.selectors import list_rows_and_choices
from secretariat.projects.selectors.filter_choices import CHOICE_TOKENS, LIFECYCLES_TOKEN
from secretariat.registry import services as registry_services
from secretariat.registry.models import Economy, Forum
from secretariat.testing.world import client_for

from .factories import state
from .helpers import korean_project


def _choices(django_assert_num_queries, queries: int):  # type: ignore[no-untyped-def]
    tokens = cache_tokens.current(*CHOICE_TOKENS)
    with django_assert_num_queries(queries):
        return list_rows_and_choices([], timezone.localdate(), tokens)[1]


@pytest.mark.django_db
def test_the_choices_are_read_once_per_state_of_their_tables(world, django_assert_num_queries):
    first = _choices(django_assert_num_queries, 1)
    assert _choices(django_assert_num_queries, 0) == first  # kept
    cache_tokens.renew("projects:list")  # what every project write renews
    assert _choices(django_assert_num_queries, 0) == first
    Economy.objects.filter(pk=world.economy_a.pk).update(
        name={"en": {"text": "Renamed economy", "status": "original"}}
    )
    cache_tokens.renew(cache_tokens.rows_of(Economy))  # as the registry's writes do
    renamed = _choices(django_assert_num_queries, 1)
    assert (world.economy_a.code, {"en": {"text": "Renamed economy", "status": "original"}}) in (
        renamed["economy"]
    )
    assert list_rows_and_choices([], timezone.localdate())[1] == renamed  # no tokens: read


def _list(role: str, world) -> str:  # type: ignore[no-untyped-def]
    response = client_for(role, world).get("/en/projects/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "delegate_a"])
def test_a_kind_renamed_in_the_admin_shows_on_the_list_at_once(world, role):
    """Renamed by the secretariat in the admin: the filter and the rows name it so on the
    next read, for the page kept whole (signed out) and the body kept for a forum's
    members alike."""
    korean_project(world, state=state("approved"))
    kind = ProjectKind.objects.get(slug="joint-research")
    assert "Joint research" in _list(role, world)
    staff = client_for("secretariat", world)
    response = staff.post(
        f"/admin/projects/projectkind/{kind.pk}/change/",
        {
            "slug": kind.slug,
            "name": json.dumps({"en": {"text": "Joint studies", "status": "original"}}),
            "min_cosponsors": kind.min_cosponsors,
            "has_standards_body": "",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    page = _list(role, world)
    assert page.count("Joint studies") == 2  # the filter's option and the project's row
    assert "Joint research" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "delegate_a"])
def test_a_forum_renamed_through_the_registry_shows_on_the_list_at_once(world, role):
    korean_project(world, state=state("approved"))
    assert _list(role, world).count(f"<td>{world.body.abbreviation}</td>") == 1
    forum = Forum.objects.get(pk=world.body.pk)
    registry_services.update_forum(
        actor=world.users["secretariat"], forum=forum, version=forum.version, abbreviation="NEWB"
    )
    page = _list(role, world)
    assert page.count("<td>NEWB</td>") == 1 and '<option value="' in page
    assert f">{world.body.abbreviation}</option>" not in page


@pytest.mark.django_db
def test_the_admin_and_the_defaults_renew_the_lifecycles_token(world):
    before = cache_tokens.current(LIFECYCLES_TOKEN)
    from secretariat.projects import defaults

    defaults.ensure_installed()
    assert cache_tokens.current(LIFECYCLES_TOKEN) != before
