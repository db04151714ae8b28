"""Match lists: for a published need, the solutions that could meet it; for a solution, the
needs it could meet; each scored, explained (reasons and gaps) and paged.

Matching reads the one listing from the database (the source of truth, and where
visibility is decided), asks the backend for candidates, and scores and explains them
with search.matching, the same for every backend.
"""
from __future__ import annotations

import dataclasses
import hashlib
from typing import NamedTuple

from marketplace import lifecycle
from marketplace.models import Need, Solution, db

from . import get_backend
from . import documents, eligibility, matching
from .backend import Eligibility, MatchQuery

# A match request scores at most this many candidates: ten default pages, and the top of
# every ranking the labelled set has measured (bench/relevance: no nDCG@10 change from 200).
MIN_CANDIDATES = 100
# Matches are counted exactly up to this many; beyond it the total says "at least".
MATCH_COUNT_UP_TO = 1000
# Whether a match is about the listing's problem, read from how near the two texts are in
# words (share of the best candidate's BM25) and in meaning (cosine of their vectors). Measured on
# the labelled set's 44 needs (python -m bench.relevance.match_precision --backends embedded,elastic
# [--lexical]; precision@10 = share of the first 10 judged about the need's problem, grade >= 1,
# of at most 0.550 reachable; "before" = by score alone, near misses by any shared clinical area):
# - Eligible matches far from the problem in both words (ON_TARGET_TEXT) and meaning
#   (ON_TARGET_SIMILARITY) rank after the others (about_problem): p@10 0.405 -> 0.407 embedded,
#   0.405 -> 0.405 Elasticsearch; nDCG@10 0.803 -> 0.804 and 0.793 -> 0.793. Demoting on meaning
#   alone where there is a vector moves these by noise only (cosine 0.3: Elasticsearch nDCG 0.791;
#   0.4: p@10 0.402 / 0.395; 0.5: 0.402 / 0.407) and lowers Elasticsearch's nDCG at 0.3, so a
#   match near in either way stays. The labelled needs are mostly on target already; this acts on
#   general needs whose clinical area many products share.
# - Near misses are listed only when closer still (close_near_miss), meaning deciding where there
#   is a vector: before, 318 near misses over the 44 needs of which 21% were about the problem
#   (embedded; Elasticsearch 321, 20%); at cosine 0.5 (NEAR_MISS_SIMILARITY), 30 of which 80%
#   on both backends; at 0.45, 80-84 of which 45%; words or meaning (text share 0.6 or cosine
#   0.5), 93-96 of which 51-56%: words read a one-word overlap in a small index as the best match.
# - Without vectors (--lexical: semantic matching off), the words decide: demotion below a share
#   of 0.2 leaves p@10 0.398 and nDCG@10 0.753 as they were (0.3: 0.393, 0.743); near misses
#   from 315 at 20% to 118 at 51% at a share of 0.5 (NEAR_MISS_TEXT; 0.4: 169 at 38%; 0.6: 74 at 47%).
ON_TARGET_TEXT = 0.2
ON_TARGET_SIMILARITY = 0.3
NEAR_MISS_TEXT = 0.5
NEAR_MISS_SIMILARITY = 0.5
# Strength in words, by score (search.matching.score, 0..1), highest first. On the labelled set
# (bench/relevance/match_precision.py, first 10 matches of each need) "strong" is judged
# substantially helpful or better 84% of the time (Elasticsearch 81%), "good" 42% (38%) and
# about the problem 58% (57%), "partial" 7% (8%).
STRENGTHS = (("strong", 0.6), ("good", 0.45), ("partial", 0.0))


class NotMatchable(Exception):
    """The listing is absent or not published: matches answer 404."""


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


class Assessed(NamedTuple):
    """A candidate with the pair it stands for, how it was assessed, and whether it is about the
    listing's problem (about_problem)."""

    doc: dict
    need: matching.NeedProfile
    solution: dict
    assessment: matching.Assessment
    on_target: bool


def about_problem(assessment: matching.Assessment) -> bool:
    """Whether an eligible match is about the listing's problem: its words (ON_TARGET_TEXT) or its
    meaning (ON_TARGET_SIMILARITY) are near enough. Only one far on both counts is demoted, and a
    shared clinical area alone does not count: a trust's "same-day demand" need shares its area
    with every primary-care product."""
    similarity = assessment.similarity
    return (assessment.signals["text"] >= ON_TARGET_TEXT
            or (similarity is not None and similarity >= ON_TARGET_SIMILARITY))


def close_near_miss(assessment: matching.Assessment) -> bool:
    """Whether a near miss is close enough to list: its meaning (NEAR_MISS_SIMILARITY) decides
    where both texts have vectors, its words (NEAR_MISS_TEXT) otherwise."""
    if assessment.similarity is not None:
        return assessment.similarity >= NEAR_MISS_SIMILARITY
    return assessment.signals["text"] >= NEAR_MISS_TEXT


def strength(score: float, on_target: bool) -> str:
    """A match's strength in words, the one definition the API and pages show: "strong",
    "good" or "partial" by its score (STRENGTHS); one not about the problem is "partial"
    whatever its score."""
    if not on_target:
        return "partial"
    return next(word for word, floor in STRENGTHS if score >= floor)


def _assessed(candidates, pair, without: tuple[str, ...]) -> list[Assessed]:
    texts = matching.normalise_text_scores([h.score for h in candidates.hits])
    meanings = matching.normalise_similarities([h.similarity for h in candidates.hits])
    out = []
    for hit, text, meaning in zip(candidates.hits, texts, meanings):
        need, solution = pair(hit.doc)
        a = matching.assess(need, solution, text, explain=False, meaning=meaning, without=without,
                            similarity=hit.similarity)
        out.append(Assessed(hit.doc, need, solution, a, about_problem(a)))
    return out


def _finish(key: str, found, pair, page: int, per_page: int, without: tuple[str, ...]) -> dict:
    """Score every candidate, rank, and explain only those returned.

    ``found``: the eligible candidates, or (eligible, all) when near misses are wanted (see
    _read_candidates); ``pair(doc)`` gives the (need profile, solution document) that a candidate
    stands for; ``without``: the text signals this ranking leaves out. Eligible matches about
    the problem come first, then the other eligible ones (demoted, never hidden: every eligible
    match can be paged to); near misses, only those about the problem, follow on the first page.
    """
    eligible, mixed = found if isinstance(found, tuple) else (found, None)

    def ranked(entries):
        return sorted(entries, key=lambda e: (not e.on_target, -e.assessment.score, _tiebreak(e.doc["id"])))

    def item(entry: Assessed) -> dict:
        a = matching.explain_assessment(entry.need, entry.solution, entry.assessment)
        return {key: entry.doc, "score": a.score, "strength": strength(a.score, entry.on_target),
                "eligible": a.eligible, "reasons": a.reasons, "gaps": a.gaps}

    start = (page - 1) * per_page
    entries = ranked(e for e in _assessed(eligible, pair, without) if e.assessment.eligible)
    items = [item(e) for e in entries[start:start + per_page]]
    if mixed is not None:
        near = ranked(e for e in _assessed(mixed, pair, without)
                      if not e.assessment.eligible and close_near_miss(e.assessment))
        items += [item(e) for e in near[:per_page]]
    total = min(eligible.eligible_total, MATCH_COUNT_UP_TO)
    return {"items": items, "total": total, "total_relation": "gte" if total >= MATCH_COUNT_UP_TO else "eq",
            "page": page, "per_page": per_page}


def _read_candidates(query: MatchQuery, page: int, per_page: int, include_near_misses: bool):
    """The eligible candidates enough to rank every match up to this page (MIN_CANDIDATES, more
    for later pages), and on the first page, when asked, the near misses among the first
    MIN_CANDIDATES of all candidates. Two reads rather than one mixed one, so that every page
    ranks the same eligible set (a mixed read lets near misses push eligible ones out)."""
    backend = get_backend()
    eligible = backend.match_candidates(dataclasses.replace(
        query, eligible_only=True, size=max(MIN_CANDIDATES, page * per_page)))
    if not (include_near_misses and page == 1):
        return eligible
    mixed = backend.match_candidates(dataclasses.replace(query, eligible_only=False, size=MIN_CANDIDATES))
    return eligible, mixed


def _without(ranking: str, vector) -> tuple[str, ...]:
    return RANKINGS[ranking] if vector is not None else RANKINGS["lexical"]


# Per kind of listing a match is for: its model, the other side (the kind of its candidates),
# and the fields whose text is searched on the other side.
MATCH_SIDES = {
    "need": (Need, "solution", ("title", "problem", "outcomes")),
    "solution": (Solution, "need", ("name", "summary", "description")),
}


def _published_document(kind: str, listing_id: int) -> dict:
    model = MATCH_SIDES[kind][0]
    listing = db.session.get(model, listing_id)
    if listing is None or not lifecycle.is_public(listing.status):
        raise NotMatchable(f"No published {kind} with id {listing_id}.")
    return documents.need_document(listing) if kind == "need" else documents.solution_document(listing)


def _candidates(kind: str, doc: dict, page: int, per_page: int, include_near_misses: bool, ranking: str):
    """(the candidates of the other side for the listing ``doc`` of ``kind``, the text signals its
    ranking lacks)."""
    _, wanted, text_fields = MATCH_SIDES[kind]
    vector = _query_vector(kind, doc) if ranking != "lexical" else None
    query = MatchQuery(
        kind=wanted,
        text=" ".join(filter(None, (doc.get(f) for f in text_fields))),
        clinical_areas=tuple(doc["clinical_areas"]),
        eligibility=Eligibility(eligibility.values_of(kind, doc)),
        count_up_to=MATCH_COUNT_UP_TO,
        vector=vector, min_similarity=matching.MEANING_CANDIDATE,
    )
    return _read_candidates(query, page, per_page, include_near_misses), _without(ranking, vector)


def matches_for_need(need_id: int, limit: int = 10, include_near_misses: bool = False,
                     ranking: str = "hybrid", page: int = 1) -> dict:
    """Solutions for a need: page ``page`` of ``limit`` (per page) eligible matches."""
    need_doc = _published_document("need", need_id)
    profile = matching.need_profile(need_doc)
    found, without = _candidates("need", need_doc, page, limit, include_near_misses, ranking)
    return _finish("solution", found, lambda doc: (profile, doc), page, limit, without)


def matches_for_solution(solution_id: int, limit: int = 10, include_near_misses: bool = False,
                         ranking: str = "hybrid", page: int = 1) -> dict:
    """Needs a solution could meet: page ``page`` of ``limit`` (per page) eligible matches."""
    doc = _published_document("solution", solution_id)
    found, without = _candidates("solution", doc, page, limit, include_near_misses, ranking)
    return _finish("need", found, lambda need_doc: (matching.need_profile(need_doc), doc), page, limit, without)


# Responses to a need are scored against its match list down to this many candidates; a
# response beyond it (rare: it would rank far below the rest) is listed last, unscored.
RESPONSES_RANKED_UP_TO = 200


def match_list_or_none(need_id: int) -> list[dict] | None:
    """The need's matches, near misses included, to rank responses by; None when the index cannot
    answer or the need is not published (closed needs keep their responses, unranked)."""
    from .backend import SearchUnavailable

    try:
        return matches_for_need(need_id, limit=RESPONSES_RANKED_UP_TO, include_near_misses=True)["items"]
    except (SearchUnavailable, NotMatchable):
        return None
