"""The repository's copy of the public contracts (docs/contracts/) and the code agree.

The contracts may be extended, never bent: every vocabulary code the contract
names is in the taxonomy the app loads, with the same label, rank and meaning;
the bundle schema the tests validate against is the contract's; every endpoint,
query parameter, command and setting api.md promises exists.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup

from marketplace import taxonomy
from tests.support import DATA

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ROOT / "docs" / "contracts"


def _contract_json(name: str) -> dict:
    return json.loads((CONTRACTS / name).read_text(encoding="utf-8"))


def _api_md() -> str:
    return (CONTRACTS / "api.md").read_text(encoding="utf-8")


def _vocabularies(data: dict) -> dict[str, tuple[dict | None, list[dict]]]:
    """Each vocabulary of a taxonomy file as (its wrapper for ordered ones, its entries)."""
    out = {}
    for name, value in data.items():
        if name == "about":
            continue
        if isinstance(value, dict):
            entries = value.get("levels") or value.get("classes")
            out[name] = ({k: v for k, v in value.items() if k not in ("levels", "classes")}, entries)
        else:
            out[name] = (None, value)
    return out


def test_the_bundle_schema_the_tests_use_is_the_contract():
    assert json.loads((DATA / "listings.schema.json").read_text(encoding="utf-8")) == _contract_json(
        "listings.schema.json"
    )


CONTRACT_VOCABULARIES = _vocabularies(_contract_json("taxonomy.json"))


def test_the_contract_taxonomy_is_read_whole():
    # Guards the parametrised test below against reading nothing.
    assert set(CONTRACT_VOCABULARIES) == {
        taxonomy.CLINICAL_AREAS, taxonomy.CARE_SETTINGS, taxonomy.EVIDENCE_LEVELS, taxonomy.REGULATORY_STATUSES,
        taxonomy.DEVICE_CLASSES, taxonomy.ORGANISATION_KINDS, taxonomy.REGIONS,
    }
    assert all(len(entries) >= 5 for _, entries in CONTRACT_VOCABULARIES.values())


@pytest.mark.parametrize("name", sorted(CONTRACT_VOCABULARIES))
def test_every_contract_code_is_loaded_with_the_same_meaning(name):
    wrapper, contract_entries = CONTRACT_VOCABULARIES[name]
    loaded = {entry["code"]: entry for entry in taxonomy.vocabulary(name).entries}
    for entry in contract_entries:
        assert entry["code"] in loaded, f"{name}: contract code {entry['code']!r} is missing"
        ours = loaded[entry["code"]]
        # Extend (more keys, more codes), don't bend (every key the contract gives, unchanged).
        bent = {key: (value, ours.get(key)) for key, value in entry.items() if ours.get(key) != value}
        assert not bent, f"{name}/{entry['code']}: differs from the contract (contract, ours): {bent}"
    if wrapper is not None:  # ordered vocabularies stay ordered, in the contract's order
        ours_raw = taxonomy.raw()[name]
        assert {k: ours_raw.get(k) for k in wrapper} == wrapper
        contract_codes = [e["code"] for e in contract_entries]
        assert [c for c in loaded if c in set(contract_codes)] == contract_codes


@pytest.mark.only_database("sqlite")  # the database plays no part
def test_every_endpoint_api_md_promises_is_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    paths = {p.rstrip("/"): {m.upper() for m in ops} for p, ops in spec["paths"].items()}
    promised = re.findall(r"`(GET|POST|PATCH|PUT|DELETE) (/[^`?\s]*)", _api_md())
    assert len(promised) >= 9
    for method, path in promised:
        pattern = re.compile("^/api/v1" + re.sub(r"\\{[^}]+\\}", r"{[^}]+}", re.escape(path)) + "$")
        assert any(pattern.match(p) and method in methods for p, methods in paths.items()), (method, path)


@pytest.mark.only_database("sqlite")  # the database plays no part
def test_every_query_parameter_api_md_promises_is_accepted(client):
    spec = client.get("/api/v1/openapi.json").get_json()

    def query_params(path: str) -> set[str]:
        return {p["name"] for p in spec["paths"][path]["get"].get("parameters", []) if p["in"] == "query"}

    searched = set().union(*(query_params(f"/api/v1/{kind}/") for kind in ("solutions", "needs", "organisations")))
    text = _api_md()
    search_line = next(line for line in text.splitlines() if "search: `q`" in line)
    promised = set(re.findall(r"`([a-z_]+)`", search_line.split("Response:")[0]))
    assert {"q", "clinical_areas", "page", "per_page"} <= promised
    assert promised <= searched, promised - searched
    matches = query_params("/api/v1/needs/{listing_id}/matches")
    assert {"limit", "include_near_misses"} <= matches


@pytest.mark.only_database("sqlite")  # the database plays no part
def test_every_command_api_md_promises_exists(app):
    commands = re.findall(r"`flask --app wsgi ([a-z ]+?)(?: \[?FILE\]?)?`", _api_md())
    assert len(commands) >= 5
    cli = FlaskGroup(create_app=lambda: app)
    for command in commands:
        result = CliRunner().invoke(cli, [*command.split(), "--help"])
        assert result.exit_code == 0, (command, result.output)


def test_every_setting_api_md_names_is_read_in_config():
    config = (ROOT / "config.py").read_text(encoding="utf-8")
    section = _api_md().split("Configuration is by environment variables", 1)[1].split("\n## ", 1)[0]
    for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", section):
        assert f'"{name}"' in config, name
