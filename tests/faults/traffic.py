"""Real HTTP clients for the fault suite: threads that write and read while a service is broken.

Every request's answer is kept (what was asked, when, how long it took, the status or
the transport error), so a scenario can count afterwards what it promised.
"""
from __future__ import annotations

import math
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests

HOST = "127.0.0.1"
# Longer than any promise (2 s), shorter than gunicorn's worker timeout: a request that
# takes this long counts as unanswered.
CLIENT_TIMEOUT = 20.0


@dataclass
class Answer:
    label: str
    started: float  # time.monotonic()
    elapsed: float
    status: int | None  # None: no HTTP answer (refused, reset, timed out)
    retry_after: str | None = None
    content_type: str = ""
    body: dict | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def server_error(self) -> bool:
        """A 5xx other than a proper 503 with Retry-After: what the issue forbids."""
        return self.status is not None and self.status >= 500 and not (self.status == 503 and self.retry_after)

    def describe(self) -> str:
        what = self.status if self.status is not None else self.error
        return f"{self.label} {what} after {self.elapsed:.2f}s: {str(self.body)[:300]}"


class Api:
    """One bearer token's client of the server on 127.0.0.1:port; thread-safe (a connection per call)."""

    def __init__(self, port: int, token: str | None = None):
        self.base = f"http://{HOST}:{port}"
        self.token = token
        self.answers: list[Answer] = []  # list.append is atomic: threads share it
        self._lock = threading.Lock()

    def call(self, label: str, method: str, path: str, json=None, headers=None, timeout=CLIENT_TIMEOUT) -> Answer:
        headers = {"Accept": "application/json", **(headers or {})}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        started = time.monotonic()
        try:
            r = requests.request(method, self.base + path, json=json, headers=headers, timeout=timeout)
        except requests.RequestException as exc:
            answer = Answer(label, started, time.monotonic() - started, None, error=type(exc).__name__)
        else:
            try:
                body = r.json() if r.content else None
            except ValueError:
                body = {"text": r.text[:300]}
            answer = Answer(label, started, time.monotonic() - started, r.status_code,
                            r.headers.get("Retry-After"), r.headers.get("Content-Type", ""), body)
        self.answers.append(answer)
        return answer

    def token_for(self, client_id: str, secret: str) -> str:
        r = requests.post(self.base + "/oauth/token", data={"grant_type": "client_credentials"},
                          auth=(client_id, secret), timeout=CLIENT_TIMEOUT)
        r.raise_for_status()
        return r.json()["access_token"]

    def labelled(self, *labels: str, since: float = -math.inf, until: float = math.inf) -> list[Answer]:
        """Answers to requests of these labels started in [since, until)."""
        return [a for a in self.answers if a.label in labels and since <= a.started < until]


class Clients:
    """``n`` threads each calling ``step(thread, iteration)`` until stopped or ``limit`` iterations."""

    def __init__(self, n: int, step, limit: int = 10_000, pause: float = 0.0):
        self.stop_event = threading.Event()
        self.failures: list[BaseException] = []
        self._step, self._limit, self._pause = step, limit, pause
        self._threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(n)]

    def _run(self, i: int) -> None:
        try:
            for k in range(self._limit):
                if self.stop_event.is_set():
                    return
                self._step(i, k)
                if self._pause:
                    self.stop_event.wait(self._pause)
        except BaseException as exc:  # noqa: BLE001 - reported by stop(), not lost in a thread
            self.failures.append(exc)

    def __enter__(self):
        for t in self._threads:
            t.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        for t in self._threads:
            t.join(CLIENT_TIMEOUT * 4)
        if self.failures:
            raise self.failures[0]

    def __exit__(self, *exc):
        self.stop()
        return False


def token_word(prefix: str = "faultrun") -> str:
    """A word no listing contains, made of letters only (so every analyser keeps it as one token)."""
    letters = "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:10])
    return prefix + letters


# --- needs written by the clients, and what the database and the index say of them -----

@dataclass
class Written:
    """One need a writer made: the last acknowledged state, and whether a later change was left unanswered."""
    title: str
    id: int | None = None
    acknowledged: str | None = None  # draft, published, closed, deleted
    uncertain: bool = False  # a change after `acknowledged` got no success: its outcome is unknown


@dataclass
class Ledger:
    token: str
    organisation: str
    items: list[Written] = field(default_factory=list)

    def need_body(self, title: str) -> dict:
        return {
            "organisation": self.organisation, "title": title,
            "problem": "Patients wait too long for a diagnosis, and the wait costs them.",
            "clinical_areas": ["respiratory"], "care_settings": ["home"], "min_evidence_level": "pilot",
        }

    def write_one(self, api: Api, thread: int, k: int, headers=None) -> Written:
        """Create a need; then publish it, and close or delete some (each need: one fate by k)."""
        item = Written(f"{self.token} need {thread}-{k}")
        self.items.append(item)
        created = api.call("create", "POST", "/api/v1/needs/", json=self.need_body(item.title), headers=headers)
        if not created.ok:
            return item
        item.id, item.acknowledged = created.body["id"], "draft"
        steps = [("delete", "DELETE", "", "deleted")] if k % 4 == 3 else [("publish", "POST", "/publish", "published")]
        if k % 4 == 2:
            steps.append(("close", "POST", "/close", "closed"))
        for label, method, suffix, state in steps:
            answer = api.call(label, method, f"/api/v1/needs/{item.id}{suffix}")
            if not answer.ok:
                item.uncertain = True
                return item
            item.acknowledged = state
        return item

    def lost(self, in_database: dict[str, list[tuple[int, str]]]) -> list[str]:
        """Acknowledged writes the database does not hold (as acknowledged), and duplicates."""
        problems = []
        for item in self.items:
            rows = in_database.get(item.title, [])
            if len(rows) > 1:
                problems.append(f"{item.title}: {len(rows)} rows")
            if item.acknowledged is None:
                continue
            if item.acknowledged == "deleted":
                if rows:
                    problems.append(f"{item.title}: deleted (acknowledged) but still there")
            elif not rows or rows[0][0] != item.id:
                problems.append(f"{item.title}: created as {item.id} (acknowledged) but not there")
            elif not item.uncertain and rows[0][1] != item.acknowledged:
                problems.append(f"{item.title}: {item.acknowledged} (acknowledged) but {rows[0][1]}")
        return problems

    def count(self, state: str) -> int:
        return sum(1 for i in self.items if i.acknowledged == state)
