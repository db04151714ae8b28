"""The SQLAlchemy handle, naming convention and shared column helpers."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

import psycopg
import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so Alembic migrations name the same thing the same way
# on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


log = logging.getLogger(__name__)

# The database cannot be reached or dropped the connection (a restart, a failover, a pool
# with no connection free): the request may well succeed in a moment, so 503, not 500.
# SQLAlchemy wraps the driver's errors; psycopg's own are listed for any that surface bare.
# (Here, below the services, so the session's own end-of-request cleanup can use it too;
# marketplace.services.errors names it for everyone else.)
DATABASE_UNAVAILABLE = (
    sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError, sa_exc.TimeoutError,
    psycopg.OperationalError, psycopg.InterfaceError,
)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


# expire_on_commit=False: what a request wrote stays readable after its commit. Reloading
# every attribute would go back to the database, and if the connection died just then, a
# committed write would be answered as failed (and retried into a duplicate). (The API also
# shapes its answer before the commit: marketplace/api/transactions.py.)
class _SQLAlchemy(SQLAlchemy):
    def _teardown_session(self, exc: BaseException | None) -> None:
        """End the request's session; a connection the database dropped cannot be rolled back.

        The rollback of a connection that died with the database (a restart: psycopg's
        AdminShutdown) raises here, after the response was made, and the server would
        answer a bare 500 instead of the 503 already chosen. The connection is dead anyway:
        log it, throw the session's connections away unrolled, and forget the session.
        """
        try:
            self.session.remove()
        except DATABASE_UNAVAILABLE as error:
            log.warning("The database was unavailable while ending a request's session: %s", error)
            try:
                self.session.invalidate()
            except Exception:  # a second failure on a dead connection changes nothing
                log.debug("Invalidating the session's connections failed too", exc_info=True)
            finally:
                self.session.registry.clear()


db = _SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def written_at(**column):
    """When the row was written: naive UTC, set on insert (``index=True`` and the like pass through)."""
    return mapped_column(sa.DateTime, nullable=False, default=utcnow, **column)


class Timestamped:
    """Created and updated times, stored as naive UTC."""

    created_at: Mapped[datetime] = written_at()
    updated_at: Mapped[datetime] = written_at(onupdate=utcnow)


def belongs_to(table: str, **column):
    """The row this one belongs to, by id: required, indexed, and deleted with it.

    ``nullable=True`` for a row that may belong to one of two; ``index=None, unique=True`` for
    one row at most per owner (the unique constraint is its index).
    """
    column = {"nullable": False, "index": True, **column}
    return mapped_column(sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), **column)


def by_person(**column):
    """The person who did it (created, added, verified): the record outlives their account."""
    return mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), **column)


# A list of taxonomy codes, stored as a JSON array on both databases.
CodeList = sa.JSON


def code_list():
    """A list of taxonomy codes, never null: empty when none was chosen."""
    return mapped_column(CodeList, nullable=False, default=list)
