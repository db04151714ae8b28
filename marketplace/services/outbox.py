"""The transactional outbox: a row per changed listing, in the same transaction.

Rows are not queued by hand: a session listener derives them, at every flush,
from what the flush wrote (``rows_for``), so no write path can forget one. The
indexer (search.indexer) reads pending rows, re-reads each record by id and
applies it to the index, so nothing committed is ever missed and nothing
uncommitted is ever indexed.

After a commit that wrote rows, :data:`committed` is sent (sender: the session)
with the ids of the rows, so the indexer can start on
them at once instead of at its next poll.
"""
from __future__ import annotations

import blinker
import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from marketplace.lifecycle import PUBLISHED
from marketplace.models import Claim, Deployment, Need, Organisation, OutboxEvent, Solution, utcnow

KINDS = ("need", "solution", "organisation")
# An organisation's own document only (its care settings come from its published needs,
# search.documents.organisation_document); "organisation" also refreshes its listings,
# which carry its name, region and verification.
ORGANISATION_DOCUMENT = "organisation-doc"
# The record kinds the index holds, by model.
INDEXED = {Need: "need", Solution: "solution", Organisation: "organisation"}
# Fields of an organisation that the documents of solutions deployed there carry
# (search.documents.solution_document: deployment_regions, deployment_organisation_kinds).
DEPLOYMENT_FIELDS = ("region", "kind")

committed = blinker.Namespace().signal("outbox-committed")
_ROWS = "outbox_rows"  # session.info key: ids of the outbox rows written in this transaction
_QUEUED = "outbox_queued"  # session.info key: (kind, id) queued in this transaction


def rows_for(session: Session, new, dirty, deleted) -> list[tuple[str, int]]:
    """(kind, id) of every indexed record a flush changed: the listing itself; for a
    deployment or a claim, its solution; for an organisation whose region or kind changed, every
    solution deployed there; for a need published, unpublished or with new care settings,
    its organisation's document. Each once, the changed records themselves last."""
    direct: list[tuple[str, int]] = []
    deployed_at: set[int] = set()
    derived: list[tuple[str, int]] = []
    for obj in (*new, *dirty, *deleted):
        kind = INDEXED.get(type(obj))
        if kind is not None:
            if obj in dirty and not session.is_modified(obj, include_collections=False):
                continue
            direct.append((kind, obj.id))
            if kind == "organisation" and obj in dirty and any(
                    inspect(obj).attrs[f].history.has_changes() for f in DEPLOYMENT_FIELDS):
                deployed_at.add(obj.id)
            if kind == "need" and _changes_care_settings(obj, obj in dirty):
                derived.append((ORGANISATION_DOCUMENT, obj.organisation_id))
        elif isinstance(obj, (Deployment, Claim)):  # part of the solution's document
            history = inspect(obj).attrs.solution_id.history
            # Old and new solution (a deleted deployment keeps its solution in the history).
            solution_ids = {*history.added, *history.unchanged, *history.deleted, obj.solution_id}
            direct.extend(("solution", i) for i in sorted(i for i in solution_ids if i))
            if isinstance(obj, Deployment):  # the organisation's document names the solutions it uses
                org_history = inspect(obj).attrs.organisation_id.history
                org_ids = {*org_history.added, *org_history.unchanged, *org_history.deleted, obj.organisation_id}
                derived.extend((ORGANISATION_DOCUMENT, i) for i in sorted(i for i in org_ids if i))
    if deployed_at:
        derived += [("solution", i) for i in session.connection().execute(
            sa.select(Deployment.solution_id).distinct().where(Deployment.organisation_id.in_(sorted(deployed_at)))
            .order_by(Deployment.solution_id)).scalars()]
    return list(dict.fromkeys(derived + direct))


def _changes_care_settings(need: Need, dirty: bool) -> bool:
    """Whether a need's change can change the care settings of its organisation's document
    (the settings of its published needs)."""
    state = inspect(need).attrs
    if not dirty:  # added or deleted: matters if it is (or was) published
        return PUBLISHED in {need.status, *state.status.history.deleted}
    return state.status.history.has_changes() or (
        need.status == PUBLISHED and state.care_settings.history.has_changes())


def _after_flush(session: Session, _flush_context) -> None:
    # A record is queued once per transaction, however many flushes it takes: the indexer
    # reads the committed state anyway.
    queued = session.info.setdefault(_QUEUED, set())
    rows = [row for row in rows_for(session, session.new, session.dirty, session.deleted) if row not in queued]
    if not rows:
        return
    queued.update(rows)
    now = utcnow()
    table = OutboxEvent.__table__
    # A Core insert on the flush's own connection: committed (or rolled back) with the write.
    inserted = session.connection().execute(
        sa.insert(table).returning(table.c.id),
        [{"kind": k, "object_id": i, "created_at": now, "attempts": 0} for k, i in rows],
    ).scalars().all()
    session.info.setdefault(_ROWS, []).extend(inserted)


def _after_commit(session: Session) -> None:
    session.info.pop(_QUEUED, None)
    ids = session.info.pop(_ROWS, None)
    if ids:
        # Sent by the session; a receiver (search.indexer) tells from its own context whose commit it was.
        committed.send(session, ids=ids)


def _after_rollback(session: Session) -> None:
    session.info.pop(_QUEUED, None)
    session.info.pop(_ROWS, None)


def _after_soft_rollback(session: Session, _previous_transaction) -> None:
    # Also a savepoint's: what it queued may be gone, so queue it again if it changes again.
    session.info.pop(_QUEUED, None)


def listen() -> None:
    """Derive outbox rows in every ORM session of the process (the app's, the CLI's, a
    script's alike). Idempotent: create_app() calls it for each app."""
    for name, fn in (("after_flush", _after_flush), ("after_commit", _after_commit),
                     ("after_rollback", _after_rollback), ("after_soft_rollback", _after_soft_rollback)):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)
