"""The index's declarations (search/documents.py) and what is derived from them. Pure: no backend."""
from __future__ import annotations

import pytest
from marshmallow import fields

from marketplace.models import Need, Organisation, Solution
from marketplace.schemas import search as search_schemas
from marketplace.web.home import SEARCHES
from search import documents, eligibility
from search.documents import INDEXED_KINDS


def _records():
    trust = Organisation(ref="t", name="A Trust", kind="nhs-trust", region="london", verified=True,
                         open_to_codesign=True, codesign_areas=["cancer"], version=1)
    innovator = Organisation(ref="i", name="Maker Ltd", kind="innovator", verified=False, version=1, codesign_areas=[])
    need = Need(id=1, ref="n", organisation=trust, organisation_id=1, title="T", problem="P", clinical_areas=["cancer"],
                care_settings=[], required_regulatory=["dtac"], min_evidence_level="pilot", status="published",
                version=1, open_to_codesign=False)
    solution = Solution(id=2, ref="s", organisation=innovator, organisation_id=2, name="N", summary="S",
                        clinical_areas=["cancer"], care_settings=[], regulatory=["dtac"], evidence_level="rct",
                        device_class="not-a-device", status="published", version=1, seeking_codesign=True)
    return {"need": documents.need_document(need), "solution": documents.solution_document(solution),
            "organisation": documents.organisation_document(trust)}


@pytest.mark.parametrize("kind", INDEXED_KINDS)
def test_every_field_of_a_document_is_declared_and_every_declared_field_is_written(kind):
    assert set(_records()[kind]) == {f.name for f in INDEXED_KINDS[kind].fields}


@pytest.mark.parametrize("kind", INDEXED_KINDS)
def test_the_api_takes_every_declared_filter_with_its_vocabulary(kind):
    schema = search_schemas.SEARCH[kind][0]()
    for name, (field, flt) in INDEXED_KINDS[kind].filters.items():
        argument = schema.fields[name]
        assert argument.metadata["description"] == flt.description
        if flt.mode == documents.FLAG:
            assert isinstance(argument, fields.Boolean)
        else:
            code = argument if flt.mode in documents.RANK_MODES else argument.inner
            assert code.vocabulary == field.vocabulary, name


@pytest.mark.parametrize("kind", INDEXED_KINDS)
def test_the_pages_offer_the_declared_filters_that_have_a_legend(kind):
    declared = {name for name, (_, flt) in INDEXED_KINDS[kind].filters.items() if flt.legend}
    page = SEARCHES[kind]
    offered = {name for name, _ in page["filters"]} | ({page["flag"][0]} if page["flag"] else set())
    if page["evidence"]:
        offered.add("min_evidence_level")
    assert offered == declared


@pytest.mark.parametrize("kind", ["need", "solution"])
def test_eligibility_reads_the_fields_declared_for_it(kind):
    declared = {f.name for f in INDEXED_KINDS[kind].fields if f.eligibility}
    assert eligibility.rule_fields(kind) == declared
