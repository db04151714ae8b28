"""``flask alerts``: the daily digests (saved-search alerts and notifications), and the percolator's rebuild.

Cron, once a day (any time: it sends what is due, and running it again sends nothing twice)::

    15 7 * * *  cd /srv/marketplace && .venv/bin/flask --app wsgi alerts digest
"""
from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.models import db

alerts_cli = AppGroup("alerts", help="Saved-search alerts: daily digests and the percolator index.")


@alerts_cli.command("digest")
def digest_command():
    """Email the daily digests (saved-search alerts, then notifications), and any immediate email
    that failed. Safe to run repeatedly."""
    from marketplace import notification_email
    from search import alerts

    sent = alerts.send_due(db.engine)
    click.echo(f"{sent['digests']} digest(s) and {sent['immediate']} immediate alert(s) sent")
    sent = notification_email.send_due(db.engine)
    click.echo(f"{sent['digests']} notification digest(s) and {sent['immediate']} notification email(s) sent")


@alerts_cli.command("rebuild")
def rebuild_command():
    """Rebuild the saved searches' percolator index from the database (Elasticsearch only)."""
    from marketplace.services.saved_searches import active_searches
    from search import get_backend, percolator

    matcher = percolator.for_backend(get_backend())
    if not hasattr(matcher, "rebuild"):
        click.echo("The embedded backend reads saved searches from the database: nothing to rebuild")
        return
    for kind in percolator.KINDS:
        searches = active_searches(kind)
        matcher.rebuild(kind, searches)
        if matcher.native is False:
            click.echo("This Elasticsearch has no percolator module: saved searches run by _msearch, nothing to rebuild")
            return
        click.echo(f"{len(searches)} saved {kind} search(es) in {matcher.alias(kind)}")
