"""The listings bundle (listings.schema.json): strict, every record complete."""
from __future__ import annotations

from marshmallow import fields, validate

from marketplace import taxonomy as tx

from .base import StrictSchema
from .fields import CodeList
from .listings import (
    NEED_STATUSES,
    SOLUTION_STATUSES,
    DeploymentFields,
    NeedFields,
    OrganisationFields,
    SolutionFields,
)


class BundleOrganisation(OrganisationFields):
    required_fields = ("ref", "name", "kind")


class BundleNeed(NeedFields):
    required_fields = ("ref", "organisation", "title", "problem", "clinical_areas")
    clinical_areas = CodeList(tx.CLINICAL_AREAS, min_items=1)
    status = fields.String(validate=validate.OneOf(NEED_STATUSES))


class BundleDeployment(DeploymentFields):
    required_fields = ("organisation",)


class BundleSolution(SolutionFields):
    required_fields = ("ref", "organisation", "name", "summary", "clinical_areas")
    clinical_areas = CodeList(tx.CLINICAL_AREAS, min_items=1)
    deployments = fields.List(fields.Nested(BundleDeployment))
    status = fields.String(validate=validate.OneOf(SOLUTION_STATUSES))


class Bundle(StrictSchema):
    organisations = fields.List(fields.Nested(BundleOrganisation))
    needs = fields.List(fields.Nested(BundleNeed))
    solutions = fields.List(fields.Nested(BundleSolution))

