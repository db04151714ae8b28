"""The controlled vocabularies (taxonomy.json), loaded once.

Every code in any input is checked against these sets; ordered vocabularies
(evidence levels, device classes) also give a numeric rank for comparisons.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TAXONOMY_FILE = Path(__file__).with_name("taxonomy.json")

# Vocabulary names as they appear in taxonomy.json.
CLINICAL_AREAS = "clinical_areas"
CARE_SETTINGS = "care_settings"
EVIDENCE_LEVELS = "evidence_levels"
REGULATORY_STATUSES = "regulatory_statuses"
DEVICE_CLASSES = "device_classes"
ORGANISATION_KINDS = "organisation_kinds"
REGIONS = "regions"


@dataclass(frozen=True)
class Vocabulary:
    name: str
    entries: tuple[dict, ...]

    @property
    def codes(self) -> frozenset[str]:
        return _codes(self.name)

    def label(self, code: str) -> str:
        entry = _by_code(self.name).get(code)
        return entry["label"] if entry else code

    def rank(self, code: str) -> int:
        return _by_code(self.name)[code]["rank"]


@cache
def raw() -> dict:
    return json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))


@cache
def vocabulary(name: str) -> Vocabulary:
    data = raw()[name]
    if isinstance(data, dict):  # ordered vocabularies wrap their list
        entries = data.get("levels") or data.get("classes")
    else:
        entries = data
    return Vocabulary(name, tuple(entries))


@cache
def _by_code(name: str) -> dict[str, dict]:
    return {entry["code"]: entry for entry in vocabulary(name).entries}


@cache
def _codes(name: str) -> frozenset[str]:
    return frozenset(_by_code(name))


def codes(name: str) -> frozenset[str]:
    return vocabulary(name).codes


def label(name: str, code: str) -> str:
    return vocabulary(name).label(code)


def evidence_rank(code: str) -> int:
    return vocabulary(EVIDENCE_LEVELS).rank(code)


@cache
def top_evidence_rank() -> int:
    return max(entry["rank"] for entry in vocabulary(EVIDENCE_LEVELS).entries)
