"""Command-line tools: flask --app wsgi listings|users ..."""
from __future__ import annotations

import json
import sys

import click
from flask import Flask
from flask.cli import AppGroup

from auth.policy.identity import cli_actor
from marketplace.models import Membership, Organisation, User, db
from marketplace.schemas.bundle import parse_bundle
from marketplace.services import bundle
from marketplace.services.errors import ServiceError

listings_cli = AppGroup("listings", help="Import and export the listings bundle.")
users_cli = AppGroup("users", help="Accounts and API clients.")
organisations_cli = AppGroup("organisations", help="Organisations: verification.")
claims_cli = AppGroup("claims", help="Regulatory and evidence claims: expiry reminders.")


@claims_cli.command("remind")
def claims_remind() -> None:
    """Warn innovators of claims expiring within 30 days and re-index solutions whose claims expired.

    Safe to run repeatedly (each claim is warned and applied once): run it daily, e.g. from cron."""
    from marketplace.services import claims

    warned, expired = claims.remind(cli_actor("claims remind"))
    click.echo(f"{warned} claim(s) about to expire warned of; {expired} expired claim(s) applied to the index.")


@organisations_cli.command("verify")
@click.argument("refs", nargs=-1)
@click.option("--all", "everyone", is_flag=True, help="every organisation not yet verified")
@click.option("--except", "excepted", multiple=True, help="a ref to leave as it is (with --all)")
def verify_command(refs, everyone, excepted):
    """Mark organisations as verified (the platform team has checked kind and ODS code)."""
    from marketplace.services.organisations import set_verified

    if not refs and not everyone:
        raise click.ClickException("name organisations by ref, or pass --all")
    query = db.select(Organisation).order_by(Organisation.id)
    query = query.where(Organisation.verified.is_(False)) if everyone else query.where(Organisation.ref.in_(refs))
    found = [o for o in db.session.execute(query).scalars() if o.ref not in excepted]
    missing = set(refs) - {o.ref for o in found} - set(excepted)
    if missing and not everyone:
        raise click.ClickException(f"no organisation with ref {', '.join(sorted(missing))}")
    actor = cli_actor("organisations verify")
    for org in found:
        set_verified(actor, org.id, True)
    click.echo(f"{len(found)} organisation(s) verified")


@listings_cli.command("import")
@click.argument("file", type=click.File("rb"))
def import_command(file):
    """Import a listings bundle: all or nothing, idempotent by ref."""
    try:
        document = json.loads(file.read().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{file.name} is not valid JSON: {exc}") from None
    try:
        report = bundle.import_bundle(cli_actor("listings import"), parse_bundle(document))
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
@click.option("--platform-admin", is_flag=True, help="may verify organisations, suspend accounts and import bundles")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input instead of asking")
@click.option("--no-password", is_flag=True, help="single sign-on only")
def create_user(email, name, org_ref, role, platform_admin, password_stdin, no_password):
    """Create a person who can sign in (or add a membership to an existing one)."""
    from auth.credentials import passwords
    from auth.services.accounts import email_problem, normalise_email
    from marketplace.services import audit

    actor = cli_actor("users create")
    email = normalise_email(email)
    if problem := email_problem(email):
        raise click.ClickException(problem)
    user = db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()
    if user is None:
        password = None
        if not no_password:
            password = (click.get_text_stream("stdin").readline().rstrip("\n") if password_stdin
                        else click.prompt("Password", hide_input=True, confirmation_prompt=True))
            if problems := passwords.password_problems(password, email):
                raise click.ClickException(" ".join(problems))
        user = User(email=email, name=name or email.split("@")[0], is_platform_admin=platform_admin,
                    password_hash=passwords.hash_password(password) if password else None)
        db.session.add(user)
        db.session.flush()
        audit.record(actor, "user.create", user, object_type="user", platform_admin=platform_admin)
    if org_ref:
        org = db.session.execute(db.select(Organisation).where(Organisation.ref == org_ref)).scalar_one_or_none()
        if org is None:
            raise click.ClickException(f"no organisation with ref '{org_ref}'")
        if not any(m.organisation_id == org.id for m in user.memberships):
            db.session.add(Membership(user_id=user.id, organisation_id=org.id, role=role))
            audit.record(actor, "membership.create", org, user=user.email, role=role)
    db.session.commit()
    click.echo(f"{user.email} (user {user.id})")


@users_cli.command("client")
@click.option("--email", required=True, help="the organisation admin the client acts for")
@click.option("--organisation", "org_ref", help="ref of the client's organisation (none: a platform client)")
@click.option("--name", default="command line")
@click.option("--scopes", default="listings:read listings:write", show_default=True)
def create_client(email, org_ref, name, scopes):
    """Register an OAuth2 API client and print its id and secret (shown once)."""
    from auth.services.clients import register_client
    from auth.policy.identity import Actor
    from marketplace.services.errors import ServiceError

    user = db.session.execute(db.select(User).where(User.email == email.strip().lower())).scalar_one_or_none()
    if user is None:
        raise click.ClickException(f"no user with email '{email}'")
    org_id = None
    if org_ref:
        org = db.session.execute(db.select(Organisation).where(Organisation.ref == org_ref)).scalar_one_or_none()
        if org is None:
            raise click.ClickException(f"no organisation with ref '{org_ref}'")
        org_id = org.id
    # The client acts for this person, so it is registered as them (from the operator's shell).
    actor = Actor(user=user, label="cli:users client", via="session")
    try:
        client, secret = register_client(actor, org_id, name, scopes.split())
    except ServiceError as exc:
        raise click.ClickException(f"{exc.message} {exc.errors or ''}".strip()) from None
    click.echo(f"client_id={client.client_id}")
    click.echo(f"client_secret={secret}")


def register(app: Flask) -> None:
    app.cli.add_command(listings_cli)
    app.cli.add_command(claims_cli)
    from marketplace.demo.journey import demo_cli

    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(organisations_cli)
    from search.cli import search_cli

    app.cli.add_command(search_cli)
    from marketplace.alerts_cli import alerts_cli

    app.cli.add_command(alerts_cli)
