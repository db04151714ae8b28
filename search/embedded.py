"""The embedded backend: SQLite FTS5 (bm25) in a file of its own. No server needed.

Per kind there are four tables: ``<kind>_docs`` (the document as JSON plus
the numbers filters compare), ``<kind>_codes`` (one row per code a document
holds, for filters and facets), ``<kind>_fts`` (the FTS5 text index) and
``<kind>_vectors`` (each listing's sentence vectors as float32 bytes, beside the
text index: one row per part, ``whole`` for the whole text and, for solutions,
``name_summary`` and ``description`` when they have a text of their own, each
with the hash of the text it was made from, so that indexing the same text
again, a reindex included, reuses it instead of running the model).
Matching by meaning reads the vectors into one numpy matrix per kind, kept in
memory until a write changes them, finds candidates by the cosine of the
query's vector with each eligible listing's whole-text vector, and gives each
candidate the best cosine over its parts.
"""
from __future__ import annotations

import json
import logging
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from . import embedded_text, text_query
from . import text as tx_text
from . import documents, eligibility
from .backend import (
    Eligibility, Hit, MatchCandidates, MatchQuery, SearchBackend, SearchQuery, SearchResult,
)
from .documents import FACETS, FILTERS, INDEXED_KINDS, TEXT_FIELDS
from .matching import WEIGHTS, normalise_similarities

# Every field of codes that a filter, a facet or the eligibility rule reads goes into the codes
# table; every number they compare is a column of the docs table (documents.IndexedKind).
CODE_FIELDS = {kind: spec.code_fields for kind, spec in INDEXED_KINDS.items()}
NUMBER_COLUMNS = {kind: spec.number_fields for kind, spec in INDEXED_KINDS.items()}
SNIPPET_TOKENS = 16
# A word held by more than this share of documents does not find match candidates on
# its own (it still counts in their text score).
MATCH_COMMON_SHARE = 0.05
# Bump when the tables change: an index of another version is emptied at start-up.
SCHEMA_VERSION = 7  # 4: a row per part in <kind>_vectors; 5: the hash of each vector's text;
# 6: columns text_hash and vector (were h and v), the numbers each kind compares, status codes;
# 7: organisations' about
# The suffixes of a kind's tables, in the order a rebuild swaps them (not the text parts of
# <kind>_vectors, search.embeddings.TEXT_PARTS).
TABLE_SUFFIXES = ("docs", "codes", "fts", "vectors")
log = logging.getLogger(__name__)


class EmbeddedBackend(SearchBackend):
    name = "embedded"
    # A locked or unreadable index file: unavailable for now (the breaker counts it).
    unavailable_errors = (sqlite3.OperationalError,)

    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()
        self._df_cache: dict[str, dict[str, int]] = {}  # kind -> word -> documents holding it
        self._matrices: dict[str, _VectorMatrix] = {}  # kind -> its vectors, see _matrix()
        self._matrix_lock = threading.Lock()
        Path(path).parent.mkdir(parents=True, exist_ok=True)

    # --- connections ---------------------------------------------------------

    @property
    def _db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            # The temporary tables of searches and matches live in memory, not in files.
            conn.execute("PRAGMA temp_store=MEMORY")
            self._local.conn = conn
        return conn

    @contextmanager
    def _write(self):
        conn = self._db
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # --- schema --------------------------------------------------------------

    def _create(self, conn, kind: str, suffix: str = "") -> None:
        t = kind + suffix
        columns = ", ".join(TEXT_FIELDS[kind])
        numbers = "".join(f", {name} INTEGER" for name in NUMBER_COLUMNS[kind])
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {t}_docs (id INTEGER PRIMARY KEY, ref TEXT, doc TEXT NOT NULL,"
            f" published_at TEXT{numbers})"
        )
        conn.execute(f"CREATE TABLE IF NOT EXISTS {t}_codes (id INTEGER NOT NULL, field TEXT NOT NULL, code TEXT NOT NULL)")
        conn.execute(f"CREATE INDEX IF NOT EXISTS {t}_codes_lookup ON {t}_codes (field, code, id)")
        conn.execute(f"CREATE INDEX IF NOT EXISTS {t}_codes_id ON {t}_codes (id)")
        conn.execute(f"CREATE INDEX IF NOT EXISTS {t}_docs_ref ON {t}_docs (ref)")
        conn.execute(f"CREATE TABLE IF NOT EXISTS {t}_vectors (id INTEGER NOT NULL, part TEXT NOT NULL,"
                     " text_hash TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (id, part))")
        # Bumped by every write to the vectors, so each process knows when its matrix is stale.
        conn.execute("CREATE TABLE IF NOT EXISTS vector_generation (kind TEXT PRIMARY KEY, n INTEGER NOT NULL)")
        conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {t}_fts USING fts5({columns},"
            " tokenize='porter unicode61 remove_diacritics 2')"
        )

    def ensure_indexes(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            log.warning("The embedded index has schema %s, not %s: it starts empty; run `flask search reindex`",
                        version, SCHEMA_VERSION)
            self.reset()
        with self._write() as conn:
            for kind in TEXT_FIELDS:
                self._create(conn, kind)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def reset(self) -> None:
        self._df_cache.clear()
        with self._write() as conn:
            for kind in TEXT_FIELDS:
                for suffix in TABLE_SUFFIXES + tuple(f"new_{s}" for s in TABLE_SUFFIXES):
                    conn.execute(f"DROP TABLE IF EXISTS {kind}_{suffix}")
                self._create(conn, kind)
                _bump(conn, kind)

    # --- writing -------------------------------------------------------------

    def _put(self, conn, table: str, kind: str, docs: list[dict], vectors: list) -> None:
        ids = [(d["id"],) for d in docs]
        conn.executemany(f"DELETE FROM {table}_vectors WHERE id = ?", ids)
        conn.executemany(
            f"INSERT INTO {table}_vectors (id, part, text_hash, vector) VALUES (?, ?, ?, ?)",
            [(d["id"], part, digest, vector.tobytes())
             for d, parts in zip(docs, vectors) for part, (digest, vector) in parts.items()],
        )
        _bump(conn, kind)
        conn.executemany(f"DELETE FROM {table}_docs WHERE id = ?", ids)
        conn.executemany(f"DELETE FROM {table}_codes WHERE id = ?", ids)
        conn.executemany(f"DELETE FROM {table}_fts WHERE rowid = ?", ids)
        numbers = NUMBER_COLUMNS[kind]
        conn.executemany(
            f"INSERT INTO {table}_docs (id, ref, doc, published_at{''.join(', ' + n for n in numbers)})"
            f" VALUES (?, ?, ?, ?{', ?' * len(numbers)})",
            [(d["id"], d["ref"], json.dumps(d), d.get("published_at"), *[d.get(n) for n in numbers]) for d in docs],
        )
        code_rows = []
        spec = INDEXED_KINDS[kind]
        for d in docs:
            for field in CODE_FIELDS[kind]:
                value = d.get(field)
                values = value if spec.field(field).many else [value]
                for code in values or []:
                    if code is not None:
                        code_rows.append((d["id"], field, _code(code)))
        conn.executemany(f"INSERT INTO {table}_codes (id, field, code) VALUES (?, ?, ?)", code_rows)
        fields = list(TEXT_FIELDS[kind])
        conn.executemany(
            f"INSERT INTO {table}_fts (rowid, {', '.join(fields)}) VALUES (?, {', '.join('?' for _ in fields)})",
            [(d["id"], *[d.get(f) or "" for f in fields]) for d in docs],
        )

    # (``version`` is not needed here: every write is done before the call returns, so
    # writes are applied in the order they are made.)
    def index(self, kind: str, documents: list[dict], version: int | None = None) -> None:
        if documents:
            vectors = self.vectors(kind, documents)  # outside the write lock: the model is slow
            with self._write() as conn:
                self._put(conn, kind, kind, documents, vectors)

    def delete(self, kind: str, ids: list[int], version: int | None = None) -> None:
        if ids:
            rows = [(i,) for i in ids]
            with self._write() as conn:
                for table in ("docs", "codes", "vectors"):
                    conn.executemany(f"DELETE FROM {kind}_{table} WHERE id = ?", rows)
                conn.executemany(f"DELETE FROM {kind}_fts WHERE rowid = ?", rows)
                _bump(conn, kind)

    def rebuild(self, kind: str, documents, total: int, progress=None, version: int | None = None) -> None:
        """Fill fresh tables beside the live ones, then swap them in one transaction."""
        self._df_cache.pop(kind, None)
        conn = self._db
        with self._write():
            for suffix in TABLE_SUFFIXES:
                conn.execute(f"DROP TABLE IF EXISTS {kind}_new_{suffix}")
            self._create(conn, kind, "_new")
        batch: list[dict] = []

        def put(batch):
            vectors = self.vectors(kind, batch)
            with self._write():
                self._put(conn, kind + "_new", kind, batch, vectors)
            if progress:
                progress(len(batch))

        for doc in documents:
            batch.append(doc)
            if len(batch) >= 500:
                put(batch)
                batch = []
        if batch:
            put(batch)
        with self._write():
            for suffix in TABLE_SUFFIXES:
                conn.execute(f"DROP TABLE IF EXISTS {kind}_{suffix}")
            for suffix in TABLE_SUFFIXES:
                conn.execute(f"ALTER TABLE {kind}_new_{suffix} RENAME TO {kind}_{suffix}")
            _bump(conn, kind)
            # Index names keep their _new names after the rename; recreate them under the live names.
            for index in ("codes_lookup", "codes_id", "docs_ref"):
                conn.execute(f"DROP INDEX IF EXISTS {kind}_new_{index}")
            self._create(conn, kind)

    def count(self, kind: str) -> int:
        return self._db.execute(f"SELECT COUNT(*) FROM {kind}_docs").fetchone()[0]

    # --- reading -------------------------------------------------------------

    def _filters(self, kind: str, query: SearchQuery) -> tuple[list[str], list]:
        where, params = [], []
        for name, values in query.filters.items():
            field, mode = FILTERS[kind][name]
            if mode == "all":
                for code in values:
                    where.append(f"d.id IN (SELECT id FROM {kind}_codes WHERE field = ? AND code = ?)")
                    params += [field, _code(code)]
            else:
                marks = ", ".join("?" for _ in values)
                where.append(f"d.id IN (SELECT id FROM {kind}_codes WHERE field = ? AND code IN ({marks}))")
                params += [field, *[_code(v) for v in values]]
        if query.ref:
            where.append("d.ref = ?")
            params.append(query.ref)
        if query.min_evidence_rank is not None:
            field, rank_filter = INDEXED_KINDS[kind].rank_filter
            where.append(f"d.{field.name} {'>=' if rank_filter.mode == documents.AT_LEAST else '<='} ?")
            params.append(query.min_evidence_rank)
        return where, params

    def search(self, query: SearchQuery) -> SearchResult:
        """Text matches are found and scored once, into a temporary table that the count,
        the page and the facets all read (FTS5 would otherwise run the match for each)."""
        kind = query.kind
        conn = self._db
        where, params = self._filters(kind, query)
        tq = text_query.parse(query.q)  # None when q has no searchable words: then it is a browse
        match = embedded_text.match_expression(tq.every_alternative) if tq else None
        filters = (" AND " + " AND ".join(where)) if where else ""
        if match:
            found = embedded_text.find(self, kind, tq, query.vector, where, params)
            scores = text_query.fuse(list(found.values()), len(tq.clauses), query.fusion)
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_hits (id INTEGER PRIMARY KEY, s REAL)")
            conn.execute("DELETE FROM temp.search_hits")
            conn.executemany("INSERT INTO temp.search_hits (id, s) VALUES (?, ?)", zip(found, scores))
            base, base_params = "FROM temp.search_hits h JOIN {kind}_docs d ON d.id = h.id".format(kind=kind), []
            score = "h.s"
        else:
            base, base_params = f"FROM {kind}_docs d WHERE 1 = 1{filters}", params
            score = "0.0"
        total = conn.execute(f"SELECT COUNT(*) {base}", base_params).fetchone()[0]
        if query.sort == "newest" or not match:
            order = "d.published_at DESC, d.id DESC"
        else:
            order = f"{score} DESC, d.id DESC"
        rows = conn.execute(
            f"SELECT d.doc, {score} AS s {base} ORDER BY {order} LIMIT ? OFFSET ?",
            base_params + [query.per_page, query.offset],
        ).fetchall()
        hits = [Hit(json.loads(doc), float(s)) for doc, s in rows]
        if match and hits:
            self._highlight(kind, match, hits)
        facets = self._facets(kind, f"SELECT d.id {base}", base_params)
        return SearchResult(hits, total, facets)

    def _highlight(self, kind: str, match: str, hits: list[Hit]) -> None:
        fields = list(TEXT_FIELDS[kind])
        snippets = ", ".join(
            f"snippet({kind}_fts, {i}, char(2), char(3), '…', {SNIPPET_TOKENS})" for i in range(len(fields))
        )
        conn = self._db
        # Joined to a table of the page's ids: FTS5 answers `rowid IN (...)` by matching once per id.
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS page_ids (id INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM temp.page_ids")
        conn.executemany("INSERT INTO temp.page_ids (id) VALUES (?)", [(h.doc["id"],) for h in hits])
        rows = conn.execute(
            f"SELECT f.rowid, {snippets} FROM {kind}_fts f JOIN temp.page_ids p ON p.id = f.rowid"
            f" WHERE {kind}_fts MATCH ?",
            [match],
        ).fetchall()
        by_id = {row[0]: row[1:] for row in rows}
        for hit in hits:
            for field, fragment in zip(fields, by_id.get(hit.doc["id"], ())):
                if fragment and tx_text.HIGHLIGHT_START in fragment:
                    hit.highlights[field] = [tx_text.safe_highlight(fragment)]

    def _facets(self, kind: str, ids_sql: str, params: list) -> dict[str, dict[str, int]]:
        facets = {name: {} for name in FACETS[kind]}
        by_field = {field: name for name, field in FACETS[kind].items()}
        marks = ", ".join("?" for _ in by_field)
        rows = self._db.execute(
            f"SELECT field, code, COUNT(*) FROM {kind}_codes WHERE field IN ({marks}) AND id IN ({ids_sql})"
            " GROUP BY field, code ORDER BY COUNT(*) DESC, code",
            [*by_field, *params],
        )
        for field, code, n in rows:
            facets[by_field[field]][code] = n
        return facets

    # --- matching ------------------------------------------------------------

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
                    f"SELECT COUNT(*) FROM {kind}_fts WHERE {kind}_fts MATCH ?", [_quote(word)]
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
            every_word = " OR ".join(_quote(t) for t in words + synonyms)
            ids = conn.execute(
                f"SELECT rowid FROM {kind}_fts WHERE {kind}_fts MATCH ?",
                [" OR ".join(_quote(t) for t in key_terms + synonyms)],
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
            self._matrices[kind] = _VectorMatrix(generation, row_ids[starts], starts, matrix)
            return row_ids[starts], starts, matrix

    def _docs(self, kind: str, ids: list[int]) -> dict[int, dict]:
        docs: dict[int, dict] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = self._db.execute(
                f"SELECT id, doc FROM {kind}_docs WHERE id IN ({', '.join('?' for _ in chunk)})", chunk
            )
            docs.update((i, json.loads(doc)) for i, doc in rows)
        return docs


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


class _VectorMatrix(NamedTuple):
    """Every vector of a kind as read at one generation of its vectors table."""

    generation: int
    ids: object  # numpy int64: the listings, in id order
    starts: object  # numpy int64: the row of each listing's first (whole-text) vector
    matrix: object  # numpy float32: one row per vector


def _bump(conn, kind: str) -> None:
    conn.execute(
        "INSERT INTO vector_generation (kind, n) VALUES (?, 1) ON CONFLICT (kind) DO UPDATE SET n = n + 1", [kind]
    )


def _code(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'
