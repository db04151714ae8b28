"""Data the repository commits beside the code that makes or reads it: the committed JSON is
exactly what its generator writes today, and the vocabulary file is the one its notice names."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from bench.relevance import build_labelled
from marketplace.demo import build_demo
from search import embeddings

VOCAB_NOTICE = embeddings.VOCAB.with_name("minilm-vocab.NOTICE.txt")


def test_the_demo_bundle_is_what_its_generator_writes(tmp_path):
    # The generator's own writer, so formatting is part of what must match.
    written = tmp_path / "listings.json"
    build_demo.write_bundle(build_demo.build_bundle(), written)
    assert written.read_bytes() == build_demo.DEFAULT_OUT.read_bytes(), (
        "marketplace/demo/listings.json is stale: run python -m marketplace.demo.build_demo"
    )


def test_the_labelled_set_is_what_its_generator_writes():
    built = build_labelled.render(build_labelled.build())
    assert built == build_labelled.OUTPUT.read_text(encoding="utf-8"), (
        "bench/relevance/labelled.json is stale: run python bench/relevance/build_labelled.py"
    )


def _notice_field(name: str) -> str:
    match = re.search(rf"^{name}: (.+)$", VOCAB_NOTICE.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{VOCAB_NOTICE.name} has no '{name}:' line"
    return match.group(1).strip()


def test_the_vocabulary_file_has_the_checksum_its_notice_states():
    data = embeddings.VOCAB.read_bytes()
    assert hashlib.sha256(data).hexdigest() == _notice_field("SHA-256")
    assert len(data.decode("utf-8").splitlines()) == int(_notice_field("Lines"))


def test_the_vocabulary_file_carries_its_licence():
    notice = VOCAB_NOTICE.read_text(encoding="utf-8")
    assert _notice_field("Licence").startswith("Apache License, Version 2.0")
    assert "sentence-transformers/all-MiniLM-L6-v2" in _notice_field("Source")
    # Apache-2.0 asks that a copy of the licence goes with the file: its full terms are there.
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in notice
    assert notice.rstrip().endswith("END OF TERMS AND CONDITIONS")
    # Both files ship in the package (pyproject.toml package-data: search/data/*.txt).
    assert Path(embeddings.VOCAB).suffix == VOCAB_NOTICE.suffix == ".txt"
