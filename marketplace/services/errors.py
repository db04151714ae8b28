"""Domain errors. Services raise these; the HTTP layer maps each to one status."""
from __future__ import annotations

# The errors of a database that cannot be reached or dropped the connection (defined with
# the session, which needs them to end a request cleanly): 503, not 500.
from marketplace.models.base import DATABASE_UNAVAILABLE  # noqa: F401
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
