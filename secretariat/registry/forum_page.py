"""The forum page's own parts (sub-fora, officers and partners, delegations with their heads)
written in Python from plain values (``selectors.forum_page``): through the template
language, with model instances, a prefetch and a ``{% url %}`` per row, they cost most of
the page's cold rendering. The output is what the template loops they replaced wrote, each
value escaped as the template escaped it (``tests/test_forum_page.py``). So is the page's
frame around them (``head_html``, ``foot_html``): its dozen ``{% translate %}`` tags, filters
and ``{% url %}`` tags cost a cold rendering about a fifth of its Python calls; the labels
are translated once per process and language."""

import functools
from collections.abc import Callable
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from secretariat.core.url_writer import SLUG_SENTINEL, fixed_url, url_writer
from secretariat.meetings.content import translator

from .choices import RoleKind
from .forum_sections import ForumSection
from .models import Forum, Organisation, Person

# The frame's fixed words, as ``{% translate "…" %}`` writes them: a literal's translation,
# not escaped.
_LABELS = (
    "Fora", "Kind", "Reports to", "Established", "Sub-fora", "Officers and partners",
    "Delegations", "Delegations and their heads", "Economy", "Head of delegation",
    "History of changes",
)  # fmt: skip


@functools.lru_cache(maxsize=16)
def _labels(language: str | None) -> dict[str, str]:
    """``language`` is the active one (the key: ``gettext`` reads it itself)."""
    return {label: gettext(label) for label in _LABELS}


@receiver(setting_changed)
def _forget_labels(**kwargs: Any) -> None:
    _labels.cache_clear()  # tests that change languages or locale paths


def head_html(forum: Forum, rows: dict[str, list[tuple[Any, ...]]]) -> SafeString:
    """The page's content up to its sections: the forum's facts, sub-fora, officers and
    partners, delegations (``rows`` as ``parts_html`` takes them)."""
    t = _labels(get_language())
    translated = translator()
    parts = parts_html(rows)
    parent = ""
    if forum.parent:
        parent_url = url_writer("registry:forum", SLUG_SENTINEL)(forum.parent.slug)
        parent = (
            f'<dt>{t["Reports to"]}</dt><dd><a href="{parent_url}">'
            f"{escape(forum.parent.abbreviation)}</a></dd>"
        )
    established = ""
    if forum.established_year:
        year = escape(formats.localize(forum.established_year))
        established = f"<dt>{t['Established']}</dt><dd>{year}</dd>"
    description = f"<p>{translated(forum.description)}</p>" if forum.description else ""
    children: str = parts["children_html"]
    if children:
        children = f"<h2>{t['Sub-fora']}</h2><ul>{children}</ul>"
    return mark_safe(  # noqa: S308 - every value escaped; the labels are the template's
        f'\n<p><a href="{fixed_url("registry:fora")}">← {t["Fora"]}</a></p>\n'
        f"<h1>{translated(forum.name)} ({escape(forum.abbreviation)})</h1>\n"
        f'<dl class="facts">\n'
        f"  <dt>{t['Kind']}</dt><dd>{escape(str(forum.get_kind_display()))}</dd>\n"
        f"  {parent}\n  {established}\n</dl>\n{description}\n{children}\n"
        f"<h2>{t['Officers and partners']}</h2>\n<ul>{parts['officers_html']}</ul>\n"
        f"<h2>{t['Delegations']}</h2>\n<table>\n"
        f"  <caption>{t['Delegations and their heads']}</caption>\n"
        f'  <thead><tr><th scope="col">{t["Economy"]}</th>'
        f'<th scope="col">{t["Head of delegation"]}</th></tr></thead>\n'
        f"  <tbody>{parts['delegations_html']}</tbody>\n</table>\n"
    )


def foot_html(forum: Forum, principal: Any) -> SafeString:
    """After the sections: the link to the forum's history of changes, for members."""
    if not principal.is_member:
        return mark_safe("\n")
    history_url = url_writer("registry:forum_history", SLUG_SENTINEL)(forum.slug)
    history = _labels(get_language())["History of changes"]
    return mark_safe(f'\n<p><a href="{history_url}">{history}</a></p>')  # noqa: S308


def sections_html(sections: list[ForumSection], request: HttpRequest) -> SafeString:
    """The sections other apps add, as the page's loop wrote them: each in a ``<section>``
    under its numbered heading, its content what the provider wrote (``html``) or else its
    template rendered with it. Including a template for each section cost the page more
    than the sections' own HTML."""
    written = []
    for number, section in enumerate(sections, 1):
        content = section.html
        if content is None:
            content = render_to_string(section.template, {"section": section}, request)
        written.append(
            f'<section aria-labelledby="section-{number}"><h2 id="section-{number}">'
            f"{conditional_escape(section.title)}</h2>{content}</section>"
        )
    return mark_safe("".join(written))  # noqa: S308 - the titles escaped, the rest written so


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
