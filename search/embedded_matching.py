"""Matching on the embedded backend: candidates by key words, clinical area and meaning
(a numpy matrix of every vector of a kind), ordered by a first estimate of the final
score (the mixin of search.embedded.EmbeddedBackend)."""
from __future__ import annotations

from typing import NamedTuple

from . import eligibility
from . import text as tx_text
from .backend import Eligibility, Hit, MatchCandidates, MatchQuery
from .documents import TEXT_FIELDS
from .embedded_text import quote
from .matching import WEIGHTS, normalise_similarities

# A word held by more than this share of documents does not find match candidates on
# its own (it still counts in their text score).
MATCH_COMMON_SHARE = 0.05


class EmbeddedMatching:
    """Needs ``_db``, ``_df_cache``, ``_matrices``, ``_matrix_lock``, ``count`` and ``_docs``
    of search.embedded.EmbeddedBackend."""

    def _eligibility(self, kind: str, e: Eligibility) -> tuple[list[str], list]:
        return eligibility.embedded_where(kind, e.given)

    def _key_terms(self, kind: str, words: list[str]) -> list[str]:
        """The distinctive ones of ``words``: those that no more than MATCH_COMMON_SHARE of documents hold."""
        cache = self._df_cache.setdefault(kind, {})
        frequencies = {}
        for word in words:
            if word not in cache:
                if len(cache) > 50_000:
                    cache.clear()
                cache[word] = self._db.execute(
                    f"SELECT COUNT(*) FROM {kind}_fts WHERE {kind}_fts MATCH ?", [quote(word)]
                ).fetchone()[0]
            if cache[word]:
                frequencies[word] = cache[word]
        total = self.count(kind) or 1
        return [w for w in words if w in frequencies and frequencies[w] / total <= MATCH_COMMON_SHARE]

    def match_candidates(self, query: MatchQuery) -> MatchCandidates:
        """Candidates match the key words of the text or share a clinical area. They are
        ordered by a first estimate of the final score (text relevance as a share of the
        best, plus the clinical-area weight), so that only ``size`` are read and assessed;
        the eligible ones are all counted."""
        kind, conn = query.kind, self._db
        elig_where, elig_params = self._eligibility(kind, query.eligibility)
        eligible_sql = " AND ".join(elig_where) or "1"
        exclude = set(query.exclude_ids)
        scores: dict[int, float] = {}
        ok: dict[int, bool] = {}
        words = tx_text.terms(query.text, limit=tx_text.MATCH_TEXT_TERMS)
        key_terms = self._key_terms(kind, words)
        if key_terms:
            # A long problem statement OR-ed word by word matches most of the index, and BM25
            # over all of it is the dearest part of a match. So the documents holding the
            # text's rarest words (or their synonyms) are the text candidates, and only they
            # are scored, against every word of the text.
            synonyms = tx_text.synonym_phrases(query.text)
            every_word = " OR ".join(quote(t) for t in words + synonyms)
            ids = conn.execute(
                f"SELECT rowid FROM {kind}_fts WHERE {kind}_fts MATCH ?",
                [" OR ".join(quote(t) for t in key_terms + synonyms)],
            ).fetchall()
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS match_candidates (id INTEGER PRIMARY KEY)")
            conn.execute("DELETE FROM temp.match_candidates")
            conn.executemany("INSERT INTO temp.match_candidates (id) VALUES (?)", ids)
            weights = ", ".join(str(w) for w in TEXT_FIELDS[kind].values())
            rows = conn.execute(
                f"SELECT d.id, -bm25({kind}_fts, {weights}), {eligible_sql} FROM {kind}_fts f"
                f" JOIN temp.match_candidates c ON c.id = f.rowid JOIN {kind}_docs d ON d.id = f.rowid"
                f" WHERE {kind}_fts MATCH ?",
                [*elig_params, every_word],
            )
            for doc_id, score, is_ok in rows:
                scores[doc_id], ok[doc_id] = score, bool(is_ok)
        in_area = self._in_area(kind, query.clinical_areas, eligible_sql, elig_params, ok)
        similarity: dict[int, float] = {}
        if query.vector is not None:
            similarity = self._by_meaning(kind, query, eligible_sql, elig_params, ok, exclude)
        candidates = [i for i in ok if i not in exclude and (ok[i] or not query.eligible_only)]
        eligible_total = sum(1 for i in candidates if ok[i])
        keep = _best_first(candidates, scores, in_area, similarity)[: query.size]
        docs = self._docs(kind, keep)
        return MatchCandidates(
            [Hit(docs[i], scores.get(i, 0.0), similarity=similarity.get(i)) for i in keep if i in docs],
            eligible_total,
        )

    def _in_area(self, kind: str, areas: tuple[str, ...], eligible_sql: str, elig_params: list,
                 ok: dict[int, bool]) -> set[int]:
        """The documents in any of ``areas``, each added to ``ok`` with whether it is eligible."""
        in_area: set[int] = set()
        if areas:
            marks = ", ".join("?" for _ in areas)
            rows = self._db.execute(
                f"SELECT d.id, {eligible_sql} FROM {kind}_docs d WHERE d.id IN"
                f" (SELECT id FROM {kind}_codes WHERE field = 'clinical_areas' AND code IN ({marks}))",
                [*elig_params, *areas],
            )
            for doc_id, is_ok in rows:
                in_area.add(doc_id)
                ok[doc_id] = bool(is_ok)
        return in_area

    def _by_meaning(self, kind: str, query: MatchQuery, eligible_sql: str, elig_params: list,
                    ok: dict[int, bool], exclude: set[int]) -> dict[int, float]:
        """Add the ``semantic_size`` documents nearest the query's vector to the candidates
        (eligible ones only, unless near misses are wanted), and give every candidate its
        similarity. The cosine is one matrix-vector product over every vector of the kind:
        candidates are found by the whole-text vectors, and each one's similarity is the best
        of its vectors (whole text and parts)."""
        import numpy as np

        ids, starts, matrix = self._matrix(kind)
        if not len(ids):
            return {}
        every = matrix @ np.asarray(query.vector, dtype=np.float32)
        sims = every[starts]  # each listing's whole-text vector comes first among its rows
        best = np.maximum.reduceat(every, starts)
        eligible = np.fromiter(
            (row[0] for row in self._db.execute(f"SELECT d.id FROM {kind}_docs d WHERE {eligible_sql}", elig_params)),
            dtype=np.int64,
        )
        is_eligible = np.isin(ids, eligible)
        wanted = (is_eligible if query.eligible_only else np.ones(len(ids), dtype=bool)) & (sims >= query.min_similarity)
        if exclude:
            wanted &= ~np.isin(ids, np.fromiter(exclude, dtype=np.int64))
        positions = np.flatnonzero(wanted)
        if len(positions) > query.semantic_size:
            nearest = np.argpartition(-sims[positions], query.semantic_size)[: query.semantic_size]
            positions = positions[nearest]
        for pos in positions:
            ok[int(ids[pos])] = bool(is_eligible[pos])
        where = np.searchsorted(ids, np.fromiter(ok, dtype=np.int64))
        out = {}
        for doc_id, pos in zip(ok, where):
            if pos < len(ids) and ids[pos] == doc_id:
                out[doc_id] = float(best[pos])
        return out

    def stored_vector(self, kind: str, doc_id: int, version: int) -> list[float] | None:
        import numpy as np

        row = self._db.execute(
            f"SELECT v.vector FROM {kind}_vectors v JOIN {kind}_docs d ON d.id = v.id"
            " WHERE v.id = ? AND v.part = 'whole' AND json_extract(d.doc, '$.version') = ?",
            [doc_id, version],
        ).fetchone()
        return np.frombuffer(row[0], dtype=np.float32).tolist() if row else None

    def stored_vectors(self, kind: str, ids: list[int]) -> dict[int, dict[str, tuple]]:
        """From the live tables (a rebuild fills others beside them, so it reads the old ones)."""
        import numpy as np

        out: dict[int, dict[str, tuple]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = self._db.execute(
                f"SELECT id, part, text_hash, vector FROM {kind}_vectors WHERE id IN ({', '.join('?' for _ in chunk)})",
                chunk)
            for doc_id, part, digest, vector in rows:
                out.setdefault(doc_id, {})[part] = (digest, np.frombuffer(vector, dtype=np.float32))
        return out

    def _matrix(self, kind: str):
        """(ids sorted, the row of each id's first vector, float32 matrix of every vector) for
        ``kind``, re-read only after a write. A listing's rows are together, its whole text first."""
        import numpy as np

        row = self._db.execute("SELECT n FROM vector_generation WHERE kind = ?", [kind]).fetchone()
        generation = row[0] if row else 0
        with self._matrix_lock:
            cached = self._matrices.get(kind)
            if cached and cached.generation == generation:
                return cached.ids, cached.starts, cached.matrix
            # Every listing with a vector has a whole-text one (its parts are pieces of that text).
            rows = self._db.execute(
                f"SELECT id, vector FROM {kind}_vectors ORDER BY id, part != 'whole', part").fetchall()
            row_ids = np.array([r[0] for r in rows], dtype=np.int64)
            starts = np.flatnonzero(np.r_[True, row_ids[1:] != row_ids[:-1]]) if rows else np.zeros(0, dtype=np.int64)
            matrix = (np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), -1)
                      if rows else np.zeros((0, 1), dtype=np.float32))
            self._matrices[kind] = VectorMatrix(generation, row_ids[starts], starts, matrix)
            return row_ids[starts], starts, matrix


def _best_first(candidates: list[int], scores: dict[int, float], in_area: set[int],
                similarity: dict[int, float]) -> list[int]:
    """``candidates`` by a first estimate of their final score: text relevance as a share of the
    best, the clinical-area weight, and meaning (matching.WEIGHTS); ties by id."""
    top = max(scores.values(), default=0.0) or 1.0
    text_weight, area_weight, meaning_weight = WEIGHTS["text"], WEIGHTS["clinical_area"], WEIGHTS["meaning"]
    meaning = dict(zip(similarity, normalise_similarities(list(similarity.values()))))

    def estimate(i: int) -> float:
        return (text_weight * scores.get(i, 0.0) / top + area_weight * (i in in_area)
                + meaning_weight * meaning.get(i, 0.0))

    return sorted(candidates, key=lambda i: (-estimate(i), i))


class VectorMatrix(NamedTuple):
    """Every vector of a kind as read at one generation of its vectors table."""

    generation: int
    ids: object  # numpy int64: the listings, in id order
    starts: object  # numpy int64: the row of each listing's first (whole-text) vector
    matrix: object  # numpy float32: one row per vector
