"""Search quality on the judged natural-language queries (search_queries.py): nDCG@10.

For each backend: a fresh SQLite database in a temporary folder, the demo data
(marketplace/demo/listings.json) imported (inline indexing fills the index and its
vectors), then for every query, each with its filters:

- search: what the search endpoints answer (search.service.search_listings), with the
  words and meaning fused by weighted normalised scores, and the meaning searched again from
  the best records found (search.text_query.FEEDBACK_DOCS; the default);
- no feedback: the same without searching the meaning again;
- as the endpoints answer: search.service.search, which also reads the query's words for filters
  (search.query_reading) and applies them, as the page lists them: the results within the filters
  read, continued by those beyond them when they leave less than a page (``beyond_reading``), or,
  when nothing is listed, the nearest records offered with filters relaxed. Its "finds nothing"
  means nothing listed at all; the line under the table counts the queries with nothing within
  every filter read;
- rrf: the same, fused by reciprocal rank fusion instead;
- words: the same words signal without the meaning;
- BM25: plain BM25 of the query's words, any of them, with the same filters, computed in
  the same run (FTS5's bm25 / an Elasticsearch multi_match, OR, no synonyms).

The ideal DCG counts only the judged records that pass the query's filters. A query
"finds nothing" when the search's total is 0; every judged query has an answer.
Queries are in two groups: tuning, and held out (not looked at while tuning: judge a
change on tuning, then confirm it on held out).

    python -m bench.relevance.evaluate_search [--backends embedded,elastic] [--elasticsearch-url URL]
        [--show-held-out] [--worst N]
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

from bench.relevance.evaluate import K, _mean, ndcg
from bench.relevance.search_queries import queries

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "marketplace" / "demo" / "listings.json"
METHODS = (("search", "search (weighted)"), ("nofeedback", "search, no feedback"),
           ("endpoint", "endpoints (reading)"), ("rrf", "search (RRF)"),
           ("words", "search, words only"), ("bm25", "plain BM25"))


def plain_bm25(backend, kind: str, q: str, query) -> list[str]:
    """The refs of the top K by plain BM25: any of the query's words, the same filters."""
    from search import text as tx_text

    words = tx_text.terms(q)
    if not words:
        return []
    if backend.name == "embedded":
        from search.documents import TEXT_FIELDS
        from search.embedded_text import match_expression

        where, params = backend._filters(kind, query)
        weights = ", ".join(str(w) for w in TEXT_FIELDS[kind].values())
        rows = backend._db.execute(
            f"SELECT json_extract(d.doc, '$.ref') FROM {kind}_fts f JOIN {kind}_docs d ON d.id = f.rowid"
            f" WHERE {kind}_fts MATCH ?{''.join(' AND ' + w for w in where)}"
            f" ORDER BY bm25({kind}_fts, {weights}), d.id DESC LIMIT {K}", [match_expression(words), *params])
        return [r[0] for r in rows]
    body = {"bool": {"must": [{"multi_match": {"query": " ".join(words), "fields": backend._text_fields(kind),
                                                "type": "most_fields", "operator": "or", "analyzer": "en_index"}}],
                     "filter": backend._filters(query)}}
    response = backend.es.search(index=backend.alias(kind), query=body, size=K, source=["ref"],
                                 sort=["_score", {"id": "desc"}])
    return [h["_source"]["ref"] for h in response["hits"]["hits"]]


def evaluate_backend(name: str, es_url: str) -> list[dict]:
    from flask_migrate import upgrade

    from auth.policy.identity import cli_actor
    from config import Config
    from marketplace import create_app
    from marketplace.schemas.bundle import parse_bundle
    from marketplace.services.bundle import import_bundle
    from search.backend import SearchQuery
    from search.service import search_listings

    with tempfile.TemporaryDirectory(prefix=f"search-relevance-{name}-") as tmp:
        tmp_dir = Path(tmp)
        overrides = {"ELASTICSEARCH_URL": ""}
        if name == "elastic":
            if not es_url:
                raise SystemExit("elastic backend: give --elasticsearch-url or set TEST_ELASTICSEARCH_URL")
            overrides = {"ELASTICSEARCH_URL": es_url, "SEARCH_INDEX_PREFIX": "bench-search-relevance"}
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
            import_bundle(cli_actor("bench"), parse_bundle(json.loads(DEMO.read_text())))
            backend.refresh()
            for item in queries():
                kind, q, filters = item["kind"], item["q"], item["filters"]
                passing = {i["ref"] for i in search_listings(kind, "", filters, per_page=10_000)["items"]}
                row = {"id": item["id"], "q": q, "kind": kind, "held_out": item["held_out"]}
                for fusion, method, feedback in (("weighted", "search", True), ("weighted", "nofeedback", False),
                                                 ("rrf", "rrf", True), ("words", "words", True)):
                    result = search_listings(kind, q, filters, per_page=K, fusion=fusion, feedback=feedback)
                    top = [i["ref"] for i in result["items"]]
                    row[method] = ndcg(top, item["grades"], passing)
                    row[f"{method}_top"] = top
                    row[f"{method}_total"] = result["total"]
                from search.service import search as endpoint_search

                answer = endpoint_search(kind, {"q": q, **filters, "page": 1, "per_page": K})
                # As the page lists them: the results, continued beyond the filters read from the
                # words when those leave less than a page; the nearest with filters relaxed when empty.
                shown = answer["items"] + (answer["beyond_reading"] or {}).get("items", [])
                shown = shown or (answer["relaxed"] or {}).get("items", [])
                row["endpoint_top"] = [i["ref"] for i in shown][:K]
                row["endpoint"] = ndcg(row["endpoint_top"], item["grades"], passing)
                row["endpoint_total"] = len(shown)  # "finds nothing": nothing listed at all
                row["endpoint_within"] = answer["total"]
                query = SearchQuery(kind=kind, q=q, filters={n: v if isinstance(v, list) else [v]
                                                             for n, v in filters.items()})
                row["bm25_top"] = plain_bm25(backend, kind, q, query)
                row["bm25"] = ndcg(row["bm25_top"], item["grades"], passing)
                row["bm25_total"] = len(row["bm25_top"])
                row["missed"] = [r for r, g in item["grades"].items() if g >= 2 and r in passing
                                 and r not in row["search_top"]]
                rows.append(row)
            if name == "elastic":
                backend.es.indices.delete(index=f"{backend.prefix}-*", ignore_unavailable=True,
                                          allow_no_indices=True)
            from marketplace.models import db

            db.session.remove()
            db.engine.dispose()
    return rows


GROUPS = (("all", None), ("tuning", False), ("held out", True))


def report(name: str, rows: list[dict], show_held_out: bool, worst: int) -> None:
    print(f"\n== backend: {name} ({len(rows)} queries, {sum(r['held_out'] for r in rows)} held out) ==")
    print(f"{'method':<22}" + "".join(f" {title:>9}" for title, _ in GROUPS)
          + "".join(f" {k:>9}" for k in ("solution", "need", "org")) + f" {'zero res.':>9}")
    for method, label in METHODS:
        cells = [_mean([r[method] for r in rows if held is None or r["held_out"] == held]) for _, held in GROUPS]
        cells += [_mean([r[method] for r in rows if r["kind"] == k]) for k in ("solution", "need", "organisation")]
        zero = sum(1 for r in rows if r[f"{method}_total"] == 0) / len(rows)
        print(f"{label:<22}" + "".join(f" {c:>9.3f}" for c in cells) + f" {zero:>9.1%}")
    within = [r["id"] for r in rows if r["endpoint_within"] == 0]
    print(f"endpoints: {len(within)} of {len(rows)} queries found nothing within every filter read from their"
          f" words (then listed beyond them){': ' + ', '.join(within) if within else ''}")
    shown = [r for r in rows if show_held_out or not r["held_out"]]
    which = "" if show_held_out else " of the tuning group (--show-held-out adds the held-out queries)"
    print(f"\nWorst {worst} queries{which} ({name}):")
    for r in sorted(shown, key=lambda r: (r["search"], r["id"]))[:worst]:
        print(f"  {r['id']} {r['search']:.3f} (BM25 {r['bm25']:.3f}, total {r['search_total']})  {r['q']!r}")
        if r["missed"]:
            print(f"      missed (grade 2+): {', '.join(r['missed'])}; top: {', '.join(r['search_top'][:5])}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="embedded", help="comma-separated: embedded, elastic")
    parser.add_argument("--elasticsearch-url", default=os.environ.get("TEST_ELASTICSEARCH_URL", ""))
    parser.add_argument("--show-held-out", action="store_true")
    parser.add_argument("--worst", type=int, default=8)
    parser.add_argument("--json", help="also write every row to this file")
    args = parser.parse_args(argv)
    every = {}
    for name in [b.strip() for b in args.backends.split(",") if b.strip()]:
        if name not in ("embedded", "elastic"):
            parser.error(f"unknown backend {name!r}")
        every[name] = evaluate_backend(name, args.elasticsearch_url)
        report(name, every[name], args.show_held_out, args.worst)
    if args.json:
        Path(args.json).write_text(json.dumps(every, indent=1))


if __name__ == "__main__":
    main()
