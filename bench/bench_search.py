"""Search at 100,000 paragraphs against the trivial view, and indexing throughput.

The paragraphs are generated: 100 texts of 1,000 paragraphs (published and restricted, in
two fora), in English (85 %), Korean, Chinese and Japanese (5 % each), each of 25 words
drawn from a Zipf-like vocabulary so that the queried words are as rare as real ones.
Indexing uses the real tokenizer (kiwi for Korean). ``SEARCH_BENCH_PARAGRAPHS`` changes the
size (for a quick look)."""

import os
import random
import time
from collections.abc import Iterator

from .harness import BASELINE_URL, Figure, compare, get

TEXTS = 100
PARAGRAPHS = int(os.environ.get("SEARCH_BENCH_PARAGRAPHS", "100000"))
WORDS_PER_PARAGRAPH = 25
# Syllables of many letters, so that trigrams are as varied as in a real language (a few
# syllables would put every trigram in most paragraphs, which no language does).
CONSONANTS = [*"bcdfghjklmnprstvwz", "ch", "sh", "th", "st", "tr", "pl", "br", "gr"]
VOWELS = [*"aeiouy", "ai", "ea", "ou", "io"]
SYLLABLES = [c + v for c in CONSONANTS for v in VOWELS]
KOREAN = ["협력", "보안", "데이터", "디지털", "인공지능", "장관", "회의", "강화", "지원", "격차"]
CHINESE = ["数据", "安全", "合作", "数字", "经济", "人工", "智能", "发展", "创新", "标准"]
JAPANESE = ["人材", "育成", "推進", "デジタル", "協力", "安全", "社会", "技術", "標準", "経済"]


def _vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))))
    return sorted(words)


def _wording(rng: random.Random, vocabulary: list[str], weights: list[float]) -> str:
    roll = rng.random()
    if roll < 0.05:
        return " ".join(
            rng.choice(KOREAN) + rng.choice(["을", "를", "하기로", "의"]) for _ in range(8)
        )
    if roll < 0.10:
        return "".join(rng.choice(CHINESE) for _ in range(12)) + "。"
    if roll < 0.15:
        return "".join(rng.choice(JAPANESE) + "の" for _ in range(10)) + "。"
    return " ".join(rng.choices(vocabulary, weights=weights, k=WORDS_PER_PARAGRAPH)) + "."


def _generate() -> list[str]:
    """Texts, versions, provisions and paragraphs written in bulk (the services would take
    hours at this size; what search reads of them is the same)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from secretariat.negotiation.consensus import wording_hash
    from secretariat.negotiation.models import Paragraph, Provision, Text, Version
    from secretariat.registry.models import Forum
    from secretariat.search.signals import suspended

    rng = random.Random(11)
    vocabulary = _vocabulary(rng)
    weights = [1 / (rank + 10) for rank in range(len(vocabulary))]
    get_user_model().objects.get_or_create(username="bench-search")
    fora = [
        Forum.objects.get_or_create(slug=slug, defaults={"abbreviation": slug.upper()})[0]
        for slug in ("bench-a", "bench-b")
    ]
    per_text = max(1, PARAGRAPHS // TEXTS)
    with suspended(), transaction.atomic():
        for n in range(TEXTS):
            text = Text.objects.create(
                forum=fora[n % 2],
                slug=f"bench-search-{n}",
                kind="declaration",
                title={"en": {"text": f"Bench statement {n}", "status": "original"}},
                classification="published" if n % 3 else "restricted",
                status="adopted" if n % 2 else "negotiating",
                adopted_at=timezone.now() if n % 2 else None,
            )
            version = Version.objects.create(text=text, number=1, kind="clean_text")
            provisions = Provision.objects.bulk_create(
                Provision(text=text, eid=f"para_{i + 1}", created_in=version)
                for i in range(per_text)
            )
            rows = []
            for i, provision in enumerate(provisions):
                content = [{"text": _wording(rng, vocabulary, weights)}]
                rows.append(
                    Paragraph(
                        version=version,
                        provision=provision,
                        order=i,
                        num=str(i + 1),
                        wid=provision.eid,
                        content=content,
                        content_hash=wording_hash(content),
                    )
                )
            Paragraph.objects.bulk_create(rows, batch_size=1000)
            Text.objects.filter(pk=text.pk).update(current_version=version)
    return vocabulary


def _word_with_frequency(target: float) -> str:
    """A word found in about ``target`` of the paragraphs (the real index says)."""
    from secretariat.search.models import SearchEntry

    total = SearchEntry.objects.filter(kind="paragraph").count()
    vocabulary = _vocabulary(random.Random(11))
    for word in vocabulary[:: max(1, len(vocabulary) // 400)]:
        if len(word) < 6:
            continue
        share = SearchEntry.objects.filter(haystack__contains=word).count() / total
        if target / 2 <= share <= target * 2:
            return word
    return vocabulary[0]


def run() -> Iterator[Figure]:
    from django.test import Client

    from secretariat.search import services

    _generate()
    started = time.perf_counter()
    counts = services.reindex_everything()
    elapsed = time.perf_counter() - started
    paragraphs = counts.get("text", 0)
    print(
        f"BENCH search-indexing paragraphs={paragraphs} seconds={elapsed:.1f} "
        f"throughput={paragraphs / elapsed:.0f} paragraphs/s info",
        flush=True,
    )
    client = Client()
    baseline = get(client, BASELINE_URL)
    word = _word_with_frequency(0.005)
    yield compare("search", get(client, f"/api/search?q={word}"), baseline, target=20)
    yield compare(
        "search_two_character_korean", get(client, "/api/search?q=보안"), baseline, target=None
    )
    yield compare("search_page", get(client, f"/en/search/?q={word}"), baseline, target=None)
    yield compare(
        "rank_paragraphs_3_words",
        lambda: services.rank_paragraphs(" ".join(_vocabulary(random.Random(11))[100:103])),
        baseline,
        target=None,
    )
