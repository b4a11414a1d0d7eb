from ninja import Field, Schema

from .selectors import MAX_DRAFT, MAX_LIMIT, Precedent


class PrecedentQuery(Schema):
    q: str = Field(..., min_length=1, max_length=MAX_DRAFT, description="The draft paragraph.")
    limit: int = Field(10, ge=1, le=MAX_LIMIT)


class DiffPieceOut(Schema):
    op: str = Field(..., description="equal, insert (in the precedent) or delete (draft only)")
    text: str


class PrecedentOut(Schema):
    id: int = Field(..., description="The agreed paragraph (negotiation Paragraph id).")
    text: str = Field(..., description="The adopted text's slug.")
    text_title: str
    eid: str
    num: str
    year: int | None
    language: str
    wording: str
    score: float = Field(..., description="Reciprocal rank fusion score: higher is nearer.")
    url: str
    diff: list[DiffPieceOut]


def present(precedent: Precedent) -> PrecedentOut:
    return PrecedentOut(
        id=precedent.paragraph_id,
        text=precedent.text_slug,
        text_title=precedent.text_title,
        eid=precedent.eid,
        num=precedent.num,
        year=precedent.year,
        language=precedent.language,
        wording=precedent.wording,
        score=precedent.score,
        url=precedent.url,
        diff=[DiffPieceOut(op=piece.op, text=piece.text) for piece in precedent.diff],
    )
