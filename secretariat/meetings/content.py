"""The meeting page's main content written in Python, not in the template language.

Rendered cold (after any change to the meeting), the two content templates were about half
of the page's Python time: each ``{% translate %}``, filter and attribute lookup goes through
the template engine's resolution. Written here, the content is a few string formats, with
the labels translated once per process and language. The output is the templates' own
(``tests/test_page_content.py`` renders the templates they replaced and compares, in
English and Korean, for every branch)."""

import functools
import html
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.signals import setting_changed
from django.db.models import Model
from django.dispatch import receiver
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, ngettext

from secretariat.core.i18n import escaped_choice_labels, long_date, resolve

from .models import Meeting

_esc = html.escape  # what the template language's autoescape does to a str

_BACK_TO_VENUE = "Back to the venue's time"
_UNKNOWN_ZONE = "Unknown time zone; showing the venue's time."
_COUNTS_ONLY = (
    "The list of participants is shown to members, partners and accredited press; you see "
    "the numbers."
)
# Every fixed label of the content, as ``{% translate "…" %}`` outputs it: a literal in a
# template is safe, and so is its translation (not escaped).
_LABELS = (
    "Meetings",
    "This meeting is cancelled.",
    "Meeting code",
    "Kind",
    "Status",
    "Forum",
    "Dates",
    "Host economy",
    "Venue",
    "Venue time zone",
    "Chair",
    "Document cut-off",
    "Registration closes",
    "Minutes due",
    "Add to calendar (iCalendar)",
    "Timetable",
    "Show times in time zone",
    "Show",
    _BACK_TO_VENUE,
    _UNKNOWN_ZONE,
    "Day",
    "Starts",
    "Ends",
    "Session",
    "Agenda items",
    "Agenda",
    "Documents",
    "Documents you may see",
    "Number",
    "Title",
    "Agenda item",
    "Purpose",
    "Submitted by",
    "Classification",
    "Submit a document",
    "Participants",
    "Category",
    "Participants you may see",
    "Name",
    "Economy",
    "Organisation",
    "E-mail",
    "State",
    _COUNTS_ONLY,
    "Registration and participants",
    "Minutes",
    "No minutes that you may see yet.",
    "Start the minutes",
    "History of changes",
)


@functools.cache
def _labels(language: str | None) -> dict[str, str]:
    """The labels in ``language`` (the active one), translated and escaped once per process:
    fifty ``gettext`` calls were a tenth of a cold rendering."""
    return {label: gettext(label) for label in _LABELS}


@functools.cache
def choice_labels(model: type[Model], field: str, language: str | None) -> dict[str, str]:
    """A choice field's labels in ``language`` (the active one), escaped, as
    ``get_FOO_display`` shows them through a template: once per process, not on every
    rendering (``get_FOO_display`` translates every label of the field on each call)."""
    return escaped_choice_labels(model, field)


@receiver(setting_changed)
def _forget_labels(**kwargs: Any) -> None:
    _labels.cache_clear()  # tests that change languages or locale paths
    choice_labels.cache_clear()


def translator() -> "Callable[[Any], str]":
    """The ``tr`` filter's output, escaped as the template escapes it, for the active
    language (looked up once, not per value). The usual case — a text in the requested
    language — is answered without building a ``ResolvedText`` (a documents table asks two
    hundred times); any other goes through ``resolve``, the one fallback rule."""
    language = get_language()
    requested = resolve(None, language).requested

    def translated(value: Any) -> str:
        if value:
            entry = value.get(requested)
            if entry:
                text = entry.get("text")
                if text:
                    return _esc(text)
        resolved = resolve(value, language)
        if resolved.is_fallback and resolved.text:
            return format_html('<span lang="{}">{}</span>', resolved.language, resolved.text)
        return _esc(resolved.text)

    return translated


def documents_table(rows: str) -> str:
    """The documents table around its written rows: the ``{% cache %}`` fragment's text."""
    t = _labels(get_language())
    return (
        f"\n<table>\n  <caption>{t['Documents you may see']}</caption>\n"
        f'  <thead><tr><th scope="col">{t["Number"]}</th><th scope="col">{t["Title"]}</th>'
        f'<th scope="col">{t["Agenda item"]}</th><th scope="col">{t["Purpose"]}</th>'
        f'<th scope="col">{t["Submitted by"]}</th>'
        f'<th scope="col">{t["Classification"]}</th></tr></thead>\n'
        f"  <tbody>{rows}</tbody>\n</table>\n"
    )


def participants_table(rows: str, contact_details: bool) -> str:
    """The participant list around its written rows: ``registrations/_participants.html``'s
    ``{% cache %}`` fragment's text (the registrations page shares the fragment)."""
    t = _labels(get_language())
    contact = (
        f'<th scope="col">{t["E-mail"]}</th><th scope="col">{t["State"]}</th>'
        if contact_details
        else ""
    )
    return (
        f"\n<table>\n  <caption>{t['Participants you may see']}</caption>\n"
        f'  <thead><tr><th scope="col">{t["Name"]}</th><th scope="col">{t["Category"]}</th>'
        f'<th scope="col">{t["Economy"]}</th><th scope="col">{t["Organisation"]}</th>'
        f"{contact}</tr></thead>\n  <tbody>{rows}</tbody>\n</table>\n"
    )


def _day(day: date) -> str:
    """``{{ day|date:'j F Y' }}``: what Django's date format writes for it (the month's
    name translated), without parsing the format on every call."""
    return _esc(long_date(day))


def _shown(meeting: Meeting, field: str) -> str:
    """``{{ meeting.get_FOO_display }}``: the value's label, or the value if it has none."""
    value = getattr(meeting, field)
    return choice_labels(Meeting, field, get_language()).get(value) or _esc(str(value))


def _facts(meeting: Meeting, links: dict[str, str], t: dict[str, str]) -> str:
    tr = translator()
    start, end = meeting.start_date, meeting.end_date
    # ``|date:'Y-m-d'`` is a date's ISO form.
    dates = f'<time datetime="{start.isoformat()}">{_day(start)}</time>'
    if end != start:
        dates += f' – <time datetime="{end.isoformat()}">{_day(end)}</time>'
    host = (
        f"<dt>{t['Host economy']}</dt><dd>{tr(meeting.host_economy.name)}</dd>"
        if meeting.host_economy
        else ""
    )
    venue = ""
    if meeting.venue or meeting.city:
        comma = ", " if meeting.venue and meeting.city else ""
        venue = f"<dt>{t['Venue']}</dt><dd>{_esc(meeting.venue)}{comma}{_esc(meeting.city)}</dd>"
    chair = ""
    if meeting.chair:
        person = meeting.chair
        position = f", {tr(person.position)}" if person.position else ""
        chair = (
            f"<dt>{t['Chair']}</dt><dd>{_esc(person.honorific)} {_esc(str(person))}{position}</dd>"
        )
    due = {
        "Document cut-off": meeting.document_cutoff,
        "Registration closes": meeting.registration_close,
        "Minutes due": meeting.minutes_due,
    }
    days = {
        label: f"<dt>{t[label]}</dt><dd>{_day(day)}</dd>" if day else ""
        for label, day in due.items()
    }
    return (
        '<dl class="facts">\n'
        f"  <dt>{t['Meeting code']}</dt><dd>{_esc(str(meeting))}</dd>\n"
        f"  <dt>{t['Kind']}</dt><dd>{_shown(meeting, 'kind')}</dd>\n"
        f"  <dt>{t['Status']}</dt><dd>{_shown(meeting, 'status')}</dd>\n"
        f'  <dt>{t["Forum"]}</dt><dd><a href="{_esc(links["forum"])}">'
        f"{_esc(meeting.forum.abbreviation)}</a></dd>\n"
        f"  <dt>{t['Dates']}</dt><dd>{dates}</dd>\n"
        f"  {host}\n  {venue}\n"
        f"  <dt>{t['Venue time zone']}</dt><dd>{_esc(meeting.timezone)}</dd>\n"
        f"  {chair}\n"
        f"  {days['Document cut-off']}\n  {days['Registration closes']}\n"
        f"  {days['Minutes due']}\n</dl>\n"
    )


def programme(
    meeting: Meeting,
    *,
    links: dict[str, str],
    zone: str,
    unknown_zone: bool,
    timetable_rows: str,
    agenda_items: str,
    documents: str,
    can_submit: bool,
) -> str:
    """What ``meetings/_meeting_programme.html`` rendered: facts, timetable, agenda and the
    documents table (``documents``: ``documents_table``'s text, cached or not)."""
    t = _labels(get_language())
    is_venue_zone = zone == meeting.timezone
    series = (
        f' · <a href="{_esc(links["series"])}">{translator()(meeting.series.name)}</a>'
        if meeting.series
        else ""
    )
    cancelled = (
        f'<p class="messages" role="status"><strong>{t["This meeting is cancelled."]}</strong></p>'
        if meeting.is_cancelled
        else ""
    )
    back = "" if is_venue_zone else f'<a href="{_esc(links["meeting"])}">{t[_BACK_TO_VENUE]}</a>'
    unknown = f'<p class="errorlist" role="alert">{t[_UNKNOWN_ZONE]}</p>' if unknown_zone else ""
    caption = (
        gettext("Sessions in the venue's time zone, %(zone)s")
        if is_venue_zone
        else gettext("Sessions in %(zone)s")
    ) % {"zone": _esc(zone)}
    submit = (
        f'<p><a class="button" href="{_esc(links["submit"])}">{t["Submit a document"]}</a></p>'
        if can_submit
        else ""
    )
    return (
        "\n\n"
        f'<p><a href="{_esc(links["meetings"])}">← {t["Meetings"]}</a>{series}</p>\n'
        f"<h1>{translator()(meeting.title)}</h1>\n"
        f"{cancelled}\n"
        f"{_facts(meeting, links, t)}"
        f'<p><a href="{_esc(links["ics"])}">{t["Add to calendar (iCalendar)"]}</a></p>\n\n'
        f'<h2 id="timetable">{t["Timetable"]}</h2>\n'
        '<form method="get" class="filters">\n'
        f'  <p><label for="id_tz">{t["Show times in time zone"]}</label> '
        f'<input type="text" name="tz" id="id_tz" value="{_esc(zone)}" maxlength="64" '
        f'placeholder="Europe/Paris"> <button type="submit">{t["Show"]}</button>\n'
        f"  {back}</p>\n</form>\n"
        f"{unknown}\n"
        f"<table>\n  <caption>{caption}</caption>\n"
        f'  <thead><tr><th scope="col">{t["Day"]}</th><th scope="col">{t["Starts"]}</th>'
        f'<th scope="col">{t["Ends"]}</th><th scope="col">{t["Session"]}</th>'
        f'<th scope="col">{t["Agenda items"]}</th></tr></thead>\n'
        f"  <tbody>{timetable_rows}</tbody>\n</table>\n\n"
        f'<h2 id="agenda">{t["Agenda"]}</h2>\n'
        f'<ol class="agenda-items">{agenda_items}</ol>\n\n'
        f'<h2 id="documents">{t["Documents"]}</h2>\n\n'
        f"{documents}\n{submit}\n"
    )


def participation(
    meeting: Meeting,
    *,
    links: dict[str, str],
    counts: list[tuple[str, int]],
    total: int,
    participants: str | None,
    minutes_state: str | None,
    is_secretariat: bool,
    is_member: bool,
) -> str:
    """What ``meetings/_meeting_participation.html`` rendered (with
    ``registrations/_participants.html``): the counts, the list (``participants``:
    ``participants_table``'s text, or None for those who see only the numbers), the minutes'
    link and the history's. ``minutes_state``: the shown minutes' state label, if any."""
    t = _labels(get_language())
    caption = ngettext("%(total)s participant", "%(total)s participants", total) % {"total": total}
    rows = "".join(f"<tr><td>{_esc(label)}</td><td>{number}</td></tr>" for label, number in counts)
    if participants is None:
        listed = f'\n<p class="meta">{t[_COUNTS_ONLY]}</p>\n'
    else:
        listed = f"\n\n{participants}\n"
    if minutes_state is not None:
        text = gettext("Minutes (%(state)s)") % {"state": _esc(minutes_state)}
        minutes = f'<p><a href="{_esc(links["minutes"])}">{text}</a></p>\n'
    else:
        start = (
            f' <a href="{_esc(links["minutes"])}">{t["Start the minutes"]}</a>'
            if is_secretariat
            else ""
        )
        minutes = f"<p>{t['No minutes that you may see yet.']}{start}</p>"
    history = (
        f'<p><a href="{_esc(links["history"])}">{t["History of changes"]}</a></p>'
        if is_member
        else ""
    )
    return (
        "\n\n"
        f'<h2 id="participants">{t["Participants"]}</h2>\n'
        f"\n<table>\n  <caption>{caption}</caption>\n"
        f'  <thead><tr><th scope="col">{t["Category"]}</th><th scope="col">{t["Number"]}'
        f"</th></tr></thead>\n  <tbody>{rows}</tbody>\n</table>\n"
        f"{listed}\n\n"
        f'<p><a href="{_esc(links["registrations"])}">{t["Registration and participants"]}'
        "</a></p>\n\n"
        f'<h2 id="minutes">{t["Minutes"]}</h2>\n'
        f"{minutes}\n{history}\n"
    )
