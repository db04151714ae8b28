"""Reads that the index answers: search with filters and facets, and matches.

Matching reads the one listing from the database (the source of truth, and
where visibility is decided), asks the backend for candidates, and scores and
explains them with search.matching, the same for every backend.
"""
from __future__ import annotations

import hashlib
from typing import NamedTuple

from marketplace import lifecycle
from marketplace import taxonomy as tx
from marketplace.models import Need, Solution, db

from . import get_backend
from . import documents, eligibility, matching, text_query
from .backend import Eligibility, MatchQuery, SearchQuery

# A match request scores at most this many candidates: ten default pages, and the top of
# every ranking the labelled set has measured (bench/relevance: no nDCG@10 change from 200).
MIN_CANDIDATES = 100
# Matches are counted exactly up to this many; beyond it the total says "at least".
MATCH_COUNT_UP_TO = 1000
# Near misses are shown only when they are about the same problem.
NEAR_MISS_MIN_TEXT = 0.3
# Which filters a search that finds nothing tries without first: the ones a person is
# likeliest to bend (where, then the kind of place, then what the record holds).
RELAX_ORDER = ("region", "care_settings", "kind", "open_to_codesign", "seeking_codesign", "min_evidence_level",
               "regulatory", "clinical_areas", "ref")


class NotMatchable(Exception):
    """The listing is absent or not published: matches answer 404."""


def search(kind: str, args: dict) -> dict:
    """A search from the API's or a page's arguments (marketplace.schemas.search)."""
    filters = {name: args[name] for name in documents.FILTERS[kind] if name in args}
    return search_listings(
        kind, args.get("q") or "", filters, min_evidence_level=args.get("min_evidence_level"),
        ref=args.get("ref"), page=args["page"], per_page=args["per_page"], sort=args.get("sort", "relevance"),
    )


def search_listings(kind: str, q: str, filters: dict, *, min_evidence_level: str | None = None,
                    ref: str | None = None, page: int = 1, per_page: int = 20, sort: str = "relevance",
                    fusion: str = "weighted") -> dict:
    """Search ``kind`` for the free text ``q`` (ranked by its words and meaning, never required
    word by word: search.text_query) within the structured ``filters`` (filter name, from
    documents.FILTERS, -> a code or a list of codes). The text and the filters come apart so
    that a caller who read filters out of the text passes both.

    When the text finds nothing within the filters, ``relaxed`` offers the nearest records
    with some filters removed, and names them: ``{"removed_filters": [...], "items": [...],
    "total": N}`` (None otherwise)."""
    chosen = {}
    for name in documents.FILTERS[kind]:
        value = filters.get(name)
        if value not in (None, []):
            chosen[name] = value if isinstance(value, list) else [value]
    if min_evidence_level:
        chosen["min_evidence_level"] = [min_evidence_level]
    if ref:
        chosen["ref"] = [ref]
    vector = _text_vector(kind, q)
    result = _run(kind, q, chosen, vector, page, per_page, sort, fusion)
    out = {**_page(result), "page": page, "per_page": per_page, "facets": result.facets, "relaxed": None}
    if result.total == 0 and chosen and text_query.parse(q) is not None:
        out["relaxed"] = _relaxed(kind, q, chosen, vector, per_page, fusion)
    return out


def _run(kind, q, chosen: dict, vector, page, per_page, sort, fusion):
    filters = {name: values for name, values in chosen.items() if name in documents.FILTERS[kind]}
    level = chosen.get("min_evidence_level", [None])[0]
    return get_backend().search(SearchQuery(
        kind=kind, q=q, filters=filters, min_evidence_rank=tx.evidence_rank(level) if level else None,
        ref=chosen.get("ref", [None])[0], page=page, per_page=per_page, sort=sort, vector=vector, fusion=fusion,
    ))


def _page(result) -> dict:
    items = []
    for hit in result.hits:
        item = dict(hit.doc)
        item["highlights"] = hit.highlights
        items.append(item)
    return {"items": items, "total": result.total}


def _relaxed(kind, q, chosen: dict, vector, per_page, fusion) -> dict | None:
    """The nearest records with the fewest filters removed: each one alone first (in the
    order of RELAX_ORDER, the first that finds something), then all of them."""
    names = sorted(chosen, key=lambda n: (RELAX_ORDER.index(n) if n in RELAX_ORDER else len(RELAX_ORDER), n))
    attempts = [[name] for name in names] + ([names] if len(names) > 1 else [])
    for removed in attempts:
        rest = {n: v for n, v in chosen.items() if n not in removed}
        result = _run(kind, q, rest, vector, 1, per_page, "relevance", fusion)
        if result.total:
            return {"removed_filters": removed, **_page(result)}
    return None


def _text_vector(kind: str, q: str):
    """The sentence vector of the free text (None: no usable words, a kind without vectors,
    or semantic matching off)."""
    backend = get_backend()
    if backend.embedder is None or kind not in ("solution", "need") or text_query.parse(q) is None:
        return None
    vector = backend.embedder.embed_one(text_query.parse(q).meaning_text)
    return None if vector is None else vector.tolist()


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
    """A candidate with the pair it stands for and how it was assessed."""

    doc: dict
    need: matching.NeedProfile
    solution: dict
    assessment: matching.Assessment


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
        assessed.append(Assessed(hit.doc, need, solution, matching.assess(
            need, solution, text, explain=False, meaning=meaning, without=without, similarity=hit.similarity)))

    def ranked(entries):
        return sorted(entries, key=lambda e: (-e.assessment.score, _tiebreak(e.doc["id"])))[:limit]

    def item(entry: Assessed) -> dict:
        a = matching.explain_assessment(entry.need, entry.solution, entry.assessment)
        return {key: entry.doc, "score": a.score, "eligible": a.eligible, "reasons": a.reasons, "gaps": a.gaps}

    items = [item(e) for e in ranked(e for e in assessed if e.assessment.eligible)]
    if include_near_misses:
        near = (e for e in assessed if not e.assessment.eligible and _near_miss(e.assessment.signals))
        items += [item(e) for e in ranked(near)]
    total = min(candidates.eligible_total, MATCH_COUNT_UP_TO)
    return {"items": items, "total": total, "total_relation": "gte" if total >= MATCH_COUNT_UP_TO else "eq"}


def _near_miss(signals: dict[str, float]) -> bool:
    """An ineligible candidate worth showing: about the same problem."""
    return (signals["clinical_area"] > 0 or signals["text"] >= NEAR_MISS_MIN_TEXT
            or signals["meaning"] >= NEAR_MISS_MIN_TEXT)


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


def _candidates(kind: str, doc: dict, limit: int, include_near_misses: bool, ranking: str):
    """(the candidates of the other side for the listing ``doc`` of ``kind``, the text signals its
    ranking lacks)."""
    _, wanted, text_fields = MATCH_SIDES[kind]
    vector = _query_vector(kind, doc) if ranking != "lexical" else None
    query = MatchQuery(
        kind=wanted,
        text=" ".join(filter(None, (doc.get(f) for f in text_fields))),
        clinical_areas=tuple(doc["clinical_areas"]),
        eligibility=Eligibility(eligibility.values_of(kind, doc)),
        eligible_only=not include_near_misses,
        size=max(MIN_CANDIDATES, limit * 5),
        count_up_to=MATCH_COUNT_UP_TO,
        vector=vector, min_similarity=matching.MEANING_CANDIDATE,
    )
    return get_backend().match_candidates(query), _without(ranking, vector)


def matches_for_need(need_id: int, limit: int = 10, include_near_misses: bool = False,
                     ranking: str = "hybrid") -> dict:
    need_doc = _published_document("need", need_id)
    profile = matching.need_profile(need_doc)
    candidates, without = _candidates("need", need_doc, limit, include_near_misses, ranking)
    return _finish("solution", candidates, lambda doc: (profile, doc), limit, include_near_misses, without)


def matches_for_solution(solution_id: int, limit: int = 10, include_near_misses: bool = False,
                         ranking: str = "hybrid") -> dict:
    doc = _published_document("solution", solution_id)
    candidates, without = _candidates("solution", doc, limit, include_near_misses, ranking)
    return _finish("need", candidates, lambda need_doc: (matching.need_profile(need_doc), doc),
                   limit, include_near_misses, without)


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
