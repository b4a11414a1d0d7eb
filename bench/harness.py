"""The benchmark harness: a throw-away database, the full middleware stack, and ratios.

Every figure is a ratio against the baseline — a trivial view (``/healthz``) requested
through the same client and middleware in the same run — because these machines are noisy
and only ratios measured side by side mean anything."""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BASELINE_URL = "/healthz"


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secretariat.config.settings.test")
    if "DATABASE_URL" not in os.environ:
        directory = tempfile.mkdtemp(prefix="secretariat-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    var_dir = Path(
        os.environ.setdefault("SECRETARIAT_VAR_DIR", tempfile.mkdtemp(prefix="secretariat-var-"))
    )
    (var_dir / "static").mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    baseline: float
    target: float  # the ratio must be at most this

    @property
    def ratio(self) -> float:
        return self.value / self.baseline

    def line(self) -> str:
        verdict = "ok" if self.ratio <= self.target else "short"
        return (
            f"BENCH {self.name} value={self.value * 1000:.3f}ms "
            f"baseline={self.baseline * 1000:.3f}ms ratio={self.ratio:.2f} "
            f"target=<={self.target:g}x {verdict}"
        )


def _median_seconds(
    action: Callable[[], object], repeats: int, before: Callable[[], object] | None = None
) -> float:
    timings = []
    for _ in range(repeats):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def compare(
    name: str,
    action: Callable[[], object],
    baseline: Callable[[], object],
    *,
    target: float,
    repeats: int = 30,
    rounds: int = 5,
    before: Callable[[], object] | None = None,
) -> Figure:
    """Interleave rounds of the baseline and the action; report the medians' medians.
    ``before`` runs ahead of each timed action, untimed (e.g. the change it reads)."""
    if before is not None:
        before()
    action()
    baseline()  # warm caches, templates and connections before measuring
    values, baselines = [], []
    for _ in range(rounds):
        baselines.append(_median_seconds(baseline, repeats))
        values.append(_median_seconds(action, repeats, before))
    return Figure(name, statistics.median(values), statistics.median(baselines), target)


def get(client, url: str, **headers: str) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    def request() -> object:
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    return request
