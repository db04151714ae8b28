"""The SQLAlchemy handle, naming convention and shared column helpers."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
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


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


# expire_on_commit=False: what a request wrote stays readable after its commit. Reloading
# every attribute would go back to the database, and if the connection died just then, a
# committed write would be answered as failed (and retried into a duplicate). (The API also
# shapes its answer before the commit: marketplace/api/transactions.py.)
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Timestamped:
    """Created and updated times, stored as naive UTC."""

    created_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


# A list of taxonomy codes, stored as a JSON array on both databases.
CodeList = sa.JSON
