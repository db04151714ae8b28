"""Responses to needs, their threads and notifications: what the API takes and gives."""
from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from marketplace import engagement, readiness
from marketplace import taxonomy as tx
from marketplace.models import FREQUENCIES

from .access import _OrganisationRef
from .base import RecordOut, StrictSchema
from .fields import CodeList, Integer, Ref, Text, Timestamp


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


class _ListingRef(RecordOut):
    ref = fields.String()
    organisation = fields.Function(lambda obj: obj.organisation.ref)
    organisation_name = fields.Function(lambda obj: obj.organisation.name)


class _NeedRef(_ListingRef):
    title = fields.String()
    status = fields.String()


class _SolutionRef(_ListingRef):
    name = fields.String()


class InterestOut(RecordOut):
    need = fields.Nested(_NeedRef)
    solution = fields.Nested(_SolutionRef)
    message = fields.String()
    status = fields.String(metadata={"enum": list(engagement.INTEREST_STATUSES)})
    decline_reason = fields.String(allow_none=True)
    decline_note = fields.String(allow_none=True)
    overdue = fields.Function(
        lambda obj: engagement.is_overdue(obj.status, obj.created_at, _now()),
        metadata={"description": "Still open 30 days after it came in: the need's organisation owes an answer."})
    created_at = Timestamp()
    updated_at = Timestamp()


class RankedInterestOut(StrictSchema):
    interest = fields.Nested(InterestOut)
    score = fields.Float(allow_none=True)
    eligible = fields.Boolean(allow_none=True)
    reasons = fields.List(fields.String())
    gaps = fields.List(fields.String())


class RankedInterestList(StrictSchema):
    items = fields.List(fields.Nested(RankedInterestOut))
    ranked = fields.Boolean(metadata={"description": "False when the index could not score them: newest first."})


class MessageOut(RecordOut):
    organisation = fields.Function(lambda obj: obj.organisation.ref)
    organisation_name = fields.Function(lambda obj: obj.organisation.name)
    author_name = fields.String()
    body = fields.String()
    created_at = Timestamp()


class NotificationOut(RecordOut):
    kind = fields.String()
    text = fields.String()
    interest_id = fields.Integer(allow_none=True)
    codesign_request_id = fields.Integer(allow_none=True)
    link = fields.String(allow_none=True, metadata={"description": "The page it is about (an alert's listing)"})
    created_at = Timestamp()
    read_at = Timestamp(allow_none=True)


class NotificationQuery(StrictSchema):
    unread = fields.Boolean(load_default=False)


class NotificationEmail(StrictSchema):
    """How often you are emailed about your organisations' notifications (saved-search alerts have their own setting)."""

    required_fields = ("frequency",)
    frequency = fields.String(validate=validate.OneOf(FREQUENCIES), metadata={"description": (
        "immediate (an email for each notification), daily (one digest a day of what is unread; the default) "
        "or off (no email)")})


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
    created_at = Timestamp()


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
    created_at = Timestamp()


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
    price_model = fields.String(metadata={"description": "The price model's label, or 'Not given'"})
    deployments = fields.List(fields.Nested(_DeploymentLine))
    gaps = fields.List(fields.String())


class ComparisonOut(StrictSchema):
    need = fields.Nested(_NeedRef)
    columns = fields.List(fields.Nested(ComparisonColumnOut))


# --- how a need ends ----------------------------------------------------------------

class CloseWithOutcome(StrictSchema):
    required_fields = ("outcome",)
    outcome = fields.String(validate=validate.OneOf(list(engagement.NEED_OUTCOMES)),
                            metadata={"description": "; ".join(f"{k} ({v})" for k, v in engagement.NEED_OUTCOMES.items())})
    solution_id = Integer(allow_none=True, validate=validate.Range(min=1, max=2**31 - 1),
                          metadata={"description": "The solution adopted or piloted (required for those outcomes)"})
    note = Text(max_length=engagement.OUTCOME_NOTE_MAX, allow_none=True)
    version = Integer(metadata={"description": "The need's version you read; a stale one gets 409."})


class NeedOutcomeOut(StrictSchema):
    need_id = fields.Integer()
    outcome = fields.String()
    solution = fields.Nested(_SolutionRef, allow_none=True)
    note = fields.String(allow_none=True)
    created_at = Timestamp()


# --- the dashboard --------------------------------------------------------------------

class OrganisationAttentionOut(StrictSchema):
    organisation = fields.Nested(_OrganisationRef)
    awaiting_answer = fields.Integer(metadata={"description": "Responses to its needs nobody has answered"})
    overdue = fields.Integer(metadata={"description": "Of those, waiting for over 30 days"})
    shortlisted = fields.Integer()
    oldest_waiting = fields.List(fields.Nested(InterestOut))
    confirmations_asked = fields.Integer(metadata={"description": "Deployments naming it, awaiting its confirmation"})
    claims_expiring = fields.Integer(metadata={"description": "Its claims expiring within 30 days"})
    sent_open = fields.Integer(metadata={"description": "Its responses awaiting the trust's answer"})
    sent_shortlisted = fields.Integer()
    sent_declined = fields.Integer()
    recent_decisions = fields.List(fields.Nested(InterestOut))


class AttentionOut(StrictSchema):
    unread = fields.Integer()
    notifications = fields.List(fields.Nested(NotificationOut))
    organisations = fields.List(fields.Nested(OrganisationAttentionOut))


# --- co-design ----------------------------------------------------------------------

class CodesignOfferCreate(StrictSchema):
    required_fields = ("organisation", "title", "offerings")
    organisation = Ref(metadata={"description": "ref of the NHS organisation making the offer"})
    title = Text(min_length=3, max_length=200)
    description = Text(max_length=engagement.CODESIGN_TEXT_MAX)
    clinical_areas = CodeList(tx.CLINICAL_AREAS)
    care_settings = CodeList(tx.CARE_SETTINGS)
    offerings = fields.List(fields.String(validate=validate.OneOf(list(engagement.CODESIGN_OFFERINGS))),
                            validate=validate.Length(min=1, max=len(engagement.CODESIGN_OFFERINGS)),
                            metadata={"description": "What you offer: " + ", ".join(engagement.CODESIGN_OFFERINGS)})
    available_from = fields.Date(allow_none=True)


class CodesignOfferQuery(StrictSchema):
    clinical_areas = CodeList(tx.CLINICAL_AREAS)
    care_settings = CodeList(tx.CARE_SETTINGS)
    offerings = fields.List(fields.String(validate=validate.OneOf(list(engagement.CODESIGN_OFFERINGS))))
    region = CodeList(tx.REGIONS)


class CodesignOfferOut(RecordOut):
    organisation = fields.Function(lambda obj: obj.organisation.ref)
    organisation_id = fields.Integer()
    organisation_name = fields.Function(lambda obj: obj.organisation.name)
    region = fields.Function(lambda obj: obj.organisation.region)
    title = fields.String()
    description = fields.String()
    clinical_areas = fields.List(fields.String())
    care_settings = fields.List(fields.String())
    offerings = fields.List(fields.String())
    available_from = fields.Date(allow_none=True)
    status = fields.String()
    created_at = Timestamp()


class CodesignRequestCreate(StrictSchema):
    required_fields = ("direction", "solution_id", "message")
    direction = fields.String(validate=validate.OneOf(engagement.CODESIGN_DIRECTIONS),
                              metadata={"description": "request: an innovator to an open offer (give offer_id); "
                                                       "invitation: an NHS organisation to a solution that seeks "
                                                       "co-design (give organisation)"})
    offer_id = Integer(validate=validate.Range(min=1, max=2**31 - 1))
    organisation = Ref()
    solution_id = Integer(validate=validate.Range(min=1, max=2**31 - 1))
    message = Text(min_length=1, max_length=engagement.CODESIGN_TEXT_MAX)

    @validates_schema
    def _one_target(self, data, **kwargs):
        if data.get("direction") == engagement.REQUEST and "offer_id" not in data:
            raise ValidationError("required for a request", "offer_id")
        if data.get("direction") == engagement.INVITATION and "organisation" not in data:
            raise ValidationError("required for an invitation", "organisation")


class CodesignDecline(StrictSchema):
    required_fields = ("reason",)
    reason = Text(min_length=1, max_length=2000)


class CodesignRequestOut(RecordOut):
    direction = fields.String()
    offer_id = fields.Integer(allow_none=True)
    organisation = fields.Function(lambda obj: obj.organisation.ref)
    organisation_name = fields.Function(lambda obj: obj.organisation.name)
    solution = fields.Nested(_SolutionRef)
    message = fields.String()
    status = fields.String()
    decline_reason = fields.String(allow_none=True)
    created_at = Timestamp()
    updated_at = Timestamp()


# --- claims, the readiness checklist and confirmed adoption ----------------------------

class ClaimCreate(StrictSchema):
    required_fields = ("kind", "code", "reference")
    kind = fields.String(validate=validate.OneOf(readiness.CLAIM_KINDS))
    code = fields.String(validate=validate.Length(min=1, max=40),
                         metadata={"description": "a regulatory_statuses code, or an evidence_levels code"})
    reference = Text(min_length=3, max_length=engagement.CLAIM_REFERENCE_MAX,
                     metadata={"description": "certificate or registration number, or a link to the published evidence"})
    issued_on = fields.Date(allow_none=True)
    expires_on = fields.Date(allow_none=True)


class ClaimOut(RecordOut):
    kind = fields.String()
    code = fields.String()
    reference = fields.String(allow_none=True)
    issued_on = fields.Date(allow_none=True)
    expires_on = fields.Date(allow_none=True)
    verified = fields.Function(lambda obj: obj.verified_at is not None)
    expired = fields.Function(lambda obj: readiness.is_expired(readiness.facts(obj), _today()))


class ChecklistQuery(StrictSchema):
    need_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1),
                             metadata={"description": "Read the checklist against this need's requirements"})


class ChecklistLineOut(StrictSchema):
    line = fields.String()
    label = fields.String()
    required = fields.Boolean()
    status = fields.String(metadata={"enum": list(readiness.STATUS_LABELS)})
    detail = fields.String()


class ChecklistOut(StrictSchema):
    solution = fields.Nested(_SolutionRef)
    need = fields.Nested(_NeedRef, allow_none=True)
    lines = fields.List(fields.Nested(ChecklistLineOut))


class ConfirmDeployment(StrictSchema):
    required_fields = ("decision",)
    decision = fields.String(validate=validate.OneOf((engagement.DEPLOYMENT_CONFIRMED, engagement.DEPLOYMENT_REJECTED)))


class OutcomeReport(StrictSchema):
    required_fields = ("report",)
    report = Text(min_length=3, max_length=engagement.OUTCOME_REPORT_MAX)


class ConfirmedDeploymentOut(RecordOut):
    solution = fields.Nested(_SolutionRef)
    organisation = fields.Function(lambda obj: obj.organisation.ref)
    organisation_name = fields.Function(lambda obj: obj.organisation.name)
    confirmation = fields.String()
    confirmed_at = Timestamp(allow_none=True)
    outcome_report = fields.String(allow_none=True)


def _today():
    from datetime import date

    return date.today()
