"""Matching by meaning: the model's cost, indexing with vectors, and hybrid matching latency.

    python -m bench.meaning_bench --db bench/out/search-bench-s10000-....db [--elasticsearch-url URL]

Every figure is printed beside a baseline measured in the same run; nothing is asserted.

1. The model: installed size of what the ``semantic`` extra adds to the base install
   (files of every distribution it brings that the base does not need); load time and
   resident memory in a fresh process, beside the same process without the model.
2. Embedding throughput (texts/s) with an empty cache, in production batches, on the
   labelled set's hand-written texts and on the benchmark's synthetic ones (made-up
   words: every text fills the model's 256-word-piece window, the worst case); beside
   the tokeniser alone on the same texts. Also one need's text alone (a match whose
   need the index does not hold yet pays this).
3. Indexing with vectors against without: ``backend.rebuild("solution", docs)`` of the
   same --index-sample documents, the model running (empty cache) or switched off.
4. Matching latency, in-process (``matches_for_need`` in an app context, one at a time),
   over the whole database: lexical and hybrid rankings on the same needs, alternated.
   The index is built with the vectors bench/vector_cache.py computed with the same
   model (``python -m bench.vector_cache DB`` first; embedding 10,000 synthetic texts
   takes about 15 minutes on these 2 cores).
"""
from __future__ import annotations

import argparse
import gc
import importlib.metadata as md
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import common, vector_cache

HERE = Path(__file__).resolve().parent
LABELLED = HERE / "relevance" / "labelled.json"


# --- 1. the model's footprint ---------------------------------------------------------

def _closure(names: list[str]) -> set[str]:
    """Every installed distribution that ``names`` need, transitively (extras ignored)."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = re.split(r"[ ;<>=!\[~]", todo.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if name in seen:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        seen.add(name)
        todo += [r for r in (dist.requires or []) if "extra ==" not in r]
    return seen


def _size(name: str) -> int:
    dist = md.distribution(name)
    return sum((f.size or 0) for f in (dist.files or []))


def installed_size() -> list[list]:
    project = md.distribution("nhs-innovation-marketplace")
    base = [r for r in project.requires if "extra ==" not in r]
    semantic = [r for r in project.requires if 'extra == "semantic"' in r]
    added = sorted(_closure(semantic) - _closure(base))
    rows = [[name, md.distribution(name).version, _size(name) / 2**20] for name in added]
    rows.append(["total added", "", sum(r[2] for r in rows)])
    rows.append(["baseline: the base install", "", sum(_size(n) for n in _closure(base)) / 2**20])
    return rows


PROBE = r"""
import json, os, time, resource
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS'):
            return int(line.split()[1]) / 1024
out = {}
from config import Config
from marketplace import create_app
os.environ['EMBEDDED_SEARCH_PATH'] = os.environ['PROBE_DIR'] + '/search.db'
semantic = os.environ['PROBE_SEMANTIC'] == '1'
t = time.perf_counter()
app = create_app(Config(SQLALCHEMY_DATABASE_URI='sqlite:///' + os.environ['PROBE_DIR'] + '/db.sqlite',
                        ELASTICSEARCH_URL='', SEMANTIC_MATCHING=semantic,
                        EMBEDDED_SEARCH_PATH=os.environ['PROBE_DIR'] + '/search.db'))
out['app_s'] = time.perf_counter() - t
out['rss_app'] = rss()
if semantic:
    t = time.perf_counter()
    app.extensions['search'].embedder.embed_one('Warm the model up with one short text')
    out['first_s'] = time.perf_counter() - t
    out['rss_used'] = rss()
print(json.dumps(out))
"""


def probe(semantic: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, PROBE_DIR=tmp, PROBE_SEMANTIC="1" if semantic else "0",
                   INSTANCE_PATH=tmp, SECRET_KEY="bench")
        env.pop("ELASTICSEARCH_URL", None)
        result = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=common.ROOT,
                                capture_output=True, text=True, check=True)
        return json.loads(result.stdout.strip().splitlines()[-1])


# --- 2. throughput ------------------------------------------------------------------------

def labelled_texts() -> list[str]:
    from search.embeddings import vector_text

    bundle = json.loads(LABELLED.read_text())["bundle"]
    return ([vector_text("solution", s) for s in bundle["solutions"]]
            + [vector_text("need", n) for n in bundle["needs"]])


def throughput(texts: list[str]) -> tuple[float, float, float]:
    """(texts/s embedding with an empty cache, texts/s tokenising alone, mean word pieces)."""
    from search import embeddings

    model = embeddings.Embedder(embeddings.DEFAULT_PACKAGE)  # its own, empty cache
    with common.Timer() as tok:
        encodings = model._tokenizer.encode_batch(texts)
    pieces = sum(sum(e.attention_mask) for e in encodings) / len(encodings)
    with common.Timer() as run:
        model.embed(texts)
    return len(texts) / run.seconds, len(texts) / tok.seconds, pieces


def single_text_ms(texts: list[str], repeat: int = 20) -> float:
    from search import embeddings

    model = embeddings.Embedder(embeddings.DEFAULT_PACKAGE)
    samples = []
    for text in texts[:repeat]:
        with common.Timer() as t:
            model.embed_one(text)
        samples.append(t.seconds * 1000)
    return common.median(samples)


# --- 3 and 4: a database, its indexes --------------------------------------------------------

def make_app(db_copy: Path, tmp: Path, es_url: str):
    """An app on the copied database: the embedded backend, or Elasticsearch with ``es_url``."""
    tmp.mkdir(parents=True, exist_ok=True)
    if not es_url:
        return common.make_app(f"sqlite:///{db_copy}", tmp / "search.db", SEARCH_SYNC="worker")
    from .search_bench import make_app as es_make_app

    return es_make_app(f"sqlite:///{db_copy}", EMBEDDED_SEARCH_PATH=str(tmp / "search.db"), SEARCH_SYNC="worker",
                       ELASTICSEARCH_URL=es_url, SEARCH_INDEX_PREFIX=f"bench-meaning-{os.getpid()}")


def solution_documents(app, limit: int) -> list[dict]:
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from marketplace.models import Solution, db
    from search import indexer

    with app.app_context(), Session(db.engine) as session:
        ids = list(session.execute(sa.select(Solution.id).where(Solution.status == "published")
                                   .order_by(Solution.id).limit(limit)).scalars())
        docs = []
        for start in range(0, len(ids), 500):
            docs += indexer.load_documents(session, "solution", ids[start:start + 500])[0]
        return docs


def index_rates(app, docs: list[dict]) -> list[list]:
    from search import embeddings

    backend = app.extensions["search"]
    saved = backend.embedder, backend.semantic_status
    rows = []
    try:
        for label, embedder in (("without vectors (baseline)", None),
                                ("with vectors, model running", embeddings.Embedder(embeddings.DEFAULT_PACKAGE))):
            backend.set_embedder(embedder, saved[1])
            with app.app_context(), common.Timer() as t:
                backend.rebuild("solution", iter(docs), len(docs))
            rows.append([f"{backend.name}: {label}", len(docs), len(docs) / t.seconds])
    finally:
        backend.set_embedder(*saved)
    return rows


def build_with_cached_vectors(app, vectors, solutions: int | None) -> float:
    """Rebuild every index with the cached vectors (or, given None, random ones); with
    ``solutions``, only the first that many published solutions go into the index."""
    from sqlalchemy.orm import Session

    from marketplace.models import db
    from search.documents import INDEXED_KINDS as KINDS
    from search.cli import _stream

    backend = app.extensions["search"]
    saved = backend.embedder, backend.semantic_status
    backend.set_embedder(vector_cache.Preloaded(vectors) if vectors is not None else vector_cache.RandomVectors(),
                         saved[1])
    try:
        with app.app_context(), Session(db.engine) as session, common.Timer() as t:
            for kind in KINDS:
                stream = _stream(session, kind)
                if kind == "solution" and solutions:
                    stream = itertools.islice(stream, solutions)
                backend.rebuild(kind, stream, 0)
    finally:
        backend.set_embedder(*saved)
    return t.seconds


def match_latency(app, needs: int, seed: int) -> list[list]:
    import sqlalchemy as sa

    from marketplace.models import Need, db
    from search.match_lists import matches_for_need

    rows = []
    with app.app_context():
        ids = list(db.session.execute(sa.select(Need.id).where(Need.status == "published")).scalars())
        random.Random(seed).shuffle(ids)
        ids = ids[:needs]
        for need_id in ids[:5]:  # warm up: the vector matrix, caches, connections
            matches_for_need(need_id, ranking="hybrid")
        samples = {"lexical": [], "hybrid": []}
        for need_id in ids:
            for ranking in ("lexical", "hybrid"):
                with common.Timer() as t:
                    matches_for_need(need_id, ranking=ranking)
                samples[ranking].append(t.seconds * 1000)
            db.session.remove()
        for ranking, label in (("lexical", "lexical ranking (baseline)"), ("hybrid", "hybrid ranking")):
            s = samples[ranking]
            rows.append([f"{app.extensions['search'].name}: {label}", len(s), common.median(s),
                         common.percentile(s, 95)])
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a cached benchmark database (bench/out/search-bench-*.db)")
    parser.add_argument("--elasticsearch-url", default=os.environ.get("TEST_ELASTICSEARCH_URL", ""))
    parser.add_argument("--index-sample", type=int, default=500, help="documents for the indexing rates")
    parser.add_argument("--needs", type=int, default=200, help="needs whose matches are timed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backends", default="embedded,elastic", help="embedded, elastic (needs the URL)")
    parser.add_argument("--solutions", type=int, default=0,
                        help="section 4: index only the first N published solutions (default: all)")
    parser.add_argument("--random-vectors", action="store_true",
                        help="section 4 with random unit vectors instead of the model's (for sizes the model "
                             "cannot embed in the time; labelled so in the output)")
    parser.add_argument("--skip", default="", help="comma-separated sections to skip: model,throughput,index,match")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))

    tmp = Path(tempfile.mkdtemp(prefix="meaning-bench-"))
    common.prepare_environment(tmp)
    common.quiet_logs()
    print(common.machine_header("Matching by meaning", {"database": Path(args.db).name}))

    if "model" not in skip:
        print("\n-- 1. the model: installed size (MiB) --")
        print(common.table(["distribution", "version", "MiB"], installed_size()))
        without, with_model = probe(False), probe(True)
        print("\n-- 1. the model: a fresh process --")
        print(common.table(["process", "create_app s", "first vector s", "RSS MiB"], [
            ["baseline: SEMANTIC_MATCHING off", without["app_s"], "", without["rss_app"]],
            ["model loaded (at create_app)", with_model["app_s"], "", with_model["rss_app"]],
            ["model loaded and used once", "", with_model["first_s"], with_model["rss_used"]],
        ]))

    if "throughput" not in skip:
        print("\n-- 2. embedding throughput, empty cache, batches of 32 --")
        synthetic = vector_cache.listing_texts(args.db)[:256]
        rows = []
        for label, texts in (("labelled set (hand-written)", labelled_texts()), ("synthetic (256-piece window)", synthetic)):
            rate, tok_rate, pieces = throughput(texts)
            rows.append([label, len(texts), pieces, rate, tok_rate])
        print(common.table(["texts", "n", "word pieces", "texts/s", "baseline: tokeniser alone texts/s"], rows))
        print(f"one need's text alone (labelled set, median of 20): {single_text_ms(labelled_texts()[190:]):.1f} ms")

    if {"index", "match"} - skip:
        db_copy = tmp / "bench.db"
        shutil.copyfile(args.db, db_copy)
        backends = set(filter(None, args.backends.split(",")))
        apps = [("embedded", make_app(db_copy, tmp / "embedded", ""))] if "embedded" in backends else []
        if args.elasticsearch_url and "elastic" in backends:
            apps.append(("elastic", make_app(db_copy, tmp / "elastic", args.elasticsearch_url)))
        if "index" not in skip:
            print(f"\n-- 3. indexing {args.index_sample} solutions with vectors and without --")
            docs = solution_documents(apps[0][1], args.index_sample) if apps else []
            rows = []
            for _, app in apps:
                rows += index_rates(app, docs)
            print(common.table(["backend: documents", "n", "docs/s"], rows))
        if "match" not in skip:
            vectors = None if args.random_vectors else vector_cache.load(vector_cache.cache_path(args.db))
            what = "RANDOM unit vectors, not the model's" if vectors is None else f"{len(vectors)} cached model vectors"
            print(f"\n-- 4. match latency in-process over the whole database ({what}) --")
            rows = []
            for _, app in apps:
                seconds = build_with_cached_vectors(app, vectors, args.solutions)
                backend = app.extensions["search"]
                counts = ", ".join(f"{backend.count(kind)} {kind}s" for kind in ("solution", "need"))
                print(f"{backend.name}: index of {counts} built with cached vectors in {seconds:.0f} s")
                gc.collect()
                rows += match_latency(app, args.needs, args.seed)
            print(common.table(["backend: ranking", "needs", "p50 ms", "p95 ms"], rows))
            print(common.p95_note(args.needs))
        for name, app in apps:
            backend = app.extensions["search"]
            if name == "elastic":
                backend.es.indices.delete(index=f"{backend.prefix}-*", ignore_unavailable=True, allow_no_indices=True)
            common.dispose_app(app)
    print(f"\nload avg at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
