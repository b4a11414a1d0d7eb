"""What comments can be under: a registry of target kinds, each resolving an id to the
public object it names. Apps that own the objects register their kind (the negotiation's
adopted outcomes here, news items where news is built) so this app imports none of them at
module level and no foreign key crosses apps.

A resolver answers ``None`` for an id that names nothing the public may read (missing,
unpublished, embargoed): comments on it are then 404, exactly as the object is."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from secretariat.core.errors import NotFound

from .choices import TargetKind


@dataclass(frozen=True)
class TargetType:
    """How to find and describe the public objects of one kind.

    ``load(id)``: the object if the public may read it, else ``None`` (one query);
    ``is_public(obj)``: the same rule for an object already read (no query);
    ``url(obj)``: its public page; ``title(obj)``: its plain title in the current language."""

    kind: str
    load: Callable[[int], Any | None]
    is_public: Callable[[Any], bool]
    url: Callable[[Any], str]
    title: Callable[[Any], str]


@dataclass(frozen=True)
class Target:
    kind: str
    id: int
    obj: Any
    type: TargetType

    @property
    def url(self) -> str:
        return self.type.url(self.obj)

    @property
    def title(self) -> str:
        return self.type.title(self.obj)

    def __str__(self) -> str:
        return f"{self.kind} #{self.id}"


_REGISTRY: dict[str, TargetType] = {}


def register_target(
    kind: str,
    *,
    load: Callable[[int], Any | None],
    is_public: Callable[[Any], bool],
    url: Callable[[Any], str],
    title: Callable[[Any], str],
) -> None:
    """Make ``kind`` (one of ``TargetKind``) commentable. Registering a kind again replaces
    it (tests and reloads)."""
    if kind not in TargetKind.values:
        raise ValueError(f"{kind!r} is not a TargetKind; add it to comments.choices first")
    _REGISTRY[kind] = TargetType(kind, load, is_public, url, title)


def registered_kinds() -> list[str]:
    return sorted(_REGISTRY)


def target_type(kind: str) -> TargetType:
    found = _REGISTRY.get(kind)
    if found is None:
        raise NotFound(_("Nothing of kind %(kind)s takes comments.") % {"kind": kind})
    return found


def resolve_target(kind: str, target_id: int) -> Target:
    """The public target, or ``NotFound`` (missing and not public alike)."""
    kind_type = target_type(kind)
    obj = kind_type.load(target_id)
    if obj is None:
        raise NotFound(_("No %(kind)s matches id=%(id)s.") % {"kind": kind, "id": target_id})
    return Target(kind, int(target_id), obj, kind_type)


def target_of(kind: str, obj: Any) -> Target:
    """The target for an object the caller has already read (a page showing it): no query.
    ``NotFound`` if the public may not read it."""
    kind_type = target_type(kind)
    if not kind_type.is_public(obj):
        raise NotFound(_("This %(kind)s takes no comments.") % {"kind": kind})
    return Target(kind, int(obj.pk), obj, kind_type)


# The outcome kind: an adopted (or chair's statement) negotiated text that is published.


def _outcome_is_public(text: Any) -> bool:
    from secretariat.negotiation.choices import Classification

    return text.classification == Classification.PUBLISHED and text.is_concluded


@functools.cache
def _outcome_read() -> Any:
    """Built once per process (``core.prepared``): every comment write reads its target,
    with the slug of its announced outcome (``_outcome_url``'s, which a post redirects to)."""
    from django.db.models import OuterRef, Subquery

    from secretariat.core.prepared import Prepared
    from secretariat.negotiation.choices import Classification, TextStatus
    from secretariat.negotiation.models import Text
    from secretariat.outcomes.models import Outcome

    return Prepared(
        lambda text: (
            Text.objects.filter(
                pk=text,
                classification=Classification.PUBLISHED,
                status__in=[TextStatus.ADOPTED, TextStatus.FALLBACK],
            )
            .annotate(
                **{
                    _OUTCOME_SLUG: Subquery(
                        _announced(Outcome.objects.filter(text_id=OuterRef("pk"))).values("slug")[
                            :1
                        ]
                    )
                }
            )
            .order_by()[:1]
        ),
        "text",
    )


_OUTCOME_SLUG = "announced_outcome_slug"
_UNREAD = object()


def _announced(outcomes: Any) -> Any:
    return outcomes.filter(announced_at__isnull=False).order_by("pk")


def _load_outcome(target_id: int) -> Any | None:
    found = _outcome_read().objects(text=target_id)
    return found[0] if found else None


def _outcome_url(text: Any) -> str:
    """The text's public outcome page once announced (``outcomes``), else the text's page;
    both show the same comments. The announced outcome's slug is read with a text that
    ``_load_outcome`` read, else here."""
    from django.urls import reverse

    from secretariat.outcomes.models import Outcome

    slug = getattr(text, _OUTCOME_SLUG, _UNREAD)
    if slug is _UNREAD:
        published = _announced(Outcome.objects.filter(text_id=text.pk)).first()
        slug = None if published is None else published.slug
    if slug is not None:
        return reverse("outcomes:outcome", args=[slug])
    return reverse("negotiation:text", args=[text.slug])


def _outcome_title(text: Any) -> str:
    from django.utils.translation import get_language

    from secretariat.core.i18n import resolve

    return resolve(text.title, get_language() or "en").text or text.slug


def register_builtin_targets() -> None:
    register_target(
        TargetKind.OUTCOME,
        load=_load_outcome,
        is_public=_outcome_is_public,
        url=_outcome_url,
        title=_outcome_title,
    )
