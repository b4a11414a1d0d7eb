"""The change token of each target's comments: renewed by every comment, reaction and
moderation change, so a cached public page that shows a target's comments (or only their
count) includes it in its key and is rendered again after any of them."""

from secretariat.core import cache_tokens


def token_name(kind: str, target_id: int) -> str:
    """The ``core.cache_tokens`` name of ``kind`` #``target_id``'s comments."""
    return f"comments:{kind}:{target_id}"


def touch(kind: str, target_id: int) -> None:
    cache_tokens.renew(token_name(kind, target_id))


def token(kind: str, target_id: int) -> str:
    """Take it before reading the comments it names."""
    return cache_tokens.current(token_name(kind, target_id))[0]
