"""What every API module shares: the query arguments and the paging envelope."""
from __future__ import annotations

from flask import current_app
from marshmallow import fields, validate, validates_schema, ValidationError

from marketplace.schemas.base import StrictSchema


class PageArgs(StrictSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))

    @validates_schema
    def _window(self, data, **kwargs):
        limit = current_app.config["MAX_RESULT_WINDOW"]
        if data.get("page", 1) * data.get("per_page", 20) > limit:
            raise ValidationError(f"page × per_page must be at most {limit}; narrow the search instead", "page")


class VersionArgs(StrictSchema):
    version = fields.Integer(metadata={"description": "The version you read; a stale one gets 409."})
