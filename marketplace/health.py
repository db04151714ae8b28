"""GET /health: what a load balancer and an operator need to know, answered within a
request's time budget (the search part at once while the breaker is open).

``status`` is "ok" when the database and the search index both answer, "degraded" when
only the index does not (200: pages and the API still serve everything but search and
match, and the outbox keeps every write for the index), and "unavailable" when the
database does not (503: nothing useful can be served).
"""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.models import db

# What the index reports when it cannot serve searches (Elasticsearch's own word for a
# cluster missing a primary shard is "red").
SEARCH_DOWN = {"unavailable", "red"}


def report(app) -> tuple[dict, int]:
    database = "ok"
    pending = None
    try:
        db.session.execute(sa.text("SELECT 1"))
        from search.indexer import pending_count

        pending = pending_count(db.engine)
    except Exception:  # the database did not answer: say so, never 500
        db.session.rollback()
        database = "unavailable"
    search = app.extensions["search"].health()
    if database != "ok":
        status, code = "unavailable", 503
    elif search["status"] in SEARCH_DOWN:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return {"status": status, "database": database, "search": search, "outbox_pending": pending}, code
