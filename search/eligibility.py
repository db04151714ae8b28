"""When a solution is eligible for a need, written once, and compiled for each reader.

The rule (DESIGN.md, Matching): both listings are published; the solution's evidence
ranks at least the need's minimum; the solution holds every regulatory code the need
requires. ``RULES`` says it as data over the documents' fields (declared in
search/documents.py with ``eligibility=True``); this module compiles it into
a Python predicate (``failures``, read by search.matching), Elasticsearch query
clauses (``elastic_clauses``) and SQL over the embedded backend's tables
(``embedded_where``). tests/search/test_eligibility_property.py checks that every
compiled form selects the same listings.

A match looks for candidates of one kind for a listing of the other: the rule is
compiled for the candidates' side, with the other listing's values as constants.
"""
from __future__ import annotations

from dataclasses import dataclass

from marketplace import lifecycle
from marketplace import taxonomy as tx

from .documents import INDEXED_KINDS

PUBLIC = "public"            # the listing's status is public
AT_LEAST = "at_least"        # the solution's value is at least the need's
HOLDS_EVERY = "holds_every"  # the solution's codes include every one of the need's


@dataclass(frozen=True)
class Rule:
    name: str
    relation: str
    need_field: str
    solution_field: str
    vocabulary: str | None = None  # HOLDS_EVERY: the codes there are (a need's candidates need it)


RULES = (
    Rule("status", PUBLIC, "status", "status"),
    Rule("evidence", AT_LEAST, "min_evidence_rank", "evidence_rank"),
    Rule("regulatory", HOLDS_EVERY, "required_regulatory", "regulatory", tx.REGULATORY_STATUSES),
)
# The documents hold a rank beside each evidence level; a document without it is read by its level.
_LEVEL_OF_RANK = {"evidence_rank": "evidence_level", "min_evidence_rank": "min_evidence_level"}


def _value(doc, field: str):
    if field in doc and doc[field] is not None:
        return doc[field]
    if field in _LEVEL_OF_RANK:
        return tx.evidence_rank(doc.get(_LEVEL_OF_RANK[field]) or "concept")
    if field == "status":  # a profile read from the index is of a listing that is there: published
        return lifecycle.PUBLISHED
    return ()


def rule_fields(kind: str) -> set[str]:
    """The fields of ``kind``'s documents that the rule reads."""
    return {r.need_field if kind == "need" else r.solution_field for r in RULES}


# --- Python --------------------------------------------------------------------------------

def failures(need: dict, solution: dict) -> list[tuple[Rule, tuple]]:
    """The rules that ``need`` and ``solution`` (documents, or their eligibility values) break, in
    RULES order, each with what is lacking (for HOLDS_EVERY, the codes, in the need's order)."""
    broken = []
    for rule in RULES:
        wanted, held = _value(need, rule.need_field), _value(solution, rule.solution_field)
        if rule.relation == PUBLIC:
            if not (lifecycle.is_public(held) and lifecycle.is_public(wanted)):
                broken.append((rule, ()))
        elif rule.relation == AT_LEAST:
            if held < wanted:
                broken.append((rule, ()))
        else:
            lacking = tuple(code for code in wanted if code not in set(held))
            if lacking:
                broken.append((rule, lacking))
    return broken


def is_eligible(need: dict, solution: dict) -> bool:
    return not failures(need, solution)


def values_of(kind: str, doc: dict) -> dict:
    """What the rule reads of a listing of ``kind``: the constants of its candidates' query."""
    return {field: _value(doc, field) for field in rule_fields(kind)}


def _candidate_side(candidates: str, rule: Rule) -> tuple[str, str]:
    """(the candidates' field, the given listing's field) of ``rule``."""
    if candidates == "solution":
        return rule.solution_field, rule.need_field
    return rule.need_field, rule.solution_field


# --- Elasticsearch -------------------------------------------------------------------------

def elastic_clauses(candidates: str, given: dict) -> dict:
    """A bool query (filters only, so it scores nothing) of the ``candidates`` eligible for the
    listing whose eligibility values are ``given`` (values_of)."""
    filters, must_not = [], []
    for rule in RULES:
        field, other = _candidate_side(candidates, rule)
        if rule.relation == PUBLIC:
            filters.append({"terms": {field: sorted(lifecycle.PUBLIC_STATUSES)}})
        elif rule.relation == AT_LEAST:
            bound = "gte" if candidates == "solution" else "lte"
            filters.append({"range": {field: {bound: given[other]}}})
        elif candidates == "solution":  # holds every code the need requires
            filters.extend({"term": {field: code}} for code in given[other])
        else:  # requires no code the solution lacks
            lacking = sorted(tx.codes(rule.vocabulary) - set(given[other]))
            if lacking:
                must_not.append({"terms": {field: lacking}})
    return {"bool": {"filter": filters, "must_not": must_not}}


# --- embedded (SQLite) ---------------------------------------------------------------------

def embedded_where(candidates: str, given: dict) -> tuple[list[str], list]:
    """SQL conditions on ``d`` (a row of ``<candidates>_docs``) and their parameters: the
    number fields are columns of the docs table, the codes are rows of ``<candidates>_codes``."""
    codes = f"{candidates}_codes"
    where: list[str] = []
    params: list = []
    for rule in RULES:
        field, other = _candidate_side(candidates, rule)
        if rule.relation == PUBLIC:
            statuses = sorted(lifecycle.PUBLIC_STATUSES)
            where.append(f"d.id IN (SELECT id FROM {codes} WHERE field = ? AND code IN "
                         f"({', '.join('?' for _ in statuses)}))")
            params += [field, *statuses]
        elif rule.relation == AT_LEAST:
            assert field in INDEXED_KINDS[candidates].number_fields, field  # a column of the docs table
            where.append(f"d.{field} {'>=' if candidates == 'solution' else '<='} ?")
            params.append(given[other])
        elif candidates == "solution":
            for code in given[other]:
                where.append(f"d.id IN (SELECT id FROM {codes} WHERE field = ? AND code = ?)")
                params += [field, code]
        else:
            held = list(given[other])
            marks = ", ".join("?" for _ in held) or "''"
            where.append(f"d.id NOT IN (SELECT id FROM {codes} WHERE field = ? AND code NOT IN ({marks}))")
            params += [field, *held]
    return where, params
