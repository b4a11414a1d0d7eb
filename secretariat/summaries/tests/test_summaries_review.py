"""Review of automatic extracts (issue 11): the signed-out reader's cached outcome page
follows its extract; a document deleted while its extract is made keeps none."""

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from secretariat.core.i18n import translations
from secretariat.meetings import services as meeting_services
from secretariat.meetings.choices import Classification, DocumentPurpose
from secretariat.meetings.models import Document
from secretariat.meetings.tests.factories import MeetingFactory
from secretariat.negotiation import services_import
from secretariat.negotiation.tests.factories import agreed_xml
from secretariat.summaries import embedders, services
from secretariat.summaries.models import Summary
from secretariat.testing.world import client_for

from .test_summaries import REPORT, _long_docx

pytestmark = pytest.mark.django_db


def test_the_cached_outcome_page_shows_an_extract_made_after_it_was_cached(world):
    # The outcome page is cached whole for signed-out readers; the extract is made in the
    # background, later. Without the extract's token in the page's key the page stayed
    # without it (or with a removed one) for the cache's hour; no test noticed.
    paragraphs = "".join(
        f'<paragraph eId="para_{n}"><content><p>{sentence}</p></content></paragraph>'
        for n, sentence in enumerate(REPORT.split(". "), start=3)
    )
    # Outside captureOnCommitCallbacks: the adoption's hooks (the extract) do not run yet.
    [result] = services_import.import_agreed_texts(
        actor=world.users["secretariat"],
        forum=world.body,
        files=[("long.xml", agreed_xml(extra=paragraphs))],
    )
    reader = client_for("anonymous", world)
    page = f"/en/negotiation/{result.text.slug}/"
    assert "Automatic extract" not in reader.get(page).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.summarise(kind="text", target_id=result.text.pk)
    summary = Summary.objects.get(target_kind="text", target_id=result.text.pk)
    html = reader.get(page).content.decode()
    assert "Automatic extract" in html and summary.sentences[0] in html


class DeletingEmbedder(embedders.HashingEmbedder):
    """Deletes the document being summarised while its sentences are embedded: what a
    secretariat deleting a mistaken upload does while the background task runs."""

    name = "deleting"
    document_id: int | None = None

    def embed(self, sentences: list[str]) -> np.ndarray:
        Document.objects.filter(pk=DeletingEmbedder.document_id).delete()
        return super().embed(sentences)


def test_a_document_deleted_while_its_extract_is_made_keeps_no_extract(world, settings, tmp_path):
    # The task read the words, the document was deleted (its post_delete found no extract to
    # remove), then the task wrote one: copies of a deleted document's sentences, kept.
    settings.MEDIA_ROOT = tmp_path / "media"
    document = meeting_services.submit_document(  # outside captureOnCommit: no task yet
        actor=world.users["secretariat"],
        meeting=MeetingFactory(forum=world.body),
        title=translations("en", en="Mistaken upload"),
        purpose=DocumentPurpose.INFORMATION,
        classification=Classification.RESTRICTED,
        upload=SimpleUploadedFile("report.docx", _long_docx()),
    )
    settings.SUMMARIES_EMBEDDER = f"{__name__}.DeletingEmbedder"
    DeletingEmbedder.document_id = document.pk
    assert services.summarise(kind="document", target_id=document.pk) is None
    assert not Summary.objects.filter(target_kind="document", target_id=document.pk).exists()
