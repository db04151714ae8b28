"""What the index holds for each listing: built from the database, the same for every backend."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marketplace import lifecycle, readiness
from marketplace import taxonomy as tx
from marketplace.engagement import DEPLOYMENT_CONFIRMED
from marketplace.models import NHS_KINDS, Need, Organisation, Solution

# --- what each kind's index holds, declared once ------------------------------------------
#
# Every field of every kind's document, with its type, its weight in free-text search, whether
# it holds a list, the filter and the facet it serves and whether the eligibility rule of a match
# reads it (search/eligibility.py). The Elasticsearch mapping and queries, the embedded backend's
# tables and queries, the API's search arguments (marketplace/schemas/search.py) and the search
# pages' filters (marketplace/web/home.py) are all derived from these declarations: a new filter
# is one line here.

TEXT, KEYWORD, INTEGER, LONG, BOOLEAN, DATE = "text", "keyword", "integer", "long", "boolean", "date"

# How a filter's values select records.
ANY = "any"            # the record holds at least one of the values
ALL = "all"            # the record holds every value
FLAG = "bool"          # a yes/no field equals the value
AT_LEAST = "at_least"  # the field's evidence rank is at least that of the level given
AT_MOST = "at_most"    # the field's evidence rank is at most that of the level given
RANK_MODES = (AT_LEAST, AT_MOST)


@dataclass(frozen=True)
class Filter:
    """A search argument of the API and of the search pages, and how it selects records."""

    name: str
    mode: str
    description: str  # in the API document
    legend: str | None = None  # on the search page; None: the page does not offer it


@dataclass(frozen=True)
class IndexField:
    name: str
    type: str
    weight: float = 0.0  # text fields: relative weight in free-text search
    many: bool = False  # holds a list of values
    vocabulary: str | None = None  # taxonomy vocabulary of its codes
    filter: Filter | None = None
    facet: str | None = None  # the name of the facet that counts its values
    eligibility: bool = False  # read by the eligibility rule of a match


@dataclass(frozen=True)
class IndexedKind:
    name: str
    fields: tuple[IndexField, ...]

    def field(self, name: str) -> IndexField:
        return next(f for f in self.fields if f.name == name)

    @property
    def text_fields(self) -> dict[str, float]:
        return {f.name: f.weight for f in self.fields if f.type == TEXT and f.weight}

    @property
    def filters(self) -> dict[str, tuple[IndexField, Filter]]:
        return {f.filter.name: (f, f.filter) for f in self.fields if f.filter}

    @property
    def code_filters(self) -> dict[str, tuple[str, str]]:
        """Filters by codes or yes/no: name -> (field, mode); the rank filter is apart (rank_filter)."""
        return {name: (f.name, flt.mode) for name, (f, flt) in self.filters.items() if flt.mode not in RANK_MODES}

    @property
    def rank_filter(self) -> tuple[IndexField, Filter] | None:
        return next(((f, flt) for f, flt in self.filters.values() if flt.mode in RANK_MODES), None)

    @property
    def facets(self) -> dict[str, str]:
        return {f.facet: f.name for f in self.fields if f.facet}

    @property
    def code_fields(self) -> list[str]:
        """Fields of codes or yes/no values that a filter, a facet or eligibility reads."""
        return sorted(f.name for f in self.fields if f.type in (KEYWORD, BOOLEAN)
                      and (f.filter or f.facet or f.eligibility))

    @property
    def number_fields(self) -> list[str]:
        """Numbers that a filter or eligibility compares."""
        return [f.name for f in self.fields if f.type in (INTEGER, LONG) and (f.filter or f.eligibility)]


def _areas(description: str, legend: str, field: str = "clinical_areas") -> IndexField:
    return IndexField(field, KEYWORD, many=True, vocabulary=tx.CLINICAL_AREAS, facet="clinical_areas",
                      filter=Filter("clinical_areas", ANY, description, legend))


def _settings(description: str, legend: str = "Care setting") -> IndexField:
    return IndexField("care_settings", KEYWORD, many=True, vocabulary=tx.CARE_SETTINGS, facet="care_settings",
                      filter=Filter("care_settings", ANY, description, legend))


# Every document has these.
_COMMON = (
    IndexField("id", INTEGER), IndexField("ref", KEYWORD), IndexField("status", KEYWORD),
    IndexField("version", INTEGER), IndexField("published_at", DATE), IndexField("updated_at", DATE),
)
_LISTING_STATUS = IndexField("status", KEYWORD, eligibility=True)
_OWNER = (
    IndexField("organisation_id", INTEGER), IndexField("organisation_ref", KEYWORD),
    IndexField("organisation_name", TEXT, weight=0.5),
)


def _listing(name: str, text: dict[str, float], *own: IndexField) -> IndexedKind:
    """A listing kind: the common fields (its status part of eligibility), its searched ``text``
    (field -> weight), the clinical areas and care settings every listing has, then its ``own``."""
    return IndexedKind(name, (
        *(_LISTING_STATUS if f.name == "status" else f for f in _COMMON),
        *(IndexField(field, TEXT, weight=weight) for field, weight in text.items()),
        _areas("Any of these clinical areas", "Clinical area"),
        _settings("Any of these care settings"),
        *own,
    ))


def _evidence(field: str, rank_filter: Filter) -> tuple[IndexField, IndexField]:
    """An evidence level (its code, a facet) and its rank in the taxonomy's order, which eligibility
    and ``rank_filter`` compare."""
    return (IndexField(field, KEYWORD, vocabulary=tx.EVIDENCE_LEVELS, facet=field),
            IndexField(field.replace("level", "rank"), INTEGER, eligibility=True, vocabulary=tx.EVIDENCE_LEVELS,
                       filter=rank_filter))


SOLUTION = _listing(
    "solution", {"name": 3.0, "summary": 2.0, "description": 1.0},
    *_evidence("evidence_level",
               Filter("min_evidence_level", AT_LEAST, "At least this evidence", "Evidence at least")),
    IndexField("regulatory", KEYWORD, many=True, vocabulary=tx.REGULATORY_STATUSES, facet="regulatory",
               eligibility=True,
               filter=Filter("regulatory", ALL, "Holds every one of these", "Regulatory status (has all)")),
    # Declared codes whose every claim has expired (marketplace.readiness): a match says so.
    IndexField("regulatory_expired", KEYWORD, many=True, vocabulary=tx.REGULATORY_STATUSES),
    IndexField("device_class", KEYWORD, vocabulary=tx.DEVICE_CLASSES, facet="device_class"),
    IndexField("seeking_codesign", BOOLEAN,
               filter=Filter("seeking_codesign", FLAG, "Seeking co-design partners",
                             "Only solutions seeking co-design partners")),
    *_OWNER[:2], _OWNER[2], IndexField("organisation_verified", BOOLEAN),
    IndexField("deployment_count", INTEGER),
    IndexField("deployment_regions", KEYWORD, many=True, vocabulary=tx.REGIONS, facet="region",
               filter=Filter("region", ANY, "In use in any of these regions", "In use in region")),
    IndexField("deployment_organisation_kinds", KEYWORD, many=True, vocabulary=tx.ORGANISATION_KINDS),
)

NEED = _listing(
    "need", {"title": 3.0, "problem": 1.5, "outcomes": 1.0},
    *_evidence("min_evidence_level",
               Filter("min_evidence_level", AT_MOST, "Needs that a solution with this evidence meets",
                      "That a solution with this evidence meets")),
    IndexField("required_regulatory", KEYWORD, many=True, vocabulary=tx.REGULATORY_STATUSES, eligibility=True,
               filter=Filter("regulatory", ANY, "Requires any of these")),
    IndexField("open_to_codesign", BOOLEAN,
               filter=Filter("open_to_codesign", FLAG, "Open to co-design", "Only needs open to co-design")),
    IndexField("budget_gbp", LONG), IndexField("closes_on", DATE),
    *_OWNER,
    IndexField("region", KEYWORD, vocabulary=tx.REGIONS, facet="region",
               filter=Filter("region", ANY, "Posted from any of these regions", "Region")),
    IndexField("organisation_kind", KEYWORD, vocabulary=tx.ORGANISATION_KINDS, facet="kind",
               filter=Filter("kind", ANY, "Posted by these kinds of organisation", "Posted by")),
    IndexField("organisation_verified", BOOLEAN),
)

ORGANISATION = IndexedKind("organisation", (
    *_COMMON,
    IndexField("name", TEXT, weight=3.0), IndexField("description", TEXT, weight=1.0),
    # What it is and does in words (kind, region, settings, co-design offer, solutions it uses).
    IndexField("about", TEXT, weight=1.0),
    _areas("Offers co-design in any of these areas", "Co-design in clinical area", field="codesign_areas"),
    _settings("Works in any of these care settings"),
    IndexField("region", KEYWORD, vocabulary=tx.REGIONS, facet="region",
               filter=Filter("region", ANY, "In any of these regions", "Region")),
    IndexField("kind", KEYWORD, vocabulary=tx.ORGANISATION_KINDS, facet="kind",
               filter=Filter("kind", ANY, "Of these kinds", "Kind of organisation")),
    IndexField("ods_code", KEYWORD),
    # The co-design partners page always asks for these, so it offers no choice.
    IndexField("open_to_codesign", BOOLEAN, filter=Filter("open_to_codesign", FLAG, "Open to co-design")),
    IndexField("verified", BOOLEAN), IndexField("is_nhs", BOOLEAN),
))

# The kinds of document the index holds, each behind its own index (or tables).
INDEXED_KINDS: dict[str, IndexedKind] = {k.name: k for k in (SOLUTION, NEED, ORGANISATION)}

# Derived views, by kind name, for the code that reads one aspect.
TEXT_FIELDS: dict[str, dict[str, float]] = {k: spec.text_fields for k, spec in INDEXED_KINDS.items()}
FILTERS: dict[str, dict[str, tuple[str, str]]] = {k: spec.code_filters for k, spec in INDEXED_KINDS.items()}
FACETS: dict[str, dict[str, str]] = {k: spec.facets for k, spec in INDEXED_KINDS.items()}
LIST_FIELDS = frozenset(f.name for spec in INDEXED_KINDS.values() for f in spec.fields if f.many)

# The care setting an NHS organisation of each kind works in, for co-design discovery.
KIND_CARE_SETTINGS = {"primary-care": ["primary-care"], "nhs-trust": [], "icb": []}


def _date(value):
    return value.isoformat() if value else None


def solution_document(s: Solution) -> dict:
    # Only deployments the NHS organisation confirmed count as adoption; only unexpired claims count.
    confirmed = [d for d in s.deployments if d.confirmation == DEPLOYMENT_CONFIRMED]
    held, expired = readiness.effective_regulatory(s.regulatory, [readiness.facts(c) for c in s.claims], date.today())
    regions = sorted({d.organisation.region for d in confirmed if d.organisation.region})
    return {
        "id": s.id, "ref": s.ref, "status": s.status, "version": s.version,
        "name": s.name, "summary": s.summary, "description": s.description or "",
        "clinical_areas": list(s.clinical_areas), "care_settings": list(s.care_settings),
        "evidence_level": s.evidence_level, "evidence_rank": tx.evidence_rank(s.evidence_level),
        "regulatory": held, "regulatory_expired": expired, "device_class": s.device_class,
        "seeking_codesign": bool(s.seeking_codesign),
        "organisation_id": s.organisation_id, "organisation_ref": s.organisation.ref,
        "organisation_name": s.organisation.name, "organisation_verified": bool(s.organisation.verified),
        "deployment_count": len(confirmed), "deployment_regions": regions,
        "deployment_organisation_kinds": sorted({d.organisation.kind for d in confirmed}),
        "published_at": _date(s.published_at), "updated_at": _date(s.updated_at),
    }


def need_document(n: Need) -> dict:
    return {
        "id": n.id, "ref": n.ref, "status": n.status, "version": n.version,
        "title": n.title, "problem": n.problem or "", "outcomes": n.outcomes or "",
        "clinical_areas": list(n.clinical_areas), "care_settings": list(n.care_settings),
        "min_evidence_level": n.min_evidence_level, "min_evidence_rank": tx.evidence_rank(n.min_evidence_level),
        "required_regulatory": list(n.required_regulatory), "open_to_codesign": bool(n.open_to_codesign),
        "budget_gbp": n.budget_gbp, "closes_on": _date(n.closes_on),
        "organisation_id": n.organisation_id, "organisation_ref": n.organisation.ref,
        "organisation_name": n.organisation.name, "organisation_kind": n.organisation.kind,
        "organisation_verified": bool(n.organisation.verified), "region": n.organisation.region,
        "published_at": _date(n.published_at), "updated_at": _date(n.updated_at),
    }


def organisation_about(o: Organisation, settings: list[str], solutions_used: list[str]) -> str:
    """What an organisation is and offers, in words, so that free text finds it by them ("trusts
    open to co-design in maternity in the Midlands"): its kind, region, care settings, co-design
    offer and the solutions it uses."""
    parts = [tx.label(tx.ORGANISATION_KINDS, o.kind)]
    if o.region:
        parts.append(f"Region: {tx.label(tx.REGIONS, o.region)}")
    if settings:
        parts.append("Care settings: " + ", ".join(tx.label(tx.CARE_SETTINGS, c) for c in settings))
    if o.open_to_codesign:
        areas = ", ".join(tx.label(tx.CLINICAL_AREAS, c) for c in o.codesign_areas)
        parts.append("Open to co-design" + (f" in {areas}" if areas else ""))
    if solutions_used:
        parts.append("Uses " + ", ".join(solutions_used))
    return ". ".join(parts) + "."


def organisation_document(o: Organisation, need_settings: list[str] | None = None,
                          solutions_used: list[str] | None = None) -> dict:
    """``solutions_used``: names of the published solutions deployed at the organisation."""
    settings = sorted(set(KIND_CARE_SETTINGS.get(o.kind, [])) | set(need_settings or []))
    return {
        # Organisations are always public: their documents say so, like a published listing's.
        "id": o.id, "ref": o.ref, "status": lifecycle.PUBLISHED, "version": o.version,
        "name": o.name, "description": o.description or "",
        "about": organisation_about(o, settings, solutions_used or []), "kind": o.kind, "ods_code": o.ods_code,
        "region": o.region, "open_to_codesign": bool(o.open_to_codesign),
        "codesign_areas": list(o.codesign_areas), "care_settings": settings,
        "verified": bool(o.verified), "is_nhs": o.kind in NHS_KINDS,
        "published_at": _date(o.created_at), "updated_at": _date(o.updated_at),
    }


def is_searchable(kind: str, record) -> bool:
    """Only published listings are in the index; organisations always are."""
    return record is not None and (kind == "organisation" or lifecycle.is_public(record.status))
