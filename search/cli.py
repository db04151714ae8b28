"""flask --app wsgi search reindex|worker|status"""
from __future__ import annotations

import logging
import time

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


def rebuild_all(backend, show_progress: bool = True) -> dict[str, int]:
    """Rebuild every index from the database with no downtime, losing no change made meanwhile."""
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
            backend.rebuild(kind, _stream(session, kind), total, progress=bar.update)
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
@click.option("--interval", default=1.0, help="seconds to wait when the outbox is empty")
@click.option("--once", is_flag=True, help="drain the outbox and stop")
def worker(interval, once):
    """Apply the outbox to the index continuously (production: SEARCH_SYNC=worker)."""
    backend = current_app.extensions["search"]
    click.echo(f"Indexing worker on {backend.name}; Ctrl-C to stop.")
    try:
        while True:
            applied = indexer.process_pending(backend)
            if applied:
                log.info("applied %d outbox rows", applied)
                continue
            if once and indexer.pending_ready_count() == 0:
                return
            time.sleep(interval)
    except KeyboardInterrupt:
        click.echo("Stopped.")


@search_cli.command("status")
def status():
    """What the index holds and what is waiting in the outbox."""
    backend = current_app.extensions["search"]
    for kind in INDEXED_KINDS:
        click.echo(f"{kind}s: {backend.count(kind)} in the index")
    click.echo(f"outbox: {indexer.pending_count()} pending")
    click.echo(f"backend: {backend.health()}")

