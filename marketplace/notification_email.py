"""Email about an organisation's notifications: a response to its need, a decision on its
response, a new message, a deployment to confirm, someone joining its need.

Each member chooses how (``User.notification_email``, one of ``FREQUENCIES`` as for saved
searches): ``immediate`` sends one email per notification once the change that made it has
committed; ``daily`` (the default) sends one digest of what is still unread, from
``flask alerts digest``; ``off`` sends nothing. Saved-search alerts (``alert.match``) have their
own emails (search/alerts.py) and are not repeated here.

The emails name what happened and link to the notifications page: nothing about the other
organisation's people, so no personal address travels (issue: members only, no email shown).
A failed immediate email leaves ``emailed_at`` empty and the digest command sends it later.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from auth.mail import claim_to_send, public_link, send_mail
from marketplace.models import Membership, Notification, User, utcnow

log = logging.getLogger(__name__)

ALERT_KIND = "alert.match"  # emailed by search/alerts.py
_PENDING = "notifications_to_email"
# A person's first digest (or the first after a long pause) covers at most this much.
DIGEST_WINDOW = timedelta(days=1)


def _emailed_here(note) -> bool:
    return isinstance(note, Notification) and note.organisation_id is not None and note.kind != ALERT_KIND


def _after_flush(session: Session, _context) -> None:
    ids = [o.id for o in session.new if _emailed_here(o)]
    if ids:
        session.info.setdefault(_PENDING, []).extend(ids)


def _after_commit(session: Session) -> None:
    ids = session.info.pop(_PENDING, None)
    if not ids:
        return
    if not has_app_context():  # a script without the app: the digest command sends them later
        return
    try:
        send_immediate(session.get_bind(), ids)
    except Exception as exc:  # noqa: BLE001 - the change is committed; the digest command retries
        log.warning("Notification emails not sent (flask alerts digest will retry): %s", exc)


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def listen() -> None:
    """Email notifications after the commit that made them, in every ORM session. Idempotent."""
    for name, fn in (("after_flush", _after_flush), ("after_commit", _after_commit),
                     ("after_rollback", _after_rollback)):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)


def _members(session: Session, organisation_id: int, frequency: str) -> list[User]:
    return list(session.execute(
        sa.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation_id, User.notification_email == frequency,
               User.is_suspended.is_(False))
        .order_by(User.id)).scalars())


def send_immediate(engine, ids: list[int]) -> int:
    """Email each of these notifications, not yet emailed, to the members who asked for it straight away.

    Committed once per notification, without expiring what is loaded at each commit (as
    search/alerts.py does): a notification's text and organisation do not change once written."""
    sent = 0
    with Session(engine, expire_on_commit=False) as session:
        notes = claim_to_send(session, sa.select(Notification).where(
            Notification.id.in_(ids), Notification.emailed_at.is_(None),
            Notification.organisation_id.is_not(None), Notification.kind != ALERT_KIND).order_by(Notification.id))
        for note in notes:
            people = _members(session, note.organisation_id, "immediate")
            ok = all([send_mail(u.email, _subject(note), _body(u, [note])) for u in people])
            if ok:
                note.emailed_at = utcnow()
                sent += len(people)
            session.commit()  # one at a time: what went out is marked before the next is sent
    return sent


def _subject(note: Notification) -> str:
    return note.text if len(note.text) <= 90 else note.text[:89] + "…"


def _body(user: User, notes: list[Notification]) -> str:
    lines = "\n".join(f"- {n.text}" for n in notes)
    return (f"Hello {user.name or user.email},\n\n{lines}\n\nOpen them on your notifications page:\n"
            f"{public_link('/notifications')}\n\nChange how often we email you about notifications on that page.\n")


def send_due(engine, now: datetime | None = None) -> dict:
    """Retry immediate emails that failed, then send each daily digest of unread notifications
    since the person's last one. Running it again sends nothing twice."""
    now = now or utcnow()
    with Session(engine) as session:
        retry = list(session.execute(sa.select(Notification.id).where(
            Notification.emailed_at.is_(None), Notification.created_at >= now - DIGEST_WINDOW)).scalars())
    immediate = send_immediate(engine, retry) if retry else 0
    digests = 0
    with Session(engine, expire_on_commit=False) as session:
        people = claim_to_send(session, sa.select(User).where(
            User.notification_email == "daily", User.is_suspended.is_(False)).order_by(User.id))
        unread = _unread_by_person(session, people, now)
        for user in people:
            notes = unread.get(user.id)
            # Marked only once sent: a failed digest is tried again next time, and a person with
            # nothing unread costs no write.
            if notes and send_mail(user.email, _digest_subject(len(notes)), _body(user, notes)):
                digests += 1
                user.notifications_digested_at = now
                session.commit()  # what went out is marked before the next is sent
        session.commit()  # releases the locks taken by claim_to_send
    return {"immediate": immediate, "digests": digests}


def _unread_by_person(session: Session, people: list[User], now: datetime) -> dict[int, list[Notification]]:
    if not people:
        return {}
    earliest = now - DIGEST_WINDOW
    rows = session.execute(
        sa.select(Membership.user_id, Notification)
        .join(Notification, Notification.organisation_id == Membership.organisation_id)
        .where(Membership.user_id.in_([u.id for u in people]), Notification.read_at.is_(None),
               Notification.kind != ALERT_KIND, Notification.created_at > earliest,
               Notification.created_at <= now)
        .order_by(Membership.user_id, Notification.id)).all()
    since = {u.id: max(u.notifications_digested_at or earliest, earliest) for u in people}
    out: dict[int, list[Notification]] = defaultdict(list)
    for user_id, note in rows:
        if note.created_at > since[user_id]:
            out[user_id].append(note)
    return out


def _digest_subject(n: int) -> str:
    return f"Your daily digest: {n} notification{'s' if n != 1 else ''} waiting"
