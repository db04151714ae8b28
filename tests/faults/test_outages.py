"""Faults under gunicorn: Elasticsearch stopped, Elasticsearch hung, PostgreSQL stopped, with clients busy.

The promises checked (issue 11): no acknowledged write is lost; no answer is a 500 (an
outage answers 503 with Retry-After); the index agrees with the database within 5 s of
Elasticsearch answering again, with no further write to carry it; while Elasticsearch
hangs, search and match answer 503 within 2 s and a database read within 1 s; a POST
retried with the same Idempotency-Key creates nothing twice; after PostgreSQL comes back
the site serves again by itself. Other timings are figures, printed, never asserted.

Run by ``make test``; alone, with the services a developer started on their own ports:

    export PGPORT_TEST=... ES_PORT=...
    scripts/run-tests.sh tests/faults -s      # -s: the figures as each scenario ends

(it stops and restarts that Elasticsearch node; its PostgreSQL cluster is its own).
"""
from __future__ import annotations

import statistics
import time
import uuid

from .traffic import Answer, Api, Clients, Ledger, token_word

UP_SECONDS = 1.5  # traffic with every service well, before the fault
FAULT_SECONDS = 3.0  # traffic while the service is broken
CONSISTENT_WITHIN = 5.0  # the promise: index == database this long after Elasticsearch answers again
SEARCH_WITHIN = 2.0  # the promise: search and match answer within this while Elasticsearch hangs
READ_WITHIN = 1.0  # the promise: a database read answers within this while Elasticsearch hangs
WRITERS, SEARCHERS, READERS = 3, 3, 1


def search_round(site, api: Api, word: str) -> None:
    api.call("search", "GET", f"/api/v1/needs/?q={word}")
    api.call("match", "GET", f"/api/v1/needs/{site.need_id}/matches")


def read(site, api: Api) -> None:
    """A database-only read: one need by id."""
    api.call("read", "GET", f"/api/v1/needs/{site.need_id}")


def read_page(site, api: Api) -> None:
    """A page that reads the database: one need, as HTML."""
    api.call("page", "GET", f"/needs/{site.need_id}", headers={"Accept": "text/html"})


def unanswered(answers: list[Answer]) -> list[str]:
    return [a.describe() for a in answers if a.status is None]


def server_errors(answers: list[Answer]) -> list[str]:
    return [a.describe() for a in answers if a.server_error]


def seconds(answers: list[Answer], how=max) -> float:
    return how(a.elapsed for a in answers) if answers else float("nan")


def index_outage(site, figures, break_index, mend_index):
    """Writers and readers run; the index is broken for FAULT_SECONDS; writers stop; the index is mended.

    Returns the api (every answer), the ledger (every write) and the times of each step.
    """
    site.wait_serving()
    api, ledger = site.api(), Ledger(token_word(), site.organisation)
    at: dict[str, float] = {}
    writers = Clients(WRITERS, lambda i, k: ledger.write_one(api, i, k), pause=0.05)
    searchers = Clients(SEARCHERS, lambda i, k: search_round(site, api, ledger.token), pause=0.05)
    readers = Clients(READERS, lambda i, k: read(site, api), pause=0.1)
    mended = False
    try:
        with searchers, readers, writers:
            time.sleep(UP_SECONDS)
            at["break"] = time.monotonic()
            break_index()
            at["broken"] = time.monotonic()
            time.sleep(FAULT_SECONDS)
            at["stop clients"] = time.monotonic()
        # No write from here on: whatever the index still lacks, nobody's request will carry it.
        at["clients stopped"] = time.monotonic()
        at["pending"] = site.outbox_pending()
        answered = mend_index()  # when the index first answered again, if mend_index can tell
        mended = True
        at["mended"] = answered or time.monotonic()
    finally:
        if not mended:
            mend_index()
    caught_up = site.wait_consistent(api, ledger, since=at["mended"])
    took, diff = caught_up["consistent"], caught_up["diff"]
    lost = ledger.lost(site.needs_in_database(ledger.token))
    creates = api.labelled("create")
    figures.update({
        "writes attempted": len(creates), "during the fault": len(api.labelled("create", since=at["broken"],
                                                                              until=at["stop clients"])),
        "acknowledged": sum(a.ok for a in creates), "lost": len(lost),
        "published/closed/deleted (acknowledged)": "/".join(str(ledger.count(s)) for s in ("published", "closed", "deleted")),
        "500s": len(server_errors(api.answers)), "unanswered": len(unanswered(api.answers)),
        "503s": sum(a.status == 503 for a in api.answers),
        "outbox rows pending at recovery": at["pending"],
        "seconds to the first row applied": site.first_applied_after(at["mended"]),
        "seconds to an empty outbox": caught_up["drained"] if caught_up["drained"] is not None else "not within 30 s",
        "seconds to consistency": took if took is not None else f"not within 30 s ({diff})",
    })
    return api, ledger, at, (took, diff, lost)


def assert_index_promises(site, api, ledger, at, outcome) -> None:
    took, diff, lost = outcome
    assert not server_errors(api.answers), "\n".join([*server_errors(api.answers)[:3], site.first_traceback()])
    assert not unanswered(api.answers), unanswered(api.answers)[:5]
    assert not lost, lost[:10]
    writes = [a for a in api.answers if a.label in ("create", "publish", "close", "delete")]
    during = [a for a in writes if at["broken"] <= a.started < at["stop clients"]]
    assert during, "no write was made while the index was broken: the scenario tested nothing"
    refused = [a.describe() for a in writes if not a.ok]
    assert not refused, f"writes must not depend on the index: {refused[:5]}"
    assert took is not None and took <= CONSISTENT_WITHIN, (
        f"index not consistent with the database within {CONSISTENT_WITHIN}s of recovery: {diff}")


def test_elasticsearch_stopped_during_writes_and_reads(site, figures):
    api, ledger, at, outcome = index_outage(site, figures, site.elastic.stop, site.elastic.start_and_time)
    down = api.labelled("search", "match", since=at["broken"], until=at["stop clients"])
    figures["search/match answered while down"] = len(down)
    figures["Elasticsearch restart s"] = at["mended"] - at["clients stopped"]  # until it answered
    assert down, "no search was made while Elasticsearch was down"
    wrong = [a.describe() for a in down if not (a.status == 503 and a.retry_after)]
    assert not wrong, f"search/match while Elasticsearch is down must be 503 with Retry-After: {wrong[:5]}"
    reads = api.labelled("read")
    assert all(a.status == 200 for a in reads), [a.describe() for a in reads if a.status != 200][:5]
    assert_index_promises(site, api, ledger, at, outcome)


def test_elasticsearch_hung_during_writes_and_reads(site, figures):
    api, ledger, at, outcome = index_outage(site, figures, site.elastic.hang, site.elastic.resume)
    searches = api.labelled("search", "match", since=at["broken"], until=at["stop clients"])
    reads = api.labelled("read", since=at["broken"], until=at["stop clients"])
    writes = api.labelled("create", "publish", "close", "delete", since=at["broken"], until=at["stop clients"])
    figures.update({
        "search/match while hung": len(searches), "their slowest s": seconds(searches),
        "database reads while hung": len(reads), "read median s": seconds(reads, statistics.median),
        "read slowest s": seconds(reads), "write median s": seconds(writes, statistics.median),
        "write slowest s": seconds(writes),
    })
    assert searches and reads, "no search or read was made while Elasticsearch hung"
    slow = [a.describe() for a in searches if a.status is None or a.elapsed > SEARCH_WITHIN]
    assert not slow, f"search/match must answer within {SEARCH_WITHIN}s while Elasticsearch hangs: {slow[:5]}"
    wrong = [a.describe() for a in searches if not (a.status == 503 and a.retry_after)]
    assert not wrong, f"search/match while Elasticsearch hangs must be 503 with Retry-After: {wrong[:5]}"
    slow = [a.describe() for a in reads if a.status != 200 or a.elapsed > READ_WITHIN]
    assert not slow, f"a database read must answer 200 within {READ_WITHIN}s while Elasticsearch hangs: {slow[:5]}"
    assert_index_promises(site, api, ledger, at, outcome)


class Create:
    """One need a client means to create once, however many times it has to send the POST."""

    def __init__(self, word: str):
        self.key = str(uuid.uuid4())
        self.title = f"{word} {self.key}"
        self.answers: list[Answer] = []
        self.id: int | None = None

    def send(self, api: Api, ledger: Ledger) -> Answer:
        answer = api.call("create", "POST", "/api/v1/needs/", json=ledger.need_body(self.title),
                          headers={"Idempotency-Key": self.key})
        self.answers.append(answer)
        if answer.ok:
            self.id = answer.body["id"]
        return answer


def test_postgres_stopped_during_writes(site, figures):
    site.wait_serving()
    api, ledger = site.api(), Ledger(token_word("faultpg"), site.organisation)
    creates: list[Create] = []
    at: dict[str, float] = {}

    def write(i, k):  # a careful client: retries the same create (same key) a few times
        create = Create(ledger.token)
        creates.append(create)
        for _ in range(3):
            if create.send(api, ledger).ok or writers.stop_event.is_set():
                return
            time.sleep(0.2)

    writers = Clients(WRITERS, write, pause=0.05)
    readers = Clients(2, lambda i, k: read(site, api) if i == 0 else read_page(site, api), pause=0.05)
    started = False
    try:
        with readers, writers:
            time.sleep(UP_SECONDS)
            at["break"] = time.monotonic()
            site.postgres.stop()
            at["broken"] = time.monotonic()
            time.sleep(FAULT_SECONDS)
            at["mend"] = time.monotonic()
            site.postgres.start()
            started = True
            at["mended"] = time.monotonic()
            recovered = None
            while recovered is None and time.monotonic() - at["mended"] < 30:
                probe = api.call("probe", "GET", f"/api/v1/needs/{site.need_id}")
                recovered = time.monotonic() - at["mended"] if probe.status == 200 else None
                time.sleep(0.1)
            time.sleep(UP_SECONDS)  # and traffic goes on a little after
    finally:
        if not started:
            site.postgres.start()

    # Every create that never got an answer of success is sent again, with its key, now.
    unfinished = [c for c in creates if c.id is None]
    in_database_before = site.needs_in_database(ledger.token)
    refused_but_committed = [c.title for c in unfinished
                             if c.answers and all(a.status is not None for a in c.answers)
                             and c.title in in_database_before]
    for create in unfinished:
        create.send(api, ledger)
    # And a few that did succeed: the same key must give back the same need, not a second one.
    replays = [(c, c.id) for c in creates if c.id is not None][:5]
    for create, _ in replays:
        create.send(api, ledger)
    in_database = site.needs_in_database(ledger.token)

    during = [a for a in api.answers if at["broken"] <= a.started < at["mend"]]
    answered_503 = [a for a in during if a.status == 503]
    lost = [c.title for c in creates if any(a.ok for a in c.answers) and c.title not in in_database]
    duplicated = [t for t, rows in in_database.items() if len(rows) > 1]
    figures.update({
        "creates": len(creates), "acknowledged first time round": len(creates) - len(unfinished),
        "sent again after recovery": len(unfinished), "lost": len(lost), "duplicated": len(duplicated),
        "answered as failed but committed": len(refused_but_committed),
        "500s": len(server_errors(api.answers)), "503s while down": len(answered_503),
        "unanswered": len(unanswered(api.answers)),
        "seconds to serve again": recovered if recovered is not None else "not within 30 s",
    })
    assert not server_errors(api.answers), "\n".join([*server_errors(api.answers)[:3], site.first_traceback()])
    assert not unanswered(api.answers), unanswered(api.answers)[:5]
    assert answered_503, "nothing was answered 503 while PostgreSQL was down: the scenario tested nothing"
    api_503 = [a for a in answered_503 if a.label != "page"]
    page_503 = [a for a in answered_503 if a.label == "page"]
    not_json = [a.describe() for a in api_503 if not a.content_type.startswith("application/json")]
    assert not not_json, f"the API's 503 must be JSON: {not_json[:3]}"
    assert page_503, "no page was answered 503 while PostgreSQL was down"
    not_html = [a.describe() for a in page_503 if not a.content_type.startswith("text/html")]
    assert not not_html, f"a page's 503 must be the HTML error page: {not_html[:3]}"
    assert recovered is not None, "the site did not serve again within 30 s of PostgreSQL coming back"
    assert not refused_but_committed, f"committed writes answered as failures: {refused_but_committed[:5]}"
    assert all(c.answers[-1].ok for c in creates), [c.answers[-1].describe() for c in creates if not c.answers[-1].ok][:5]
    assert not lost, lost[:10]
    assert not duplicated, f"a retried POST with the same Idempotency-Key created a duplicate: {duplicated[:5]}"
    assert [c.answers[-1].body["id"] for c, _ in replays] == [first for _, first in replays]
    assert {c.title for c in creates} == set(in_database)
