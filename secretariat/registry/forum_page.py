"""The forum page's own parts (sub-fora, officers and partners, delegations with their heads)
written in Python from plain values (``selectors.forum_page``): through the template
language, with model instances, a prefetch and a ``{% url %}`` per row, they cost most of
the page's cold rendering. The output is what the template loops they replaced wrote, each
value escaped as the template escaped it (``tests/test_forum_page.py``)."""

from collections.abc import Callable
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from secretariat.core.url_writer import SLUG_SENTINEL, url_writer
from secretariat.meetings.content import translator

from .choices import RoleKind
from .models import Organisation, Person


def parts_html(rows: dict[str, list[tuple[Any, ...]]]) -> dict[str, SafeString]:
    """``children``, ``officers`` and ``delegations`` (the table's body) as HTML."""
    translated = translator()
    return {
        "children_html": _children(rows["children"], translated),
        "officers_html": _officers(rows["officers"]),
        "delegations_html": _delegations(rows["delegations"], rows["heads"], translated),
    }


def _children(rows: list[tuple[Any, ...]], translated: Callable[[Any], str]) -> SafeString:
    forum_url = url_writer("registry:forum", SLUG_SENTINEL)
    return mark_safe(  # noqa: S308 - every value escaped
        "".join(
            f'<li><a href="{forum_url(slug)}">{escape(abbreviation)}</a> — {translated(name)}</li>'
            for slug, abbreviation, name in rows
        )
    )


def _officers(rows: list[tuple[Any, ...]]) -> SafeString:
    if not rows:
        return mark_safe(f"<li>{escape(gettext('None that you may see.'))}</li>")  # noqa: S308
    person_url = url_writer("registry:person")
    kinds = dict(RoleKind.choices)
    written = []
    for kind, person_id, family_name, given_name, acronym, name, slug in rows:
        organisation = f" ({escape(Organisation.named(acronym, name, slug))})" if slug else ""
        written.append(
            f'<li>{escape(kinds.get(kind, kind))}: <a href="{person_url(person_id)}">'
            f"{escape(Person.named(family_name, given_name))}</a>{organisation}</li>"
        )
    return mark_safe("".join(written))  # noqa: S308 - every value escaped above


def _delegations(
    rows: list[tuple[Any, ...]], heads: list[tuple[Any, ...]], translated: Callable[[Any], str]
) -> SafeString:
    if not rows:
        empty = escape(gettext("No delegations yet."))
        return mark_safe(f'<tr><td colspan="2">{empty}</td></tr>')  # noqa: S308 - escaped
    named: dict[int, list[str]] = {}
    for delegation_id, family_name, given_name in heads:
        named.setdefault(delegation_id, []).append(escape(Person.named(family_name, given_name)))
    delegation_url = url_writer("registry:delegation")
    return mark_safe(  # noqa: S308 - every value escaped
        "".join(
            f'\n    <tr><td><a href="{delegation_url(pk)}">{translated(economy)}</a></td>'
            f"<td>{''.join(named.get(pk, ())) or '—'}</td></tr>\n  "
            for pk, economy in rows
        )
    )
