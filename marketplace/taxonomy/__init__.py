"""The controlled vocabularies (taxonomy.json), loaded once, and what the marketplace
knows about their codes (neighbouring clinical areas, short labels), from the same file.

Every code in any input is checked against these sets; ordered vocabularies
(evidence levels, device classes) also give a numeric rank for comparisons.
The vocabularies are the shared contract (docs/contracts/taxonomy.json) as it is; the
file adds sections of its own beside them, never changes theirs.
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
# How a solution is priced (optional): our extension of the contract's taxonomy, for comparisons.
PRICE_MODELS = "price_models"
VOCABULARIES = (CLINICAL_AREAS, CARE_SETTINGS, EVIDENCE_LEVELS, REGULATORY_STATUSES, DEVICE_CLASSES,
                ORGANISATION_KINDS, REGIONS, PRICE_MODELS)
# The file's own sections beside the vocabularies.
NEIGHBOURS = "clinical_area_neighbours"
SHORT_LABELS = "short_labels"


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


def short_label(name: str, code: str) -> str:
    """The label to use inside a sentence ("Lacks DTAC"): the short one if the file has one."""
    return raw()[SHORT_LABELS].get(name, {}).get(code) or label(name, code)


@cache
def clinical_area_neighbours() -> dict[str, frozenset[str]]:
    """Each clinical area -> the areas next to it. The file lists each pair once; both ways count."""
    near: dict[str, set[str]] = {}
    for a, b in raw()[NEIGHBOURS]["pairs"]:
        near.setdefault(a, set()).add(b)
        near.setdefault(b, set()).add(a)
    return {area: frozenset(areas) for area, areas in near.items()}
