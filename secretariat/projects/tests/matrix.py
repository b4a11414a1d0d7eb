"""Permission-matrix entries for projects (merged by secretariat/testing/matrix.py).

The world: an approved (public) project of Korea in the high-level body ("pub"), with a
milestone; Korea's concept note there, co-sponsored by the US and Japan ("note") and one
without co-sponsors ("lonely"); a scored one the chair may endorse ("scored"); Japan's
concept note in TELWG ("telwg_note"); a proposal of the body co-owned by TELWG ("joint");
an approved standardisation work item ("item"). An open scoring round of the body holds
"note", with delegate B's scores in it. Concept notes and proposals are their owning fora's
members' and the secretariat's; approved projects are everyone's."""

from secretariat.core.i18n import translations
from secretariat.core.models import AuditEntry
from secretariat.meetings.tests.factories import DocumentFactory, MeetingFactory
from secretariat.negotiation.models import Provision
from secretariat.negotiation.tests.factories import make_text
from secretariat.projects.choices import RoundState
from secretariat.projects.models import (
    Cosponsorship,
    Criterion,
    Deliverable,
    Milestone,
    ParagraphLink,
    Project,
    Score,
    ScoringRound,
    StageChange,
)
from secretariat.registry.choices import OrganisationKind
from secretariat.registry.tests.factories import OrganisationFactory
from secretariat.testing.checks import (
    EVERYONE,
    FORUM_A,
    FORUM_B,
    SECRETARIAT,
    SIGNED_IN,
    Check,
    Sees,
    api,
    i18n,
    page,
)

from .factories import CosponsorshipFactory, MilestoneFactory, ProjectFactory, kind, state

TITLES = {
    "pub": "Narwhal public project",
    "note": "Okapi concept note",
    "lonely": "Tapir lonely note",
    "scored": "Axolotl scored note",
    "telwg_note": "Pangolin TELWG note",
    "joint": "Quetzal joint proposal",
    "item": "Saola work item",
}
BODY_MEMBERS = FORUM_A
READ_BY = {
    "pub": EVERYONE,
    "note": BODY_MEMBERS,
    "lonely": BODY_MEMBERS,
    "scored": BODY_MEMBERS,
    "telwg_note": FORUM_B,
    "joint": BODY_MEMBERS | FORUM_B,
    "item": EVERYONE,
}
PUBLIC = {"pub", "item"}
SEEN = {
    EVERYONE: PUBLIC,
    BODY_MEMBERS: PUBLIC | {"note", "lonely", "scored", "joint"},
    FORUM_B: PUBLIC | {"telwg_note", "joint"},
    "secretariat": set(TITLES),
}
PROPOSER = frozenset({"delegate_a", "head_a", "secretariat"})  # Korea's delegates, overseer
BODY_DELEGATES = frozenset({"delegate_a", "head_a", "delegate_b", "head_b"})
CHAIR = frozenset({"chair", "secretariat"})


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    def project(label, **kwargs):  # type: ignore[no-untyped-def]
        fields = {
            "proposing_economy": world.economy_a,
            "overseer": world.people["delegate_a"],
            "responsible_forum": world.body,
        } | kwargs
        return ProjectFactory(title=translations("en", en=TITLES[label]), **fields)

    projects = {
        "pub": project("pub", state=state("approved")),
        "note": project("note"),
        "lonely": project("lonely"),
        "scored": project("scored", state=state("scored")),
        "telwg_note": project(
            "telwg_note",
            proposing_economy=world.economy_c,
            overseer=world.people["delegate_c"],
            responsible_forum=world.other_forum,
        ),
        "joint": project("joint", state=state("proposal")),
        "item": project(
            "item",
            kind=kind("standardisation"),
            state=state("approved", "standardisation"),
            target_body=OrganisationFactory(slug="iso-sc42", kind=OrganisationKind.STANDARDS_BODY),
            body_reference="ISO/IEC 42001",
        ),
    }
    projects["joint"].co_owning_fora.add(world.other_forum)
    for label in ("note", "scored"):
        CosponsorshipFactory(project=projects[label], economy=world.economy_b,
                             given_by=world.people["head_b"])  # fmt: skip
        CosponsorshipFactory(project=projects[label], economy=world.economy_c,
                             given_by=world.people["head_c"])  # fmt: skip
    milestone = MilestoneFactory(project=projects["pub"])
    scoring_round = ScoringRound.objects.create(forum=world.body, name="Matrix scoring round")
    scoring_round.criteria.set(Criterion.objects.filter(is_active=True))
    scoring_round.projects.add(projects["note"])
    for criterion in Criterion.objects.filter(is_active=True):
        Score.objects.create(round=scoring_round, project=projects["note"], criterion=criterion,
                             scorer=world.people["delegate_b"], value=3)  # fmt: skip
    document = DocumentFactory(meeting=MeetingFactory(forum=world.body, code="PRJMTG"))
    text = make_text(world, slug="projects-declaration")
    eid = Provision.objects.filter(text=text).order_by("pk").first().eid  # type: ignore[union-attr]
    world.extra.update(projects=projects, project_milestone=milestone, project_round=scoring_round,
                       project_document=document, project_text=text, project_eid=eid)  # fmt: skip


def _id(label):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["projects"][label].pk


def _version(label):  # type: ignore[no-untyped-def]
    return lambda w: Project.objects.get(pk=w.extra["projects"][label].pk).version


def _round(w):  # type: ignore[no-untyped-def]
    return w.extra["project_round"].pk


def _titles(w):  # type: ignore[no-untyped-def]
    return dict(TITLES)


def _ids(w):  # type: ignore[no-untyped-def]
    return {label: p.pk for label, p in w.extra["projects"].items()}


def _in_state(label, slug):  # type: ignore[no-untyped-def]
    return lambda w: Project.objects.filter(pk=_id(label)(w), state__slug=slug).exists()


def _titled(title):  # type: ignore[no-untyped-def]
    return lambda w: Project.objects.filter(title__en__text=title).exists()


def _us_sponsors(label):  # type: ignore[no-untyped-def]
    return lambda w: Cosponsorship.objects.filter(
        project_id=_id(label)(w), economy__code="US", withdrawn_at__isnull=True
    ).exists()


def _us_withdrew(w):  # type: ignore[no-untyped-def]
    return Cosponsorship.objects.filter(
        project_id=_id("note")(w), economy__code="US", withdrawn_at__isnull=False
    ).exists()


def _milestone_added(title):  # type: ignore[no-untyped-def]
    return lambda w: Milestone.objects.filter(title__en__text=title).exists()


def _milestone_done(w):  # type: ignore[no-untyped-def]
    return Milestone.objects.filter(pk=w.extra["project_milestone"].pk, state="done").exists()


def _closed(w):  # type: ignore[no-untyped-def]
    return ScoringRound.objects.filter(pk=_round(w), state=RoundState.CLOSED).exists()


def _round_named(name):  # type: ignore[no-untyped-def]
    return lambda w: ScoringRound.objects.filter(name=name).exists()


def _scored_by_matrix(w):  # type: ignore[no-untyped-def]
    return Score.objects.filter(comment="Matrix mark").exists()


def _page_marks(w):  # type: ignore[no-untyped-def]
    marks = {f"value-{c.slug}": "4" for c in Criterion.objects.filter(is_active=True)}
    comments = {
        f"comment-{c.slug}": "Matrix mark" for c in Criterion.objects.filter(is_active=True)
    }
    return {"project": _id("note")(w), **marks, **comments}


def _api_marks(w):  # type: ignore[no-untyped-def]
    return {
        "project": _id("note")(w),
        "marks": {c.slug: {"value": 4, "comment": "Matrix mark"}
                  for c in Criterion.objects.filter(is_active=True)},
    }  # fmt: skip


def _concept_form(title):  # type: ignore[no-untyped-def]
    return lambda w: {
        "kind": "joint-research",
        "forum": "daib",
        "title": title,
        "summary": "Written in the matrix.",
        "funding_account": "self",
        "funding_currency": "USD",
    }


def _rounds_seen(w):  # type: ignore[no-untyped-def]
    return {"round": "Matrix scoring round"}


def _audit(action):  # type: ignore[no-untyped-def]
    return lambda w: AuditEntry.objects.filter(action=action).exists()


PAGES: dict[str, Check | tuple[Check, ...]] = {
    "projects:list": Check(
        "GET", page("projects:list"), EVERYONE, sees=Sees(items=_titles, by_role=SEEN)
    ),
    "projects:csv": Check(
        "GET", page("projects:csv"), EVERYONE, sees=Sees(items=_titles, by_role=SEEN)
    ),
    "projects:create": (
        Check(
            "GET", page("projects:create"), BODY_DELEGATES | {"delegate_c", "head_c"}
        ),  # fmt: skip
        Check(
            "POST",
            page("projects:create"),
            BODY_DELEGATES,
            _concept_form("Matrix concept note"),
            effect=_titled("Matrix concept note"),
        ),
    ),
    "projects:detail": tuple(
        Check("GET", page("projects:detail", _id(label)), allowed)
        for label, allowed in READ_BY.items()
    ),
    "projects:transition": Check(
        "POST",
        page("projects:transition", _id("scored")),
        CHAIR,
        lambda w: {"version": _version("scored")(w), "state": "endorsed"},
        effect=_in_state("scored", "endorsed"),
    ),
    "projects:cosponsor": Check(
        "POST",
        page("projects:cosponsor", _id("lonely")),
        frozenset({"head_b"}),
        lambda w: {"economy": "US"},
        effect=_us_sponsors("lonely"),
    ),
    "projects:withdraw_cosponsorship": Check(
        "POST",
        page("projects:withdraw_cosponsorship", _id("note")),
        frozenset({"head_b"}),
        lambda w: {"economy": "US"},
        effect=_us_withdrew,
    ),
    "projects:add_milestone": Check(
        "POST",
        page("projects:add_milestone", _id("note")),
        PROPOSER,
        lambda w: {"title": "Matrix milestone", "due_on": "2031-01-31"},
        effect=_milestone_added("Matrix milestone"),
    ),
    "projects:milestone_state": Check(
        "POST",
        page("projects:milestone_state", lambda w: w.extra["project_milestone"].pk),
        PROPOSER,
        lambda w: {"version": w.extra["project_milestone"].version, "state": "done"},
        effect=_milestone_done,
    ),
    "projects:rounds": Check(
        "GET",
        page("projects:rounds"),
        SIGNED_IN,
        sees=Sees(items=_rounds_seen, by_role={BODY_MEMBERS: {"round"}}),
    ),
    "projects:open_round": Check(
        "POST",
        page("projects:open_round"),
        CHAIR,
        lambda w: {"name": "Matrix page round", "projects": [_id("note")(w)]},
        effect=_round_named("Matrix page round"),
    ),
    "projects:round": Check("GET", page("projects:round", _round), BODY_MEMBERS),
    "projects:score": Check(
        "POST",
        page("projects:score", _round),
        BODY_DELEGATES,
        _page_marks,
        effect=_scored_by_matrix,
    ),  # fmt: skip
    "projects:close_round": Check(
        "POST",
        page("projects:close_round", _round),
        CHAIR,
        lambda w: {"version": w.extra["project_round"].version},
        effect=_closed,
    ),
}

API: dict[str, Check | tuple[Check, ...]] = {
    "list_projects": Check("GET", api("/projects/"), EVERYONE, sees=Sees(items=_ids, by_role=SEEN)),
    "list_project_kinds": Check("GET", api("/projects/kinds"), EVERYONE),
    "get_project": tuple(
        Check("GET", lambda w, label=label: f"/api/projects/{_id(label)(w)}", allowed)
        for label, allowed in READ_BY.items()
    ),
    "create_project": Check(
        "POST",
        api("/projects/"),
        PROPOSER,
        lambda w: {
            "kind": "joint-research",
            "title": i18n("Matrix API concept note"),
            "proposing_economy": "KR",
            "overseer": w.people["delegate_a"].pk,
            "responsible_forum": "daib",
            "co_owning_fora": ["telwg"],
        },
        effect=_titled("Matrix API concept note"),
    ),
    "update_project": Check(
        "PATCH",
        lambda w: f"/api/projects/{_id('note')(w)}",
        PROPOSER,
        lambda w: {"version": _version("note")(w), "title": i18n("Okapi renamed")},
        effect=_titled("Okapi renamed"),
    ),
    "change_project_state": Check(
        "POST",
        lambda w: f"/api/projects/{_id('scored')(w)}/transitions",
        CHAIR,
        lambda w: {"version": _version("scored")(w), "state": "endorsed"},
        effect=_in_state("scored", "endorsed"),
    ),
    "cosponsor_project": Check(
        "POST",
        lambda w: f"/api/projects/{_id('lonely')(w)}/cosponsors",
        frozenset({"head_b"}),
        lambda w: {"economy": "US"},
        effect=_us_sponsors("lonely"),
    ),
    "withdraw_cosponsorship": Check(
        "POST",
        lambda w: f"/api/projects/{_id('note')(w)}/cosponsors/withdraw",
        frozenset({"head_b"}),
        lambda w: {"economy": "US"},
        effect=_us_withdrew,
    ),
    "request_cosponsors": Check(
        "POST",
        lambda w: f"/api/projects/{_id('lonely')(w)}/cosponsor-requests",
        PROPOSER,
        lambda w: {"economies": ["US"]},
        effect=_audit("projects.cosponsorship.requested"),
    ),
    "add_milestone": Check(
        "POST",
        lambda w: f"/api/projects/{_id('note')(w)}/milestones",
        PROPOSER,
        lambda w: {"title": i18n("Matrix API milestone"), "due_on": "2031-02-28"},
        effect=_milestone_added("Matrix API milestone"),
    ),
    "update_milestone": Check(
        "PATCH",
        lambda w: f"/api/projects/milestones/{w.extra['project_milestone'].pk}",
        PROPOSER,
        lambda w: {"version": w.extra["project_milestone"].version, "state": "done"},
        effect=_milestone_done,
    ),
    "link_deliverable": Check(
        "POST",
        lambda w: f"/api/projects/{_id('note')(w)}/deliverables",
        PROPOSER,
        lambda w: {"document": w.extra["project_document"].pk},
        effect=lambda w: Deliverable.objects.filter(document=w.extra["project_document"]).exists(),
    ),
    "link_paragraph": Check(
        "POST",
        lambda w: f"/api/projects/{_id('note')(w)}/paragraphs",
        PROPOSER,
        lambda w: {"text": "projects-declaration", "eid": w.extra["project_eid"]},
        effect=lambda w: ParagraphLink.objects.filter(eid=w.extra["project_eid"]).exists(),
    ),
    "record_stage": Check(
        "POST",
        lambda w: f"/api/projects/{_id('item')(w)}/stages",
        PROPOSER,
        lambda w: {"stage": "40.20", "reached_on": "2026-11-02"},
        effect=lambda w: StageChange.objects.filter(stage__code="40.20").exists(),
    ),
    "list_scoring_rounds": Check(
        "GET",
        api("/projects/rounds/"),
        EVERYONE,
        sees=Sees(items=lambda w: {"round": _round(w)}, by_role={BODY_MEMBERS: {"round"}}),
    ),
    "get_scoring_round": Check("GET", lambda w: f"/api/projects/rounds/{_round(w)}", BODY_MEMBERS),
    "open_scoring_round": Check(
        "POST",
        api("/projects/rounds/"),
        CHAIR,
        lambda w: {"forum": "daib", "name": "Matrix API round", "projects": [_id("note")(w)]},
        effect=_round_named("Matrix API round"),
    ),
    "list_round_scores": Check(
        "GET", lambda w: f"/api/projects/rounds/{_round(w)}/scores", BODY_MEMBERS
    ),
    "score_concept_note": Check(
        "POST",
        lambda w: f"/api/projects/rounds/{_round(w)}/scores",
        BODY_DELEGATES,
        _api_marks,
        effect=_scored_by_matrix,
    ),
    "close_scoring_round": Check(
        "POST",
        lambda w: f"/api/projects/rounds/{_round(w)}/close",
        CHAIR,
        lambda w: {"version": w.extra["project_round"].version},
        effect=_closed,
    ),
    "get_round_ranking": Check(
        "GET", lambda w: f"/api/projects/rounds/{_round(w)}/ranking", BODY_MEMBERS
    ),
}

__all__ = ["PAGES", "API", "SECRETARIAT", "extend_world"]
