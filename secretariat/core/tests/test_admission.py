"""The admission gate: no more requests inside Django than the pool has connections; the rest
wait in the event loop, and an event stream leaves the gate once its response starts."""

import asyncio
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from secretariat.core.admission import AdmissionGate

from .test_serving import PRODUCTION_ENV, ROOT, _environment


def _run(scenario) -> None:  # type: ignore[no-untyped-def]
    """In a thread of its own: a browser test earlier on the same worker leaves Playwright's
    event loop running in this one, where ``asyncio.run`` refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, scenario).result()


class App:
    """An ASGI app whose requests, once their body is read, stay inside until told to finish."""

    def __init__(self) -> None:
        self.inside = 0
        self.most_inside = 0
        self.entered: asyncio.Queue[str] = asyncio.Queue()
        self.finish: dict[str, asyncio.Event] = {}

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        path = scope["path"]
        while (await receive()).get("more_body"):  # as Django: the whole body first
            pass
        self.inside += 1
        self.most_inside = max(self.most_inside, self.inside)
        self.finish.setdefault(path, asyncio.Event())
        try:
            content_type = b"text/event-stream" if path.startswith("/stream") else b"text/html"
            if path.startswith("/stream"):  # starts its response, then streams for long
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [(b"content-type", content_type)],
                    }
                )
            await self.entered.put(path)
            await self.finish[path].wait()
            if not path.startswith("/stream"):
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [(b"content-type", content_type)],
                    }
                )
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            self.inside -= 1


async def _request(gate: AdmissionGate, path: str) -> None:
    async def receive():  # type: ignore[no-untyped-def]
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message) -> None:  # type: ignore[no-untyped-def]
        pass

    await gate({"type": "http", "path": path}, receive, send)


async def _entered(app: App, count: int) -> list[str]:
    return [await app.entered.get() for _ in range(count)]


def test_requests_beyond_the_limit_wait_outside_and_enter_in_turn():
    async def scenario() -> None:
        app = App()
        gate = AdmissionGate(app, 2)
        requests = [asyncio.create_task(_request(gate, f"/page/{n}")) for n in range(5)]
        first = await _entered(app, 2)
        for _ in range(10):  # give the waiting ones every chance to get in
            await asyncio.sleep(0)
        assert app.inside == 2 and app.entered.empty()
        app.finish[first[0]].set()
        await _entered(app, 1)  # one out, the next one in
        for path in [f"/page/{n}" for n in range(5)]:
            app.finish.setdefault(path, asyncio.Event()).set()
        await asyncio.gather(*requests)
        assert app.most_inside == 2 and app.inside == 0

    _run(scenario())


def test_an_open_event_stream_does_not_keep_other_requests_out():
    async def scenario() -> None:
        app = App()
        gate = AdmissionGate(app, 1)
        stream = asyncio.create_task(_request(gate, "/stream/map"))
        await _entered(app, 1)
        page = asyncio.create_task(_request(gate, "/page/text"))
        assert await _entered(app, 1) == ["/page/text"]  # while the stream is still open
        app.finish["/page/text"].set()
        await page
        app.finish["/stream/map"].set()
        await stream

    _run(scenario())


def test_a_failing_request_gives_its_place_back():
    async def scenario() -> None:
        async def broken(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

        gate = AdmissionGate(broken, 1)
        for _ in range(3):
            with pytest.raises(RuntimeError):
                await _request(gate, "/page")
        assert not gate.slots().locked()

    _run(scenario())


def test_a_request_whose_body_is_still_coming_does_not_keep_others_out():
    """Django reads a request's body in the event loop, holding no thread and no connection:
    a client uploading slowly (a document over a hotel's network) or stalling its body must
    not hold a place, or a few of them shut the process to everyone for as long as they
    last. The request is admitted once its body has arrived."""

    async def scenario() -> None:
        received: list[str] = []

        async def reading_app(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
            while (await receive()).get("more_body"):
                pass
            received.append(scope["path"])
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"", "more_body": False})

        stalled = asyncio.Event()

        async def stalling_receive():  # type: ignore[no-untyped-def]
            if not stalled.is_set():
                stalled.set()
                return {"type": "http.request", "body": b"part", "more_body": True}
            await asyncio.Event().wait()  # the rest never comes

        async def send(message) -> None:  # type: ignore[no-untyped-def]
            pass

        gate = AdmissionGate(reading_app, 1)
        upload = asyncio.create_task(
            gate({"type": "http", "path": "/upload"}, stalling_receive, send)
        )
        await stalled.wait()
        page = asyncio.create_task(_request(gate, "/page"))
        for _ in range(20):  # every chance to get in, were it let in
            await asyncio.sleep(0)
        assert received == ["/page"] and page.done()
        upload.cancel()
        with pytest.raises(asyncio.CancelledError):
            await upload
        assert not gate.slots().locked()

    _run(scenario())


@pytest.mark.once
def test_the_production_application_admits_as_many_requests_as_the_pool_lends():
    script = (
        "from secretariat.cli import main\n"
        "main(['check'])\n"
        "from secretariat.config.asgi import application\n"
        "print(type(application).__name__, application.limit)\n"
    )
    env = _environment(**PRODUCTION_ENV, DATABASE_POOL_MAX_SIZE="6")
    checked = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip().splitlines()[-1] == "AdmissionGate 6"
