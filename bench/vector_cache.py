"""The model's vectors for a benchmark database, computed once and kept under bench/out/.

Embedding is the slow part of indexing with vectors (bench/meaning_bench.py
measures its rate); the latency benchmarks need the index built many times, so
they read the vectors that the real model computed for the same texts here,
keyed by the hash of the text, instead of computing them again.

    python -m bench.vector_cache bench/out/search-bench-s10000-....db   # resumable: saves every 1,000
"""
from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np

from search import embeddings

CHECKPOINT = 1000


def cache_path(db_path: str | Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(f"vectors-{db_path.stem}.npz")


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def listing_texts(db_path: str | Path, parts: bool = False) -> list[str]:
    """The vector text of every published solution and need, as search.embeddings builds it;
    with ``parts``, each solution's whole text is followed by the texts of its parts."""
    conn = sqlite3.connect(db_path)
    texts = []
    for name, summary, description in conn.execute(
        "SELECT name, summary, description FROM solutions WHERE status = 'published' ORDER BY id"
    ):
        doc = {"name": name, "summary": summary, "description": description}
        texts.append(embeddings.vector_text("solution", doc))
        if parts:
            texts.extend(embeddings.part_texts("solution", doc).values())
    for title, problem, outcomes in conn.execute(
        "SELECT title, problem, outcomes FROM needs WHERE status = 'published' ORDER BY id"
    ):
        texts.append(embeddings.vector_text("need", {"title": title, "problem": problem, "outcomes": outcomes}))
    conn.close()
    return texts


def load(path: Path) -> dict[str, np.ndarray]:
    if not path.exists():
        return {}
    data = np.load(path)
    return dict(zip(data["keys"].tolist(), data["vectors"]))


def save(path: Path, vectors: dict[str, np.ndarray]) -> None:
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, keys=np.array(list(vectors)), vectors=np.stack(list(vectors.values())))
    tmp.replace(path)


def build(db_path: str | Path) -> dict[str, np.ndarray]:
    path = cache_path(db_path)
    vectors = load(path)
    texts = [t for t in dict.fromkeys(listing_texts(db_path, parts=True)) if embeddings.usable(t)]
    todo = [t for t in texts if text_key(t) not in vectors]
    print(f"{len(texts)} texts, {len(texts) - len(todo)} already in {path.name}", flush=True)
    model = embeddings.load()
    started = time.perf_counter()
    for start in range(0, len(todo), CHECKPOINT):
        chunk = todo[start:start + CHECKPOINT]
        for text, vector in zip(chunk, model.embed(chunk)):
            vectors[text_key(text)] = vector
        save(path, vectors)
        done = start + len(chunk)
        rate = done / (time.perf_counter() - started)
        print(f"  {done}/{len(todo)} embedded, {rate:.1f} texts/s", flush=True)
    return vectors


class Preloaded:
    """Stands in for the embedder while a benchmark builds an index: the same model's
    vectors, read from the cache; a text missing from it is embedded by the model."""

    def __init__(self, vectors: dict[str, np.ndarray]):
        self.vectors = vectors
        self.model = embeddings.load()
        self.name = self.model.name

    def embed(self, texts):
        out = [self.vectors.get(text_key(t)) if embeddings.usable(t) else None for t in texts]
        missing = [i for i, (t, v) in enumerate(zip(texts, out)) if v is None and embeddings.usable(t)]
        if missing:
            for i, vector in zip(missing, self.model.embed([texts[i] for i in missing])):
                out[i] = vector
        return out

    def embed_one(self, text):
        return self.embed([text])[0]


class RandomVectors:
    """Unit vectors drawn from each text's hash, for latency at sizes the model cannot embed
    in a benchmark's time: the same shape and index work, but not the model's vectors (nor
    their clustering, which makes neighbour search easier), so the figures are labelled so."""

    name = "random unit vectors (not the model's)"

    def embed(self, texts):
        out = []
        for text in texts:
            if not embeddings.usable(text):
                out.append(None)
                continue
            rng = np.random.default_rng(int(text_key(text)[:16], 16))
            vector = rng.standard_normal(embeddings.DIMS).astype(np.float32)
            out.append(vector / np.linalg.norm(vector))
        return out

    def embed_one(self, text):
        return self.embed([text])[0]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", help="a cached benchmark SQLite database under bench/out/")
    args = parser.parse_args(argv)
    build(args.database)


if __name__ == "__main__":
    sys.exit(main())
