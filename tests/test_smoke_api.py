from tests.factories import auth


def test_create_publish_and_read_need(client, factory):
    trust = factory.organisation()
    _, token = factory.user(trust)
    r = client.post("/api/v1/needs/", json={"organisation": trust.ref, "title": "Too many DNAs"}, headers=auth(token))
    assert r.status_code == 201, r.json
    need = r.json
    assert need["status"] == "draft"
    # Another organisation cannot see the draft at all.
    assert client.get(f"/api/v1/needs/{need['id']}").status_code == 404
    r = client.post(f"/api/v1/needs/{need['id']}/publish", headers=auth(token))
    assert r.status_code == 422
    assert set(r.json["errors"]) == {"problem", "clinical_areas"}
