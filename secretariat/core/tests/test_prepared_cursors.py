"""On PostgreSQL a prepared read runs on a cursor kept on the connection for its statement,
past Django's cursor wrapper: it must still behave as a query through Django's cursor —
Django's errors and transaction checks, execute wrappers called, a new connection after
the old one closed, and timestamps loaded as Django loads them."""

import pytest
from django.db import DataError, connection, transaction
from django.db.transaction import TransactionManagementError

from secretariat.core.prepared import Prepared, together
from secretariat.core.prepared.cursors import server_rows
from secretariat.registry.models import Economy, Forum

from .test_prepared import DELEGATIONS, STAMPS, _fields

STAMPED = Prepared(
    lambda above: (
        Economy.objects.filter(pk__gt=above).order_by("pk").values_list("pk", "updated_at")
    ),
    "above",
)


def _on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("cursors are kept on PostgreSQL only")


def _kept() -> dict[str, object]:
    return connection.connection.__dict__.get("_secretariat_kept_cursors", {})  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_a_read_run_again_reuses_its_cursor_and_gives_the_same(world):
    _on_postgresql()
    forum = Forum.objects.order_by("pk").first()
    assert forum is not None
    first = DELEGATIONS.objects(forum=forum.pk)
    kept = dict(_kept())
    again = DELEGATIONS.objects(forum=forum.pk)
    assert [_fields(d) for d in again] == [_fields(d) for d in first]
    assert _kept() == kept and len(kept) >= 1  # the same cursor, no other made


@pytest.mark.django_db
def test_timestamps_are_loaded_as_django_loads_them(world):
    """The kept cursors parse ``timestamptz`` with psycopg's compiled loader: the values and
    their ``tzinfo`` are those of Django's own loader."""
    expected = list(Economy.objects.order_by("pk").values_list("pk", "updated_at"))
    got = STAMPED.rows(above=0)
    assert got == expected and len(got) > 2
    assert [repr(row) for row in got] == [repr(row) for row in expected]
    assert all(row[1].tzinfo is expected[0][1].tzinfo for row in got)
    assert together(STAMPED.read(above=0), STAMPS.read(forum=1))[0] == expected


@pytest.mark.django_db
def test_errors_are_djangos_and_a_broken_transaction_is_refused(world):
    _on_postgresql()
    with transaction.atomic():
        # Django's class, psycopg's error as its cause.
        with pytest.raises(DataError) as raised, transaction.atomic():
            server_rows(connection, "SELECT 1 / $1", [0])
        assert type(raised.value).__module__ == "django.db.utils"
        assert server_rows(connection, "SELECT 1 / $1", [1]) == [(1,)]  # kept, usable
        assert STAMPED.rows(above=0)  # the savepoint rolled back: reads go on
    with transaction.atomic():
        with pytest.raises(DataError), transaction.atomic(savepoint=False):
            server_rows(connection, "SELECT 1 / $1", [0])
        with pytest.raises(TransactionManagementError):
            STAMPED.rows(above=0)


@pytest.mark.django_db
def test_execute_wrappers_still_see_every_statement(world):
    seen: list[str] = []

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        seen.append(sql)
        return execute(sql, params, many, context)

    expected = STAMPED.rows(above=0)
    with connection.execute_wrapper(wrapper):
        assert STAMPED.rows(above=0) == expected
        got = together(STAMPED.read(above=0), STAMPED.read(above=0), STAMPS.read(forum=1))
    assert got[0] == got[1] == expected
    assert len(seen) == 4


@pytest.mark.django_db(transaction=True)
def test_a_read_after_the_connection_closed_runs_on_the_new_one():
    _on_postgresql()
    Economy.objects.create(code="ZZ", code_alpha3="ZZZ", name="Zed", joined_year=2000)
    before = STAMPED.rows(above=0)
    old = connection.connection
    connection.close()
    assert STAMPED.rows(above=0) == before
    assert connection.connection is not old and len(_kept()) == 1
    # The same statement twice in one pipeline: each its own cursor, both answered.
    first, second = together(STAMPED.read(above=0), STAMPED.read(above=0))
    assert first == second == before


@pytest.mark.django_db
def test_a_large_result_is_not_kept_with_its_cursor(db):
    _on_postgresql()
    series = "SELECT generate_series(1, $1)"
    assert len(server_rows(connection, series, [3])) == 3
    kept = _kept()[series]
    assert len(server_rows(connection, series, [3])) == 3 and _kept()[series] is kept
    assert len(server_rows(connection, series, [501])) == 501
    assert series not in _kept() and kept.closed  # let go, result and all
    assert len(server_rows(connection, series, [2])) == 2 and series in _kept()
