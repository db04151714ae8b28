"""The main journeys in a real browser: a trust posts a need and sees its matches change;
an innovator lists a solution, finds needs and a co-design partner; and the trust's
journey again with the keyboard alone."""
from __future__ import annotations

import re

from .conftest import DEMO_PASSWORD, INNOVATOR, TRUST_USER, sign_in

NEED_TITLE = "Keeping people with COPD well at home"
NEED_PROBLEM = ("People with COPD are admitted again and again in winter. We want remote monitoring "
                "at home so that community respiratory teams can act before a flare-up becomes an admission.")


def _eligible(page) -> tuple[int, list[str]]:
    intro = page.locator("#matches + p").inner_text()
    total = int(re.match(r"(\d+)", intro).group(1))
    names = page.locator("#eligible-matches h3").all_inner_texts()
    return total, names


def test_trust_posts_a_need_publishes_it_and_sees_matches_change(page):
    sign_in(page, TRUST_USER)
    page.get_by_role("link", name="Post a need").first.click()
    page.get_by_role("heading", name="Post a need").wait_for()

    # Publishing with nothing filled in: the error summary names each field, values kept.
    page.get_by_label("Title").fill(NEED_TITLE)
    page.get_by_role("button", name="Save and publish").click()
    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for()
    assert page.title().startswith("Error: ")
    assert "Enter the problem before publishing" in summary.inner_text()
    assert page.get_by_label("Title").input_value() == NEED_TITLE
    # The summary's links take you to the field.
    summary.get_by_role("link", name="Enter the problem before publishing").click()
    assert page.evaluate("document.activeElement.id") == "problem"

    page.get_by_label("The problem").fill(NEED_PROBLEM)
    page.get_by_role("group", name="Clinical areas").get_by_label("Respiratory").check()
    page.get_by_role("group", name="Minimum evidence you need").get_by_label("Pilot").check()
    page.get_by_role("group", name="Regulatory requirements (optional)").get_by_label(
        "Digital Technology Assessment Criteria (DTAC) passed").check()
    page.get_by_role("button", name="Save and publish").click()
    page.get_by_role("heading", name=NEED_TITLE).wait_for()
    assert "has been saved and published" in page.locator(".nhsuk-notification-banner").inner_text()
    assert page.locator(".nhsuk-tag", has_text="Published").count() == 1

    before_total, before = _eligible(page)
    assert before_total >= 1 and before
    first = page.locator("#eligible-matches > li").first
    assert "Why it matches" in first.inner_text()
    assert first.locator(".app-reasons li").count() >= 1
    # Near misses are listed only when about the problem (search.match_lists.NEAR_MISS_*); each says
    # what is missing. (Here none may be close enough; those that drop out below are.)
    near = page.locator("#near-miss-matches > li")
    for i in range(near.count()):
        assert "What is missing" in near.nth(i).inner_text()
        assert near.nth(i).locator(".app-gaps li").count() >= 1

    # Ask for stronger evidence: fewer solutions qualify, and the ones that drop out say why.
    page.get_by_role("link", name="Edit this need").click()
    page.get_by_role("group", name="Minimum evidence you need").get_by_label("Comparative study").check()
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("heading", name=NEED_TITLE).wait_for()
    after_total, after = _eligible(page)
    assert after_total < before_total
    assert after != before
    dropped = [name for name in before if name not in after]
    gaps = page.locator("#near-miss-matches").inner_text()
    assert dropped and any(name in gaps for name in dropped)
    assert re.search(r"[Ee]vidence", gaps)


def test_innovator_lists_a_solution_finds_needs_and_a_codesign_partner(page):
    sign_in(page, INNOVATOR)
    page.get_by_role("link", name="List a solution").first.click()
    page.get_by_label("Name", exact=True).fill("Breathe Easy at Home")
    page.get_by_label("Summary").fill("Remote monitoring for people with COPD, so community respiratory "
                                      "teams act before a flare-up becomes an admission.")
    page.get_by_role("group", name="Clinical areas").get_by_label("Respiratory").check()
    page.get_by_role("group", name="The strongest evidence you have").get_by_label("Real-world evidence").check()
    page.get_by_role("group", name="Regulatory status (optional)").get_by_label(
        "Digital Technology Assessment Criteria (DTAC) passed").check()
    page.get_by_role("group", name="Are you looking for NHS partners to co-design with?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save and publish").click()
    page.get_by_role("heading", name="Breathe Easy at Home").wait_for()
    assert page.locator(".nhsuk-tag", has_text="Seeking co-design partners").count() == 1

    # The solution's own matches: needs it could meet, with reasons.
    page.get_by_role("link", name="Needs this solution could meet").click()
    page.get_by_role("heading", name="Needs this solution could meet").wait_for()
    assert page.locator("#eligible-matches > li").count() >= 1
    assert page.locator("#eligible-matches .app-reasons li").count() >= 1

    # Find needs by search and filters (a plain GET form: no JavaScript needed).
    page.get_by_role("link", name="Find needs").first.click()
    page.get_by_label("Search needs").fill("COPD")
    page.get_by_role("button", name="Apply filters").click()
    heading = page.locator("#results-heading").inner_text()
    unfiltered = int(re.match(r"([\d,]+)", heading).group(1).replace(",", ""))
    assert unfiltered >= 1
    page.get_by_role("group", name="Clinical area").get_by_role(
        "checkbox", name=re.compile(r"^Respiratory \(\d+\)$")).check()
    page.get_by_role("button", name="Apply filters").click()
    assert "clinical_areas=respiratory" in page.url
    filtered = int(re.match(r"([\d,]+)", page.locator("#results-heading").inner_text()).group(1).replace(",", ""))
    assert 1 <= filtered <= unfiltered
    page.locator(".app-result h3 a").first.click()
    page.get_by_role("heading", name="The problem").wait_for()

    # A co-design partner: NHS organisations open to co-design in respiratory care.
    page.get_by_role("link", name="Co-design partners").first.click()
    page.get_by_role("group", name="Co-design in clinical area").get_by_role(
        "checkbox", name=re.compile(r"^Respiratory \(\d+\)$")).check()
    page.get_by_role("button", name="Apply filters").click()
    partner = page.locator(".app-result h3 a").first
    name = partner.inner_text()
    partner.click()
    page.get_by_role("heading", name=name).wait_for()
    assert page.locator(".nhsuk-tag", has_text="Open to co-design").count() == 1
    assert "Respiratory" in page.locator(".nhsuk-summary-list").inner_text()


def _tab_to(page, description: str, check, limit: int = 150) -> None:
    """Press Tab until ``check(active element's properties)`` holds; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate("""() => { const e = document.activeElement; return {
            tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name'), type: e.getAttribute('type'),
            value: e.value === undefined ? null : e.value, text: (e.innerText || e.value || '').trim(),
            href: e.getAttribute('href'), visible: !!(e.offsetWidth || e.offsetHeight) }; }""")
        if check(active):
            assert active["visible"], f"{description} has focus but cannot be seen"
            return
    raise AssertionError(f"Tab never reached {description}")


def _focus_ring_visible(page) -> bool:
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' || s.boxShadow !== 'none' || s.backgroundColor !== 'rgba(0, 0, 0, 0)'; }""")


def test_the_trust_journey_with_the_keyboard_alone(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText.trim()") == "Skip to main content"
    _tab_to(page, "the Sign in link", lambda a: a["tag"] == "a" and a["text"] == "Sign in")
    assert _focus_ring_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign-in")
    _tab_to(page, "the email field", lambda a: a["id"] == "email")
    page.keyboard.type(TRUST_USER)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    _tab_to(page, "the Sign in button", lambda a: a["tag"] == "button" and a["text"] == "Sign in")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account")

    _tab_to(page, "Post a need", lambda a: a["tag"] == "a" and a["text"] == "Post a need")
    page.keyboard.press("Enter")
    page.wait_for_url("**/needs/new")
    _tab_to(page, "the title", lambda a: a["id"] == "title")
    page.keyboard.type("Fewer falls at night on frailty wards")
    page.keyboard.press("Tab")
    page.keyboard.type("Older patients fall at night when they get up alone; staff cannot watch every bay.")
    _tab_to(page, "the Frailty checkbox", lambda a: a["type"] == "checkbox" and a["value"] == "frailty-older-people")
    page.keyboard.press("Space")
    _tab_to(page, "the evidence radios", lambda a: a["type"] == "radio" and a["name"] == "min_evidence_level")
    page.keyboard.press("ArrowDown")  # concept -> prototype
    page.keyboard.press("ArrowDown")  # -> pilot
    assert page.evaluate("document.activeElement.value") == "pilot"
    _tab_to(page, "Save and publish", lambda a: a["tag"] == "button" and a["text"] == "Save and publish")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Fewer falls at night on frailty wards").wait_for()
    assert page.locator("#eligible-matches > li").count() >= 1

    # From the need to the first match, by keyboard.
    first = page.locator("#eligible-matches h3 a").first.inner_text()
    _tab_to(page, "the first match", lambda a: a["tag"] == "a" and a["text"] == first)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=first).wait_for()


def _press(page, description: str, check, wait_for: str | None = None) -> None:
    """Tab to an element, check its focus can be seen, and press Enter on it."""
    _tab_to(page, description, check)
    assert _focus_ring_visible(page), f"{description} shows no focus"
    page.keyboard.press("Enter")
    if wait_for:
        page.locator(".nhsuk-notification-banner", has_text=wait_for).wait_for()


def _link(text: str):
    return lambda a: a["tag"] == "a" and a["text"].startswith(text)


def _button(text: str):
    return lambda a: a["tag"] == "button" and a["text"].startswith(text)


def test_the_innovator_journey_with_the_keyboard_alone(page):
    """Sign in, list a draft solution, record where it is in use and change it, invite a colleague and
    withdraw the invitation, then delete the draft: Tab, arrows, Space and Enter only."""
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText.trim()") == "Skip to main content"
    _press(page, "the Sign in link", lambda a: a["tag"] == "a" and a["text"] == "Sign in")
    page.wait_for_url("**/sign-in")
    _tab_to(page, "the email field", lambda a: a["id"] == "email")
    page.keyboard.type(INNOVATOR)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    _press(page, "the Sign in button", lambda a: a["tag"] == "button" and a["text"] == "Sign in")
    page.wait_for_url("**/account")

    # List a solution, saved as a draft.
    _press(page, "List a solution", lambda a: a["tag"] == "a" and a["text"] == "List a solution")
    page.wait_for_url("**/solutions/new")
    _tab_to(page, "the name", lambda a: a["id"] == "name")
    page.keyboard.type("Kidney check at home")
    page.keyboard.press("Tab")
    page.keyboard.type("A home urine test for people with chronic kidney disease, read by a phone app.")
    _tab_to(page, "the Respiratory checkbox", lambda a: a["type"] == "checkbox" and a["value"] == "respiratory")
    page.keyboard.press("Space")
    _tab_to(page, "the evidence radios", lambda a: a["type"] == "radio" and a["name"] == "evidence_level")
    page.keyboard.press("ArrowDown")  # concept -> prototype
    assert page.evaluate("document.activeElement.value") == "prototype"
    _press(page, "Save as draft", _button("Save as draft"), wait_for="has been saved as a draft")
    page.get_by_role("heading", name="Kidney check at home", exact=True).wait_for()
    assert page.locator(".nhsuk-tag", has_text="Draft").count() == 1

    # Record where it is in use, then change what it achieved there.
    _press(page, "the deployments link", _link("Record or change where it is in use"))
    page.get_by_role("heading", name="Where it is in use", exact=True).wait_for()
    _tab_to(page, "the marketplace reference", lambda a: a["id"] == "organisation")
    page.keyboard.type("org-northfield-teaching-ft")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "since-month"
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("2024")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "outcome"
    page.keyboard.type("Fewer clinic visits for stable patients.")
    _press(page, "Record deployment", _button("Record deployment"), wait_for="has been recorded")
    row = page.locator("#deployment-list > li").first
    assert "March 2024" in row.inner_text() and "Fewer clinic visits" in row.inner_text()
    _press(page, "the Change link", _link("Change"))
    page.get_by_role("heading", name=re.compile("^Change the deployment at ")).wait_for()
    _tab_to(page, "the outcome", lambda a: a["id"] == "outcome")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("Clinic visits down by a quarter in six months.")
    _press(page, "Save changes", _button("Save changes"), wait_for="has been saved")
    assert "Clinic visits down by a quarter" in page.locator("#deployment-list").inner_text()

    # Invite a colleague, then withdraw the invitation.
    page.goto("/account")
    _press(page, "the members link", _link("Members and invitations"))
    page.get_by_role("heading", name="Members and invitations", exact=True).wait_for()
    _tab_to(page, "the email field", lambda a: a["id"] == "email")
    page.keyboard.type("colleague@example.com")
    _tab_to(page, "the role radios", lambda a: a["type"] == "radio" and a["name"] == "role")
    assert page.evaluate("document.activeElement.value") == "member"
    _press(page, "Send invitation", _button("Send invitation"), wait_for="An invitation has been sent")
    assert "colleague@example.com" in page.locator("#invitations + table").inner_text()
    _press(page, "Withdraw", _button("Withdraw"), wait_for="has been withdrawn")
    assert page.get_by_text("No invitations are waiting").count() == 1

    # Delete the draft from its edit page, after the confirmation page.
    page.goto("/account")
    _press(page, "the draft", _link("Kidney check at home"))
    page.get_by_role("heading", name="Kidney check at home", exact=True).wait_for()
    _press(page, "Edit this solution", _link("Edit this solution"))
    page.get_by_role("heading", name="Edit solution").wait_for()
    _press(page, "Delete this draft", _link("Delete this draft"))
    page.get_by_role("heading", name="Are you sure you want to delete this draft solution?").wait_for()
    _press(page, "Yes, delete this draft", _button("Yes, delete this draft"), wait_for="has been deleted")
    assert page.url.endswith("/account")
    assert page.get_by_role("link", name="Kidney check at home").count() == 0
