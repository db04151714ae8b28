"""The fields of organisations, needs, solutions and deployments, with their limits.

Limits follow listings.schema.json exactly; this module is the one place where
a listing's input is validated (the API, the pages and the bundle all use it).
"""
from __future__ import annotations

from marshmallow import fields, validate

from marketplace import taxonomy as tx

from .base import StrictSchema
from .fields import ODS_PATTERN, Boolean, Code, CodeList, FullMatch, Integer, Ref, Text, Timestamp


# --- organisations -----------------------------------------------------------

class OrganisationFields(StrictSchema):
    ref = Ref()
    name = Text(min_length=1, max_length=200)
    kind = Code(tx.ORGANISATION_KINDS)
    ods_code = fields.String(
        allow_none=True,
        validate=FullMatch(ODS_PATTERN, error="must be an ODS code: 3 to 6 capital letters or digits"),
    )
    region = Code(tx.REGIONS, allow_none=True)
    description = Text(max_length=5000, allow_none=True)
    open_to_codesign = Boolean()
    codesign_areas = CodeList(tx.CLINICAL_AREAS)


class OrganisationCreate(OrganisationFields):
    required_fields = ("name", "kind")


class OrganisationUpdate(OrganisationFields):
    required_fields = ("version",)
    version = Integer(metadata={"description": "The version you read; a stale one gets 409."})

    class Meta(StrictSchema.Meta):
        exclude = ("ref",)


class OrganisationOut(OrganisationFields):
    id = fields.Integer()
    verified = fields.Boolean()
    version = fields.Integer()
    created_at = Timestamp()
    updated_at = Timestamp()


# --- needs -------------------------------------------------------------------

class ListingUpdate:
    """Mixed into a listing's update schema: the version read is required; ref and owner stay."""

    required_fields = ("version",)
    version = Integer(metadata={"description": "The version you read; a stale one gets 409."})

    class Meta(StrictSchema.Meta):
        exclude = ("ref", "organisation")


class ListingOut:
    """Mixed into a listing's output schema: what the server adds to the fields written."""

    id = fields.Integer()
    organisation_name = fields.String(attribute="organisation.name")
    organisation_verified = fields.Boolean(
        attribute="organisation.verified",
        metadata={"description": "false: a platform administrator has not yet checked this organisation"})
    organisation = fields.String(attribute="organisation.ref")
    status = fields.String()
    version = fields.Integer()
    created_at = Timestamp()
    updated_at = Timestamp()
    published_at = Timestamp(allow_none=True)


def _where_it_applies() -> tuple:
    """A listing's clinical areas and care settings: codes from the taxonomy (both kinds alike)."""
    return CodeList(tx.CLINICAL_AREAS), CodeList(tx.CARE_SETTINGS)


def _listing_schemas(kind: str, listing_fields: type, create_doc: str | None, heading: str, **out_fields) -> tuple:
    """A listing kind's create, update and output schemas (``<kind>Create`` and so on), all from
    its fields: a draft needs only its owner and ``heading``; an update, the version read."""
    here = {"__module__": __name__}
    create = type(f"{kind}Create", (listing_fields,),
                  {**here, "__doc__": create_doc, "required_fields": ("organisation", heading)})
    update = type(f"{kind}Update", (ListingUpdate, listing_fields), here)
    return create, update, type(f"{kind}Out", (ListingOut, listing_fields), {**here, **out_fields})


class NeedFields(StrictSchema):
    ref = Ref()
    organisation = Ref(metadata={"description": "ref of the NHS organisation that owns the need"})
    title = Text(min_length=3, max_length=200)
    problem = Text(min_length=10, max_length=20000, metadata={"description": "The problem in the trust's own words"})
    outcomes = Text(max_length=5000, allow_none=True)
    clinical_areas, care_settings = _where_it_applies()
    min_evidence_level = Code(tx.EVIDENCE_LEVELS)
    required_regulatory = CodeList(tx.REGULATORY_STATUSES)
    budget_gbp = Integer(allow_none=True, validate=validate.Range(min=0, max=10**12))
    closes_on = fields.Date(allow_none=True)
    open_to_codesign = Boolean()


NeedCreate, NeedUpdate, NeedOut = _listing_schemas(
    "Need", NeedFields, "A new need starts as a draft: only its owner and title are required.", "title")


# --- solutions ---------------------------------------------------------------

class DeploymentFields(StrictSchema):
    organisation = Ref(metadata={"description": "ref of the NHS organisation using the solution"})
    since = fields.String(
        allow_none=True,
        validate=FullMatch(r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$", error="must be YYYY-MM or YYYY-MM-DD"),
    )
    outcome = Text(max_length=2000, allow_none=True)


class DeploymentCreate(DeploymentFields):
    required_fields = ("organisation",)


class DeploymentUpdate(DeploymentFields):
    class Meta(StrictSchema.Meta):
        exclude = ("organisation",)


class DeploymentOut(DeploymentFields):
    id = fields.Integer()
    organisation = fields.String(attribute="organisation.ref")
    organisation_name = fields.String(attribute="organisation.name")
    region = fields.String(attribute="organisation.region", allow_none=True)
    confirmation = fields.String(metadata={"description": "claimed, confirmed or rejected by the organisation named"})
    outcome_report = fields.String(allow_none=True,
                                   metadata={"description": "What changed, reported by the organisation named"})


class SolutionFields(StrictSchema):
    ref = Ref()
    organisation = Ref(metadata={"description": "ref of the innovator that lists the solution"})
    name = Text(min_length=1, max_length=200)
    summary = Text(min_length=10, max_length=500)
    description = Text(max_length=20000, allow_none=True)
    clinical_areas, care_settings = _where_it_applies()
    evidence_level = Code(tx.EVIDENCE_LEVELS)
    regulatory = CodeList(tx.REGULATORY_STATUSES)
    device_class = Code(tx.DEVICE_CLASSES)
    price_model = Code(tx.PRICE_MODELS, allow_none=True)
    seeking_codesign = Boolean()


SolutionCreate, SolutionUpdate, SolutionOut = _listing_schemas(
    "Solution", SolutionFields, None, "name", deployments=fields.List(fields.Nested(DeploymentOut)))
