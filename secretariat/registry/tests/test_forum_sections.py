"""Other apps add sections (their joint work) to a forum's page through ``forum_sections``."""

import re

import pytest
from django.urls import reverse

from secretariat.registry import forum_sections
from secretariat.registry.forum_sections import ForumSection
from secretariat.testing.world import client_for


@pytest.fixture
def provider():
    seen = []

    def joint_work(forum, principal):
        seen.append((forum.slug, principal.user.username if principal.is_authenticated else None))
        if forum.slug == "telwg":
            return None
        return ForumSection("Joint work", "registry/tests/_joint_work.html", {"items": ["Testbed"]})

    forum_sections.register("test-joint-work", joint_work)
    yield seen
    forum_sections._PROVIDERS.pop("test-joint-work")


def test_a_registered_section_appears_on_the_forum_page_for_its_viewer(world, provider, settings):
    html = client_for("head_a", world).get(reverse("registry:forum", args=[world.body.slug]))
    # Other apps register their sections too (liaisons, first): the test's is one of them.
    assert re.search(r'<h2 id="section-\d+">Joint work</h2>', html.content.decode())
    assert "Testbed" in html.content.decode()
    assert provider == [(world.body.slug, "head-a")]


def test_a_provider_with_nothing_to_show_adds_no_section(world, provider):
    html = client_for("anonymous", world).get(reverse("registry:forum", args=["telwg"]))
    assert "Joint work" not in html.content.decode()
    assert provider == [("telwg", None)]
