"""Search: free text and filters, read for the filters its words name (search.query_reading),
with facets; the nearest results when nothing is found within the filters, and the results
beyond the filters read from the words when those leave less than a page.

A listing's matches are search.match_lists.
"""
from __future__ import annotations

from marketplace import taxonomy as tx

from . import get_backend
from . import documents, query_reading, text_query
from .backend import SearchQuery

# Which filters a search that finds nothing tries without first: the ones a person is
# likeliest to bend (where, then the kind of place, then what the record holds).
RELAX_ORDER = ("region", "care_settings", "kind", "open_to_codesign", "seeking_codesign", "min_evidence_level",
               "regulatory", "clinical_areas", "ref")


def search(kind: str, args: dict) -> dict:
    """A search from the API's or a page's arguments (marketplace.schemas.search), with the
    filters its words name read and applied (read_query; ``understood`` says what was read)."""
    own = args  # the person's own arguments, for the results beyond the filters read
    args, understood = read_query(kind, own)
    answer = _search(kind, args, args.get("q") or "")
    if answer["total"] == 0 and understood["filters"] and understood["text"] != (args.get("q") or "").strip():
        # Every word of the query still counts for ranking; but when the words that named the
        # filters find nothing beyond the filters themselves (a description need not say
        # "Midlands"), the filtered set is ranked by the remaining words instead of left empty.
        retry = _search(kind, args, understood["text"])
        if retry["total"]:  # otherwise keep the first answer: its relaxed offer reads every word
            answer = retry
    answer["understood"] = understood
    answer["beyond_reading"] = _beyond_reading(kind, own, answer, understood)
    if answer["beyond_reading"]:
        answer["relaxed"] = None  # the words without the filters read are the nearer offer
    return answer


def _beyond_reading(kind: str, own: dict, answer: dict, understood: dict) -> dict | None:
    """When the filters read from the words leave less than the first page, the rest of that page:
    what the words find without those filters (the person's own filters kept), not listed above.

    Reading is a guess, and a filter read rightly can still hide what the person wanted ("net
    zero" read as the sustainability area, where most net-zero work is filed under the service it
    greens). Measured on the judged queries (bench/relevance/evaluate_search.py, endpoints):
    reading alone lost nDCG@10 against the same search unread; continuing short lists recovers it.
    ``total``: everything the words find without the filters read, those above included."""
    shown = {item["id"] for item in answer["items"]}
    if not understood["filters"] or own["page"] != 1 or len(shown) >= own["per_page"]:
        return None
    wider = _search(kind, {**own, "per_page": own["per_page"] + len(shown)}, own.get("q") or "")
    items = [item for item in wider["items"] if item["id"] not in shown][:own["per_page"] - len(shown)]
    if not items:
        return None
    return {"removed_filters": [term["remove"] for term in understood["terms"]], "items": items,
            "total": wider["total"]}


def _search(kind: str, args: dict, q: str) -> dict:
    filters = {name: args[name] for name in documents.FILTERS[kind] if name in args}
    return search_listings(
        kind, q, filters, min_evidence_level=args.get("min_evidence_level"),
        ref=args.get("ref"), page=args["page"], per_page=args["per_page"], sort=args.get("sort", "relevance"),
    )


def search_listings(kind: str, q: str, filters: dict, *, min_evidence_level: str | None = None,
                    ref: str | None = None, page: int = 1, per_page: int = 20, sort: str = "relevance",
                    fusion: str = "weighted", feedback: bool = True) -> dict:
    """Search ``kind`` for the free text ``q`` (ranked by its words and meaning, never required
    word by word: search.text_query) within the structured ``filters`` (filter name, from
    documents.FILTERS, -> a code or a list of codes). The text and the filters come apart so
    that a caller who read filters out of the text passes both.

    When the text finds nothing within the filters, ``relaxed`` offers the nearest records
    with some filters removed, and names them: ``{"removed_filters": [...], "items": [...],
    "total": N}`` (None otherwise)."""
    chosen = {}
    for name in documents.FILTERS[kind]:
        value = filters.get(name)
        if value not in (None, []):
            chosen[name] = value if isinstance(value, list) else [value]
    if min_evidence_level:
        chosen["min_evidence_level"] = [min_evidence_level]
    if ref:
        chosen["ref"] = [ref]
    vector = _text_vector(kind, q)
    result = _run(kind, q, chosen, vector, page, per_page, sort, fusion, feedback)
    out = {**_page(result), "page": page, "per_page": per_page, "facets": result.facets, "relaxed": None}
    if result.total == 0 and chosen and text_query.parse(q) is not None:
        out["relaxed"] = _relaxed(kind, q, chosen, vector, per_page, fusion, feedback)
    return out


def _run(kind, q, chosen: dict, vector, page, per_page, sort, fusion, feedback=True):
    filters = {name: values for name, values in chosen.items() if name in documents.FILTERS[kind]}
    level = chosen.get("min_evidence_level", [None])[0]
    return get_backend().search(SearchQuery(
        kind=kind, q=q, filters=filters, min_evidence_rank=tx.evidence_rank(level) if level else None,
        ref=chosen.get("ref", [None])[0], page=page, per_page=per_page, sort=sort, vector=vector, fusion=fusion,
        feedback=feedback,
    ))


def _page(result) -> dict:
    items = []
    for hit in result.hits:
        item = dict(hit.doc)
        item["highlights"] = hit.highlights
        items.append(item)
    return {"items": items, "total": result.total}


def _relaxed(kind, q, chosen: dict, vector, per_page, fusion, feedback=True) -> dict | None:
    """The nearest records with the fewest filters removed: each one alone first (in the
    order of RELAX_ORDER, the first that finds something), then all of them."""
    names = sorted(chosen, key=lambda n: (RELAX_ORDER.index(n) if n in RELAX_ORDER else len(RELAX_ORDER), n))
    attempts = [[name] for name in names] + ([names] if len(names) > 1 else [])
    for removed in attempts:
        rest = {n: v for n, v in chosen.items() if n not in removed}
        result = _run(kind, q, rest, vector, 1, per_page, "relevance", fusion, feedback)
        if result.total:
            return {"removed_filters": removed, **_page(result)}
    return None


def _text_vector(kind: str, q: str):
    """The sentence vector of the free text (None: no usable words, a kind without vectors,
    or semantic matching off)."""
    backend = get_backend()
    if backend.embedder is None or kind not in ("solution", "need") or text_query.parse(q) is None:
        return None
    vector = backend.embedder.embed_one(text_query.parse(q).meaning_text)
    return None if vector is None else vector.tolist()


def read_query(kind: str, args: dict) -> tuple[dict, dict]:
    """The search arguments with the filters the query's words name added, and what was read.

    A filter the person set (any value of that filter, yes or no) is theirs and never changed;
    one they removed (``ignore``: "region:midlands") or all of them (``reading`` "off") are not
    applied. ``understood``: ``filters`` applied from the words, ``text`` the words left over,
    ``terms`` each filter with the words read and a label, ``ignored`` those the person removed.
    """
    understood: dict = {"filters": {}, "text": (args.get("q") or "").strip(), "terms": [], "ignored": []}
    if args.get("reading", "on") == "off" or not understood["text"] or args.get("ref"):
        return args, understood
    reading = query_reading.read(kind, understood["text"])
    ignore = set(args.get("ignore") or ())
    applied = dict(args)
    for term in reading.terms:
        key = query_reading.ignore_key(term.filter, term.value)
        if key in ignore or term.filter in ignore:
            understood["ignored"].append(key)
            continue
        if args.get(term.filter) not in (None, []):
            continue  # the person's own filter
        if term.filter in query_reading.FLAGS or term.filter in query_reading.SINGLE:
            applied[term.filter] = term.value
            understood["filters"][term.filter] = term.value
        else:
            applied.setdefault(term.filter, [])
            applied[term.filter] = applied[term.filter] + [term.value]
            understood["filters"].setdefault(term.filter, []).append(term.value)
        understood["terms"].append({"filter": term.filter, "value": term.value, "words": term.words,
                                    "label": term.label, "remove": key})
    if understood["filters"]:
        understood["text"] = reading.text
    return applied, understood


def query_from_args(kind: str, args: dict) -> SearchQuery:
    """The search the endpoints' arguments (marketplace.schemas.search) stand for; saved searches too."""
    filters = {}
    for name in documents.FILTERS[kind]:
        if name in args and args[name] not in (None, []):
            value = args[name]
            filters[name] = value if isinstance(value, list) else [value]
    level = args.get("min_evidence_level")
    query = SearchQuery(
        kind=kind, q=args.get("q") or "", filters=filters,
        min_evidence_rank=tx.evidence_rank(level) if level else None,
        ref=args.get("ref"), page=args["page"], per_page=args["per_page"], sort=args.get("sort", "relevance"),
    )
    return query
