"""Which saved searches a listing matches, on the embedded backend (search/percolator.py says how).

Each saved search's filters are checked against the one document in Python, and the free text
of those that pass by one FTS5 query on that document's row, the same text match its search runs.
"""
from __future__ import annotations

from .saved_search_queries import passing


class EmbeddedMatcher:
    def __init__(self, backend):
        self.backend = backend

    def ensure(self, kind: str, load_searches) -> None:
        """Nothing to keep: the saved searches are read from the database."""

    def put(self, kind: str, searches, load_searches) -> None:
        """Nothing to keep in step."""

    def remove(self, kind: str, ids: list[int], load_searches) -> None:
        """Nothing to keep in step."""

    def forget(self) -> None:
        """Nothing cached."""

    def matching(self, kind: str, doc: dict, load_searches) -> list[int]:
        holds: dict[tuple[str, ...], bool] = {}  # a clause's alternatives -> whether this listing holds it
        out = []
        for search, ids in passing(kind, doc, load_searches()).values():
            if any(self._words_match(kind, tq, doc["id"], holds) for tq in search.words):
                out.extend(ids)
        return sorted(out)

    def _words_match(self, kind: str, tq, doc_id: int, holds: dict[tuple[str, ...], bool]) -> bool:
        """Whether the listing holds enough of the text's clauses (``tq``, a word or NHS term, or
        any of its synonyms) to be found by its words: search's own reading (search.text_query)
        and bar (``min_should_match``), so that an alert and the search it stands for agree. A
        record found by meaning alone is not alerted: nearness has no fixed bar a listing can
        be held to on its own (search lists the nearest of all records). ``holds``: the
        clauses already asked of this listing (saved searches share many words)."""
        from . import embedded_text

        if tq is None:
            return True
        held = 0
        for clause in tq.clauses:
            found = holds.get(clause.alternatives)
            if found is None:
                found = holds[clause.alternatives] = self.backend._db.execute(
                    f"SELECT 1 FROM {kind}_fts WHERE {kind}_fts MATCH ? AND rowid = ?",
                    [embedded_text.match_expression(list(clause.alternatives)), doc_id]).fetchone() is not None
            if found:
                held += 1
                if held >= tq.min_should_match:
                    return True
        return False
