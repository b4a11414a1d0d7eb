import pytest

from secretariat.negotiation.models import Paragraph
from secretariat.registry.permissions import principal_for
from secretariat.search import index, services, tokenize


def _wordings(ids):  # type: ignore[no-untyped-def]
    from secretariat.negotiation.consensus import plain_text

    by_id = {p.pk: plain_text(p.content) for p in Paragraph.objects.filter(pk__in=ids)}
    return [by_id[i] for i in ids]


def _titles(results):  # type: ignore[no-untyped-def]
    return {next(iter(hit.title.values()))["text"] for hit in results.items}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("보안", "우리는 정보 보안 분야에서 협력을 강화한다."),
        ("数据", "我们加强数据安全合作。"),
        ("人材", "デジタル人材の育成を推進する。"),
    ],
)
def test_two_character_cjk_words_find_their_paragraph(texts, word, expected):  # type: ignore[no-untyped-def]
    assert _wordings(services.rank_paragraphs(word)) == [expected]


@pytest.mark.django_db
def test_rank_paragraphs_puts_the_paragraph_with_more_words_first_and_keeps_to_adopted(texts):  # type: ignore[no-untyped-def]
    found = _wordings(services.rank_paragraphs("strengthen cooperation on data security"))
    assert found[0] == "We will strengthen cooperation on data security and trustworthy AI."
    assert "We will strengthen cooperation on data security in 2026." not in found
    everything = _wordings(
        services.rank_paragraphs("strengthen cooperation data security", adopted_only=False)
    )
    assert "We will strengthen cooperation on data security in 2026." in everything


@pytest.mark.django_db
def test_rank_paragraphs_hides_forum_b_restricted_paragraph_from_forum_a(texts):  # type: ignore[no-untyped-def]
    world, _ = texts
    secret = "Quantum-safe encryption cooperation remains confidential."
    assert _wordings(services.rank_paragraphs("quantum encryption")) == []
    forum_a = principal_for(world.users["delegate_a"])
    assert _wordings(services.rank_paragraphs("quantum encryption", principal=forum_a)) == []
    forum_b = principal_for(world.users["delegate_c"])
    assert _wordings(services.rank_paragraphs("quantum encryption", principal=forum_b)) == [secret]


@pytest.mark.django_db
def test_search_marks_matches_after_escaping_and_counts_only_visible_items(texts):  # type: ignore[no-untyped-def]
    world, _ = texts
    results = services.search(principal=principal_for(None), text="cooperation")
    assert results.total == 2  # Incheon's paragraph and the draft's; not TELWG's
    assert results.facets["kind"] == {"paragraph": 2}
    assert all("<mark>cooperation</mark>" in hit.snippet for hit in results.items)
    forum_b = services.search(principal=principal_for(world.users["head_c"]), text="cooperation")
    assert forum_b.total == 3
    assert forum_b.facets["forum"] == {"daib": 2, "telwg": 1}


@pytest.mark.django_db
def test_snippet_escapes_markup_before_marking() -> None:
    terms = tokenize.query_terms("script")
    marked = services.snippets.snippet("<script>alert(1)</script>", terms)
    assert marked == "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;"


@pytest.mark.django_db
@pytest.mark.once
def test_korean_inflected_form_finds_its_stem_with_the_real_morpheme_analyser(texts):  # type: ignore[no-untyped-def]
    """The one test that loads kiwi (~3 s): 협력하기로 ("to cooperate") finds 협력을."""
    _, built = texts
    bigrams_only = tokenize.use_tokenizer(tokenize.KiwiTokenizer())
    try:
        index.refresh("text", [built["seoul-ko"].pk])
        found = _wordings(services.rank_paragraphs("협력하기로"))
    finally:
        tokenize.use_tokenizer(bigrams_only)
    assert found == ["우리는 정보 보안 분야에서 협력을 강화한다."]


@pytest.mark.django_db
def test_the_compiled_rule_reads_the_time_of_each_query(texts):  # type: ignore[no-untyped-def]
    """The rule's SQL is kept per reader's facts; the time is a parameter of each query, so
    a scheduled news item appears at its time without anything being rebuilt."""
    import datetime as dt

    from django.utils import timezone

    from secretariat.core.i18n import translations
    from secretariat.news.tests.factories import NewsItemFactory
    from secretariat.search import selectors
    from secretariat.search.choices import EntryKind

    world, _ = texts
    now = timezone.now()
    item = NewsItemFactory(
        title=translations("en", en="Vibraphone release"), published_at=now + dt.timedelta(hours=2)
    )
    index.refresh(EntryKind.NEWS, [item.pk])
    anonymous = principal_for(None)
    before = services.search(principal=anonymous, text="vibraphone", now=now)
    after = services.search(principal=anonymous, text="vibraphone", now=now + dt.timedelta(hours=3))
    assert (before.total, after.total) == (0, 1)
    sql, params = selectors.visible_condition(anonymous, now)
    later_sql, later_params = selectors.visible_condition(
        principal_for(None), now + dt.timedelta(1)
    )
    assert sql == later_sql and params != later_params
    staff_sql, _ = selectors.visible_condition(principal_for(world.users["secretariat"]), now)
    assert staff_sql != sql
