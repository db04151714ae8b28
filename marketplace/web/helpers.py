"""What every template may use: who is signed in, taxonomy labels, dates and money."""
from __future__ import annotations

from datetime import date, datetime

from flask import current_app, render_template, request, url_for

from auth.http.actor import actor_from_request
from auth.policy.identity import Actor, InvalidCredentials
from marketplace import taxonomy as tx

# Vocabulary names by the field (or facet) that holds their codes.
VOCABULARY_OF = {
    "clinical_areas": tx.CLINICAL_AREAS, "codesign_areas": tx.CLINICAL_AREAS,
    "care_settings": tx.CARE_SETTINGS,
    "regulatory": tx.REGULATORY_STATUSES, "required_regulatory": tx.REGULATORY_STATUSES,
    "evidence_level": tx.EVIDENCE_LEVELS, "min_evidence_level": tx.EVIDENCE_LEVELS,
    "device_class": tx.DEVICE_CLASSES, "price_model": tx.PRICE_MODELS,
    "kind": tx.ORGANISATION_KINDS, "organisation_kind": tx.ORGANISATION_KINDS,
    "region": tx.REGIONS, "deployment_regions": tx.REGIONS,
}


def label(code, field: str) -> str:
    if code is None or code == "":
        return ""
    return tx.label(VOCABULARY_OF.get(field, field), code)


def labels(codes, field: str) -> list[str]:
    return [label(c, field) for c in (codes or [])]


def options(field: str) -> list[dict]:
    """The vocabulary's entries in its own order: {code, label, meaning?}."""
    return list(tx.vocabulary(VOCABULARY_OF.get(field, field)).entries)


def owner_choices(organisations) -> list[tuple[str, str]]:
    return [("", "Select an organisation")] + [(o.ref, o.name) for o in organisations]


def long_date(value) -> str:
    """26 November 2026, the NHS style."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, (date, datetime)):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def month_year(value) -> str:
    """"2024-03" (or "2024-03-15") as March 2024."""
    if not value:
        return ""
    try:
        return f"{date.fromisoformat(str(value)[:7] + '-01'):%B %Y}"
    except ValueError:
        return str(value)


def date_time(value) -> str:
    if not value:
        return ""
    return f"{long_date(value)} at {value:%H:%M}"


def money(value) -> str:
    return "" if value is None else f"£{value:,}"


def paged(endpoint: str):
    """page -> the URL of this listing page with the same query and that page number."""
    def url(page: int) -> str:
        query = {k: v for k, v in request.args.to_dict(flat=False).items() if k != "page"}
        return url_for(endpoint, **(request.view_args or {}), **query, page=page)

    return url


def sso() -> dict:
    """Single sign-on (auth.http.oidc): shown only when configured."""
    try:
        from auth.http import oidc
    except ImportError:
        return {"enabled": False, "name": ""}
    try:
        enabled = bool(oidc.sso_enabled(current_app))
        name = oidc.provider_name(current_app) if enabled else ""
    except Exception:  # noqa: BLE001 - a half-configured sign-on must not take the sign-in page down
        current_app.logger.exception("Single sign-on is misconfigured")
        return {"enabled": False, "name": ""}
    return {"enabled": enabled, "name": name}


def register(app) -> None:
    app.jinja_env.filters.update(label=label, labels=labels, long_date=long_date, month_year=month_year, date_time=date_time, money=money)
    app.jinja_env.globals.update(options=options, owner_choices=owner_choices, paged=paged, sso=sso)

    @app.context_processor
    def _who():
        # Only for pages: the API's templates (Swagger UI) need none of this.
        if request.path.startswith("/api/"):
            return {}
        try:
            actor = actor_from_request()
        except InvalidCredentials:  # a bad Authorization header on a page: show it as signed out
            actor = Actor(label="anonymous", remote_addr=request.remote_addr)
        return {"actor": actor, "current_path": request.full_path.rstrip("?")}


def signed_in_actor():
    """The person asking, or Unauthenticated (the pages send them to sign in)."""
    from auth.http.actor import actor_from_request
    from marketplace.services.errors import Unauthenticated

    actor = actor_from_request()
    if not actor.is_authenticated:
        raise Unauthenticated("Sign in to do this.")
    return actor

def form_page(template: str, form_class, schema, submit, done, *, initial: dict | None = None,
              load_extra: dict | None = None, **context):
    """A page with one form. GET shows it (with ``initial`` values); POST reads it, checks it with
    ``schema`` if there is one (plus ``load_extra``) and gives the data to ``submit``: a mistake shows the page again
    with the error summary (422), otherwise ``done(what submit returned)`` answers, usually a flash
    and a redirect. ``context`` goes to the template either way."""
    if request.method == "GET":
        return render_template(template, form=form_class(initial), **context)
    form = form_class.from_request(request.form)
    if schema is not None:
        form.load(schema, **(load_extra or {}))
    result = form.submit(submit)
    if result is None:
        return render_template(template, form=form, **context), 422
    return done(result)


def only_organisation(organisations) -> dict:
    """A form's first values when the caller acts for one organisation only: that one, chosen."""
    return {"organisation": organisations[0].ref} if len(organisations) == 1 else {}
