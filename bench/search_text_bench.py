"""Ranked free-text search on Elasticsearch at scale: our search beside the raw Elasticsearch query.

    python -m bench.search_text_bench --es-url http://127.0.0.1:9200 [--solutions 100000] [--queries 300]

Elasticsearch must already answer; the benchmark indexes into ``bench-text-<pid>-*`` and deletes
it at the end. Nothing is asserted.

1. The data: bench/synthetic.py solutions (realistic text lengths, every clinical area),
   turned into index documents directly (no database), each with a random unit vector in
   every vector field (``--random-vectors``: embedding 100,000 texts takes hours on these
   cores, and a vector's values do not change the cost of the search). Indexed with our
   mapping (ElasticBackend.rebuild).
2. Requests: 1 to 6 words people would type (from the listings' summaries), a third with a
   clinical-area filter; each with a random unit query vector.
3. Timed one at a time, alternated per request, after a warm-up:
   * raw: ``es.search`` of the body ElasticBackend.search_body builds for that very request
     (the same bool of clauses, phrase and kNN, the same pool, aggregations and highlights);
   * search: ``ElasticBackend.search`` (that request, then the exact similarity of the pool's
     records the kNN did not reach, and the fusion in Python);
   * words only: ``ElasticBackend.search`` without the vector, and its raw body;
   * the model: ``embed_one`` of each query text with an empty cache, for the vector a real
     request needs (not in the rows above).
"""
from __future__ import annotations

import argparse
import os
import random
import time

import numpy as np

from . import common, synthetic


def documents(bundle: dict) -> list[dict]:
    from marketplace import taxonomy as tx

    orgs = {o["ref"]: o for o in bundle["organisations"]}
    out = []
    for i, s in enumerate(bundle["solutions"], start=1):
        if s["status"] != "published":
            continue
        org = orgs[s["organisation"]]
        regions = sorted({orgs[d["organisation"]]["region"] for d in s["deployments"]})
        out.append({
            "id": i, "ref": s["ref"], "status": "published", "version": 1, "name": s["name"],
            "summary": s["summary"], "description": s["description"], "clinical_areas": s["clinical_areas"],
            "care_settings": s["care_settings"], "evidence_level": s["evidence_level"],
            "evidence_rank": tx.evidence_rank(s["evidence_level"]), "regulatory": s["regulatory"],
            "device_class": s["device_class"], "seeking_codesign": s["seeking_codesign"],
            "organisation_id": 1, "organisation_ref": org["ref"], "organisation_name": org["name"],
            "organisation_verified": True, "deployment_count": len(s["deployments"]),
            "deployment_regions": regions, "deployment_organisation_kinds": [],
            "published_at": "2025-01-01T00:00:00", "updated_at": "2025-01-01T00:00:00",
        })
    return out


class RandomVectors:
    """Stands in for the model while indexing: a random unit vector per text."""

    def __init__(self, seed: int = 3):
        self.rng = np.random.default_rng(seed)

    def embed(self, texts):
        return [self.unit() for _ in texts]

    def unit(self):
        from search.embeddings import DIMS

        v = self.rng.standard_normal(DIMS).astype(np.float32)
        return v / np.linalg.norm(v)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--es-url", default=os.environ.get("TEST_ELASTICSEARCH_URL", ""))
    p.add_argument("--solutions", type=int, default=100_000)
    p.add_argument("--queries", type=int, default=300)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--random-vectors", action="store_true", default=True,
                   help="random unit vectors instead of the model's (the only mode: see the docstring)")
    args = p.parse_args(argv)
    if not args.es_url:
        p.error("give --es-url (or set TEST_ELASTICSEARCH_URL)")

    from elasticsearch import Elasticsearch

    from search.backend import SearchQuery
    from search.elastic import ElasticBackend
    from search.embeddings import for_config

    print(common.machine_header("Ranked free-text search on Elasticsearch", {"solutions": f"{args.solutions:,}"}))
    bundle = synthetic.generate(solutions=args.solutions, needs=0, seed=args.seed)
    docs = documents(bundle)
    backend = ElasticBackend(Elasticsearch(args.es_url, request_timeout=120), f"bench-text-{os.getpid()}")
    fake = RandomVectors()
    backend.set_embedder(fake, {"semantic": "random vectors"})
    try:
        backend.ensure_indexes()
        started = time.perf_counter()
        backend.rebuild("solution", iter(docs), len(docs))
        print(f"indexed {len(docs):,} published solutions with random vectors in {time.perf_counter() - started:.0f} s")
        backend.set_embedder(None, {})
        rng = random.Random(args.seed + 7)
        words = synthetic.query_words(bundle, args.queries * 3, seed=args.seed + 1)
        areas = sorted({a for d in docs[:1000] for a in d["clinical_areas"]})
        requests = []
        for i in range(args.queries):
            q = " ".join(words[3 * i:3 * i + rng.randint(1, 3)])
            filters = {"clinical_areas": [rng.choice(areas)]} if i % 3 == 0 else {}
            requests.append(SearchQuery(kind="solution", q=q, filters=filters, per_page=20,
                                        vector=fake.unit().tolist()))
        index = backend.alias("solution")
        timings: dict[str, list[float]] = {k: [] for k in ("raw", "search", "raw words", "search words")}

        def timed(key, fn):
            t = time.perf_counter()
            fn()
            timings[key].append((time.perf_counter() - t) * 1000)

        for warm in requests[:20]:
            backend.search(warm)
        for query in requests:
            words_only = SearchQuery(**{**query.__dict__, "vector": None})
            body, words_body = backend.search_body(query), backend.search_body(words_only)
            timed("raw", lambda: backend.es.search(index=index, include_named_queries_score=True, **body))
            timed("search", lambda: backend.search(query))
            timed("raw words", lambda: backend.es.search(index=index, include_named_queries_score=True, **words_body))
            timed("search words", lambda: backend.search(words_only))
        rows = []
        for ours, raw in (("search", "raw"), ("search words", "raw words")):
            rows.append([ours, f"{common.median(timings[ours]):.1f}", f"{common.percentile(timings[ours], 95):.1f}",
                         f"{common.median(timings[raw]):.1f}", f"{common.percentile(timings[raw], 95):.1f}",
                         f"{common.percentile(timings[ours], 95) / common.percentile(timings[raw], 95):.2f}x"])
        print(common.table(["request", "ours median ms", "ours p95 ms", "raw ES median ms", "raw ES p95 ms",
                            "p95 ratio"], rows))
        print(common.p95_note(len(requests)))
        model = for_config({"SEMANTIC_MATCHING": True})[0]
        if model is None:
            print("the model is not installed: query embedding not timed")
        if model is not None:
            texts = [f"{r.q} {i}" for i, r in enumerate(requests[:100])]  # distinct: no cache hits
            t = []
            for text in texts:
                s = time.perf_counter()
                model.embed_one(text)
                t.append((time.perf_counter() - s) * 1000)
            print(f"query embedding (model, empty cache): median {common.median(t):.1f} ms, p95 "
                  f"{common.percentile(t, 95):.1f} ms over {len(t)} queries")
    finally:
        backend.es.indices.delete(index=f"{backend.prefix}-*", ignore_unavailable=True, allow_no_indices=True)


if __name__ == "__main__":
    main()
