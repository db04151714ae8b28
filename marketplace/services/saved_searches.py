"""Saved searches: a person's own, private to them (others get 404), kept in step with the percolator.

Each write is audited and committed first; the Elasticsearch percolator is then told. If it
cannot be told (the index is down), the write stands and the percolator index is rebuilt from
the database by ``flask alerts rebuild`` (and at its next version).
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from marshmallow import ValidationError

from auth.identity import Actor
from marketplace.models import SavedSearch, db
from marketplace.schemas.errors import as_field_map
from marketplace.schemas.saved_searches import FILTERS
from search import get_backend, percolator
from search.backend import SearchUnavailable

from . import audit
from .common import commit, require
from .errors import Invalid, NotFound

log = logging.getLogger(__name__)


def _checked_filters(kind: str, filters: dict) -> dict:
    """The filters as GET /needs or /solutions would take them; unknown names and codes refused by path."""
    try:
        loaded = FILTERS[kind]().load(filters or {})
    except ValidationError as exc:
        raise Invalid("The search's filters are not valid.", as_field_map({"filters": exc.messages})) from None
    return {k: v for k, v in loaded.items() if v not in (None, [])}


def active_searches(kind: str, session=None):
    """Every saved search of a kind that sends alerts, as ``(id, q, filters)``."""
    session = session or db.session
    return [tuple(r) for r in session.execute(
        sa.select(SavedSearch.id, SavedSearch.q, SavedSearch.filters)
        .where(SavedSearch.kind == kind, SavedSearch.frequency != "off").order_by(SavedSearch.id))]


def _sync(search: SavedSearch, removed: bool = False) -> None:
    """Tell the percolator; a failure leaves the committed write in place (see the module's note)."""
    matcher = percolator.for_backend(get_backend())
    kind = search.kind
    try:
        if removed or search.frequency == "off":
            matcher.remove(kind, [search.id], lambda: active_searches(kind))
        else:
            matcher.put(kind, [(search.id, search.q, search.filters)], lambda: active_searches(kind))
    except SearchUnavailable as exc:
        matcher.forget()
        log.warning("Saved search %s not passed to the percolator (run `flask alerts rebuild`): %s", search.id, exc)


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
    filters = _checked_filters(data["kind"], data.get("filters") or {})
    search = SavedSearch(user_id=actor.user.id, kind=data["kind"], name=data["name"], q=data.get("q") or "",
                         filters=filters, frequency=data.get("frequency") or "immediate")
    db.session.add(search)
    db.session.flush()
    audit.record(actor, "saved_search.create", search, kind=search.kind, frequency=search.frequency)
    commit()
    _sync(search)
    return search


def update(actor: Actor, search_id: int, data: dict) -> SavedSearch:
    search = _own(actor, search_id)
    _writer(actor)
    changes = dict(data)
    if "filters" in changes:
        changes["filters"] = _checked_filters(search.kind, changes["filters"])
    for key, value in changes.items():
        setattr(search, key, value if key != "q" else (value or ""))
    audit.record(actor, "saved_search.update", search, fields=sorted(changes))
    commit()
    _sync(search)
    return search


def delete(actor: Actor, search_id: int) -> None:
    search = _own(actor, search_id)
    _writer(actor)
    audit.record(actor, "saved_search.delete", search, kind=search.kind)
    db.session.delete(search)
    commit()
    _sync(search, removed=True)


def alerts_for(actor: Actor, search_id: int):
    from marketplace.models import AlertDelivery

    search = _own(actor, search_id)
    return list(db.session.execute(
        sa.select(AlertDelivery).where(AlertDelivery.saved_search_id == search.id)
        .order_by(AlertDelivery.id.desc()).limit(200)).scalars())
