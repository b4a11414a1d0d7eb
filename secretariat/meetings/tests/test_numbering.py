import threading
import time

import pytest
from django.db import OperationalError, connection

from secretariat.core.i18n import translations
from secretariat.meetings import services
from secretariat.meetings.choices import DocumentPurpose
from secretariat.meetings.models import Document

from .factories import MeetingFactory


def _submit(actor, meeting, **fields):  # type: ignore[no-untyped-def]
    return services.submit_document(
        actor=actor,
        meeting=meeting,
        title=translations("en", en="Paper"),
        purpose=DocumentPurpose.INFORMATION,
        link="https://example.org/paper",
        **fields,
    )


@pytest.mark.django_db
def test_documents_are_numbered_year_meeting_forum_serial(world):
    actor = world.users["secretariat"]
    meeting = MeetingFactory(forum=world.body, code="DAIMM", start_date="2025-08-04")
    meeting.refresh_from_db()
    numbers = [_submit(actor, meeting).number for _ in range(3)]
    assert numbers == ["2025/DAIMM/001", "2025/DAIMM/002", "2025/DAIMM/003"]
    som = MeetingFactory(forum=world.body, code="SOM1", start_date="2025-03-01")
    som.refresh_from_db()
    tel = _submit(actor, som, forum=world.other_forum)
    assert tel.number == "2025/SOM1/TELWG/001"
    assert tel.owning_forum == world.other_forum  # the forum segment owns the document
    assert _submit(actor, som).number == "2025/SOM1/001"  # a separate counter


@pytest.mark.django_db
def test_revisions_keep_the_number_and_add_rev_n(world):
    actor = world.users["secretariat"]
    som = MeetingFactory(forum=world.body, code="SOM1", start_date="2025-03-01")
    som.refresh_from_db()
    original = _submit(actor, som, forum=world.other_forum)
    first = services.revise_document(actor=actor, document=original, link="https://e.org/r1")
    second = services.revise_document(actor=actor, document=original, link="https://e.org/r2")
    assert [first.number, second.number] == ["2025/SOM1/TELWG/001rev1", "2025/SOM1/TELWG/001rev2"]
    assert second.revises == first and first.revises == original


def _submit_waiting_for_the_lock(actor, meeting):  # type: ignore[no-untyped-def]
    """The test database on SQLite is in memory with a shared cache, where a writer that
    finds the lock taken fails at once instead of waiting its busy timeout as a file database
    does; so wait here. PostgreSQL waits on the counter row's lock by itself."""
    for _ in range(500):
        try:
            return _submit(actor, meeting)
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("never got the write lock")


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_numbers(world):
    actor = world.users["secretariat"]
    meeting = MeetingFactory(forum=world.body, code="DAIMM", start_date="2025-08-04")
    meeting.refresh_from_db()
    writers = 6
    barrier = threading.Barrier(writers)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            barrier.wait()
            numbers.append(_submit_waiting_for_the_lock(actor, meeting).number)
        except BaseException as error:  # report in the main thread
            errors.append(error)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=submit) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"2025/DAIMM/{n:03d}" for n in range(1, writers + 1)]
    assert Document.objects.count() == writers
