"""Saved searches in a real browser: save from the search page, the error summary, the list of
saved searches with its alert choices; axe-core on each (no serious or critical violation)."""
from __future__ import annotations

from .conftest import TRUST_USER, run_axe, sign_in


def test_save_a_search_and_choose_its_alerts(page):
    problems: dict = {}
    sign_in(page, TRUST_USER)
    page.goto("/solutions?clinical_areas=respiratory&q=home")
    page.get_by_role("link", name="Save this search").click()
    page.get_by_role("heading", name="Save this search").wait_for()
    if v := run_axe(page):
        problems["save-search"] = v
    page.get_by_label("Name this search").fill("")
    page.get_by_role("button", name="Save search").click()
    page.locator(".nhsuk-error-summary").wait_for()
    if v := run_axe(page):
        problems["save-search-errors"] = v
    page.get_by_label("Name this search").fill("Breathing at home")
    page.get_by_role("button", name="Save search").click()
    page.get_by_role("heading", name="Your saved searches").wait_for()
    assert page.get_by_role("link", name="Breathing at home").is_visible()
    if v := run_axe(page):
        problems["saved-searches"] = v
    # Leave the demo data as it was.
    page.get_by_role("button", name="Delete this search").last.click()
    page.get_by_text("has been deleted").wait_for()
    assert problems == {}
