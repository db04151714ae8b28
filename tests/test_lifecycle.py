"""The listing rules in marketplace/lifecycle.py, and that the rest of the code reads them from there."""
from __future__ import annotations

import pytest

from marketplace import lifecycle
from marketplace.models import Need, Solution


@pytest.mark.parametrize("kind, instead", [("need", "close"), ("solution", "archive")])
def test_only_drafts_may_be_deleted_and_the_refusal_says_what_to_do(kind, instead):
    lifecycle.check_deletable(kind, lifecycle.DRAFT)
    with pytest.raises(lifecycle.IllegalTransition) as refused:
        lifecycle.check_deletable(kind, lifecycle.PUBLISHED)
    assert str(refused.value) == f"Only drafts can be deleted. This {kind} is published: {instead} it instead."
    # From a closed or archived listing the only way is back to published: no advice to give.
    ended = next(s for s in lifecycle.STATUSES[kind] if s not in (lifecycle.DRAFT, lifecycle.PUBLISHED))
    with pytest.raises(lifecycle.IllegalTransition, match=rf"This {kind} is {ended}\.$"):
        lifecycle.check_deletable(kind, ended)


def test_every_status_is_reachable_and_every_action_leads_to_a_status():
    for kind, statuses in lifecycle.STATUSES.items():
        reached = {lifecycle.DRAFT}
        for sources, target in lifecycle.TRANSITIONS[kind].values():
            assert sources <= set(statuses) and target in statuses
            reached |= sources | {target}
        assert reached == set(statuses)


def test_the_database_constraint_allows_exactly_the_statuses():
    for kind, model in (("need", Need), ("solution", Solution)):
        checks = [c.sqltext.text for c in model.__table__.constraints if getattr(c, "sqltext", None) is not None]
        assert checks == [lifecycle.status_check(kind)]
        assert all(f"'{s}'" in checks[0] for s in lifecycle.STATUSES[kind])


def test_defaults_are_fresh_copies_of_fields_the_models_have():
    for kind, model in (("need", Need), ("solution", Solution)):
        first = lifecycle.defaults(kind)
        first["clinical_areas"].append("cancer")
        assert lifecycle.defaults(kind)["clinical_areas"] == []
        assert set(first) <= set(model.__table__.columns.keys())
        assert set(lifecycle.REQUIRED_TO_PUBLISH[kind]) <= set(model.__table__.columns.keys())


def test_what_publishing_lacks():
    assert lifecycle.missing_to_publish("need", {"title": "A title"}) == ["problem", "clinical_areas"]
    assert lifecycle.missing_to_publish("solution", {"name": "N", "summary": "A summary.",
                                                     "clinical_areas": ["cancer"]}) == []


def test_actions_open_from_each_status():
    assert lifecycle.actions_from("need", lifecycle.DRAFT) == ("publish",)
    assert lifecycle.actions_from("need", lifecycle.PUBLISHED) == ("close",)
    assert lifecycle.actions_from("solution", lifecycle.ARCHIVED) == ("restore",)
