"""Idempotency keys: the first answer to a create, kept so that a retry gets it again."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import db, written_at


class IdempotencyKey(db.Model):
    """A caller's ``Idempotency-Key`` and what their create was answered.

    Written in the same transaction as the create itself: either both are committed or
    neither, so a retry can never create a second record nor lose the first answer.
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (sa.UniqueConstraint("caller", "key", name="uq_idempotency_keys_caller_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Who sent it (the audit label: "user:7", or "user:7 via client:mktc_..." for a token).
    caller: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    key: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    method: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    path: Mapped[str] = mapped_column(sa.String(500), nullable=False)
    # SHA-256 of the method, path and body: the same key with another request is refused.
    fingerprint: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    status_code: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    body: Mapped[str] = mapped_column(sa.Text, nullable=False)
    created_at: Mapped[datetime] = written_at()
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime, nullable=False, index=True)
