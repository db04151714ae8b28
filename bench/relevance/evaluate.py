"""Matching quality on the labelled set: nDCG@10 of the matcher against plain BM25.

For each backend: a fresh SQLite database in a temporary folder, the labelled
bundle imported (inline indexing fills the index), then for every need:

- matcher: the refs of ``matches_for_need(id, limit=10)``;
- baseline: the backend's raw text relevance alone over the same eligible set
  (``match_candidates`` with no clinical areas, sorted by score).

nDCG@10 uses gains 2^grade - 1 and a log2(rank + 1) discount; the ideal DCG
counts only the judged solutions that are eligible for the need.

    python -m bench.relevance.evaluate [--backends embedded,elastic] [--elasticsearch-url URL]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
K = 10


def dcg(gains: list[float]) -> float:
    return sum(g / math.log2(rank + 1) for rank, g in enumerate(gains, start=1))


def ndcg(ranking: list[str], grades: dict[str, int], eligible_refs: set[str]) -> float:
    gains = [2 ** grades.get(ref, 0) - 1 for ref in ranking[:K]]
    ideal = sorted((2 ** g - 1 for ref, g in grades.items() if ref in eligible_refs), reverse=True)[:K]
    best = dcg(ideal)
    return dcg(gains) / best if best > 0 else 0.0


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def evaluate_backend(name: str, labelled: dict, es_url: str) -> list[dict]:
    from flask_migrate import upgrade

    from auth.identity import cli_actor
    from config import Config
    from marketplace import create_app
    from marketplace.models import Need, Solution, db
    from marketplace.services.bundle import import_bundle
    from search import documents, matching
    from search.backend import Eligibility, MatchQuery
    from search.service import matches_for_need

    with tempfile.TemporaryDirectory(prefix=f"relevance-{name}-") as tmp:
        tmp_dir = Path(tmp)
        overrides = {}
        if name == "elastic":
            if not es_url:
                raise SystemExit("elastic backend: give --elasticsearch-url or set TEST_ELASTICSEARCH_URL")
            overrides = {"ELASTICSEARCH_URL": es_url, "SEARCH_INDEX_PREFIX": "bench-relevance"}
        else:
            overrides = {"ELASTICSEARCH_URL": ""}
        config = Config(
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_dir / 'db.sqlite'}",
            SECRET_KEY="bench-secret-not-for-production",
            EMBEDDED_SEARCH_PATH=str(tmp_dir / "search.db"),
            SEARCH_SYNC="inline",
            **overrides,
        )
        app = create_app(config)
        rows = []
        with app.app_context():
            upgrade()
            backend = app.extensions["search"]
            backend.reset()
            import_bundle(cli_actor("bench"), labelled["bundle"])
            backend.refresh()

            solution_docs = [documents.solution_document(s) for s in db.session.query(Solution).all()]
            mismatch = set(labelled.get("vocabulary_mismatch") or [])
            for need_ref, grades in sorted(labelled["judgements"].items()):
                need = db.session.query(Need).filter_by(ref=need_ref).one()
                profile = matching.need_profile(documents.need_document(need))
                eligible_refs = {d["ref"] for d in solution_docs if matching.is_eligible(profile, d)}

                matcher = [item["solution"]["ref"] for item in matches_for_need(need.id, limit=K)["items"]]

                candidates = backend.match_candidates(MatchQuery(
                    kind="solution",
                    text=" ".join(filter(None, [need.title, need.problem, need.outcomes])),
                    clinical_areas=(),
                    eligibility=Eligibility(min_evidence_rank=profile.min_evidence_rank,
                                            required_regulatory=profile.required_regulatory),
                    eligible_only=True,
                    size=200,
                ))
                hits = sorted(candidates.hits, key=lambda h: -h.score)
                baseline = [h.doc["ref"] for h in hits[:K]]

                rows.append({
                    "ref": need_ref, "title": need.title,
                    "group": "B" if need_ref in mismatch else "A",
                    "matcher": ndcg(matcher, grades, eligible_refs),
                    "baseline": ndcg(baseline, grades, eligible_refs),
                })
            if name == "elastic":
                backend.es.indices.delete(index=f"{backend.prefix}-*", ignore_unavailable=True,
                                          allow_no_indices=True)
            db.session.remove()
            db.engine.dispose()
        return rows


def report(name: str, rows: list[dict]) -> None:
    print(f"\n== backend: {name} ({len(rows)} needs) ==")
    print(f"{'backend':<10} {'method':<10} {'all':>7} {'group A':>9} {'group B':>9}")
    for method, label in (("matcher", "matcher"), ("baseline", "BM25")):
        all_ = _mean([r[method] for r in rows])
        a = _mean([r[method] for r in rows if r["group"] == "A"])
        b = _mean([r[method] for r in rows if r["group"] == "B"])
        print(f"{name:<10} {label:<10} {all_:>7.3f} {a:>9.3f} {b:>9.3f}")
    print(f"\nWorst 5 needs for the matcher ({name}):")
    print(f"{'need':<13} {'grp':<3} {'matcher':>7} {'BM25':>6}  title")
    for r in sorted(rows, key=lambda r: (r["matcher"], r["ref"]))[:5]:
        print(f"{r['ref']:<13} {r['group']:<3} {r['matcher']:>7.3f} {r['baseline']:>6.3f}  {r['title']}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="embedded", help="comma-separated: embedded, elastic")
    parser.add_argument("--elasticsearch-url", default=os.environ.get("TEST_ELASTICSEARCH_URL", ""))
    parser.add_argument("--labelled", default=str(HERE / "labelled.json"))
    args = parser.parse_args(argv)

    labelled = json.loads(Path(args.labelled).read_text())
    for name in [b.strip() for b in args.backends.split(",") if b.strip()]:
        if name not in ("embedded", "elastic"):
            parser.error(f"unknown backend {name!r}")
        report(name, evaluate_backend(name, labelled, args.elasticsearch_url))


if __name__ == "__main__":
    main()
