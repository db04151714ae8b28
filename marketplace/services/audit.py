"""Every write is audited: who, what, when, from where, in the writer's transaction."""
from __future__ import annotations

from auth.policy.identity import Actor
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


def search_events(actor: Actor, *, action: str | None = None, object_type: str | None = None,
                  object_id: int | None = None, actor_user_id: int | None = None, since=None, until=None,
                  page: int = 1, per_page: int = 50) -> tuple[list[AuditEvent], int]:
    """The audit log, newest first, for platform administrators. Read-only: nothing edits it."""
    from auth.policy import permissions

    from .common import require

    require(actor, permissions.can_read_audit_log(actor), "Only platform administrators read the audit log.")
    query = db.select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == object_id)
    if actor_user_id is not None:
        query = query.where(AuditEvent.actor_user_id == actor_user_id)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    total = db.session.execute(db.select(db.func.count()).select_from(query.subquery())).scalar_one()
    rows = db.session.execute(
        query.order_by(AuditEvent.id.desc()).offset((page - 1) * per_page).limit(per_page)
    ).scalars()
    return list(rows), total
