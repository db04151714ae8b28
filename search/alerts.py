"""Alerts: when a listing newly matches a saved search, or a published need, its owner hears of it.

``after_indexed`` is the one entry point from the indexer: it runs once a batch of listings
is in the index (so alerts see committed, indexed data), in the indexer's transaction, so the
alerts exist exactly when the outbox rows are marked done. It writes, per new match, one row in
``alert_deliveries`` (unique per saved search, or need, and listing: never twice) and an in-app
notification; emails for "immediate" searches go out once that transaction has committed.
``send_due`` (``flask alerts digest``) sends the daily digests and any immediate email that
could not be sent; it marks what it sent, so running it again sends nothing twice.

"Newly matches": the listing was published or changed after the search was saved (a listing
that already matched when the search was saved is what its owner saw when saving it).
"""
from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.models import AlertDelivery, Membership, Need, Notification, SavedSearch, User, utcnow
from . import eligibility, matching, percolator
from .backend import Eligibility, MatchQuery

log = logging.getLogger(__name__)

# A need alerts its organisation to a solution that is eligible for it and about the same thing:
# the same clinical area, or enough words in common (search.match_lists' near-miss bar).
NEED_ALERT_MIN_TEXT = 0.3
NEED_ALERT_CANDIDATES = 200
PAGE = {"need": "/needs/{id}", "solution": "/solutions/{id}"}


def _title(kind: str, doc: dict) -> str:
    return (doc.get("name") if kind == "solution" else doc.get("title")) or doc.get("ref", "")


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def after_indexed(session: Session, backend, kind: str, documents: list[dict]) -> None:
    """Record the alerts for listings just indexed (``documents``: what was indexed)."""
    if kind not in percolator.KINDS or not documents:
        return
    matcher = percolator.for_backend(backend)
    from marketplace.services.saved_searches import active_searches

    loaded: list = []

    def searches():  # read once per batch, however many listings it holds
        if not loaded:
            loaded.append(active_searches(kind, session))
        return loaded[0]

    new: list[AlertDelivery] = []
    for doc in documents:
        if doc.get("status") != "published":
            continue
        ids = matcher.matching(kind, doc, searches)
        if ids:
            new += _record_for_searches(session, kind, doc, ids)
        if kind == "solution":
            new += _record_for_needs(session, backend, doc)
    if new:
        session.flush()  # once for them all: a listing may alert thousands of saved searches
        _send_after_commit(session, [d.id for d in new])


def _record_for_searches(session: Session, kind: str, doc: dict, ids: list[int]) -> list[AlertDelivery]:
    changed = max(filter(None, [_when(doc.get("updated_at")), _when(doc.get("published_at"))]), default=None)
    searches = session.execute(  # the columns used, not the records: there may be thousands
        sa.select(SavedSearch.id, SavedSearch.name, SavedSearch.user_id, SavedSearch.frequency,
                  SavedSearch.created_at).where(SavedSearch.id.in_(ids), SavedSearch.frequency != "off"))
    wanted = {s.id: s for s in searches if changed is None or changed >= s.created_at}
    if not wanted:
        return []
    seen = set(session.execute(
        sa.select(AlertDelivery.saved_search_id).where(
            AlertDelivery.saved_search_id.in_(list(wanted)), AlertDelivery.listing_kind == kind,
            AlertDelivery.listing_id == doc["id"])).scalars())
    out = []
    title = _title(kind, doc)
    for sid, search in wanted.items():
        if sid in seen:
            continue
        text = f"New {kind} for your saved search “{search.name}”: {title}"[:500]
        out.append(_deliver(session, kind, doc, text, saved_search_id=sid, user_id=search.user_id,
                            frequency=search.frequency))
    return out


def _record_for_needs(session: Session, backend, doc: dict) -> list[AlertDelivery]:
    """A published need stands as a search for solutions: eligible for it and relevant (search.matching)."""
    query = MatchQuery(
        kind="need", text=" ".join(filter(None, [doc.get("name"), doc.get("summary"), doc.get("description")])),
        clinical_areas=tuple(doc.get("clinical_areas") or ()),
        eligibility=Eligibility(eligibility.values_of("solution", doc)),
        eligible_only=True, size=NEED_ALERT_CANDIDATES, count_up_to=NEED_ALERT_CANDIDATES)
    candidates = backend.match_candidates(query)
    texts = matching.normalise_text_scores([h.score for h in candidates.hits])
    relevant = []
    for hit, text in zip(candidates.hits, texts):
        need_doc = hit.doc
        if need_doc.get("organisation_id") == doc.get("organisation_id"):
            continue  # an organisation's own solution is no news to it
        a = matching.assess(matching.need_profile(need_doc), doc, text, explain=False)
        if a.eligible and (a.signals["clinical_area"] > 0 or a.signals["text"] >= NEED_ALERT_MIN_TEXT):
            relevant.append(need_doc)
    if not relevant:
        return []
    seen = set(session.execute(
        sa.select(AlertDelivery.need_id).where(
            AlertDelivery.need_id.in_([n["id"] for n in relevant]), AlertDelivery.listing_kind == "solution",
            AlertDelivery.listing_id == doc["id"])).scalars())
    # Only needs still published in the database (the index may lag a close by a moment).
    live = set(session.execute(sa.select(Need.id).where(
        Need.id.in_([n["id"] for n in relevant]), Need.status == "published")).scalars())
    out = []
    for need_doc in relevant:
        if need_doc["id"] in seen or need_doc["id"] not in live:
            continue
        text = f"A new solution matches your need “{need_doc.get('title', '')}”: {_title('solution', doc)}"[:500]
        out.append(_deliver(session, "solution", doc, text, need_id=need_doc["id"],
                            organisation_id=need_doc["organisation_id"], frequency="immediate"))
    return out


def _deliver(session: Session, kind: str, doc: dict, text: str, *, frequency: str, saved_search_id=None,
             need_id=None, user_id=None, organisation_id=None) -> AlertDelivery:
    """The alert and its notification, added to the session (after_indexed flushes them all)."""
    now = utcnow()
    link = PAGE[kind].format(id=doc["id"])
    delivery = AlertDelivery(
        saved_search_id=saved_search_id, need_id=need_id, listing_kind=kind, listing_id=doc["id"],
        listing_ref=doc.get("ref", ""), listing_title=_title(kind, doc)[:300], user_id=user_id,
        organisation_id=organisation_id, frequency=frequency, text=text, created_at=now)
    session.add(delivery)
    session.add(Notification(organisation_id=organisation_id, user_id=user_id if organisation_id is None else None,
                             kind="alert.match", text=text, link=link, created_at=now))
    return delivery


def _send_after_commit(session: Session, ids: list[int]) -> None:
    engine = session.get_bind()

    def _send(_session):
        try:
            send_immediate(engine, ids)
        except Exception as exc:  # noqa: BLE001 - the digest command sends what is left
            log.warning("Immediate alert emails not sent (the digest will retry): %s", exc)

    event.listen(session, "after_commit", _send, once=True)


# --- email --------------------------------------------------------------------

def _recipients(session: Session, delivery: AlertDelivery) -> list[User]:
    if delivery.user_id is not None:
        user = session.get(User, delivery.user_id)
        return [user] if user is not None and user.email else []
    return list(session.execute(
        sa.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == delivery.organisation_id).order_by(User.id)).scalars())


def _lines(deliveries) -> str:
    from auth.mail import public_link

    return "\n".join(f"- {d.text}\n  {public_link(PAGE[d.listing_kind].format(id=d.listing_id))}" for d in deliveries)


def send_immediate(engine, ids: list[int]) -> int:
    """Email each of these alerts not yet emailed, one message per alert and person."""
    from auth.mail import claim_to_send, public_link, send_mail

    sent = 0
    # Committed once per alert, so without expiring the session's objects at each commit: that
    # would reload every alert still to send after each one (quadratic: minutes for a listing
    # that matches thousands of saved searches). What is read of them (text, listing, recipient)
    # does not change once written.
    with Session(engine, expire_on_commit=False) as session:
        rows = claim_to_send(session, sa.select(AlertDelivery).where(
            AlertDelivery.id.in_(ids), AlertDelivery.emailed_at.is_(None), AlertDelivery.frequency == "immediate")
            .order_by(AlertDelivery.id))
        for delivery in rows:
            ok = all([send_mail(u.email, "A new match on the NHS innovation marketplace",
                                f"Hello {u.name},\n\n{_lines([delivery])}\n\n"
                                "Change how often you hear of new matches on your saved searches page:\n"
                                f"{public_link('/saved-searches')}\n") for u in _recipients(session, delivery)])
            if ok:
                delivery.emailed_at = utcnow()
                sent += 1
            session.commit()  # one at a time: what went out is marked before the next is sent
    return sent


def send_due(engine) -> dict:
    """Send the daily digests (one email per person with every alert not yet emailed) and any
    immediate alert whose email failed. Safe to run again: sent alerts are marked."""
    from auth.mail import claim_to_send, public_link, send_mail

    with Session(engine) as session:
        retry = [d.id for d in session.execute(sa.select(AlertDelivery.id).where(
            AlertDelivery.emailed_at.is_(None), AlertDelivery.frequency == "immediate"))]
    immediate = send_immediate(engine, retry) if retry else 0
    digests = 0
    with Session(engine) as session:
        rows = claim_to_send(session, sa.select(AlertDelivery).where(
            AlertDelivery.emailed_at.is_(None), AlertDelivery.frequency == "daily", AlertDelivery.user_id.is_not(None))
            .order_by(AlertDelivery.user_id, AlertDelivery.id))
        by_user: dict[int, list[AlertDelivery]] = defaultdict(list)
        for d in rows:
            by_user[d.user_id].append(d)
        for user_id, deliveries in by_user.items():
            user = session.get(User, user_id)
            if user is None:
                continue
            n = len(deliveries)
            body = (f"Hello {user.name},\n\n{n} new match{'es' if n != 1 else ''} for your saved searches:\n\n"
                    f"{_lines(deliveries)}\n\nChange how often you hear of new matches: {public_link('/saved-searches')}\n")
            if send_mail(user.email, f"Your daily digest: {n} new match{'es' if n != 1 else ''}", body):
                now = utcnow()
                for d in deliveries:
                    d.emailed_at = now
                digests += 1
            session.commit()
    return {"immediate": immediate, "digests": digests}
