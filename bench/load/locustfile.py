"""A ministerial's worst hour, as Locust users: delegates negotiating with the live consensus
map open, and the public reading the outcome when it is announced.

Rates (each user waits 10-30 s between actions, 20 s on average: the time to read a
paragraph, a page of the map or a news item, or to type a short reason):

- a head of delegation (21) picks among reading the text (5), a paragraph's positions (3),
  the map (2), the proposals (1), stating a position (3) and drafting an amendment (1): one
  position every 100 s on average, 0.21 positions a second across the room — the peak of a
  drafting session, when the chair walks through the text and every head answers on each
  paragraph within a couple of minutes;
- a delegate (84) reads the text (6), a paragraph (4), the map (2), the proposals (2) and
  drafts an amendment (1): one draft every 5 minutes each, 0.28 a second in all;
- every delegate keeps the map's event stream open (one greenlet each, as the browser's
  EventSource: reconnecting with ``Last-Event-ID`` after the wait the server asked for, so the
  events missed meanwhile are replayed; the whole map is re-read only when the server says
  ``refresh``) and, like live-map.js, puts in the row a position's event carries, or
  re-reads the row the event names when it carries none in the page's language (before
  events carried rows, each position made 104 other delegates fetch one row: about 22 row
  reads a second at the rate above);
- a public reader (500) reads the outcome (5: English 3, Korean 2), the meeting (2), the news
  list and items (3), 20 s a page: 25 pages a second, the arrival of the press and the public
  when an outcome is announced.

These are the peak's rates, kept on purpose: a delegate acting every 20-60 s or a reader
every 10-30 s would be an ordinary session, and halving the delegates' rate would hide what
the peak costs. About 30 requests a second in all; the server's processes spend 10.5 ms of
CPU on each (``load.machine``'s ``server_cpu_per_request``), a third of one of the two cores
(``server_cpu``), so the tails measured on a machine whose load average is 10-15 come from
sharing its cores with other work (``loadavg``), not from the scenario outrunning the server.

``python -m bench.load`` runs it headless and prints the figures; this file can also be given
to ``locust -f`` with a plan and sessions prepared by that command (see ``configure``)."""

import itertools
import json
import random
import re
import time
from dataclasses import dataclass, field
from typing import Any

import gevent
import locust  # noqa: F401 - before requests: Locust patches the standard library (gevent)
import requests
from locust import FastHttpUser, constant, task

from bench.load import sse

# The position form of each paragraph and the position it is based on (the text page).
POSITION_FORM = re.compile(
    r'positions/(?P<eid>[a-z][a-z0-9_]*)/".*?name="based_on" value="(?P<based_on>\d*)"', re.S
)
# The delegates' pages are in English (the text's URL), the negotiation's working language.
LANGUAGE = "en"
STANCES = ("support", "can_live_with", "reserve", "object")
AMENDMENT_KINDS = ("replace", "delete")


@dataclass
class PositionSent:
    """A position stated: when its POST left and when its response came back (monotonic)."""

    poster: str
    sent: float
    answered: float | None = None
    failed: bool = False


@dataclass
class Recorder:
    """What the users measure besides Locust's own statistics."""

    positions: dict[str, list[PositionSent]] = field(default_factory=dict)
    # (position, when the event reached a delegate other than its poster)
    deliveries: list[tuple[PositionSent, float]] = field(default_factory=list)
    unmatched_events: int = 0
    stream_drops: int = 0
    replayed: int = 0  # events a reconnecting stream replayed (missed while it was down)
    refreshes: int = 0  # reconnections told to re-read the whole map instead
    listening: int = 0
    since: float = 0.0  # when measuring began (monotonic); positions before it are not counted

    def reset(self) -> None:
        """Measure from now on. The positions stated before stay: the streams' pointers
        into them must go on matching events in order."""
        self.since = time.monotonic()
        self.deliveries.clear()
        self.unmatched_events = self.stream_drops = self.replayed = self.refreshes = 0

    def measured(self, until: float) -> list[PositionSent]:
        return [
            record
            for records in self.positions.values()
            for record in records
            if self.since <= record.sent <= until and not record.failed
        ]


@dataclass
class Hearing:
    """Where one delegate's listener is in the positions stated: the index of the next one
    it expects on each paragraph, kept across reconnections that replay; ``since``: when it
    began hearing (its first stream opened, or the one that told it to refresh)."""

    pointer: dict[str, int] = field(default_factory=dict)
    since: float | None = None

    def restart(self, opened: float) -> None:
        self.pointer.clear()
        self.since = opened


RECORDER = Recorder()
PLAN: dict[str, Any] = {}
SESSIONS: dict[str, dict[str, str]] = {}
_unassigned: list[dict[str, Any]] = []
# Think times are multiplied by this: 1 is the scenario; a smoke run may compress it.
PACE = {"think": 1.0}


def thinking(low: float, high: float) -> Any:
    def wait(user: Any) -> float:
        return random.uniform(low, high) * PACE["think"]

    return wait


def configure(plan: dict[str, Any], sessions: dict[str, dict[str, str]]) -> None:
    """Give the users their plan and sessions before any starts."""
    PLAN.clear()
    PLAN.update(plan)
    SESSIONS.clear()
    SESSIONS.update(sessions)
    _unassigned[:] = list(plan["people"])


def _next_person(role: str) -> dict[str, Any]:
    for index, person in enumerate(_unassigned):
        if person["role"] == role:
            return _unassigned.pop(index)
    raise RuntimeError(f"more {role} users than people of that role in the plan")


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _messages_cookie(response: Any) -> str | None:
    for header in response.headers.getlist("set-cookie"):
        if header.startswith("messages="):
            return header.split(";", 1)[0].split("=", 1)[1]
    return None


class Delegate(FastHttpUser):
    """A delegate of one economy: reads, drafts amendments, follows the live map."""

    abstract = True
    wait_time = thinking(10, 30)
    role = "delegate"

    def on_start(self) -> None:
        person = _next_person(self.role)
        self.username = person["username"]
        self.cookies = dict(SESSIONS[self.username])
        self.text_url = f"/{LANGUAGE}/negotiation/{PLAN['text']}/"
        self.eids: list[str] = list(PLAN["eids"])
        self.based_on: dict[str, str] = {}
        self.listener = gevent.spawn(self._listen)

    def on_stop(self) -> None:
        self.listener.kill(block=False)

    # -- requests as the browser sends them -----------------------------------------------
    def _get(self, path: str, name: str, **headers: str) -> Any:
        return self.client.get(
            path, name=name, headers={"Cookie": _cookie_header(self.cookies), **headers}
        )

    def _post(self, path: str, name: str, fields: dict[str, str]) -> Any:
        """A form post; the redirect is followed as the browser does, with the messages
        cookie, and a "Not saved" message on the page it lands on is a failure."""
        fields = {"csrfmiddlewaretoken": self.cookies["csrftoken"], **fields}
        with self.client.post(
            path,
            name=name,
            data=fields,
            headers={"Cookie": _cookie_header(self.cookies)},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/accounts/" in response.headers.get("Location", ""):
                response.failure(f"answered {response.status_code}")
                return None
            self.answered_at = time.monotonic()
            landing, messages = response.headers["Location"], _messages_cookie(response)
        cookies = dict(self.cookies, **({"messages": messages} if messages else {}))
        with self.client.get(
            landing,
            name=f"{name} (redirect)",
            headers={"Cookie": _cookie_header(cookies)},
            catch_response=True,
        ) as page:
            if page.status_code != 200 or "Not saved" in page.text:
                page.failure(f"not saved: {page.status_code}")
                return None
            return page

    def _remember_forms(self, page: Any) -> None:
        for found in POSITION_FORM.finditer(page.text or ""):
            self.based_on[found["eid"]] = found["based_on"]

    # -- what a delegate does --------------------------------------------------------------
    def read_text(self) -> None:
        page = self._get(self.text_url, "delegate: text")
        self._remember_forms(page)

    def read_paragraph(self) -> None:
        self._get(f"{self.text_url}paragraphs/{random.choice(self.eids)}/", "delegate: paragraph")

    def open_map(self) -> None:
        self._get(f"{self.text_url}map/", "delegate: map")

    def read_proposals(self) -> None:
        self._get(f"{self.text_url}amendments/", "delegate: proposals")

    def draft_amendment(self) -> None:
        self._post(
            f"{self.text_url}amendments/new/",
            "delegate: draft amendment",
            {
                "eid": random.choice(self.eids),
                "kind": random.choice(AMENDMENT_KINDS),
                "proposed_text": "Wording proposed under load (bench).",
                "justification": "Load scenario.",
            },
        )

    # -- the live map ----------------------------------------------------------------------
    def _listen(self) -> None:
        """Hold the map's event stream open, as EventSource does: when the server ends it
        (every few minutes) or it breaks, wait the last ``retry`` the server gave and
        reconnect with the id of the last event seen; the server replays what was missed
        meanwhile, or sends ``refresh`` and the page re-reads the whole map (live-map.js)."""
        url = self.host + self.text_url + "map/events/"
        browser = sse.EventSourceState()
        hearing = Hearing()
        while True:
            try:
                with requests.get(
                    url,
                    headers={"Cookie": _cookie_header(self.cookies), **browser.headers()},
                    stream=True,
                    timeout=(10, 60),
                ) as stream:
                    if stream.status_code != 200:  # the page would poll; try again later
                        RECORDER.stream_drops += 1
                        gevent.sleep(2)
                        continue
                    RECORDER.listening += 1
                    try:
                        self._read_events(stream, browser, hearing)
                    finally:
                        RECORDER.listening -= 1
            except requests.RequestException:
                RECORDER.stream_drops += 1
            gevent.sleep(browser.retry_ms / 1000)

    def _read_events(self, stream: Any, browser: sse.EventSourceState, hearing: "Hearing") -> None:
        lines = stream.iter_lines(chunk_size=None)
        first = next(lines, None)  # sent once subscribed
        if first is None:
            return
        opened = time.monotonic()
        if hearing.since is None:
            hearing.since = opened
        replaying = True  # until the id-only block that ends the stream's opening
        for block in browser.dispatches(itertools.chain([first], lines)):
            if block.data is None:
                replaying = replaying and block.id is None  # the newest id ends the replay
                continue
            arrived = time.monotonic()
            event = json.loads(block.data)
            eid = event.get("eid")
            RECORDER.replayed += replaying
            if event.get("kind") == "position" and eid:
                self._match(eid, arrived, hearing)
                if LANGUAGE in event.get("rows", {}):
                    continue  # live-map.js puts in the row the event carries
                gevent.spawn(
                    self._get,
                    f"{self.text_url}map/rows/{eid}/",
                    "delegate: map row (live)",
                    **{"HX-Request": "true"},
                )
                continue
            if event.get("kind") == "refresh":  # what was missed is not kept: hear anew
                RECORDER.refreshes += 1
                hearing.restart(opened)
            gevent.spawn(self._get, f"{self.text_url}map/", "delegate: map (live)")

    def _match(self, eid: str, arrived: float, hearing: "Hearing") -> None:
        """This listener's next position event on ``eid`` is the next position stated on it
        since it began hearing (events of one paragraph arrive in commit order, replayed ones
        too: a reconnection that replays continues where the last stream stopped). A
        replayed event arrives late, by the time the stream was down: it counts as it
        arrives, a delivery like any other."""
        sent = RECORDER.positions.get(eid, [])
        pointer = hearing.pointer
        index = pointer.get(eid)
        if index is None:
            # A position answered before the first stream's first line was published before
            # it subscribed: not heard. (Guessing by "stated in the last 5 s" matched the first
            # event of a stream opened meanwhile to an earlier position, and every later one
            # on that paragraph to the one before it: seconds of delay that never happened.)
            since = hearing.since or arrived
            index = next(
                (i for i, p in enumerate(sent) if p.answered is None or p.answered > since),
                len(sent),
            )
        while index < len(sent) and sent[index].failed:
            index += 1
        if index >= len(sent) or sent[index].sent > arrived:
            RECORDER.unmatched_events += 1
            return
        pointer[eid] = index + 1
        if sent[index].poster != self.username:
            RECORDER.deliveries.append((sent[index], arrived))


class DelegateUser(Delegate):
    role = "delegate"
    # Weights, not decorators: Locust adds a base class's tasks to a subclass's own.
    tasks = {
        Delegate.read_text: 6,
        Delegate.read_paragraph: 4,
        Delegate.open_map: 2,
        Delegate.read_proposals: 2,
        Delegate.draft_amendment: 1,
    }


class HeadOfDelegation(Delegate):
    """A head also states the economy's positions (two-factor sign-in)."""

    role = "head"

    def state_position(self) -> None:
        if not self.based_on:
            self.read_text()
        eid = random.choice(self.eids)
        record = PositionSent(self.username, time.monotonic())
        RECORDER.positions.setdefault(eid, []).append(record)
        page = self._post(
            f"{self.text_url}positions/{eid}/",
            "delegate: state position",
            {
                "stance": random.choice(STANCES),
                "based_on": self.based_on.get(eid, ""),
                "reason": "Stated under load (bench).",
            },
        )
        if page is None:
            record.failed = True
            return
        record.answered = self.answered_at  # the POST's response, before the redirect
        previous = self.based_on.get(eid)
        self._remember_forms(page)
        if self.based_on.get(eid) == previous:  # not recorded after all
            record.failed = True

    tasks = {
        Delegate.read_text: 5,
        Delegate.read_paragraph: 3,
        Delegate.open_map: 2,
        Delegate.read_proposals: 1,
        state_position: 3,
        Delegate.draft_amendment: 1,
    }


class PublicReader(FastHttpUser):
    """Someone of the public or the press who came for the outcome."""

    wait_time = thinking(10, 30)

    def on_start(self) -> None:
        public = PLAN["public"]
        self.outcome_en = [u for u in public["outcome"] if u.startswith("/en/")]
        self.outcome_other = [u for u in public["outcome"] if not u.startswith("/en/")]
        self.meeting_pages = public["meeting"]
        self.news_pages = public["news"]

    @task(3)
    def outcome(self) -> None:
        self.client.get(random.choice(self.outcome_en), name="public: outcome")

    @task(2)
    def outcome_translated(self) -> None:
        self.client.get(
            random.choice(self.outcome_other or self.outcome_en), name="public: outcome (ko)"
        )

    @task(2)
    def meeting(self) -> None:
        self.client.get(random.choice(self.meeting_pages), name="public: meeting")

    @task(3)
    def news(self) -> None:
        self.client.get(random.choice(self.news_pages), name="public: news")


class Throughput(FastHttpUser):
    """A client asking for one page again and again (no think time): requests a second."""

    abstract = True
    wait_time = constant(0)
    path = "/healthz"

    @task
    def ask(self) -> None:
        self.client.get(self.path, name=f"throughput: {self.path}")
