"""Credentials beyond the person: single sign-on links, invitations, reset links, API clients and tokens.

Every secret is stored only as a SHA-256 hash, so a copy of the database
gives no one a working credential.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import belongs_to, by_person, db, utcnow, written_at


class SsoIdentity(db.Model):
    """A person's account at an OpenID provider, linked to their marketplace account."""

    __tablename__ = "sso_identities"
    __table_args__ = (sa.UniqueConstraint("issuer", "subject", name="uq_sso_identities_issuer_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = belongs_to("users")
    issuer: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    subject: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    email: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = written_at()
    last_used_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    user = relationship("User")


class Invitation(db.Model):
    """An organisation admin's invitation to join, sent by email as a single-use link."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = belongs_to("organisations")
    email: Mapped[str] = mapped_column(sa.String(254), nullable=False)
    role: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="member")
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    invited_by_user_id: Mapped[int | None] = by_person()
    created_at: Mapped[datetime] = written_at()
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime, nullable=False)
    accepted_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    accepted_by_user_id: Mapped[int | None] = by_person()
    withdrawn_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    organisation = relationship("Organisation")

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None and self.expires_at > utcnow()


class PasswordReset(db.Model):
    """One emailed reset link: usable once, before it expires."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = belongs_to("users")
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = written_at()
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    user = relationship("User")


class ApiClient(db.Model):
    """An OAuth2 client (client credentials grant) registered by an organisation admin.

    It acts for the person who registered it, within its organisation and its
    scopes: if that person is suspended or leaves the organisation, it stops working.
    """

    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.String(48), unique=True, nullable=False)
    client_secret_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    name: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    # None only for platform clients, registered by a platform administrator.
    organisation_id: Mapped[int | None] = belongs_to("organisations", nullable=True)
    created_by_user_id: Mapped[int] = belongs_to("users")
    # Space-separated, as OAuth2 writes scopes.
    scope: Mapped[str] = mapped_column(sa.String(255), nullable=False, default="")
    created_at: Mapped[datetime] = written_at()
    last_used_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    organisation = relationship("Organisation")
    created_by = relationship("User")


class OAuthToken(db.Model):
    """A bearer access token issued to an API client."""

    __tablename__ = "oauth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_pk: Mapped[int] = belongs_to("api_clients")
    access_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    token_type: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="Bearer")
    scope: Mapped[str] = mapped_column(sa.String(255), nullable=False, default="")
    issued_at: Mapped[datetime] = written_at()
    expires_in: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    client = relationship("ApiClient")

    @property
    def expires_at(self) -> datetime:
        return self.issued_at + timedelta(seconds=self.expires_in)
