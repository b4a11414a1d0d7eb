"""Prometheus figures: requests, latency, task queue depth and live-map stream clients.

``/metrics`` answers only ``Authorization: Bearer <METRICS_TOKEN>``; anything else, or no
token configured, is a 404 like any unknown path (nothing says the endpoint exists). With
several app processes, ``PROMETHEUS_MULTIPROC_DIR`` names a directory where each process writes
its figures and the scrape sums them (prometheus_client's multiprocess mode; gunicorn's config
empties it at start and marks dead workers, see config/gunicorn.py)."""

import hmac
import logging
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

REQUESTS = Counter(
    "secretariat_http_requests_total",
    "Requests answered, by view and status.",
    ["method", "view", "status"],
)
LATENCY = Histogram(
    "secretariat_http_request_duration_seconds",
    "Time to the response (to its first byte for streams), by view.",
    ["method", "view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
LIVE_STREAM_CLIENTS = Gauge(
    "secretariat_live_stream_clients",
    "Live consensus-map event streams open now.",
    multiprocess_mode="livesum",  # only processes still alive count
)


def _view_name(request: HttpRequest) -> str:
    """The view's URL name: a bounded label, unlike the path (ids, slugs, languages)."""
    match = getattr(request, "resolver_match", None)
    return (match.view_name or "unnamed") if match is not None else "unmatched"


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        response = self.get_response(request)
        view, method = _view_name(request), request.method or "-"
        LATENCY.labels(method, view).observe(time.perf_counter() - started)
        REQUESTS.labels(method, view, str(response.status_code)).inc()
        return response


class TaskQueueCollector(Collector):
    """Jobs waiting in each RQ queue, read from Redis at scrape time (no process keeps it)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily(
            "secretariat_task_queue_depth",
            "Tasks waiting for a worker, by queue.",
            labels=["queue"],
        )
        backend = str(settings.TASKS["default"]["BACKEND"])
        if backend.startswith("django_tasks_rq"):
            import django_rq

            for name in settings.TASKS["default"].get("QUEUES", ["default"]):
                try:
                    depth.add_metric([name], django_rq.get_queue(name).count)
                except Exception:  # noqa: BLE001 - Redis down: no figure, not a failed scrape
                    logger.warning("task queue %s unreadable for /metrics", name)
        else:
            for name in settings.TASKS["default"].get("QUEUES", ["default"]):
                depth.add_metric([name], 0)  # in-process tasks never wait
        yield depth


def _authorised(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not _authorised(request):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    queues = CollectorRegistry()
    queues.register(TaskQueueCollector())
    return HttpResponse(body + generate_latest(queues), content_type=CONTENT_TYPE_LATEST)
