#!/usr/bin/env python3
# ruff: noqa: S603, S607 - a drill starts its own services and the project's own commands
"""Fault drills: each breaks something for real and asserts what users see (docs/operations.md).

    scripts/drills.py                 # every drill; exits non-zero if any fails
    scripts/drills.py redis-down …    # some of them

Each drill prints ``DRILL <name> PASS|FAIL|SKIP <what was seen>``. The machine's shared
PostgreSQL and Redis are never touched: a drill starts its own PostgreSQL cluster (initdb +
pg_ctl on a free port in a temporary folder) and its own redis-server, and stops them after.
"""

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = os.environ.get("DRILL_PYTHON", sys.executable)
RESULTS: list[tuple[str, bool]] = []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(check: Callable[[], bool], seconds: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return True
        time.sleep(step)
    return False


def report(name: str, ok: bool | None, seen: str) -> None:
    verdict = "SKIP" if ok is None else ("PASS" if ok else "FAIL")
    print(f"DRILL {name} {verdict} {seen}", flush=True)
    if ok is not None:
        RESULTS.append((name, ok))


# Throw-away services ---------------------------------------------------------------------------


class Postgres:
    """A private cluster: initdb refuses root, so it runs as the postgres user when root."""

    def __init__(self, scratch: Path) -> None:
        self.port = free_port()
        self.data = scratch / "pgdata"
        self.log = scratch / "pg.log"
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        if not bins:
            raise RuntimeError("no /usr/lib/postgresql/*/bin (install postgresql)")
        self.bin = bins[-1]
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(scratch, "postgres")
        self._run("initdb", "-D", str(self.data), "--auth=trust", "-U", "postgres", "-E", "UTF8")
        self.start()
        subprocess.run(  # noqa: S603
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-qc",
                "CREATE DATABASE drill",
            ],
            check=True,
        )
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/drill"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(  # noqa: S603
            [*self.as_user, str(self.bin / tool), *args], check=True, capture_output=True
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k /tmp -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


class Redis:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        assert wait_until(
            lambda: socket.create_connection(("127.0.0.1", self.port)).close() is None, 10
        )

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


class App:
    """An installation: its environment, its commands, its ASGI server."""

    def __init__(self, scratch: Path, database_url: str, redis_url: str = "", **extra: str) -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
        self.env.update(
            DJANGO_SETTINGS_MODULE="secretariat.config.settings.base",
            DATABASE_URL=database_url,
            MEDIA_ROOT=str(scratch / "media"),
            SECRETARIAT_VAR_DIR=str(scratch / "var"),
            PYTHONPATH=str(ROOT),
            **extra,
        )
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        else:
            self.env.pop("REDIS_URL", None)
        self.port = free_port()
        self.server: subprocess.Popen | None = None
        self.log = scratch / "server.log"

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [PYTHON, "-m", "secretariat.cli", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=check,
        )

    def python(self, code: str) -> str:
        done = subprocess.run(  # noqa: S603
            [PYTHON, "-c", "import django; django.setup()\n" + code],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    def serve(self) -> None:
        self.server = subprocess.Popen(  # noqa: S603
            [
                PYTHON,
                "-m",
                "uvicorn",
                "secretariat.config.asgi:application",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=ROOT,
            start_new_session=True,
            stderr=self.log.open("ab"),  # a 503's traceback per request: kept out of the report
        )
        assert wait_until(lambda: self.get("/healthz")[0] == 200, 30), "server did not start"

    def kill(self) -> None:
        if self.server is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait()
            self.server = None

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def get(self, path: str, **headers: str) -> tuple[int, bytes]:
        return self.request("GET", path, headers=headers)


SETUP = """
from secretariat.accounts.services import issue_api_token
from django.contrib.auth import get_user_model
from secretariat.negotiation.models import Text, Paragraph
head = get_user_model().objects.get(username="kr-head")  # heads state positions
issued = issue_api_token(actor=head, name="drill", scopes=["read", "write"], expires_in_days=1)
user = get_user_model().objects.get(username="kr-delegate")  # reads the map's stream
text = Text.objects.get(slug="2027-work-programme")
eids = list(Paragraph.objects.filter(version_id=text.current_version_id)
            .values_list("provision__eid", flat=True))
from django.test import Client
client = Client()
client.force_login(user)
print(issued.key, ",".join(eids), client.cookies["sessionid"].value)
"""
PUBLIC_PATHS = [
    "/en/",
    "/en/news/",
    "/en/outcomes/2025-digital-ai-ministerial-statement/",
    "/api/negotiation/texts",
    "/api/news/",
    "/en/meetings/",
]


def seeded(app: App) -> tuple[str, list[str], str]:
    app.manage("migrate", "--noinput", "-v0")
    app.manage("demo")
    key, eids, session = app.python(SETUP).splitlines()[-1].split(" ")
    return key, eids.split(","), session


class Load:
    """Threads reading public pages and the API in a loop, counting statuses per path."""

    def __init__(self, app: App, paths: list[str], threads: int = 4) -> None:
        self.app, self.paths = app, paths
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.workers = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]
        for worker in self.workers:
            worker.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            for path in self.paths:
                try:
                    status, _ = self.app.get(path)
                except OSError:
                    status = -1  # connection refused or reset: never happens, the app is up
                with self.lock:
                    self.statuses[(path, status)] += 1

    def finish(self) -> Counter[tuple[str, int]]:
        self.stop.set()
        for worker in self.workers:
            worker.join()
        return self.statuses


@contextlib.contextmanager
def scratch_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="secretariat-drill-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# The drills ------------------------------------------------------------------------------------


def drill_postgres_restart(app: App, pg: Postgres) -> None:
    """PostgreSQL stops for three seconds under load: 503s (never 500), /readyz says so, and
    service returns by itself."""
    load = Load(app, PUBLIC_PATHS)
    time.sleep(1)
    pg.stop()
    time.sleep(1)
    readyz_down, body = app.get("/readyz")
    time.sleep(2)
    pg.start()
    back = wait_until(lambda: app.get("/readyz")[0] == 200, 15)
    time.sleep(1)
    statuses = load.finish()
    after = [app.get(path)[0] for path in PUBLIC_PATHS]
    by_status = Counter(status for (_, status), n in statuses.items() for _ in range(n))
    ok = (
        by_status[500] == 0
        and by_status[-1] == 0
        and by_status[503] > 0
        and readyz_down == 503
        and b"database" in body
        and back
        and all(status == 200 for status in after)
    )
    report(
        "postgres-restart",
        ok,
        f"statuses={dict(by_status)} readyz_down={readyz_down} back={back} after={after}",
    )


def drill_redis_down(app: App, redis: Redis, key: str, eids: list[str], session: str) -> None:
    """Redis stops: pages and the API answer (no 5xx), the live stream answers 503 so the map
    polls; Redis returns: live updates arrive again."""
    events = "/en/negotiation/2027-work-programme/map/events/"
    redis.stop()
    load = Load(app, PUBLIC_PATHS, threads=2)
    time.sleep(3)
    stream_down = app.get(events, Cookie=f"sessionid={session}")[0]
    statuses = load.finish()
    by_status = Counter(status for (_, status), n in statuses.items() for _ in range(n))
    redis.start()
    time.sleep(3)  # the cache retries Redis every two seconds
    delivered = _live_update_arrives(app, key, eids[0], session)
    ok = (
        all(s < 500 for s in by_status)
        and by_status[-1] == 0
        and stream_down == 503
        and delivered.endswith("event=yes")
    )
    report(
        "redis-down",
        ok,
        f"statuses={dict(by_status)} stream_while_down={stream_down} "
        f"live_update_after_return={delivered}",
    )


def _position(app: App, key: str, eid: str, stance: str, based_on: int | None = None) -> int:
    """State KR's position through the API; on 409, again on the current one it names."""
    auth = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    path = "/api/negotiation/texts/2027-work-programme/positions"
    body = json.dumps({"eid": eid, "stance": stance, "based_on": based_on}).encode()
    status, raw = app.request("POST", path, body, auth)
    if status == 409:
        current = json.loads(raw).get("current") or {}
        based_on = current.get("position") if isinstance(current, dict) else None
        body = json.dumps({"eid": eid, "stance": stance, "based_on": based_on}).encode()
        status, raw = app.request("POST", path, body, auth)
    return status


def _live_update_arrives(app: App, key: str, eid: str, session: str) -> str:
    got: list[bytes] = []
    connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=10)
    connection.request(
        "GET",
        "/en/negotiation/2027-work-programme/map/events/",
        headers={"Cookie": f"sessionid={session}"},
    )
    response = connection.getresponse()
    if response.status != 200:
        return f"stream={response.status}"

    def read() -> None:
        with contextlib.suppress(Exception):
            while True:
                line = response.fp.readline()
                if not line:
                    return
                got.append(line)
                if line.startswith(b"data:"):
                    return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    time.sleep(0.5)
    posted = _position(app, key, eid, "object")
    reader.join(5)
    connection.close()
    arrived = any(line.startswith(b"data:") for line in got)
    return f"stream=200 position={posted} event={'yes' if arrived else 'no'}"


NOTIFY = """
from django.contrib.auth import get_user_model
from secretariat.notifications.services import notify
people = list(get_user_model().objects.exclude(email="").filter(is_active=True)[:6])
sent = notify(recipients=people, topic="{topic}", subject="Drill", body="Drill message",
              dedupe_key="drill-{run}")
print(sent)
"""
UNSENT = """
from secretariat.notifications.models import Notification
print(Notification.objects.filter(dedupe_key="drill-{run}", sent_at__isnull=True).count())
"""


def drill_worker_killed(app: App, scratch: Path) -> None:
    """kill -9 of a task worker (its whole process group) while it sends e-mails: a new
    worker retries the task; every e-mail arrives exactly once."""
    outbox = scratch / "outbox"
    outbox.mkdir()
    env = dict(
        app.env,
        EMAIL_BACKEND="secretariat.testing.slow_mail.EmailBackend",
        EMAIL_FILE_PATH=str(outbox),
    )

    def worker() -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "secretariat.cli", "rqworker", "default"],
            env=env,
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    first = worker()
    topic = app.python(
        "from secretariat.notifications.choices import Topic; print(Topic.values[0])"
    )
    run = str(int(time.time()))
    recorded = int(app.python(NOTIFY.format(topic=topic, run=run)).splitlines()[-1])
    started = wait_until(lambda: any(outbox.iterdir()), 30, 0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    second = worker()
    done = wait_until(lambda: app.python(UNSENT.format(run=run)).endswith("0"), 90, 1)
    os.killpg(second.pid, signal.SIGKILL)
    second.wait()
    ids = Counter(
        line.split(":", 1)[1].strip()
        for path in outbox.iterdir()
        for line in path.read_text().splitlines()
        if line.startswith("Message-ID:")
    )
    ok = started and done and len(ids) == recorded and all(n == 1 for n in ids.values())
    report(
        "worker-killed",
        ok,
        f"recorded={recorded} killed_mid_task={started} "
        f"all_sent={done} messages={len(ids)} max_copies={max(ids.values(), default=0)}",
    )


UPLOAD = """
from django.core.files.uploadedfile import SimpleUploadedFile
from pathlib import Path
from django.conf import settings
from secretariat.core.i18n import translations
from secretariat.meetings import services
from secretariat.meetings.models import Document, Meeting
from secretariat.core.storage import FileNotStored
meeting = Meeting.objects.order_by("pk").first()
before = Document.objects.count()
pdf = b"%PDF-1.4\\n" + b"0" * {size} + b"\\n%%EOF\\n"
try:
    services.submit_document(actor="drill", meeting=meeting, title=translations("en", en="Drill"),
                             purpose="information", upload=SimpleUploadedFile("d.pdf", pdf))
    outcome = "stored"
except FileNotStored as error:
    outcome = f"{{error.status}}:{{error.detail}}"
left = [p.name for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
added = Document.objects.count() - before
print(json.dumps({{"outcome": outcome, "rows_added": added, "files": left}}))
"""


def drill_upload_disk_full(app: App, scratch: Path) -> None:
    """MEDIA_ROOT on a 64 KiB tmpfs, then read-only: an upload is refused with 409, no row,
    no file (not even a partial one)."""
    media = scratch / "small-media"
    media.mkdir()
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(media)],  # noqa: S603, S607
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    if not mounted:
        report("upload-disk-full", None, "cannot mount a tmpfs here (needs root)")
        return
    try:
        env_app = App(scratch, app.env["DATABASE_URL"], app.env.get("REDIS_URL", ""))
        env_app.env["MEDIA_ROOT"] = str(media)
        full = json.loads(
            env_app.python("import json\n" + UPLOAD.format(size=200_000)).splitlines()[-1]
        )
        subprocess.run(["mount", "-o", "remount,ro", str(media)], check=True)  # noqa: S603, S607
        readonly = json.loads(
            env_app.python("import json\n" + UPLOAD.format(size=100)).splitlines()[-1]
        )
    finally:
        subprocess.run(["umount", str(media)], check=False)  # noqa: S603, S607
    ok = all(
        r["outcome"].startswith("409:") and r["rows_added"] == 0 and r["files"] == []
        for r in (full, readonly)
    )
    report("upload-disk-full", ok, f"disk_full={full} read_only={readonly}")


WRITER = """
import time
from django.db import transaction
from secretariat.core import audit
deadline = time.monotonic() + {seconds}
n = 0
while time.monotonic() < deadline:
    with transaction.atomic():
        audit.record(actor="drill", action="drill.write", object_type="drill", object_id=str(n))
    n += 1
print(n)
"""


def drill_backup_under_writes(app: App, pg: Postgres, scratch: Path) -> None:
    """Back up the demo while a process appends to the audit chain; restore into an empty
    database: the chain verifies, has the length the manifest says, and the API lists the
    same as the source did."""
    users = ["kr-delegate", "reader"]
    listing = [PYTHON, "-m", "secretariat.testing.listings", *users]
    before = subprocess.run(
        listing, env=app.env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout  # noqa: S603
    writer = subprocess.Popen(
        [PYTHON, "-c", "import django; django.setup()\n" + WRITER.format(seconds=6)],  # noqa: S603
        env=app.env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)
    archive = scratch / "demo.tar"
    app.manage("backup", "--out", str(archive))
    writes = writer.communicate()[0].strip()
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(pg.port),
            "-U",
            "postgres",
            "-qc",  # noqa: S603, S607
            "CREATE DATABASE restored",
        ],
        check=True,
    )
    target = App(scratch / "restored", pg.url.rsplit("/", 1)[0] + "/restored")
    restored = target.manage("restore", str(archive), check=False)
    after = subprocess.run(
        listing, env=target.env, cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout  # noqa: S603
    ok = restored.returncode == 0 and json.loads(before) == json.loads(after or "null")
    report(
        "backup-under-writes",
        ok,
        f"writes_during_backup={writes} "
        f"restore={(restored.stdout or restored.stderr).strip()[:160]} "
        f"listings_equal={before == after}",
    )


ORPHANS = """
from secretariat.core.models import AuditEntry
from secretariat.negotiation.models import Position
audited = set(AuditEntry.objects.filter(action="negotiation.position.stated")
              .values_list("object_id", flat=True))
ids = [str(pk) for pk in Position.objects.values_list("pk", flat=True)]
print(len(ids), len([pk for pk in ids if pk not in audited]))
"""


def drill_app_killed(app: App, key: str, eids: list[str]) -> None:
    """kill -9 of the app server while heads state positions: after a restart every position
    has its audit entry and the chain verifies (each change is all there or not at all)."""
    before = app.python(ORPHANS).splitlines()[-1].split()
    stop = threading.Event()
    statuses: Counter[int] = Counter()

    def change(eid: str) -> None:
        stances = ["support", "object"]
        n = 0
        while not stop.is_set():
            try:
                statuses[_position(app, key, eid, stances[n % 2])] += 1
            except OSError:
                statuses[-1] += 1  # the server was killed under this request
            n += 1

    threads = [threading.Thread(target=change, args=(eid,), daemon=True) for eid in eids[:4]]
    for thread in threads:
        thread.start()
    time.sleep(2)
    app.kill()
    stop.set()
    for thread in threads:
        thread.join(15)
    app.serve()
    positions, orphans = app.python(ORPHANS).splitlines()[-1].split()
    verified = app.manage("audit", "verify", check=False)
    ok = (
        orphans == "0"
        and verified.returncode == 0
        and statuses[-1] > 0
        and int(positions) > int(before[0])
    )
    report(
        "app-killed",
        ok,
        f"requests={dict(statuses)} positions={before[0]}->{positions} "
        f"without_audit_entry={orphans} audit={verified.stdout.strip() or verified.stderr.strip()}",
    )


DRILLS = [
    "app-killed",
    "postgres-restart",
    "redis-down",
    "worker-killed",
    "upload-disk-full",
    "backup-under-writes",
]


def main(selected: list[str]) -> int:
    wanted = selected or DRILLS
    with scratch_dir() as scratch:
        pg, redis = Postgres(scratch), Redis()
        app = App(scratch, pg.url, redis.url)
        try:
            started = time.monotonic()
            key, eids, session = seeded(app)
            print(
                "drills: demo seeded on a throw-away PostgreSQL in "
                f"{time.monotonic() - started:.0f} s",
                flush=True,
            )
            app.serve()
            if "postgres-restart" in wanted:
                drill_postgres_restart(app, pg)
            if "redis-down" in wanted:
                drill_redis_down(app, redis, key, eids, session)
            if "app-killed" in wanted:
                drill_app_killed(app, key, eids)
            if "worker-killed" in wanted:
                drill_worker_killed(app, scratch)
            if "upload-disk-full" in wanted:
                drill_upload_disk_full(app, scratch)
            if "backup-under-writes" in wanted:
                drill_backup_under_writes(app, pg, scratch)
        finally:
            app.kill()
            redis.stop()
            with contextlib.suppress(Exception):
                pg.stop()
    failed = [name for name, ok in RESULTS if not ok]
    print(f"drills: {len(RESULTS) - len(failed)} passed, {len(failed)} failed {failed or ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
