"""The transactional outbox: a row per changed listing, in the same transaction.

The indexer (search.indexer) reads pending rows, re-reads each record by id and
applies it to the index, so nothing committed is ever missed and nothing
uncommitted is ever indexed.
"""
from __future__ import annotations

from marketplace.models import OutboxEvent, db

KINDS = ("need", "solution", "organisation")


def enqueue(kind: str, object_id: int) -> None:
    assert kind in KINDS, kind
    db.session.add(OutboxEvent(kind=kind, object_id=object_id))
