from ninja import Schema

from .choices import EntryKind


class SearchHitOut(Schema):
    # The kind and the item's id in its own app: "paragraph:123", "document:7".
    id: str
    kind: EntryKind
    title: str
    url: str
    # HTML: the item's text escaped, the matched words in <mark> elements.
    snippet: str
    language: str
    year: int | None
    forum: str | None


class SearchFacetsOut(Schema):
    kind: dict[str, int]
    forum: dict[str, int]
    year: dict[str, int]
    language: dict[str, int]


class SearchResultsOut(Schema):
    query: str
    total: int
    items: list[SearchHitOut]
    facets: SearchFacetsOut
