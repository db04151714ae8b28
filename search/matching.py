"""What a good match is: eligibility, ranking signals, reasons and gaps.

Defined once here; each backend only retrieves candidates (filtering by the
same eligibility and scoring text relevance), and this module scores and
explains every candidate the same way whichever backend found it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from marketplace import lifecycle
from marketplace import taxonomy as tx

from . import eligibility

# The weights of the ranking signals (each signal is between 0 and 1), with why.
WEIGHTS: dict[str, float] = {
    # Meaning: how close the two texts are as sentences (cosine of their embeddings;
    # for a solution, the best of the need's text against the solution's whole text,
    # its name and summary, and its description, search.embeddings.TEXT_PARTS).
    # Trust staff and innovators describe one problem in different words, so this
    # is the strongest single sign that a solution addresses this problem.
    "meaning": 0.28,
    # The same words (BM25 of either backend): precise when the words are shared
    # (product names, conditions, acronyms), which meaning alone blurs.
    "text": 0.20,
    # The same clinical area (a neighbouring one counts NEIGHBOUR_SHARE): the
    # trust's own classification of the problem.
    "clinical_area": 0.18,
    # Adoption elsewhere: the NHS needs certainty, and proven spread is the best
    # sign that a solution will work here (more for the same region and for
    # organisations like the one asking).
    "adoption": 0.13,
    # Evidence beyond the minimum: eligible already, but stronger evidence
    # lowers the risk a buyer takes.
    "evidence": 0.09,
    # Care setting fit: a solution built for the setting needs less adaptation.
    "care_setting": 0.07,
    # Both sides want to co-design: innovations fail without it.
    "codesign": 0.05,
}
assert abs(sum(WEIGHTS.values()) - 1.0) < 1e-9
# The two ways of reading how well the texts answer each other. A ranking without one of
# them (semantic matching off, or a text the model cannot read) gives its weight to the
# other, so the texts weigh the same in every ranking (see weights()).
TEXT_SIGNALS = ("meaning", "text")

# A neighbouring clinical area counts for this share of the same area: a problem filed
# under one is often solved by products filed under the other.
NEIGHBOUR_SHARE = 0.5
# Clinical areas whose problems and products overlap along common care pathways, each
# area -> its neighbours: the taxonomy's data (taxonomy.json, clinical_area_neighbours).
_NEIGHBOURS = tx.clinical_area_neighbours()

# Cosine similarity of two MiniLM sentence vectors, read as the meaning signal. Measured on
# the labelled set (bench/relevance): unrelated need-solution pairs have a median cosine of
# 0.19 (95th percentile 0.36), pairs where the solution solves the need a median of 0.52.
# The signal starts at MEANING_FLOOR and, like the text signal, is a share of the best
# candidate's; but the best counts as at least STRONG_SIMILARITY, so that among candidates
# that are all unrelated the nearest does not read as a strong match.
MEANING_FLOOR = 0.25
# The similarity at which a match reads as "the same problem in other words" (about the
# 40th percentile of pairs graded "solves this exact problem", the 99th of unrelated ones).
STRONG_SIMILARITY = 0.45
# A listing becomes a candidate by meaning alone only this similar (about the 85th
# percentile of unrelated pairs): below it, nearness says nothing and would fill the
# matches of a need with every eligible solution.
MEANING_CANDIDATE = 0.30

# Deployments at which adoption counts as fully proven (log scale below it).
ADOPTION_SATURATION = 5
# How the adoption signal splits: how many sites, the same region, similar organisations.
ADOPTION_PARTS = {"count": 0.5, "region": 0.3, "similar": 0.2}
# Text relevance at or above this share of the best candidate's reads as a strong match.
STRONG_TEXT = 0.6


@dataclass(frozen=True)
class NeedProfile:
    """The parts of a need that matching reads (from the database or the index)."""

    id: int
    clinical_areas: tuple[str, ...]
    care_settings: tuple[str, ...]
    min_evidence_level: str
    required_regulatory: tuple[str, ...]
    open_to_codesign: bool
    region: str | None
    organisation_kind: str | None
    status: str = lifecycle.PUBLISHED

    @property
    def min_evidence_rank(self) -> int:
        return tx.evidence_rank(self.min_evidence_level)

    def eligibility_values(self) -> dict:
        """What the eligibility rule reads of the need (search.eligibility)."""
        return {"status": self.status, "min_evidence_rank": self.min_evidence_rank,
                "required_regulatory": self.required_regulatory}


@dataclass
class Assessment:
    eligible: bool
    score: float
    signals: dict[str, float]
    reasons: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    similarity: float | None = None  # cosine of the two texts' vectors, when both have one


def need_profile(doc: dict) -> NeedProfile:
    return NeedProfile(
        id=doc["id"],
        clinical_areas=tuple(doc.get("clinical_areas") or ()),
        care_settings=tuple(doc.get("care_settings") or ()),
        min_evidence_level=doc.get("min_evidence_level") or "concept",
        required_regulatory=tuple(doc.get("required_regulatory") or ()),
        open_to_codesign=bool(doc.get("open_to_codesign")),
        region=doc.get("region"),
        organisation_kind=doc.get("organisation_kind"),
        status=doc.get("status") or lifecycle.PUBLISHED,
    )


# --- eligibility (hard) --------------------------------------------------------

def eligibility_gaps(need: NeedProfile, solution: dict) -> list[str]:
    """Why the solution is not eligible for the need, one gap per rule broken (search.eligibility,
    the rule every backend compiles); empty when it is."""
    gaps = []
    expired = set(solution.get("regulatory_expired") or ())
    for rule, lacking in eligibility.failures(need.eligibility_values(), solution):
        if rule.relation == eligibility.PUBLIC:
            gaps.append("Not published")
        elif rule.relation == eligibility.AT_LEAST:
            gaps.append(
                f"Evidence: {_evidence(solution['evidence_level'])}; {_evidence(need.min_evidence_level)} required"
            )
        else:
            # A code whose claims have all expired (marketplace.readiness) says so.
            gaps.extend(f"{_regulatory_short(code)} expired" if code in expired else f"Lacks {_regulatory_short(code)}"
                        for code in lacking)
    return gaps


def is_eligible(need: NeedProfile, solution: dict) -> bool:
    return not eligibility_gaps(need, solution)


# --- ranking (soft) ------------------------------------------------------------

def weights(without: tuple[str, ...] = ()) -> dict[str, float]:
    """WEIGHTS, less the text signal in ``without``, whose weight goes to the other one."""
    kept = {name: w for name, w in WEIGHTS.items() if name not in without}
    for name in without:
        others = [t for t in TEXT_SIGNALS if t in kept]
        if name in TEXT_SIGNALS and others:
            kept[others[0]] += WEIGHTS[name]
    total = sum(kept.values())
    return {name: w / total for name, w in kept.items()}


def normalise_similarities(similarities: list[float | None]) -> list[float]:
    """Cosine similarities as meaning signals on 0..1: above MEANING_FLOOR, as a share of the
    best (counted at least STRONG_SIMILARITY); 0 for a candidate without a vector."""
    best = max((s for s in similarities if s is not None), default=STRONG_SIMILARITY)
    span = max(best, STRONG_SIMILARITY) - MEANING_FLOOR
    return [0.0 if s is None else max(0.0, min(1.0, (s - MEANING_FLOOR) / span)) for s in similarities]


def area_fit(need_areas, solution_areas) -> float:
    """Each of the need's areas counts 1 when the solution shares it, NEIGHBOUR_SHARE when the
    solution is filed under a neighbouring one."""
    need_areas, solution_areas = set(need_areas), set(solution_areas)
    if not need_areas:
        return 0.0
    fit = 0.0
    for area in need_areas:
        if area in solution_areas:
            fit += 1.0
        elif _NEIGHBOURS.get(area, set()) & solution_areas:
            fit += NEIGHBOUR_SHARE
    return fit / len(need_areas)


def signals(need: NeedProfile, solution: dict, text: float, meaning: float = 0.0) -> dict[str, float]:
    need_settings, sol_settings = set(need.care_settings), set(solution.get("care_settings") or ())
    need_settings, sol_settings = set(need.care_settings), set(solution.get("care_settings") or ())
    deployments = int(solution.get("deployment_count") or 0)
    regions = set(solution.get("deployment_regions") or ())
    kinds = set(solution.get("deployment_organisation_kinds") or ())
    rank, minimum = tx.evidence_rank(solution["evidence_level"]), need.min_evidence_rank
    top = tx.top_evidence_rank()
    adoption = 0.0
    if deployments:
        adoption = (
            ADOPTION_PARTS["count"] * min(1.0, math.log1p(deployments) / math.log1p(ADOPTION_SATURATION))
            + ADOPTION_PARTS["region"] * (1.0 if need.region and need.region in regions else 0.0)
            + ADOPTION_PARTS["similar"] * (1.0 if need.organisation_kind in kinds else 0.0)
        )
    return {
        "meaning": max(0.0, min(1.0, meaning)),
        "text": max(0.0, min(1.0, text)),
        "clinical_area": area_fit(need.clinical_areas, solution.get("clinical_areas") or ()),
        "care_setting": len(need_settings & sol_settings) / len(need_settings) if need_settings else 0.0,
        "adoption": adoption,
        "evidence": max(0.0, (rank - minimum) / (top - minimum)) if top > minimum else 1.0,
        "codesign": 1.0 if need.open_to_codesign and solution.get("seeking_codesign") else 0.0,
    }


def score(values: dict[str, float], without: tuple[str, ...] = ()) -> float:
    used = weights(without) if without else WEIGHTS
    return round(sum(used[name] * value for name, value in values.items() if name in used), 4)


def assess(need: NeedProfile, solution: dict, text: float, explain: bool = True,
           meaning: float = 0.0, without: tuple[str, ...] = ("meaning",),
           similarity: float | None = None) -> Assessment:
    """Score one solution for one need (``text`` and ``meaning``: relevance on 0..1; ``without``:
    the text signals this ranking lacks; ``similarity``: the raw cosine, for the reasons), and
    with ``explain`` say why; ranking many candidates explains only those shown (see
    explain_assessment())."""
    gaps = eligibility_gaps(need, solution)
    values = signals(need, solution, text, meaning)
    assessment = Assessment(eligible=not gaps, score=score(values, without), signals=values, gaps=gaps,
                            similarity=similarity)
    return explain_assessment(need, solution, assessment) if explain else assessment


def explain_assessment(need: NeedProfile, solution: dict, assessment: Assessment) -> Assessment:
    assessment.reasons = reasons(need, solution, assessment.signals, assessment.similarity)
    return assessment


def normalise_text_scores(raw: list[float]) -> list[float]:
    """Raw text relevance (BM25 of either backend) as a share of the best candidate's."""
    best = max(raw, default=0.0)
    return [r / best if best > 0 else 0.0 for r in raw]


# --- reasons a person can read -----------------------------------------------

def reasons(need: NeedProfile, solution: dict, values: dict[str, float],
            similarity: float | None = None) -> list[str]:
    out: list[str] = []
    shared = [a for a in need.clinical_areas if a in set(solution.get("clinical_areas") or ())]
    if shared:
        labels = ", ".join(tx.label(tx.CLINICAL_AREAS, a) for a in shared)
        out.append(f"Clinical area{'s' if len(shared) > 1 else ''}: {labels}")
    if not shared:
        need_areas = set(need.clinical_areas)
        near = [a for a in solution.get("clinical_areas") or () if _NEIGHBOURS.get(a, set()) & need_areas]
        if near:
            out.append("Neighbouring clinical area: " + ", ".join(tx.label(tx.CLINICAL_AREAS, a) for a in near))
    if values["text"] >= STRONG_TEXT:
        out.append("Describes the problem in closely matching words")
    elif similarity is not None and similarity >= STRONG_SIMILARITY:
        out.append("Describes the same problem in other words")
    elif values["text"] > 0:
        out.append("Shares some words with the problem")
    level = solution["evidence_level"]
    if tx.evidence_rank(level) >= need.min_evidence_rank:
        if need.min_evidence_rank > 0:
            out.append(f"Evidence: {_evidence(level)} (meets {_evidence(need.min_evidence_level)} required)")
        else:
            out.append(f"Evidence: {_evidence(level)}")
    held = [c for c in need.required_regulatory if c in set(solution.get("regulatory") or ())]
    if held and len(held) == len(need.required_regulatory):
        out.append("Holds every required certification: " + ", ".join(_regulatory_short(c) for c in held))
    deployments = int(solution.get("deployment_count") or 0)
    if deployments:
        where = f"In use at {deployments} NHS organisation{'s' if deployments != 1 else ''}"
        if need.region and need.region in set(solution.get("deployment_regions") or ()):
            where += f", including in {tx.label(tx.REGIONS, need.region)}"
        out.append(where)
    settings = [s for s in need.care_settings if s in set(solution.get("care_settings") or ())]
    if settings:
        out.append("Care setting: " + ", ".join(tx.label(tx.CARE_SETTINGS, s) for s in settings))
    if values["codesign"]:
        out.append("Both sides want to co-design")
    return out


def _evidence(code: str) -> str:
    return tx.label(tx.EVIDENCE_LEVELS, code).lower()


def _regulatory_short(code: str) -> str:
    return tx.short_label(tx.REGULATORY_STATUSES, code)
