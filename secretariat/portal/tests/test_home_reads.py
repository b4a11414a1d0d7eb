"""The home page's reads, prepared and sent together (``selectors.home``), and its template
with the fora's kinds looked up by the view give the page the ORM's querysets and the
template before them gave (kept as ``templates/home_before.html``): the same bytes for every
kind of viewer, in English and Korean, with outcomes, news, upcoming, past and cancelled
events, chairs and fora of several kinds."""

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Case, Count, IntegerField, Q, When
from django.http import HttpResponse
from django.template import engines
from django.utils import timezone

from secretariat.core.i18n import translations
from secretariat.meetings.choices import MeetingKind, MeetingStatus
from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.news.tests.factories import NewsItemFactory
from secretariat.portal import selectors, views
from secretariat.registry.choices import ForumKind, RoleKind
from secretariat.registry.models import Economy, Forum, ForumRole, Organisation
from secretariat.registry.tests.factories import ForumFactory, ForumRoleFactory, PersonFactory
from secretariat.testing.world import client_for

BEFORE = Path(__file__).parent / "templates" / "home_before.html"
VIEWERS = ["anonymous", "secretariat", "delegate_a", "head_b", "press", "reader"]


def _overview_before() -> selectors.HomeOverview:
    """The ORM's reads the prepared ones replaced, as they were."""
    fora = list(
        Forum.objects.filter(is_active=True, kind__in=selectors.FEATURED_KINDS)
        .select_related("parent")
        .annotate(
            delegation_count=Count("delegations"),
            prominence=Case(
                *(When(kind=kind, then=rank) for rank, kind in enumerate(selectors.FEATURED_KINDS)),
                output_field=IntegerField(),
            ),
        )
        .order_by("prominence", "slug")
    )
    chairs: dict[int, list[ForumRole]] = {}
    for role in ForumRole.objects.filter(
        kind=RoleKind.CHAIR, person__is_public=True, forum__in=fora
    ).select_related("person__economy"):
        chairs.setdefault(role.forum_id, []).append(role)
    return selectors.HomeOverview(
        fora=fora,
        economy_count=Economy.objects.count(),
        partner_count=Organisation.objects.filter(
            Q(kind="international") | Q(kind="standards_body") | Q(kind="business_council")
        ).count(),
        chairs=chairs,
    )


def _face_before(now: dt.datetime) -> selectors.PublicFace:
    from django.utils.translation import get_language

    from secretariat.events.selectors import events_list
    from secretariat.news import selectors as news_selectors
    from secretariat.outcomes import selectors as outcome_selectors
    from secretariat.outcomes.exports import title_in

    return selectors.PublicFace(
        outcomes=[
            selectors.PublicOutcome(outcome, *title_in(outcome, get_language() or "en"))
            for outcome in outcome_selectors.announced_outcomes()[: selectors.HOME_ITEMS]
        ],
        news=list(news_selectors.public_news(now)[: selectors.HOME_ITEMS]),
        events=list(
            events_list()
            .filter(end_date__gte=now.date())
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("start_date", "pk")[: selectors.HOME_ITEMS]
        ),
    )


def _home_before(now: dt.datetime) -> tuple[selectors.HomeOverview, selectors.PublicFace]:
    return _overview_before(), _face_before(now)


@functools.cache
def _template_before() -> Any:
    return engines["django"].from_string(BEFORE.read_text())


def _render_before(request: Any, name: str, context: dict[str, Any]) -> HttpResponse:
    """The view's rendering through the template as it was (fora as pairs)."""
    assert name == "portal/home.html"
    context = {**context, "fora": [(forum, chairs) for forum, chairs, _kind in context["fora"]]}
    return HttpResponse(_template_before().render(context, request))


def _masked(page: bytes) -> str:
    page_text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", page.decode())
    return re.sub(r'"X-CSRFToken": "[^"]+"', "CSRF", page_text)


def _populate(world: Any) -> None:
    from secretariat.outcomes.tests.factories import make_outcome

    make_outcome(world, slug="statement", title="Digital and AI Ministerial Statement")
    make_outcome(world, slug="pending", title="Statement not yet announced", announce=False)
    today = timezone.localdate()
    for n, kind in enumerate([MeetingKind.FORUM, MeetingKind.EXHIBITION] * 4):
        MeetingFactory(
            forum=world.body,
            kind=kind,
            title=translations("en", en=f"Event {n}", ko=f"행사 {n}"),
            city="Busan" if n % 2 else "",
            start_date=today + dt.timedelta(days=n - 3),
            end_date=today + dt.timedelta(days=n - 2),
            status=MeetingStatus.CANCELLED if n == 4 else MeetingStatus.CONFIRMED,
        )
    for n in range(7):
        NewsItemFactory(
            title=translations("en", en=f"News {n}", ko=f"소식 {n}"),
            published_at=timezone.now() - dt.timedelta(hours=n),
        )
    for forum_kind in (ForumKind.MINISTERIAL, ForumKind.ADVISORY_COUNCIL, ForumKind.WORKING_GROUP):
        forum = ForumFactory(kind=forum_kind, parent=world.body)
        ForumRoleFactory(forum=forum, kind=RoleKind.CHAIR, person=PersonFactory(is_public=True))
        ForumRoleFactory(forum=forum, kind=RoleKind.CHAIR, person=PersonFactory(is_public=False))
    ForumFactory(kind=ForumKind.WORKING_GROUP, is_active=False)


@pytest.mark.django_db
def test_the_home_page_is_what_the_orm_s_reads_rendered_for_every_viewer(world, monkeypatch):
    _populate(world)
    pages: dict[str, list[str]] = {"before": [], "after": []}
    for version in ("before", "after"):
        with monkeypatch.context() as patch:
            if version == "before":
                patch.setattr(selectors, "home", _home_before)
                patch.setattr(views, "render", _render_before)
            for viewer in VIEWERS:
                client = client_for(viewer, world)
                for language in ("en", "ko"):
                    response = client.get(f"/{language}/")
                    assert response.status_code == 200
                    pages[version].append(_masked(response.content))
    assert pages["after"] == pages["before"]
    page = pages["after"][0]
    assert "Event 7" in page and "Event 4" not in page and "Event 0" not in page  # cancelled, past
    assert "News 0" in page and "News 5" not in page  # five, latest first
    assert "Digital and AI Ministerial Statement" in page
    assert "not yet announced" not in "".join(pages["after"])  # for nobody, the staff included


@pytest.mark.django_db
def test_the_prepared_reads_give_what_the_querysets_give(world):
    _populate(world)
    now = timezone.now()
    overview, face = selectors.home(now)
    before_overview, before_face = _home_before(now)
    assert [(f.pk, f.delegation_count, f.parent_id) for f in overview.fora] == [
        (f.pk, f.delegation_count, f.parent_id) for f in before_overview.fora
    ]
    assert {k: [r.pk for r in v] for k, v in overview.chairs.items()} == {
        k: [r.pk for r in v] for k, v in before_overview.chairs.items()
    }
    assert (overview.economy_count, overview.partner_count) == (
        before_overview.economy_count,
        before_overview.partner_count,
    )
    assert [e.pk for e in face.events] == [e.pk for e in before_face.events]
    assert face.outcomes == before_face.outcomes and face.news == before_face.news
    assert len(face.events) == selectors.HOME_ITEMS
