"""Applies the outbox to the index: in bulk, by id, retrying with backoff.

Each outbox row names a record that changed. The indexer re-reads the current
record (so the index always gets the committed state, whatever order rows are
applied in), indexes it if it is searchable and removes it otherwise, then
marks the rows done. When the index is down the rows stay pending and are
retried later with exponential backoff; nothing is lost.
"""
from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.models import Need, Organisation, OutboxEvent, Solution, db, utcnow

from . import documents
from .backend import SearchBackend

log = logging.getLogger(__name__)

BATCH = 500  # documents per bulk request
OUTBOX_BATCH = 2000  # outbox rows taken at once (several rows often name one record)
MAX_BACKOFF = timedelta(minutes=10)
MODELS = {"need": Need, "solution": Solution, "organisation": Organisation}
# After an inline attempt fails, writers skip inline indexing until this time (a circuit
# breaker), so an unwell index slows at most one request per pause. Any successful
# application of the outbox closes the breaker again.
INLINE_PAUSE = timedelta(seconds=30)
_inline_paused_until = None


def load_documents(session: Session, kind: str, ids: list[int]) -> tuple[list[dict], list[int]]:
    """Documents to index for ``ids``, and the ids to remove (gone or not searchable)."""
    model = MODELS[kind]
    records = {r.id: r for r in session.execute(sa.select(model).where(model.id.in_(ids))).unique().scalars()}
    settings = _need_settings(session, [i for i, r in records.items()]) if kind == "organisation" else {}
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
            to_index.append(documents.organisation_document(record, settings.get(record_id)))
    return to_index, to_remove


def _need_settings(session: Session, org_ids: list[int]) -> dict[int, list[str]]:
    """Care settings of each organisation's published needs (where it can co-design)."""
    out: dict[int, set[str]] = {}
    if not org_ids:
        return {}
    rows = session.execute(
        sa.select(Need.organisation_id, Need.care_settings)
        .where(Need.organisation_id.in_(org_ids), Need.status == "published")
    )
    for org_id, settings in rows:
        out.setdefault(org_id, set()).update(settings or [])
    return {k: sorted(v) for k, v in out.items()}


def apply(session: Session, backend: SearchBackend, kind: str, ids: list[int]) -> None:
    to_index, to_remove = load_documents(session, kind, ids)
    backend.index(kind, to_index)
    backend.delete(kind, to_remove)
    from marketplace.services import alerts  # listings newly matching saved searches and needs

    alerts.after_indexed(session, backend, kind, to_index)


def apply_all(session: Session, backend: SearchBackend, by_kind: dict[str, set[int]], after_id: int | None = None) -> None:
    """Apply changed records of every kind, organisations first.

    Listings carry their organisation's name and verification, so a changed
    organisation refreshes its listings too: once each, and not those that wait
    in the outbox after ``after_id`` anyway.
    """
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
    for kind in ("organisation", "need", "solution"):
        ids = sorted(by_kind.get(kind, ()))
        for start in range(0, len(ids), BATCH):
            apply(session, backend, kind, ids[start:start + BATCH])


def process_pending(backend: SearchBackend, engine=None, limit: int = OUTBOX_BATCH, raise_errors: bool = False) -> int:
    """Apply up to ``limit`` pending outbox rows; returns how many were applied.

    On failure the rows stay pending with a retry time; ``raise_errors`` then re-raises.
    """
    global _inline_paused_until
    engine = engine or db.engine
    with Session(engine) as session:
        now = utcnow()
        query = (
            sa.select(OutboxEvent)
            .where(OutboxEvent.processed_at.is_(None))
            .where(sa.or_(OutboxEvent.next_attempt_at.is_(None), OutboxEvent.next_attempt_at <= now))
            .order_by(OutboxEvent.id)
            .limit(limit)
        )
        if engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)  # several workers share the queue
        rows = list(session.execute(query).scalars())
        if not rows:
            return 0
        by_kind: dict[str, set[int]] = {}
        for row in rows:
            by_kind.setdefault(row.kind, set()).add(row.object_id)
        try:
            apply_all(session, backend, by_kind, after_id=rows[-1].id)
        except Exception as exc:  # the index is down or refused: retry later
            for row in rows:
                row.attempts += 1
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                row.next_attempt_at = utcnow() + min(MAX_BACKOFF, timedelta(seconds=2 ** min(row.attempts, 10)))
            session.commit()
            log.warning("Indexing %d outbox rows failed (will retry): %s", len(rows), exc)
            if raise_errors:
                raise
            return 0
        done = utcnow()
        for row in rows:
            row.processed_at = done
            row.last_error = None
        session.commit()
        _inline_paused_until = None
        return len(rows)


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
            sa.select(OutboxEvent.kind, OutboxEvent.object_id).where(OutboxEvent.id > last_id)
        ).all()
        by_kind: dict[str, set[int]] = {}
        for kind, object_id in rows:
            by_kind.setdefault(kind, set()).add(object_id)
        apply_all(session, backend, by_kind)


_installed = False


def install(app) -> None:
    """With SEARCH_SYNC=inline, apply the outbox right after each commit that wrote to it.

    The listeners are process-wide (db.session is shared by every app); each
    commit consults its own app's setting.
    """
    global _installed
    if _installed:
        return
    _installed = True

    @event.listens_for(db.session, "after_flush")
    def _remember(session, flush_context):
        if any(isinstance(obj, OutboxEvent) for obj in session.new):
            session.info["outbox_dirty"] = True

    @event.listens_for(db.session, "after_commit")
    def _apply(session):
        if not session.info.pop("outbox_dirty", False):
            return
        from flask import current_app, has_app_context

        global _inline_paused_until
        if not has_app_context() or current_app.config.get("SEARCH_SYNC", "inline") != "inline":
            return
        if _inline_paused_until is not None and utcnow() < _inline_paused_until:
            return
        try:
            drain(current_app.extensions["search"], db.engine, raise_errors=True)
        except Exception as exc:  # never fail a committed write because the index is unwell
            _inline_paused_until = utcnow() + INLINE_PAUSE
            log.warning("Inline indexing failed; the outbox keeps the changes for later: %s", exc)

    @event.listens_for(db.session, "after_rollback")
    def _forget(session):
        session.info.pop("outbox_dirty", None)
