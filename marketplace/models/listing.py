"""Needs, solutions and deployments: the listings that the marketplace matches."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from marketplace import lifecycle

from .base import Timestamped, belongs_to, by_person, code_list, db


class Listing(Timestamped):
    """What needs and solutions share: a public ref, the organisation that lists it, its place in
    the lifecycle (marketplace.lifecycle) and a version that refuses a stale edit (409).

    The first three columns come first (sort_order); the rest follow the class's own, as they did
    when each class declared them.
    """

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-3)
    ref: Mapped[str] = mapped_column(sa.String(80), unique=True, nullable=False, sort_order=-2)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id"), nullable=False, index=True, sort_order=-1)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default=lifecycle.DRAFT, index=True)
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)

    @declared_attr
    def organisation(cls):
        return relationship("Organisation", lazy="joined")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


class Need(Listing, db.Model):
    """A problem statement posted by an NHS organisation."""

    __tablename__ = "needs"

    title: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    problem: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    outcomes: Mapped[str | None] = mapped_column(sa.Text)
    clinical_areas: Mapped[list] = code_list()
    care_settings: Mapped[list] = code_list()
    min_evidence_level: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="concept")
    required_regulatory: Mapped[list] = code_list()
    budget_gbp: Mapped[int | None] = mapped_column(sa.BigInteger)
    closes_on: Mapped[date | None] = mapped_column(sa.Date)
    open_to_codesign: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)

    __table_args__ = (
        sa.CheckConstraint(lifecycle.status_check("need"), name="status"),
    )


class Solution(Listing, db.Model):
    """An innovation listed by an innovator."""

    __tablename__ = "solutions"

    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    summary: Mapped[str] = mapped_column(sa.String(500), nullable=False, default="")
    description: Mapped[str | None] = mapped_column(sa.Text)
    clinical_areas: Mapped[list] = code_list()
    care_settings: Mapped[list] = code_list()
    evidence_level: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="concept")
    regulatory: Mapped[list] = code_list()
    device_class: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="not-a-device")
    # How it is priced, if the innovator says (taxonomy price_models); shown in comparisons.
    price_model: Mapped[str | None] = mapped_column(sa.String(40))
    seeking_codesign: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)

    deployments = relationship(
        "Deployment",
        back_populates="solution",
        cascade="all, delete-orphan",
        order_by="Deployment.id",
        lazy="selectin",
    )
    claims = relationship("Claim", back_populates="solution", cascade="all, delete-orphan", order_by="Claim.id",
                          lazy="selectin")
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
    solution_id: Mapped[int] = belongs_to("solutions")
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), nullable=False, index=True)
    since: Mapped[str | None] = mapped_column(sa.String(10))
    outcome: Mapped[str | None] = mapped_column(sa.Text)
    # Claimed by the innovator until the named NHS organisation confirms or rejects it; only
    # confirmed deployments count as adoption (marketplace.engagement.DEPLOYMENT_*).
    confirmation: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="claimed")
    confirmed_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    confirmed_by_user_id: Mapped[int | None] = by_person()
    # The NHS organisation's own report of what changed, with figures.
    outcome_report: Mapped[str | None] = mapped_column(sa.Text)
    outcome_reported_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    solution = relationship("Solution", back_populates="deployments")
    organisation = relationship("Organisation", lazy="joined")
