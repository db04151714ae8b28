"""Which saved searches a listing matches, asked the other way round: by the listing.

Elasticsearch (search/percolator_elastic.py): the percolator (where the cluster has it; see
``ElasticPercolator.native``). One index per kind searched (behind the alias
``<prefix>-alerts-<kind>s``) holds each active saved search's query, built by the
same code that runs the search (``ElasticBackend.search_body``), beside the
search index's field mapping; percolating the listing's document answers every
saved search it matches in one request. The index is versioned like the search
indexes (``_meta.version``); one of another version, or a missing one, is
rebuilt from the database (the source of truth) when it is first needed.

Embedded backend (search/percolator_embedded.py): each saved search's filters are checked
against the one document in Python, and the free text of those that pass by one FTS5 query on
that document's row, the same text match its search runs.

Both answer ``matching(kind, doc, searches)``: the ids, among ``searches``
(``(id, q, filters)`` of the active saved searches of that kind; the embedded
backend reads them all, Elasticsearch only to check what the percolator
answered), that ``doc`` matches.

A saved search is read once for both (search/saved_search_queries.py); this module picks the
matcher for a backend and keeps the percolator in step with the saved searches.
"""
from __future__ import annotations

import logging

from .backend import SearchUnavailable
from .percolator_elastic import ElasticPercolator
from .percolator_embedded import EmbeddedMatcher

log = logging.getLogger(__name__)

KINDS = ("need", "solution")


def for_backend(backend):
    if backend.name == "elasticsearch":
        matcher = getattr(backend, "_percolator", None)
        if matcher is None:
            matcher = backend._percolator = ElasticPercolator(backend)
        return matcher
    return EmbeddedMatcher(backend)


def follow_saved_search(search, removed: bool = False) -> None:
    """Keep the percolator in step with a committed saved search (receiver of
    marketplace.services.saved_searches.changed); a failure leaves the committed write in place,
    and `flask alerts rebuild` catches up."""
    from flask import current_app, has_app_context

    from marketplace.services.saved_searches import active_searches

    if not has_app_context() or "search" not in current_app.extensions:
        return
    matcher = for_backend(current_app.extensions["search"])
    kind = search.kind
    try:
        if removed or search.frequency == "off":
            matcher.remove(kind, [search.id], lambda: active_searches(kind))
        else:
            matcher.put(kind, [(search.id, search.q, search.filters)], lambda: active_searches(kind))
    except SearchUnavailable as exc:
        matcher.forget()
        log.warning("Saved search %s not passed to the percolator (run `flask alerts rebuild`): %s", search.id, exc)
