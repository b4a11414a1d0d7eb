"""Review of automatic extracts (issue 11): the signed-out reader's cached outcome page
follows its extract."""

import pytest
from django.test import TestCase

from secretariat.negotiation import services_import
from secretariat.negotiation.tests.factories import agreed_xml
from secretariat.summaries import services
from secretariat.summaries.models import Summary
from secretariat.testing.world import client_for

from .test_summaries import REPORT

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
