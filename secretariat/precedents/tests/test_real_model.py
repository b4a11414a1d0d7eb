"""The one place the suite runs the real multilingual model (it loads in a fraction of a
second from the wheel): a Korean draft finds the English paragraph that says the same."""

import pytest
from django.contrib.auth.models import AnonymousUser

from secretariat.precedents import selectors, services
from secretariat.precedents.embedders import E5Embedder, get_embedder
from secretariat.precedents.models import ParagraphEmbedding
from secretariat.registry.permissions import principal_for

from .factories import adopted_text

AGREED = [
    "We will strengthen digital skills and AI literacy for all.",
    "We aim to narrow the digital divide within and between economies.",
    "We support work with international standards bodies on trustworthy AI.",
    "We encourage investment in AI-enabled cloud and next-generation networks.",
]


@pytest.mark.once
def test_a_korean_draft_finds_the_agreed_english_paragraph_with_the_real_model(world, settings):
    settings.PRECEDENTS_EMBEDDER = "secretariat.precedents.embedders.E5Embedder"
    assert isinstance(get_embedder(), E5Embedder)
    adopted_text(world, "agreed-2025", AGREED)
    services.rebuild_index()
    assert set(ParagraphEmbedding.objects.values_list("model", flat=True)) == {E5Embedder.name}
    found = selectors.find_precedents(
        principal_for(AnonymousUser()),
        "우리는 경제 내부와 경제 간의 디지털 격차를 줄이고자 한다.",
        limit=4,
    )
    assert [precedent.wording for precedent in found][0] == AGREED[1]
    assert found[0].language == "en"
