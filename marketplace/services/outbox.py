"""The transactional outbox: a row per changed listing, in the same transaction.

Rows are not queued by hand: a session listener derives them, at every flush,
from what the flush wrote (``rows_for``), so no write path can forget one. The
indexer (search.indexer) reads pending rows, re-reads each record by id and
applies it to the index, so nothing committed is ever missed and nothing
uncommitted is ever indexed.

After a commit that wrote rows, :data:`committed` is sent (sender: the Flask app
of the commit, if any) with the ids of the rows, so the indexer can start on
them at once instead of at its next poll.
"""
from __future__ import annotations

import blinker
import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from marketplace.models import Deployment, Need, Organisation, OutboxEvent, Solution, utcnow

KINDS = ("need", "solution", "organisation")
# The record kinds the index holds, by model.
INDEXED = {Need: "need", Solution: "solution", Organisation: "organisation"}
# Fields of an organisation that the documents of solutions deployed there carry
# (search.documents.solution_document: deployment_regions, deployment_organisation_kinds).
DEPLOYMENT_FIELDS = ("region", "kind")

committed = blinker.Namespace().signal("outbox-committed")
_ROWS = "outbox_rows"  # session.info key: ids of the outbox rows written in this transaction


def rows_for(session: Session, new, dirty, deleted) -> list[tuple[str, int]]:
    """(kind, id) of every indexed record a flush changed: the listing itself; for a
    deployment, its solution; for an organisation whose region or kind changed, every
    solution deployed there. Each once, the changed records themselves last."""
    direct: list[tuple[str, int]] = []
    deployed_at: set[int] = set()
    for obj in (*new, *dirty, *deleted):
        kind = INDEXED.get(type(obj))
        if kind is not None:
            if obj in dirty and not session.is_modified(obj, include_collections=False):
                continue
            direct.append((kind, obj.id))
            if kind == "organisation" and obj in dirty and any(
                    inspect(obj).attrs[f].history.has_changes() for f in DEPLOYMENT_FIELDS):
                deployed_at.add(obj.id)
        elif isinstance(obj, Deployment):
            history = inspect(obj).attrs.solution_id.history
            # Old and new solution (a deleted deployment keeps its solution in the history).
            direct.extend(("solution", i) for i in {*history.added, *history.unchanged, *history.deleted} if i)
    derived: list[tuple[str, int]] = []
    if deployed_at:
        derived = [("solution", i) for i in session.connection().execute(
            sa.select(Deployment.solution_id).distinct().where(Deployment.organisation_id.in_(sorted(deployed_at)))
            .order_by(Deployment.solution_id)).scalars()]
    return list(dict.fromkeys(derived + direct))


def _after_flush(session: Session, _flush_context) -> None:
    rows = rows_for(session, session.new, session.dirty, session.deleted)
    if not rows:
        return
    now = utcnow()
    table = OutboxEvent.__table__
    # A Core insert on the flush's own connection: committed (or rolled back) with the write.
    inserted = session.connection().execute(
        sa.insert(table).returning(table.c.id),
        [{"kind": k, "object_id": i, "created_at": now, "attempts": 0} for k, i in rows],
    ).scalars().all()
    session.info.setdefault(_ROWS, []).extend(inserted)


def _after_commit(session: Session) -> None:
    ids = session.info.pop(_ROWS, None)
    if ids:
        from flask import current_app, has_app_context

        committed.send(current_app._get_current_object() if has_app_context() else None, ids=ids)


def _after_rollback(session: Session) -> None:
    session.info.pop(_ROWS, None)


def listen() -> None:
    """Derive outbox rows in every ORM session of the process (the app's, the CLI's, a
    script's alike). Idempotent: create_app() calls it for each app."""
    for name, fn in (("after_flush", _after_flush), ("after_commit", _after_commit),
                     ("after_rollback", _after_rollback)):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)
