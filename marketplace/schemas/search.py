"""Query arguments of the search and match endpoints, and the shape of their answers."""
from __future__ import annotations

from flask import current_app
from marshmallow import ValidationError, fields, validate, validates_schema

from search import documents

from .base import RecordOut, StrictSchema
from .fields import Code, Text, Timestamp
from .interests import ChecklistLineOut

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
    reading = fields.String(load_default="on", validate=validate.OneOf(["on", "off"]), metadata={
        "description": "'off': do not read filters from the words of q (see 'understood' in the answer)"})
    ignore = fields.List(fields.String(validate=validate.Length(max=100)), validate=validate.Length(max=50), metadata={
        "description": "Filters read from q not to apply, as 'filter:value' (for example region:midlands)"})


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


# Matches can be paged through this far (search.match_lists.MATCH_COUNT_UP_TO counts them).
MATCH_WINDOW = 1000


class MatchArgs(StrictSchema):
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100),
                           metadata={"description": "Per page, when per_page is not given (kept for older clients)"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    per_page = fields.Integer(validate=validate.Range(min=1, max=100))
    include_near_misses = fields.Boolean(load_default=False, metadata={"description": "Near misses follow page 1"})

    @validates_schema
    def _window(self, data, **kwargs):
        if data.get("page", 1) * data.get("per_page", data.get("limit", 10)) > MATCH_WINDOW + 100:
            raise ValidationError(f"only the first {MATCH_WINDOW} matches can be paged through", "page")


# --- answers -----------------------------------------------------------------

class HitFields(RecordOut):
    ref = fields.String()
    organisation = fields.String(attribute="organisation_ref")
    organisation_name = fields.String()
    organisation_verified = fields.Boolean()
    status = fields.String()
    published_at = Timestamp(allow_none=True)
    highlights = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                             metadata={"description": "HTML-escaped fragments with <mark> around matched words"})


def _listing_hit(name: str, texts: tuple[str, str, str], evidence: str, regulatory: str, **own) -> type:
    """A listing kind's hit: HitFields, then what both kinds' documents hold in the same places
    (search/documents.py): the three texts, where it applies, its evidence level and regulatory
    codes; then the kind's own fields."""
    return type(name, (HitFields,), {
        "__module__": __name__, **{text: fields.String() for text in texts},
        "clinical_areas": fields.List(fields.String()), "care_settings": fields.List(fields.String()),
        evidence: fields.String(), regulatory: fields.List(fields.String()), **own})


SolutionHit = _listing_hit(
    "SolutionHit", ("name", "summary", "description"), "evidence_level", "regulatory",
    device_class=fields.String(), seeking_codesign=fields.Boolean(), deployment_count=fields.Integer(),
    deployment_regions=fields.List(fields.String()))
NeedHit = _listing_hit(
    "NeedHit", ("title", "problem", "outcomes"), "min_evidence_level", "required_regulatory",
    open_to_codesign=fields.Boolean(), budget_gbp=fields.Integer(allow_none=True),
    closes_on=fields.String(allow_none=True), region=fields.String(allow_none=True), organisation_kind=fields.String())


class OrganisationHit(RecordOut):
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


class UnderstoodTerm(StrictSchema):
    filter = fields.String(metadata={"description": "The filter the words were read as"})
    value = fields.Raw(metadata={"description": "Its code (true for a yes/no filter)"})
    words = fields.String(metadata={"description": "The words of q read as this filter"})
    label = fields.String()
    remove = fields.String(metadata={"description": "The 'ignore' value that removes this filter"})


class Understood(StrictSchema):
    filters = fields.Dict(keys=fields.String(), values=fields.Raw(),
                          metadata={"description": "Filters read from q and applied, shaped as the arguments"})
    text = fields.String(metadata={"description": "The words of q left once the filter words are read"})
    terms = fields.List(fields.Nested(UnderstoodTerm))
    ignored = fields.List(fields.String(), metadata={"description": "Filters read from q that 'ignore' removed"})


def page_of(hit_schema, name: str):
    relaxed = type(name + "Relaxed", (StrictSchema,), {
        "removed_filters": fields.List(fields.String(), metadata={"description": "The filters left out"}),
        "items": fields.List(fields.Nested(hit_schema)),
        "total": fields.Integer(),
    })
    return type(name, (StrictSchema,), {
        "understood": fields.Nested(Understood, metadata={
            "description": "What the words of q were read as; the words still all count for ranking"}),
        "items": fields.List(fields.Nested(hit_schema)),
        "total": fields.Integer(),
        "page": fields.Integer(),
        "per_page": fields.Integer(),
        "facets": fields.Dict(keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.Integer())),
        "relaxed": fields.Nested(relaxed, allow_none=True, metadata={
            "description": "When the free text finds nothing within the filters: the nearest results with"
                           " some filters removed, naming them (null otherwise)"}),
        "beyond_reading": fields.Nested(relaxed, allow_none=True, metadata={
            "description": "On the first page, when the filters read from q leave less than a page: what the"
                           " words find without those filters (removed_filters, as 'ignore' values; your own"
                           " filters kept), not already in items, to fill the page; total counts everything"
                           " the words find without them. Null otherwise"}),
    })


def matches_of(hit_schema, key: str, name: str):
    item = type(name + "Item", (StrictSchema,), {
        key: fields.Nested(hit_schema),
        "score": fields.Float(),
        "strength": fields.String(metadata={"description": "'strong', 'good' or 'partial' (from the score; "
                                                           "'partial' for one not about the problem)"}),
        "eligible": fields.Boolean(),
        "reasons": fields.List(fields.String()),
        "gaps": fields.List(fields.String()),
        "readiness": fields.List(fields.Nested(ChecklistLineOut), metadata={
            "description": "The readiness checklist of the pair (the same lines as "
                           "/solutions/{id}/checklist?need_id=): each met, missing, expired, "
                           "awaiting verification or not required"}),
    })
    return type(name, (StrictSchema,), {
        "items": fields.List(fields.Nested(item)),
        "total": fields.Integer(metadata={"description": "Eligible matches, counted exactly up to 1,000"}),
        "total_relation": fields.String(metadata={"description": "'eq': total is exact; 'gte': at least total"}),
        "page": fields.Integer(),
        "per_page": fields.Integer(),
    })


SEARCH = {
    "solution": (SolutionSearchArgs, page_of(SolutionHit, "SolutionPage")),
    "need": (NeedSearchArgs, page_of(NeedHit, "NeedPage")),
    "organisation": (OrganisationSearchArgs, page_of(OrganisationHit, "OrganisationPage")),
}
SolutionMatches = matches_of(SolutionHit, "solution", "SolutionMatches")
NeedMatches = matches_of(NeedHit, "need", "NeedMatches")
