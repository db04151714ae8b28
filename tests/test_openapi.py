"""The OpenAPI document and the browsable docs, served entirely from our own host."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import jsonschema
import pytest

from tests.support import DATA

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
NOT_DOCUMENTED = {"/api/v1/openapi.json", "/api/v1/docs", "/api/v1/docs/static/<path:filename>"}


@pytest.fixture
def spec(client) -> dict:
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    assert r.mimetype == "application/json"
    return r.get_json()


def test_it_is_a_valid_openapi_3_document(spec):
    # The official OpenAPI 3.0 JSON Schema (spec.openapis.org/oas/3.0/schema/2021-09-28).
    schema = json.loads((DATA / "openapi-3.0.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(spec)
    assert spec["openapi"].startswith("3.0.")
    assert spec["info"]["title"] == "NHS innovation marketplace"
    assert spec["info"]["version"] == "v1"


def test_every_reference_resolves(spec):
    refs = set(re.findall(r'"\$ref": "([^"]+)"', json.dumps(spec)))
    assert refs
    for ref in refs:
        assert ref.startswith("#/"), ref
        node = spec
        for part in ref[2:].split("/"):
            assert part in node, f"unresolved {ref}"
            node = node[part]


def _api_routes(app) -> dict[str, set[str]]:
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or rule.rule in NOT_DOCUMENTED:
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        routes.setdefault(path, set()).update(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
    return routes


def test_every_endpoint_is_listed_with_its_methods(app, spec):
    routes = _api_routes(app)
    documented = {path: {m for m in ops if m in HTTP_METHODS} for path, ops in spec["paths"].items()}
    assert documented == routes
    # The core's endpoints, by name, so that a route lost from both sides is noticed too.
    for path, methods in {
        "/api/v1/taxonomy": {"get"},
        "/api/v1/needs/": {"get", "post"},
        "/api/v1/needs/{listing_id}": {"get", "patch", "delete"},
        "/api/v1/needs/{listing_id}/publish": {"post"},
        "/api/v1/needs/{listing_id}/close": {"post"},
        "/api/v1/needs/{listing_id}/reopen": {"post"},
        "/api/v1/solutions/": {"get", "post"},
        "/api/v1/solutions/{listing_id}": {"get", "patch", "delete"},
        "/api/v1/solutions/{listing_id}/publish": {"post"},
        "/api/v1/solutions/{listing_id}/archive": {"post"},
        "/api/v1/solutions/{listing_id}/restore": {"post"},
        "/api/v1/solutions/{listing_id}/deployments": {"get", "post"},
        "/api/v1/solutions/{listing_id}/deployments/{deployment_id}": {"patch", "delete"},
        "/api/v1/organisations/": {"get", "post"},
        "/api/v1/organisations/{organisation_id}": {"get", "patch", "delete"},
        "/api/v1/organisations/{organisation_id}/verify": {"post"},
        "/api/v1/import": {"post"},
        "/api/v1/export": {"get"},
    }.items():
        assert methods <= documented.get(path, set()), path


def test_every_operation_is_described_and_answers_something(spec):
    operation_ids = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method not in HTTP_METHODS:
                continue
            assert op.get("summary"), f"{method.upper()} {path} has no summary"
            assert any(code.startswith("2") for code in op["responses"]), f"{method.upper()} {path}"
            if op.get("operationId"):
                operation_ids.append(op["operationId"])
            if "requestBody" in op:
                assert "422" in op["responses"], f"{method.upper()} {path} does not say it can be invalid"
            for name in re.findall(r"{([^}]+)}", path):
                params = op.get("parameters", []) + ops.get("parameters", [])
                assert any(p.get("name") == name and p.get("in") == "path" for p in params), (path, name)
    assert len(operation_ids) == len(set(operation_ids))


def test_write_schemas_carry_the_contract_limits(spec):
    schemas = spec["components"]["schemas"]
    need = next(v for k, v in schemas.items() if k.startswith("NeedCreate"))
    assert need["properties"]["title"]["maxLength"] == 200
    assert need["properties"]["problem"]["maxLength"] == 20000
    assert set(need["required"]) == {"organisation", "title"}
    org = next(v for k, v in schemas.items() if k.startswith("OrganisationCreate"))
    assert org["properties"]["ods_code"]["pattern"] == "^[A-Z0-9]{3,6}$"


def test_error_responses_have_the_documented_shape(client, factory, spec):
    """The Error schema in the document is the shape every error really has."""
    validator = jsonschema.Draft4Validator(spec["components"]["schemas"]["Error"])
    _, admin = factory.user(platform_admin=True)
    responses = [
        client.get("/api/v1/needs/12345"),  # 404 from a service
        client.get("/api/v1/no-such-thing"),  # 404 from routing
        client.post("/api/v1/needs", json={}, headers={"Authorization": f"Bearer {admin}"}),  # 422 from the schema
        client.post("/api/v1/needs", data="{", headers={"Content-Type": "application/json",  # 400
                                                         "Authorization": f"Bearer {admin}"}),
        client.post("/api/v1/import", json={"needs": [{}]}, headers={"Authorization": f"Bearer {admin}"}),
        client.post("/api/v1/import", json={}, headers={"Authorization": "Bearer wrong"}),  # 401
    ]
    assert [r.status_code for r in responses] == [404, 404, 422, 400, 422, 401]
    for r in responses:
        errors = sorted(validator.iter_errors(r.get_json()), key=str)
        assert not errors, (r.status_code, r.get_json(), [e.message for e in errors])
    assert responses[4].get_json()["problems"]
    assert spec["components"]["responses"]["DEFAULT_ERROR"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("src", "href"):
            if attrs.get(key):
                self.urls.append(attrs[key])


def test_the_docs_page_is_served_from_our_own_host(client):
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    assert r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert "swagger-ui" in html.lower()
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.IGNORECASE), "the docs page names another host"
    assert '"/api/v1/openapi.json"' in html
    parser = _Assets()
    parser.feed(html)
    assert parser.urls, "no scripts or stylesheets found"
    kinds = set()
    for url in parser.urls:
        assert url.startswith("/api/v1/docs/static/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.get_data()) > 1000, url
        kinds.add(asset.mimetype)
        asset.close()
    assert {"text/javascript", "text/css"} <= kinds


def test_missing_static_files_are_404_not_500(client):
    assert client.get("/api/v1/docs/static/no-such-file.js").status_code == 404
    assert client.get("/api/v1/docs/static/../../config.py").status_code == 404
