"""Permission-matrix entries for news (merged by secretariat/testing/matrix.py).

The world: a public news item ("pub"), a press release whose embargo is over ("over"), a
press release under embargo for the DAIMM-like meeting "NEWSMTG" where the `press` user is
accredited press ("emb"), one under embargo for a meeting where nobody of the world is
accredited ("emb_other"), a draft, an item in review and a scheduled one. Before its time,
an embargoed release is the accredited press's and the secretariat's; drafts, items in
review and scheduled items are the secretariat's alone. Only the secretariat writes."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from secretariat.core.i18n import translations
from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.news.choices import NewsKind, NewsState
from secretariat.news.models import NewsImage, NewsItem
from secretariat.registrations.choices import Category
from secretariat.registrations.tests.factories import RegistrationFactory
from secretariat.testing.checks import EVERYONE, SECRETARIAT, Check, Sees, api, page

from .factories import NewsImageFactory, NewsItemFactory, png_bytes

TITLES = {
    "pub": "Quokka public item",
    "over": "Wombat embargo lifted",
    "emb": "Koala embargoed release",
    "emb_other": "Dingo embargoed elsewhere",
    "draft": "Emu draft item",
    "review": "Ibis in review",
    "scheduled": "Numbat scheduled item",
}
PRESS = frozenset({"press", "secretariat"})
READ_BY = {
    "pub": EVERYONE,
    "over": EVERYONE,
    "emb": PRESS,
    "emb_other": SECRETARIAT,
    "draft": SECRETARIAT,
    "review": SECRETARIAT,
    "scheduled": SECRETARIAT,
}
PUBLIC = {"pub", "over"}
LIVE_SEEN = {
    EVERYONE: PUBLIC,
    "press": PUBLIC | {"emb"},
    "secretariat": PUBLIC | {"emb", "emb_other"},
}


def extend_world(world) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    meeting = MeetingFactory(forum=world.body, code="NEWSMTG")
    other = MeetingFactory(forum=world.body, code="NEWSOTH")
    RegistrationFactory(meeting=meeting, person=world.people["press"], category=Category.PRESS)

    def item(label, **kwargs):  # type: ignore[no-untyped-def]
        return NewsItemFactory(title=translations("en", en=TITLES[label]), **kwargs)

    release = {"kind": NewsKind.PRESS_RELEASE, "published_at": now - hour}
    items = {
        "pub": item("pub"),
        "over": item("over", meeting=meeting, embargo_until=now - hour / 2, **release),
        "emb": item("emb", meeting=meeting, embargo_until=now + 24 * hour, **release),
        "emb_other": item("emb_other", meeting=other, embargo_until=now + 24 * hour, **release),
        "draft": item("draft", state=NewsState.DRAFT, published_at=None),
        "review": item("review", state=NewsState.IN_REVIEW, published_at=None),
        "scheduled": item("scheduled", published_at=now + 24 * hour),
    }
    images = {label: NewsImageFactory(item=items[label]) for label in ("pub", "emb", "draft")}
    world.extra.update(news=items, news_images=images)


def _item(label):  # type: ignore[no-untyped-def]
    return lambda w: w.extra["news"][label].pk


def _titles(w):  # type: ignore[no-untyped-def]
    return dict(TITLES)


def _ids(w):  # type: ignore[no-untyped-def]
    return {label: item.pk for label, item in w.extra["news"].items()}


def _form(title):  # type: ignore[no-untyped-def]
    return lambda w: {
        "kind": "news",
        "original_language": "en",
        "title_en": title,
        "body_en": "Written in the matrix.",
        "version": w.extra["news"]["draft"].version,
    }


def _titled(title):  # type: ignore[no-untyped-def]
    return lambda w: NewsItem.objects.filter(title__en__text=title).exists()


def _in_review(w):  # type: ignore[no-untyped-def]
    return NewsItem.objects.filter(pk=_item("draft")(w), state=NewsState.IN_REVIEW).exists()


def _image_body(w):  # type: ignore[no-untyped-def]
    return {
        "file": SimpleUploadedFile("x.png", png_bytes(), content_type="image/png"),
        "alt_en": "Matrix picture",
    }


def _image_added(w):  # type: ignore[no-untyped-def]
    return NewsImage.objects.filter(
        item_id=_item("draft")(w), alt__en__text="Matrix picture"
    ).exists()


_API_BODY = {"text": "Matrix created by API", "status": "original"}

PAGES: dict[str, Check | tuple[Check, ...]] = {
    "news:list": Check(
        "GET", page("news:list"), EVERYONE, sees=Sees(items=_titles, by_role=LIVE_SEEN)
    ),
    "news:feed": Check(
        "GET", page("news:feed"), EVERYONE, sees=Sees(items=_titles, by_role={EVERYONE: PUBLIC})
    ),
    "news:item": tuple(
        Check("GET", page("news:item", _item(label)), allowed) for label, allowed in READ_BY.items()
    ),
    "news:image": tuple(
        Check(
            "GET",
            page("news:image", lambda w, label=label: w.extra["news_images"][label].pk),
            READ_BY[label],
        )
        for label in ("pub", "emb", "draft")
    ),  # fmt: skip
    "news:manage": Check(
        "GET",
        page("news:manage"),
        SECRETARIAT,
        sees=Sees(items=_titles, by_role={SECRETARIAT: set(TITLES)}),
    ),
    "news:create": (
        Check("GET", page("news:create"), SECRETARIAT),
        Check(
            "POST",
            page("news:create"),
            SECRETARIAT,
            _form("Matrix created"),
            effect=_titled("Matrix created"),
        ),
    ),
    "news:edit": (
        Check("GET", page("news:edit", _item("draft")), SECRETARIAT),
        Check(
            "POST",
            page("news:edit", _item("draft")),
            SECRETARIAT,
            _form("Emu draft renamed"),
            effect=_titled("Emu draft renamed"),
        ),
    ),
    "news:transition": Check(
        "POST",
        page("news:transition", _item("draft")),
        SECRETARIAT,
        lambda w: {"version": w.extra["news"]["draft"].version, "state": "in_review"},
        effect=_in_review,
    ),
    "news:add_image": Check(
        "POST",
        page("news:add_image", _item("draft")),
        SECRETARIAT,
        _image_body,
        effect=_image_added,
    ),
}

API: dict[str, Check | tuple[Check, ...]] = {
    "list_news": Check("GET", api("/news/"), EVERYONE, sees=Sees(items=_ids, by_role=LIVE_SEEN)),
    "get_news_item": tuple(
        Check("GET", lambda w, label=label: f"/api/news/{_item(label)(w)}", allowed)
        for label, allowed in READ_BY.items()
    ),
    "create_news_item": Check(
        "POST",
        api("/news/"),
        SECRETARIAT,
        lambda w: {"kind": "news", "title": {"en": _API_BODY}, "body": {"en": _API_BODY}},
        effect=_titled("Matrix created by API"),
    ),
    "update_news_item": Check(
        "PATCH",
        lambda w: f"/api/news/{_item('draft')(w)}",
        SECRETARIAT,
        lambda w: {
            "version": w.extra["news"]["draft"].version,
            "title": {"en": {"text": "Emu draft renamed", "status": "original"}},
        },
        effect=_titled("Emu draft renamed"),
    ),
    "change_news_state": Check(
        "POST",
        lambda w: f"/api/news/{_item('draft')(w)}/transitions",
        SECRETARIAT,
        lambda w: {"version": w.extra["news"]["draft"].version, "state": "in_review"},
        effect=_in_review,
    ),
}
