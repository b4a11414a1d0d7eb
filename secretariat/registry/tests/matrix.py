"""Permission-matrix entries of the registry (merged by secretariat.testing.matrix).

The rules they pin down (``registry/selectors.py``): economies, organisations, fora and
delegations are public; people are public only when ``is_public`` — members of any forum see
everyone, a signed-in person also themself; an economy's internal notes are its delegates'
alone (not the secretariat's, not a partner's, not another economy's)."""

from django.urls import reverse

from secretariat.registry.models import (
    Delegation,
    DelegationNote,
    Economy,
    Forum,
    ForumRole,
    Organisation,
    Person,
)
from secretariat.testing.checks import (
    ECONOMY_A,
    EVERYONE,
    HEAD_A,
    MEMBERS,
    SECRETARIAT,
    Check,
    Sees,
    api,
    i18n,
    page,
)

ALL_ECONOMIES = {"KR", "US", "JP"}
ALL_DELEGATIONS = {"delegation_a", "delegation_b", "delegation_c"}


def _people(world, url) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Two public people, three private ones, and the press member and exhibitor (private,
    but each sees themself)."""
    people = {
        "minister": world.public_person,
        "chair": world.people["chair"],
        "delegate_a": world.people["delegate_a"],
        "delegate_c": world.people["delegate_c"],
        "candidate_a": world.candidate_a,
        "press": world.people["press"],
        "exhibitor": world.people["exhibitor"],
    }
    return {label: url(person) for label, person in people.items()}


PUBLIC_PEOPLE = {"minister", "chair"}
PEOPLE_SEEN = {
    EVERYONE: PUBLIC_PEOPLE,
    MEMBERS: {"minister", "chair", "delegate_a", "delegate_c", "candidate_a", "press", "exhibitor"},
    "press": PUBLIC_PEOPLE | {"press"},
    "exhibitor": PUBLIC_PEOPLE | {"exhibitor"},
}


def _roles(world):  # type: ignore[no-untyped-def]
    role_of = {
        label: ForumRole.objects.get(person=world.people[label]).pk for label in ("chair", "head_c")
    }
    return {**role_of, "delegate_a": world.delegate_a_role.pk}


def _exists(model, **lookup):  # type: ignore[no-untyped-def]
    return lambda world: model.objects.filter(**lookup).exists()


def _note_created(world) -> bool:  # type: ignore[no-untyped-def]
    return DelegationNote.objects.filter(delegation=world.delegation_a, title="Fallback").exists()


def _accredited(world) -> bool:  # type: ignore[no-untyped-def]
    return ForumRole.objects.filter(person=world.candidate_a, forum=world.body).exists()


def _role_removed(world) -> bool:  # type: ignore[no-untyped-def]
    return not ForumRole.objects.filter(pk=world.delegate_a_role.pk).exists()


def _note_gone(world) -> bool:  # type: ignore[no-untyped-def]
    return not DelegationNote.objects.filter(pk=world.note_a.pk).exists()


def _note_edited(world) -> bool:  # type: ignore[no-untyped-def]
    return DelegationNote.objects.filter(pk=world.note_a.pk, body="Revised").exists()


PAGES: dict[str, Check | tuple[Check, ...]] = {
    "registry:economies": Check(
        "GET",
        page("registry:economies"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {
                code: reverse("registry:economy", args=[code]) for code in ALL_ECONOMIES
            },
            by_role={EVERYONE: ALL_ECONOMIES},
        ),
    ),
    "registry:economy": Check("GET", page("registry:economy", lambda w: "KR"), EVERYONE),
    "registry:economy_history": Check(
        "GET", page("registry:economy_history", lambda w: "KR"), MEMBERS
    ),
    "registry:organisations": Check("GET", page("registry:organisations"), EVERYONE),
    "registry:organisation": Check(
        "GET", page("registry:organisation", lambda w: "world-bank"), EVERYONE
    ),
    "registry:organisation_history": Check(
        "GET", page("registry:organisation_history", lambda w: "world-bank"), MEMBERS
    ),
    "registry:fora": Check(
        "GET",
        page("registry:fora"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {
                slug: reverse("registry:forum", args=[slug]) for slug in ("daib", "telwg")
            },
            by_role={EVERYONE: {"daib", "telwg"}},
        ),
    ),
    # Officers link to their person; heads of delegation are named in the delegations table:
    # people who are not public only to members (the chair is public).
    "registry:forum": Check(
        "GET",
        page("registry:forum", lambda w: "daib"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {
                "chair": f'"{reverse("registry:person", args=[w.people["chair"].pk])}"',
                "partner": f'"{reverse("registry:person", args=[w.people["partner"].pk])}"',
                "head_a": f"<td>{w.people['head_a']}</td>",
            },
            by_role={EVERYONE: {"chair"}, MEMBERS: {"chair", "partner", "head_a"}},
        ),
    ),
    "registry:forum_history": Check(
        "GET", page("registry:forum_history", lambda w: "daib"), MEMBERS
    ),
    "registry:people": Check(
        "GET",
        page("registry:people"),
        EVERYONE,
        sees=Sees(
            items=lambda w: _people(w, lambda p: reverse("registry:person", args=[p.pk])),
            by_role=PEOPLE_SEEN,
        ),
    ),
    "registry:person": Check(
        "GET", page("registry:person", lambda w: w.people["delegate_a"].pk), MEMBERS
    ),
    "registry:person_history": Check(
        "GET", page("registry:person_history", lambda w: w.public_person.pk), SECRETARIAT
    ),
    "registry:delegation": Check(
        "GET",
        page("registry:delegation", lambda w: w.delegation_a.pk),
        EVERYONE,
        # Korea's internal notes are listed on its delegation's page, to Korea's delegates only.
        sees=Sees(items=lambda w: {"note_a": w.note_a.title}, by_role={ECONOMY_A: {"note_a"}}),
    ),
    "registry:delegation_history": Check(
        "GET", page("registry:delegation_history", lambda w: w.delegation_a.pk), MEMBERS
    ),
    "registry:accredit": Check(
        "POST",
        page("registry:accredit", lambda w: w.delegation_a.pk),
        HEAD_A,
        lambda w: {"person": w.candidate_a.pk},
        effect=_accredited,
    ),
    "registry:add_note": Check(
        "POST",
        page("registry:add_note", lambda w: w.delegation_a.pk),
        ECONOMY_A,
        lambda w: {"title": "Fallback", "body": "Keep para 4"},
        effect=_note_created,
    ),
    "registry:edit_note": (
        Check("GET", page("registry:edit_note", lambda w: w.note_a.pk), ECONOMY_A),
        Check(
            "POST",
            page("registry:edit_note", lambda w: w.note_a.pk),
            ECONOMY_A,
            lambda w: {"version": 1, "title": w.note_a.title, "body": "Revised"},
            effect=_note_edited,
        ),
    ),
    "registry:delete_note": (
        Check("GET", page("registry:delete_note", lambda w: w.note_a.pk), ECONOMY_A),
        Check(
            "POST",
            page("registry:delete_note", lambda w: w.note_a.pk),
            ECONOMY_A,
            effect=_note_gone,
        ),
    ),
    "registry:remove_role": Check(
        "POST",
        page("registry:remove_role", lambda w: w.delegate_a_role.pk),
        HEAD_A,
        effect=_role_removed,
    ),
}

API: dict[str, Check] = {
    "list_economies": Check(
        "GET",
        api("/registry/economies"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {code: code for code in ALL_ECONOMIES},
            by_role={EVERYONE: ALL_ECONOMIES},
        ),
    ),
    "get_economy": Check("GET", api("/registry/economies/KR"), EVERYONE),
    "create_economy": Check(
        "POST",
        api("/registry/economies"),
        SECRETARIAT,
        lambda w: {"code": "CL", "code_alpha3": "CHL", "name": i18n("Chile"), "joined_year": 1994},
        effect=_exists(Economy, code="CL"),
    ),
    "update_economy": Check(
        "PATCH",
        api("/registry/economies/KR"),
        SECRETARIAT,
        lambda w: {"version": 1, "joined_year": 1991},
        effect=_exists(Economy, code="KR", joined_year=1991),
    ),
    "list_organisations": Check("GET", api("/registry/organisations"), EVERYONE),
    "get_organisation": Check("GET", api("/registry/organisations/world-bank"), EVERYONE),
    "create_organisation": Check(
        "POST",
        api("/registry/organisations"),
        SECRETARIAT,
        lambda w: {"slug": "itu-t", "kind": "standards_body", "name": i18n("ITU-T")},
        effect=_exists(Organisation, slug="itu-t"),
    ),
    "update_organisation": Check(
        "PATCH",
        api("/registry/organisations/world-bank"),
        SECRETARIAT,
        lambda w: {"version": 1, "acronym": "WBG"},
        effect=_exists(Organisation, slug="world-bank", acronym="WBG"),
    ),
    "list_fora": Check(
        "GET",
        api("/registry/fora"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {"daib": "daib", "telwg": "telwg"},
            by_role={EVERYONE: {"daib", "telwg"}},
        ),
    ),
    "get_forum": Check("GET", api("/registry/fora/daib"), EVERYONE),
    "create_forum": Check(
        "POST",
        api("/registry/fora"),
        SECRETARIAT,
        lambda w: {
            "slug": "desg",
            "abbreviation": "DESG",
            "kind": "steering_group",
            "name": i18n("Digital Economy Steering Group"),
        },
        effect=_exists(Forum, slug="desg"),
    ),
    "update_forum": Check(
        "PATCH",
        api("/registry/fora/daib"),
        SECRETARIAT,
        lambda w: {"version": 1, "established_year": 2025},
        effect=_exists(Forum, slug="daib", established_year=2025),
    ),
    "list_people": Check(
        "GET",
        api("/registry/people?limit=500"),
        EVERYONE,
        sees=Sees(items=lambda w: _people(w, lambda p: p.pk), by_role=PEOPLE_SEEN),
    ),
    "get_person": Check("GET", api("/registry/people/{w.people[delegate_a].pk}"), MEMBERS),
    "create_person": Check(
        "POST",
        api("/registry/people"),
        SECRETARIAT,
        lambda w: {"family_name": "NEW", "economy": "KR"},
        effect=_exists(Person, family_name="NEW"),
    ),
    "update_person": Check(
        "PATCH",
        api("/registry/people/{w.public_person.pk}"),
        SECRETARIAT,
        lambda w: {"version": 1, "given_name": "Updated"},
        effect=lambda w: Person.objects.filter(
            pk=w.public_person.pk, given_name="Updated"
        ).exists(),
    ),
    "list_delegations": Check(
        "GET",
        api("/registry/delegations?limit=500"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {name: getattr(w, name).pk for name in ALL_DELEGATIONS},
            by_role={EVERYONE: ALL_DELEGATIONS},
        ),
    ),
    "get_delegation": Check("GET", api("/registry/delegations/{w.delegation_a.pk}"), EVERYONE),
    "create_delegation": Check(
        "POST",
        api("/registry/delegations"),
        SECRETARIAT,
        lambda w: {"economy": "KR", "forum": "telwg"},
        effect=_exists(Delegation, economy__code="KR", forum__slug="telwg"),
    ),
    "accredit_delegate": Check(
        "POST",
        api("/registry/delegations/{w.delegation_a.pk}/delegates"),
        HEAD_A,
        lambda w: {"person": w.candidate_a.pk},
        effect=_accredited,
    ),
    "list_roles": Check(
        "GET",
        api("/registry/roles?limit=500"),
        EVERYONE,
        sees=Sees(
            items=_roles,
            by_role={EVERYONE: {"chair"}, MEMBERS: {"chair", "head_c", "delegate_a"}},
        ),
    ),
    "get_role": Check("GET", api("/registry/roles/{w.delegate_a_role.pk}"), MEMBERS),
    "assign_role": Check(
        "POST",
        api("/registry/roles"),
        SECRETARIAT,
        lambda w: {"person": w.public_person.pk, "forum": "telwg", "kind": "chair"},
        effect=lambda w: ForumRole.objects.filter(
            person=w.public_person, forum=w.other_forum, kind="chair"
        ).exists(),
    ),
    "remove_role": Check(
        "DELETE", api("/registry/roles/{w.delegate_a_role.pk}"), HEAD_A, effect=_role_removed
    ),
    "list_delegation_notes": Check(
        "GET",
        api("/registry/delegations/{w.delegation_a.pk}/notes"),
        ECONOMY_A,
        sees=Sees(items=lambda w: {"note_a": w.note_a.pk}, by_role={ECONOMY_A: {"note_a"}}),
    ),
    "create_delegation_note": Check(
        "POST",
        api("/registry/delegations/{w.delegation_a.pk}/notes"),
        ECONOMY_A,
        lambda w: {"title": "Fallback", "body": "para 4"},
        effect=_note_created,
    ),
    "get_note": Check("GET", api("/registry/notes/{w.note_a.pk}"), ECONOMY_A),
    "update_note": Check(
        "PATCH",
        api("/registry/notes/{w.note_a.pk}"),
        ECONOMY_A,
        lambda w: {"version": 1, "body": "Revised"},
        effect=_note_edited,
    ),
    "delete_note": Check(
        "DELETE", api("/registry/notes/{w.note_a.pk}"), ECONOMY_A, effect=_note_gone
    ),
}
