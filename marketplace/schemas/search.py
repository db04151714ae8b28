"""Query arguments of the search and match endpoints, and the shape of their answers."""
from __future__ import annotations

from flask import current_app
from marshmallow import ValidationError, fields, validate, validates_schema

from search import documents

from .base import StrictSchema
from .fields import Code, Text, Timestamp

MAX_QUERY_LENGTH = 10_000


class PageArgs(StrictSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))

    @validates_schema
    def _window(self, data, **kwargs):
        # The index answers at most MAX_RESULT_WINDOW results (Elasticsearch's
        # index.max_result_window): a page that ends past it is refused here, by name.
        limit = current_app.config["MAX_RESULT_WINDOW"]
        per_page = data.get("per_page", 20)
        if data.get("page", 1) * per_page > limit:
            raise ValidationError(
                f"must be at most {limit // per_page} with per_page {per_page}: only the first {limit:,} "
                "results can be paged through; narrow the search", "page")


class SearchArgs(PageArgs):
    q = Text(max_length=MAX_QUERY_LENGTH, load_default="", metadata={"description": "Free text"})
    ref = fields.String(metadata={"description": "Exact ref lookup"})
    sort = fields.String(load_default="relevance", validate=validate.OneOf(["relevance", "newest"]))


def _filter_argument(field: documents.IndexField, flt: documents.Filter):
    """The query argument of a declared filter (search/documents.py)."""
    metadata = {"description": flt.description}
    if flt.mode == documents.FLAG:
        return fields.Boolean(metadata=metadata)
    if flt.mode in documents.RANK_MODES:
        return Code(field.vocabulary, metadata=metadata)
    return fields.List(Code(field.vocabulary), metadata=metadata)


def search_args(kind: str, name: str) -> type:
    """The arguments of a kind's search: SearchArgs and one per filter the index declares."""
    spec = documents.INDEXED_KINDS[kind]
    return type(name, (SearchArgs,), {arg: _filter_argument(f, flt) for arg, (f, flt) in spec.filters.items()})


SolutionSearchArgs = search_args("solution", "SolutionSearchArgs")
NeedSearchArgs = search_args("need", "NeedSearchArgs")
OrganisationSearchArgs = search_args("organisation", "OrganisationSearchArgs")


class MatchArgs(StrictSchema):
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))
    include_near_misses = fields.Boolean(load_default=False)


# --- answers -----------------------------------------------------------------

class HitFields(StrictSchema):
    id = fields.Integer()
    ref = fields.String()
    organisation = fields.String(attribute="organisation_ref")
    organisation_name = fields.String()
    organisation_verified = fields.Boolean()
    status = fields.String()
    published_at = Timestamp(allow_none=True)
    highlights = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                             metadata={"description": "HTML-escaped fragments with <mark> around matched words"})


class SolutionHit(HitFields):
    name = fields.String()
    summary = fields.String()
    description = fields.String()
    clinical_areas = fields.List(fields.String())
    care_settings = fields.List(fields.String())
    evidence_level = fields.String()
    regulatory = fields.List(fields.String())
    device_class = fields.String()
    seeking_codesign = fields.Boolean()
    deployment_count = fields.Integer()
    deployment_regions = fields.List(fields.String())


class NeedHit(HitFields):
    title = fields.String()
    problem = fields.String()
    outcomes = fields.String()
    clinical_areas = fields.List(fields.String())
    care_settings = fields.List(fields.String())
    min_evidence_level = fields.String()
    required_regulatory = fields.List(fields.String())
    open_to_codesign = fields.Boolean()
    budget_gbp = fields.Integer(allow_none=True)
    closes_on = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    organisation_kind = fields.String()


class OrganisationHit(StrictSchema):
    id = fields.Integer()
    ref = fields.String()
    name = fields.String()
    description = fields.String()
    kind = fields.String()
    ods_code = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    open_to_codesign = fields.Boolean()
    codesign_areas = fields.List(fields.String())
    care_settings = fields.List(fields.String())
    verified = fields.Boolean()
    highlights = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


def page_of(hit_schema, name: str):
    relaxed = type(name + "Relaxed", (StrictSchema,), {
        "removed_filters": fields.List(fields.String(), metadata={"description": "The filters left out"}),
        "items": fields.List(fields.Nested(hit_schema)),
        "total": fields.Integer(),
    })
    return type(name, (StrictSchema,), {
        "items": fields.List(fields.Nested(hit_schema)),
        "total": fields.Integer(),
        "page": fields.Integer(),
        "per_page": fields.Integer(),
        "facets": fields.Dict(keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.Integer())),
        "relaxed": fields.Nested(relaxed, allow_none=True, metadata={
            "description": "When the free text finds nothing within the filters: the nearest results with"
                           " some filters removed, naming them (null otherwise)"}),
    })


def matches_of(hit_schema, key: str, name: str):
    item = type(name + "Item", (StrictSchema,), {
        key: fields.Nested(hit_schema),
        "score": fields.Float(),
        "eligible": fields.Boolean(),
        "reasons": fields.List(fields.String()),
        "gaps": fields.List(fields.String()),
    })
    return type(name, (StrictSchema,), {
        "items": fields.List(fields.Nested(item)),
        "total": fields.Integer(metadata={"description": "Eligible matches, counted exactly up to 1,000"}),
        "total_relation": fields.String(metadata={"description": "'eq': total is exact; 'gte': at least total"}),
    })


SEARCH = {
    "solution": (SolutionSearchArgs, page_of(SolutionHit, "SolutionPage")),
    "need": (NeedSearchArgs, page_of(NeedHit, "NeedPage")),
    "organisation": (OrganisationSearchArgs, page_of(OrganisationHit, "OrganisationPage")),
}
SolutionMatches = matches_of(SolutionHit, "solution", "SolutionMatches")
NeedMatches = matches_of(NeedHit, "need", "NeedMatches")
