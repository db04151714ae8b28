"""Eligibility is written once (search/eligibility.py) and compiled per backend: over random
needs and solutions, the listings each backend finds eligible are exactly those that
``matching.is_eligible`` accepts. Runs on the embedded backend and on Elasticsearch.

Every candidate shares the clinical area the query names, so each one is a candidate and the
only thing that decides whether it is returned is the eligibility the backend compiled.
The listing a match is for is published (the service answers 404 for any other); the
candidates may be in any status.
"""
from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace import lifecycle
from marketplace import taxonomy as tx
from search import eligibility, matching
from search.backend import Eligibility, MatchQuery

AREA = "cancer"
LEVELS = sorted(tx.codes(tx.EVIDENCE_LEVELS))
REGULATORY = sorted(tx.codes(tx.REGULATORY_STATUSES))
_ids = itertools.count(1)

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _codes(max_size: int):
    return st.lists(st.sampled_from(REGULATORY), unique=True, max_size=max_size)


a_solution = st.fixed_dictionaries({
    "status": st.sampled_from(lifecycle.STATUSES["solution"]),
    "evidence_level": st.sampled_from(LEVELS),
    "regulatory": _codes(5),
})
a_need = st.fixed_dictionaries({
    "status": st.sampled_from(lifecycle.STATUSES["need"]),
    "min_evidence_level": st.sampled_from(LEVELS),
    "required_regulatory": _codes(3),
})


def _solution_doc(values: dict) -> dict:
    doc_id = next(_ids)
    return {"id": doc_id, "ref": f"s-{doc_id}", "version": 1, "clinical_areas": [AREA], **values,
            "evidence_rank": tx.evidence_rank(values["evidence_level"])}


def _need_doc(values: dict) -> dict:
    doc_id = next(_ids)
    return {"id": doc_id, "ref": f"n-{doc_id}", "version": 1, "clinical_areas": [AREA], **values,
            "min_evidence_rank": tx.evidence_rank(values["min_evidence_level"])}


def _found(backend, kind: str, given_values: dict, docs: list[dict]) -> tuple[set, int, int]:
    """(ids returned when only eligible ones are asked for, their count, the count of eligible
    ones when near misses are asked for too), with ``docs`` in the index."""
    backend.index(kind, docs)
    backend.refresh(kind)
    try:
        results = [backend.match_candidates(MatchQuery(
            kind=kind, text="", clinical_areas=(AREA,), eligibility=Eligibility(given_values),
            eligible_only=only, size=100)) for only in (True, False)]
    finally:
        backend.delete(kind, [d["id"] for d in docs])
    eligible, near_misses_too = results
    return {h.doc["id"] for h in eligible.hits}, eligible.eligible_total, near_misses_too.eligible_total


@SETTINGS
@given(need=a_need, candidates=st.lists(a_solution, max_size=8))
def test_the_solutions_each_backend_finds_eligible_are_those_matching_accepts(backend, need, candidates):
    need_doc = {"id": 0, **need, "status": lifecycle.PUBLISHED}
    docs = [_solution_doc(c) for c in candidates]
    profile = matching.need_profile(need_doc)
    expected = {d["id"] for d in docs if matching.is_eligible(profile, d)}
    found, total, total_with_near_misses = _found(backend, "solution", eligibility.values_of("need", need_doc), docs)
    assert found == expected
    assert total == total_with_near_misses == len(expected)


@SETTINGS
@given(solution=a_solution, candidates=st.lists(a_need, max_size=8))
def test_the_needs_each_backend_finds_eligible_are_those_matching_accepts(backend, solution, candidates):
    solution_doc = _solution_doc({**solution, "status": lifecycle.PUBLISHED})
    docs = [_need_doc(c) for c in candidates]
    expected = {d["id"] for d in docs if matching.is_eligible(matching.need_profile(d), solution_doc)}
    found, total, total_with_near_misses = _found(
        backend, "need", eligibility.values_of("solution", solution_doc), docs)
    assert found == expected
    assert total == total_with_near_misses == len(expected)


def test_the_python_rule_reads_what_the_design_says():
    """Published; evidence at least the need's minimum; every required code held."""
    need = matching.need_profile({"id": 1, "min_evidence_level": "pilot", "required_regulatory": ["dtac", "dspt"]})
    solution = {"status": lifecycle.PUBLISHED, "evidence_level": "pilot", "regulatory": ["dspt", "dtac", "iso-27001"]}
    assert matching.is_eligible(need, solution)
    assert not matching.is_eligible(need, {**solution, "status": lifecycle.DRAFT})
    assert not matching.is_eligible(need, {**solution, "evidence_level": "concept"})
    assert not matching.is_eligible(need, {**solution, "regulatory": ["dtac"]})
    assert matching.eligibility_gaps(need, {**solution, "regulatory": []}) == ["Lacks DTAC", "Lacks DSPT"]
