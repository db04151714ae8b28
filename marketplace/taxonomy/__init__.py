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
        return frozenset(e["code"] for e in self.entries)

    def label(self, code: str) -> str:
        for entry in self.entries:
            if entry["code"] == code:
                return entry["label"]
        return code

    def rank(self, code: str) -> int:
        for entry in self.entries:
            if entry["code"] == code:
                return entry["rank"]
        raise KeyError(code)


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


def codes(name: str) -> frozenset[str]:
    return vocabulary(name).codes


def label(name: str, code: str) -> str:
    return vocabulary(name).label(code)


def evidence_rank(code: str) -> int:
    return vocabulary(EVIDENCE_LEVELS).rank(code)
