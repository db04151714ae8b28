"""The readiness checklist: what a trust asks for against what a solution holds, line by line.

One rule for every face: the API, the pages, the comparison and the CSV all call ``checklist``.
A regulatory or evidence claim may carry a reference, an issue date and an expiry date; an
expired claim stops counting (for eligibility too: ``effective_regulatory``). A code declared
without any claim record counts as before, awaiting verification.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from marketplace import taxonomy as tx

MET = "met"
MISSING = "missing"
EXPIRED = "expired"
AWAITING = "awaiting-verification"
NOT_REQUIRED = "not-required"
STATUS_LABELS = {
    MET: "Met", MISSING: "Missing", EXPIRED: "Expired", AWAITING: "Awaiting verification",
    NOT_REQUIRED: "Not required",
}

REGULATORY = "regulatory"
EVIDENCE = "evidence"
CLAIM_KINDS = (REGULATORY, EVIDENCE)

# The standard lines, in the order every trust reads them.
REGULATORY_LINES = ("dtac", "dcb0129", "dspt", "ukca-ce-marked", "mhra-registered", "cyber-essentials-plus")
EVIDENCE_LINE = "evidence"
DEPLOYMENTS_LINE = "confirmed-deployments"

# Innovators are warned this long before a claim expires.
EXPIRY_WARNING = timedelta(days=30)


@dataclass(frozen=True)
class ClaimFacts:
    """What the checklist needs to know of a claim (a model row or a dict will do via ``facts``)."""

    kind: str
    code: str
    reference: str | None
    expires_on: date | None
    verified: bool


def facts(claim) -> ClaimFacts:
    return ClaimFacts(claim.kind, claim.code, claim.reference, claim.expires_on, claim.verified_at is not None)


def is_expired(claim: ClaimFacts, today: date) -> bool:
    return claim.expires_on is not None and claim.expires_on < today


def expires_soon(claim: ClaimFacts, today: date) -> bool:
    return claim.expires_on is not None and today <= claim.expires_on <= today + EXPIRY_WARNING


def effective_regulatory(declared, claims, today: date) -> tuple[list[str], list[str]]:
    """(codes that count, codes whose every claim has expired). Declared codes with no claim count."""
    by_code: dict[str, list[ClaimFacts]] = {}
    for c in claims:
        if c.kind == REGULATORY:
            by_code.setdefault(c.code, []).append(c)
    held, expired = [], []
    for code in declared:
        records = by_code.get(code)
        if records and all(is_expired(c, today) for c in records):
            expired.append(code)
        else:
            held.append(code)
    return held, expired


def _regulatory_line(code, declared, claims, required: bool | None, today: date, device_class: str) -> dict:
    records = [c for c in claims if c.kind == REGULATORY and c.code == code]
    live = [c for c in records if not is_expired(c, today)]
    if code not in declared:
        status = MISSING if required or required is None else NOT_REQUIRED
    elif records and not live:
        status = EXPIRED
    elif any(c.verified for c in live):
        status = MET
    else:
        status = AWAITING
    best = next((c for c in live if c.verified), live[0] if live else (records[0] if records else None))
    detail = []
    if best is not None and best.reference:
        detail.append(f"Reference {best.reference}")
    if best is not None and best.expires_on:
        detail.append(("expired " if is_expired(best, today) else "expires ") + best.expires_on.isoformat())
    if code == "ukca-ce-marked":
        detail.append(tx.label(tx.DEVICE_CLASSES, device_class))
    return {"line": code, "label": tx.label(tx.REGULATORY_STATUSES, code), "required": bool(required),
            "status": status, "detail": "; ".join(detail)}


def checklist(solution, claims, confirmed_deployments: int, need=None, today: date | None = None) -> list[dict]:
    """The standard lines for ``solution`` (against ``need`` when given): each met, missing, expired,
    awaiting verification or not required, with a short detail (reference, expiry, device class)."""
    today = today or date.today()
    claims = [c if isinstance(c, ClaimFacts) else facts(c) for c in claims]
    declared = set(solution.regulatory or ())
    required_codes = set(need.required_regulatory or ()) if need is not None else None
    lines = []
    extra = sorted(required_codes - set(REGULATORY_LINES)) if required_codes else []
    for code in (*REGULATORY_LINES, *extra):
        required = None if required_codes is None else code in required_codes
        lines.append(_regulatory_line(code, declared, claims, required, today, solution.device_class))
    lines.append(_evidence_line(solution, claims, need, today))
    lines.append({"line": DEPLOYMENTS_LINE, "label": "Confirmed NHS deployments", "required": False,
                  "status": MET if confirmed_deployments else (NOT_REQUIRED if need is not None else MISSING),
                  "detail": f"{confirmed_deployments} confirmed"})
    return lines


def _evidence_line(solution, claims, need, today: date) -> dict:
    level = solution.evidence_level
    minimum = need.min_evidence_level if need is not None else None
    records = [c for c in claims if c.kind == EVIDENCE and c.code == level]
    live = [c for c in records if not is_expired(c, today)]
    if minimum is not None and tx.evidence_rank(level) < tx.evidence_rank(minimum):
        status = MISSING
    elif records and not live:
        status = EXPIRED
    elif any(c.verified for c in live):
        status = MET
    elif minimum is not None and tx.evidence_rank(minimum) == 0:
        status = NOT_REQUIRED if not live else AWAITING
    else:
        status = AWAITING
    detail = [tx.label(tx.EVIDENCE_LEVELS, level)]
    if minimum is not None:
        detail.append(f"{tx.label(tx.EVIDENCE_LEVELS, minimum)} required")
    ref = next((c.reference for c in live if c.reference), None)
    if ref:
        detail.append(f"Published at {ref}")
    return {"line": EVIDENCE_LINE, "label": "Evidence", "required": minimum is not None and tx.evidence_rank(minimum) > 0,
            "status": status, "detail": "; ".join(detail)}
