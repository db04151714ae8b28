"""The controlled vocabularies: the data file, the loader and GET /taxonomy."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from marketplace import lifecycle, taxonomy
from marketplace.models import NHS_KINDS
from marketplace.schemas import listings as ls
from marketplace.schemas.fields import Code, CodeList

VOCABULARIES = [
    taxonomy.CLINICAL_AREAS, taxonomy.CARE_SETTINGS, taxonomy.EVIDENCE_LEVELS, taxonomy.REGULATORY_STATUSES,
    taxonomy.DEVICE_CLASSES, taxonomy.ORGANISATION_KINDS, taxonomy.REGIONS, taxonomy.PRICE_MODELS,
]
# The shared contract, as the repository keeps it.
CONTRACT = Path(__file__).resolve().parents[1] / "docs" / "contracts" / "taxonomy.json"


@pytest.mark.parametrize("name", VOCABULARIES)
def test_every_vocabulary_has_unique_well_formed_codes_and_labels(name):
    entries = taxonomy.vocabulary(name).entries
    codes = [e["code"] for e in entries]
    assert len(codes) >= 5
    assert len(codes) == len(set(codes)), f"repeated code in {name}"
    for entry in entries:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry["code"]), entry
        assert entry["label"].strip() == entry["label"] and entry["label"]
    assert taxonomy.codes(name) == frozenset(codes)


def test_the_file_holds_exactly_the_known_vocabularies_and_sections():
    assert set(taxonomy.VOCABULARIES) == set(VOCABULARIES)
    assert set(taxonomy.raw()) == {"about", *VOCABULARIES, taxonomy.NEIGHBOURS, taxonomy.SHORT_LABELS}


def test_the_file_extends_the_contract_and_changes_none_of_it():
    contract = json.loads(CONTRACT.read_text(encoding="utf-8"))
    ours = taxonomy.raw()
    for section, value in contract.items():
        assert ours.get(section) == value, f"taxonomy.json's {section!r} differs from the contract's"
    assert set(ours) - set(contract) == {taxonomy.NEIGHBOURS, taxonomy.SHORT_LABELS, taxonomy.PRICE_MODELS}


def test_every_neighbouring_pair_names_two_known_clinical_areas_once():
    areas = taxonomy.codes(taxonomy.CLINICAL_AREAS)
    pairs = taxonomy.raw()[taxonomy.NEIGHBOURS]["pairs"]
    assert pairs
    seen = set()
    for pair in pairs:
        assert len(pair) == 2 and set(pair) <= areas, f"unknown clinical area in {pair}"
        assert pair[0] != pair[1], f"{pair[0]} is listed as its own neighbour"
        # Symmetric by intent: a pair is listed once, in either order.
        assert frozenset(pair) not in seen, f"{pair} is listed twice"
        seen.add(frozenset(pair))


def test_neighbours_count_both_ways():
    near = taxonomy.clinical_area_neighbours()
    assert "neurology" in near["stroke"] and "stroke" in near["neurology"]
    for pair in taxonomy.raw()[taxonomy.NEIGHBOURS]["pairs"]:
        a, b = pair
        assert b in near[a] and a in near[b]
    assert sum(len(v) for v in near.values()) == 2 * len(taxonomy.raw()[taxonomy.NEIGHBOURS]["pairs"])
    assert "ophthalmology" not in near  # an area with no neighbour has none, not an error


def test_every_short_label_names_a_known_code_and_is_no_longer():
    sections = {k: v for k, v in taxonomy.raw()[taxonomy.SHORT_LABELS].items() if k != "about"}
    assert sections
    for name, labels in sections.items():
        assert name in VOCABULARIES, f"short labels for an unknown vocabulary {name!r}"
        for code, short in labels.items():
            assert code in taxonomy.codes(name), f"short label for unknown {name} code {code!r}"
            assert short.strip() == short and short
            assert len(short) <= len(taxonomy.label(name, code)), (name, code)


def test_short_labels_fall_back_to_the_label():
    assert taxonomy.short_label(taxonomy.REGULATORY_STATUSES, "dtac") == "DTAC"
    assert taxonomy.short_label(taxonomy.CLINICAL_AREAS, "renal") == "Kidney disease"


def test_evidence_levels_are_ordered_by_rank():
    levels = taxonomy.vocabulary(taxonomy.EVIDENCE_LEVELS).entries
    assert [e["code"] for e in levels] == [
        "concept", "prototype", "pilot", "real-world", "comparative", "rct", "guidance",
    ]
    assert [e["rank"] for e in levels] == list(range(7))
    assert taxonomy.evidence_rank("concept") == 0
    assert taxonomy.evidence_rank("rct") == 5
    assert taxonomy.evidence_rank("guidance") > taxonomy.evidence_rank("real-world")
    with pytest.raises(KeyError):
        taxonomy.evidence_rank("anecdote")


def test_device_classes_have_ranks():
    vocab = taxonomy.vocabulary(taxonomy.DEVICE_CLASSES)
    assert vocab.rank("not-a-device") == 0
    assert vocab.rank("class-iii") == 4
    assert vocab.rank("class-iia") < vocab.rank("class-iib")


def test_labels_are_what_people_read():
    assert taxonomy.label(taxonomy.CLINICAL_AREAS, "ophthalmology") == "Eye health"
    assert taxonomy.label(taxonomy.REGULATORY_STATUSES, "dtac") == (
        "Digital Technology Assessment Criteria (DTAC) passed"
    )
    # An unknown code is shown as itself rather than failing a page.
    assert taxonomy.label(taxonomy.REGIONS, "atlantis") == "atlantis"


def test_the_kinds_the_rules_name_exist():
    kinds = taxonomy.codes(taxonomy.ORGANISATION_KINDS)
    assert NHS_KINDS <= kinds
    assert lifecycle.OWNER_KINDS["solution"] <= kinds
    assert not NHS_KINDS & lifecycle.OWNER_KINDS["solution"]


def test_lifecycle_states_are_the_statuses_the_bundle_allows():
    from marketplace.schemas.bundle import BundleNeed, BundleSolution

    for kind, schema in (("need", BundleNeed), ("solution", BundleSolution)):
        statuses = schema().fields["status"].validators[0].choices
        reachable = {lifecycle.DRAFT}
        for sources, target in lifecycle.TRANSITIONS[kind].values():
            reachable |= sources | {target}
        assert reachable == set(statuses)


def _code_fields(schema_cls):
    for name, field in schema_cls().fields.items():
        if isinstance(field, (Code, CodeList)):
            yield name, field


def test_every_code_field_checks_a_real_vocabulary():
    seen = set()
    for schema_cls in (ls.OrganisationFields, ls.NeedFields, ls.SolutionFields):
        for name, field in _code_fields(schema_cls):
            assert taxonomy.codes(field.vocabulary), (schema_cls.__name__, name)
            seen.add(field.vocabulary)
    assert seen == set(VOCABULARIES)


def test_get_taxonomy_is_public_and_is_the_file(client):
    r = client.get("/api/v1/taxonomy")
    assert r.status_code == 200
    assert r.get_json() == taxonomy.raw()
    body = r.get_json()
    assert {"code": "cancer", "label": "Cancer"} in body["clinical_areas"]
    assert body["evidence_levels"]["ordered"] is True


def test_openapi_lists_the_codes_a_field_takes(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    need_create = next(v for k, v in schemas.items() if k.startswith("NeedCreate"))
    assert need_create["properties"]["clinical_areas"]["items"]["enum"] == sorted(
        taxonomy.codes(taxonomy.CLINICAL_AREAS)
    )
    assert need_create["properties"]["min_evidence_level"]["enum"] == sorted(
        taxonomy.codes(taxonomy.EVIDENCE_LEVELS)
    )
