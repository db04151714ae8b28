"""Append-only records: the audit log and the search outbox."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import by_person, db, written_at


class AuditEvent(db.Model):
    """Who did what to which record, and when. Written in the same transaction as the change."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = written_at(index=True)
    actor_user_id: Mapped[int | None] = by_person(index=True)
    # How the change came in when no user is behind it, e.g. "cli:listings import".
    actor_label: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    action: Mapped[str] = mapped_column(sa.String(60), nullable=False)
    object_type: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    object_id: Mapped[int | None] = mapped_column(sa.Integer)
    object_ref: Mapped[str | None] = mapped_column(sa.String(80))
    details: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    remote_addr: Mapped[str | None] = mapped_column(sa.String(64))


class OutboxEvent(db.Model):
    """A listing that changed and must be (re)indexed.

    Written in the same transaction as the change, so the index can never miss
    a committed change; the indexer re-reads the record by id when it applies it.
    """

    __tablename__ = "search_outbox"
    __table_args__ = (sa.Index("ix_search_outbox_pending", "processed_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    object_id: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    created_at: Mapped[datetime] = written_at()
    processed_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    attempts: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
