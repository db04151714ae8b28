"""Input and output of the identity and access endpoints."""
from __future__ import annotations

from marshmallow import fields, validate

from auth.policy.identity import SCOPES

from .base import RecordOut, StrictSchema
from .fields import Boolean, Text, Timestamp


class SignInArgs(StrictSchema):
    required_fields = ("email", "password")
    email = Text(max_length=254)
    password = Text(max_length=256, load_only=True)


class RegisterArgs(StrictSchema):
    required_fields = ("email", "password", "name")
    email = Text(max_length=254)
    password = Text(max_length=256, load_only=True)
    name = Text(max_length=200)


class PasswordResetRequestArgs(StrictSchema):
    required_fields = ("email",)
    email = Text(max_length=254)


class PasswordResetArgs(StrictSchema):
    required_fields = ("token", "password")
    token = Text(max_length=1000)
    password = Text(max_length=256, load_only=True)


class _OrganisationRef(RecordOut):
    """An organisation as another record names it (the dashboard; its OpenAPI name is kept)."""
    ref = fields.String()
    name = fields.String()
    kind = fields.String()


class OrganisationBrief(_OrganisationRef):
    verified = fields.Boolean()


class MembershipOut(StrictSchema):
    organisation = fields.Nested(OrganisationBrief)
    role = fields.String()


class PersonBrief(RecordOut):
    email = fields.String()
    name = fields.String()


class UserOut(PersonBrief):
    is_platform_admin = fields.Boolean()
    is_suspended = fields.Boolean()
    created_at = Timestamp()
    last_sign_in_at = Timestamp(allow_none=True)


class SessionOut(StrictSchema):
    authenticated = fields.Boolean()
    via = fields.String(metadata={"description": "session, token or anonymous"})
    user = fields.Nested(UserOut, allow_none=True)
    memberships = fields.List(fields.Nested(MembershipOut))
    scopes = fields.List(fields.String(), allow_none=True,
                         metadata={"description": "A token's scopes; null for a browser session (not limited by scope)"})
    csrf_token = fields.String(allow_none=True, metadata={
        "description": "Send as X-CSRFToken with writes made with this session; null for a bearer token, which needs none"})


class ClientCreateArgs(StrictSchema):
    required_fields = ("name", "scopes")
    name = Text(min_length=1, max_length=100)
    scopes = fields.List(fields.String(validate=validate.OneOf(list(SCOPES))), validate=validate.Length(min=1))


class ClientOut(RecordOut):
    client_id = fields.String()
    name = fields.String()
    organisation = fields.Nested(OrganisationBrief, allow_none=True)
    scopes = fields.Function(lambda c: c.scope.split())
    created_by = fields.Function(lambda c: c.created_by.email)
    created_at = Timestamp()
    last_used_at = Timestamp(allow_none=True)
    revoked_at = Timestamp(allow_none=True)


class ClientCreatedOut(ClientOut):
    client_secret = fields.String(metadata={"description": "Shown this once; only its hash is kept"})


class InvitationArgs(StrictSchema):
    required_fields = ("email",)
    email = Text(max_length=254)
    role = fields.String(load_default="member", validate=validate.OneOf(["member", "admin"]))


class InvitationOut(RecordOut):
    email = fields.String()
    role = fields.String()
    created_at = Timestamp()
    expires_at = Timestamp()


class AcceptInvitationArgs(StrictSchema):
    required_fields = ("token",)
    token = Text(max_length=200)


class MemberOut(StrictSchema):
    user = fields.Nested(PersonBrief)
    role = fields.String()
    created_at = Timestamp()


class SuspensionArgs(StrictSchema):
    required_fields = ("suspended",)
    suspended = Boolean()
    reason = Text(load_default="", max_length=500)


class UserListArgs(StrictSchema):
    q = Text(load_default="", max_length=200)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


def _page_of(item_schema, name: str) -> type:
    """A page of an administration list: its items, how many there are in all, which page."""
    return type(name, (StrictSchema,), {"__module__": __name__, "items": fields.List(fields.Nested(item_schema)),
                                        "total": fields.Integer(), "page": fields.Integer(), "per_page": fields.Integer()})


UserPage = _page_of(UserOut, "UserPage")


class AuditArgs(StrictSchema):
    action = Text(max_length=60)
    object_type = Text(max_length=40)
    object_id = fields.Integer(validate=validate.Range(min=0, max=2**31 - 1))
    actor_user_id = fields.Integer(validate=validate.Range(min=0, max=2**31 - 1))
    since = Timestamp()
    until = Timestamp()
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class AuditEventOut(RecordOut):
    at = Timestamp()
    actor_user_id = fields.Integer(allow_none=True)
    actor_label = fields.String()
    action = fields.String()
    object_type = fields.String()
    object_id = fields.Integer(allow_none=True)
    object_ref = fields.String(allow_none=True)
    details = fields.Dict()
    remote_addr = fields.String(allow_none=True)


AuditPage = _page_of(AuditEventOut, "AuditPage")
