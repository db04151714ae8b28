"""The legal status changes of listings, in one place.

Needs: draft -> published -> closed (and a closed need may be reopened).
Solutions: draft -> published -> archived (and an archived one may be restored).
"""
from __future__ import annotations

# kind -> action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, dict[str, tuple[frozenset[str], str]]] = {
    "need": {
        "publish": (frozenset({"draft"}), "published"),
        "close": (frozenset({"published"}), "closed"),
        "reopen": (frozenset({"closed"}), "published"),
    },
    "solution": {
        "publish": (frozenset({"draft"}), "published"),
        "archive": (frozenset({"published"}), "archived"),
        "restore": (frozenset({"archived"}), "published"),
    },
}


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
