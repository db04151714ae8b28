"""Saved searches: what the API takes and gives.

A saved search holds the same free text and filters as GET /needs and GET /solutions take
(marketplace.schemas.search), validated by the same fields, without paging or sorting.
"""
from __future__ import annotations

from marshmallow import ValidationError, fields, post_load, validate

from marketplace.models import FREQUENCIES
from marketplace.models.alerts import SEARCH_KINDS

from . import search
from .base import RecordOut, StrictSchema
from .fields import Text, Timestamp

# Shorter than a search's free text (10,000): a saved search is run against every listing
# published, and a person names what they look for in a few words.
MAX_SAVED_QUERY = 1000
FREQUENCY_HELP = "immediate (an email for each new match), daily (one digest a day) or off (no alerts)"
_PAGING = {"page", "per_page", "q", "ref", "sort", "reading", "ignore"}


def _filters_schema(args_schema, name: str):
    """The filters of a search endpoint's arguments, as a schema of their own (same fields, same checks)."""
    declared = {k: v for k, v in args_schema._declared_fields.items() if k not in _PAGING}
    return type(name, (StrictSchema,), dict(declared))


FILTERS = {
    "solution": _filters_schema(search.SolutionSearchArgs, "SolutionSearchFilters"),
    "need": _filters_schema(search.NeedSearchArgs, "NeedSearchFilters"),
}


def checked_filters(kind: str, filters: dict | None) -> dict:
    """The filters as GET /needs or /solutions (of ``kind``) would take them, empty ones dropped;
    ValidationError naming ``filters.<name>`` otherwise."""
    try:
        loaded = FILTERS[kind]().load(filters or {})
    except ValidationError as exc:
        raise ValidationError({"filters": exc.messages}) from None
    return {k: v for k, v in loaded.items() if v not in (None, [])}


class SavedSearchCreate(StrictSchema):
    required_fields = ("name", "kind")
    name = Text(min_length=1, max_length=200, metadata={"description": "What you call this search"})
    kind = fields.String(validate=validate.OneOf(SEARCH_KINDS), metadata={"description": "Search needs or solutions"})
    q = Text(max_length=MAX_SAVED_QUERY, load_default="", metadata={"description": "Free text, as in GET /needs?q="})
    filters = fields.Dict(keys=fields.String(), load_default=dict, metadata={
        "description": "The filters GET /needs or GET /solutions takes (by kind), e.g. "
                       '{"clinical_areas": ["respiratory"], "min_evidence_level": "observational"}'})
    frequency = fields.String(validate=validate.OneOf(FREQUENCIES), load_default="immediate",
                              metadata={"description": FREQUENCY_HELP})

    @post_load
    def _filters_of_kind(self, data, **kwargs):
        return {**data, "filters": checked_filters(data["kind"], data.get("filters"))}


class SavedSearchUpdate(StrictSchema):
    name = Text(min_length=1, max_length=200)
    q = Text(max_length=MAX_SAVED_QUERY)
    filters = fields.Dict(keys=fields.String())
    frequency = fields.String(validate=validate.OneOf(FREQUENCIES), metadata={"description": FREQUENCY_HELP})


class SavedSearchOut(RecordOut):
    name = fields.String()
    kind = fields.String()
    q = fields.String()
    filters = fields.Dict(keys=fields.String())
    frequency = fields.String()
    created_at = Timestamp()
    updated_at = Timestamp()


class AlertOut(RecordOut):
    saved_search_id = fields.Integer(allow_none=True)
    need_id = fields.Integer(allow_none=True)
    listing_kind = fields.String()
    listing_id = fields.Integer()
    listing_ref = fields.String()
    listing_title = fields.String()
    frequency = fields.String()
    created_at = Timestamp()
    emailed_at = Timestamp(allow_none=True)
