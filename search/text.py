"""Turning free text into safe query terms, the same way for both backends."""
from __future__ import annotations

import html
import re

from .synonyms import expansions

# Lucene's English stop words, so that both backends ignore the same words.
STOP_WORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then there "
    "these they this to was will with".split()
)
_TOKEN = re.compile(r"[^\W_]+(?:['’&][^\W_]+)*", re.UNICODE)
MAX_QUERY_TERMS = 64  # a pasted essay is searched by its first 64 words, not refused
# The words of a listing's text that a match searches the other side for, on every backend.
MATCH_TEXT_TERMS = 100
HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"


def terms(text: str, limit: int = MAX_QUERY_TERMS) -> list[str]:
    """Lower-cased words of ``text`` without stop words or repeats, in order."""
    seen: dict[str, None] = {}
    for match in _TOKEN.finditer(text.lower()):
        word = match.group(0)
        if word not in STOP_WORDS and word not in seen:
            seen[word] = None
            if len(seen) >= limit:
                break
    return list(seen)


def synonym_phrases(text: str) -> list[str]:
    return expansions(text)


def safe_highlight(fragment: str) -> str:
    """Escape a highlighted fragment for HTML, then turn the markers into <mark>."""
    return (
        html.escape(fragment, quote=False)
        .replace(HIGHLIGHT_START, "<mark>")
        .replace(HIGHLIGHT_END, "</mark>")
    )
