"""The listings bundle: `flask listings import/export` and POST /import, GET /export.

Import is idempotent by ref and all-or-nothing, and reports every invalid record
with its JSON path; export -> import into an empty database -> export gives the
same document back.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from marketplace.models import AuditEvent, Deployment, Need, Organisation, OutboxEvent, Solution, db
from tests.conftest import _empty_tables
from tests.factories import auth
from tests.support import (
    assert_error, audit_events, count, db_state, listings_schema, need_body, outbox_rows,
)

DEMO_BUNDLE = Path(__file__).resolve().parent.parent / "marketplace" / "demo" / "listings.json"


def sample_bundle() -> dict:
    """A small bundle touching every field: four organisations, two needs, two solutions."""
    return {
        "organisations": [
            {"ref": "rxn", "name": "Lancashire Teaching Hospitals NHS Foundation Trust", "kind": "nhs-trust",
             "ods_code": "RXN", "region": "north-west", "description": "Teaching trust in Preston and Chorley.",
             "open_to_codesign": True, "codesign_areas": ["stroke", "cardiovascular"]},
            {"ref": "icb-lsc", "name": "Lancashire and South Cumbria ICB", "kind": "icb", "ods_code": "QE1",
             "region": "north-west"},
            {"ref": "remindly", "name": "Remindly Ltd", "kind": "innovator", "region": "london"},
            {"ref": "strokesense", "name": "StrokeSense — Ōkami Labs", "kind": "innovator"},
        ],
        "needs": [
            {"ref": "rxn-dna-2025", "organisation": "rxn", "title": "Missed outpatient appointments",
             "problem": "One in eight cardiology appointments is missed; the slot is wasted. 🙁",
             "outcomes": "Fewer missed appointments; shorter waits.", "clinical_areas": ["cardiovascular"],
             "care_settings": ["acute-hospital"], "min_evidence_level": "real-world",
             "required_regulatory": ["dtac", "dspt"], "budget_gbp": 120000, "closes_on": "2026-03-31",
             "open_to_codesign": True, "status": "published"},
            {"ref": "icb-stroke-rehab", "organisation": "icb-lsc", "title": "Stroke rehabilitation at home",
             "problem": "Stroke survivors wait weeks for community rehabilitation after discharge.",
             "clinical_areas": ["stroke", "rehabilitation"]},
        ],
        "solutions": [
            {"ref": "remindly-app", "organisation": "remindly", "name": "Remindly",
             "summary": "Two-way text reminders that let patients rebook in one tap.",
             "description": "Integrates with the PAS.\nWorks in English and Welsh.",
             "clinical_areas": ["cardiovascular", "operations-patient-flow"], "care_settings": ["acute-hospital"],
             "evidence_level": "real-world", "regulatory": ["dtac", "dspt", "cyber-essentials-plus"],
             "device_class": "not-a-device", "price_model": "per-patient",
             "deployments": [{"organisation": "icb-lsc", "since": "2023-09"},
                             {"organisation": "rxn", "since": "2024-02-01", "outcome": "DNAs down 21%."}],
             "seeking_codesign": False, "status": "published"},
            {"ref": "strokesense-1", "organisation": "strokesense", "name": "StrokeSense",
             "summary": "Wearable sensors that guide arm exercises at home.", "clinical_areas": ["stroke"],
             "evidence_level": "pilot", "device_class": "class-iia", "regulatory": ["ukca-ce-marked"],
             "seeking_codesign": True},
        ],
    }


def run_cli(app, *args):
    """Run `flask --app wsgi ...` as its own process would: in an application context of its own."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args))
    db.session.expire_all()
    return result


def write(tmp_path, document, name="bundle.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


def import_file(app, tmp_path, document):
    return run_cli(app, "listings", "import", write(tmp_path, document))


def export_cli(app) -> dict:
    result = run_cli(app, "listings", "export")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def admin(factory) -> str:
    return factory.user(platform_admin=True)[1]


# --- importing -----------------------------------------------------------------

def test_cli_import_into_an_empty_database(app, tmp_path):
    result = import_file(app, tmp_path, sample_bundle())
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "organisations: 4 created, 0 updated, 0 unchanged",
        "needs: 2 created, 0 updated, 0 unchanged",
        "solutions: 2 created, 0 updated, 0 unchanged",
    ]
    assert (count(Organisation), count(Need), count(Solution), count(Deployment)) == (4, 2, 2, 2)
    need = db.session.execute(db.select(Need).where(Need.ref == "rxn-dna-2025")).scalar_one()
    assert need.organisation.ref == "rxn"
    assert need.status == "published" and need.published_at is not None
    assert need.required_regulatory == ["dtac", "dspt"] and need.budget_gbp == 120000
    assert need.closes_on.isoformat() == "2026-03-31"
    draft = db.session.execute(db.select(Need).where(Need.ref == "icb-stroke-rehab")).scalar_one()
    assert draft.status == "draft" and draft.published_at is None and draft.min_evidence_level == "concept"
    solution = db.session.execute(db.select(Solution).where(Solution.ref == "remindly-app")).scalar_one()
    assert sorted((d.organisation.ref, d.since, d.outcome) for d in solution.deployments) == [
        ("icb-lsc", "2023-09", None), ("rxn", "2024-02-01", "DNAs down 21%."),
    ]
    # Every record written is audited as the command line, and queued for the index.
    actions = sorted(e.action for e in audit_events())
    assert actions.count("organisation.import.create") == 4
    assert actions.count("need.import.create") == 2
    assert actions.count("solution.import.create") == 2
    assert {e.actor_label for e in audit_events()} == {"cli:listings import"}
    assert {e.actor_user_id for e in audit_events()} == {None}
    assert {(o.kind, o.object_id) for o in outbox_rows()} >= {("need", need.id), ("solution", solution.id)}


def test_importing_the_same_bundle_again_changes_nothing(app, tmp_path, client, admin):
    assert import_file(app, tmp_path, sample_bundle()).exit_code == 0
    before = db_state()
    audit, outbox = count(AuditEvent), count(OutboxEvent)
    result = import_file(app, tmp_path, sample_bundle())
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "organisations: 0 created, 0 updated, 4 unchanged",
        "needs: 0 created, 0 updated, 2 unchanged",
        "solutions: 0 created, 0 updated, 2 unchanged",
    ]
    r = client.post("/api/v1/import", json=sample_bundle(), headers=auth(admin))
    assert r.status_code == 200, r.get_json()
    assert r.get_json() == {"imported": {
        "organisations": {"created": 0, "updated": 0, "unchanged": 4},
        "needs": {"created": 0, "updated": 0, "unchanged": 2},
        "solutions": {"created": 0, "updated": 0, "unchanged": 2},
    }}
    # Not a version, not a timestamp, not an audit event, not an outbox row.
    assert (count(AuditEvent), count(OutboxEvent)) == (audit, outbox)
    assert db_state() == before


def test_a_changed_record_is_updated_in_place(app, tmp_path):
    assert import_file(app, tmp_path, sample_bundle()).exit_code == 0
    need = db.session.execute(db.select(Need).where(Need.ref == "icb-stroke-rehab")).scalar_one()
    need_id, outbox_before = need.id, count(OutboxEvent)
    bundle = sample_bundle()
    bundle["needs"][1]["title"] = "Stroke rehabilitation closer to home"
    bundle["needs"][1]["care_settings"] = ["home"]
    result = import_file(app, tmp_path, bundle)
    assert result.stdout.splitlines()[1] == "needs: 0 created, 1 updated, 1 unchanged"
    need = db.session.get(Need, need_id)
    assert need.title == "Stroke rehabilitation closer to home" and need.care_settings == ["home"]
    assert need.version == 2
    assert count(Need) == 2
    event = audit_events("need.import.update")[-1]
    assert event.object_id == need_id and event.details == {"fields": ["care_settings", "title"]}
    assert count(OutboxEvent) == outbox_before + 1


def test_a_field_left_out_is_cleared(app, tmp_path):
    """The bundle states whole records: what it leaves out takes its default."""
    assert import_file(app, tmp_path, sample_bundle()).exit_code == 0
    bundle = sample_bundle()
    del bundle["needs"][0]["budget_gbp"], bundle["needs"][0]["outcomes"]
    assert import_file(app, tmp_path, bundle).exit_code == 0
    need = db.session.execute(db.select(Need).where(Need.ref == "rxn-dna-2025")).scalar_one()
    assert need.budget_gbp is None and need.outcomes is None


def test_changed_deployments_count_as_an_update(app, tmp_path):
    assert import_file(app, tmp_path, sample_bundle()).exit_code == 0
    solution = db.session.execute(db.select(Solution).where(Solution.ref == "remindly-app")).scalar_one()
    sid, version = solution.id, solution.version
    bundle = sample_bundle()
    bundle["solutions"][0]["deployments"] = [{"organisation": "rxn", "since": "2024-02-01", "outcome": "DNAs down 25%."}]
    result = import_file(app, tmp_path, bundle)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2] == "solutions: 0 created, 1 updated, 1 unchanged"
    solution = db.session.get(Solution, sid)
    assert [(d.organisation.ref, d.outcome) for d in solution.deployments] == [("rxn", "DNAs down 25%.")]
    assert solution.version == version + 1
    assert audit_events("solution.import.deployments")[-1].details == {"deployments": 1}
    # And once more: now nothing changes.
    before = db_state()
    assert import_file(app, tmp_path, bundle).stdout.splitlines()[2] == "solutions: 0 created, 0 updated, 2 unchanged"
    assert db_state() == before


def test_records_may_point_at_organisations_already_stored(app, tmp_path, factory):
    trust = factory.organisation(ref="already-here")
    bundle = {"needs": [{"ref": "n-1", "organisation": "already-here", "title": "A need",
                         "problem": "A problem statement.", "clinical_areas": ["pain"]}]}
    result = import_file(app, tmp_path, bundle)
    assert result.exit_code == 0, result.output
    assert db.session.execute(db.select(Need.organisation_id).where(Need.ref == "n-1")).scalar_one() == trust.id


def test_the_import_endpoint_is_for_platform_admins(client, factory):
    trust = factory.organisation()
    _, org_admin = factory.user(trust, role="admin")
    before = db_state()
    assert_error(client.post("/api/v1/import", json=sample_bundle()), 401)
    assert_error(client.post("/api/v1/import", json=sample_bundle(), headers=auth(org_admin)), 403)
    assert_error(client.get("/api/v1/export"), 401)
    assert_error(client.get("/api/v1/export", headers=auth(org_admin)), 403)
    assert db_state() == before


def test_the_import_endpoint_audits_the_admin(client, factory):
    user, token = factory.user(platform_admin=True)
    r = client.post("/api/v1/import", json=sample_bundle(), headers=auth(token))
    assert r.status_code == 200
    assert r.get_json()["imported"]["solutions"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert {e.actor_user_id for e in audit_events()} == {user.id}
    assert all(e.actor_label.startswith(f"user:{user.id} via client:") for e in audit_events())


# --- all or nothing --------------------------------------------------------------

def _invalid(bundle_edit, app, tmp_path, client, admin):
    """Import a broken bundle both ways; return the CLI's problem lines and the API body."""
    bundle = sample_bundle()
    bundle_edit(bundle)
    before = db_state()
    result = import_file(app, tmp_path, bundle)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert db_state() == before
    lines = [line.strip() for line in result.stderr.splitlines()]
    assert lines[0].startswith("The bundle has ") and lines[0].endswith("nothing was imported.")
    r = client.post("/api/v1/import", json=bundle, headers=auth(admin))
    body = assert_error(r, 422)
    assert body["problems"] == lines[1:]
    assert db_state() == before
    return lines[1:], body


def test_one_bad_record_anywhere_means_nothing_is_written(app, tmp_path, client, admin):
    def edit(bundle):
        bundle["solutions"].append(copy.deepcopy(bundle["solutions"][1]) | {"ref": "third"})
        bundle["solutions"].append(copy.deepcopy(bundle["solutions"][1]) | {"ref": "fourth", "clinical_areas": ["x"]})

    problems, body = _invalid(edit, app, tmp_path, client, admin)
    assert problems == ["solutions[3].clinical_areas: unknown code 'x'"]
    assert body["errors"] == {"solutions[3].clinical_areas": ["unknown code 'x'"]}
    assert count(Organisation) == 0


def test_every_problem_is_reported_with_its_path(app, tmp_path, client, admin):
    def edit(bundle):
        bundle["organisations"][0]["ods_code"] = "rxn"
        bundle["organisations"][2]["kind"] = "company"
        bundle["needs"][0]["title"] = "ab"
        bundle["needs"][0]["care_settings"] = ["acute-hospital", "acute-hospital"]
        bundle["needs"][1]["budget_gbp"] = -5
        bundle["needs"][1]["closes_on"] = "2026-02-30"
        del bundle["solutions"][0]["summary"]
        bundle["solutions"][0]["deployments"][1]["since"] = "Feb 2024"
        bundle["solutions"][1]["colour"] = "blue"
        bundle["solutions"][1]["regulatory"] = ["dtac", "fda"]

    problems, body = _invalid(edit, app, tmp_path, client, admin)
    paths = {line.split(": ", 1)[0] for line in problems}
    assert paths == {
        "organisations[0].ods_code", "organisations[2].kind", "needs[0].title", "needs[0].care_settings",
        "needs[1].budget_gbp", "needs[1].closes_on", "solutions[0].summary",
        "solutions[0].deployments[1].since", "solutions[1].colour", "solutions[1].regulatory",
    }
    assert "solutions[1].regulatory: unknown code 'fda'" in problems
    assert "solutions[1].colour: Unknown field." in problems
    assert "organisations[2].kind: unknown code 'company'" in problems
    assert set(body["errors"]) == paths
    assert body["message"] == f"The bundle has {len(problems)} problem(s); nothing was imported."


def test_duplicate_refs_in_one_bundle(app, tmp_path, client, admin):
    def edit(bundle):
        bundle["organisations"].append(dict(bundle["organisations"][2]))
        bundle["needs"].append(dict(bundle["needs"][0]))
        bundle["solutions"].insert(0, dict(bundle["solutions"][1]))

    problems, _ = _invalid(edit, app, tmp_path, client, admin)
    assert sorted(problems) == [
        "needs[2].ref: duplicate ref 'rxn-dna-2025' (also needs[0])",
        "organisations[4].ref: duplicate ref 'remindly' (also organisations[2])",
        "solutions[2].ref: duplicate ref 'strokesense-1' (also solutions[0])",
    ]


def test_references_to_missing_organisations(app, tmp_path, client, admin):
    def edit(bundle):
        bundle["needs"][1]["organisation"] = "nowhere-icb"
        bundle["solutions"][0]["deployments"][0]["organisation"] = "nowhere-trust"
        del bundle["organisations"][3]  # strokesense: its solution now points at nothing

    problems, _ = _invalid(edit, app, tmp_path, client, admin)
    assert sorted(problems) == [
        "needs[1].organisation: no organisation with ref 'nowhere-icb' in the bundle or already stored",
        "solutions[0].deployments[0].organisation: no organisation with ref 'nowhere-trust' in the bundle or already stored",
        "solutions[1].organisation: no organisation with ref 'strokesense' in the bundle or already stored",
    ]


def test_wrong_owner_kinds(app, tmp_path, client, admin):
    def edit(bundle):
        bundle["needs"][0]["organisation"] = "remindly"
        bundle["solutions"][1]["organisation"] = "rxn"
        bundle["solutions"][0]["deployments"][0]["organisation"] = "strokesense"
        bundle["solutions"][0]["deployments"][1]["organisation"] = "strokesense"

    problems, _ = _invalid(edit, app, tmp_path, client, admin)
    assert sorted(problems) == [
        "needs[0].organisation: 'remindly' is of kind 'innovator'; needs are posted by NHS organisations "
        "(trusts, ICBs and primary care)",
        "solutions[0].deployments[0].organisation: 'strokesense' is of kind 'innovator'; deployments are at NHS organisations",
        "solutions[0].deployments[1].organisation: 'strokesense' is listed twice",
        "solutions[0].deployments[1].organisation: 'strokesense' is of kind 'innovator'; deployments are at NHS organisations",
        "solutions[1].organisation: 'rxn' is of kind 'nhs-trust'; solutions are listed by innovators",
    ]


def test_ods_code_clash_within_the_bundle(app, tmp_path, client, admin):
    def edit(bundle):
        bundle["organisations"][1]["ods_code"] = "RXN"

    problems, _ = _invalid(edit, app, tmp_path, client, admin)
    assert problems == ["organisations[1].ods_code: 'RXN' is also given to 'rxn'"]


def test_ods_code_clash_with_a_stored_organisation(app, tmp_path, client, admin, factory):
    factory.organisation(ref="other-trust", ods_code="QE1")

    def edit(bundle):
        pass

    problems, _ = _invalid(edit, app, tmp_path, client, admin)
    assert problems == ["organisations[1].ods_code: 'QE1' already belongs to organisation 'other-trust'"]


def test_a_stored_organisation_cannot_change_kind_under_its_listings(app, tmp_path, client, admin, factory):
    trust = factory.organisation(ref="stored-trust")
    innovator = factory.organisation(ref="stored-innovator", kind="innovator")
    factory.need(trust, ref="stored-need")
    factory.solution(innovator, ref="stored-solution", deployments=[trust])

    def edit(bundle):
        bundle["organisations"] += [
            {"ref": "stored-trust", "name": "Now a company", "kind": "innovator"},
            {"ref": "stored-innovator", "name": "Now a trust", "kind": "nhs-trust"},
        ]

    problems, _ = _invalid(edit, app, tmp_path, client, admin)
    assert sorted(problems) == [
        "organisations[4].kind: 'stored-trust' cannot become 'innovator' while it owns needs not in this bundle "
        "(stored-need); needs are posted by NHS organisations (trusts, ICBs and primary care)",
        "organisations[4].kind: 'stored-trust' cannot become 'innovator' while solutions not in this bundle are "
        "deployed there (stored-solution); deployments are at NHS organisations",
        "organisations[5].kind: 'stored-innovator' cannot become 'nhs-trust' while it owns solutions not in this "
        "bundle (stored-solution); solutions are listed by innovators",
    ]


def test_a_kind_change_is_fine_when_the_bundle_moves_the_listings_too(app, tmp_path, factory):
    trust = factory.organisation(ref="stored-trust")
    factory.need(trust, ref="stored-need")
    bundle = sample_bundle()
    bundle["organisations"].append({"ref": "stored-trust", "name": "Now a company", "kind": "innovator"})
    bundle["needs"].append({"ref": "stored-need", "organisation": "rxn", "title": "Moved need",
                            "problem": "Now posted by the teaching trust.", "clinical_areas": ["pain"]})
    result = import_file(app, tmp_path, bundle)
    assert result.exit_code == 0, result.output
    assert db.session.execute(db.select(Organisation.kind).where(Organisation.ref == "stored-trust")).scalar_one() == "innovator"


@pytest.mark.parametrize("document,path,message", [
    ([], "_request", "Invalid input type."),
    ("bundle", "_request", "Invalid input type."),
    ({"widgets": []}, "widgets", "Unknown field."),
    ({"needs": {"ref": "n"}}, "needs", "Not a valid list."),
    ({"needs": ["not a record"]}, "needs[0]", "Invalid input type."),
])
def test_documents_of_the_wrong_shape(app, tmp_path, client, admin, document, path, message):
    before = db_state()
    result = import_file(app, tmp_path, document)
    assert result.exit_code == 1
    problems = [line.strip() for line in result.stderr.splitlines()[1:]]
    assert problems == [message if path == "_request" else f"{path}: {message}"]
    body = assert_error(client.post("/api/v1/import", json=document, headers=auth(admin)), 422)
    assert body["problems"] == problems
    assert body["errors"] == {path: [message]}
    assert db_state() == before


def test_a_file_that_is_not_json(app, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"organisations": [', encoding="utf-8")
    before = db_state()
    result = run_cli(app, "listings", "import", str(path))
    assert result.exit_code != 0
    assert "is not valid JSON" in result.stderr
    path.write_bytes(b'{"organisations": ["\xff"]}')
    result = run_cli(app, "listings", "import", str(path))
    assert result.exit_code != 0 and "is not valid JSON" in result.stderr
    assert db_state() == before


def test_malformed_json_to_the_endpoint_is_400(client, admin):
    before = db_state()
    r = client.post("/api/v1/import", data='{"organisations": [', headers={**auth(admin), "Content-Type": "application/json"})
    assert_error(r, 400)
    assert db_state() == before


# --- export ------------------------------------------------------------------------

def test_export_is_the_bundle_that_was_imported(app, tmp_path, client, admin):
    bundle = sample_bundle()
    assert import_file(app, tmp_path, bundle).exit_code == 0
    exported = export_cli(app)
    jsonschema.validate(exported, listings_schema())
    assert exported == _normalised(bundle)
    assert client.get("/api/v1/export", headers=auth(admin)).get_json() == exported


def _normalised(bundle: dict) -> dict:
    """The sample as export writes it: ref order, defaults spelled out, deployments by organisation."""
    defaults = {
        "organisations": {"open_to_codesign": False, "codesign_areas": []},
        "needs": {"care_settings": [], "min_evidence_level": "concept", "required_regulatory": [],
                  "open_to_codesign": False, "status": "draft"},
        "solutions": {"care_settings": [], "evidence_level": "concept", "regulatory": [],
                      "device_class": "not-a-device", "deployments": [], "seeking_codesign": False,
                      "status": "draft"},
    }
    out = {}
    for section, records in bundle.items():
        records = [{**defaults[section], **r} for r in records]
        for r in records:
            if "deployments" in r:
                r["deployments"] = sorted(r["deployments"], key=lambda d: d["organisation"])
        out[section] = sorted(records, key=lambda r: r["ref"])
    return out


def test_export_then_import_into_an_empty_database_gives_the_same_document(app, tmp_path, factory, client):
    # Start from data made every way: import, API and direct.
    assert import_file(app, tmp_path, sample_bundle()).exit_code == 0
    trust = factory.organisation(ref="made-by-factory", description="Ünïcode — “quotes” 🏥")
    _, token = factory.user(trust)
    r = client.post("/api/v1/needs", json=need_body(trust.ref, ref="api-draft"), headers=auth(token))
    assert r.status_code == 201
    first = export_cli(app)
    jsonschema.validate(first, listings_schema())
    assert "api-draft" in {n["ref"] for n in first["needs"]}
    path = tmp_path / "export.json"
    result = run_cli(app, "listings", "export", str(path))
    assert result.exit_code == 0
    assert json.loads(path.read_text(encoding="utf-8")) == first
    assert "🏥" in path.read_text(encoding="utf-8")  # written as UTF-8, not escaped

    db.session.remove()
    _empty_tables()
    assert count(Organisation) == 0
    result = run_cli(app, "listings", "import", str(path))
    assert result.exit_code == 0, result.output
    second = export_cli(app)
    assert json.dumps(second, sort_keys=False) == json.dumps(first, sort_keys=False)


def test_export_leaves_out_drafts_that_a_bundle_cannot_hold(app, tmp_path, factory, client):
    """A draft with no problem statement yet would break listings.schema.json, and the re-import."""
    trust = factory.organisation(ref="t")
    innovator = factory.organisation(ref="i", kind="innovator")
    _, token = factory.user(trust)
    _, token2 = factory.user(innovator)
    assert client.post("/api/v1/needs", json={"organisation": "t", "title": "Only a title", "ref": "bare"},
                       headers=auth(token)).status_code == 201
    assert client.post("/api/v1/solutions", json={"organisation": "i", "name": "Only a name", "ref": "bare-s"},
                       headers=auth(token2)).status_code == 201
    assert client.post("/api/v1/needs", json=need_body("t", ref="full"), headers=auth(token)).status_code == 201
    result = run_cli(app, "listings", "export")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    jsonschema.validate(document, listings_schema())
    assert [n["ref"] for n in document["needs"]] == ["full"]
    assert document["solutions"] == []
    assert result.stderr.strip() == "Left out 2 draft(s) not complete enough for a bundle: need bare, solution bare-s"
    assert import_file(app, tmp_path, document).exit_code == 0


def test_export_of_an_empty_database(app):
    assert export_cli(app) == {"organisations": [], "needs": [], "solutions": []}


# --- the demo bundle ----------------------------------------------------------------

@pytest.mark.skipif(not DEMO_BUNDLE.exists(), reason="marketplace/demo/listings.json is not there")
def test_the_demo_bundle_imports_cleanly_and_only_once(app, client):
    document = json.loads(DEMO_BUNDLE.read_text(encoding="utf-8"))
    jsonschema.validate(document, listings_schema())
    result = run_cli(app, "listings", "import", str(DEMO_BUNDLE))
    assert result.exit_code == 0, result.output
    created = {line.split(":")[0]: line for line in result.stdout.splitlines()}
    for section in ("organisations", "needs", "solutions"):
        assert created[section].startswith(f"{section}: {len(document[section])} created")
    assert count(Organisation) == len(document["organisations"])
    before = db_state()
    result = run_cli(app, "listings", "import", str(DEMO_BUNDLE))
    assert result.exit_code == 0
    assert all(" 0 created, 0 updated" in line for line in result.stdout.splitlines())
    assert db_state() == before
    # And it comes back out as it went in.
    assert export_cli(app) == _normalised(document)


@pytest.mark.skipif(not DEMO_BUNDLE.exists(), reason="marketplace/demo/listings.json is not there")
def test_the_demo_journey_shows_an_alert_in_app_once(app, client):
    from marketplace.models import AlertDelivery, Notification

    assert run_cli(app, "listings", "import", str(DEMO_BUNDLE)).exit_code == 0
    result = run_cli(app, "demo", "journey")
    assert result.exit_code == 0, result.output
    need = db.session.query(Need).filter_by(ref="need-0001").one()
    solution = db.session.query(Solution).filter_by(ref="sol-0004").one()
    db.session.query(AlertDelivery).filter_by(need_id=need.id, listing_id=solution.id).one()
    notes = db.session.query(Notification).filter_by(kind="alert.match", organisation_id=need.organisation_id).all()
    assert f"/solutions/{solution.id}" in [n.link for n in notes]
    before = db.session.query(Notification).filter_by(kind="alert.match").count()
    assert run_cli(app, "demo", "journey").exit_code == 0  # a second run adds nothing
    assert db.session.query(Notification).filter_by(kind="alert.match").count() == before
