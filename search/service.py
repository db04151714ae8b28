"""Reads that the index answers: search with filters and facets, and matches.

Matching reads the one listing from the database (the source of truth, and
where visibility is decided), asks the backend for candidates, and scores and
explains them with search.matching, the same for every backend.
"""
from __future__ import annotations

import hashlib

from marketplace import taxonomy as tx
from marketplace.models import Need, Solution, db

from . import get_backend
from . import documents, matching
from .backend import Eligibility, MatchQuery, SearchQuery

# A match request scores at most this many candidates: ten default pages, and the top of
# every ranking the labelled set has measured (bench/relevance: no nDCG@10 change from 200).
MIN_CANDIDATES = 100
# Matches are counted exactly up to this many; beyond it the total says "at least".
MATCH_COUNT_UP_TO = 1000
# Near misses are shown only when they are about the same problem.
NEAR_MISS_MIN_TEXT = 0.3


class NotMatchable(Exception):
    """The listing is absent or not published: matches answer 404."""


def search(kind: str, args: dict) -> dict:
    query = query_from_args(kind, args)
    result = get_backend().search(query)
    items = []
    for hit in result.hits:
        item = dict(hit.doc)
        item["highlights"] = hit.highlights
        items.append(item)
    return {"items": items, "total": result.total, "page": query.page, "per_page": query.per_page,
            "facets": result.facets}


def query_from_args(kind: str, args: dict) -> SearchQuery:
    """The search the endpoints' arguments (marketplace.schemas.search) stand for; saved searches too."""
    filters = {}
    for name in documents.FILTERS[kind]:
        if name in args and args[name] not in (None, []):
            value = args[name]
            filters[name] = value if isinstance(value, list) else [value]
    level = args.get("min_evidence_level")
    query = SearchQuery(
        kind=kind, q=args.get("q") or "", filters=filters,
        min_evidence_rank=tx.evidence_rank(level) if level else None,
        ref=args.get("ref"), page=args["page"], per_page=args["per_page"], sort=args.get("sort", "relevance"),
    )
    return query


def _tiebreak(doc_id: int) -> str:
    # Deterministic and fair to late arrivals, unlike ordering by id.
    return hashlib.sha1(str(doc_id).encode()).hexdigest()


def _query_vector(kind: str, doc: dict):
    """The listing's sentence vector, or None (semantic matching off, or no usable text).

    The index's copy when it holds this version of the listing (no model run in the request);
    otherwise, say while the outbox catches up, the model's (cached by text)."""
    backend = get_backend()
    if backend.embedder is None:
        return None
    stored = backend.stored_vector(kind, doc["id"], doc["version"])
    if stored is not None:
        return stored
    from .embeddings import vector_text

    vector = backend.embedder.embed_one(vector_text(kind, doc))
    return None if vector is None else vector.tolist()


# Rankings a match can use: both text signals (the default), or one of them (bench/relevance
# compares them). Whichever is named, a query without a vector ranks lexically.
RANKINGS = {"hybrid": (), "lexical": ("meaning",), "semantic": ("text",)}


def _finish(key: str, candidates, pair, limit: int, include_near_misses: bool, without: tuple[str, ...]) -> dict:
    """Score every candidate, rank, and explain only those returned.

    ``pair(doc)`` gives the (need profile, solution document) that a candidate stands for;
    ``without``: the text signals this ranking leaves out.
    """
    texts = matching.normalise_text_scores([h.score for h in candidates.hits])
    meanings = matching.normalise_similarities([h.similarity for h in candidates.hits])
    assessed = []
    for hit, text, meaning in zip(candidates.hits, texts, meanings):
        need, solution = pair(hit.doc)
        assessed.append((hit.doc, need, solution, matching.assess(
            need, solution, text, explain=False, meaning=meaning, without=without, similarity=hit.similarity)))

    def ranked(entries):
        return sorted(entries, key=lambda e: (-e[3].score, _tiebreak(e[0]["id"])))[:limit]

    def item(entry) -> dict:
        doc, need, solution, a = entry
        matching.explain_assessment(need, solution, a)
        return {key: doc, "score": a.score, "eligible": a.eligible, "reasons": a.reasons, "gaps": a.gaps}

    items = [item(e) for e in ranked(e for e in assessed if e[3].eligible)]
    if include_near_misses:
        near = (
            e for e in assessed
            if not e[3].eligible and (e[3].signals["clinical_area"] > 0 or e[3].signals["text"] >= NEAR_MISS_MIN_TEXT
                                      or e[3].signals["meaning"] >= NEAR_MISS_MIN_TEXT)
        )
        items += [item(e) for e in ranked(near)]
    total = min(candidates.eligible_total, MATCH_COUNT_UP_TO)
    return {"items": items, "total": total, "total_relation": "gte" if total >= MATCH_COUNT_UP_TO else "eq"}


def _without(ranking: str, vector) -> tuple[str, ...]:
    return RANKINGS[ranking] if vector is not None else RANKINGS["lexical"]


def matches_for_need(need_id: int, limit: int = 10, include_near_misses: bool = False,
                     ranking: str = "hybrid") -> dict:
    need = db.session.get(Need, need_id)
    if need is None or need.status != "published":
        raise NotMatchable(f"No published need with id {need_id}.")
    need_doc = documents.need_document(need)
    profile = matching.need_profile(need_doc)
    vector = _query_vector("need", need_doc) if ranking != "lexical" else None
    query = MatchQuery(
        kind="solution",
        text=" ".join(filter(None, [need.title, need.problem, need.outcomes])),
        clinical_areas=tuple(need.clinical_areas),
        eligibility=Eligibility(min_evidence_rank=profile.min_evidence_rank,
                                required_regulatory=profile.required_regulatory),
        eligible_only=not include_near_misses,
        size=max(MIN_CANDIDATES, limit * 5),
        count_up_to=MATCH_COUNT_UP_TO,
        vector=vector, min_similarity=matching.MEANING_CANDIDATE,
    )
    candidates = get_backend().match_candidates(query)
    return _finish("solution", candidates, lambda doc: (profile, doc), limit, include_near_misses,
                   _without(ranking, vector))


def matches_for_solution(solution_id: int, limit: int = 10, include_near_misses: bool = False,
                         ranking: str = "hybrid") -> dict:
    solution = db.session.get(Solution, solution_id)
    if solution is None or solution.status != "published":
        raise NotMatchable(f"No published solution with id {solution_id}.")
    doc = documents.solution_document(solution)
    vector = _query_vector("solution", doc) if ranking != "lexical" else None
    query = MatchQuery(
        kind="need",
        text=" ".join(filter(None, [solution.name, solution.summary, solution.description])),
        clinical_areas=tuple(solution.clinical_areas),
        eligibility=Eligibility(evidence_rank=doc["evidence_rank"], regulatory_held=tuple(solution.regulatory)),
        eligible_only=not include_near_misses,
        size=max(MIN_CANDIDATES, limit * 5),
        count_up_to=MATCH_COUNT_UP_TO,
        vector=vector, min_similarity=matching.MEANING_CANDIDATE,
    )
    candidates = get_backend().match_candidates(query)
    return _finish("need", candidates, lambda need_doc: (matching.need_profile(need_doc), doc),
                   limit, include_near_misses, _without(ranking, vector))
