"""Negotiation at scale: the consensus map of a 300-paragraph text with 2,000 amendment
proposals and every delegation's position — warm (from the cache), cold (the cache emptied)
and read right after a position change, a proposal moving and a new version — against the
trivial view; a position change on a 3,000-paragraph text and on a 300-paragraph one; and
the redline of the whole text."""

import itertools
import time
from collections.abc import Callable, Iterator

from .harness import BASELINE_URL, Figure, clear_cache, compare, get

DELEGATIONS = 21


def _text(slug: str, paragraphs: int, staff, forum):  # type: ignore[no-untyped-def]
    from secretariat.core.i18n import translations
    from secretariat.negotiation import services

    return services.create_text(
        actor=staff,
        forum=forum,
        slug=slug,
        kind="ministerial_statement",
        title=translations("en", en=f"Benchmark text {slug}"),
        classification="published",
        consensus_rule="default",
        package_mode=True,
        first_version_kind="zero_draft",
        paragraphs=[
            {"num": str(i), "content": [{"text": f"Paragraph {i} of the benchmark."}]}
            for i in range(1, paragraphs + 1)
        ],
    )


def _fill(text, delegations, amendments: int) -> None:  # type: ignore[no-untyped-def]
    """Positions of every delegation on every paragraph, and amendment proposals, in bulk:
    the benchmark measures reads and one write, not the seeding."""
    from django.utils import timezone

    from secretariat.negotiation.models import Amendment, Paragraph, Position

    submitted = timezone.now()
    paragraphs = list(Paragraph.objects.filter(version=text.current_version))
    stances = ["support", "support", "can_live_with", "reserve", "object"]
    Position.objects.bulk_create(
        [
            Position(
                provision_id=p.provision_id,
                delegation=d,
                stance=stances[(i + j) % 5],
                wording_hash=p.content_hash,
                answered_version=text.current_version,
            )
            for i, p in enumerate(paragraphs)
            for j, d in enumerate(delegations)
        ],
        batch_size=2000,
    )
    Amendment.objects.bulk_create(
        [
            Amendment(
                text=text,
                against_version=text.current_version,
                provision_id=paragraphs[i % len(paragraphs)].provision_id,
                kind="replace",
                proposed_text=f"Proposal {i}.",
                proposer=delegations[i % len(delegations)],
                state="submitted",
                submitted_at=submitted,  # submitted, so shared: a draft would be its economy's
            )
            for i in range(amendments)
        ],
        batch_size=2000,
    )


def _position_change_seconds(text, delegation, staff, repeats: int = 30) -> float:  # type: ignore[no-untyped-def]
    from secretariat.negotiation import services
    from secretariat.negotiation.models import Position

    current = Position.objects.get(
        provision__text=text,
        provision__eid="para_1",
        delegation=delegation,
        superseded_at__isnull=True,
    )
    timings = []
    for i in range(repeats):
        started = time.perf_counter()
        current = services.state_position(
            actor=staff,
            text=text,
            delegation=delegation,
            eid="para_1",
            stance="support" if i % 2 else "object",
            based_on=current.pk,
        )
        timings.append(time.perf_counter() - started)
    return sorted(timings)[len(timings) // 2]


def _position_changes(text, delegations, staff) -> Callable[[], int]:  # type: ignore[no-untyped-def]
    """One committed position change per call, each on the next paragraph and delegation in
    turn: the bench runs in autocommit, so the map's cache state moves on as after a
    request. Returns the new position's id."""
    from secretariat.negotiation import services
    from secretariat.negotiation.models import Position

    eids = list(
        text.current_version.paragraphs.order_by("order").values_list("provision__eid", flat=True)
    )
    turn = itertools.count()

    def change() -> int:
        i = next(turn)
        eid, delegation = eids[i % len(eids)], delegations[i % len(delegations)]
        current = Position.objects.get(
            provision__text=text,
            provision__eid=eid,
            delegation=delegation,
            superseded_at__isnull=True,
        )
        return services.state_position(
            actor=staff,
            text=text,
            delegation=delegation,
            eid=eid,
            stance="support" if current.stance == "object" else "object",
            based_on=current.pk,
        ).pk

    return change


def _version_changes(text, staff):  # type: ignore[no-untyped-def]
    """One new version per call, as after a round: the same paragraphs, one reworded in
    turn (so the positions on it answer an older wording)."""
    from secretariat.negotiation import services

    turn = itertools.count(1)
    count = text.current_version.paragraphs.count()

    def change() -> None:
        n = next(turn)
        text.refresh_from_db()
        services.publish_version(
            actor=staff,
            text=text,
            kind="rolling_text",
            based_on=text.current_version.number,
            paragraphs=[
                {
                    "eid": f"para_{i}",
                    "num": str(i),
                    "content": [
                        {
                            "text": f"Paragraph {i} of the benchmark"
                            + (f", round {n}." if i == n % count + 1 else ".")
                        }
                    ],
                }
                for i in range(1, count + 1)
            ],
        )

    return change


def _amendment_changes(text, staff):  # type: ignore[no-untyped-def]
    """One proposal closed per call (submitted to not retained, the next one each time),
    through the service: the chair's decision, which changes its paragraph's count of open
    proposals on the map. (Taking a proposal up, submitted to under consideration, leaves
    it open: the map is unchanged and the read would be a cache hit.)"""
    from secretariat.negotiation import services
    from secretariat.negotiation.models import Amendment

    ids = iter(
        Amendment.objects.filter(text=text, state="submitted")
        .order_by("pk")
        .values_list("pk", flat=True)
    )

    def change() -> None:
        amendment = Amendment.objects.select_related("text", "provision").get(pk=next(ids))
        services.move_amendment(
            actor=staff,
            amendment=amendment,
            to_state="not_retained",
            version=amendment.version,
        )
        return amendment.provision.eid

    return change


def _open_amendments(response, eid: str) -> int | None:  # type: ignore[no-untyped-def]
    import json

    rows = json.loads(response.content)["rows"]
    return next((row["open_amendments"] for row in rows if row["eid"] == eid), None)


def run() -> Iterator[Figure]:
    """Warm: the map read again as it is. Cold: the shared cache emptied before each read
    (``harness.clear_cache``). After a change: a position, a new version or an amendment
    moved through its service before each read (the cache renewed as the app renews it)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from secretariat.negotiation import services_record
    from secretariat.negotiation.models import Text
    from secretariat.registry import demo
    from secretariat.registry.models import Delegation, Forum

    demo.seed()
    staff = get_user_model().objects.get(username="secretariat")
    forum = Forum.objects.get(slug="daimm")
    delegations = list(Delegation.objects.filter(forum=forum).order_by("pk")[:DELEGATIONS])
    small = _text("bench-300", 300, staff, forum)
    _fill(small, delegations, 2000)
    # The map and the redline are the negotiating record (ADR 0020): derestricted here, the
    # anonymous reader gets the same map work as a member, without a session's cost on top.
    services_record.derestrict_record(
        actor=staff, text=small, decision="bench", version=Text.objects.get(pk=small.pk).version
    )
    client = Client()
    baseline = get(client, BASELINE_URL)
    map_request = get(client, f"/api/negotiation/texts/{small.slug}/map")
    name = "negotiation_consensus_map_300_paragraphs"
    yield compare(f"{name}_warm", map_request, baseline, target=None)
    yield compare(f"{name}_cold", map_request, baseline, target=50, repeats=10, before=clear_cache)

    change = _position_changes(small, delegations, staff)
    changed = change()  # the read after a change shows it (or the figure would flatter)
    if f'"position":{changed},' not in map_request().content.decode():  # type: ignore[attr-defined]
        raise RuntimeError("the map read after a position change does not show it")
    yield compare(
        f"{name}_after_a_position_change",
        map_request,
        baseline,
        target=20,
        repeats=10,
        before=change,
    )
    amendment_change = _amendment_changes(small, staff)
    shown = map_request()
    eid = amendment_change()  # the read after it shows one open proposal fewer there
    if _open_amendments(map_request(), eid) != (_open_amendments(shown, eid) or 0) - 1:
        raise RuntimeError("the map read after a proposal is closed does not show it")
    yield compare(
        f"{name}_after_an_amendment_change",
        map_request,
        baseline,
        target=50,
        repeats=5,
        before=amendment_change,
    )
    yield compare(
        f"{name}_after_a_new_version",
        map_request,
        baseline,
        target=50,
        repeats=5,
        rounds=3,
        before=_version_changes(small, staff),
    )
    large = _text("bench-3000", 3000, staff, forum)
    _fill(large, delegations, 0)
    # A position change is a service call, timed against the same trivial view: its cost
    # must not grow with the text (3,000 paragraphs against 300).
    on_small = _position_change_seconds(small, delegations[0], staff)
    on_large = _position_change_seconds(large, delegations[0], staff)
    trivial = _median_request_seconds(baseline)
    yield Figure("negotiation_position_change_300_paragraphs", on_small, trivial, target=None)
    yield Figure(
        "negotiation_position_change_3000_paragraphs",
        on_large,
        trivial,
        target=1.5 * on_small / trivial,
    )
    yield from _redline_figures(client, small, staff, baseline)


def _median_request_seconds(request: Callable[[], object], repeats: int = 30) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        request()
        timings.append(time.perf_counter() - started)
    return sorted(timings)[len(timings) // 2]


def _revised(paragraphs: int) -> list[dict]:  # type: ignore[type-arg]
    """A rolling text after a round: every 10th paragraph reworded, every 50th deleted, two
    swapped, five added, all renumbered."""
    order = list(range(1, paragraphs + 1))
    order[99], order[199] = order[199], order[99]
    revised = []
    for i in order:
        if i % 50 == 0:
            continue
        words = f"Paragraph {i} of the benchmark."
        if i % 10 == 0:
            words = f"Paragraph {i} of the revised benchmark, as amended in the round."
        revised.append({"eid": f"para_{i}", "content": [{"text": words}]})
    revised += [{"content": [{"text": f"New paragraph {i}."}]} for i in range(5)]
    return [item | {"num": str(n)} for n, item in enumerate(revised, start=1)]


def _redline_figures(client, text, staff, baseline) -> Iterator[Figure]:  # type: ignore[no-untyped-def]
    """The redline of the whole 300-paragraph text between two versions, computed (its cache
    entry dropped before each request) and then served from the cache."""
    from django.core.cache import cache

    from secretariat.negotiation import redline, services

    text.refresh_from_db()
    before = text.current_version
    after = services.publish_version(
        actor=staff,
        text=text,
        kind="rolling_text",
        based_on=before.number,
        paragraphs=_revised(300),
    )
    url = f"/api/negotiation/texts/{text.slug}/redline?a={before.number}&b={after.number}"
    request = get(client, url)
    keys = [redline.cache_key(text, before.number, after.number, form) for form in ("rows", "json")]

    def uncached() -> object:
        cache.delete_many(keys)
        return request()

    yield compare(
        "negotiation_redline_300_paragraphs_uncached",
        uncached,
        baseline,
        target=50,
        repeats=5,
        rounds=3,
    )
    yield compare(
        "negotiation_redline_300_paragraphs_cached", request, baseline, target=None, repeats=5
    )
