"""Helpers the core's tests share: what the database holds, and the error shape."""
from __future__ import annotations

import json
from pathlib import Path

from marketplace.models import AuditEvent, Need, OutboxEvent, Solution, db

DATA = Path(__file__).with_name("data")
API = "/api/v1"


def db_state() -> dict[str, list[tuple]]:
    """Every row of every table, read on a connection of its own (so: what is committed).

    Comparing two of these shows that a request wrote nothing at all: no row added,
    removed or changed, not even a timestamp.
    """
    state = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            rows = conn.execute(table.select()).all()
            state[table.name] = sorted(tuple(repr(v) for v in row) for row in rows)
    return state


def count(model) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


def counts() -> dict[str, int]:
    return {m.__tablename__: count(m) for m in (Need, Solution, AuditEvent, OutboxEvent)}


def audit_events(action: str | None = None) -> list[AuditEvent]:
    query = db.select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.execute(query).scalars())


def outbox_rows(kind: str | None = None, object_id: int | None = None) -> list[OutboxEvent]:
    query = db.select(OutboxEvent).order_by(OutboxEvent.id)
    if kind:
        query = query.where(OutboxEvent.kind == kind)
    if object_id is not None:
        query = query.where(OutboxEvent.object_id == object_id)
    return list(db.session.execute(query).scalars())


def assert_error(response, status: int, fields=None) -> dict:
    """The one error shape: status, title, message, errors (field path -> messages)."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:2000])
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["errors"], dict)
    for path, messages in body["errors"].items():
        assert isinstance(path, str)
        assert messages and all(isinstance(m, str) and m for m in messages), (path, messages)
    if fields is not None:
        assert set(body["errors"]) == set(fields), body
    return body


def listings_schema() -> dict:
    """The bundle contract (docs/contracts/listings.schema.json; tests/test_contracts.py keeps them equal)."""
    return json.loads((DATA / "listings.schema.json").read_text(encoding="utf-8"))


def need_body(org_ref: str, **fields) -> dict:
    """A complete need, ready to publish."""
    body = {
        "organisation": org_ref,
        "title": "Patients miss outpatient appointments",
        "problem": "One in eight outpatient appointments is missed, and the slot is wasted.",
        "clinical_areas": ["cardiovascular"],
        "care_settings": ["acute-hospital"],
        "min_evidence_level": "pilot",
    }
    body.update(fields)
    return body


def solution_body(org_ref: str, **fields) -> dict:
    """A complete solution, ready to publish."""
    body = {
        "organisation": org_ref,
        "name": "Remindly",
        "summary": "Two-way text reminders that let patients rebook in one tap.",
        "clinical_areas": ["cardiovascular"],
        "evidence_level": "real-world",
        "regulatory": ["dtac"],
    }
    body.update(fields)
    return body
