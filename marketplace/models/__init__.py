"""SQLAlchemy models: the database is the source of truth."""
from .base import db, utcnow
from .listing import Deployment, Need, Solution
from .organisation import NHS_KINDS, Membership, Organisation, PersonalToken, User
from .records import AuditEvent, OutboxEvent

__all__ = [
    "db", "utcnow", "Organisation", "User", "Membership", "PersonalToken", "NHS_KINDS",
    "Need", "Solution", "Deployment", "AuditEvent", "OutboxEvent",
]
