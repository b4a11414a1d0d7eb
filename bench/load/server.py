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
# The production command until `make prod` exists: an ASGI server (the live map's streams
# hold no thread under ASGI), one worker per core, and a background worker.
DEFAULT_COMMAND = (
    f"{PYTHON} -m gunicorn secretariat.config.asgi:application -k uvicorn_worker.UvicornWorker "
    "--workers 2 --bind {bind} & "
    f"{PYTHON} -m secretariat.cli rqworker default & wait"
)


def production_environment(database_url: str, redis_url: str) -> dict[str, str]:
    """Production settings for a plain-HTTP trial on the loopback (no TLS proxy in front)."""
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "secretariat.config.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-load-" + "k" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONPATH": str(ROOT),
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

    def start(self, base_url: str, timeout: float = 60.0) -> None:
        bind = urlsplit(base_url).netloc
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command.format(bind=bind),
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
