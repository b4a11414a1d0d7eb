"""Gunicorn's configuration for the ASGI app: ``gunicorn -c python:secretariat.config.gunicorn
secretariat.config.asgi:application``.

Gunicorn manages the processes and uvicorn's worker class speaks ASGI in each of them. Not
``uvicorn --workers``: its worker sockets lack TCP_NODELAY, which holds every response body
about 40 ms on a kept-alive connection (docs/decisions/0034-serving.md, bench/bench_serving.py).
Every value can be overridden on the command line or with ``GUNICORN_CMD_ARGS``.
"""

import os

bind = [os.environ.get("BIND", "127.0.0.1:8000")]
# Without Redis the live map's events travel through one process's memory, so a second
# process would never hear of changes made in the first: one worker unless told otherwise.
workers = int(os.environ.get("WEB_CONCURRENCY", "2" if os.environ.get("REDIS_URL") else "1"))
worker_class = "uvicorn_worker.UvicornWorker"
# The worker's heartbeat, not a request limit: live-map streams stay open for minutes.
timeout = 30
graceful_timeout = 20
# Browsers and proxies keep connections open between requests; longer than nginx's default.
keepalive = 75
# A worker is replaced after this many requests (spread so they do not all restart at once),
# which bounds whatever a long-running process might accumulate.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# X-Forwarded-Proto/For are believed from the reverse proxy on this host only (uvicorn's
# worker reads this setting); SECURE_PROXY_SSL_HEADER does the rest in Django.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-" if os.environ.get("ACCESS_LOG", "").lower() in {"1", "true", "yes"} else None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def on_starting(server) -> None:  # type: ignore[no-untyped-def]
    """prometheus_client's multiprocess files from a previous run would be counted again."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def post_worker_init(worker) -> None:  # type: ignore[no-untyped-def]
    """What the app has built by now (Django, its apps, the libraries: most of a worker's
    objects) lives as long as the process: moved out of the garbage collector's sight, a full
    collection no longer walks it. Full collections of a loaded worker's whole heap stalled
    every request of that process for 150-400 ms, the tail of the load scenario's latencies."""
    import gc

    gc.collect()
    gc.freeze()


def child_exit(server, worker) -> None:  # type: ignore[no-untyped-def]
    """A dead worker's live gauges (stream clients) must stop counting in /metrics."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
