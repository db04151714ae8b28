"""Match lists on target: precision@10 of the need's match list and of its near misses.

On the labelled set (labelled.json), for each backend: the labelled bundle in a fresh
SQLite database and index, then for every need the candidates the matcher reads
(search.match_lists._candidates, first page with near misses) assessed once, and listed:

- before: eligible matches by score alone; near misses that share a clinical area or score
  0.3 on words or meaning (the rule before search.match_lists.about_problem);
- strength: how the words strong / good / partial (search.match_lists.strength) of the first 10
  listed agree with the judgements;
- after: as search.match_lists lists them (about_problem, close_near_miss);
- per threshold pair (text share, cosine), one floor for both: eligible matches about the problem first (search.match_lists.about_problem
  with ON_TARGET_TEXT / ON_TARGET_SIMILARITY set to the threshold), then the rest; near misses
  only when about the problem.

precision@10: the share of the first 10 listed that the set judges about the need's problem
(grade >= 1; "p@10 g2" counts grade >= 2). Near-miss precision: the same over every near miss
listed on the first page, with how many are listed. nDCG@10 as bench/relevance/evaluate.py.

    python -m bench.relevance.match_precision [--backends embedded,elastic] [--elasticsearch-url URL]
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .evaluate import HERE, K, ndcg

# (text share, cosine) pairs tried; (0, 0) is no demotion.
THRESHOLDS = ((0.0, 0.0), (0.1, 0.3), (0.15, 0.3), (0.2, 0.3), (0.25, 0.3), (0.3, 0.3), (0.3, 0.35), (0.4, 0.35), (0.4, 0.4), (0.5, 0.4), (0.3, 0.45),
              (0.5, 0.45), (0.6, 0.45), (0.6, 0.5), (0.7, 0.5), (0.8, 0.55),
              # meaning alone where there is a vector (words only without one)
              (0.2, 0.25, True), (0.2, 0.28, True), (0.2, 0.3, True), (0.2, 0.35, True), (0.6, 0.4, True), (0.6, 0.45, True), (0.6, 0.5, True),
              # meaning as a share of the best candidate's cosine (at least the floor)
              (0.7, 0.3, "rel"), (0.75, 0.3, "rel"), (0.8, 0.3, "rel"), (0.85, 0.3, "rel"), (0.9, 0.3, "rel"))


@contextmanager
def labelled_app(name: str, labelled: dict, es_url: str, lexical: bool = False):
    from flask_migrate import upgrade

    from auth.policy.identity import cli_actor
    from config import Config
    from marketplace import create_app
    from marketplace.models import db
    from marketplace.services.bundle import import_bundle

    with tempfile.TemporaryDirectory(prefix=f"precision-{name}-") as tmp:
        overrides = ({"ELASTICSEARCH_URL": es_url, "SEARCH_INDEX_PREFIX": "bench-precision"} if name == "elastic"
                     else {"ELASTICSEARCH_URL": ""})
        if name == "elastic" and not es_url:
            raise SystemExit("elastic backend: give --elasticsearch-url or set TEST_ELASTICSEARCH_URL")
        app = create_app(Config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(tmp) / 'db.sqlite'}",
                                SECRET_KEY="bench-secret-not-for-production",
                                EMBEDDED_SEARCH_PATH=str(Path(tmp) / "search.db"), SEARCH_SYNC="inline",
                                SEMANTIC_MATCHING=not lexical, **overrides))
        with app.app_context():
            upgrade()
            backend = app.extensions["search"]
            backend.reset()
            import_bundle(cli_actor("bench"), labelled["bundle"])
            backend.refresh()
            try:
                yield backend
            finally:
                if name == "elastic":
                    backend.es.indices.delete(index=f"{backend.prefix}-*", ignore_unavailable=True,
                                              allow_no_indices=True)
                db.session.remove()
                db.engine.dispose()


def _about(entry, text_floor: float, cosine_floor: float, words_when_no_meaning=False, best: float = 0.0) -> bool:
    a = entry[3]
    if words_when_no_meaning == "rel" and a.similarity is not None:
        # text_floor here is a share of the best candidate's cosine
        return a.similarity >= max(cosine_floor, text_floor * best)
    if words_when_no_meaning and a.similarity is not None:
        return a.similarity >= cosine_floor
    return a.signals["text"] >= text_floor or (a.similarity is not None and a.similarity >= cosine_floor)


def _share(refs: list[str], grades: dict[str, int], floor: int) -> float | None:
    return _at_least([grades.get(r, 0) for r in refs], floor)


def _at_least(graded: list[int], floor: int) -> float | None:
    return sum(1 for g in graded if g >= floor) / len(graded) if graded else None


def measure(name: str, labelled: dict, es_url: str, lexical: bool = False) -> dict:
    from marketplace.models import Need, Solution, db
    from search import documents, eligibility, match_lists, matching

    with labelled_app(name, labelled, es_url, lexical):
        solutions = [documents.solution_document(s) for s in db.session.query(Solution).all()]
        rows = {"before": [], "after": [], **{t: [] for t in THRESHOLDS}}
        for need_ref, grades in sorted(labelled["judgements"].items()):
            need = db.session.query(Need).filter_by(ref=need_ref).one()
            need_doc = documents.need_document(need)
            profile = matching.need_profile(need_doc)
            eligible_refs = {d["ref"] for d in solutions if matching.is_eligible(profile, d)}
            vector = match_lists._query_vector("need", need_doc)
            query = match_lists.MatchQuery(
                kind="solution", text=" ".join(filter(None, [need.title, need.problem, need.outcomes])),
                clinical_areas=tuple(need.clinical_areas),
                eligibility=match_lists.Eligibility(eligibility.values_of("need", need_doc)),
                vector=vector, min_similarity=matching.MEANING_CANDIDATE)
            eligible, mixed = match_lists._read_candidates(query, 1, K, True)
            without = match_lists._without("hybrid", vector)
            pair = lambda doc: (profile, doc)  # noqa: E731
            ok = [e for e in match_lists._assessed(eligible, pair, without) if e[3].eligible]
            near_all = [e for e in match_lists._assessed(mixed, pair, without) if not e[3].eligible]
            by_score = sorted(ok, key=lambda e: (-e[3].score, match_lists._tiebreak(e[0]["id"])))

            def row(listed, near):
                refs = [e[0]["ref"] for e in listed[:K]]
                near_refs = [e[0]["ref"] for e in near[:K]]
                return {"p1": _share(refs, grades, 1), "p2": _share(refs, grades, 2),
                        "ndcg": ndcg(refs, grades, eligible_refs),
                        "ideal": min(K, sum(1 for r, g in grades.items() if g >= 1 and r in eligible_refs)) / K,
                        "near_p": _share(near_refs, grades, 1), "near_n": len(near_refs)}

            old_near = [e for e in sorted(near_all, key=lambda e: -e[3].score)
                        if e[3].signals["clinical_area"] > 0 or e[3].signals["text"] >= 0.3
                        or e[3].signals["meaning"] >= 0.3]
            rows["before"].append(row(by_score, old_near))
            # As search.match_lists lists them: its demotion floors and its stricter near-miss floors.
            listed = sorted(by_score, key=lambda e: not e[4])
            near = [e for e in sorted(near_all, key=lambda e: -e[3].score) if match_lists.close_near_miss(e[3])]
            rows["after"].append(row(listed, near))
            rows.setdefault("strength", []).extend(
                (match_lists.strength(e[3].score, e[4]), grades.get(e[0]["ref"], 0)) for e in listed[:K])
            best = max((e[3].similarity or 0.0 for e in ok), default=0.0)
            for t in THRESHOLDS:
                listed = sorted(by_score, key=lambda e: not _about(e, *t, best=best))  # stable: by score within
                near = [e for e in sorted(near_all, key=lambda e: -e[3].score) if _about(e, *t, best=best)]
                rows[t].append(row(listed, near))
        return rows


def _mean(values) -> float:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else float("nan")


def report(name: str, rows: dict) -> None:
    print(f"\n== backend: {name} ({len(rows['before'])} needs) ==")
    best = _mean(r["ideal"] for r in rows["before"])
    print(f"(the most p@10 g1 can be: {best:.3f}, as some needs have fewer than 10 eligible solutions graded 1+)")
    print(f"{'list':<22} {'p@10 g1':>8} {'p@10 g2':>8} {'nDCG@10':>8} {'near p':>7} {'near n':>7}")
    for key, found in rows.items():
        if key == "strength":
            continue
        label = (key if key == "before" else "after (as shipped)" if key == "after"
                 else f"  cos>={key[0]}xbest,>={key[1]}" if key[2:] == ("rel",)
                 else f"  cos>={key[1]}, words if none" if len(key) > 2 else f"  text>={key[0]} cos>={key[1]}")
        print(f"{label:<22} {_mean(r['p1'] for r in found):>8.3f} {_mean(r['p2'] for r in found):>8.3f}"
              f" {_mean(r['ndcg'] for r in found):>8.3f} {_mean(r['near_p'] for r in found):>7.3f}"
              f" {sum(r['near_n'] for r in found):>7}")
    print("\nStrength in words of the first 10 listed (as shipped): how many, and the share judged")
    print("grade >= 2 (substantially helps) and grade >= 1 (about the problem)")
    for word in ("strong", "good", "partial"):
        graded = [g for w, g in rows["strength"] if w == word]
        print(f"{word:<8} {len(graded):>5} {_at_least(graded, 2):>7.3f} {_at_least(graded, 1):>7.3f}" if graded
              else f"{word:<8} {0:>5}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="embedded")
    parser.add_argument("--elasticsearch-url", default=os.environ.get("TEST_ELASTICSEARCH_URL", ""))
    parser.add_argument("--labelled", default=str(HERE / "labelled.json"))
    parser.add_argument("--lexical", action="store_true",
                        help="semantic matching off: no vectors, so the words-only floors decide (the text>= rows)")
    args = parser.parse_args(argv)
    labelled = json.loads(Path(args.labelled).read_text())
    for name in [b.strip() for b in args.backends.split(",") if b.strip()]:
        report(name + (" lexical" if args.lexical else ""), measure(name, labelled, args.elasticsearch_url, args.lexical))


if __name__ == "__main__":
    main()
