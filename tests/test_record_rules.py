"""Rules that hold however a record changes: through the API or through an import."""
from __future__ import annotations

import pytest

from auth.policy.identity import cli_actor
from marketplace.models import Organisation, db
from marketplace.services import bundle
from marketplace.services.errors import Invalid
from tests.factories import auth, import_bundle

ACTOR = cli_actor("test")


def _bundle(**org_fields):
    org = {"ref": "t1", "name": "Trust One", "kind": "nhs-trust", "ods_code": "RT1", "region": "london"}
    org.update(org_fields)
    return {"organisations": [org]}


def test_an_import_that_changes_identity_undoes_verification(app):
    import_bundle(ACTOR, _bundle())
    org = db.session.execute(db.select(Organisation).where(Organisation.ref == "t1")).scalar_one()
    org.verified = True
    db.session.commit()
    import_bundle(ACTOR, _bundle(name="Trust One (renamed)"))
    assert db.session.get(Organisation, org.id).verified is True  # a new name is not a new identity
    import_bundle(ACTOR, _bundle(ods_code="RT2"))
    assert db.session.get(Organisation, org.id).verified is False


@pytest.mark.parametrize("field", ["region", "description", "ods_code"])
def test_a_bundle_has_no_nulls(app, field):
    with pytest.raises(Invalid) as caught:
        import_bundle(ACTOR, _bundle(**{field: None}))
    assert caught.value.problems == [f"organisations[0].{field}: Field may not be null."]


def test_export_is_in_code_point_order_whatever_the_collation(app):
    refs = ["b-2", "B-1", "a-3", "zz", "A-9"]
    import_bundle(ACTOR, {"organisations": [
        {"ref": ref, "name": f"Innovator {ref}", "kind": "innovator"} for ref in refs
    ]})
    assert [o["ref"] for o in bundle.export_bundle()["organisations"]] == sorted(refs)


def test_a_deployment_change_is_a_new_version_of_the_solution(client, factory):
    innovator = factory.organisation(kind="innovator")
    trust = factory.organisation()
    solution = factory.solution(innovator)
    _, token = factory.user(innovator)
    before = client.get(f"/api/v1/solutions/{solution.id}").json["version"]
    r = client.post(f"/api/v1/solutions/{solution.id}/deployments", json={"organisation": trust.ref}, headers=auth(token))
    assert r.status_code == 201, r.json
    after = client.get(f"/api/v1/solutions/{solution.id}").json["version"]
    assert after == before + 1
    stale = client.patch(f"/api/v1/solutions/{solution.id}", json={"name": "Renamed", "version": before},
                         headers=auth(token))
    assert stale.status_code == 409
