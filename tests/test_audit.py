"""Every write is audited (who, what, which record), and queued for the index in the same transaction."""
from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from auth.policy.identity import Actor
from marketplace.models import AuditEvent, OutboxEvent, db
from marketplace.services import listings as listing_service
from marketplace.services.errors import Conflict
from tests.factories import auth
from tests.support import audit_events, count, need_body, outbox_rows, solution_body

_WRITE = re.compile(r"^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+\"?(\w+)\"?", re.IGNORECASE)


@contextmanager
def committed_transactions():
    """The writes of every transaction committed on the engine meanwhile, as {(verb, table)}."""
    engine = db.engine
    open_: dict[int, set] = {}
    committed: list[set] = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        match = _WRITE.match(statement)
        if match:
            open_.setdefault(id(conn), set()).add((match.group(1).split()[0].upper(), match.group(2)))

    def on_commit(conn):
        writes = open_.pop(id(conn), set())
        if writes:
            committed.append(writes)

    def on_rollback(conn):
        open_.pop(id(conn), None)

    sa.event.listen(engine, "before_cursor_execute", on_execute)
    sa.event.listen(engine, "commit", on_commit)
    sa.event.listen(engine, "rollback", on_rollback)
    try:
        yield committed
    finally:
        sa.event.remove(engine, "before_cursor_execute", on_execute)
        sa.event.remove(engine, "commit", on_commit)
        sa.event.remove(engine, "rollback", on_rollback)


@pytest.fixture
def world(client, factory):
    trust = factory.organisation(ref="audit-trust")
    innovator = factory.organisation(ref="audit-innovator", kind="innovator")
    member, token = factory.user(trust, role="admin")
    inno_member, inno_token = factory.user(innovator)
    admin, admin_token = factory.user(platform_admin=True)
    need = client.post("/api/v1/needs", json=need_body(trust.ref, ref="audited-need"), headers=auth(token)).get_json()
    solution = client.post("/api/v1/solutions", json=solution_body(innovator.ref, ref="audited-solution"),
                           headers=auth(inno_token)).get_json()
    return {
        "trust": trust, "innovator": innovator, "member": member, "token": token, "inno_member": inno_member,
        "inno_token": inno_token, "admin": admin, "admin_token": admin_token, "need": need, "solution": solution,
    }


def _publish(client, w, kind, listing):
    token = w["token"] if kind == "needs" else w["inno_token"]
    assert client.post(f"/api/v1/{kind}/{listing['id']}/publish", headers=auth(token)).status_code == 200


# Each write: (name, how to do it, who does it, action, object type, listing table written, outbox kind)
def _writes():
    def need_patch(c, w):
        return c.patch(f"/api/v1/needs/{w['need']['id']}", json={"version": 1, "title": "Audited title"},
                       headers=auth(w["token"]))

    def need_publish(c, w):
        return c.post(f"/api/v1/needs/{w['need']['id']}/publish", headers=auth(w["token"]))

    def need_close(c, w):
        _publish(c, w, "needs", w["need"])
        return c.post(f"/api/v1/needs/{w['need']['id']}/close", headers=auth(w["token"]))

    def need_delete(c, w):
        return c.delete(f"/api/v1/needs/{w['need']['id']}", headers=auth(w["token"]))

    def need_create(c, w):
        return c.post("/api/v1/needs", json=need_body(w["trust"].ref, ref="another"), headers=auth(w["token"]))

    def solution_patch(c, w):
        return c.patch(f"/api/v1/solutions/{w['solution']['id']}", json={"version": 1, "seeking_codesign": True},
                       headers=auth(w["inno_token"]))

    def solution_archive(c, w):
        _publish(c, w, "solutions", w["solution"])
        return c.post(f"/api/v1/solutions/{w['solution']['id']}/archive", headers=auth(w["inno_token"]))

    def deployment_create(c, w):
        return c.post(f"/api/v1/solutions/{w['solution']['id']}/deployments", json={"organisation": w["trust"].ref},
                      headers=auth(w["inno_token"]))

    def organisation_patch(c, w):
        return c.patch(f"/api/v1/organisations/{w['trust'].id}", json={"version": 1, "description": "Audited."},
                       headers=auth(w["token"]))

    def organisation_verify(c, w):
        return c.post(f"/api/v1/organisations/{w['trust'].id}/verify", headers=auth(w["admin_token"]))

    def organisation_create(c, w):
        return c.post("/api/v1/organisations", json={"name": "New ICB", "kind": "icb", "ref": "new-icb"},
                      headers=auth(w["admin_token"]))

    return [
        ("need create", need_create, "member", "need.create", "need", "needs", "need"),
        ("need update", need_patch, "member", "need.update", "need", "needs", "need"),
        ("need publish", need_publish, "member", "need.publish", "need", "needs", "need"),
        ("need close", need_close, "member", "need.close", "need", "needs", "need"),
        ("need delete", need_delete, "member", "need.delete", "need", "needs", "need"),
        ("solution update", solution_patch, "inno_member", "solution.update", "solution", "solutions", "solution"),
        ("solution archive", solution_archive, "inno_member", "solution.archive", "solution", "solutions", "solution"),
        ("deployment create", deployment_create, "inno_member", "deployment.create", "deployment", "deployments",
         "solution"),
        ("organisation update", organisation_patch, "member", "organisation.update", "organisation",
         "organisations", "organisation"),
        ("organisation verify", organisation_verify, "admin", "organisation.verify", "organisation",
         "organisations", "organisation"),
        ("organisation create", organisation_create, "admin", "organisation.create", "organisation",
         "organisations", "organisation"),
    ]


@pytest.mark.parametrize("name,do,who,action,object_type,table,outbox_kind", _writes(), ids=[w[0] for w in _writes()])
def test_every_write_is_audited_and_queued_in_one_transaction(client, world, name, do, who, action, object_type,
                                                              table, outbox_kind):
    audit_before = {e.id for e in audit_events()}
    outbox_before = {o.id for o in outbox_rows()}
    with committed_transactions() as transactions:
        r = do(client, world)
    assert r.status_code in (200, 201, 204), r.get_json()
    new_events = [e for e in audit_events() if e.id not in audit_before]
    # Set-up steps (a publish before a close) are audited too; the write under test comes last.
    event = new_events[-1]
    user = world[who]
    assert event.action == action
    assert event.object_type == object_type
    assert event.actor_user_id == user.id
    assert event.actor_label.startswith(f"user:{user.id} via client:")  # the API client that acted for them
    assert event.remote_addr == "127.0.0.1"
    assert event.at is not None
    body = r.get_json() if r.status_code != 204 else None
    if body is not None and "id" in body:
        assert event.object_id == body["id"]
    if object_type in ("need", "solution", "organisation"):
        assert event.object_ref
    new_outbox = [o for o in outbox_rows() if o.id not in outbox_before]
    assert new_outbox and new_outbox[-1].kind == outbox_kind
    if outbox_kind != "organisation" and object_type != "deployment":
        assert new_outbox[-1].object_id == event.object_id
    # The change, its audit event and its outbox row were committed together.
    writes = [t for t in transactions if any(tbl == table for _, tbl in t)]
    assert writes, transactions
    last = writes[-1]
    assert ("INSERT", "audit_events") in last and ("INSERT", "search_outbox") in last, last


def test_the_audit_event_says_what_changed(client, world):
    r = client.patch(f"/api/v1/needs/{world['need']['id']}",
                     json={"version": 1, "title": "New title", "budget_gbp": 5000, "clinical_areas": ["cardiovascular"]},
                     headers=auth(world["token"]))
    assert r.status_code == 200
    event = audit_events("need.update")[-1]
    # clinical_areas was sent but did not change, so it is not listed.
    assert event.details == {"fields": ["budget_gbp", "title"]}
    assert event.object_ref == "audited-need" and event.object_id == world["need"]["id"]
    publish = client.post(f"/api/v1/needs/{world['need']['id']}/publish", headers=auth(world["token"]))
    assert publish.status_code == 200
    assert audit_events("need.publish")[-1].details == {"status": {"from": "draft", "to": "published"}}


def test_a_delete_keeps_who_and_what_in_the_audit_log(client, world):
    need_id = world["need"]["id"]
    assert client.delete(f"/api/v1/needs/{need_id}", headers=auth(world["admin_token"])).status_code == 204
    event = audit_events("need.delete")[-1]
    assert (event.object_id, event.object_ref, event.details) == (need_id, "audited-need", {"status": "draft"})
    assert event.actor_user_id == world["admin"].id
    assert [o.object_id for o in outbox_rows("need")][-1] == need_id


@pytest.mark.parametrize("request_kind", ["stale", "invalid", "forbidden", "illegal"])
def test_refused_writes_leave_no_audit_event_and_no_outbox_row(client, factory, world, request_kind):
    need_url = f"/api/v1/needs/{world['need']['id']}"
    _, stranger = factory.user(factory.organisation())
    requests = {
        "stale": lambda: client.patch(need_url, json={"version": 9, "title": "Late"}, headers=auth(world["token"])),
        "invalid": lambda: client.patch(need_url, json={"version": 1, "clinical_areas": ["x"]},
                                        headers=auth(world["token"])),
        "forbidden": lambda: client.post("/api/v1/needs", json=need_body(world["trust"].ref), headers=auth(stranger)),
        "illegal": lambda: client.post(f"{need_url}/close", headers=auth(world["token"])),
    }
    before = (count(AuditEvent), count(OutboxEvent))
    with committed_transactions() as transactions:
        r = requests[request_kind]()
    assert r.status_code in (403, 409, 422)
    assert (count(AuditEvent), count(OutboxEvent)) == before
    assert transactions == []


def test_a_write_that_fails_at_commit_leaves_no_audit_event_nor_outbox_row(client, world):
    """The audit event and outbox row share the change's fate: a lost race rolls back all three."""
    need_id = world["need"]["id"]
    actor = Actor(user=world["admin"], label=f"user:{world['admin'].id}")
    from marketplace.models import Need

    assert db.session.get(Need, need_id).version == 1
    with db.engine.begin() as conn:
        conn.execute(sa.update(Need.__table__).where(Need.__table__.c.id == need_id).values(version=2))
    before = (count(AuditEvent), count(OutboxEvent))
    with pytest.raises(Conflict):
        listing_service.update(listing_service.NEED, actor, need_id, {"version": 1, "title": "Lost update"})
    assert (count(AuditEvent), count(OutboxEvent)) == before


def test_an_import_is_one_transaction_with_its_audit_and_outbox(client, world):
    bundle = {
        "organisations": [{"ref": "bundle-icb", "name": "An ICB", "kind": "icb"}],
        "needs": [{"ref": "bundle-need", "organisation": "bundle-icb", "title": "A need from a bundle",
                   "problem": "Described at some length.", "clinical_areas": ["pain"]}],
    }
    with committed_transactions() as transactions:
        r = client.post("/api/v1/import", json=bundle, headers=auth(world["admin_token"]))
    assert r.status_code == 200
    writes = [t for t in transactions if ("INSERT", "needs") in t]
    assert len(writes) == 1
    assert {("INSERT", "organisations"), ("INSERT", "audit_events"), ("INSERT", "search_outbox")} <= writes[0]
    actions = [e.action for e in audit_events() if e.object_ref in ("bundle-icb", "bundle-need")]
    assert sorted(actions) == ["need.import.create", "organisation.import.create"]
    assert all(e.actor_user_id == world["admin"].id for e in audit_events() if e.action.endswith("import.create"))
