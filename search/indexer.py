"""Applies the outbox to the index: in bulk, by id, retrying with backoff.

Each outbox row names a record that changed (marketplace.services.outbox derives
the rows from every flush). The indexer re-reads the current record (so the index
always gets the committed state, whatever order rows are applied in), indexes it
if it is searchable and removes it otherwise, then marks the rows done. When the
index is down the rows stay pending and nothing is lost.

Who applies the rows is SEARCH_SYNC (config.py), per app, on the :class:`Indexer`
at ``app.extensions["indexer"]``:

- ``background``: a daemon thread in each serving process drains the outbox, woken
  at once by a commit that wrote rows and otherwise every SEARCH_DRAIN_POLL_SECONDS;
  no request ever waits on the index nor applies another's rows.
- ``worker``: nothing in the app; ``flask search worker`` drains (several may run:
  PostgreSQL's SKIP LOCKED shares the rows out).
- ``inline`` (tests only): right after a commit, that commit's own rows are applied
  in the request, so a write is searchable as soon as it returns.
"""
from __future__ import annotations

import logging
import os
import threading
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from marketplace import lifecycle
from marketplace.engagement import DEPLOYMENT_REJECTED
from marketplace.models import Deployment, Need, Organisation, OutboxEvent, Solution, db, utcnow
from marketplace.services import outbox

from . import alerts, documents
from .backend import DocumentsRefused, SearchBackend, SearchUnavailable

log = logging.getLogger(__name__)

BATCH = 500  # documents per bulk request
OUTBOX_BATCH = 2000  # outbox rows taken at once (several rows often name one record)
# Rows the index refused (or that our code could not turn into documents) wait longer each
# time, up to this. Rows that met an index that did not answer get no retry time of their
# own: the breaker and the drain's probe decide when the index is worth asking again, so
# they go as soon as it answers, however long the outage was.
MAX_BACKOFF = timedelta(minutes=10)
PROBE_SECONDS = 0.5  # how often the drain pings an index that is down
MODELS = {"need": Need, "solution": Solution, "organisation": Organisation}


def load_documents(session: Session, kind: str, ids: list[int]) -> tuple[list[dict], list[int]]:
    """Documents to index for ``ids``, and the ids to remove (gone or not searchable)."""
    model = MODELS[kind]
    records = {r.id: r for r in session.execute(sa.select(model).where(model.id.in_(ids))).unique().scalars()}
    settings = _need_settings(session, [i for i, r in records.items()]) if kind == "organisation" else {}
    used = _solutions_used(session, list(records)) if kind == "organisation" else {}
    to_index, to_remove = [], []
    for record_id in ids:
        record = records.get(record_id)
        if not documents.is_searchable(kind, record):
            to_remove.append(record_id)
        elif kind == "solution":
            to_index.append(documents.solution_document(record))
        elif kind == "need":
            to_index.append(documents.need_document(record))
        else:
            to_index.append(documents.organisation_document(record, settings.get(record_id), used.get(record_id)))
    return to_index, to_remove


def _need_settings(session: Session, org_ids: list[int]) -> dict[int, list[str]]:
    """Care settings of each organisation's published needs (where it can co-design)."""
    out: dict[int, set[str]] = {}
    if not org_ids:
        return {}
    rows = session.execute(
        sa.select(Need.organisation_id, Need.care_settings)
        .where(Need.organisation_id.in_(org_ids), Need.status == lifecycle.PUBLISHED)
    )
    for org_id, settings in rows:
        out.setdefault(org_id, set()).update(settings or [])
    return {k: sorted(v) for k, v in out.items()}


def _solutions_used(session: Session, org_ids: list[int]) -> dict[int, list[str]]:
    """Names of the published solutions deployed at each organisation (its document says what it uses)."""
    out: dict[int, list[str]] = {}
    if org_ids:
        rows = session.execute(
            sa.select(Deployment.organisation_id, Solution.name).join(Solution, Solution.id == Deployment.solution_id)
            .where(Deployment.organisation_id.in_(org_ids), Solution.status == lifecycle.PUBLISHED,
                   Deployment.confirmation != DEPLOYMENT_REJECTED)
            .order_by(Deployment.organisation_id, Solution.name)
        )
        for org_id, name in rows:
            out.setdefault(org_id, []).append(name)
    return out


def _deployment_organisations(session: Session, solution_ids: set[int]) -> set[int]:
    """The organisations where these solutions are deployed: their documents name them."""
    if not solution_ids:
        return set()
    return set(session.execute(
        sa.select(Deployment.organisation_id).where(Deployment.solution_id.in_(sorted(solution_ids)))
    ).scalars())


def apply(session: Session, backend: SearchBackend, kind: str, ids: list[int], version: int | None = None) -> None:
    to_index, to_remove = load_documents(session, kind, ids)
    backend.index(kind, to_index, version)
    backend.delete(kind, to_remove, version)
    alerts.after_indexed(session, backend, kind, to_index)  # listings newly matching saved searches and needs


def apply_all(session: Session, backend: SearchBackend, by_kind: dict[str, set[int]], after_id: int | None = None,
              version: int | None = None) -> None:
    """Apply changed records of every kind, organisations first.

    ``version``: the highest outbox row id being applied. The state written is read now,
    after every row up to that id was committed, so a write with a higher version never
    carries older state: the index keeps the higher (SearchBackend.index), whatever order
    the writes reach it in. Every change, deletion included, writes a row with a new id, so
    a listing deleted and published again gets a version above its deletion's.

    Listings carry their organisation's name and verification, so a changed
    organisation refreshes its listings too: once each, and not those that wait
    in the outbox after ``after_id`` anyway.
    """
    documents_only = by_kind.pop(outbox.ORGANISATION_DOCUMENT, set())
    org_ids = sorted(by_kind.get("organisation", ()))
    if org_ids:
        for listing_kind, model in (("need", Need), ("solution", Solution)):
            listing_ids = set(session.execute(
                sa.select(model.id).where(model.organisation_id.in_(org_ids))
            ).scalars())
            if after_id is not None and listing_ids:
                listing_ids -= set(session.execute(
                    sa.select(OutboxEvent.object_id)
                    .where(OutboxEvent.processed_at.is_(None), OutboxEvent.id > after_id,
                           OutboxEvent.kind == listing_kind)
                ).scalars())
            by_kind.setdefault(listing_kind, set()).update(listing_ids)
    if documents_only:
        by_kind.setdefault("organisation", set()).update(documents_only)
    # After the listings of changed organisations: a changed solution refreshes the organisations
    # that use it (their documents name it), not every listing of theirs.
    by_kind.setdefault("organisation", set()).update(_deployment_organisations(session, by_kind.get("solution", set())))
    for kind in ("organisation", "need", "solution"):
        ids = sorted(by_kind.get(kind, ()))
        for start in range(0, len(ids), BATCH):
            apply(session, backend, kind, ids[start:start + BATCH], version)


def _pending_query(engine, ids: list[int] | None = None, limit: int = OUTBOX_BATCH):
    query = sa.select(OutboxEvent).where(OutboxEvent.processed_at.is_(None))
    if ids is None:
        now = utcnow()
        query = query.where(sa.or_(OutboxEvent.next_attempt_at.is_(None), OutboxEvent.next_attempt_at <= now))
    else:
        query = query.where(OutboxEvent.id.in_(ids))
    query = query.order_by(OutboxEvent.id).limit(limit)
    if engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # several drainers share the queue
    return query


def _apply_rows(session: Session, backend: SearchBackend, rows: list[OutboxEvent], raise_errors: bool) -> int:
    """Apply ``rows`` and mark them done, or note the failure on them; commits either way."""
    if not rows:
        return 0
    by_kind: dict[str, set[int]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, set()).add(row.object_id)
    try:
        last = max(row.id for row in rows)
        apply_all(session, backend, by_kind, after_id=last, version=last)
    except Exception as exc:  # the index is down or refused: retry later
        unavailable = isinstance(exc, SearchUnavailable)
        for row in rows:
            row.attempts += 1
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            row.next_attempt_at = None if unavailable else (
                utcnow() + min(MAX_BACKOFF, timedelta(seconds=2 ** min(row.attempts, 10))))
        session.commit()
        if unavailable or isinstance(exc, DocumentsRefused):
            log.warning("Indexing %d outbox rows failed (will retry): %s", len(rows), exc)
        else:
            log.exception("Indexing %d outbox rows failed (will retry)", len(rows))
        if raise_errors:
            raise
        return 0
    done = utcnow()
    for row in rows:
        row.processed_at = done
        row.last_error = None
    session.commit()
    return len(rows)


def process_pending(backend: SearchBackend, engine=None, limit: int = OUTBOX_BATCH, raise_errors: bool = False) -> int:
    """Apply up to ``limit`` pending outbox rows that are due; returns how many were applied.

    On failure the rows stay pending with a retry time; ``raise_errors`` then re-raises.
    """
    engine = engine or db.engine
    with Session(engine) as session:
        rows = list(session.execute(_pending_query(engine, limit=limit)).scalars())
        return _apply_rows(session, backend, rows, raise_errors)


def process_rows(backend: SearchBackend, ids: list[int], engine=None) -> int:
    """Apply the outbox rows ``ids`` if they are still pending (SEARCH_SYNC=inline: a
    commit's own rows, whatever their retry time, never anyone else's)."""
    engine = engine or db.engine
    applied = 0
    with Session(engine) as session:
        for start in range(0, len(ids), OUTBOX_BATCH):
            chunk = ids[start:start + OUTBOX_BATCH]
            rows = list(session.execute(_pending_query(engine, chunk)).scalars())
            applied += _apply_rows(session, backend, rows, raise_errors=False)
    return applied


def drain(backend: SearchBackend, engine=None, raise_errors: bool = False) -> int:
    total = 0
    while True:
        n = process_pending(backend, engine, raise_errors=raise_errors)
        total += n
        if n == 0:
            return total


def pending_count(engine=None) -> int:
    with Session(engine or db.engine) as session:
        return session.execute(
            sa.select(sa.func.count()).select_from(OutboxEvent).where(OutboxEvent.processed_at.is_(None))
        ).scalar_one()


def pending_ready_count(engine=None) -> int:
    """Pending rows that are due now (not waiting for a retry)."""
    with Session(engine or db.engine) as session:
        now = utcnow()
        return session.execute(
            sa.select(sa.func.count()).select_from(OutboxEvent)
            .where(OutboxEvent.processed_at.is_(None))
            .where(sa.or_(OutboxEvent.next_attempt_at.is_(None), OutboxEvent.next_attempt_at <= now))
        ).scalar_one()


def replay_since(backend: SearchBackend, last_id: int, engine=None) -> None:
    """Re-apply every change recorded after outbox row ``last_id`` (used after a rebuild)."""
    with Session(engine or db.engine) as session:
        rows = session.execute(
            sa.select(OutboxEvent.id, OutboxEvent.kind, OutboxEvent.object_id).where(OutboxEvent.id > last_id)
        ).all()
        by_kind: dict[str, set[int]] = {}
        for _, kind, object_id in rows:
            by_kind.setdefault(kind, set()).add(object_id)
        if rows:
            apply_all(session, backend, by_kind, version=max(row.id for row in rows))


class Indexer:
    """Keeps one app's index in step with its outbox: ``app.extensions["indexer"]``.

    All state is here, per app and per process: the drain thread, and the event that
    wakes it. The breaker it obeys is the backend's (``backend.breaker``), shared with
    searches, so a search that found the index down makes the drain wait too, and the
    drain's probe closes it for searches once the index answers.
    """

    def __init__(self, app, backend: SearchBackend):
        self.app = app
        self.backend = backend
        self.poll_seconds = float(app.config.get("SEARCH_DRAIN_POLL_SECONDS", 1.0))
        self._lock = threading.Lock()
        self._pid: int | None = None  # the process the drain thread runs in (forks start their own)
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        outbox.committed.connect(self._committed)
        app.before_request(self._before_request)
        # A forked child has none of the parent's threads: it starts its own drain (start()),
        # with a lock the parent's threads cannot be holding.
        os.register_at_fork(after_in_child=self._forget_threads)

    def _forget_threads(self) -> None:
        self._lock = threading.Lock()
        self._thread, self._pid = None, None

    @property
    def mode(self) -> str:
        return self.app.config.get("SEARCH_SYNC", "background")

    # --- after a commit ------------------------------------------------------

    def _committed(self, _session, ids: list[int]) -> None:
        from flask import current_app, has_app_context

        # Every app's indexer hears every commit: act only on this app's own.
        if not has_app_context() or current_app._get_current_object() is not self.app:
            return
        if self.mode == "inline":
            self.apply_own(ids)
        elif self.mode == "background" and self.running:
            # (A command-line write leaves its rows to the serving processes' drains.)
            self._wake.set()

    def apply_own(self, ids: list[int]) -> None:
        """Apply a commit's own rows now, unless the breaker is open (then they wait)."""
        if self.backend.breaker.seconds_to_probe() > 0:
            return
        try:
            process_rows(self.backend, ids, db.engine)
        except Exception:  # never fail a committed write because the index is unwell
            log.exception("Inline indexing failed; the outbox keeps the changes for later")

    # --- the background drain ------------------------------------------------

    def _before_request(self) -> None:
        if self.mode == "background":
            self.start()

    def start(self) -> bool:
        """Start this process's drain thread unless it runs (safe after a fork: the
        child's copy of a parent's thread is not running, so the child starts its own)."""
        if self.mode != "background":
            return False
        pid = os.getpid()
        if self._pid == pid and self._thread is not None and self._thread.is_alive():
            return True
        with self._lock:
            if self._pid == pid and self._thread is not None and self._thread.is_alive():
                return True
            self._pid = pid
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self.run, kwargs={"stop": self._stop},
                                            name="search-outbox-drain", daemon=True)
            self._thread.start()
            log.info("Search: outbox drain started in process %d", pid)
        return True

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        self._thread = None

    def run(self, once: bool = False, stop: threading.Event | None = None) -> int:
        """Drain until ``stop`` is set (``once``: until no row is due); the thread's body,
        and ``flask search worker``'s. Returns how many rows were applied."""
        total = 0
        stop = stop or threading.Event()
        while not stop.is_set():
            try:
                with self.app.app_context():
                    applied, delay = self.step()
            except Exception as exc:  # the database is unwell: try again shortly
                log.warning("Search: the outbox drain failed (%s); trying again", exc, exc_info=True)
                applied, delay = 0, self.poll_seconds
            total += applied
            if once and not applied:
                with self.app.app_context():
                    if pending_ready_count() == 0:
                        return total
            if delay:
                self._wake.wait(delay)
                self._wake.clear()
        return total

    def step(self) -> tuple[int, float]:
        """One round: (rows applied, seconds to wait before the next). While the breaker is
        open, probe the index with a cheap ping every PROBE_SECONDS (in this thread, so no
        request pays for it), so the drain resumes as soon as the index answers, not on a
        retry schedule that grew during the outage."""
        if self.backend.breaker.state != "closed" and not self.backend.probe():
            return 0, PROBE_SECONDS
        applied = process_pending(self.backend, db.engine)
        return applied, 0.0 if applied else self.poll_seconds

    @property
    def running(self) -> bool:
        return self._pid == os.getpid() and self._thread is not None and self._thread.is_alive()
