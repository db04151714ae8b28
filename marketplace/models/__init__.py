"""SQLAlchemy models: the database is the source of truth."""
from .alerts import FREQUENCIES, AlertDelivery, SavedSearch
from .access import ApiClient, Invitation, OAuthToken, PasswordReset, SsoIdentity
from .base import db, utcnow
from .engagement import (
    Claim, CodesignOffer, CodesignRequest, Interest, Message, NeedOutcome, NeedSupporter, Notification, ShortlistEntry,
)
from .idempotency import IdempotencyKey
from .listing import Deployment, Need, Solution
from .organisation import NHS_KINDS, Membership, Organisation, User
from .records import AuditEvent, OutboxEvent

__all__ = [
    "db", "utcnow", "Organisation", "User", "Membership", "NHS_KINDS",
    "SsoIdentity", "Invitation", "PasswordReset", "ApiClient", "OAuthToken",
    "Need", "Solution", "Deployment", "AuditEvent", "OutboxEvent",
    "Interest", "Message", "Notification", "NeedSupporter", "ShortlistEntry", "NeedOutcome",
    "CodesignOffer", "CodesignRequest", "Claim",
    "IdempotencyKey",
    "SavedSearch", "AlertDelivery", "FREQUENCIES",
]
