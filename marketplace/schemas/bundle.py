"""The listings bundle (listings.schema.json): strict, every record complete.

parse_bundle() reads a document for marketplace.services.bundle.import_bundle.
"""
from __future__ import annotations

from marshmallow import ValidationError, fields, validate

from marketplace import lifecycle
from marketplace import taxonomy as tx
from marketplace.services.bundle import ParsedBundle

from .base import StrictSchema
from .errors import as_lines
from .fields import CodeList
from .listings import (
    DeploymentFields,
    NeedFields,
    OrganisationFields,
    SolutionFields,
)


class NoNulls:
    """listings.schema.json allows no null anywhere: an absent field is left out instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.allow_none = False


class BundleOrganisation(NoNulls, OrganisationFields):
    required_fields = ("ref", "name", "kind")


class BundleNeed(NoNulls, NeedFields):
    required_fields = ("ref", "organisation", "title", "problem", "clinical_areas")
    clinical_areas = CodeList(tx.CLINICAL_AREAS, min_items=1)
    status = fields.String(validate=validate.OneOf(lifecycle.STATUSES["need"]))


class BundleDeployment(NoNulls, DeploymentFields):
    required_fields = ("organisation",)


class BundleSolution(NoNulls, SolutionFields):
    required_fields = ("ref", "organisation", "name", "summary", "clinical_areas")
    clinical_areas = CodeList(tx.CLINICAL_AREAS, min_items=1)
    deployments = fields.List(fields.Nested(BundleDeployment))
    status = fields.String(validate=validate.OneOf(lifecycle.STATUSES["solution"]))


class Bundle(StrictSchema):
    organisations = fields.List(fields.Nested(BundleOrganisation))
    needs = fields.List(fields.Nested(BundleNeed))
    solutions = fields.List(fields.Nested(BundleSolution))



SECTIONS = ("organisations", "needs", "solutions")


def parse_bundle(document) -> ParsedBundle:
    """Every problem in single records with its JSON path, and what did parse, so that the
    import can also check across records and report every problem in one run."""
    try:
        return ParsedBundle(Bundle().load(document), [])
    except ValidationError as exc:
        problems = as_lines(exc.messages)
        data = exc.valid_data if isinstance(exc.valid_data, dict) else {}
    if problems:  # keep positions, so paths still point at the right record
        data = {section: [r if isinstance(r, dict) else {} for r in data.get(section) or []]
                for section in SECTIONS}
    return ParsedBundle(data, problems)
