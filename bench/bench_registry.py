"""Registry pages and API against the trivial view."""

from collections.abc import Iterator

from .harness import BASELINE_URL, Figure, compare, get


def run() -> Iterator[Figure]:
    from django.test import Client

    from secretariat.registry import demo

    demo.seed()
    client = Client()
    baseline = get(client, BASELINE_URL)
    # Foundation budgets (issue 2 sets none): a full server-rendered page with its queries.
    yield compare("home_page", get(client, "/en/"), baseline, target=40)
    yield compare("economies_page", get(client, "/en/registry/economies/"), baseline, target=40)
    yield compare(
        "forum_page_21_delegations", get(client, "/en/registry/fora/daib/"), baseline, target=60
    )
    yield compare(
        "economies_api_list", get(client, "/api/registry/economies?limit=100"), baseline, target=10
    )
