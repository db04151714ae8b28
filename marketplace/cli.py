"""Command-line tools: flask --app wsgi listings|users ..."""
from __future__ import annotations

import json
import sys

import click
from flask import Flask
from flask.cli import AppGroup

from auth.identity import cli_actor, issue_personal_token
from marketplace.models import Membership, Organisation, User, db
from marketplace.services import bundle
from marketplace.services.errors import ServiceError

listings_cli = AppGroup("listings", help="Import and export the listings bundle.")
users_cli = AppGroup("users", help="Accounts and API tokens.")


@listings_cli.command("import")
@click.argument("file", type=click.File("rb"))
def import_command(file):
    """Import a listings bundle: all or nothing, idempotent by ref."""
    try:
        document = json.loads(file.read().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{file.name} is not valid JSON: {exc}") from None
    try:
        report = bundle.import_bundle(cli_actor("listings import"), document)
    except ServiceError as exc:
        click.echo(exc.message, err=True)
        for line in getattr(exc, "problems", None) or _lines(exc.errors):
            click.echo(f"  {line}", err=True)
        sys.exit(1)
    for kind, counts in report.as_dict().items():
        click.echo(f"{kind}: " + ", ".join(f"{n} {outcome}" for outcome, n in counts.items()))


def _lines(errors) -> list[str]:
    if isinstance(errors, dict):
        return [f"{path}: {'; '.join(msgs)}" for path, msgs in errors.items()]
    return list(errors or [])


@listings_cli.command("export")
@click.argument("file", type=click.File("w", encoding="utf-8"), default="-")
def export_command(file):
    """Export every organisation and listing as a bundle (to FILE or standard output)."""
    left_out: list[str] = []
    json.dump(bundle.export_bundle(left_out), file, indent=1, ensure_ascii=False)
    file.write("\n")
    if left_out:
        click.echo(f"Left out {len(left_out)} draft(s) not complete enough for a bundle: {', '.join(left_out)}", err=True)


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", default="")
@click.option("--organisation", "org_ref", help="ref of the organisation to join")
@click.option("--role", type=click.Choice(["member", "admin"]), default="member")
@click.option("--platform-admin", is_flag=True, help="may verify organisations and import bundles")
def create_user(email, name, org_ref, role, platform_admin):
    """Create a user (or add a membership) and print a new API token."""
    from marketplace.services import audit

    actor = cli_actor("users create")
    user = db.session.execute(db.select(User).where(User.email == email.lower())).scalar_one_or_none()
    if user is None:
        user = User(email=email.lower(), name=name, is_platform_admin=platform_admin)
        db.session.add(user)
        db.session.flush()
        audit.record(actor, "user.create", user, object_type="user")
    if org_ref:
        org = db.session.execute(db.select(Organisation).where(Organisation.ref == org_ref)).scalar_one_or_none()
        if org is None:
            raise click.ClickException(f"no organisation with ref '{org_ref}'")
        if not any(m.organisation_id == org.id for m in user.memberships):
            db.session.add(Membership(user_id=user.id, organisation_id=org.id, role=role))
            audit.record(actor, "membership.create", org, user=user.email, role=role)
    token = issue_personal_token(user, label="cli")
    audit.record(actor, "token.create", user, object_type="user")
    db.session.commit()
    click.echo(token)


def register(app: Flask) -> None:
    app.cli.add_command(listings_cli)
    app.cli.add_command(users_cli)
    from search.cli import search_cli

    app.cli.add_command(search_cli)
