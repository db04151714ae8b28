"""A need's shortlist, and side-by-side comparison of two to four solutions against the need.

The shortlist is private to the need's organisation. A comparison reads only public listings
against a need the caller can see, so anyone who can see the need may compare.
"""
from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from auth.policy import permissions
from auth.policy.identity import Actor
from marketplace.lifecycle import PUBLISHED
from marketplace import engagement
from marketplace import taxonomy as tx
from marketplace.models import Need, ShortlistEntry, Solution, db

from . import audit
from .common import commit, get_or_404, require
from .errors import Conflict, Invalid, NotFound



def _need(actor: Actor, need_id: int) -> Need:
    return get_or_404(Need, need_id, "need", lambda need: permissions.can_view_listing(actor, need))


def _shortlist_need(actor: Actor, need_id: int) -> Need:
    need = _need(actor, need_id)
    if not permissions.can_keep_shortlist(actor, need):
        require(actor, False, f"Only members of {need.organisation.name} keep this need's shortlist.")
    return need


def entries(actor: Actor, need_id: int) -> list[ShortlistEntry]:
    return need_and_entries(actor, need_id)[1]


def need_and_entries(actor: Actor, need_id: int) -> tuple[Need, list[ShortlistEntry]]:
    need = _shortlist_need(actor, need_id)
    return need, list(db.session.execute(
        sa.select(ShortlistEntry).where(ShortlistEntry.need_id == need.id).order_by(ShortlistEntry.created_at,
                                                                                     ShortlistEntry.id)
    ).scalars())


def add(actor: Actor, need_id: int, solution_id: int, *, commit_now: bool = True) -> ShortlistEntry:
    need = _shortlist_need(actor, need_id)
    require(actor, permissions.can_change_shortlist(actor, need),
            f"Only members of {need.organisation.name} change this need's shortlist.")
    solution = db.session.get(Solution, solution_id)
    if solution is None or solution.status != PUBLISHED:
        raise Invalid("Only published solutions go on a shortlist.",
                      {"solution_id": [f"no published solution with id {solution_id}"]})
    existing = _entry(need.id, solution.id)
    if existing is not None:
        if commit_now:
            raise Conflict(f"{solution.name} is already on the shortlist.", {"solution_id": ["already shortlisted"]})
        return existing
    entry = ShortlistEntry(need_id=need.id, solution_id=solution.id,
                           added_by_user_id=actor.user.id if actor.user else None)
    db.session.add(entry)
    db.session.flush()
    audit.record(actor, "shortlist.add", entry, object_type="shortlist_entry", need=need.ref, solution=solution.ref)
    if commit_now:
        commit()
    return entry


def remove(actor: Actor, need_id: int, solution_id: int) -> None:
    need = _shortlist_need(actor, need_id)
    require(actor, permissions.can_change_shortlist(actor, need),
            f"Only members of {need.organisation.name} change this need's shortlist.")
    entry = _entry(need.id, solution_id)
    if entry is None:
        raise NotFound("That solution is not on this need's shortlist.")
    audit.record(actor, "shortlist.remove", entry, object_type="shortlist_entry", need=need.ref,
                 solution=entry.solution.ref)
    db.session.delete(entry)
    commit()


def compare(actor: Actor, need_id: int, solution_ids: list[int]) -> dict:
    """Two to four published solutions side by side against the need: what it asked for against what each holds."""
    need = _need(actor, need_id)
    ids = list(dict.fromkeys(solution_ids))
    if not engagement.COMPARE_MIN <= len(ids) <= engagement.COMPARE_MAX:
        raise Invalid(f"Compare {engagement.COMPARE_MIN} to {engagement.COMPARE_MAX} solutions.",
                      {"solution_id": [f"give {engagement.COMPARE_MIN} to {engagement.COMPARE_MAX} different "
                                       f"solutions; {len(ids)} given"]})
    found = {s.id: s for s in db.session.execute(
        sa.select(Solution).where(Solution.id.in_(ids), Solution.status == PUBLISHED)).unique().scalars()}
    missing = [i for i in ids if i not in found]
    if missing:
        raise Invalid("Only published solutions can be compared.",
                      {"solution_id": [f"no published solution with id {i}" for i in missing]})
    return {"need": need, "columns": [_column(need, found[i]) for i in ids]}


def _column(need: Need, solution: Solution) -> dict:
    from search import documents, matching

    gaps = matching.eligibility_gaps(matching.need_profile(documents.need_document(need)),
                                     documents.solution_document(solution))
    held = set(solution.regulatory)
    return {
        "solution": solution,
        "evidence_level": solution.evidence_level,
        "evidence": tx.label(tx.EVIDENCE_LEVELS, solution.evidence_level),
        "meets_evidence": tx.evidence_rank(solution.evidence_level) >= tx.evidence_rank(need.min_evidence_level),
        "required_regulatory": [{"code": c, "label": tx.label(tx.REGULATORY_STATUSES, c), "held": c in held}
                                for c in need.required_regulatory],
        "other_regulatory": [tx.label(tx.REGULATORY_STATUSES, c) for c in solution.regulatory
                             if c not in need.required_regulatory],
        "device_class": tx.label(tx.DEVICE_CLASSES, solution.device_class),
        "price_model": tx.label(tx.PRICE_MODELS, solution.price_model) if solution.price_model else "Not given",
        "deployments": [{"organisation": d.organisation.name, "region": d.organisation.region,
                         "since": d.since, "outcome": d.outcome} for d in solution.deployments],
        "gaps": gaps,
    }


def comparison_csv(comparison: dict) -> str:
    """The comparison as CSV for procurement colleagues: one row per question, one column per solution."""
    columns = comparison["columns"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["", *[_safe(c["solution"].name) for c in columns]])
    writer.writerow(["Organisation", *[_safe(c["solution"].organisation.name) for c in columns]])
    writer.writerow(["Evidence", *[_safe(c["evidence"] + ("" if c["meets_evidence"] else " (below the minimum)"))
                                   for c in columns]])
    for i, line in enumerate(comparison["need"].required_regulatory):
        label = tx.label(tx.REGULATORY_STATUSES, line)
        writer.writerow([_safe(f"Required: {label}"),
                         *["Held" if c["required_regulatory"][i]["held"] else "Missing" for c in columns]])
    writer.writerow(["Other regulatory", *[_safe("; ".join(c["other_regulatory"])) for c in columns]])
    writer.writerow(["Device class", *[_safe(c["device_class"]) for c in columns]])
    writer.writerow(["Deployments", *[str(len(c["deployments"])) for c in columns]])
    writer.writerow(["Outcomes", *[_safe(" | ".join(f"{d['organisation']}: {d['outcome']}" for d in c["deployments"]
                                                    if d["outcome"])) for c in columns]])
    writer.writerow(["Price model", *[_safe(c["price_model"]) for c in columns]])
    writer.writerow(["Gaps against the need", *[_safe("; ".join(c["gaps"]) or "None") for c in columns]])
    return out.getvalue()


def shortlist_csv(need: Need, shortlist: list[ShortlistEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Solution", "Organisation", "Evidence", "Regulatory", "Device class", "Deployments",
                     "Listing reference", "Added"])
    for e in shortlist:
        s = e.solution
        writer.writerow([_safe(s.name), _safe(s.organisation.name), tx.label(tx.EVIDENCE_LEVELS, s.evidence_level),
                         "; ".join(tx.label(tx.REGULATORY_STATUSES, c) for c in s.regulatory),
                         tx.label(tx.DEVICE_CLASSES, s.device_class), len(s.deployments), s.ref,
                         e.created_at.date().isoformat()])
    return out.getvalue()


def _safe(text: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs (CSV injection):
    # a leading apostrophe keeps it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _entry(need_id: int, solution_id: int) -> ShortlistEntry | None:
    return db.session.execute(
        sa.select(ShortlistEntry).where(ShortlistEntry.need_id == need_id, ShortlistEntry.solution_id == solution_id)
    ).scalar_one_or_none()
