"""NHS language: words people use for the same thing, for both backends.

Each line is a set of equivalent terms (Solr synonym format, which
Elasticsearch's synonym_graph filter reads directly).
"""
from __future__ import annotations

import re
from functools import cache

SYNONYMS = [
    "a&e, a and e, ed, emergency department, accident and emergency, casualty",
    "copd, chronic obstructive pulmonary disease",
    "camhs, child and adolescent mental health services, children's mental health",
    "2ww, two week wait, two-week wait, urgent suspected cancer referral",
    "dna, did not attend, missed appointment, no-show",
    "gp, general practitioner, general practice, family doctor",
    "msk, musculoskeletal",
    "af, atrial fibrillation",
    "ckd, chronic kidney disease",
    "ltc, long term condition, long-term condition, chronic condition",
    "virtual ward, hospital at home",
    "icb, integrated care board",
    "pcn, primary care network",
    "uti, urinary tract infection",
    "mi, myocardial infarction, heart attack",
    "tia, transient ischaemic attack, mini stroke",
    "hf, heart failure",
    "bp, blood pressure",
    "ctg, cardiotocography",
    "sepsis, septicaemia",
    "pressure ulcer, bedsore, pressure sore",
    "falls, fall",
    "dtac, digital technology assessment criteria",
    "ehr, electronic health record, electronic patient record, epr",
    "rpm, remote patient monitoring, remote monitoring",
    "ai, artificial intelligence, machine learning",
    "mdt, multidisciplinary team",
    "ward round, ward rounds",
    "rehab, rehabilitation",
    "physio, physiotherapy",
    "pifu, patient initiated follow-up",
]


# One way only, and only for free-text search (search.text_query): what a person searching a
# term is looking for, though the records that offer it do not use the term ("DNA" finds
# appointment reminders; appointment reminders are not DNAs).
RELATED = {
    "dna": ("appointment reminder",),
    "did not attend": ("appointment reminder",),
    "missed appointment": ("appointment reminder",),
    "no show": ("appointment reminder",),
    # "scans" in NHS speech are diagnostic imaging (CT, MRI, ultrasound, X-ray).
    "scan": ("imaging",),
    "scans": ("imaging",),
}


def related_to(term: str) -> tuple[str, ...]:
    """What a search for ``term`` (normalised) also looks for, beyond its synonyms."""
    return RELATED.get(term, ())


def synonym_groups() -> list[list[str]]:
    return [[term.strip() for term in line.split(",") if term.strip()] for line in SYNONYMS]


@cache
def _normalised_groups() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(t for t in (normalise(term) for term in group) if t) for group in synonym_groups())


@cache
def _by_word() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for terms in _normalised_groups():
        for term in terms:
            out.setdefault(term, []).extend(t for t in terms if t != term and t not in out[term])
    return {word: tuple(others) for word, others in out.items()}


def synonyms_of(word: str) -> tuple[str, ...]:
    """Every other term in the groups that hold ``word`` (normalised: lower case, single spaces)."""
    return _by_word().get(word, ())


_WORD = re.compile(r"[\w&']+", re.UNICODE)


def normalise(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def expansions(text: str) -> list[str]:
    """Terms to add to a query: every synonym of a term or phrase found in ``text``."""
    padded = f" {normalise(text)} "
    extra: list[str] = []
    for terms in _normalised_groups():
        if any(f" {term} " in padded for term in terms):
            extra.extend(term for term in terms if f" {term} " not in padded)
    return extra
