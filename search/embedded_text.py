"""Ranked free text on the embedded backend (SQLite FTS5 and the numpy vectors).

FTS5 has no "at least n of these words", so each clause of the query (a word and its
synonyms, search.text_query) is matched on its own and the clauses each record holds
are counted; the records holding enough are then scored by BM25 against every
alternative at once, the exact phrase is looked up, and the records nearest the
query's vector are added. The ranking itself is search.text_query.fuse, as on
Elasticsearch.
"""
from __future__ import annotations

from . import text_query
from .documents import TEXT_FIELDS
from .text_query import MEANING_K, MEANING_MIN, Signals, TextQuery


def quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_expression(alternatives: list[str]) -> str:
    """An FTS5 query holding any of ``alternatives`` (each quoted: a phrase, never a syntax error)."""
    return " OR ".join(quote(a) for a in alternatives)


def find(backend, kind: str, tq: TextQuery, vector, where: list[str], params: list) -> dict[int, Signals]:
    """Every record of ``kind`` passing the filters (``where``/``params`` over ``d``, the
    docs table) that the words or the meaning of ``tq`` find, with its signals."""
    conn = backend._db
    allowed = _allowed(backend, kind, where, params)
    held: dict[int, int] = {}
    for clause in tq.clauses:
        for (doc_id,) in conn.execute(f"SELECT rowid FROM {kind}_fts WHERE {kind}_fts MATCH ?",
                                      [match_expression(list(clause.alternatives))]):
            held[doc_id] = held.get(doc_id, 0) + 1
    found = {i: Signals(matched=n) for i, n in held.items()
             if n >= tq.min_should_match and (allowed is None or i in allowed)}
    if found:
        weights = ", ".join(str(w) for w in TEXT_FIELDS[kind].values())
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS text_found (id INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM temp.text_found")
        conn.executemany("INSERT INTO temp.text_found (id) VALUES (?)", [(i,) for i in found])
        rows = conn.execute(
            f"SELECT f.rowid, -bm25({kind}_fts, {weights}) FROM {kind}_fts f JOIN temp.text_found t ON t.id = f.rowid"
            f" WHERE {kind}_fts MATCH ?", [match_expression(tq.every_alternative)])
        for doc_id, score in rows:
            found[doc_id].bm25 = float(score)
        if tq.phrase:
            rows = conn.execute(
                f"SELECT f.rowid FROM {kind}_fts f JOIN temp.text_found t ON t.id = f.rowid WHERE {kind}_fts MATCH ?",
                [quote(tq.phrase)])
            for (doc_id,) in rows:
                found[doc_id].phrase = True
    if vector is not None:
        _by_meaning(backend, kind, vector, allowed, found)
    return found


def _allowed(backend, kind: str, where: list[str], params: list) -> set[int] | None:
    """The ids passing the filters (None: no filters)."""
    if not where:
        return None
    return {row[0] for row in backend._db.execute(
        f"SELECT d.id FROM {kind}_docs d WHERE {' AND '.join(where)}", params)}


def find_by_feedback(backend, kind: str, vector, where: list[str], params: list, found: dict[int, Signals],
                     scores: list[float]) -> bool:
    """Search the meaning again with the query's vector moved towards the best records found
    (search.text_query.feedback_vector): the records near it are added to ``found`` and every
    record's similarity becomes its nearness to that vector. False when there was nothing to do."""
    import numpy as np

    ids, starts, matrix = backend._matrix(kind)
    best = text_query.feedback_ids(list(found), list(found.values()), scores)
    if not best or not len(ids):
        return False
    rows = starts[np.searchsorted(ids, np.asarray(best, dtype=np.int64))]
    moved = text_query.feedback_vector(vector, list(matrix[rows]))
    if moved is None:
        return False
    _by_meaning(backend, kind, moved, _allowed(backend, kind, where, params), found, k=text_query.FEEDBACK_K)
    return True


def _by_meaning(backend, kind: str, vector, allowed: set[int] | None, found: dict[int, Signals],
                minimum: float = MEANING_MIN, k: int = MEANING_K) -> None:
    """Add the ``k`` records nearest ``vector`` (at least ``minimum`` similar, passing the
    filters) and give every record found its similarity (of its whole text, as Elasticsearch's)."""
    import numpy as np

    ids, starts, matrix = backend._matrix(kind)
    if not len(ids):
        return
    sims = (matrix @ np.asarray(vector, dtype=np.float32))[starts]
    wanted = sims >= minimum
    if allowed is not None:
        wanted &= np.isin(ids, np.fromiter(allowed, dtype=np.int64, count=len(allowed)))
    positions = np.flatnonzero(wanted)
    if len(positions) > k:
        positions = positions[np.argpartition(-sims[positions], k)[:k]]
    for pos in positions:
        found.setdefault(int(ids[pos]), Signals())
    where = np.searchsorted(ids, np.fromiter(found, dtype=np.int64, count=len(found)))
    for doc_id, pos in zip(list(found), where):
        if pos < len(ids) and ids[pos] == doc_id:
            found[doc_id].similarity = float(sims[pos])
