"""List pagination for the API: ``{items, count}`` with ``limit`` and ``offset``."""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from .schemas import MAX_ID


class Pagination(LimitOffsetPagination):
    """Ninja's limit/offset pagination with an offset every database can take."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_ID)
