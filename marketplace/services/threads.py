"""Message threads: the one way a message is written and a thread read, shared by responses to
needs (services/interests.py) and co-design requests (services/codesign.py). Who may write and
whom to notify stay with each of them; how a message is stored and audited lives here."""
from __future__ import annotations

import sqlalchemy as sa

from auth.policy.identity import Actor
from marketplace.models import Message, db

from . import audit


def write(actor: Actor, organisation_id: int, body: str, **link) -> Message:
    """Add a message written for ``organisation_id``; ``link`` names its thread, as the column and
    id (interest_id=… or codesign_request_id=…), and goes into the audit record as well."""
    (column, thread_id), = link.items()
    message = Message(organisation_id=organisation_id, body=body,
                      author_user_id=actor.user.id if actor.user else None,
                      author_name=actor.user.name if actor.user else "", **link)
    db.session.add(message)
    db.session.flush()
    audit.record(actor, "message.create", message, **{column.removesuffix("_id"): thread_id})
    return message


def read(**link) -> list[Message]:
    """The thread's messages, oldest first."""
    (column, thread_id), = link.items()
    return list(db.session.execute(
        sa.select(Message).where(getattr(Message, column) == thread_id).order_by(Message.created_at, Message.id)
    ).scalars())
