"""Use cases for needs and solutions: create, read, update, change status, delete.

Needs and solutions share one lifecycle and one set of rules, so one module
serves both, described by a ListingKind.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from auth import permissions
from auth.identity import Actor
from marketplace import lifecycle
from marketplace.models import NHS_KINDS, Need, Solution, db, utcnow
from marketplace.schemas.listings import NEED_REQUIRED_TO_PUBLISH, SOLUTION_REQUIRED_TO_PUBLISH

from . import audit
from .common import check_version, commit, get_or_404, organisation_by_ref, ref_taken, require
from .errors import Conflict, Invalid, NotFound


@dataclass(frozen=True)
class ListingKind:
    name: str
    model: type
    owner_kinds: frozenset[str]
    owner_rule: str
    required_to_publish: tuple[str, ...]
    defaults: dict


NEED = ListingKind(
    name="need",
    model=Need,
    owner_kinds=NHS_KINDS,
    owner_rule="needs are posted by NHS organisations (trusts, ICBs and primary care)",
    required_to_publish=NEED_REQUIRED_TO_PUBLISH,
    defaults={
        "clinical_areas": [], "care_settings": [], "required_regulatory": [],
        "min_evidence_level": "concept", "open_to_codesign": False, "problem": "",
    },
)
SOLUTION = ListingKind(
    name="solution",
    model=Solution,
    owner_kinds=frozenset({"innovator"}),
    owner_rule="solutions are listed by innovators",
    required_to_publish=SOLUTION_REQUIRED_TO_PUBLISH,
    defaults={
        "clinical_areas": [], "care_settings": [], "regulatory": [],
        "evidence_level": "concept", "device_class": "not-a-device", "seeking_codesign": False,
        "summary": "",
    },
)
KINDS = {"need": NEED, "solution": SOLUTION}


def get(kind: ListingKind, actor: Actor, listing_id: int):
    listing = get_or_404(kind.model, listing_id, kind.name)
    if not permissions.can_view_listing(actor, listing):
        raise NotFound(f"No {kind.name} with id {listing_id}.")
    return listing


def create(kind: ListingKind, actor: Actor, data: dict):
    require(actor, actor.is_authenticated, "")
    data = dict(data)
    org = organisation_by_ref(data.pop("organisation"))
    # Organisations are public, so a 403 here leaks nothing.
    require(actor, permissions.can_create_listing_for(actor, org.id), f"Only members of {org.name} can add its {kind.name}s.")
    if org.kind not in kind.owner_kinds:
        raise Invalid(f"{org.name} cannot own a {kind.name}.", {"organisation": [kind.owner_rule]})
    ref = data.pop("ref", None) or f"{kind.name}-{secrets.token_hex(5)}"
    if ref_taken(kind.model, ref):
        raise Invalid("That ref is already used.", {"ref": [f"another {kind.name} already has ref '{ref}'"]})
    listing = kind.model(ref=ref, organisation_id=org.id, status="draft", **{**kind.defaults, **data})
    db.session.add(listing)
    db.session.flush()
    audit.record(actor, f"{kind.name}.create", listing, fields=sorted(data))
    commit()
    return listing


def update(kind: ListingKind, actor: Actor, listing_id: int, data: dict):
    listing = editable(kind, actor, listing_id)
    data = dict(data)
    check_version(listing, data.pop("version", None))
    changed = {k: v for k, v in data.items() if getattr(listing, k) != v}
    if listing.status == "published":
        _check_complete(kind, {**_values(listing), **changed})
    for key, value in changed.items():
        setattr(listing, key, value)
    if changed:
        audit.record(actor, f"{kind.name}.update", listing, fields=sorted(changed))
        commit()
    return listing


def transition(kind: ListingKind, actor: Actor, listing_id: int, action: str, version: int | None = None):
    listing = editable(kind, actor, listing_id)
    check_version(listing, version)
    try:
        target = lifecycle.next_status(kind.name, listing.status, action)
    except lifecycle.IllegalTransition as exc:
        raise Conflict(str(exc).capitalize() + ".", {"status": [f"is {listing.status}"]}) from None
    if target == "published":
        _check_complete(kind, _values(listing))
        listing.published_at = listing.published_at or utcnow()
    previous = listing.status
    listing.status = target
    audit.record(actor, f"{kind.name}.{action}", listing, status={"from": previous, "to": target})
    commit()
    return listing


def delete(kind: ListingKind, actor: Actor, listing_id: int) -> None:
    listing = editable(kind, actor, listing_id)
    audit.record(actor, f"{kind.name}.delete", listing, status=listing.status)
    db.session.delete(listing)
    commit()


def editable(kind: ListingKind, actor: Actor, listing_id: int):
    listing = get(kind, actor, listing_id)
    require(
        actor,
        permissions.can_edit_listing(actor, listing),
        f"Only members of {listing.organisation.name} can change this {kind.name}.",
    )
    return listing


def _values(listing) -> dict:
    return {c.key: getattr(listing, c.key) for c in listing.__table__.columns}


def _check_complete(kind: ListingKind, values: dict) -> None:
    missing = {name: ["required to publish"] for name in kind.required_to_publish if not values.get(name)}
    if missing:
        raise Invalid(f"This {kind.name} is not complete enough to publish.", missing)

