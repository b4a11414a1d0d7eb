import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from secretariat.core import audit
from secretariat.core.models import AuditEntry
from secretariat.registry import demo
from secretariat.registry.models import Economy


def _record(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            audit.record(
                actor=None,
                action="test.event",
                object_type="test.thing",
                object_id=str(i),
                changes={"i": i},
            )


@pytest.mark.django_db
def test_chain_of_fresh_entries_verifies():
    _record(5)
    report = audit.verify_chain()
    assert report.ok and report.checked == 5


@pytest.mark.django_db
def test_audit_verify_catches_a_tampered_row():
    _record(5)
    AuditEntry.objects.filter(seq=3).update(changes={"i": 999})  # bypasses the model's guard
    report = audit.verify_chain()
    assert report.broken_seq == 3
    assert "hash" in report.reason
    with pytest.raises(CommandError, match="#3"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_audit_verify_catches_a_deleted_row():
    _record(5)
    AuditEntry.objects.filter(seq=2).delete()
    assert audit.verify_chain().broken_seq == 3


@pytest.mark.django_db
def test_audit_verify_catches_a_rewritten_link():
    _record(3)
    entry = AuditEntry.objects.get(seq=2)
    AuditEntry.objects.filter(seq=2).update(actor_label="someone-else")
    entry.refresh_from_db()
    assert audit.verify_chain().broken_seq == 2


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted_through_the_model():
    _record(1)
    entry = AuditEntry.objects.get()
    entry.action = "rewritten"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit.record(actor=None, action="x", object_type="t", object_id="1")


@pytest.mark.django_db
def test_demo_data_passes_audit_verify(capsys):
    demo.seed()
    demo.seed()  # idempotent: a second run adds nothing
    assert Economy.objects.count() == 21
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


@pytest.mark.django_db
def test_private_content_is_logged_as_a_digest(world):
    from secretariat.registry import services

    services.create_note(
        actor=world.users["delegate_a"],
        delegation=world.delegation_a,
        title="Our bottom line",
        body="Accept option B",
    )
    entry = AuditEntry.objects.filter(action="registry.note.created").get()
    assert "bottom line" not in str(entry.changes) and "option B" not in str(entry.changes)
    assert "bottom line" not in entry.object_repr


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need a server database"
)
def test_entries_appended_at_once_from_many_connections_make_one_chain():  # pragma: no cover
    """The chain's lock and the read of its last entry go to PostgreSQL in one round trip:
    the read must still see what the lock's previous holder committed."""
    import threading

    barrier = threading.Barrier(4)
    failures: list[BaseException] = []

    def append() -> None:
        try:
            barrier.wait()
            _record(15)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=append) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    report = audit.verify_chain()
    assert report.ok and report.checked == 60
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, 61)
    )
