"""Free text as a ranked query, read the same way for both backends.

A person's words become *clauses*: each word (stop words aside) or each NHS term of
several words ("hospital at home", "did not attend"), with its synonyms and
abbreviations as alternatives (search.synonyms). Every clause is optional; a record
is found when it holds at least :func:`min_should_match` of them, or when its
meaning is near the query's (the sentence vectors indexed for matching). Found
records are ranked by :func:`fuse`: the words (BM25 of the backend, the share of
clauses held, the exact phrase) and the meaning, fused by weighted normalised
scores (measured against reciprocal rank fusion in bench/relevance/evaluate_search.py).

Backends translate a :class:`TextQuery` and report, for each record they find, a
:class:`Signals`; the ranking is decided here, once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from . import synonyms
from .text import MAX_QUERY_TERMS, STOP_WORDS

# A pasted essay is read by its first characters only (the rest would only slow the search).
MAX_CHARS = 2000
# Clauses a query has at most: the words after the first MAX_QUERY_TERMS are not searched.
MAX_CLAUSES = MAX_QUERY_TERMS
# The exact phrase counts only for queries of a few words (a sentence pasted whole is
# never found verbatim, and a long phrase query is dear).
PHRASE_MAX_WORDS = 8

# --- ranking constants (chosen on the tuning group of bench/relevance/search_queries.py) --

# How a record's words signal is made (each part 0..1, weights sum to 1): BM25 as a
# share of the best found, the share of the query's clauses it holds, the exact phrase.
WORD_PARTS = {"bm25": 0.5, "coverage": 0.35, "phrase": 0.15}
# The meaning's weight in the fused score (the words have the rest).
MEANING_WEIGHT = 0.6
# A record is found by meaning alone only this similar (cosine; the matching's
# candidate threshold, search.matching.MEANING_CANDIDATE, measured for short queries in
# bench/relevance): below it nearness says nothing and would list everything.
MEANING_MIN = 0.3
# Nearest records found by meaning at most, before filters count them.
MEANING_K = 100
# Meaning signal: from MEANING_FLOOR up, as a share of the best found (counted at least
# MEANING_STRONG, so that when everything found is far, the nearest does not read as near).
MEANING_FLOOR = 0.2
MEANING_STRONG = 0.5
# Pseudo-relevance feedback on the meaning (Rocchio): once the words and meaning are fused, the
# query's vector is moved towards the vectors of the FEEDBACK_DOCS best records found
# (query + FEEDBACK_WEIGHT x their mean, made unit again), and the meaning is searched again with
# it: records are found, and ranked, by how near they are to what the query found best. A short
# query's vector alone is far from the records that answer it in other words ("DNA" and appointment
# letters, "AI to read scans" and a thrombectomy network's imaging); the best records found say
# what it is about in the records' own words. Measured on the tuning group of
# bench/relevance/search_queries.py (embedded, nDCG@10 of the tuning group): without 0.875; 1 record
# 0.899-0.900 (weight 0.5-2); 2 records 0.903 (0.5), 0.899 (1), 0.893 (2); 3 records 0.885-0.886;
# 5 records 0.875-0.887. Re-ranking only the records already found, without searching again, 0.878:
# the gain is in the records the query alone does not reach. The moved vector is nearer every
# record than a query's (it is half made of records), so it finds only its FEEDBACK_K nearest (at
# least MEANING_MIN similar): found by the moved vector's 100 nearest, a query found about 60 more
# records than without feedback, of which 1 in 80 judged relevant; its 10 nearest give the same
# nDCG@10 (0.902; 5 nearest 0.892), and a higher floor instead loses those that matter (cosine to
# the moved vector 0.35: 0.901; 0.4: 0.898; 0.45: 0.891).
FEEDBACK_DOCS = 2
FEEDBACK_WEIGHT = 0.5
FEEDBACK_K = 10
# Reciprocal rank fusion's constant (the usual 60), for the comparison in the bench.
RRF_K = 60
# Fusions the bench compares; "weighted" is the one searches use.
FUSIONS = ("weighted", "rrf", "words")

# Words that frame a search rather than say what it is for ("hospitals *looking* for AI to
# *help* read scans", "*who wants* help with DNAs"): not clauses, so that a record is not found,
# nor ranked up, for holding them; they still count in the meaning and the exact phrase. A
# query of nothing else keeps them.
FRAMING_WORDS = frozenset(
    "looking look looks want wants wanting need needs needing help helps helping find finding "
    "who what which something anything way ways".split()
)

_TOKEN = re.compile(r"[^\W_]+(?:['’&][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Clause:
    """One thing the person asked for: the word or term they typed first, then its synonyms."""

    alternatives: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.alternatives[0]


@dataclass(frozen=True)
class TextQuery:
    text: str                       # the person's words (cut to MAX_CHARS), for the meaning
    clauses: tuple[Clause, ...]
    phrase: str | None              # the words in order, stop words kept; None for one word
    min_should_match: int

    @property
    def every_alternative(self) -> list[str]:
        return [a for c in self.clauses for a in c.alternatives]

    @property
    def meaning_text(self) -> str:
        """What the sentence vector is made of: the words, then what their abbreviations and NHS
        terms stand for ("DNA" alone reads as genetics to the model; "DNA (did not attend, missed
        appointment, no-show)" does not)."""
        spelled = [", ".join(c.alternatives[1:]) for c in self.clauses if len(c.alternatives) > 1]
        return self.text + "".join(f" ({s})" for s in spelled)


@dataclass
class Signals:
    """What a backend reports of one record a text query found."""

    bm25: float = 0.0               # the backend's word relevance (sum over the clauses)
    matched: int = 0                # clauses the record holds
    phrase: bool = False            # it holds the exact phrase
    similarity: float | None = None  # cosine of its vector to the query's (None: no vector)
    extra: dict = field(default_factory=dict)


def min_should_match(n: int) -> int:
    """Clauses a record must hold to be found by words: all of one or two, two of three or
    four, then 40% (rounded up), so that one stray word neither empties nor floods the results."""
    if n <= 2:
        return min(n, 1)
    if n <= 4:
        return 2
    return -(-n * 2 // 5)


def _stem(word: str) -> str:
    """Crude plural folding so that "missed appointments" finds the term "missed appointment"
    (the backends stem the text itself; this only spots multi-word terms)."""
    if word.endswith("'s") or word.endswith("’s"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


@cache
def _terms_by_first_word() -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Multi-word synonym terms by their first (stemmed) word: (term's stemmed words, group)."""
    out: dict[str, list] = {}
    for group in synonyms._normalised_groups():
        for term in group:
            words = tuple(_stem(w) for w in term.split())
            if len(words) > 1:
                out.setdefault(words[0], []).append((words, group))
    for entries in out.values():
        entries.sort(key=lambda e: -len(e[0]))  # longest first
    return out


def _distinct(term: str) -> bool:
    """Whether a synonym of several words still says something once its stop words are gone, as
    Elasticsearch's analyser reads it: "no show" leaves "show", and "a and e" leaves "e", which
    would find every record with those words ("did not attend" leaves "did attend", a phrase)."""
    words = term.split()
    return len(words) == 1 or sum(w not in STOP_WORDS for w in words) > 1


def _alternatives(first: str, group: tuple[str, ...]) -> tuple[str, ...]:
    terms = (first, *(t for t in group if t != first and _distinct(t)))
    related = [r for t in terms for r in synonyms.related_to(t) if r not in terms]
    return (*terms, *dict.fromkeys(related))


def parse(q: str | None) -> TextQuery | None:
    """The clauses of ``q``; None when it has no searchable word (then a search is a browse)."""
    text = (q or "")[:MAX_CHARS]
    tokens = [m.group(0) for m in _TOKEN.finditer(text.lower())]
    stems = [_stem(t) for t in tokens]
    clauses: list[Clause] = []
    seen: set[str] = set()
    i = 0
    while i < len(tokens) and len(clauses) < MAX_CLAUSES:
        term = None
        for words, group in _terms_by_first_word().get(stems[i], ()):
            if tuple(stems[i:i + len(words)]) == words:
                term = (" ".join(tokens[i:i + len(words)]), group, len(words))
                break
        if term:
            typed, group, width = term
            i += width
            if typed not in seen:
                seen.add(typed)
                clauses.append(Clause(_alternatives(typed, group)))
            continue
        word = tokens[i]
        i += 1
        if word in STOP_WORDS or word in seen:
            continue
        seen.add(word)
        clauses.append(Clause(_alternatives(word, (word, *synonyms.synonyms_of(word)))))
    framing = [c for c in clauses if c.text in FRAMING_WORDS]
    if framing and len(framing) < len(clauses):
        clauses = [c for c in clauses if c.text not in FRAMING_WORDS]
    if not clauses:
        return None
    content = [t for t in tokens if t not in STOP_WORDS]
    phrase = " ".join(tokens) if 1 < len(content) and len(tokens) <= PHRASE_MAX_WORDS else None
    return TextQuery(text=text, clauses=tuple(clauses), phrase=phrase,
                     min_should_match=min_should_match(len(clauses)))


# --- ranking -------------------------------------------------------------------


def meaning_signal(similarities: list[float | None]) -> list[float]:
    best = max((s for s in similarities if s is not None), default=MEANING_STRONG)
    span = max(best, MEANING_STRONG) - MEANING_FLOOR
    return [0.0 if s is None else max(0.0, min(1.0, (s - MEANING_FLOOR) / span)) for s in similarities]


def word_signal(found: list[Signals], n_clauses: int) -> list[float]:
    """The words' signal of each record, 0..1 (WORD_PARTS). A record holding fewer clauses than
    min_should_match was found by its meaning alone: its few words do not count (Elasticsearch
    reports them, the embedded backend never sees them; either way they rank the same)."""
    needed = min_should_match(n_clauses)
    by_words = [s if s.matched >= needed else Signals(similarity=s.similarity) for s in found]
    best = max((s.bm25 for s in by_words), default=0.0)
    return [
        WORD_PARTS["bm25"] * (s.bm25 / best if best > 0 else 0.0)
        + WORD_PARTS["coverage"] * (min(s.matched, n_clauses) / n_clauses if n_clauses else 0.0)
        + WORD_PARTS["phrase"] * s.phrase
        for s in by_words
    ]


def fuse(found: list[Signals], n_clauses: int, fusion: str = "weighted",
         meaning_weight: float | None = None) -> list[float]:
    """A score per record found (higher first). ``weighted``: the words and meaning signals,
    each 0..1, weighted; ``rrf``: reciprocal rank fusion of the word ranking and the meaning
    ranking; ``words``: the words alone."""
    words = word_signal(found, n_clauses)
    if fusion == "words" or all(s.similarity is None for s in found):
        return words
    meanings = meaning_signal([s.similarity for s in found])
    meaning_weight = MEANING_WEIGHT if meaning_weight is None else meaning_weight
    if fusion == "weighted":
        return [(1 - meaning_weight) * w + meaning_weight * m for w, m in zip(words, meanings)]
    if fusion != "rrf":
        raise ValueError(f"unknown fusion {fusion!r}")
    scores = [0.0] * len(found)
    for signal, held in ((words, [s.matched > 0 for s in found]),
                         (meanings, [s.similarity is not None for s in found])):
        order = sorted((i for i in range(len(found)) if held[i] and signal[i] > 0), key=lambda i: -signal[i])
        for rank, i in enumerate(order, start=1):
            scores[i] += 1.0 / (RRF_K + rank)
    return scores


def feedback_ids(ids: list, found: list[Signals], scores: list[float]) -> list:
    """The records whose vectors the query's is moved towards: the FEEDBACK_DOCS best by the fused
    ``scores`` (ties: the higher id, as the backends order them) among those with a vector."""
    order = sorted((i for i in range(len(ids)) if found[i].similarity is not None),
                   key=lambda i: (-scores[i], -int(ids[i])))
    return [ids[i] for i in order[:FEEDBACK_DOCS]]


def feedback_vector(vector, record_vectors: list) -> list[float] | None:
    """The query's unit vector moved towards the records' (Rocchio): ``vector`` + FEEDBACK_WEIGHT x
    their mean, made unit again. None when there is nothing to move towards."""
    import numpy as np

    if vector is None or not record_vectors:
        return None
    moved = np.asarray(vector, dtype=np.float32) + FEEDBACK_WEIGHT * np.mean(
        np.asarray(record_vectors, dtype=np.float32), axis=0)
    norm = float(np.linalg.norm(moved))
    return None if norm == 0.0 else (moved / norm).tolist()
