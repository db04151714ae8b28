"""The Elasticsearch mapping and analysis of each kind, derived from search/documents.py.

One index per kind; the fields come from their declarations, the vectors and their
hashes from search/embeddings.py. (The backend itself: search/elastic.py.)"""
from __future__ import annotations

from . import documents
from . import text as tx_text
from .documents import INDEXED_KINDS
from .embeddings import DIMS
from .synonyms import SYNONYMS

# Bump when the mapping or analysis changes; `search reindex` then builds the new shape.
MAPPING_VERSION = 7  # 3: vectors of a solution's parts; 4: the hash of each vector's text; 5: expired claims;
# 6: organisations' about; 7: text searched with en_index unless a query names en_search

ANALYSIS = {
    "filter": {
        "en_stop": {"type": "stop", "stopwords": sorted(tx_text.STOP_WORDS)},
        "en_stem": {"type": "stemmer", "language": "english"},
        "nhs_synonyms": {"type": "synonym_graph", "synonyms": SYNONYMS, "lenient": True},
    },
    "analyzer": {
        "en_index": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding", "en_stop", "en_stem"]},
        # Synonyms at search time only: the index stays small and the list can change without a reindex.
        # Matching names it (search/elastic_matching.py); free text expands them in Python instead
        # (search/text_query.py), so that both backends read a query the same way.
        "en_search": {
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "nhs_synonyms", "en_stop", "en_stem"],
        },
    },
}

# Searched with the index's own analyser by default: combined_fields (search/elastic_text.py) takes
# no analyser of its own, and its words are already expanded with their synonyms.
TEXT = {"type": "text", "analyzer": "en_index", "search_analyzer": "en_index"}
KEYWORD = {"type": "keyword"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "date"}
# Unit-length sentence vectors (search/embeddings.py), so the dot product is the cosine.
# Absent from a document with no usable text, and from every document when semantic
# matching is off.
VECTOR = {"type": "dense_vector", "dims": DIMS, "index": True, "similarity": "dot_product"}
# The vectors of a solution's parts (search.embeddings.TEXT_PARTS) are only ever compared with
# the candidates of a match, by id: an exact (flat) index, no neighbour graph to build.
PART_VECTOR = {**VECTOR, "index_options": {"type": "flat"}}
# The vector fields of each kind: the whole text's first, then its parts'.
VECTOR_FIELDS = {"solution": ("vector", "vector_name_summary", "vector_description"), "need": ("vector",)}
# The hash of the text each vector was made from, by part ({"whole": …, "description": …}):
# only read back by id (Backend.vectors reuses a vector whose text has not changed), so
# neither indexed nor parsed.
HASHES = "vector_hashes"
HASHES_FIELD = {"type": "object", "enabled": False}
# The documents searches and matches answer with: without the hashes (vectors are left out anyway).
SOURCE = {"excludes": [HASHES]}

# Each field's type comes from its declaration (search/documents.py); dynamic: strict refuses
# anything else.
ES_TYPES = {
    documents.TEXT: TEXT, documents.KEYWORD: KEYWORD, documents.INTEGER: INTEGER, documents.LONG: {"type": "long"},
    documents.BOOLEAN: BOOLEAN, documents.DATE: DATE,
}


def _properties(kind: str) -> dict[str, dict]:
    """The declared fields of ``kind``, then the vectors of a kind matched by meaning and their hashes."""
    properties = {f.name: ES_TYPES[f.type] for f in INDEXED_KINDS[kind].fields}
    for name in VECTOR_FIELDS.get(kind, ()):
        properties[name] = VECTOR if name == "vector" else PART_VECTOR
    if kind in VECTOR_FIELDS:
        properties[HASHES] = HASHES_FIELD
    return properties


FIELDS: dict[str, dict[str, dict]] = {kind: _properties(kind) for kind in INDEXED_KINDS}


def mapping(kind: str) -> dict:
    return {"dynamic": "strict", "_meta": {"version": MAPPING_VERSION, "kind": kind}, "properties": FIELDS[kind]}


def vector_field(part: str) -> str:
    """The field of a part's vector (Backend.vectors names the whole text's "whole")."""
    return "vector" if part == "whole" else f"vector_{part}"
