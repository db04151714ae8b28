"""Organisations, the people in them, and their roles."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.lifecycle import NHS_KINDS  # noqa: F401  (re-exported: models.NHS_KINDS)

from .alerts import FREQUENCIES
from .base import Timestamped, belongs_to, code_list, db, written_at

# What a platform administrator checks when verifying: changing either undoes the check.
IDENTITY_FIELDS = frozenset({"kind", "ods_code"})


class Organisation(Timestamped, db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(sa.String(80), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    ods_code: Mapped[str | None] = mapped_column(sa.String(6), unique=True)
    region: Mapped[str | None] = mapped_column(sa.String(40))
    description: Mapped[str | None] = mapped_column(sa.Text)
    open_to_codesign: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    codesign_areas: Mapped[list] = code_list()
    # Set by a platform administrator once kind and ODS code have been checked.
    verified: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)

    memberships = relationship("Membership", back_populates="organisation", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_nhs(self) -> bool:
        return self.kind in NHS_KINDS

    def note_changes(self, changed) -> None:
        """A changed identity must be verified again, however it changed."""
        if IDENTITY_FIELDS & set(changed):
            self.verified = False


class User(Timestamped, db.Model):
    __tablename__ = "users"
    __table_args__ = (sa.CheckConstraint(
        "notification_email IN (" + ", ".join(f"'{f}'" for f in FREQUENCIES) + ")", name="notification_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    is_platform_admin: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    is_suspended: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    # argon2id; None for people who only ever sign in through single sign-on.
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    # Failed password sign-ins since the last success, and the lock they led to.
    failed_sign_ins: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(sa.DateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    # Part of every session's identity: bumping it (new password, suspension)
    # ends every live session of this person at once.
    session_epoch: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1, server_default="1")
    # Email about the organisations' notifications (responses, decisions, messages, confirmations):
    # one of FREQUENCIES (models.alerts), as for saved searches; a daily digest unless the person chooses.
    notification_email: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="daily",
                                                    server_default="daily")
    # Up to when the last daily digest of notifications covered (None: never sent one).
    notifications_digested_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    memberships = relationship("Membership", back_populates="user", cascade="all, delete-orphan")


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("user_id", "organisation_id", name="uq_memberships_user_org"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = belongs_to("users")
    organisation_id: Mapped[int] = belongs_to("organisations")
    # member: edits the organisation's listings; admin: also its profile and members.
    role: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="member")
    created_at: Mapped[datetime] = written_at()

    user = relationship("User", back_populates="memberships")
    organisation = relationship("Organisation", back_populates="memberships")
