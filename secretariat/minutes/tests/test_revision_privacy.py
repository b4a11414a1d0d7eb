"""A draft of the minutes saved and replaced before circulation stays its editors', even once
the minutes are approved and public: readers see only the texts that were circulated."""

import pytest

from secretariat.testing.api import call
from secretariat.testing.world import client_for

DRAFT = "Sentinel draft: the chair's unguarded aside about the host economy"
CIRCULATED = "The meeting agreed the work plan."


def _ok(response):  # type: ignore[no-untyped-def]
    assert response.status_code in (200, 201), response.content
    return response.json()


@pytest.mark.django_db
def test_readers_of_approved_minutes_see_only_circulated_revisions(world, meeting):
    staff = client_for("secretariat", world)
    minutes = _ok(call(staff, "POST", f"/minutes/meetings/{meeting.pk}"))
    mid = minutes["id"]
    _ok(call(staff, "PUT", f"/minutes/{mid}/text", {"base_revision": 1, "body": DRAFT}))
    _ok(call(staff, "PUT", f"/minutes/{mid}/text", {"base_revision": 2, "body": CIRCULATED}))
    for state in ("circulated", "approved"):
        version = _ok(call(staff, "GET", f"/minutes/meetings/{meeting.pk}"))["version"]
        move = {"state": state, "version": version}
        _ok(call(staff, "POST", f"/minutes/{mid}/transitions", move))

    every = _ok(call(staff, "GET", f"/minutes/{mid}/revisions"))["items"]
    assert {r["number"] for r in every} == {1, 2, 3}
    for role in ("anonymous", "reader", "delegate_a"):
        client = client_for(role, world)
        listed = _ok(call(client, "GET", f"/minutes/{mid}/revisions"))
        assert [r["number"] for r in listed["items"]] == [3], role
        assert call(client, "GET", f"/minutes/{mid}/revisions/2").status_code == 404
        assert _ok(call(client, "GET", f"/minutes/{mid}/revisions/3"))["body"] == CIRCULATED
        assert client.get(f"/en/minutes/{mid}/revisions/2/").status_code in (302, 404)
        page = client.get(f"/en/minutes/{mid}/revisions/")
        assert page.status_code == 200 and DRAFT not in page.content.decode()
