"""Every write is audited: who, what, when, from where, in the writer's transaction."""
from __future__ import annotations

from auth.identity import Actor
from marketplace.models import AuditEvent, db


def record(actor: Actor, action: str, obj=None, *, object_type: str | None = None, **details) -> AuditEvent:
    event = AuditEvent(
        actor_user_id=actor.user.id if actor.user else None,
        actor_label=actor.label,
        action=action,
        object_type=object_type or (obj.__tablename__.rstrip("s") if obj is not None else "system"),
        object_id=getattr(obj, "id", None),
        object_ref=getattr(obj, "ref", None),
        details=details,
        remote_addr=actor.remote_addr,
    )
    db.session.add(event)
    return event
