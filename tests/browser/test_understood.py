"""A query read for its filters, in a real browser: the person sees what was understood,
removes one filter, and it stays removed on the next search; match strength and pages on a
need. axe-core checks each page on the way."""
from __future__ import annotations

from .conftest import run_axe

QUERY = "trusts in the Midlands open to co-design in maternity"


def _understood(page) -> str:
    return page.locator("#understood").inner_text() if page.locator("#understood").count() else ""


def test_a_person_sees_removes_and_keeps_removed_a_filter_read_from_their_words(page):
    page.goto("/co-design-partners")
    page.locator("#q").fill(QUERY)
    page.get_by_role("button", name="Apply filters").click()
    page.locator("#understood").wait_for()
    shown = _understood(page)
    # "open to co-design" is the page's own filter already, so it is not read again
    assert "Showing" in shown and "NHS trusts" in shown and "Midlands" in shown
    assert "maternity and neonatal" in shown
    # No trust holds all of them: the page says so and goes on with what the words find without them.
    assert "No organisations open to co-design match your search." in page.content()
    assert page.locator("#beyond-reading-heading").is_visible()
    assert page.locator("ul[aria-labelledby=beyond-reading-heading] > li").count() > 0
    assert run_axe(page) == []

    page.get_by_role("link", name="remove Midlands").click()
    page.wait_for_url("**ignore=region*")
    assert "Midlands" not in _understood(page) and "maternity and neonatal" in _understood(page)
    assert "Midlands" in page.locator("#understood-removed").inner_text()
    assert run_axe(page) == []

    # A new search from the same form: the region the person removed stays removed.
    page.locator("#q").fill("NHS trusts in the Midlands doing maternity work")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "maternity and neonatal" in _understood(page) and "Midlands" not in _understood(page)
    assert "Midlands" in page.locator("#understood-removed").inner_text()

    # And it can be applied again.
    page.get_by_role("link", name="apply again Midlands").click()
    page.wait_for_load_state()
    assert "Midlands" in _understood(page)


def test_solution_search_reads_a_region_and_can_search_the_words_only(page):
    page.goto("/solutions")
    page.locator("#q").fill("virtual wards in the North East")
    page.get_by_role("button", name="Apply filters").click()
    page.locator("#understood").wait_for()
    assert "North East and Yorkshire" in _understood(page)
    assert run_axe(page) == []
    page.get_by_role("link", name="Search for the words only, without these filters").click()
    page.wait_for_url("**reading=off*")
    assert page.locator("#understood").count() == 0
    assert page.locator("#q").input_value() == "virtual wards in the North East"


def test_need_page_shows_match_strength_in_words(page):
    page.goto("/needs")
    page.locator(".app-result h3 a").first.click()
    page.locator("#matches").wait_for()
    cards = page.locator("#eligible-matches > li")
    if cards.count():
        assert cards.first.locator(".nhsuk-tag", has_text=" match").count() == 1
    assert run_axe(page) == []
