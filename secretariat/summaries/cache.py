"""The cache token of an object's extract: pages that show it cached (a text's outcome page)
put it in their key, and storing an extract renews it."""

from secretariat.core import cache_tokens


def token_name(kind: str, target_id: int) -> str:
    return f"summaries:{kind}:{target_id}"


def touch(kind: str, target_id: int) -> None:
    cache_tokens.renew(token_name(kind, target_id))
