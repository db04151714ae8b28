"""Saved searches: a person's own, private to them (others get 404).

Each write is audited and committed first; then ``changed`` is sent, and the Elasticsearch
percolator (search.percolator) follows. If it cannot (the index is down), the write stands and
the percolator index is rebuilt from the database by ``flask alerts rebuild``.
"""
from __future__ import annotations

import logging

import blinker
import sqlalchemy as sa

from auth.policy.identity import Actor
from marketplace.models import SavedSearch, db

from . import audit
from .common import commit, require
from .errors import NotFound

log = logging.getLogger(__name__)


# Sent after a saved search is committed (sender: the search; removed=True when deleted), so
# that the search index's percolator (search.percolator) follows without services knowing it.
changed = blinker.Namespace().signal("saved-search-changed")


def active_searches(kind: str, session=None):
    """Every saved search of a kind that sends alerts, as ``(id, q, filters)``."""
    session = session or db.session
    return [tuple(r) for r in session.execute(
        sa.select(SavedSearch.id, SavedSearch.q, SavedSearch.filters)
        .where(SavedSearch.kind == kind, SavedSearch.frequency != "off").order_by(SavedSearch.id))]


def _writer(actor: Actor) -> None:
    require(actor, actor.user is not None, "Saved searches belong to people: sign in.")
    require(actor, actor.has_scope("listings:write"), "This token may not change saved searches (listings:write).")


def _own(actor: Actor, search_id: int) -> SavedSearch:
    require(actor, actor.user is not None, "Saved searches belong to people.")
    search = db.session.get(SavedSearch, search_id)
    if search is None or search.user_id != actor.user.id:
        raise NotFound(f"No saved search with id {search_id}.")
    return search


def list_own(actor: Actor) -> list[SavedSearch]:
    require(actor, actor.user is not None, "Saved searches belong to people.")
    return list(db.session.execute(
        sa.select(SavedSearch).where(SavedSearch.user_id == actor.user.id).order_by(SavedSearch.id)).scalars())


def get(actor: Actor, search_id: int) -> SavedSearch:
    return _own(actor, search_id)


def create(actor: Actor, data: dict) -> SavedSearch:
    _writer(actor)
    filters = data.get("filters") or {}  # checked for its kind by the schema (SavedSearchCreate)
    search = SavedSearch(user_id=actor.user.id, kind=data["kind"], name=data["name"], q=data.get("q") or "",
                         filters=filters, frequency=data.get("frequency") or "immediate")
    db.session.add(search)
    db.session.flush()
    audit.record(actor, "saved_search.create", search, kind=search.kind, frequency=search.frequency)
    commit()
    changed.send(search, removed=False)
    return search


def update(actor: Actor, search_id: int, data: dict) -> SavedSearch:
    search = _own(actor, search_id)
    _writer(actor)
    changes = dict(data)  # filters checked for the search's kind by the caller (schemas.saved_searches)
    for key, value in changes.items():
        setattr(search, key, value if key != "q" else (value or ""))
    audit.record(actor, "saved_search.update", search, fields=sorted(changes))
    commit()
    changed.send(search, removed=False)
    return search


def delete(actor: Actor, search_id: int) -> None:
    search = _own(actor, search_id)
    _writer(actor)
    audit.record(actor, "saved_search.delete", search, kind=search.kind)
    db.session.delete(search)
    commit()
    changed.send(search, removed=True)


def alerts_for(actor: Actor, search_id: int):
    from marketplace.models import AlertDelivery

    search = _own(actor, search_id)
    return list(db.session.execute(
        sa.select(AlertDelivery).where(AlertDelivery.saved_search_id == search.id)
        .order_by(AlertDelivery.id.desc()).limit(200)).scalars())
