"""Domain errors. Services raise these; the HTTP layer maps each to one status."""
from __future__ import annotations

import psycopg
from sqlalchemy import exc as sa_exc

# The database cannot be reached or dropped the connection (a restart, a failover, a pool
# with no connection free): the request may well succeed in a moment, so 503, not 500.
# SQLAlchemy wraps the driver's errors; psycopg's own are listed for any that surface bare.
DATABASE_UNAVAILABLE = (
    sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError, sa_exc.TimeoutError,
    psycopg.OperationalError, psycopg.InterfaceError,
)
# A PostgreSQL restart or failover takes seconds; asking for more would keep clients away longer than needed.
DATABASE_RETRY_AFTER = "5"
DATABASE_UNAVAILABLE_MESSAGE = "The service cannot reach its database just now. Please try again in a few seconds."


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str, errors: dict | list | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors


class NotFound(ServiceError):
    """Absent, or not visible to the caller (both answer the same, on purpose)."""

    status = 404


class Unauthenticated(ServiceError):
    status = 401


class Forbidden(ServiceError):
    status = 403


class Conflict(ServiceError):
    """A stale version or a clash with another record."""

    status = 409


class Invalid(ServiceError):
    """Input that parsed but breaks a rule; ``errors`` maps field paths to messages."""

    status = 422
