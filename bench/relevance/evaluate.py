"""Matching quality on the labelled set: nDCG@10 of the matcher, lexical, semantic and hybrid.

For each backend: a fresh SQLite database in a temporary folder, the labelled
bundle imported (inline indexing fills the index and its vectors), then for every need:

- hybrid / lexical / semantic: the refs of ``matches_for_need(id, limit=10, ranking=...)``:
  the matcher with both text signals, with words only (BM25), with meaning only (cosine);
  each with the structured signals (clinical area, adoption, evidence, setting, co-design);
- BM25 / cosine: one raw text signal alone over the same eligible set (no structure).

Needs fall in three groups: A ordinary, B vocabulary mismatch (both used to choose the
weights and constants of search/matching.py) and C held out (same style as B, written
afterwards and kept out of tuning: judge a change on A+B, then confirm it on C).

nDCG@10 uses gains 2^grade - 1 and a log2(rank + 1) discount; the ideal DCG
counts only the judged solutions that are eligible for the need.

    python -m bench.relevance.evaluate [--backends embedded,elastic] [--elasticsearch-url URL] [--show-held-out]
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

    from auth.policy.identity import cli_actor
    from config import Config
    from marketplace import create_app
    from marketplace.models import Need, Solution, db
    from marketplace.schemas.bundle import parse_bundle
    from marketplace.services.bundle import import_bundle
    from search import documents, eligibility, matching
    from search.backend import Eligibility, MatchQuery
    from search.embeddings import vector_text
    from search.match_lists import RANKINGS, matches_for_need

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
            import_bundle(cli_actor("bench"), parse_bundle(labelled["bundle"]))
            backend.refresh()

            solution_docs = [documents.solution_document(s) for s in db.session.query(Solution).all()]
            mismatch = set(labelled.get("vocabulary_mismatch") or [])
            held_out = set(labelled.get("held_out") or [])
            for need_ref, grades in sorted(labelled["judgements"].items()):
                need = db.session.query(Need).filter_by(ref=need_ref).one()
                profile = matching.need_profile(documents.need_document(need))
                eligible_refs = {d["ref"] for d in solution_docs if matching.is_eligible(profile, d)}

                row = {"ref": need_ref, "title": need.title, "group": "B" if need_ref in mismatch else "C" if need_ref in held_out else "A"}
                for ranking in RANKINGS:
                    found = matches_for_need(need.id, limit=K, ranking=ranking)["items"]
                    row[ranking] = ndcg([item["solution"]["ref"] for item in found], grades, eligible_refs)
                    row[f"{ranking}_top"] = [item["solution"]["ref"] for item in found]

                vector = backend.embedder.embed_one(vector_text("need", documents.need_document(need)))
                candidates = backend.match_candidates(MatchQuery(
                    kind="solution",
                    text=" ".join(filter(None, [need.title, need.problem, need.outcomes])),
                    clinical_areas=(),
                    eligibility=Eligibility(eligibility.values_of("need", documents.need_document(need))),
                    eligible_only=True,
                    size=200, vector=vector.tolist(), semantic_size=200,
                ))
                by_words = sorted((h for h in candidates.hits if h.score > 0), key=lambda h: -h.score)
                by_meaning = sorted((h for h in candidates.hits if h.similarity is not None),
                                    key=lambda h: -h.similarity)
                row["bm25"] = ndcg([h.doc["ref"] for h in by_words[:K]], grades, eligible_refs)
                row["cosine"] = ndcg([h.doc["ref"] for h in by_meaning[:K]], grades, eligible_refs)
                row["missed"] = sorted(
                    (ref for ref, g in grades.items() if g >= 3 and ref in eligible_refs
                     and ref not in row["hybrid_top"]))
                rows.append(row)
            if name == "elastic":
                backend.es.indices.delete(index=f"{backend.prefix}-*", ignore_unavailable=True,
                                          allow_no_indices=True)
            db.session.remove()
            db.engine.dispose()
        return rows


METHODS = (("lexical", "matcher, words"), ("semantic", "matcher, meaning"), ("hybrid", "matcher, hybrid"),
           ("bm25", "BM25 alone"), ("cosine", "cosine alone"))


# Columns of the report: every need, each group, and A+B (the needs that tuning may look at).
COLUMNS = (("all", "ABC"), ("group A", "A"), ("group B", "B"), ("C held out", "C"), ("A+B", "AB"))


def report(name: str, rows: list[dict], show_held_out: bool = False) -> None:
    print(f"\n== backend: {name} ({len(rows)} needs) ==")
    print(f"{'backend':<10} {'method':<17}" + "".join(f" {title:>10}" for title, _ in COLUMNS))
    for method, label in METHODS:
        cells = [_mean([r[method] for r in rows if r["group"] in groups]) for _, groups in COLUMNS]
        print(f"{name:<10} {label:<17}" + "".join(f" {c:>10.3f}" for c in cells))
    shown = [r for r in rows if show_held_out or r["group"] != "C"]
    which = "" if show_held_out else " of groups A and B (--show-held-out adds group C)"
    print(f"\nWorst 8 needs{which} for the hybrid matcher ({name}), with eligible grade-3 solutions it"
          " leaves out of its top 10:")
    print(f"{'need':<13} {'grp':<3} {'hybrid':>6} {'words':>6} {'mean.':>6}  title / missed")
    for r in sorted(shown, key=lambda r: (r["hybrid"], r["ref"]))[:8 if not show_held_out else 14]:
        print(f"{r['ref']:<13} {r['group']:<3} {r['hybrid']:>6.3f} {r['lexical']:>6.3f} {r['semantic']:>6.3f}  {r['title']}")
        if r["missed"]:
            print(f"{'':<33}  missed: {', '.join(r['missed'])}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="embedded", help="comma-separated: embedded, elastic")
    parser.add_argument("--elasticsearch-url", default=os.environ.get("TEST_ELASTICSEARCH_URL", ""))
    parser.add_argument("--labelled", default=str(HERE / "labelled.json"))
    parser.add_argument("--show-held-out", action="store_true",
                        help="list group C needs among the worst (not while tuning: judge changes on A+B)")
    args = parser.parse_args(argv)

    labelled = json.loads(Path(args.labelled).read_text())
    for name in [b.strip() for b in args.backends.split(",") if b.strip()]:
        if name not in ("embedded", "elastic"):
            parser.error(f"unknown backend {name!r}")
        report(name, evaluate_backend(name, labelled, args.elasticsearch_url), args.show_held_out)


if __name__ == "__main__":
    main()
