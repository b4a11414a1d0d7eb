"""Permission-matrix entries for commitments (merged by secretariat/testing/matrix.py).

The world: a published adopted statement of forum A with a confirmed commitment (``c1``,
all economies), a suggestion (``c2``, the secretariat's only) and a paragraph not yet
suggested; an open cycle and a cycle whose final scores are published. Reports on ``c1``:
Korea's draft (Korea's delegates only — not even the secretariat), the United States'
submitted report (members of the body), Japan's submitted report in the published cycle
(everyone). Scores: Korea's interim score (Korea and the assessors), the United States'
final score in the published cycle (everyone), Japan's final score in the open cycle
(Japan and the assessors)."""

from datetime import date

from django.utils import timezone

from secretariat.commitments import sheets
from secretariat.commitments.choices import CommitmentState, Stage
from secretariat.commitments.models import (
    Assessor,
    Commitment,
    Cycle,
    ImplementationReport,
    Score,
    ScoreComment,
)
from secretariat.commitments.suggest import wording_hash
from secretariat.core.i18n import translations
from secretariat.testing.checks import (
    ECONOMY_A,
    ECONOMY_C,
    EVERYONE,
    FORUM_A,
    FORUM_B,
    SECRETARIAT,
    Check,
    Sees,
    api,
    page,
)

from .factories import statement

HEAD_A_ONLY = frozenset({"head_a"})
MEMBERS = FORUM_A | FORUM_B
BODIES = {
    "r_draft_a": "Matrix: Korea's draft report",
    "r_sub_b": "Matrix: US submitted report",
    "r_pub_c": "Matrix: Japan's published report",
    "s_interim_a": "Matrix: Korea interim justification",
    "s_final_pub_b": "Matrix: US final published justification",
    "s_final_open_c": "Matrix: Japan final unpublished justification",
}
REPORTS_SEEN = {EVERYONE: {"r_pub_c"}, MEMBERS: {"r_sub_b", "r_pub_c"}}
for _role in ECONOMY_A:
    REPORTS_SEEN[_role] = {"r_draft_a", "r_sub_b", "r_pub_c"}
SCORES_SEEN = {
    EVERYONE: {"s_final_pub_b"},
    ECONOMY_A: {"s_final_pub_b", "s_interim_a"},
    ECONOMY_C: {"s_final_pub_b", "s_final_open_c"},
    SECRETARIAT: {"s_final_pub_b", "s_interim_a", "s_final_open_c"},
}


def _commitment(text, eid, wording, state):  # type: ignore[no-untyped-def]
    return Commitment.objects.create(
        text=text,
        source_version=text.current_version,
        eid=eid,
        wording=wording,
        wording_hash=wording_hash(wording),
        phrase="will",
        span_start=3,
        span_end=7,
        title=translations("en", en=f"Matrix commitment {eid}"),
        state=state,
    )


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    text = statement(world, "commitments-matrix")
    c1 = _commitment(text, "para_2", "We will strengthen digital skills for all.", "confirmed")
    c2 = _commitment(text, "para_3", "We instruct the working group.", CommitmentState.SUGGESTED)
    open_cycle = Cycle.objects.create(
        name="Matrix open",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        report_due_on=date(2099, 1, 1),
    )
    published = Cycle.objects.create(
        name="Matrix published",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        report_due_on=date(2025, 12, 1),
        final_published_at=timezone.now(),
    )
    now = timezone.now()
    reports = {
        "r_draft_a": ImplementationReport.objects.create(
            commitment=c1,
            economy=world.economy_a,
            cycle=open_cycle,
            body=BODIES["r_draft_a"],
            created_by=world.users["delegate_a"],
        ),
        "r_sub_b": ImplementationReport.objects.create(
            commitment=c1,
            economy=world.economy_b,
            cycle=open_cycle,
            body=BODIES["r_sub_b"],
            created_by=world.users["delegate_b"],
            submitted_at=now,
            submitted_by=world.users["head_b"],
        ),
        "r_pub_c": ImplementationReport.objects.create(
            commitment=c1,
            economy=world.economy_c,
            cycle=published,
            body=BODIES["r_pub_c"],
            created_by=world.users["delegate_c"],
            submitted_at=now,
            submitted_by=world.users["head_c"],
        ),
    }
    slots = {
        "s_interim_a": (world.economy_a, open_cycle, Stage.INTERIM, 0),
        "s_final_pub_b": (world.economy_b, published, Stage.FINAL, 1),
        "s_final_open_c": (world.economy_c, open_cycle, Stage.FINAL, -1),
    }
    scores = {
        label: Score.objects.create(
            commitment=c1,
            economy=economy,
            cycle=cycle,
            stage=stage,
            value=value,
            justification=BODIES[label],
            assessor=world.users["secretariat"],
        )
        for label, (economy, cycle, stage, value) in slots.items()
    }
    sheets.rebuild()  # scores made directly, not through the service that keeps the sheets
    world.extra.update(
        commitments={"c1": c1, "c2": c2},
        commitment_cycles={"open": open_cycle, "published": published},
        commitment_reports=reports,
        commitment_scores=scores,
        commitments_text=text,
    )


def _c(label):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["commitments"][label].pk


def _cycle(label):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["commitment_cycles"][label].pk


def _report(label):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["commitment_reports"][label].pk


def _score(label):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["commitment_scores"][label].pk


def _slug(w):  # type: ignore[no-untyped-def]
    return w.extra["commitments_text"].slug


def _kr(w):  # type: ignore[no-untyped-def]
    return "KR"


def _bodies(w):  # type: ignore[no-untyped-def]
    return BODIES


def _ids(group):  # type: ignore[no-untyped-def]
    return lambda w: {label: obj.pk for label, obj in w.extra[group].items()}


def _suggested(w):  # type: ignore[no-untyped-def]
    return Commitment.objects.filter(text=w.extra["commitments_text"], eid="para_4").exists()


def _decided(w):  # type: ignore[no-untyped-def]
    return Commitment.objects.filter(pk=_c("c2")(w), state=CommitmentState.CONFIRMED).exists()


def _rewritten(w):  # type: ignore[no-untyped-def]
    return ImplementationReport.objects.filter(
        pk=_report("r_draft_a")(w), body="Matrix: rewritten"
    ).exists()


def _submitted(w):  # type: ignore[no-untyped-def]
    return ImplementationReport.objects.filter(
        pk=_report("r_draft_a")(w), submitted_at__isnull=False
    ).exists()


def _scored(w):  # type: ignore[no-untyped-def]
    return Score.objects.filter(justification="Matrix: scored").exists()


def _imported(w):  # type: ignore[no-untyped-def]
    return Score.objects.filter(justification="Matrix: imported").exists()


def _commented(w):  # type: ignore[no-untyped-def]
    return ScoreComment.objects.filter(body="Matrix: our comment").exists()


def _published(w):  # type: ignore[no-untyped-def]
    return Cycle.objects.filter(pk=_cycle("open")(w), final_published_at__isnull=False).exists()


def _cycle_created(w):  # type: ignore[no-untyped-def]
    return Cycle.objects.filter(name="Matrix new").exists()


def _appointed(w):  # type: ignore[no-untyped-def]
    return Assessor.objects.filter(user=w.users["chair"]).exists()


def _import_csv(w):  # type: ignore[no-untyped-def]
    return (
        "commitment,economy,cycle,stage,value,justification\n"
        f"{_c('c1')(w)},US,{_cycle('open')(w)},interim,1,Matrix: imported\n"
    )


def _cell_needles(w):  # type: ignore[no-untyped-def]
    c1 = _c("c1")(w)
    return {
        "kr_interim": f'id="s-KR-{c1}" data-score="0"',
        "jp_final_open": f'id="s-JP-{c1}" data-score="-1"',
        "us_final_pub": f'id="s-US-{c1}" data-score="1"',
    }


def _csv_needles(w):  # type: ignore[no-untyped-def]
    c1 = _c("c1")(w)
    return {"kr_interim": f"cell,KR,{c1},", "us_final_pub": f"cell,US,{c1},"}


def _heat(label, stage):  # type: ignore[no-untyped-def]
    return lambda w: f"?cycle={_cycle(label)(w)}&stage={stage}"


def _heat_page(label, stage, name="commitments:heat_map"):  # type: ignore[no-untyped-def]
    base = page(name)
    return lambda w: base(w) + _heat(label, stage)(w)


INTERIM_SEEN = {ECONOMY_A: {"kr_interim"}, SECRETARIAT: {"kr_interim"}}
FINAL_OPEN_SEEN = {ECONOMY_C: {"jp_final_open"}, SECRETARIAT: {"jp_final_open"}}
FINAL_PUB_SEEN = {EVERYONE: {"us_final_pub"}}
SLOT_A = (_c("c1"), _cycle("open"), _kr)

PAGES = {
    "commitments:index": Check(
        "GET",
        page("commitments:index"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {"c1": "Matrix commitment para_2", "c2": "Matrix commitment para_3"},
            by_role={EVERYONE: {"c1"}},
        ),
    ),
    "commitments:detail": (
        Check(
            "GET",
            page("commitments:detail", _c("c1")),
            EVERYONE,
            sees=Sees(
                items=_bodies,
                by_role={
                    EVERYONE: {"r_pub_c", "s_final_pub_b"},
                    MEMBERS: {"r_pub_c", "r_sub_b", "s_final_pub_b"},
                    ECONOMY_C: {"r_pub_c", "r_sub_b", "s_final_pub_b", "s_final_open_c"},
                    ECONOMY_A: {"r_draft_a", "r_pub_c", "r_sub_b", "s_final_pub_b", "s_interim_a"},
                    SECRETARIAT: {"r_pub_c", "r_sub_b"} | set(SCORES_SEEN[SECRETARIAT]),
                },
            ),
        ),
        Check("GET", page("commitments:detail", _c("c2")), SECRETARIAT),
    ),
    "commitments:decide": Check(
        "POST",
        page("commitments:decide", _c("c2")),
        SECRETARIAT,
        body=lambda w: {"version": 1, "decision": "confirmed", "title": "Matrix"},
        effect=_decided,
    ),
    "commitments:suggestions": (
        Check("GET", page("commitments:suggestions", _slug), SECRETARIAT),
        Check("POST", page("commitments:suggestions", _slug), SECRETARIAT, effect=_suggested),
    ),
    "commitments:report": (
        Check("GET", page("commitments:report", *SLOT_A), ECONOMY_A),
        Check(
            "POST",
            page("commitments:report", *SLOT_A),
            ECONOMY_A,
            body=lambda w: {"body": "Matrix: rewritten", "evidence_links": "", "version": 1},
            effect=_rewritten,
        ),
    ),
    "commitments:submit": Check(
        "POST",
        page("commitments:submit", _report("r_draft_a")),
        HEAD_A_ONLY,
        body=lambda w: {"version": 1},
        effect=_submitted,
    ),
    "commitments:score": (
        Check("GET", page("commitments:score", *SLOT_A), SECRETARIAT),
        Check(
            "POST",
            page("commitments:score", *SLOT_A),
            SECRETARIAT,
            body=lambda w: {"stage": "final", "value": "1", "justification": "Matrix: scored"},
            effect=_scored,
        ),
    ),
    "commitments:comment": Check(
        "POST",
        page("commitments:comment", _score("s_interim_a")),
        ECONOMY_A,
        body=lambda w: {"body": "Matrix: our comment"},
        effect=_commented,
    ),
    "commitments:heat_map": (
        Check(
            "GET",
            _heat_page("open", "interim"),
            EVERYONE,
            sees=Sees(items=_cell_needles, by_role=INTERIM_SEEN),
        ),
        Check(
            "GET",
            _heat_page("open", "final"),
            EVERYONE,
            sees=Sees(items=_cell_needles, by_role=FINAL_OPEN_SEEN),
        ),
        Check(
            "GET",
            _heat_page("published", "final"),
            EVERYONE,
            sees=Sees(items=_cell_needles, by_role=FINAL_PUB_SEEN),
        ),
    ),
    "commitments:heat_map_csv": (
        Check(
            "GET",
            _heat_page("open", "interim", "commitments:heat_map_csv"),
            EVERYONE,
            sees=Sees(items=_csv_needles, by_role=INTERIM_SEEN),
        ),
        Check(
            "GET",
            _heat_page("published", "final", "commitments:heat_map_csv"),
            EVERYONE,
            sees=Sees(items=_csv_needles, by_role=FINAL_PUB_SEEN),
        ),
    ),
    "commitments:import": (
        Check("GET", page("commitments:import"), SECRETARIAT),
        Check(
            "POST",
            page("commitments:import"),
            SECRETARIAT,
            body=lambda w: {"csv": _import_csv(w)},
            effect=_imported,
        ),
    ),
    "commitments:publish": Check(
        "POST", page("commitments:publish", _cycle("open")), SECRETARIAT, effect=_published
    ),
}

ITEM = "/commitments/items/{w.extra[commitments][%s].pk}"
REPORT = "/commitments/reports/{w.extra[commitment_reports][%s].pk}"
SLOT = (
    "/commitments/items/{w.extra[commitments][c1].pk}/reports/"
    "{w.extra[commitment_cycles][open].pk}/KR"
)

API = {
    "list_commitments": Check(
        "GET",
        api("/commitments/items"),
        EVERYONE,
        sees=Sees(items=_ids("commitments"), by_role={EVERYONE: {"c1"}, SECRETARIAT: {"c1", "c2"}}),
    ),
    "get_commitment": (
        Check("GET", api(ITEM % "c1"), EVERYONE),
        Check("GET", api(ITEM % "c2"), SECRETARIAT),
    ),
    "list_commitment_themes": Check("GET", api("/commitments/themes"), EVERYONE),
    "suggest_commitments": Check(
        "POST",
        api("/commitments/texts/{w.extra[commitments_text].slug}/suggestions"),
        SECRETARIAT,
        effect=_suggested,
    ),
    "decide_commitment": Check(
        "POST",
        api(ITEM % "c2" + "/decision"),
        SECRETARIAT,
        body=lambda w: {"version": 1, "decision": "confirmed"},
        effect=_decided,
    ),
    "list_cycles": Check("GET", api("/commitments/cycles"), EVERYONE),
    "create_cycle": Check(
        "POST",
        api("/commitments/cycles"),
        SECRETARIAT,
        body=lambda w: {
            "name": "Matrix new",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "report_due_on": "2027-11-30",
        },
        effect=_cycle_created,
    ),
    "publish_cycle": Check(
        "POST",
        api("/commitments/cycles/{w.extra[commitment_cycles][open].pk}/publication"),
        SECRETARIAT,
        effect=_published,
    ),
    "list_reports": Check(
        "GET",
        api("/commitments/reports"),
        EVERYONE,
        sees=Sees(items=_ids("commitment_reports"), by_role=REPORTS_SEEN),
    ),
    "get_report": (
        Check("GET", api(REPORT % "r_draft_a"), ECONOMY_A),
        Check("GET", api(REPORT % "r_sub_b"), MEMBERS),
        Check("GET", api(REPORT % "r_pub_c"), EVERYONE),
    ),
    "save_report": Check(
        "PUT",
        api(SLOT),
        ECONOMY_A,
        body=lambda w: {"body": "Matrix: rewritten", "version": 1},
        effect=_rewritten,
    ),
    "submit_report": Check(
        "POST",
        api(REPORT % "r_draft_a" + "/submission"),
        HEAD_A_ONLY,
        body=lambda w: {"version": 1},
        effect=_submitted,
    ),
    "list_scores": Check(
        "GET",
        api("/commitments/scores"),
        EVERYONE,
        sees=Sees(items=_ids("commitment_scores"), by_role=SCORES_SEEN),
    ),
    "record_score": Check(
        "POST",
        api("/commitments/scores"),
        SECRETARIAT,
        body=lambda w: {
            "commitment": _c("c1")(w),
            "economy": "KR",
            "cycle": _cycle("open")(w),
            "stage": "final",
            "value": 1,
            "justification": "Matrix: scored",
        },
        effect=_scored,
    ),
    "import_scores": Check(
        "POST",
        api("/commitments/scores/import"),
        SECRETARIAT,
        body=lambda w: {"csv": _import_csv(w)},
        effect=_imported,
    ),
    "comment_on_score": Check(
        "POST",
        api("/commitments/scores/{w.extra[commitment_scores][s_interim_a].pk}/comments"),
        ECONOMY_A,
        body=lambda w: {"body": "Matrix: our comment"},
        effect=_commented,
    ),
    "get_heat_map": Check("GET", api("/commitments/heat-map"), EVERYONE),
    "get_progress": Check("GET", api("/commitments/progress"), EVERYONE),
    "list_assessors": Check("GET", api("/commitments/assessors"), SECRETARIAT),
    "appoint_assessor": Check(
        "POST",
        api("/commitments/assessors"),
        SECRETARIAT,
        body=lambda w: {"username": w.users["chair"].username},
        effect=_appointed,
    ),
}
