"""flask --app wsgi search reindex|worker|status"""
from __future__ import annotations

import fcntl
import logging
import time
import zlib
from contextlib import contextmanager
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session
from tqdm import tqdm

from marketplace import lifecycle
from marketplace.models import OutboxEvent, db

from . import embeddings, indexer
from .documents import INDEXED_KINDS

search_cli = AppGroup("search", help="The search index: rebuild it, keep it in step, check it.")
log = logging.getLogger(__name__)
READ_BATCH = 1000


def _stream(session: Session, kind: str, progress=None):
    """Every searchable record of ``kind`` as a document, read in batches by id."""
    model = indexer.MODELS[kind]
    last_id = 0
    while True:
        ids = list(session.execute(
            sa.select(model.id).where(model.id > last_id).order_by(model.id).limit(READ_BATCH)
        ).scalars())
        if not ids:
            return
        docs, _ = indexer.load_documents(session, kind, ids)
        yield from docs
        last_id = ids[-1]
        session.expunge_all()


class RebuildRunning(click.ClickException):
    """Another `search reindex` holds the rebuild lock."""

    def __init__(self):
        super().__init__("A rebuild of the search index is already running (another `flask search reindex`). "
                         "Nothing was changed; try again when it has finished.")


@contextmanager
def rebuild_lock(engine, name: str = "marketplace"):
    """Only one rebuild at a time per database and index prefix, or RebuildRunning at once.

    PostgreSQL: a session advisory lock, released when this ends or its connection dies.
    SQLite: an exclusive flock on a file beside the database file, released likewise when
    the process dies.
    """
    if engine.dialect.name == "postgresql":
        key = zlib.crc32(f"search-rebuild:{name}".encode())
        with engine.connect() as conn:
            if not conn.execute(sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar():
                raise RebuildRunning()
            conn.commit()
            try:
                yield
            finally:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                conn.commit()
        return
    database = engine.url.database
    if not database or database == ":memory:":  # an in-memory database: one process, one rebuild
        yield
        return
    with open(Path(f"{database}.{name}.rebuild.lock"), "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RebuildRunning() from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def rebuild_all(backend, show_progress: bool = True) -> dict[str, int]:
    """Rebuild every index from the database with no downtime, losing no change made meanwhile.

    Holds the rebuild lock: a second rebuild meanwhile raises RebuildRunning."""
    with rebuild_lock(db.engine, current_app.config.get("SEARCH_INDEX_PREFIX", "marketplace")):
        return _rebuild_all(backend, show_progress)


def _rebuild_all(backend, show_progress: bool) -> dict[str, int]:
    counts = {}
    with Session(db.engine) as session:
        # Changes committed after this point may be missing from the snapshot: replay them after the swap.
        high_water = session.execute(sa.select(sa.func.max(OutboxEvent.id))).scalar() or 0
        for kind in INDEXED_KINDS:
            model = indexer.MODELS[kind]
            query = sa.select(sa.func.count()).select_from(model)
            if kind != "organisation":
                query = query.where(model.status.in_(sorted(lifecycle.PUBLIC_STATUSES)))
            total = session.execute(query).scalar_one()
            bar = tqdm(total=total, desc=f"{kind}s", unit="doc", disable=not show_progress)
            # Read after every row up to high_water: that version (the replay's are higher).
            backend.rebuild(kind, _stream(session, kind), total, progress=bar.update, version=high_water)
            bar.close()
            counts[kind] = total
    indexer.replay_since(backend, high_water)
    return counts


@search_cli.command("reindex")
@click.option("--quiet", is_flag=True, help="no progress bar")
def reindex(quiet):
    """Rebuild the index from the database and swap it in atomically."""
    backend = current_app.extensions["search"]
    started, asked = time.perf_counter(), embeddings.stats()["texts"]
    counts = rebuild_all(backend, show_progress=not quiet)
    elapsed = time.perf_counter() - started
    # Vectors of texts the live index already held are reused, not embedded again.
    embedded = embeddings.stats()["texts"] - asked
    click.echo(", ".join(f"{n} {k}s" for k, n in counts.items()) + f" indexed in {elapsed:.1f}s ({backend.name});"
               f" {embedded} texts embedded")


@search_cli.command("worker")
@click.option("--interval", type=float, default=None,
              help="seconds between looks at an empty outbox (default SEARCH_DRAIN_POLL_SECONDS)")
@click.option("--once", is_flag=True, help="drain the outbox and stop")
def worker(interval, once):
    """Apply the outbox to the index continuously (production: beside or instead of the
    app's background drain; several workers share the rows)."""
    drainer = current_app.extensions["indexer"]
    if interval is not None:
        drainer.poll_seconds = interval
    click.echo(f"Indexing worker on {drainer.backend.name}; Ctrl-C to stop.")
    try:
        applied = drainer.run(once=once)
    except KeyboardInterrupt:
        click.echo("Stopped.")
        return
    if once:
        click.echo(f"applied {applied} outbox rows")


@search_cli.command("status")
def status():
    """What the index holds and what is waiting in the outbox."""
    backend = current_app.extensions["search"]
    for kind in INDEXED_KINDS:
        click.echo(f"{kind}s: {backend.count(kind)} in the index")
    click.echo(f"outbox: {indexer.pending_count()} pending")
    click.echo(f"backend: {backend.health()}")

