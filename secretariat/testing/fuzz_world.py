"""Values that exist, for the API fuzzer: which ids and slugs each path or query parameter can
take in the current database.

Schemathesis knows only the schema, so on its own it guesses ids that name nothing and stops at
404 or 422. The fuzzer's hooks draw, for each parameter below, either one of the values read here
(from the extended matrix world, plus whatever the fuzzer itself created) or schemathesis's own
guess, so both the objects and the edges around them are reached."""

from collections.abc import Callable, Iterable
from typing import Any

from secretariat.accounts.models import ApiToken
from secretariat.events.models import CoHost, ContactRequest, Exhibitor, Speaker
from secretariat.meetings.models import Document, MaterialsArchive, Meeting, MeetingSeries
from secretariat.minutes.models import ActionItem, Minutes, MinutesRevision
from secretariat.negotiation.models import Amendment, Provision, Reservation, Text, Version
from secretariat.news.models import NewsItem
from secretariat.registrations.models import Registration
from secretariat.registry.models import (
    Delegation,
    DelegationNote,
    Economy,
    Forum,
    ForumRole,
    Organisation,
    Person,
)


def _pks(model: Any) -> Callable[[], list[Any]]:
    return lambda: list(model.objects.order_by("pk").values_list("pk", flat=True))


def _values(model: Any, field: str) -> Callable[[], list[Any]]:
    return lambda: list(model.objects.order_by(field).values_list(field, flat=True).distinct())


def _union(*sources: Callable[[], Iterable[Any]]) -> Callable[[], list[Any]]:
    return lambda: sorted({value for source in sources for value in source()})


# Path parameters by name; ``slug`` depends on the collection it follows (see ``path_values``).
PATH_VALUES: dict[str, Callable[[], list[Any]]] = {
    "meeting_id": _pks(Meeting),
    "minutes_id": _pks(Minutes),
    "number": _union(_values(Version, "number"), _values(MinutesRevision, "number")),
    "registration_id": _pks(Registration),
    "delegation_id": _pks(Delegation),
    "exhibitor_id": _pks(Exhibitor),
    "speaker_id": _pks(Speaker),
    "document_id": _pks(Document),
    "reservation_id": _pks(Reservation),
    "note_id": _pks(DelegationNote),
    "request_id": _pks(ContactRequest),
    "archive_id": _pks(MaterialsArchive),
    "person_id": _pks(Person),
    "role_id": _pks(ForumRole),
    "cohost_id": _pks(CoHost),
    "item_id": _pks(ActionItem),
    "news_id": _pks(NewsItem),
    "amendment_id": _pks(Amendment),
    "eid": _values(Provision, "eid"),
    "code": _values(Economy, "code"),
}
SLUGS: dict[str, Callable[[], list[Any]]] = {
    "/api/negotiation/texts/": _values(Text, "slug"),
    "/api/meetings/series/": _values(MeetingSeries, "slug"),
    "/api/registry/fora/": _values(Forum, "slug"),
    "/api/registry/organisations/": _values(Organisation, "slug"),
}
# Query filters that name an object.
QUERY_VALUES: dict[str, Callable[[], list[Any]]] = {
    "meeting": _pks(Meeting),
    "forum": _values(Forum, "slug"),
    "parent": _values(Forum, "slug"),
    "series": _values(MeetingSeries, "slug"),
    "economy": _values(Economy, "code"),
    "organisation": _values(Organisation, "slug"),
    "person": _pks(Person),
    "delegation": _pks(Delegation),
    "a": _values(Version, "number"),
    "b": _values(Version, "number"),
    "against": _values(Version, "number"),
}


def path_values(path: str, name: str, *, spare_tokens: Iterable[int] = ()) -> list[Any]:
    """The existing values of path parameter ``name`` in the operation at ``path``. API tokens
    the fuzzer signs in with are left out: revoking its own key would end the run's reach."""
    if name == "slug":
        source = next((s for prefix, s in SLUGS.items() if path.startswith(prefix)), None)
        return source() if source else []
    if name == "token_id":
        return list(
            ApiToken.objects.exclude(pk__in=list(spare_tokens)).values_list("pk", flat=True)
        )
    source = PATH_VALUES.get(name)
    return source() if source else []


def query_values(name: str) -> list[Any]:
    source = QUERY_VALUES.get(name)
    return source() if source else []
