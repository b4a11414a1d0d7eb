"""Two editors never overwrite each other silently: every save names the revision it was
based on, and a stale one is refused with the current text."""

import pytest

from secretariat.minutes.models import Minutes, MinutesRevision
from secretariat.testing.api import call
from secretariat.testing.world import client_for


def _start(world, meeting) -> dict:  # type: ignore[no-untyped-def]
    response = call(client_for("secretariat", world), "POST", f"/minutes/meetings/{meeting.pk}")
    assert response.status_code == 201, response.content
    return response.json()


def _save(client, minutes_id: int, base: int, body: str):  # type: ignore[no-untyped-def]
    return call(client, "PUT", f"/minutes/{minutes_id}/text", {"base_revision": base, "body": body})


@pytest.mark.django_db
def test_new_minutes_are_a_draft_outlined_from_the_agenda(world, meeting):
    minutes = _start(world, meeting)
    assert minutes["state"] == "draft" and minutes["revision"] == 1
    assert minutes["body"].startswith("1. Item")
    again = call(client_for("chair", world), "POST", f"/minutes/meetings/{meeting.pk}")
    assert again.status_code == 422


@pytest.mark.django_db
def test_a_stale_save_is_409_with_the_current_text_and_nothing_is_lost(world, meeting):
    minutes = _start(world, meeting)
    secretary, chair = client_for("secretariat", world), client_for("chair", world)
    base = minutes["revision"]

    first = _save(secretary, minutes["id"], base, "Secretary's text.")
    assert first.status_code == 200 and first.json()["revision"] == base + 1

    stale = _save(chair, minutes["id"], base, "Chair's text.")
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"
    current = stale.json()["current"]
    assert current["body"] == "Secretary's text."
    assert current["revision"] == base + 1 and current["saved_by"] == "secretariat"
    assert Minutes.objects.get().body == "Secretary's text."  # not overwritten

    # The chair has seen both and keeps their text on top of the newer revision.
    resolved = _save(chair, minutes["id"], current["revision"], "Chair's text.")
    assert resolved.status_code == 200 and resolved.json()["revision"] == base + 2
    texts = list(MinutesRevision.objects.order_by("number").values_list("body", flat=True))
    assert texts[1:] == ["Secretary's text.", "Chair's text."]  # every revision is kept


@pytest.mark.django_db
def test_an_unchanged_text_saves_no_revision_even_from_an_old_base(world, meeting):
    minutes = _start(world, meeting)
    client = client_for("secretariat", world)
    saved = _save(client, minutes["id"], 1, "Text.").json()
    again = _save(client, minutes["id"], 1, "Text.")  # an autosave that raced the first
    assert again.status_code == 200 and again.json()["revision"] == saved["revision"]
    assert MinutesRevision.objects.count() == 2


@pytest.mark.django_db
def test_revisions_are_listed_and_each_can_be_read(world, meeting):
    minutes = _start(world, meeting)
    client = client_for("secretariat", world)
    _save(client, minutes["id"], 1, "Second.")
    listed = call(client, "GET", f"/minutes/{minutes['id']}/revisions").json()
    assert [item["number"] for item in listed["items"]] == [2, 1]
    first = call(client, "GET", f"/minutes/{minutes['id']}/revisions/1").json()
    assert first["body"] == minutes["body"]
    assert call(client, "GET", f"/minutes/{minutes['id']}/revisions/9").status_code == 404
    page = client.get(f"/en/minutes/{minutes['id']}/revisions/1/")
    assert page.status_code == 200 and "Revision 1" in page.content.decode()


@pytest.mark.django_db
def test_the_editor_autosaves_with_htmx_and_shows_both_texts_on_a_conflict(world, meeting):
    minutes = _start(world, meeting)
    url = f"/en/minutes/{minutes['id']}/text/"
    htmx = {"HX-Request": "true"}
    secretary, chair = client_for("secretariat", world), client_for("chair", world)
    editor = chair.get(f"/en/minutes/{minutes['id']}/edit/").content.decode()
    assert 'hx-post="' + url + '"' in editor and 'name="base_revision" value="1"' in editor

    saved = secretary.post(url, {"body": "Secretary's text.", "base_revision": 1}, headers=htmx)
    assert saved.status_code == 200
    assert 'name="base_revision" value="2"' in saved.content.decode()
    assert "<html" not in saved.content.decode()  # just the status fragment

    conflict = chair.post(url, {"body": "Chair's text.", "base_revision": 1}, headers=htmx)
    assert conflict.status_code == 409
    shown = conflict.content.decode()
    assert "Secretary&#x27;s text." in shown  # theirs, beside the editor that keeps mine
    assert 'name="base_revision" value="1"' in shown  # autosave keeps refusing meanwhile
    assert 'name="confirm_base_revision" value="2"' in shown
    assert Minutes.objects.get().body == "Secretary's text."

    kept = chair.post(
        url, {"body": "Chair's text.", "base_revision": 1, "confirm_base_revision": 2}
    )
    assert kept.status_code == 200
    assert Minutes.objects.get().body == "Chair's text."


@pytest.mark.django_db
def test_two_editors_saving_from_the_same_revision_never_both_win(world, meeting):
    """Both based on revision 1: exactly one save lands, the other is a conflict."""
    from secretariat.core.errors import Conflict
    from secretariat.minutes import services

    minutes = Minutes.objects.get(pk=_start(world, meeting)["id"])
    outcomes = []
    for actor, text in ((world.users["secretariat"], "A"), (world.users["chair"], "B")):
        try:
            services.save_text(actor=actor, minutes=minutes, base_revision=1, body=text)
            outcomes.append("saved")
        except Conflict:
            outcomes.append("conflict")
    assert outcomes == ["saved", "conflict"]
    assert Minutes.objects.get().body == "A"
