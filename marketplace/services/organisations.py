"""Use cases for organisations: profiles, verification and co-design offers."""
from __future__ import annotations

import re
import secrets

from auth import permissions
from auth.identity import Actor
from marketplace.models import Deployment, Membership, Need, Organisation, Solution, db

from . import audit
from .common import check_version, commit, get_or_404, ref_taken, require
from .errors import Conflict, Invalid


def get(actor: Actor, organisation_id: int) -> Organisation:
    return get_or_404(Organisation, organisation_id, "organisation")


def create(actor: Actor, data: dict) -> Organisation:
    require(actor, permissions.can_create_organisation(actor), "Sign in to add an organisation.")
    data = dict(data)
    ref = data.pop("ref", None) or _ref_from_name(data["name"])
    if ref_taken(Organisation, ref):
        raise Invalid("That ref is already used.", {"ref": [f"another organisation already has ref '{ref}'"]})
    _check_ods_free(data.get("ods_code"))
    org = Organisation(ref=ref, **{"codesign_areas": [], "open_to_codesign": False, **data})
    db.session.add(org)
    db.session.flush()
    if actor.user is not None and not actor.is_platform_admin:
        # Whoever starts an organisation runs it; a platform administrator verifies it.
        db.session.add(Membership(user_id=actor.user.id, organisation_id=org.id, role="admin"))
        org.verified = False
    audit.record(actor, "organisation.create", org, fields=sorted(data))
    commit()
    return org


def update(actor: Actor, organisation_id: int, data: dict) -> Organisation:
    org = get(actor, organisation_id)
    require(actor, permissions.can_edit_organisation(actor, org), f"Only admins of {org.name} can change its profile.")
    data = dict(data)
    check_version(org, data.pop("version", None))
    if "kind" in data and data["kind"] != org.kind and _owns_listings(org):
        raise Invalid("The kind cannot change while it owns listings.", {"kind": ["the organisation owns listings"]})
    if data.get("ods_code") and data["ods_code"] != org.ods_code:
        _check_ods_free(data["ods_code"], exclude_id=org.id)
    changed = {k: v for k, v in data.items() if getattr(org, k) != v}
    for key, value in changed.items():
        setattr(org, key, value)
    org.note_changes(changed)
    if changed:
        audit.record(actor, "organisation.update", org, fields=sorted(changed))
        commit()
    return org


def set_verified(actor: Actor, organisation_id: int, verified: bool) -> Organisation:
    org = get(actor, organisation_id)
    require(actor, permissions.can_verify_organisation(actor), "Only platform administrators verify organisations.")
    if org.verified != verified:
        org.verified = verified
        audit.record(actor, "organisation.verify" if verified else "organisation.unverify", org)
        commit()
    return org


def delete(actor: Actor, organisation_id: int) -> None:
    org = get(actor, organisation_id)
    require(actor, permissions.can_delete_organisation(actor, org), "Only platform administrators remove organisations.")
    if _owns_listings(org):
        raise Conflict("Remove the organisation's needs, solutions and deployments first.")
    audit.record(actor, "organisation.delete", org)
    db.session.delete(org)
    commit()


def _owns_listings(org: Organisation) -> bool:
    for model in (Need, Solution, Deployment):
        if db.session.execute(db.select(model.id).where(model.organisation_id == org.id).limit(1)).first():
            return True
    return False


def _check_ods_free(ods_code: str | None, exclude_id: int | None = None) -> None:
    if not ods_code:
        return
    query = db.select(Organisation.name).where(Organisation.ods_code == ods_code)
    if exclude_id is not None:
        query = query.where(Organisation.id != exclude_id)
    other = db.session.execute(query).scalar_one_or_none()
    if other is not None:
        raise Invalid("That ODS code is already used.", {"ods_code": [f"already used by {other}"]})


def _ref_from_name(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "org"
    return f"{slug}-{secrets.token_hex(3)}"
