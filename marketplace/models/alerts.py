"""Saved searches and the alerts sent for them (a need's standing search for solutions too)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Timestamped, belongs_to, db

FREQUENCIES = ("immediate", "daily", "off")
SEARCH_KINDS = ("need", "solution")


class SavedSearch(Timestamped, db.Model):
    """A person's search (free text and filters over needs or solutions), private to them."""

    __tablename__ = "saved_searches"
    __table_args__ = (
        sa.CheckConstraint("frequency IN (" + ", ".join(f"'{f}'" for f in FREQUENCIES) + ")", name="frequency"),
        sa.CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in SEARCH_KINDS) + ")", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = belongs_to("users")
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    q: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    # Filter name (marketplace.schemas.search) -> value, exactly as the search endpoints take them.
    filters: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    frequency: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="immediate", index=True)


class AlertDelivery(db.Model):
    """One listing found for one saved search (or one need's standing search): the record that
    makes an alert happen at most once. ``emailed_at`` stays empty until the email went out
    (immediately, or in the next daily digest)."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (
        sa.UniqueConstraint("saved_search_id", "listing_kind", "listing_id", name="uq_alert_deliveries_search_listing"),
        sa.UniqueConstraint("need_id", "listing_kind", "listing_id", name="uq_alert_deliveries_need_listing"),
        sa.Index("ix_alert_deliveries_unsent", "emailed_at", "frequency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    saved_search_id: Mapped[int | None] = belongs_to("saved_searches", nullable=True)
    need_id: Mapped[int | None] = belongs_to("needs", nullable=True)
    listing_kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    listing_id: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    listing_ref: Mapped[str] = mapped_column(sa.String(80), nullable=False)
    listing_title: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    # Who hears of it: the person who saved the search, or the need's organisation.
    user_id: Mapped[int | None] = belongs_to("users", nullable=True)
    organisation_id: Mapped[int | None] = belongs_to("organisations", nullable=True, index=None)
    frequency: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    text: Mapped[str] = mapped_column(sa.String(500), nullable=False)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, nullable=False)
    emailed_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
