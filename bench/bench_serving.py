"""The production server from outside: /healthz's last byte on a kept-alive connection.

Starts the server with the README's production command (gunicorn with uvicorn's workers) on
a free port, with two workers, and reads ``/healthz`` over one kept-alive HTTP/1.1 connection:
the time from sending a request to receiving the last byte of its body. A worker socket without
TCP_NODELAY (uvicorn's ``--workers`` bug) holds the body back about 40 ms behind the headers
(Nagle's algorithm meeting the client's delayed ACK); a healthy server answers in a few
milliseconds. Unlike the other benchmarks the figure is absolute, not a ratio: the stall is a
fixed delay, not a share of the work.

Standalone: ``python bench/bench_serving.py`` (``--command '…'`` measures another server, for
comparisons: ``{port}`` is replaced by the port). From ``make bench`` it runs with the others.
"""

import argparse
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 10.0  # a stalled socket answers in ~40 ms; a healthy one in a few
REQUESTS = 400
WARMUP = 20


@dataclass(frozen=True)
class ServingFigure:
    name: str
    median_ms: float
    p95_ms: float
    target_ms: float

    @property
    def short(self) -> bool:
        return self.p95_ms > self.target_ms

    def line(self) -> str:
        verdict = "short" if self.short else "ok"
        return (
            f"BENCH {self.name} value={self.median_ms:.3f}ms p95={self.p95_ms:.3f}ms "
            f"target=<={self.target_ms:g}ms {verdict}"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _read_response(connection: socket.socket, buffer: bytes) -> bytes:
    """Read one response with a Content-Length body; return what is left after it."""
    while b"\r\n\r\n" not in buffer:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("server closed the connection")
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0]
    if b" 200 " not in status + b" ":
        raise RuntimeError(f"/healthz answered {status.decode(errors='replace')}")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("server closed the connection mid-body")
        rest += chunk
    return rest[length:]


def last_byte_times(port: int, count: int, path: str = "/healthz") -> list[float]:
    """Seconds from each request's send to its body's last byte, all on one connection."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n\r\n"
    ).encode()
    timings = []
    with socket.create_connection(("127.0.0.1", port)) as connection:
        # The client side sends at once; any delay measured is the server's.
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buffer = b""
        for _ in range(count):
            started = time.perf_counter()
            connection.sendall(request)
            buffer = _read_response(connection, buffer)
            timings.append(time.perf_counter() - started)
    return timings


def wait_until_serving(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            last_byte_times(port, 1)
            return
        except (OSError, RuntimeError):
            time.sleep(0.2)
    raise RuntimeError(f"server not answering on port {port} after {seconds:.0f} s")


def server_environment(var_dir: Path) -> dict[str, str]:
    """The embedded profile on a throw-away SQLite file: /healthz needs no service."""
    env = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "SECRETARIAT_ENV"):
        env.pop(name, None)
    env.update(
        SECRETARIAT_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir}/serving.sqlite3",
        PYTHONPATH=str(ROOT),  # this checkout's code, whatever the venv installed
        WEB_CONCURRENCY="2",
        LOG_LEVEL="WARNING",
    )
    return env


def measure(command: list[str], name: str, env: dict[str, str], port: int) -> ServingFigure:
    process = subprocess.Popen(  # noqa: S603 - our own command line
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until_serving(port, process)
        last_byte_times(port, WARMUP)
        # Several connections in turn, so that both workers answer some of them.
        timings: list[float] = []
        for _ in range(4):
            timings += last_byte_times(port, REQUESTS // 4)
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
    timings.sort()
    median = statistics.median(timings) * 1000
    p95 = timings[int(len(timings) * 0.95) - 1] * 1000
    return ServingFigure(name, median, p95, TARGET_MS)


# The README's production command, word for word after the interpreter (docs/operations.md).
PRODUCTION_COMMAND = (
    "gunicorn -c python:secretariat.config.gunicorn secretariat.config.asgi:application"
)


def production_command(port: int) -> list[str]:
    return [sys.executable, "-m", *shlex.split(PRODUCTION_COMMAND), "--bind", f"127.0.0.1:{port}"]


def run(command_template: str | None = None) -> Iterator[ServingFigure]:
    with tempfile.TemporaryDirectory(prefix="secretariat-serving-") as directory:
        var_dir = Path(directory)
        env = server_environment(var_dir)
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "secretariat.cli", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        port = free_port()
        if command_template:
            command = shlex.split(command_template.replace("{port}", str(port)))
            name = "serving_healthz_last_byte_custom"
        else:
            command = production_command(port)
            name = "serving_healthz_last_byte_keepalive"
        yield measure(command, name, env, port)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--command", help="another server command line; {port} is the port")
    arguments = parser.parse_args()
    short = False
    for figure in run(arguments.command):
        print(figure.line(), flush=True)
        short = short or figure.short
    return 1 if short else 0


if __name__ == "__main__":
    raise SystemExit(main())
