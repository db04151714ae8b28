"""Ranked free text on Elasticsearch: one request finds, counts and facets every record.

The query is a bool of: the words (a named clause per query clause, each any of its
alternatives, at least ``min_should_match`` of them), the exact phrase, and a kNN query
for the meaning (filtered inside the neighbour search, so the k found all pass). Each
hit's named scores give its :class:`~search.text_query.Signals`; the best POOL by
Elasticsearch's own sum are re-ranked by search.text_query.fuse, as on the embedded
backend. Synonyms are expanded in Python (search.text_query) and searched with the
index analyser, so both backends read a query the same way.
"""
from __future__ import annotations

from . import text_query
from .embeddings import DIMS
from .text_query import MEANING_K, MEANING_MIN, Signals, TextQuery

# Records fetched and re-ranked for a page (the page's own records when it reaches beyond).
POOL = 100
ANALYZER = "en_index"  # synonyms are already alternatives of the clauses


def _alternative(alt: str, fields: list[str]) -> dict:
    """One alternative of a clause: a term of several words as a phrase; a word by BM25F over the
    text fields as one (combined_fields: its rarity counted across them, as FTS5's bm25 does, rather
    than per field, where a word common in descriptions but rare in names, "practice", outweighs the
    one that answers, "housebound"). Measured on the tuning group of bench/relevance/search_queries.py
    (Elasticsearch, nDCG@10): most_fields 0.887, combined_fields 0.900 (best_fields 0.885, cross_fields
    0.888); held out 0.890 -> 0.907."""
    if " " in alt:
        return {"multi_match": {"query": alt, "fields": fields, "type": "phrase", "analyzer": ANALYZER}}
    return {"combined_fields": {"query": alt, "fields": _at_least_one(fields)}}


def _at_least_one(fields: list[str]) -> list[str]:
    """``name^w`` boosts scaled so that the least is 1 (combined_fields takes no boost below 1)."""
    weights = [float(f.rpartition("^")[2]) for f in fields]
    least = min(weights)
    return [f"{f.rpartition('^')[0]}^{w / least:g}" for f, w in zip(fields, weights)]


def words_query(tq: TextQuery, fields: list[str], named: bool = True) -> dict:
    clauses = [
        {"bool": {"should": [_alternative(a, fields) for a in c.alternatives], **({"_name": f"w{i}"} if named else {})}}
        for i, c in enumerate(tq.clauses)
    ]
    return {"bool": {"should": clauses, "minimum_should_match": tq.min_should_match}}


def query(tq: TextQuery, fields: list[str], filters: list[dict], vector) -> dict:
    should = [words_query(tq, fields)]
    if tq.phrase:
        should.append({"multi_match": {"query": tq.phrase, "fields": fields, "type": "phrase",
                                       "analyzer": ANALYZER, "_name": "phrase"}})
    if vector is not None and len(vector) == DIMS:
        should.append({"knn": {"field": "vector", "query_vector": list(vector), "k": MEANING_K,
                               "num_candidates": 2 * MEANING_K, "similarity": MEANING_MIN,
                               "filter": filters, "_name": "meaning"}})
    return {"bool": {"should": should, "minimum_should_match": 1, "filter": filters}}


def signals(hit: dict) -> Signals:
    named = hit.get("matched_queries") or {}
    named = named if isinstance(named, dict) else {name: 0.0 for name in named}
    words = [score for name, score in named.items() if name.startswith("w") and name[1:].isdigit()]
    meaning = named.get("meaning")
    return Signals(
        bm25=float(sum(words)), matched=len(words), phrase="phrase" in named,
        # Elasticsearch scores a dot_product neighbour (1 + cosine) / 2: the cosine back.
        similarity=None if meaning is None else _cosine(meaning),
    )


def _cosine(score: float) -> float:
    """Elasticsearch scores a dot_product neighbour (1 + cosine) / 2: the cosine back."""
    return 2.0 * float(score) - 1.0


def similarity_body(vector, ids: list[str]) -> dict:
    """An exact search for the neighbours among ``ids``: the similarity of the records the words
    found that are not among the nearest (the kNN query gives only those theirs)."""
    return {"query": {"knn": {"field": "vector", "query_vector": list(vector), "k": len(ids),
                              "num_candidates": max(len(ids), 10), "filter": [{"ids": {"values": ids}}]}},
            "size": len(ids), "source": False}


def fill_similarity(search, vector, hits: list[dict], found: list[Signals]) -> None:
    """``search(**body)``: the backend's search of this kind's index."""
    missing = [h["_id"] for h, s in zip(hits, found) if s.similarity is None]
    if vector is None or not missing:
        return
    scores = {h["_id"]: h["_score"] for h in search(**similarity_body(vector, missing))["hits"]["hits"]}
    for h, s in zip(hits, found):
        if s.similarity is None and h["_id"] in scores:
            s.similarity = _cosine(scores[h["_id"]])


def feedback_body(moved: list[float], filters: list[dict], pool_ids: list[str], source) -> dict:
    """The records near ``moved`` (a kNN query, filtered as the search: "near") and the pool already
    found ("pool", an exact search among its ids), each named query scored by its nearness to ``moved``.
    (Two kNN queries rather than a script: the distribution may lack the scripting module.)"""
    near = {"knn": {"field": "vector", "query_vector": list(moved), "k": text_query.FEEDBACK_K,
                    "num_candidates": 2 * MEANING_K, "similarity": MEANING_MIN, "filter": filters, "_name": "near"}}
    pool = {"knn": {"field": "vector", "query_vector": list(moved), "k": len(pool_ids),
                    "num_candidates": max(len(pool_ids), 10), "filter": [{"ids": {"values": pool_ids}}],
                    "_name": "pool"}}
    return {"query": {"bool": {"should": [near, pool], "minimum_should_match": 1, "filter": filters}},
            "size": len(pool_ids) + text_query.FEEDBACK_K, "source": source, "include_named_queries_score": True}


def find_by_feedback(search, vector, filters: list[dict], hits: list[dict], found: list[Signals],
                     scores: list[float], source) -> list[dict] | None:
    """Search the meaning again with the query's vector moved towards the best records found
    (search.text_query.feedback_vector), as the embedded backend does: every record of the pool
    gets its nearness to that vector as its similarity, in ``found``; returns the records near it
    that the pool lacked (appending their signals to ``found``), or None when there was nothing to
    do. ``search(**body)``: the backend's search of this kind's index."""
    best = text_query.feedback_ids([h["_id"] for h in hits], found, scores)
    if not best:
        return None
    stored = search(query={"ids": {"values": best}}, size=len(best),
                    source={"includes": ["vector"], "exclude_vectors": False})["hits"]["hits"]
    moved = text_query.feedback_vector(vector, [h["_source"]["vector"] for h in stored
                                                if h["_source"].get("vector")])
    if moved is None:
        return None
    at = {h["_id"]: i for i, h in enumerate(hits)}
    added = []
    for h in search(**feedback_body(moved, filters, list(at), source))["hits"]["hits"]:
        named = h.get("matched_queries") or {}
        score = named.get("pool", named.get("near")) if isinstance(named, dict) else None
        similarity = None if score is None else _cosine(score)
        if h["_id"] in at:
            found[at[h["_id"]]].similarity = similarity
        elif similarity is not None:
            added.append(h)
            found.append(Signals(similarity=similarity))
    return added
