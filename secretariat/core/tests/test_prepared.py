"""A prepared read gives what its queryset gives, for any argument, on either database: model
instances with their select_related relations, or values_list rows with each column converted
as the ORM converts it."""

import pytest
from django.db import connection
from django.db.models import Count, Max, Q
from django.test.utils import CaptureQueriesContext

from secretariat.core.prepared import Prepared, counting, server_sql
from secretariat.registry.models import Delegation, Economy, Forum

DELEGATIONS = Prepared(
    lambda forum: (
        Delegation.objects.filter(forum_id=forum)
        .select_related("economy", "forum")
        .order_by("economy__code")
    ),
    "forum",
)
STAMPS = Prepared(
    lambda forum: (
        Delegation.objects.filter(forum_id=forum)
        .order_by()
        .values_list("forum_id")
        .annotate(n=Count("pk"), last=Max("economy__updated_at"))
    ),
    "forum",
)


def _fields(instance) -> dict:  # type: ignore[no-untyped-def]
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.mark.django_db
def test_a_prepared_read_gives_what_its_queryset_gives(world):
    for forum in Forum.objects.all():
        expected = list(
            Delegation.objects.filter(forum=forum)
            .select_related("economy", "forum")
            .order_by("economy__code")
        )
        with CaptureQueriesContext(connection) as queries:
            got = DELEGATIONS.objects(forum=forum.pk)
            assert [d.economy.code for d in got] == [d.economy.code for d in expected]
            assert all(d.forum.slug == forum.slug for d in got)
        assert len(queries) == 1  # the relations came with the rows
        assert [_fields(d) for d in got] == [_fields(d) for d in expected]
        assert [_fields(d.economy) for d in got] == [_fields(d.economy) for d in expected]
        assert not got or got[0]._state.adding is False
        values = (
            Delegation.objects.filter(forum=forum)
            .order_by()
            .values_list("forum_id")
            .annotate(n=Count("pk"), last=Max("economy__updated_at"))
        )
        assert STAMPS.rows(forum=forum.pk) == list(values)  # datetimes converted alike
    assert DELEGATIONS.objects(forum=2**63) == [] and STAMPS.rows(forum=-(2**64)) == []


def test_an_argument_that_does_not_reach_the_sql_is_refused(db):
    unused = Prepared(lambda forum: Forum.objects.all(), "forum")
    with pytest.raises(ValueError, match="Not every argument"):
        unused.rows(forum=1)
    reordered = Prepared(
        lambda forum: (
            Forum.objects.filter(pk=forum).annotate(n=Count("pk")).values_list("n", "slug")
        ),
        "forum",
    )
    with pytest.raises(ValueError, match="Name the columns"):
        reordered.rows(forum=1)
    with pytest.raises(TypeError):
        STAMPS.objects(forum=1)
    with pytest.raises(TypeError):
        STAMPS.rows(meeting=1)


BY_SLUG = Prepared(
    lambda slug: Forum.objects.filter(slug=slug).order_by().values_list("pk", "slug"), "slug"
)


@pytest.mark.django_db
def test_a_string_compared_for_equality_is_a_parameter(world):
    """One SQL for every slug; each call finds exactly what the queryset finds, and a value
        that only looks like SQL or like the placeholder finds nothing (NUL, which the placeholder
    holds, never comes in: slugs in paths cannot carry it, queries are refused with it)."""
    for forum in Forum.objects.all():
        assert BY_SLUG.rows(slug=forum.slug) == [(forum.pk, forum.slug)]
    for odd in ("", "daib' OR '1'='1", "%", "prepared-text-2146999000"):
        assert BY_SLUG.rows(slug=odd) == list(
            Forum.objects.filter(slug=odd).values_list("pk", "slug")
        )


UPDATED_BY = Prepared(
    lambda moment: (
        Forum.objects.filter(Q(updated_at__lte=moment) | Q(created_at__gt=moment))
        .order_by("pk")
        .values_list("pk", "updated_at")
    ),
    "moment",
)


@pytest.mark.django_db
def test_an_aware_datetime_is_a_parameter_converted_as_the_orm_converts_it(world):
    """One SQL for every moment, each call what the queryset finds, in any time zone, on
    either database (SQLite compares the ORM's text); a naive datetime is refused."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    stamps = sorted(Forum.objects.values_list("updated_at", flat=True))
    seoul = ZoneInfo("Asia/Seoul")
    moments = [stamps[0] - dt.timedelta(microseconds=1), *stamps, stamps[-1].astimezone(seoul)]
    moments += [dt.datetime(1, 1, 2, tzinfo=dt.UTC), dt.datetime(9999, 1, 1, tzinfo=dt.UTC)]
    for moment in moments:
        expected = Forum.objects.filter(Q(updated_at__lte=moment) | Q(created_at__gt=moment))
        assert UPDATED_BY.rows(moment=moment) == list(
            expected.order_by("pk").values_list("pk", "updated_at")
        )
    with pytest.raises(TypeError, match="aware"):
        UPDATED_BY.rows(moment=dt.datetime(2030, 1, 1))  # noqa: DTZ001


def test_a_string_the_orm_rewrites_is_refused(db):
    partial = Prepared(lambda slug: Forum.objects.filter(slug__contains=slug), "slug")
    with pytest.raises(ValueError, match="Not every argument"):
        partial.rows(slug="dai")


BY_ECONOMIES = Prepared(
    lambda forum, economies, everyone: (
        Delegation.objects.filter(
            *([] if everyone else [Q(economy_id__in=economies)]), forum_id=forum
        )
        .order_by("pk")
        .values_list("pk", "economy__code")
    ),
    "forum",
    "economies",
    "everyone",
)


@pytest.mark.django_db
def test_tuples_and_bools_pick_one_sql_per_shape(world):
    economies = tuple(
        Delegation.objects.order_by("economy_id").values_list("economy_id", flat=True)
    )
    for forum in Forum.objects.all():
        for everyone in (False, True):
            for n in range(len(economies) + 1):
                chosen = economies[:n]
                expected = Delegation.objects.filter(forum=forum).order_by("pk")
                if not everyone:
                    expected = expected.filter(economy_id__in=chosen)
                got = BY_ECONOMIES.rows(forum=forum.pk, economies=chosen, everyone=everyone)
                assert got == list(expected.values_list("pk", "economy__code"))
    with pytest.raises(TypeError):
        BY_ECONOMIES.rows(forum=1, economies=[1], everyone=False)  # a list: not hashable


@pytest.mark.django_db(transaction=True)
def test_a_prepared_read_keeps_no_connection_of_a_finished_thread():
    """Under ASGI (and the threaded development server) each request's thread opens its own
    connection: a read must not keep that connection alive once the thread is done (the SQL
    is shared, what is bound to the connection goes with it)."""
    import gc
    import threading
    import weakref

    from django.db import connections

    seen: list[weakref.ref] = []

    def request() -> None:
        seen.append(weakref.ref(connections["default"]))
        DELEGATIONS.objects(forum=1)
        STAMPS.rows(forum=1)
        connections.close_all()

    for _ in range(3):
        thread = threading.Thread(target=request)
        thread.start()
        thread.join()
    gc.collect()
    assert len(seen) == 3 and all(ref() is None for ref in seen)
    assert len({key for key in DELEGATIONS._compiled}) == 1  # built once for the three


@pytest.mark.django_db
def test_on_postgresql_a_prepared_read_is_planned_once_per_connection(world):
    """Its statement is prepared on the server the first time it runs, and read again with
    other values gives what the queryset gives; nothing else is prepared."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no server-side statements to prepare")

    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    before = prepared()
    for forum in Forum.objects.all():
        rows = STAMPS.rows(forum=forum.pk)
        expected = list(
            Delegation.objects.filter(forum_id=forum.pk)
            .order_by()
            .values_list("forum_id")
            .annotate(n=Count("pk"), last=Max("economy__updated_at"))
        )
        assert rows == [tuple(row) for row in expected]
    added = [statement for statement in prepared() if statement not in before]
    assert len(added) == 1
    assert "registry_delegation" in added[0]


CODES = Prepared(
    lambda above: Economy.objects.filter(pk__gt=above).order_by("code").values_list("code"),
    "above",
)
COUNTED = Prepared(lambda forum: counting(Delegation.objects.filter(forum_id=forum)), "forum")


@pytest.mark.django_db
def test_a_page_is_the_slice_of_the_rows_its_bounds_added_to_the_sql_built_once(world):
    every = CODES.rows(above=0)
    assert len(every) > 2
    with CaptureQueriesContext(connection) as queries:
        for start, stop in ((0, 2), (1, 3), (2, len(every) + 5)):
            assert CODES.page(start, stop, above=0) == every[start:stop]
    # One SQL built, each page's bounds written after it (``page``: planned once)
    assert len({query["sql"].rsplit(" LIMIT ", 1)[0] for query in queries}) == 1
    assert queries[1]["sql"].endswith(" LIMIT 2 OFFSET 1")
    assert CODES.page(3, 3, above=0) == []
    with pytest.raises(ValueError):
        CODES.page(3, 1, above=0)


@pytest.mark.django_db
def test_counting_gives_one_row_with_the_count_even_of_nothing(world):
    for forum in Forum.objects.all():
        assert COUNTED.rows(forum=forum.pk) == [(forum.delegations.count(),)]
    assert COUNTED.rows(forum=2**40) == [(0,)]


def test_the_sql_sent_to_postgresql_numbers_its_placeholders_and_keeps_its_percent_signs():
    assert (
        server_sql("a = %s AND b LIKE '%%s%%' AND c IN (%s, %s)")
        == "a = $1 AND b LIKE '%s%' AND c IN ($2, $3)"
    )


@pytest.mark.django_db
def test_reads_run_together_give_what_each_gives_alone(world):
    """``together`` gives each read's rows or instances as ``rows()`` and ``objects()`` do,
    in order, also for a read that can match nothing (an empty tuple) and one of an id past
    64 bits; on PostgreSQL in one pipeline, with the queries recorded one by one."""
    from secretariat.core.prepared import together

    by_ids = Prepared(
        lambda ids: Economy.objects.filter(pk__in=ids).order_by("code").values_list("code"),
        "ids",
    )
    forums = list(Forum.objects.order_by("pk"))
    economy_ids = tuple(Economy.objects.order_by("pk").values_list("pk", flat=True))
    reads = [
        DELEGATIONS.read(forum=forums[0].pk),
        STAMPS.read(forum=forums[-1].pk),
        by_ids.read(ids=economy_ids[:2]),
        by_ids.read(ids=()),
        CODES.read(above=0),
        DELEGATIONS.read(forum=2**63),
    ]
    alone = [
        DELEGATIONS.objects(forum=forums[0].pk),
        STAMPS.rows(forum=forums[-1].pk),
        by_ids.rows(ids=economy_ids[:2]),
        [],
        CODES.rows(above=0),
        [],
    ]
    got = together(*reads)
    assert [len(r) for r in got] == [len(r) for r in alone] and got[0] and got[2]
    assert [_fields(d) for d in got[0]] == [_fields(d) for d in alone[0]]
    assert [d.economy.code for d in got[0]] == [d.economy.code for d in alone[0]]
    assert got[1:] == alone[1:]
    with CaptureQueriesContext(connection) as queries:
        recorded = together(*reads)
    assert len(queries) == 4  # one by one while recorded; nothing run for no rows
    assert recorded[1:] == alone[1:]
