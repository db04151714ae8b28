"""In-app notifications: what an organisation's members should see after signing in."""
from __future__ import annotations

import sqlalchemy as sa

from auth.policy.identity import Actor
from marketplace.models import FREQUENCIES, Notification, User, db, utcnow

from . import audit
from .common import commit, get_or_404, member_organisation_ids, require
from .errors import Invalid


def notify(organisation_id: int, kind: str, interest, text: str) -> Notification:
    """Written in the caller's transaction, so a notification exists exactly when its change does."""
    note = Notification(organisation_id=organisation_id, kind=kind, text=text[:500],
                        interest_id=getattr(interest, "id", None))
    db.session.add(note)
    return note


def for_actor(actor: Actor, unread_only: bool = False, limit: int = 100) -> list[Notification]:
    require(actor, actor.user is not None, "Notifications belong to people.")
    query = sa.select(Notification).where(
        sa.or_(Notification.organisation_id.in_(member_organisation_ids(actor)), Notification.user_id == actor.user.id))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return list(db.session.execute(query.order_by(Notification.id.desc()).limit(limit)).scalars())


def mark_read(actor: Actor, notification_id: int) -> Notification:
    note = get_or_404(Notification, notification_id, "notification",
                      lambda note: actor.user is not None and _addressed_to(actor, note))
    if note.read_at is None:
        note.read_at = utcnow()
        audit.record(actor, "notification.read", note)
        commit()
    return note


def _addressed_to(actor: Actor, note: Notification) -> bool:
    if note.organisation_id is None:
        return note.user_id == actor.user.id
    return actor.role_in(note.organisation_id) is not None


def email_setting(actor: Actor) -> User:
    require(actor, actor.user is not None, "Notifications belong to people.")
    return actor.user


def set_email(actor: Actor, frequency: str) -> User:
    """How often this person is emailed about their organisations' notifications (see
    marketplace/notification_email.py): the same choices as a saved search's alerts."""
    user = email_setting(actor)
    if frequency not in FREQUENCIES:
        raise Invalid("Unknown email setting.", {"frequency": [f"must be one of: {', '.join(FREQUENCIES)}"]})
    if user.notification_email != frequency:
        user.notification_email = frequency
        audit.record(actor, "notification.email", user, frequency=frequency)
        commit()
    return user
