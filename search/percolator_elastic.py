"""Which saved searches a listing matches, on Elasticsearch (search/percolator.py says how).

One index per kind searched (behind the alias ``<prefix>-alerts-<kind>s``) holds each active
saved search's query, built by the same code that runs the search; percolating the listing's
document answers every saved search it matches in one request. Where the cluster has no
percolator module (``ElasticPercolator.native`` False), the filters are checked in Python and
the free texts run against the listing in the search index (_msearch).
"""
from __future__ import annotations

import logging
import time

from .backend import SearchUnavailable
from .saved_search_queries import COMPILED_CACHE, passing, search_query, texts

log = logging.getLogger(__name__)

PERCOLATOR_VERSION = 2  # bump when the stored queries' shape changes; the index is rebuilt
MAX_MATCHES = 10_000  # a listing alerts at most this many saved searches at once (Elasticsearch's window)
MSEARCH_BATCH = 500  # saved searches per _msearch request, without a percolator


class ElasticPercolator:
    def __init__(self, backend):
        self.backend = backend
        self.es = backend.es
        self._ready: set[str] = set()
        # False on a cluster without the percolator module (Elasticsearch's minimal test
        # distribution): the saved searches' filters are then checked in Python and their free
        # texts run against the listing in the search index (_msearch); see _by_msearch.
        self.native: bool | None = None
        self._word_queries: dict[tuple[str, tuple[str, ...]], list[dict]] = {}

    def alias(self, kind: str) -> str:
        return f"{self.backend.prefix}-alerts-{kind}s"

    def mapping(self, kind: str) -> dict:
        from .elastic_mapping import FIELDS, HASHES, MAPPING_VERSION, VECTOR_FIELDS

        fields = {k: v for k, v in FIELDS[kind].items() if k not in VECTOR_FIELDS.get(kind, ()) and k != HASHES}
        return {"dynamic": "strict",
                "_meta": {"version": PERCOLATOR_VERSION, "search_mapping_version": MAPPING_VERSION, "kind": kind},
                "properties": {**fields, "query": {"type": "percolator"}, "saved_search_id": {"type": "integer"}}}

    def _current(self, kind: str) -> list[str]:
        from elasticsearch import NotFoundError

        try:
            return sorted(self.backend._call(self.es.indices.get_alias, name=self.alias(kind)).body)
        except NotFoundError:
            return []

    def ensure(self, kind: str, load_searches) -> None:
        """Create (or, at another version, rebuild) the kind's percolator index; ``load_searches()``
        gives every active saved search of the kind, read only when the index is (re)built."""
        if kind in self._ready or self.native is False:
            return
        current = self._current(kind)
        if current:
            meta = self.backend._call(self.es.indices.get_mapping, index=current[0]).body[current[0]]["mappings"].get(
                "_meta", {})
            from .elastic_mapping import MAPPING_VERSION

            self.native = True  # a percolator index exists: the cluster has the module
            if meta.get("version") == PERCOLATOR_VERSION and meta.get("search_mapping_version") == MAPPING_VERSION:
                self._ready.add(kind)
                return
        self.rebuild(kind, load_searches())

    def rebuild(self, kind: str, searches) -> None:
        """A fresh index filled with ``searches``, swapped in behind the alias in one call."""
        from elasticsearch import BadRequestError

        from .elastic_mapping import ANALYSIS

        if self.native is False:
            return
        alias = self.alias(kind)
        name = f"{alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"
        try:
            self.backend._call(self.es.indices.create, index=name, mappings=self.mapping(kind), settings={
                "number_of_shards": 1, "number_of_replicas": self.backend.replicas, "analysis": ANALYSIS})
        except BadRequestError as exc:
            if "[percolator]" not in str(exc):
                raise
            self.native = False
            log.warning("This Elasticsearch has no percolator module: saved searches are run against each "
                        "listing by _msearch instead (slower with many saved searches)")
            return
        self.native = True
        self._bulk(name, kind, searches)
        old = self._current(kind)
        actions = [{"remove": {"index": i, "alias": alias}} for i in old] + [{"add": {"index": name, "alias": alias}}]
        self.backend._call(self.es.indices.update_aliases, actions=actions)
        for i in old:
            self.backend._call(self.es.indices.delete, index=i, ignore_unavailable=True)
        self._ready.add(kind)

    def _bulk(self, index: str, kind: str, searches) -> None:
        if self.native is False:
            return
        from elasticsearch import helpers

        actions = ({"_op_type": "index", "_index": index, "_id": str(sid), "saved_search_id": sid,
                    "query": self.query(kind, q, filters)} for sid, q, filters in searches)
        try:
            helpers.bulk(self.es, actions, chunk_size=1000, refresh="wait_for")
        except Exception as exc:  # noqa: BLE001 - transport or bulk errors alike: the index could not take them
            raise SearchUnavailable(f"Elasticsearch did not take the saved searches: {exc}") from exc

    def query(self, kind: str, q: str, filters: dict) -> dict:
        """The saved search as one query: its filters (those its words name too), and the words of
        any of its texts (search.elastic_text's, at least ``min_should_match`` clauses, synonyms as
        alternatives). A record found by meaning alone is not alerted (see EmbeddedMatcher)."""
        return self.text_query(kind, texts(kind, q, filters), self.backend._filters(search_query(kind, q, filters)))

    def text_query(self, kind: str, alternatives: list[str], filters: list[dict]) -> dict:
        words = self._words(kind, tuple(alternatives))
        if not words:
            return {"bool": {"must": [{"match_all": {}}], "filter": filters}}
        return {"bool": {"should": words, "minimum_should_match": 1, "filter": filters}}

    def _words(self, kind: str, alternatives: tuple[str, ...]) -> list[dict]:
        """The word queries of a saved search's texts (none: no words), built once: without a
        percolator every listing published asks them again (shared: sent, never changed)."""
        key = (kind, alternatives)
        found = self._word_queries.get(key)
        if found is None:
            if len(self._word_queries) >= COMPILED_CACHE:
                self._word_queries.clear()
            found = self._word_queries[key] = self._build_words(kind, alternatives)
        return found

    def _build_words(self, kind: str, alternatives: tuple[str, ...]) -> list[dict]:
        from . import elastic_text, text_query

        words = []
        for text in alternatives:
            tq = text_query.parse(text)
            if tq is None:  # no words: the filters alone decide
                return []
            words.append(elastic_text.words_query(tq, self.backend._text_fields(kind), named=False))
        return words

    def put(self, kind: str, searches, load_searches) -> None:
        """Add or replace saved searches (``(id, q, filters)``)."""
        if self.native is not False and not self._current(kind):
            self._ready.discard(kind)  # deleted meanwhile: the rebuild reads them from the database
        self.ensure(kind, load_searches)
        self._bulk(self.alias(kind), kind, searches)

    def remove(self, kind: str, ids: list[int], load_searches) -> None:
        self.ensure(kind, load_searches)
        if not ids or self.native is False:
            return
        self._again_if_gone(kind, load_searches, lambda: self.backend._call(
            self.es.delete_by_query, index=self.alias(kind), query={"ids": {"values": [str(i) for i in ids]}},
            refresh=True))

    def percolate_body(self, kind: str, doc: dict) -> dict:
        fields = self.mapping(kind)["properties"]
        document = {k: v for k, v in doc.items() if k in fields}
        return {"query": {"percolate": {"field": "query", "document": document}},
                "size": MAX_MATCHES, "source": False, "track_total_hits": False}

    def matching(self, kind: str, doc: dict, load_searches) -> list[int]:
        self.ensure(kind, load_searches)
        if self.native is False:
            return self._by_msearch(kind, doc, load_searches())
        response = self._again_if_gone(kind, load_searches, lambda: self.backend._call(
            self.es.search, index=self.alias(kind), **self.percolate_body(kind, doc)).body)
        return sorted(int(h["_id"]) for h in response["hits"]["hits"])

    def _by_msearch(self, kind: str, doc: dict, searches) -> list[int]:
        """Without a percolator: the filters (exact codes and numbers) checked in Python, as the
        embedded backend does; then each distinct free text of the searches that pass, limited to
        this listing, in batched _msearch requests (Elasticsearch's analysis and synonyms decide)."""
        found, by_text, requests = self.msearch_requests(kind, doc, searches)
        for keys, lines in requests:
            answers = self.backend._call(self.es.msearch, searches=lines).body["responses"]
            for key, answer in zip(keys, answers):
                if "error" in answer:
                    raise SearchUnavailable(f"A saved search could not run: {answer['error']}")
                if answer["hits"]["total"]["value"]:
                    found += by_text[key]
        return sorted(found)

    def msearch_requests(self, kind: str, doc: dict, searches):
        """What _by_msearch asks: the ids decided by their filters alone (no words), the ids by
        texts, and the _msearch requests (their texts, their lines) for the rest."""
        index, found = self.backend.alias(kind), []
        by_text = {}
        for key, (search, ids) in passing(kind, doc, searches).items():
            if any(words is None for words in search.words):
                found += ids  # no words: the filters alone decide
            else:
                by_text[key] = ids
        only = {"ids": {"values": [str(doc["id"])]}}
        keys, requests = list(by_text), []
        for start in range(0, len(keys), MSEARCH_BATCH):
            batch = keys[start:start + MSEARCH_BATCH]
            lines = []
            for key in batch:
                lines += [{"index": index}, {"query": self.text_query(kind, list(key), [only]),
                                             "size": 0, "track_total_hits": 1}]
            requests.append((batch, lines))
        return found, by_text, requests

    def _again_if_gone(self, kind: str, load_searches, call):
        """``call()`` with the index in place; once more if it was deleted meanwhile (a reset)."""
        from elasticsearch import NotFoundError

        self.ensure(kind, load_searches)
        try:
            return call()
        except NotFoundError:
            self._ready.discard(kind)
            self.ensure(kind, load_searches)
            return call()

    def forget(self) -> None:
        """Check the indexes again before the next use (after a reset deleted them)."""
        self._ready.clear()
