"""Matching on Elasticsearch: candidates by words and clinical area, by meaning beside
them, and the similarity of each (the mixin of search.elastic.ElasticBackend)."""
from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

from marketplace import lifecycle

from . import eligibility
from . import text as tx_text
from .backend import Hit, MatchCandidates, MatchQuery
from .elastic_mapping import HASHES, SOURCE, VECTOR_FIELDS, vector_field

AREA_BOOST = 4.0  # keeps same-area candidates in the candidate set when their texts differ
# The search by meaning runs beside the search by words, in this process-wide pool.
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="es-knn")


class ElasticMatching:
    """Needs ``_call``, ``es``, ``es_write``, ``alias``, ``_text_fields`` and
    ``_missing_vectors`` of search.elastic.ElasticBackend."""

    def _match_filters(self, query: MatchQuery) -> tuple[list[dict], list[dict], dict]:
        """(what every candidate passes, what none is, the eligibility rule compiled for this query)."""
        eligible = eligibility.elastic_clauses(query.kind, query.eligibility.given)
        # Near misses too are public listings (the index holds no other, but it costs nothing to say).
        filters = [{"terms": {"status": sorted(lifecycle.PUBLIC_STATUSES)}}]
        if query.eligible_only:
            filters.append(eligible)
        excluded = [{"ids": {"values": [str(i) for i in query.exclude_ids]}}]
        return filters, excluded, eligible

    def match_body(self, query: MatchQuery) -> dict:
        """The candidates by words and clinical area."""
        words = tx_text.terms(query.text, limit=tx_text.MATCH_TEXT_TERMS)
        should = []
        if words:
            should.append({"multi_match": {"query": " ".join(words), "fields": self._text_fields(query.kind),
                                           "type": "most_fields", "operator": "or", "analyzer": "en_search",
                                           "_name": "text"}})
        if query.clinical_areas:
            should.append({"constant_score": {"filter": {"terms": {"clinical_areas": list(query.clinical_areas)}},
                                              "boost": AREA_BOOST, "_name": "area"}})
        filters, excluded, eligible = self._match_filters(query)
        body = {
            "query": {"bool": {"should": should or [{"match_none": {}}], "minimum_should_match": 1,
                               "filter": filters, "must_not": excluded}},
            "size": query.size, "track_total_hits": query.count_up_to, "source": SOURCE,
        }
        if not query.eligible_only:
            body["aggs"] = {"eligible": {"filter": eligible}}
        return body

    def meaning_body(self, query: MatchQuery) -> dict:
        """The candidates by meaning: the nearest vectors, filtered inside the search for
        neighbours (so the k found all pass), each flagged when it is eligible."""
        filters, excluded, eligible = self._match_filters(query)
        knn = {"knn": {"field": "vector", "query_vector": list(query.vector), "k": query.semantic_size,
                       "num_candidates": 2 * query.semantic_size, "similarity": query.min_similarity,
                       "filter": filters + [{"bool": {"must_not": excluded}}]}}
        # A bool of filters alone scores 0, so each hit's score stays the neighbour score.
        flag = {"bool": {**eligible["bool"], "_name": "eligible"}}
        return {"query": {"bool": {"must": [knn], "should": [flag]}}, "size": query.semantic_size,
                "track_total_hits": False, "source": SOURCE}

    def match_candidates(self, query: MatchQuery) -> MatchCandidates:
        """Words and area in one search, meaning in another run beside it (Elasticsearch
        answers both at once); the candidates are their union, each with its similarity."""
        if "vector" in self._missing_vectors.get(query.kind, ()):  # an index from before vectors: words and areas
            query = dataclasses.replace(query, vector=None)
        index = self.alias(query.kind)
        by_meaning = None
        if query.vector is not None:
            by_meaning = _POOL.submit(self._call, self.es.search, index=index, **self.meaning_body(query))
        try:
            response = self._call(self.es.search, index=index, include_named_queries_score=True,
                                  **self.match_body(query)).body
        finally:
            nearest = by_meaning.result().body["hits"]["hits"] if by_meaning is not None else []
        hits: dict[str, Hit] = {}
        for h in response["hits"]["hits"]:
            named = h.get("matched_queries") or {}
            named = named if isinstance(named, dict) else {}
            hits[h["_id"]] = Hit(h["_source"], float(named.get("text", 0.0)))
        if query.eligible_only:
            total = response["hits"]["total"]["value"]
        else:
            total = response["aggregations"]["eligible"]["doc_count"]
        for h in nearest:
            if h["_id"] in hits:
                hits[h["_id"]].similarity = _similarity(h["_score"])
            else:
                hits[h["_id"]] = Hit(h["_source"], 0.0, similarity=_similarity(h["_score"]))
                total += 1 if (query.eligible_only or "eligible" in (h.get("matched_queries") or ())) else 0
        found = list(hits.values())
        if query.vector is not None:
            self._fill_similarity(query, found)
        return MatchCandidates(found, min(total, query.count_up_to))

    def stored_vector(self, kind: str, doc_id: int, version: int) -> list[float] | None:
        response = self._call(
            self.es.search, index=self.alias(kind), size=1,
            query={"bool": {"filter": [{"ids": {"values": [str(doc_id)]}}, {"term": {"version": version}}]}},
            # Vectors are left out of _source unless asked for.
            source={"includes": ["vector"], "exclude_vectors": False},
        ).body
        hits = response["hits"]["hits"]
        return hits[0]["_source"].get("vector") if hits else None

    def stored_vectors(self, kind: str, ids: list[int]) -> dict[int, dict[str, tuple]]:
        """One search by id in the live index (during a rebuild, the old one the alias still
        names), for the vector fields and their texts' hashes."""
        import numpy as np

        fields = VECTOR_FIELDS.get(kind, ())
        if not ids or not fields or HASHES in self._missing_vectors.get(kind, ()):
            return {}
        response = self._call(
            self.es_write.search, index=self.alias(kind), size=len(ids), track_total_hits=False,
            query={"ids": {"values": [str(i) for i in ids]}},
            source={"includes": [*fields, HASHES], "exclude_vectors": False},
        ).body
        out: dict[int, dict[str, tuple]] = {}
        for h in response["hits"]["hits"]:
            source = h["_source"]
            for part, digest in (source.get(HASHES) or {}).items():
                vector = source.get(vector_field(part))
                if vector is not None:
                    out.setdefault(int(h["_id"]), {})[part] = (digest, np.asarray(vector, dtype=np.float32))
        return out

    def _fill_similarity(self, query: MatchQuery, hits: list[Hit]) -> None:
        """The similarity of the candidates: an exact search for neighbours restricted to their
        ids. A kind with one vector field asks only for those found by words or area alone (the
        nearest k have theirs); a solution with vectors of its parts gets, for every candidate,
        the best cosine over its vectors (one named search per field, in one request)."""
        fields = [f for f in VECTOR_FIELDS.get(query.kind, ("vector",))
                  if f not in self._missing_vectors.get(query.kind, ())]
        missing = [h for h in hits if h.similarity is None or len(fields) > 1]
        if not missing:
            return
        ids = [str(h.doc["id"]) for h in missing]
        searches = [{"knn": {"field": f, "query_vector": list(query.vector), "k": len(ids),
                             "num_candidates": max(len(ids), 10), "filter": [{"ids": {"values": ids}}],
                             "_name": f}} for f in fields]
        response = self._call(
            self.es.search, index=self.alias(query.kind), size=len(ids), source=False,
            include_named_queries_score=True, query={"bool": {"should": searches}},
        ).body
        scores = {}
        for h in response["hits"]["hits"]:
            named = h.get("matched_queries") or {}
            if isinstance(named, dict) and named:
                scores[int(h["_id"])] = max(named.values())
        for hit in missing:
            if hit.doc["id"] in scores:
                hit.similarity = _similarity(scores[hit.doc["id"]])


def _similarity(score: float) -> float:
    """Elasticsearch scores a dot_product neighbour (1 + cosine) / 2: the cosine back."""
    return 2.0 * score - 1.0
