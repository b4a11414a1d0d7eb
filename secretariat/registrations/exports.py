"""The participants list as CSV, safe to open in a spreadsheet."""

import csv
import io
from collections.abc import Iterable

from secretariat.core.i18n import resolve

from .models import Registration

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (CSV injection); tab and carriage return smuggle one past a naive check.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = ["family_name", "given_name", "honorific", "position", "category", "economy",
           "organisation"]  # fmt: skip
CONTACT_COLUMNS = ["email", "state", "checked_in_at"]


def safe_cell(value: object) -> str:
    """The value as text, with a leading apostrophe if a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def _row(registration: Registration, language: str, contact: bool) -> list[str]:
    person = registration.person
    organisation = registration.organisation or person.organisation
    cells: list[object] = [
        person.family_name,
        person.given_name,
        person.honorific,
        resolve(person.position, language).text,
        registration.get_category_display(),
        registration.economy.code if registration.economy else "",
        str(organisation) if organisation else "",
    ]
    if contact:
        checked_in = registration.checked_in_at
        cells += [
            person.email,
            registration.state,
            checked_in.isoformat() if checked_in else "",
        ]
    return [safe_cell(cell) for cell in cells]


def participants_csv(registrations: Iterable[Registration], *, language: str, contact: bool) -> str:
    """One header row and one row per registration; ``contact`` adds e-mail, state and
    check-in time (for those who may see them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS + (CONTACT_COLUMNS if contact else []))
    for registration in registrations:
        writer.writerow(_row(registration, language, contact))
    return buffer.getvalue()
