"""Helpers every service uses: committing safely and looking records up."""
from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from marketplace.models import Organisation, db

from .errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated

log = logging.getLogger(__name__)


# Set in db.session.info by the HTTP layer that commits itself, once its answer is ready
# (marketplace/api/transactions.py): commit() then only flushes, and notes that it was asked.
COMMIT_DEFERRED = "commit_deferred"
COMMIT_REQUESTED = "commit_requested"


def commit() -> None:
    """Commit, turning a lost race into 409 and leaving nothing half-written."""
    try:
        if db.session.info.get(COMMIT_DEFERRED):
            db.session.flush()  # the same errors, now; the commit itself comes with the answer
            db.session.info[COMMIT_REQUESTED] = True
        else:
            db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict("Someone else changed this record while you were editing it. Reload it and try again.") from None
    except IntegrityError as exc:
        db.session.rollback()
        # The database's own words name constraints and values: they go to the log, not the caller.
        log.warning("Integrity error on commit: %s", str(exc.orig).splitlines()[0])
        raise Conflict("The change clashes with another record (a ref or ODS code already used, or a record "
                       "changed or removed meanwhile). Reload and try again.") from None


def check_version(record, given: int | None) -> None:
    if given is not None and given != record.version:
        raise Conflict(
            f"This record is at version {record.version}, not {given}: someone else changed it. "
            "Reload it and apply your change again.",
            {"version": [f"stale: the current version is {record.version}"]},
        )


def organisation_by_ref(ref: str, field: str = "organisation") -> Organisation:
    org = db.session.execute(db.select(Organisation).where(Organisation.ref == ref)).scalar_one_or_none()
    if org is None:
        raise Invalid("Unknown organisation.", {field: [f"no organisation with ref '{ref}'"]})
    return org


def get_or_404(model, record_id: int, what: str, visible_if=None):
    """The record, or NotFound if it is absent or ``visible_if(record)`` is false: whether a record
    the caller may not see exists is not the caller's business, so both get the same answer."""
    record = db.session.get(model, record_id)
    if record is None or (visible_if is not None and not visible_if(record)):
        raise NotFound(f"No {what} with id {record_id}.")
    return record


def ref_taken(model, ref: str, exclude_id: int | None = None) -> bool:
    query = db.select(model.id).where(model.ref == ref)
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    return db.session.execute(query).first() is not None


def require(actor, allowed: bool, message: str) -> None:
    """401 for the anonymous, 403 for a signed-in caller without the right."""
    if allowed:
        return
    if not actor.is_authenticated:
        raise Unauthenticated("Sign in to do this.")
    raise Forbidden(message)


def member_organisation_ids(actor) -> list[int]:
    """The organisations the caller acts for (none for the anonymous or an API client)."""
    if actor.user is None:
        return []
    return [m.organisation_id for m in actor.user.memberships if actor.role_in(m.organisation_id)]
