"""`make bench-load`: the ministerial load scenario against the production profile.

    python -m bench.load                              # the full run: 105 + 500 users, 10 min
    python -m bench.load --duration 30 --delegates 10 --readers 50     # a smoke run

It prepares the database (migrate, demo, 5 people per economy), starts the production
command (``--server-command``; or uses a server already running at ``--url`` with
``--server-pid`` for its memory), signs the delegates in through the real sign-in, ramps the
users up, lets them run for ``--warmup`` seconds, then measures for ``--duration`` seconds,
then the public throughput: 64 clients on the outcome page against 64 on the trivial view,
in alternating rounds. It prints ``BENCH`` lines and exits 1 if any is ``short``."""

import locust  # noqa: F401, I001 - first: gevent patches the standard library before the rest

import argparse
import math
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import gevent
import psutil
from locust.env import Environment

from bench.harness import BASELINE_URL
from bench.load import locustfile, report, server, signin
from bench.load.report import LoadFigure, latency

DELEGATE_P99_MS = 250.0
PUBLIC_P99_MS = 100.0
LIVE_DELAY_P99_MS = 1000.0
MEMORY_GROWTH_PERCENT = 10.0
THROUGHPUT_RATIO = 0.5
THROUGHPUT_CLIENTS = 64
MEMORY_SAMPLE_SECONDS = 30.0


class Timings:
    """Every request's time by Locust name, and failures, from the moment it is reset."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[float]] = defaultdict(list)
        self.failures: dict[str, int] = defaultdict(int)
        self.recording = False

    def reset(self) -> None:
        self.by_name.clear()
        self.failures.clear()
        self.recording = True

    def on_request(self, name: str, response_time: float, exception: Any, **_: Any) -> None:
        if not self.recording:
            return
        self.by_name[name].append(response_time)
        if exception is not None:
            self.failures[f"{name}: {exception}"[:160]] += 1

    def of(self, prefix: str) -> list[float]:
        return [t for name, times in self.by_name.items() if name.startswith(prefix) for t in times]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="The ministerial load scenario (Locust).")
    parser.add_argument("--duration", type=float, default=600.0, help="measured seconds")
    parser.add_argument(
        "--warmup", type=float, default=60.0, help="seconds of full load before measuring"
    )
    parser.add_argument("--delegates", type=int, default=105, help="5 per economy")
    parser.add_argument("--readers", type=int, default=500)
    parser.add_argument(
        "--think", type=float, default=1.0, help="think times multiplied by this (smoke runs)"
    )
    parser.add_argument("--spawn-rate", type=float, default=20.0, help="users started a second")
    parser.add_argument("--throughput-seconds", type=float, default=10.0, help="per round")
    parser.add_argument("--throughput-rounds", type=int, default=3)
    parser.add_argument("--url", default="", help="a server already running (not started)")
    parser.add_argument("--server-pid", type=int, default=0, help="its process, for memory")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", "8907")))
    parser.add_argument(
        "--server-command",
        default=os.environ.get("LOAD_SERVER_COMMAND", server.DEFAULT_COMMAND),
        help="shell command; {bind} is replaced by host:port",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/secretariat_load"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/12")
    )
    parser.add_argument("--var", type=Path, default=server.ROOT / "var" / "load")
    return parser.parse_args()


def _ramp_up(environment: Environment, users: int, spawn_rate: float) -> None:
    runner = environment.runner
    assert runner is not None  # noqa: S101 - created by the caller
    runner.start(users, spawn_rate=spawn_rate)
    while runner.user_count < users:
        gevent.sleep(0.5)
    gevent.sleep(2)  # the last ones' first requests and streams


def _scenario(arguments: argparse.Namespace, base_url: str, timings: Timings) -> list[LoadFigure]:
    heads = sum(1 for p in locustfile.PLAN["people"] if p["role"] == "head")
    locustfile.HeadOfDelegation.fixed_count = heads
    locustfile.DelegateUser.fixed_count = arguments.delegates - heads
    locustfile.PublicReader.fixed_count = arguments.readers
    environment = Environment(
        user_classes=[
            locustfile.HeadOfDelegation,
            locustfile.DelegateUser,
            locustfile.PublicReader,
        ],
        host=base_url,
    )
    environment.events.request.add_listener(timings.on_request)
    environment.create_local_runner()
    _ramp_up(environment, arguments.delegates + arguments.readers, arguments.spawn_rate)
    # The first minute of full load fills what every process keeps once (connections, each
    # language's templates and catalogues, prepared reads, the readers' kept-alive sockets):
    # 30 MiB of a worker's memory in the first 30 s. Measured from there, growth means a leak.
    print(f"load: all users started; warming up for {arguments.warmup:.0f} s", flush=True)
    gevent.sleep(arguments.warmup)
    memory_at_start = server.memory_of(arguments.server_pid)
    server_cpu_at_start = server.cpu_seconds_of(arguments.server_pid)
    generator = psutil.Process()
    generator.cpu_percent()
    load_at_start = os.getloadavg()[0]
    timings.reset()
    locustfile.RECORDER.reset()
    print(
        f"load: {arguments.delegates} delegates ({heads} heads, "
        f"{locustfile.RECORDER.listening} streams open) and {arguments.readers} readers; "
        f"measuring {arguments.duration:.0f} s",
        flush=True,
    )
    memory_series = _sample_memory(arguments.server_pid, arguments.duration)
    until = time.monotonic()
    timings.recording = False
    memory_at_end = server.memory_of(arguments.server_pid)
    server_cpu = server.cpu_seconds_of(arguments.server_pid) - server_cpu_at_start
    generator_cpu = generator.cpu_percent()
    answered = sum(len(times) for times in timings.by_name.values())
    listening = locustfile.RECORDER.listening
    gevent.sleep(2)  # the last positions' events on their way
    environment.runner.quit()  # type: ignore[union-attr]
    print(f"load: {listening} streams open at the end", flush=True)
    figures = _latency_figures(timings)
    figures += _live_figures(arguments.delegates, until)
    figures += _memory_figures(memory_at_start, memory_at_end)
    for process, series in sorted(memory_series.items()):
        print(f"load: rss {process} every {MEMORY_SAMPLE_SECONDS:.0f} s: {series}", flush=True)
    figures.append(
        LoadFigure(
            "load.machine",
            os.getloadavg()[0],
            "",
            None,
            details=f"loadavg_start={load_at_start:.2f} cores={os.cpu_count()} "
            f"generator_cpu={generator_cpu:.0f}% "
            # The server's own processes (app and task workers): how much of the two cores
            # the scenario needs, and its CPU per request, against the machine's load.
            f"server_cpu={server_cpu / arguments.duration * 100:.0f}% "
            f"server_cpu_per_request={server_cpu / max(answered, 1) * 1000:.1f}ms",
        )
    )
    return figures


def _sample_memory(server_pid: int, duration: float) -> dict[str, str]:
    """Wait ``duration`` seconds, reading each process's resident memory on the way: two
    figures cannot tell memory that levels off once caches are warm from memory that keeps
    growing, the series can."""
    series: dict[str, list[str]] = defaultdict(list)
    ends_at = time.monotonic() + duration
    while (left := ends_at - time.monotonic()) > 0:
        gevent.sleep(min(MEMORY_SAMPLE_SECONDS, left))
        for process, mebibytes in server.memory_of(server_pid).items():
            series[process].append(f"{mebibytes:.0f}")
    return {process: " ".join(values) for process, values in series.items()}


def _latency_figures(timings: Timings) -> list[LoadFigure]:
    total = sum(len(times) for times in timings.by_name.values())
    errors = sum(timings.failures.values())
    live_reads = _delegate(timings, live=True)
    figures = [
        LoadFigure("load.errors", errors, "", 0, details=f"requests={total}"),
        # A delegate's own actions, and apart the reads the open map makes after an event
        # that carries no row (the whole map after a new version or status, or when a
        # reconnection cannot be replayed), held to the same target; none at all is no
        # failure: position events carry their row, and reconnections replay what they missed.
        latency("load.delegate_actions", _delegate(timings, live=False), DELEGATE_P99_MS),
        latency("load.live_map_reads", live_reads, DELEGATE_P99_MS if live_reads else None),
        latency("load.public_pages", timings.of("public:"), PUBLIC_P99_MS),
    ]
    for name in sorted(timings.by_name):
        slug = name.replace(": ", ".").replace(" ", "_").replace("(", "").replace(")", "")
        figures.append(latency(f"load.each.{slug}", timings.by_name[name], None))
    for failure, count in sorted(timings.failures.items()):
        print(f"load: failed {count}x {failure}", flush=True)
    return figures


def _delegate(timings: Timings, *, live: bool) -> list[float]:
    """The delegates' own requests, or those their open map makes after events."""
    return [
        t
        for name, times in timings.by_name.items()
        if name.startswith("delegate:") and ("(live)" in name) == live
        for t in times
    ]


def _live_figures(delegates: int, until: float) -> list[LoadFigure]:
    recorder = locustfile.RECORDER
    measured = {id(record) for record in recorder.measured(until)}
    delays = [
        max(0.0, arrived - position.answered) * 1000
        for position, arrived in recorder.deliveries
        if position.answered is not None and id(position) in measured
    ]
    stated = len(measured)
    expected = stated * (delegates - 1)
    figure = latency("load.live_delay", delays, LIVE_DELAY_P99_MS)
    return [
        LoadFigure(
            figure.name,
            figure.value,
            "ms",
            LIVE_DELAY_P99_MS,
            details=f"{figure.details} positions={stated} expected_deliveries={expected} "
            f"unmatched={recorder.unmatched_events} stream_drops={recorder.stream_drops} "
            f"replayed={recorder.replayed} refreshes={recorder.refreshes}",
        )
    ]


def _memory_figures(start: dict[str, float], end: dict[str, float]) -> list[LoadFigure]:
    figures = []
    for process, before in sorted(start.items()):
        after = end.get(process)
        if after is None:  # gunicorn replaces a worker after max_requests; or it died
            figures.append(
                LoadFigure(
                    f"load.rss.{process}",
                    math.nan,
                    "%",
                    None,
                    details=f"start={before:.1f}MiB replaced during the run (see the server log)",
                )
            )
            continue
        growth = (after - before) / before * 100
        figures.append(
            LoadFigure(
                f"load.rss.{process}",
                growth,
                "%",
                MEMORY_GROWTH_PERCENT,
                details=f"start={before:.1f}MiB end={after:.1f}MiB",
            )
        )
    if not start:
        figures.append(LoadFigure("load.rss", math.nan, "%", None, details="no server pid"))
    return figures


def _throughput(arguments: argparse.Namespace, base_url: str) -> list[LoadFigure]:
    """Requests a second of 64 clients on one page, the trivial view and the outcome page
    alternating, each round a fresh set of clients; the medians of the rounds compared."""
    outcome = next(u for u in locustfile.PLAN["public"]["outcome"] if u.startswith("/en/"))
    rates: dict[str, list[float]] = {BASELINE_URL: [], outcome: []}
    for _ in range(arguments.throughput_rounds):
        for path in (BASELINE_URL, outcome):
            user_class = type("Client", (locustfile.Throughput,), {"path": path})
            environment = Environment(user_classes=[user_class], host=base_url)
            timings = Timings()
            environment.events.request.add_listener(timings.on_request)
            environment.create_local_runner()
            _ramp_up(environment, THROUGHPUT_CLIENTS, THROUGHPUT_CLIENTS)
            timings.reset()
            started = time.monotonic()
            gevent.sleep(arguments.throughput_seconds)
            answered = sum(len(times) for times in timings.by_name.values())
            rates[path].append(answered / (time.monotonic() - started))
            environment.runner.quit()  # type: ignore[union-attr]
            if timings.failures:
                print(f"load: throughput failures {dict(timings.failures)}", flush=True)
    trivial = report.percentile(rates[BASELINE_URL], 0.5)
    page = report.percentile(rates[outcome], 0.5)
    spread = [p / t for p, t in zip(rates[outcome], rates[BASELINE_URL], strict=True)]
    return [
        LoadFigure(
            "load.throughput.outcome_vs_trivial",
            page / trivial,
            "x",
            THROUGHPUT_RATIO,
            at_least=True,
            details=f"outcome={page:.0f}rps trivial={trivial:.0f}rps clients={THROUGHPUT_CLIENTS} "
            f"spread={min(spread):.2f}-{max(spread):.2f}",
        )
    ]


def main() -> int:
    arguments = _arguments()
    arguments.var.mkdir(parents=True, exist_ok=True)
    plan_file = arguments.var / "plan.json"
    base_url = arguments.url or f"http://127.0.0.1:{arguments.port}"
    server.prepare(arguments.database_url, arguments.redis_url, arguments.delegates, plan_file)
    process = None
    if not arguments.url:
        process = server.Server(
            arguments.server_command,
            server.production_environment(
                arguments.database_url, arguments.redis_url, f"127.0.0.1:{arguments.port}"
            ),
            arguments.var / "server.log",
        )
    try:
        if process is not None:  # inside: a server too slow to answer is stopped too
            process.start(base_url)
            arguments.server_pid = process.pid()
        server.wait_for_idle_tasks(arguments.redis_url)
        import json

        plan = json.loads(plan_file.read_text())
        sessions = signin.sessions_for(base_url, plan, arguments.var / "sessions.json")
        locustfile.configure(plan, sessions)
        locustfile.PACE["think"] = arguments.think
        timings = Timings()
        figures = _scenario(arguments, base_url, timings)
        figures += _throughput(arguments, base_url)
    finally:
        if process is not None:
            process.stop()
    for figure in figures:
        print(figure.line(), flush=True)
    short = [figure.name for figure in figures if figure.short]
    if short:
        print(f"bench-load: {len(short)} figure(s) short of target: {', '.join(short)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
