"""The index follows the data without callers doing anything: a new version, adoption,
derestriction and deletion are reflected once their transaction commits (the audit entry or
the row change schedules a re-index task)."""

import datetime as dt

import pytest

from secretariat.core.i18n import translations
from secretariat.meetings import services as meeting_services
from secretariat.meetings.choices import Classification
from secretariat.meetings.models import Document
from secretariat.meetings.tests.factories import DocumentFactory, MeetingFactory
from secretariat.negotiation import services as negotiation_services
from secretariat.negotiation.tests.factories import paragraph
from secretariat.registry.permissions import principal_for
from secretariat.search import services
from secretariat.search.models import SearchEntry

from .fixtures import make_text


def _anonymous_titles(query: str) -> list[str]:
    results = services.search(principal=principal_for(None), text=query)
    return [next(iter(hit.title.values()))["text"] for hit in results.items]


def _anonymous_snippets(query: str) -> list[str]:
    return [hit.snippet for hit in services.search(principal=principal_for(None), text=query).items]


@pytest.mark.django_db
def test_new_version_replaces_the_old_wording_and_adoption_makes_it_agreed(
    texts, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    world, _ = texts
    with django_capture_on_commit_callbacks(execute=True):
        text = make_text(
            world, slug="lifecycle", title="Lifecycle statement", paragraphs=["Xylophone wording."]
        )
    assert len(_anonymous_snippets("xylophone")) == 1
    eid = text.current_version.paragraphs.get().provision.eid
    with django_capture_on_commit_callbacks(execute=True):
        negotiation_services.publish_version(
            actor=world.users["secretariat"],
            text=text,
            kind="rolling_text",
            based_on=1,
            paragraphs=[paragraph("Marimba wording.", eid=eid, num="1")],
        )
    assert _anonymous_snippets("xylophone") == []
    assert len(_anonymous_snippets("marimba")) == 1
    assert services.rank_paragraphs("marimba") == []  # not adopted yet
    text.refresh_from_db()
    for role, delegation in (("head_a", world.delegation_a), ("head_b", world.delegation_b)):
        negotiation_services.state_position(
            actor=world.users[role],
            text=text,
            delegation=delegation,
            eid=eid,
            stance="support",
            based_on=None,
        )
    text.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        negotiation_services.adopt_text(actor=world.users["chair"], text=text, version=text.version)
    assert services.rank_paragraphs("marimba") == [text.current_version.paragraphs.get().pk]


@pytest.mark.django_db
def test_derestricted_document_is_found_and_a_deleted_one_leaves_the_index(
    texts, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    world, _ = texts
    with django_capture_on_commit_callbacks(execute=True):
        document = DocumentFactory(
            meeting=MeetingFactory(forum=world.other_forum),
            title=translations("en", en="Ocarina study"),
            classification=Classification.RESTRICTED,
            derestrict_on=dt.date(2030, 1, 1),
        )
    assert _anonymous_titles("ocarina") == []
    head_c = principal_for(world.users["head_c"])
    assert services.search(principal=head_c, text="ocarina").total == 1
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.derestrict_due_documents(
            actor=world.users["secretariat"], today=dt.date(2030, 1, 2)
        )
    assert _anonymous_titles("ocarina") == ["Ocarina study"]
    with django_capture_on_commit_callbacks(execute=True):
        Document.objects.filter(pk=document.pk).delete()
    assert _anonymous_titles("ocarina") == []
    assert not SearchEntry.objects.filter(kind="document", object_id=document.pk).exists()


@pytest.mark.django_db
def test_pdf_upload_is_found_by_its_text(texts, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from django.core.files.base import ContentFile

    from secretariat.meetings.demo import demo_pdf as pdf_with_text

    world, _ = texts
    with django_capture_on_commit_callbacks(execute=True):
        document = DocumentFactory(
            meeting=MeetingFactory(forum=world.body),
            title=translations("en", en="Annex"),
            link="",
            file=ContentFile(pdf_with_text("Harpsichord interoperability"), name="annex.pdf"),
            file_kind="pdf",
        )
    assert _anonymous_titles("harpsichord") == ["Annex"]
    assert document.pk


@pytest.mark.django_db
def test_rebuild_leaves_no_pending_entries_in_postgresqls_trigram_indexes(texts):  # type: ignore[no-untyped-def]
    """Every query reads a GIN index's pending list whole: a rebuild merges it."""
    from django.db import connection

    from secretariat.search import index

    if connection.vendor != "postgresql":
        pytest.skip("GIN pending lists are PostgreSQL's")
    index.rebuild()
    with connection.cursor() as cursor:
        for name in ("search_haystack_trgm", "search_extra_trgm"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])
            assert cursor.fetchone() == (0,), name
            cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [name])
            assert cursor.fetchone() == (["gin_pending_list_limit=1024"],), name
