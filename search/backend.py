"""The interface every search backend implements, and the values it passes around."""
from __future__ import annotations

import abc
import functools
import math
import threading
import time
from dataclasses import dataclass, field


class SearchUnavailable(Exception):
    """The index cannot answer now (the API and the pages say 503, with Retry-After
    ``retry_after`` seconds); writes still succeed via the outbox."""

    # What the API and the pages both tell people (the exception's own text goes to the log).
    public_message = "Search is not available just now. Try again in a moment."

    def __init__(self, message: str = "", retry_after: int = 5):
        super().__init__(message)
        self.retry_after = retry_after


class DocumentsRefused(Exception):
    """The index answered but refused some documents: it is up (the breaker does not count
    this), and the outbox rows wait longer before they are tried again."""


class Breaker:
    """A circuit breaker in front of the index, shared by searches and indexing in a process.

    Closed: calls go through. After ``threshold`` failures in a row (an index that does not
    answer, or answers too late) it opens: calls fail at once with SearchUnavailable, so a
    hung index costs a request nothing, for ``cooldown`` seconds. Then it is half-open: the
    next call goes through as a probe (the others still fail at once); its success closes
    the breaker, its failure opens it again.
    """

    def __init__(self, threshold: int = 3, cooldown: float = 2.0, clock=time.monotonic):
        self.threshold, self.cooldown, self.clock = max(1, threshold), cooldown, clock
        self._lock = threading.Lock()
        self.failures = 0
        self.opened_at: float | None = None
        self._probing = False

    @property
    def state(self) -> str:
        with self._lock:
            if self.opened_at is None:
                return "closed"
            return "half-open" if self.clock() - self.opened_at >= self.cooldown else "open"

    def seconds_to_probe(self) -> float:
        """How long until a call may go through (0: now)."""
        with self._lock:
            if self.opened_at is None or self._probing:
                return 0.0 if self.opened_at is None else self.cooldown
            return max(0.0, self.opened_at + self.cooldown - self.clock())

    def retry_after(self) -> int:
        """Whole seconds a client should wait (Retry-After): until the next probe, at least 1."""
        return max(1, math.ceil(self.seconds_to_probe() or self.cooldown))

    def before(self) -> None:
        """Let a call through, or raise SearchUnavailable at once."""
        with self._lock:
            if self.opened_at is None:
                return
            if not self._probing and self.clock() - self.opened_at >= self.cooldown:
                self._probing = True  # this call is the probe
                return
        raise SearchUnavailable("The search index is not answering (circuit open).", self.retry_after())

    def succeeded(self) -> None:
        with self._lock:
            self.failures, self.opened_at, self._probing = 0, None, False

    def failed(self) -> None:
        with self._lock:
            self.failures += 1
            if self._probing or self.failures >= self.threshold:
                self.opened_at = self.clock()
            self._probing = False

    def reset(self) -> None:
        self.succeeded()


# The backend methods that talk to the index on behalf of searches and indexing: each goes
# through the backend's breaker (SearchBackend.__init_subclass__). Rebuilds, resets and
# start-up checks do not: they are run by hand and should try for real.
GUARDED = ("search", "match_candidates", "index", "delete", "count", "refresh", "stored_vector",
           "stored_vectors", "ping")
_inside = threading.local()  # a guarded method calling another counts once


def _guarded(method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if getattr(_inside, "depth", 0):
            return method(self, *args, **kwargs)
        breaker = self.breaker
        breaker.before()
        _inside.depth = 1
        try:
            result = method(self, *args, **kwargs)
        except SearchUnavailable as exc:
            breaker.failed()
            exc.retry_after = breaker.retry_after()
            raise
        except self.unavailable_errors as exc:
            breaker.failed()
            raise SearchUnavailable(f"The search index did not answer: {exc}", breaker.retry_after()) from exc
        except BaseException:
            breaker.succeeded()  # the index answered; the error is ours or the request's
            raise
        finally:
            _inside.depth = 0
        breaker.succeeded()
        return result

    call.guarded = True
    return call


@dataclass
class SearchQuery:
    kind: str
    q: str = ""
    # filter name -> codes (or [True]/[False] for yes/no filters); names from documents.FILTERS
    filters: dict[str, list] = field(default_factory=dict)
    min_evidence_rank: int | None = None
    ref: str | None = None
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"  # or "newest"
    # The sentence vector of q (search.embeddings; None: words only): records near it in
    # meaning are found and ranked beside those holding its words (search.text_query).
    vector: list[float] | None = None
    fusion: str = "weighted"  # how words and meaning are fused: search.text_query.FUSIONS
    # Search the meaning again from the best records found (search.text_query.FEEDBACK_DOCS);
    # off only to measure it (bench/relevance/evaluate_search.py).
    feedback: bool = True

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class Hit:
    doc: dict
    score: float = 0.0
    highlights: dict[str, list[str]] = field(default_factory=dict)
    # Cosine similarity of the document's vector to the match query's (None: either has none);
    # for a solution with vectors of its parts, the best of them (search.embeddings.TEXT_PARTS).
    similarity: float | None = None


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]]


@dataclass
class Eligibility:
    """The listing a match is for, as the eligibility rule reads it (search.eligibility.values_of):
    a candidate is eligible with it when search.eligibility.RULES hold, which each backend
    compiles (eligibility.elastic_clauses, eligibility.embedded_where)."""

    given: dict


@dataclass
class MatchQuery:
    kind: str                     # the kind of record wanted: "solution" or "need"
    text: str                     # the other side's text, searched as free text
    clinical_areas: tuple[str, ...]
    eligibility: Eligibility
    eligible_only: bool = True
    size: int = 100
    exclude_ids: tuple[int, ...] = ()
    # Eligible candidates are counted exactly up to this many (counting every match of a
    # long text is what makes a match query slow on a large index).
    count_up_to: int = 1000
    # The text's sentence vector (unit length, search.embeddings): candidates are also found
    # by meaning and each carries its similarity. None: lexical candidates only.
    vector: list[float] | None = None
    # How many candidates are found by meaning alone (nearest eligible vectors), and how
    # similar (cosine) they must be at least.
    semantic_size: int = 100
    min_similarity: float = 0.0


@dataclass
class MatchCandidates:
    hits: list[Hit]          # candidates with their raw text relevance in ``score``
    eligible_total: int      # every eligible candidate, not only those returned


class SearchBackend(abc.ABC):
    name: str = ""
    # Errors of the backend's own client that mean "the index cannot answer now"; the breaker
    # counts them and callers see SearchUnavailable.
    unavailable_errors: tuple[type[BaseException], ...] = ()
    breaker: Breaker

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in GUARDED:
            method = cls.__dict__.get(name)
            if method is not None and not getattr(method, "guarded", False):
                setattr(cls, name, _guarded(method))

    def __getattr__(self, name):
        if name == "breaker":  # made on first use: subclasses need not call our __init__
            self.breaker = Breaker()
            return self.breaker
        raise AttributeError(name)
    # search.embeddings.Embedder when semantic matching is on; documents then get vectors.
    embedder = None
    semantic_status: dict = {"semantic": "off"}

    def set_embedder(self, embedder, status: dict) -> None:
        self.embedder, self.semantic_status = embedder, status

    def vectors(self, kind: str, documents: list[dict]) -> list[dict]:
        """Per document, its vectors by part as ``(text hash, vector)``: ``"whole"``
        (search.embeddings.vector_text) and, for a solution, those of its parts that have a text
        of their own (embeddings.part_texts); empty where it has no usable text, or no model is
        loaded. A vector the live index already holds for the same text (by its hash,
        :meth:`stored_vectors`) is reused; the other texts of the batch go to the model at once
        (embedding is the slow part of indexing)."""
        if self.embedder is None or kind not in ("solution", "need"):
            return [{} for _ in documents]
        from .embeddings import part_texts, text_hash, usable, vector_text

        out: list[dict] = [{} for _ in documents]
        wanted = []  # (document's position, part, text, hash)
        for i, doc in enumerate(documents):
            for part, text in {"whole": vector_text(kind, doc), **part_texts(kind, doc)}.items():
                if usable(text):
                    wanted.append((i, part, text, text_hash(text)))
        stored = self.stored_vectors(kind, sorted({documents[i]["id"] for i, *_ in wanted})) if wanted else {}
        todo = []
        for i, part, text, digest in wanted:
            held = stored.get(documents[i]["id"], {}).get(part)
            if held is not None and held[0] == digest:
                out[i][part] = held
            else:
                todo.append((i, part, text, digest))
        if todo:
            for (i, part, _, digest), vector in zip(todo, self.embedder.embed([t[2] for t in todo])):
                if vector is not None:
                    out[i][part] = (digest, vector)
        return out

    def stored_vectors(self, kind: str, ids: list[int]) -> dict[int, dict[str, tuple]]:
        """The vectors the live index holds for ``ids``, by id and part, as ``(text hash, float32
        vector)``; only those stored with the hash of their text. Read by :meth:`vectors` so that
        an unchanged text is not embedded again (a reindex, or a listing re-indexed for another
        field's sake)."""
        return {}

    @abc.abstractmethod
    def ensure_indexes(self) -> None:
        """Create whatever the backend needs if it is not there yet."""

    @abc.abstractmethod
    def index(self, kind: str, documents: list[dict], version: int | None = None) -> None:
        """Add or replace documents (by ``id``).

        ``version``: the order of this state among the writes of these documents (the
        indexer gives the highest outbox row id it applies; it grows with every change,
        deletes too). A backend whose writes can arrive late (Elasticsearch: a request the
        client gave up on may still run after a later one) keeps whichever state has the
        higher version; None: this write simply replaces what is there."""

    @abc.abstractmethod
    def delete(self, kind: str, ids: list[int], version: int | None = None) -> None:
        """Remove documents by id; absent ids are not an error. ``version``: as for
        :meth:`index` (a delete older than the document's state is ignored, and an older
        state arriving after the delete does not bring the document back)."""

    @abc.abstractmethod
    def search(self, query: SearchQuery) -> SearchResult:
        ...

    @abc.abstractmethod
    def match_candidates(self, query: MatchQuery) -> MatchCandidates:
        ...

    def stored_vector(self, kind: str, doc_id: int, version: int) -> list[float] | None:
        """The vector the index holds for this version of a listing (None: absent or older),
        so that a match need not run the model for a listing that is already indexed."""
        return None

    @abc.abstractmethod
    def rebuild(self, kind: str, documents, total: int, progress=None, version: int | None = None) -> None:
        """Build a fresh index for ``kind`` from ``documents`` and swap it in atomically
        (``version``: of every document, as for :meth:`index`)."""

    @abc.abstractmethod
    def count(self, kind: str) -> int:
        ...

    @abc.abstractmethod
    def reset(self) -> None:
        """Remove everything and start empty (tests and `search reindex --fresh`)."""

    def refresh(self, kind: str | None = None) -> None:
        """Make recent writes visible to searches (a no-op where they already are)."""

    def ping(self) -> str | None:
        """A cheap request that raises SearchUnavailable unless the index answers (the
        indexer's probe while the breaker is open); may return the index's own word for its
        state (Elasticsearch: green, yellow, red)."""
        self.count("solution")
        return None

    def probe(self) -> bool:
        """Ping the index whatever the breaker's state, and tell the breaker the outcome: the
        background drain's own probe, so that the index is found again as soon as it answers
        (requests meanwhile keep failing at once)."""
        ping = getattr(type(self).ping, "__wrapped__", type(self).ping)
        _inside.depth = 1  # the ping's own calls skip the breaker: this is the probe
        try:
            ping(self)
        except (SearchUnavailable, *self.unavailable_errors):
            self.breaker.failed()
            return False
        finally:
            _inside.depth = 0
        self.breaker.succeeded()
        return True

    def health(self) -> dict:
        """The index's state, answered within the time budget of one request: "unavailable"
        at once while the breaker is open."""
        out = {"backend": self.name, "breaker": self.breaker.state, **self.semantic_status}
        try:
            status = self.ping() or "ok"
        except SearchUnavailable as exc:
            return {**out, "status": "unavailable", "breaker": self.breaker.state, "error": str(exc)}
        return {**out, "status": status, "breaker": self.breaker.state}
