"""Try other readings of meaning and other fusions of the two text signals without changing
the index: an experiment, not the shipped ranking (embedded backend only).

The matcher's candidates are found as usual; before they are scored, each candidate's
similarity is recomputed from vectors of the texts' parts (embedded here, not indexed), and/or
the word and meaning signals are fused differently. Figures are nDCG@10 by group.

--similarity (need parts x solution parts; need: full = title+problem+outcomes, tp =
title+problem, out = outcomes; solution: full = name+summary+description, ns = name+summary,
desc = description):
  full    the similarity the index gives (since field-level meaning shipped, that is maxsol:
          the best of the solution's indexed vectors; before, cos(need full, solution full))
  maxsol  max over the solution's parts of cos(need full, part), recomputed here
  max     max over all 3 x 3 pairs of parts
  mix     the mean of full and max
--fusion (hybrid only):
  none    the linear weights of search/matching.py (today)
  rrfK    both text signals replaced by reciprocal-rank fusion of the two rankings (k = K),
          as a share of the best candidate's
  blend   half the linear signals, half rrf10

    python -m bench.relevance.explore_meaning --similarity maxsol --fusion none [--groups AB]

Judge on groups A and B (--groups AB, the default); add C only to confirm a choice.
"""
from __future__ import annotations

import argparse
import json

import numpy as np

from bench.relevance import evaluate as ev

PARTS = {"need": (("title", "problem", "outcomes"), ("title", "problem"), ("outcomes",)),
         "solution": (("name", "summary", "description"), ("name", "summary"), ("description",))}


def _install(similarity: str, fusion: str) -> None:
    from marketplace.models import Need
    from search import documents, get_backend, matching, service
    from search.embeddings import usable

    cache: dict = {}

    def vectors(kind: str, doc: dict):
        key = (kind, doc["id"])
        if key not in cache:
            texts = [". ".join(str(doc.get(f) or "").strip().rstrip(".") for f in fields if usable(doc.get(f)))
                     for fields in PARTS[kind]]
            full = get_backend().embedder.embed_one(texts[0])
            cache[key] = np.array([v if v is not None else full
                                   for v in get_backend().embedder.embed(texts)])
        return cache[key]

    def ranks(values):
        order = sorted(range(len(values)), key=lambda i: -values[i])
        out = [None] * len(values)
        for position, i in enumerate(order, start=1):
            out[i] = position if values[i] > 0 else None
        return out

    def rrf(texts, meanings, k):
        fused = [(1 / (k + a) if a else 0.0) + (1 / (k + b) if b else 0.0)
                 for a, b in zip(ranks(texts), ranks(meanings))]
        best = max(fused, default=0.0) or 1.0
        return [f / best for f in fused]

    original = service._finish
    normalise_text, normalise_meaning = matching.normalise_text_scores, matching.normalise_similarities

    def finish(key, found, pair, page, per_page, without):
        candidates = found[0] if isinstance(found, tuple) else found
        if key == "solution" and "meaning" not in without and candidates.hits:
            if similarity != "full":
                from marketplace.models import db
                need = db.session.get(Need, pair(candidates.hits[0].doc)[0].id)
                nv = vectors("need", documents.need_document(need))
                for hit in candidates.hits:
                    m = nv @ vectors("solution", hit.doc).T
                    hit.similarity = float({"maxsol": m[0].max(), "max": m.max(),
                                            "mix": 0.5 * m[0, 0] + 0.5 * m.max()}[similarity])
            if fusion != "none" and not without:
                texts = normalise_text([h.score for h in candidates.hits])
                meanings = normalise_meaning([h.similarity for h in candidates.hits])
                if fusion.startswith("rrf"):
                    texts = meanings = rrf(texts, meanings, int(fusion[3:]))
                elif fusion == "blend":
                    fused = rrf(texts, meanings, 10)
                    texts = [0.5 * t + 0.5 * f for t, f in zip(texts, fused)]
                    meanings = [0.5 * m + 0.5 * f for m, f in zip(meanings, fused)]
                matching.normalise_text_scores = lambda raw: texts
                matching.normalise_similarities = lambda sims: meanings
        try:
            return original(key, found, pair, page, per_page, without)
        finally:
            matching.normalise_text_scores, matching.normalise_similarities = normalise_text, normalise_meaning

    service._finish = finish


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--similarity", default="full", choices=("full", "maxsol", "max", "mix"))
    parser.add_argument("--fusion", default="none")
    parser.add_argument("--groups", default="AB", help="groups to report, e.g. AB or ABC")
    parser.add_argument("--labelled", default=str(ev.HERE / "labelled.json"))
    args = parser.parse_args(argv)
    _install(args.similarity, args.fusion)
    rows = ev.evaluate_backend("embedded", json.loads(open(args.labelled).read()), "")
    columns = list(args.groups) + ([args.groups] if len(args.groups) > 1 else [])
    for method in ("lexical", "semantic", "hybrid"):
        cells = " ".join(f"{g}={np.mean([r[method] for r in rows if r['group'] in g]):.3f}" for g in columns)
        print(f"similarity={args.similarity} fusion={args.fusion} {method:<8} {cells}")


if __name__ == "__main__":
    main()
