"""The interface every search backend implements, and the values it passes around."""
from __future__ import annotations

import abc
from dataclasses import dataclass, field

KINDS = ("solution", "need", "organisation")


class SearchUnavailable(Exception):
    """The index cannot answer now (the API says 503); writes still succeed via the outbox."""


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
    """The hard conditions of a match, as the backend must filter them.

    For solutions (a need looking for solutions): evidence rank at least
    ``min_evidence_rank`` and every code in ``required_regulatory`` held.
    For needs (a solution looking for buyers): the need's minimum at most
    ``evidence_rank`` and its required codes a subset of ``regulatory_held``.
    """

    min_evidence_rank: int | None = None
    required_regulatory: tuple[str, ...] = ()
    evidence_rank: int | None = None
    regulatory_held: tuple[str, ...] | None = None


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
    def index(self, kind: str, documents: list[dict]) -> None:
        """Add or replace documents (by ``id``)."""

    @abc.abstractmethod
    def delete(self, kind: str, ids: list[int]) -> None:
        """Remove documents by id; absent ids are not an error."""

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
    def rebuild(self, kind: str, documents, total: int, progress=None) -> None:
        """Build a fresh index for ``kind`` from ``documents`` and swap it in atomically."""

    @abc.abstractmethod
    def count(self, kind: str) -> int:
        ...

    @abc.abstractmethod
    def reset(self) -> None:
        """Remove everything and start empty (tests and `search reindex --fresh`)."""

    def refresh(self, kind: str | None = None) -> None:
        """Make recent writes visible to searches (a no-op where they already are)."""

    def health(self) -> dict:
        return {"backend": self.name, "status": "ok", **self.semantic_status}
