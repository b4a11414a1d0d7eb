"""The adopted statement's public page in Korean as an anonymous reader, against the
trivial view: warm (its cached content served) and cold (the comments token renewed before
each read, as a new comment will renew it; the content is rendered again). The reader
comments themselves (200 of them, the issue's figure) are the comments app's to add.

The issue's targets (warm <= 3x, cold <= 25x the trivial view) are printed for information
only until the comments are wired. Measured on SQLite on a shared, busy machine: warm ~5x
and cold ~24x, beside the meeting page's ~4.7x and ~17x in the same run (a one-query page
whose cost is the base template and the middleware). Next steps if the targets bind:
prepared reads (ADR 0024) for the content's queries, and the header's per-viewer parts
kept out of an anonymous whole-page cache."""

from collections.abc import Iterator

from .harness import BASELINE_URL, Figure, compare, get


def run() -> Iterator[Figure]:
    from django.test import Client

    from secretariat.core import cache_tokens
    from secretariat.meetings import demo as meetings_demo
    from secretariat.negotiation import demo as negotiation_demo
    from secretariat.outcomes import demo as outcomes_demo
    from secretariat.outcomes.cache import comments_token_name
    from secretariat.outcomes.models import Outcome
    from secretariat.registry import demo as registry_demo

    registry_demo.seed()
    meetings_demo.seed()
    negotiation_demo.seed()
    outcomes_demo.seed()
    outcome = Outcome.objects.get(slug=negotiation_demo.SLUG)
    anonymous = Client()
    baseline = get(anonymous, BASELINE_URL)
    page = get(anonymous, f"/ko/outcomes/{outcome.slug}/")

    def renew() -> None:
        cache_tokens.renew(comments_token_name(outcome.pk))

    yield compare("outcome-page_ko_anonymous_warm", page, baseline, target=None)
    yield compare(
        "outcome-page_ko_anonymous_cold", page, baseline, target=None, repeats=10, before=renew
    )
