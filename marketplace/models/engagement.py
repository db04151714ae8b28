"""Acting on a match: responses to needs, their message threads, and notifications."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.engagement import INTEREST_STATUSES

from .base import Timestamped, belongs_to, by_person, code_list, db, written_at


class Interest(Timestamped, db.Model):
    """An innovator organisation's response to a published need with one of its solutions."""

    __tablename__ = "interests"
    __table_args__ = (
        sa.UniqueConstraint("need_id", "solution_id", name="uq_interests_need_solution"),
        # The dashboard counts responses by status on an organisation's needs (or solutions):
        # these let the counts read the index instead of every response row.
        sa.Index("ix_interests_need_status", "need_id", "status"),
        sa.Index("ix_interests_solution_status", "solution_id", "status"),
        sa.CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in INTEREST_STATUSES) + ")", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = belongs_to("needs")
    solution_id: Mapped[int] = belongs_to("solutions")
    message: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="open", index=True)
    decline_reason: Mapped[str | None] = mapped_column(sa.String(40))
    decline_note: Mapped[str | None] = mapped_column(sa.Text)
    created_by_user_id: Mapped[int | None] = by_person()
    status_changed_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    need = relationship("Need", lazy="joined")
    solution = relationship("Solution", lazy="joined")


class Message(db.Model):
    """One message in a thread (a response's or a co-design request's), from one of the two organisations."""

    __tablename__ = "messages"
    __table_args__ = (
        sa.CheckConstraint("(interest_id IS NULL) <> (codesign_request_id IS NULL)", name="one_thread"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A thread belongs to a response or to a co-design request: exactly one of the two.
    interest_id: Mapped[int | None] = belongs_to("interests", nullable=True)
    codesign_request_id: Mapped[int | None] = belongs_to("codesign_requests", nullable=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), nullable=False)
    author_user_id: Mapped[int | None] = by_person()
    # The author's name as the other side sees it; never an email address.
    author_name: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    body: Mapped[str] = mapped_column(sa.Text, nullable=False)
    created_at: Mapped[datetime] = written_at()

    organisation = relationship("Organisation", lazy="joined")


class Notification(db.Model):
    """Something an organisation's members should see: a response, a decision, a message."""

    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_org_unread", "organisation_id", "read_at"),
                      sa.Index("ix_notifications_emailed_at", "emailed_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # An organisation's members see it; or, with user_id and no organisation, one person (saved-search alerts).
    organisation_id: Mapped[int | None] = belongs_to("organisations", nullable=True, index=None)
    user_id: Mapped[int | None] = belongs_to("users", nullable=True)
    kind: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    text: Mapped[str] = mapped_column(sa.String(500), nullable=False)
    interest_id: Mapped[int | None] = belongs_to("interests", nullable=True)
    codesign_request_id: Mapped[int | None] = belongs_to("codesign_requests", nullable=True)
    # Where the notification points, when it is not a response (an alert names a listing's page).
    link: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = written_at()
    read_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    # When the members who asked for email "straight away" were sent it (None: not yet, or it failed).
    emailed_at: Mapped[datetime | None] = mapped_column(sa.DateTime)


class OnANeed:
    """What is recorded on a need (a supporter, a shortlisted solution, its outcome): its id and
    need first, the time it was recorded last (a mixin's columns follow the class's own)."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-2)
    need_id: Mapped[int] = belongs_to("needs", sort_order=-1)
    created_at: Mapped[datetime] = written_at()


class NeedSupporter(OnANeed, db.Model):
    """Another NHS organisation that has the same problem as a published need ("we have this too")."""

    __tablename__ = "need_supporters"
    __table_args__ = (sa.UniqueConstraint("need_id", "organisation_id", name="uq_need_supporters_need_org"),)

    organisation_id: Mapped[int] = belongs_to("organisations")
    population: Mapped[int | None] = mapped_column(sa.Integer)
    sites: Mapped[int | None] = mapped_column(sa.Integer)
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_by_user_id: Mapped[int | None] = by_person()

    organisation = relationship("Organisation", lazy="joined")


class ShortlistEntry(OnANeed, db.Model):
    """A solution a need's organisation keeps on the need's shortlist (private to that organisation)."""

    __tablename__ = "shortlist_entries"
    __table_args__ = (sa.UniqueConstraint("need_id", "solution_id", name="uq_shortlist_entries_need_solution"),)

    solution_id: Mapped[int] = belongs_to("solutions")
    added_by_user_id: Mapped[int | None] = by_person()

    solution = relationship("Solution", lazy="joined")


class NeedOutcome(OnANeed, db.Model):
    """How a need ended when its organisation closed it: adopted, piloting or not progressed."""

    __tablename__ = "need_outcomes"

    need_id: Mapped[int] = belongs_to("needs", index=None, unique=True, sort_order=-1)  # one outcome a need
    outcome: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    solution_id: Mapped[int | None] = mapped_column(sa.ForeignKey("solutions.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(sa.Text)
    recorded_by_user_id: Mapped[int | None] = by_person()

    solution = relationship("Solution", lazy="joined")


class CodesignOffer(Timestamped, db.Model):
    """What an NHS organisation offers innovators who design and test with its staff and patients."""

    __tablename__ = "codesign_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = belongs_to("organisations")
    title: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    description: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    clinical_areas: Mapped[list] = code_list()
    care_settings: Mapped[list] = code_list()
    offerings: Mapped[list] = code_list()
    available_from: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="open", index=True)

    organisation = relationship("Organisation", lazy="joined")


class CodesignRequest(Timestamped, db.Model):
    """A co-design request (innovator to an open offer) or invitation (NHS organisation to a solution)."""

    __tablename__ = "codesign_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    offer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("codesign_offers.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int] = belongs_to("organisations")
    solution_id: Mapped[int] = belongs_to("solutions")
    message: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="open", index=True)
    decline_reason: Mapped[str | None] = mapped_column(sa.Text)
    created_by_user_id: Mapped[int | None] = by_person()

    organisation = relationship("Organisation", lazy="joined")
    solution = relationship("Solution", lazy="joined")
    offer = relationship("CodesignOffer", lazy="joined")


class Claim(Timestamped, db.Model):
    """A solution's regulatory or evidence claim with what backs it: a reference and its dates.

    The rules that read claims (expiry, what counts for eligibility) are in marketplace.readiness.
    """

    __tablename__ = "claims"
    __table_args__ = (sa.UniqueConstraint("solution_id", "kind", "code", name="uq_claims_solution_kind_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    solution_id: Mapped[int] = belongs_to("solutions")
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    code: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    reference: Mapped[str | None] = mapped_column(sa.String(500))
    issued_on: Mapped[date | None] = mapped_column(sa.Date)
    expires_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    verified_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    verified_by_user_id: Mapped[int | None] = by_person()
    # The innovator was warned of the coming expiry / the index was told it expired: once each.
    reminded_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    expiry_applied_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    solution = relationship("Solution", back_populates="claims")
