"""The load scenario's data: 5 signed-in people per economy and the pages the public reads.

Run against the server's database before the load starts, with the embedded settings (never
production: like ``secretariat demo`` it refuses there) on the same ``DATABASE_URL``:

    python -m bench.load.prepare --delegates 105 --out var/load/plan.json

It seeds the demo (idempotent), then gives each economy's delegation to the high-level body
(the forum negotiating the demo's live text, ``2027-work-programme``) one head of delegation
and four delegates with accounts: the demo's own people where they exist (``kr-head``,
``kr-delegate`` …), ``load-<economy>-head`` and ``load-<economy>-<n>`` otherwise, all with the
demo password, a verified e-mail address (production makes it mandatory) and, for heads, a
TOTP authenticator (heads must pass two-factor sign-in). The plan it writes lists them with
their secrets, the text's paragraphs and the public pages; the load generator signs them in
through the real sign-in (``bench/load/signin.py``)."""

import argparse
import json
import os
import secrets
import sys
from base64 import b32encode
from pathlib import Path
from typing import Any

TEXT_SLUG = "2027-work-programme"
FORUM_SLUG = "daib"
PEOPLE_PER_ECONOMY = 5  # a head of delegation and four delegates


def _setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secretariat.config.settings.base")
    import django

    django.setup()


def _totp_secret() -> str:
    return b32encode(secrets.token_bytes(20)).decode()


def _account(
    username: str, person_fields: dict[str, Any], password_hash: str, person: Any = None
) -> Any:
    """A user with a verified address and a person of the economy (created once), or linked
    to ``person``."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from secretariat.core import audit
    from secretariat.registry import services
    from secretariat.registry.models import Person

    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create(
            username=username, email=f"{username}@load.invalid", password=password_hash
        )
        audit.record(
            actor="bench-load",
            action="accounts.user.created.bench",
            obj=user,
            changes={"username": username},
        )
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if not Person.objects.filter(user=user).exists():
        if person is None:
            person = services.create_person(actor="bench-load", email=user.email, **person_fields)
        person.user = user
        person.save(update_fields=["user"])
    return user


def _totp_of(user: Any) -> str:
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        authenticator = Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": _totp_secret()}
        )
    return str(authenticator.data["secret"])


def _people_of(delegation: Any, password: str, password_hash: str) -> list[dict[str, Any]]:
    """The delegation's head and delegates who can sign in with ``password``, topped up to
    five with load accounts."""
    from secretariat.core.i18n import translations
    from secretariat.registry import services
    from secretariat.registry.choices import RoleKind

    economy = delegation.economy
    roles = list(delegation.members.select_related("person__user"))
    head_role = next((r for r in roles if r.kind == RoleKind.HEAD_OF_DELEGATION), None)
    delegates = [
        r.person.user
        for r in roles
        if r.kind == RoleKind.DELEGATE
        and r.person.user is not None
        and r.person.user.is_active
        and r.person.user.check_password(password)
    ]
    code = economy.code.lower()
    fields = {"economy": economy, "is_public": False, "position": translations("en", en="Delegate")}
    if head_role is None:
        head = _account(
            f"load-{code}-head",
            {"family_name": code.upper(), "given_name": "Head", **fields},
            password_hash,
        )
        services.assign_role(
            actor="bench-load",
            person=head.person,
            forum=delegation.forum,
            kind=RoleKind.HEAD_OF_DELEGATION,
            delegation=delegation,
        )
    elif head_role.person.user is None:  # a head without an account: give them one
        head = _account(f"load-{code}-head", {}, password_hash, person=head_role.person)
    else:
        head = head_role.person.user
        if not head.check_password(password):
            raise SystemExit(f"{head.username} heads {economy.code}: not the demo's password")
    people = [{"username": head.username, "role": "head", "totp": _totp_of(head)}]
    number = 0
    while len(delegates) < PEOPLE_PER_ECONOMY - 1:
        number += 1
        username = f"load-{code}-{number}"
        user = _account(
            username,
            {"family_name": code.upper(), "given_name": f"Delegate {number}", **fields},
            password_hash,
        )
        if user in delegates:
            continue
        services.assign_role(
            actor="bench-load",
            person=user.person,
            forum=delegation.forum,
            kind=RoleKind.DELEGATE,
            delegation=delegation,
        )
        delegates.append(user)
    people += [
        {"username": user.username, "role": "delegate", "totp": None}
        for user in delegates[: PEOPLE_PER_ECONOMY - 1]
    ]
    return [person | {"economy": economy.code} for person in people]


def _public_urls() -> dict[str, list[str]]:
    """The pages the public reads after an announcement, as an anonymous reader sees them."""
    from django.utils import timezone

    from secretariat.news.selectors import public_news
    from secretariat.outcomes.models import Outcome

    outcomes, meetings = [], []
    for outcome in Outcome.objects.select_related("meeting"):
        outcomes += [f"/{language}/outcomes/{outcome.slug}/" for language in ("en", "ko")]
        if outcome.meeting_id is not None:
            meetings.append(f"/en/meetings/{outcome.meeting_id}/")
    news = ["/en/news/"] + [f"/en/news/{item.pk}/" for item in public_news(timezone.now())[:5]]
    return {"outcome": outcomes, "meeting": meetings, "news": news}


def prepare(delegates: int) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from secretariat.negotiation.models import Paragraph, Text
    from secretariat.registry import demo
    from secretariat.registry.models import Delegation

    demo.refuse_in_production()
    call_command("demo", verbosity=0)
    economies = -(-delegates // PEOPLE_PER_ECONOMY)
    password = demo.DEMO_PASSWORD
    password_hash = make_password(password)  # hashed once: 105 hashes would take a minute
    people: list[dict[str, Any]] = []
    with transaction.atomic():
        for delegation in (
            Delegation.objects.filter(forum__slug=FORUM_SLUG)
            .select_related("economy", "forum")
            .order_by("economy__code")[:economies]
        ):
            people += _people_of(delegation, password, password_hash)
    text = Text.objects.get(slug=TEXT_SLUG)
    eids = list(
        Paragraph.objects.filter(version_id=text.current_version_id)
        .order_by("order")
        .values_list("provision__eid", flat=True)
    )
    return {
        "password": password,
        "people": people[:delegates],
        "text": TEXT_SLUG,
        "eids": eids,
        "public": _public_urls(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--delegates", type=int, default=105)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args()
    _setup()
    plan = prepare(arguments.delegates)
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    arguments.out.write_text(json.dumps(plan, indent=1))
    print(f"prepared {len(plan['people'])} delegates in {arguments.out}")


if __name__ == "__main__":
    main()
