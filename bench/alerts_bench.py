"""Saved-search alerts at scale: with N saved searches stored, how long publishing one listing
takes to find every search it newly matches, on both backends.

    python -m bench.alerts_bench                                   # embedded backend only
    python -m bench.alerts_bench --elasticsearch-url http://127.0.0.1:9219
    python -m bench.alerts_bench --searches 2000 --samples 20      # a busy machine

Set-up (not timed): a synthetic bundle (bench/synthetic.py) imported into a fresh SQLite
database and indexed (semantic matching off: alerts read no vectors); N saved searches over solutions (the words people type, taken from
the listings, with 0 to 2 clinical areas, sometimes a minimum evidence level or a
regulatory line, a tenth with no words) owned by 100 people; on Elasticsearch they are put
in the percolator index (or, on a cluster without the percolator module, nothing: see
search/percolator.py).

Timed, per published solution of the sample (the same sample on each backend):
* ``matching``: search.percolator ``matching(kind, doc)``: every saved search the listing
  matches (the percolate request; on the embedded backend the Python filters and FTS5
  checks, reading the saved searches from the database);
* ``after_indexed``: search.alerts.after_indexed, the whole step the indexer
  runs after indexing: the above, plus the need's standing searches (a match query over
  needs), the "newly" check and the rows written (the transaction is rolled back after each
  sample, so every sample finds its matches anew; no email is sent);
* baselines: on Elasticsearch the raw percolate request, sent straight to Elasticsearch from
  Python with the body ``matching`` sends (without the percolator module, the raw _msearch
  requests it sends, built beforehand); on the embedded backend the FTS5 statements the
  matching runs for that listing, prepared beforehand and run alone; on both, reading the
  saved searches from the database (which the matching does, bar the percolator).
The first listing after start, which reads every saved search's words, is timed apart.
Nothing is asserted: figures only.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
from datetime import datetime
import sys
import tempfile
from pathlib import Path

from . import common, synthetic


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.alerts_bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--searches", type=int, default=10_000, help="saved searches stored (default 10,000)")
    p.add_argument("--solutions", type=int, default=2_000, help="solutions in the synthetic bundle (default 2,000)")
    p.add_argument("--samples", type=int, default=50, help="published solutions timed (default 50)")
    p.add_argument("--backends", default="embedded,elasticsearch",
                   help="which to measure (default both; Elasticsearch only with --elasticsearch-url)")
    p.add_argument("--elasticsearch-url", default=os.environ.get("BENCH_ELASTICSEARCH_URL", ""),
                   help="also measure Elasticsearch (it must already answer; indexes bench-alerts-<pid>-* are deleted)")
    p.add_argument("--seed", type=int, default=7)
    return p.parse_args(argv)


def saved_searches(bundle: dict, n: int, users: list[int], seed: int) -> list[dict]:
    from marketplace import taxonomy as tx

    rng = random.Random(seed)
    words = synthetic.query_words(bundle, n, seed=seed)
    areas = sorted(tx.codes(tx.CLINICAL_AREAS))
    levels = sorted(tx.codes(tx.EVIDENCE_LEVELS))
    regulatory = sorted(tx.codes(tx.REGULATORY_STATUSES))
    rows = []
    for i in range(n):
        filters: dict = {}
        k = rng.choice([0, 1, 1, 2])
        if k:
            filters["clinical_areas"] = rng.sample(areas, k)
        if rng.random() < 0.2:
            filters["min_evidence_level"] = rng.choice(levels)
        if rng.random() < 0.1:
            filters["regulatory"] = [rng.choice(regulatory)]
        rows.append({"user_id": users[i % len(users)], "kind": "solution", "name": f"Search {i}",
                     "q": "" if rng.random() < 0.1 else words[i], "filters": filters,
                     "frequency": rng.choice(["immediate", "daily"])})
    return rows


def build(app, bundle: dict, n: int, seed: int) -> list[dict]:
    """Import, index, store the saved searches; the documents of the sample listings."""
    import sqlalchemy as sa

    from auth.policy.identity import cli_actor
    from marketplace.models import OutboxEvent, SavedSearch, Solution, User, db
    from marketplace.schemas.bundle import parse_bundle
    from marketplace.services.bundle import import_bundle
    from search import indexer
    from search.cli import rebuild_all

    with app.app_context():
        import_bundle(cli_actor("alerts_bench"), parse_bundle(bundle))
        backend = app.extensions["search"]
        rebuild_all(backend, show_progress=False)
        db.session.execute(sa.update(OutboxEvent).values(processed_at=sa.func.current_timestamp()))
        users = []
        for i in range(100):
            user = User(email=f"bench{i}@example.nhs.uk", name=f"Bench {i}")
            db.session.add(user)
            db.session.flush()
            users.append(user.id)
        # Saved long ago: every published listing is "new" to them.
        rows = saved_searches(bundle, n, users, seed)
        long_ago = datetime(2000, 1, 1)
        db.session.execute(sa.insert(SavedSearch), [{**r, "created_at": long_ago, "updated_at": long_ago} for r in rows])
        db.session.commit()
        ids = list(db.session.execute(sa.select(Solution.id).where(Solution.status == "published")
                                      .order_by(Solution.id)).scalars())
        docs, _ = indexer.load_documents(db.session, "solution", ids)
        return docs


def _fts_statements(matcher, kind: str, doc: dict, searches) -> list[str]:
    """The FTS5 expressions the embedded matching asks of this listing (the same reading, in
    the same order, stopping where it stops), to replay alone as the baseline."""
    from search import embedded_text, saved_search_queries

    holds: dict = {}
    for search, _ids in saved_search_queries.passing(kind, doc, searches).values():
        any(matcher._words_match(kind, tq, doc["id"], holds) for tq in search.words)
    return [embedded_text.match_expression(list(alternatives)) for alternatives in holds]


def measure(app, docs: list[dict], label: str) -> list[list]:
    from sqlalchemy.orm import Session

    from marketplace.models import db
    from search import alerts
    from marketplace.services.saved_searches import active_searches
    from search import percolator, saved_search_queries

    rows = []
    with app.app_context():
        backend = app.extensions["search"]
        matcher = percolator.for_backend(backend)
        load = lambda: active_searches("solution")  # noqa: E731
        with common.Timer() as t:
            matcher.ensure("solution", load)
            if getattr(matcher, "native", None) is not None:
                matcher.rebuild("solution", load())
        setup = t.seconds
        mode = {True: "percolator", False: "_msearch (no percolator module)", None: "Python filters + FTS5"}[
            getattr(matcher, "native", None)]
        # The first listing after the process starts reads every saved search's words
        # (saved_search_queries.compiled); timed apart, then the samples run with them read.
        saved_search_queries._compiled.clear()
        with common.Timer() as t:
            matcher.matching("solution", docs[0], load)
        first = t.seconds * 1000
        matched, t_match, t_after, t_raw, t_read, statements = [], [], [], [], [], []
        for doc in docs:
            with common.Timer() as t:
                found = matcher.matching("solution", doc, load)
            t_match.append(t.seconds * 1000)
            matched.append(len(found))
            with Session(db.engine) as session:
                with common.Timer() as t:
                    alerts.after_indexed(session, backend, "solution", [doc])
                t_after.append(t.seconds * 1000)
                session.rollback()
            with common.Timer() as t:
                searches = load()
            t_read.append(t.seconds * 1000)
            if backend.name == "elasticsearch" and matcher.native:
                body = matcher.percolate_body("solution", doc)
                with common.Timer() as t:
                    backend.es.search(index=matcher.alias("solution"), **body)
            elif backend.name == "elasticsearch":
                _found, _by_text, requests = matcher.msearch_requests("solution", doc, searches)
                statements.append(len(requests))
                with common.Timer() as t:
                    for _keys, lines in requests:
                        backend.es.msearch(searches=lines)
            else:
                asked = _fts_statements(matcher, "solution", doc, searches)
                statements.append(len(asked))
                sql = "SELECT 1 FROM solution_fts WHERE solution_fts MATCH ? AND rowid = ?"
                with common.Timer() as t:
                    for expression in asked:
                        backend._db.execute(sql, [expression, doc["id"]]).fetchone()
            t_raw.append(t.seconds * 1000)
        n = len(docs)
        rows.append([f"{label}: matching ({mode})", n, common.median(t_match), common.percentile(t_match, 95),
                     common.median(matched)])
        rows.append([f"{label}: after_indexed (find + record the alerts)", n, common.median(t_after),
                     common.percentile(t_after, 95), "-"])
        if backend.name == "elasticsearch" and matcher.native:
            raw = "baseline: the raw percolate request"
        elif backend.name == "elasticsearch":
            raw = f"baseline: the raw _msearch requests alone ({common.median(statements):.0f} a listing)"
        else:
            raw = f"baseline: the FTS5 statements alone ({common.median(statements):.0f} a listing)"
        rows.append([f"{label}: {raw}", n, common.median(t_raw), common.percentile(t_raw, 95), "-"])
        rows.append([f"{label}: reading the saved searches from the database", n, common.median(t_read),
                     common.percentile(t_read, 95), "-"])
        print(f"  {label}: {mode}; percolator (re)build of the saved searches: {setup:.2f} s; "
              f"first listing after start (reading every saved search's words): {first:.0f} ms", flush=True)
    return rows


def make_app(url: str, search_path: Path, overrides: dict):
    """common.make_app, with Elasticsearch when ``overrides`` names it."""
    from flask_migrate import upgrade

    from config import Config
    from marketplace import create_app

    # Alerts read no vectors: semantic matching off, so the set-up does not spend minutes embedding.
    settings = {"ELASTICSEARCH_URL": "", "SEMANTIC_MATCHING": False, **overrides}
    app = create_app(Config(SQLALCHEMY_DATABASE_URI=url, EMBEDDED_SEARCH_PATH=str(search_path), SEARCH_SYNC="worker",
                            **settings))
    with app.app_context():
        upgrade()
    return app


def main(argv=None) -> int:
    args = parse_args(argv)
    common.quiet_logs()
    tmp = Path(tempfile.mkdtemp(prefix="alerts-bench-"))
    common.prepare_environment(tmp)
    print(common.machine_header("alerts_bench", {"saved searches": f"{args.searches:,}",
                                                 "solutions": f"{args.solutions:,}", "samples": str(args.samples)}))
    bundle = synthetic.generate(solutions=args.solutions, needs=max(50, args.solutions // 10), seed=args.seed)
    rows = []
    try:
        wanted = set(args.backends.split(","))
        backends = [("embedded", {})] if "embedded" in wanted else []
        if args.elasticsearch_url and "elasticsearch" in wanted:
            backends.append(("elasticsearch", {"ELASTICSEARCH_URL": args.elasticsearch_url,
                                               "SEARCH_INDEX_PREFIX": f"bench-alerts-{os.getpid()}"}))
        for label, overrides in backends:
            with common.fresh_database("sqlite", tmp, None, f"alerts-{label}") as url:
                app = make_app(url, tmp / f"search-{label}.db", overrides)
                try:
                    docs = build(app, bundle, args.searches, args.seed)
                    sample = random.Random(args.seed).sample(docs, min(args.samples, len(docs)))
                    rows += measure(app, sample, label)
                finally:
                    if label == "elasticsearch":
                        backend = app.extensions["search"]
                        backend.es.indices.delete(index=f"{backend.prefix}-*", ignore_unavailable=True,
                                                  allow_no_indices=True)
                    common.dispose_app(app)
        print()
        print(common.table(["what (one published solution)", "n", "p50 ms", "p95 ms", "searches matched (p50)"], rows))
        print(common.p95_note(args.samples))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
