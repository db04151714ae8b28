"""axe-core on every page (no serious or critical WCAG 2.2 A/AA violation), and screenshots
of the main pages at desktop and mobile widths in tests/browser/screenshots/."""
from __future__ import annotations

import re

import pytest

from .conftest import ADMIN, INNOVATOR, SCREENSHOTS, TRUST_USER, run_axe, sign_in

# Pages anyone can see: (name, path).
PUBLIC = [
    ("home", "/"),
    ("solutions", "/solutions?q=virtual+ward"),
    ("solutions-filtered", "/solutions?clinical_areas=respiratory&min_evidence_level=real-world"),
    ("needs", "/needs"),
    ("partners", "/co-design-partners?region=london"),
    ("sign-in", "/sign-in"),
    ("register", "/register"),
    ("reset-password", "/account/reset-password"),
    ("not-found", "/no-such-page"),
]


def _first_link(page, path: str, selector: str) -> str:
    page.goto(path)
    return page.locator(selector).first.get_attribute("href")


def _check(page, name: str, path: str, problems: dict) -> None:
    page.goto(path)
    assert re.search(r"\S", page.title())
    violations = run_axe(page)
    if violations:
        problems[name] = violations


def test_public_pages_have_no_serious_accessibility_violations(page):
    problems: dict = {}
    for name, path in PUBLIC:
        _check(page, name, path, problems)
    solution = _first_link(page, "/solutions", ".app-result h3 a")
    need = _first_link(page, "/needs", ".app-result h3 a")
    partner = _first_link(page, "/co-design-partners", ".app-result h3 a")
    for name, path in (("solution", solution), ("solution-matches", solution + "/matches"), ("need", need),
                       ("organisation", partner)):
        _check(page, name, path, problems)
    assert problems == {}


def test_signed_in_pages_have_no_serious_accessibility_violations(page):
    problems: dict = {}
    sign_in(page, TRUST_USER)
    for name, path in (("account", "/account"), ("need-form", "/needs/new")):
        _check(page, name, path, problems)
    # The form with errors: the error summary and field messages.
    page.goto("/needs/new")
    page.get_by_role("button", name="Save and publish").click()
    page.locator(".nhsuk-error-summary").wait_for()
    if v := run_axe(page):
        problems["need-form-errors"] = v
    org = _first_link(page, "/account", "main a[href^='/organisations/']")
    for name, path in (("organisation-as-admin", org), ("api-clients", org + "/api-clients"),
                       ("members-as-admin", org + "/members")):
        _check(page, name, path, problems)
    # The invite form with an error: summary, field message, value kept.
    page.get_by_label("Their email address").fill("not an email")
    page.get_by_role("button", name="Send invitation").click()
    page.locator(".nhsuk-error-summary").wait_for()
    if v := run_axe(page):
        problems["members-invite-errors"] = v
    page.context.clear_cookies()
    sign_in(page, INNOVATOR)
    _check(page, "solution-form", "/solutions/new", problems)
    # Where a solution is in use: the list, a deployment's form, and the form with errors.
    solution = _first_link(page, "/account", "main a[href^='/solutions/']")
    _check(page, "solution-edit", solution + "/edit", problems)
    _check(page, "deployments", solution + "/deployments", problems)
    page.get_by_role("button", name="Record deployment").click()
    page.locator(".nhsuk-error-summary").wait_for()
    if v := run_axe(page):
        problems["deployments-errors"] = v
    change = page.locator("#deployment-list a[href$='/edit']").first.get_attribute("href")
    _check(page, "deployment-form", change, problems)
    # Deleting a draft: the confirmation page (then the draft is deleted, leaving the demo data as it was).
    page.goto("/solutions/new")
    page.get_by_label("Name", exact=True).fill("Draft for the accessibility check")
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_role("heading", name="Draft for the accessibility check").wait_for()
    page.get_by_role("link", name="Edit this solution").click()
    page.get_by_role("link", name="Delete this draft").click()
    page.get_by_role("heading", name="Are you sure you want to delete this draft solution?").wait_for()
    if v := run_axe(page):
        problems["delete-draft"] = v
    page.get_by_role("button", name="Yes, delete this draft").click()
    page.wait_for_url("**/account")
    page.context.clear_cookies()
    sign_in(page, ADMIN)
    for name, path in (("admin", "/admin"), ("admin-organisations", "/admin/organisations"),
                       ("admin-users", "/admin/users"), ("admin-audit", "/admin/audit")):
        _check(page, name, path, problems)
    assert problems == {}


def test_a_form_without_a_csrf_token_gets_a_clear_page(page):
    page.goto("/sign-in")
    page.evaluate("document.querySelector('input[name=csrf_token]').remove()")
    page.get_by_label("Email address").fill(TRUST_USER)
    page.get_by_label("Password", exact=True).fill("whatever it is")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="There is a problem with your request").wait_for()
    assert "did not come from this service" in page.locator("main").inner_text()


SCREENSHOT_PAGES = [("home", "/"), ("solutions", "/solutions?clinical_areas=respiratory"), ("needs", "/needs"),
                    ("partners", "/co-design-partners"), ("sign-in", "/sign-in")]


@pytest.mark.parametrize("width", ["desktop", "mobile"])
def test_screenshots_of_the_main_pages(request, width):
    page = request.getfixturevalue("page" if width == "desktop" else "mobile_page")
    SCREENSHOTS.mkdir(exist_ok=True)
    pages = list(SCREENSHOT_PAGES)
    pages.append(("solution", _first_link(page, "/solutions", ".app-result h3 a")))
    pages.append(("need", _first_link(page, "/needs", ".app-result h3 a")))
    for name, path in pages:
        page.goto(path)
        # No horizontal scrolling at either width (WCAG 1.4.10 reflow).
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
        target = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 5_000
    sign_in(page, TRUST_USER)
    page.goto("/needs/new")
    page.get_by_role("button", name="Save and publish").click()
    page.locator(".nhsuk-error-summary").wait_for()
    page.screenshot(path=str(SCREENSHOTS / f"need-form-errors-{width}.png"), full_page=True)
    page.goto(_first_link(page, "/account", "main a[href^='/organisations/']") + "/members")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "members"
    page.screenshot(path=str(SCREENSHOTS / f"members-{width}.png"), full_page=True)
    page.context.clear_cookies()
    sign_in(page, INNOVATOR)
    page.goto(_first_link(page, "/account", "main a[href^='/solutions/']") + "/deployments")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "deployments"
    page.screenshot(path=str(SCREENSHOTS / f"deployments-{width}.png"), full_page=True)
