"""Permission-matrix entries of accounts (merged by secretariat.testing.matrix): a signed-in
user lists and revokes only their own API tokens, and only a session may issue one."""

from secretariat.accounts.models import ApiToken
from secretariat.testing.checks import EVERYONE, SECRETARIAT, SIGNED_IN, Check, Sees, api, page


def _tokens(world):  # type: ignore[no-untyped-def]
    return {"secretariat": world.secretariat_token_id, **world.token_ids}


def _revoked(world) -> bool:  # type: ignore[no-untyped-def]
    return ApiToken.objects.filter(pk=world.secretariat_token_id, revoked_at__isnull=False).exists()


PAGES: dict[str, Check] = {
    "accounts:profile": Check(
        "GET",
        page("accounts:profile"),
        SIGNED_IN,
        sees=Sees(
            items=lambda w: {"token_read": "token_read", "token_write": "token_write"},
            by_role={"head_a": {"token_read", "token_write"}},
        ),
    ),
    "accounts:revoke_token": Check(
        "POST",
        page("accounts:revoke_token", lambda w: w.secretariat_token_id),
        SECRETARIAT,
        effect=_revoked,
    ),
}

API: dict[str, Check] = {
    "get_me": Check("GET", api("/accounts/me"), EVERYONE),
    "list_tokens": Check(
        "GET",
        api("/accounts/tokens"),
        SIGNED_IN,
        sees=Sees(
            items=_tokens,
            by_role={"secretariat": {"secretariat"}, "head_a": {"token_read", "token_write"}},
        ),
    ),
    "issue_token": Check(
        "POST",
        api("/accounts/tokens"),
        SIGNED_IN,
        lambda w: {"name": "script", "scopes": ["read"], "expires_in_days": 7},
        effect=lambda w: ApiToken.objects.filter(name="script").exists(),
        tokens=frozenset(),  # only a signed-in session issues tokens
    ),
    "revoke_token": Check(
        "DELETE",
        api("/accounts/tokens/{w.secretariat_token_id}"),
        SECRETARIAT,
        effect=_revoked,
    ),
}
