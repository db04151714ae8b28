"""Everything about the search index: backends, matching, and keeping the index true.

Nothing here imports from marketplace.api or marketplace.web.
"""
from __future__ import annotations

import logging

from flask import current_app

from .backend import Breaker, SearchBackend, SearchUnavailable

log = logging.getLogger(__name__)


def make_backend(config) -> SearchBackend:
    if config.get("ELASTICSEARCH_URL"):
        from .elastic import ElasticBackend

        return ElasticBackend.from_config(config)
    from .embedded import EmbeddedBackend

    return EmbeddedBackend(config["EMBEDDED_SEARCH_PATH"])


def init_search(app) -> None:
    backend = make_backend(app.config)
    backend.breaker = Breaker(int(app.config.get("SEARCH_BREAKER_FAILURES", 3)),
                              float(app.config.get("SEARCH_BREAKER_COOLDOWN_SECONDS", 2.0)))
    from . import embeddings

    backend.set_embedder(*embeddings.for_config(app.config))
    log.info("Search: %s backend; %s", backend.name, backend.semantic_status)
    app.extensions["search"] = backend
    try:
        backend.ensure_indexes()
    except SearchUnavailable as exc:  # the outbox keeps writes until it is back
        log.warning("Search index not ready at start-up: %s", exc)
    from .indexer import Indexer

    app.extensions["indexer"] = Indexer(app, backend)
    from marketplace.services.saved_searches import changed

    from .percolator import follow_saved_search

    changed.connect(follow_saved_search, weak=False)  # idempotent: blinker keeps one per receiver


def get_indexer():
    return current_app.extensions["indexer"]


def get_backend() -> SearchBackend:
    return current_app.extensions["search"]


__all__ = ["SearchBackend", "SearchUnavailable", "get_backend", "get_indexer", "init_search", "make_backend"]
