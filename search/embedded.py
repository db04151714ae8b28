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

from . import embedded_text, text_query
from . import text as tx_text
from . import documents
from .backend import Hit, SearchBackend, SearchQuery, SearchResult
from .documents import FACETS, FILTERS, INDEXED_KINDS, TEXT_FIELDS
from .embedded_matching import EmbeddedMatching, VectorMatrix

# Every field of codes that a filter, a facet or the eligibility rule reads goes into the codes
# table; every number they compare is a column of the docs table (documents.IndexedKind).
CODE_FIELDS = {kind: spec.code_fields for kind, spec in INDEXED_KINDS.items()}
NUMBER_COLUMNS = {kind: spec.number_fields for kind, spec in INDEXED_KINDS.items()}
SNIPPET_TOKENS = 16
# Bump when the tables change: an index of another version is emptied at start-up.
SCHEMA_VERSION = 7  # 4: a row per part in <kind>_vectors; 5: the hash of each vector's text;
# 6: columns text_hash and vector (were h and v), the numbers each kind compares, status codes;
# 7: organisations' about
# The suffixes of a kind's tables, in the order a rebuild swaps them (not the text parts of
# <kind>_vectors, search.embeddings.TEXT_PARTS).
TABLE_SUFFIXES = ("docs", "codes", "fts", "vectors")
log = logging.getLogger(__name__)


class EmbeddedBackend(EmbeddedMatching, SearchBackend):
    name = "embedded"
    # A locked or unreadable index file: unavailable for now (the breaker counts it).
    unavailable_errors = (sqlite3.OperationalError,)

    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()
        self._df_cache: dict[str, dict[str, int]] = {}  # kind -> word -> documents holding it
        self._matrices: dict[str, VectorMatrix] = {}  # kind -> its vectors, see _matrix()
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
            if (query.feedback and query.vector is not None and query.fusion != "words"
                    and embedded_text.find_by_feedback(self, kind, query.vector, where, params, found, scores)):
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

    def _docs(self, kind: str, ids: list[int]) -> dict[int, dict]:
        docs: dict[int, dict] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = self._db.execute(
                f"SELECT id, doc FROM {kind}_docs WHERE id IN ({', '.join('?' for _ in chunk)})", chunk
            )
            docs.update((i, json.loads(doc)) for i, doc in rows)
        return docs


def _bump(conn, kind: str) -> None:
    conn.execute(
        "INSERT INTO vector_generation (kind, n) VALUES (?, 1) ON CONFLICT (kind) DO UPDATE SET n = n + 1", [kind]
    )


def _code(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
