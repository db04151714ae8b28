"""What the index holds for each listing: built from the database, the same for every backend."""
from __future__ import annotations

from marketplace import taxonomy as tx
from marketplace.models import NHS_KINDS, Need, Organisation, Solution

# A listing's text fields, per kind, with their relative weight in free-text search.
TEXT_FIELDS: dict[str, dict[str, float]] = {
    "solution": {"name": 3.0, "summary": 2.0, "description": 1.0, "organisation_name": 0.5},
    "need": {"title": 3.0, "problem": 1.5, "outcomes": 1.0, "organisation_name": 0.5},
    "organisation": {"name": 3.0, "description": 1.0, "about": 1.0},
}

# Filters each kind accepts, and what each filter reads: (document field, how values combine).
# "any": the record has at least one of the values; "all": it has every value.
FILTERS: dict[str, dict[str, tuple[str, str]]] = {
    "solution": {
        "clinical_areas": ("clinical_areas", "any"),
        "care_settings": ("care_settings", "any"),
        "regulatory": ("regulatory", "all"),
        "region": ("deployment_regions", "any"),
        "seeking_codesign": ("seeking_codesign", "bool"),
    },
    "need": {
        "clinical_areas": ("clinical_areas", "any"),
        "care_settings": ("care_settings", "any"),
        "regulatory": ("required_regulatory", "any"),
        "region": ("region", "any"),
        "kind": ("organisation_kind", "any"),
        "open_to_codesign": ("open_to_codesign", "bool"),
    },
    "organisation": {
        "clinical_areas": ("codesign_areas", "any"),
        "care_settings": ("care_settings", "any"),
        "region": ("region", "any"),
        "kind": ("kind", "any"),
        "open_to_codesign": ("open_to_codesign", "bool"),
    },
}

# Facets each kind reports: facet name -> document field.
FACETS: dict[str, dict[str, str]] = {
    "solution": {
        "clinical_areas": "clinical_areas", "care_settings": "care_settings", "regulatory": "regulatory",
        "evidence_level": "evidence_level", "region": "deployment_regions", "device_class": "device_class",
    },
    "need": {
        "clinical_areas": "clinical_areas", "care_settings": "care_settings", "region": "region",
        "kind": "organisation_kind", "min_evidence_level": "min_evidence_level",
    },
    "organisation": {
        "clinical_areas": "codesign_areas", "care_settings": "care_settings", "region": "region", "kind": "kind",
    },
}

# Fields holding lists of codes (the rest of the keyword fields hold one code).
LIST_FIELDS = {
    "clinical_areas", "care_settings", "regulatory", "required_regulatory", "deployment_regions",
    "deployment_organisation_kinds", "codesign_areas",
}

# The care setting an NHS organisation of each kind works in, for co-design discovery.
KIND_CARE_SETTINGS = {"primary-care": ["primary-care"], "nhs-trust": [], "icb": []}


def _date(value):
    return value.isoformat() if value else None


def solution_document(s: Solution) -> dict:
    regions = sorted({d.organisation.region for d in s.deployments if d.organisation.region})
    return {
        "id": s.id, "ref": s.ref, "status": s.status, "version": s.version,
        "name": s.name, "summary": s.summary, "description": s.description or "",
        "clinical_areas": list(s.clinical_areas), "care_settings": list(s.care_settings),
        "evidence_level": s.evidence_level, "evidence_rank": tx.evidence_rank(s.evidence_level),
        "regulatory": list(s.regulatory), "device_class": s.device_class,
        "seeking_codesign": bool(s.seeking_codesign),
        "organisation_id": s.organisation_id, "organisation_ref": s.organisation.ref,
        "organisation_name": s.organisation.name, "organisation_verified": bool(s.organisation.verified),
        "deployment_count": len(s.deployments), "deployment_regions": regions,
        "deployment_organisation_kinds": sorted({d.organisation.kind for d in s.deployments}),
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
        "id": o.id, "ref": o.ref, "status": "published", "version": o.version,
        "name": o.name, "description": o.description or "",
        "about": organisation_about(o, settings, solutions_used or []), "kind": o.kind, "ods_code": o.ods_code,
        "region": o.region, "open_to_codesign": bool(o.open_to_codesign),
        "codesign_areas": list(o.codesign_areas), "care_settings": settings,
        "verified": bool(o.verified), "is_nhs": o.kind in NHS_KINDS,
        "published_at": _date(o.created_at), "updated_at": _date(o.updated_at),
    }


def is_searchable(kind: str, record) -> bool:
    """Only published listings are in the index; organisations always are."""
    return record is not None and (kind == "organisation" or record.status == "published")
