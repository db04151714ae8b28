"""A saved search read once, and which saved searches a listing's filters pass.

Both alert matchers (search/percolator_elastic.py, search/percolator_embedded.py) read a saved
search the way its search runs (search.service.read_query): its query, its free texts and their
words, kept in a cache of ``Compiled`` by what decides them. ``passing`` checks a listing's
document against the saved searches' filters in Python, each distinct set of filters once.
"""
from __future__ import annotations

from dataclasses import dataclass

from .backend import SearchQuery
from .documents import FILTERS


@dataclass(frozen=True)
class Compiled:
    """A saved search read once: what the matchers need of it, for every listing after."""
    query: SearchQuery  # shared by every caller: read it, never change it
    texts: tuple[str, ...]
    words: tuple  # search.text_query.parse of each of ``texts`` (None: no words)
    filter_key: tuple  # equal for saved searches whose filters are equal (checked once per listing)


# Reading a saved search's words (search.query_reading: taxonomy terms, near spellings) costs
# about 0.1 ms, and every saved search is matched against every listing published: kept, by
# what decides it, for three times the 10,000 saved searches the benchmark holds (about 1.5 KiB
# each, so at most about 50 MB a process), then emptied and filled again (an LRU cache smaller
# than the saved searches, read in turn, would never hit; past this size each listing reads
# them all again, as before the cache).
COMPILED_CACHE = 32_768
_compiled: dict[tuple[str, str, str], Compiled] = {}


def compiled(kind: str, q: str, filters: dict) -> Compiled:
    # repr, not a canonical form: the same saved search, read again, gives the same one; two equal
    # filters written in another order only take two entries.
    key = (kind, q or "", repr(filters))
    found = _compiled.get(key)
    if found is None:
        if len(_compiled) >= COMPILED_CACHE:
            _compiled.clear()
        found = _compiled[key] = _compile(kind, q or "", filters or {})
    return found


def _compile(kind: str, q: str, filters: dict) -> Compiled:
    from . import service, text_query

    args, understood = service.read_query(kind, {**filters, "q": q, "page": 1, "per_page": 1})
    query = service.query_from_args(kind, args)
    whole = q.strip()
    found = (whole,) if understood["text"] == whole else (whole, understood["text"])
    key = (tuple(sorted((name, tuple(values)) for name, values in query.filters.items())),
           query.ref, query.min_evidence_rank)
    return Compiled(query, found, tuple(text_query.parse(t) for t in found), key)


def search_query(kind: str, q: str, filters: dict) -> SearchQuery:
    """The search a saved search stands for, as GET /needs or /solutions would run it: with the
    filters its words name read and applied (search.service.read_query), as the search does."""
    return compiled(kind, q, filters).query


def texts(kind: str, q: str, filters: dict) -> list[str]:
    """The free texts a listing may match a saved search by: its whole text, and, when its words
    named filters, the words left over (the search ranks the filtered records by those when the
    whole text finds nothing among them; a single listing cannot know the others, so either
    counts). An empty text matches every listing that passes the filters."""
    return list(compiled(kind, q, filters).texts)


def passing(kind: str, doc: dict, searches) -> dict[tuple[str, ...], tuple[Compiled, list[int]]]:
    """The saved searches whose filters ``doc`` passes, by their texts: one of them (for the
    words) and all their ids. Each distinct set of filters is checked once."""
    passed: dict[tuple[str, ...], tuple[Compiled, list[int]]] = {}
    checked: dict[tuple, bool] = {}
    for sid, q, filters in searches:
        search = compiled(kind, q, filters)
        ok = checked.get(search.filter_key)
        if ok is None:
            ok = checked[search.filter_key] = filters_pass(kind, search.query, doc)
        if ok:
            passed.setdefault(search.texts, (search, []))[1].append(sid)
    return passed


def filters_pass(kind: str, query: SearchQuery, doc: dict) -> bool:
    """Whether ``doc`` passes the search's filters, as each backend's search filters them."""
    for name, values in query.filters.items():
        field, mode = FILTERS[kind][name]
        held = doc.get(field)
        held = set(held) if isinstance(held, list) else {held}
        if mode == "all" and not set(values) <= held:
            return False
        if mode == "bool" and not held & {bool(v) for v in values}:
            return False
        if mode == "any" and not held & set(values):
            return False
    if query.ref and doc.get("ref") != query.ref:
        return False
    if query.min_evidence_rank is not None:
        rank = doc.get("evidence_rank" if kind == "solution" else "min_evidence_rank")
        if rank is None:
            return False
        if kind == "solution" and rank < query.min_evidence_rank:
            return False
        if kind == "need" and rank > query.min_evidence_rank:
            return False
    return True
