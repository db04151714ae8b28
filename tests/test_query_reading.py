"""search.query_reading: which filters a query's words name (pure: no database, no index)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace import taxonomy as tx
from search.query_reading import FILTERS_OF, FLAGS, SINGLE, ignore_key, read

VOCABULARY_OF_FILTER = {
    "clinical_areas": tx.CLINICAL_AREAS, "care_settings": tx.CARE_SETTINGS, "regulatory": tx.REGULATORY_STATUSES,
    "region": tx.REGIONS, "kind": tx.ORGANISATION_KINDS, "min_evidence_level": tx.EVIDENCE_LEVELS,
}


def test_the_issue_example_reads_four_filters_and_leaves_no_words():
    r = read("organisation", "trusts in the Midlands open to co-design in maternity")
    assert r.filters == {"kind": ["nhs-trust"], "region": ["midlands"], "open_to_codesign": True,
                         "clinical_areas": ["maternity-neonatal"]}
    assert [t.label for t in r.terms] == ["NHS trusts", "Midlands", "open to co-design", "maternity and neonatal"]
    assert r.text == ""


@pytest.mark.parametrize("kind, q, filters, text", [
    ("solution", "UKCA-marked", {"regulatory": ["ukca-ce-marked"]}, ""),
    ("solution", "app with an RCT", {"min_evidence_level": "rct"}, "app"),
    ("solution", "virtual wards in the North East", {"region": ["north-east-yorkshire"]}, "virtual wards"),
    ("solution", "seeking co-design for dementia", {"seeking_codesign": True, "clinical_areas": ["dementia"]}, ""),
    ("need", "ICBs asking for DTAC", {"kind": ["icb"], "regulatory": ["dtac"]}, "asking"),
    ("solution", "MSK physio triage", {"clinical_areas": ["musculoskeletal"]}, "physio triage"),  # a synonym
    ("solution", "care homes in Yorkshire", {"care_settings": ["social-care"], "region": ["north-east-yorkshire"]}, ""),
])
def test_words_read_as_filters(kind, q, filters, text):
    r = read(kind, q)
    assert r.filters == filters
    assert r.text == text


@pytest.mark.parametrize("q, code", [
    ("trusts in the Midlans", "midlands"), ("Yorkshre", "north-east-yorkshire"), ("LONDON", "london"),
    ("londn hospitals", None),  # too short to guess safely (five letters)
])
def test_misspelt_regions(q, code):
    assert read("organisation", q).filters.get("region") == ([code] if code else None)


def test_misspelt_area_but_not_another_word():
    assert read("solution", "matenity triage").filters == {"clinical_areas": ["maternity-neonatal"]}
    # one letter from "maternity", but a different word: the first letter differs
    assert read("solution", "paternity leave").filters == {}
    assert read("solution", "maternal").filters == {}  # below the cut-off


def test_words_for_a_filter_this_search_lacks_stay_text():
    # solutions have no organisation-kind filter; needs have no evidence filter
    r = read("solution", "used by NHS trusts")
    assert r.filters == {} and r.text == "used by NHS trusts"
    assert "min_evidence_level" not in read("need", "with an RCT").filters


def test_ambiguous_words_are_left_to_ranking():
    for q in ("we want to pilot a home app", "guidance for staff", "hospital pain"):
        assert read("solution", q).filters == {}, q


def test_one_evidence_level_and_no_repeats():
    r = read("solution", "rct RCT randomised controlled trial")
    assert r.filters == {"min_evidence_level": "rct"}
    assert len(read("organisation", "Midlands midlands").terms) == 1


def test_longest_phrase_wins():
    assert read("solution", "north east").filters == {"region": ["north-east-yorkshire"]}
    assert read("solution", "east of england").filters == {"region": ["east-of-england"]}


@pytest.mark.parametrize("q", ["", "   ", "the of and to", "?!.,;:", "😀😀😀", "日本語の検索", "أبحث عن", "x" * 10_000,
                               "co-" * 3000, "\x00\x1f"])
def test_bad_input_reads_nothing_and_does_not_fail(q):
    r = read("solution", q)
    assert r.filters == {}


def test_a_long_query_is_read_only_at_its_start_but_keeps_every_word():
    q = "maternity " + "word " * 2000 + "London"
    r = read("organisation", q)
    assert r.filters == {"clinical_areas": ["maternity-neonatal"]}
    assert r.text.endswith("London")


def test_ignore_keys():
    assert ignore_key("region", "midlands") == "region:midlands"
    assert ignore_key("open_to_codesign", True) == "open_to_codesign:true"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(FILTERS_OF)), q=st.text(max_size=300))
def test_any_text_reads_to_valid_filters(kind, q):
    r = read(kind, q)
    allowed = set(FILTERS_OF[kind].values())
    for name, value in r.filters.items():
        assert name in allowed
        if name in FLAGS:
            assert value is True
        elif name in SINGLE:
            assert value in tx.codes(VOCABULARY_OF_FILTER[name])
        else:
            assert value and set(value) <= tx.codes(VOCABULARY_OF_FILTER[name])
    for term in r.terms:
        assert all(word in q for word in term.words.split())
    assert len(r.text) <= len(q)


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(["Midlands", "maternity", "trusts", "open", "to", "co-design", "in", "the",
                                       "UKCA", "RCT", "with", "an", "London", "virtual", "ward", "😀", "ß"]),
                      max_size=12))
def test_filter_words_are_never_left_in_the_text(words):
    q = " ".join(words)
    r = read("organisation", q)
    left = r.text.split()
    for term in r.terms:
        for word in term.words.split():
            assert left.count(word) <= q.split().count(word) - 1


@pytest.mark.parametrize("q, applied", [
    ("care homes with dementia", True),                       # at the start
    ("dementia in care homes", True),                         # after a word of place
    ("remote monitoring at home", True),                      # a phrase that says where already
    ("help for kids waiting for mental health services", False),  # what the problem is about
    ("discharge delays from care homes", False),
])
def test_a_care_setting_is_read_only_where_the_record_is_used(q, applied):
    reading = read("solution", q)
    assert any(t.filter == "care_settings" for t in reading.terms) is applied
    if not applied:
        assert q.endswith(reading.text)  # the words left to rank by (the glue at the start aside)
