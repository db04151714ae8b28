"""From a match to adoption in a real browser, on the demo data (`flask demo journey`), with axe
on every page of the journey: the trust's dashboard, responses ranked with reasons, a response
with its thread, declining with a reason (and the error summary), the shortlist, a comparison of
three, closing the need with an outcome; the innovator's response form and claims page; the
deployments to confirm; co-design offers; joining another trust's need ("we have this problem
too"); confirming a deployment and reporting what changed; a near miss whose DTAC has expired."""
from __future__ import annotations

import re

from .conftest import INNOVATOR, TRUST_USER, run_axe, sign_in


def _axe(page, name: str, problems: dict) -> None:
    if violations := run_axe(page):
        problems[name] = violations


def test_the_trust_acts_on_responses_and_closes_with_an_outcome(page):
    problems: dict = {}
    sign_in(page, TRUST_USER)
    page.goto("/account")
    page.get_by_role("heading", name="What needs your attention").wait_for()
    assert "awaiting your answer" in page.content() and "to confirm" in page.content()
    _axe(page, "dashboard", problems)

    need_path = page.get_by_role("link", name=re.compile("Cutting outpatient DNAs")).first.get_attribute("href")
    page.goto(need_path)
    page.get_by_role("link", name=re.compile("Responses you can see")).click()
    page.locator("#responses h2 a").first.wait_for()  # the click navigates: wait for the new page
    names = page.locator("#responses h2 a").all_inner_texts()
    assert names[0] == "Brightpath Reminders" and "Willow Check-in" in names  # best match first
    assert "Overdue" in page.content()
    _axe(page, "responses", problems)

    page.get_by_role("link", name="Brightpath Reminders").click()
    page.get_by_role("heading", name="Brightpath Reminders").wait_for()
    assert "Could you share the Kingsgate evaluation" in page.content()
    _axe(page, "response", problems)
    page.goto(need_path + "/responses")

    # Decline the overdue one: first without a reason (the error summary), then with one.
    page.get_by_role("link", name="Willow Check-in").click()
    page.get_by_role("button", name="Decline").click()
    page.locator(".nhsuk-error-summary").wait_for()
    _axe(page, "decline-errors", problems)
    page.get_by_label("No capacity to take it on").check()
    page.get_by_role("button", name="Decline").click()
    page.get_by_text("has been told why").wait_for()

    page.goto(need_path + "/shortlist")
    _axe(page, "shortlist", problems)
    for box in page.locator("#shortlist input[type=checkbox]").all()[:3]:
        box.check()
    page.get_by_role("button", name="Compare").click()
    page.locator("#comparison").wait_for()
    assert page.locator("#comparison thead th").count() == 4  # the question column and three solutions
    _axe(page, "comparison", problems)

    page.goto("/notifications")
    _axe(page, "notifications", problems)
    page.goto("/deployments/awaiting-confirmation")
    assert "Brightpath Waiting Well" in page.content()
    _axe(page, "deployments-to-confirm", problems)
    page.goto("/codesign-offers")
    assert "Outpatients test bed and patient panel" in page.content()
    _axe(page, "codesign-offers", problems)

    page.goto(need_path + "/outcome")
    page.get_by_label("Adopted").check()
    page.get_by_role("button", name="Close the need").click()
    page.locator(".nhsuk-error-summary").wait_for()  # an adoption names its solution
    _axe(page, "outcome-errors", problems)
    page.get_by_label("Brightpath Reminders").check()
    page.get_by_role("button", name="Close the need").click()
    page.get_by_text("The need has been closed: adopted.").wait_for()
    assert problems == {}


def test_the_innovator_responds_and_keeps_its_claims(page):
    problems: dict = {}
    sign_in(page, INNOVATOR)
    page.goto("/needs?q=seizure")
    page.locator(".app-result h3 a").first.click()
    page.get_by_role("link", name="Respond to this need").click()
    _axe(page, "respond", problems)
    page.get_by_role("button", name="Send response").click()
    page.locator(".nhsuk-error-summary").wait_for()
    _axe(page, "respond-errors", problems)
    page.locator("input[name=solution_id]").first.check()
    page.get_by_label("Why it answers this need").fill("We can monitor at home.")
    page.get_by_role("button", name="Send response").click()
    page.get_by_text("You will be told when they answer").wait_for()

    page.goto("/solutions?q=Brightpath+Reminders")
    page.get_by_role("link", name="Brightpath Reminders").first.click()
    page.get_by_role("heading", name="Readiness checklist").wait_for()
    assert "DTAC-2025-0117" in page.content() and "Confirmed by" in page.content()
    _axe(page, "solution-with-checklist", problems)
    page.get_by_role("link", name="Add references and expiry dates to your claims").click()
    _axe(page, "claims", problems)
    assert problems == {}


def test_the_trust_joins_a_need_sees_an_expired_claim_and_confirms_an_adoption(page):
    """The demo's expired DTAC claim (Frontdoor Proactive Recall, `flask demo journey`) drops it to a
    near miss on Tollgate Surgery's need; Northfield joins that need, then confirms that it uses
    Brightpath Waiting Well and reports what changed."""
    problems: dict = {}
    sign_in(page, TRUST_USER)
    page.goto("/needs?q=housebound+frail")
    page.get_by_role("link", name="Proactive care for housebound and frail patients").first.click()
    page.get_by_role("heading", name="Near misses").wait_for()
    near = page.locator("#near-miss-matches").inner_text()
    assert "Frontdoor Proactive Recall" in near and "DTAC expired" in near
    _axe(page, "near-miss-expired-claim", problems)
    need_url = page.url

    # "We have this problem too": a wrong number first (the error summary), then the join.
    page.get_by_role("link", name="We have this problem too").click()
    page.get_by_role("heading", name="We have this problem too").wait_for()
    _axe(page, "join", problems)
    page.get_by_label("Population served with this problem (optional)").fill("lots")
    page.get_by_role("button", name="Join this need").click()
    page.locator(".nhsuk-error-summary").wait_for()
    _axe(page, "join-errors", problems)
    page.get_by_label("Population served with this problem (optional)").fill("180000")
    page.get_by_label("Sites where you would use a solution (optional)").fill("2")
    page.get_by_role("button", name="Join this need").click()
    page.get_by_role("heading", name="Organisations with this need").wait_for()
    assert page.url.split("#")[0] == need_url.split("#")[0]
    assert "Northfield Teaching Hospitals NHS Foundation Trust, 180,000 people" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="We have this problem too").count() == 0  # joined once only
    _axe(page, "need-joined", problems)

    # Confirm a deployment an innovator claimed, then report what changed (first empty: the error summary).
    page.goto("/deployments/awaiting-confirmation")
    page.get_by_role("button", name="Confirm we use Brightpath Waiting Well").click()
    page.get_by_role("heading", name="Report what changed").wait_for()
    _axe(page, "outcome-report", problems)
    page.get_by_role("button", name="Publish report").click()
    page.locator(".nhsuk-error-summary").wait_for()
    _axe(page, "outcome-report-errors", problems)
    report = "Follow-up waiting list contacts rose from 40% to 85% in three months."
    page.get_by_label("What changed, with figures").fill(report)
    page.get_by_role("button", name="Publish report").click()
    page.get_by_role("heading", name="Where it is in use").wait_for()
    content = page.content()
    assert "Confirmed by Northfield Teaching Hospitals NHS Foundation Trust" in content and report in content
    _axe(page, "solution-confirmed-with-outcome", problems)
    page.goto("/deployments/awaiting-confirmation")
    assert "Brightpath Waiting Well" not in page.locator("main").inner_text()
    assert problems == {}
