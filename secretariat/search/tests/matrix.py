"""Permission-matrix entries for search (merged by secretariat/testing/matrix.py).

The world gains items holding the word "zephyrine": a paragraph of an adopted, published
text of forum A and its verified Korean translation (everyone's), a paragraph of a
restricted text of forum A (forum A's), a paragraph of a restricted text of forum B, the
verified Korean translation of a text of forum B restricted again after its outcome was
announced, and a restricted document of forum B (forum B's: forum A's members, the public
and the press must not find them, nor count them in a facet), and a public document of
forum A. This app is the last installed, so its
``extend_world`` runs after every other app's and indexes the whole world."""

from django.urls import reverse

from secretariat.core.i18n import translations
from secretariat.meetings.choices import Classification as DocumentClassification
from secretariat.meetings.tests.factories import DocumentFactory, MeetingFactory
from secretariat.negotiation.choices import Classification
from secretariat.negotiation.models import Paragraph, Text
from secretariat.search import index
from secretariat.testing.checks import EVERYONE, FORUM_A, FORUM_B, Check, Sees, api

from .fixtures import make_text, mark_adopted, publish_translation

WORD = "zephyrine"
WORDINGS = {
    "public_para": "Zephyrine cooperation on open data is agreed language.",
    "forum_a_para": "Zephyrine talking points for forum A only.",
    "forum_b_para": "Zephyrine quantum-safe encryption stays confidential to TELWG.",
}
TRANSLATIONS = {
    "public_translation": "Zephyrine 공개 데이터 협력은 합의된 문구이다.",
    "forum_b_translation": "Zephyrine 양자내성 암호는 포럼 B 비공개 번역이다.",
}
DOCUMENT_TITLES = {
    "public_doc": "Zephyrine public background paper",
    "forum_b_doc": "Zephyrine restricted TELWG paper",
}
READ_BY = {
    "public_para": EVERYONE,
    "public_doc": EVERYONE,
    "forum_a_para": FORUM_A,
    "forum_b_para": FORUM_B,
    "forum_b_doc": FORUM_B,
    "public_translation": EVERYONE,
    "forum_b_translation": FORUM_B,
}


def _paragraph_id(text, wording):  # type: ignore[no-untyped-def]
    return Paragraph.objects.get(version=text.current_version, content=[{"text": wording}]).pk


def extend_world(world):  # type: ignore[no-untyped-def]
    public = mark_adopted(
        make_text(
            world,
            slug="search-public",
            title="Search public statement",
            paragraphs=[WORDINGS["public_para"]],
        )
    )
    forum_a = make_text(
        world,
        slug="search-forum-a",
        title="Search forum A draft",
        published=False,
        paragraphs=[WORDINGS["forum_a_para"]],
    )
    forum_b = make_text(
        world,
        slug="search-forum-b",
        title="Search forum B draft",
        forum=world.other_forum,
        published=False,
        paragraphs=[WORDINGS["forum_b_para"]],
    )
    public_translation = publish_translation(world, public, TRANSLATIONS["public_translation"])
    forum_b_published = mark_adopted(
        make_text(
            world,
            slug="search-forum-b-translated",
            title="Search forum B statement",
            forum=world.other_forum,
            paragraphs=["Quantum-safe cryptography is agreed in forum B."],
        )
    )
    forum_b_translation = publish_translation(
        world, forum_b_published, TRANSLATIONS["forum_b_translation"]
    )
    # Restricted again after its outcome's announcement: its translation goes with it.
    Text.objects.filter(pk=forum_b_published.pk).update(classification=Classification.RESTRICTED)
    meeting_a = MeetingFactory(forum=world.body)
    meeting_b = MeetingFactory(forum=world.other_forum)
    public_doc = DocumentFactory(
        meeting=meeting_a, title=translations("en", en=DOCUMENT_TITLES["public_doc"])
    )
    forum_b_doc = DocumentFactory(
        meeting=meeting_b,
        title=translations("en", en=DOCUMENT_TITLES["forum_b_doc"]),
        classification=DocumentClassification.RESTRICTED,
    )
    world.extra["search"] = {
        "public_para": f"paragraph:{_paragraph_id(public, WORDINGS['public_para'])}",
        "forum_a_para": f"paragraph:{_paragraph_id(forum_a, WORDINGS['forum_a_para'])}",
        "forum_b_para": f"paragraph:{_paragraph_id(forum_b, WORDINGS['forum_b_para'])}",
        "public_doc": f"document:{public_doc.pk}",
        "forum_b_doc": f"document:{forum_b_doc.pk}",
        "public_translation": f"translation:{public_translation.pk}",
        "forum_b_translation": f"translation:{forum_b_translation.pk}",
    }
    index.rebuild()
    return world


def _by_role() -> dict:  # type: ignore[type-arg]
    """Each role set -> what it finds: the union of every item it may read."""
    return {
        role: {label for label, readers in READ_BY.items() if role in readers} for role in EVERYONE
    }


# The page shows the wording (or title) of each item found, and a forum facet link for
# TELWG only to whoever finds one of forum B's items.
PAGE_NEEDLES = {**WORDINGS, **DOCUMENT_TITLES, **TRANSLATIONS}

PAGES = {
    "search:search": Check(
        "GET",
        lambda w: reverse("search:search") + f"?q={WORD}",
        EVERYONE,
        sees=Sees(
            items=lambda w: {
                **{label: text.split(" ", 1)[1] for label, text in PAGE_NEEDLES.items()},
                "telwg_facet": 'data-facet="forum:telwg"',
            },
            by_role={
                **_by_role(),
                **{role: _by_role()[role] | {"telwg_facet"} for role in FORUM_B},
            },
        ),
    ),
}

API = {
    "search": Check(
        "GET",
        api(f"/search?q={WORD}"),
        EVERYONE,
        sees=Sees(items=lambda w: w.extra["search"], by_role=_by_role()),
    ),
}
