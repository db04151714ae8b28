"""Needs, solutions and deployments: the listings that the marketplace matches."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace import lifecycle

from .base import CodeList, Timestamped, db


class Need(Timestamped, db.Model):
    """A problem statement posted by an NHS organisation."""

    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(sa.String(80), unique=True, nullable=False)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), nullable=False, index=True)
    title: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    problem: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    outcomes: Mapped[str | None] = mapped_column(sa.Text)
    clinical_areas: Mapped[list] = mapped_column(CodeList, nullable=False, default=list)
    care_settings: Mapped[list] = mapped_column(CodeList, nullable=False, default=list)
    min_evidence_level: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="concept")
    required_regulatory: Mapped[list] = mapped_column(CodeList, nullable=False, default=list)
    budget_gbp: Mapped[int | None] = mapped_column(sa.BigInteger)
    closes_on: Mapped[date | None] = mapped_column(sa.Date)
    open_to_codesign: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default=lifecycle.DRAFT, index=True)
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)

    organisation = relationship("Organisation", lazy="joined")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint(lifecycle.status_check("need"), name="status"),
    )


class Solution(Timestamped, db.Model):
    """An innovation listed by an innovator."""

    __tablename__ = "solutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(sa.String(80), unique=True, nullable=False)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    summary: Mapped[str] = mapped_column(sa.String(500), nullable=False, default="")
    description: Mapped[str | None] = mapped_column(sa.Text)
    clinical_areas: Mapped[list] = mapped_column(CodeList, nullable=False, default=list)
    care_settings: Mapped[list] = mapped_column(CodeList, nullable=False, default=list)
    evidence_level: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="concept")
    regulatory: Mapped[list] = mapped_column(CodeList, nullable=False, default=list)
    device_class: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="not-a-device")
    # How it is priced, if the innovator says (taxonomy price_models); shown in comparisons.
    price_model: Mapped[str | None] = mapped_column(sa.String(40))
    seeking_codesign: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default=lifecycle.DRAFT, index=True)
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)

    organisation = relationship("Organisation", lazy="joined")
    deployments = relationship(
        "Deployment",
        back_populates="solution",
        cascade="all, delete-orphan",
        order_by="Deployment.id",
        lazy="selectin",
    )
    claims = relationship("Claim", back_populates="solution", cascade="all, delete-orphan", order_by="Claim.id",
                          lazy="selectin")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint(lifecycle.status_check("solution"), name="status"),
    )


class Deployment(Timestamped, db.Model):
    """A solution in use at an NHS organisation, with what it achieved there."""

    __tablename__ = "deployments"
    __table_args__ = (
        sa.UniqueConstraint("solution_id", "organisation_id", name="uq_deployments_solution_org"),
        # The dashboard counts the confirmations asked of an NHS organisation.
        sa.Index("ix_deployments_org_confirmation", "organisation_id", "confirmation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    solution_id: Mapped[int] = mapped_column(
        sa.ForeignKey("solutions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), nullable=False, index=True)
    since: Mapped[str | None] = mapped_column(sa.String(10))
    outcome: Mapped[str | None] = mapped_column(sa.Text)
    # Claimed by the innovator until the named NHS organisation confirms or rejects it; only
    # confirmed deployments count as adoption (marketplace.engagement.DEPLOYMENT_*).
    confirmation: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="claimed")
    confirmed_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    confirmed_by_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # The NHS organisation's own report of what changed, with figures.
    outcome_report: Mapped[str | None] = mapped_column(sa.Text)
    outcome_reported_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    solution = relationship("Solution", back_populates="deployments")
    organisation = relationship("Organisation", lazy="joined")
