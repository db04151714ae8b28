"""The rules of acting on a match: responses to needs, their statuses and reasons.

An innovator organisation responds to a published need with one of its own
published solutions (an expression of interest). The need's organisation
shortlists or declines each response (with a coded reason); the innovator may
withdraw its own. Both sides talk in the response's message thread.
"""
from __future__ import annotations

from datetime import timedelta

OPEN = "open"  # awaiting the need's organisation
SHORTLISTED = "shortlisted"
DECLINED = "declined"
WITHDRAWN = "withdrawn"
INTEREST_STATUSES = (OPEN, SHORTLISTED, DECLINED, WITHDRAWN)

# Which side takes each action: the need's organisation ("need") or the responder ("solution").
# action -> (side, statuses it may start from, status it leads to)
INTEREST_TRANSITIONS: dict[str, tuple[str, frozenset[str], str]] = {
    "shortlist": ("need", frozenset({OPEN}), SHORTLISTED),
    "decline": ("need", frozenset({OPEN, SHORTLISTED}), DECLINED),
    "withdraw": ("solution", frozenset({OPEN, SHORTLISTED}), WITHDRAWN),
}

# Why a trust declines a response: coded, so the innovator learns something and the
# reasons can be counted. "other" needs a note.
DECLINE_REASONS = {
    "evidence-insufficient": "Evidence insufficient",
    "regulatory-gap": "Regulatory gap",
    "cost": "Cost",
    "no-capacity": "No capacity to take it on",
    "duplicate": "Duplicates something already in use",
    "other": "Other",
}
DECLINE_REASON_NEEDING_NOTE = "other"

# A response nobody at the trust has acted on for this long is shown to the trust as overdue.
OVERDUE_AFTER = timedelta(days=30)

RESPONSE_MESSAGE_MAX = 2000
THREAD_MESSAGE_MAX = 5000


class IllegalInterestTransition(Exception):
    pass


def _transition(transitions: dict, what: str, status: str, action: str) -> tuple[str, str]:
    """Who may take ``action`` on ``what`` and the status it leads to, or IllegalInterestTransition."""
    try:
        who, allowed_from, target = transitions[action]
    except KeyError:
        raise IllegalInterestTransition(f"'{action}' is not an action on {what}") from None
    if status not in allowed_from:
        raise IllegalInterestTransition(f"cannot {action} {what} that is {status}")
    return who, target


def interest_transition(status: str, action: str) -> tuple[str, str]:
    """The side that may take ``action`` and the status it leads to, or IllegalInterestTransition."""
    return _transition(INTEREST_TRANSITIONS, "a response", status, action)


def is_overdue(status: str, created_at, now) -> bool:
    return status == OPEN and now - created_at > OVERDUE_AFTER


# --- pooled demand: other NHS organisations join a published need ---------------------
SUPPORT_NOTE_MAX = 1000
# Population served and sites are optional; these bounds only refuse typing mistakes.
POPULATION_MAX = 100_000_000
SITES_MAX = 10_000


# --- shortlists and comparisons ----------------------------------------------------------
# Side by side is readable on a screen and a printed page for two to four solutions.
COMPARE_MIN = 2
COMPARE_MAX = 4


# --- how a need ends ------------------------------------------------------------------------
NEED_OUTCOMES = {
    "adopted": "Adopted",
    "piloting": "Piloting",
    "not-progressed": "Not progressed",
}
# An adoption or a pilot names the solution; "not progressed" may not.
OUTCOMES_NAMING_A_SOLUTION = frozenset({"adopted", "piloting"})
OUTCOME_NOTE_MAX = 2000


# --- co-design -------------------------------------------------------------------------------
# What an NHS organisation offers innovators who co-design with it.
CODESIGN_OFFERINGS = {
    "staff-time": "Staff time",
    "patient-panels": "Patient panels",
    "test-environment": "A test environment",
    "clinical-capacity": "Clinical capacity for an evaluation",
    "data-access": "Access to anonymised data",
}
OFFER_OPEN = "open"
OFFER_CLOSED = "closed"
OFFER_STATUSES = (OFFER_OPEN, OFFER_CLOSED)

# A request goes from an innovator to an organisation's open offer; an invitation from an NHS
# organisation to a solution that seeks co-design. The receiving side accepts or declines.
REQUEST = "request"
INVITATION = "invitation"
CODESIGN_DIRECTIONS = (REQUEST, INVITATION)
ACCEPTED = "accepted"
CODESIGN_STATUSES = (OPEN, ACCEPTED, DECLINED, WITHDRAWN)
# action -> (who: "receiver" or "sender", statuses it may start from, status it leads to)
CODESIGN_TRANSITIONS: dict[str, tuple[str, frozenset[str], str]] = {
    "accept": ("receiver", frozenset({OPEN}), ACCEPTED),
    "decline": ("receiver", frozenset({OPEN}), DECLINED),
    "withdraw": ("sender", frozenset({OPEN}), WITHDRAWN),
}
CODESIGN_TEXT_MAX = 5000


def codesign_transition(status: str, action: str) -> tuple[str, str]:
    """Who ("receiver" or "sender") may take ``action`` and the status it leads to."""
    return _transition(CODESIGN_TRANSITIONS, "a co-design request", status, action)


# --- confirmed adoption ----------------------------------------------------------------------
DEPLOYMENT_CLAIMED = "claimed"
DEPLOYMENT_CONFIRMED = "confirmed"
DEPLOYMENT_REJECTED = "rejected"
DEPLOYMENT_CONFIRMATIONS = (DEPLOYMENT_CLAIMED, DEPLOYMENT_CONFIRMED, DEPLOYMENT_REJECTED)
OUTCOME_REPORT_MAX = 5000
CLAIM_REFERENCE_MAX = 500
