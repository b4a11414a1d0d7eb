import pytest

from secretariat.core.models import AuditEntry
from secretariat.registry import demo
from secretariat.registry.models import DelegationNote, Economy, Organisation
from secretariat.testing.api import call
from secretariat.testing.world import client_for


@pytest.mark.django_db
def test_economies_list_returns_the_21_with_apec_names_and_iso_codes(client):
    demo.seed()
    body = client.get("/api/registry/economies?limit=100").json()
    assert body["count"] == 21
    by_code = {item["code"]: item for item in body["items"]}
    assert by_code["TW"]["name"]["en"]["text"] == "Chinese Taipei"
    assert by_code["TW"]["code_alpha3"] == "TWN"
    assert by_code["HK"]["display_name"] == "Hong Kong, China"
    assert by_code["VN"]["joined_year"] == 1998


@pytest.mark.django_db
def test_lists_are_paginated_and_filterable(client):
    demo.seed()
    page = client.get("/api/registry/economies?limit=5&offset=5").json()
    assert page["count"] == 21 and len(page["items"]) == 5
    korea = client.get("/api/registry/economies?q=korea").json()
    assert [item["code"] for item in korea["items"]] == ["KR"]
    in_korean = client.get("/api/registry/economies?q=대한민국").json()
    assert [item["code"] for item in in_korean["items"]] == ["KR"]
    late = client.get("/api/registry/economies?joined_from=1998").json()
    assert {item["code"] for item in late["items"]} == {"PE", "RU", "VN"}
    fora = client.get("/api/registry/fora?parent=sce").json()
    assert {item["slug"] for item in fora["items"]} == {"telwg", "ppsti"}


@pytest.mark.django_db
def test_display_name_follows_accept_language(client):
    demo.seed()
    body = client.get("/api/registry/economies/KR", headers={"Accept-Language": "ko"}).json()
    assert body["display_name"] == "대한민국"


@pytest.mark.django_db
def test_stale_version_gets_409_with_the_current_state_and_loses_nothing(world):
    client = client_for("secretariat", world)
    first = call(
        client, "PATCH", "/registry/organisations/world-bank", {"version": 1, "acronym": "WBG"}
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = call(
        client, "PATCH", "/registry/organisations/world-bank", {"version": 1, "acronym": "IBRD"}
    )
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"
    assert stale.json()["current"]["acronym"] == "WBG"
    assert Organisation.objects.get(slug="world-bank").acronym == "WBG"


@pytest.mark.django_db
def test_invalid_input_gets_422_problem_and_writes_nothing(world):
    client = client_for("secretariat", world)
    audit_before = AuditEntry.objects.count()
    cases = [
        {
            "code": "K1",
            "code_alpha3": "KOR",
            "name": {"en": {"text": "x", "status": "original"}},
            "joined_year": 1989,
        },
        {
            "code": "ZZ",
            "code_alpha3": "ZZZ",
            "name": {"xx": {"text": "x", "status": "original"}},
            "joined_year": 1989,
        },
        {"code": "ZZ", "code_alpha3": "ZZZ", "name": {}, "joined_year": 1989},
        {
            "code": "ZZ",
            "code_alpha3": "ZZZ",
            "name": {"en": {"text": "x", "status": "original"}},
            "joined_year": 1800,
        },
    ]
    for body in cases:
        response = call(client, "POST", "/registry/economies", body)
        assert response.status_code == 422, body
        problem = response.json()
        assert problem["status"] == 422 and problem["detail"]
    assert not Economy.objects.filter(code="ZZ").exists()
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_unknown_reference_in_a_body_is_a_422_naming_the_field(world):
    client = client_for("secretariat", world)
    response = call(client, "POST", "/registry/delegations", {"economy": "KR", "forum": "nope"})
    assert response.status_code == 422
    assert "forum" in response.json()["errors"]


@pytest.mark.django_db
def test_duplicate_delegation_is_refused_cleanly(world):
    client = client_for("secretariat", world)
    response = call(client, "POST", "/registry/delegations", {"economy": "KR", "forum": "daib"})
    assert response.status_code == 422


@pytest.mark.django_db
def test_forum_cannot_become_its_own_ancestor(world):
    client = client_for("secretariat", world)
    call(client, "PATCH", "/registry/fora/telwg", {"version": 1, "parent": "daib"})
    response = call(client, "PATCH", "/registry/fora/daib", {"version": 1, "parent": "telwg"})
    assert response.status_code == 422


@pytest.mark.django_db
def test_public_sees_only_public_people_and_no_emails(world):
    anonymous = client_for("anonymous", world).get("/api/registry/people?limit=100").json()
    assert {p["family_name"] for p in anonymous["items"]} == {
        world.public_person.family_name,
        world.people["chair"].family_name,
    }
    assert all(p["email"] is None for p in anonymous["items"])
    delegate = client_for("delegate_b", world).get("/api/registry/people?limit=100").json()
    assert delegate["count"] > anonymous["count"]
    assert all(
        p["email"] is None for p in delegate["items"] if p["id"] != world.people["delegate_b"].pk
    )
    staff = client_for("secretariat", world).get("/api/registry/people?limit=100").json()
    assert any(p["email"] for p in staff["items"])


@pytest.mark.django_db
def test_other_economy_and_secretariat_cannot_read_an_economys_notes(world):
    for role in ("delegate_b", "secretariat", "partner", "chair"):
        client = client_for(role, world)
        assert client.get(f"/api/registry/notes/{world.note_a.pk}").status_code == 404
        listing = client.get(f"/api/registry/delegations/{world.delegation_a.pk}/notes")
        assert listing.status_code == 403
    own = (
        client_for("delegate_a", world)
        .get(f"/api/registry/delegations/{world.delegation_a.pk}/notes")
        .json()
    )
    assert [note["title"] for note in own["items"]] == [world.note_a.title]


@pytest.mark.django_db
def test_note_edits_never_overwrite_each_other(world):
    delegate, head = client_for("delegate_a", world), client_for("head_a", world)
    path = f"/registry/notes/{world.note_a.pk}"
    assert call(delegate, "PATCH", path, {"version": 1, "body": "mine"}).status_code == 200
    late = call(head, "PATCH", path, {"version": 1, "body": "theirs"})
    assert late.status_code == 409 and late.json()["current"]["body"] == "mine"
    assert DelegationNote.objects.get(pk=world.note_a.pk).body == "mine"


@pytest.mark.django_db
def test_head_of_delegation_accredits_only_people_of_their_economy(world):
    head = client_for("head_a", world)
    path = f"/registry/delegations/{world.delegation_a.pk}/delegates"
    foreign = call(head, "POST", path, {"person": world.people["delegate_b"].pk})
    assert foreign.status_code == 422
    ok = call(head, "POST", path, {"person": world.candidate_a.pk})
    assert ok.status_code == 201 and ok.json()["kind"] == "delegate"
    again = call(head, "POST", path, {"person": world.candidate_a.pk})
    assert again.status_code == 422


@pytest.mark.django_db
def test_session_writes_need_the_csrf_token(world):
    client = client_for("secretariat", world)
    client.handler.enforce_csrf_checks = True
    response = call(client, "PATCH", "/registry/fora/daib", {"version": 1, "is_active": False})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


@pytest.mark.django_db
def test_text_no_database_can_store_is_refused_with_a_4xx(world):
    client = client_for("secretariat", world)
    nul = call(
        client,
        "POST",
        "/registry/economies",
        {
            "code": "ZZ",
            "code_alpha3": "ZZZ",
            "name": {"en": {"text": "bad\u0000name", "status": "original"}},
            "joined_year": 1990,
        },
    )
    assert nul.status_code == 422 and "NUL" in nul.json()["detail"]
    surrogate = client.generic(
        "POST",
        "/api/registry/economies",
        data='{"code": "ZZ", "code_alpha3": "ZZZ", "name": {"en": '
        '{"text": "\\udb36", "status": "original"}}, '
        '"joined_year": 1990}',
        content_type="application/json",
    )
    assert surrogate.status_code == 422
    query = client.get("/api/registry/economies?q=a%00b")
    assert query.status_code == 400
    assert not Economy.objects.filter(code="ZZ").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/registry/economies?offset=99999999999999999999",
        "/api/registry/economies?limit=99999999999999999999",
        "/api/registry/people/99999999999999999999",
        "/api/registry/roles?person=99999999999999999999",
    ],
)
def test_out_of_range_numbers_are_invalid_input_not_errors(client, url):
    assert client.get(url).status_code == 422


@pytest.mark.django_db
def test_out_of_range_ids_in_page_urls_are_not_found(client):
    assert client.get("/en/registry/people/99999999999999999999/").status_code == 404


@pytest.mark.django_db
def test_an_explicit_null_clears_an_optional_field(world):
    client = client_for("secretariat", world)
    set_parent = call(client, "PATCH", "/registry/fora/telwg", {"version": 1, "parent": "daib"})
    assert set_parent.json()["parent"] == "daib"
    cleared = call(client, "PATCH", "/registry/fora/telwg", {"version": 2, "parent": None})
    assert cleared.status_code == 200 and cleared.json()["parent"] is None
    required = call(client, "PATCH", "/registry/fora/telwg", {"version": 3, "name": None})
    assert required.status_code == 422


@pytest.mark.django_db
def test_an_update_without_changes_is_refused(world):
    client = client_for("secretariat", world)
    assert call(client, "PATCH", "/registry/fora/telwg", {"version": 1}).status_code == 422


@pytest.mark.django_db
def test_nobody_outside_an_economy_can_be_made_its_delegate(world):
    head = client_for("head_a", world)
    path = f"/registry/delegations/{world.delegation_a.pk}/delegates"
    partner = call(head, "POST", path, {"person": world.people["partner"].pk})
    assert partner.status_code == 422
    staff = client_for("secretariat", world)
    world.people["secretariat"].economy = world.economy_a
    world.people["secretariat"].save(update_fields=["economy"])
    itself = call(
        staff,
        "POST",
        "/registry/roles",
        {
            "person": world.people["secretariat"].pk,
            "forum": "daib",
            "kind": "delegate",
            "delegation": world.delegation_a.pk,
        },
    )
    assert itself.status_code == 422
    for role in ("partner", "secretariat"):
        notes = client_for(role, world).get(
            f"/api/registry/delegations/{world.delegation_a.pk}/notes"
        )
        assert notes.status_code == 403


@pytest.mark.django_db
def test_a_body_that_is_not_a_json_object_is_refused(world):
    client = client_for("delegate_a", world)
    path = f"/registry/delegations/{world.delegation_a.pk}/notes"
    for body in ("hello world", ["title"], 42):
        assert call(client, "POST", path, body).status_code == 422
    assert DelegationNote.objects.filter(delegation=world.delegation_a).count() == 1


@pytest.mark.django_db
def test_forum_cycles_are_refused_everywhere(world):
    from secretariat.registry.models import Forum

    client = client_for("secretariat", world)
    call(client, "PATCH", "/registry/fora/telwg", {"version": 1, "parent": "daib"})
    assert (
        call(client, "PATCH", "/registry/fora/daib", {"version": 1, "parent": "telwg"}).status_code
        == 422
    )
    body = Forum.objects.get(slug="daib")
    admin = client.post(
        f"/admin/registry/forum/{body.pk}/change/",
        {
            "slug": "daib",
            "abbreviation": "DAIB",
            "kind": "high_level_body",
            "name": '{"en": {"text": "Body", "status": "original"}}',
            "description": "{}",
            "parent": body.pk,
            "is_active": "on",
            "loaded_version": body.version,
        },
    )
    assert admin.status_code == 200 and "own ancestor" in admin.content.decode()
    assert Forum.objects.get(slug="daib").parent_id is None


@pytest.mark.django_db
def test_unknown_api_paths_and_methods_answer_in_problem_json(client):
    for response in (client.get("/api/nowhere"), client.put("/api/registry/economies/KR")):
        assert response.status_code in (404, 405)
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_heads_of_delegation_that_are_not_public_stay_hidden(world):
    path = f"/api/registry/delegations/{world.delegation_a.pk}"
    assert client_for("anonymous", world).get(path).json()["head"] is None
    assert client_for("delegate_b", world).get(path).json()["head"] == world.people["head_a"].pk
    listing = client_for("anonymous", world).get("/api/registry/delegations").json()
    assert all(item["head"] is None for item in listing["items"])
