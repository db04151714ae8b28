"""Generated bodies for the write endpoints: never a 500, never a partial write.

Each example is checked on its own: a refused request leaves every table exactly
as it was; an accepted one writes exactly its record, its audit event and its
outbox row. For bundles, anything listings.schema.json refuses must be refused.
"""
from __future__ import annotations

import os

import jsonschema
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from marketplace import taxonomy as tx
from marketplace.models import AuditEvent, Need, OutboxEvent, Solution, db
from tests.factories import auth, sign_in
from tests.support import assert_error, count, db_state, listings_schema

# FUZZ_SCALE=50 for a long hunt; the default keeps the suite quick.
SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
SETTINGS = dict(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
    database=None,
)

TRUST, INNOVATOR = "fuzz-trust", "fuzz-innovator"
EDGE_STRINGS = [
    "", " ", "x", "cancer", "Cancer", "x" * 201, "x" * 501, "\x00", "a\x00b", "\x1b[31m", "\ud800", "\udfff x",
    "🏥", "e\u0301", "abc\n", "RXN", "rxn", "2024-01", "2024-13-45", "2027-02-30", "published", "draft",
    TRUST, INNOVATOR, "missing-org", "-bad-ref", "null", "{}", "[]", "1e400",
]

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), st.sampled_from(EDGE_STRINGS),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12,
)


clean_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)


def text(min_size: int, max_size: int = 60):
    return st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=min_size, max_size=max_size)


def codes(vocabulary, min_size=0):
    return st.lists(st.sampled_from(sorted(tx.codes(vocabulary))), min_size=min_size, max_size=3, unique=True)


def code(vocabulary):
    return st.sampled_from(sorted(tx.codes(vocabulary)))


refs = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._:-]{0,15}\Z")

# Valid values for every field: most generated bodies are accepted, so success is exercised too.
NEED_FIELDS = {
    "ref": refs, "organisation": st.just(TRUST), "title": text(3), "problem": text(10), "outcomes": clean_text,
    "clinical_areas": codes(tx.CLINICAL_AREAS, 1), "care_settings": codes(tx.CARE_SETTINGS),
    "min_evidence_level": code(tx.EVIDENCE_LEVELS), "required_regulatory": codes(tx.REGULATORY_STATUSES),
    "budget_gbp": st.integers(min_value=0, max_value=10**12), "closes_on": st.dates().map(str),
    "open_to_codesign": st.booleans(),
}
SOLUTION_FIELDS = {
    "ref": refs, "organisation": st.just(INNOVATOR), "name": text(1), "summary": text(10), "description": clean_text,
    "clinical_areas": codes(tx.CLINICAL_AREAS, 1), "care_settings": codes(tx.CARE_SETTINGS),
    "evidence_level": code(tx.EVIDENCE_LEVELS), "regulatory": codes(tx.REGULATORY_STATUSES),
    "device_class": code(tx.DEVICE_CLASSES), "seeking_codesign": st.booleans(),
}
# Bundle organisations keep one kind per ref, so that owners fit most of the time.
BUNDLE_ORGS = [("b-trust", "nhs-trust"), ("b-icb", "icb"), ("b-inn", "innovator"), ("b-inn-2", "innovator")]
ORG_FIELDS = {
    "name": text(1), "region": code(tx.REGIONS), "description": clean_text, "open_to_codesign": st.booleans(),
    "codesign_areas": codes(tx.CLINICAL_AREAS), "ods_code": st.sampled_from(["RXN", "QE1", "R0A"]),
}
DEPLOYMENT_FIELDS = {"organisation": st.sampled_from(["b-trust", "b-icb", TRUST]),
                     "since": st.sampled_from(["2024-01", "2024-01-31"]), "outcome": clean_text}


def _mutate(args):
    body, key, value, delete = args
    body = dict(body)
    if delete:
        body.pop(key, None)
    else:
        body[key] = value
    return body


def records(fields: dict, required: tuple[str, ...], fixed: dict | None = None):
    """A valid record; or one with a single field made wrong, dropped or added; or any JSON at all."""
    fixed = fixed or {}
    valid = st.fixed_dictionaries(
        {**{k: fields[k] for k in required if k not in fixed}, **fixed},
        optional={k: v for k, v in fields.items() if k not in required and k not in fixed},
    )
    keys = sorted(set(fields) | set(fixed)) + ["unexpected"]
    mutated = st.tuples(valid, st.sampled_from(keys), json_values, st.booleans()).map(_mutate)
    return st.one_of(valid, valid, mutated, mutated, json_values)


need_bodies = records(NEED_FIELDS, ("organisation", "title"))
solution_bodies = records(SOLUTION_FIELDS, ("organisation", "name"))
patch_bodies = records({k: v for k, v in NEED_FIELDS.items() if k not in ("ref", "organisation")}, (),
                       {"version": st.sampled_from(["CURRENT", "CURRENT", "CURRENT", 1, 0, 10**20])})


def _bundle_org(pair):
    ref, kind = pair
    return records(ORG_FIELDS, ("name",), {"ref": st.just(ref), "kind": st.just(kind)})


def _key(record):
    return repr(record.get("ref")) if isinstance(record, dict) else repr(record)


bundle_needs = records({**NEED_FIELDS, "organisation": st.sampled_from(["b-trust", "b-icb", TRUST]),
                        "status": st.sampled_from(["draft", "published", "closed"])},
                       ("ref", "organisation", "title", "problem", "clinical_areas"))
bundle_solutions = records({**SOLUTION_FIELDS, "organisation": st.sampled_from(["b-inn", "b-inn-2", INNOVATOR]),
                            "status": st.sampled_from(["draft", "published", "archived"]),
                            "deployments": st.lists(records(DEPLOYMENT_FIELDS, ("organisation",)), max_size=2,
                                                    unique_by=lambda d: repr(d.get("organisation"))
                                                    if isinstance(d, dict) else repr(d))},
                           ("ref", "organisation", "name", "summary", "clinical_areas"))
bundles = st.one_of(
    st.fixed_dictionaries({}, optional={
        "organisations": st.lists(st.sampled_from(BUNDLE_ORGS).flatmap(_bundle_org), max_size=3, unique_by=_key),
        "needs": st.lists(bundle_needs, max_size=3, unique_by=_key),
        "solutions": st.lists(bundle_solutions, max_size=3, unique_by=_key),
    }),
    json_values,
)


@pytest.fixture
def world(factory, client):
    trust = factory.organisation(ref=TRUST)
    innovator = factory.organisation(ref=INNOVATOR, kind="innovator")
    user, _ = factory.user(trust)
    from marketplace.models import Membership

    db.session.add(Membership(user_id=user.id, organisation_id=innovator.id))
    db.session.commit()
    # In both organisations: a browser session (a token acts for one organisation only).
    member = sign_in(client, user)
    _, admin = factory.user(platform_admin=True)
    r = client.post("/api/v1/needs", json={"organisation": TRUST, "title": "The need to patch"}, headers=auth(member))
    assert r.status_code == 201
    return {"member": member, "admin": admin, "need_id": r.get_json()["id"]}


def check(response, before: dict) -> dict | None:
    """No 500; the error shape; and a refusal wrote nothing at all."""
    assert response.status_code < 500, response.get_data(as_text=True)[:1000]
    event(f"status {response.status_code}")
    body = response.get_json()
    if response.status_code >= 400:
        assert_error(response, response.status_code)
        assert db_state() == before, "a refused request wrote to the database"
        return None
    return body


def _created(model, response, before_counts):
    """An accepted create wrote its record, one audit event and one outbox row."""
    assert response.status_code == 201
    body = response.get_json()
    assert count(model) == before_counts[0] + 1
    assert count(AuditEvent) == before_counts[1] + 1
    assert count(OutboxEvent) == before_counts[2] + 1
    assert db.session.get(model, body["id"]).ref == body["ref"]


@settings(max_examples=20 * SCALE, **SETTINGS)
@given(body=need_bodies)
def test_post_needs(client, world, body):
    before, counts = db_state(), (count(Need), count(AuditEvent), count(OutboxEvent))
    r = client.post("/api/v1/needs", json=body, headers=auth(world["member"]))
    if check(r, before) is not None:
        _created(Need, r, counts)


@settings(max_examples=20 * SCALE, **SETTINGS)
@given(body=solution_bodies)
def test_post_solutions(client, world, body):
    before, counts = db_state(), (count(Solution), count(AuditEvent), count(OutboxEvent))
    r = client.post("/api/v1/solutions", json=body, headers=auth(world["member"]))
    if check(r, before) is not None:
        _created(Solution, r, counts)


@settings(max_examples=20 * SCALE, **SETTINGS)
@given(body=patch_bodies)
def test_patch_need(client, world, body):
    db.session.expire_all()
    current = db.session.get(Need, world["need_id"]).version
    if isinstance(body, dict) and body.get("version") == "CURRENT":
        body = {**body, "version": current}
    before = db_state()
    r = client.patch(f"/api/v1/needs/{world['need_id']}", json=body, headers=auth(world["member"]))
    got = check(r, before)
    if got is not None:
        assert r.status_code == 200
        assert body["version"] == current
        assert got["version"] in (current, current + 1)
        assert (got["version"] == current) == (db_state() == before)


@settings(max_examples=30 * SCALE, **SETTINGS)
@given(document=bundles)
def test_post_import(client, world, document):
    schema_errors = list(jsonschema.Draft202012Validator(listings_schema()).iter_errors(document))
    before = db_state()
    r = client.post("/api/v1/import", json=document, headers=auth(world["admin"]))
    check(r, before)
    if schema_errors and not _contains_none(document):
        # (null for an optional field is read as "absent", a leniency the schema does not spell out.)
        assert r.status_code == 422, ([e.message for e in schema_errors], r.get_json())
    if r.status_code == 200:
        # Idempotent: the same document again changes nothing.
        after = db_state()
        again = client.post("/api/v1/import", json=document, headers=auth(world["admin"]))
        assert again.status_code == 200
        assert all(c["created"] == c["updated"] == 0 for c in again.get_json()["imported"].values())
        assert db_state() == after


def _contains_none(value) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return any(_contains_none(v) for v in value.values())
    if isinstance(value, list):
        return any(_contains_none(v) for v in value)
    return False
