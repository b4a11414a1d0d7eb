"""The meeting page at 200 documents and 500 participants, against the trivial view.

Measured as the secretariat, who sees every document and every participant with contact
details (the heaviest page), and as an anonymous visitor (public documents, counts only);
and against the page of an empty meeting, which shows whether size costs anything."""

import datetime as dt
import time
from collections.abc import Iterator

from .harness import BASELINE_URL, Figure, clear_cache, compare, get

DOCUMENTS = 200
PARTICIPANTS = 500


def _meeting(code: str = "BENCH"):  # type: ignore[no-untyped-def]
    from secretariat.core.i18n import translations
    from secretariat.meetings.models import Meeting
    from secretariat.registry.models import Economy, Forum

    return Meeting.objects.create(
        forum=Forum.objects.get(slug="daimm"),
        code=code,
        title=translations("en", en="Benchmark meeting"),
        kind="ministerial",
        host_economy=Economy.objects.get(code="KR"),
        timezone="Asia/Seoul",
        start_date=dt.date(2030, 8, 4),
        end_date=dt.date(2030, 8, 5),
    )


def _fill(meeting) -> None:  # type: ignore[no-untyped-def]
    """Documents, agenda, sessions and participants in bulk: the benchmark measures the
    page, not the seeding."""
    from django.utils import timezone

    from secretariat.core.i18n import translations
    from secretariat.meetings.models import AgendaItem, Document, Session
    from secretariat.registrations.models import Registration
    from secretariat.registry.models import Economy, Organisation, Person

    start = dt.datetime(2030, 8, 4, 0, 0, tzinfo=dt.UTC)
    sessions = Session.objects.bulk_create(
        Session(
            meeting=meeting,
            title=translations("en", en=f"Session {n}"),
            starts_at=start + dt.timedelta(hours=n),
            ends_at=start + dt.timedelta(hours=n, minutes=50),
        )
        for n in range(6)
    )
    agenda = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            number=str(n + 1),
            title=translations("en", en=f"Agenda item {n + 1}"),
            session=sessions[n % len(sessions)],
            position=n,
        )
        for n in range(12)
    )
    economies = list(Economy.objects.order_by("code"))
    kinds = ["public", "restricted", "economy_only", "public"]
    Document.objects.bulk_create(
        Document(
            meeting=meeting,
            owning_forum_id=meeting.forum_id,
            number=f"2030/BENCH/{n + 1:03d}",
            base_number=f"2030/BENCH/{n + 1:03d}",
            title=translations("en", en=f"Benchmark document {n + 1}"),
            agenda_item=agenda[n % len(agenda)],
            purpose="information",
            submitted_by_economy=economies[n % len(economies)],
            classification=kinds[n % len(kinds)],
            link="https://example.org/document",
            submitted_at=timezone.now(),
        )
        for n in range(DOCUMENTS)
    )
    organisation = Organisation.objects.first()
    people = Person.objects.bulk_create(
        Person(
            family_name=f"PARTICIPANT{n}",
            given_name="Bench",
            economy=economies[n % len(economies)],
            organisation=organisation if n % 4 == 1 else None,
            email=f"p{n}@example.test",
            is_public=n % 25 == 0,
        )
        for n in range(PARTICIPANTS)
    )
    categories = ["delegate", "delegate", "partner", "press", "visitor", "speaker"]
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            person=person,
            category=categories[n % len(categories)],
            state="approved",
            economy=person.economy,
        )
        for n, person in enumerate(people)
    )


def _staff_client():  # type: ignore[no-untyped-def]
    """The demo's secretariat account, signed in with its second factor as allauth records it."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.get(username="secretariat")
    client = Client()
    client.force_login(user)
    session = client.session
    now = time.time()
    session["account_authentication_methods"] = [
        {"method": "password", "at": now, "username": user.username},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def _document_changes(meeting):  # type: ignore[no-untyped-def]
    """One committed change to one of the meeting's documents per call (its title, through
    the service, which renews the page's token and the documents' stamp), as an editor does."""
    import itertools

    from django.contrib.auth import get_user_model

    from secretariat.core.i18n import translations
    from secretariat.meetings import services
    from secretariat.meetings.models import Document

    staff = get_user_model().objects.get(username="secretariat")
    ids = list(Document.objects.filter(meeting=meeting).order_by("pk").values_list("pk", flat=True))
    turn = itertools.count()

    def change() -> None:
        n = next(turn)
        document = Document.objects.get(pk=ids[n % len(ids)])
        services.update_document(
            actor=staff,
            document=document,
            version=document.version,
            title=translations("en", en=f"Benchmark document, edit {n}"),
        )

    return change


def run() -> Iterator[Figure]:
    """Warm: the page read again as it is (its cached content served). Cold: the page's
    token renewed before each read (``meetings.cache.touch``, what every change to the
    meeting does): the content is rendered again; the documents' and participants' tables,
    keyed by their own data's stamps, are not, since nothing in them changed. After a
    change: one document's title changed through the service before each read (the page
    and its documents' table rendered again). Cold with the whole shared cache emptied is
    shown for information."""
    from django.test import Client

    from secretariat.meetings import cache
    from secretariat.registry import demo

    demo.seed()
    meeting = _meeting()
    _fill(meeting)
    url = f"/en/meetings/{meeting.pk}/"
    anonymous, staff = Client(), _staff_client()
    baseline = get(anonymous, BASELINE_URL)
    size = "meeting_page_200_documents_500_participants"

    def renew() -> None:
        cache.touch(meeting.pk)

    for who, client in (("secretariat", staff), ("anonymous", anonymous)):
        page = get(client, url)
        yield compare(f"{size}_{who}_warm", page, baseline, target=None)
        yield compare(f"{size}_{who}_cold", page, baseline, target=15, repeats=10, before=renew)
        yield compare(
            f"{size}_{who}_cold_cache_emptied",
            page,
            baseline,
            target=None,
            repeats=10,
            before=clear_cache,
        )
        yield compare(
            f"{size}_{who}_after_a_document_change",
            page,
            baseline,
            target=15,
            repeats=10,
            before=_document_changes(meeting),
        )
    # The page of a meeting with nothing in it, cold: what the page costs before its size.
    empty = get(anonymous, f"/en/meetings/{_meeting('EMPTY').pk}/")
    yield compare(
        "meeting_page_empty_meeting_anonymous_cold",
        empty,
        baseline,
        target=None,
        repeats=10,
        before=clear_cache,
    )
