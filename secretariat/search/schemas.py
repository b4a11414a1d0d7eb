"""Plain pydantic models, not ninja's ``Schema``: the API builds the result as a dict, and
``Schema``'s validator (which reads attributes of ORM objects) ran once per hit."""

from pydantic import BaseModel

from .choices import EntryKind


class SearchHitOut(BaseModel):
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


class SearchFacetsOut(BaseModel):
    kind: dict[str, int]
    forum: dict[str, int]
    year: dict[str, int]
    language: dict[str, int]


class SearchResultsOut(BaseModel):
    query: str
    total: int
    items: list[SearchHitOut]
    facets: SearchFacetsOut
