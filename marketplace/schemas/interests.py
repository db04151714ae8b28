"""Responses to needs, their threads and notifications: what the API takes and gives."""
from __future__ import annotations

from marshmallow import fields, validate

from marketplace import engagement

from .base import StrictSchema
from .fields import Integer, Ref, Text


class InterestCreate(StrictSchema):
    required_fields = ("need_id", "solution_id", "message")
    need_id = Integer(validate=validate.Range(min=1, max=2**31 - 1),
                      metadata={"description": "The published need you respond to."})
    solution_id = Integer(validate=validate.Range(min=1, max=2**31 - 1),
                          metadata={"description": "One of your organisation's published solutions."})
    message = Text(min_length=1, max_length=engagement.RESPONSE_MESSAGE_MAX,
                   metadata={"description": "Why this solution answers the need, in a few sentences."})


class InterestQuery(StrictSchema):
    # Query strings carry text: "7" is the number 7 here (unlike in a JSON body).
    need_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    solution_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    status = fields.String(validate=validate.OneOf(engagement.INTEREST_STATUSES))


class DeclineArgs(StrictSchema):
    required_fields = ("reason",)
    reason = fields.String(validate=validate.OneOf(list(engagement.DECLINE_REASONS)),
                           metadata={"description": "Why: " + "; ".join(
                               f"{code} ({label})" for code, label in engagement.DECLINE_REASONS.items())})
    note = Text(max_length=2000, allow_none=True,
                metadata={"description": "Required when the reason is 'other'."})


class MessageCreate(StrictSchema):
    required_fields = ("body",)
    body = Text(min_length=1, max_length=engagement.THREAD_MESSAGE_MAX)


class _ListingRef(StrictSchema):
    id = fields.Integer()
    ref = fields.String()
    organisation = fields.Function(lambda obj: obj.organisation.ref)
    organisation_name = fields.Function(lambda obj: obj.organisation.name)


class _NeedRef(_ListingRef):
    title = fields.String()
    status = fields.String()


class _SolutionRef(_ListingRef):
    name = fields.String()


class InterestOut(StrictSchema):
    id = fields.Integer()
    need = fields.Nested(_NeedRef)
    solution = fields.Nested(_SolutionRef)
    message = fields.String()
    status = fields.String(metadata={"enum": list(engagement.INTEREST_STATUSES)})
    decline_reason = fields.String(allow_none=True)
    decline_note = fields.String(allow_none=True)
    overdue = fields.Function(
        lambda obj: engagement.is_overdue(obj.status, obj.created_at, _now()),
        metadata={"description": "Still open 30 days after it came in: the need's organisation owes an answer."})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class RankedInterestOut(StrictSchema):
    interest = fields.Nested(InterestOut)
    score = fields.Float(allow_none=True)
    eligible = fields.Boolean(allow_none=True)
    reasons = fields.List(fields.String())
    gaps = fields.List(fields.String())


class RankedInterestList(StrictSchema):
    items = fields.List(fields.Nested(RankedInterestOut))
    ranked = fields.Boolean(metadata={"description": "False when the index could not score them: newest first."})


class MessageOut(StrictSchema):
    id = fields.Integer()
    organisation = fields.Function(lambda obj: obj.organisation.ref)
    organisation_name = fields.Function(lambda obj: obj.organisation.name)
    author_name = fields.String()
    body = fields.String()
    created_at = fields.DateTime()


class NotificationOut(StrictSchema):
    id = fields.Integer()
    kind = fields.String()
    text = fields.String()
    interest_id = fields.Integer(allow_none=True)
    link = fields.String(allow_none=True, metadata={"description": "The page it is about (an alert's listing)"})
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)


class NotificationQuery(StrictSchema):
    unread = fields.Boolean(load_default=False)


def _now():
    from marketplace.models import utcnow

    return utcnow()


# --- pooled demand ---------------------------------------------------------------

class JoinNeed(StrictSchema):
    required_fields = ("organisation",)
    organisation = Ref(metadata={"description": "ref of your NHS organisation that has this problem too"})
    population = Integer(allow_none=True, validate=validate.Range(min=1, max=engagement.POPULATION_MAX),
                         metadata={"description": "People your organisation serves who have this problem"})
    sites = Integer(allow_none=True, validate=validate.Range(min=1, max=engagement.SITES_MAX),
                    metadata={"description": "Sites where you would use a solution"})
    note = Text(max_length=engagement.SUPPORT_NOTE_MAX, allow_none=True)


class SupporterOut(StrictSchema):
    organisation = fields.Function(lambda obj: obj.organisation.ref)
    organisation_id = fields.Integer()
    organisation_name = fields.Function(lambda obj: obj.organisation.name)
    region = fields.Function(lambda obj: obj.organisation.region)
    population = fields.Integer(allow_none=True)
    sites = fields.Integer(allow_none=True)
    note = fields.String(allow_none=True)
    created_at = fields.DateTime()


class DemandOut(StrictSchema):
    need_id = fields.Integer()
    organisations = fields.Integer(metadata={"description": "The posting organisation and every one that joined"})
    regions = fields.List(fields.String())
    population = fields.Integer(allow_none=True)
    sites = fields.Integer(allow_none=True)
    supporters = fields.List(fields.Nested(SupporterOut))


# --- shortlists and comparisons ----------------------------------------------------

class ShortlistAdd(StrictSchema):
    required_fields = ("solution_id",)
    solution_id = Integer(validate=validate.Range(min=1, max=2**31 - 1))


class ShortlistEntryOut(StrictSchema):
    solution = fields.Nested(_SolutionRef)
    created_at = fields.DateTime()


class CompareArgs(StrictSchema):
    required_fields = ("solution_id",)
    solution_id = fields.List(fields.Integer(validate=validate.Range(min=1, max=2**31 - 1)),
                              metadata={"description": "Repeat for each solution: 2 to 4."})


class _RegulatoryLine(StrictSchema):
    code = fields.String()
    label = fields.String()
    held = fields.Boolean()


class _DeploymentLine(StrictSchema):
    organisation = fields.String()
    region = fields.String(allow_none=True)
    since = fields.String(allow_none=True)
    outcome = fields.String(allow_none=True)


class ComparisonColumnOut(StrictSchema):
    solution = fields.Nested(_SolutionRef)
    evidence_level = fields.String()
    evidence = fields.String()
    meets_evidence = fields.Boolean()
    required_regulatory = fields.List(fields.Nested(_RegulatoryLine))
    other_regulatory = fields.List(fields.String())
    device_class = fields.String()
    deployments = fields.List(fields.Nested(_DeploymentLine))
    gaps = fields.List(fields.String())


class ComparisonOut(StrictSchema):
    need = fields.Nested(_NeedRef)
    columns = fields.List(fields.Nested(ComparisonColumnOut))
