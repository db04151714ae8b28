"""The Elasticsearch backend: versioned mappings, one index per kind behind an alias.

Every name starts with SEARCH_INDEX_PREFIX, so several instances can share a
cluster. ``rebuild`` fills a new index with replicas and refresh off, then
swaps the alias in one ``update_aliases`` call: searches keep answering.
"""
from __future__ import annotations

import logging
import time

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers

from . import documents, elastic_text, text_query
from . import text as tx_text
from .backend import DocumentsRefused, Hit, SearchBackend, SearchQuery, SearchResult, SearchUnavailable
from .documents import FACETS, FILTERS, INDEXED_KINDS, TEXT_FIELDS
from .elastic_mapping import (
    ANALYSIS, FIELDS, HASHES, MAPPING_VERSION, SOURCE, VECTOR_FIELDS, mapping, vector_field,
)
from .elastic_matching import ElasticMatching

log = logging.getLogger(__name__)

EMBED_BATCH = 256  # documents embedded at once while a bulk request streams


# Answers of a node that is starting, overloaded or unwell: unavailable, not our mistake.
UNAVAILABLE_STATUSES = {429, 502, 503, 504}


class ElasticBackend(ElasticMatching, SearchBackend):
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
        source = {**doc, **{vector_field(part): v.tolist() for part, (_, v) in (vectors or {}).items()}}
        if vectors and hashes:
            source[HASHES] = {part: h for part, (h, _) in vectors.items()}
        return cls._versioned({"_op_type": "index", "_index": index, "_id": doc["id"], "_source": source}, version)

    def _actions(self, index: str, kind: str, documents, without: frozenset = frozenset(), version: int | None = None):
        """Index actions for a stream of documents, each with its vectors (less the fields in
        ``without``), embedded in batches."""
        def flush(batch):
            vectors = ([{} for _ in batch] if "vector" in without else
                       [{p: v for p, v in parts.items() if vector_field(p) not in without}
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
            if query.feedback and vector is not None and query.fusion != "words":
                added = elastic_text.find_by_feedback(
                    lambda **b: self._call(self.es.search, index=self.alias(query.kind), **b).body,
                    vector, self._filters(query), found, signals, scores, SOURCE)
                if added is not None:
                    # Counted only when the pool held every match: beyond it, a record near the moved
                    # vector may be one the words found and the total already counts.
                    if response["hits"]["total"]["value"] <= len(found):
                        response["hits"]["total"]["value"] += len(added)
                    found = found + added
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
