"""Per request, for the two reader-comment figures of ``bench/bench_comments.py`` (a signed-in
reader posting a comment; the outcome page served warm to a signed-out reader): SQL queries,
Redis commands and round trips, Python calls and process (CPU) time, on the bench's
database (SQLite + local memory, or PostgreSQL + Redis as ``bench/run.py`` is configured).

    PYTHONPATH=. python scripts/measure_comments.py [--profile]
"""

import cProfile
import itertools
import os
import pstats
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import BASELINE_URL, setup_django, teardown_django  # noqa: E402

N = int(os.environ.get("N", "200"))


class RedisCounter:
    """Counts commands and round trips (packed sends) on every redis connection."""

    def __init__(self) -> None:
        self.commands: Counter[str] = Counter()
        self.round_trips = 0

    def install(self) -> None:
        import redis.connection

        counter = self
        cls = redis.connection.AbstractConnection
        send_one, pack_many, send = cls.send_command, cls.pack_commands, cls.send_packed_command

        def send_command(self: Any, *args: Any, **kw: Any) -> Any:
            counter.commands[str(args[0]).upper()] += 1
            return send_one(self, *args, **kw)

        def pack_commands(self: Any, commands: Any) -> Any:
            for command in commands:
                counter.commands[str(command[0]).upper()] += 1
            return pack_many(self, commands)

        def send_packed_command(self: Any, command: Any, check_health: bool = True) -> Any:
            counter.round_trips += 1
            return send(self, command, check_health)

        cls.send_command = send_command
        cls.pack_commands = pack_commands
        cls.send_packed_command = send_packed_command


def main() -> None:
    print(f"on {setup_django()}")
    try:
        run()
    finally:
        teardown_django()


def run() -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import translation

    from bench.bench_comments import _fill
    from secretariat.negotiation.demo import SLUG
    from secretariat.negotiation.models import Text
    from secretariat.registry.demo import seed_all

    settings.COMMENT_RATE_LIMITS = {
        action: {"reader": (10**9, 600), "address": (10**9, 600)}
        for action in ("comment", "react", "report")
    }
    seed_all()
    text = Text.objects.get(slug=SLUG)
    readers = _fill(text)
    anonymous = Client()
    writer = Client()
    writer.force_login(readers[1])
    with translation.override("ko"):
        post_url = reverse("comments:post", args=["outcome", text.pk])
    turn = itertools.count()

    def post() -> None:
        response = writer.post(post_url, {"body": f"Posted {next(turn)}", "language": "ko"})
        assert response.status_code == 302, response.status_code

    def page() -> None:
        response = anonymous.get(f"/ko/outcomes/{SLUG}/")
        assert response.status_code == 200

    def baseline() -> None:
        assert anonymous.get(BASELINE_URL).status_code == 200

    redis_counter = RedisCounter()
    if connection.vendor == "postgresql":
        redis_counter.install()
    for name, action in (
        ("comment-post", post),
        ("outcome-page warm", page),
        ("baseline", baseline),
    ):
        for _ in range(3):
            action()
        redis_counter.commands.clear()
        redis_counter.round_trips = 0
        with CaptureQueriesContext(connection) as queries:
            action()
        commands = {k: v for k, v in redis_counter.commands.items() if v > 0}
        trips = redis_counter.round_trips
        print(f"{name}: {len(queries)} SQL queries, {trips} Redis round trips, {commands}")
        if "-v" in sys.argv:
            for query in queries:
                print("   ", query["sql"][:160])
        timings = []
        for _ in range(5):
            started = time.process_time()
            for _ in range(N):
                action()
            timings.append((time.process_time() - started) / N * 1000)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(100):
            action()
        profile.disable()
        stats = pstats.Stats(profile)
        calls = stats.total_calls / 100  # type: ignore[attr-defined]
        cpu = f"{sorted(timings)[2]:.3f} (min {min(timings):.3f})"
        print(f"{name}: CPU ms per request {cpu}, {calls:.0f} Python calls")
        if "--profile" in sys.argv:
            stats.sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
