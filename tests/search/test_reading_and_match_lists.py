"""Queries read for their filters, and match lists that stay on target, page and say how strong
each match is: through the API and the pages, on each backend."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from auth.policy.identity import cli_actor
from marketplace.models import Need, Solution, db
from tests.factories import import_bundle
from search import match_lists, service
from tests.search.dataset import BUNDLE

ISSUE_QUERY = "trusts in the south west open to co-design in mental health"


@pytest.fixture
def loaded(search_app):
    import_bundle(cli_actor("test"), BUNDLE)
    return {r.ref: r.id for model in (Need, Solution) for r in db.session.execute(db.select(model)).scalars()}


def refs(response):
    return sorted(item["ref"] for item in response.json["items"])


# --- queries read for their filters --------------------------------------------------------

def test_organisation_query_is_read_applied_and_returned(api, loaded):
    r = api.get("/api/v1/organisations/", query_string={"q": ISSUE_QUERY})
    assert r.status_code == 200
    understood = r.json["understood"]
    assert understood["filters"] == {"kind": ["nhs-trust"], "region": ["south-west"], "open_to_codesign": True,
                                     "clinical_areas": ["mental-health"]}
    assert understood["text"] == ""
    assert [t["remove"] for t in understood["terms"]] == [
        "kind:nhs-trust", "region:south-west", "open_to_codesign:true", "clinical_areas:mental-health"]
    assert refs(r) == ["t-south"]


def test_misspelt_region_is_read(api, loaded):
    r = api.get("/api/v1/organisations/", query_string={"q": "trusts in the Nort West open to codesign"})
    assert r.json["understood"]["filters"]["region"] == ["north-west"]
    assert refs(r) == ["t-north"]


def test_a_removed_filter_stays_removed(api, loaded):
    q = "trusts open to co-design in the south west"
    assert refs(api.get("/api/v1/organisations/", query_string={"q": q})) == ["t-south"]
    r = api.get("/api/v1/organisations/", query_string={"q": q, "ignore": "region:south-west"})
    assert refs(r) == ["t-north", "t-south"]
    assert "region" not in r.json["understood"]["filters"]
    assert r.json["understood"]["ignored"] == ["region:south-west"]
    r = api.get("/api/v1/organisations/", query_string={"q": q, "reading": "off"})
    assert r.json["understood"]["filters"] == {} and r.json["understood"]["text"] == q


def test_the_persons_own_filters_are_never_overridden(api, loaded):
    r = api.get("/api/v1/organisations/", query_string={"q": "trusts in the south west", "region": "north-west"})
    assert "region" not in r.json["understood"]["filters"]
    assert refs(r) == ["t-north"]
    r = api.get("/api/v1/solutions/", query_string={"q": "co-design", "seeking_codesign": "false"})
    assert "seeking_codesign" not in r.json["understood"]["filters"]


def test_regulatory_and_evidence_words_filter_solutions(api, loaded):
    r = api.get("/api/v1/solutions/", query_string={"q": "UKCA-marked"})
    assert r.json["understood"]["filters"] == {"regulatory": ["ukca-ce-marked"]}
    assert refs(r) == ["s-copd", "s-spiro"]
    r = api.get("/api/v1/solutions/", query_string={"q": "with an RCT"})
    assert r.json["understood"]["filters"] == {"min_evidence_level": "rct"}
    assert refs(r) == ["s-spiro"]


def test_a_query_with_no_filter_words_is_searched_as_typed(api, loaded):
    r = api.get("/api/v1/solutions/", query_string={"q": "inhaler"})
    assert r.json["understood"] == {"filters": {}, "text": "inhaler", "terms": [], "ignored": []}
    # First; others near in meaning may follow (search.text_query), in rank order, not refs()'s sorted one.
    assert r.json["items"][0]["ref"] == "s-inhaler"


@pytest.mark.parametrize("q", ["the of and", "?!", "😀🚑", "日本語", "Ελληνικά κείμενα", "Midlans " * 1200,
                               "x" * 10_000, "matenity in the Yorkshre"])
@pytest.mark.parametrize("kind", ["solutions", "needs", "organisations"])
def test_bad_queries_answer_results_or_empty_never_an_error(api, loaded, kind, q):
    r = api.get(f"/api/v1/{kind}/", query_string={"q": q[:10_000]})
    assert r.status_code == 200, r.json
    assert isinstance(r.json["items"], list) and "understood" in r.json


@pytest.mark.parametrize("args, field", [({"reading": "maybe"}, "reading"), ({"ignore": "x" * 101}, "ignore")])
def test_bad_reading_arguments_are_422(api, loaded, args, field):
    r = api.get("/api/v1/solutions/", query_string=args)
    assert r.status_code == 422 and field in str(r.json)


def _links(html: str, text: str) -> list[str]:
    return [unescape(href) for href, inner in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
            if text in inner]


def test_partners_page_shows_what_was_read_and_removal_sticks(api, loaded):
    page = api.get("/co-design-partners", query_string={"q": "trusts in the south west in mental health"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Showing" in html and "<strong>South West</strong>" in html and "<strong>mental health</strong>" in html
    remove = [link for link in _links(html, "remove") if "region%3Asouth-west" in link or "region:south-west" in link]
    assert len(remove) == 1
    after = api.get(remove[0]).get_data(as_text=True)
    assert "<strong>South West</strong>" not in after and "Removed from your search" in after
    assert '<input type="hidden" name="ignore" value="region:south-west">' in after
    # the next search from the form still leaves the region out
    again = api.get("/co-design-partners", query_string={"q": "trusts in the south west", "ignore": "region:south-west"})
    assert "<strong>South West</strong>" not in again.get_data(as_text=True)
    words_only = _links(html, "Search for the words only")
    assert words_only and parse_qs(urlsplit(words_only[0]).query)["reading"] == ["off"]


def test_search_page_with_bad_reading_arguments_still_answers(api, loaded):
    r = api.get("/solutions", query_string={"q": "UKCA", "reading": "nonsense", "ignore": "x" * 200})
    assert r.status_code == 200


# --- match lists ---------------------------------------------------------------------------

REMINDER_WORDS = ["text message", "two-way SMS", "automated voice call", "app notification", "email and text"]


def _many_matches_bundle() -> dict:
    """A need about missed appointments; 22 reminder services that meet it, one eligible product
    in the same area about something else, and two near misses (pilot evidence where real-world
    is required): one about the problem, one not."""
    orgs = [{"ref": "t-one", "name": "Oakham Hospitals NHS Trust", "kind": "nhs-trust", "ods_code": "RO1",
             "region": "midlands"},
            {"ref": "inn-a", "name": "Reminder Makers Ltd", "kind": "innovator", "region": "london"}]
    solutions = []
    for i in range(22):
        solutions.append({
            "ref": f"s-rem-{i:02d}", "organisation": "inn-a", "name": f"Clinic reminder service {i}",
            "summary": f"Sends {REMINDER_WORDS[i % 5]} reminders before outpatient appointments so fewer patients "
                       "miss them, and lets patients cancel or rebook.",
            "clinical_areas": ["operations-patient-flow"], "care_settings": ["acute-hospital"],
            "evidence_level": "real-world", "regulatory": ["dtac"], "status": "published"})
    solutions.append({
        "ref": "s-offtarget", "organisation": "inn-a", "name": "Surgical instrument tray tracker",
        "summary": "Barcode tracking of sterile instrument trays between theatres and decontamination.",
        "clinical_areas": ["operations-patient-flow"], "care_settings": ["acute-hospital"],
        "evidence_level": "guidance", "regulatory": ["dtac", "ukca-ce-marked"], "status": "published"})
    solutions.append({
        "ref": "s-near", "organisation": "inn-a", "name": "Outpatient appointment reminders by text",
        "summary": "Text message reminders before outpatient appointments that cut missed appointments; patients "
                   "reply to cancel or rebook.",
        "clinical_areas": ["operations-patient-flow"], "care_settings": ["acute-hospital"],
        "evidence_level": "pilot", "regulatory": ["dtac"], "status": "published"})
    solutions.append({
        "ref": "s-far", "organisation": "inn-a", "name": "Hospital car park payment kiosk",
        "summary": "Pay-on-exit kiosks for visitor car parks with contactless payment.",
        "clinical_areas": ["operations-patient-flow"], "care_settings": ["acute-hospital"],
        "evidence_level": "pilot", "regulatory": ["dtac"], "status": "published"})
    needs = [{"ref": "n-missed", "organisation": "t-one", "title": "Reduce missed outpatient appointments",
              "problem": "One in ten outpatient appointments is missed; patients tell us they forgot or could not "
                         "easily cancel, and the slots go to waste.",
              "clinical_areas": ["operations-patient-flow"], "care_settings": ["acute-hospital"],
              "min_evidence_level": "real-world", "required_regulatory": ["dtac"], "status": "published"}]
    return {"organisations": orgs, "solutions": solutions, "needs": needs}


@pytest.fixture
def many(search_app):
    import_bundle(cli_actor("test"), _many_matches_bundle())
    return {r.ref: r.id for model in (Need, Solution) for r in db.session.execute(db.select(model)).scalars()}


def _matches(api, need_id, **args):
    r = api.get(f"/api/v1/needs/{need_id}/matches", query_string=args)
    assert r.status_code == 200, r.json
    return r.json


def test_matches_page_through_every_eligible_one(api, many):
    pages = [_matches(api, many["n-missed"], page=p, per_page=10) for p in (1, 2, 3)]
    seen = [i["solution"]["ref"] for page in pages for i in page["items"]]
    assert [len(p["items"]) for p in pages] == [10, 10, 3]
    assert len(set(seen)) == 23 and pages[0]["total"] == 23
    assert all(p["page"] == n and p["per_page"] == 10 for n, p in zip((1, 2, 3), pages))
    assert _matches(api, many["n-missed"], page=4, per_page=10)["items"] == []
    # limit keeps working as the page size
    assert len(_matches(api, many["n-missed"], limit=5)["items"]) == 5


def test_an_eligible_match_about_something_else_is_not_in_the_first_results(api, many):
    first = _matches(api, many["n-missed"], per_page=10)["items"]
    assert "s-offtarget" not in [i["solution"]["ref"] for i in first]
    every = _matches(api, many["n-missed"], per_page=100)["items"]
    assert every[-1]["solution"]["ref"] == "s-offtarget"  # demoted, never hidden
    assert every[-1]["strength"] == "partial"
    assert {i["strength"] for i in every} <= {"strong", "good", "partial"}
    assert first[0]["strength"] in ("strong", "good")


def test_near_misses_only_when_about_the_problem_and_only_after_page_one(api, many):
    items = _matches(api, many["n-missed"], include_near_misses="true")["items"]
    near = {i["solution"]["ref"]: i for i in items if not i["eligible"]}
    assert "s-near" in near and near["s-near"]["gaps"] == ["Evidence: pilot; real-world evidence required"]
    assert "s-far" not in near
    second = _matches(api, many["n-missed"], include_near_misses="true", page=2)["items"]
    assert second and all(i["eligible"] for i in second)


@pytest.mark.parametrize("args, field", [
    ({"page": 0}, "page"), ({"per_page": 101}, "per_page"), ({"page": 200, "per_page": 10}, "page"),
    ({"page": "two"}, "page"), ({"limit": 0}, "limit"),
])
def test_bad_match_paging_is_422(api, many, args, field):
    r = api.get(f"/api/v1/needs/{many['n-missed']}/matches", query_string=args)
    assert r.status_code == 422 and field in str(r.json)


def test_solution_matches_page_too(api, many):
    r = api.get(f"/api/v1/solutions/{many['s-rem-00']}/matches", query_string={"page": 1, "per_page": 1})
    assert r.status_code == 200 and r.json["page"] == 1 and r.json["per_page"] == 1
    assert [i["need"]["ref"] for i in r.json["items"]] == ["n-missed"]
    assert r.json["items"][0]["strength"] in ("strong", "good", "partial")


def test_need_page_shows_strength_and_pages(api, many):
    html = api.get(f"/needs/{many['n-missed']}").get_data(as_text=True)
    assert re.search(r"(Strong|Good) match", html)
    assert "Showing 1 to 10 of 23" in html
    nxt = [unescape(href) for href in re.findall(r'href="([^"]+)" rel="next"', html)]
    assert nxt and nxt[0].startswith(f"/needs/{many['n-missed']}?") and "page=2" in nxt[0]
    second = api.get(nxt[0]).get_data(as_text=True)
    assert "Showing 11 to 20 of 23" in second and 'id="near-misses"' not in second
    assert api.get(f"/needs/{many['n-missed']}?page=abc").status_code == 200
    html = api.get(f"/solutions/{many['s-rem-00']}/matches").get_data(as_text=True)
    assert re.search(r"(Strong|Good|Partial) match", html)


# --- the strength words, from the score (pure) ----------------------------------------------

def test_strength_words():
    assert match_lists.strength(0.9, True) == "strong"
    assert match_lists.strength(match_lists.STRENGTHS[0][1], True) == "strong"
    assert match_lists.strength(0.5, True) == "good"
    assert match_lists.strength(0.1, True) == "partial"
    assert match_lists.strength(0.9, False) == "partial"
