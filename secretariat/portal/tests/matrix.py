"""Permission-matrix entries for the public face's portal pages: the archive of derestricted
documents, the events feed and ``sitemap.xml`` (everyone; the same for everyone).

The world: a document of forum A derestricted yesterday ("PORTALDR"), one still restricted
with a derestriction date to come ("PORTALRS") and a public one never restricted
("PORTALPB"): only the first is in the archive, whoever asks."""

import datetime as dt

from django.utils import timezone

from secretariat.core.i18n import translations
from secretariat.meetings.choices import Classification, MeetingKind
from secretariat.meetings.tests.factories import DocumentFactory, MeetingFactory
from secretariat.testing.checks import EVERYONE, Check, Sees, page

ARCHIVE = {
    "derestricted": "2030/PORTAL/DR1",
    "restricted": "2030/PORTAL/RS1",
    "public": "2030/PORTAL/PB1",
}


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    meeting = MeetingFactory(forum=world.body, code="PORTAL")
    for label, classification, derestrict_on in (
        ("derestricted", Classification.PUBLIC, today - dt.timedelta(days=1)),
        ("restricted", Classification.RESTRICTED, today + dt.timedelta(days=30)),
        ("public", Classification.PUBLIC, None),
    ):
        DocumentFactory(
            meeting=meeting,
            number=ARCHIVE[label],
            classification=classification,
            derestrict_on=derestrict_on,
        )
    world.extra["portal_forum_event"] = MeetingFactory(
        forum=world.body,
        code="PORTALEV",
        kind=MeetingKind.FORUM,
        title=translations("en", en="Platypus public forum"),
    )


PAGES: dict[str, Check | tuple[Check, ...]] = {
    "portal:archive": Check(
        "GET",
        page("portal:archive"),
        EVERYONE,
        sees=Sees(items=lambda w: dict(ARCHIVE), by_role={EVERYONE: {"derestricted"}}),
    ),
    "portal:events_feed": Check(
        "GET",
        page("portal:events_feed"),
        EVERYONE,
        sees=Sees(
            items=lambda w: {"forum": "Platypus public forum"}, by_role={EVERYONE: {"forum"}}
        ),
    ),
    "sitemap": Check("GET", lambda w: "/sitemap.xml", EVERYONE),
}
