"""The pages, server side: what they show, who may do what, and bad input (never a 500).

The browser journeys (tests/browser) cover the same ground in Chromium; these are quick
and run on every database.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from marketplace.models import Need, Solution, db
from tests.factories import PASSWORD
from tests.support import audit_events

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(client, path: str = "/sign-in") -> str:
    page = client.get(path)
    match = CSRF.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client, user) -> None:
    token = csrf_from(client)
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def html(response) -> str:
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def need_form(**fields) -> dict:
    data = {"title": "Falls at night on our wards", "problem": "Older patients fall at night when getting up alone.",
            "clinical_areas": ["frailty-older-people"], "min_evidence_level": "pilot", "open_to_codesign": "no",
            "then": "publish"}
    data.update(fields)
    return data


@pytest.fixture
def trust(factory):
    org = factory.organisation("nhs-trust", name="Northfield Teaching Hospitals", verified=True)
    user, _ = factory.user(org, role="admin")
    return org, user


@pytest.fixture
def innovator(factory):
    org = factory.organisation("innovator", name="Brightpath Health")
    user, _ = factory.user(org, role="admin")
    return org, user


# --- pages anyone can read ------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/solutions", "/needs", "/co-design-partners", "/sign-in", "/register",
                                  "/account/reset-password", "/solutions?q=virtual+ward&clinical_areas=respiratory",
                                  "/needs?region=london&kind=nhs-trust&open_to_codesign=true&min_evidence_level=pilot"])
def test_public_pages_render_with_the_design_system(client, path):
    page = html(client.get(path))
    assert '<html lang="en-GB"' in page
    assert 'href="#maincontent"' in page  # skip link
    assert re.search(r"<h1[^>]*>", page)
    assert "/assets/nhsuk-frontend-" in page
    assert "https://" not in re.sub(r'xmlns="https://www.w3.org/2000/svg"|http://www.w3.org/2000/svg', "", page)


def test_bad_search_parameters_are_dropped_not_500(client):
    response = client.get("/solutions?clinical_areas=nonsense&page=abc&sort=sideways&min_evidence_level=zzz&x=1")
    assert response.status_code == 200
    assert "were not understood" in html(response)


def test_stylesheet_loads_no_font_from_another_host(client):
    response = client.get("/assets/nhsuk-frontend-10.6.1.min.css")
    if response.status_code == 404:
        pytest.skip("nhsuk-frontend is not installed (make install runs npm ci)")
    css = response.get_data(as_text=True)
    assert "@font-face" not in css and "assets.nhs.uk" not in css
    assert "nhsuk-header" in css


def test_solution_and_need_pages(client, factory, trust, innovator):
    org, _ = trust
    solution = factory.solution(innovator[0], deployments=[org], regulatory=["dtac"], device_class="class-i",
                                seeking_codesign=True)
    page = html(client.get(f"/solutions/{solution.id}"))
    assert solution.name in page
    assert "Digital Technology Assessment Criteria (DTAC) passed" in page
    assert "Class I" in page
    assert "London" in page and org.name in page  # where it is in use, by region
    assert "Organisation not yet verified" in page  # the innovator is not verified
    need = factory.need(org, status="draft")
    assert client.get(f"/needs/{need.id}").status_code == 404  # a draft of someone else's
    assert "Page not found" in html(client.get(f"/needs/{need.id}"))


def test_organisation_page(client, trust):
    org, _ = trust
    page = html(client.get(f"/organisations/{org.id}"))
    assert org.name in page and "Verified organisation" in page
    assert "Members" not in page  # only members see members


# --- errors ----------------------------------------------------------------------------------------

def test_unknown_page_is_an_html_404_and_the_api_keeps_json(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "Page not found" in html(response)
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.mimetype == "application/json"


def test_wrong_method_is_an_html_405(client):
    response = client.put("/sign-in")
    assert response.status_code in (400, 405)
    assert "<h1" in html(response)


@pytest.mark.parametrize("token", [None, "forged"])
def test_missing_or_wrong_csrf_token_is_a_clear_400_page(client, trust, token):
    data = {"email": trust[1].email, "password": PASSWORD}
    if token:
        data["csrf_token"] = token
    response = client.post("/sign-in", data=data)
    assert response.status_code == 400
    page = html(response)
    assert "The form you sent has expired or did not come from this service" in page


def test_pages_that_need_someone_signed_in_send_them_to_sign_in(client):
    for path in ("/needs/new", "/solutions/new", "/account", "/organisations/new", "/admin"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith(f"/sign-in?next={path}")


def test_admin_pages_are_forbidden_to_others(client, trust):
    sign_in(client, trust[1])
    for path in ("/admin", "/admin/organisations", "/admin/users", "/admin/audit"):
        response = client.get(path)
        assert response.status_code == 403 and "You do not have permission" in html(response)


# --- signing in -----------------------------------------------------------------------------------

def test_sign_in_keeps_next_only_within_the_site(client, trust):
    token = csrf_from(client)
    response = client.post("/sign-in", data={"email": trust[1].email, "password": PASSWORD, "csrf_token": token,
                                             "next": "https://evil.example/"})
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    client.post("/sign-out", data={"csrf_token": csrf_from(client, "/account")})
    token = csrf_from(client)
    response = client.post("/sign-in", data={"email": trust[1].email, "password": PASSWORD, "csrf_token": token,
                                             "next": "/needs/new"})
    assert response.headers["Location"] == "/needs/new"


def test_wrong_password_shows_the_error_summary_and_keeps_the_email(client, trust):
    token = csrf_from(client)
    response = client.post("/sign-in", data={"email": trust[1].email, "password": "wrong password!", "csrf_token": token})
    assert response.status_code == 401
    page = html(response)
    assert "There is a problem" in page and "Enter a correct email address and password" in page
    assert f'value="{trust[1].email}"' in page
    assert "wrong password!" not in page  # passwords are never sent back


def test_register_validates_every_field_at_once(client):
    token = csrf_from(client, "/register")
    response = client.post("/register", data={"name": "", "email": "not-an-email", "password": "short",
                                              "csrf_token": token})
    assert response.status_code == 422
    page = html(response)
    assert 'href="#name"' in page and 'href="#email"' in page and 'href="#password"' in page
    assert 'value="not-an-email"' in page


def test_register_then_signed_in(client):
    token = csrf_from(client, "/register")
    response = client.post("/register", data={"name": "Rosa Patel", "email": "rosa@example.nhs.uk",
                                              "password": "a long enough password", "csrf_token": token})
    assert response.status_code == 302
    assert "Rosa Patel" in html(client.get("/account"))


# --- posting and editing a need -----------------------------------------------------------------------

def test_post_a_need_with_errors_keeps_values_and_names_each_field(client, trust):
    sign_in(client, trust[1])
    token = csrf_from(client, "/needs/new")
    response = client.post("/needs/new", data=need_form(title="", problem="short", budget_gbp="lots",
                                                        closes_on_day="31", **{"closes_on-day": "31",
                                                                               "closes_on-month": "2",
                                                                               "closes_on-year": "2027"},
                                                        csrf_token=token))
    assert response.status_code == 422
    page = html(response)
    assert "<title>Error: " in page
    for anchor in ("#title", "#problem", "#budget_gbp", "#closes_on-day"):
        assert f'href="{anchor}"' in page, anchor
    assert "Enter a title" in page
    assert "The problem must be 10 characters or more" in page
    assert "Enter the budget as a whole number" in page
    assert "Closing date must be a real date" in page
    assert 'value="lots"' in page and ">short</textarea>" in page
    assert db.session.execute(db.select(db.func.count()).select_from(Need)).scalar_one() == 0


def test_post_publish_edit_need_and_matches(client, factory, trust, innovator):
    org, user = trust
    factory.solution(innovator[0], name="Night falls sensor", summary="Alerts staff when a patient at risk gets up at night.",
                     clinical_areas=["frailty-older-people"], evidence_level="pilot")
    sign_in(client, user)
    token = csrf_from(client, "/needs/new")
    response = client.post("/needs/new", data=need_form(csrf_token=token, budget_gbp="£25,000",
                                                        **{"closes_on-day": "31", "closes_on-month": "3",
                                                           "closes_on-year": "2027"}))
    assert response.status_code == 302, html(response)[:3000]
    need = db.session.execute(db.select(Need)).scalar_one()
    assert need.status == "published" and need.budget_gbp == 25000 and str(need.closes_on) == "2027-03-31"
    assert response.headers["Location"] == f"/needs/{need.id}"
    page = html(client.get(f"/needs/{need.id}"))
    assert "has been saved and published" in page
    assert "Solutions that could meet this need" in page
    # Edit: a stale version is refused with a message, not lost silently.
    token = csrf_from(client, f"/needs/{need.id}/edit")
    stale = client.post(f"/needs/{need.id}/edit", data=need_form(csrf_token=token, version=str(need.version + 5),
                                                                 then="save"))
    assert stale.status_code == 409 and "someone else changed it" in html(stale)
    response = client.post(f"/needs/{need.id}/edit", data=need_form(csrf_token=token, version=str(need.version),
                                                                    min_evidence_level="rct", then="save"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Need, need.id).min_evidence_level == "rct"
    assert [e.action for e in audit_events() if e.action.startswith("need.")] == ["need.create", "need.publish",
                                                                                  "need.update"]


def test_publishing_an_incomplete_draft_shows_what_is_missing(client, trust):
    sign_in(client, trust[1])
    token = csrf_from(client, "/needs/new")
    response = client.post("/needs/new", data={"title": "A draft", "min_evidence_level": "concept",
                                               "open_to_codesign": "no", "then": "publish", "csrf_token": token})
    assert response.status_code == 422
    page = html(response)
    assert "Enter the problem before publishing" in page
    assert "Select at least one clinical area before publishing" in page
    need = db.session.execute(db.select(Need)).scalar_one()
    assert need.status == "draft"


def test_members_of_other_organisations_cannot_edit(client, factory, trust):
    other = factory.organisation("nhs-trust")
    outsider, _ = factory.user(other)
    need = factory.need(trust[0])
    sign_in(client, outsider)
    response = client.get(f"/needs/{need.id}/edit")
    assert response.status_code == 403 and "<h1" in html(response)


def test_an_innovator_lists_a_solution(client, innovator):
    sign_in(client, innovator[1])
    token = csrf_from(client, "/solutions/new")
    response = client.post("/solutions/new", data={
        "name": "Ward sensor", "summary": "Tells staff when a patient gets up at night.",
        "clinical_areas": ["frailty-older-people"], "evidence_level": "pilot", "device_class": "class-i",
        "regulatory": ["dtac", "dcb0129"], "seeking_codesign": "yes", "then": "publish", "csrf_token": token})
    assert response.status_code == 302, html(response)[:3000]
    solution = db.session.execute(db.select(Solution)).scalar_one()
    assert solution.status == "published" and solution.seeking_codesign and solution.regulatory == ["dtac", "dcb0129"]
    assert "Needs this solution could meet" in html(client.get(f"/solutions/{solution.id}/matches"))


def test_a_trust_user_cannot_list_a_solution(client, trust):
    sign_in(client, trust[1])
    page = html(client.get("/solutions/new"))
    assert "not a member of an innovator organisation" in page


# --- deleting a draft ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["need", "solution"])
def test_a_draft_is_deleted_after_a_confirmation_page(client, factory, trust, innovator, kind):
    org, user = trust if kind == "need" else innovator
    record = (factory.need(org, status="draft", title="Draft to delete") if kind == "need"
              else factory.solution(org, status="draft", name="Draft to delete"))
    model, base = (Need, "/needs") if kind == "need" else (Solution, "/solutions")
    record_id = record.id
    sign_in(client, user)
    page = html(client.get(f"{base}/{record.id}/edit"))
    assert f'href="{base}/{record.id}/delete"' in page and "Delete this draft" in page
    page = html(client.get(f"{base}/{record.id}/delete"))
    assert f"Are you sure you want to delete this draft {kind}?" in page and "Draft to delete" in page
    assert "cannot be undone" in page and "Yes, delete this draft" in page
    token = csrf_from(client, f"{base}/{record.id}/delete")
    response = client.post(f"{base}/{record.id}/delete", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert f"Your draft {kind} ‘Draft to delete’ has been deleted" in html(client.get("/account"))
    assert db.session.get(model, record_id) is None
    assert [e.action for e in audit_events()][-1] == f"{kind}.delete"
    assert client.get(f"{base}/{record_id}/delete").status_code == 404
    assert client.post(f"{base}/{record_id}/delete", data={"csrf_token": token}).status_code == 404


@pytest.mark.parametrize("kind", ["need", "solution"])
def test_only_drafts_can_be_deleted_and_only_by_their_organisation(client, factory, trust, innovator, kind):
    org, user = trust if kind == "need" else innovator
    published = factory.need(org) if kind == "need" else factory.solution(org)
    draft = factory.need(org, status="draft") if kind == "need" else factory.solution(org, status="draft")
    model, base = (Need, "/needs") if kind == "need" else (Solution, "/solutions")
    sign_in(client, user)
    assert "Delete this draft" not in html(client.get(f"{base}/{published.id}/edit"))
    token = csrf_from(client, "/account")
    for response in (client.get(f"{base}/{published.id}/delete"),
                     client.post(f"{base}/{published.id}/delete", data={"csrf_token": token})):
        assert response.status_code == 409 and "Only drafts can be deleted" in html(response)
    assert db.session.get(model, published.id) is not None
    outsider, _ = factory.user(factory.organisation(org.kind))
    sign_in(client, outsider)
    token = csrf_from(client, "/account")
    assert client.post(f"{base}/{draft.id}/delete", data={"csrf_token": token}).status_code == 404  # not theirs to see
    assert client.post(f"{base}/{published.id}/delete", data={"csrf_token": token}).status_code == 403
    assert db.session.get(model, draft.id) is not None


# --- where a solution is in use ------------------------------------------------------------------------

def test_an_innovator_records_changes_and_removes_a_deployment(client, factory, trust, innovator):
    from marketplace.models import Deployment

    solution = factory.solution(innovator[0], name="Ward sensor")
    sign_in(client, innovator[1])
    assert f'href="/solutions/{solution.id}/deployments"' in html(client.get(f"/solutions/{solution.id}/edit"))
    assert f'href="/solutions/{solution.id}/deployments"' in html(client.get(f"/solutions/{solution.id}"))
    page = html(client.get(f"/solutions/{solution.id}/deployments"))
    assert "No deployments recorded yet" in page and "Record deployment" in page
    token = csrf_from(client, f"/solutions/{solution.id}/deployments")
    response = client.post(f"/solutions/{solution.id}/deployments", data={
        "organisation": trust[0].ref, "since-month": "3", "since-year": "2024",
        "outcome": "Falls at night down by a third.", "csrf_token": token})
    assert response.status_code == 302, html(response)[:3000]
    page = html(client.get(f"/solutions/{solution.id}/deployments"))
    assert f"The deployment at {trust[0].name} has been recorded" in page
    assert "March 2024" in page and "Falls at night down by a third." in page
    deployment = db.session.execute(db.select(Deployment)).scalar_one()
    assert deployment.since == "2024-03" and deployment.organisation_id == trust[0].id
    page = html(client.get(f"/solutions/{solution.id}"))
    assert trust[0].name in page and "since March 2024" in page

    # Change the outcome and clear the month.
    edit = f"/solutions/{solution.id}/deployments/{deployment.id}/edit"
    page = html(client.get(edit))
    assert 'value="3"' in page and 'value="2024"' in page and "Falls at night down by a third." in page
    response = client.post(edit, data={"since-month": "", "since-year": "", "outcome": "Falls down by half in a year.",
                                       "csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    deployment = db.session.get(Deployment, deployment.id)
    assert deployment.outcome == "Falls down by half in a year." and deployment.since is None
    bad = client.post(edit, data={"since-month": "13", "since-year": "2024", "outcome": "kept", "csrf_token": token})
    assert bad.status_code == 422
    assert 'href="#since-month"' in html(bad) and "In use since must be a real month and year" in html(bad)
    assert ">kept</textarea>" in html(bad)

    deployment_id = deployment.id
    response = client.post(f"/solutions/{solution.id}/deployments/{deployment_id}/remove", data={"csrf_token": token})
    assert response.status_code == 302
    page = html(client.get(f"/solutions/{solution.id}/deployments"))
    assert f"The deployment at {trust[0].name} has been removed" in page and "No deployments recorded yet" in page
    assert db.session.execute(db.select(Deployment)).first() is None
    assert [e.action for e in audit_events() if e.action.startswith("deployment.")] == [
        "deployment.create", "deployment.update", "deployment.delete"]
    assert client.get(f"/solutions/{solution.id}/deployments/{deployment_id}/edit").status_code == 404


def test_recording_a_deployment_with_errors_keeps_the_values(client, factory, trust, innovator):
    solution = factory.solution(innovator[0], deployments=[trust[0]])
    sign_in(client, innovator[1])
    path = f"/solutions/{solution.id}/deployments"
    token = csrf_from(client, path)
    response = client.post(path, data={"organisation": "org-no-such-trust", "since-month": "14", "since-year": "2024",
                                       "outcome": "Shorter waits.", "csrf_token": token})
    assert response.status_code == 422
    page = html(response)
    assert "<title>Error: " in page and 'href="#since-month"' in page
    assert 'value="org-no-such-trust"' in page and 'value="14"' in page and ">Shorter waits.</textarea>" in page
    response = client.post(path, data={"organisation": "org-no-such-trust", "outcome": "Shorter waits.",
                                       "csrf_token": token})
    assert response.status_code == 422
    page = html(response)
    assert 'href="#organisation"' in page and "No organisation has the marketplace reference" in page
    for ref, message in (("", "Enter the NHS organisation"), ("not a ref!", "Enter a marketplace reference like"),
                         (innovator[0].ref, "is not an NHS organisation"), (trust[0].ref, "is already recorded")):
        response = client.post(path, data={"organisation": ref, "csrf_token": token})
        assert response.status_code == 422, ref
        assert message in html(response), ref
    for month, year in (("-1", "2024"), ("1", "99999"), ("x", "y"), ("1", "0999"), ("\x00", "2024"), ("", "2024")):
        response = client.post(path, data={"organisation": trust[0].ref, "since-month": month, "since-year": year,
                                           "csrf_token": token})
        assert response.status_code == 422, (month, year)
        assert "In use since must be a real month and year" in html(response), (month, year)


def test_others_cannot_record_deployments(client, factory, trust, innovator):
    published = factory.solution(innovator[0])
    draft = factory.solution(innovator[0], status="draft")
    assert client.get(f"/solutions/{published.id}/deployments").status_code == 302  # sign in first
    sign_in(client, trust[1])
    assert "Record or change where it is in use" not in html(client.get(f"/solutions/{published.id}"))
    response = client.get(f"/solutions/{published.id}/deployments")
    assert response.status_code == 403 and "You do not have permission" in html(response)
    assert client.get(f"/solutions/{draft.id}/deployments").status_code == 404
    token = csrf_from(client, "/account")
    response = client.post(f"/solutions/{published.id}/deployments", data={"organisation": trust[0].ref,
                                                                           "csrf_token": token})
    assert response.status_code == 403


# --- members and invitations ---------------------------------------------------------------------------

def test_an_admin_invites_someone_who_accepts_at_the_emailed_link(client, trust, mailbox):
    org, admin = trust
    sign_in(client, admin)
    assert f'href="/organisations/{org.id}/members"' in html(client.get(f"/organisations/{org.id}"))
    assert f'href="/organisations/{org.id}/members"' in html(client.get("/account"))
    page = html(client.get(f"/organisations/{org.id}/members"))
    assert "Members and invitations" in page and admin.email in page and "Send invitation" in page
    assert "The only admin" in page  # no remove button for the last admin
    token = csrf_from(client, f"/organisations/{org.id}/members")
    response = client.post(f"/organisations/{org.id}/invitations",
                           data={"email": "Nia.Roberts@example.nhs.uk", "role": "member", "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == f"/organisations/{org.id}/members"
    page = html(client.get(f"/organisations/{org.id}/members"))
    assert "An invitation has been sent to nia.roberts@example.nhs.uk" in page
    assert "Withdraw" in page  # the open invitation

    link = urlsplit(mailbox.link_in(mailbox.last_to("nia.roberts@example.nhs.uk")))
    assert link.path.startswith("/invitations/")
    client.post("/sign-out", data={"csrf_token": csrf_from(client, "/account")})
    page = html(client.get(link.path))
    assert f"Join {org.name}" in page and "create an account" in page
    token = csrf_from(client, "/register")
    response = client.post("/register", data={"name": "Nia Roberts", "email": "nia.roberts@example.nhs.uk",
                                              "password": "a long enough password", "csrf_token": token,
                                              "next": link.path})
    assert response.status_code == 302 and response.headers["Location"] == link.path
    token = csrf_from(client, link.path)
    response = client.post(link.path, data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == f"/organisations/{org.id}"
    page = html(client.get(f"/organisations/{org.id}/members"))
    assert "Nia Roberts" in page and "nia.roberts@example.nhs.uk" in page
    assert "Send invitation" not in page  # a member, not an admin
    assert client.get(link.path).status_code == 400  # the link works once


def test_an_admin_withdraws_an_invitation_and_removes_a_member(client, factory, trust, mailbox):
    org, admin = trust
    member, _ = factory.user(org, role="member")
    sign_in(client, admin)
    token = csrf_from(client, f"/organisations/{org.id}/members")
    client.post(f"/organisations/{org.id}/invitations", data={"email": "later@example.nhs.uk", "role": "admin",
                                                              "csrf_token": token})
    page = html(client.get(f"/organisations/{org.id}/members"))
    invitation_id = re.search(rf"/organisations/{org.id}/invitations/(\d+)/withdraw", page).group(1)
    response = client.post(f"/organisations/{org.id}/invitations/{invitation_id}/withdraw", data={"csrf_token": token})
    assert response.status_code == 302
    page = html(client.get(f"/organisations/{org.id}/members"))
    assert "The invitation has been withdrawn" in page and "No invitations are waiting" in page
    link = urlsplit(mailbox.link_in(mailbox.last_to("later@example.nhs.uk")))
    assert "has been withdrawn" in html(client.get(link.path))

    response = client.post(f"/organisations/{org.id}/members/{member.id}/remove", data={"csrf_token": token})
    assert response.status_code == 302
    page = html(client.get(f"/organisations/{org.id}/members"))
    assert "The member has been removed" in page and member.email not in page

    # The last admin: the service refuses (409) and the page says why, in the error summary.
    response = client.post(f"/organisations/{org.id}/members/{admin.id}/remove", data={"csrf_token": token})
    assert response.status_code == 409
    page = html(response)
    assert "There is a problem" in page and "must keep at least one admin" in page
    assert admin.email in page


def test_a_bad_email_shows_the_error_summary_and_keeps_the_value(client, trust, mailbox):
    org, admin = trust
    sign_in(client, admin)
    token = csrf_from(client, f"/organisations/{org.id}/members")
    response = client.post(f"/organisations/{org.id}/invitations",
                           data={"email": "not an email", "role": "member", "csrf_token": token})
    assert response.status_code == 422
    page = html(response)
    assert "<title>Error: " in page and 'href="#email"' in page
    assert 'value="not an email"' in page
    response = client.post(f"/organisations/{org.id}/invitations", data={"email": "", "role": "",
                                                                         "csrf_token": token})
    assert response.status_code == 422
    assert "Enter their email address" in html(response)
    response = client.post(f"/organisations/{org.id}/invitations", data={"email": admin.email, "role": "member",
                                                                         "csrf_token": token})
    assert response.status_code == 422 and "already a member" in html(response)
    assert mailbox.messages == []


def test_a_member_sees_the_members_but_cannot_manage_them(client, factory, trust):
    org, admin = trust
    member, _ = factory.user(org, role="member")
    sign_in(client, member)
    page = html(client.get(f"/organisations/{org.id}/members"))
    assert admin.email in page and member.email in page
    assert "Send invitation" not in page and "Remove" not in page and "Withdraw" not in page
    assert 'href="/organisations/%d/members"' % org.id in html(client.get(f"/organisations/{org.id}"))
    token = csrf_from(client, f"/organisations/{org.id}/members")
    for path, data in ((f"/organisations/{org.id}/invitations", {"email": "friend@example.nhs.uk", "role": "admin"}),
                       (f"/organisations/{org.id}/members/{admin.id}/remove", {})):
        response = client.post(path, data={**data, "csrf_token": token})
        assert response.status_code == 403, path
        assert "You do not have permission" in html(response)


def test_other_people_cannot_see_the_members(client, factory, trust):
    org, _ = trust
    outsider, _ = factory.user(factory.organisation("innovator"), role="admin")
    response = client.get(f"/organisations/{org.id}/members")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in?next=")
    sign_in(client, outsider)
    response = client.get(f"/organisations/{org.id}/members")
    assert response.status_code == 403 and "<h1" in html(response)
    assert "Members" not in html(client.get(f"/organisations/{org.id}"))
    token = csrf_from(client, "/account")
    response = client.post(f"/organisations/{org.id}/invitations", data={"email": "x@example.nhs.uk", "role": "member",
                                                                         "csrf_token": token})
    assert response.status_code == 403
    assert client.get("/organisations/999999/members").status_code == 404


# --- account, API clients, admin ------------------------------------------------------------------------

def test_api_client_secret_is_shown_once(client, trust):
    org, user = trust
    sign_in(client, user)
    token = csrf_from(client, f"/organisations/{org.id}/api-clients")
    response = client.post(f"/organisations/{org.id}/api-clients", data={"name": "Procurement", "scopes": ["listings:read"],
                                                                        "csrf_token": token})
    page = html(response)
    secret = re.search(r'id="client-secret">([^<]+)<', page).group(1)
    assert secret.startswith("mkts_")
    assert secret not in html(client.get(f"/organisations/{org.id}/api-clients"))
    bad = client.post(f"/organisations/{org.id}/api-clients", data={"name": "", "csrf_token": token})
    assert bad.status_code == 422 and 'href="#name"' in html(bad) and 'href="#scopes"' in html(bad)


def test_admin_verifies_suspends_and_reads_the_audit_log(client, factory, innovator):
    admin, _ = factory.user(platform_admin=True)
    sign_in(client, admin)
    assert innovator[0].name in html(client.get("/admin/organisations"))
    token = csrf_from(client, "/admin/organisations")
    response = client.post(f"/admin/organisations/{innovator[0].id}/verification",
                           data={"verified": "true", "csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert innovator[0].verified
    response = client.post(f"/admin/users/{innovator[1].id}/suspension",
                           data={"suspended": "true", "reason": "test", "csrf_token": token})
    assert response.status_code == 302
    assert "Suspended" in html(client.get("/admin/users"))
    page = html(client.get("/admin/audit?action=organisation.verify"))
    assert "organisation.verify" in page


def test_an_unexpected_error_is_an_html_500_page(client, monkeypatch):
    from search import service

    def broken(*args, **kwargs):
        raise RuntimeError("the index fell over")

    monkeypatch.setattr(service, "search", broken)
    response = client.get("/solutions")
    assert response.status_code == 500
    page = html(response)
    assert "Sorry, there is a problem with the service" in page
    assert "the index fell over" not in page and "Traceback" not in page


def test_too_large_a_form_is_an_html_413_page(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    try:
        response = client.post("/sign-in", data={"email": "x" * 5000})
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024
    assert response.status_code == 413 and "What you sent is too large" in html(response)


def test_too_many_sign_ins_is_an_html_429_page_with_retry_after(client, app, trust):
    app.config["RATELIMIT_SIGN_IN"] = "2 per minute"
    try:
        statuses = []
        for _ in range(3):
            token = csrf_from(client)
            statuses.append(client.post("/sign-in", data={"email": trust[1].email, "password": "wrong password",
                                                          "csrf_token": token}))
    finally:
        app.config["RATELIMIT_SIGN_IN"] = "10 per minute;50 per hour"
    last = statuses[-1]
    assert last.status_code == 429 and "Too many attempts" in html(last)
    assert int(last.headers["Retry-After"]) > 0


def test_single_sign_on_button_only_when_configured(client, app):
    assert "Sign in with" not in html(client.get("/sign-in"))
    app.config.update(OIDC_ISSUER="https://login.example.nhs.uk", OIDC_CLIENT_ID="marketplace",
                      OIDC_PROVIDER_NAME="NHS Care Identity")
    try:
        page = html(client.get("/sign-in?next=/needs/new"))
    finally:
        app.config.update(OIDC_ISSUER="", OIDC_CLIENT_ID="")
    assert "Sign in with NHS Care Identity" in page
    assert 'href="/sign-in/sso?next=/needs/new"' in page


NASTY = ["\x00", "a\x00b", "\x1b[31m", "é" * 300, "<script>alert(1)</script>", "' OR 1=1 --"]


@pytest.mark.parametrize("nasty", NASTY)
def test_nasty_input_never_gives_a_500(client, factory, trust, nasty):
    admin, _ = factory.user(platform_admin=True)
    token = csrf_from(client)
    for path, data in (("/sign-in", {"email": nasty, "password": nasty}),
                       ("/register", {"name": nasty, "email": nasty, "password": nasty}),
                       ("/account/reset-password", {"email": nasty})):
        response = client.post(path, data={**data, "csrf_token": token})
        assert response.status_code < 500, (path, response.status_code)
        assert "<script>alert(1)</script>" not in html(response)
    for path in ("/solutions?q=", "/needs?q=", "/co-design-partners?q=", "/solutions?clinical_areas=",
                 "/invitations/", "/account/reset-password/"):
        response = client.get(path + nasty)
        assert response.status_code < 500, (path, response.status_code)
    sign_in(client, admin)
    for path in ("/admin/users?q=", "/admin/organisations?q=", "/admin/audit?action="):
        assert client.get(path + nasty).status_code == 200
    sign_in(client, trust[1])
    token = csrf_from(client, "/needs/new")
    response = client.post("/needs/new", data=need_form(title=nasty, problem=nasty, csrf_token=token,
                                                        clinical_areas=[nasty], min_evidence_level=nasty))
    assert response.status_code in (302, 422), response.status_code


def test_bytes_that_are_not_utf8_never_give_a_500(client, trust):
    token = csrf_from(client)
    for path in ("/sign-in", "/register", "/account/reset-password"):
        body = f"email=%ED%A0%80%FF&name=%C0%AF&password=%ED%A0%80&csrf_token={token}"
        response = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (path, response.status_code)
    for path in ("/solutions?q=%ED%A0%80", "/needs?q=%FF%FE", "/invitations/%ED%A0%80"):
        assert client.get(path).status_code < 500, path
