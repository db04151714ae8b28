"""Every operation in the OpenAPI document, with every role, by session and by token.

The expected status of each (operation, role) is written out below; an
operation the document lists but this table does not fails the test, so a new
endpoint cannot ship without saying who may use it.

Roles are relative to the organisation that owns the operation's target:
``other`` belongs to an unrelated organisation, ``member`` and ``org_admin``
to the owner, ``platform`` is a platform administrator in no organisation.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from marketplace.models import (
    ApiClient, Claim, CodesignOffer, CodesignRequest, Deployment, Interest, Invitation, Membership, NeedOutcome,
    NeedSupporter, Notification, SavedSearch, ShortlistEntry, User, db, utcnow,
)
from tests.factories import auth, sign_in
from tests.support import need_body
from tests.test_bundle import sample_bundle

ROLES = ("anonymous", "other", "member", "org_admin", "platform")


def expect(anonymous, other, member, org_admin, platform):
    return dict(zip(ROLES, (anonymous, other, member, org_admin, platform)))


PUBLIC = expect(200, 200, 200, 200, 200)
PLATFORM_ONLY = expect(401, 403, 403, 403, 200)
LISTING_WRITE = expect(401, 403, 200, 200, 200)
# Not published: to anyone outside the owner it does not exist (the anonymous must sign in
# first: authentication comes before anything else on a write).
PRIVATE_WRITE = expect(401, 404, 200, 200, 200)
ORG_ADMIN = expect(401, 403, 403, 200, 200)
SIGNED_IN = expect(401, 200, 200, 200, 200)
INTEREST_READ = expect(404, 404, 200, 200, 200)
INTEREST_SIDE = expect(401, 404, 200, 200, 403)
SHORTLIST_READ = expect(401, 403, 200, 200, 200)
LISTING_WRITE_CREATED = expect(401, 403, 201, 201, 201)
NAMED_ORGANISATION = expect(401, 403, 200, 200, 403)
OWN = expect(401, 404, 200, 404, 404)


@dataclass
class Op:
    path: str  # with {names} filled from the world
    expected: dict
    body: dict | None = None
    # Differences when the caller uses an API token instead of a browser session.
    by_token: dict | None = None
    # Whose members and admins the roles are, when the path does not say (responses to needs).
    owner: str | None = None


# Tokens cannot manage people or mint clients, and cannot start organisations.
SESSION_ONLY_ADMIN = {"org_admin": 403, "platform": 403}


def operations(w) -> dict[tuple[str, str], Op]:
    t, i = w["trust"], w["innovator"]
    return {
        ("GET", "/api/v1/taxonomy"): Op("/api/v1/taxonomy", PUBLIC),
        ("GET", "/api/v1/organisations/"): Op("/api/v1/organisations", PUBLIC),
        ("POST", "/api/v1/organisations/"): Op(
            "/api/v1/organisations", expect(401, 201, 201, 201, 201), {"name": "New Health Ltd", "kind": "innovator"},
            by_token={"other": 403, "member": 403, "org_admin": 403}),
        ("GET", "/api/v1/organisations/{organisation_id}"): Op(f"/api/v1/organisations/{t}", PUBLIC),
        ("PATCH", "/api/v1/organisations/{organisation_id}"): Op(
            f"/api/v1/organisations/{t}", ORG_ADMIN, {"version": 1, "description": "Updated."}),
        # The trust owns listings, so even the platform admin meets 409: the permission held.
        ("DELETE", "/api/v1/organisations/{organisation_id}"): Op(
            f"/api/v1/organisations/{t}", expect(401, 403, 403, 403, 409)),
        ("POST", "/api/v1/organisations/{organisation_id}/verify"): Op(
            f"/api/v1/organisations/{t}/verify", PLATFORM_ONLY, {"verified": True}),
        ("GET", "/api/v1/needs/"): Op("/api/v1/needs", PUBLIC),
        ("POST", "/api/v1/needs/"): Op(
            "/api/v1/needs", expect(401, 403, 201, 201, 201), {"organisation": "trust", "title": "A new need"}),
        ("GET", "/api/v1/needs/{listing_id}"): Op(f"/api/v1/needs/{w['draft_need']}", expect(404, 404, 200, 200, 200)),
        ("PATCH", "/api/v1/needs/{listing_id}"): Op(
            f"/api/v1/needs/{w['need']}", LISTING_WRITE, {"version": 1, "title": "A better title"}),
        ("DELETE", "/api/v1/needs/{listing_id}"): Op(
            f"/api/v1/needs/{w['draft_need']}", expect(401, 404, 204, 204, 204)),
        ("POST", "/api/v1/needs/{listing_id}/publish"): Op(
            f"/api/v1/needs/{w['draft_need']}/publish", PRIVATE_WRITE, {}),
        ("POST", "/api/v1/needs/{listing_id}/close"): Op(f"/api/v1/needs/{w['need']}/close", LISTING_WRITE, {}),
        ("POST", "/api/v1/needs/{listing_id}/reopen"): Op(
            f"/api/v1/needs/{w['closed_need']}/reopen", PRIVATE_WRITE, {}),
        ("GET", "/api/v1/needs/{listing_id}/matches"): Op(f"/api/v1/needs/{w['need']}/matches", PUBLIC),
        ("GET", "/api/v1/solutions/"): Op("/api/v1/solutions", PUBLIC),
        ("POST", "/api/v1/solutions/"): Op(
            "/api/v1/solutions", expect(401, 403, 201, 201, 201), {"organisation": "innovator", "name": "A new tool"}),
        ("GET", "/api/v1/solutions/{listing_id}"): Op(
            f"/api/v1/solutions/{w['draft_solution']}", expect(404, 404, 200, 200, 200)),
        ("PATCH", "/api/v1/solutions/{listing_id}"): Op(
            f"/api/v1/solutions/{w['solution']}", LISTING_WRITE, {"version": 1, "name": "A better name"}),
        ("DELETE", "/api/v1/solutions/{listing_id}"): Op(
            f"/api/v1/solutions/{w['draft_solution']}", expect(401, 404, 204, 204, 204)),
        ("POST", "/api/v1/solutions/{listing_id}/publish"): Op(
            f"/api/v1/solutions/{w['draft_solution']}/publish", PRIVATE_WRITE, {}),
        ("POST", "/api/v1/solutions/{listing_id}/archive"): Op(
            f"/api/v1/solutions/{w['solution']}/archive", LISTING_WRITE, {}),
        ("POST", "/api/v1/solutions/{listing_id}/restore"): Op(
            f"/api/v1/solutions/{w['archived_solution']}/restore", PRIVATE_WRITE, {}),
        ("GET", "/api/v1/solutions/{listing_id}/deployments"): Op(
            f"/api/v1/solutions/{w['solution']}/deployments", PUBLIC),
        ("POST", "/api/v1/solutions/{listing_id}/deployments"): Op(
            f"/api/v1/solutions/{w['solution']}/deployments", expect(401, 403, 201, 201, 201),
            {"organisation": "other-trust", "since": "2024-05"}),
        ("PATCH", "/api/v1/solutions/{listing_id}/deployments/{deployment_id}"): Op(
            f"/api/v1/solutions/{w['solution']}/deployments/{w['deployment']}", LISTING_WRITE,
            {"outcome": "Fewer missed appointments."}),
        ("DELETE", "/api/v1/solutions/{listing_id}/deployments/{deployment_id}"): Op(
            f"/api/v1/solutions/{w['solution']}/deployments/{w['deployment']}", expect(401, 403, 204, 204, 204)),
        ("GET", "/api/v1/solutions/{listing_id}/matches"): Op(f"/api/v1/solutions/{w['solution']}/matches", PUBLIC),
        ("POST", "/api/v1/import"): Op("/api/v1/import", PLATFORM_ONLY, sample_bundle()),
        ("GET", "/api/v1/export"): Op("/api/v1/export", PLATFORM_ONLY),
        ("GET", "/api/v1/session"): Op("/api/v1/session", PUBLIC),
        ("POST", "/api/v1/session"): Op(
            "/api/v1/session", PUBLIC, {"email": "spare@example.nhs.uk", "password": "correct horse battery staple"}),
        ("DELETE", "/api/v1/session"): Op("/api/v1/session", expect(204, 204, 204, 204, 204)),
        ("POST", "/api/v1/users"): Op(
            "/api/v1/users", expect(201, 201, 201, 201, 201),
            {"email": "newcomer@example.nhs.uk", "password": "a long enough password", "name": "New Comer"}),
        ("GET", "/api/v1/users"): Op("/api/v1/users", PLATFORM_ONLY),
        ("POST", "/api/v1/password-reset"): Op(
            "/api/v1/password-reset", expect(202, 202, 202, 202, 202), {"email": "spare@example.nhs.uk"}),
        ("POST", "/api/v1/password-reset/complete"): Op(
            "/api/v1/password-reset/complete", expect(400, 400, 400, 400, 400),
            {"token": "not-a-real-token", "password": "a long enough password"}),
        ("GET", "/api/v1/organisations/{organisation_id}/clients"): Op(
            f"/api/v1/organisations/{t}/clients", ORG_ADMIN, by_token=SESSION_ONLY_ADMIN),
        ("POST", "/api/v1/organisations/{organisation_id}/clients"): Op(
            f"/api/v1/organisations/{t}/clients", expect(401, 403, 403, 201, 201),
            {"name": "Trust EPR", "scopes": ["listings:read"]}, by_token=SESSION_ONLY_ADMIN),
        # Another organisation's client is private: it does not exist for outsiders.
        ("DELETE", "/api/v1/clients/{client_pk}"): Op(
            f"/api/v1/clients/{w['client']}", expect(401, 404, 404, 204, 204),
            by_token={"org_admin": 404, "platform": 404}),
        ("GET", "/api/v1/organisations/{organisation_id}/members"): Op(
            f"/api/v1/organisations/{t}/members", expect(401, 403, 200, 200, 200)),
        ("DELETE", "/api/v1/organisations/{organisation_id}/members/{user_id}"): Op(
            f"/api/v1/organisations/{t}/members/{w['spare_user']}", expect(401, 403, 403, 204, 204),
            by_token=SESSION_ONLY_ADMIN),
        ("GET", "/api/v1/organisations/{organisation_id}/invitations"): Op(
            f"/api/v1/organisations/{t}/invitations", ORG_ADMIN, by_token=SESSION_ONLY_ADMIN),
        ("POST", "/api/v1/organisations/{organisation_id}/invitations"): Op(
            f"/api/v1/organisations/{t}/invitations", expect(401, 403, 403, 201, 201),
            {"email": "colleague@example.nhs.uk", "role": "member"}, by_token=SESSION_ONLY_ADMIN),
        ("DELETE", "/api/v1/organisations/{organisation_id}/invitations/{invitation_id}"): Op(
            f"/api/v1/organisations/{t}/invitations/{w['invitation']}", expect(401, 403, 403, 204, 204),
            by_token=SESSION_ONLY_ADMIN),
        # Anyone signed in may try; this token names no invitation.
        ("POST", "/api/v1/invitations/accept"): Op(
            "/api/v1/invitations/accept", expect(401, 400, 400, 400, 400), {"token": "inv_not-a-real-one"}),
        ("POST", "/api/v1/users/{user_id}/suspension"): Op(
            f"/api/v1/users/{w['spare_user']}/suspension", PLATFORM_ONLY, {"suspended": True}),
        ("GET", "/api/v1/audit"): Op("/api/v1/audit", PLATFORM_ONLY),
        # Responses to needs: private to the two organisations. Platform administrators may read
        # them but do not decide or write for either side.
        ("GET", "/api/v1/interests/"): Op("/api/v1/interests", SIGNED_IN),
        ("POST", "/api/v1/interests/"): Op(
            "/api/v1/interests", expect(401, 422, 201, 201, 201),
            {"need_id": w["need"], "solution_id": w["second_solution"], "message": "We can help."}, owner="innovator"),
        ("GET", "/api/v1/interests/ranked"): Op(f"/api/v1/interests/ranked?need_id={w['need']}", SIGNED_IN),
        ("GET", "/api/v1/interests/{interest_id}"): Op(f"/api/v1/interests/{w['interest']}", INTEREST_READ),
        ("POST", "/api/v1/interests/{interest_id}/shortlist"): Op(
            f"/api/v1/interests/{w['interest']}/shortlist", INTEREST_SIDE),
        ("POST", "/api/v1/interests/{interest_id}/decline"): Op(
            f"/api/v1/interests/{w['interest']}/decline", INTEREST_SIDE, {"reason": "cost"}),
        ("POST", "/api/v1/interests/{interest_id}/withdraw"): Op(
            f"/api/v1/interests/{w['interest']}/withdraw", INTEREST_SIDE, owner="innovator"),
        ("GET", "/api/v1/interests/{interest_id}/messages"): Op(
            f"/api/v1/interests/{w['interest']}/messages", INTEREST_READ),
        ("POST", "/api/v1/interests/{interest_id}/messages"): Op(
            f"/api/v1/interests/{w['interest']}/messages", expect(401, 404, 201, 201, 403), {"body": "Hello"}),
        ("GET", "/api/v1/notifications/"): Op("/api/v1/notifications", SIGNED_IN),
        ("GET", "/api/v1/notifications/email"): Op("/api/v1/notifications/email", SIGNED_IN),
        ("PUT", "/api/v1/notifications/email"): Op(
            "/api/v1/notifications/email", SIGNED_IN, {"frequency": "immediate"}),
        ("GET", "/api/v1/dashboard/"): Op("/api/v1/dashboard", SIGNED_IN),
        # A need's shortlist is its organisation's working list; comparisons read public listings.
        ("GET", "/api/v1/needs/{need_id}/shortlist"): Op(f"/api/v1/needs/{w['need']}/shortlist", SHORTLIST_READ),
        ("POST", "/api/v1/needs/{need_id}/shortlist"): Op(
            f"/api/v1/needs/{w['need']}/shortlist", expect(401, 403, 201, 201, 403),
            {"solution_id": w["second_solution"]}),
        ("DELETE", "/api/v1/needs/{need_id}/shortlist/{solution_id}"): Op(
            f"/api/v1/needs/{w['need']}/shortlist/{w['solution']}", expect(401, 403, 204, 204, 403)),
        ("GET", "/api/v1/needs/{need_id}/shortlist/export"): Op(
            f"/api/v1/needs/{w['need']}/shortlist/export", SHORTLIST_READ),
        ("GET", "/api/v1/needs/{need_id}/compare"): Op(
            f"/api/v1/needs/{w['need']}/compare?solution_id={w['solution']}&solution_id={w['second_solution']}",
            PUBLIC),
        ("GET", "/api/v1/needs/{need_id}/compare/export"): Op(
            f"/api/v1/needs/{w['need']}/compare/export?solution_id={w['solution']}&solution_id={w['second_solution']}",
            PUBLIC),
        ("POST", "/api/v1/needs/{need_id}/outcome"): Op(
            f"/api/v1/needs/{w['need']}/outcome", LISTING_WRITE_CREATED, {"outcome": "not-progressed"}),
        ("GET", "/api/v1/needs/{need_id}/outcome"): Op(
            f"/api/v1/needs/{w['closed_need']}/outcome", expect(404, 404, 200, 200, 200)),
        # Co-design: offers are public; requests are private to the two organisations.
        ("GET", "/api/v1/codesign-offers/"): Op("/api/v1/codesign-offers", PUBLIC),
        ("POST", "/api/v1/codesign-offers/"): Op(
            "/api/v1/codesign-offers", LISTING_WRITE_CREATED,
            {"organisation": "trust", "title": "Test bed", "offerings": ["test-environment"]}),
        ("GET", "/api/v1/codesign-offers/{offer_id}"): Op(f"/api/v1/codesign-offers/{w['offer']}", PUBLIC),
        ("POST", "/api/v1/codesign-offers/{offer_id}/close"): Op(f"/api/v1/codesign-offers/{w['offer']}/close",
                                                                 LISTING_WRITE),
        ("GET", "/api/v1/codesign-requests/"): Op("/api/v1/codesign-requests", SIGNED_IN),
        ("POST", "/api/v1/codesign-requests/"): Op(
            "/api/v1/codesign-requests", LISTING_WRITE_CREATED,
            {"direction": "request", "offer_id": w["offer"], "solution_id": w["second_solution"], "message": "Hi"},
            owner="innovator"),
        ("GET", "/api/v1/codesign-requests/{request_id}"): Op(
            f"/api/v1/codesign-requests/{w['codesign_request']}", INTEREST_READ),
        ("POST", "/api/v1/codesign-requests/{request_id}/accept"): Op(
            f"/api/v1/codesign-requests/{w['codesign_request']}/accept", INTEREST_SIDE),
        ("POST", "/api/v1/codesign-requests/{request_id}/decline"): Op(
            f"/api/v1/codesign-requests/{w['codesign_request']}/decline", INTEREST_SIDE, {"reason": "Busy"}),
        ("POST", "/api/v1/codesign-requests/{request_id}/withdraw"): Op(
            f"/api/v1/codesign-requests/{w['codesign_request']}/withdraw", INTEREST_SIDE, owner="innovator"),
        ("GET", "/api/v1/codesign-requests/{request_id}/messages"): Op(
            f"/api/v1/codesign-requests/{w['codesign_request']}/messages", INTEREST_READ),
        ("POST", "/api/v1/codesign-requests/{request_id}/messages"): Op(
            f"/api/v1/codesign-requests/{w['codesign_request']}/messages", expect(401, 404, 201, 201, 403),
            {"body": "Hello"}),
        # Claims: the solution's organisation records them, the platform team verifies them.
        ("GET", "/api/v1/solutions/{solution_id}/claims"): Op(f"/api/v1/solutions/{w['solution']}/claims", PUBLIC),
        ("POST", "/api/v1/solutions/{solution_id}/claims"): Op(
            f"/api/v1/solutions/{w['solution']}/claims", LISTING_WRITE_CREATED,
            {"kind": "regulatory", "code": "iso-27001", "reference": "ISO-27001-77"}),
        ("DELETE", "/api/v1/solutions/{solution_id}/claims/{claim_id}"): Op(
            f"/api/v1/solutions/{w['solution']}/claims/{w['claim']}", expect(401, 403, 204, 204, 204)),
        ("GET", "/api/v1/solutions/{solution_id}/checklist"): Op(
            f"/api/v1/solutions/{w['solution']}/checklist?need_id={w['need']}", PUBLIC),
        ("GET", "/api/v1/solutions/{solution_id}/checklist/export"): Op(
            f"/api/v1/solutions/{w['solution']}/checklist/export", PUBLIC),
        ("POST", "/api/v1/claims/{claim_id}/verify"): Op(f"/api/v1/claims/{w['claim']}/verify", PLATFORM_ONLY),
        # Only the NHS organisation a deployment names confirms it or reports its outcome.
        ("GET", "/api/v1/deployments/awaiting-confirmation"): Op("/api/v1/deployments/awaiting-confirmation",
                                                                  SIGNED_IN),
        ("POST", "/api/v1/deployments/{deployment_id}/confirmation"): Op(
            f"/api/v1/deployments/{w['claimed_deployment']}/confirmation", NAMED_ORGANISATION,
            {"decision": "confirmed"}),
        ("POST", "/api/v1/deployments/{deployment_id}/outcome-report"): Op(
            f"/api/v1/deployments/{w['deployment']}/outcome-report", NAMED_ORGANISATION,
            {"report": "Waits fell by a third."}),
        # Pooled demand: public to read; an NHS organisation's members join for it ("other" is an innovator).
        ("GET", "/api/v1/needs/{need_id}/demand"): Op(f"/api/v1/needs/{w['need']}/demand", PUBLIC),
        ("POST", "/api/v1/needs/{need_id}/supporters"): Op(
            f"/api/v1/needs/{w['need']}/supporters", expect(401, 403, 201, 201, 201),
            {"organisation": "other-trust"}, owner="other_trust"),
        ("DELETE", "/api/v1/needs/{need_id}/supporters/{organisation_id}"): Op(
            f"/api/v1/needs/{w['need']}/supporters/{w['supporter_org']}", expect(401, 403, 204, 204, 204),
            owner="supporter"),
        ("POST", "/api/v1/notifications/{notification_id}/read"): Op(
            f"/api/v1/notifications/{w['notification']}/read", expect(401, 404, 200, 200, 404)),
        # Saved searches are one person's (the trust's member here): to anyone else they do not exist.
        ("GET", "/api/v1/saved-searches/"): Op("/api/v1/saved-searches", SIGNED_IN),
        ("POST", "/api/v1/saved-searches/"): Op(
            "/api/v1/saved-searches", expect(401, 201, 201, 201, 201), {"name": "Lungs", "kind": "solution"}),
        ("GET", "/api/v1/saved-searches/{search_id}"): Op(f"/api/v1/saved-searches/{w['saved_search']}", OWN),
        ("PATCH", "/api/v1/saved-searches/{search_id}"): Op(
            f"/api/v1/saved-searches/{w['saved_search']}", OWN, {"frequency": "daily"}),
        ("DELETE", "/api/v1/saved-searches/{search_id}"): Op(
            f"/api/v1/saved-searches/{w['saved_search']}", expect(401, 404, 204, 404, 404)),
        ("GET", "/api/v1/saved-searches/{search_id}/alerts"): Op(
            f"/api/v1/saved-searches/{w['saved_search']}/alerts", OWN),
    }


@pytest.fixture
def world(factory):
    trust = factory.organisation(ref="trust")
    innovator = factory.organisation(ref="innovator", kind="innovator")
    elsewhere = factory.organisation(ref="elsewhere", kind="innovator")
    other_trust = factory.organisation(ref="other-trust")
    supporter_org = factory.organisation(ref="supporter-trust")
    people = {
        "trust": {"member": factory.user(trust, "member"), "org_admin": factory.user(trust, "admin")},
        "innovator": {"member": factory.user(innovator, "member"), "org_admin": factory.user(innovator, "admin")},
        "other_trust": {"member": factory.user(other_trust, "member"),
                        "org_admin": factory.user(other_trust, "admin")},
        "supporter": {"member": factory.user(supporter_org, "member"),
                      "org_admin": factory.user(supporter_org, "admin")},
        "other": factory.user(elsewhere, "member"),
        "platform": factory.user(None, platform_admin=True),
    }
    spare = User(email="spare@example.nhs.uk", name="Spare Person",
                 password_hash=people["other"][0].password_hash)
    db.session.add(spare)
    db.session.flush()
    db.session.add(Membership(user_id=spare.id, organisation_id=trust.id, role="member"))
    complete_need = dict(problem="Patients wait far too long for a first appointment.", clinical_areas=["cancer"])
    need = factory.need(trust, **complete_need)
    draft_need = factory.need(trust, status="draft", **complete_need)
    closed_need = factory.need(trust, status="closed", **complete_need)
    solution = factory.solution(innovator, deployments=[trust])
    draft_solution = factory.solution(innovator, status="draft")
    archived_solution = factory.solution(innovator, status="archived")
    second_solution = factory.solution(innovator)
    offer = CodesignOffer(organisation_id=trust.id, title="Patient panel", offerings=["patient-panels"],
                          clinical_areas=[], care_settings=[], status="open")
    db.session.add(offer)
    db.session.flush()
    codesign_request = CodesignRequest(direction="request", offer_id=offer.id, organisation_id=trust.id,
                                       solution_id=solution.id, message="Hi", status="open")
    db.session.add(codesign_request)
    claim = Claim(solution_id=solution.id, kind="regulatory", code="dtac", reference="DTAC-1")
    claimed_deployment = Deployment(solution_id=second_solution.id, organisation_id=trust.id, confirmation="claimed")
    db.session.add_all([claim, claimed_deployment])
    db.session.flush()
    db.session.add(NeedOutcome(need_id=closed_need.id, outcome="not-progressed"))
    db.session.add(ShortlistEntry(need_id=need.id, solution_id=solution.id))
    db.session.add(NeedSupporter(need_id=need.id, organisation_id=supporter_org.id))
    deployment = db.session.execute(db.select(Deployment).where(Deployment.solution_id == solution.id)).scalar_one()
    interest = Interest(need_id=need.id, solution_id=solution.id, message="We can help.")
    db.session.add(interest)
    db.session.flush()
    notification = Notification(organisation_id=trust.id, kind="interest.new", text="A response", interest_id=interest.id)
    db.session.add(notification)
    saved_search = SavedSearch(user_id=people["trust"]["member"][0].id, kind="solution", name="Lungs", q="", filters={})
    db.session.add(saved_search)
    client = db.session.execute(
        db.select(ApiClient).where(ApiClient.created_by_user_id == people["trust"]["org_admin"][0].id)
    ).scalar_one()
    invitation = Invitation(organisation_id=trust.id, email="invited@example.nhs.uk", role="member",
                            token_hash="0" * 64, expires_at=utcnow().replace(year=utcnow().year + 1))
    db.session.add(invitation)
    db.session.commit()
    return {
        "trust": trust.id, "innovator": innovator.id, "people": people,
        "need": need.id, "draft_need": draft_need.id, "closed_need": closed_need.id,
        "solution": solution.id, "draft_solution": draft_solution.id, "archived_solution": archived_solution.id,
        "deployment": deployment.id, "client": client.id, "invitation": invitation.id, "spare_user": spare.id,
        "second_solution": second_solution.id, "interest": interest.id, "notification": notification.id,
        "supporter_org": supporter_org.id, "offer": offer.id, "codesign_request": codesign_request.id,
        "claim": claim.id, "claimed_deployment": claimed_deployment.id,
        "saved_search": saved_search.id,
    }


def _owner(path: str) -> str:
    return "innovator" if "/solutions" in path else "trust"


def _credential(client, world, role: str, owner: str, via: str):
    if role == "anonymous":
        return {}
    if role in ("member", "org_admin"):
        user, token = world["people"][owner][role]
    else:
        user, token = world["people"][role]
    return sign_in(client, user) if via == "session" else auth(token)


def _documented_operations(client) -> set[tuple[str, str]]:
    document = client.get("/api/v1/openapi.json").get_json()
    return {(method.upper(), path) for path, item in document["paths"].items()
            for method in item if method in ("get", "post", "put", "patch", "delete")}


def test_every_documented_operation_is_in_the_matrix(client, world):
    documented = _documented_operations(client)
    listed = set(operations(world))
    assert documented - listed == set(), "operations with no row in the role matrix"
    assert listed - documented == set(), "rows for operations the API no longer has"


def _cases():
    # The keys are fixed; build them from a world of placeholder ids.
    placeholder = {k: 1 for k in ("trust", "innovator", "need", "draft_need", "closed_need", "solution",
                                  "draft_solution", "archived_solution", "deployment", "client", "invitation",
                                  "spare_user", "second_solution", "interest", "notification", "supporter_org", "offer",
                                  "codesign_request", "claim", "claimed_deployment", "saved_search")}
    for key in operations(placeholder):
        for role in ROLES:
            for via in ("session", "token"):
                if role == "anonymous" and via == "token":
                    continue
                yield pytest.param(key, role, via, id=f"{key[0]} {key[1]} {role} {via}")


@pytest.mark.parametrize("key,role,via", list(_cases()))
def test_role_matrix(client, world, key, role, via):
    op = operations(world)[key]
    expected = op.expected[role]
    if via == "token" and op.by_token and role in op.by_token:
        expected = op.by_token[role]
    headers = _credential(client, world, role, op.owner or _owner(key[1]), via)
    response = client.open(op.path, method=key[0], json=op.body, headers=headers)
    assert response.status_code == expected, (response.status_code, response.get_json())
    if response.status_code >= 400:
        body = response.get_json()
        assert body["status"] == response.status_code and body["message"]


# --- the pages: every write a page offers, with the same outcome as the API ------------------
#
# Each page write names the API operation it mirrors and takes that operation's expected
# status for a session (above), so a rule that the pages and the API apply differently fails
# here. A page answers with a redirect where the API answers 2xx; a refusal the page shows
# as a flash message after a redirect is told apart by the audit log: every write is audited.

@dataclass
class PageOp:
    path: str
    form: dict  # fields posted besides the CSRF token; a callable takes the world
    api: tuple[str, str]  # the operation in operations() whose outcome this page must give
    owner: str = "trust"


def _listing_form(kind: str, listing_id: int, **changes) -> dict:
    """What the edit page posts for a listing as stored: its form filled from the record."""
    from marketplace.models import Need, Solution
    from marketplace.web.listings import LISTING_PAGES

    record = db.session.get(Need if kind == "need" else Solution, listing_id)
    values = LISTING_PAGES[kind]["form"].from_record(record).values
    values.update(changes)
    posted: dict = {}
    for name, value in values.items():
        if isinstance(value, dict):
            posted.update({f"{name}-{part}": v for part, v in value.items()})
        else:
            posted[name] = value
    return posted


def page_operations(w) -> dict[str, PageOp]:
    n, s = "/api/v1/needs/{listing_id}", "/api/v1/solutions/{listing_id}"
    return {
        "new need": PageOp("/needs/new", {"organisation": "trust", "title": "A new need"}, ("POST", "/api/v1/needs/")),
        "edit need": PageOp(f"/needs/{w['need']}/edit",
                            lambda: _listing_form("need", w["need"], title="A better title"), ("PATCH", n)),
        "delete draft need": PageOp(f"/needs/{w['draft_need']}/delete", {}, ("DELETE", n)),
        "publish need": PageOp(f"/needs/{w['draft_need']}/publish", {}, ("POST", n + "/publish")),
        "close need": PageOp(f"/needs/{w['need']}/close", {}, ("POST", n + "/close")),
        "reopen need": PageOp(f"/needs/{w['closed_need']}/reopen", {}, ("POST", n + "/reopen")),
        "new solution": PageOp("/solutions/new", {"organisation": "innovator", "name": "A new tool"},
                               ("POST", "/api/v1/solutions/"), "innovator"),
        "edit solution": PageOp(f"/solutions/{w['solution']}/edit",
                                lambda: _listing_form("solution", w["solution"], name="A better name"),
                                ("PATCH", s), "innovator"),
        "delete draft solution": PageOp(f"/solutions/{w['draft_solution']}/delete", {}, ("DELETE", s), "innovator"),
        "publish solution": PageOp(f"/solutions/{w['draft_solution']}/publish", {}, ("POST", s + "/publish"),
                                   "innovator"),
        "archive solution": PageOp(f"/solutions/{w['solution']}/archive", {}, ("POST", s + "/archive"), "innovator"),
        "restore solution": PageOp(f"/solutions/{w['archived_solution']}/restore", {}, ("POST", s + "/restore"),
                                   "innovator"),
        "add deployment": PageOp(f"/solutions/{w['solution']}/deployments",
                                 {"organisation": "other-trust", "since-month": "5", "since-year": "2024"},
                                 ("POST", s + "/deployments"), "innovator"),
        "edit deployment": PageOp(f"/solutions/{w['solution']}/deployments/{w['deployment']}/edit",
                                  {"outcome": "Fewer missed appointments."},
                                  ("PATCH", s + "/deployments/{deployment_id}"), "innovator"),
        "remove deployment": PageOp(f"/solutions/{w['solution']}/deployments/{w['deployment']}/remove", {},
                                    ("DELETE", s + "/deployments/{deployment_id}"), "innovator"),
        "save search": PageOp("/saved-searches/new", {"kind": "solution", "name": "Lungs", "frequency": "daily"},
                              ("POST", "/api/v1/saved-searches/")),
        "change saved search": PageOp(f"/saved-searches/{w['saved_search']}/frequency", {"frequency": "daily"},
                                      ("PATCH", "/api/v1/saved-searches/{search_id}")),
        "email about notifications": PageOp("/notifications/email", {"frequency": "off"},
                                            ("PUT", "/api/v1/notifications/email")),
        "delete saved search": PageOp(f"/saved-searches/{w['saved_search']}/delete", {},
                                      ("DELETE", "/api/v1/saved-searches/{search_id}")),
    }


def _audited() -> int:
    from marketplace.models import AuditEvent

    return db.session.execute(db.select(db.func.count()).select_from(AuditEvent)).scalar_one()


def _page_outcome(response, written: bool) -> int | str:
    """A page's answer in the API's terms: "done", or the status of the refusal."""
    if response.status_code == 302 and "/sign-in" in response.headers["Location"]:
        return 401
    if response.status_code in (200, 302):
        return "done" if written else "refused after a redirect"
    return response.status_code


def _api_outcome(status: int) -> int | str:
    return "done" if status < 300 else status


def _page_cases():
    for name in page_operations({k: 1 for k in _WORLD_KEYS}):
        for role in ROLES:
            yield pytest.param(name, role, id=f"{name} {role}")


_WORLD_KEYS = ("trust", "innovator", "need", "draft_need", "closed_need", "solution", "draft_solution",
               "archived_solution", "deployment", "client", "invitation", "spare_user", "saved_search")


def _page_session(client, world, role: str, owner: str) -> str:
    """Sign in (unless anonymous) as the pages' user; the CSRF token their forms carry."""
    if role != "anonymous":
        _credential(client, world, role, owner, "session")
    return client.get("/api/v1/session").get_json()["csrf_token"]


def test_every_page_write_mirrors_an_api_operation(world):
    assert {op.api for op in page_operations(world).values()} <= set(operations(world))


@pytest.mark.parametrize("name,role", list(_page_cases()))
def test_page_role_matrix(client, world, name, role):
    op = page_operations(world)[name]
    expected = _api_outcome(operations(world)[op.api].expected[role])
    csrf = _page_session(client, world, role, op.owner)
    form = op.form() if callable(op.form) else op.form
    before = _audited()  # signing in is audited too
    response = client.post(op.path, data={**form, "csrf_token": csrf})
    assert _page_outcome(response, _audited() > before) == expected, (
        response.status_code, response.headers.get("Location"), response.get_data(as_text=True)[:500])


# A published listing is closed or archived, never deleted: the same refusal on both faces.
PUBLISHED_DELETES = {"need": ("/api/v1/needs/{}", "/needs/{}/delete"),
                     "solution": ("/api/v1/solutions/{}", "/solutions/{}/delete")}
DELETE_PUBLISHED = expect(401, 403, 409, 409, 409)


@pytest.mark.parametrize("kind", PUBLISHED_DELETES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("face", ("api", "page"))
def test_deleting_a_published_listing_is_refused_alike(client, world, kind, role, face):
    owner = "trust" if kind == "need" else "innovator"
    api_path, page_path = PUBLISHED_DELETES[kind]
    if face == "api":
        headers = _credential(client, world, role, owner, "session")
        before = _audited()
        response = client.delete(api_path.format(world[kind]), headers=headers)
        outcome = _api_outcome(response.status_code)
        message = response.get_json()["message"]
    else:
        csrf = _page_session(client, world, role, owner)
        before = _audited()
        response = client.post(page_path.format(world[kind]), data={"csrf_token": csrf})
        outcome = _page_outcome(response, _audited() > before)
        message = response.get_data(as_text=True)
    assert outcome == DELETE_PUBLISHED[role]
    assert _audited() == before
    if outcome == 409:
        instead = "close" if kind == "need" else "archive"
        assert f"Only drafts can be deleted. This {kind} is published: {instead} it instead." in message
