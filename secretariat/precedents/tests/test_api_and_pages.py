import json

from django.core.management import call_command
from django.urls import reverse

from secretariat.negotiation.choices import AmendmentKind, AmendmentState
from secretariat.negotiation.models import Amendment
from secretariat.negotiation.tests.factories import make_text
from secretariat.precedents import services
from secretariat.precedents.models import ParagraphEmbedding
from secretariat.testing.api import call
from secretariat.testing.world import client_for

from .factories import adopted_text

OPEN = "We promote interoperable zephyr frameworks for cross-border data flows."
CLOSED = "We will cooperate on zephyr cybersecurity incident response among members."


def _world_with_precedents(world):  # type: ignore[no-untyped-def]
    adopted_text(world, "open", [OPEN])
    adopted_text(world, "closed", [CLOSED], published=False)
    services.rebuild_index()
    return make_text(world)  # "statement", under negotiation in forum A


def test_the_api_lists_precedents_with_their_place_and_hides_restricted_ones(world):
    _world_with_precedents(world)
    anonymous = call(client_for("anonymous", world), "GET", "/negotiation/precedents?q=zephyr")
    assert anonymous.status_code == 200
    (item,) = anonymous.json()
    assert {k: item[k] for k in ("text", "eid", "language", "wording", "year")} == {
        "text": "open",
        "eid": "para_1",
        "language": "en",
        "wording": OPEN,
        "year": item["year"],
    }
    assert isinstance(item["score"], float) and item["diff"]
    member = call(client_for("delegate_a", world), "GET", "/negotiation/precedents?q=zephyr")
    assert {found["text"] for found in member.json()} == {"open", "closed"}


def test_the_api_refuses_an_empty_or_oversized_draft_with_422(world):
    client = client_for("anonymous", world)
    assert call(client, "GET", "/negotiation/precedents?q=").status_code == 422
    assert call(client, "GET", "/negotiation/precedents?q=" + "a" * 5001).status_code == 422
    assert call(client, "GET", "/negotiation/precedents?q=a&limit=0").status_code == 422


def test_the_command_prints_what_the_anonymous_api_returns(world, capsys):
    _world_with_precedents(world)
    call_command("precedents", "zephyr frameworks", "--json", "--limit", "5")
    printed = json.loads(capsys.readouterr().out)
    api = call(
        client_for("anonymous", world), "GET", "/negotiation/precedents?q=zephyr+frameworks&limit=5"
    )
    assert printed == api.json()
    call_command("precedents", "zephyr frameworks")
    assert "open para_1" in capsys.readouterr().out


def test_reindex_rebuilds_the_embeddings(world, capsys):
    _world_with_precedents(world)
    ParagraphEmbedding.objects.all().delete()
    call_command("reindex")
    assert "precedents: 2 paragraphs of 2 adopted texts" in capsys.readouterr().out
    assert ParagraphEmbedding.objects.count() == 2


def test_the_paragraph_page_loads_a_precedents_panel_with_insert_buttons_for_delegates(world):
    _world_with_precedents(world)
    panel = reverse("precedents:panel", args=["statement", "para_2"])
    page = client_for("delegate_a", world).get(
        reverse("negotiation:paragraph", args=["statement", "para_2"])
    )
    assert f'hx-get="{panel}"' in page.content.decode()
    delegate = client_for("delegate_a", world).get(
        panel + "?q=zephyr", headers={"HX-Request": "true"}
    )
    html = delegate.content.decode()
    assert OPEN in html and CLOSED in html and "Insert as amendment" in html
    assert "<html" not in html  # a fragment
    chair = client_for("chair", world).get(panel + "?q=zephyr").content.decode()
    assert OPEN in chair and "Insert as amendment" not in chair and "<html" in chair


def test_a_delegate_inserts_a_precedent_as_a_draft_amendment(world):
    _world_with_precedents(world)
    precedent_id = ParagraphEmbedding.objects.get(text__slug="open").paragraph_id
    url = reverse("precedents:insert", args=["statement", "para_2"])
    response = client_for("delegate_a", world).post(url, {"precedent": precedent_id})
    assert response.status_code == 302
    amendment = Amendment.objects.get(text__slug="statement", proposed_text=OPEN)
    assert (amendment.kind, amendment.state, amendment.provision.eid) == (
        AmendmentKind.REPLACE,
        AmendmentState.DRAFT,
        "para_2",
    )
    assert amendment.proposer == world.delegation_a
    assert "(para_1)" in amendment.justification


def test_inserting_is_refused_to_other_fora_and_for_unreadable_precedents(world):
    _world_with_precedents(world)
    adopted_text(world, "forum-b", ["Forum B's own."], published=False, forum=world.other_forum)
    services.rebuild_index()
    restricted_id = ParagraphEmbedding.objects.get(text__slug="closed").paragraph_id
    forum_b_id = ParagraphEmbedding.objects.get(text__slug="forum-b").paragraph_id
    url = reverse("precedents:insert", args=["statement", "para_2"])
    assert client_for("delegate_a", world).post(url, {"precedent": forum_b_id}).status_code == 404
    assert (
        client_for("delegate_c", world).post(url, {"precedent": restricted_id}).status_code == 404
    )
    assert client_for("chair", world).post(url, {"precedent": restricted_id}).status_code == 403
    assert not Amendment.objects.filter(proposed_text=CLOSED).exists()
