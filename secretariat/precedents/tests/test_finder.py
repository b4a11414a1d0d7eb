from django.contrib.auth.models import AnonymousUser

from secretariat.negotiation.models import Text
from secretariat.precedents import index, rankers, selectors, services
from secretariat.precedents.embedders import HashingEmbedder
from secretariat.precedents.models import ParagraphEmbedding
from secretariat.registry.permissions import principal_for

from .factories import adopted_text

OPEN = "We promote interoperable zephyr frameworks for cross-border data flows."
CLOSED = "We will cooperate on zephyr cybersecurity incident response among members."


def _find(world, role, draft="zephyr frameworks for data flows", **kwargs):  # type: ignore[no-untyped-def]
    user = AnonymousUser() if role == "anonymous" else world.users[role]
    return selectors.find_precedents(principal_for(user), draft, **kwargs)


def test_adopting_a_text_embeds_each_agreed_paragraph_after_commit(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        text = adopted_text(world, "open", [OPEN, "We welcome the report."])
    assert not ParagraphEmbedding.objects.exists()  # nothing before the adoption commits
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    rows = ParagraphEmbedding.objects.filter(text=text)
    assert rows.count() == 2
    assert {row.model for row in rows} == {HashingEmbedder.name}
    assert {row.language for row in rows} == {"en"}
    assert {len(bytes(row.vector)) for row in rows} == {HashingEmbedder.dim * 4}


def test_precedents_come_only_from_adopted_texts_the_asker_may_read(world):
    adopted_text(world, "open", [OPEN])
    adopted_text(world, "closed", [CLOSED], published=False)  # forum A's, restricted
    services.rebuild_index()
    wordings = {
        role: {found.wording for found in _find(world, role)}
        for role in ("anonymous", "delegate_a", "delegate_c", "secretariat")
    }
    assert wordings == {
        "anonymous": {OPEN},
        "delegate_a": {OPEN, CLOSED},
        "delegate_c": {OPEN},
        "secretariat": {OPEN, CLOSED},
    }


def test_publishing_an_adopted_text_shows_its_precedents_without_reindexing(world):
    text = adopted_text(world, "closed", [CLOSED], published=False)
    services.index_text(text.pk)
    assert _find(world, "anonymous", CLOSED) == []
    Text.objects.filter(pk=text.pk).update(classification="published")
    assert [found.wording for found in _find(world, "anonymous", CLOSED)] == [CLOSED]


def test_the_nearest_comes_first_with_its_place_and_a_word_diff_from_the_draft(world):
    adopted_text(world, "open", ["We note the weather.", OPEN, CLOSED])
    services.rebuild_index()
    found = _find(world, "anonymous", "We promote interoperable zephyr frameworks for data flows.")
    best = found[0]
    assert (best.text_slug, best.eid, best.num, best.language) == ("open", "para_2", "2", "en")
    assert best.url.endswith("/negotiation/open/#para_2")
    assert best.year == Text.objects.get(slug="open").adopted_at.year
    assert [found.score for found in found] == sorted((f.score for f in found), reverse=True)
    inserted = "".join(piece.text for piece in best.diff if piece.op == "insert")
    assert "cross-border" in inserted
    assert all(piece.op != "delete" for piece in best.diff)


def test_a_change_written_elsewhere_reloads_the_matrix_on_the_next_query(world):
    text = adopted_text(world, "open", [OPEN])
    services.index_text(text.pk)
    first = index.matrix(HashingEmbedder.name, HashingEmbedder.dim)
    assert index.matrix(HashingEmbedder.name, HashingEmbedder.dim) is first  # kept
    adopted_text(world, "more", [CLOSED])
    services.index_text(Text.objects.get(slug="more").pk)  # as another process would
    second = index.matrix(HashingEmbedder.name, HashingEmbedder.dim)
    assert second is not first and len(second.paragraph_ids) == 2


def test_rankers_are_fused_by_reciprocal_rank():
    fused = rankers.fuse([[1, 2, 3], [2, 3, 9]])
    assert [pk for pk, _ in fused] == [2, 3, 1, 9]  # found by both beats first in one
    assert fused[0][1] == 1 / 62 + 1 / 61


def test_a_keyword_ranker_can_lift_what_the_vectors_put_lower(world):
    text = adopted_text(world, "open", [OPEN, CLOSED])
    services.index_text(text.pk)
    closed_id = next(f.paragraph_id for f in _find(world, "secretariat") if f.wording == CLOSED)

    def keyword(draft, limit, principal):  # type: ignore[no-untyped-def]
        return [closed_id]

    found = _find(world, "secretariat", rankers=[rankers.vector_ranker, keyword, keyword])
    assert found[0].wording == CLOSED


def test_korean_wording_is_labelled_korean(world):
    text = adopted_text(world, "ko", ["우리는 디지털 격차를 해소한다."], language="ko")
    assert services.language_of(text, "우리는 디지털 격차를 해소한다.") == "ko"
    assert services.language_of(text, "数据流动") == "zh-hans"
    assert services.language_of(text, "データ流通") == "ja"
    assert services.language_of(text, "Promovemos") == "ko"  # the text's language


def test_a_ranker_cannot_leak_a_paragraph_the_asker_may_not_read(world):
    closed = adopted_text(world, "closed", [CLOSED], published=False)
    services.index_text(closed.pk)
    leaked = ParagraphEmbedding.objects.get(text=closed).paragraph_id

    def careless(draft, limit, principal):  # type: ignore[no-untyped-def]
        return [leaked]  # a ranker that forgot to filter by visibility

    assert _find(world, "anonymous", CLOSED, rankers=[careless]) == []
    assert [f.paragraph_id for f in _find(world, "delegate_a", CLOSED, rankers=[careless])] == [
        leaked
    ]


def test_a_deleted_or_no_longer_adopted_text_leaves_the_results_at_once(world):
    text = adopted_text(world, "open", [OPEN, CLOSED])
    services.index_text(text.pk)
    assert len(_find(world, "anonymous")) == 2
    loaded = index.matrix(HashingEmbedder.name, HashingEmbedder.dim)
    # Rows gone without the token renewed (as a cascade from a deleted text would leave
    # them in another process's matrix): the stale ids are dropped on the way out.
    ParagraphEmbedding.objects.filter(text=text).delete()
    assert index.matrix(HashingEmbedder.name, HashingEmbedder.dim) is loaded
    Text.objects.filter(pk=text.pk).update(status="negotiating")
    assert _find(world, "anonymous") == []


def test_the_search_apps_keyword_ranking_is_fused_in_where_installed(world):
    from secretariat.search import services as search_services

    text = adopted_text(world, "open", [OPEN, CLOSED])
    services.index_text(text.pk)
    search_services.reindex_everything()
    keyword = rankers.keyword_ranker()
    assert keyword is not None and len(rankers.default_rankers()) == 2
    principal = principal_for(world.users["delegate_a"])
    closed_id = next(f.paragraph_id for f in _find(world, "delegate_a") if f.wording == CLOSED)
    assert keyword("cybersecurity incident", 10, principal) == [closed_id]
    assert _find(world, "delegate_a", "cybersecurity incident")[0].paragraph_id == closed_id


def test_keyword_hits_count_only_in_the_drafts_own_language(world):
    text = adopted_text(world, "open", [OPEN, CLOSED])
    services.index_text(text.pk)
    ids = list(ParagraphEmbedding.objects.filter(text=text).values_list("paragraph_id", flat=True))

    def everything(draft, limit, principal):  # type: ignore[no-untyped-def]
        return ids

    keep = rankers.in_draft_language(everything)
    principal = principal_for(world.users["delegate_a"])
    assert keep("We will cooperate on the response", 10, principal) == ids  # English
    assert keep("우리는 AI 협력을 강화한다", 10, principal) == []  # Korean: English hits dropped
    assert keep("Cooperaremos en la respuesta de los equipos", 10, principal) == []  # Spanish
    assert keep("zephyr", 10, principal) == ids  # no clear language: kept
    assert rankers.draft_language("数据") is None  # Han alone: Chinese or Japanese
    assert rankers.draft_language("数据流动促进") is None
    assert rankers.draft_language("デジタル人材") == "ja"
