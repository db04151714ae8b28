"""Bad input: always the one error shape with field paths, never a 500, never a partial write."""
from __future__ import annotations

import json

import pytest

from marketplace.models import Need, Solution, db
from tests.factories import auth, sign_in
from tests.support import assert_error, db_state, need_body, solution_body

NEEDS = "/api/v1/needs"
SOLUTIONS = "/api/v1/solutions"


@pytest.fixture
def trust(factory):
    return factory.organisation(ref="trust-1")


@pytest.fixture
def innovator(factory):
    return factory.organisation(ref="innovator-1", kind="innovator")


@pytest.fixture
def token(factory, client, trust, innovator) -> dict:
    """A person in both organisations, signed in with a browser session (a token acts for one organisation)."""
    user, _ = factory.user(trust)
    from marketplace.models import Membership

    db.session.add(Membership(user_id=user.id, organisation_id=innovator.id, role="member"))
    db.session.commit()
    return sign_in(client, user)


@pytest.fixture
def admin(factory) -> str:
    return factory.user(platform_admin=True)[1]


@pytest.fixture
def need(client, token, trust) -> dict:
    r = client.post(NEEDS, json=need_body(trust.ref), headers=auth(token))
    assert r.status_code == 201
    return r.get_json()


def post_raw(client, path, data, token, content_type="application/json"):
    return client.post(path, data=data, headers={**auth(token), "Content-Type": content_type})


def refused(client, method, path, token, status, fields=None, **kwargs):
    """Send a request that must be refused; check the error and that nothing at all was written."""
    before = db_state()
    r = getattr(client, method)(path, headers={**auth(token), **kwargs.pop("headers", {})}, **kwargs)
    body = assert_error(r, status, fields)
    assert db_state() == before, "a refused request wrote to the database"
    return body


# --- malformed documents -----------------------------------------------------------

MALFORMED = ['{"title": "x"', "{'title': 'x'}", '{"title": "x",}', "", "nul", '{"title": "x"} trailing', "{title: 1}"]


@pytest.mark.parametrize("data", MALFORMED)
def test_malformed_json_is_400(client, token, need, admin, data):
    if data == "":
        # An empty body is no document at all: the required fields are missing.
        refused(client, "post", NEEDS, token, 422, {"organisation", "title"}, data=data,
                headers={"Content-Type": "application/json"})
        return
    for method, path, who in (("post", NEEDS, token), ("patch", f"{NEEDS}/{need['id']}", token),
                              ("post", SOLUTIONS, token), ("post", f"{NEEDS}/{need['id']}/publish", token),
                              ("post", "/api/v1/organisations", admin), ("post", "/api/v1/import", admin)):
        body = refused(client, method, path, who, 400, data=data, headers={"Content-Type": "application/json"})
        assert body["errors"] == {"_request": ["Invalid JSON body."]} or path == "/api/v1/import"


def test_invalid_utf8_is_400(client, token):
    refused(client, "post", NEEDS, token, 400, data=b'{"title": "caf\xe9"}', headers={"Content-Type": "application/json"})


def test_absurdly_deep_nesting_is_400(client, token, admin):
    deep = "[" * 50_000 + "]" * 50_000
    body = refused(client, "post", NEEDS, token, 400, data=deep, headers={"Content-Type": "application/json"})
    assert body["message"] == "The JSON body is nested too deeply."
    refused(client, "post", "/api/v1/import", admin, 400, data=deep, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("document", [[], [{"title": "x"}], "a string", 42, None, True])
def test_a_body_that_is_not_an_object_is_422(client, token, document):
    body = refused(client, "post", NEEDS, token, 422, {"_request"}, data=json.dumps(document),
                   headers={"Content-Type": "application/json"})
    assert body["errors"]["_request"] == ["Invalid input type."]


def test_the_wrong_content_type_writes_nothing(client, token, trust, admin):
    data = json.dumps(need_body(trust.ref))
    refused(client, "post", NEEDS, token, 422, {"organisation", "title"}, data=data,
            headers={"Content-Type": "text/plain"})
    refused(client, "post", "/api/v1/import", admin, 415, data="{}", headers={"Content-Type": "text/plain"})


def test_a_12_megabyte_body_is_413(client, token, trust, admin):
    huge = json.dumps(need_body(trust.ref, problem="x" * (12 * 1024 * 1024)))
    body = refused(client, "post", NEEDS, token, 413, data=huge, headers={"Content-Type": "application/json"})
    assert body["message"] == "The request is too large."
    refused(client, "post", "/api/v1/import", admin, 413, data=huge, headers={"Content-Type": "application/json"})


def test_a_large_body_under_the_limit_fails_validation_not_the_server(client, token, trust):
    body = refused(client, "post", NEEDS, token, 422, {"problem"},
                   json=need_body(trust.ref, problem="x" * (5 * 1024 * 1024)))
    assert body["errors"]["problem"] == ["Length must be between 10 and 20000."]


# --- wrong types -------------------------------------------------------------------

WRONG_TYPES = [
    ("title", 5, "title", "Not a valid string."),
    ("title", ["a list"], "title", "Not a valid string."),
    ("title", None, "title", "Field may not be null."),
    ("clinical_areas", "cancer", "clinical_areas", "Not a valid list."),
    ("clinical_areas", [1], "clinical_areas[0]", "Not a valid string."),
    ("clinical_areas", {"cancer": True}, "clinical_areas", "Not a valid list."),
    ("budget_gbp", "100", "budget_gbp", "Not a valid integer."),
    ("budget_gbp", 100.5, "budget_gbp", "Not a valid integer."),
    ("budget_gbp", 100.0, "budget_gbp", "Not a valid integer."),
    ("budget_gbp", True, "budget_gbp", "Not a valid integer."),
    ("budget_gbp", -1, "budget_gbp", "Must be greater than or equal to 0 and less than or equal to 1000000000000."),
    ("budget_gbp", 10**30, "budget_gbp", "Must be greater than or equal to 0 and less than or equal to 1000000000000."),
    ("open_to_codesign", "yes", "open_to_codesign", "Not a valid boolean."),
    ("open_to_codesign", "true", "open_to_codesign", "Not a valid boolean."),
    ("open_to_codesign", 1, "open_to_codesign", "Not a valid boolean."),
    ("open_to_codesign", 0, "open_to_codesign", "Not a valid boolean."),
    ("closes_on", "next Tuesday", "closes_on", "Not a valid date."),
    ("closes_on", "2027-02-30", "closes_on", "Not a valid date."),
    ("closes_on", 20270101, "closes_on", "Not a valid date."),
    ("organisation", 7, "organisation", "Not a valid string."),
]


@pytest.mark.parametrize("field,value,path,message", WRONG_TYPES)
def test_wrong_types_name_the_field(client, token, trust, field, value, path, message):
    body = refused(client, "post", NEEDS, token, 422, {path}, json=need_body(trust.ref, **{field: value}))
    assert body["errors"][path] == [message]
    assert path in body["message"]


@pytest.mark.parametrize("version", ["1", 1.0, 1.5, True, None, [1]])
def test_the_version_must_be_an_integer(client, token, need, version):
    body = refused(client, "patch", f"{NEEDS}/{need['id']}", token, 422, {"version"},
                   json={"version": version, "title": "A new title"})
    assert body["errors"]["version"]


def test_non_finite_numbers_are_refused(client, token, trust, need):
    raw = json.dumps(need_body(trust.ref)).replace('"pilot"', '"pilot", "budget_gbp": NaN')
    refused(client, "post", NEEDS, token, 422, {"budget_gbp"}, data=raw, headers={"Content-Type": "application/json"})
    refused(client, "patch", f"{NEEDS}/{need['id']}", token, 422, {"version"},
            data='{"version": 1e400}', headers={"Content-Type": "application/json"})
    refused(client, "patch", f"{NEEDS}/{need['id']}", token, 422, {"version"},
            data='{"version": Infinity}', headers={"Content-Type": "application/json"})


# --- unknown fields and codes -------------------------------------------------------

def test_unknown_fields_are_named(client, token, trust, innovator):
    body = refused(client, "post", NEEDS, token, 422, {"colour", "priority"},
                   json=need_body(trust.ref, colour="blue", priority=1))
    assert body["errors"] == {"colour": ["Unknown field."], "priority": ["Unknown field."]}
    refused(client, "post", SOLUTIONS, token, 422, {"price"}, json=solution_body(innovator.ref, price=10))


@pytest.mark.parametrize("field,value,message", [
    ("clinical_areas", ["cancer", "oncology"], "unknown code 'oncology'"),
    ("clinical_areas", ["x", "y"], "unknown code 'x', 'y'"),
    ("clinical_areas", ["Cancer"], "unknown code 'Cancer'"),
    ("care_settings", ["hospital"], "unknown code 'hospital'"),
    ("required_regulatory", ["fda-510k"], "unknown code 'fda-510k'"),
    ("min_evidence_level", "anecdote", "unknown code 'anecdote'"),
    ("clinical_areas", ["cancer", "cancer"], "must not repeat a code"),
])
def test_unknown_codes_name_the_field_and_the_code(client, token, trust, field, value, message):
    body = refused(client, "post", NEEDS, token, 422, {field}, json=need_body(trust.ref, **{field: value}))
    assert body["errors"][field] == [message]


@pytest.mark.parametrize("field,value", [
    ("evidence_level", "hearsay"), ("device_class", "class-iv"), ("regulatory", ["iso-9001"]),
    ("care_settings", ["moon-base"]),
])
def test_unknown_solution_codes(client, token, innovator, field, value):
    body = refused(client, "post", SOLUTIONS, token, 422, {field}, json=solution_body(innovator.ref, **{field: value}))
    bad = value if isinstance(value, str) else value[0]
    assert body["errors"][field] == [f"unknown code '{bad}'"]


@pytest.mark.parametrize("ods", ["rxn", "RX", "RXNRXN1", "RX N", "RXN\n", "RX-1", "ＲＸＮ", "", 123])
def test_bad_ods_codes(client, admin, ods):
    body = refused(client, "post", "/api/v1/organisations", admin, 422, {"ods_code"},
                   json={"name": "Some trust", "kind": "nhs-trust", "ods_code": ods})
    assert body["errors"]["ods_code"]


@pytest.mark.parametrize("ref", ["has space", "-dash-first", "x" * 81, "abc\n", "réf", "a/b", "", "a\x00"])
def test_bad_refs(client, token, trust, ref):
    refused(client, "post", NEEDS, token, 422, {"ref"}, json=need_body(trust.ref, ref=ref))


# --- lengths -------------------------------------------------------------------------

@pytest.mark.parametrize("path,field,limit,kind", [
    (NEEDS, "title", 200, "need"), (NEEDS, "problem", 20000, "need"), (NEEDS, "outcomes", 5000, "need"),
    (SOLUTIONS, "name", 200, "solution"), (SOLUTIONS, "summary", 500, "solution"),
    (SOLUTIONS, "description", 20000, "solution"),
])
def test_texts_at_and_past_their_limits(client, token, trust, innovator, path, field, limit, kind):
    make = need_body if kind == "need" else solution_body
    owner = trust.ref if kind == "need" else innovator.ref
    body = refused(client, "post", path, token, 422, {field}, json=make(owner, **{field: "é" * (limit + 1)}))
    minimum = {"title": 3, "problem": 10, "name": 1, "summary": 10}.get(field)
    expected = (f"Length must be between {minimum} and {limit}." if minimum
                else f"Longer than maximum length {limit}.")
    assert body["errors"][field] == [expected]
    # Exactly at the limit, in characters that take four bytes each, fits every database.
    r = client.post(path, json=make(owner, **{field: "🏥" * limit}), headers=auth(token))
    assert r.status_code == 201, r.get_json()
    got = client.get(f"{path}/{r.get_json()['id']}", headers=auth(token)).get_json()
    assert got[field] == "🏥" * limit


@pytest.mark.parametrize("field,value,message", [
    ("title", "ab", "Length must be between 3 and 200."),
    ("problem", "Too short", "Length must be between 10 and 20000."),
])
def test_texts_below_their_minimum(client, token, trust, field, value, message):
    body = refused(client, "post", NEEDS, token, 422, {field}, json=need_body(trust.ref, **{field: value}))
    assert body["errors"][field] == [message]


# --- characters ----------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x0b", "\x0c"])
def test_control_characters_are_refused(client, token, trust, need, char):
    for field in ("title", "problem"):
        body = refused(client, "post", NEEDS, token, 422, {field},
                       json=need_body(trust.ref, **{field: f"Before{char}after the control"}))
        assert body["errors"][field] == ["must not contain control characters"]
    refused(client, "patch", f"{NEEDS}/{need['id']}", token, 422, {"outcomes"},
            json={"version": 1, "outcomes": f"x{char}y"})


def test_lone_surrogates_are_refused(client, token, trust, need):
    raw = json.dumps(need_body(trust.ref, title="TITLE")).replace("TITLE", "Broken \\ud800 text")
    body = refused(client, "post", NEEDS, token, 422, {"title"}, data=raw, headers={"Content-Type": "application/json"})
    assert "surrogate" in body["errors"]["title"][0]
    refused(client, "patch", f"{NEEDS}/{need['id']}", token, 422, {"problem"},
            data='{"version": 1, "problem": "Patients \\udfff wait too long"}', headers={"Content-Type": "application/json"})


def test_tabs_and_newlines_are_text(client, token, trust):
    problem = "Line one.\n\tIndented line two.\r\nLine three."
    r = client.post(NEEDS, json=need_body(trust.ref, problem=problem), headers=auth(token))
    assert r.status_code == 201
    assert r.get_json()["problem"] == problem


UNICODE = {
    "title": "Café ☕ — naïve façade 🏥",
    "problem": "Gwasanaeth Iechyd Gwladol; 国民保健サービス; الخدمة الصحية; e\u0301 (combining); 👩\u200d👩\u200d👧 family.",
    "outcomes": "“Curly quotes” and ‘apostrophes’ … and emoji 🧑🏽‍⚕️",
}


def test_unicode_and_emoji_round_trip(client, token, trust):
    r = client.post(NEEDS, json=need_body(trust.ref, ref="unicode-need", **UNICODE), headers=auth(token))
    assert r.status_code == 201, r.get_json()
    created = r.get_json()
    for key, value in UNICODE.items():
        assert created[key] == value
    got = client.get(f"{NEEDS}/{created['id']}", headers=auth(token)).get_json()
    for key, value in UNICODE.items():
        assert got[key] == value
    db.session.expire_all()
    row = db.session.get(Need, created["id"])
    assert (row.title, row.problem, row.outcomes) == (UNICODE["title"], UNICODE["problem"], UNICODE["outcomes"])
    # An escaped surrogate pair is one real character, and fine.
    raw = '{"version": 1, "title": "Hospital \\ud83c\\udfe5"}'
    r = client.patch(f"{NEEDS}/{created['id']}", data=raw, headers={**auth(token), "Content-Type": "application/json"})
    assert r.status_code == 200 and r.get_json()["title"] == "Hospital 🏥"


def test_unicode_in_the_bundle_round_trips(client, admin):
    bundle = {
        "organisations": [{"ref": "cymru", "name": "Bwrdd Iechyd Prifysgol — 🏴󠁧󠁢󠁷󠁬󠁳󠁿", "kind": "nhs-trust"},
                          {"ref": "inn", "name": "Ōkami ✨ Ltd", "kind": "innovator"}],
        "solutions": [{"ref": "s", "organisation": "inn", "name": "Ōkami", "summary": "Résumé of the product ✓",
                       "clinical_areas": ["pain"], "deployments": [{"organisation": "cymru", "outcome": "Da iawn 👍"}]}],
    }
    assert client.post("/api/v1/import", json=bundle, headers=auth(admin)).status_code == 200
    exported = client.get("/api/v1/export", headers=auth(admin)).get_json()
    assert exported["organisations"][0]["name"] == "Bwrdd Iechyd Prifysgol — 🏴󠁧󠁢󠁷󠁬󠁳󠁿"
    assert exported["solutions"][0]["deployments"][0]["outcome"] == "Da iawn 👍"


# --- ids and paths ---------------------------------------------------------------------

@pytest.mark.parametrize("listing_id", ["99999999999999999999999", "2147483648", "0", "-1", "1.5", "abc"])
def test_ids_that_cannot_exist_are_404(client, token, listing_id):
    for method, path in (("get", f"{NEEDS}/{listing_id}"), ("patch", f"{SOLUTIONS}/{listing_id}"),
                         ("delete", f"{NEEDS}/{listing_id}"), ("post", f"{NEEDS}/{listing_id}/publish"),
                         ("get", f"/api/v1/organisations/{listing_id}"),
                         ("get", f"{SOLUTIONS}/{listing_id}/deployments"),
                         ("get", f"{NEEDS}/{listing_id}/matches")):
        refused(client, method, path, token, 404, json={"version": 1})


def test_a_method_that_is_not_allowed_is_405_in_the_error_shape(client, token):
    body = refused(client, "put", f"{NEEDS}/1", token, 405, json={})
    assert body["title"] == "Method Not Allowed"


def test_nothing_half_written_after_many_rejections(client, token, trust, innovator):
    """A run of bad requests leaves the database exactly as it was, on every database."""
    before = db_state()
    for bad in (
        need_body(trust.ref, clinical_areas=["nope"]),
        need_body(innovator.ref),  # wrong owner kind
        need_body("missing-org"),
        need_body(trust.ref, title="\x00"),
    ):
        assert client.post(NEEDS, json=bad, headers=auth(token)).status_code == 422
    assert db_state() == before
    assert db.session.execute(db.select(db.func.count()).select_from(Solution)).scalar_one() == 0
