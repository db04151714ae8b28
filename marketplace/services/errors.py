"""Domain errors. Services raise these; the HTTP layer maps each to one status."""
from __future__ import annotations


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
