"""The load scenario (bench/load/) stays runnable: its locustfile imports and its users are
well-formed. The scenario itself is a benchmark (``make bench-load``), never run here."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.load.report import LoadFigure, latency, percentile

ROOT = Path(__file__).resolve().parents[2]

# Run apart: importing Locust patches the standard library with gevent, which this test
# process (database connections, xdist) must not get.
_INSPECT = """
import json
from collections import Counter
from bench.load import locustfile as f
users = [f.HeadOfDelegation, f.DelegateUser, f.PublicReader, f.Throughput]
print(json.dumps({
    u.__name__: {
        "abstract": u.abstract,
        "tasks": Counter(t.__name__ for t in u.tasks),  # Locust repeats a task by its weight
        "waits": u.wait_time(None) if not u.abstract or u is f.Throughput else None,
    }
    for u in users
}))
"""


@pytest.mark.once
def test_the_locustfile_imports_and_its_users_have_tasks():
    found = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", _INSPECT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    users = json.loads(found.stdout.strip().splitlines()[-1])
    # The weights the locustfile's docstring derives the rates from.
    assert users["HeadOfDelegation"]["tasks"] == {
        "read_text": 5,
        "read_paragraph": 3,
        "open_map": 2,
        "read_proposals": 1,
        "state_position": 3,
        "draft_amendment": 1,
    }
    assert users["DelegateUser"]["tasks"] == {
        "read_text": 6,
        "read_paragraph": 4,
        "open_map": 2,
        "read_proposals": 2,
        "draft_amendment": 1,
    }
    assert users["PublicReader"]["tasks"] == {
        "outcome": 3,
        "outcome_translated": 2,
        "meeting": 2,
        "news": 3,
    }
    assert not any(users[name]["abstract"] for name in ("HeadOfDelegation", "PublicReader"))
    assert 10 <= users["PublicReader"]["waits"] <= 30  # a reader's think time, in seconds
    assert users["Throughput"]["abstract"] and users["Throughput"]["waits"] == 0


def test_figures_say_short_when_a_target_is_missed_or_nothing_was_measured():
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.5) == 3.0
    assert percentile(list(map(float, range(1, 101))), 0.99) == 99.0
    assert latency("load.x", [10.0] * 99 + [300.0], 250).short is False  # p99 is 10 ms
    assert latency("load.x", [10.0] * 98 + [300.0] * 2, 250).short is True
    assert latency("load.x", [], 250).short is True
    assert LoadFigure("load.tp", 0.6, "x", 0.5, at_least=True).line().endswith(" ok")
    assert LoadFigure("load.tp", 0.4, "x", 0.5, at_least=True).short
    assert LoadFigure("load.rss", 12.0, "%", None).line().endswith("target=none info")


def test_the_delegates_read_event_streams_as_eventsource_does():
    """The load's listeners keep what the browser keeps between connections: the last id,
    even one sent without data (how the server ends its replay), and the server's retry."""
    from bench.load.sse import Dispatch, EventSourceState

    browser = EventSourceState()
    assert browser.headers() == {}
    stream = [
        b"retry: 2500",
        b": connected",
        b"",
        b"id: 7-0",
        b'data: {"kind":"position"}',
        b"",
        b"id: 8-0",
        b"",
        b"retry: 400",
        b"",
    ]
    assert list(browser.dispatches(stream)) == [
        Dispatch("message", None),
        Dispatch("message", '{"kind":"position"}', "7-0"),
        Dispatch("message", None, "8-0"),
        Dispatch("message", None),
    ]
    assert (browser.last_id, browser.retry_ms) == ("8-0", 400)
    assert browser.headers() == {"Last-Event-ID": "8-0"}
