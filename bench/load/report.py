"""The load scenario's figures as ``BENCH`` lines: like the harness's (name, value, target,
``ok``/``short``/``info``), but against absolute targets — latencies, errors, memory — since
the load itself is the measurement; the one ratio (public throughput) is against the trivial
view served by the same server in the same run, as the harness's ratios are."""

import math
from dataclasses import dataclass


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..1); NaN without values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class LoadFigure:
    name: str
    value: float  # compared with the target
    unit: str
    target: float | None  # None: informational
    at_least: bool = False  # the value must reach the target (throughput), not stay under it
    details: str = ""

    @property
    def short(self) -> bool:
        if self.target is None:
            return False
        if math.isnan(self.value):
            return True  # nothing measured is not a pass
        return self.value < self.target if self.at_least else self.value > self.target

    def line(self) -> str:
        if self.target is None:
            target, verdict = "target=none", "info"
        else:
            sign = ">=" if self.at_least else "<="
            target = f"target={sign}{self.target:g}{self.unit}"
            verdict = "short" if self.short else "ok"
        details = f" {self.details}" if self.details else ""
        value = f"{self.value:.{self._digits}f}{self.unit}"
        return f"BENCH {self.name} value={value}{details} {target} {verdict}"

    @property
    def _digits(self) -> int:
        return 2 if self.unit in ("x", "%") else (0 if self.unit == "" else 1)


def latency(name: str, timings_ms: list[float], target_p99_ms: float | None) -> LoadFigure:
    """p99 against the target, with p50, p95 and the count beside it."""
    p50, p95, p99 = (percentile(timings_ms, share) for share in (0.5, 0.95, 0.99))
    return LoadFigure(
        name,
        p99,
        "ms",
        target_p99_ms,
        details=f"p50={p50:.1f}ms p95={p95:.1f}ms n={len(timings_ms)}",
    )
