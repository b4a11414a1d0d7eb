"""The server under load: the production profile started on this machine, its database
prepared, and the resident memory of each of its processes."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psutil
import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
# `make prod`'s script: the production settings and commands (gunicorn managing uvicorn's
# ASGI workers, one per core here, and an RQ task worker), over plain HTTP on the loopback.
DEFAULT_COMMAND = "scripts/prod"


def production_environment(database_url: str, redis_url: str, bind: str) -> dict[str, str]:
    """What ``scripts/prod`` takes from its caller; it sets the production rest itself."""
    port = bind.rsplit(":", 1)[1]
    return os.environ | {
        "PYTHON": PYTHON,
        "PORT": port,
        "BIND": bind,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        "TASK_WORKERS": os.environ.get("TASK_WORKERS", "1"),
        # Its own live channels: on a shared Redis, other runs' and demos' events for texts
        # with the same id reached the delegates' streams (unmatched, rowless, re-read).
        "LIVE_UPDATES_CHANNEL_PREFIX": f"secretariat:live:load:{port}:",
        # Its own secret key and metrics token, kept: sessions signed in before stay valid.
        "SECRETARIAT_VAR_DIR": str(ROOT / "var" / "load" / "prod"),
    }


def ensure_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            db.execute(f'CREATE DATABASE "{name}"')


def prepare(database_url: str, redis_url: str, delegates: int, plan: Path) -> None:
    """Migrate and seed with the embedded settings (the demo refuses production)."""
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "secretariat.config.settings.base",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "PYTHONPATH": str(ROOT),
    }
    ensure_database(database_url)
    for command in (
        [PYTHON, "-m", "secretariat.cli", "migrate", "--noinput", "-v0"],
        [PYTHON, "-m", "bench.load.prepare", "--delegates", str(delegates), "--out", str(plan)],
    ):
        subprocess.run(command, env=environment, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


class Server:
    """A shell command started in its own process group and stopped with it."""

    def __init__(self, command: str, environment: dict[str, str], log: Path) -> None:
        self.command = command
        self.environment = environment
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, base_url: str, timeout: float = 240.0) -> None:
        """Start and wait for ``/readyz`` (the script checks, migrates and collects first)."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command.format(bind=urlsplit(base_url).netloc),
                shell=True,
                env=self.environment,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(base_url + "/readyz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited; see {self.log}")
            time.sleep(0.5)
        raise RuntimeError(f"the server did not answer /readyz within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)

    def pid(self) -> int:
        assert self.process is not None  # noqa: S101 - started before
        return self.process.pid


def memory_of(root_pid: int) -> dict[str, float]:
    """Resident memory (MiB) of each long-lived Python process under ``root_pid`` (the app's
    master and workers, the task worker; not the shell, nor RQ's short-lived job processes),
    by pid and role."""
    found: dict[str, float] = {}
    try:
        root = psutil.Process(root_pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return found
    for process in processes:
        try:
            if not process.name().startswith(("python", "gunicorn", "granian", "uvicorn")):
                continue
            role = _role(process)
            if role != "rq-job":
                found[f"{process.pid}:{role}"] = process.memory_info().rss / 2**20
        except psutil.NoSuchProcess:
            continue
    return found


def cpu_seconds_of(root_pid: int) -> float:
    """CPU time (user and system, seconds) used so far by the long-lived processes under
    ``root_pid`` — as ``memory_of`` counts them — plus what their finished children used."""
    total = 0.0
    try:
        root = psutil.Process(root_pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return total
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


SERVERS = ("gunicorn", "uvicorn", "granian")


def _role(process: psutil.Process) -> str:
    command = " ".join(process.cmdline())
    parent = process.parent()
    parent_command = ""
    if parent is not None and parent.name().startswith(("python", *SERVERS)):
        parent_command = " ".join(parent.cmdline())
    if "rqworker" in command:
        return "rq-job" if "rqworker" in parent_command else "rqworker"
    if any(name in command for name in SERVERS):
        return "app-worker" if any(name in parent_command for name in SERVERS) else "app-master"
    return "process"


def wait_for_idle_tasks(redis_url: str, queue: str = "default", timeout: float = 900.0) -> None:
    """Wait until the task worker has done what seeding queued (the demo's search indexing
    and summaries: hundreds of tasks on a fresh database, minutes of CPU on this machine).
    Measured alongside the load, they made its figures depend on how fresh the database was,
    not on the scenario; the tasks the scenario itself queues (an amendment's indexing) still
    run during it."""
    import redis

    client = redis.Redis.from_url(redis_url)
    key = f"rq:queue:{queue}"
    deadline = time.monotonic() + timeout
    waiting = int(client.llen(key))  # type: ignore[arg-type]
    if waiting:
        print(f"load: waiting for {waiting} queued task(s) of the seeding", flush=True)
    while waiting and time.monotonic() < deadline:
        time.sleep(2)
        waiting = int(client.llen(key))  # type: ignore[arg-type]
    if waiting:
        raise RuntimeError(f"{waiting} task(s) still queued after {timeout:.0f} s")
