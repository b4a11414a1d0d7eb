from datetime import datetime

from ninja import Field, Schema

from .choices import ApiScope


class MeOut(Schema):
    username: str
    is_authenticated: bool
    is_secretariat: bool
    person: int | None
    economies: list[str]
    forums: list[str]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreate(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    scopes: list[ApiScope] = Field(..., min_length=1)
    expires_in_days: int = Field(90, ge=1, le=366)


class TokenIssuedOut(TokenOut):
    key: str = Field(..., description="The secret; shown once, never again")
