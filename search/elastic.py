"""The Elasticsearch backend: versioned mappings, one index per kind behind an alias.

Every name starts with SEARCH_INDEX_PREFIX, so several instances can share a
cluster. ``rebuild`` fills a new index with replicas and refresh off, then
swaps the alias in one ``update_aliases`` call: searches keep answering.
"""
from __future__ import annotations

import dataclasses
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers

from marketplace import lifecycle

from . import documents, elastic_text, eligibility, text_query
from . import text as tx_text
from .backend import (
    DocumentsRefused, Hit, MatchCandidates, MatchQuery, SearchBackend, SearchQuery, SearchResult, SearchUnavailable,
)
from .documents import FACETS, FILTERS, INDEXED_KINDS, TEXT_FIELDS
from .embeddings import DIMS
from .synonyms import SYNONYMS

log = logging.getLogger(__name__)

# Bump when the mapping or analysis changes; `search reindex` then builds the new shape.
MAPPING_VERSION = 6  # 3: vectors of a solution's parts; 4: the hash of each vector's text; 5: expired claims;
# 6: organisations' about
AREA_BOOST = 4.0  # keeps same-area candidates in the candidate set when their texts differ
# The search by meaning runs beside the search by words, in this process-wide pool.
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="es-knn")
EMBED_BATCH = 256  # documents embedded at once while a bulk request streams

ANALYSIS = {
    "filter": {
        "en_stop": {"type": "stop", "stopwords": sorted(tx_text.STOP_WORDS)},
        "en_stem": {"type": "stemmer", "language": "english"},
        "nhs_synonyms": {"type": "synonym_graph", "synonyms": SYNONYMS, "lenient": True},
    },
    "analyzer": {
        "en_index": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding", "en_stop", "en_stem"]},
        # Synonyms at search time only: the index stays small and the list can change without a reindex.
        "en_search": {
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "nhs_synonyms", "en_stop", "en_stem"],
        },
    },
}

TEXT = {"type": "text", "analyzer": "en_index", "search_analyzer": "en_search"}
KEYWORD = {"type": "keyword"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "date"}
# Unit-length sentence vectors (search/embeddings.py), so the dot product is the cosine.
# Absent from a document with no usable text, and from every document when semantic
# matching is off.
VECTOR = {"type": "dense_vector", "dims": DIMS, "index": True, "similarity": "dot_product"}
# The vectors of a solution's parts (search.embeddings.TEXT_PARTS) are only ever compared with
# the candidates of a match, by id: an exact (flat) index, no neighbour graph to build.
PART_VECTOR = {**VECTOR, "index_options": {"type": "flat"}}
# The vector fields of each kind: the whole text's first, then its parts'.
VECTOR_FIELDS = {"solution": ("vector", "vector_name_summary", "vector_description"), "need": ("vector",)}
# The hash of the text each vector was made from, by part ({"whole": …, "description": …}):
# only read back by id (Backend.vectors reuses a vector whose text has not changed), so
# neither indexed nor parsed.
HASHES = "vector_hashes"
HASHES_FIELD = {"type": "object", "enabled": False}
# The documents searches and matches answer with: without the hashes (vectors are left out anyway).
SOURCE = {"excludes": [HASHES]}

# Each field's type comes from its declaration (search/documents.py); dynamic: strict refuses
# anything else.
ES_TYPES = {
    documents.TEXT: TEXT, documents.KEYWORD: KEYWORD, documents.INTEGER: INTEGER, documents.LONG: {"type": "long"},
    documents.BOOLEAN: BOOLEAN, documents.DATE: DATE,
}


def _properties(kind: str) -> dict[str, dict]:
    """The declared fields of ``kind``, then the vectors of a kind matched by meaning and their hashes."""
    properties = {f.name: ES_TYPES[f.type] for f in INDEXED_KINDS[kind].fields}
    for name in VECTOR_FIELDS.get(kind, ()):
        properties[name] = VECTOR if name == "vector" else PART_VECTOR
    if kind in VECTOR_FIELDS:
        properties[HASHES] = HASHES_FIELD
    return properties


FIELDS: dict[str, dict[str, dict]] = {kind: _properties(kind) for kind in INDEXED_KINDS}


def mapping(kind: str) -> dict:
    return {"dynamic": "strict", "_meta": {"version": MAPPING_VERSION, "kind": kind}, "properties": FIELDS[kind]}


# Answers of a node that is starting, overloaded or unwell: unavailable, not our mistake.
UNAVAILABLE_STATUSES = {429, 502, 503, 504}


class ElasticBackend(SearchBackend):
    name = "elasticsearch"
    unavailable_errors = (TransportError, ConnectionError)

    def __init__(self, client: Elasticsearch, prefix: str, replicas: int = 0, write_timeout: float | None = None):
        # Searches, matches and health checks: the short time budget of a request, no retries.
        self.es = client
        # Bulk writes and index administration carry more data: a longer budget of their own.
        self.es_write = client.options(request_timeout=write_timeout, max_retries=1) if write_timeout else client
        self.prefix = prefix
        self.replicas = replicas
        # kind -> vector fields its live index lacks (made before them): documents are indexed
        # without them, and matching reads the others, until `search reindex`.
        self._missing_vectors: dict[str, set[str]] = {}

    @classmethod
    def from_config(cls, config) -> "ElasticBackend":
        # One try within ELASTICSEARCH_TIMEOUT: a hung node costs a request that long, then 503
        # (and the breaker spares the next ones); never several tries stacked up.
        kwargs = {"request_timeout": config.get("ELASTICSEARCH_TIMEOUT", 1.5), "retry_on_timeout": False,
                  "max_retries": 0}
        if config.get("ELASTICSEARCH_API_KEY"):
            kwargs["api_key"] = config["ELASTICSEARCH_API_KEY"]
        elif config.get("ELASTICSEARCH_USERNAME"):
            kwargs["basic_auth"] = (config["ELASTICSEARCH_USERNAME"], config.get("ELASTICSEARCH_PASSWORD", ""))
        client = Elasticsearch(config["ELASTICSEARCH_URL"], **kwargs)
        return cls(client, config.get("SEARCH_INDEX_PREFIX", "marketplace"),
                   int(config.get("ELASTICSEARCH_REPLICAS", 0)), config.get("ELASTICSEARCH_WRITE_TIMEOUT", 30))

    def alias(self, kind: str) -> str:
        return f"{self.prefix}-{kind}s"

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (TransportError, ConnectionError) as exc:
            raise SearchUnavailable(f"Elasticsearch did not answer: {exc}") from exc
        except ApiError as exc:
            if exc.status_code in UNAVAILABLE_STATUSES:
                raise SearchUnavailable(f"Elasticsearch is unavailable: {exc}") from exc
            raise

    # --- indexes -------------------------------------------------------------

    def _create_index(self, kind: str, building: bool = False) -> str:
        name = f"{self.alias(kind)}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"
        settings = {
            "number_of_shards": 1,
            "number_of_replicas": 0 if building else self.replicas,
            "analysis": ANALYSIS,
        }
        if building:
            settings["refresh_interval"] = "-1"
        self._call(self.es_write.indices.create, index=name, settings=settings, mappings=mapping(kind))
        return name

    def _indexes_behind(self, alias: str) -> list[str]:
        try:
            return sorted(self._call(self.es_write.indices.get_alias, name=alias).body)
        except NotFoundError:
            return []

    def ensure_indexes(self) -> None:
        for kind in INDEXED_KINDS:
            alias = self.alias(kind)
            current = self._indexes_behind(alias)
            if not current:
                name = self._create_index(kind)
                self._call(self.es_write.indices.put_alias, index=name, name=alias)
                continue
            mappings = self._call(self.es_write.indices.get_mapping, index=current[0]).body[current[0]]["mappings"]
            meta = mappings.get("_meta", {})
            added = {f: FIELDS[kind][f] for f in TEXT_FIELDS[kind] if f not in mappings.get("properties", {})}
            if added:  # a text field newer than the index: add it (its documents gain it as they are indexed)
                self._call(self.es.indices.put_mapping, index=alias, properties=added)
            if meta.get("version") != MAPPING_VERSION:
                log.warning("Index %s has mapping version %s, not %s: run `flask search reindex`",
                            current[0], meta.get("version"), MAPPING_VERSION)
            missing = {f for f in VECTOR_FIELDS.get(kind, ()) + ((HASHES,) if kind in VECTOR_FIELDS else ())
                       if f not in mappings.get("properties", {})}
            if missing:
                # Strict mappings refuse a field they lack: index without those vectors until a reindex.
                self._missing_vectors[kind] = missing
                log.warning("Index %s has no field %s: %s `flask search reindex`",
                            current[0], ", ".join(sorted(missing)),
                            "matching by meaning needs" if "vector" in missing else
                            "matching by meaning reads the whole text only until" if len(missing - {HASHES}) else
                            "every vector is computed again, even of unchanged texts, until")

    def reset(self) -> None:
        """Drop and recreate every index (deleting documents would leave version tombstones)."""
        self._call(self.es_write.indices.delete, index=f"{self.prefix}-*", ignore_unavailable=True,
                   allow_no_indices=True, expand_wildcards="all")
        self._missing_vectors.clear()
        self.ensure_indexes()

    def refresh(self, kind: str | None = None) -> None:
        targets = [self.alias(kind)] if kind else [self.alias(k) for k in INDEXED_KINDS]
        self._call(self.es_write.indices.refresh, index=",".join(targets))

    def count(self, kind: str) -> int:
        return self._call(self.es.count, index=self.alias(kind))["count"]

    def ping(self) -> str:
        # (This build answers GET / with 405, so es.ping() cannot tell; cluster health can.)
        return self._call(self.es.cluster.health)["status"]

    # --- writing -------------------------------------------------------------

    def _bulk(self, actions, progress=None) -> None:
        failures = []
        try:
            for ok, item in helpers.streaming_bulk(
                self.es_write, actions, chunk_size=500, raise_on_error=False, raise_on_exception=True, max_retries=3,
            ):
                if progress:
                    progress(1)
                if not ok:
                    result = next(iter(item.values()))
                    # 409: the index already holds this version or a newer one; 404: already gone.
                    if result.get("status") not in (409, 404):
                        failures.append(result)
        except (TransportError, ConnectionError) as exc:
            raise SearchUnavailable(f"Elasticsearch did not answer: {exc}") from exc
        if failures:
            raise DocumentsRefused(f"{len(failures)} documents were refused, first: {failures[0]}")

    @staticmethod
    def _versioned(action: dict, version: int | None) -> dict:
        """The action, refused by Elasticsearch (409, which _bulk takes as done) unless
        ``version`` is above the document's (or its deletion's) current one. A bulk request
        the client gave up on (its time budget ran out while the node hung) can still run
        after a later one, and a slower drainer can hold older state: neither may overwrite
        newer state. (A deletion's version is kept for index.gc_deletes, 60 s by default.)"""
        if version is not None:
            action.update(version=version, version_type="external")
        return action

    @classmethod
    def _index_action(cls, index: str, doc: dict, vectors: dict | None = None, hashes: bool = True,
                      version: int | None = None) -> dict:
        """``vectors``: by part (Backend.vectors), those the index has a field for; ``hashes``:
        whether it has the field for their texts' hashes."""
        source = {**doc, **{_field(part): v.tolist() for part, (_, v) in (vectors or {}).items()}}
        if vectors and hashes:
            source[HASHES] = {part: h for part, (h, _) in vectors.items()}
        return cls._versioned({"_op_type": "index", "_index": index, "_id": doc["id"], "_source": source}, version)

    def _actions(self, index: str, kind: str, documents, without: frozenset = frozenset(), version: int | None = None):
        """Index actions for a stream of documents, each with its vectors (less the fields in
        ``without``), embedded in batches."""
        def flush(batch):
            vectors = ([{} for _ in batch] if "vector" in without else
                       [{p: v for p, v in parts.items() if _field(p) not in without}
                        for parts in self.vectors(kind, batch)])
            return [self._index_action(index, d, v, HASHES not in without, version) for d, v in zip(batch, vectors)]

        batch: list[dict] = []
        for doc in documents:
            batch.append(doc)
            if len(batch) >= EMBED_BATCH:
                yield from flush(batch)
                batch = []
        if batch:
            yield from flush(batch)

    def index(self, kind: str, documents: list[dict], version: int | None = None) -> None:
        if documents:
            alias = self.alias(kind)
            self._bulk(self._actions(alias, kind, documents, frozenset(self._missing_vectors.get(kind, ())), version))
            self._call(self.es_write.indices.refresh, index=alias)

    def delete(self, kind: str, ids: list[int], version: int | None = None) -> None:
        if ids:
            alias = self.alias(kind)
            self._bulk(self._versioned({"_op_type": "delete", "_index": alias, "_id": i}, version) for i in ids)
            self._call(self.es_write.indices.refresh, index=alias)

    def rebuild(self, kind: str, documents, total: int, progress=None, version: int | None = None) -> None:
        alias = self.alias(kind)
        new = self._create_index(kind, building=True)
        try:
            self._bulk(self._actions(new, kind, documents, version=version), progress)
            self._call(self.es_write.indices.put_settings, index=new,
                       settings={"refresh_interval": "1s", "number_of_replicas": self.replicas})
            self._call(self.es_write.indices.refresh, index=new)
        except BaseException:
            self.es_write.indices.delete(index=new, ignore_unavailable=True)
            raise
        self._missing_vectors.pop(kind, None)
        old = self._indexes_behind(alias)
        actions = [{"remove": {"index": name, "alias": alias}} for name in old]
        actions.append({"add": {"index": new, "alias": alias}})
        self._call(self.es_write.indices.update_aliases, actions=actions)
        for name in old:
            self._call(self.es_write.indices.delete, index=name, ignore_unavailable=True)

    # --- reading -------------------------------------------------------------

    def _filters(self, query: SearchQuery) -> list[dict]:
        out = []
        for name, values in query.filters.items():
            field, mode = FILTERS[query.kind][name]
            if mode == "all":
                out.extend({"term": {field: v}} for v in values)
            elif mode == "bool":
                out.append({"terms": {field: [bool(v) for v in values]}})
            else:
                out.append({"terms": {field: list(values)}})
        if query.ref:
            out.append({"term": {"ref": query.ref}})
        if query.min_evidence_rank is not None:
            field, rank_filter = INDEXED_KINDS[query.kind].rank_filter
            bound = "gte" if rank_filter.mode == documents.AT_LEAST else "lte"
            out.append({"range": {field.name: {bound: query.min_evidence_rank}}})
        return out

    def _text_fields(self, kind: str) -> list[str]:
        return [f"{field}^{weight}" for field, weight in TEXT_FIELDS[kind].items()]

    def search_body(self, query: SearchQuery) -> dict:
        tq = text_query.parse(query.q)
        filters = self._filters(query)
        vector = None if "vector" in self._missing_vectors.get(query.kind, ()) else query.vector
        ranked = tq is not None and query.sort != "newest"
        body = {
            "query": (elastic_text.query(tq, self._text_fields(query.kind), filters, vector) if tq
                      else {"bool": {"must": [{"match_all": {}}], "filter": filters}}),
            # Ranked: the best POOL by Elasticsearch's sum, re-ranked here (elastic_text).
            "from": 0 if ranked else query.offset,
            "size": max(elastic_text.POOL, query.offset + query.per_page) if ranked else query.per_page,
            "track_total_hits": True, "source": SOURCE,
            "aggs": {name: {"terms": {"field": field, "size": 200}} for name, field in FACETS[query.kind].items()},
        }
        if not ranked:
            body["sort"] = [{"published_at": {"order": "desc", "missing": "_last"}}, {"id": "desc"}]
        else:
            body["sort"] = ["_score", {"id": "desc"}]
        if tq:
            body["highlight"] = {
                "pre_tags": [tx_text.HIGHLIGHT_START], "post_tags": [tx_text.HIGHLIGHT_END],
                "highlight_query": elastic_text.words_query(tq, self._text_fields(query.kind), named=False),
                "fields": {f: {"number_of_fragments": 1, "fragment_size": 150} for f in TEXT_FIELDS[query.kind]},
            }
        return body

    def search(self, query: SearchQuery) -> SearchResult:
        body = self.search_body(query)
        tq = text_query.parse(query.q)
        ranked = tq is not None and query.sort != "newest"
        response = self._call(self.es.search, index=self.alias(query.kind), include_named_queries_score=ranked,
                              **body).body
        found = response["hits"]["hits"]
        if ranked:  # fuse the signals of the pool, then cut the page
            signals = [elastic_text.signals(h) for h in found]
            vector = None if "vector" in self._missing_vectors.get(query.kind, ()) else query.vector
            if vector is not None:
                elastic_text.fill_similarity(
                    lambda **b: self._call(self.es.search, index=self.alias(query.kind), **b).body,
                    vector, found, signals)
            scores = text_query.fuse(signals, len(tq.clauses), query.fusion)
            order = sorted(range(len(found)), key=lambda i: (-scores[i], -int(found[i]["_id"])))
            found = [{**found[i], "_score": scores[i]} for i in order][query.offset:query.offset + query.per_page]
        hits = [
            Hit(h["_source"], h.get("_score") or 0.0,
                {f: [tx_text.safe_highlight(x) for x in frags] for f, frags in h.get("highlight", {}).items()})
            for h in found
        ]
        facets = {
            name: {b["key_as_string"] if "key_as_string" in b else str(b["key"]): b["doc_count"]
                   for b in agg["buckets"]}
            for name, agg in response.get("aggregations", {}).items()
        }
        return SearchResult(hits, response["hits"]["total"]["value"], facets)

    # --- matching ------------------------------------------------------------

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
                                           "type": "most_fields", "operator": "or", "_name": "text"}})
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
                vector = source.get(_field(part))
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


def _field(part: str) -> str:
    """The field of a part's vector (Backend.vectors names the whole text's "whole")."""
    return "vector" if part == "whole" else f"vector_{part}"


def _similarity(score: float) -> float:
    """Elasticsearch scores a dot_product neighbour (1 + cosine) / 2: the cosine back."""
    return 2.0 * score - 1.0
