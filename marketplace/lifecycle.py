"""The rules of listings, in one place: statuses and their legal changes, who may own a
listing, what publishing demands, the values a new listing starts with, and what may be
deleted.

Needs: draft -> published -> closed (and a closed need may be reopened).
Solutions: draft -> published -> archived (and an archived one may be restored).

Pure data and checks, no database and no HTTP: the models derive their status
constraints from here, the services enforce these rules for the API, the pages and
the bundle alike, and the search index reads which statuses are public.
"""
from __future__ import annotations

# --- statuses ------------------------------------------------------------------

DRAFT = "draft"
PUBLISHED = "published"
CLOSED = "closed"
ARCHIVED = "archived"

STATUSES: dict[str, tuple[str, ...]] = {
    "need": (DRAFT, PUBLISHED, CLOSED),
    "solution": (DRAFT, PUBLISHED, ARCHIVED),
}
# What anyone may read, and the search index holds; every other status is the owner's alone.
PUBLIC_STATUSES = frozenset({PUBLISHED})
# Only a draft may be deleted: a listing once public is closed or archived, so that what
# others saw (and matched against) stays on record.
DELETABLE_STATUSES = frozenset({DRAFT})

# kind -> action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, dict[str, tuple[frozenset[str], str]]] = {
    "need": {
        "publish": (frozenset({DRAFT}), PUBLISHED),
        "close": (frozenset({PUBLISHED}), CLOSED),
        "reopen": (frozenset({CLOSED}), PUBLISHED),
    },
    "solution": {
        "publish": (frozenset({DRAFT}), PUBLISHED),
        "archive": (frozenset({PUBLISHED}), ARCHIVED),
        "restore": (frozenset({ARCHIVED}), PUBLISHED),
    },
}


def status_check(kind: str) -> str:
    """The SQL of the database's check on a listing's status (the models' constraint)."""
    return "status IN (" + ", ".join(f"'{s}'" for s in STATUSES[kind]) + ")"


def is_public(status: str) -> bool:
    return status in PUBLIC_STATUSES


# --- owners --------------------------------------------------------------------

# The kinds of NHS organisation: they post needs and are where solutions are deployed.
NHS_KINDS = frozenset({"nhs-trust", "icb", "primary-care"})
OWNER_KINDS: dict[str, frozenset[str]] = {"need": NHS_KINDS, "solution": frozenset({"innovator"})}
OWNER_RULES: dict[str, str] = {
    "need": "needs are posted by NHS organisations (trusts, ICBs and primary care)",
    "solution": "solutions are listed by innovators",
}
DEPLOYMENT_SITE_KINDS = NHS_KINDS
DEPLOYMENT_SITE_RULE = "deployments are at NHS organisations"

# --- publishing and defaults ---------------------------------------------------

# What publishing demands beyond a draft (listings.schema.json's required fields).
REQUIRED_TO_PUBLISH: dict[str, tuple[str, ...]] = {
    "need": ("title", "problem", "clinical_areas"),
    "solution": ("name", "summary", "clinical_areas"),
}

# The value of each optional field a listing is created or imported without.
DEFAULTS: dict[str, dict] = {
    "need": {
        "problem": "", "outcomes": None, "clinical_areas": [], "care_settings": [], "required_regulatory": [],
        "min_evidence_level": "concept", "budget_gbp": None, "closes_on": None, "open_to_codesign": False,
    },
    "solution": {
        "summary": "", "description": None, "clinical_areas": [], "care_settings": [], "regulatory": [],
        "evidence_level": "concept", "device_class": "not-a-device", "seeking_codesign": False,
    },
}


def defaults(kind: str) -> dict:
    """A fresh copy (the lists in it are the caller's to change)."""
    return {k: list(v) if isinstance(v, list) else v for k, v in DEFAULTS[kind].items()}


def missing_to_publish(kind: str, values: dict) -> list[str]:
    """The fields a listing with ``values`` lacks before it can be published."""
    return [name for name in REQUIRED_TO_PUBLISH[kind] if not values.get(name)]


# --- status changes and deletion --------------------------------------------------


class IllegalTransition(Exception):
    pass


def next_status(kind: str, current: str, action: str) -> str:
    try:
        allowed_from, target = TRANSITIONS[kind][action]
    except KeyError:
        raise IllegalTransition(f"'{action}' is not an action on a {kind}") from None
    if current not in allowed_from:
        raise IllegalTransition(f"cannot {action} a {kind} that is {current}")
    return target


def actions(kind: str) -> tuple[str, ...]:
    return tuple(TRANSITIONS[kind])


def actions_from(kind: str, status: str) -> tuple[str, ...]:
    """The status changes open to a listing of ``kind`` that is ``status`` now."""
    return tuple(action for action, (sources, _) in TRANSITIONS[kind].items() if status in sources)


def check_deletable(kind: str, status: str) -> None:
    """Raise IllegalTransition, saying what to do instead, unless a listing that is ``status`` may be deleted."""
    if status in DELETABLE_STATUSES:
        return
    instead = [a for a in actions_from(kind, status) if TRANSITIONS[kind][a][1] not in PUBLIC_STATUSES]
    advice = f": {instead[0]} it instead" if instead else ""
    raise IllegalTransition(f"Only drafts can be deleted. This {kind} is {status}{advice}.")
